package photo

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/internal/jpg"
	"github.com/epaper/epaper/internal/work"
	"github.com/epaper/epaper/problem"
	"github.com/epaper/epaper/story"
)

// Size is a picture's size in pixels, as its header gives it.
type Size struct{ W, H int }

// CheckStories checks every picture of the stories and leaves out of each
// story those it cannot use (named by URL only, unreadable, over the
// limits, or not a whole picture: a truncated JPEG), with a problem naming
// the story's file and the line that names the picture. A JPEG's structure
// is checked (jpg.Scan), not its data: the pictures placed are decoded
// when they are prepared, and the others need not be, so a picture whose
// data is damaged within is found by PrepareDocument, which names it
// among those it could not prepare (the pipeline then leaves it out and
// makes the pages up again). A PNG is read through. Pictures are checked
// on up to workers goroutines within the settings' budget. It returns the
// sizes of the pictures kept, by file, and ctx's error if it ends first.
// Build and validate both call it, so the night that validates is the
// night that builds.
func CheckStories(ctx context.Context, fsys fs.FS, stories []*story.Story, s Settings, workers int) (map[string]Size, []problem.Problem, error) {
	// each file once, in the order the stories name them
	var files []string
	seen := map[string]bool{}
	for _, st := range stories {
		for _, im := range st.Images {
			if im.File != "" && !seen[im.File] {
				seen[im.File] = true
				files = append(files, im.File)
			}
		}
	}
	infos := make([]Info, len(files))
	errs := make([]error, len(files))
	b := s.budget()
	err := work.Each(ctx, workers, len(files), func(_, i int) error {
		info, err := check(ctx, fsys, files[i], s, b, false)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		infos[i], errs[i] = info, err
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	byFile := map[string]int{}
	for i, f := range files {
		byFile[f] = i
	}
	sizes := map[string]Size{}
	var probs []problem.Problem
	for _, st := range stories {
		kept := st.Images[:0]
		for _, im := range st.Images {
			if im.File == "" {
				probs = append(probs, problem.Problem{File: st.File, Line: im.Line, Story: st.ID, Msg: fmt.Sprintf("picture %s is not fetched (only local files are used)", im.URL)})
				continue
			}
			i := byFile[im.File]
			if errs[i] != nil {
				probs = append(probs, problem.Problem{File: st.File, Line: im.Line, Story: st.ID, Msg: fmt.Sprintf("picture %s left out: %s", im.File, withoutPath(errs[i]))})
				continue
			}
			sizes[im.File] = Size{infos[i].W, infos[i].H}
			kept = append(kept, im)
		}
		st.Images = kept
	}
	return sizes, probs, nil
}

// Check reads a picture's header (see Header) and checks that its data
// decodes, within the settings' budget: what build and validate ask of a
// booked ad's artwork, as CheckStories does of the stories' pictures.
func Check(ctx context.Context, fsys fs.FS, name string, s Settings) (Info, error) {
	return check(ctx, fsys, name, s, s.budget(), true)
}

// check checks a picture. A JPEG is decoded at an eighth of its size when
// decode is set, which reads all its data as a whole decode does and makes
// only the mean of each block, and its structure only checked when not
// (jpg.Scan); a PNG is read through without keeping its pixels. What the
// data gives is the same for the same bytes, so a Shared keeps it.
func check(ctx context.Context, fsys fs.FS, name string, s Settings, b *Budget, decode bool) (Info, error) {
	k, named := s.Shared.statKey(fsys, name)
	if named {
		if c, ok := s.Shared.checkedFile(k, s, decode); ok {
			return c.result()
		}
	}
	data, info, err := read(fsys, name, s)
	if err != nil {
		return info, err
	}
	sum := sha256.Sum256(data)
	if named {
		s.Shared.remember(k, sum)
	}
	c, err := s.Shared.check(sum, s, decode, func() (checked, error) {
		var err error
		switch {
		case info.Format == "png":
			err = checkPNG(bytes.NewReader(data))
		case decode:
			var release func()
			if release, err = b.acquire(ctx, info.Bytes>>6+int64(len(data))); err != nil {
				return checked{}, err
			}
			_, err = jpg.Decode(data, 3)
			release()
		default:
			err = jpg.Scan(data)
		}
		if err != nil {
			if info.Format != "png" {
				err = fmt.Errorf("corrupt picture: %v", err)
			}
			return checked{info: info, msg: err.Error()}, nil
		}
		return checked{info: info}, nil
	})
	if err != nil {
		return info, err
	}
	return c.result()
}

// result is what a check gives: the header, and an error when the data
// does not decode.
func (c checked) result() (Info, error) {
	if c.msg != "" {
		return c.info, errors.New(c.msg)
	}
	return c.info, nil
}

// read reads a picture's file after checking its size, and its header
// from the bytes (see Header).
func read(fsys fs.FS, name string, s Settings) ([]byte, Info, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, Info{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, Info{}, err
	}
	if st.Size() > s.MaxBytes {
		return nil, Info{}, fmt.Errorf("picture is %d MB, more than the %d MB allowed", st.Size()>>20, s.MaxBytes>>20)
	}
	// read in one go into room for the size the file has (io.ReadAll
	// would grow its buffer, and copy it, a dozen times for a photo)
	var buf bytes.Buffer
	buf.Grow(int(st.Size()) + bytes.MinRead)
	if _, err := buf.ReadFrom(io.LimitReader(f, s.MaxBytes+1)); err != nil {
		return nil, Info{}, err
	}
	data := buf.Bytes()
	info, err := header(bytes.NewReader(data), int64(len(data)), s)
	return data, info, err
}

// Sources are the folders pictures are read from (display.Image.From): the
// stories' photos from the stories folder, booked ads' artwork from the
// edition's ads folder, the paper's own artwork from its templates folder.
type Sources struct {
	Stories, Ads, Templates fs.FS
}

// PixelSize gives the size in pixels a picture's box covers on the page
// image of page, so that the pixels it is drawn from are made at that size
// at once (the raster renderer's convention, raster.PhotoSize).
type PixelSize func(page *display.Page, im *display.Image) (w, h int)

// PrepareDocument prepares every picture of doc (see Prepare) on up to
// workers goroutines, filling in each display.Image's Data, Whole and Pix,
// with the pictures being prepared at once within the settings' budget;
// pixels, when page images are made, sizes their Pix (nil: none made). A
// picture that cannot be drawn after all (its data damaged within, which
// CheckStories does not read, or changed on disk since it was checked) is
// drawn as a grey box, with a problem naming it, rather than failing the
// edition; the story pictures among them are also returned as Failures, so
// that the caller may leave them out and make the pages up again. A story
// photo whose edge is near white gets a keyline inside its box (booked ads
// and the paper's artwork are printed as they were sent). It returns when
// ctx ends, with its error.
func PrepareDocument(ctx context.Context, doc *display.Document, src Sources, s Settings, workers int, pixels PixelSize) ([]problem.Problem, []Failure, error) {
	return (*Memo)(nil).PrepareDocument(ctx, doc, src, s, workers, pixels)
}

// Failure is a story picture PrepareDocument could not prepare: its file
// in the stories folder, and why.
type Failure struct {
	File string
	Err  error
}

// PrepareDocument is the package's PrepareDocument, taking from the Memo
// the pictures an earlier build of the process prepared the same way and
// keeping those of this one for the next.
func (m *Memo) PrepareDocument(ctx context.Context, doc *display.Document, src Sources, s Settings, workers int, pixels PixelSize) ([]problem.Problem, []Failure, error) {
	type job struct {
		im   *display.Image
		w, h int // on the page image
	}
	var jobs []job
	for pi := range doc.Pages {
		for _, it := range doc.Pages[pi].Items {
			// a picture of a locked page comes prepared, as published
			if im, ok := it.(*display.Image); ok && im.Data == nil {
				j := job{im: im}
				if pixels != nil {
					j.w, j.h = pixels(&doc.Pages[pi], im)
				}
				jobs = append(jobs, j)
			}
		}
	}
	errs := make([]error, len(jobs))
	light := make([]bool, len(jobs))
	b := s.budget()
	err := work.Each(ctx, workers, len(jobs), func(_, i int) error {
		im := jobs[i].im
		fsys := src.Stories
		switch im.From {
		case display.FromAds:
			fsys = src.Ads
		case display.FromTemplates:
			fsys = src.Templates
		}
		if fsys == nil {
			errs[i] = fmt.Errorf("no folder to read %s from", im.Src)
			return nil
		}
		light[i], errs[i] = m.prepare(ctx, fsys, im, requestOf(im, jobs[i].w, jobs[i].h), s, b)
		return ctx.Err()
	})
	if err != nil {
		return nil, nil, err
	}
	m.keepLast()
	var probs []problem.Problem
	var failed []Failure
	seen := map[string]bool{}
	keylined := make(map[*display.Image]bool)
	for i, err := range errs {
		im := jobs[i].im
		if light[i] {
			keylined[im] = true
		}
		if err == nil {
			continue
		}
		probs = append(probs, problem.Problem{File: im.Src, Msg: fmt.Sprintf("picture could not be drawn: %v", err)})
		if im.From == display.FromStories && !seen[im.Src] {
			seen[im.Src] = true
			failed = append(failed, Failure{File: im.Src, Err: err})
		}
	}
	for pi := range doc.Pages {
		page := &doc.Pages[pi]
		items := page.Items[:0:0]
		for _, it := range page.Items {
			im, ok := it.(*display.Image)
			switch {
			case ok && im.Data == nil:
				grey := display.Color{R: 0xdd, G: 0xdd, B: 0xdd}
				it = &display.Rect{X: im.X, Y: im.Y, W: im.W, H: im.H, Fill: &grey}
			case ok && keylined[im]:
				items = append(items, it)
				it = keyline(im)
			}
			items = append(items, it)
		}
		page.Items = items
	}
	return probs, failed, nil
}

// prepare fills in im from its picture for r, within the budget, and
// tells whether the picture needs a keyline (a story photo with light
// edges). It takes the picture from the Memo, or the settings' Shared,
// when they have it.
func (m *Memo) prepare(ctx context.Context, fsys fs.FS, im *display.Image, r Request, s Settings, b *Budget) (bool, error) {
	fill := func(p Prepared) (bool, error) {
		im.Data, im.Whole, im.Pix = p.Data, p.Whole, p.Pix
		return im.From == display.FromStories && p.Light, nil
	}
	// a picture another edition of the run prepared is not read again
	k, named := s.Shared.statKey(fsys, im.Src)
	if named {
		if sum, ok := s.Shared.sumOf(k); ok {
			key := keyOf("prepared", sum, r, prepareSettings(s))
			if p, ok := m.get(key); ok {
				return fill(p)
			}
			if p, ok := s.Shared.preparedDone(key); ok {
				m.put(key, p)
				return fill(p)
			}
		}
	}
	data, info, err := read(fsys, im.Src, s)
	if err != nil {
		return false, err
	}
	sum := sha256.Sum256(data)
	if named {
		s.Shared.remember(k, sum)
	}
	key := keyOf("prepared", sum, r, prepareSettings(s))
	p, ok := m.get(key)
	if !ok {
		p, err = s.Shared.prepare(key, func() (Prepared, error) {
			pl, err := planFor(info, r, s)
			if err != nil {
				return Prepared{}, err
			}
			release, err := b.acquire(ctx, pl.bytes+int64(len(data)))
			if err != nil {
				return Prepared{}, err
			}
			defer release()
			return prepare(data, info, r, pl, s)
		})
		if err != nil {
			return false, err
		}
		m.put(key, p)
	}
	return fill(p)
}

// keylineWidth is the hairline drawn round a picture with a light edge, in
// points; it lies inside the picture's box, so nothing else moves.
const keylineWidth = 0.5

func keyline(im *display.Image) *display.Rect {
	grey := display.Color{R: 0x55, G: 0x55, B: 0x55}
	h := keylineWidth / 2
	return &display.Rect{X: im.X + h, Y: im.Y + h, W: im.W - 2*h, H: im.H - 2*h, Stroke: &grey, StrokeWidth: keylineWidth}
}

// withoutPath drops the file name an fs error repeats: the message names
// the picture already.
func withoutPath(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

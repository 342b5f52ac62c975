package photo

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"io/fs"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/internal/work"
	"github.com/epaper/epaper/problem"
	"github.com/epaper/epaper/story"
)

// Size is a picture's size in pixels, as its header gives it.
type Size struct{ W, H int }

// CheckStories checks every picture of the stories and leaves out of each
// story those it cannot use (named by URL only, unreadable, over the
// limits, or whose data does not decode: a truncated JPEG), with a problem
// naming the story's file and the line that names the picture. Each
// picture is decoded once, on up to workers goroutines within the
// settings' budget, and its pixels dropped at once. It returns the sizes
// of the pictures kept, by file, and ctx's error if it ends first. Build
// and validate both call it, so the night that validates is the night
// that builds, and make-up never places a picture that cannot be drawn.
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
		info, err := check(ctx, fsys, files[i], s, b)
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
	return check(ctx, fsys, name, s, s.budget())
}

func check(ctx context.Context, fsys fs.FS, name string, s Settings, b *Budget) (Info, error) {
	info, err := Header(fsys, name, s)
	switch {
	case err != nil:
	case info.Format == "png":
		// read through without keeping the pixels: no memory to budget
		// for
		err = checkFile(fsys, name, checkPNG)
	default:
		err = load(ctx, fsys, name, s, b, nil, func(image.Image, Info) error { return nil })
	}
	return info, err
}

// checkFile opens a file and checks it with check.
func checkFile(fsys fs.FS, name string, check func(io.Reader) error) error {
	f, err := fsys.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return check(f)
}

// Sources are the folders pictures are read from (display.Image.From): the
// stories' photos from the stories folder, booked ads' artwork from the
// edition's ads folder, the paper's own artwork from its templates folder.
type Sources struct {
	Stories, Ads, Templates fs.FS
}

// PrepareDocument crops, scales and encodes every picture of doc on up to
// workers goroutines, filling in each display.Image's Data and Pix, with
// the pictures being prepared at once within the settings' budget. A
// picture that cannot be drawn after all (changed on disk since it was
// checked) is drawn as a grey box, with a problem naming it, rather than
// failing the edition; a story photo whose edge is near white gets a
// keyline inside its box (booked ads and the paper's artwork are printed
// as they were sent). It returns when ctx ends, with its error.
func PrepareDocument(ctx context.Context, doc *display.Document, src Sources, s Settings, workers int) ([]problem.Problem, error) {
	return (*Memo)(nil).PrepareDocument(ctx, doc, src, s, workers)
}

// PrepareDocument is the package's PrepareDocument, taking from the Memo
// the pictures an earlier build of the process prepared the same way and
// keeping those of this one for the next.
func (m *Memo) PrepareDocument(ctx context.Context, doc *display.Document, src Sources, s Settings, workers int) ([]problem.Problem, error) {
	var imgs []*display.Image
	for pi := range doc.Pages {
		for _, it := range doc.Pages[pi].Items {
			// a picture of a locked page comes prepared, as published
			if im, ok := it.(*display.Image); ok && im.Data == nil {
				imgs = append(imgs, im)
			}
		}
	}
	errs := make([]error, len(imgs))
	light := make([]bool, len(imgs))
	b := s.budget()
	err := work.Each(ctx, workers, len(imgs), func(_, i int) error {
		im := imgs[i]
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
		light[i], errs[i] = m.prepare(ctx, fsys, im, s, b)
		return ctx.Err()
	})
	if err != nil {
		return nil, err
	}
	m.keepLast()
	var probs []problem.Problem
	keylined := make(map[*display.Image]bool)
	for i, err := range errs {
		if light[i] {
			keylined[imgs[i]] = true
		}
		if err != nil {
			probs = append(probs, problem.Problem{File: imgs[i].Src, Msg: fmt.Sprintf("picture could not be drawn: %v", err)})
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
	return probs, nil
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

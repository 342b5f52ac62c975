package photo

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/internal/work"
	"github.com/epaper/epaper/problem"
	"github.com/epaper/epaper/story"
)

// Size is a picture's size in pixels, as its header gives it.
type Size struct{ W, H int }

// CheckStories reads the header of every picture of the stories and leaves
// out of each story those it cannot use (named by URL only, unreadable,
// over the limits), with a problem naming the story's file for each. It
// returns the sizes of the pictures kept, by file. Build and validate both
// call it, so the night that validates is the night that builds.
func CheckStories(fsys fs.FS, stories []*story.Story, s Settings) (map[string]Size, []problem.Problem) {
	sizes := map[string]Size{}
	var probs []problem.Problem
	for _, st := range stories {
		kept := st.Images[:0]
		for _, im := range st.Images {
			if im.File == "" {
				probs = append(probs, problem.Problem{File: st.File, Story: st.ID, Msg: fmt.Sprintf("picture %s is not fetched (only local files are used)", im.URL)})
				continue
			}
			w, h, err := Probe(fsys, im.File, s)
			if err != nil {
				probs = append(probs, problem.Problem{File: st.File, Story: st.ID, Msg: fmt.Sprintf("picture %s left out: %s", im.File, withoutPath(err))})
				continue
			}
			sizes[im.File] = Size{w, h}
			kept = append(kept, im)
		}
		st.Images = kept
	}
	return sizes, probs
}

// Sources are the folders pictures are read from: the stories' photos from
// the stories folder, booked ads' artwork (display.Image.Ad) from the
// edition's ads folder.
type Sources struct {
	Stories, Ads fs.FS
}

// PrepareDocument crops, scales and encodes every picture of doc on up to
// workers goroutines, filling in each display.Image's Data and Pix. A
// picture whose header was fine but whose pixels are not is drawn as a grey
// box, with a problem naming it, rather than failing the edition; a story
// photo whose edge is near white gets a keyline inside its box (booked ads
// are printed as the advertiser sent them). It returns when ctx ends, with
// its error.
func PrepareDocument(ctx context.Context, doc *display.Document, src Sources, s Settings, workers int) ([]problem.Problem, error) {
	return (*Memo)(nil).PrepareDocument(ctx, doc, src, s, workers)
}

// PrepareDocument is the package's PrepareDocument, taking from m the
// pictures an earlier call prepared from the same bytes for a box of the
// same size and crop, and keeping in m the pictures of this call. A nil
// Memo prepares every picture afresh.
func (m *Memo) PrepareDocument(ctx context.Context, doc *display.Document, src Sources, s Settings, workers int) ([]problem.Problem, error) {
	var imgs []*display.Image
	for pi := range doc.Pages {
		for _, it := range doc.Pages[pi].Items {
			if im, ok := it.(*display.Image); ok {
				imgs = append(imgs, im)
			}
		}
	}
	errs := make([]error, len(imgs))
	light := make([]bool, len(imgs))
	err := work.Each(ctx, workers, len(imgs), func(_, i int) error {
		im := imgs[i]
		fsys := src.Stories
		if im.Ad {
			fsys = src.Ads
		}
		data, err := read(fsys, im.Src, s)
		if err == nil {
			light[i], err = m.prepare(data, im, s)
		}
		errs[i] = err
		return nil
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

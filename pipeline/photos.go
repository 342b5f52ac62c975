package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/ingest"
	"github.com/epaper/epaper/layout/makeup"
	"github.com/epaper/epaper/photo"
	"github.com/epaper/epaper/problem"
	"github.com/epaper/epaper/render/raster"
	"github.com/epaper/epaper/story"
)

// checkPhotos checks every gathered story's pictures, their headers and
// that they decode; a story runs without those that cannot be used.
func checkPhotos(ctx context.Context, cfg Config, g *ingest.Result, w *warner) (map[string]photo.Size, error) {
	sizes, probs, err := photo.CheckStories(ctx, cfg.Stories, g.Stories(), cfg.Photo, cfg.Workers)
	w.warn(probs...)
	return sizes, err
}

// bookedAds are the edition's booked advertisements whose artwork can be
// printed, and the folder the artwork is read from.
type bookedAds struct {
	ads  []makeup.BookedAd
	fsys fs.FS
}

// bookAds reads the edition's ads file and checks each artwork, its
// header and that it decodes. Booked ads are sold: one that cannot run
// where it was sold fails the build, so an ads file that cannot be read,
// an entry that does not fit the edition or artwork that does not decode
// is an error naming each ad (problem.List), never an ad left out.
func bookAds(ctx context.Context, cfg Config) (bookedAds, error) {
	b, err := editions.ReadAds(cfg.Edition)
	if err != nil {
		var list problem.List
		if errors.As(err, &list) {
			return bookedAds{}, list // each at its file and line
		}
		p := problem.Problem{File: cfg.Edition.Ads, Msg: fmt.Sprintf("booked ads cannot be read: %v", err)}
		if e, ok := err.(*problem.Problem); ok {
			p.File, p.Line, p.Msg = e.File, e.Line, "booked ads cannot be read: "+e.Msg
		}
		return bookedAds{}, problem.List{&p}
	}
	var bad problem.List
	for _, p := range b.Problems {
		bad = append(bad, &p)
	}
	out := bookedAds{fsys: b.FS}
	for _, a := range b.Ads {
		info, err := photo.Check(ctx, b.FS, a.File, cfg.Photo)
		if ctx.Err() != nil {
			return bookedAds{}, ctx.Err()
		}
		if err != nil {
			bad = append(bad, &problem.Problem{File: b.File, Line: a.Line, Msg: fmt.Sprintf("ad %q cannot run: picture %s: %v", a.Name, a.Image, err)})
			continue
		}
		out.ads = append(out.ads, makeup.BookedAd{Name: a.Name, Page: a.Page, Section: a.Section, Position: a.Position, Slot: a.Slot,
			Cols: a.Columns, Height: a.Height.Pt(), Src: a.File, W: info.W, H: info.H})
	}
	if len(bad) > 0 {
		return bookedAds{}, bad
	}
	return out, nil
}

// preparePhotos prepares every picture make-up placed, for the PDF and,
// when the build makes page images, at the size its box covers on them.
func preparePhotos(ctx context.Context, cfg Config, doc *display.Document, ads fs.FS, w *warner) ([]photo.Failure, error) {
	var pixels photo.PixelSize
	if cfg.Images && !cfg.PDFOnly {
		width := cfg.Raster.Width
		if width <= 0 {
			width = raster.DefaultSettings().Width
		}
		pixels = func(p *display.Page, im *display.Image) (int, int) { return raster.PhotoSize(p, im, width) }
	}
	probs, failed, err := cfg.Cache.memo().PrepareDocument(ctx, doc, photo.Sources{Stories: cfg.Stories, Ads: ads, Templates: templatesFS(cfg.Edition)}, cfg.Photo, cfg.Workers, pixels)
	w.warn(probs...)
	return failed, err
}

// leaveOut takes out of the stories the pictures that could not be
// prepared, and of sizes, with a problem for each story at the line that
// names the picture, as the check leaves out a picture it finds damaged.
func leaveOut(g *ingest.Result, sizes map[string]photo.Size, failed []photo.Failure, w *warner) {
	why := map[string]error{}
	for _, f := range failed {
		why[f.File] = f.Err
		delete(sizes, f.File)
	}
	for _, st := range g.Stories() {
		kept := st.Images[:0]
		for _, im := range st.Images {
			if err, ok := why[im.File]; ok {
				w.warn(problem.Problem{File: st.File, Line: im.Line, Story: st.ID, Msg: fmt.Sprintf("picture %s left out: %v", im.File, err)})
				continue
			}
			kept = append(kept, im)
		}
		st.Images = kept
	}
}

// templatesFS is the edition's templates folder, nil when it names none.
func templatesFS(ed *editions.Edition) fs.FS {
	if ed.TemplatesDir == "" {
		return nil
	}
	return os.DirFS(ed.TemplatesPath())
}

// artwork reads the header of every logo the edition's templates draw; a
// logo that cannot be read is a problem, and its masthead sets the title
// in type.
func artwork(ctx context.Context, cfg Config, w *warner) map[string]makeup.Photo {
	out := map[string]makeup.Photo{}
	fsys := templatesFS(cfg.Edition)
	for _, n := range slices.Sorted(maps.Keys(cfg.Edition.Templates)) {
		t := cfg.Edition.Templates[n]
		for _, z := range t.Zones {
			if z.Logo == "" || fsys == nil {
				continue
			}
			if _, ok := out[z.Logo]; ok {
				continue
			}
			info, err := photo.Check(ctx, fsys, z.Logo, cfg.Photo)
			if err != nil {
				msg := err.Error()
				if errors.Is(err, fs.ErrNotExist) {
					msg = "no such file " + filepath.Join(cfg.Edition.TemplatesPath(), z.Logo)
				}
				w.warn(problem.Problem{File: t.File, Line: z.Line, Msg: fmt.Sprintf("zone %q: logo %q cannot be drawn (%s): the title is set in type", z.Name, z.Logo, msg)})
				continue
			}
			out[z.Logo] = makeup.Photo{Src: z.Logo, W: info.W, H: info.H}
		}
	}
	return out
}

// boxes reads the edition's boxes of fixed text; a box that cannot be read
// is a problem, and its zone stands empty.
func boxes(cfg Config, w *warner) map[string]*story.Story {
	out := map[string]*story.Story{}
	for _, n := range slices.Sorted(maps.Keys(cfg.Edition.Boxes)) {
		file := cfg.Edition.Path(cfg.Edition.Boxes[n])
		data, err := os.ReadFile(file)
		if err != nil {
			w.warn(problem.Problem{File: cfg.Edition.File, Msg: fmt.Sprintf("box %s: %v", n, err)})
			continue
		}
		s, err := ingest.ReadBox(file, data)
		if err != nil {
			w.warn(problem.Problem{File: file, Msg: fmt.Sprintf("box %s: %v", n, err)})
			continue
		}
		out[n] = s
	}
	return out
}

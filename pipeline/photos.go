package pipeline

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"sort"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/ingest"
	"github.com/epaper/epaper/layout/makeup"
	"github.com/epaper/epaper/photo"
	"github.com/epaper/epaper/problem"
	"github.com/epaper/epaper/story"
)

// checkPhotos reads the header of every gathered story's pictures; a story
// runs without those that cannot be used.
func checkPhotos(cfg Config, g *ingest.Result, w *warner) map[string]photo.Size {
	sizes, probs := photo.CheckStories(cfg.Stories, g.Stories(), cfg.Photo)
	w.warn(probs...)
	return sizes
}

// bookedAds are the edition's booked advertisements whose artwork can be
// printed, and the folder the artwork is read from.
type bookedAds struct {
	ads  []makeup.BookedAd
	fsys fs.FS
}

// bookAds reads the edition's ads file and checks each artwork's header.
// A broken ads file or picture is a problem: the edition still goes out,
// and the report names the ad.
func bookAds(cfg Config, w *warner) bookedAds {
	ads, fsys, err := editions.ReadAds(cfg.Edition)
	if err != nil {
		w.warn(problem.Problem{File: cfg.Edition.Ads, Msg: fmt.Sprintf("booked ads left out: %v", err)})
		return bookedAds{}
	}
	out := bookedAds{fsys: fsys}
	for _, a := range ads {
		pw, ph, err := photo.Probe(fsys, a.File, cfg.Photo)
		if err != nil {
			w.warn(problem.Problem{File: a.File, Line: a.Line, Msg: fmt.Sprintf("ad %s left out: %v", a.Name, err)})
			continue
		}
		out.ads = append(out.ads, makeup.BookedAd{Name: a.Name, Page: a.Page, Section: a.Section, Position: a.Position,
			Cols: a.Columns, Height: a.Height.Pt(), Src: a.File, W: pw, H: ph})
	}
	return out
}

// preparePhotos crops, scales and encodes every picture make-up placed.
func preparePhotos(ctx context.Context, cfg Config, doc *display.Document, ads fs.FS, w *warner) error {
	probs, err := photo.PrepareDocument(ctx, doc, photo.Sources{Stories: cfg.Stories, Ads: ads, Templates: templatesFS(cfg.Edition)}, cfg.Photo, cfg.Workers)
	w.warn(probs...)
	return err
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
func artwork(cfg Config, w *warner) map[string]makeup.Photo {
	out := map[string]makeup.Photo{}
	fsys := templatesFS(cfg.Edition)
	names := make([]string, 0, len(cfg.Edition.Templates))
	for n := range cfg.Edition.Templates {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		t := cfg.Edition.Templates[n]
		for _, z := range t.Zones {
			if z.Logo == "" || fsys == nil {
				continue
			}
			if _, ok := out[z.Logo]; ok {
				continue
			}
			pw, ph, err := photo.Probe(fsys, z.Logo, cfg.Photo)
			if err == nil {
				_, err = photo.Load(fsys, z.Logo, cfg.Photo)
			}
			if err != nil {
				w.warn(problem.Problem{File: t.File, Line: z.Line, Msg: fmt.Sprintf("zone %s: logo %s cannot be drawn: %s: the title is set in type", z.Name, z.Logo, err)})
				continue
			}
			out[z.Logo] = makeup.Photo{Src: z.Logo, W: pw, H: ph}
		}
	}
	return out
}

// boxes reads the edition's boxes of fixed text; a box that cannot be read
// is a problem, and its zone stands empty.
func boxes(cfg Config, w *warner) map[string]*story.Story {
	out := map[string]*story.Story{}
	names := make([]string, 0, len(cfg.Edition.Boxes))
	for n := range cfg.Edition.Boxes {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
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

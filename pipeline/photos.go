package pipeline

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/ingest"
	"github.com/epaper/epaper/layout/makeup"
	"github.com/epaper/epaper/photo"
	"github.com/epaper/epaper/problem"
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
	probs, err := cfg.Cache.memo().PrepareDocument(ctx, doc, photo.Sources{Stories: cfg.Stories, Ads: ads}, cfg.Photo, cfg.Workers)
	w.warn(probs...)
	return err
}

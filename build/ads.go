package build

import (
	"fmt"

	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/layout/makeup"
	"github.com/epaper/epaper/photo"
	"github.com/epaper/epaper/publish"
)

// adPrefix marks a picture source as booked-ad artwork, read from the
// edition's folder rather than the stories.
const adPrefix = "ad:"

// bookedAds reads the edition's ads file and checks each artwork's header.
// A broken ads file or picture is a warning: the edition still goes out,
// and the report names the ad.
func (st *state) bookedAds() []makeup.BookedAd {
	ads, fsys, err := editions.ReadAds(st.cfg.Edition)
	if err != nil {
		st.warn(publish.Warning{File: st.cfg.Edition.Ads, Message: fmt.Sprintf("booked ads left out: %v", err)})
		return nil
	}
	st.adsFS = fsys
	var out []makeup.BookedAd
	for _, a := range ads {
		w, h, err := photo.Probe(fsys, a.File, st.cfg.Photo)
		if err != nil {
			st.warn(publish.Warning{File: a.File, Line: a.Line, Message: fmt.Sprintf("ad %s left out: %v", a.Name, err)})
			continue
		}
		out = append(out, makeup.BookedAd{Name: a.Name, Page: a.Page, Section: a.Section, Position: a.Position,
			Cols: a.Columns, Height: a.Height.Pt(), Src: adPrefix + a.File, W: w, H: h})
	}
	return out
}

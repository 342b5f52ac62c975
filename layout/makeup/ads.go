package makeup

import (
	"fmt"
	"math"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/problem"
)

// BookedAd is an advertisement booked into the edition: on a page number,
// or on the first page of a section.
type BookedAd struct {
	Name     string
	Page     int
	Section  string
	Position string // bottom, strip, top, ear, or slot (Slot names it)
	Slot     string
	Cols     int
	Height   float64 // pt
	// Src is the artwork's file in the edition's ads folder; W and H are
	// its pixels.
	Src  string
	W, H int
}

// AdPlacement says where a booked ad went, or why it did not.
type AdPlacement struct {
	Name   string
	Page   int
	Placed bool
	Reason string
	ad     *page // the page it is on, numbered when make-up is done
}

// placeAds puts the ads booked on a new page there before any story: a
// bottom ad or strip raises its columns' foot, a top ad lowers their head,
// an ear sits beside the title on the front page. Strips go first, at the
// foot across the page, and bottom ads stand on them: a strip laid over a
// bottom ad would leave the columns beside the ad dead under it.
func (m *maker) placeAds(p *page, section string, front bool) {
	first := !m.sectionStarted[section]
	m.sectionStarted[section] = true
	order := make([]int, 0, len(m.ads))
	for i := range m.ads {
		if m.ads[i].Position == "strip" {
			order = append(order, i)
		}
	}
	for i := range m.ads {
		if m.ads[i].Position != "strip" {
			order = append(order, i)
		}
	}
	for _, i := range order {
		ad := &m.ads[i]
		if m.adDone[i] {
			continue
		}
		if !(ad.Page == p.num || (ad.Page == 0 && first && ad.Section != "" && ad.Section == section)) {
			continue
		}
		m.adDone[i] = true
		if reason := m.putAd(p, ad, front); reason != "" {
			m.adErrs = append(m.adErrs, fmt.Errorf("ad %s cannot run on page %d: %s", ad.Name, p.num, reason))
			continue
		}
		m.adResults = append(m.adResults, AdPlacement{Name: ad.Name, Page: p.num, Placed: true, ad: p})
	}
}

func (m *maker) putAd(p *page, ad *BookedAd, front bool) string {
	g := &m.g
	cols := ad.Cols
	if ad.Position == "strip" || cols <= 0 || cols > g.cols {
		cols = g.cols
	}
	lines := int(math.Ceil(ad.Height/g.lead - 1e-6))
	h := float64(lines) * g.lead
	w := g.span(cols)
	var x, y float64
	switch ad.Position {
	case "ear":
		if !front {
			return "an ear ad goes on the front page"
		}
		m.earBooked = true
		w = math.Min(w, g.colW)
		h = math.Min(ad.Height, 78)
		x, y = g.x0+g.w-w, g.y0+6
	case "top":
		c0 := 0
		if p.ceil[c0] > p.top+0.01 {
			return "the head of the page is taken"
		}
		x, y = g.colX(c0), p.top
		for c := c0; c < c0+cols; c++ {
			p.ceil[c] = y + h + g.lead
		}
	case "slot":
		z := p.slot(ad.Slot)
		if z == nil {
			return fmt.Sprintf("the page's template has no ad slot %q", ad.Slot)
		}
		if z.filled {
			return fmt.Sprintf("ad slot %q is taken", ad.Slot)
		}
		z.filled = true
		x, y, w, h = z.x0, z.y0, z.w, z.h
	default: // bottom stack against the right edge, or a strip
		c0 := g.cols - cols
		top := math.Min(p.floor[c0], p.bottom) - h
		for c := c0; c < g.cols; c++ {
			top = math.Min(top, math.Min(p.floor[c], p.bottom)-h)
		}
		if top-p.top < float64(minLines)*g.lead {
			return "no room above it for the page's stories"
		}
		x, y = g.colX(c0), top
		for c := c0; c < g.cols; c++ {
			p.floor[c] = top - g.lead
		}
	}
	grey := display.Color{R: 0x99, G: 0x99, B: 0x99}
	// the artwork is what the advertiser paid for: it is never cropped,
	// but fitted whole inside its space, centred, and a shape far from the
	// space's is a warning
	ix, iy, iw, ih := x, y, w, h
	if ad.W > 0 && ad.H > 0 {
		src, box := float64(ad.W)/float64(ad.H), w/h
		if src > box {
			ih = w / src
			iy += (h - ih) / 2
		} else {
			iw = h * src
			ix += (w - iw) / 2
		}
		if r := src / box; r > 1.05 || r < 1/1.05 {
			m.warnings = append(m.warnings, problem.Problem{Msg: fmt.Sprintf("ad %s on page %d: its artwork (%d x %d px) is not the shape of its space (%.0f x %.0f mm): fitted whole, with margins", ad.Name, p.num, ad.W, ad.H, w*25.4/72, h*25.4/72)})
		}
	}
	p.items = append(p.items,
		&display.Image{X: ix, Y: iy, W: iw, H: ih, Key: fmt.Sprintf("ad:%s@%.0fx%.0f", ad.Src, iw, ih), Src: ad.Src, Crop: [4]float64{0, 0, 1, 1}, From: display.FromAds},
		&display.Rect{X: x, Y: y, W: w, H: h, Stroke: &grey, StrokeWidth: 0.5})
	return ""
}

// fitCrop is the centred part of a picture of aspect src that fills a box
// of aspect box.
func fitCrop(src, box float64) [4]float64 {
	switch {
	case src > box:
		fw := box / src
		return [4]float64{(1 - fw) / 2, 0, fw, 1}
	case src < box:
		fh := src / box
		return [4]float64{0, (1 - fh) / 2, 1, fh}
	}
	return [4]float64{0, 0, 1, 1}
}

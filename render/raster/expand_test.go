package raster

import (
	"image"
	"math"
	"testing"

	"github.com/epaper/epaper/display"
)

// inkSpan returns the leftmost and rightmost columns with dark pixels.
func inkSpan(img image.Image) (int, int) {
	b := img.Bounds()
	lo, hi := b.Max.X, b.Min.X-1
	for x := b.Min.X; x < b.Max.X; x++ {
		if dark(img, image.Rect(x, b.Min.Y, x+1, b.Max.Y)) > 0 {
			lo, hi = min(lo, x), max(hi, x)
		}
	}
	return lo, hi
}

// TestExpandScalesAcross checks that a run's expansion scales it across
// from its pen start, as PDF's horizontal scaling does: outlines, advances
// and tracking alike, and not up and down.
func TestExpandScalesAcross(t *testing.T) {
	f := face(t, "Source Serif 4", 400)
	draw := func(s string, expand, tracking float64) image.Image {
		r := run(f, s, 40, 100, 300, display.Black)
		r.Expand, r.Tracking = expand, tracking
		doc := newDoc(f)
		doc.Pages = []display.Page{onePage(r)}
		img, err := Draw(doc, 0, 1200) // 2 px per pt
		if err != nil {
			t.Fatal(err)
		}
		return img
	}
	// one glyph: its ink starts half as far again from the pen, and is half
	// as wide again, and as tall
	lo, hi := inkSpan(draw("H", 0, 0))
	wlo, whi := inkSpan(draw("H", 0.5, 0))
	const pen = 200 // px
	if d, want := float64(wlo-pen), 1.5*float64(lo-pen); math.Abs(d-want) > 1.5 {
		t.Errorf("scaled glyph's ink starts %v px from the pen, want %v", d, want)
	}
	if w, want := float64(whi-wlo), 1.5*float64(hi-lo); math.Abs(w-want) > 2 {
		t.Errorf("scaled glyph is %v px wide, want %v", w, want)
	}
	if a, b := dark(draw("H", 0, 0), image.Rect(0, 0, 1200, 1600)), dark(draw("H", 0.5, 0), image.Rect(0, 0, 1200, 1600)); math.Abs(float64(b)/float64(a)-1.5) > 0.05 {
		t.Errorf("scaled glyph has %d dark px, unscaled %d: want half as many again", b, a)
	}
	// two glyphs: the second sits one scaled advance, plus the scaled
	// tracking, after the first
	ax, _ := inkCentre(draw("x", 0, 0))
	adv := float64(f.Advance('x')) * 40 / 1000 * 2 // px
	for _, c := range []struct{ expand, tracking float64 }{{0.02, 0}, {0.25, 0}, {-0.1, 0}, {0.25, 5}} {
		ex, _ := inkCentre(draw("x", c.expand, 0))
		px, _ := inkCentre(draw("xx", c.expand, c.tracking))
		want := (adv + 2*c.tracking) * (1 + c.expand) / 2
		if got := px - ex; math.Abs(got-want) > 0.5 {
			t.Errorf("expand %g tracking %g: pair centred %.2f px right of one glyph, want %.2f", c.expand, c.tracking, got, want)
		}
		if c.tracking == 0 {
			if got, want := ex-pen, (ax-pen)*(1+c.expand); math.Abs(got-want) > 0.5 {
				t.Errorf("expand %g: glyph centred %.2f px from the pen, want %.2f", c.expand, got, want)
			}
		}
	}
	// the width the run reports is the width drawn
	r := run(f, "xx", 40, 100, 300, display.Black)
	r.Expand, r.Tracking = 0.25, 5
	if got, want := r.Width(), (2*float64(f.Advance('x'))*40/1000+5)*1.25; math.Abs(got-want) > 1e-9 {
		t.Errorf("Width %v, want %v", got, want)
	}
}

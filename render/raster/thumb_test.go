package raster

import (
	"image"
	"image/color"
	"testing"

	"github.com/disintegration/imaging"
)

func TestAreaTaps(t *testing.T) {
	for _, c := range [][2]int{{1600, 300}, {7, 3}, {10, 10}, {5, 1}, {2570, 482}} {
		taps := areaTaps(c[0], c[1])
		for i, tp := range taps {
			var sum uint32
			for _, w := range tp.W {
				sum += w
			}
			if sum != 1<<weightBits || tp.First < 0 || tp.First+len(tp.W) > c[0] {
				t.Fatalf("%v tap %d: %+v sums to %d", c, i, tp, sum)
			}
		}
	}
	// Halving: each output pixel is two source pixels, equally.
	for _, tp := range areaTaps(8, 4) {
		if len(tp.W) != 2 || tp.W[0] != tp.W[1] {
			t.Fatalf("halving taps %+v", tp)
		}
	}
}

func TestThumbnailAverages(t *testing.T) {
	// Stripes one pixel wide average to mid grey; a flat colour stays.
	g := image.NewGray(image.Rect(0, 0, 40, 20))
	for y := range 20 {
		for x := range 40 {
			if x%2 == 0 {
				g.SetGray(x, y, color.Gray{200})
			}
		}
	}
	tg := thumbnail(g, 10, 5).(*image.Gray)
	for _, v := range tg.Pix {
		if v != 100 {
			t.Fatalf("striped grey thumbnail has %d, want 100", v)
		}
	}
	c := image.NewYCbCr(image.Rect(0, 0, 33, 17), image.YCbCrSubsampleRatio420)
	fill(c.Y, 120)
	fill(c.Cb, 10)
	fill(c.Cr, 250)
	tc := thumbnail(c, 7, 4).(*image.YCbCr)
	for _, plane := range []struct {
		name string
		pix  []uint8
		want uint8
	}{{"Y", tc.Y, 120}, {"Cb", tc.Cb, 10}, {"Cr", tc.Cr, 250}} {
		for _, v := range plane.pix {
			if v != plane.want {
				t.Fatalf("flat colour thumbnail has %s %d, want %d", plane.name, v, plane.want)
			}
		}
	}
}

// meanLevel returns the mean grey level of img.
func meanLevel(img image.Image) float64 {
	b := img.Bounds()
	s := 0.0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			s += float64(color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y)
		}
	}
	return s / float64(b.Dx()*b.Dy())
}

// TestThumbnailLikeImaging checks the thumbnail of a drawn page against
// imaging's box-filtered one, and that it keeps the page's tone.
func TestThumbnailLikeImaging(t *testing.T) {
	doc := mixedDoc(t)
	for _, i := range []int{0, 3} {
		img, err := Draw(doc, i, 1600)
		if err != nil {
			t.Fatal(err)
		}
		b := img.Bounds()
		th := b.Dy() * 300 / b.Dx()
		ours := thumbnail(img, 300, th)
		theirs := imaging.Resize(img, 300, th, imaging.Box)
		if m, pct := Compare(ours, theirs); m > 5 || pct > 1 {
			t.Errorf("page %d: thumbnail differs from imaging's: mean %.2f, %.2f%% pixels", i, m, pct)
		}
		if a, b := meanLevel(img), meanLevel(ours); a-b > 0.5 || b-a > 0.5 {
			t.Errorf("page %d: mean level %.2f, thumbnail %.2f", i, a, b)
		}
	}
}

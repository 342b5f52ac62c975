package resample

import (
	"image"
	"image/color"
	"math"
	"testing"
)

func TestTapsSumAndSpan(t *testing.T) {
	for _, c := range []struct {
		n       int
		x, span float64
		m       int
	}{{1600, 0, 1600, 300}, {7, 0, 7, 3}, {10, 0, 10, 10}, {5, 0, 5, 1}, {800, 13.5, 600.25, 433}, {100, 0, 100, 250}, {3, 0, 3, 9}} {
		for i, tp := range taps(c.n, c.x, c.span, c.m) {
			var sum uint32
			for _, w := range tp.W {
				sum += w
			}
			if sum != 1<<weightBits || tp.First < 0 || tp.First+len(tp.W) > c.n {
				t.Fatalf("%+v tap %d: %+v sums to %d", c, i, tp, sum)
			}
		}
	}
	// halving: each output is two source samples, equally
	for _, tp := range taps(8, 0, 8, 4) {
		if len(tp.W) != 2 || tp.W[0] != tp.W[1] {
			t.Fatalf("halving taps %+v", tp)
		}
	}
}

func gradient(w, h int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			g.Pix[y*g.Stride+x] = uint8((x*255/(w-1) + y*3) % 256)
		}
	}
	return g
}

// Reducing averages: halving a picture gives the mean of each 2×2, and a
// flat picture stays its level at any size and window.
func TestReduceAverages(t *testing.T) {
	g := gradient(64, 40)
	half := Resize(g, WindowOf(g.Rect), 32, 20).(*image.Gray)
	for y := range 20 {
		for x := range 32 {
			s := int(g.Pix[2*y*g.Stride+2*x]) + int(g.Pix[2*y*g.Stride+2*x+1]) + int(g.Pix[(2*y+1)*g.Stride+2*x]) + int(g.Pix[(2*y+1)*g.Stride+2*x+1])
			if d := int(half.Pix[y*half.Stride+x]) - (s+2)/4; d < -1 || d > 1 {
				t.Fatalf("(%d,%d): %d, mean of 2×2 %d", x, y, half.Pix[y*half.Stride+x], (s+2)/4)
			}
		}
	}
	flat := image.NewYCbCr(image.Rect(0, 0, 37, 23), image.YCbCrSubsampleRatio420)
	for i := range flat.Y {
		flat.Y[i] = 77
	}
	for i := range flat.Cb {
		flat.Cb[i], flat.Cr[i] = 200, 30
	}
	for _, size := range [][2]int{{10, 7}, {37, 23}, {80, 51}, {1, 1}} {
		out := Resize(flat, Window{3.25, 1.5, 30.5, 19}, size[0], size[1]).(*image.YCbCr)
		for _, v := range out.Y {
			if v != 77 {
				t.Fatalf("%v: flat Y became %d", size, v)
			}
		}
		for i := range out.Cb {
			if out.Cb[i] != 200 || out.Cr[i] != 30 {
				t.Fatalf("%v: flat chroma became %d, %d", size, out.Cb[i], out.Cr[i])
			}
		}
	}
}

// A window takes that part of the picture: its middle scaled 1:1 is the
// middle of the picture.
func TestWindow(t *testing.T) {
	g := gradient(100, 60)
	out := Resize(g, Window{20, 10, 50, 30}, 50, 30).(*image.Gray)
	for y := range 30 {
		for x := range 50 {
			if out.Pix[y*out.Stride+x] != g.Pix[(y+10)*g.Stride+x+20] {
				t.Fatalf("(%d,%d): %d, want %d", x, y, out.Pix[y*out.Stride+x], g.Pix[(y+10)*g.Stride+x+20])
			}
		}
	}
}

// Enlarging interpolates between neighbours: a ramp stays a ramp.
func TestEnlargeInterpolates(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 3, 1))
	g.Pix[0], g.Pix[1], g.Pix[2] = 0, 100, 200
	out := Resize(g, WindowOf(g.Rect), 9, 1).(*image.Gray)
	for x := 1; x < 8; x++ {
		if out.Pix[x] < out.Pix[x-1] {
			t.Fatalf("ramp enlarged is not monotone: %v", out.Pix)
		}
	}
	if out.Pix[4] != 100 || out.Pix[0] != 0 || out.Pix[8] != 200 {
		t.Fatalf("ramp enlarged: %v", out.Pix)
	}
}

// A colour picture reduced keeps its colours where they are: the left half
// red and the right half blue, through the chroma planes.
func TestColourStaysInPlace(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 200, 100))
	for y := range 100 {
		for x := range 200 {
			c := color.RGBA{200, 30, 30, 255}
			if x >= 100 {
				c = color.RGBA{30, 30, 200, 255}
			}
			src.SetRGBA(x, y, c)
		}
	}
	out := Resize(ToYCbCr(src), WindowOf(src.Rect), 50, 25)
	for _, p := range []struct {
		x    int
		want color.RGBA
	}{{5, color.RGBA{200, 30, 30, 255}}, {20, color.RGBA{200, 30, 30, 255}}, {30, color.RGBA{30, 30, 200, 255}}, {45, color.RGBA{30, 30, 200, 255}}} {
		c := color.RGBAModel.Convert(out.At(p.x, 12)).(color.RGBA)
		if math.Abs(float64(c.R)-float64(p.want.R)) > 4 || math.Abs(float64(c.B)-float64(p.want.B)) > 4 {
			t.Errorf("x %d: %v, want %v", p.x, c, p.want)
		}
	}
}

func BenchmarkResize(b *testing.B) {
	src := image.NewYCbCr(image.Rect(0, 0, 1600, 900), image.YCbCrSubsampleRatio420)
	for i := range src.Y {
		src.Y[i] = uint8(i * 7)
	}
	for _, c := range []struct {
		name string
		w, h int
	}{{"1600to1175", 1175, 661}, {"1600to533", 533, 300}, {"800to1175", 1175, 661}} {
		b.Run(c.name, func(b *testing.B) {
			win := WindowOf(src.Rect)
			if c.name == "800to1175" {
				win = Window{0, 0, 800, 450}
			}
			for b.Loop() {
				Resize(src, win, c.w, c.h)
			}
		})
	}
}

// TestReduceMatchesPlainSums checks the reduction, whose column sums go
// two to a word and whose taps are padded, against the plain sums it
// stands for, at widths that leave every remainder of a group of eight.
func TestReduceMatchesPlainSums(t *testing.T) {
	seed := uint32(1)
	next := func() uint8 {
		seed = seed*1664525 + 1013904223
		return uint8(seed >> 24)
	}
	for _, c := range [][4]int{{8, 8, 3, 5}, {9, 7, 9, 7}, {37, 23, 11, 6}, {100, 40, 17, 40}, {13, 13, 31, 29}, {1600, 16, 300, 3}} {
		sw, sh, dw, dh := c[0], c[1], c[2], c[3]
		src := make([]uint8, sw*sh)
		for i := range src {
			src[i] = next()
		}
		down := taps(sh, 0, float64(sh), dh)
		across := taps(sw, 0.5, float64(sw)-1, dw)
		got := make([]uint8, dw*dh)
		Reduce(got, dw, src, sw, down, across)
		for y, td := range down {
			mid := make([]uint32, sw)
			for x := range sw {
				var a uint32
				for k, w := range td.W {
					a += uint32(src[(td.First+k)*sw+x]) * w
				}
				mid[x] = (a + 1<<(weightBits-9)) >> (weightBits - 8)
			}
			for x, ta := range across {
				var a uint32
				for k, w := range ta.W {
					a += mid[ta.First+k] * w
				}
				want := uint8(min((a+1<<(weightBits+7))>>(weightBits+8), 255))
				if got[y*dw+x] != want {
					t.Fatalf("%v: (%d,%d) = %d, want %d", c, x, y, got[y*dw+x], want)
				}
			}
		}
	}
}

package jpg

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"math/rand/v2"
	"testing"
)

// noisy returns a w×h test card: smooth gradients, hard edges, flat areas
// and noise, in colour or grey.
func noisy(w, h int, grey bool, seed uint64) image.Image {
	r := rand.New(rand.NewPCG(seed, 1))
	rgba := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			var c color.RGBA
			switch {
			case x < w/4: // flat paper
				c = color.RGBA{255, 255, 255, 255}
			case x < w/2: // gradient
				c = color.RGBA{uint8(255 * x / w), uint8(255 * y / h), uint8(x + y), 255}
			case (x/3+y/5)%2 == 0: // hard edges
				c = color.RGBA{0, 0, 0, 255}
			default: // noise
				c = color.RGBA{uint8(r.IntN(256)), uint8(r.IntN(256)), uint8(r.IntN(256)), 255}
			}
			if grey {
				c.G, c.B = c.R, c.R
			}
			rgba.SetRGBA(x, y, c)
		}
	}
	if grey {
		g := image.NewGray(rgba.Rect)
		draw.Draw(g, g.Rect, rgba, image.Point{}, draw.Src)
		return g
	}
	return rgba
}

// toYCbCr converts a picture to YCbCr of the given subsampling, as
// image/jpeg's decoder would hold it.
func toYCbCr(img image.Image, ratio image.YCbCrSubsampleRatio) *image.YCbCr {
	b := img.Bounds()
	m := image.NewYCbCr(b, ratio)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			yy, cb, cr := color.RGBToYCbCr(uint8(r>>8), uint8(g>>8), uint8(bl>>8))
			m.Y[m.YOffset(x, y)] = yy
			c := m.COffset(x, y)
			m.Cb[c], m.Cr[c] = cb, cr
		}
	}
	return m
}

// The encoder's pictures decode, are as close to the source as image/jpeg's
// and about as small, for each kind of picture it takes.
func TestEncoderMatchesStandardLibrary(t *testing.T) {
	card := noisy(203, 117, false, 2)
	odd := toYCbCr(noisy(64, 48, false, 7), image.YCbCrSubsampleRatio420).SubImage(image.Rect(3, 5, 61, 40))
	cases := []struct {
		name string
		img  image.Image
	}{
		{"grey card", noisy(203, 117, true, 1)},
		{"colour card", card},
		{"4:2:0 card", toYCbCr(card, image.YCbCrSubsampleRatio420)},
		{"4:4:4 card", toYCbCr(card, image.YCbCrSubsampleRatio444)},
		{"4:2:0 at an odd origin", odd},
		{"one pixel grey", noisy(1, 1, true, 3)},
		{"one pixel colour", noisy(1, 1, false, 4)},
		{"odd colour", noisy(17, 9, false, 5)},
		{"odd grey", noisy(9, 17, true, 6)},
	}
	for _, c := range cases {
		for _, q := range []int{1, 30, 82, 100} {
			ours, err := Encode(c.img, q)
			if err != nil {
				t.Fatal(err)
			}
			var std bytes.Buffer
			if err := jpeg.Encode(&std, c.img, &jpeg.Options{Quality: q}); err != nil {
				t.Fatal(err)
			}
			a, err := jpeg.Decode(bytes.NewReader(ours))
			if err != nil {
				t.Fatalf("%s q%d: ours does not decode: %v", c.name, q, err)
			}
			b, _ := jpeg.Decode(bytes.NewReader(std.Bytes()))
			if a.Bounds().Size() != c.img.Bounds().Size() {
				t.Fatalf("%s q%d: decoded %v, want %v", c.name, q, a.Bounds(), c.img.Bounds())
			}
			if _, isGray := c.img.(*image.Gray); isGray != (a.ColorModel() == color.GrayModel) {
				t.Errorf("%s q%d: decodes as %T", c.name, q, a)
			}
			src := c.img
			if sub, ok := src.(*image.YCbCr); ok && sub.Rect.Min != (image.Point{}) {
				moved := image.NewRGBA(image.Rect(0, 0, sub.Rect.Dx(), sub.Rect.Dy()))
				draw.Draw(moved, moved.Rect, sub, sub.Rect.Min, draw.Src)
				src = moved
			}
			mOurs, mStd, between := meanDiff(src, a), meanDiff(src, b), meanDiff(a, b)
			if mOurs > mStd*1.05+0.05 || between > 0.5+mStd/4 {
				t.Errorf("%s q%d: error %.3f (standard library %.3f), %.3f apart", c.name, q, mOurs, mStd, between)
			}
			if n, s := len(ours), std.Len(); float64(n) > float64(s)*1.02+16 {
				t.Errorf("%s q%d: %d bytes, standard library %d", c.name, q, n, s)
			}
		}
	}
}

// An Encoder used again gives the bytes a new one gives, and its output
// handed on in pieces is the whole file.
func TestEncoderReused(t *testing.T) {
	big := noisy(900, 700, false, 11) // output of several flushes
	e := NewEncoder(82)
	var pieces int
	for _, img := range []image.Image{noisy(300, 200, true, 10), big, toYCbCr(big, image.YCbCrSubsampleRatio420), big} {
		want, err := Encode(img, 82)
		if err != nil {
			t.Fatal(err)
		}
		w := &countingWriter{}
		if err := e.Encode(w, img); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(w.buf.Bytes(), want) {
			t.Fatalf("%T %v: a reused encoder writes other bytes", img, img.Bounds())
		}
		pieces = max(pieces, w.writes)
	}
	if pieces < 2 {
		t.Errorf("the largest picture went out in %d piece: nothing was streamed", pieces)
	}
}

type countingWriter struct {
	buf    bytes.Buffer
	writes int
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.writes++
	return w.buf.Write(p)
}

func TestEncoderRejects(t *testing.T) {
	if _, err := Encode(image.NewNRGBA(image.Rect(0, 0, 4, 4)), 80); err == nil {
		t.Error("NRGBA accepted")
	}
	if _, err := Encode(image.NewGray(image.Rect(0, 0, 0, 4)), 80); err == nil {
		t.Error("empty image accepted")
	}
}

// TestEncoderStuffsMarkers encodes noise, whose entropy-coded data is full
// of 0xff bytes, and checks no marker other than the frame's appears.
func TestEncoderStuffsMarkers(t *testing.T) {
	img := noisy(256, 256, false, 9)
	out, err := Encode(img, 100)
	if err != nil {
		t.Fatal(err)
	}
	sos := bytes.Index(out, []byte{0xff, 0xda})
	data := out[sos+14 : len(out)-2]
	ff := 0
	for i := 0; i+1 < len(data); i++ {
		if data[i] == 0xff {
			ff++
			if data[i+1] != 0 {
				t.Fatalf("unstuffed 0xff %02x at %d", data[i+1], i)
			}
			i++
		}
	}
	if ff == 0 {
		t.Error("no 0xff in the scan: the test proves nothing")
	}
	if !bytes.HasSuffix(out, []byte{0xff, 0xd9}) {
		t.Error("no EOI")
	}
}

func TestYCbCrMatchesStandardLibrary(t *testing.T) {
	for r := 0; r < 256; r += 3 {
		for g := 0; g < 256; g += 5 {
			for b := 0; b < 256; b += 1 {
				y, cb, cr := ycbcr(uint8(r), uint8(g), uint8(b))
				y0, cb0, cr0 := color.RGBToYCbCr(uint8(r), uint8(g), uint8(b))
				if y != int32(y0) || cb != int32(cb0) || cr != int32(cr0) {
					t.Fatalf("%d,%d,%d: %d,%d,%d, want %d,%d,%d", r, g, b, y, cb, cr, y0, cb0, cr0)
				}
			}
		}
	}
}

// BenchmarkEncode encodes a 1600×900 test card, grey and 4:2:0 colour,
// with a reused Encoder and with image/jpeg.
func BenchmarkEncode(b *testing.B) {
	card := noisy(1600, 900, false, 12)
	for _, c := range []struct {
		name string
		img  image.Image
	}{{"gray", noisy(1600, 900, true, 13)}, {"ycbcr", toYCbCr(card, image.YCbCrSubsampleRatio420)}} {
		b.Run(c.name+"/jpg", func(b *testing.B) {
			e := NewEncoder(82)
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := e.Encode(&buf, c.img); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(c.name+"/stdlib", func(b *testing.B) {
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := jpeg.Encode(&buf, c.img, &jpeg.Options{Quality: 82}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestSubImageIsItsPixels encodes parts of a 4:2:0 picture (a share
// image is a crop of a page), at even and odd origins: each decodes to the
// part's own pixels, its colour included.
func TestSubImageIsItsPixels(t *testing.T) {
	whole := image.NewYCbCr(image.Rect(0, 0, 96, 80), image.YCbCrSubsampleRatio420)
	for y := range 80 {
		for x := range 96 {
			whole.Y[whole.YOffset(x, y)] = uint8(40 + x + y)
			c := whole.COffset(x, y)
			whole.Cb[c], whole.Cr[c] = uint8(60+2*x), uint8(200-2*y)
		}
	}
	for _, r := range []image.Rectangle{
		image.Rect(0, 0, 96, 80), image.Rect(16, 8, 80, 72), image.Rect(2, 4, 50, 37),
		image.Rect(1, 3, 61, 50), image.Rect(32, 48, 96, 80),
	} {
		sub := whole.SubImage(r).(*image.YCbCr)
		data, err := Encode(sub, 95)
		if err != nil {
			t.Fatal(err)
		}
		img, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		got := img.(*image.YCbCr)
		if got.Rect.Dx() != r.Dx() || got.Rect.Dy() != r.Dy() {
			t.Fatalf("part %v decodes %v", r, got.Rect)
		}
		worst := 0
		for y := range r.Dy() {
			for x := range r.Dx() {
				w, g := sub.YCbCrAt(r.Min.X+x, r.Min.Y+y), got.YCbCrAt(x, y)
				for _, d := range []int{int(w.Y) - int(g.Y), int(w.Cb) - int(g.Cb), int(w.Cr) - int(g.Cr)} {
					worst = max(worst, d, -d)
				}
			}
		}
		if worst > 6 {
			t.Errorf("part %v: a sample off by %d from the part's own", r, worst)
		}
	}
}

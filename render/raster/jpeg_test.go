package raster

import (
	"bytes"
	"image"
	"image/color"
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
		return toGray(rgba)
	}
	return rgba
}

// TestEncoderMatchesStandardLibrary checks the encoder against image/jpeg:
// both decode, and ours is as close to the source and about as small.
func TestEncoderMatchesStandardLibrary(t *testing.T) {
	doc := mixedDoc(t)
	page, err := drawPage(doc, 0, 800, newPhotoCache())
	if err != nil {
		t.Fatal(err)
	}
	photoPage, err := drawPage(doc, 3, 800, newPhotoCache())
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		img  image.Image
	}{
		{"text page", page},
		{"photo page", photoPage},
		{"grey card", noisy(203, 117, true, 1)},
		{"colour card", noisy(203, 117, false, 2)},
		{"one pixel grey", noisy(1, 1, true, 3)},
		{"one pixel colour", noisy(1, 1, false, 4)},
		{"odd colour", noisy(17, 9, false, 5)},
		{"odd grey", noisy(9, 17, true, 6)},
	}
	for _, c := range cases {
		for _, q := range []int{1, 30, 82, 100} {
			ours, err := encodeJPEG(c.img, q)
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
			if a.Bounds() != c.img.Bounds() {
				t.Fatalf("%s q%d: decoded %v, want %v", c.name, q, a.Bounds(), c.img.Bounds())
			}
			if _, isGray := c.img.(*image.Gray); isGray != (a.ColorModel() == color.GrayModel) {
				t.Errorf("%s q%d: decodes as %T", c.name, q, a)
			}
			mOurs, _ := Compare(c.img, a)
			mStd, _ := Compare(c.img, b)
			between, _ := Compare(a, b)
			if mOurs > mStd*1.05+0.05 || between > 0.5+mStd/4 {
				t.Errorf("%s q%d: error %.3f (standard library %.3f), %.3f apart", c.name, q, mOurs, mStd, between)
			}
			if n, s := len(ours), std.Len(); float64(n) > float64(s)*1.02+16 {
				t.Errorf("%s q%d: %d bytes, standard library %d", c.name, q, n, s)
			}
		}
	}
}

func TestEncoderRejects(t *testing.T) {
	if _, err := encodeJPEG(image.NewNRGBA(image.Rect(0, 0, 4, 4)), 80); err == nil {
		t.Error("NRGBA accepted")
	}
	if _, err := encodeJPEG(image.NewGray(image.Rect(0, 0, 0, 4)), 80); err == nil {
		t.Error("empty image accepted")
	}
}

// TestEncoderStuffsMarkers encodes noise, whose entropy-coded data is full
// of 0xff bytes, and checks no marker other than the frame's appears.
func TestEncoderStuffsMarkers(t *testing.T) {
	img := noisy(256, 256, false, 9)
	out, err := encodeJPEG(img, 100)
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

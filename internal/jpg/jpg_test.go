package jpg

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"
)

var samples = []string{"420.jpg", "422.jpg", "444.jpg", "progressive.jpg", "gray.jpg", "cmyk.jpg"}

func read(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// At full size the decoder is the standard library's: the same type and
// the same pixels.
func TestWholeIsImageJPEG(t *testing.T) {
	for _, name := range samples {
		data := read(t, name)
		want, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		got, err := Decode(data, 0)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if g, w := typeName(got), typeName(want); g != w {
			t.Fatalf("%s: %s, image/jpeg gives %s", name, g, w)
		}
		if got.Bounds() != want.Bounds() {
			t.Fatalf("%s: bounds %v, want %v", name, got.Bounds(), want.Bounds())
		}
		if d := maxDiff(got, want, 1); d != 0 {
			t.Errorf("%s: pixels differ by up to %d", name, d)
		}
	}
}

// Decoded at 1/2, 1/4 and 1/8, each pixel is the mean of the pixels it
// covers in the whole picture, to the rounding of the two transforms.
func TestReducedIsMeanOfWhole(t *testing.T) {
	for _, name := range samples {
		data := read(t, name)
		whole, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		for shift := 1; shift <= 3; shift++ {
			got, err := Decode(data, shift)
			if err != nil {
				t.Fatalf("%s at 1/%d: %v", name, 1<<shift, err)
			}
			b := whole.Bounds()
			k := 1 << shift
			if w, h := (b.Dx()+k-1)/k, (b.Dy()+k-1)/k; got.Bounds() != image.Rect(0, 0, w, h) {
				t.Fatalf("%s at 1/%d: bounds %v, want %dx%d", name, k, got.Bounds(), w, h)
			}
			// luminance (or grey) is the mean of the whole's to the rounding of both
			if d := lumaDiff(got, whole, k); d > 2 {
				t.Errorf("%s at 1/%d: a pixel's luminance differs from the mean of the whole's by %d levels", name, k, d)
			}
			// colour is subsampled in both, at a coarser scale in the
			// reduced one, so it is held to its mean difference
			if m := meanDiff(got, meanOf(whole, k)); m > 3.5 {
				t.Errorf("%s at 1/%d: mean difference %.2f levels", name, k, m)
			}
		}
	}
}

// A picture cut short fails at every scale, as the check before make-up
// relies on.
func TestTruncatedFailsAtEveryScale(t *testing.T) {
	data := read(t, "420.jpg")
	short := data[:len(data)*2/3]
	if _, err := jpeg.Decode(bytes.NewReader(short)); err == nil {
		t.Fatal("image/jpeg decodes the truncated picture: the test is moot")
	}
	for shift := range 4 {
		if _, err := Decode(short, shift); err == nil {
			t.Errorf("a truncated picture decodes at 1/%d", 1<<shift)
		}
	}
}

func typeName(m image.Image) string {
	switch m.(type) {
	case *image.Gray:
		return "Gray"
	case *image.YCbCr:
		return "YCbCr"
	case *image.RGBA:
		return "RGBA"
	case *image.CMYK:
		return "CMYK"
	}
	return "other"
}

// meanOf averages img over squares of k pixels (partial ones at the right
// and bottom edges over the pixels they have), in RGB.
func meanOf(img image.Image, k int) *image.RGBA {
	b := img.Bounds()
	w, h := (b.Dx()+k-1)/k, (b.Dy()+k-1)/k
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			var r, g, bl, n uint32
			for yy := y * k; yy < min((y+1)*k, b.Dy()); yy++ {
				for xx := x * k; xx < min((x+1)*k, b.Dx()); xx++ {
					c := color.RGBAModel.Convert(img.At(b.Min.X+xx, b.Min.Y+yy)).(color.RGBA)
					r, g, bl, n = r+uint32(c.R), g+uint32(c.G), bl+uint32(c.B), n+1
				}
			}
			out.SetRGBA(x, y, color.RGBA{uint8((r + n/2) / n), uint8((g + n/2) / n), uint8((bl + n/2) / n), 255})
		}
	}
	return out
}

// lumaDiff is the largest difference between the luminance (or grey) of
// a reduced picture and the mean over squares of k of the whole one's,
// leaving out the partial squares at the right and bottom edges; 0 for
// pictures of other types.
func lumaDiff(got, whole image.Image, k int) int {
	plane := func(m image.Image) ([]uint8, int) {
		switch m := m.(type) {
		case *image.YCbCr:
			return m.Y, m.YStride
		case *image.Gray:
			return m.Pix, m.Stride
		}
		return nil, 0
	}
	g, gs := plane(got)
	w, ws := plane(whole)
	if g == nil || w == nil {
		return 0
	}
	b := whole.Bounds()
	worst := 0
	for y := 0; y < b.Dy()/k; y++ {
		for x := 0; x < b.Dx()/k; x++ {
			var s int
			for yy := y * k; yy < (y+1)*k; yy++ {
				for xx := x * k; xx < (x+1)*k; xx++ {
					s += int(w[yy*ws+xx])
				}
			}
			d := (s+k*k/2)/(k*k) - int(g[y*gs+x])
			worst = max(worst, d, -d)
		}
	}
	return worst
}

// maxDiff is the largest difference on any channel between a and b,
// leaving out the last k pixels of each edge, where a reduced picture's
// partial blocks stand for fewer pixels.
func maxDiff(a, b image.Image, k int) int {
	r := a.Bounds().Intersect(b.Bounds())
	worst := 0
	for y := r.Min.Y; y < r.Max.Y-1; y++ {
		for x := r.Min.X; x < r.Max.X-1; x++ {
			ca := color.RGBAModel.Convert(a.At(x, y)).(color.RGBA)
			cb := color.RGBAModel.Convert(b.At(x, y)).(color.RGBA)
			for _, d := range []int{int(ca.R) - int(cb.R), int(ca.G) - int(cb.G), int(ca.B) - int(cb.B)} {
				worst = max(worst, d, -d)
			}
		}
	}
	return worst
}

func meanDiff(a, b image.Image) float64 {
	r := a.Bounds().Intersect(b.Bounds())
	var sum, n float64
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			ca := color.RGBAModel.Convert(a.At(x, y)).(color.RGBA)
			cb := color.RGBAModel.Convert(b.At(x, y)).(color.RGBA)
			for _, d := range []int{int(ca.R) - int(cb.R), int(ca.G) - int(cb.G), int(ca.B) - int(cb.B)} {
				sum += float64(max(d, -d))
				n++
			}
		}
	}
	return sum / n
}

// BenchmarkDecode decodes a 1600×900 photo whole and at each reduced
// scale, and with image/jpeg for comparison.
func BenchmarkDecode(b *testing.B) {
	src, err := jpeg.Decode(bytes.NewReader(read(b, "420.jpg")))
	if err != nil {
		b.Fatal(err)
	}
	// a larger picture of the same kind: the sample tiled
	big := image.NewRGBA(image.Rect(0, 0, 1600, 900))
	for y := 0; y < 900; y++ {
		for x := 0; x < 1600; x++ {
			big.Set(x, y, src.At(x%src.Bounds().Dx(), y%src.Bounds().Dy()))
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, big, &jpeg.Options{Quality: 85}); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.Run("image-jpeg", func(b *testing.B) {
		for b.Loop() {
			if _, err := jpeg.Decode(bytes.NewReader(data)); err != nil {
				b.Fatal(err)
			}
		}
	})
	for shift := range 4 {
		b.Run("1/"+string(rune('0'+(1<<shift))), func(b *testing.B) {
			for b.Loop() {
				if _, err := Decode(data, shift); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// A block of its DC alone comes out of the shortcut as idct makes it,
// for every DC of 8-bit samples and far beyond (idct overflows near 2^14).
func TestDCLevelIsIDCT(t *testing.T) {
	for dc := int32(-8192); dc <= 8192; dc++ {
		var b block
		b[0] = dc
		idct(&b)
		for i, v := range b {
			if v != dcLevel(dc) {
				t.Fatalf("DC %d: idct gives %d at %d, dcLevel %d", dc, v, i, dcLevel(dc))
			}
		}
	}
}

// FuzzDecode feeds damaged pictures to the decoder at every scale: it may
// refuse them, never panic.
func FuzzDecode(f *testing.F) {
	for _, name := range samples {
		f.Add(read(f, name), uint16(0), byte(0))
		f.Add(read(f, name), uint16(700), byte(0xff))
	}
	f.Fuzz(func(t *testing.T, data []byte, at uint16, v byte) {
		if len(data) > 0 {
			data = append([]byte(nil), data...)
			data[int(at)%len(data)] ^= v
		}
		for shift := range 4 {
			Decode(data, shift)
		}
	})
}

// Pictures with bytes changed here and there decode or fail cleanly at
// every scale.
func TestDamagedPictures(t *testing.T) {
	for _, name := range samples {
		data := read(t, name)
		for i := 0; i < 80; i++ {
			d := append([]byte(nil), data...)
			// a few bytes past the headers
			for k := 0; k < 3; k++ {
				p := 600 + (i*7919+k*104729)%(len(d)-600)
				d[p] ^= byte(1 + (i+k)%255)
			}
			for shift := range 4 {
				Decode(d, shift)
			}
		}
	}
}

// TestScan checks the structure check: every sample passes it, as it
// decodes; a picture cut short anywhere past its headers fails it, as it
// fails to decode; so do one with no Huffman tables and one that is not a
// JPEG. Damaged bytes never make it panic.
func TestScan(t *testing.T) {
	for _, name := range samples {
		data := read(t, name)
		if err := Scan(data); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		for cut := 2; cut < len(data); cut += 1 + len(data)/97 {
			if err := Scan(data[:cut]); err == nil {
				t.Errorf("%s cut to %d of %d bytes passes", name, cut, len(data))
			}
			if _, err := Decode(data[:cut], 3); err == nil {
				t.Errorf("%s cut to %d of %d bytes decodes", name, cut, len(data))
			}
		}
		for i := 0; i < 80; i++ {
			d := append([]byte(nil), data...)
			p := 2 + (i*7919)%(len(d)-2)
			d[p] ^= byte(1 + i%255)
			Scan(d)
		}
	}
	data := read(t, "420.jpg")
	// drop the DHT segments
	var noDHT []byte
	for i := 0; i < len(data); {
		if i+4 <= len(data) && data[i] == 0xff && data[i+1] == 0xc4 {
			i += 2 + int(data[i+2])<<8 + int(data[i+3])
			continue
		}
		if i+1 < len(data) && data[i] == 0xff && data[i+1] == 0xda {
			noDHT = append(noDHT, data[i:]...)
			break
		}
		noDHT = append(noDHT, data[i])
		i++
	}
	if len(noDHT) == len(data) {
		t.Fatal("no DHT segment found")
	}
	if err := Scan(noDHT); err == nil {
		t.Error("a picture without Huffman tables passes")
	}
	if err := Scan([]byte("GIF89a not a jpeg")); err == nil {
		t.Error("a GIF passes")
	}
}

// BenchmarkCheck compares the structure check with the decode at an
// eighth that reads the whole data.
func BenchmarkCheck(b *testing.B) {
	data := read(b, "420.jpg")
	b.Run("scan", func(b *testing.B) {
		for b.Loop() {
			if err := Scan(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode-1/8", func(b *testing.B) {
		for b.Loop() {
			if _, err := Decode(data, 3); err != nil {
				b.Fatal(err)
			}
		}
	})
}

package photo

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"testing"
)

// checkPNG finds what makes image/png fail, and passes what it decodes.
func TestCheckPNGAgreesWithDecoder(t *testing.T) {
	var files [][]byte
	for _, img := range []image.Image{
		image.NewGray(image.Rect(0, 0, 37, 23)),
		image.NewGray16(image.Rect(0, 0, 37, 23)),
		image.NewRGBA64(image.Rect(0, 0, 64, 9)),
		image.NewNRGBA(image.Rect(0, 0, 5, 70)),
		image.NewPaletted(image.Rect(0, 0, 19, 19), color.Palette{color.Black, color.White}),
	} {
		b := img.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				img.(interface{ Set(int, int, color.Color) }).Set(x, y, color.RGBA{uint8(x * 7), uint8(y * 3), uint8(x ^ y), 200})
			}
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			t.Fatal(err)
		}
		files = append(files, buf.Bytes())
	}
	// an interlaced picture, written by hand
	files = append(files, interlacedPNG(t))
	for i, f := range files {
		// whole, cut at every length, and with a byte changed
		tries := [][]byte{f}
		for n := 0; n < len(f); n += max(1, len(f)/60) {
			tries = append(tries, f[:n])
		}
		for n := 8; n < len(f); n += max(1, len(f)/40) {
			g := append([]byte{}, f...)
			g[n] ^= 0x5a
			tries = append(tries, g)
		}
		for j, data := range tries {
			_, derr := png.Decode(bytes.NewReader(data))
			cerr := checkPNG(bytes.NewReader(data))
			if (derr == nil) != (cerr == nil) {
				t.Errorf("file %d try %d (%d bytes): decode error %v, check error %v", i, j, len(data), derr, cerr)
			}
		}
	}
}

// interlacedPNG is an 11×9 8-bit grey PNG with Adam7 interlacing.
func interlacedPNG(t *testing.T) []byte {
	t.Helper()
	return interlacedGrey(t, 11, 9)
}

// interlacedGrey writes a w×h 8-bit grey PNG with Adam7 interlacing
// (image/png writes none), every pixel a value of its own.
func interlacedGrey(t *testing.T, w, h int) []byte {
	t.Helper()
	chunk := func(out *bytes.Buffer, typ string, data []byte) {
		var n [4]byte
		binary.BigEndian.PutUint32(n[:], uint32(len(data)))
		out.Write(n[:])
		out.WriteString(typ)
		out.Write(data)
		crc := crc32.NewIEEE()
		crc.Write([]byte(typ))
		crc.Write(data)
		binary.BigEndian.PutUint32(n[:], crc.Sum32())
		out.Write(n[:])
	}
	var raw bytes.Buffer
	for _, p := range [7][4]int{{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}} {
		for y := p[1]; y < h; y += p[3] {
			if p[0] >= w {
				break
			}
			raw.WriteByte(0)
			for x := p[0]; x < w; x += p[2] {
				raw.WriteByte(uint8(x*16 + y))
			}
		}
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(raw.Bytes())
	zw.Close()
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9], ihdr[12] = 8, 0, 1
	chunk(&out, "IHDR", ihdr)
	chunk(&out, "IDAT", z.Bytes())
	chunk(&out, "IEND", nil)
	if _, err := png.Decode(bytes.NewReader(out.Bytes())); err != nil {
		t.Fatalf("hand-made interlaced PNG: %v", err)
	}
	return out.Bytes()
}

// FuzzCheckPNG: checkPNG passes exactly the files image/png decodes.
func FuzzCheckPNG(f *testing.F) {
	for _, img := range []image.Image{image.NewGray(image.Rect(0, 0, 7, 5)), image.NewRGBA64(image.Rect(0, 0, 3, 4)),
		image.NewPaletted(image.Rect(0, 0, 4, 4), color.Palette{color.Black, color.White})} {
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			f.Fatal(err)
		}
		f.Add(buf.Bytes())
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := png.DecodeConfig(bytes.NewReader(data))
		if err != nil || cfg.Width*cfg.Height > 1<<20 {
			return
		}
		_, derr := png.Decode(bytes.NewReader(data))
		cerr := checkPNG(bytes.NewReader(data))
		if (derr == nil) != (cerr == nil) {
			t.Errorf("decode error %v, check error %v", derr, cerr)
		}
	})
}

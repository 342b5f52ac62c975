package pdf

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/fonts"
)

func face(tb testing.TB, family string, weight int, italic bool) *fonts.Face {
	tb.Helper()
	reg, err := fonts.Default()
	if err != nil {
		tb.Fatal(err)
	}
	f, err := reg.Face(family, weight, italic)
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

// run builds a text run at the font's own advances, the way layout does for
// unshaped text.
func run(f *fonts.Face, font string, size, x, y float64, s string) *display.Text {
	t := &display.Text{Font: font, Size: size, X: x, Y: y, Text: s}
	for _, c := range s {
		t.Glyphs = append(t.Glyphs, display.Glyph{ID: f.GlyphID(c), Advance: f.Advance(c), Rune: c})
	}
	return t
}

// setWords places words one run each, left to right in lines within width w.
func setWords(f *fonts.Face, font string, size, x, y, w float64, words []string) ([]display.Item, float64) {
	var items []display.Item
	px, space := x, f.Width(" ", size)
	for _, wd := range words {
		ww := f.Width(wd, size)
		if px > x && px+ww > x+w {
			px, y = x, y+size*1.2
		}
		items = append(items, run(f, font, size, px, y, wd))
		px += ww + space
	}
	return items, y
}

// jpegOf encodes a w×h picture whose colours depend on seed.
func jpegOf(tb testing.TB, w, h, seed int) []byte {
	tb.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x*7 + seed*40), uint8(y*5 + seed*13), uint8(seed * 60), 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 80}); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

func need(t *testing.T, tool string) {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		t.Skipf("%s not installed", tool)
	}
}

// tool runs a command on a PDF held in memory, written to a temporary file.
func tool(t *testing.T, data []byte, name string, args ...string) string {
	t.Helper()
	need(t, name)
	file := t.TempDir() + "/doc.pdf"
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	for i, a := range args {
		if a == "FILE" {
			args[i] = file
		}
	}
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		// qpdf exits 3 for warnings: report them as failures too.
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

func render1(tb testing.TB, doc *display.Document, s Settings) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := Write(context.Background(), &b, doc, s); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

package pdf

import (
	"fmt"
	"math"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/layout/shape"
	"github.com/epaper/epaper/render/raster"
)

// TestAppendRunExpanded checks that a run's expansion is written as Tz,
// once while it holds and back to 100% after, and tracking as Tc to the
// thousandth of a point.
func TestAppendRunExpanded(t *testing.T) {
	serif := face(t, "Source Serif 4", 400, false)
	fn := &font{face: serif}
	r := &pageWriter{oy: 300, used: make([]*runeSet, 1)}
	draw := func(tx *display.Text) string { return string(r.appendRun(nil, tx, fn)) }
	u := func(s string) string { return string(r.appendUTF16(nil, s, fn)) }

	plain := run(serif, "serif", 10, 100, 50, "plain")
	if got := draw(plain); strings.Contains(got, "Tz") {
		t.Errorf("unexpanded run on a fresh page writes Tz: %q", got)
	}
	wide := run(serif, "serif", 10, 100, 50, "wide")
	wide.Expand = 0.015
	if got, want := draw(wide), "BT 101.50 Tz 100.00 250.00 Td ("+u("wide")+") Tj ET\n"; got != want {
		t.Errorf("expanded:\n got %q\nwant %q", got, want)
	}
	again := run(serif, "serif", 10, 120, 50, "again")
	again.Expand = 0.015
	if got := draw(again); strings.Contains(got, "Tz") {
		t.Errorf("Tz written again while it holds: %q", got)
	}
	narrow := run(serif, "serif", 10, 100, 50, "narrow")
	narrow.Expand = -0.02
	narrow.Tracking = 0.125
	if got, want := draw(narrow), "BT 0.125 Tc 98.00 Tz 100.00 250.00 Td ("+u("narrow")+") Tj ET\n"; got != want {
		t.Errorf("narrowed and tracked:\n got %q\nwant %q", got, want)
	}
	if got := draw(plain); !strings.HasPrefix(got, "BT 0 Tc 100.00 Tz ") {
		t.Errorf("Tc and Tz not set back: %q", got)
	}
}

// expandedDoc is a page of lines set at several expansions, with and
// without tracking, shaped English (kerning, ligatures) and Marathi (marks
// placed by offsets) among them.
func expandedDoc(t testing.TB) *display.Document {
	s := shape.New()
	serif := face(t, "Source Serif 4", 400, false)
	deva := face(t, "Noto Serif Devanagari", 400, false)
	doc := &display.Document{Title: "expanded", Created: 1695340800,
		Fonts: map[string][]byte{"serif": serif.Data, "deva": deva.Data}}
	var items []display.Item
	y := 40.0
	for _, e := range []float64{-0.02, -0.005, 0, 0.01, 0.02, 0.15} {
		for _, tr := range []float64{0, 0.18} {
			x := 30.0
			for _, w := range strings.Fields("AVATAR office fluffy Wave justified") {
				r := shaped(s, serif, "serif", 11, x, y, w, "en")
				r.Expand, r.Tracking = e, tr
				items = append(items, r)
				x += r.Width() + 3
			}
			for _, w := range strings.Fields("प्रधानमंत्री महाराष्ट्र") {
				r := shaped(s, deva, "deva", 11, x, y, w, "mr")
				r.Expand = e
				items = append(items, r)
				x += r.Width() + 3
			}
			y += 18
		}
	}
	doc.Pages = []display.Page{{Width: 600, Height: y + 20, Items: items}}
	return doc
}

// TestExpandedPDFMatchesRaster draws runs scaled across (Tz) and tracked
// (Tc) through the PDF and pdftoppm, and through the raster renderer from
// the same display list: the pictures must agree as closely as unscaled
// text does, and not if the raster renderer ignores the scale. pdftotext
// must find each word where its width says it ends.
func TestExpandedPDFMatchesRaster(t *testing.T) {
	need(t, "pdftoppm")
	doc := expandedDoc(t)
	dir := t.TempDir()
	data := render1(t, doc, DefaultSettings())
	if err := os.WriteFile(dir+"/doc.pdf", data, 0o644); err != nil {
		t.Fatal(err)
	}
	const dpi = 144
	if out, err := exec.Command("pdftoppm", "-r", fmt.Sprint(dpi), "-gray", "-png", dir+"/doc.pdf", dir+"/p").CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	pop := readPNG(t, dir+"/p-1.png")
	px := int(doc.Pages[0].Width * dpi / 72)
	ours, err := raster.Draw(doc, 0, px)
	if err != nil {
		t.Fatal(err)
	}
	mad, pct := raster.Compare(pop, ours)
	t.Logf("poppler vs raster renderer: mean abs diff %.3f, %.3f%% of pixels differ", mad, pct)
	if mad > 1 || pct > 1 {
		t.Errorf("poppler and raster differ: mean %.3f, %.3f%% of pixels", mad, pct)
	}
	// control: the same runs drawn unscaled are far from what the PDF draws
	flat := *doc
	flat.Pages = []display.Page{doc.Pages[0]}
	flat.Pages[0].Items = nil
	for _, it := range doc.Pages[0].Items {
		r := *it.(*display.Text)
		r.Expand = 0
		flat.Pages[0].Items = append(flat.Pages[0].Items, &r)
	}
	unscaled, err := raster.Draw(&flat, 0, px)
	if err != nil {
		t.Fatal(err)
	}
	umad, upct := raster.Compare(pop, unscaled)
	t.Logf("poppler vs raster renderer drawing unscaled: mean abs diff %.3f, %.3f%% of pixels differ", umad, upct)
	if upct < 4*pct || upct < 1 {
		t.Errorf("drawn unscaled, the page still matches poppler: mean %.3f, %.3f%%", umad, upct)
	}
	// where pdftotext finds each Latin word ends: at its width
	bbox := tool(t, data, "pdftotext", "-bbox", "FILE", "-")
	re := regexp.MustCompile(`<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>`)
	found := map[string][]float64{}
	for _, m := range re.FindAllStringSubmatch(bbox, -1) {
		a, _ := strconv.ParseFloat(m[1], 64)
		b, _ := strconv.ParseFloat(m[2], 64)
		found[m[3]] = append(found[m[3]], b-a)
	}
	checked := 0
	for _, it := range doc.Pages[0].Items {
		r := it.(*display.Text)
		if r.Font != "serif" || r.Tracking != 0 {
			continue // pdftotext counts the tracking after a word's last glyph
		}
		ws := found[r.Text]
		if len(ws) == 0 {
			t.Fatalf("pdftotext did not find %q", r.Text)
		}
		best := math.Inf(1)
		for _, w := range ws {
			best = math.Min(best, math.Abs(w-r.Width()))
		}
		if best > 0.02 {
			t.Errorf("%q expanded %g: pdftotext measures none of %v as its width %.3f", r.Text, r.Expand, ws, r.Width())
		}
		checked++
	}
	if checked < 20 {
		t.Errorf("only %d words measured", checked)
	}
}

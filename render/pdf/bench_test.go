package pdf

import (
	"bytes"
	"context"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/epaper/epaper/display"
)

// benchDoc is an edition of 24 broadsheet pages, each with about 6,000 words
// placed one run per word in six columns (a headline font, a body face, an
// italic), a rule between columns and a photo.
func benchDoc(tb testing.TB) *display.Document {
	serif := face(tb, "Source Serif 4", 400, false)
	italic := face(tb, "Source Serif 4", 400, true)
	sans := face(tb, "Libre Franklin", 700, false)
	words := strings.Fields(lorem + " Jaipur Lucknow Bengaluru monsoon cricket parliament budget")
	const pw, ph, margin, cols, gutter = 935.43, 1502.36, 34.0, 6, 11.3
	colW := (pw - 2*margin - (cols-1)*gutter) / cols
	doc := &display.Document{
		Title: "Benchmark", Created: 1695340800,
		Fonts: map[string][]byte{"serif": serif.Data, "serif-i": italic.Data, "sans-b": sans.Data},
	}
	for p := 0; p < 24; p++ {
		page := display.Page{Width: pw, Height: ph, Bleed: 8.5, Label: strconv.Itoa(p + 1)}
		page.Items = append(page.Items, run(sans, "sans-b", 36, margin, margin+30, "Page "+strconv.Itoa(p+1)+" headline"),
			&display.Image{X: margin, Y: margin + 40, W: 2*colW + gutter, H: 200, Key: "photo" + strconv.Itoa(p), Data: jpegOf(tb, 480, 320, p)})
		n, k := 0, 0
		for c := 0; c < cols && n < 6000; c++ {
			x := margin + float64(c)*(colW+gutter)
			top := margin + 60.0
			if c < 2 {
				top += 210
			}
			for y := top; y < ph-margin && n < 6000; y += 8.0 {
				px := x
				for n < 6000 {
					w := words[k%len(words)]
					f, id := serif, "serif"
					if k%23 == 0 {
						f, id = italic, "serif-i"
					}
					ww := f.Width(w, 7)
					if px+ww > x+colW {
						break
					}
					page.Items = append(page.Items, run(f, id, 7, px, y, w))
					px += ww + f.Width(" ", 7)
					n, k = n+1, k+1
				}
			}
			if c > 0 {
				page.Items = append(page.Items, &display.Line{X1: x - gutter/2, Y1: top, X2: x - gutter/2, Y2: ph - margin, Width: 0.3, Color: display.Black})
			}
		}
		doc.Pages = append(doc.Pages, page)
	}
	for p := range doc.Pages {
		doc.Outline = append(doc.Outline, display.Bookmark{Title: "Page " + strconv.Itoa(p+1), Page: p})
	}
	return doc
}

func TestBenchDocIsValid(t *testing.T) {
	if testing.Short() {
		t.Skip("large document")
	}
	doc := benchDoc(t)
	words := 0
	for _, it := range doc.Pages[5].Items {
		if _, ok := it.(*display.Text); ok {
			words++
		}
	}
	if words < 5900 {
		t.Fatalf("page holds %d words", words)
	}
	var b bytes.Buffer
	if err := Write(context.Background(), &b, doc, DefaultSettings()); err != nil {
		t.Fatal(err)
	}
	out := tool(t, b.Bytes(), "qpdf", "--check", "FILE")
	if strings.Contains(out, "WARNING") {
		t.Fatal(out)
	}
	got := strings.Fields(tool(t, b.Bytes(), "pdftotext", "-f", "6", "-l", "6", "FILE", "-"))
	if len(got) != words+2 { // and the headline's two words
		t.Errorf("page 6: %d words extracted, want %d", len(got), words+2)
	}
}

func BenchmarkWrite(b *testing.B) {
	doc := benchDoc(b)
	var size int
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		cw := &counter{}
		if err := Write(context.Background(), cw, doc, DefaultSettings()); err != nil {
			b.Fatal(err)
		}
		size = cw.n
	}
	b.ReportMetric(float64(size)/1e6, "MB-pdf")
}

func BenchmarkWritePage(b *testing.B) {
	doc := benchDoc(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := WritePage(context.Background(), io.Discard, doc, 3, DefaultSettings()); err != nil {
			b.Fatal(err)
		}
	}
}

type counter struct{ n int }

func (c *counter) Write(p []byte) (int, error) { c.n += len(p); return len(p), nil }

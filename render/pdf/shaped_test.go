package pdf

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/epaper/epaper/internal/inkcmp"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/fonts"
	"github.com/epaper/epaper/layout/shape"
	"github.com/epaper/epaper/render/raster"
)

// shaped returns a run of word shaped by s, the way layout sets shaped text.
func shaped(s *shape.Shaper, f *fonts.Face, font string, size, x, y float64, word, lang string) *display.Text {
	gl, _ := s.Shape(f, word, lang)
	return &display.Text{Font: font, Size: size, X: x, Y: y, Text: word, Glyphs: gl}
}

// setShaped places shaped words one run each, in lines within width w from
// (x, y), and returns the runs and the words.
func setShaped(t testing.TB, s *shape.Shaper, f *fonts.Face, font, file, lang string, size, x, y, w, bottom float64) ([]display.Item, []string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	var items []display.Item
	var words []string
	px, space := x, f.Width(" ", size)
	for _, wd := range strings.Fields(string(b)) {
		r := shaped(s, f, font, size, px, y, wd, lang)
		if px > x && px+r.Width() > x+w {
			px, y = x, y+size*1.4
			r.X, r.Y = px, y
		}
		if y > bottom {
			break
		}
		items = append(items, r)
		words = append(words, wd)
		px += r.Width() + space
	}
	return items, words
}

// devanagariDoc is two pages of Marathi and Hindi running text, shaped, in
// Noto Serif Devanagari regular and bold, with an English line in Source
// Serif 4 with kerning and ligatures.
func devanagariDoc(t testing.TB) (*display.Document, [][]string) {
	s := shape.New()
	deva := face(t, "Noto Serif Devanagari", 400, false)
	devaB := face(t, "Noto Serif Devanagari", 700, false)
	serif := face(t, "Source Serif 4", 400, false)
	doc := &display.Document{
		Title: "मराठी", Created: 1695340800,
		Fonts: map[string][]byte{"deva": deva.Data, "deva-b": devaB.Data, "serif": serif.Data},
	}
	var words [][]string
	for _, c := range []struct{ file, lang string }{{"udhr-mar.txt", "mr"}, {"udhr-hin.txt", "hi"}} {
		head := shaped(s, devaB, "deva-b", 20, 30, 50, "महाराष्ट्र", c.lang)
		items, ws := setShaped(t, s, deva, "deva", c.file, c.lang, 10, 30, 80, 540, 760)
		en := []string{"office", "fluffy", "AVATAR", "Wave"}
		x := 30.0
		for _, w := range en {
			r := shaped(s, serif, "serif", 12, x, 790, w, "en")
			items = append(items, r)
			x += r.Width() + 5
		}
		doc.Pages = append(doc.Pages, display.Page{Width: 600, Height: 800, Items: append([]display.Item{head}, items...)})
		words = append(words, append(append([]string{"महाराष्ट्र"}, ws...), en...))
	}
	return doc, words
}

// TestShapedTextExtracts renders shaped Marathi and Hindi and checks that
// pdftotext gives back every word as the desk wrote it, and that the file is
// valid.
func TestShapedTextExtracts(t *testing.T) {
	doc, words := devanagariDoc(t)
	data := render1(t, doc, DefaultSettings())
	out := tool(t, data, "qpdf", "--check", "FILE")
	if !strings.Contains(out, "No syntax or stream encoding errors found") || strings.Contains(out, "WARNING") {
		t.Errorf("qpdf --check:\n%s", out)
	}
	for i := range doc.Pages {
		n := fmt.Sprint(i + 1)
		got := strings.Fields(tool(t, data, "pdftotext", "-f", n, "-l", n, "FILE", "-"))
		want := slices.Clone(words[i])
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			missing, extra := diffWords(want, got)
			t.Errorf("page %d: %d words, want %d\nmissing %q\nextra %q", i+1, len(got), len(want), missing, extra)
		} else {
			t.Logf("page %d: all %d words extracted", i+1, len(got))
		}
	}
}

// diffWords returns the words of want missing from got and the words of got
// not in want, both sorted.
func diffWords(want, got []string) (missing, extra []string) {
	n := map[string]int{}
	for _, w := range want {
		n[w]++
	}
	for _, w := range got {
		n[w]--
	}
	for w, k := range n {
		for ; k > 0; k-- {
			missing = append(missing, w)
		}
		for ; k < 0; k++ {
			extra = append(extra, w)
		}
	}
	slices.Sort(missing)
	slices.Sort(extra)
	return missing, extra
}

// TestLigaturesExtract checks that English ligatures are drawn as ligature
// glyphs and still extract as the words.
func TestLigaturesExtract(t *testing.T) {
	s := shape.New()
	serif := face(t, "Source Serif 4", 400, false)
	doc := &display.Document{Created: 1695340800, Fonts: map[string][]byte{"serif": serif.Data}}
	office := shaped(s, serif, "serif", 12, 20, 40, "office", "en")
	fluffy := shaped(s, serif, "serif", 12, 80, 40, "fluffy", "en")
	plainRun := shaped(s, serif, "serif", 12, 140, 40, "nation", "en")
	doc.Pages = []display.Page{{Width: 200, Height: 100, Items: []display.Item{office, fluffy, plainRun}}}
	data := render1(t, doc, uncompressed())
	for _, want := range []string{
		"/Span <</ActualText <FEFF006F00660066006900630065>>> BDC",
		"/Span <</ActualText <FEFF0066006C0075006600660079>>> BDC",
		"\xfb\x03", // ﬃ drawn as the ligature glyph's character
		"\xfb\x02", // ﬂ
		"\xfb\x00", // ﬀ
	} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	if n := bytes.Count(data, []byte("/ActualText")); n != 2 {
		t.Errorf("%d ActualText spans, want 2: a word drawn as its own characters needs none", n)
	}
	got := strings.Fields(tool(t, data, "pdftotext", "FILE", "-"))
	if !slices.Equal(got, []string{"office", "fluffy", "nation"}) {
		t.Errorf("pdftotext: %q", got)
	}
}

func TestAppendActualText(t *testing.T) {
	for s, want := range map[string]string{
		"ab": "/Span <</ActualText <FEFF00610062>>> BDC\n",
		"कि": "/Span <</ActualText <FEFF0915093F>>> BDC\n",
		"a😀": "/Span <</ActualText <FEFF0061D83DDE00>>> BDC\n",
	} {
		if got := string(appendActualText(nil, s)); got != want {
			t.Errorf("%q: %q, want %q", s, got, want)
		}
	}
}

func TestSpells(t *testing.T) {
	serif := face(t, "Source Serif 4", 400, false)
	r := run(serif, "serif", 10, 0, 0, "word")
	if !spells(r) {
		t.Error("plain run")
	}
	r.Glyphs[1].Advance -= 20 // kerned: still spells the word
	if !spells(r) {
		t.Error("kerned run")
	}
	r.Glyphs[1].Rune = 0xE000
	if spells(r) {
		t.Error("PUA glyph")
	}
	r = run(serif, "serif", 10, 0, 0, "kit")
	r.Glyphs[0], r.Glyphs[1] = r.Glyphs[1], r.Glyphs[0]
	if spells(r) {
		t.Error("reordered")
	}
	r.Glyphs = r.Glyphs[:2]
	if spells(r) {
		t.Error("short")
	}
}

// TestShapedSubsetKeepsGlyphs checks that every glyph the shaped pages draw,
// PUA ones included, is in the embedded subset with its outline, composite
// glyphs with their components.
func TestShapedSubsetKeepsGlyphs(t *testing.T) {
	doc, _ := devanagariDoc(t)
	type use struct {
		face  *fonts.Face
		glyph map[rune]uint16
	}
	used := map[string]*use{}
	faces := map[string]*fonts.Face{
		"deva":   face(t, "Noto Serif Devanagari", 400, false),
		"deva-b": face(t, "Noto Serif Devanagari", 700, false),
		"serif":  face(t, "Source Serif 4", 400, false),
	}
	pua := 0
	for _, p := range doc.Pages {
		for _, it := range p.Items {
			tx := it.(*display.Text)
			u := used[tx.Font]
			if u == nil {
				u = &use{faces[tx.Font], map[rune]uint16{}}
				used[tx.Font] = u
			}
			for _, g := range tx.Glyphs {
				u.glyph[g.Rune] = g.ID
				if fonts.IsPUA(g.Rune) {
					pua++
				}
			}
		}
	}
	if pua == 0 {
		t.Fatal("no PUA glyphs drawn")
	}
	d := readQpdf(t, render1(t, doc, DefaultSettings()))
	seen := 0
	for _, o := range d.Objects {
		var v map[string]any
		if json.Unmarshal(o.Value, &v) != nil || v["/Subtype"] != "/CIDFontType2" {
			continue
		}
		font := strings.TrimPrefix(v["/BaseFont"].(string), "/utf8")
		u := used[font]
		cid := d.stream(v["/CIDToGIDMap"].(string))
		desc := d.object(v["/FontDescriptor"].(string))
		ttf := d.stream(desc["/FontFile2"].(string))
		if u == nil || len(cid) != 0x20000 || len(ttf) == 0 {
			t.Fatalf("font %q, CIDToGIDMap of %d bytes, font file of %d", font, len(cid), len(ttf))
		}
		seen++
		for c, orig := range u.glyph {
			gid := int(cid[2*c])<<8 | int(cid[2*c+1])
			want := glyphSize(t, u.face.Data, int(orig))
			got := 0
			if gid != 0 {
				got = glyphSize(t, ttf, gid)
			}
			if got != want && !(want > 0 && got > 0) {
				t.Errorf("font %s: U+%04X (glyph %d) has %d bytes of outline in the subset, %d in the font", font, c, orig, got, want)
			}
		}
	}
	if seen != len(used) {
		t.Errorf("%d fonts embedded, want %d", seen, len(used))
	}
}

// TestShapedPDFMatchesRaster renders the shaped pages with pdftoppm and with
// the raster renderer from the same display list, and compares them.
func TestShapedPDFMatchesRaster(t *testing.T) {
	need(t, "pdftoppm")
	doc, _ := devanagariDoc(t)
	dir := t.TempDir()
	if err := os.WriteFile(dir+"/doc.pdf", render1(t, doc, DefaultSettings()), 0o644); err != nil {
		t.Fatal(err)
	}
	const dpi = 144
	if out, err := exec.Command("pdftoppm", "-r", fmt.Sprint(dpi), "-gray", "-png", dir+"/doc.pdf", dir+"/p").CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	for i, p := range doc.Pages {
		pop := readPNG(t, fmt.Sprintf("%s/p-%d.png", dir, i+1))
		ours, err := raster.Draw(doc, i, int(p.Width*dpi/72))
		if err != nil {
			t.Fatal(err)
		}
		mad, pct := raster.Compare(pop, ours)
		t.Logf("page %d at %d dpi: poppler vs raster renderer: mean abs diff %.3f, %.3f%% of pixels differ by more than %d",
			i+1, dpi, mad, pct, raster.DiffThreshold)
		if mad > 1 || pct > 1 {
			t.Errorf("page %d: poppler and raster differ: mean %.3f, %.3f%% of pixels", i+1, mad, pct)
		}
	}
}

func readPNG(t *testing.T, file string) image.Image {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// hardWords are words whose shaping is easy to get wrong: conjuncts, reph,
// the i sign, nukta, candrabindu, Marathi's eyelash ra, Latin ligatures and
// kerning.
var hardWords = []struct {
	family string
	lang   string
	word   string
}{
	{"Noto Serif Devanagari", "hi", "प्रधानमंत्री"},
	{"Noto Serif Devanagari", "hi", "क्षत्रिय"},
	{"Noto Serif Devanagari", "hi", "ज्ञान"},
	{"Noto Serif Devanagari", "hi", "श्रीमान"},
	{"Noto Serif Devanagari", "hi", "कार्य"},
	{"Noto Serif Devanagari", "hi", "धर्म"},
	{"Noto Serif Devanagari", "hi", "हिंदी"},
	{"Noto Serif Devanagari", "hi", "किताब"},
	{"Noto Serif Devanagari", "hi", "क\u093cिला"},
	{"Noto Serif Devanagari", "hi", "ज़िंदगी"},
	{"Noto Serif Devanagari", "hi", "चाँद"},
	{"Noto Serif Devanagari", "hi", "हँसना"},
	{"Noto Serif Devanagari", "hi", "द्वारा"},
	{"Noto Serif Devanagari", "hi", "स्वतंत्रता"},
	{"Noto Serif Devanagari", "hi", "राष्ट्रीय"},
	{"Noto Serif Devanagari", "mr", "महाराष्ट्र"},
	{"Noto Serif Devanagari", "mr", "मुंबई"},
	{"Noto Serif Devanagari", "mr", "ऱ्हास"},
	{"Source Serif 4", "en", "office"},
	{"Source Serif 4", "en", "fluffy"},
	{"Source Serif 4", "en", "AVATAR"},
	{"Source Serif 4", "en", "Wave"},
}

// TestHardWordsMatchHBView draws each hard word through the PDF at 64 pt,
// rasterizes it with pdftoppm and compares it with hb-view's image of the
// word in the same font at the same size in pixels per em, at 64 and 256 px
// per em. The images are aligned by their ink boxes and measured over the
// larger box (see compareInk); the assertion is on the measure that forgives
// a pixel of placement, since both renderers put glyphs of type this large at
// whole pixels, cairo (in hb-view) at the nearest, poppler at the one at or
// left of the position. The ink boxes must agree within 2 px. As a control,
// each Devanagari word is also drawn unshaped, one glyph per character, and
// must fail the measure.
func TestHardWordsMatchHBView(t *testing.T) {
	need(t, "pdftoppm")
	if _, err := exec.LookPath("hb-view"); err != nil {
		if os.Getenv("EPAPER_TOOL_TESTS") == "1" {
			t.Fatal("hb-view not installed (EPAPER_TOOL_TESTS=1)")
		}
		t.Skip("hb-view not installed (Debian: libharfbuzz-bin)")
	}
	for _, c := range []struct {
		ppem   int
		maxTol float64
	}{{64, 2}, {256, 1}} {
		t.Run(fmt.Sprint(c.ppem), func(t *testing.T) {
			if (testing.Short() || raceDetector) && c.ppem > 64 {
				t.Skip("large images: short mode or the race detector")
			}
			hardWordsMatchHBView(t, c.ppem, c.maxTol)
		})
	}
}

func hardWordsMatchHBView(t *testing.T, ppem int, maxTol float64) {
	const size = 64
	band := 100 * ppem / 64 // px per line of the page
	s := shape.New()
	dir := t.TempDir()
	doc := &display.Document{Created: 1695340800, Fonts: map[string][]byte{}}
	page := display.Page{Width: 500, Height: float64(100 * len(hardWords))}
	files := map[string]string{}
	for i, h := range hardWords {
		f := face(t, h.family, 400, false)
		doc.Fonts[h.family] = f.Data
		page.Items = append(page.Items, shaped(s, f, h.family, size, 40, float64(i*100+70), h.word, h.lang))
		if files[h.family] == "" {
			files[h.family] = filepath.Join(dir, fmt.Sprintf("font%d.ttf", len(files)))
			if err := os.WriteFile(files[h.family], f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	// The control: each Devanagari word set one glyph per character from
	// the cmap, unshaped, as text was set before shaping, one line below.
	for i, h := range hardWords {
		if h.lang != "en" {
			f := face(t, h.family, 400, false)
			page.Items = append(page.Items, run(f, h.family, size, 40, float64((len(hardWords)+i)*100+70), h.word))
		}
	}
	page.Height *= 2
	doc.Pages = []display.Page{page}
	if err := os.WriteFile(dir+"/doc.pdf", render1(t, doc, DefaultSettings()), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-r", fmt.Sprint(72*ppem/size), "-gray", "-png", "-singlefile", dir+"/doc.pdf", dir+"/p").CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	pop := inkcmp.Ink(readPNG(t, dir+"/p.png"))
	for i, h := range hardWords {
		file := filepath.Join(dir, fmt.Sprintf("w%d.png", i))
		out, err := exec.Command("hb-view", "--font-file="+files[h.family], fmt.Sprintf("--font-size=%d", ppem),
			fmt.Sprintf("--margin=%d", ppem/2), "--direction=ltr", "--language="+h.lang, "--output-format=png",
			"--output-file="+file, "--text="+h.word).CombinedOutput()
		if err != nil {
			t.Fatalf("hb-view %s: %v\n%s", h.word, err, out)
		}
		want := inkcmp.Ink(readPNG(t, file))
		got := pop.SubImage(image.Rect(0, i*band, 500*ppem/size, (i+1)*band)).(*image.Gray)
		plain, tol, wb, gb := inkcmp.Compare(want, got)
		line := fmt.Sprintf("%-14s hb-view %3dx%-3d PDF %3dx%-3d mean abs diff %5.2f, tolerant %5.2f",
			h.word, wb.Dx(), wb.Dy(), gb.Dx(), gb.Dy(), plain, tol)
		if !inkcmp.SizesAgree(wb, gb, 2) || tol > maxTol {
			t.Errorf("%s: PDF ink box %v, hb-view's %v, tolerant mean abs diff %.2f", h.word, gb.Size(), wb.Size(), tol)
		}
		if h.lang != "en" {
			k := len(hardWords) + i
			un := pop.SubImage(image.Rect(0, k*band, 500*ppem/size, (k+1)*band)).(*image.Gray)
			uplain, utol, _, _ := inkcmp.Compare(want, un)
			line += fmt.Sprintf("; unshaped %5.2f, tolerant %5.2f", uplain, utol)
			if utol <= maxTol {
				t.Errorf("%s: the unshaped word passes for shaped (tolerant %.2f)", h.word, utol)
			}
		}
		t.Log(line)
	}
}

func TestShapedDeterministic(t *testing.T) {
	doc, _ := devanagariDoc(t)
	a := render1(t, doc, DefaultSettings())
	doc2, _ := devanagariDoc(t)
	if b := render1(t, doc2, DefaultSettings()); !bytes.Equal(a, b) {
		t.Error("the same shaped document gave different bytes")
	}
}

// BenchmarkWriteShaped writes 24 pages of shaped Marathi and Hindi text,
// about 340 words a page, most of them with ActualText.
func BenchmarkWriteShaped(b *testing.B) {
	base, _ := devanagariDoc(b)
	doc := *base
	doc.Pages = nil
	for len(doc.Pages) < 24 {
		doc.Pages = append(doc.Pages, base.Pages...)
	}
	var size int
	b.ReportAllocs()
	for b.Loop() {
		cw := &counter{}
		if err := Write(context.Background(), cw, &doc, DefaultSettings()); err != nil {
			b.Fatal(err)
		}
		size = cw.n
	}
	b.ReportMetric(float64(size)/1e6, "MB-pdf")
}

// BenchmarkWriteKerned is BenchmarkWrite's edition with every word shaped:
// kerning and ligatures, as English editions are set.
func BenchmarkWriteKerned(b *testing.B) {
	doc := benchDoc(b)
	s := shape.New()
	faces := map[string]*fonts.Face{
		"serif":   face(b, "Source Serif 4", 400, false),
		"serif-i": face(b, "Source Serif 4", 400, true),
		"sans-b":  face(b, "Libre Franklin", 700, false),
	}
	for _, p := range doc.Pages {
		for _, it := range p.Items {
			if t, ok := it.(*display.Text); ok {
				var gl []display.Glyph
				for i, w := range strings.Split(t.Text, " ") {
					if i > 0 {
						sp := faces[t.Font].GlyphID(' ')
						gl = append(gl, display.Glyph{ID: sp, Advance: faces[t.Font].Advance(' '), Rune: ' '})
					}
					g, _ := s.Shape(faces[t.Font], w, "en")
					gl = append(gl, g...)
				}
				t.Glyphs = gl
			}
		}
	}
	var size int
	b.ReportAllocs()
	for b.Loop() {
		cw := &counter{}
		if err := Write(context.Background(), cw, doc, DefaultSettings()); err != nil {
			b.Fatal(err)
		}
		size = cw.n
	}
	b.ReportMetric(float64(size)/1e6, "MB-pdf")
}

// TestScriptsExtract renders running text of every Indian script and of
// Urdu, shaped, and checks that pdftotext gives back every word as written
// and no Private Use Area character. Urdu is set right to left, its words'
// glyphs in visual order: its ActualText is reversed for poppler, which
// reads right-to-left characters from the right.
func TestScriptsExtract(t *testing.T) {
	s := shape.New()
	doc := &display.Document{Created: 1695340800, Fonts: map[string][]byte{}}
	var words [][]string
	for _, c := range []struct {
		file, lang, family string
		rtl                bool
	}{
		{"udhr-ben.txt", "bn", "Noto Serif Bengali", false},
		{"udhr-guj.txt", "gu", "Noto Serif Gujarati", false},
		{"udhr-pan.txt", "pa", "Noto Serif Gurmukhi", false},
		{"udhr-kan.txt", "kn", "Noto Serif Kannada", false},
		{"udhr-mal.txt", "ml", "Noto Serif Malayalam", false},
		{"udhr-tam.txt", "ta", "Noto Serif Tamil", false},
		{"udhr-tel.txt", "te", "Noto Serif Telugu", false},
		{"udhr-urd.txt", "ur", "Noto Nastaliq Urdu", true},
	} {
		f := face(t, c.family, 400, false)
		doc.Fonts[c.family] = f.Data
		b, err := os.ReadFile(filepath.Join("..", "..", "layout", "shape", "testdata", c.file))
		if err != nil {
			t.Fatal(err)
		}
		var items []display.Item
		var ws []string
		const left, right, size = 30.0, 570.0, 10.0
		lead := size * 1.6
		if c.rtl {
			lead = size * 2.6
		}
		y, px, space := 40.0, left, f.Width(" ", size)
		if c.rtl {
			px = right
		}
		for _, w := range strings.Fields(string(b)) {
			var gl []display.Glyph
			if c.rtl {
				gl, _ = s.ShapeRTL(f, w, c.lang)
			} else {
				gl, _ = s.Shape(f, w, c.lang)
			}
			r := &display.Text{Font: c.family, Size: size, Text: w, Glyphs: gl}
			wd := r.Width()
			if (!c.rtl && px > left && px+wd > right) || (c.rtl && px < right && px-wd < left) {
				px, y = map[bool]float64{false: left, true: right}[c.rtl], y+lead
			}
			if y > 780 {
				break
			}
			r.X, r.Y = px, y
			if c.rtl {
				r.X = px - wd
				px -= wd + space
			} else {
				px += wd + space
			}
			items = append(items, r)
			ws = append(ws, w)
		}
		doc.Pages = append(doc.Pages, display.Page{Width: 600, Height: 800, Items: items})
		words = append(words, ws)
	}
	data := render1(t, doc, DefaultSettings())
	for i := range doc.Pages {
		n := fmt.Sprint(i + 1)
		text := tool(t, data, "pdftotext", "-f", n, "-l", n, "FILE", "-")
		for _, r := range text {
			if fonts.IsPUA(r) {
				t.Errorf("page %d: Private Use Area character U+%04X extracted", i+1, r)
				break
			}
		}
		got := bare(strings.Fields(text))
		want := bare(words[i])
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			missing, extra := diffWords(want, got)
			t.Errorf("page %d: %d words, want %d\nmissing %q\nextra %q", i+1, len(got), len(want), missing, extra)
		} else {
			t.Logf("page %d: all %d words extracted", i+1, len(got))
		}
	}
}

// bare returns words without their punctuation and without the direction
// marks pdftotext puts round right-to-left text: a comma or full stop at the
// end of an Urdu word comes out on either side of it.
func bare(words []string) []string {
	out := make([]string, 0, len(words))
	for _, w := range words {
		w = strings.Map(func(r rune) rune {
			if unicode.IsPunct(r) || (r >= 0x202a && r <= 0x202e) {
				return -1
			}
			return r
		}, w)
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

func TestExtractionText(t *testing.T) {
	for in, want := range map[string]string{
		"office":  "office",
		"تحفّظ":   "ظّفحت",
		"(آزادی)": ")یدازآ(",
		"۱۹۴۸":    "۱۹۴۸",
		"۱۰۔":     "۔۱۰",
		"कि":      "कि",
	} {
		if got := extractionText(&display.Text{Text: in}); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

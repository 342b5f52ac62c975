package shape

import (
	"encoding/json"
	"fmt"
	"github.com/epaper/epaper/internal/inkcmp"
	"image"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/fonts"
)

// needTool skips the test when a command-line tool is missing, unless
// EPAPER_TOOL_TESTS=1 asks for every tool test to run.
func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("EPAPER_TOOL_TESTS") == "1" {
			t.Fatalf("%s not installed (EPAPER_TOOL_TESTS=1)", name)
		}
		t.Skipf("%s not installed (Debian: libharfbuzz-bin)", name)
	}
}

// fontFile writes a face's original font to a temporary file for the tools.
func fontFile(t *testing.T, f *fonts.Face, files map[*fonts.Face]string) string {
	t.Helper()
	if p, ok := files[f]; ok {
		return p
	}
	p := filepath.Join(t.TempDir(), "font.ttf")
	if err := os.WriteFile(p, f.Data, 0o644); err != nil {
		t.Fatal(err)
	}
	files[f] = p
	return p
}

// TestMatchesHBShape compares glyph ids and positions with HarfBuzz's own
// hb-shape on the same font: they must agree exactly, in font units.
func TestMatchesHBShape(t *testing.T) {
	needTool(t, "hb-shape")
	s := New()
	files := map[*fonts.Face]string{}
	for _, h := range allHard() {
		f := face(t, h.family, h.weight)
		out, err := exec.Command("hb-shape", "--font-file="+fontFile(t, f, files),
			"--output-format=json", "--no-glyph-names", "--direction="+dirOf(h),
			"--language="+h.lang, "--text="+h.word).Output()
		if err != nil {
			t.Fatalf("hb-shape %s: %v", h.word, err)
		}
		var want []struct{ G, Cl, Dx, Dy, Ax, Ay int }
		if err := json.Unmarshal(out, &want); err != nil {
			t.Fatalf("hb-shape %s: %v\n%s", h.word, err, out)
		}
		got, _ := shapeHard(s, f, h)
		fi := s.face(f)
		units := shapeUnits(t, s, f, h.word, h.lang, h.rtl)
		same := len(got) == len(want) && len(units) == len(want)
		for i := 0; same && i < len(want); i++ {
			w := want[i]
			u := units[i]
			same = int(got[i].ID) == w.G && u == [3]int{w.Ax, w.Dx, w.Dy} &&
				got[i].Advance == toMilli(w.Ax, fi.upem) && got[i].XOff == toMilli(w.Dx, fi.upem) &&
				got[i].YOff == toMilli(w.Dy, fi.upem)
		}
		if !same {
			t.Errorf("%s (%s, %s): shaped\n  %v\nhb-shape\n  %v", h.word, h.what, h.lang, got, want)
		}
	}
}

// shapeUnits shapes a word again without the cache and returns each glyph's
// advance and offsets in font units.
func shapeUnits(t *testing.T, s *Shaper, f *fonts.Face, word, lang string, rtl bool) [][3]int {
	t.Helper()
	fi := s.face(f)
	w := s.worker()
	defer s.release(w)
	fi2 := faceInfo{font: fi.font, prep: fi.prep, err: fi.err}
	fi2.upem = 1000 // toMilli is then the identity: font units come out
	e := w.shape(f, &fi2, word, lang, rtl)
	out := make([][3]int, len(e.glyphs))
	for i, g := range e.glyphs {
		out[i] = [3]int{g.Advance, g.XOff, g.YOff}
	}
	return out
}

// dirOf is a hard word's direction as hb-shape and hb-view take it.
func dirOf(h hardWord) string {
	if h.rtl {
		return "rtl"
	}
	return "ltr"
}

// hbViewSize is the size in pixels per em both renderings use.
const hbViewSize = 64

// TestMatchesHBView draws each hard word from its shaped glyphs and compares
// it with hb-view's drawing of the word in the same font at the same size.
// hb-view draws as SVG, its glyph outlines from FreeType at HarfBuzz's
// positions, and the test fills those outlines with each glyph at the
// nearest whole pixel, as cairo's image backend places them: Debian's cairo
// (1.16) loses ink in its PNG of some glyphs these fonts hold (the right half
// of Tamil's kṣa ligature, the dots under Nastaliq's pe) that its SVG of the
// same run draws whole. The two are aligned by their ink boxes and measured
// over the larger box (see inkcmp.Compare): the plain mean absolute grey
// difference (0–255) must stay under maxPlain, the one forgiving a pixel of
// placement under maxTolerant, and the boxes' sizes must agree within 2 px.
// As a control, each word whose shaping changes its glyphs (a conjunct, a
// ligature, a joining form) is also drawn unshaped, one glyph per character
// from the cmap, and must fail the tolerant measure.
func TestMatchesHBView(t *testing.T) {
	needTool(t, "hb-view")
	s := New()
	files := map[*fonts.Face]string{}
	dir := t.TempDir()
	for i, h := range allHard() {
		f := face(t, h.family, h.weight)
		file := filepath.Join(dir, fmt.Sprintf("w%d.svg", i))
		out, err := exec.Command("hb-view", "--font-file="+fontFile(t, f, files),
			fmt.Sprintf("--font-size=%d", hbViewSize), "--margin=32", "--direction="+dirOf(h),
			"--language="+h.lang, "--output-format=svg", "--output-file="+file,
			"--text="+h.word).CombinedOutput()
		if err != nil {
			t.Fatalf("hb-view %s: %v\n%s", h.word, err, out)
		}
		want := drawSVG(t, file)
		gl, _ := shapeHard(s, f, h)
		got := drawGlyphs(t, f, gl, hbViewSize)
		plain, tol, wb, gb := inkcmp.Compare(want, got)
		line := fmt.Sprintf("%-22s %-26s hb-view %3dx%-3d ours %3dx%-3d mean abs diff %5.2f, tolerant %5.2f",
			h.word, f.ID, wb.Dx(), wb.Dy(), gb.Dx(), gb.Dy(), plain, tol)
		if !inkcmp.SizesAgree(wb, gb, 2) {
			t.Errorf("%s: ink box %v, hb-view's %v", h.word, gb.Size(), wb.Size())
		}
		if plain > maxPlain || tol > maxTolerant {
			t.Errorf("%s: mean abs diff %.2f (at most %.2f), tolerant %.2f (at most %.2f)", h.word, plain, maxPlain, tol, maxTolerant)
		}
		if u := unshaped(f, h.word).glyphs; h.lang != "en" && !sameIDs(gl, u) {
			if h.rtl {
				u = slices.Clone(u)
				slices.Reverse(u)
			}
			uplain, utol, _, _ := inkcmp.Compare(want, drawGlyphs(t, f, u, hbViewSize))
			line += fmt.Sprintf("; unshaped %5.2f, tolerant %5.2f", uplain, utol)
			if utol <= maxTolerant {
				t.Errorf("%s: the unshaped word passes for shaped (tolerant %.2f)", h.word, utol)
			}
		}
		t.Log(line)
	}
}

// sameIDs reports whether two glyph runs hold the same glyphs as a set in
// order, either way round: shaping moved marks at most.
func sameIDs(a, b []display.Glyph) bool {
	if len(a) != len(b) {
		return false
	}
	fwd, rev := true, true
	for i := range a {
		fwd = fwd && a[i].ID == b[i].ID
		rev = rev && a[i].ID == b[len(b)-1-i].ID
	}
	return fwd || rev
}

// drawSVG fills the glyph outlines of hb-view's SVG, cairo's: each glyph a
// <symbol> of one path (M, L, C and Z in pixels, y down) drawn by a <use>
// at its position, here rounded to the nearest whole pixel.
func drawSVG(t *testing.T, file string) *image.Gray {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("%s: number %q: %v", file, s, err)
		}
		return v
	}
	attr := func(tag, name string) string {
		i := strings.Index(tag, " "+name+"=\"")
		if i < 0 {
			return ""
		}
		rest := tag[i+len(name)+3:]
		return rest[:strings.IndexByte(rest, '"')]
	}
	paths := map[string]string{}
	for _, sym := range strings.Split(src, "<symbol")[1:] {
		end := strings.Index(sym, "</symbol>")
		if end < 0 {
			continue
		}
		d := ""
		if p := strings.Index(sym[:end], "<path"); p >= 0 {
			d = attr(sym[p:end], "d")
		}
		paths[attr(sym, "id")] = d
	}
	w := int(num(strings.TrimSuffix(attr(src[strings.Index(src, "<svg"):], "width"), "pt")) + 0.5)
	h := int(num(strings.TrimSuffix(attr(src[strings.Index(src, "<svg"):], "height"), "pt")) + 0.5)
	var z filler
	for _, use := range strings.Split(src, "<use")[1:] {
		use = use[:strings.IndexByte(use, '>')]
		d := paths[strings.TrimPrefix(attr(use, "xlink:href"), "#")]
		ox, oy := math.Round(num(attr(use, "x"))), math.Round(num(attr(use, "y")))
		f := strings.Fields(d)
		pt := func(i int) vec { return vec{ox + num(f[i]), oy + num(f[i+1])} }
		for i := 0; i < len(f); {
			switch f[i] {
			case "M":
				z.moveTo(pt(i + 1))
				i += 3
			case "L":
				z.lineTo(pt(i + 1))
				i += 3
			case "C":
				z.curveTo(pt(i+1), pt(i+3), pt(i+5))
				i += 7
			case "Z":
				z.close()
				i++
			default:
				t.Fatalf("%s: path command %q", file, f[i])
			}
		}
		z.close()
	}
	return z.draw(w, h)
}

// maxPlain and maxTolerant bound the two measures of inkcmp.Compare
// between our drawing of a word and hb-view's. Both place glyphs at the
// nearest whole pixel, and shaped words come within 0.1–3.7 levels plain
// (3.7 where one glyph's rounding falls the other way) and 0.1–0.4
// tolerant; the same words unshaped cost 2 (मुंबई, whose marks only move)
// to 85 (reph, conjuncts, Nastaliq's cascade) tolerant.
const (
	maxPlain    = 5.0
	maxTolerant = 2.0
)

func readPNG(t *testing.T, file string) image.Image {
	t.Helper()
	r, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	img, err := png.Decode(r)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// drawGlyphs rasterizes shaped glyphs at size px per em: pen positions
// summed in thousandths of an em, as the renderers sum them, and scaled once.
func drawGlyphs(t *testing.T, f *fonts.Face, gl []display.Glyph, px float64) *image.Gray {
	t.Helper()
	sf, err := sfnt.Parse(f.Data)
	if err != nil {
		t.Fatal(err)
	}
	adv := 0
	for _, g := range gl {
		adv += g.Advance
	}
	w := int(float64(adv)*px/1000 + 2*px)
	h := int(3 * px)
	ox, oy := px, 2*px
	var z filler
	var buf sfnt.Buffer
	pen := 0
	for _, g := range gl {
		segs, err := sf.LoadGlyph(&buf, sfnt.GlyphIndex(g.ID), fixed.I(int(px)), nil)
		if err != nil {
			t.Fatal(err)
		}
		// hb-view draws with cairo, whose image backend (1.16, Debian 12)
		// puts each glyph at the nearest whole pixel: so does this.
		x := math.Round(ox + float64(pen+g.XOff)*px/1000)
		y := math.Round(oy - float64(g.YOff)*px/1000)
		pen += g.Advance
		pt := func(p fixed.Point26_6) vec {
			return vec{x + float64(p.X)/64, y + float64(p.Y)/64}
		}
		for _, sg := range segs {
			switch sg.Op {
			case sfnt.SegmentOpMoveTo:
				z.moveTo(pt(sg.Args[0]))
			case sfnt.SegmentOpLineTo:
				z.lineTo(pt(sg.Args[0]))
			case sfnt.SegmentOpQuadTo:
				z.quadTo(pt(sg.Args[0]), pt(sg.Args[1]))
			case sfnt.SegmentOpCubeTo:
				z.curveTo(pt(sg.Args[0]), pt(sg.Args[1]), pt(sg.Args[2]))
			}
		}
		z.close()
	}
	return z.draw(w, h)
}

type vec struct{ x, y float64 }

// filler is a small non-zero winding rasterizer: outlines flattened to
// lines, 16 sample rows per pixel row, exact horizontal coverage.
type filler struct {
	edges       [][2]vec
	start, last vec
}

func (z *filler) moveTo(p vec) { z.close(); z.start, z.last = p, p }
func (z *filler) lineTo(p vec) { z.edges = append(z.edges, [2]vec{z.last, p}); z.last = p }
func (z *filler) close() {
	if z.last != z.start {
		z.lineTo(z.start)
	}
}

// quadTo flattens a quadratic as the cubic it equals.
func (z *filler) quadTo(c, p vec) {
	p0 := z.last
	z.curveTo(vec{p0.x + 2*(c.x-p0.x)/3, p0.y + 2*(c.y-p0.y)/3}, vec{p.x + 2*(c.x-p.x)/3, p.y + 2*(c.y-p.y)/3}, p)
}

// curveTo flattens a cubic in 32 steps.
func (z *filler) curveTo(c1, c2, p vec) {
	p0 := z.last
	for i := 1; i <= 32; i++ {
		t := float64(i) / 32
		u := 1 - t
		z.lineTo(vec{
			u*u*u*p0.x + 3*u*u*t*c1.x + 3*u*t*t*c2.x + t*t*t*p.x,
			u*u*u*p0.y + 3*u*u*t*c1.y + 3*u*t*t*c2.y + t*t*t*p.y,
		})
	}
}

func (z *filler) draw(w, h int) *image.Gray {
	const rows = 16
	type crossing struct {
		x   float64
		dir int
	}
	// Each edge adds its crossings to the sample rows it spans.
	xs := make([][]crossing, h*rows)
	for _, e := range z.edges {
		a, b := e[0], e[1]
		dir := 1
		if a.y > b.y {
			a, b, dir = b, a, -1
		}
		first := max(0, int(math.Ceil(a.y*rows-0.5)))
		for k := first; k < h*rows; k++ {
			y := (float64(k) + 0.5) / rows
			if y >= b.y {
				break
			}
			xs[k] = append(xs[k], crossing{a.x + (y-a.y)*(b.x-a.x)/(b.y-a.y), dir})
		}
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	cover := make([]float64, w)
	for py := 0; py < h; py++ {
		clear(cover)
		for sub := 0; sub < rows; sub++ {
			row := xs[py*rows+sub]
			sort.Slice(row, func(i, j int) bool { return row[i].x < row[j].x })
			wind := 0
			for i := 0; i+1 < len(row); i++ {
				wind += row[i].dir
				if wind == 0 {
					continue
				}
				x0, x1 := math.Max(row[i].x, 0), math.Min(row[i+1].x, float64(w))
				for x := int(x0); x < w && float64(x) < x1; x++ {
					l, r := math.Max(x0, float64(x)), math.Min(x1, float64(x+1))
					if r > l {
						cover[x] += (r - l) / rows
					}
				}
			}
		}
		for x, c := range cover {
			out.Pix[py*out.Stride+x] = uint8(math.Round(255 * math.Min(c, 1)))
		}
	}
	return out
}

// corpusWords returns the distinct words of a test text, as the typesetter
// cuts them: at spaces, punctuation attached.
func corpusWords(t testing.TB, file string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var out []string
	for _, w := range strings.Fields(string(b)) {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// TestCorpusMatchesHBShape shapes every distinct word of the test texts and
// compares each with hb-shape, glyph for glyph.
func TestCorpusMatchesHBShape(t *testing.T) {
	needTool(t, "hb-shape")
	files := map[*fonts.Face]string{}
	for _, c := range []struct {
		file, lang, family string
		weight             int
		rtl                bool
	}{
		{"udhr-ben.txt", "bn", beng, 400, false},
		{"udhr-ben.txt", "bn", "Noto Sans Bengali", 700, false},
		{"udhr-guj.txt", "gu", gujr, 400, false},
		{"udhr-pan.txt", "pa", guru, 400, false},
		{"udhr-kan.txt", "kn", knda, 400, false},
		{"udhr-mal.txt", "ml", mlym, 400, false},
		{"udhr-mal.txt", "ml", "Noto Sans Malayalam", 700, false},
		{"udhr-tam.txt", "ta", taml, 400, false},
		{"udhr-tel.txt", "te", telu, 400, false},
		{"udhr-urd.txt", "ur", nasta, 400, true},
		{"udhr-urd.txt", "ur", nasta, 700, true},
		{"udhr-urd.txt", "ur", naskh, 400, true},
		{"udhr-mar.txt", "mr", deva, 400, false},
		{"udhr-hin.txt", "hi", deva, 400, false},
		{"udhr-mar.txt", "mr", deva, 700, false},
		{"protosketch.md", "en", serif, 400, false},
		{"protosketch.md", "en", serif, 700, false},
		{"protosketch.md", "en", news, 400, false},
		{"protosketch.md", "en", "Libre Franklin", 700, false},
	} {
		f := face(t, c.family, c.weight)
		words := corpusWords(t, c.file)
		in := filepath.Join(t.TempDir(), "words.txt")
		if err := os.WriteFile(in, []byte(strings.Join(words, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("hb-shape", "--font-file="+fontFile(t, f, files),
			"--output-format=json", "--no-glyph-names", "--direction="+map[bool]string{false: "ltr", true: "rtl"}[c.rtl],
			"--language="+c.lang, "--text-file="+in).Output()
		if err != nil {
			t.Fatalf("hb-shape: %v", err)
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if len(lines) != len(words) {
			t.Fatalf("%s: hb-shape gave %d lines for %d words", c.file, len(lines), len(words))
		}
		s := New()
		bad := 0
		for i, w := range words {
			var want []struct{ G, Cl, Dx, Dy, Ax, Ay int }
			if err := json.Unmarshal([]byte(lines[i]), &want); err != nil {
				t.Fatalf("%s: %v", w, err)
			}
			units := shapeUnits(t, s, f, w, c.lang, c.rtl)
			got, _ := shapeHard(s, f, hardWord{word: w, lang: c.lang, rtl: c.rtl})
			same := len(got) == len(want)
			for k := 0; same && k < len(want); k++ {
				same = int(got[k].ID) == want[k].G && units[k] == [3]int{want[k].Ax, want[k].Dx, want[k].Dy}
			}
			if !same {
				bad++
				if bad <= 5 {
					t.Errorf("%s %s: shaped\n  %v %v\nhb-shape\n  %v", f.ID, w, got, units, want)
				}
			}
		}
		t.Logf("%-14s %-26s %4d words, %d differ from hb-shape", c.file, f.ID, len(words), bad)
		if bad > 0 {
			t.Errorf("%s in %s: %d of %d words differ from hb-shape", c.file, f.ID, bad, len(words))
		}
	}
}

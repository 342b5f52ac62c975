package makeup

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/layout/hyph"
	"github.com/epaper/epaper/layout/shape"
	"github.com/epaper/epaper/layout/typeset"
)

// udhrStories makes a day's stories of a language from the shaping tests'
// text of the declaration (layout/shape/testdata): each paragraph pair a
// story, the first words its headline.
func udhrStories(t *testing.T, code string, n int) fstest.MapFS {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "shape", "testdata", "udhr-"+code+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	var paras []string
	for _, p := range strings.Split(string(b), "\n\n") {
		if p = strings.TrimSpace(p); len(strings.Fields(p)) > 6 {
			paras = append(paras, p)
		}
	}
	fsys := fstest.MapFS{}
	for i := 0; i < n && 2*i+1 < len(paras); i++ {
		head := strings.Join(strings.Fields(paras[2*i])[:5], " ")
		sec := "Front"
		if i > 0 {
			sec = "Rights"
		}
		src := fmt.Sprintf("---\nheadline: %q\nsection: %s\npriority: %d\nbyline: \"United Nations\"\npublished: \"2020-02-14T08:00:00+05:30\"\n---\n%s\n\n%s\n",
			head, sec, min(i+1, 4), paras[2*i], paras[2*i+1])
		fsys[fmt.Sprintf("s%02d.md", i)] = &fstest.MapFile{Data: []byte(src)}
	}
	return fsys
}

// languageOnly is an edition file that names its language and nothing
// about fonts, body type or digits.
func languageOnly(t *testing.T, lang string) *editions.Edition {
	t.Helper()
	src := fmt.Sprintf("title: \"T\"\nslug: t\nlanguage: %s\npage: { width: 180mm, height: 250mm, margins: 10mm }\ngrid: { columns: 3, gutter: 4mm }\nsections:\n  - { name: Front, pages: 1 }\n  - { name: Rights, pages: 1 }\n", lang)
	ed, err := editions.Parse("e.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return ed
}

// TestScriptEditions makes up an edition in each script from a file that
// names only its language: every character has a face, the body is set in
// the script's serif, and the folios speak the language in its digits.
func TestScriptEditions(t *testing.T) {
	for _, c := range []struct{ code, lang, body, folio2 string }{
		{"ben", "bn", "Noto Serif Bengali", "২"},
		{"guj", "gu", "Noto Serif Gujarati", "૨"},
		{"pan", "pa", "Noto Serif Gurmukhi", "2"},
		{"kan", "kn", "Noto Serif Kannada", "2"},
		{"mal", "ml", "Noto Serif Malayalam", "2"},
		{"tam", "ta", "Noto Serif Tamil", "2"},
		{"tel", "te", "Noto Serif Telugu", "2"},
		{"urd", "ur", "Noto Nastaliq Urdu", "۲"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			ed := languageOnly(t, c.lang)
			var h typeset.Hyphenator
			if x := hyph.ForLanguage(c.lang); x != nil {
				h = x
			}
			res, _ := makeEdition(t, ed, udhrStories(t, c.code, 8), "2020-02-14", h, shape.New())
			for id, m := range res.Missing {
				t.Errorf("%s: no face for %q", id, string(m))
			}
			body, folio := 0, false
			for pi, p := range res.Doc.Pages {
				for _, it := range p.Items {
					tx, ok := it.(*display.Text)
					if !ok {
						continue
					}
					if strings.HasPrefix(tx.Font, c.body+"-") {
						body++
					}
					if pi == 1 && tx.Text == c.folio2 {
						folio = true
					}
				}
			}
			if body < 100 || !folio || len(res.Doc.Pages) < 2 {
				t.Errorf("%d runs in %s, folio %q on page 2: %v, %d pages", body, c.body, c.folio2, folio, len(res.Doc.Pages))
			}
		})
	}
}

// TestUrduMirrored: an Urdu edition's pages read from the right. The
// front page's lead story stands at the right edge of the type area, the
// even page's number at its right (its outer edge in a paper that opens
// from the right), and in every line the words follow one another from
// right to left.
func TestUrduMirrored(t *testing.T) {
	ed := languageOnly(t, "ur")
	res, _ := makeEdition(t, ed, udhrStories(t, "urd", 8), "2020-02-14", nil, shape.New())
	x0, _, w, _ := ed.TypeArea()
	right := x0 + w
	lead := res.Pages[0].Regions
	if len(lead) == 0 {
		t.Fatal("no story on the front page")
	}
	first := lead[0]
	for _, r := range lead {
		if r.Y < first.Y || (r.Y == first.Y && r.X > first.X) {
			first = r
		}
	}
	if math.Abs(first.X+first.W-right) > 0.5 {
		t.Errorf("the front page's first story spans %.1f to %.1f, not to the right edge %.1f", first.X, first.X+first.W, right)
	}
	var num *display.Text
	for _, it := range res.Doc.Pages[1].Items {
		if tx, ok := it.(*display.Text); ok && tx.Text == "۲" && (num == nil || tx.Y < num.Y) {
			num = tx
		}
	}
	if num == nil || math.Abs(num.X+num.Width()-right) > 0.5 {
		t.Errorf("page 2's number %+v is not at the right edge %.1f", num, right)
	}
	arabic := func(s string) bool {
		for _, r := range s {
			if unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r) {
				return true
			}
		}
		return false
	}
	pairs := 0
	for _, p := range res.Doc.Pages {
		for i := 1; i < len(p.Items); i++ {
			a, ok1 := p.Items[i-1].(*display.Text)
			b, ok2 := p.Items[i].(*display.Text)
			if !ok1 || !ok2 || a.Y != b.Y || !arabic(a.Text) || !arabic(b.Text) || math.Abs(a.X-b.X) > ed.ColumnWidth() {
				continue
			}
			pairs++
			if b.X+b.Width() > a.X+0.01 {
				t.Errorf("%q at %.1f follows %q at %.1f: not to its left", b.Text, b.X, a.Text, a.X)
			}
		}
	}
	if pairs < 100 {
		t.Errorf("only %d pairs of neighbouring words", pairs)
	}
}

// TestQuotedScripts: an English story that quotes Bengali, Urdu, Arabic,
// Tamil and Hindi prints every one of them in a bundled face; Chinese
// needs a configured face (fonts: fallback), and with one, prints too.
func TestQuotedScripts(t *testing.T) {
	const body = "The crowd chanted স্বাধীনতা (freedom) and آزادی; the banner read الحرية, the leaflet சுதந்திரம் and स्वतंत्रता."
	story := func(extra string) fstest.MapFS {
		return fstest.MapFS{"q.md": &fstest.MapFile{Data: []byte("---\nheadline: \"Freedom in five scripts\"\nsection: Front\npublished: \"2020-02-14T08:00:00+05:30\"\n---\n" + body + extra + "\n")}}
	}
	ed := languageOnly(t, "en")
	res, _ := makeEdition(t, ed, story(""), "2020-02-14", hyph.English(), shape.New())
	if len(res.Missing) > 0 {
		t.Errorf("missing %q", string(res.Missing["q"]))
	}
	res, _ = makeEdition(t, ed, story(" In Chinese: 自由."), "2020-02-14", hyph.English(), shape.New())
	if got := string(res.Missing["q"]); got != "由自" { // in code point order
		t.Errorf("without a CJK face, missing %q, want 由自", got)
	}
	const droid = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
	if _, err := os.Stat(droid); err != nil {
		if os.Getenv("EPAPER_TOOL_TESTS") == "1" {
			t.Fatalf("%s: %v (Debian: fonts-droid-fallback)", droid, err)
		}
		t.Skipf("no CJK face to configure (Debian: fonts-droid-fallback)")
	}
	ed.Fonts.Fallback = []string{droid}
	res, _ = makeEdition(t, ed, story(" In Chinese: 自由."), "2020-02-14", hyph.English(), shape.New())
	if len(res.Missing) > 0 {
		t.Errorf("with %s, missing %q", droid, string(res.Missing["q"]))
	}
}

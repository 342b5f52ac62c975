package editions

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/epaper/epaper/problem"
)

const good = `title: "The Daily Chronicle"
slug: "chronicle"
language: "en"
timezone: "Asia/Kolkata"
page:  { width: 330mm, height: 530mm, margins: 12mm, bleed: 3mm }
grid:  { columns: 6, gutter: 4mm }
fonts: { body: "Source Serif 4", headline: "Newsreader", sans: "Libre Franklin" }
body:  { size: 9pt, leading: 10.5pt }
sections:
  - { name: "Front", pages: 1 }
  - { name: "World", pages: 2, aliases: ["International"] }
  - { name: "Sport", pages: 1 }
`

func TestParseGood(t *testing.T) {
	ed, err := Parse("e.yaml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(ed.Page.Width.Pt()-935.43) > 0.01 || ed.Grid.Columns != 6 || ed.Body.Leading != 10.5 {
		t.Fatalf("%+v", ed)
	}
	if s, ok := ed.SectionFor("international"); !ok || s != "World" {
		t.Fatalf("alias: %q %v", s, ok)
	}
	if _, ok := ed.SectionFor("Cricket"); ok {
		t.Fatal("unknown section matched")
	}
	if w := ed.ColumnWidth(); w < 134 || w > 136 {
		t.Fatalf("column width %v", w)
	}
}

// TestHangingPunctuation checks that punctuation hangs unless the body
// says otherwise.
func TestHangingPunctuation(t *testing.T) {
	for edit, want := range map[string]bool{
		`body:  { size: 9pt, leading: 10.5pt }`:                             true,
		`body:  { size: 9pt, leading: 10.5pt, hanging_punctuation: false }`: false,
		`body:  { size: 9pt, leading: 10.5pt, hanging_punctuation: true }`:  true,
	} {
		ed, err := Parse("e.yaml", []byte(strings.Replace(good, `body:  { size: 9pt, leading: 10.5pt }`, edit, 1)))
		if err != nil {
			t.Fatal(err)
		}
		if ed.Body.HangingPunctuation != want {
			t.Errorf("%s: hanging punctuation %v", edit, ed.Body.HangingPunctuation)
		}
	}
}

func TestParseErrorsNameLine(t *testing.T) {
	cases := []struct {
		edit, want string
		line       int
	}{
		{`grid:  { columns: 6, gutter: 4mm }`, "", 0},
		{`grid:  { columns: six, gutter: 4mm }`, `grid: columns: "six" is not a whole number`, 6},
		{`grid:  { columns: 6, gutter: 4 }`, "needs a unit", 6},
		{`grid:  { columns: 6, gutter: 4mm, rows: 3 }`, `grid: unknown key "rows"`, 6},
		{`grid:  { columns: 0, gutter: 4mm }`, "1 to 12 columns", 6},
	}
	for _, c := range cases {
		src := strings.Replace(good, `grid:  { columns: 6, gutter: 4mm }`, c.edit, 1)
		_, err := Parse("e.yaml", []byte(src))
		if c.want == "" {
			if err != nil {
				t.Errorf("%s: %v", c.edit, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "e.yaml:6:") {
			t.Errorf("%s: got %v, want %q at line %d", c.edit, err, c.want, c.line)
		}
	}
}

// page_multiple is the press's: the flatplan is planned in its sets.
func TestPageMultiple(t *testing.T) {
	for _, k := range []string{"1", "2", "4"} {
		if _, err := Parse("e.yaml", []byte(good+"page_multiple: "+k+"\n")); err != nil {
			t.Errorf("page_multiple %s: %v", k, err)
		}
	}
}

func TestParseRejects(t *testing.T) {
	for src, want := range map[string]string{
		"":                                       "empty",
		"title: x\nslug: BAD SLUG\nsections: []": "slug",
		good + "unknown: 1\n":                    `unknown key "unknown"`,
		good + "timezone2: x\n":                  "timezone2",
		good + "logo: a.png\n":                   "a logo goes in a template's masthead zone",
		"a: &a [1,2]\nb: *a\n":                   "anchors",
		strings.Replace(good, "Asia/Kolkata", "Mars/Base", 1):             "unknown time zone",
		strings.Replace(good, "leading: 10.5pt", "leading: 8pt", 1):       "leading",
		strings.Replace(good, `slug: "chronicle"`+"\n", "", 1):            "no slug",
		strings.Replace(good, `title: "The Daily Chronicle"`+"\n", "", 1): "title is empty",
		// the good edition plans 4 pages
		good + "page_multiple: 8\n": "add up to 4, not a multiple of page_multiple 8: plan 8 pages",
		good + "page_multiple: 3\n": "add up to 4, not a multiple of page_multiple 3: plan 3 or 6 pages",
	} {
		_, err := Parse("x.yaml", []byte(src))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("want %q, got %v", want, err)
		}
		var es problem.List
		var e *problem.Problem
		if err != nil && !errors.As(err, &es) && !errors.As(err, &e) {
			t.Errorf("error %T is not an edition error", err)
		}
	}
}

func TestLengths(t *testing.T) {
	for s, want := range map[string]float64{"72pt": 72, "1in": 72, "25.4mm": 72, "2.54cm": 72} {
		l, err := ParseLength(s)
		if err != nil || math.Abs(l.Pt()-want) > 1e-9 {
			t.Errorf("%s = %v %v", s, l, err)
		}
	}
	for _, s := range []string{"12", "mm", "-3mm", "3px"} {
		if _, err := ParseLength(s); err == nil {
			t.Errorf("%s accepted", s)
		}
	}
}

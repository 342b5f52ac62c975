package ingest

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/epaper/epaper/problem"

	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/story"
)

func TestGatherSample(t *testing.T) {
	ed, fsys, err := editions.Sample()
	if err != nil {
		t.Fatal(err)
	}
	res, err := Gather(context.Background(), fsys, ed, Options{Date: editions.SampleDate})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, s := range res.Sections {
		n += len(s.Stories)
		for i := 1; i < len(s.Stories); i++ {
			if s.Stories[i].Priority < s.Stories[i-1].Priority {
				t.Errorf("%s: not in priority order", s.Name)
			}
		}
	}
	if n < 40 || n > 70 {
		t.Fatalf("sample has %d stories", n)
	}
	for _, e := range res.Entries {
		if e.Decision != Included {
			t.Errorf("%s: %s %s", e.File, e.Decision, e.Reason)
		}
	}
	if len(res.Warnings) > 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
}

const edYAML = `title: T
slug: t
timezone: Asia/Kolkata
sections:
  - { name: Front, pages: 1 }
  - { name: World, pages: 1, aliases: [International] }
`

func TestGatherDecisions(t *testing.T) {
	ed, err := editions.Parse("e.yaml", []byte(edYAML))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"a.md":         {Data: []byte("---\nheadline: A\nsection: International\npublished: \"2023-09-22T23:30:00+05:30\"\n---\nBody.\n")},
		"b.md":         {Data: []byte("---\nheadline: B\nsection: World\npublished: \"2023-09-22T20:00:00Z\"\n---\nBody.\n")},
		"c.md":         {Data: []byte("---\nheadline: C\nsection: Cricket\npublished: \"2023-09-22T10:00:00+05:30\"\n---\nBody.\n")},
		"d.md":         {Data: []byte("---\nsection: World\n---\nBody.\n")},
		"sub/e.md":     {Data: []byte("---\nheadline: E\nsection: World\npriority: 1\npublished: 2023-09-22\n---\nBody.\n")},
		"README.md":    {Data: []byte("# notes")},
		"photos/x.jpg": {Data: []byte("jpeg")},
		".hidden/f.md": {Data: []byte("---\nheadline: F\n---\n")},
	}
	res, err := Gather(context.Background(), fsys, ed, Options{Date: "2023-09-22"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Decision{}
	for _, e := range res.Entries {
		got[e.File] = e.Decision
	}
	want := map[string]Decision{"a.md": Included, "b.md": OutsideWindow, "c.md": UnknownSection, "d.md": Rejected, "sub/e.md": Included}
	for f, d := range want {
		if got[f] != d {
			t.Errorf("%s: %s, want %s", f, got[f], d)
		}
	}
	if len(got) != len(want) {
		t.Errorf("entries %v", got)
	}
	w := res.Sections[1].Stories
	if len(w) != 2 || w[0].Headline != "E" {
		t.Fatalf("world = %+v", w)
	}
	res, _ = Gather(context.Background(), fsys, ed, Options{AnyDate: true})
	if len(res.Sections[1].Stories) != 3 {
		t.Fatal("--any-date did not include b.md")
	}
}

func TestReadMarkdownErrors(t *testing.T) {
	cases := map[string]string{
		"no front":     "Just text\n",
		"unclosed":     "---\nheadline: x\n",
		"bad yaml":     "---\nheadline: [x\n---\n",
		"no headline":  "---\nsection: World\n---\nBody\n",
		"bad priority": "---\nheadline: X\npriority: high\n---\n",
		"bad date":     "---\nheadline: X\npublished: \"'2015-03-1T09:00:00Z\"\n---\n",
		"bad utf8":     "---\nheadline: X\n---\nok\n\xff\xfe\n",
		"control":      "---\nheadline: X\n---\nbell\x07\n",
		"alias bomb":   "---\na: &a [x, x]\nb: [*a, *a]\nheadline: X\n---\n",
		"wrong type":   "---\nheadline: X\nimages: 3\n---\n",
		"open bracket": "---\nheadline: X\nsection: World\nsubjects: [ a, b\npublished: \"2026-12-04 10:00\"\n---\nBody\n",
	}
	lines := map[string]int{"bad priority": 3, "bad date": 3, "bad utf8": 5, "control": 4, "no headline": 2, "bad yaml": 2, "open bracket": 4}
	for name, src := range cases {
		_, _, err := ReadMarkdown("s.md", []byte(src), nil)
		e, ok := err.(*problem.Problem)
		if !ok {
			t.Errorf("%s: got %v", name, err)
			continue
		}
		if e.File != "s.md" || e.Msg == "" {
			t.Errorf("%s: %+v", name, e)
		}
		if l, ok := lines[name]; ok && e.Line != l {
			t.Errorf("%s: line %d, want %d (%s)", name, e.Line, l, e.Msg)
		}
	}
}

func TestReadMarkdownFields(t *testing.T) {
	src := "---\nheadline: \"NKorea politburo <b>meets</b>\"\nkicker: Diplomacy\ndeck: Officials analyse\nsection: World\npriority: 2\nbyline: IANS\ndateline: \"Seoul, Sep 22\"\npublished: \"2023-09-22T13:53:00+05:30\"\nmood: sunny\nimages:\n  - file: \"photos/kim.jpg\"\n    caption: \"Kim at the meeting\"\n    credit: KCNA\n  - file: \"../../etc/passwd\"\n---\nFirst *para* with **bold** and a [link](http://x.org).\n\n## Crosshead\n\n> A quote\n> continues\n\n* one\n* two\n"
	s, probs, err := ReadMarkdown("world/kim.md", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Headline != "NKorea politburo meets" || s.Priority != 2 || s.Byline != "IANS" || s.Dateline != "Seoul, Sep 22" || s.ID != "kim" {
		t.Fatalf("%+v", s)
	}
	if len(s.Images) != 1 || s.Images[0].File != "world/photos/kim.jpg" || s.Images[0].Credit != "KCNA" {
		t.Fatalf("images %+v", s.Images)
	}
	if len(probs) != 2 || !strings.Contains(probs[0].Msg+probs[1].Msg, "mood") || !strings.Contains(probs[0].Msg+probs[1].Msg, "leaves the sources") {
		t.Fatalf("problems %v", probs)
	}
	kinds := ""
	for _, b := range s.Body {
		kinds += string(b.Kind) + ":" + b.Text() + "|"
	}
	want := "p:First para with bold and a link (http://x.org).|h:Crosshead|quote:A quote continues|p:• one|p:• two|"
	if kinds != want {
		t.Fatalf("body\n got %s\nwant %s", kinds, want)
	}
	sp := s.Body[0].Spans
	if len(sp) != 5 || sp[1].Style != story.Italic || sp[3].Style != story.Bold {
		t.Fatalf("spans %+v", sp)
	}
}

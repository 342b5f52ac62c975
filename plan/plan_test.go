package plan

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/epaper/epaper/problem"
	"github.com/epaper/epaper/story"
)

func TestParse(t *testing.T) {
	p, err := Parse("plan.yaml", []byte(`stories:
  lead-story: { lead: true }
  pinned: { page: 4 }
  late: { hold: true }
  budget:
    print_headline: "Budget passed"
    print_deck: "A short deck"
lock: "1-3"
`))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]story.Desk{
		"lead-story": {Lead: true}, "pinned": {Page: 4}, "late": {Hold: true},
		"budget": {PrintHeadline: "Budget passed", PrintDeck: "A short deck"},
	}
	for id, d := range want {
		if p.Stories[id] != d {
			t.Errorf("%s: %+v, want %+v", id, p.Stories[id], d)
		}
	}
	if !slices.Equal(p.Lock, []int{1, 2, 3}) {
		t.Errorf("lock %v", p.Lock)
	}
}

func TestParseErrorsNameTheLine(t *testing.T) {
	for src, want := range map[string]string{
		"stories:\n  a: { lead: true }\n  b: { pgae: 3 }\n":    `plan.yaml:3: story "b": unknown key "pgae"`,
		"stories:\n  a: { page: four }\n":                      `plan.yaml:2: story "a": cannot unmarshal`,
		"stories:\n  a: { page: -2 }\n":                        `plan.yaml:2: story "a": page -2 is not a page`,
		"lock: [1, x]\n":                                       `plan.yaml:1: lock: "x" is not a page number`,
		"lock: \"3-1\"\n":                                      `plan.yaml:1: lock: "3-1" is not a page`,
		"stories: [a, b]\n":                                    "plan.yaml:1: stories is a mapping",
		"storys:\n  a: { lead: true }\n":                       `plan.yaml:1: unknown key "storys"`,
		"stories:\n  a: { lead: true }\n  a: { hold: true }\n": `plan.yaml:3: story "a" is planned twice (first on line 2)`,
		"stories:\n  a: { lead: true\n":                        "did not find expected",
	} {
		_, err := Parse("plan.yaml", []byte(src))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", src, err, want)
		}
		var l problem.List
		var p *problem.Problem
		if err != nil && !errors.As(err, &l) && !errors.As(err, &p) {
			t.Errorf("%q: %T is not a problem", src, err)
		}
	}
}

func TestApply(t *testing.T) {
	p, err := Parse("plan.yaml", []byte("stories:\n  a: { page: 2, print_headline: \"Print\" }\n  ghost: { hold: true }\n  far: { page: 40 }\nlock: [1, 30]\n"))
	if err != nil {
		t.Fatal(err)
	}
	a := &story.Story{ID: "a", Headline: "Web", Desk: story.Desk{Lead: true, Page: 5}}
	far := &story.Story{ID: "far"}
	probs := p.Apply([]*story.Story{a, far}, 12)
	if a.Desk != (story.Desk{Lead: true, Page: 2, PrintHeadline: "Print"}) {
		t.Errorf("a: %+v: the plan's page and headline over the front matter's, its lead kept", a.Desk)
	}
	if a.PrintHeadline() != "Print" || a.Headline != "Web" {
		t.Errorf("headlines %q %q", a.PrintHeadline(), a.Headline)
	}
	if far.Desk.Page != 0 {
		t.Errorf("a page beyond the edition was pinned: %+v", far.Desk)
	}
	var msgs []string
	for _, p := range probs {
		msgs = append(msgs, p.String())
	}
	got := strings.Join(msgs, "\n")
	for _, want := range []string{`plan.yaml:3: the plan names story "ghost"`, "plan.yaml:4: story \"far\": page 40 is beyond the edition's 12 pages", "plan.yaml:5: lock: page 30 is beyond"} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q:\n%s", want, got)
		}
	}
}

func TestParsePages(t *testing.T) {
	for in, want := range map[string][]int{"1-3": {1, 2, 3}, "2": {2}, "5, 1-2,2": {1, 2, 5}, "": nil} {
		got, err := ParsePages(in)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("%q: %v %v, want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"0", "a", "3-1", "1-", "-2"} {
		if _, err := ParsePages(in); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
}

package ingest

import (
	"strings"
	"testing"

	"github.com/epaper/epaper/story"
)

// The desk's keys in a story's front matter are read as the desk's plan
// reads them; a value that cannot be read is a warning naming its line.
func TestFrontMatterDeskKeys(t *testing.T) {
	src := "---\nheadline: The long web headline of the story\nsection: City\n" +
		"lead: true\npage: 4\nprint_headline: Short head\nprint_deck: A deck for print\n---\nBody.\n"
	s, probs, err := ReadMarkdown("city/a.md", []byte(src), nil)
	if err != nil || len(probs) > 0 {
		t.Fatalf("err %v, problems %v", err, probs)
	}
	want := story.Desk{Lead: true, Page: 4, PrintHeadline: "Short head", PrintDeck: "A deck for print"}
	if s.Desk != want {
		t.Fatalf("desk %+v, want %+v", s.Desk, want)
	}
	if s.PrintHeadline() != "Short head" || s.Headline != "The long web headline of the story" {
		t.Fatalf("print %q web %q", s.PrintHeadline(), s.Headline)
	}

	for _, c := range []struct {
		key, line string
		want      story.Desk
	}{
		{"page", "page: four", story.Desk{}},
		{"page", "page: 0", story.Desk{}},
		{"lead", "lead: perhaps", story.Desk{}},
		// a hold the desk wrote but that cannot be read keeps the story out
		{"hold", "hold: maybe", story.Desk{Hold: true}},
	} {
		src := "---\nheadline: H\nsection: City\n" + c.line + "\n---\nBody.\n"
		s, probs, err := ReadMarkdown("city/b.md", []byte(src), nil)
		if err != nil {
			t.Fatalf("%s: %v", c.line, err)
		}
		if s.Desk != c.want {
			t.Errorf("%s: desk %+v, want %+v", c.line, s.Desk, c.want)
		}
		if len(probs) != 1 || probs[0].Line != 4 || !strings.Contains(probs[0].Msg, c.key) {
			t.Errorf("%s: problems %v, want one on line 4 naming %s", c.line, probs, c.key)
		}
	}
}

package ingest

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/epaper/epaper/problem"
)

// FuzzReadMarkdown: the desk reader never panics; it returns a story with a
// headline and valid text, or an *problem.Problem with a line inside the file.
func FuzzReadMarkdown(f *testing.F) {
	f.Add([]byte("---\nheadline: \"A\"\nsection: World\npriority: 2\npublished: \"2023-09-22T13:53:00+05:30\"\nimages:\n  - file: p.jpg\n    caption: c\n---\nBody *it* **b**.\n\n## Cross\n\n> quote\n\n* item\n"))
	f.Add([]byte("---\nheadline: [x\n---\n"))
	f.Add([]byte("---\na: &a [1]\nb: *a\n---\n"))
	f.Add([]byte("no front matter"))
	f.Add([]byte("---\nheadline: a\u2028x: 1\u2028x: 1\u2028x: 1\u2028b: [\n---\nbody\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, _, err := ReadMarkdown("f.md", data, nil)
		if err != nil {
			var e *problem.Problem
			if !errors.As(err, &e) {
				t.Fatalf("error %T is not *problem.Problem: %v", err, err)
			}
			// YAML front matter breaks lines at CR, NEL and the Unicode
			// line and paragraph separators too.
			lines := 2
			for _, sep := range []string{"\n", "\r", "\u0085", "\u2028", "\u2029"} {
				lines += strings.Count(string(data), sep)
			}
			if e.Line < 0 || e.Line > lines {
				t.Fatalf("line %d outside the file", e.Line)
			}
			return
		}
		if s.Headline == "" {
			t.Fatal("story without a headline")
		}
		for _, b := range s.Body {
			for _, sp := range b.Spans {
				if !utf8.ValidString(sp.Text) {
					t.Fatal("invalid UTF-8 in the body")
				}
			}
		}
	})
}

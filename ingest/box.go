package ingest

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/epaper/epaper/problem"
	"github.com/epaper/epaper/story"
)

// ReadBox reads a box of fixed text the edition names (an editorial, the
// weather, the markets): Markdown, its first line a heading ("# Weather")
// that titles the box, then the text. A box file with front matter is read
// as a desk story, its headline the title.
func ReadBox(name string, data []byte) (*story.Story, error) {
	if !utf8.Valid(data) {
		return nil, problem.At(name, 0, "not UTF-8 text")
	}
	if bytes.HasPrefix(bytes.TrimLeft(data, "\ufeff"), []byte("---")) {
		s, _, err := ReadMarkdown(name, data, time.UTC)
		return s, err
	}
	text := strings.ReplaceAll(strings.TrimPrefix(string(data), "\ufeff"), "\r\n", "\n")
	s := &story.Story{ID: Slug(name), File: name, Format: "box"}
	first, rest, _ := strings.Cut(strings.TrimLeft(text, "\n"), "\n")
	if t, ok := strings.CutPrefix(strings.TrimSpace(first), "#"); ok {
		s.Headline = strings.TrimSpace(strings.TrimLeft(t, "#"))
	} else {
		rest = text
	}
	s.Body = ParseBody(rest)
	if len(s.Body) == 0 {
		return nil, problem.At(name, 0, "%s", fmt.Sprintf("the box has no text"))
	}
	return s, nil
}

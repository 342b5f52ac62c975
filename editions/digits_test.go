package editions

import (
	"io/fs"
	"strings"
	"testing"
)

func TestDigits(t *testing.T) {
	cases := []struct {
		lang, digits string
		devanagari   bool
	}{
		{"en", "", false},
		{"mr", "", true},
		{"hi", "", true},
		{"hi-IN", "", true},
		{"mr", "western", false},
		{"en", "devanagari", true},
	}
	for _, c := range cases {
		src := strings.Replace(good, `language: "en"`, `language: "`+c.lang+`"`, 1)
		if c.digits != "" {
			src += "digits: " + c.digits + "\n"
		}
		ed, err := Parse("e.yaml", []byte(src))
		if err != nil {
			t.Fatalf("%s %s: %v", c.lang, c.digits, err)
		}
		if got := ed.DevanagariDigits(); got != c.devanagari {
			t.Errorf("%s digits %q: Devanagari %v, want %v", c.lang, c.digits, got, c.devanagari)
		}
	}
	_, err := Parse("e.yaml", []byte(good+"digits: roman\n"))
	if err == nil || !strings.Contains(err.Error(), "e.yaml:13: digits must be devanagari or western") {
		t.Errorf("digits: roman: %v", err)
	}
}

func TestSampleMarathi(t *testing.T) {
	ed, stories, err := SampleMarathi()
	if err != nil {
		t.Fatal(err)
	}
	if ed.Language != "mr" || !ed.DevanagariDigits() || ed.Fonts.Body != "Noto Serif Devanagari" {
		t.Errorf("edition: %+v", ed)
	}
	files, err := fs.Glob(stories, "*.md")
	if err != nil || len(files) < 10 {
		t.Fatalf("%d stories: %v", len(files), err)
	}
}

package editions

import (
	"fmt"
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
	if err == nil || !strings.Contains(err.Error(), "e.yaml:13: digits must be native, western or devanagari") {
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

// TestLanguageOnly: an edition file that names its language and no fonts
// gets its script's faces, body type, digits and direction.
func TestLanguageOnly(t *testing.T) {
	const only = "title: T\nslug: t\nlanguage: %s\nsections:\n  - { name: Front, pages: 1 }\n"
	for _, c := range []struct {
		lang, body, sans string
		zero             rune
		rtl              bool
	}{
		{"en", "Source Serif 4", "Libre Franklin", '0', false},
		{"bn", "Noto Serif Bengali", "Noto Sans Bengali", '০', false},
		{"bn-IN", "Noto Serif Bengali", "Noto Sans Bengali", '০', false},
		{"as", "Noto Serif Bengali", "Noto Sans Bengali", '০', false},
		{"gu", "Noto Serif Gujarati", "Noto Sans Gujarati", '૦', false},
		{"pa", "Noto Serif Gurmukhi", "Noto Sans Gurmukhi", '0', false},
		{"kn", "Noto Serif Kannada", "Noto Sans Kannada", '0', false},
		{"ml", "Noto Serif Malayalam", "Noto Sans Malayalam", '0', false},
		{"or", "Noto Sans Oriya", "Noto Sans Oriya", '0', false},
		{"ta", "Noto Serif Tamil", "Noto Sans Tamil", '0', false},
		{"te", "Noto Serif Telugu", "Noto Sans Telugu", '0', false},
		{"hi", "Noto Serif Devanagari", "Noto Sans Devanagari", '०', false},
		{"mr", "Noto Serif Devanagari", "Noto Sans Devanagari", '०', false},
		{"ur", "Noto Nastaliq Urdu", "Noto Naskh Arabic", '۰', true},
		{"ar", "Noto Naskh Arabic", "Noto Naskh Arabic", '٠', true},
	} {
		ed, err := Parse("e.yaml", []byte(fmt.Sprintf(only, c.lang)))
		if err != nil {
			t.Fatalf("%s: %v", c.lang, err)
		}
		if ed.Fonts.Body != c.body || (ed.Fonts.Headline != c.body && c.lang != "en") || ed.Fonts.Sans != c.sans {
			t.Errorf("%s: fonts %+v", c.lang, ed.Fonts)
		}
		if z := ed.DigitZero(); z != c.zero {
			t.Errorf("%s: digit zero %q, want %q", c.lang, z, c.zero)
		}
		if ed.RightToLeft() != c.rtl || (ed.Direction() == "rtl") != c.rtl {
			t.Errorf("%s: right to left %v", c.lang, ed.RightToLeft())
		}
		if c.lang != "en" && c.lang != "ur" && c.lang != "ar" && (ed.Body.Size != Pt(10) || ed.Body.Leading != Pt(13.5)) {
			t.Errorf("%s: body %v on %v", c.lang, ed.Body.Size, ed.Body.Leading)
		}
	}
	// Urdu's leading is the face's own unless the file gives one
	ed, err := Parse("e.yaml", []byte(fmt.Sprintf(only, "ur")+"body: { size: 11pt }\n"))
	if err != nil || ed.Body.Leading != 0 || ed.Body.Size != Pt(11) {
		t.Errorf("ur, size only: %+v %v", ed.Body, err)
	}
	ed, err = Parse("e.yaml", []byte(fmt.Sprintf(only, "ur")+"body: { size: 11pt, leading: 24pt }\n"))
	if err != nil || ed.Body.Leading != Pt(24) {
		t.Errorf("ur, leading given: %+v %v", ed.Body, err)
	}
	// a role the file names is kept, the others are the script's
	ed, err = Parse("e.yaml", []byte(fmt.Sprintf(only, "ta")+"fonts: { headline: \"Noto Sans Tamil\" }\n"))
	if err != nil || ed.Fonts.Headline != "Noto Sans Tamil" || ed.Fonts.Body != "Noto Serif Tamil" {
		t.Errorf("ta, headline given: %+v %v", ed.Fonts, err)
	}
	// digits: native and western override the custom
	ed, _ = Parse("e.yaml", []byte(fmt.Sprintf(only, "ta")+"digits: native\n"))
	if ed.DigitZero() != '௦' {
		t.Errorf("ta native: %q", ed.DigitZero())
	}
	ed, _ = Parse("e.yaml", []byte(fmt.Sprintf(only, "ur")+"digits: western\n"))
	if ed.DigitZero() != '0' {
		t.Errorf("ur western: %q", ed.DigitZero())
	}
}

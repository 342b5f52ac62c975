package editions

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// script is what an edition in one of the languages of a script gets when
// its file leaves the choice out: the bundled faces of the script for each
// role, the body type, the digits it writes numbers in by default, and its
// direction.
type script struct {
	fonts FontSpec
	body  BodySpec
	// zero is the script's own digit zero; native is set when the
	// language's papers print their numbers in those digits.
	zero   rune
	native bool
	rtl    bool
}

// indicBody is the body type of an Indian script: a point larger than the
// English default and more leading, for the marks above and below the
// letters (the Marathi sample sets 10.5 on 14).
var indicBody = BodySpec{Size: Pt(10), Leading: Pt(13.5)}

// scripts holds each language with a script of its own, by its primary
// language subtag. Which digits are native follows the papers of each
// language: Bengali, Assamese, Gujarati, Hindi, Marathi and Urdu papers
// print their own digits, the others Western ones.
var scripts = func() map[string]script {
	indic := func(serif, sans string, zero rune, native bool) script {
		return script{fonts: FontSpec{Body: serif, Headline: serif, Sans: sans}, body: indicBody, zero: zero, native: native}
	}
	deva := indic("Noto Serif Devanagari", "Noto Sans Devanagari", '०', true)
	beng := indic("Noto Serif Bengali", "Noto Sans Bengali", '০', true)
	// Nastaliq's words rise to the right in a cascade: the leading is
	// left at 0, "from the face's own extents" (see Body).
	urdu := script{fonts: FontSpec{Body: "Noto Nastaliq Urdu", Headline: "Noto Nastaliq Urdu", Sans: "Noto Naskh Arabic"},
		body: BodySpec{Size: Pt(10)}, zero: '۰', native: true, rtl: true}
	arabic := script{fonts: FontSpec{Body: "Noto Naskh Arabic", Headline: "Noto Naskh Arabic", Sans: "Noto Naskh Arabic"},
		body: BodySpec{Size: Pt(10), Leading: Pt(15)}, zero: '٠', native: true, rtl: true}
	return map[string]script{
		"hi": deva, "mr": deva, "ne": deva,
		"bn": beng, "as": beng,
		"gu": indic("Noto Serif Gujarati", "Noto Sans Gujarati", '૦', true),
		"pa": indic("Noto Serif Gurmukhi", "Noto Sans Gurmukhi", '੦', false),
		"kn": indic("Noto Serif Kannada", "Noto Sans Kannada", '೦', false),
		"ml": indic("Noto Serif Malayalam", "Noto Sans Malayalam", '൦', false),
		"or": indic("Noto Sans Oriya", "Noto Sans Oriya", '୦', false),
		"ta": indic("Noto Serif Tamil", "Noto Sans Tamil", '௦', false),
		"te": indic("Noto Serif Telugu", "Noto Sans Telugu", '౦', false),
		"ur": urdu, "ks": urdu,
		"ar": arabic,
		"fa": {fonts: arabic.fonts, body: arabic.body, zero: '۰', native: true, rtl: true},
		"sd": {fonts: arabic.fonts, body: arabic.body, zero: '٠', native: false, rtl: true},
	}
}()

// rtlLanguages are languages written right to left whose scripts have no
// bundled faces (a configured face sets them).
var rtlLanguages = map[string]bool{"he": true, "yi": true, "ps": true, "dv": true, "ug": true, "ckb": true}

// primary returns a language tag's primary subtag in lower case.
func primary(tag string) string {
	p, _, _ := strings.Cut(strings.ToLower(strings.ReplaceAll(tag, "_", "-")), "-")
	return p
}

// RightToLeft tells whether the edition's language is written right to
// left (Urdu, Arabic, Persian...): its lines are set right to left, its
// pages read from the right, and it opens from the right.
func (ed *Edition) RightToLeft() bool {
	l := primary(ed.Language)
	return scripts[l].rtl || rtlLanguages[l]
}

// Direction is "rtl" for an edition written right to left, "ltr" otherwise,
// as HTML's dir attribute takes it.
func (ed *Edition) Direction() string {
	if ed.RightToLeft() {
		return "rtl"
	}
	return "ltr"
}

// DigitZero returns the digit zero the page furniture writes numbers with
// (dates, page numbers, jump lines): '0' for Western digits, else the zero
// of the language's script ('०', '০', '۰'...). The digits key decides:
// "western", "native" (the script's own), "devanagari"; without it, the
// language's papers' custom.
func (ed *Edition) DigitZero() rune {
	s, ok := scripts[primary(ed.Language)]
	switch ed.Digits {
	case "western":
		return '0'
	case "devanagari":
		return '०'
	case "native":
		if ok {
			return s.zero
		}
		return '0'
	}
	if ok && s.native {
		return s.zero
	}
	return '0'
}

// DevanagariDigits tells whether the edition writes numbers in Devanagari
// digits: as its digits key says, or by default for Marathi and Hindi.
func (ed *Edition) DevanagariDigits() bool { return ed.DigitZero() == '०' }

// languageDefaults fills in what the edition file leaves out with its
// language's: the faces of each role (an edition that names only its
// language gets its script's faces), and the body type when the file gives
// neither its size nor its leading. Languages without a script of their own
// keep Default's.
func (ed *Edition) languageDefaults(root *yaml.Node) {
	s, ok := scripts[primary(ed.Language)]
	if !ok {
		return
	}
	for _, r := range []struct {
		key string
		dst *string
		v   string
	}{
		{"body", &ed.Fonts.Body, s.fonts.Body},
		{"headline", &ed.Fonts.Headline, s.fonts.Headline},
		{"sans", &ed.Fonts.Sans, s.fonts.Sans},
	} {
		if !hasKey(root, "fonts", r.key) {
			*r.dst = r.v
		}
	}
	switch {
	case !hasKey(root, "body", "size") && !hasKey(root, "body", "leading"):
		ed.Body = s.body
	case !hasKey(root, "body", "leading") && s.body.Leading == 0:
		ed.Body.Leading = 0
	}
}

// hasKey reports whether the YAML document has the mapping key at path.
func hasKey(root *yaml.Node, path ...string) bool {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	for _, key := range path {
		if n.Kind != yaml.MappingNode {
			return false
		}
		found := false
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				n, found = n.Content[i+1], true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

package ingest

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/epaper/epaper/story"
)

// Agencies end their copy with a sign-off ("--IANS", "-- PTI", "—ANI") and
// the desk codes of the people who handled it ("abc/xyz", "rvt/pgh"): they
// are for the wire desk, not for the page.
var (
	// signOffRE is a sign-off as one word, perhaps glued to the sentence
	// before it ("minister.--IANS"): a dash, the agency, maybe a full stop.
	signOffRE = regexp.MustCompile(`^(.*?)(?:-{1,3}|[–—])\s*(` + agencyNames + `)\.?$`)
	// agencyRE is an agency's name alone, after a dash that stands apart.
	agencyRE = regexp.MustCompile(`^(` + agencyNames + `)\.?$`)
	dashRE   = regexp.MustCompile(`^(?:-{1,3}|[–—])$`)
	// deskCodeRE is a desk code: two or more groups of two to four
	// lower-case letters separated by slashes.
	deskCodeRE = regexp.MustCompile(`^[a-z]{2,4}(?:/[a-z]{2,4})+$`)
)

// agencyNames are the agencies whose sign-offs are known, as they sign.
const agencyNames = `IANS|PTI|ANI|UNI|AFP|AP|Reuters|REUTERS|DPA|dpa|Xinhua|XINHUA|EFE|ANSA|Kyodo|KYODO|Yonhap|YONHAP|Bernama|BERNAMA|WAM`

// maxTailBlocks bounds how many trailing paragraphs a sign-off and its
// codes may take ("--IANS" and "abc/xyz" each on its own paragraph).
const maxTailBlocks = 3

// dropSignOff removes an agency's sign-off and desk codes from the end of
// a story's body, conservatively: only a tail of the last paragraphs made
// of nothing but a sign-off ("--IANS", "-- PTI", "—ANI") and desk codes
// ("abc/xyz"), and desk codes alone only when they stand apart from the
// text (a paragraph of their own, or after the sentence's end, never
// after a word: "his/her" ends no story). The agency of a sign-off becomes
// the byline when the story has none. It returns what was removed ("" when
// nothing was) and the agency.
func dropSignOff(s *story.Story) (removed, agency string) {
	var parts []string
	for n := 0; n < maxTailBlocks && len(s.Body) > 0; n++ {
		last := &s.Body[len(s.Body)-1]
		if last.Kind != story.Paragraph {
			break
		}
		text := last.Text()
		keep, tail, ag := signOffTail(text)
		if tail == "" {
			break
		}
		parts = append([]string{tail}, parts...)
		if ag != "" && agency == "" {
			agency = ag
		}
		if strings.TrimSpace(keep) != "" {
			trimSpans(last, len(keep))
			break
		}
		s.Body = s.Body[:len(s.Body)-1]
	}
	if agency != "" && strings.TrimSpace(s.Byline) == "" {
		s.Byline = agency
	}
	return strings.Join(parts, " "), agency
}

// signOffTail splits a paragraph into the text to keep and a tail of
// sign-off and desk codes, with the agency the sign-off names.
func signOffTail(text string) (keep, tail, agency string) {
	words := fieldsAt(text)
	end := len(words)
	codes := 0
	for end > 0 && deskCodeRE.MatchString(words[end-1].s) {
		end--
		codes++
	}
	cut := -1 // byte offset where the tail starts
	if end > 0 {
		w := words[end-1]
		switch m := signOffRE.FindStringSubmatch(w.s); {
		case agencyRE.MatchString(w.s) && end > 1 && dashRE.MatchString(words[end-2].s):
			agency, cut = strings.TrimSuffix(w.s, "."), words[end-2].at
		case m != nil && (m[1] == "" || endsSentence(m[1])):
			agency, cut = m[2], w.at+len(m[1])
		}
	}
	if cut < 0 {
		if codes == 0 {
			return text, "", ""
		}
		// codes alone: a paragraph of their own, or after a sentence
		if end > 0 && !endsSentence(words[end-1].s) {
			return text, "", ""
		}
		cut = len(text)
		if end < len(words) {
			cut = words[end].at
		}
	}
	return strings.TrimRightFunc(text[:cut], unicode.IsSpace), strings.TrimSpace(text[cut:]), agency
}

// word is a word of a paragraph and its byte offset.
type word struct {
	s  string
	at int
}

func fieldsAt(text string) []word {
	var out []word
	start := -1
	for i, r := range text {
		if unicode.IsSpace(r) {
			if start >= 0 {
				out = append(out, word{text[start:i], start})
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, word{text[start:], start})
	}
	return out
}

// endsSentence tells whether a word closes a sentence: its last character
// is a full stop, question or exclamation mark, or a closing quote or
// bracket.
func endsSentence(w string) bool {
	r, _ := utf8.DecodeLastRuneInString(w)
	return strings.ContainsRune(`.!?"')]”’»…`, r)
}

// trimSpans cuts a block's text to its first n bytes, span by span.
func trimSpans(b *story.Block, n int) {
	for i := range b.Spans {
		t := b.Spans[i].Text
		if n <= len(t) {
			b.Spans[i].Text = strings.TrimRightFunc(t[:n], unicode.IsSpace)
			b.Spans = b.Spans[:i+1]
			if b.Spans[i].Text == "" {
				b.Spans = b.Spans[:i]
			}
			return
		}
		n -= len(t)
	}
}

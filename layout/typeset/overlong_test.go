package typeset

import (
	"strings"
	"testing"

	"github.com/epaper/epaper/story"
)

// A word wider than the column (a long address, a token of thousands of
// characters) is broken between characters, with nothing added: no line
// runs past the measure, and every character is set once, in order.
func TestOverlongWordsBreakInsideTheMeasure(t *testing.T) {
	f := faces(t)
	s := &Setter{Breaker: kp{}}
	st := DefaultParaStyle(f, 9)
	const measure = 135.0
	for _, word := range []string{
		strings.Repeat("x", 5000),
		"https://example.com/a/very/long/address/that/runs/on/and/on/without/a/single/space/to/break/it/at/all",
		"Pneumonoultramicroscopicsilicovolcanoconiosisandsomemoreletters",
	} {
		text := "The address was " + word + " and the story went on."
		lines := s.SetSpans([]story.Span{{Text: text}}, measure, st)
		checkInside(t, lines, measure, 1)
		if got := setText(lines); got != strings.ReplaceAll(text, " ", "") {
			t.Errorf("%.20s…: the set text differs from the story's:\n%.200s", word, got)
		}
		// headlines and other ragged text too
		head := s.SetRagged(word+" headline", f.Bold, nil, 28, measure, true)
		checkInside(t, head, measure, 0.5)
		if got := setText(head); got != word+"headline" {
			t.Errorf("%.20s… headline: set %.200s", word, got)
		}
	}
}

// checkInside fails when a line ends past the measure by more than slack
// (points of hanging punctuation).
func checkInside(t *testing.T, lines []Line, measure, slack float64) {
	t.Helper()
	for i, ln := range lines {
		if len(ln.Frags) == 0 {
			continue
		}
		last := ln.Frags[len(ln.Frags)-1]
		if end := last.X + last.Width; end > measure+slack {
			t.Errorf("line %d of %d ends at %.1f, past the measure %.1f", i+1, len(lines), end, measure)
		}
	}
}

// setText is the lines' characters without spaces or hyphens added at
// breaks.
func setText(lines []Line) string {
	var b strings.Builder
	for _, ln := range lines {
		for i, fr := range ln.Frags {
			txt := fr.Text
			if ln.Hyphenated && i == len(ln.Frags)-1 {
				txt = strings.TrimSuffix(txt, "-")
			}
			b.WriteString(strings.ReplaceAll(txt, " ", ""))
		}
	}
	return b.String()
}

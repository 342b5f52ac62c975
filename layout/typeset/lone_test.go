package typeset_test

import (
	"strings"
	"testing"

	"github.com/epaper/epaper/layout/typeset"
)

// TestNoWordAloneOnALine: in the sample's columns, no justified line of a
// paragraph but its last holds one word that leaves most of the line
// empty (as "The" over "Electronic Frontier Foundation said", or "An" over
// "apartment building collapsed"): such a line gapes however it is set,
// and the breaker takes any line that can be set instead. Before, the
// sample's bodies had 37 such lines (78 in the 1,022 paragraphs of the
// Wikinews corpus at this measure).
func TestNoWordAloneOnALine(t *testing.T) {
	sb := sampleBodies(t)
	bs := sb.style()
	lines := 0
	for _, s := range sb.stories {
		for _, ln := range sb.set.Body(s, sb.measure, bs) {
			if ln.Kind != typeset.BodyLine {
				continue
			}
			lines++
			text := ""
			for _, f := range ln.Frags {
				text += f.Text
			}
			if !ln.Last && len(strings.Fields(text)) == 1 && ln.Natural < 0.6*sb.measure {
				t.Errorf("%s: %q alone on a line of its paragraph", s.File, text)
			}
		}
	}
	if lines < 1000 {
		t.Fatalf("only %d body lines set", lines)
	}
}

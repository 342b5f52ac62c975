package typeset

import (
	"math"
	"strings"
	"testing"

	"github.com/epaper/epaper/fonts"
	"github.com/epaper/epaper/layout/hyph"
	"github.com/epaper/epaper/layout/shape"
	"github.com/epaper/epaper/story"
)

// devaPara is Marathi prose with conjuncts, reph and words whose shaped
// width is far from the sum of their letters' advances (from the Universal
// Declaration of Human Rights, editions/sample-mr).
const devaPara = "ज्या अर्थी मानव कुटुँवातील सर्व व्यक्तींची स्वाभाविक प्रतिष्ठा व त्यांचे समान व अहरणीय अधिकार यांना मान्यता देणे हा जगांत स्वातंत्र्य, न्याय व शांतता यांच्या प्रस्थापनेवा पाया होय, प्रत्येकास स्वतःचा देश धरून कोणताहि देश सोडून जाण्याचा अथवा स्वतःच्या देशात परत येण्याचा अधिकार आहे."

// TestDevanagariJustified checks justified Devanagari: no letter spacing
// (it would tear the head bar and conjuncts apart), words where their
// shaped widths put them, and every line on the measure.
func TestDevanagariJustified(t *testing.T) {
	reg, err := fonts.Default()
	if err != nil {
		t.Fatal(err)
	}
	dev, err := reg.Face("Noto Serif Devanagari", 400, false)
	if err != nil {
		t.Fatal(err)
	}
	s := &Setter{Breaker: kp{}, Shaper: shape.New(), Lang: "mr"}
	st := DefaultParaStyle(Faces{Regular: dev}, 10.5)
	st.Indent = 0
	st.Hyphenator = devaHyph{hyph.ForLanguage("mr")}
	const measure = 130
	lines := s.SetSpans([]story.Span{{Text: devaPara}}, measure, st)
	if len(lines) < 6 {
		t.Fatalf("%d lines", len(lines))
	}
	space := dev.Width(" ", 10.5)
	var words []string
	for i, ln := range lines {
		first := -1.0
		for j, fr := range ln.Frags {
			words = append(words, fr.Text)
			if fr.Tracking != 0 {
				t.Errorf("line %d: %q is letter-spaced by %.2f pt", i, fr.Text, fr.Tracking)
			}
			if j == 0 {
				continue
			}
			// every space of a line is as wide as the others, and no
			// narrower than a space may shrink
			prev := ln.Frags[j-1]
			gap := fr.X - (prev.X + prev.Width)
			if first < 0 {
				first = gap
			}
			if gap < space*(1-st.SpaceShrink)-0.01 || math.Abs(gap-first) > 0.01 {
				t.Errorf("line %d: %.2f pt between %q and %q, %.2f pt after its first word (a space is %.2f)", i, gap, prev.Text, fr.Text, first, space)
			}
		}
		last := ln.Frags[len(ln.Frags)-1]
		_, right := hangs(st, ln)
		if i == len(lines)-1 {
			right = 0
		}
		if end := last.X + last.Width; end > measure+right+0.05 || (i < len(lines)-1 && math.Abs(end-measure-right) > 0.05) {
			t.Errorf("line %d ends at %.2f, not the measure %d + %.2f", i, end, measure, right)
		}
	}
	got := strings.ReplaceAll(strings.Join(words, " "), "- ", "")
	if got != devaPara {
		t.Errorf("text changed:\n%s", got)
	}
}

type devaHyph struct{ h *hyph.Hyphenator }

func (d devaHyph) Points(w string) []Point {
	var out []Point
	for _, p := range d.h.Points(w) {
		out = append(out, Point{Offset: p.Offset, Explicit: p.Explicit})
	}
	return out
}

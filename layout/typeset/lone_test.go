package typeset_test

import (
	"context"
	"strings"
	"testing"

	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/fonts"
	"github.com/epaper/epaper/ingest"
	"github.com/epaper/epaper/layout/hyph"
	"github.com/epaper/epaper/layout/linebreak"
	"github.com/epaper/epaper/layout/shape"
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
	ed, fsys, err := editions.Sample()
	if err != nil {
		t.Fatal(err)
	}
	g, err := ingest.Gather(context.Background(), fsys, ed, ingest.Options{Date: editions.SampleDate})
	if err != nil {
		t.Fatal(err)
	}
	reg, err := fonts.Default()
	if err != nil {
		t.Fatal(err)
	}
	face := func(w int, it bool) *fonts.Face {
		f, err := reg.Face("Source Serif 4", w, it)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	faces := typeset.Faces{Regular: face(400, false), Italic: face(400, true), Bold: face(700, false), BoldItalic: face(700, true)}
	ps := typeset.DefaultParaStyle(faces, ed.Body.Size.Pt())
	ps.Hyphenator = hyph.English()
	bold := faces
	bold.Regular, bold.Italic = faces.Bold, faces.BoldItalic
	bs := typeset.BodyStyle{Para: ps, Crosshead: bold}
	set := &typeset.Setter{Breaker: &linebreak.Breaker{}, Shaper: shape.New(), Lang: "en"}
	measure := ed.ColumnWidth()
	lines := 0
	for _, sec := range g.Sections {
		for _, s := range sec.Stories {
			for _, ln := range set.Body(s, measure, bs) {
				if ln.Kind != typeset.BodyLine {
					continue
				}
				lines++
				text := ""
				for _, f := range ln.Frags {
					text += f.Text
				}
				if !ln.Last && len(strings.Fields(text)) == 1 && ln.Natural < 0.6*measure {
					t.Errorf("%s: %q alone on a line of its paragraph", s.File, text)
				}
			}
		}
	}
	if lines < 1000 {
		t.Fatalf("only %d body lines set", lines)
	}
}

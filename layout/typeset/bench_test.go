package typeset_test

import (
	"context"
	"testing"

	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/fonts"
	"github.com/epaper/epaper/ingest"
	"github.com/epaper/epaper/layout/hyph"
	"github.com/epaper/epaper/layout/linebreak"
	"github.com/epaper/epaper/layout/shape"
	"github.com/epaper/epaper/layout/typeset"
	"github.com/epaper/epaper/story"
)

// BenchmarkBody sets the bodies of the bundled sample's stories at the
// sample's column measure, shaped and hyphenated as a build sets them, with
// a setter and shaper that have seen the stories before (the steady state
// of a build's workers): the cost per word of setting running text.
func BenchmarkBody(b *testing.B) {
	sb := sampleBodies(b)
	sb.para.Hyphenator = typeset.Remembered(hyph.English())
	bs := sb.style()
	words := 0
	for _, s := range sb.stories {
		words += s.Words()
		sb.set.Body(s, sb.measure, bs)
	}
	b.ResetTimer()
	for b.Loop() {
		for _, s := range sb.stories {
			sb.set.Body(s, sb.measure, bs)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*words), "ns/word")
}

// bodies are the bundled sample's stories of its day, with a setter and
// the body style a build sets them in (Source Serif 4 at the sample's
// size), hyphenated in English, at the sample's column measure.
type bodies struct {
	stories []*story.Story
	set     *typeset.Setter
	para    typeset.ParaStyle
	faces   typeset.Faces
	measure float64
}

// style is the body style: paragraphs and bold crossheads.
func (sb *bodies) style() typeset.BodyStyle {
	bold := sb.faces
	bold.Regular, bold.Italic = sb.faces.Bold, sb.faces.BoldItalic
	return typeset.BodyStyle{Para: sb.para, Crosshead: bold}
}

func sampleBodies(tb testing.TB) *bodies {
	ed, fsys, err := editions.Sample()
	if err != nil {
		tb.Fatal(err)
	}
	g, err := ingest.Gather(context.Background(), fsys, ed, ingest.Options{Date: editions.SampleDate})
	if err != nil {
		tb.Fatal(err)
	}
	sb := &bodies{measure: ed.ColumnWidth(), set: &typeset.Setter{Breaker: &linebreak.Breaker{}, Shaper: shape.New(), Lang: "en"}}
	for _, sec := range g.Sections {
		sb.stories = append(sb.stories, sec.Stories...)
	}
	reg, err := fonts.Default()
	if err != nil {
		tb.Fatal(err)
	}
	face := func(w int, it bool) *fonts.Face {
		f, err := reg.Face("Source Serif 4", w, it)
		if err != nil {
			tb.Fatal(err)
		}
		return f
	}
	sb.faces = typeset.Faces{Regular: face(400, false), Italic: face(400, true), Bold: face(700, false), BoldItalic: face(700, true)}
	sb.para = typeset.DefaultParaStyle(sb.faces, ed.Body.Size.Pt())
	sb.para.Hyphenator = hyph.English()
	return sb
}

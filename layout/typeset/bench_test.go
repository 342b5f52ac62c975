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
	ed, fsys, err := editions.Sample()
	if err != nil {
		b.Fatal(err)
	}
	g, err := ingest.Gather(context.Background(), fsys, ed, ingest.Options{Date: editions.SampleDate})
	if err != nil {
		b.Fatal(err)
	}
	var stories []*story.Story
	words := 0
	for _, sec := range g.Sections {
		for _, s := range sec.Stories {
			stories = append(stories, s)
			words += s.Words()
		}
	}
	reg, err := fonts.Default()
	if err != nil {
		b.Fatal(err)
	}
	face := func(w int, it bool) *fonts.Face {
		f, err := reg.Face("Source Serif 4", w, it)
		if err != nil {
			b.Fatal(err)
		}
		return f
	}
	faces := typeset.Faces{Regular: face(400, false), Italic: face(400, true), Bold: face(700, false), BoldItalic: face(700, true)}
	ps := typeset.DefaultParaStyle(faces, ed.Body.Size.Pt())
	ps.Hyphenator = typeset.Remembered(hyph.English())
	bold := faces
	bold.Regular, bold.Italic = faces.Bold, faces.BoldItalic
	bs := typeset.BodyStyle{Para: ps, Crosshead: bold}
	set := &typeset.Setter{Breaker: &linebreak.Breaker{}, Shaper: shape.New(), Lang: "en"}
	measure := ed.ColumnWidth()
	for _, s := range stories {
		set.Body(s, measure, bs)
	}
	b.ResetTimer()
	for b.Loop() {
		for _, s := range stories {
			set.Body(s, measure, bs)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*words), "ns/word")
}

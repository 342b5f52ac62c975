package typeset_test

import (
	"math"
	"strings"
	"testing"

	"github.com/epaper/epaper/layout/typeset"
	"github.com/epaper/epaper/story"
)

// gaping counts the sample's body lines (but the last of each paragraph)
// whose word spaces stretch beyond ratio times their stretch, and the
// lines set.
func gaping(t *testing.T, sb *bodies, bs typeset.BodyStyle, ratio float64) (gape, lines int) {
	t.Helper()
	space := bs.Para.Faces.Regular.Width(" ", bs.Para.Size)
	for _, s := range sb.stories {
		for _, ln := range sb.set.Body(s, sb.measure, bs) {
			if ln.Kind != typeset.BodyLine || ln.Last || len(ln.Frags) == 0 {
				continue
			}
			lines++
			for i := 1; i < len(ln.Frags); i++ {
				p := ln.Frags[i-1]
				if gap := ln.Frags[i].X - (p.X + p.Width); gap > 1e-6 {
					if (gap-space)/(space*bs.Para.SpaceStretch) > ratio {
						gape++
					}
					break
				}
			}
		}
	}
	return gape, lines
}

// TestFewLinesGape: in the sample's 15-em columns, fewer lines stretch
// their word spaces beyond three times their stretch (two and a half
// times a space), the lines a reader sees as loose, than with TeX's
// demerits, and fewer beyond eighteen times (ten spaces), the holes:
// TeX's badness stops growing at 10000 and grows gently below it, so that
// the breaker would set a loose line rather than pay for a hyphen, and
// one line of holes rather than two a little loose.
func TestFewLinesGape(t *testing.T) {
	sb := sampleBodies(t)
	bs := sb.style()
	r := bs.Para.Break.LooseRatio
	if r <= 0 || bs.Para.Break.LooseDemerits <= 0 || !bs.Para.Break.SpacesFirst {
		t.Fatalf("the default style counts no loose lines: %+v", bs.Para.Break)
	}
	// TeX's demerits, with the hyphen penalty that suited them
	tex := bs
	tex.Para.Break.LooseDemerits = 0
	tex.Para.NarrowHyphenPenalty = 300
	loose, lines := gaping(t, sb, bs, r)
	texLoose, _ := gaping(t, sb, tex, r)
	holes, _ := gaping(t, sb, bs, 6*r)
	texHoles, _ := gaping(t, sb, tex, 6*r)
	t.Logf("of %d lines, %d beyond %g times their stretch (%d with TeX's demerits), %d beyond %g (%d)", lines, loose, r, texLoose, holes, 6*r, texHoles)
	if lines < 1000 {
		t.Fatalf("only %d body lines set", lines)
	}
	if 10*loose > 7*texLoose || holes >= texHoles {
		t.Errorf("%d and %d lines gape, %d and %d with TeX's demerits: want at most 70%% and fewer", loose, holes, texLoose, texHoles)
	}
}

// TestFirstLineHyphenRatherThanHole: an indented first line may end in a
// hyphen where the word after would leave it gaping. "On Thursday at the"
// over "headquarters of the Paris Police" spread its three spaces to seven
// times their width and was letter-spaced as well; "On Thursday at the
// headquar-" is set.
func TestFirstLineHyphenRatherThanHole(t *testing.T) {
	sb := sampleBodies(t)
	bs := sb.style()
	const para = "On Thursday at the headquarters of the Paris Police Prefecture in Paris, France, an IT worker went on a stabbing spree, killing four."
	first := func(ps typeset.ParaStyle) string {
		ls := sb.set.SetSpans([]story.Span{{Text: para}}, sb.measure, ps)
		text := ""
		for _, f := range ls[0].Frags {
			text += f.Text + " "
		}
		return strings.TrimSpace(text)
	}
	if got := first(bs.Para); !strings.HasSuffix(got, "-") {
		t.Errorf("first line %q, want it hyphenated", got)
	}
	old := bs.Para
	old.Break.FirstHyphenDemerits = math.Inf(1)
	old.Break.LooseDemerits = 0
	if got := first(old); got != "On Thursday at the" {
		t.Errorf("without LooseDemerits and first-line hyphens the first line is %q: the test no longer shows the case", got)
	}
}

// TestRepeatedFirstHyphenRatherThanHole: a first line may end in a hyphen
// even when the paragraph before had its first line end in one, at a cost:
// forbidding it set the second "On Thursday at the" with its spaces seven
// times their width.
func TestRepeatedFirstHyphenRatherThanHole(t *testing.T) {
	sb := sampleBodies(t)
	bs := sb.style()
	const para = "On Thursday at the headquarters of the Paris Police Prefecture in Paris, France, an IT worker went on a stabbing spree, killing four."
	st := &story.Story{Body: []story.Block{
		{Kind: story.Paragraph, Spans: []story.Span{{Text: "A first paragraph, set without an indent."}}},
		{Kind: story.Paragraph, Spans: []story.Span{{Text: para}}},
		{Kind: story.Paragraph, Spans: []story.Span{{Text: para}}},
	}}
	firsts := func(bs typeset.BodyStyle) []string {
		var out []string
		for _, ln := range sb.set.Body(st, sb.measure, bs) {
			if ln.First && ln.Para > 0 {
				text := ""
				for _, f := range ln.Frags {
					text += f.Text + " "
				}
				out = append(out, strings.TrimSpace(text))
			}
		}
		return out
	}
	got := firsts(bs)
	if len(got) != 2 || !strings.HasSuffix(got[0], "-") || !strings.HasSuffix(got[1], "-") {
		t.Errorf("first lines %q, want both hyphenated", got)
	}
	if bs.Para.RepeatFirstHyphenDemerits <= 0 {
		t.Errorf("a repeated first-line hyphen costs nothing more: %g", bs.Para.RepeatFirstHyphenDemerits)
	}
	ban := bs
	ban.Para.RepeatFirstHyphenDemerits = math.Inf(1)
	if got := firsts(ban); len(got) != 2 || got[1] != "On Thursday at the" {
		t.Errorf("with a repeated first-line hyphen forbidden the first lines are %q: the test no longer shows the case", got)
	}
}

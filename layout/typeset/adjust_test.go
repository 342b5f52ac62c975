package typeset

import (
	"context"
	"math"
	"testing"
	"unicode/utf8"

	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/ingest"
	"github.com/epaper/epaper/layout/hyph"
	"github.com/epaper/epaper/layout/linebreak"
	"github.com/epaper/epaper/layout/shape"
	"github.com/epaper/epaper/story"
)

// TestAdjust checks how a line's adjustment is shared out, with literal
// figures: 10 pt type, spaces that may stretch 4 pt (or shrink 2 pt) in
// all, 100 pt of glyphs, 20 letter gaps.
func TestAdjust(t *testing.T) {
	st := ParaStyle{Size: 10, Justify: true,
		ExpandStretch: 0.02, ExpandShrink: 0.02, ExpandStep: 0.005, ExpandFrom: 1, ShrinkFrom: 1,
		LetterStretch: 0.02, TrackFrom: 4.5}
	for _, c := range []struct {
		name                  string
		excess, spaces        float64
		expand, ratio, track  float64
		from, letter, justify float64 // overrides when not 0
	}{
		{name: "spaces alone", excess: 2, spaces: 4, ratio: 0.5},
		{name: "spaces full", excess: 4, spaces: 4, ratio: 1},
		{name: "then glyphs", excess: 5, spaces: 4, expand: 0.01, ratio: 1},
		// 0.013 rounds to 0.015; the spaces give back 0.2 pt
		{name: "rounded", excess: 5.3, spaces: 4, expand: 0.015, ratio: 0.95},
		{name: "glyphs full", excess: 6, spaces: 4, expand: 0.02, ratio: 1},
		{name: "loose, no letter spacing", excess: 20, spaces: 4, expand: 0.02, ratio: 4.5},
		{name: "letter spacing beyond TrackFrom", excess: 22, spaces: 4, expand: 0.02, ratio: 4.5, track: 0.1},
		{name: "letter spacing capped", excess: 40, spaces: 4, expand: 0.02, ratio: 8.5, track: 0.2},
		{name: "no spaces", excess: 3, spaces: 0, expand: 0.02, track: 0.05},
		{name: "shrink spaces alone", excess: -1, spaces: 2, ratio: -0.5},
		{name: "then narrow glyphs", excess: -3, spaces: 2, expand: -0.01, ratio: -1},
		// 0.012 would round to 0.01 and shrink the spaces too far: 0.015
		{name: "rounded up to fit", excess: -3.2, spaces: 2, expand: -0.015, ratio: -0.85},
		{name: "overfull", excess: -10, spaces: 2, expand: -0.02, ratio: -1},
		{name: "shared from half", excess: 3, spaces: 4, from: 0.5, expand: 0.005, ratio: 0.625},
		{name: "no letter spacing allowed", excess: 40, spaces: 4, letter: -1, expand: 0.02, ratio: 9.5},
		{name: "ragged", excess: 5, spaces: 4, justify: -1, ratio: 1.25},
	} {
		s := st
		if c.from != 0 {
			s.ExpandFrom = c.from
		}
		if c.letter < 0 {
			s.LetterStretch = 0
		}
		if c.justify < 0 {
			s.Justify = false
		}
		e, r, tr := s.adjust(c.excess, c.spaces, 100, 20)
		if math.Abs(e-c.expand) > 1e-12 || math.Abs(r-c.ratio) > 1e-9 || math.Abs(tr-c.track) > 1e-12 {
			t.Errorf("%s: expand %g ratio %g track %g, want %g %g %g", c.name, e, r, tr, c.expand, c.ratio, c.track)
		}
	}
}

// TestJustifiedLimits sets the bundled sample's stories at three measures
// and checks every body line: expansion within ±2% in steps of 0.5%, the
// same on all its fragments, only once the spaces have stretched (to
// within what rounding the expansion gives back); letter spacing within
// 0.02 em, only on lines whose spaces stretch TrackFrom or more with their
// glyphs fully expanded; fragments as wide as their glyphs make them; justified lines
// ending at the measure, or past it by their last character's hang.
func TestJustifiedLimits(t *testing.T) {
	ed, fsys, err := editions.Sample()
	if err != nil {
		t.Fatal(err)
	}
	g, err := ingest.Gather(context.Background(), fsys, ed, ingest.Options{Date: editions.SampleDate})
	if err != nil {
		t.Fatal(err)
	}
	var stories []*story.Story
	for _, sec := range g.Sections {
		stories = append(stories, sec.Stories...)
	}
	f := faces(t)
	ps := DefaultParaStyle(f, 9)
	ps.Hyphenator = hyph.English()
	bold := f
	bold.Regular, bold.Italic = f.Bold, f.BoldItalic
	bs := BodyStyle{Para: ps, Crosshead: bold}
	set := &Setter{Breaker: &linebreak.Breaker{}, Shaper: shape.New(), Lang: "en"}
	space := f.Regular.Width(" ", 9)
	for _, measure := range []float64{100, 135, 200} {
		var lines, expanded, tracked, hung int
		for _, s := range stories {
			for _, ln := range set.Body(s, measure, bs) {
				if ln.Kind != BodyLine || len(ln.Frags) == 0 {
					continue
				}
				lines++
				e := ln.Expand
				if math.Abs(e) > 0.02+1e-12 {
					t.Fatalf("measure %v: line expanded by %v", measure, e)
				}
				if q := e / 0.005; math.Abs(q-math.Round(q)) > 1e-9 {
					t.Fatalf("measure %v: expansion %v is not a step", measure, e)
				}
				if e != 0 {
					expanded++
				}
				if ln.Tracking < 0 || ln.Tracking > 0.02*9+1e-12 {
					t.Fatalf("measure %v: letter spacing %v pt", measure, ln.Tracking)
				}
				// the word spaces' ratio, from the first gap between
				// words; a line of one word has no spaces to stretch
				spaced, rg := false, 0.0
				for i := 1; i < len(ln.Frags) && !spaced; i++ {
					p := ln.Frags[i-1]
					if gap := ln.Frags[i].X - (p.X + p.Width); gap > 1e-6 {
						spaced, rg = true, (gap-space)/(space*ps.SpaceStretch)
					}
				}
				if ln.Tracking > 0 {
					tracked++
					if e != ps.ExpandStretch || ln.Ratio <= 1 || (spaced && rg < ps.TrackFrom-1e-9) {
						t.Fatalf("measure %v: letter-spaced line with expansion %v, ratio %v and spaces at %v", measure, e, ln.Ratio, rg)
					}
				}
				if e > 0 && spaced && rg < ps.ExpandFrom-0.5*ps.ExpandStep*measure/(space*ps.SpaceStretch) {
					t.Fatalf("measure %v: glyphs expanded %v with the spaces at %v", measure, e, rg)
				}
				for _, fr := range ln.Frags {
					if fr.Expand != e {
						t.Fatalf("measure %v: fragment %q expanded %v on a line expanded %v", measure, fr.Text, fr.Expand, e)
					}
					n := len(fr.Glyphs)
					if fr.Glyphs == nil {
						n = utf8.RuneCountInString(fr.Text)
					}
					adv := 0.0
					for _, g := range fr.Glyphs {
						adv += float64(g.Advance) * 9 / 1000
					}
					if fr.Glyphs == nil {
						adv = fr.Face.Width(fr.Text, 9)
					}
					// tracking after each glyph but the last of its word,
					// or of every glyph of a fragment inside a word
					want := adv * (1 + e)
					if fr.Tracking != 0 {
						if math.Abs(fr.Tracking*(1+e)-ln.Tracking) > 1e-9 {
							t.Fatalf("measure %v: fragment %q tracked %v on a line tracked %v", measure, fr.Text, fr.Tracking, ln.Tracking)
						}
						k := float64(n - 1)
						if d := fr.Width - want; math.Abs(d-k*ln.Tracking) > 1e-6 && math.Abs(d-(k+1)*ln.Tracking) > 1e-6 {
							t.Fatalf("measure %v: fragment %q is %v wide, %v with its tracking", measure, fr.Text, fr.Width, want)
						}
					} else if math.Abs(fr.Width-want) > 1e-6 {
						t.Fatalf("measure %v: fragment %q is %v wide, want %v", measure, fr.Text, fr.Width, want)
					}
				}
				left, right := hangs(ps, ln)
				first, last := ln.Frags[0], ln.Frags[len(ln.Frags)-1]
				start := -left
				if ln.First && first.X > 1 {
					start = ps.Indent // an indented first line begins with no hang
				}
				if math.Abs(first.X-start) > 1e-9 {
					t.Fatalf("measure %v: line %q (first %v) starts at %v, want %v", measure, first.Text, ln.First, first.X, start)
				}
				end := last.X + last.Width
				// (a word alone that no spacing fills stays short)
				if !ln.Last && ln.Ratio > -1 && spaced && math.Abs(end-measure-right) > 0.01 {
					var all []string
					for _, fr := range ln.Frags {
						all = append(all, fr.Text)
					}
					t.Fatalf("measure %v: line %q (ratio %v, first %v) ends at %v, want %v", measure, all, ln.Ratio, ln.First, end, measure+right)
				}
				if right > 0 && !ln.Last {
					hung++
				}
			}
		}
		t.Logf("measure %v: %d lines, %d expanded, %d letter-spaced, %d hanging right", measure, lines, expanded, tracked, hung)
		if expanded < lines/10 || hung < lines/20 {
			t.Errorf("measure %v: only %d of %d lines expanded, %d hanging", measure, expanded, lines, hung)
		}
		if measure < 150 && tracked == 0 {
			t.Errorf("measure %v: no line letter-spaced: the rescue is not tested", measure)
		}
	}
}

// TestNoHyphenAfterDash checks that a line broken after a word's own dash
// (an explicit hyphenation point) gets no hyphen added.
func TestNoHyphenAfterDash(t *testing.T) {
	f := faces(t)
	s := &Setter{Breaker: kp{}}
	st := DefaultParaStyle(f, 9)
	st.Hyphenator = hyph.English()
	text := "In designing the service we put humans first—however hard that was—and the well‐known results–2019 followed"
	broke := false
	for w := 60.0; w < 200; w += 1 {
		for _, ln := range s.SetSpans([]story.Span{{Text: text}}, w, st) {
			last := ln.Frags[len(ln.Frags)-1].Text
			for _, d := range []string{"—", "–", "‐"} {
				if len(last) > len(d) && last[len(last)-len(d):] == d {
					broke = true
				}
				if len(last) > len(d)+1 && last[len(last)-len(d)-1:] == d+"-" {
					t.Fatalf("measure %v: a hyphen added after a dash: %q", w, last)
				}
			}
		}
	}
	if !broke {
		t.Error("no line broke after a dash")
	}
}

// TestLoneDashStaysWithNextWord: a hyphen or dash standing alone between
// spaces (a list's bullet run into a paragraph, a spaced dash) never ends
// a line, where it would read as a word broken there; it opens the next.
func TestLoneDashStaysWithNextWord(t *testing.T) {
	f := faces(t)
	s := &Setter{Breaker: kp{}}
	st := DefaultParaStyle(f, 9)
	st.Hyphenator = hyph.English()
	text := "The team keeps a list of the practices that guide its work on open source code. - Publish the code from the start. - Take contributions from anyone. – Review every change — and document it. ‐ Keep the licence plain."
	ended := 0
	for w := 90.0; w < 260; w += 0.5 {
		lines := s.SetSpans([]story.Span{{Text: text}}, w, st)
		for _, ln := range lines[:len(lines)-1] {
			if last := ln.Frags[len(ln.Frags)-1].Text; last == "-" || last == "\u2010" || last == "\u2013" || last == "\u2014" {
				ended++
				if ended == 1 {
					t.Errorf("measure %v: a line ends with a lone %q", w, last)
				}
			}
		}
	}
	if ended > 1 {
		t.Errorf("%d lines in all end with a lone dash", ended)
	}
}

package linebreak

import (
	"math"
	"math/rand/v2"
	"testing"
)

// word makes the items of one word of the given syllable widths: boxes with
// flagged hyphen penalties between them.
func word(items []Item, syll ...float64) []Item {
	for i, w := range syll {
		if i > 0 {
			items = append(items, NewPenalty(hyphenW, 50, true))
		}
		items = append(items, NewBox(w))
	}
	return items
}

const hyphenW = 3

// randomParagraph returns a paragraph of nWords English-like words set in
// 9pt type: widths 10 to 40pt, split into syllables of about 9pt with
// flagged hyphen penalties between them (none within 2 letters of either
// end, so one-syllable words stay whole), spaces 2.5pt +1.5 -0.8.
func randomParagraph(r *rand.Rand, nWords int) []Item {
	items := make([]Item, 0, nWords*4)
	for i := 0; i < nWords; i++ {
		if i > 0 {
			items = append(items, NewGlue(2.5, 1.5, 0.8))
		}
		w := 10 + r.Float64()*30
		k := max(1, int(w/9+0.5))
		syll := make([]float64, k)
		for j := range syll {
			syll[j] = w / float64(k)
		}
		items = word(items, syll...)
	}
	return Finish(items)
}

// lineMetrics recomputes a line's natural width, stretch and shrink from
// the items, independently of the breaker, and how far it may hang past
// its measure.
func lineMetrics(items []Item, l Line) (w, y, z, hang float64) {
	for i := l.Start; i < l.End; i++ {
		it := items[i]
		switch it.Kind {
		case Box, Glue:
			w += it.Width
			y += it.Stretch
			z += it.Shrink
		}
	}
	if l.Start < len(items) && l.Start < l.End && items[l.Start].Kind == Box {
		hang += items[l.Start].Hang
	}
	if l.End < len(items) {
		hang += items[l.End].Hang
		if items[l.End].Kind == Penalty {
			w += items[l.End].Width
		}
	}
	return
}

// checkResult verifies the structural invariants of a result: lines cover
// the paragraph in order, breaks are legal, starts discard glue and
// penalties, ratios set the lines to their measure, and nothing is overfull
// unless flagged so.
func checkResult(t testing.TB, items []Item, width func(int) float64, s Settings, res Result) {
	t.Helper()
	if len(items) == 0 {
		if len(res.Lines) != 0 {
			t.Fatalf("lines for an empty paragraph")
		}
		return
	}
	prevEnd := -1
	overfull := 0
	run := 0
	for k, l := range res.Lines {
		// legal break
		if l.End < len(items) {
			it := items[l.End]
			switch it.Kind {
			case Glue:
				if l.End == 0 || items[l.End-1].Kind != Box {
					t.Fatalf("line %d ends at glue %d not after a box", k, l.End)
				}
			case Penalty:
				if it.Penalty >= Infinity {
					t.Fatalf("line %d ends at forbidden penalty %d", k, l.End)
				}
				if l.Hyphenated != it.Flagged {
					t.Fatalf("line %d: Hyphenated %v, item flagged %v", k, l.Hyphenated, it.Flagged)
				}
			default:
				t.Fatalf("line %d ends at a box (%d)", k, l.End)
			}
		} else if l.End != len(items) || k != len(res.Lines)-1 {
			t.Fatalf("line %d ends at %d of %d", k, l.End, len(items))
		}
		// discarding at the start
		from := prevEnd
		if k == 0 {
			if l.Start != 0 {
				t.Fatalf("first line starts at %d", l.Start)
			}
		} else {
			for i := from + 1; i < l.Start; i++ {
				if items[i].Kind == Box || (items[i].Kind == Penalty && items[i].Penalty <= -Infinity) {
					t.Fatalf("line %d starts at %d, skipping item %d (%v)", k, l.Start, i, items[i])
				}
			}
			if l.Start < len(items) && l.Start < l.End && items[l.Start].Kind != Box {
				t.Fatalf("line %d starts with a discardable item %d", k, l.Start)
			}
		}
		if l.Start > l.End {
			t.Fatalf("line %d: start %d after end %d", k, l.Start, l.End)
		}
		// forced breaks are taken
		for i := max(l.Start, 0); i < l.End; i++ {
			if items[i].Kind == Penalty && items[i].Penalty <= -Infinity {
				t.Fatalf("line %d passes forced break %d", k, i)
			}
		}
		prevEnd = l.End
		// ratio
		if l.Ratio < -1 || math.IsNaN(l.Ratio) || math.IsInf(l.Ratio, 0) {
			t.Fatalf("line %d ratio %v", k, l.Ratio)
		}
		w, y, z, hang := lineMetrics(items, l)
		m := width(k) + hang
		if l.Overfull {
			overfull++
			if w-z <= m+1e-6 {
				t.Fatalf("line %d flagged overfull but fits: %v-%v vs %v", k, w, z, m)
			}
		} else {
			if w-z > m+1e-6*max(1, m) {
				t.Fatalf("line %d overfull but not flagged: %v-%v vs %v", k, w, z, m)
			}
			set := w
			if l.Ratio >= 0 {
				set += l.Ratio * y
			} else {
				set += l.Ratio * z
			}
			if y > 0 || l.Ratio < 0 || w > m {
				if math.Abs(set-m) > 1e-6*max(1, m) {
					t.Fatalf("line %d set to %v, measure %v (w %v y %v z %v r %v)", k, set, m, w, y, z, l.Ratio)
				}
			}
		}
		if l.Hyphenated {
			run++
		} else {
			run = 0
		}
		if !res.Emergency && s.MaxHyphenRun > 0 && run > s.MaxHyphenRun {
			t.Fatalf("line %d: %d hyphenated lines in a row", k, run)
		}
	}
	if overfull != res.Overfull {
		t.Fatalf("Overfull %d, counted %d", res.Overfull, overfull)
	}
	last := len(items)
	if it := items[len(items)-1]; it.Kind == Penalty && it.Penalty <= -Infinity {
		last = len(items) - 1
	}
	if prevEnd != last {
		t.Fatalf("last line ends at %d, want %d", prevEnd, last)
	}
}

package linebreak

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

// words builds a paragraph of boxes of the given widths separated by
// glue g, finished.
func words(g Item, widths ...float64) []Item {
	var items []Item
	for i, w := range widths {
		if i > 0 {
			items = append(items, g)
		}
		items = append(items, NewBox(w))
	}
	return Finish(items)
}

func breaks(res Result) [][2]int {
	var out [][2]int
	for _, l := range res.Lines {
		out = append(out, [2]int{l.Start, l.End})
	}
	return out
}

// tex returns the default settings with the first pass skipped.
func tex() Settings {
	s := DefaultSettings()
	s.PreTolerance = -1
	return s
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-6*max(1, math.Abs(b)) }

func TestExactFit(t *testing.T) {
	// Six words of 20pt, spaces 5pt: three words fill 70pt exactly.
	// Items: w0 g1 w2 g3 w4 g5 w6 g7 w8 g9 w10 nobreak11 fill12 eject13.
	items := words(NewGlue(5, 5, 2), 20, 20, 20, 20, 20, 20)
	res := Break(items, Uniform(70), DefaultSettings())
	want := [][2]int{{0, 5}, {6, 13}}
	if got := breaks(res); !reflect.DeepEqual(got, want) {
		t.Fatalf("breaks %v, want %v", got, want)
	}
	// Each line has badness 0: demerits (10+0)² twice.
	if res.Demerits != 200 || res.Emergency || res.Overfull != 0 {
		t.Errorf("result %+v", res)
	}
	for _, l := range res.Lines {
		if l.Ratio != 0 || l.Fitness != Decent || l.Hyphenated {
			t.Errorf("line %+v", l)
		}
	}
	checkResult(t, items, Uniform(70), DefaultSettings(), res)
}

func TestTotalFit(t *testing.T) {
	// Measure 100, spaces 10 +10 -4; words 10 20 20 10 10.
	// Items: b0 g1 b2 g3 b4 g5 b6 g7 b8 nobreak9 fill10 eject11.
	// First fit squeezes everything onto one line: L = 110, shrink 16,
	// r = -0.625, badness 24.41 (tight), demerits (10+24.41)² = 1184.3.
	// Total fit breaks after the fourth word: L = 90, stretch 30,
	// r = 1/3, badness 3.70, demerits 13.70² = 187.79; the last line "10"
	// has badness ~0 and demerits 100. Total 287.79.
	// Breaking after the third word instead needs r = 1.5 (badness 337.5),
	// beyond the tolerance.
	items := words(NewGlue(10, 10, 4), 10, 20, 20, 10, 10)
	for _, s := range []Settings{tex(), DefaultSettings()} {
		res := Break(items, Uniform(100), s)
		if got, want := breaks(res), [][2]int{{0, 7}, {8, 11}}; !reflect.DeepEqual(got, want) {
			t.Fatalf("breaks %v, want %v", got, want)
		}
		b := 100.0 / 27
		want := (10+b)*(10+b) + 100
		if !near(res.Demerits, want) {
			t.Errorf("demerits %v, want %v", res.Demerits, want)
		}
		if !near(res.Lines[0].Ratio, 1.0/3) || res.Lines[0].Fitness != Decent {
			t.Errorf("first line %+v", res.Lines[0])
		}
	}
}

func TestHyphenation(t *testing.T) {
	// Items: 0 box30, 1 glue, 2 box10 "hy", 3 hyphen (5pt, penalty 50),
	// 4 box20 "phen", 5 glue, 6 box20, 7 nobreak, 8 fill, 9 eject.
	// Measure 50.
	// Without hyphenation there is no solution: "30" alone cannot
	// stretch, "30 hyphen" is 65pt. Breaking at the hyphen sets
	// 30+5+10+5 = 50 exactly: demerits 10² + 50² = 2600; the last line
	// "phen 20" has demerits 10² + 5000 final-hyphen demerits.
	items := []Item{
		NewBox(30), NewGlue(5, 5, 2), NewBox(10), NewPenalty(5, 50, true),
		NewBox(20), NewGlue(5, 5, 2), NewBox(20),
	}
	items = Finish(items)
	res := Break(items, Uniform(50), DefaultSettings())
	if got, want := breaks(res), [][2]int{{0, 3}, {4, 9}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("breaks %v, want %v", got, want)
	}
	if !res.Lines[0].Hyphenated || res.Lines[1].Hyphenated || res.Emergency {
		t.Errorf("result %+v", res)
	}
	if !near(res.Demerits, 2600+100+5000) {
		t.Errorf("demerits %v, want 7700", res.Demerits)
	}
	checkResult(t, items, Uniform(50), DefaultSettings(), res)
}

func TestForcedBreaks(t *testing.T) {
	// Two short lines, each ended by fill glue and a forced break.
	items := []Item{
		NewBox(20), {Kind: Glue, Stretch: FillStretch}, NewPenalty(0, -Infinity, false),
		NewBox(30), {Kind: Glue, Stretch: FillStretch}, NewPenalty(0, -Infinity, false),
	}
	res := Break(items, Uniform(50), DefaultSettings())
	if got, want := breaks(res), [][2]int{{0, 2}, {3, 5}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("breaks %v, want %v", got, want)
	}
	if res.Emergency || !near(res.Demerits, 200) {
		t.Errorf("result %+v", res)
	}
	// A forced break is taken even where the line would fit more.
	items = words(NewGlue(5, 5, 2), 10, 10, 10, 10)
	items = append(items[:3:3], append([]Item{{Kind: Glue, Stretch: FillStretch}, NewPenalty(0, -Infinity, false)}, items[3:]...)...)
	// 0 10, 1 g, 2 10, 3 fill, 4 eject, 5 g, 6 10, 7 g, 8 10, 9 nobreak,
	// 10 fill, 11 eject: the glue after the forced break is discarded.
	res = Break(items, Uniform(100), DefaultSettings())
	if got, want := breaks(res), [][2]int{{0, 4}, {6, 11}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("breaks %v, want %v (items %v)", got, want, items)
	}
	checkResult(t, items, Uniform(100), DefaultSettings(), res)
}

func TestWideBox(t *testing.T) {
	// 0 box30, 1 glue, 2 box100, 3 glue, 4 box20, 5 nobreak, 6 fill,
	// 7 eject; measure 50.
	items := words(NewGlue(5, 5, 2), 30, 100, 20)
	res := Break(items, Uniform(50), DefaultSettings())
	if got, want := breaks(res), [][2]int{{0, 1}, {2, 3}, {4, 7}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("breaks %v, want %v", got, want)
	}
	if res.Overfull != 1 || !res.Lines[1].Overfull || res.Lines[0].Overfull || !res.Emergency {
		t.Errorf("result %+v", res)
	}
	checkResult(t, items, Uniform(50), DefaultSettings(), res)
	// A paragraph of one box too wide.
	items = Finish([]Item{NewBox(80)})
	res = Break(items, Uniform(50), DefaultSettings())
	if len(res.Lines) != 1 || res.Overfull != 1 {
		t.Errorf("single wide box: %+v", res)
	}
	checkResult(t, items, Uniform(50), DefaultSettings(), res)
}

// hyphenChain returns a paragraph in which every line fits exactly only
// when it ends at a hyphen: a first box of 20, then n words of syllables
// 15 and 20 with a hyphen of width 0 between them. A line "20 space 15-"
// is exactly 40.
func hyphenChain(n int) []Item {
	items := []Item{NewBox(20)}
	for i := 0; i < n; i++ {
		items = append(items, NewGlue(5, 5, 1), NewBox(15), NewPenalty(0, 0, true), NewBox(20))
	}
	return Finish(items)
}

func TestHyphenRunCap(t *testing.T) {
	s := tex()
	s.DoubleHyphenDemerits, s.FinalHyphenDemerits = 0, 0
	items := hyphenChain(4)
	countRun := func(res Result) int {
		run, most := 0, 0
		for _, l := range res.Lines {
			if l.Hyphenated {
				run++
				most = max(most, run)
			} else {
				run = 0
			}
		}
		return most
	}
	// No limit: four hyphenated lines in a row, and no emergency.
	s.MaxHyphenRun = 0
	res := Break(items, Uniform(40), s)
	if countRun(res) != 4 || res.Emergency {
		t.Fatalf("no limit: run %d, %+v", countRun(res), res)
	}
	// A limit of 4 is met.
	s.MaxHyphenRun = 4
	if res := Break(items, Uniform(40), s); countRun(res) != 4 || res.Emergency {
		t.Fatalf("limit 4: run %d, %+v", countRun(res), res)
	}
	// With a limit of 2 nothing else is feasible, so the emergency pass
	// breaks the limit rather than leave lines unset.
	s.MaxHyphenRun = 2
	res = Break(items, Uniform(40), s)
	if !res.Emergency || res.Overfull != 0 {
		t.Fatalf("limit 2: %+v", res)
	}
	checkResult(t, items, Uniform(40), s, res)

	// Where the best breaks without a limit hyphenate three lines or more
	// in a row, the limit picks the best breaks within it, without an
	// emergency, as the brute-force reference confirms.
	r := rand.New(rand.NewPCG(5, 5))
	found := 0
	for iter := 0; iter < 20000 && found < 20; iter++ {
		items := randomParagraph(r, 6+r.IntN(5))
		m := 45 + r.Float64()*30
		s := tex()
		s.Tolerance = 1000
		s.DoubleHyphenDemerits = 0
		s.MaxHyphenRun = 0
		if res := Break(items, Uniform(m), s); res.Emergency || countRun(res) < 3 {
			continue
		}
		s.MaxHyphenRun = 2
		want, _, ok := refBreak(items, Uniform(m), s, s.Tolerance, true)
		if !ok {
			continue
		}
		found++
		res := Break(items, Uniform(m), s)
		checkResult(t, items, Uniform(m), s, res)
		if res.Emergency || countRun(res) > 2 || !near(res.Demerits, want) {
			t.Fatalf("limit 2: run %d, emergency %v, demerits %v, reference %v",
				countRun(res), res.Emergency, res.Demerits, want)
		}
	}
	if found < 5 {
		t.Errorf("only %d paragraphs where the limit matters", found)
	}
}

func TestLooseness(t *testing.T) {
	// Words of 17, spaces 5 +8 -3, measure 60: three words make 61
	// (r = -1/6), two make 39 (r = 2.6, badness ~1760).
	items := words(NewGlue(5, 8, 3), 17, 17, 17, 17, 17, 17)
	s := tex()
	s.Tolerance = 2000
	res := Break(items, Uniform(60), s)
	if len(res.Lines) != 2 {
		t.Fatalf("optimum has %d lines, want 2", len(res.Lines))
	}
	s.Looseness = 1
	loose := Break(items, Uniform(60), s)
	if len(loose.Lines) != 3 || loose.Emergency {
		t.Fatalf("looseness 1: %d lines, %+v", len(loose.Lines), loose)
	}
	checkResult(t, items, Uniform(60), s, loose)
	// Asking for more than is possible gives as many as possible: a word
	// alone on a line has no glue to stretch, so three lines at most.
	s.Looseness = 10
	if got := Break(items, Uniform(60), s); len(got.Lines) != 3 {
		t.Errorf("looseness 10: %d lines, want 3", len(got.Lines))
	}
	// Negative looseness: fewer lines.
	s.Looseness = -1
	if got := Break(items, Uniform(60), s); len(got.Lines) != 2 {
		t.Errorf("looseness -1: %d lines, want 2", len(got.Lines))
	}
	items = words(NewGlue(5, 8, 3), 17, 17, 17, 17)
	s.Looseness = 0
	if got := Break(items, Uniform(60), s); len(got.Lines) != 2 {
		t.Fatalf("four words: %d lines", len(got.Lines))
	}
	s.Looseness = -1
	if got := Break(items, Uniform(80), s); len(got.Lines) != 1 {
		t.Errorf("looseness -1, measure 80: %d lines, want 1", len(got.Lines))
	}
}

func TestEmergency(t *testing.T) {
	// Words of 30, spaces 5 +1 -1, measure 80: two words leave 15pt to
	// fill with 1pt of stretch. Only the emergency stretch makes it.
	items := words(NewGlue(5, 1, 1), 30, 30, 30, 30)
	s := DefaultSettings()
	res := Break(items, Uniform(80), s)
	if !res.Emergency || res.Overfull != 0 {
		t.Fatalf("no emergency stretch: %+v", res)
	}
	checkResult(t, items, Uniform(80), s, res)
	s.EmergencyStretch = 20
	res = Break(items, Uniform(80), s)
	if !res.Emergency || len(res.Lines) != 2 || res.Overfull != 0 {
		t.Fatalf("emergency stretch: %+v", res)
	}
	// The lines are still set with their own glue: r = 15.
	if !near(res.Lines[0].Ratio, 15) {
		t.Errorf("ratio %v, want 15", res.Lines[0].Ratio)
	}
	checkResult(t, items, Uniform(80), s, res)
	// Within tolerance: no emergency.
	items = words(NewGlue(5, 10, 1), 30, 30, 30, 30)
	if res := Break(items, Uniform(70), s); res.Emergency {
		t.Errorf("emergency where none is needed: %+v", res)
	}
}

func TestVariableWidths(t *testing.T) {
	// Twenty words of 10, spaces 5 +2 -1. An indented first line of 40
	// takes three words (40 exactly), the rest 70 take five.
	ws := make([]float64, 18)
	for i := range ws {
		ws[i] = 10
	}
	items := words(NewGlue(5, 2, 1), ws...)
	width := func(l int) float64 {
		if l == 0 {
			return 40
		}
		return 70
	}
	res := Break(items, width, DefaultSettings())
	checkResult(t, items, width, DefaultSettings(), res)
	if got := res.Lines[0].End; got != 5 {
		t.Errorf("first line ends at %d, want 5 (three words)", got)
	}
	if len(res.Lines) != 4 {
		t.Errorf("%d lines, want 4 (3+5+5+5)", len(res.Lines))
	}
	// A narrower run in the middle, as beside a picture.
	width = func(l int) float64 {
		if l >= 1 && l <= 2 {
			return 40
		}
		return 70
	}
	res = Break(items, width, DefaultSettings())
	checkResult(t, items, width, DefaultSettings(), res)
	want := []int{5, 3, 3, 5, 2}
	for k, l := range res.Lines {
		n := 0
		for _, it := range items[l.Start:l.End] {
			if it.Kind == Box {
				n++
			}
		}
		if k >= len(want) || n != want[k] {
			t.Errorf("line %d has %d words, want %v", k, n, want)
			break
		}
	}
}

func TestNoFinish(t *testing.T) {
	// Without the finishing items the last line is justified like the
	// rest and ends at len(items).
	items := []Item{NewBox(20), NewGlue(5, 5, 2), NewBox(20), NewGlue(5, 5, 2), NewBox(20)}
	res := Break(items, Uniform(70), DefaultSettings())
	if got, want := breaks(res), [][2]int{{0, 5}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("breaks %v, want %v", got, want)
	}
	checkResult(t, items, Uniform(70), DefaultSettings(), res)
	// Too short to justify: an emergency, underfull, not overfull.
	res = Break(items[:3], Uniform(70), DefaultSettings())
	if !res.Emergency || res.Overfull != 0 || len(res.Lines) != 1 {
		t.Errorf("short: %+v", res)
	}
	checkResult(t, items[:3], Uniform(70), DefaultSettings(), res)
}

func TestEmpty(t *testing.T) {
	if res := Break(nil, Uniform(50), DefaultSettings()); len(res.Lines) != 0 {
		t.Errorf("nil paragraph: %+v", res)
	}
	items := Finish(nil)
	res := Break(items, Uniform(50), DefaultSettings())
	checkResult(t, items, Uniform(50), DefaultSettings(), res)
	if len(res.Lines) != 1 {
		t.Errorf("empty paragraph: %+v", res)
	}
}

func TestDiscardAtLineStart(t *testing.T) {
	// Glue and a penalty after a break are not set on the next line.
	items := []Item{
		NewBox(30), NewGlue(5, 5, 2), NewBox(30), NewGlue(5, 5, 2),
		NewPenalty(0, 100, false), NewGlue(3, 0, 0), NewBox(30), NewGlue(5, 5, 2), NewBox(30),
	}
	items = Finish(items)
	res := Break(items, Uniform(65), DefaultSettings())
	if got, want := breaks(res), [][2]int{{0, 3}, {6, 11}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("breaks %v, want %v", got, want)
	}
	checkResult(t, items, Uniform(65), DefaultSettings(), res)
}

// TestAgainstReference compares the second pass with a brute-force search
// over every sequence of breaks, on small random paragraphs with
// hyphenation, forced breaks and varying measures.
func TestAgainstReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1981))
	checked := 0
	for iter := 0; iter < 3000; iter++ {
		var items []Item
		nw := 2 + r.IntN(7)
		expand := r.IntN(2) == 0
		for i := 0; i < nw; i++ {
			if i > 0 {
				if r.IntN(12) == 0 {
					items = append(items, Item{Kind: Glue, Stretch: FillStretch}, NewPenalty(0, -Infinity, false))
				} else {
					g := NewGlue(4+r.Float64()*2, 1+r.Float64()*3, r.Float64()*2)
					if r.IntN(4) == 0 {
						g.Hang = r.Float64() * 2
					}
					items = append(items, g)
				}
			}
			k := 1 + r.IntN(3)
			for j := 0; j < k; j++ {
				if j > 0 {
					p := NewPenalty(3, float64(r.IntN(3)*50), true)
					p.Hang = float64(r.IntN(2)) * 2
					items = append(items, p)
				}
				b := NewBox(5 + r.Float64()*15)
				if expand {
					b.Stretch, b.Shrink = b.Width*0.02, b.Width*0.02
				}
				if j == 0 && r.IntN(4) == 0 {
					b.Hang = r.Float64() * 2
				}
				items = append(items, b)
			}
			if r.IntN(10) == 0 {
				items = append(items, NewPenalty(0, float64(r.IntN(200)-100), false))
			}
		}
		items = Finish(items)
		s := tex()
		s.Tolerance = []float64{200, 1000, 10000}[r.IntN(3)]
		s.MaxHyphenRun = r.IntN(3)
		s.EmergencyStretch = 0
		if r.IntN(2) == 0 {
			s.AdjDemerits = 0
		}
		if r.IntN(2) == 0 {
			s.LastLineMin, s.LastLineGap, s.LastLineDemerits = 20, 8, 3000
		}
		w0 := 40 + r.Float64()*40
		w1 := 40 + r.Float64()*40
		cut := r.IntN(4)
		width := func(l int) float64 {
			if l < cut {
				return w0
			}
			return w1
		}
		want, _, ok := refBreak(items, width, s, s.Tolerance, true)
		res := Break(items, width, s)
		checkResult(t, items, width, s, res)
		if ok != !res.Emergency {
			t.Fatalf("iter %d: reference feasible %v, emergency %v", iter, ok, res.Emergency)
		}
		if ok {
			checked++
			if !near(res.Demerits, want) {
				t.Fatalf("iter %d: demerits %v, reference %v\nitems %v\nbreaks %v", iter, res.Demerits, want, items, breaks(res))
			}
		}
		// Looseness against the reference's line counts is checked on
		// the first pass shape: with looseness 0 the counts must agree.
	}
	if checked < 500 {
		t.Errorf("only %d feasible paragraphs checked", checked)
	}
}

// TestFirstPassReference checks the first pass (no hyphenation) likewise.
func TestFirstPassReference(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 1981))
	for iter := 0; iter < 1000; iter++ {
		items := randomParagraph(r, 3+r.IntN(6))
		s := DefaultSettings()
		m := 50 + r.Float64()*40
		want, _, ok := refBreak(items, Uniform(m), s, s.PreTolerance, false)
		if !ok {
			continue
		}
		res := Break(items, Uniform(m), s)
		for _, l := range res.Lines {
			if l.Hyphenated {
				t.Fatalf("iter %d: first pass feasible but result hyphenated", iter)
			}
		}
		if !near(res.Demerits, want) {
			t.Fatalf("iter %d: demerits %v, reference %v", iter, res.Demerits, want)
		}
	}
}

// TestRandomParagraphs checks the invariants on many realistic paragraphs
// under varied settings: every line set to its measure, ratio never below
// -1, no overfull line (every syllable fits), hyphen runs within limits.
func TestRandomParagraphs(t *testing.T) {
	r := rand.New(rand.NewPCG(42, 7))
	var br Breaker
	for iter := 0; iter < 250; iter++ {
		items := randomParagraph(r, 5+r.IntN(150))
		s := DefaultSettings()
		s.Tolerance = []float64{100, 200, 400, 1000, 10000}[r.IntN(5)]
		s.PreTolerance = []float64{-1, 100, 200}[r.IntN(3)]
		s.EmergencyStretch = []float64{0, 3, 9}[r.IntN(3)]
		s.MaxHyphenRun = r.IntN(4)
		s.Looseness = []int{0, 0, 0, 1, -1}[r.IntN(5)]
		s.EvenDemerits = []float64{0, 1e5, 1e6}[r.IntN(3)]
		if r.IntN(2) == 0 {
			s.LastLineMin, s.LastLineGap, s.LastLineDemerits = 18, 9, 1e5
		}
		if r.IntN(2) == 0 {
			// font expansion and hanging punctuation
			for i := range items {
				switch it := &items[i]; it.Kind {
				case Box:
					it.Stretch, it.Shrink = it.Width*0.02, it.Width*0.02
				case Glue:
					it.Hang = float64(r.IntN(3))
				}
			}
		}
		m := 60 + r.Float64()*100
		width := Uniform(m)
		if r.IntN(3) == 0 {
			first, narrow := r.IntN(3), 2+r.IntN(5)
			width = func(l int) float64 {
				if l >= first && l < first+narrow {
					return m - 20
				}
				return m
			}
		}
		res := br.Break(items, width, s)
		checkResult(t, items, width, s, res)
		if res.Overfull != 0 {
			t.Fatalf("iter %d: %d overfull lines", iter, res.Overfull)
		}
		// A reused Breaker gives what a fresh one does.
		if fresh := Break(items, width, s); !reflect.DeepEqual(fresh, res) {
			t.Fatalf("iter %d: reused Breaker differs from a fresh one", iter)
		}
	}
}

func TestAllocs(t *testing.T) {
	paras, _ := benchParagraphs()
	s := benchSettings()
	var br Breaker
	for _, p := range paras {
		br.Break(p, Uniform(80), s)
	}
	allocs := testing.AllocsPerRun(20, func() {
		for _, p := range paras {
			br.Break(p, Uniform(80), s)
		}
	})
	// One per paragraph: the Lines slice of its Result.
	if allocs > float64(len(paras)) {
		t.Errorf("%.0f allocations for %d paragraphs", allocs, len(paras))
	}
}

// fuzzItems decodes a paragraph from bytes: each item takes three bytes.
func fuzzItems(data []byte) []Item {
	var items []Item
	for i := 0; i+2 < len(data); i += 3 {
		k, a, b := data[i], float64(data[i+1]), float64(data[i+2])
		switch k % 8 {
		case 0, 1, 2, 3:
			// boxes with expansion and a left hang now and then
			items = append(items, Item{Kind: Box, Width: a / 4, Stretch: float64(k>>6) * b / 512, Shrink: float64(k>>6) * b / 1024, Hang: float64(k>>4&3) / 2})
		case 4, 5:
			g := NewGlue(a/32, b/32, float64(k>>3)/16)
			g.Hang = float64(k>>6) / 2
			items = append(items, g)
		case 6:
			items = append(items, NewPenalty(b/64, a*80-10000, k&8 != 0))
		case 7:
			if k&8 != 0 {
				items = append(items, Item{Kind: Glue, Stretch: FillStretch}, NewPenalty(0, -Infinity, false))
			} else {
				items = append(items, NewPenalty(0, Infinity, false))
			}
		}
	}
	if len(data)%2 == 0 {
		items = Finish(items)
	}
	return items
}

// unitsFit reports whether the material between every two consecutive
// legal breaks (with the second's penalty width), fully shrunk, fits the
// measure, so that a solution without overfull lines exists.
func unitsFit(items []Item, m float64) bool {
	n := len(items)
	legal := func(i int) bool {
		if i == n {
			return true
		}
		switch items[i].Kind {
		case Glue:
			return i > 0 && items[i-1].Kind == Box
		case Penalty:
			return items[i].Penalty < Infinity
		}
		return false
	}
	start := 0
	for i := 0; i <= n; i++ {
		if !legal(i) {
			continue
		}
		var w float64
		for j := start; j < i; j++ {
			switch items[j].Kind {
			case Box, Glue:
				w += items[j].Width - items[j].Shrink
			}
		}
		room := m
		if start < n && start < i && items[start].Kind == Box {
			room += items[start].Hang
		}
		if i < n {
			room += items[i].Hang
			if items[i].Kind == Penalty {
				w += items[i].Width
			}
		}
		if w > room+1e-9 {
			return false
		}
		// the next line starts after discarding
		start = i + 1
		for start < n && items[start].Kind != Box && !(items[start].Kind == Penalty && items[start].Penalty <= -Infinity) {
			start++
		}
		i = max(i, start-1)
	}
	return true
}

func FuzzBreak(f *testing.F) {
	f.Add([]byte{0, 80, 0, 4, 80, 40, 1, 100, 0, 6, 10, 200, 2, 60, 0}, uint8(40), uint8(0))
	f.Add([]byte{0, 255, 0, 4, 80, 40, 0, 255, 0}, uint8(20), uint8(1))
	f.Add([]byte{15, 1, 1, 0, 40, 0, 7, 0, 0, 0, 40, 0, 4, 0, 0}, uint8(100), uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, measure, mode uint8) {
		items := fuzzItems(data)
		m := float64(measure) / 2
		s := DefaultSettings()
		s.MaxHyphenRun = int(mode % 4)
		s.Looseness = int(mode>>2%3) - 1
		s.EmergencyStretch = float64(mode >> 4)
		width := Uniform(m)
		res := Break(items, width, s)
		checkResult(t, items, width, s, res)
		if unitsFit(items, m) && res.Overfull != 0 {
			t.Fatalf("%d overfull lines although every unit fits %v: %v", res.Overfull, m, breaks(res))
		}
	})
}

// TestSpacesRatio: with SpacesFirst the glue takes its own stretch first,
// then the boxes theirs, then the glue the rest.
func TestSpacesRatio(t *testing.T) {
	for _, c := range []struct{ slack, sp, bx, r, want float64 }{
		{2, 4, 2, 2.0 / 6, 0.5}, // within the glue's stretch
		{5, 4, 2, 5.0 / 6, 1},   // the boxes take the rest
		{10, 4, 2, 10.0 / 6, 2}, // beyond both: the glue alone
		{3, 0, 2, 1.5, 1.5},     // no glue: the line's own ratio
		{1, 4, 0, 0.25, 0.25},   // no box stretch
	} {
		if got := spacesRatio(c.slack, c.sp, c.bx, c.r); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("spacesRatio(%v, %v, %v) = %v, want %v", c.slack, c.sp, c.bx, got, c.want)
		}
	}
}

// TestFirstHyphenForbiddenOnlyAtInf: FirstHyphenDemerits is a cost; at
// +Inf a first line ends in a hyphen only when nothing else fits.
func TestFirstHyphenForbiddenOnlyAtInf(t *testing.T) {
	// "aaaa bb-cc dd": the first line fits "aaaa bb-" exactly at width 7,
	// or "aaaa" alone (loose)
	items := []Item{
		NewBox(4), NewGlue(1, 1, 0), NewBox(2), NewPenalty(1, 50, true), NewBox(2), NewGlue(1, 1, 0), NewBox(2),
	}
	items = Finish(items)
	w := func(int) float64 { return 8 }
	s := DefaultSettings()
	s.Tolerance = Infinity
	s.FirstHyphenDemerits = 0
	if res := Break(items, w, s); len(res.Lines) == 0 || !res.Lines[0].Hyphenated {
		t.Fatalf("free first-line hyphen not taken: %+v", res.Lines)
	}
	s.FirstHyphenDemerits = math.Inf(1)
	if res := Break(items, w, s); len(res.Lines) > 0 && res.Lines[0].Hyphenated {
		t.Errorf("first line hyphenated with FirstHyphenDemerits at +Inf: %+v", res.Lines)
	}
}

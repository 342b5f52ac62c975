package linebreak

import (
	"reflect"
	"testing"
)

// TestBoxStretch checks that stretch and shrink on boxes (font expansion)
// count with the glue's: a line that its spaces alone cannot fill is set
// within tolerance when its words may widen.
func TestBoxStretch(t *testing.T) {
	// Words of 30, spaces 5 +1 -1, measure 80: two words leave 15 to fill.
	// The space gives 1; each word may widen by 7, so 15 in all, r = 1.
	plain := words(NewGlue(5, 1, 1), 30, 30, 30, 30)
	s := DefaultSettings()
	if res := Break(plain, Uniform(80), s); !res.Emergency {
		t.Fatalf("without expansion the paragraph needs the emergency pass: %+v", res)
	}
	items := make([]Item, len(plain))
	for i, it := range plain {
		if it.Kind == Box {
			it.Stretch, it.Shrink = 7, 1
		}
		items[i] = it
	}
	res := Break(items, Uniform(80), s)
	if got, want := breaks(res), [][2]int{{0, 3}, {4, 9}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("breaks %v, want %v", got, want)
	}
	if res.Emergency || !near(res.Lines[0].Ratio, 1) || res.Lines[0].Fitness != VeryLoose {
		t.Errorf("result %+v", res)
	}
	checkResult(t, items, Uniform(80), s, res)
	// Shrink on boxes lets three words of 30 into 95: 100 natural, the
	// spaces give 2 and the words 3 (1 each), r = -5/5 = -1.
	res = Break(items, Uniform(95), s)
	if got := breaks(res); got[0] != [2]int{0, 5} || res.Lines[0].Overfull || !near(res.Lines[0].Ratio, -1) {
		t.Errorf("shrunk: breaks %v, %+v", got, res.Lines[0])
	}
	checkResult(t, items, Uniform(95), s, res)
}

// TestHang checks optical margin alignment: a line may reach past its
// measure by the hang of the glue or penalty it ends at and of the box it
// starts with.
func TestHang(t *testing.T) {
	// Words of 30, spaces 5 +5 -0, measure 63: two words are 65, 2 too
	// wide, and one alone cannot be justified. (A paragraph's last line
	// is not justified, and does not hang right.)
	s := DefaultSettings()
	if res := Break(words(NewGlue(5, 5, 0), 30, 30, 30), Uniform(63), s); !res.Emergency {
		t.Fatalf("without hangs the paragraph needs the emergency pass: %+v", res)
	}
	for _, c := range []struct {
		name      string
		box, glue float64
	}{{"right", 0, 2}, {"left", 2, 0}, {"both", 1, 1}} {
		g := NewGlue(5, 5, 0)
		g.Hang = c.glue
		items := words(g, 30, 30, 30)
		for i := range items {
			if items[i].Kind == Box {
				items[i].Hang = c.box
			}
		}
		res := Break(items, Uniform(63), s)
		if got, want := breaks(res), [][2]int{{0, 3}, {4, 7}}; !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: breaks %v, want %v", c.name, got, want)
		}
		if res.Emergency || res.Lines[0].Ratio != 0 || !near(res.Demerits, 200) {
			t.Errorf("%s: %+v", c.name, res)
		}
		checkResult(t, items, Uniform(63), s, res)
	}
	// A hyphen's hang counts at a hyphenation break: "30 12-" is 30+5+12+3
	// = 50 in a measure of 48 with a hang of 2.
	items := Finish([]Item{NewBox(30), NewGlue(5, 5, 0), NewBox(12), {Kind: Penalty, Width: 3, Penalty: 50, Flagged: true, Hang: 2}, NewBox(20)})
	res := Break(items, Uniform(48), s)
	if got := breaks(res); got[0] != [2]int{0, 3} || res.Lines[0].Ratio != 0 || !res.Lines[0].Hyphenated {
		t.Errorf("hyphen: breaks %v, %+v", got, res)
	}
	checkResult(t, items, Uniform(48), s, res)
}

// TestLastLine checks that a paragraph's last line shorter than
// LastLineMin, or leaving less than LastLineGap, costs LastLineDemerits.
func TestLastLine(t *testing.T) {
	// Items: 0 w20 1 g 2 w20 3 g 4 w20 5 g 6 w30 7 g 8 w25 9 g 10 w15,
	// spaces 5 +10 -3, measure 70.
	items := words(NewGlue(5, 10, 3), 20, 20, 20, 30, 25, 15)
	s := tex() // the first pass would take the optimum as it stands
	s.Tolerance = 2000
	// The optimum sets 20 20 20 exactly and 30 25 at r = 1, leaving 15
	// alone: 100 + 110² + 100 and twice the adjacent demerits.
	res := Break(items, Uniform(70), s)
	if got, want := breaks(res), [][2]int{{0, 5}, {6, 9}, {10, 13}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("breaks %v, want %v", got, want)
	}
	if !near(res.Demerits, 32300) {
		t.Errorf("demerits %v, want 32300", res.Demerits)
	}
	// A last line under 20 wide costs enough that the paragraph is set
	// 20 20 | 20 30 | 25 15, with a very loose first line.
	s.LastLineMin, s.LastLineDemerits = 20, 1e7
	res = Break(items, Uniform(70), s)
	if got, want := breaks(res), [][2]int{{0, 3}, {4, 7}, {8, 13}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("LastLineMin: breaks %v, want %v", got, want)
	}
	checkResult(t, items, Uniform(70), s, res)
	if want, _, _ := refBreak(items, Uniform(70), s, s.Tolerance, true); !near(res.Demerits, want) {
		t.Errorf("demerits %v, reference %v", res.Demerits, want)
	}
	// A paragraph's only line is never charged.
	if res := Break(words(NewGlue(5, 10, 3), 8), Uniform(70), s); !near(res.Demerits, 100) {
		t.Errorf("one line: demerits %v", res.Demerits)
	}
	// Leaving under 25 empty at the end costs as much: 20 20 20 | 25 20 15
	// fills its last line; 20 20 20 | 25 20 | 15, with a very loose second
	// line, is the best that does not.
	s.LastLineMin, s.LastLineGap = 0, 25
	items = words(NewGlue(5, 10, 3), 20, 20, 20, 25, 20, 15)
	s.LastLineDemerits = 0
	if got, want := breaks(Break(items, Uniform(70), s)), [][2]int{{0, 5}, {6, 13}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("breaks %v, want %v", got, want)
	}
	s.LastLineDemerits = 1e7
	res = Break(items, Uniform(70), s)
	if got, want := breaks(res), [][2]int{{0, 5}, {6, 9}, {10, 13}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("LastLineGap: breaks %v, want %v", got, want)
	}
	checkResult(t, items, Uniform(70), s, res)
	if want, _, _ := refBreak(items, Uniform(70), s, s.Tolerance, true); !near(res.Demerits, want) {
		t.Errorf("demerits %v, reference %v", res.Demerits, want)
	}
}

// TestEvenDemerits checks that EvenDemerits prefer neighbouring lines
// spaced alike to a tight line beside a very loose one.
func TestEvenDemerits(t *testing.T) {
	// Items: 0 w15 1 g 2 w10 3 g 4 w10 5 g 6 w15 7 g 8 w25 9 g 10 w15
	// 11 g 12 w15; spaces 5 +5 -2, measure 60.
	items := words(NewGlue(5, 5, 2), 15, 10, 10, 15, 25, 15, 15)
	s := tex()
	s.Tolerance = 10000
	// The fewest demerits: "15 10 10 15" shrunk (r = -5/6), then "25 15"
	// at r = 3 and "15" alone.
	res := Break(items, Uniform(60), s)
	if got, want := breaks(res), [][2]int{{0, 7}, {8, 11}, {12, 15}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("breaks %v, want %v", got, want)
	}
	// Evenly: "15 10 10" at r = 1.5 beside "15 25" at r = 3 (counted as
	// maxEven, 2), and "15 15" last.
	s.EvenDemerits = 1e6
	res = Break(items, Uniform(60), s)
	if got, want := breaks(res), [][2]int{{0, 5}, {6, 9}, {10, 15}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("EvenDemerits: breaks %v, want %v", got, want)
	}
	checkResult(t, items, Uniform(60), s, res)
	// (10+337.5)² and 10000 for a very loose first line, 2710², 10² and
	// 10000 for a decent line after a very loose one, and 1e6 times
	// (2 - 1.5)².
	if want := 120756.25 + 10000 + 2710*2710 + 100 + 10000 + 250000; !near(res.Demerits, want) {
		t.Errorf("demerits %v, want %v", res.Demerits, want)
	}
}

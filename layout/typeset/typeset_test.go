package typeset

import (
	"math"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/epaper/epaper/fonts"
	"github.com/epaper/epaper/layout/linebreak"
	"github.com/epaper/epaper/story"
)

type kp struct{}

// hangs returns how far a set line may reach into the left and right
// margins: the protrusion of its first and last characters.
func hangs(st ParaStyle, ln Line) (left, right float64) {
	first, last := ln.Frags[0], ln.Frags[len(ln.Frags)-1]
	r, _ := utf8.DecodeRuneInString(first.Text)
	left = st.protrude(first.Face, r, false)
	r, _ = utf8.DecodeLastRuneInString(last.Text)
	right = st.protrude(last.Face, r, true)
	return left, right
}

func (kp) Break(items []linebreak.Item, w func(int) float64, s linebreak.Settings) linebreak.Result {
	return linebreak.Break(items, w, s)
}

func faces(t *testing.T) Faces {
	t.Helper()
	reg, err := fonts.Default()
	if err != nil {
		t.Fatal(err)
	}
	get := func(w int, it bool) *fonts.Face {
		f, err := reg.Face("Source Serif 4", w, it)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	dev, _ := reg.Face("Noto Serif Devanagari", 400, false)
	return Faces{Regular: get(400, false), Italic: get(400, true), Bold: get(700, false), BoldItalic: get(700, true), Fallbacks: []*fonts.Face{dev}}
}

const para = "The Investigative Committee and the Federal Security Service said they believe gas, which leaks relatively frequently in Russia, was the trigger for the disaster which occurred at 6am as many occupants slept. President Vladimir Putin was briefed, and flew to Magnitogorsk on Monday."

func TestJustifiedLinesFillTheMeasure(t *testing.T) {
	f := faces(t)
	s := &Setter{Breaker: kp{}}
	st := DefaultParaStyle(f, 9)
	st.Indent = 0
	lines := s.SetSpans([]story.Span{{Text: para}}, 135, st)
	if len(lines) < 8 {
		t.Fatalf("%d lines", len(lines))
	}
	var words []string
	for i, ln := range lines {
		last := ln.Frags[len(ln.Frags)-1]
		end := last.X + last.Width
		left, right := hangs(st, ln)
		if i == len(lines)-1 {
			right = 0
		}
		if i < len(lines)-1 && math.Abs(end-135-right) > 0.05 {
			t.Errorf("line %d ends at %.2f, not the measure + %.2f", i, end, right)
		}
		if end > 135.05+right {
			t.Errorf("line %d is overfull: %.2f", i, end)
		}
		if math.Abs(ln.Frags[0].X+left) > 1e-9 {
			t.Errorf("line %d starts at %.2f, want %.2f", i, ln.Frags[0].X, -left)
		}
		for _, fr := range ln.Frags {
			words = append(words, fr.Text)
		}
	}
	if got := strings.Join(words, " "); got != para {
		t.Errorf("text changed:\n%s", got)
	}
}

func TestStylesAndFallbacks(t *testing.T) {
	f := faces(t)
	s := &Setter{Breaker: kp{}, Missing: map[rune]bool{}}
	st := DefaultParaStyle(f, 9)
	lines := s.SetSpans([]story.Span{{Text: "Plain "}, {Text: "bold", Style: story.Bold}, {Text: " and नमस्ते in Hindi, a ‘quote’ and ❤ Sergey M․"}}, 500, st)
	seen := map[string]*fonts.Face{}
	for _, ln := range lines {
		for _, fr := range ln.Frags {
			seen[fr.Text] = fr.Face
		}
	}
	if f := seen["bold"]; f == nil || f.Weight != 700 {
		t.Errorf("bold span set in %v", f)
	}
	if f := seen["नमस्ते"]; f == nil || f.Family != "Noto Serif Devanagari" {
		t.Errorf("Devanagari word set in %v", f)
	}
	if seen["M."] == nil {
		t.Errorf("one-dot leader not set as a full stop: %v", seen)
	}
	if !s.Missing['❤'] || len(s.Missing) != 1 {
		t.Errorf("missing = %v", s.Missing)
	}
}

func TestSmarten(t *testing.T) {
	for in, want := range map[string]string{
		`He said "yes" -- and left...`: "He said “yes” – and left…",
		`it's the '90s`:                "it’s the ’90s",
		"crowd around it---but":        "crowd around it—but",
		"costs Rs 500 on Sep 22":       "costs Rs\u00a0500 on Sep\u00a022",
		"Mr. Modi met Dr Rao":          "Mr.\u00a0Modi met Dr\u00a0Rao",
		"(‘quoted’)":                   "(‘quoted’)",
	} {
		if got := Smarten1(in); got != want {
			t.Errorf("Smarten(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNoBreakSpaceHolds(t *testing.T) {
	f := faces(t)
	s := &Setter{Breaker: kp{}}
	st := DefaultParaStyle(f, 9)
	text := Smarten1("aaaa bbbb cccc dddd eeee Rs 500 ffff gggg hhhh iiii Sep 22 jjjj kkkk llll mmmm")
	for w := 60.0; w < 200; w += 7 {
		for _, ln := range s.SetSpans([]story.Span{{Text: text}}, w, st) {
			first, last := ln.Frags[0].Text, ln.Frags[len(ln.Frags)-1].Text
			if strings.HasPrefix(first, "500") || strings.HasPrefix(first, "22") || strings.HasSuffix(last, "Rs") || strings.HasSuffix(last, "Sep") {
				t.Fatalf("measure %.0f: a tied space broke (%q ... %q)", w, first, last)
			}
		}
	}
}

func TestRaggedBalances(t *testing.T) {
	f := faces(t)
	s := &Setter{}
	h := "Monsoon rains flood Mumbai suburbs as the city braces for more"
	tried := 0
	for w := 200.0; w < 700; w += 5 {
		plain := s.SetRagged(h, f.Bold, nil, 24, w, false)
		last := plain[len(plain)-1]
		if len(plain) < 2 || len(last.Frags) != 1 {
			continue
		}
		tried++
		bal := s.SetRagged(h, f.Bold, nil, 24, w, true)
		if len(bal) != len(plain) {
			t.Fatalf("width %.0f: balancing changed the line count %d -> %d", w, len(plain), len(bal))
		}
		if n := len(bal[len(bal)-1].Frags); n < 2 {
			t.Errorf("width %.0f: balanced headline still ends with one word", w)
		}
	}
	if tried == 0 {
		t.Fatal("no width left a single word on the last line")
	}
}

func TestUnicodeBreaksInsideWords(t *testing.T) {
	f := faces(t)
	s := &Setter{Breaker: kp{}}
	st := DefaultParaStyle(f, 9)
	st.Indent = 0
	text := "Results for the years 2019–2020 and/or the decade before came in late"
	seen := false
	for w := 40.0; w < 120; w += 3 {
		lines := s.SetSpans([]story.Span{{Text: text}}, w, st)
		var all []string
		for _, ln := range lines {
			last := ln.Frags[len(ln.Frags)-1].Text
			if strings.HasSuffix(last, "/") || strings.HasSuffix(last, "–") {
				seen = true
				if ln.Hyphenated {
					t.Errorf("measure %.0f: a break after %q counted as a hyphen", w, last)
				}
			}
			for _, fr := range ln.Frags {
				all = append(all, fr.Text)
			}
		}
		if got := strings.ReplaceAll(strings.Join(all, ""), "-", ""); got != strings.ReplaceAll(strings.ReplaceAll(text, " ", ""), "-", "") {
			t.Fatalf("measure %.0f: text changed: %q", w, got)
		}
	}
	if !seen {
		t.Error("no line ever broke after the slash or the dash")
	}
}

// countingHyph counts the words it is asked for; racing callers may ask at
// once, so it counts under a lock.
type countingHyph struct {
	mu sync.Mutex
	n  int
}

func (c *countingHyph) Points(w string) []Point {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
	if len(w) < 6 {
		return nil
	}
	return []Point{{Offset: 3}}
}

// TestRemembered checks that a remembered hyphenator asks the one it wraps
// once per word, whatever the number of callers, and gives its answers.
func TestRemembered(t *testing.T) {
	c := &countingHyph{}
	r := Remembered(c)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, w := range []string{"newspaper", "cat", "newspaper", "column"} {
				r.Points(w)
			}
		}()
	}
	wg.Wait()
	if got := r.Points("newspaper"); len(got) != 1 || got[0].Offset != 3 {
		t.Errorf("points %v", got)
	}
	if r.Points("cat") != nil {
		t.Error("cat hyphenated")
	}
	// racing callers may both ask before either remembers; once all
	// three words are known, it is never asked again
	n := c.n
	for range 3 {
		for _, w := range []string{"newspaper", "cat", "column"} {
			r.Points(w)
		}
	}
	if c.n != n {
		t.Errorf("wrapped hyphenator asked %d more times for known words", c.n-n)
	}
	if Remembered(nil) != nil {
		t.Error("Remembered(nil) is not nil")
	}
}

func TestBreakable(t *testing.T) {
	for w, want := range map[string]bool{"and/or": true, "well-known": true, "2019–2020": true, "so—said": true, "re‐enter": true,
		"plain": false, "": false, "naïve": false, "“quoted”": false, "…": false, "a\xe2\x80": false} {
		if got := breakable(w); got != want || got != strings.ContainsAny(w, "/–—‐-") {
			t.Errorf("breakable(%q) = %v, want %v", w, got, want)
		}
	}
}

// TestRaggedAtSizes checks that text prepared once sets at each size as
// text prepared for that size alone, whatever was set before, and that the
// lines scale with the size.
func TestRaggedAtSizes(t *testing.T) {
	f := faces(t)
	s := &Setter{Breaker: kp{}}
	text := "Gas blast in Magnitogorsk: rescuers search the rubble — नमस्ते — for survivors"
	r := s.Ragged(text, f.Bold, f.Fallbacks)
	sizes := []float64{30, 18.5, 46, 30, 12}
	for _, size := range sizes {
		got := r.Set(size, 300, true)
		want := (&Setter{Breaker: kp{}}).Ragged(text, f.Bold, f.Fallbacks).Set(size, 300, true)
		if len(got) != len(want) {
			t.Fatalf("size %g: %d lines, want %d", size, len(got), len(want))
		}
		for i := range got {
			g, w := got[i], want[i]
			if g.Natural != w.Natural || len(g.Frags) != len(w.Frags) {
				t.Fatalf("size %g line %d: %+v, want %+v", size, i, g, w)
			}
			for k := range g.Frags {
				if g.Frags[k].X != w.Frags[k].X || g.Frags[k].Width != w.Frags[k].Width || g.Frags[k].Size != size || g.Frags[k].Text != w.Frags[k].Text {
					t.Fatalf("size %g line %d frag %d: %+v, want %+v", size, i, k, g.Frags[k], w.Frags[k])
				}
			}
		}
	}
	// Widths are the lines' natural widths, without setting them
	for _, size := range sizes {
		for _, bal := range []bool{true, false} {
			ls, ws := r.Set(size, 300, bal), r.Widths(size, 300, bal)
			if len(ls) != len(ws) {
				t.Fatalf("size %g: %d widths for %d lines", size, len(ws), len(ls))
			}
			for i := range ls {
				if ls[i].Natural != ws[i] {
					t.Errorf("size %g balanced %v line %d: width %v, line %v", size, bal, i, ws[i], ls[i].Natural)
				}
			}
		}
	}
	// one line, unbalanced: the natural width is proportional to the size
	a, b := r.Set(10, 1e6, false), r.Set(20, 1e6, false)
	if len(a) != 1 || len(b) != 1 || math.Abs(b[0].Natural-2*a[0].Natural) > 1e-9 {
		t.Errorf("widths at 10 and 20 pt: %v, %v", a[0].Natural, b[0].Natural)
	}
}

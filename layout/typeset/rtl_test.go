package typeset

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/go-text/typesetting/bidi"

	"github.com/epaper/epaper/fonts"
	"github.com/epaper/epaper/layout/shape"
	"github.com/epaper/epaper/story"
)

func TestBidiLevels(t *testing.T) {
	var p bidi.Paragraph
	for _, c := range []struct {
		text string
		rtl  bool
		want string // a level digit per character
	}{
		// a number after Arabic letters in a left-to-right paragraph is at
		// level 2, and the Latin text after it back at 0: one run of
		// go-text's, two levels
		{"in عام 2023 and", false, "000111122220000"},
		// after Latin letters, Urdu digits take the Latin text's level
		{"اردو New Delhi ۱۹۴۸", true, "1111122222222222222"},
		{"اردو ۱۹۴۸ تک", true, "111112222111"},
		{"abc", true, "222"},
		{"abc", false, "000"},
	} {
		lv := bidiLevels(&p, c.text, c.rtl, nil)
		var got strings.Builder
		for i := range c.text {
			got.WriteByte('0' + lv[i])
		}
		if got.String() != c.want {
			t.Errorf("%q rtl %v: levels %s, want %s", c.text, c.rtl, got.String(), c.want)
		}
	}
}

func TestVisualOrder(t *testing.T) {
	for _, c := range []struct {
		levels []uint8
		rtl    bool
		want   []int
	}{
		{[]uint8{0, 0, 0}, false, []int{0, 1, 2}},
		{[]uint8{0, 1, 1, 1, 0}, false, []int{0, 3, 2, 1, 4}},
		{[]uint8{1, 1, 1}, true, []int{0, 1, 2}},
		// an English name inside Urdu, read from the right: its words
		// keep their order left to right
		{[]uint8{1, 1, 2, 2, 2, 1, 1}, true, []int{0, 1, 4, 3, 2, 5, 6}},
		// a number in Arabic text inside English
		{[]uint8{0, 0, 1, 1, 2, 1, 1, 0}, false, []int{0, 1, 6, 5, 4, 3, 2, 7}},
	} {
		got := visualOrder(c.levels, c.rtl, nil)
		if !equalInts(got, c.want) {
			t.Errorf("levels %v rtl %v: order %v, want %v", c.levels, c.rtl, got, c.want)
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// urdu is article 1 of the declaration in Urdu, with a number and an
// English name put into its second sentence.
const urdu = "تمام انسان آزاد اور حقوق و عزت کے اعتبار سے برابر پیدا ہوئے ہیں۔ انہیں 1948 میں New Delhi کے ضمیر اور عقل ودیعت ہوئی ہے۔ اس لئے انہیں ایک دوسرے کے ساتھ بھائی چارے کا سلوک کرنا چاہیئے۔"

func urduFaces(t *testing.T) Faces {
	t.Helper()
	reg, err := fonts.Default()
	if err != nil {
		t.Fatal(err)
	}
	nas, err := reg.Face("Noto Nastaliq Urdu", 400, false)
	if err != nil {
		t.Fatal(err)
	}
	return Faces{Regular: nas, Fallbacks: reg.Fallbacks()}
}

// visual returns a fragment's left edge on the page: a right-to-left
// line's positions run from its right end.
func visual(f Frag, measure float64) float64 { return measure - f.X - f.Width }

// TestUrduJustified sets Urdu right to left: the first word of the
// paragraph stands at the right of its line, every line but the last meets
// both edges, the words are shaped right to left, and a number and an
// English name inside the sentence read left to right.
func TestUrduJustified(t *testing.T) {
	f := urduFaces(t)
	sh := shape.New()
	s := &Setter{Breaker: kp{}, Shaper: sh, Lang: "ur", RTL: true}
	st := DefaultParaStyle(f, 10)
	st.Indent = 0
	const measure = 200
	lines := s.SetSpans([]story.Span{{Text: urdu}}, measure, st)
	for i, ln := range lines {
		var b strings.Builder
		for _, fr := range ln.Frags {
			fmt.Fprintf(&b, " %s@%.1f", fr.Text, visual(fr, measure))
		}
		t.Logf("line %d:%s", i, b.String())
	}
	if len(lines) < 4 {
		t.Fatalf("%d lines", len(lines))
	}
	first := lines[0].Frags[0]
	if first.Text != "تمام" || first.Level != 1 {
		t.Fatalf("first fragment %q level %d", first.Text, first.Level)
	}
	if right := visual(first, measure) + first.Width; math.Abs(right-measure) > 0.05 {
		t.Errorf("the paragraph's first word ends %.2f pt from the line's left, not at its right edge %d", right, measure)
	}
	var words []string
	pos := map[string]float64{}
	for i, ln := range lines {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, fr := range ln.Frags {
			words = append(words, fr.Text)
			x := visual(fr, measure)
			pos[fr.Text] = x
			lo, hi = math.Min(lo, x), math.Max(hi, x+fr.Width)
			if fr.Tracking != 0 && fr.Level%2 == 1 {
				t.Errorf("line %d: %q letter-spaced", i, fr.Text)
			}
			if fr.Level%2 == 1 {
				want, _ := sh.ShapeRTL(fr.Face, fr.Text, "ur")
				if len(want) != len(fr.Glyphs) || (len(want) > 0 && &want[0] != &fr.Glyphs[0]) {
					t.Errorf("%q: not the right-to-left shaping", fr.Text)
				}
			}
		}
		if hi > measure+0.05 || (i < len(lines)-1 && (math.Abs(hi-measure) > 0.05 || lo > 0.05)) {
			t.Errorf("line %d spans %.2f to %.2f, not 0 to %d", i, lo, hi, measure)
		}
		if i == len(lines)-1 && math.Abs(hi-measure) > 0.05 {
			t.Errorf("the last line ends at %.2f: not set flush right", hi)
		}
	}
	if got := strings.Join(words, " "); got != urdu {
		t.Errorf("text changed:\n%s", got)
	}
	// the number and the name read left to right inside the sentence:
	// "New" left of "Delhi", both left of "میں" that comes before them,
	// the number right of "میں" that follows it
	if !(pos["New"] < pos["Delhi"] && pos["Delhi"] < pos["میں"] && pos["1948"] > pos["میں"]) {
		t.Errorf("positions: 1948 %.1f, میں %.1f, New %.1f, Delhi %.1f", pos["1948"], pos["میں"], pos["New"], pos["Delhi"])
	}
}

// TestUrduQuotedInEnglish sets an Urdu phrase inside an English sentence:
// the sentence reads left to right and the phrase right to left.
func TestUrduQuotedInEnglish(t *testing.T) {
	f := faces(t)
	reg, _ := fonts.Default()
	f.Fallbacks = reg.Fallbacks()
	s := &Setter{Breaker: kp{}, Shaper: shape.New(), Lang: "en", Missing: map[rune]bool{}}
	const text = "The poster read انسانی حقوق in large letters."
	lines := s.SetRagged(text, f.Regular, f.Fallbacks, 9, 1000, false)
	if len(lines) != 1 || len(s.Missing) > 0 {
		t.Fatalf("%d lines, missing %v", len(lines), s.Missing)
	}
	pos := map[string]float64{}
	for _, fr := range lines[0].Frags {
		pos[fr.Text] = fr.X
		if fr.Text == "انسانی" && (fr.Level != 1 || fr.Face.Family != "Noto Naskh Arabic") {
			t.Errorf("انسانی: level %d in %s", fr.Level, fr.Face.Family)
		}
	}
	if !(pos["read"] < pos["حقوق"] && pos["حقوق"] < pos["انسانی"] && pos["انسانی"] < pos["in"]) {
		t.Errorf("positions %v", pos)
	}
}

// TestFallbackStyle: a bold span quoting Bengali sets it in the Bengali
// face's bold.
func TestFallbackStyle(t *testing.T) {
	f := faces(t)
	reg, _ := fonts.Default()
	f.Fallbacks = reg.Fallbacks()
	s := &Setter{Breaker: kp{}, Shaper: shape.New(), Lang: "en", Missing: map[rune]bool{}}
	lines := s.SetSpans([]story.Span{{Text: "the word "}, {Text: "স্বাধীনতা", Style: story.Bold}, {Text: " and মানুষ"}}, 300, DefaultParaStyle(f, 9))
	got := map[string]string{}
	for _, fr := range lines[0].Frags {
		got[fr.Text] = fr.Face.ID
	}
	if got["স্বাধীনতা"] != "Noto Serif Bengali-700" || got["মানুষ"] != "Noto Serif Bengali-400" || len(s.Missing) > 0 {
		t.Errorf("faces %v, missing %v", got, s.Missing)
	}
}

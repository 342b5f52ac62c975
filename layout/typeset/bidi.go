package typeset

import (
	"reflect"
	"unicode/utf8"

	"github.com/go-text/typesetting/bidi"
)

// needsBidi reports whether text holds a character that the Unicode
// bidirectional algorithm sets right to left or moves: a letter of a
// right-to-left script (Hebrew, Arabic, Syriac, Thaana, N'Ko...), an Arabic
// digit, or an explicit direction mark. Text without one is left to right
// throughout in a left-to-right paragraph, and is set as it always was.
func needsBidi(text string) bool {
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c < 0xd6 {
			continue // ASCII, Latin-1, and lead bytes below U+0590
		}
		r, _ := utf8.DecodeRuneInString(text[i:])
		switch {
		case r >= 0x0590 && r <= 0x08ff, r >= 0xfb1d && r <= 0xfdff, r >= 0xfe70 && r <= 0xfefe,
			r >= 0x10800 && r <= 0x10fff, r >= 0x1e800 && r <= 0x1efff,
			r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return true
		}
	}
	return false
}

// bidiLevels runs the Unicode bidirectional algorithm (UAX #9, go-text's
// implementation) over a paragraph at base level 0 or 1 and returns the
// resolved embedding level of each byte of text: odd levels are set right
// to left. Trailing white space takes the base level (rule L1).
func bidiLevels(p *bidi.Paragraph, text string, rtl bool, dst []uint8) []uint8 {
	dir := bidi.LeftToRight
	if rtl {
		dir = bidi.RightToLeft
	}
	runs := p.SegmentString(text, dir)
	dst = dst[:0]
	levels := runLevels(&runs)
	k := 0
	for _, r := range text {
		lv := uint8(0)
		if k < len(levels) {
			lv = levels[k]
		}
		for range utf8.RuneLen(r) {
			dst = append(dst, lv)
		}
		k++
	}
	return dst
}

// runLevels returns the level of every character of a segmented paragraph.
// go-text's Runs hold them, but give out only each run's first, and a run
// there is one of direction, not of level: a number at level 2 and the
// Latin text at level 0 after it (in "in عام 2023 and") are one run. The
// levels are read from the Runs' own field; should go-text rename it, each
// character takes its run's first level, and TestBidiLevels fails as a
// reminder.
func runLevels(runs *bidi.Runs) []uint8 {
	if v := reflect.ValueOf(runs).Elem().FieldByName("levels"); v.IsValid() && v.Kind() == reflect.Slice &&
		v.Type().Elem().Kind() == reflect.Int8 {
		out := make([]uint8, v.Len())
		for i := range out {
			out[i] = uint8(v.Index(i).Int())
		}
		return out
	}
	var out []uint8
	for i := 0; i < runs.NumRuns(); i++ {
		r := runs.Run(i)
		for range r.End - r.Start {
			out = append(out, uint8(r.Level))
		}
	}
	return out
}

// visualOrder returns the order in which a line's elements stand from its
// start edge, given each one's embedding level and the paragraph's base
// level: rule L2 (from the highest level down to the lowest odd one,
// every run of elements at that level or higher is reversed) gives the
// order left to right, which a right-to-left paragraph reads from the
// right.
func visualOrder(levels []uint8, rtl bool, order []int) []int {
	order = order[:0]
	hi, lo := uint8(0), uint8(255)
	for i, lv := range levels {
		order = append(order, i)
		hi = max(hi, lv)
		if lv%2 == 1 {
			lo = min(lo, lv)
		}
	}
	for lv := hi; lv >= lo && lv > 0; lv-- {
		for i := 0; i < len(order); {
			if levels[order[i]] < lv {
				i++
				continue
			}
			j := i
			for j < len(order) && levels[order[j]] >= lv {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				order[a], order[b] = order[b], order[a]
			}
			i = j
		}
	}
	if rtl {
		for a, b := 0, len(order)-1; a < b; a, b = a+1, b-1 {
			order[a], order[b] = order[b], order[a]
		}
	}
	return order
}

// reorder places a line's fragments, set in logical order from its start
// edge, in their visual order: each keeps its width, the gaps between them
// keep theirs, and they are laid end to end from the first one's place in
// the order visualOrder gives. gapLevel[i] is the level of the space after
// fragment i (the gap between two pieces of one word, which has no width,
// takes the lower of their levels). The fragments' slice keeps its logical
// order: the PDF's text then reads in the order it is written.
//
// A right-to-left line's positions are measured from its start, the right
// edge, as a left-to-right one's are from the left: make-up mirrors a
// right-to-left page as a whole (layout/makeup's rtl.go), which turns them
// into positions from the left.
func reorder(frags []Frag, gapLevel []uint8, rtl bool) {
	n := len(frags)
	if n == 0 {
		return
	}
	mixed := false
	for i := range frags {
		if frags[i].Level != frags[0].Level || (i < n-1 && gapLevel[i] != frags[0].Level) {
			mixed = true
			break
		}
	}
	base := uint8(0)
	if rtl {
		base = 1
	}
	if !mixed && frags[0].Level == base {
		return // one direction, the paragraph's: logical order is visual
	}
	// elements: fragment i is 2i, the gap after it 2i+1
	levels := make([]uint8, 0, 2*n-1)
	widths := make([]float64, 0, 2*n-1)
	for i := range frags {
		levels = append(levels, frags[i].Level)
		widths = append(widths, frags[i].Width)
		if i < n-1 {
			levels = append(levels, gapLevel[i])
			widths = append(widths, frags[i+1].X-(frags[i].X+frags[i].Width))
		}
	}
	x := frags[0].X
	for _, e := range visualOrder(levels, rtl, nil) {
		if e%2 == 0 {
			frags[e/2].X = x
		}
		x += widths[e]
	}
}

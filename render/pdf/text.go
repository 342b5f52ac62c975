package pdf

import (
	"math"
	"strconv"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/fonts"
)

// appendRun writes run t as one text object. A viewer advances through a
// string by the font's own widths (/W) plus the character spacing (Tc), so
// the common case, every glyph at its character's own advance, is the run's
// text in one string. Otherwise the run is one TJ array: wherever a glyph's
// shaped position (kerning, a ligature's or mark's advance, an x offset)
// differs from where the viewer's pen would be, a number in the array moves
// the pen there, exactly, in thousandths of an em; a y offset raises or
// lowers the glyphs after it with the text rise (Ts), set back to 0 at the
// end, since text state outlives the text object. Glyphs without a character
// of their own (.notdef) cannot be reached through the font and are skipped.
func (pw *pageWriter) appendRun(b []byte, t *display.Text, fn *font) []byte {
	b = append(b, "BT "...)
	if t.Tracking != 0 || pw.tracked {
		// letter spacing of justified lines: the viewer adds Tc after
		// every glyph, to the thousandth of a point make-up gives
		b = appendNum3(b, t.Tracking)
		b = append(b, " Tc "...)
		pw.tracked = t.Tracking != 0
	}
	cur := pw.hscale
	if cur == 0 {
		cur = 1 // a page starts at 100%
	}
	if tz := t.HScale(); tz != cur {
		// glyph expansion of justified lines: horizontal scaling scales
		// everything the run advances by, TJ numbers and Tc included, so
		// the rest of the run is written as it would be unscaled
		b = appendNum(b, 100*tz)
		b = append(b, " Tz "...)
		pw.hscale = tz
	}
	b = appendNum(b, pw.ox+t.X)
	b = append(b, ' ')
	b = appendNum(b, pw.oy-t.Y)
	if len(t.Glyphs) == 0 || plain(t, fn.face) {
		b = append(b, " Td ("...)
		b = pw.appendUTF16(b, t.Text, fn)
		return append(b, ") Tj ET\n"...)
	}
	b = append(b, " Td ["...)
	tr := t.Tracking * 1000 / t.Size // Tc in thousandths of an em
	var (
		view float64 // the viewer's pen, thousandths of an em from t.X
		pen  int     // the shaped pen
		rise int     // the text rise in force, thousandths of an em
		str  bool    // inside a string
	)
	for i, g := range t.Glyphs {
		c := g.Rune
		if c <= 0 || c > 0xFFFF {
			pen += g.Advance
			continue
		}
		if g.YOff != rise {
			if str {
				b = append(b, ')')
				str = false
			}
			b = append(b, "] TJ "...)
			b = appendNum(b, float64(g.YOff)*t.Size/1000)
			b = append(b, " Ts ["...)
			rise = g.YOff
		}
		// Tracking follows every glyph before this one, drawn or not.
		x := float64(pen+g.XOff) + float64(i)*tr
		if d := x - view; math.Abs(d) > 1e-6 {
			if str {
				b = append(b, ") "...)
				str = false
			}
			b = appendAdjust(b, -d)
			b = append(b, ' ')
		}
		if !str {
			b = append(b, '(')
			str = true
		}
		pw.use(fn, c)
		b = appendEscaped(b, byte(c>>8))
		b = appendEscaped(b, byte(c))
		view = x + float64(fn.face.Advance(c)) + tr
		pen += g.Advance
	}
	if str {
		b = append(b, ')')
	}
	b = append(b, "] TJ"...)
	if rise != 0 {
		b = append(b, " 0 Ts"...)
	}
	return append(b, " ET\n"...)
}

// appendNum3 writes v to three decimals, without trailing zeros past the
// second.
func appendNum3(b []byte, v float64) []byte {
	n := math.Round(v * 1000)
	if !(math.Abs(n) < 1e15) || math.Mod(n, 10) == 0 {
		return appendNum(b, v)
	}
	return strconv.AppendFloat(b, n/1000, 'f', 3, 64)
}

// appendAdjust writes a TJ position adjustment: a whole number when it is
// one (always, without tracking), else to 1/100.
func appendAdjust(b []byte, v float64) []byte {
	if n := math.Round(v); math.Abs(v-n) < 1e-6 && math.Abs(n) < 1e15 {
		return strconv.AppendInt(b, int64(n), 10)
	}
	return appendNum(b, v)
}

// plain reports whether run t is its text drawn at the font's own advances:
// one glyph per character, no offsets, all in the BMP.
func plain(t *display.Text, face *fonts.Face) bool {
	i := 0
	for _, c := range t.Text {
		if i >= len(t.Glyphs) {
			return false
		}
		g := &t.Glyphs[i]
		if g.Rune != c || c <= 0 || c > 0xFFFF || g.XOff != 0 || g.YOff != 0 || g.Advance != face.Advance(c) {
			return false
		}
		i++
	}
	return i == len(t.Glyphs)
}

// drawable reports whether run t has anything to draw.
func drawable(t *display.Text) bool {
	if len(t.Glyphs) == 0 {
		return t.Text != ""
	}
	for _, g := range t.Glyphs {
		if g.Rune > 0 && g.Rune <= 0xFFFF {
			return true
		}
	}
	return false
}

// Package typeset turns story text into galleys: lines of positioned
// fragments, each in one face and size. It measures with the same integers the
// PDF writer uses, so what is set here is exactly what prints. It does no I/O
// and knows nothing about pages: make-up decides where the lines go.
//
// A paragraph that holds right-to-left text goes through the Unicode
// bidirectional algorithm (bidi.go): its runs are shaped in their direction
// and each line's fragments placed in visual order. A right-to-left setter
// (Urdu) sets every paragraph right to left and measures its lines from the
// right; make-up mirrors such pages whole.
package typeset

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/fonts"
	"github.com/epaper/epaper/story"
	"golang.org/x/text/unicode/norm"
)

// Frag is a piece of a line in one face and size, at X from the line's start.
type Frag struct {
	Face *fonts.Face
	Size float64
	X    float64
	Text string
	// Width is the fragment's advance as set, expansion and tracking
	// included.
	Width float64
	// Tracking is letter spacing added after each glyph but the last, in
	// pt before expansion (as PDF's Tc, which horizontal scaling scales).
	Tracking float64
	// Expand is the glyphs' horizontal scaling less one: 0.015 sets them
	// 1.5% wider, advances, offsets and tracking alike (PDF's Tz 101.5).
	Expand float64
	// Glyphs are the shaped glyphs of Text, nil when the setter has no
	// shaper (one glyph per character, from the font's cmap). A
	// right-to-left fragment's glyphs are in visual order, left to right.
	Glyphs []display.Glyph
	// Level is the fragment's bidirectional embedding level: odd for text
	// set right to left (Urdu, Arabic, and what a right-to-left paragraph
	// sets right to left), even otherwise.
	Level uint8
}

// Shaper turns a word in a face into positioned glyphs: kerning,
// ligatures, and the conjuncts and reordered marks of the Indian scripts.
// Advances are in thousandths of an em. layout/shape's Shaper is the one
// editions use.
type Shaper interface {
	Shape(f *fonts.Face, word, lang string) (glyphs []display.Glyph, advance int)
}

// RTLShaper is a Shaper that also sets text right to left (Arabic letters
// joined, brackets mirrored), its glyphs in visual order. Without one,
// right-to-left runs are shaped left to right and their glyphs reversed.
type RTLShaper interface {
	Shaper
	ShapeRTL(f *fonts.Face, word, lang string) (glyphs []display.Glyph, advance int)
}

// Kind says what a line is, for make-up and the report.
type Kind uint8

// Line kinds.
const (
	BodyLine Kind = iota
	CrossheadLine
	QuoteLine
	BlankLine
)

// Line is one set line.
type Line struct {
	Frags []Frag
	// Measure is the width the line was set to; Natural its natural width.
	Measure, Natural float64
	// Ratio is the line's adjustment ratio over the room of its word
	// spaces and glyph expansion together, as the line breaker counts it:
	// 0 natural, 1 fully stretched (beyond, the spaces stretch further,
	// and letter spacing may rescue the line), -1 fully shrunk.
	Ratio float64
	// Expand is the expansion of the line's glyphs, as Frag.Expand, and
	// Tracking the letter spacing it took as a rescue, pt as the reader
	// sees it: make-up counts the lines that use them.
	Expand, Tracking float64
	Hyphenated       bool
	Kind             Kind
	// Para numbers the block the line belongs to; First and Last mark its ends.
	Para        int
	First, Last bool
	// gaps are the bidirectional levels of the spaces after the frags,
	// while a ragged line is made
	gaps []uint8
}

// Faces are the four styles of one family, plus fallbacks for characters the
// family lacks (another script, a rare symbol).
type Faces struct {
	Regular, Italic, Bold, BoldItalic *fonts.Face
	Fallbacks                         []*fonts.Face
}

// Face returns the face for a span style.
func (f *Faces) Face(s story.Style) *fonts.Face {
	switch {
	case s&story.Bold != 0 && s&story.Italic != 0 && f.BoldItalic != nil:
		return f.BoldItalic
	case s&story.Bold != 0 && f.Bold != nil:
		return f.Bold
	case s&story.Italic != 0 && f.Italic != nil:
		return f.Italic
	}
	return f.Regular
}

// piece is a run of one face and one bidirectional level inside a word.
type piece struct {
	face   *fonts.Face
	text   string
	width  float64 // at size
	glyphs []display.Glyph
	// fixed pieces take no letter spacing: marks positioned on their base
	// (Devanagari) would slide off it
	fixed bool
	level uint8 // odd: set right to left
}

// word is what sits between two spaces; pieces differ in face.
type word struct {
	pieces []piece
	width  float64
	// hyphen points: byte offsets into the word's whole text, with whether
	// a hyphen glyph must be added when breaking there
	breaks []breakPoint
	text   string
	nbsp   bool // joined to the next word by a no-break space
	// space is the bidirectional level of the space after the word
	space uint8
	// join marks the part of a word too wide for its line that follows
	// the part before with no space (ragged setting)
	join bool
}

type breakPoint struct {
	off      int
	explicit bool // the word's own hyphen: none is added
	plain    bool // a break that adds nothing and is no hyphenation
	// emergency marks a break inside a word wider than the column (a long
	// address, a token of thousands of characters), where the word can
	// break nowhere else: at a great cost, and with no hyphen added
	emergency bool
}

// isInvisible tells characters that draw nothing and need no glyph:
// variation selectors and the zero-width joiners of emoji sequences in
// Latin text.
func isInvisible(r rune) bool {
	return (r >= 0xfe00 && r <= 0xfe0f) || r == 0x200b || r == 0x2060 || r == 0xfeff
}

// measurer splits text into pieces by face coverage and measures them.
type measurer struct {
	size    float64
	missing map[rune]bool
	shaper  Shaper
	lang    string
	// rough measures by the font's own advances: the line breaker works on
	// those, and the lines it chose are shaped and justified exactly
	rough bool
	// cache is the setter's own memory of shaped words, in front of the
	// shaper's shared one
	cache map[shapeKey]shaped
}

type shapeKey struct {
	face *fonts.Face
	text string
	rtl  bool
}

type shaped struct {
	glyphs  []display.Glyph
	advance int
}

// measure sets a piece's width, shaping it when there is a shaper.
func (m *measurer) measure(p *piece) {
	p.glyphs, p.fixed = nil, false
	joined := joinedScript(p.text)
	// a script whose letters join is measured shaped even roughly: its
	// conjuncts and ligatures make the font's own advances far off
	if m.shaper == nil || (m.rough && !joined) {
		p.width = p.face.Width(p.text, m.size)
		p.fixed = joined
		return
	}
	rtl := p.level%2 == 1
	k := shapeKey{p.face, p.text, rtl}
	sh, ok := m.cache[k]
	if !ok {
		sh.glyphs, sh.advance = m.shape(p.face, p.text, rtl)
		if m.cache != nil {
			m.cache[k] = sh
		}
	}
	gl, adv := sh.glyphs, sh.advance
	p.glyphs, p.width = gl, float64(adv)*m.size/1000
	p.fixed = joined
	for _, g := range gl {
		if g.XOff != 0 || g.YOff != 0 || g.Advance == 0 {
			p.fixed = true
			break
		}
	}
}

// shape shapes a piece's text in its direction.
func (m *measurer) shape(f *fonts.Face, text string, rtl bool) ([]display.Glyph, int) {
	if !rtl {
		return m.shaper.Shape(f, text, m.lang)
	}
	if r, ok := m.shaper.(RTLShaper); ok {
		return r.ShapeRTL(f, text, m.lang)
	}
	gl, adv := m.shaper.Shape(f, text, m.lang)
	gl = append([]display.Glyph(nil), gl...)
	for a, b := 0, len(gl)-1; a < b; a, b = a+1, b-1 {
		gl[a], gl[b] = gl[b], gl[a]
	}
	return gl, adv
}

// joinedScript tells text whose letters join into one another (the Indic
// scripts, with their head bar, conjuncts and reph; Arabic script, whose
// letters are joined forms): letter spacing would tear them apart.
func joinedScript(s string) bool {
	for _, r := range s {
		if (r >= 0x0900 && r <= 0x0dff) || (r >= 0xa8e0 && r <= 0xa8ff) || (r >= 0x1cd0 && r <= 0x1cff) ||
			(r >= 0x0600 && r <= 0x08ff) || (r >= 0xfb50 && r <= 0xfdff) || (r >= 0xfe70 && r <= 0xfeff) {
			return true
		}
	}
	return false
}

// gaps is how many letter spaces a piece takes: one after each glyph, or
// none for fixed pieces.
func (p *piece) gaps() int {
	if p.fixed {
		return 0
	}
	if p.glyphs != nil {
		return len(p.glyphs)
	}
	return utf8.RuneCountInString(p.text)
}

// appendPieces splits text into pieces of one face and one bidirectional
// level each, measured, and appends them to out. lv holds the level of each
// byte of text, nil when all of it is at level 0.
func (m *measurer) appendPieces(out []piece, f *fonts.Face, fallbacks []*fonts.Face, text string, lv []uint8) []piece {
	plain := true
	for _, r := range text {
		if isInvisible(r) || !f.Has(r) {
			plain = false
			break
		}
	}
	if plain {
		for _, l := range lv {
			if l != lv[0] {
				plain = false
				break
			}
		}
	}
	if plain {
		// the usual word: all in the span's face, its text as it stands
		p := piece{face: f, text: text}
		if len(lv) > 0 {
			p.level = lv[0]
		}
		m.measure(&p)
		return append(out, p)
	}
	cur := piece{face: f}
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			cur.text = b.String()
			m.measure(&cur)
			out = append(out, cur)
			b.Reset()
		}
	}
	for i, r := range text {
		if isInvisible(r) {
			continue
		}
		level := uint8(0)
		if lv != nil {
			level = lv[i]
		}
		face := f
		if !f.Has(r) && isFormat(r) {
			// a joiner or direction mark stays in its run's face: the
			// shaper reads it there and draws nothing for it
			face = cur.face
		} else if !f.Has(r) {
			// a compatibility character (one-dot leader, ligature, fullwidth
			// letter) is set as the characters it stands for
			if alt := norm.NFKC.String(string(r)); alt != string(r) && f.Units(alt) > 0 && len(f.Missing(alt)) == 0 {
				if face != cur.face || level != cur.level {
					flush()
					cur = piece{face: face, level: level}
				}
				b.WriteString(alt)
				continue
			}
			face = fallbackFor(r, f, fallbacks)
			if face == nil {
				if m.missing != nil && !unicode.IsSpace(r) && r != '\u00ad' {
					m.missing[r] = true
				}
				continue
			}
		}
		if face != cur.face || level != cur.level {
			flush()
			cur = piece{face: face, level: level}
		}
		b.WriteRune(r)
	}
	flush()
	return out
}

// isFormat tells the bidirectional and joining controls (marks, embeddings,
// isolates, ZWJ, ZWNJ) a face may lack without losing anything: they shape
// or order text and draw nothing.
func isFormat(r rune) bool {
	return r == 0x200c || r == 0x200d || r == 0x200e || r == 0x200f || r == 0x061c ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// fallbackFor returns the face that sets r where f lacks it: the first
// fallback family that has r, in the face of that family nearest f's
// weight and style (a bold headline quoting Bengali sets it in bold). nil
// when no fallback has it.
func fallbackFor(r rune, f *fonts.Face, fallbacks []*fonts.Face) *fonts.Face {
	for i, fb := range fallbacks {
		if !fb.Has(r) {
			continue
		}
		best, score := fb, styleDistance(fb, f)
		for _, o := range fallbacks[i+1:] {
			if o.Family == fb.Family && o.Has(r) {
				if d := styleDistance(o, f); d < score {
					best, score = o, d
				}
			}
		}
		return best
	}
	return nil
}

// styleDistance is how far face o is from f's weight and style, as the
// registry measures it: the style first, then the weight, lighter faces a
// little further than heavier ones.
func styleDistance(o, f *fonts.Face) int {
	d := o.Weight - f.Weight
	if d < 0 {
		d = -d*2 + 1
	} else {
		d *= 2
	}
	if o.Italic != f.Italic {
		d += 10000
	}
	return d
}

// Package typeset turns story text into galleys: lines of positioned
// fragments, each in one face and size. It measures with the same integers the
// PDF writer uses, so what is set here is exactly what prints. It does no I/O
// and knows nothing about pages: make-up decides where the lines go.
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
	// shaper (one glyph per character, from the font's cmap).
	Glyphs []display.Glyph
}

// Shaper turns a word in a face into positioned glyphs: kerning,
// ligatures, and the conjuncts and reordered marks of Devanagari. Advances
// are in thousandths of an em. layout/shape's Shaper is the one editions use.
type Shaper interface {
	Shape(f *fonts.Face, word, lang string) (glyphs []display.Glyph, advance int)
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

// piece is a run of one face inside a word.
type piece struct {
	face   *fonts.Face
	text   string
	width  float64 // at size
	glyphs []display.Glyph
	// fixed pieces take no letter spacing: marks positioned on their base
	// (Devanagari) would slide off it
	fixed bool
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
}

type breakPoint struct {
	off      int
	explicit bool // the word's own hyphen: none is added
	plain    bool // a break that adds nothing and is no hyphenation
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
	k := shapeKey{p.face, p.text}
	sh, ok := m.cache[k]
	if !ok {
		sh.glyphs, sh.advance = m.shaper.Shape(p.face, p.text, m.lang)
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

// joinedScript tells text whose letters join into one another (the Indic
// scripts, with their head bar, conjuncts and reph): letter spacing would
// tear them apart.
func joinedScript(s string) bool {
	for _, r := range s {
		if (r >= 0x0900 && r <= 0x0dff) || (r >= 0xa8e0 && r <= 0xa8ff) || (r >= 0x1cd0 && r <= 0x1cff) {
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

// appendPieces splits text into pieces of one face each, measured, and
// appends them to out.
func (m *measurer) appendPieces(out []piece, f *fonts.Face, fallbacks []*fonts.Face, text string) []piece {
	plain := true
	for _, r := range text {
		if isInvisible(r) || !f.Has(r) {
			plain = false
			break
		}
	}
	if plain {
		// the usual word: all in the span's face, its text as it stands
		p := piece{face: f, text: text}
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
	for _, r := range text {
		if isInvisible(r) {
			continue
		}
		face := f
		if !f.Has(r) {
			// a compatibility character (one-dot leader, ligature, fullwidth
			// letter) is set as the characters it stands for
			if alt := norm.NFKC.String(string(r)); alt != string(r) && f.Units(alt) > 0 && len(f.Missing(alt)) == 0 {
				if face != cur.face {
					flush()
					cur = piece{face: face}
				}
				b.WriteString(alt)
				continue
			}
			face = nil
			for _, fb := range fallbacks {
				if fb.Has(r) {
					face = fb
					break
				}
			}
			if face == nil {
				if m.missing != nil && !unicode.IsSpace(r) && r != '\u00ad' {
					m.missing[r] = true
				}
				continue
			}
		}
		if face != cur.face {
			flush()
			cur = piece{face: face}
		}
		b.WriteRune(r)
	}
	flush()
	return out
}

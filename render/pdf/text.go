package pdf

import (
	"unicode/utf8"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/fonts"
)

// piece is part of a run that one string draws: a viewer advances through a
// string by the font's own widths (/W), so a run is cut wherever its shaped
// positions differ from those.
type piece struct {
	X  float64 // pen start, display coordinates
	DY float64 // baseline shift from the run's baseline, display y (down)
	S  string
}

// pieces appends the strings that draw run t in face to out. The common case,
// every glyph at the font's own advance for its character, is one piece: the
// run's text. Otherwise a new piece starts at every glyph whose position
// (advance, kerning, offsets) differs from where the viewer's pen would be.
// Glyphs without a BMP character of their own cannot be reached through the
// font's cmap and are skipped.
func (r *renderer) pieces(t *display.Text, face *fonts.Face, out []piece) []piece {
	if len(t.Glyphs) == 0 || plain(t, face) {
		return append(out, piece{X: t.X, S: t.Text})
	}
	scale := t.Size / 1000
	sb := r.pieceString[:0]
	var (
		open          bool
		start, startY int // piece start and y offset, font units
		next          int // the viewer's pen after the piece so far
		pen           int // the shaped pen
	)
	gi, startG := 0, 0 // glyph index, and the piece's first
	closePiece := func() {
		if open && len(sb) > 0 {
			out = append(out, piece{
				X:  t.X + float64(start)*scale + float64(startG)*t.Tracking,
				DY: -float64(startY) * scale,
				S:  string(sb),
			})
		}
		sb = sb[:0]
		open = false
	}
	for _, g := range t.Glyphs {
		c := g.Rune
		if c <= 0 || c > 0xFFFF {
			closePiece()
			pen += g.Advance
			gi++
			continue
		}
		x := pen + g.XOff
		if !open || x != next || g.YOff != startY {
			closePiece()
			open, start, startY, next, startG = true, x, g.YOff, x, gi
		}
		sb = utf8.AppendRune(sb, c)
		next += face.Advance(c)
		pen += g.Advance
		gi++
	}
	closePiece()
	r.pieceString = sb
	return out
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

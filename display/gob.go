package display

import (
	"encoding/binary"
	"errors"
	"math"
)

// A build keeps its made-up pages (gob-encoded) for a later build that
// locks some of them. Text runs are most of a page, and gob spends a field
// header and a varint on every field of every glyph: a run packs its
// glyphs into one byte string instead, which is several times faster to
// write and read, and smaller.

// GobEncode packs a text run: its font, size and place, its letter
// spacing and expansion when it has them, its colour and text, then each
// glyph's id, advance, offsets and rune as varints.
func (t *Text) GobEncode() ([]byte, error) {
	b := make([]byte, 0, 64+len(t.Font)+len(t.Text)+8*len(t.Glyphs))
	b = appendString(b, t.Font)
	for _, f := range [...]float64{t.Size, t.X, t.Y} {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
	}
	// most runs are neither letter-spaced nor expanded: a flag says which
	// of the two follow
	var flags byte
	if t.Tracking != 0 {
		flags |= 1
	}
	if t.Expand != 0 {
		flags |= 2
	}
	b = append(b, flags)
	if t.Tracking != 0 {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(t.Tracking))
	}
	if t.Expand != 0 {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(t.Expand))
	}
	b = append(b, t.Color.R, t.Color.G, t.Color.B)
	b = appendString(b, t.Text)
	b = binary.AppendUvarint(b, uint64(len(t.Glyphs)))
	for _, g := range t.Glyphs {
		b = binary.AppendUvarint(b, uint64(g.ID))
		b = binary.AppendVarint(b, int64(g.Advance))
		b = binary.AppendVarint(b, int64(g.XOff))
		b = binary.AppendVarint(b, int64(g.YOff))
		b = binary.AppendVarint(b, int64(g.Rune))
	}
	return b, nil
}

// errPacked is a packed text run that ends early or holds what no run
// could.
var errPacked = errors.New("display: a packed text run is cut or corrupt")

// GobDecode unpacks what GobEncode packed.
func (t *Text) GobDecode(b []byte) error {
	r := reader{b: b}
	t.Font = r.string()
	for _, f := range [...]*float64{&t.Size, &t.X, &t.Y} {
		*f = math.Float64frombits(r.uint64())
	}
	flags := r.byte()
	if flags&^3 != 0 {
		return errPacked
	}
	t.Tracking, t.Expand = 0, 0
	if flags&1 != 0 {
		t.Tracking = math.Float64frombits(r.uint64())
	}
	if flags&2 != 0 {
		t.Expand = math.Float64frombits(r.uint64())
	}
	t.Color = Color{r.byte(), r.byte(), r.byte()}
	t.Text = r.string()
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.b)) {
		return errPacked
	}
	t.Glyphs = nil
	if n > 0 {
		t.Glyphs = make([]Glyph, n)
	}
	for i := range t.Glyphs {
		id := r.uvarint()
		if id > math.MaxUint16 {
			return errPacked
		}
		t.Glyphs[i] = Glyph{ID: uint16(id), Advance: int(r.varint()), XOff: int(r.varint()), YOff: int(r.varint()), Rune: rune(r.varint())}
	}
	if r.err != nil || len(r.b) != 0 {
		return errPacked
	}
	return nil
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// reader reads a packed run, remembering the first error.
type reader struct {
	b   []byte
	err error
}

func (r *reader) fail() { r.err, r.b = errPacked, nil }

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) uint64() uint64 {
	if len(r.b) < 8 {
		r.fail()
		return 0
	}
	v := binary.LittleEndian.Uint64(r.b)
	r.b = r.b[8:]
	return v
}

func (r *reader) byte() byte {
	if len(r.b) < 1 {
		r.fail()
		return 0
	}
	v := r.b[0]
	r.b = r.b[1:]
	return v
}

func (r *reader) string() string {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.fail()
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

package fonts

import (
	"bytes"
	"encoding/binary"
	"testing"

	gotext "github.com/go-text/typesetting/font"
	"golang.org/x/image/font/sfnt"
)

func bundledFaces(t *testing.T) []*Face {
	t.Helper()
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	var out []*Face
	for _, fam := range r.Families() {
		for _, w := range []int{400, 700} {
			for _, it := range []bool{false, true} {
				f, err := r.Face(fam, w, it)
				if err != nil {
					t.Fatal(err)
				}
				dup := false
				for _, o := range out {
					dup = dup || o == f
				}
				if !dup {
					out = append(out, f)
				}
			}
		}
	}
	return out
}

// TestPreparedReachesEveryGlyph checks the prepared copy of every bundled
// face: each glyph but .notdef has a character, the font's own characters
// still reach their glyphs, widths are the glyphs' own, and the file is a
// well-formed TrueType font that other parsers accept.
func TestPreparedReachesEveryGlyph(t *testing.T) {
	for _, f := range bundledFaces(t) {
		p, err := f.Prepared()
		if err != nil {
			t.Fatalf("%s: %v", f.ID, err)
		}
		pf := p.Face
		n := len(f.tables().advance)
		if len(pf.tables().advance) != n {
			t.Fatalf("%s: %d glyphs, prepared has %d", f.ID, n, len(pf.tables().advance))
		}
		pua := 0
		for g := 1; g < n; g++ {
			r := p.Rune(uint16(g))
			if r == 0 {
				t.Fatalf("%s: glyph %d has no character", f.ID, g)
			}
			if pf.GlyphID(r) != uint16(g) {
				t.Fatalf("%s: U+%04X reaches glyph %d, want %d", f.ID, r, pf.GlyphID(r), g)
			}
			if pf.Advance(r) != f.GlyphAdvance(uint16(g)) {
				t.Fatalf("%s: glyph %d width %d, want %d", f.ID, g, pf.Advance(r), f.GlyphAdvance(uint16(g)))
			}
			if IsPUA(r) && !f.Has(r) {
				pua++
			}
		}
		if pua != p.Added() {
			t.Errorf("%s: %d PUA glyphs, Added says %d", f.ID, pua, p.Added())
		}
		if p.Rune(0) != 0 || p.Rune(uint16(n)) != 0 {
			t.Errorf("%s: .notdef or a glyph past the end has a character", f.ID)
		}
		for c := rune(0); c < 0x10000; c++ {
			if f.Has(c) && pf.GlyphID(c) != f.GlyphID(c) {
				t.Fatalf("%s: U+%04X reaches glyph %d, was %d", f.ID, c, pf.GlyphID(c), f.GlyphID(c))
			}
		}
		checkSums(t, f.ID, p.Data)
		sf, err := sfnt.Parse(p.Data)
		if err != nil {
			t.Fatalf("%s: sfnt: %v", f.ID, err)
		}
		var buf sfnt.Buffer
		for g := 1; g < n; g += 7 {
			gi, err := sf.GlyphIndex(&buf, p.Rune(uint16(g)))
			if err != nil || int(gi) != g {
				t.Fatalf("%s: sfnt finds glyph %d for U+%04X, want %d (%v)", f.ID, gi, p.Rune(uint16(g)), g, err)
			}
		}
		if _, err := gotext.ParseTTF(bytes.NewReader(p.Data)); err != nil {
			t.Fatalf("%s: go-text: %v", f.ID, err)
		}
	}
}

// checkSums verifies every table checksum and the whole file's.
func checkSums(t *testing.T, id string, data []byte) {
	t.Helper()
	tables, err := readTables(data)
	if err != nil {
		t.Fatalf("%s: %v", id, err)
	}
	for i, tb := range tables {
		want := binary.BigEndian.Uint32(data[12+16*i+4:])
		got := checksum(tb.data)
		if tb.tag == "head" {
			h := append([]byte(nil), tb.data...)
			binary.BigEndian.PutUint32(h[8:], 0)
			got = checksum(h)
		}
		if got != want {
			t.Errorf("%s: table %s checksum %08x, directory says %08x", id, tb.tag, got, want)
		}
		if off := binary.BigEndian.Uint32(data[12+16*i+8:]); off%4 != 0 {
			t.Errorf("%s: table %s at unaligned offset %d", id, tb.tag, off)
		}
	}
	if s := checksum(data); s != 0xB1B0AFBA {
		t.Errorf("%s: file checksum %08x, want B1B0AFBA", id, s)
	}
}

func TestPrepareIsCachedAndIdempotent(t *testing.T) {
	r, _ := Default()
	f, err := r.Face("Noto Serif Devanagari", 400, false)
	if err != nil {
		t.Fatal(err)
	}
	p1, err := f.Prepared()
	if err != nil {
		t.Fatal(err)
	}
	if p1.Added() == 0 || bytes.Equal(p1.Data, f.Data) {
		t.Fatal("Devanagari face needed no PUA code points")
	}
	p2, _ := Prepare(f.Data)
	p3, _ := Prepare(append([]byte(nil), f.Data...))
	if p1 != p2 || p1 != p3 {
		t.Error("the same font prepared twice")
	}
	again, err := Prepare(p1.Data)
	if err != nil {
		t.Fatal(err)
	}
	if again.Added() != 0 || !bytes.Equal(again.Data, p1.Data) {
		t.Errorf("preparing a prepared font changed it (%d added)", again.Added())
	}
	for g := uint16(1); int(g) < len(f.tables().advance); g++ {
		if again.Rune(g) != p1.Rune(g) {
			t.Fatalf("glyph %d: U+%04X, was U+%04X", g, again.Rune(g), p1.Rune(g))
		}
	}
	if _, err := Prepare(nil); err == nil {
		t.Error("no data accepted")
	}
	if _, err := Prepare([]byte("not a font at all")); err == nil {
		t.Error("garbage accepted")
	}
}

// TestFormat4 round-trips maps with delta runs, scattered glyph ids and
// isolated code points through the encoder and the reader fpdf's follows.
func TestFormat4(t *testing.T) {
	m := map[rune]uint16{}
	for c := rune(0x20); c < 0x7F; c++ {
		m[c] = uint16(c - 29)
	}
	for c := rune(0x900); c < 0x980; c++ {
		m[c] = uint16((c * 37) % 1000) // no two neighbours in step
	}
	m[0x2014], m[0x2019], m[0xFFFE] = 900, 901, 5
	for c := rune(0xE000); c < 0xE010; c++ {
		m[c] = uint16(1000 + c - 0xE000)
	}
	m[0x950] = 0 // unmapped characters are left out
	delete(m, 0x950)
	sub, err := format4(m)
	if err != nil {
		t.Fatal(err)
	}
	got := map[rune]uint16{}
	parse4(sub, func(r rune, g uint16) { got[r] = g })
	if len(got) != len(m) {
		t.Errorf("%d mappings, want %d", len(got), len(m))
	}
	for c, g := range m {
		if got[c] != g {
			t.Errorf("U+%04X → %d, want %d", c, got[c], g)
		}
	}
}

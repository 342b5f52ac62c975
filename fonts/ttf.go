package fonts

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sync"
)

// Parse reads the tables layout needs from a TrueType font. It accepts what
// fpdf accepts: glyf outlines (not CFF), a format-4 Unicode cmap. Checking here
// matters because fpdf reports a bad font on stdout and carries on.
func Parse(data []byte) (*Face, error) {
	if len(data) < 12 {
		return nil, errors.New("not a TrueType font: too short")
	}
	ver := binary.BigEndian.Uint32(data)
	if ver != 0x00010000 && ver != 0x74727565 {
		if ver == 0x4f54544f {
			return nil, errors.New("CFF (.otf) outlines are not supported: use a TrueType (glyf) font")
		}
		return nil, errors.New("not a TrueType font")
	}
	dir, err := readTables(data)
	if err != nil {
		return nil, err
	}
	tables := make(map[string][]byte, len(dir))
	for _, t := range dir {
		tables[t.tag] = t.data
	}
	for _, t := range []string{"head", "hhea", "hmtx", "cmap", "maxp", "glyf"} {
		if tables[t] == nil {
			return nil, fmt.Errorf("missing %s table", t)
		}
	}
	f := &Face{Data: data}
	head, hhea := tables["head"], tables["hhea"]
	if len(head) < 54 || len(hhea) < 36 || len(tables["maxp"]) < 6 {
		return nil, errors.New("truncated head, hhea or maxp table")
	}
	f.UnitsPerEm = int(binary.BigEndian.Uint16(head[18:]))
	if f.UnitsPerEm == 0 {
		return nil, errors.New("unitsPerEm is 0")
	}
	scale := 1000.0 / float64(f.UnitsPerEm)
	f.Ascent = int(float64(int16(binary.BigEndian.Uint16(hhea[4:]))) * scale)
	f.Descent = int(float64(int16(binary.BigEndian.Uint16(hhea[6:]))) * scale)
	if os2 := tables["OS/2"]; len(os2) >= 90 && binary.BigEndian.Uint16(os2) >= 2 {
		f.XHeight = int(float64(int16(binary.BigEndian.Uint16(os2[86:]))) * scale)
		f.CapHeight = int(float64(int16(binary.BigEndian.Uint16(os2[88:]))) * scale)
	}
	if f.CapHeight == 0 {
		f.CapHeight = f.Ascent * 7 / 10
	}
	if f.XHeight == 0 {
		f.XHeight = f.CapHeight * 2 / 3
	}
	numGlyphs := int(binary.BigEndian.Uint16(tables["maxp"][4:]))
	numH := int(binary.BigEndian.Uint16(hhea[34:]))
	hmtx := tables["hmtx"]
	if numH == 0 || numH > numGlyphs || len(hmtx) < 4*numH {
		return nil, errors.New("bad hmtx table")
	}
	sub, err := cmap4Subtable(tables["cmap"])
	if err != nil {
		return nil, err
	}
	f.tab = &charTables{cmap: sub, hmtx: hmtx, numGlyphs: numGlyphs, numH: numH, scale: scale}
	return f, nil
}

// charTables are a face's per-character and per-glyph tables, read from
// the font on first use: a registry holds dozens of faces (a script's
// serif and sans in two weights each), and an edition reaches a few.
type charTables struct {
	once sync.Once
	// the font's tables they are read from
	cmap, hmtx      []byte
	numGlyphs, numH int
	scale           float64
	widths          []int16  // per BMP code point, thousandths of an em; -1 = no glyph
	glyphs          []uint16 // per BMP code point, glyph id; 0 = none
	advance         []int    // per glyph id, thousandths of an em
}

// tables returns the face's character tables, reading them the first time.
func (f *Face) tables() *charTables {
	c := f.tab
	c.once.Do(c.read)
	return c
}

func (c *charTables) read() {
	c.advance = make([]int, c.numGlyphs)
	last := 0
	for g := 0; g < c.numGlyphs; g++ {
		if g < c.numH {
			last = int(math.Round(c.scale * float64(binary.BigEndian.Uint16(c.hmtx[4*g:]))))
		}
		c.advance[g] = last
	}
	c.widths = make([]int16, 0x10000)
	c.glyphs = make([]uint16, 0x10000)
	for i := range c.widths {
		c.widths[i] = -1
	}
	parse4(c.cmap, func(r rune, g uint16) {
		if int(g) < c.numGlyphs && g != 0 {
			c.glyphs[r] = g
			c.widths[r] = int16(c.advance[g])
		}
	})
	c.cmap, c.hmtx = nil, nil
}

// cmap4 reads the first format-4 subtable under platform 0 or (3,1), the one
// fpdf uses, into a code point → glyph map.
func cmap4(t []byte) (map[rune]uint16, error) {
	sub, err := cmap4Subtable(t)
	if err != nil {
		return nil, err
	}
	out := map[rune]uint16{}
	parse4(sub, func(r rune, g uint16) { out[r] = g })
	return out, nil
}

// cmap4Subtable finds the first format-4 subtable under platform 0 or (3,1)
// and checks that its segment arrays lie inside it.
func cmap4Subtable(t []byte) ([]byte, error) {
	if len(t) < 4 {
		return nil, errors.New("truncated cmap")
	}
	n := int(binary.BigEndian.Uint16(t[2:]))
	for i := 0; i < n; i++ {
		o := 4 + 8*i
		if o+8 > len(t) {
			break
		}
		pid := binary.BigEndian.Uint16(t[o:])
		eid := binary.BigEndian.Uint16(t[o+2:])
		off := int(binary.BigEndian.Uint32(t[o+4:]))
		if !(pid == 0 || (pid == 3 && eid == 1)) || off+14 > len(t) {
			continue
		}
		if binary.BigEndian.Uint16(t[off:]) != 4 {
			continue
		}
		s := t[off:]
		if segX2 := int(binary.BigEndian.Uint16(s[6:])); 14+4*segX2+2 > len(s) {
			return nil, errors.New("truncated cmap format 4")
		}
		return s, nil
	}
	return nil, errors.New("no format-4 Unicode cmap (fpdf needs one)")
}

// parse4 calls add for every code point a format-4 subtable maps to a glyph
// other than 0. The subtable's arrays were checked by cmap4Subtable.
func parse4(s []byte, add func(rune, uint16)) {
	segX2 := int(binary.BigEndian.Uint16(s[6:]))
	ends := s[14:]
	starts := s[16+segX2:]
	deltas := s[16+2*segX2:]
	ranges := s[16+3*segX2:]
	for i := 0; i < segX2/2; i++ {
		end := int(binary.BigEndian.Uint16(ends[2*i:]))
		start := int(binary.BigEndian.Uint16(starts[2*i:]))
		delta := int(binary.BigEndian.Uint16(deltas[2*i:]))
		ro := int(binary.BigEndian.Uint16(ranges[2*i:]))
		for c := start; c <= end && c != 0xFFFF; c++ {
			var g int
			if ro == 0 {
				g = (c + delta) & 0xFFFF
			} else {
				p := 16 + 3*segX2 + 2*i + ro + 2*(c-start)
				if p+2 > len(s) {
					continue
				}
				g = int(binary.BigEndian.Uint16(s[p:]))
				if g != 0 {
					g = (g + delta) & 0xFFFF
				}
			}
			if g != 0 {
				add(rune(c), uint16(g))
			}
		}
	}
}

package fonts

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"sync"
)

// PUA code points given to glyphs without a character of their own: the
// Unicode Private Use Area of the BMP.
const (
	puaFirst = 0xE000
	puaLast  = 0xF8FF
)

// Prepared is a font made ready for a PDF writer that reaches glyphs only
// through characters: fpdf reads the first format-4 cmap subtable, embeds the
// glyphs of the characters drawn and nothing else, so a glyph that shaping
// produces but no character maps to (a conjunct, a half form, a ligature)
// could not be drawn. The prepared copy's cmap is a single format-4 subtable
// holding the font's own BMP mappings plus a Private Use Area code point, from
// U+E000 upward in glyph order, for every other glyph but .notdef. Glyph ids,
// outlines, metrics and layout tables are those of the original font, so
// shaping results and the raster renderer's glyphs apply to both.
type Prepared struct {
	// Data is the prepared font; it is the original bytes when every glyph
	// already has a BMP character.
	Data []byte
	// Face is Data parsed: its Advance gives the widths the PDF's /W array
	// holds for the PUA code points too.
	Face *Face
	// runes maps a glyph id to the character that reaches it: its lowest
	// BMP code point, else its PUA code point; 0 when there is none.
	runes []rune
	added int
}

// Rune returns the character through which the prepared font reaches glyph
// g, 0 when none does (.notdef, or a glyph beyond the Private Use Area's
// 6,400 code points).
func (p *Prepared) Rune(g uint16) rune {
	if int(g) >= len(p.runes) {
		return 0
	}
	return p.runes[g]
}

// Added returns the number of PUA code points the preparation gave out.
func (p *Prepared) Added() int { return p.added }

// IsPUA reports whether r lies in the BMP's Private Use Area, where prepared
// fonts put the glyphs that have no character of their own.
func IsPUA(r rune) bool { return r >= puaFirst && r <= puaLast }

// Prepared returns the face's font prepared for the PDF writer (see
// Prepare), computed once per distinct font.
func (f *Face) Prepared() (*Prepared, error) { return Prepare(f.Data) }

// prepCache holds prepared fonts for the life of the process: by the address
// and length of the bytes passed in, so the common call costs a map look-up,
// and by their SHA-256, so equal bytes at another address are prepared once.
// Font bytes are never modified once loaded, and a process uses a handful of
// fonts, so entries are never dropped.
var prepCache struct {
	mu     sync.Mutex
	byAddr map[prepKey]*prepEntry
	byHash map[[32]byte]*prepEntry
}

type prepKey struct {
	p *byte
	n int
}

type prepEntry struct {
	once sync.Once
	data []byte
	p    *Prepared
	err  error
}

// Prepare returns data, a TrueType font, prepared for the PDF writer: see
// Prepared. Results are cached per distinct font, so calling it for every
// document costs nothing after the first; it is safe for concurrent use.
// Preparing a prepared font gives it back unchanged.
func Prepare(data []byte) (*Prepared, error) {
	if len(data) == 0 {
		return nil, errors.New("prepare font: no data")
	}
	key := prepKey{&data[0], len(data)}
	prepCache.mu.Lock()
	e := prepCache.byAddr[key]
	prepCache.mu.Unlock()
	if e == nil {
		sum := sha256.Sum256(data)
		prepCache.mu.Lock()
		if prepCache.byAddr == nil {
			prepCache.byAddr = map[prepKey]*prepEntry{}
			prepCache.byHash = map[[32]byte]*prepEntry{}
		}
		if e = prepCache.byHash[sum]; e == nil {
			e = &prepEntry{data: data}
			prepCache.byHash[sum] = e
		}
		prepCache.byAddr[key] = e
		prepCache.mu.Unlock()
	}
	e.once.Do(func() { e.p, e.err = prepare(e.data) })
	return e.p, e.err
}

// sfntTable is one table of a font file.
type sfntTable struct {
	tag  string
	data []byte
}

// readTables returns the tables of a TrueType file in directory order.
func readTables(data []byte) ([]sfntTable, error) {
	if len(data) < 12 {
		return nil, errors.New("not a TrueType font: too short")
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	out := make([]sfntTable, 0, n)
	for i := 0; i < n; i++ {
		o := 12 + 16*i
		if o+16 > len(data) {
			return nil, errors.New("truncated table directory")
		}
		tag := string(data[o : o+4])
		off := int(binary.BigEndian.Uint32(data[o+8:]))
		ln := int(binary.BigEndian.Uint32(data[o+12:]))
		if off < 0 || ln < 0 || off+ln > len(data) {
			return nil, fmt.Errorf("table %s lies outside the file", tag)
		}
		out = append(out, sfntTable{tag, data[off : off+ln]})
	}
	return out, nil
}

func prepare(data []byte) (*Prepared, error) {
	if _, err := Parse(data); err != nil {
		return nil, fmt.Errorf("prepare font: %w", err)
	}
	tables, err := readTables(data)
	if err != nil {
		return nil, fmt.Errorf("prepare font: %w", err)
	}
	var cmapT, maxpT []byte
	for _, t := range tables {
		switch t.tag {
		case "cmap":
			cmapT = t.data
		case "maxp":
			maxpT = t.data
		}
	}
	numGlyphs := int(binary.BigEndian.Uint16(maxpT[4:]))
	cmap, err := cmap4(cmapT)
	if err != nil {
		return nil, fmt.Errorf("prepare font: %w", err)
	}
	runes := make([]rune, numGlyphs)
	for c, g := range cmap {
		// U+0000 is no character a text can hold.
		if c > 0 && int(g) < numGlyphs && (runes[g] == 0 || c < runes[g]) {
			runes[g] = c
		}
	}
	next, added := rune(puaFirst), 0
	for g := 1; g < numGlyphs; g++ {
		if runes[g] != 0 {
			continue
		}
		for next <= puaLast && cmap[next] != 0 {
			next++
		}
		if next > puaLast {
			break
		}
		runes[g] = next
		cmap[next] = uint16(g)
		next++
		added++
	}
	p := &Prepared{Data: data, runes: runes, added: added}
	if added > 0 {
		sub, err := format4(cmap)
		if err != nil {
			return nil, fmt.Errorf("prepare font: %w", err)
		}
		p.Data = rebuild(tables, newCmap(sub))
	}
	if p.Face, err = Parse(p.Data); err != nil {
		return nil, fmt.Errorf("prepare font: prepared copy: %w", err)
	}
	return p, nil
}

// newCmap returns a cmap table whose Unicode BMP (0,3) and Windows BMP
// (3,1) records both point at one format-4 subtable.
func newCmap(sub []byte) []byte {
	b := make([]byte, 0, 20+len(sub))
	b = binary.BigEndian.AppendUint16(b, 0) // version
	b = binary.BigEndian.AppendUint16(b, 2) // encoding records
	for _, rec := range [2][2]uint16{{0, 3}, {3, 1}} {
		b = binary.BigEndian.AppendUint16(b, rec[0])
		b = binary.BigEndian.AppendUint16(b, rec[1])
		b = binary.BigEndian.AppendUint32(b, 20)
	}
	return append(b, sub...)
}

// format4 encodes a BMP code point → glyph map as a cmap format-4 subtable.
// Each run of consecutive code points is one segment: an idDelta segment
// when the glyph ids run in step with the code points, else one reading its
// glyph ids from the glyphIdArray.
func format4(m map[rune]uint16) ([]byte, error) {
	cps := make([]int, 0, len(m))
	for c, g := range m {
		if c >= 0 && c < 0xFFFF && g != 0 {
			cps = append(cps, int(c))
		}
	}
	sort.Ints(cps)
	type segment struct {
		start, end int
		delta      int
		array      bool
	}
	// inStep returns the end of the stretch from i, before end, whose glyph
	// ids run in step with the code points.
	inStep := func(i, end int) int {
		d := int(m[rune(cps[i])]) - cps[i]
		k := i + 1
		for k < end && int(m[rune(cps[k])])-cps[k] == d {
			k++
		}
		return k
	}
	var segs []segment
	for i := 0; i < len(cps); {
		j := i + 1 // the run of consecutive code points is cps[i:j]
		for j < len(cps) && cps[j] == cps[j-1]+1 {
			j++
		}
		for i < j {
			// A stretch in step takes one segment of 8 bytes; short
			// stretches together take one segment and 2 bytes a code point.
			k := inStep(i, j)
			if k-i >= 4 || k == j {
				segs = append(segs, segment{cps[i], cps[k-1], int(m[rune(cps[i])]) - cps[i], false})
				i = k
				continue
			}
			for k < j {
				if e := inStep(k, j); e-k < 4 {
					k = e
				} else {
					break
				}
			}
			segs = append(segs, segment{cps[i], cps[k-1], 0, true})
			i = k
		}
	}
	segs = append(segs, segment{0xFFFF, 0xFFFF, 1, false})
	n := len(segs)
	arrayLen := 0
	for _, s := range segs {
		if s.array {
			arrayLen += s.end - s.start + 1
		}
	}
	size := 16 + 8*n + 2*arrayLen
	if size > 0xFFFF {
		return nil, fmt.Errorf("cmap format 4 would take %d bytes, over its 65,535", size)
	}
	searchRange, entrySelector := 1, 0
	for searchRange*2 <= n {
		searchRange *= 2
		entrySelector++
	}
	searchRange *= 2
	b := make([]byte, 0, size)
	u16 := func(v int) { b = binary.BigEndian.AppendUint16(b, uint16(v)) }
	u16(4)
	u16(size)
	u16(0) // language
	u16(2 * n)
	u16(searchRange)
	u16(entrySelector)
	u16(2*n - searchRange)
	for _, s := range segs {
		u16(s.end)
	}
	u16(0) // reservedPad
	for _, s := range segs {
		u16(s.start)
	}
	for _, s := range segs {
		u16(s.delta & 0xFFFF)
	}
	// idRangeOffset: bytes from the entry itself to the segment's first
	// glyph id in the array that follows the offsets.
	at := 0
	for i, s := range segs {
		if !s.array {
			u16(0)
			continue
		}
		u16(2*(n-i) + 2*at)
		at += s.end - s.start + 1
	}
	for _, s := range segs {
		if s.array {
			for c := s.start; c <= s.end; c++ {
				u16(int(m[rune(c)]))
			}
		}
	}
	return b, nil
}

// rebuild writes a font file of tables with cmap replaced and DSIG dropped
// (a signature no longer holds), table checksums computed and
// head.checkSumAdjustment set.
func rebuild(tables []sfntTable, cmap []byte) []byte {
	var ts []sfntTable
	for _, t := range tables {
		switch t.tag {
		case "DSIG":
			continue
		case "cmap":
			t.data = cmap
		case "head":
			h := append([]byte(nil), t.data...)
			binary.BigEndian.PutUint32(h[8:], 0)
			t.data = h
		}
		ts = append(ts, t)
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i].tag < ts[j].tag })
	n := len(ts)
	searchRange, entrySelector := 1, 0
	for searchRange*2 <= n {
		searchRange *= 2
		entrySelector++
	}
	searchRange *= 16
	size := 12 + 16*n
	for _, t := range ts {
		size += (len(t.data) + 3) &^ 3
	}
	out := make([]byte, 12+16*n, size)
	binary.BigEndian.PutUint32(out, 0x00010000)
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	binary.BigEndian.PutUint16(out[6:], uint16(searchRange))
	binary.BigEndian.PutUint16(out[8:], uint16(entrySelector))
	binary.BigEndian.PutUint16(out[10:], uint16(16*n-searchRange))
	headAt := -1
	for i, t := range ts {
		off := len(out)
		d := out[12+16*i:]
		copy(d, t.tag)
		binary.BigEndian.PutUint32(d[4:], checksum(t.data))
		binary.BigEndian.PutUint32(d[8:], uint32(off))
		binary.BigEndian.PutUint32(d[12:], uint32(len(t.data)))
		if t.tag == "head" {
			headAt = off
		}
		out = append(out, t.data...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	if headAt >= 0 {
		binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	}
	return out
}

// checksum is the TrueType table checksum: the sum of the big-endian 32-bit
// words of b, zero-padded.
func checksum(b []byte) uint32 {
	var s uint32
	for len(b) >= 4 {
		s += binary.BigEndian.Uint32(b)
		b = b[4:]
	}
	if len(b) > 0 {
		var w [4]byte
		copy(w[:], b)
		s += binary.BigEndian.Uint32(w[:])
	}
	return s
}

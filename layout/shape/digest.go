package shape

import (
	"reflect"
	"unsafe"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/font/opentype/tables"
	"github.com/go-text/typesetting/harfbuzz"
)

// fixDigests works around go-text/typesetting issue #278 (fixed by pull
// request #279, after v0.3.5). A HarfBuzz font keeps, per lookup and per
// subtable, a digest of the glyphs its coverage holds, and skips a glyph the
// digest rules out. v0.3.5 stops adding a coverage's ranges to the digest as
// soon as one of its three bit patterns is full, so later ranges are lost
// and their glyphs never kerned, positioned or substituted: in the bundled
// faces hundreds of coverage entries (Devanagari consonant kerning, the
// hyphen in Source Serif 4), and a word in seven of Marathi text shaped
// unlike HarfBuzz.
//
// It rewrites every digest of f, built from fnt, as HarfBuzz builds it; a
// digest is only a filter, and with these shaping agrees with HarfBuzz glyph
// for glyph. It reports whether it found the fields it expects: when go-text
// changes them it leaves f as it is, and TestDigestsFixed fails, a reminder
// to drop the workaround once a fixed release is in go.mod.
func fixDigests(f *harfbuzz.Font, fnt *font.Font) bool {
	v := reflect.ValueOf(f).Elem()
	gsub, gpos := v.FieldByName("gsubAccels"), v.FieldByName("gposAccels")
	if gsub.Kind() != reflect.Slice || gsub.Len() != len(fnt.GSUB.Lookups) ||
		gpos.Kind() != reflect.Slice || gpos.Len() != len(fnt.GPOS.Lookups) {
		return false
	}
	covs := func(n int, cov func(j int) tables.Coverage) []digest {
		out := make([]digest, n)
		for j := range out {
			out[j].addCoverage(cov(j))
		}
		return out
	}
	type lookupDigests struct {
		accel reflect.Value
		subs  []digest
	}
	var all []lookupDigests
	for i, l := range fnt.GSUB.Lookups {
		all = append(all, lookupDigests{gsub.Index(i), covs(len(l.Subtables), func(j int) tables.Coverage { return l.Subtables[j].Cov() })})
	}
	for i, l := range fnt.GPOS.Lookups {
		all = append(all, lookupDigests{gpos.Index(i), covs(len(l.Subtables), func(j int) tables.Coverage { return l.Subtables[j].Cov() })})
	}
	// Check every field first, so the font is changed completely or not at
	// all.
	for _, ld := range all {
		subs := ld.accel.FieldByName("subtables")
		if !isDigest(ld.accel.FieldByName("digest")) || subs.Kind() != reflect.Slice || subs.Len() != len(ld.subs) {
			return false
		}
		for j := range ld.subs {
			if !isDigest(subs.Index(j).FieldByName("digest")) {
				return false
			}
		}
	}
	for _, ld := range all {
		var union digest
		subs := ld.accel.FieldByName("subtables")
		for j, d := range ld.subs {
			set(subs.Index(j).FieldByName("digest"), d)
			for k := range union {
				union[k] |= d[k]
			}
		}
		set(ld.accel.FieldByName("digest"), union)
	}
	return true
}

// digest is HarfBuzz's set digest: three bit-pattern filters of a glyph id,
// shifted by 4, 0 and 6 bits, in go-text's order.
type digest [3]uint64

var digestShifts = [3]uint{4, 0, 6}

func (d *digest) add(g uint16) {
	for k, s := range digestShifts {
		d[k] |= 1 << ((uint(g) >> s) & 63)
	}
}

// addRange adds glyphs a to b to each filter on its own, as HarfBuzz does.
func (d *digest) addRange(a, b uint16) {
	for k, s := range digestShifts {
		if d[k] == ^uint64(0) {
			continue
		}
		if (uint(b)>>s)-(uint(a)>>s) >= 63 {
			d[k] = ^uint64(0)
			continue
		}
		ma := uint64(1) << ((uint(a) >> s) & 63)
		mb := uint64(1) << ((uint(b) >> s) & 63)
		op := uint64(0)
		if mb < ma {
			op = 1
		}
		d[k] |= mb + (mb - ma) - op
	}
}

func (d *digest) addCoverage(cov tables.Coverage) {
	switch c := cov.(type) {
	case tables.Coverage1:
		for _, g := range c.Glyphs {
			d.add(uint16(g))
		}
	case tables.Coverage2:
		for _, r := range c.Ranges {
			d.addRange(uint16(r.StartGlyphID), uint16(r.EndGlyphID))
		}
	default:
		*d = digest{^uint64(0), ^uint64(0), ^uint64(0)} // unknown: let everything through
	}
}

// isDigest reports whether v is a settable digest: three 64-bit words.
func isDigest(v reflect.Value) bool {
	return v.Kind() == reflect.Array && v.Len() == 3 && v.Type().Elem().Kind() == reflect.Uint64 && v.CanAddr()
}

func set(v reflect.Value, d digest) {
	w := reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
	for k := range d {
		w.Index(k).SetUint(d[k])
	}
}

package raster

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"image"
	"math"
	"sync"
	"sync/atomic"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// subpixel is the number of horizontal glyph positions per pixel: glyph
// masks are cached per quarter pixel of position, as poppler places them.
const subpixel = 4

// sizeSteps is the number of size steps per pixel: masks are made at the
// run's size to 1/64 px per em, the precision of the outlines sfnt returns.
// A page holds a few dozen sizes at most, so the finer steps cost nothing,
// while the quarter pixel steps they replace could draw 9 pt type 1% large.
const sizeSteps = 64

// hsSteps is the number of horizontal scale steps per unit scale: glyphs
// scaled horizontally (PDF's Tz, written to 1/100 percent) are drawn at
// that precision.
const hsSteps = 10000

// maxCachedGlyphs bounds the shared glyph cache; when it is exceeded the cache
// is emptied and refilled. Masks depend only on their key, so emptying the
// cache changes speed, never output.
const maxCachedGlyphs = 1 << 18

// fontEntry is one parsed font, shared by all documents that carry the same
// bytes.
type fontEntry struct {
	id   uint32
	data []byte
	font *sfnt.Font
	// upem, yMin and yMax are the units per em and the font bounding box's
	// vertical extent in font units, y up.
	upem, yMin, yMax float64
}

// fractional reports whether glyphs of a font at size px per em are placed
// at quarter pixels across. Like poppler, which the PDF's readers see, it
// places glyphs whose font box is over 50 px tall (with 3 px of margin) at
// whole pixels, so headline type lands on the same pixel in both.
func (f *fontEntry) fractional(size float64) bool {
	top := math.Trunc(f.yMax * size / f.upem)
	bottom := math.Trunc(f.yMin * size / f.upem)
	return top-bottom+3 <= 50
}

// glyphKey names one cached mask: a glyph of a font at a size (in 1/64 px
// per em), scaled horizontally (in 1/10000, 10000 for none), drawn at a
// horizontal subpixel offset (in quarter pixels).
type glyphKey struct {
	font uint32
	size uint32
	id   uint16
	hs   uint16
	frac uint8
}

// glyphMask is a rasterised glyph. The mask's bounds are relative to the pen
// position rounded down to whole pixels; a nil mask is an empty glyph.
type glyphMask struct {
	mask *image.Alpha
}

// glyphCache holds parsed fonts by content and glyph masks by glyphKey. It is
// shared by every page and worker; entries are pure functions of their keys,
// so which worker fills an entry first never changes a pixel.
type glyphCache struct {
	seed maphash.Seed

	mu     sync.Mutex
	fonts  map[uint64][]*fontEntry // by hash of the bytes
	nfonts uint32

	glyphs sync.Map // glyphKey → glyphMask
	count  atomic.Int64
}

var shared = &glyphCache{seed: maphash.MakeSeed(), fonts: map[uint64][]*fontEntry{}}

// font returns the parsed font for data, parsing it on first use.
func (c *glyphCache) font(data []byte) (*fontEntry, error) {
	h := maphash.Bytes(c.seed, data)
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range c.fonts[h] {
		if bytes.Equal(e.data, data) {
			return e, nil
		}
	}
	f, err := sfnt.Parse(data)
	if err != nil {
		return nil, err
	}
	upem := f.UnitsPerEm()
	var buf sfnt.Buffer
	b, err := f.Bounds(&buf, fixed.Int26_6(upem)<<6, font.HintingNone)
	if err != nil {
		return nil, err
	}
	c.nfonts++
	e := &fontEntry{id: c.nfonts, data: data, font: f, upem: float64(upem),
		yMin: -float64(b.Max.Y) / 64, yMax: -float64(b.Min.Y) / 64}
	c.fonts[h] = append(c.fonts[h], e)
	return e, nil
}

// glyph returns the mask for k, rasterising it on first use. buf is the
// caller's own sfnt buffer (buffers are not safe for concurrent use).
func (c *glyphCache) glyph(f *fontEntry, k glyphKey, buf *sfnt.Buffer, z *coverage) (glyphMask, error) {
	if v, ok := c.glyphs.Load(k); ok {
		return v.(glyphMask), nil
	}
	m, err := rasterise(f.font, k, buf, z)
	if err != nil {
		return glyphMask{}, err
	}
	if c.count.Add(1) > maxCachedGlyphs {
		c.glyphs.Clear()
		c.count.Store(1)
	}
	c.glyphs.Store(k, m)
	return m, nil
}

// rasterise draws one glyph's outline, unhinted and anti-aliased, into an
// alpha mask.
func rasterise(f *sfnt.Font, k glyphKey, buf *sfnt.Buffer, z *coverage) (glyphMask, error) {
	ppem := fixed.Int26_6(k.size * (64 / sizeSteps))
	segs, err := f.LoadGlyph(buf, sfnt.GlyphIndex(k.id), ppem, nil)
	if err != nil {
		return glyphMask{}, fmt.Errorf("glyph %d: %w", k.id, err)
	}
	if len(segs) == 0 {
		return glyphMask{}, nil
	}
	dx := float32(k.frac) / subpixel
	hs := float32(k.hs) / hsSteps
	minX, minY := float32(math.Inf(1)), float32(math.Inf(1))
	maxX, maxY := float32(math.Inf(-1)), float32(math.Inf(-1))
	for _, s := range segs {
		n := 1
		switch s.Op {
		case sfnt.SegmentOpQuadTo:
			n = 2
		case sfnt.SegmentOpCubeTo:
			n = 3
		}
		// Curves lie inside the hull of their control points, so the points'
		// bounds hold the outline.
		for _, p := range s.Args[:n] {
			x, y := float32(p.X)/64*hs+dx, float32(p.Y)/64
			minX, maxX = min(minX, x), max(maxX, x)
			minY, maxY = min(minY, y), max(maxY, y)
		}
	}
	b := image.Rect(int(math.Floor(float64(minX))), int(math.Floor(float64(minY))),
		int(math.Ceil(float64(maxX))), int(math.Ceil(float64(maxY))))
	if b.Empty() {
		return glyphMask{}, nil
	}
	ox, oy := float32(b.Min.X)-dx, float32(b.Min.Y)
	z.reset(b.Dx(), b.Dy())
	pt := func(p fixed.Point26_6) (float32, float32) {
		return float32(p.X)/64*hs - ox, float32(p.Y)/64 - oy
	}
	for _, s := range segs {
		switch s.Op {
		case sfnt.SegmentOpMoveTo:
			z.moveTo(pt(s.Args[0]))
		case sfnt.SegmentOpLineTo:
			z.lineTo(pt(s.Args[0]))
		case sfnt.SegmentOpQuadTo:
			x1, y1 := pt(s.Args[0])
			x2, y2 := pt(s.Args[1])
			z.quadTo(x1, y1, x2, y2)
		case sfnt.SegmentOpCubeTo:
			x1, y1 := pt(s.Args[0])
			x2, y2 := pt(s.Args[1])
			x3, y3 := pt(s.Args[2])
			z.cubeTo(x1, y1, x2, y2, x3, y3)
		}
	}
	return glyphMask{mask: z.mask(b)}, nil
}

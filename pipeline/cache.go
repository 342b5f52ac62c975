package pipeline

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"math"
	"sync"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/photo"
)

// Cache keeps what one build drew for the next build of the same edition
// in the same process: the prepared pictures, and each page's image,
// thumbnail and snapshot (and the share image) by a digest of everything
// the page shows. epaper serve --watch rebuilds the edition each time a story is
// saved; an edit usually changes a page or two, and without a Cache every
// picture would be prepared and every page drawn again, most of a
// rebuild's time. What is reused is what the same page would give drawn
// afresh, so a build with a Cache writes the same bytes as one without.
//
// A Cache holds only what the last finished build used, so it stays the
// size of one edition. Give each edition its own, and run one build at a
// time with it; a nil *Cache keeps nothing.
type Cache struct {
	photos *photo.Memo

	mu         sync.Mutex
	last, this map[[32]byte]drawn
	reuse      Reuse // of the build under way
	done       Reuse // of the last finished build
}

// NewCache returns an empty Cache.
func NewCache() *Cache {
	return &Cache{photos: photo.NewMemo(), last: map[[32]byte]drawn{}, this: map[[32]byte]drawn{}}
}

// Reuse counts what a build took from its Cache and what it drew afresh.
type Reuse struct {
	PagesReused, PagesDrawn int // page images and thumbnails
}

// drawn is the output of one page (its image and thumbnail), or the share
// image.
type drawn struct {
	a, b []byte
}

// size is the memory d holds.
func (d drawn) size() int64 {
	return int64(len(d.a) + len(d.b))
}

// LastBuild returns what the last finished build reused and drew.
func (c *Cache) LastBuild() Reuse {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.done
}

// begin starts a build.
func (c *Cache) begin() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.this, c.reuse = map[[32]byte]drawn{}, Reuse{}
}

// end finishes a published build: what it used is kept, the rest let go.
func (c *Cache) end() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.last, c.this, c.done = c.this, map[[32]byte]drawn{}, c.reuse
}

func (c *Cache) memo() *photo.Memo {
	if c == nil {
		return nil
	}
	return c.photos
}

// get returns what was drawn under key by this build or the last one.
func (c *Cache) get(key [32]byte) (drawn, bool) {
	if c == nil {
		return drawn{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.this[key]
	if !ok {
		d, ok = c.last[key]
	}
	if ok {
		c.this[key] = d
	}
	return d, ok
}

func (c *Cache) put(key [32]byte, d drawn) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.this[key] = d
}

// count records a page image reused or drawn.
func (c *Cache) count(reused bool) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if reused {
		c.reuse.PagesReused++
	} else {
		c.reuse.PagesDrawn++
	}
}

// pageDigests returns the digest of each page of doc, or nil with neither
// a Cache nor a Shared that shares pages (nothing is then looked up).
func pageDigests(doc *display.Document, cfg Config) [][32]byte {
	if cfg.Cache == nil && !cfg.Shared.sharesPages() {
		return nil
	}
	fonts := map[string][32]byte{}
	out := make([][32]byte, len(doc.Pages))
	for i := range doc.Pages {
		out[i] = pageDigest(doc, i, fonts)
	}
	return out
}

// key derives a cache key from a kind of output, a page's digest and what
// else that output depends on.
func key(kind string, page [32]byte, more ...any) [32]byte {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00", kind)
	h.Write(page[:])
	for _, m := range more {
		fmt.Fprintf(h, "\x00%#v", m)
	}
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// pageDigest is the SHA-256 of everything page i of doc draws: its size,
// label, items and links, with each font by the digest of its bytes and
// each picture by the digest of its JPEG (its pixels are decoded from the
// same preparation). TestPageDigestCoversDisplay fails when the display
// list gains a field this does not read.
func pageDigest(doc *display.Document, i int, fonts map[string][32]byte) [32]byte {
	p := &doc.Pages[i]
	e := &encoder{h: sha256.New()}
	e.floats(p.Width, p.Height, p.Bleed)
	e.str(p.Label)
	e.int(len(p.Items))
	for _, it := range p.Items {
		switch it := it.(type) {
		case *display.Text:
			sum, ok := fonts[it.Font]
			if !ok {
				sum = sha256.Sum256(doc.Fonts[it.Font])
				fonts[it.Font] = sum
			}
			e.int(1)
			e.str(it.Font)
			e.bytes(sum[:])
			e.floats(it.Size, it.X, it.Y, it.Tracking, it.Expand)
			e.color(it.Color)
			e.str(it.Text)
			e.int(len(it.Glyphs))
			for _, g := range it.Glyphs {
				e.int(int(g.ID))
				e.int(g.Advance)
				e.int(g.XOff)
				e.int(g.YOff)
				e.int(int(g.Rune))
			}
		case *display.Image:
			sum := sha256.Sum256(it.Data)
			e.int(2)
			e.floats(it.X, it.Y, it.W, it.H)
			e.str(it.Key)
			e.bytes(sum[:])
			e.int(len(it.Data))
			e.bool(it.Pix != nil)
			e.bool(it.Whole)
			e.str(it.Src)
			e.floats(it.Crop[:]...)
			e.int(int(it.From))
		case *display.Rect:
			e.int(3)
			e.floats(it.X, it.Y, it.W, it.H, it.StrokeWidth)
			e.colorPtr(it.Fill)
			e.colorPtr(it.Stroke)
		case *display.Line:
			e.int(4)
			e.floats(it.X1, it.Y1, it.X2, it.Y2, it.Width)
			e.color(it.Color)
		default:
			// an item this digest does not know: never reuse the page
			e.str(fmt.Sprintf("%T %p", it, it))
		}
	}
	e.int(len(p.Links))
	for _, l := range p.Links {
		e.floats(l.X, l.Y, l.W, l.H, l.TargetY)
		e.int(l.Page)
		e.str(l.URL)
	}
	return e.sum()
}

// encoder writes values into a hash unambiguously: numbers at fixed
// width, strings with their length.
type encoder struct {
	h   hash.Hash
	buf []byte
}

func (e *encoder) flush() {
	if len(e.buf) >= 32<<10 {
		e.h.Write(e.buf)
		e.buf = e.buf[:0]
	}
}

func (e *encoder) int(v int) {
	e.buf = binary.LittleEndian.AppendUint64(e.buf, uint64(v))
	e.flush()
}

func (e *encoder) floats(vs ...float64) {
	for _, v := range vs {
		e.buf = binary.LittleEndian.AppendUint64(e.buf, math.Float64bits(v))
	}
	e.flush()
}

func (e *encoder) str(s string) {
	e.int(len(s))
	e.buf = append(e.buf, s...)
	e.flush()
}

func (e *encoder) bytes(b []byte) {
	e.int(len(b))
	e.buf = append(e.buf, b...)
	e.flush()
}

func (e *encoder) bool(b bool) {
	if b {
		e.int(1)
	} else {
		e.int(0)
	}
}

func (e *encoder) color(c display.Color) { e.buf = append(e.buf, c.R, c.G, c.B) }

func (e *encoder) colorPtr(c *display.Color) {
	if c == nil {
		e.int(0)
		return
	}
	e.int(1)
	e.color(*c)
}

func (e *encoder) sum() [32]byte {
	e.h.Write(e.buf)
	var s [32]byte
	e.h.Sum(s[:0])
	return s
}

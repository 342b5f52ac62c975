// Package shape turns words into positioned glyphs with HarfBuzz (the pure-Go
// port in github.com/go-text/typesetting): the conjuncts, reordered and
// two-part vowel signs, reph and marks of the Indian scripts, Tamil and
// Malayalam ligatures, Arabic joining and Nastaliq's cascade (right to
// left), and Latin kerning and ligatures, all from the font's own GSUB and
// GPOS tables.
//
// Results are in the display list's units, thousandths of an em as integers,
// the units the PDF places glyphs in, so a line measured from shaped words is
// the line a viewer draws. Each glyph carries the character through which the
// PDF reaches it (see fonts.Prepared), so the renderers need no other table.
//
// A Shaper caches every word it shapes per face and language: an edition
// repeats its words, and each distinct one is shaped once.
package shape

import (
	"bytes"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/harfbuzz"
	"github.com/go-text/typesetting/language"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/fonts"
)

// maxCached bounds the word cache; when it is exceeded the cache is emptied
// and refilled. Entries depend only on their keys, so emptying the cache
// changes speed, never results.
const maxCached = 1 << 20

// Shaper shapes words and caches the results. It is safe for concurrent use:
// the cache and the parsed fonts are shared, and each shaping call borrows a
// HarfBuzz buffer and font instances that belong to one goroutine at a time.
// One Shaper per build is the intended use; a process may also keep one.
type Shaper struct {
	mu    sync.RWMutex
	cache map[key]entry
	faces map[*fonts.Face]*faceInfo
	pairs map[pairKey]*pairTable // how neighbours shape, for pairwise

	free chan *worker // idle workers, kept for their shape plans and fonts

	hits, misses atomic.Int64
}

type key struct {
	face *fonts.Face
	lang string
	word string
	rtl  bool
}

type entry struct {
	glyphs  []display.Glyph
	advance int
}

// faceInfo is what every worker shares about a face.
type faceInfo struct {
	once sync.Once  // parses the face; the fields below are set by it
	font *font.Font // parsed once; read-only, safe for concurrent use
	prep *fonts.Prepared
	upem int
	err  error
}

// worker is the state one shaping call needs to itself: a HarfBuzz buffer
// (it caches shape plans) and per-face HarfBuzz fonts (go-text faces cache
// glyph look-ups and are not safe for concurrent use).
type worker struct {
	buf   *harfbuzz.Buffer
	fonts map[*fonts.Face]*harfbuzz.Font
	runes []rune
	// lang and tag are the last language asked for and its HarfBuzz form.
	lang string
	tag  language.Language
}

// New returns a Shaper with an empty cache.
func New() *Shaper {
	return &Shaper{
		cache: make(map[key]entry, 1<<14),
		faces: map[*fonts.Face]*faceInfo{},
		pairs: map[pairKey]*pairTable{},
		free:  make(chan *worker, 64),
	}
}

// Stats returns how many Shape calls were answered from the cache and how
// many shaped their word.
func (s *Shaper) Stats() (hits, misses int64) { return s.hits.Load(), s.misses.Load() }

// Shape shapes one word, which holds no spaces, in face f for the language
// tagged lang (BCP 47: "en", "hi", "mr", "bn"), left to right. The word is
// split into runs of one script each (digits and punctuation go with their
// neighbours), shaped with the font's default features: kerning and
// standard ligatures for Latin, the full Indic model for the Indian
// scripts, the language's own forms where the font has them (Marathi's
// eyelash ra).
//
// Glyph advances and offsets are in thousandths of an em, each rounded from
// the font units HarfBuzz gives, and advance is their sum. Each glyph's Rune
// is the character through which f's prepared font reaches it: the word's own
// character when it maps to the glyph, else the glyph's own BMP character or
// its Private Use Area code point; 0 for .notdef.
//
// The returned slice is shared with the cache and with every other caller
// that shapes the same word: do not modify it. A face the shaper cannot read
// gives the word's characters unshaped, one glyph each from the cmap, so text
// is never lost.
func (s *Shaper) Shape(f *fonts.Face, word, lang string) (glyphs []display.Glyph, advance int) {
	return s.shapeDir(f, word, lang, false)
}

// ShapeRTL shapes a run of right-to-left text (Urdu, Arabic; or neutral
// characters that a right-to-left paragraph sets right to left) as Shape
// does, with the text's direction right to left: Arabic letters join into
// their initial, medial and final forms, Nastaliq's words cascade, and
// brackets are mirrored. The glyphs come in visual order, left to right, as
// a renderer draws them: the word's last character first.
func (s *Shaper) ShapeRTL(f *fonts.Face, word, lang string) (glyphs []display.Glyph, advance int) {
	return s.shapeDir(f, word, lang, true)
}

func (s *Shaper) shapeDir(f *fonts.Face, word, lang string, rtl bool) (glyphs []display.Glyph, advance int) {
	if word == "" || f == nil {
		return nil, 0
	}
	k := key{f, lang, word, rtl}
	s.mu.RLock()
	e, ok := s.cache[k]
	s.mu.RUnlock()
	if ok {
		s.hits.Add(1)
		return e.glyphs, e.advance
	}
	s.misses.Add(1)
	fi := s.face(f)
	switch {
	case fi.err != nil:
		e = unshaped(f, word)
		if rtl {
			slices.Reverse(e.glyphs)
		}
	default:
		var ok bool
		if !rtl {
			e, ok = s.pairwise(f, fi, word, lang)
		}
		if !ok {
			w := s.worker()
			e = w.shape(f, fi, word, lang, rtl)
			s.release(w)
		}
	}
	s.mu.Lock()
	if len(s.cache) >= maxCached {
		clear(s.cache)
	}
	s.cache[k] = e
	s.mu.Unlock()
	return e.glyphs, e.advance
}

// pairwise sets a Latin word without shaping it whole when every pair of
// neighbours shapes as its own two glyphs, at most with the first one's
// advance changed: that is pair kerning, and it adds up along the word.
// The font's features act on pairs ("ffi" contains the ligature pair "ff",
// which sends the word to the shaper), so each pair is shaped once per face
// and the words are assembled from them. Other scripts always shape.
func (s *Shaper) pairwise(f *fonts.Face, fi *faceInfo, word, lang string) (entry, bool) {
	for _, r := range word {
		if !simpleLatin(r) || !f.Has(r) {
			return entry{}, false
		}
	}
	t := s.pairTable(f, lang)
	prev := rune(-1)
	e := unshaped(f, word)
	i := 0
	for _, r := range word {
		if prev >= 0 {
			p := t.get(s, f, fi, prev, r, lang)
			if !p.ok {
				return entry{}, false
			}
			e.glyphs[i-1].Advance += p.kern
			e.advance += p.kern
		}
		prev = r
		i++
	}
	if prev < 0 {
		return entry{}, false
	}
	if p := t.get(s, f, fi, prev, 0, lang); !p.ok || p.kern != 0 {
		return entry{}, false
	}
	return e, true
}

// simpleLatin is a character of Latin text that HarfBuzz sets one glyph to
// one character: letters, digits and punctuation, no combining marks.
func simpleLatin(r rune) bool {
	return (r >= 0x21 && r < 0x7f) || (r >= 0xa0 && r < 0x250 && r != 0xad) ||
		(r >= 0x2010 && r <= 0x2027) || r == 0x20b9 || r == 0x20ac
}

type pairKey struct {
	face *fonts.Face
	lang string
}

// pairInfo is how two neighbours shape: ok when as their own glyphs, with
// kern added to the first one's advance.
type pairInfo struct {
	ok   bool
	kern int
}

// pairTable remembers how each pair of simple Latin characters shapes in
// one face and language. It is read and written without a lock, one atomic
// word per pair (0 not yet known, 1 not a plain pair, else the kern biased
// by pairBias): a word looks up every pair of neighbours, and two workers
// that both shape an unknown pair store the same value.
type pairTable struct {
	v []atomic.Int32
}

const pairBias = 1 << 20

// pairSlots numbers the characters simpleLatin admits, 0 for the end of a
// word: Latin-1 and Latin Extended, the general punctuation block's dashes
// and quotes, and the rupee and euro signs.
const pairSlots = 0x250 + 0x18 + 2

func pairSlot(r rune) int {
	switch {
	case r < 0x250:
		return int(r)
	case r >= 0x2010 && r <= 0x2027:
		return 0x250 + int(r-0x2010)
	case r == 0x20b9:
		return 0x250 + 0x18
	case r == 0x20ac:
		return 0x250 + 0x19
	}
	return -1
}

// pairTable returns the face's table for lang, made on first use.
func (s *Shaper) pairTable(f *fonts.Face, lang string) *pairTable {
	k := pairKey{f, lang}
	s.mu.RLock()
	t := s.pairs[k]
	s.mu.RUnlock()
	if t != nil {
		return t
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if t = s.pairs[k]; t == nil {
		t = &pairTable{v: make([]atomic.Int32, pairSlots*pairSlots)}
		s.pairs[k] = t
	}
	return t
}

// get returns how a and b (b == 0: a at the end of a word) shape, shaping
// them the first time.
func (t *pairTable) get(s *Shaper, f *fonts.Face, fi *faceInfo, a, b rune, lang string) pairInfo {
	i, j := pairSlot(a), pairSlot(b)
	if i < 0 || j < 0 {
		return s.pair(f, fi, a, b, lang)
	}
	slot := &t.v[i*pairSlots+j]
	switch v := slot.Load(); v {
	case 0:
	case 1:
		return pairInfo{}
	default:
		return pairInfo{ok: true, kern: int(v) - pairBias}
	}
	p := s.pair(f, fi, a, b, lang)
	v := int32(1)
	if p.ok {
		v = int32(p.kern + pairBias)
	}
	slot.Store(v)
	return p
}

// pair shapes two characters (or one, b == 0) and tells whether they set
// as their own glyphs, and the kern between them.
func (s *Shaper) pair(f *fonts.Face, fi *faceInfo, a, b rune, lang string) pairInfo {
	text := string(a)
	if b != 0 {
		text += string(b)
	}
	w := s.worker()
	e := w.shape(f, fi, text, lang, false)
	s.release(w)
	u := unshaped(f, text)
	var v pairInfo
	v.ok = len(e.glyphs) == len(u.glyphs)
	for i := 0; v.ok && i < len(u.glyphs); i++ {
		g, h := e.glyphs[i], u.glyphs[i]
		v.ok = g.ID == h.ID && g.Rune == h.Rune && g.XOff == 0 && g.YOff == 0 && (i == 0 || g.Advance == h.Advance)
		if i == 0 {
			v.kern = g.Advance - h.Advance
		}
	}
	return v
}

// Err reports whether face f can be shaped: nil, or why its words are set
// unshaped.
func (s *Shaper) Err(f *fonts.Face) error { return s.face(f).err }

func (s *Shaper) face(f *fonts.Face) *faceInfo {
	s.mu.RLock()
	fi := s.faces[f]
	s.mu.RUnlock()
	if fi == nil {
		s.mu.Lock()
		if fi = s.faces[f]; fi == nil {
			fi = &faceInfo{}
			s.faces[f] = fi
		}
		s.mu.Unlock()
	}
	// parsed once: a second caller waits for the first rather than
	// parsing the same tables again
	fi.once.Do(func() { fi.parse(f) })
	return fi
}

func (fi *faceInfo) parse(f *fonts.Face) {
	fi.upem = f.UnitsPerEm
	if p, err := f.Prepared(); err != nil {
		fi.err = err
	} else if face, err := font.ParseTTF(bytes.NewReader(f.Data)); err != nil {
		fi.err = fmt.Errorf("shape: font %s: %w", f.ID, err)
	} else {
		fi.prep, fi.font = p, face.Font
		if u := int(face.Upem()); u > 0 {
			fi.upem = u
		}
	}
}

// Prepare reads the faces' tables now, in parallel, rather than on their
// first words: a build calls it while it is still reading stories.
func (s *Shaper) Prepare(faces ...*fonts.Face) {
	var wg sync.WaitGroup
	for _, f := range faces {
		if f == nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.face(f)
		}()
	}
	wg.Wait()
}

func (s *Shaper) worker() *worker {
	select {
	case w := <-s.free:
		return w
	default:
		return &worker{buf: harfbuzz.NewBuffer(), fonts: map[*fonts.Face]*harfbuzz.Font{}}
	}
}

func (s *Shaper) release(w *worker) {
	select {
	case s.free <- w:
	default:
	}
}

// unshaped sets a word one glyph per character from the cmap, at the font's
// own advances.
func unshaped(f *fonts.Face, word string) entry {
	e := entry{glyphs: make([]display.Glyph, 0, utf8.RuneCountInString(word))}
	for _, r := range word {
		g := display.Glyph{ID: f.GlyphID(r), Advance: f.Advance(r), Rune: r}
		e.glyphs = append(e.glyphs, g)
		e.advance += g.Advance
	}
	return e
}

// shape shapes word run by run, one script each, left to right or right to
// left. Right to left, the runs are laid out last first, each run's glyphs
// in HarfBuzz's visual order.
func (w *worker) shape(f *fonts.Face, fi *faceInfo, word, lang string, rtl bool) entry {
	hf := w.fonts[f]
	if hf == nil {
		hf = harfbuzz.NewFont(font.NewFace(fi.font))
		fixDigests(hf, fi.font)
		w.fonts[f] = hf
	}
	// XScale and YScale stay at units per em: positions come out in font
	// units, exact integers.
	runes := w.runes[:0]
	for _, r := range word {
		runes = append(runes, r)
	}
	w.runes = runes
	if lang != w.lang || w.tag == "" {
		w.lang, w.tag = lang, language.NewLanguage(lang)
	}
	dir := harfbuzz.LeftToRight
	if rtl {
		dir = harfbuzz.RightToLeft
	}
	var e entry
	e.glyphs = make([]display.Glyph, 0, len(runes))
	for start := 0; start < len(runes); {
		end, script := scriptRun(runes, start)
		w.buf.Clear()
		w.buf.AddRunes(runes, start, end-start)
		w.buf.Props = harfbuzz.SegmentProperties{
			Direction: dir,
			Script:    script,
			Language:  w.tag,
		}
		w.buf.Shape(hf, nil)
		info, pos := w.buf.Info, w.buf.Pos
		run := make([]display.Glyph, 0, len(info))
		for i := range info {
			gid := uint16(info[i].Glyph)
			g := display.Glyph{
				ID:      gid,
				Advance: toMilli(int(pos[i].XAdvance), fi.upem),
				XOff:    toMilli(int(pos[i].XOffset), fi.upem),
				YOff:    toMilli(int(pos[i].YOffset), fi.upem),
				Rune:    fi.prep.Rune(gid),
			}
			// Prefer the character the text itself holds for this glyph,
			// so a run drawn as its own characters stays plain text. The
			// glyph's cluster holds the characters from its cluster value
			// up to the next greater one (clusters rise left to right, and
			// fall right to left).
			cl, cEnd := info[i].Cluster, end
			for j := range info {
				if c := info[j].Cluster; c > cl && c < cEnd {
					cEnd = c
				}
			}
			ignorable := true
			for c := max(cl, start); c < cEnd && c < end; c++ {
				if r := runes[c]; gid != 0 && f.GlyphID(r) == gid {
					g.Rune = r
					break
				}
			}
			for c := max(cl, start); c < cEnd && c < end; c++ {
				ignorable = ignorable && defaultIgnorable(runes[c])
			}
			if ignorable && g.Advance == 0 && g.XOff == 0 {
				// a joiner or mark HarfBuzz hid (often as the space
				// glyph at no advance): nothing to draw, and drawn, its
				// glyph's own width would widen the word for extraction
				g.Rune = 0
			}
			run = append(run, g)
			e.advance += g.Advance
		}
		if rtl {
			e.glyphs = append(run, e.glyphs...)
		} else {
			e.glyphs = append(e.glyphs, run...)
		}
		start = end
	}
	return e
}

// defaultIgnorable tells the characters that shape or order text and draw
// nothing: the zero-width joiners and space, the direction marks, embeddings
// and isolates, the word joiner and the variation selectors.
func defaultIgnorable(r rune) bool {
	return (r >= 0x200b && r <= 0x200f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2060 && r <= 0x2069) ||
		r == 0x061c || r == 0x00ad || r == 0xfeff || (r >= 0xfe00 && r <= 0xfe0f)
}

// toMilli converts font units to thousandths of an em, rounded as fpdf
// rounds the widths it writes.
func toMilli(v, upem int) int {
	if upem == 1000 {
		return v
	}
	n := v * 1000
	if n >= 0 {
		return (n + upem/2) / upem
	}
	return -((-n + upem/2) / upem)
}

// scriptRun returns the end of the run of one script that starts at start,
// and its script. Characters of no script of their own (Common, Inherited:
// digits, punctuation, joiners, combining marks) join the run before them,
// or the first run with a script after them at the start of a word.
func scriptRun(runes []rune, start int) (end int, script language.Script) {
	script = language.Common
	for end = start; end < len(runes); end++ {
		s := language.LookupScript(runes[end])
		if !s.Strong() {
			continue
		}
		if script == language.Common {
			script = s
			continue
		}
		if s != script {
			break
		}
	}
	return end, script
}

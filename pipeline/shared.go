package pipeline

import (
	"sync"

	"github.com/epaper/epaper/internal/memo"
	"github.com/epaper/epaper/layout/hyph"
	"github.com/epaper/epaper/layout/makeup"
	"github.com/epaper/epaper/layout/shape"
	"github.com/epaper/epaper/layout/typeset"
	"github.com/epaper/epaper/photo"
	"github.com/epaper/epaper/render/pdf"
)

// Shared is what the builds of one run share, so that city editions of
// the same stories do the work they have in common once: the words shaped
// and hyphenated (one Shaper and one memory of hyphenation points per
// language), the stories' bodies and heads set (makeup.Memo), the
// pictures checked and prepared (photo.Shared, with its Store for the runs
// after), and the pages drawn: a page of one edition that is the same as a
// page of another, to the last glyph, is drawn once, its image, thumbnail
// and snapshot written into both and its PDF contents put in each
// edition's PDF (pdf.Contents). Everything shared
// depends only on its key, so an edition built with others writes the
// bytes it writes alone.
//
// Its methods may be called from the builds running at once. A nil
// *Shared shares nothing.
type Shared struct {
	photos *photo.Shared
	shaper *shape.Shaper

	mu            sync.Mutex
	hyphs         map[string]typeset.Hyphenator
	pages         map[[32]byte]*pageEntry
	order         [][32]byte // pages kept, oldest first
	held          int64      // their bytes
	limit         int64
	drawn, reused int      // outputs drawn, and taken from another edition
	set           memo.Map // stories' bodies and heads, and pages' PDF contents
}

// memo is what make-up keeps what it sets in: sh when it shares between
// editions, else nothing.
func (sh *Shared) memo() makeup.Memo {
	if !sh.sharesPages() {
		return nil
	}
	return sh
}

// contents is where the PDF renderer keeps pages' contents: sh when it
// shares between editions, else nothing.
func (sh *Shared) contents() pdf.Contents {
	if !sh.sharesPages() {
		return nil
	}
	return sh
}

// Keep returns what another edition of the run set under key, waiting
// while one sets it; when none has, it sets it with mk.
func (sh *Shared) Keep(key [32]byte, mk func() any) any {
	return sh.set.Keep(key, mk)
}

// SharedStats counts the work the builds of a run shared.
type SharedStats struct {
	// Outputs drawn (page images with their thumbnails, the pages'
	// snapshots for --lock, share images) and taken from another edition
	// rather than drawn again.
	Drawn, Reused int
	// Stories' bodies and heads, and pages' PDF contents, set, and taken
	// from another edition.
	SetMade, SetReused int
	photo.SharedStats
}

// Stats returns what the builds that used sh made and shared so far.
func (sh *Shared) Stats() SharedStats {
	if sh == nil {
		return SharedStats{}
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	st := SharedStats{Drawn: sh.drawn, Reused: sh.reused, SharedStats: sh.photos.Stats()}
	st.SetMade, st.SetReused = sh.set.Stats()
	return st
}

// sharedPages bounds the bytes of drawn pages a Shared keeps: the page
// images and thumbnails of two or three editions.
const sharedPages = 96 << 20

// NewShared returns a Shared for a run of so many editions, whose
// prepared pictures are kept in store between runs (nil: for this run
// only). Pages are shared only between editions: a run of one keeps none.
func NewShared(store photo.Store, editions int) *Shared {
	sh := &Shared{photos: photo.NewShared(store), shaper: shape.New(), hyphs: map[string]typeset.Hyphenator{}}
	if editions > 1 {
		sh.pages, sh.limit = map[[32]byte]*pageEntry{}, sharedPages
	}
	return sh
}

// sharesPages reports whether sh shares drawn pages.
func (sh *Shared) sharesPages() bool { return sh != nil && sh.pages != nil }

// pageEntry is an output being drawn or drawn: done is closed when d is
// set (or the drawing failed and ok is false).
type pageEntry struct {
	done chan struct{}
	d    drawn
	ok   bool
}

// hyphenator returns the run's hyphenator for a language, with its
// memory of the words it hyphenated.
func (sh *Shared) hyphenator(lang string) typeset.Hyphenator {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	h, ok := sh.hyphs[lang]
	if !ok {
		if p := hyph.ForLanguage(lang); p != nil {
			h = typeset.Remembered(p)
		}
		sh.hyphs[lang] = h
	}
	return h
}

// page returns the output drawn under key by another build of the run,
// waiting when one is drawing it now; when none has, it returns false and
// a function the caller must call with what it drew (ok false when it
// could not), which hands it to the others.
func (sh *Shared) page(key [32]byte) (drawn, bool, func(d drawn, ok bool)) {
	if !sh.sharesPages() {
		return drawn{}, false, func(drawn, bool) {}
	}
	for {
		sh.mu.Lock()
		e, found := sh.pages[key]
		if !found {
			e = &pageEntry{done: make(chan struct{})}
			sh.pages[key] = e
			sh.drawn++
			sh.mu.Unlock()
			return drawn{}, false, func(d drawn, ok bool) { sh.drew(key, e, d, ok) }
		}
		sh.mu.Unlock()
		<-e.done
		if e.ok {
			sh.mu.Lock()
			sh.reused++
			sh.mu.Unlock()
			return e.d, true, nil
		}
		// the drawing failed (its build was cancelled): try again
	}
}

// drew ends the drawing of key: what was drawn is kept (the oldest let
// go while the pages kept are over the bound), a failure forgotten.
func (sh *Shared) drew(key [32]byte, e *pageEntry, d drawn, ok bool) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	e.d, e.ok = d, ok
	close(e.done)
	if !ok {
		delete(sh.pages, key)
		sh.drawn--
		return
	}
	sh.order = append(sh.order, key)
	sh.held += d.size()
	for sh.held > sh.limit && len(sh.order) > 1 {
		old := sh.order[0]
		sh.order = sh.order[1:]
		if o, found := sh.pages[old]; found {
			sh.held -= o.d.size()
			delete(sh.pages, old)
		}
	}
}

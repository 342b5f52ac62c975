package photo

import (
	"context"
	"crypto/sha256"
	"image"
	"io/fs"
	"sync"

	"github.com/epaper/epaper/display"
)

// Memo keeps the pictures one build prepared for the next build of the
// same process. A process that builds an edition again each time a story
// is saved (epaper serve --watch) would otherwise decode, crop, scale and
// encode every picture again, most of a rebuild's time, when the edit
// changed a line of text. A prepared picture depends only on the bytes of
// its file, its crop, its box and the settings, so that is its key: the
// same inputs give the same bytes with or without a Memo.
//
// A Memo keeps only the pictures of the last call that finished, so it
// holds no more than one edition's pictures. Its methods may be called
// from several goroutines; a nil Memo keeps nothing.
type Memo struct {
	mu   sync.Mutex
	last map[memoKey]prepared // the pictures of the last call
	this map[memoKey]prepared // those of the call under way
	hits int
}

// NewMemo returns an empty Memo.
func NewMemo() *Memo {
	return &Memo{last: map[memoKey]prepared{}, this: map[memoKey]prepared{}}
}

type memoKey struct {
	sum      [32]byte // SHA-256 of the picture's file
	crop     [4]float64
	w, h     float64
	from     display.Source
	settings Settings // without the budget, which does not change the result
}

// prepared is a picture prepared for its box. Pix is shared by the builds
// that reuse it: nothing changes a picture once it is prepared.
type prepared struct {
	data  []byte
	pix   image.Image
	light bool
}

// prepare fills in im from its picture, as Prepare does, within the
// budget, and tells whether the picture has light edges (a story photo
// that needs a keyline).
func (m *Memo) prepare(ctx context.Context, fsys fs.FS, im *display.Image, s Settings, b *Budget) (light bool, err error) {
	var k memoKey
	if m != nil {
		data, err := fs.ReadFile(fsys, im.Src)
		if err != nil {
			return false, err
		}
		ks := s
		ks.Budget = nil
		k = memoKey{sum: sha256.Sum256(data), crop: im.Crop, w: im.W, h: im.H, from: im.From, settings: ks}
		m.mu.Lock()
		p, ok := m.this[k]
		if !ok {
			p, ok = m.last[k]
		}
		if ok {
			m.this[k] = p
			m.hits++
		}
		m.mu.Unlock()
		if ok {
			im.Data, im.Pix = p.data, p.pix
			return p.light, nil
		}
	}
	err = load(ctx, fsys, im.Src, s, b, prepareBytes(im, s), func(pix image.Image, _ Info) error {
		return Prepare(pix, im, s)
	})
	if err != nil {
		return false, err
	}
	light = im.From == display.FromStories && LightEdges(im.Pix)
	if m != nil {
		m.mu.Lock()
		m.this[k] = prepared{data: im.Data, pix: im.Pix, light: light}
		m.mu.Unlock()
	}
	return light, nil
}

// keepLast ends a call: its pictures become the ones kept, and those it
// did not use are let go.
func (m *Memo) keepLast() {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.last, m.this = m.this, map[memoKey]prepared{}
}

// Reused returns how many pictures were taken from the Memo since it was
// made, rather than prepared again.
func (m *Memo) Reused() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.hits
}

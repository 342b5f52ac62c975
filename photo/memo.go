package photo

import (
	"crypto/sha256"
	"image"
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
// from several goroutines.
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
	ad       bool
	settings Settings
}

// prepared is a picture prepared for its box. Pix is shared by the builds
// that reuse it: nothing changes a picture once it is prepared.
type prepared struct {
	data  []byte
	pix   image.Image
	light bool
}

// prepare fills in im from the picture's file bytes, as Prepare does, and
// tells whether the picture has light edges (and so needs a keyline).
func (m *Memo) prepare(data []byte, im *display.Image, s Settings) (light bool, err error) {
	if m == nil {
		return prepareNew(data, im, s)
	}
	k := memoKey{sum: sha256.Sum256(data), crop: im.Crop, w: im.W, h: im.H, ad: im.Ad, settings: s}
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
	if light, err = prepareNew(data, im, s); err != nil {
		return false, err
	}
	m.mu.Lock()
	m.this[k] = prepared{data: im.Data, pix: im.Pix, light: light}
	m.mu.Unlock()
	return light, nil
}

func prepareNew(data []byte, im *display.Image, s Settings) (light bool, err error) {
	pix, err := decode(data)
	if err != nil {
		return false, err
	}
	if err := Prepare(pix, im, s); err != nil {
		return false, err
	}
	return !im.Ad && LightEdges(im.Pix), nil
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

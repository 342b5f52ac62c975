package photo

import (
	"sync"
)

// Memo keeps the pictures one build prepared for the next build of the
// same process. A process that builds an edition again each time a story
// is saved (epaper serve --watch) would otherwise decode, crop, scale and
// encode every picture again, most of a rebuild's time, when the edit
// changed a line of text. A prepared picture depends only on the bytes of
// its file, what is asked of it and the settings, so that is its key: the
// same inputs give the same bytes with or without a Memo.
//
// A Memo keeps only the pictures of the last call that finished, so it
// holds no more than one edition's pictures. Its methods may be called
// from several goroutines; a nil Memo keeps nothing.
type Memo struct {
	mu   sync.Mutex
	last map[[32]byte]Prepared // the pictures of the last call
	this map[[32]byte]Prepared // those of the call under way
	hits int
}

// NewMemo returns an empty Memo.
func NewMemo() *Memo {
	return &Memo{last: map[[32]byte]Prepared{}, this: map[[32]byte]Prepared{}}
}

// get returns the picture prepared under key by this call or the last.
func (m *Memo) get(key [32]byte) (Prepared, bool) {
	if m == nil {
		return Prepared{}, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.this[key]
	if !ok {
		p, ok = m.last[key]
	}
	if ok {
		m.this[key] = p
		m.hits++
	}
	return p, ok
}

func (m *Memo) put(key [32]byte, p Prepared) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.this[key] = p
}

// keepLast ends a call: its pictures become the ones kept, and those it
// did not use are let go.
func (m *Memo) keepLast() {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.last, m.this = m.this, map[[32]byte]Prepared{}
}

// Reused returns how many pictures were taken from the Memo since it was
// made, rather than prepared again.
func (m *Memo) Reused() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.hits
}

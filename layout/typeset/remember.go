package typeset

import "sync"

// Remembered wraps h with a memory of every word's points, shared by all
// the setters that use it and safe for concurrent use. Each setter keeps
// its own memory too; this one spares a setter the words another already
// hyphenated, as when make-up sets a paragraph again after a worker set the
// story.
func Remembered(h Hyphenator) Hyphenator {
	if h == nil {
		return nil
	}
	return &remembered{h: h, m: make(map[string][]Point, 1<<14)}
}

type remembered struct {
	h  Hyphenator
	mu sync.RWMutex
	m  map[string][]Point
}

func (r *remembered) Points(word string) []Point {
	r.mu.RLock()
	p, ok := r.m[word]
	r.mu.RUnlock()
	if ok {
		return p
	}
	p = r.h.Points(word)
	r.mu.Lock()
	r.m[word] = p
	r.mu.Unlock()
	return p
}

// Package memo keeps values made once by key for the others that ask for
// them: the city editions of a run set the same stories and draw the same
// pages, and what one made the others take.
package memo

import "sync"

// Map keeps what Keep made, by key. Its zero value is ready, and its
// methods may be called from several goroutines.
type Map struct {
	mu           sync.Mutex
	m            map[[32]byte]*entry
	made, reused int
}

// entry is a value being made or made: done is closed when v is set (or
// the making failed and ok is false).
type entry struct {
	done chan struct{}
	v    any
	ok   bool
}

// Keep returns what was made under key, waiting while another caller makes
// it; when none has, it makes it with mk. A making that panics is not kept:
// those waiting for it make it themselves.
func (mm *Map) Keep(key [32]byte, mk func() any) any {
	mm.mu.Lock()
	if mm.m == nil {
		mm.m = map[[32]byte]*entry{}
	}
	e, found := mm.m[key]
	if found {
		mm.reused++
		mm.mu.Unlock()
		<-e.done
		if e.ok {
			return e.v
		}
		return mk()
	}
	e = &entry{done: make(chan struct{})}
	mm.m[key] = e
	mm.made++
	mm.mu.Unlock()
	defer func() {
		if !e.ok {
			mm.mu.Lock()
			delete(mm.m, key)
			mm.mu.Unlock()
		}
		close(e.done)
	}()
	e.v = mk()
	e.ok = true
	return e.v
}

// Stats returns how many values Keep made and how many times it handed one
// out again.
func (mm *Map) Stats() (made, reused int) {
	mm.mu.Lock()
	defer mm.mu.Unlock()
	return mm.made, mm.reused
}

package memo

import (
	"sync"
	"testing"
)

// Many callers of one key get the one value made once; a making that
// panics is made again by the next caller.
func TestKeepMakesOnce(t *testing.T) {
	var mm Map
	var wg sync.WaitGroup
	calls := 0
	var mu sync.Mutex
	got := make([]any, 16)
	for i := range got {
		wg.Go(func() {
			got[i] = mm.Keep([32]byte{1}, func() any {
				mu.Lock()
				calls++
				mu.Unlock()
				return "v"
			})
		})
	}
	wg.Wait()
	for i, v := range got {
		if v != "v" {
			t.Fatalf("caller %d got %v", i, v)
		}
	}
	if made, reused := mm.Stats(); calls != 1 || made != 1 || reused != len(got)-1 {
		t.Errorf("made %d times (stats %d made, %d reused)", calls, made, reused)
	}
	func() {
		defer func() { recover() }()
		mm.Keep([32]byte{2}, func() any { panic("no") })
	}()
	if v := mm.Keep([32]byte{2}, func() any { return 2 }); v != 2 {
		t.Errorf("after a panic: %v", v)
	}
}

package photo

import (
	"context"
	"runtime"

	"golang.org/x/sync/semaphore"
)

// Budget bounds the memory of the pictures being decoded at once, shared by
// every worker (and every edition of a run) that decodes with it: a
// picture takes its estimated bytes from the budget before it is decoded
// and gives them back when its pixels are dropped, so however many
// workers there are, the pictures in memory together stay within the
// budget. A picture that needs more than the whole budget waits to run
// alone. Waiters are served in turn, so a large picture is not starved by
// small ones.
type Budget struct {
	sem  *semaphore.Weighted
	size int64
}

// NewBudget returns a budget of bytes.
func NewBudget(bytes int64) *Budget {
	bytes = max(bytes, 1)
	return &Budget{sem: semaphore.NewWeighted(bytes), size: bytes}
}

// acquire waits until n bytes (at most the whole budget) are free and
// takes them; release gives them back. It returns ctx's error when ctx
// ends first.
func (b *Budget) acquire(ctx context.Context, n int64) (release func(), err error) {
	n = min(max(n, 1), b.size)
	if err := b.sem.Acquire(ctx, n); err != nil {
		return nil, err
	}
	if n >= collectAbove {
		// the pictures released before are garbage, but the collector
		// runs when the heap has grown by as much as it held: collected
		// now, their memory holds this picture rather than adding to it
		runtime.GC()
	}
	return func() { b.sem.Release(n) }, nil
}

// collectAbove is the weight from which a picture's decoding waits for the
// collector first. Pixels hold no pointers, so a collection costs little
// beside a picture this large.
const collectAbove = 64 << 20

// budget is the settings' shared budget, or a new one of DecodeBudget
// bytes for one call.
func (s Settings) budget() *Budget {
	if s.Budget != nil {
		return s.Budget
	}
	return NewBudget(s.DecodeBudget)
}

package work

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
)

func TestEachRunsEveryJobOnce(t *testing.T) {
	for _, k := range []int{0, 1, 3, 64} {
		var seen [100]atomic.Int32
		err := Each(context.Background(), k, len(seen), func(w, i int) error {
			if w < 0 || w >= Workers(k, len(seen)) {
				t.Errorf("k=%d: worker %d out of range", k, w)
			}
			seen[i].Add(1)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for i := range seen {
			if n := seen[i].Load(); n != 1 {
				t.Fatalf("k=%d: job %d ran %d times", k, i, n)
			}
		}
	}
}

func TestEachOneWorkerRunsInOrderBeforeReturning(t *testing.T) {
	var order []int
	wait := Start(context.Background(), 1, 5, func(w, i int) error {
		order = append(order, i)
		return nil
	})
	if len(order) != 5 {
		t.Fatalf("with one worker the jobs run before Start returns; ran %v", order)
	}
	for i, j := range order {
		if i != j {
			t.Fatalf("order %v", order)
		}
	}
	if err := wait(); err != nil {
		t.Fatal(err)
	}
}

func TestEachReturnsLowestFailedJob(t *testing.T) {
	e3, e7 := errors.New("3"), errors.New("7")
	for _, k := range []int{1, 4} {
		err := Each(context.Background(), k, 10, func(w, i int) error {
			switch i {
			case 3:
				return e3
			case 7:
				return e7
			}
			return nil
		})
		if k == 1 && err != e3 {
			t.Fatalf("k=1: %v", err)
		}
		if k > 1 && err != e3 && err != e7 {
			t.Fatalf("k=%d: %v", k, err)
		}
	}
}

func TestEachStopsWhenContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var ran atomic.Int32
	err := Each(ctx, 2, 1000, func(w, i int) error {
		if ran.Add(1) == 10 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if n := ran.Load(); n >= 1000 {
		t.Fatalf("all %d jobs ran after the context ended", n)
	}
}

func TestPanicBecomesError(t *testing.T) {
	for _, k := range []int{1, 3} {
		err := Each(context.Background(), k, 5, func(w, i int) error {
			if i == 2 {
				var m map[string]int
				m["x"] = 1 // a nil map write panics
			}
			return nil
		})
		var pe *PanicError
		if !errors.As(err, &pe) || len(pe.Stack) == 0 {
			t.Fatalf("k=%d: err = %v, want a *PanicError with its stack", k, err)
		}
	}
	if err := Go(func() error { panic("boom") })(); err == nil || err.Error() != "panic: boom" {
		t.Fatalf("Go: %v", err)
	}
}

// Package work runs a batch of independent jobs on a bounded number of
// goroutines: the one worker pool every stage of a build uses (setting
// stories, drawing and compressing PDF pages, rendering page images,
// preparing photos, building several editions).
//
// A job that panics fails with an error that carries the panic and its
// stack, so one bad input never takes the process (and every other
// edition of the night) down with it.
//
// Jobs are numbered 0..n-1 and taken in that order; each worker has a
// number 0..k-1 of its own, so a caller that needs state per worker (a
// line breaker, a compressor) keeps it in a slice indexed by it and needs
// no lock. Results go into slices indexed by job, which keeps output in
// job order whatever the timing.
package work

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"
	"sync/atomic"
)

// Workers is how many goroutines k requested workers on n jobs use: at
// least one, and never more than there are jobs.
func Workers(k, n int) int {
	return max(1, min(k, n))
}

// Start runs do(worker, job) for every job from 0 to n-1 on up to k
// goroutines and returns at once; wait blocks until they are done and
// returns the error of the lowest-numbered job that failed, or ctx's error
// when ctx ended before every job was taken. After a job fails or ctx ends
// no new job starts. With k <= 1 the jobs run here, in order, before Start
// returns: a caller that must not start goroutines (one CPU, a test) gets
// the same results.
func Start(ctx context.Context, k, n int, do func(worker, job int) error) (wait func() error) {
	do = recovering(do)
	errs := make([]error, n)
	k = Workers(k, n)
	if k == 1 || n == 0 {
		err := func() error {
			for i := range n {
				if err := ctx.Err(); err != nil {
					return err
				}
				if err := do(0, i); err != nil {
					return err
				}
			}
			return nil
		}()
		return func() error { return err }
	}
	var (
		next   atomic.Int64
		failed atomic.Bool
		wg     sync.WaitGroup
	)
	for w := range k {
		wg.Go(func() {
			for !failed.Load() && ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := do(w, i); err != nil {
					errs[i] = err
					failed.Store(true)
				}
			}
		})
	}
	return func() error {
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				return err
			}
		}
		if int(next.Load()) < n {
			return ctx.Err()
		}
		return nil
	}
}

// Each is Start and wait in one: it returns when every job is done.
func Each(ctx context.Context, k, n int, do func(worker, job int) error) error {
	return Start(ctx, k, n, do)()
}

// PanicError is a job's panic turned into an error.
type PanicError struct {
	Value any
	Stack []byte
}

func (p *PanicError) Error() string { return fmt.Sprintf("panic: %v", p.Value) }

// recovering wraps do so that a panic becomes a *PanicError.
func recovering(do func(worker, job int) error) func(worker, job int) error {
	return func(w, i int) (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = &PanicError{Value: r, Stack: debug.Stack()}
			}
		}()
		return do(w, i)
	}
}

// Go runs fn on a goroutine of its own and returns a function that waits
// for it and returns its error; a panic in fn is returned as a
// *PanicError.
func Go(fn func() error) (wait func() error) {
	run := recovering(func(int, int) error { return fn() })
	done := make(chan error, 1)
	go func() { done <- run(0, 0) }()
	var once sync.Once
	var err error
	return func() error {
		once.Do(func() { err = <-done })
		return err
	}
}

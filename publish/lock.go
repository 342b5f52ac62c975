package publish

import (
	"context"
	"fmt"
	"os"
	"syscall"
	"time"
)

// LockWait is how long a build waits for another build of the same edition
// and date to finish before it gives up.
var lockWait = 10 * time.Minute

// acquire takes an exclusive lock on path, waiting while another build holds
// it. The kernel drops the lock when a process dies, so a killed build never
// leaves the edition locked.
func acquire(ctx context.Context, path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(lockWait)
	warned := false
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return f, nil
		}
		if err != syscall.EWOULDBLOCK {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("another build of this edition has held %s for %v: giving up", path, lockWait)
		}
		if !warned {
			fmt.Fprintf(os.Stderr, "waiting for another build of this edition to finish (%s)\n", path)
			warned = true
		}
		select {
		case <-ctx.Done():
			// a stop asked for (SIGTERM from the scheduler) ends the wait
			f.Close()
			return nil, fmt.Errorf("waiting for %s: %w", path, ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func release(f *os.File) {
	if f != nil {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}
}

package publish

import (
	"context"
	"fmt"
	"os"
	"syscall"
	"time"
)

// lockWait is how long a build waits for another to release a lock (a
// build of the same edition and date, or the archive pages being written)
// before it gives up. Tests shorten it.
var lockWait = 10 * time.Minute

// acquire takes an exclusive lock on the file or folder at path, creating
// a missing file, and waits while another process holds it; notice, when
// not empty, is printed once on stderr when it has to wait. The kernel
// drops the lock when a process dies, so a killed build never leaves
// anything locked. The wait ends when ctx does (a scheduler stopping the
// job does not wait out another build) or after lockWait.
func acquire(ctx context.Context, path, notice string) (*os.File, error) {
	var f *os.File
	var err error
	if fi, serr := os.Stat(path); serr == nil && fi.IsDir() {
		f, err = os.Open(path)
	} else {
		f, err = os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	}
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(lockWait)
	for warned := false; ; {
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
			return nil, fmt.Errorf("another build has held %s for %v: giving up", path, lockWait)
		}
		if !warned && notice != "" {
			fmt.Fprintf(os.Stderr, "%s (%s)\n", notice, path)
			warned = true
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("waiting for %s: %w", path, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func release(f *os.File) {
	if f != nil {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}
}

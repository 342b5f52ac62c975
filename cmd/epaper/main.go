// Command epaper builds a newspaper's e-paper edition from the day's stories:
// a printable PDF, page images and thumbnails, a manifest, a report and a
// static viewer. Run "epaper help" for the commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

func main() {
	// a build is a short batch job that allocates a lot and keeps little:
	// collecting garbage less often is cheaper (GOGC overrides it)
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// Exit statuses a scheduler can act on.
const (
	exitOK       = 0 // the edition is published, nothing to look at
	exitFailure  = 1 // nothing was published (or one of several editions failed)
	exitUsage    = 2 // the command line is wrong
	exitWarnings = 3 // published, but something needs the desk's attention
)

// usageError marks command-line mistakes.
type usageError struct{ error }

// warningsError marks a build that published with warnings.
type warningsError struct{ msg string }

func (w warningsError) Error() string { return w.msg }

func exitCode(err error, stderr *os.File) int {
	if err == nil {
		return exitOK
	}
	var we warningsError
	if errors.As(err, &we) {
		fmt.Fprintln(stderr, "epaper: warning:", err)
		return exitWarnings
	}
	fmt.Fprintln(stderr, "epaper:", err)
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitFailure
}

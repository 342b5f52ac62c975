// Package browsertest starts headless Chromium for the tests that drive the
// e-paper viewer, the way this machine needs it: a fresh profile, no
// network services (their connections would stall on a closed network), and
// the page's console errors collected for the test to check.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Chromium returns the browser's path. Without one the test is skipped,
// unless EPAPER_BROWSER_TESTS=1 asks for the browser tests, when it fails.
func Chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("EPAPER_BROWSER_TESTS") == "1" {
		t.Fatal("EPAPER_BROWSER_TESTS=1 but Chromium is not installed")
	}
	t.Skip("Chromium is not installed: browser tests skipped (EPAPER_BROWSER_TESTS=1 makes this a failure)")
	return ""
}

// Browser is one headless Chromium tab and the errors its pages reported.
type Browser struct {
	Ctx  context.Context
	mu   sync.Mutex
	errs []string
}

// Start launches Chromium with a 1440×900 window; it is closed when the
// test ends.
func Start(t *testing.T) *Browser {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(Chromium(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1440, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelCtx()
		cancelAlloc()
	})
	done := make(chan error, 1)
	go func() { done <- chromedp.Do(ctx) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("start Chromium: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Chromium did not start within 30 s")
	}
	b := &Browser{Ctx: ctx}
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				b.mu.Lock()
				b.errs = append(b.errs, m.String())
				b.mu.Unlock()
			}
		}
	}()
	return b
}

// Errors returns the console errors and exceptions seen so far.
func (b *Browser) Errors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.errs...)
}

// Poll waits until the JavaScript expression is true. A poll that races a
// navigation loses the page's context; it then polls the new document.
func Poll(ctx context.Context, expr string, timeout time.Duration) error {
	var err error
	for try := 0; try < 5; try++ {
		_, err = chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(timeout), chromedp.WithPollingInterval(20*time.Millisecond)))
		if err == nil || !transient(err) {
			return err
		}
		time.Sleep(50 * time.Millisecond)
	}
	return err
}

func transient(err error) bool {
	m := err.Error()
	return strings.Contains(m, "Cannot find context with specified id") || strings.Contains(m, "Execution context was destroyed") || strings.Contains(m, "Inspected target navigated or closed")
}

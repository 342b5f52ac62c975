// Package browsertest starts headless Chromium for the tests that drive the
// e-paper viewer, the way this machine needs it: a fresh profile, no
// network services (their connections would stall on a closed network), and
// the page's console errors collected for the test to check.
package browsertest

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Chromium returns the browser's path. Without one the test is skipped,
// unless EPAPER_BROWSER_TESTS=1 asks for the browser tests, when it fails.
func Chromium(t testing.TB) string {
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
// Its methods fail the test that started it, naming the step.
type Browser struct {
	Ctx context.Context
	// Step bounds each step; Wait bounds a wait for a condition (Until).
	Step, Wait time.Duration
	// State is a JavaScript expression whose value a failed wait reports,
	// to show where the page stood.
	State string

	t    testing.TB
	mu   sync.Mutex
	errs []string
}

// Start launches Chromium with a 1440×900 window; it is closed when the
// test ends.
func Start(t testing.TB) *Browser {
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
	b := &Browser{Ctx: ctx, t: t, Step: 10 * time.Second, Wait: 5 * time.Second, State: "location.href"}
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

// Do runs steps, within Step.
func (b *Browser) Do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx, b.Step)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// Eval evaluates a JavaScript expression in b's page.
func Eval[T any](b *Browser, expr string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx, b.Step)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// Until waits, within Wait, for the JavaScript expression to be true.
func (b *Browser) Until(what, expr string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx, b.Step)
	defer cancel()
	if err := Poll(ctx, expr, b.Wait); err != nil {
		b.t.Fatalf("waiting for %s (%s): %v; state %s", what, expr, err, Eval[string](b, "JSON.stringify("+b.State+")"))
	}
}

// Open loads u afresh (through about:blank, so that a URL differing only in
// its fragment loads the document again) and waits for the viewer to start.
func (b *Browser) Open(u string) {
	b.t.Helper()
	b.Do("open "+u, chromedp.Navigate("about:blank"), chromedp.Navigate(u))
	b.Until("the viewer to start", `document.documentElement.classList.contains('is-ready')`)
}

// Viewport sets the window's size, as a phone's (touch, twice the pixels)
// or a desktop's.
func (b *Browser) Viewport(w, h int64, phone bool) {
	b.t.Helper()
	if phone {
		b.Do("phone viewport", chromedp.EmulateViewport(w, h, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2)))
	} else {
		b.Do("desktop viewport", chromedp.EmulateViewport(w, h))
	}
}

// Still waits until no animation runs (the article view slides in), so a
// click lands where the element stays.
func (b *Browser) Still() {
	b.t.Helper()
	b.Until("animations to end", `document.getAnimations().every(a => a.playState !== 'running')`)
}

// ImagesOnScreenLoaded is true once the images on screen have loaded (lazy
// images off screen never load).
const ImagesOnScreenLoaded = `[...document.images].filter(i => { const r = i.getBoundingClientRect(); return r.width > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth; }).every(i => i.complete && i.naturalWidth > 0)`

// Shot saves the tab as EPAPER_SCREENSHOTS/name.png when that is set, once
// the images on screen have loaded and animations ended.
func (b *Browser) Shot(name string) {
	b.t.Helper()
	dir := os.Getenv("EPAPER_SCREENSHOTS")
	if dir == "" {
		return
	}
	b.Until("images to load", ImagesOnScreenLoaded)
	b.Still()
	ctx, cancel := context.WithTimeout(b.Ctx, b.Step)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// NoErrors fails the test when the page reported errors.
func (b *Browser) NoErrors() {
	b.t.Helper()
	if errs := b.Errors(); len(errs) > 0 {
		b.t.Errorf("the page reported errors:\n%s", strings.Join(errs, "\n"))
	}
}

// FileURL is the file:// URL of a path on disk.
func FileURL(p string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(p)}).String()
}

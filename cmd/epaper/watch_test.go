package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// watching is epaper serve --watch running in the test's process.
type watching struct {
	base  string // http://127.0.0.1:PORT/
	out   string
	lines chan string
	seen  []string // the lines read so far, for failure messages
	done  chan error
}

// startWatch runs "epaper serve --watch --out OUT args..." and waits for
// its first build to be published.
func startWatch(t *testing.T, args ...string) *watching {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	w := &watching{out: t.TempDir(), lines: make(chan string, 256), done: make(chan error, 1)}
	stderr := &syncBuffer{}
	argv := append([]string{"epaper", "serve", "--watch", "--addr", "127.0.0.1:0", "--out", w.out}, args...)
	go func() { w.done <- run(ctx, argv, lineWriter{w.lines}, stderr) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-w.done:
			if err != nil {
				t.Errorf("serve --watch after Ctrl-C: %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Error("serve --watch did not stop when its context ended")
		}
		if s := stderr.String(); s != "" {
			t.Logf("stderr:\n%s", s)
		}
	})
	w.base = w.waitLine(t, reServing, time.Minute)[1]
	w.waitLine(t, regexp.MustCompile(`^\d\d:\d\d:\d\d built `), 2*time.Minute)
	return w
}

// waitLine waits for a line serve prints that matches re and returns the
// match; other lines are passed over.
func (w *watching) waitLine(t *testing.T, re *regexp.Regexp, within time.Duration) []string {
	t.Helper()
	deadline := time.After(within)
	for {
		select {
		case line := <-w.lines:
			w.seen = append(w.seen, line)
			if m := re.FindStringSubmatch(line); m != nil {
				return m
			}
		case err := <-w.done:
			t.Fatalf("serve stopped: %v\n%s", err, strings.Join(w.seen, "\n"))
		case <-deadline:
			t.Fatalf("no line matching %s in %v; serve printed:\n%s", re, within, strings.Join(w.seen, "\n"))
		}
	}
}

// events listens to the server's build events.
type events struct {
	mu   sync.Mutex
	all  []buildState
	wake chan struct{}
}

func listenEvents(t *testing.T, base string) *events {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", base+".epaper/events", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events served as %q", ct)
	}
	ev := &events{wake: make(chan struct{}, 1)}
	go func() {
		defer res.Body.Close()
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			data, ok := strings.CutPrefix(sc.Text(), "data: ")
			if !ok {
				continue
			}
			var s buildState
			if err := json.Unmarshal([]byte(data), &s); err != nil {
				continue
			}
			ev.mu.Lock()
			ev.all = append(ev.all, s)
			ev.mu.Unlock()
			select {
			case ev.wake <- struct{}{}:
			default:
			}
		}
	}()
	return ev
}

// until waits for an event that satisfies ok and returns it.
func (ev *events) until(t *testing.T, what string, ok func(buildState) bool) buildState {
	t.Helper()
	deadline := time.After(time.Minute)
	for {
		ev.mu.Lock()
		for _, s := range ev.all {
			if ok(s) {
				ev.mu.Unlock()
				return s
			}
		}
		all := append([]buildState(nil), ev.all...)
		ev.mu.Unlock()
		select {
		case <-ev.wake:
		case <-deadline:
			t.Fatalf("no event of %s in a minute; events: %+v", what, all)
		}
	}
}

func get(t *testing.T, u string) (int, string) {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func edit(t *testing.T, file, old, new string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s has no %q", file, old)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestWatchRebuildsOnSave(t *testing.T) {
	eds, stories := smallEditions(t)
	w := startWatch(t, "--edition", filepath.Join(eds, "alpha.yaml"), "--stories", stories, "--date", "2023-09-22")
	ev := listenEvents(t, w.base)
	ev.until(t, "the first build", func(s buildState) bool { return s.Published == 1 && !s.Building && s.Error == "" })
	manifest := filepath.Join(w.out, "alpha", "2023-09-22", "manifest.json")
	if b, _ := os.ReadFile(manifest); strings.Contains(string(b), "Zanzibar") {
		t.Fatal("the manifest names Zanzibar before the story does")
	}

	edit(t, filepath.Join(stories, "s1.md"), "Story number 1 about the world", "Story number 1 about Zanzibar")
	ev.until(t, "the rebuild", func(s buildState) bool { return s.Published == 2 })
	w.waitLine(t, regexp.MustCompile(`^\d\d:\d\d:\d\d rebuilt alpha 2023-09-22 in [0-9.]+s \(.*s1\.md changed\): \d+ pages? \(\d+ drawn again\), 3 placed, 0 warnings$`), time.Minute)
	if b, _ := os.ReadFile(manifest); !strings.Contains(string(b), "Story number 1 about Zanzibar") {
		t.Error("the rebuilt manifest does not have the new headline")
	}

	// Two saves, the second while the first is being built (or just
	// after): the edition published last has the second.
	edit(t, filepath.Join(stories, "s2.md"), "Story number 2 about the world", "Story number 2 about Mombasa")
	ev.until(t, "the next build starting", func(s buildState) bool { return s.Published == 2 && s.Building })
	edit(t, filepath.Join(stories, "s2.md"), "about Mombasa", "about Lamu")
	ev.until(t, "two more builds", func(s buildState) bool { return s.Published == 4 && !s.Building })
	if b, _ := os.ReadFile(manifest); !strings.Contains(string(b), "Story number 2 about Lamu") {
		t.Error("the last save is not in the edition")
	}
}

func TestWatchKeepsLastEditionWhenBuildFails(t *testing.T) {
	eds, stories := smallEditions(t)
	edFile := filepath.Join(eds, "alpha.yaml")
	w := startWatch(t, "--edition", edFile, "--stories", stories, "--date", "2023-09-22")
	ev := listenEvents(t, w.base)
	ev.until(t, "the first build", func(s buildState) bool { return s.Published == 1 })
	dir := filepath.Join(w.out, "alpha", "2023-09-22")
	before := hashTree(t, dir)

	good, err := os.ReadFile(edFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(edFile, []byte(brokenEdition), 0o644); err != nil {
		t.Fatal(err)
	}
	s := ev.until(t, "the failed build", func(s buildState) bool { return s.Error != "" && !s.Building })
	if s.Published != 1 || !strings.Contains(s.Error, "alpha.yaml:4") {
		t.Errorf("after a broken edition file: %+v, want build 1 still shown and the error naming alpha.yaml:4", s)
	}
	w.waitLine(t, regexp.MustCompile(`^\d\d:\d\d:\d\d alpha 2023-09-22 failed after [0-9.]+s \(.*alpha\.yaml changed\): .*alpha\.yaml:4: .*; the last edition built stays$`), time.Minute)
	after := hashTree(t, dir)
	if len(after) != len(before) {
		t.Errorf("the edition folder has %d files after the failed build, %d before", len(after), len(before))
	}
	for p, sum := range before {
		if after[p] != sum {
			t.Errorf("%s changed although the build failed", p)
		}
	}
	if code, page := get(t, w.base+"alpha/2023-09-22/"); code != 200 || !strings.Contains(page, "Alpha Times") {
		t.Errorf("the last edition is not served after the failed build: %d", code)
	}

	// fixed: published again, the error gone
	if err := os.WriteFile(edFile, good, 0o644); err != nil {
		t.Fatal(err)
	}
	ev.until(t, "the build after the fix", func(s buildState) bool { return s.Published == 2 && s.Error == "" })

	// A story that cannot be read is a warning: the rest is published.
	if err := os.WriteFile(filepath.Join(stories, "s4.md"), []byte("---\nheadline: [unclosed\nsection: World\n---\nText.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ev.until(t, "the build with a broken story", func(s buildState) bool { return s.Published == 3 && s.Error == "" })
	w.waitLine(t, regexp.MustCompile(`rebuilt alpha 2023-09-22 .*s4\.md changed\): \d+ pages? \(\d+ drawn again\), 3 placed, 1 rejected \(s4\.md:2: front matter: .*\), 0 warnings: see .*report\.json$`), time.Minute)
}

func TestWatchAddsScriptOnlyWhenServing(t *testing.T) {
	eds, stories := smallEditions(t)
	w := startWatch(t, "--edition", filepath.Join(eds, "beta.yaml"), "--stories", stories, "--date", "2023-09-22")
	// The line is printed as the edition is written; the open pages are
	// told once every edition of the round is done.
	listenEvents(t, w.base).until(t, "the first build", func(s buildState) bool { return s.Published == 1 && !s.Building })
	dir := filepath.Join(w.out, "beta", "2023-09-22")
	script := regexp.MustCompile(`<script src="/\.epaper/live\.js" data-published="1"></script>\s*</body>`)
	for _, c := range []struct{ url, file string }{
		{w.base + "beta/2023-09-22/", filepath.Join(dir, "index.html")},
		{w.base + "beta/2023-09-22/index.html", ""}, // redirected to the folder
		{w.base, filepath.Join(w.out, "index.html")},
		{w.base + "beta/", filepath.Join(w.out, "beta", "index.html")},
	} {
		code, page := get(t, c.url)
		if code != 200 || !script.MatchString(page) {
			t.Errorf("GET %s: %d, no live script before </body>", c.url, code)
		}
		csp := regexp.MustCompile(`http-equiv="Content-Security-Policy" content="([^"]*)"`).FindStringSubmatch(page)
		if csp == nil || !strings.Contains(csp[1], "connect-src 'self'") || !regexp.MustCompile(`script-src[^;]*'self'`).MatchString(csp[1]) {
			t.Errorf("GET %s: the policy %q does not let the script run and connect", c.url, csp)
		}
		if c.file == "" {
			continue
		}
		disk, err := os.ReadFile(c.file)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(disk), ".epaper") || strings.Contains(string(disk), "connect-src") {
			t.Errorf("%s on disk has the live script or its policy", c.file)
		}
	}
	// HEAD gives the length GET sends
	_, page := get(t, w.base+"beta/2023-09-22/")
	res, err := http.Head(w.base + "beta/2023-09-22/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.ContentLength != int64(len(page)) {
		t.Errorf("HEAD: %s, length %d; GET sends %d bytes", res.Status, res.ContentLength, len(page))
	}
	// everything else is served as it is on disk
	for _, f := range []string{"viewer.js", "manifest.json", "pages/page-01.jpg"} {
		_, body := get(t, w.base+"beta/2023-09-22/"+f)
		disk, _ := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f)))
		if body != string(disk) {
			t.Errorf("%s served differs from the file", f)
		}
	}
	code, js := get(t, w.base+".epaper/live.js")
	if code != 200 || !strings.Contains(js, "new EventSource('/.epaper/events')") {
		t.Errorf("live.js: %d", code)
	}
	if code, _ := get(t, w.base+".epaper/other"); code != 404 {
		t.Errorf("/.epaper/other: %d, want 404", code)
	}
}

func TestWatchFlags(t *testing.T) {
	out := t.TempDir()
	for _, args := range [][]string{
		{"--edition", "x.yaml", "--stories", out},
		{"--plan", "plan.yaml"},
		{"--sample", "mr"},
	} {
		err := run(context.Background(), append([]string{"epaper", "serve", "--out", out, "--addr", "127.0.0.1:0"}, args...), io.Discard, io.Discard)
		var ue usageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), "is for --watch") {
			t.Errorf("serve %q without --watch: %v, want a usage error", args, err)
		}
	}
	err := run(context.Background(), []string{"epaper", "serve", "--watch", "--out", out, "--addr", "127.0.0.1:0", "--edition", "x.yaml"}, io.Discard, io.Discard)
	var ue usageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "--edition needs --stories") {
		t.Errorf("serve --watch --edition without --stories: %v, want a usage error", err)
	}
}

func TestAllowLive(t *testing.T) {
	for in, want := range map[string]string{
		"default-src 'none'; script-src 'self'; style-src 'self'":        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'",
		"default-src 'none'; img-src 'self'; style-src 'unsafe-inline'":  "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; script-src 'self'; connect-src 'self'",
		"default-src 'none'; script-src 'none'; connect-src https://x.y": "default-src 'none'; script-src 'self'; connect-src https://x.y 'self'",
	} {
		if got := allowLive(in); got != want {
			t.Errorf("allowLive(%q)\n = %q\nwant %q", in, got, want)
		}
	}
	page := withLiveScript([]byte("<p>no body end"), 7)
	if !strings.HasSuffix(string(page), `<script src="/.epaper/live.js" data-published="7"></script>`) {
		t.Errorf("a page without </body>: %s", page)
	}
}

// jpegFile writes a small JPEG of one colour.
func jpegFile(t *testing.T, p string, c color.RGBA) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 120, 60))
	for y := range 60 {
		for x := range 120 {
			img.SetRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// The ads file, an ad's artwork and the plan file are watched as the
// stories are.
func TestWatchSeesAdsAndPlan(t *testing.T) {
	eds, stories := smallEditions(t)
	edFile := filepath.Join(eds, "alpha.yaml")
	f, err := os.OpenFile(edFile, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("ads: \"ads.yaml\"\n")
	f.Close()
	ads := "ads:\n  - { name: \"Red Shop\", page: 1, position: bottom, columns: 2, height: 30mm, image: \"artwork/red.jpg\" }\n"
	if err := os.WriteFile(filepath.Join(eds, "ads.yaml"), []byte(ads), 0o644); err != nil {
		t.Fatal(err)
	}
	jpegFile(t, filepath.Join(eds, "artwork", "red.jpg"), color.RGBA{200, 0, 0, 255})
	plan := filepath.Join(eds, "plan.yaml")
	if err := os.WriteFile(plan, []byte("stories: {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	w := startWatch(t, "--edition", edFile, "--stories", stories, "--date", "2023-09-22", "--plan", plan)
	ev := listenEvents(t, w.base)
	ev.until(t, "the first build", func(s buildState) bool { return s.Published == 1 && !s.Building })
	for i, change := range []struct {
		file string
		do   func()
	}{
		{"red.jpg", func() { jpegFile(t, filepath.Join(eds, "artwork", "red.jpg"), color.RGBA{0, 0, 200, 255}) }},
		{"ads.yaml", func() { edit(t, filepath.Join(eds, "ads.yaml"), "30mm", "40mm") }},
		{"plan.yaml", func() { os.WriteFile(plan, []byte("stories: {}\n# the desk's plan\n"), 0o644) }},
	} {
		change.do()
		n := i + 2
		ev.until(t, "the build after "+change.file+" changed", func(s buildState) bool { return s.Published == n && !s.Building })
		w.waitLine(t, regexp.MustCompile(`rebuilt alpha 2023-09-22 in [0-9.]+s \(.*`+regexp.QuoteMeta(change.file)+` changed\)`), time.Minute)
	}
}

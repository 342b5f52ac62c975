package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// lineWriter hands the lines serve prints to the test as they are written.
type lineWriter struct{ lines chan string }

func (w lineWriter) Write(p []byte) (int, error) {
	sc := bufio.NewScanner(strings.NewReader(string(p)))
	for sc.Scan() {
		select {
		case w.lines <- sc.Text():
		default:
		}
	}
	return len(p), nil
}

var reServing = regexp.MustCompile(`at (http://127\.0\.0\.1:\d+/)`)

func TestServeBuiltEdition(t *testing.T) {
	dir, _ := buildSample(t)
	out := filepath.Dir(filepath.Dir(dir))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := lineWriter{make(chan string, 16)}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"epaper", "serve", "--out", out, "--addr", "127.0.0.1:0"}, w, io.Discard)
	}()
	var base string
	select {
	case line := <-w.lines:
		m := reServing.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("serve printed %q, not its URL", line)
		}
		base = m[1]
	case err := <-done:
		t.Fatalf("serve stopped: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("serve printed nothing in 10 s")
	}
	date := filepath.Base(dir)
	for _, c := range []struct {
		path, ctype string
		want        string // a prefix of the body, or a file to compare with
	}{
		{"", "text/html; charset=utf-8", filepath.Join(out, "index.html")},
		{"chronicle/" + date + "/", "text/html; charset=utf-8", filepath.Join(dir, "index.html")},
		{"chronicle/" + date + "/index.html", "text/html; charset=utf-8", filepath.Join(dir, "index.html")},
		{"chronicle/" + date + "/pages/page-01.jpg", "image/jpeg", filepath.Join(dir, "pages", "page-01.jpg")},
		{"chronicle/" + date + "/viewer.js", "text/javascript; charset=utf-8", filepath.Join(dir, "viewer.js")},
		{"chronicle/" + date + "/manifest.json", "application/json", filepath.Join(dir, "manifest.json")},
		{"chronicle/" + date + "/edition.pdf", "application/pdf", filepath.Join(dir, "edition.pdf")},
	} {
		res, err := http.Get(base + c.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Errorf("GET /%s: %s", c.path, res.Status)
			continue
		}
		if got := res.Header.Get("Content-Type"); got != c.ctype {
			t.Errorf("GET /%s: Content-Type %q, want %q", c.path, got, c.ctype)
		}
		if got := res.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("GET /%s: Cache-Control %q", c.path, got)
		}
		want, err := os.ReadFile(c.want)
		if err != nil {
			t.Fatal(err)
		}
		if string(body) != string(want) {
			t.Errorf("GET /%s: %d bytes, not the file's %d", c.path, len(body), len(want))
		}
	}
	// Hidden files (locks, editions being written) are not served.
	res, err := http.Get(base + "chronicle/." + date + ".lock")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 404 {
		t.Errorf("a lock file is served: %s", res.Status)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after Ctrl-C: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop when its context ended")
	}
	if _, err := http.Get(base); err == nil {
		t.Error("still serving after it stopped")
	}
}

func TestServeRefusesOtherAddresses(t *testing.T) {
	out := t.TempDir()
	for _, addr := range []string{"0.0.0.0:8080", ":8080", "192.168.1.10:8080", "[::]:8080", "example.com:80"} {
		err := run(context.Background(), []string{"epaper", "serve", "--out", out, "--addr", addr}, io.Discard, io.Discard)
		var ue usageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), "this machine only") {
			t.Errorf("--addr %s: %v, want a usage error", addr, err)
		}
	}
	err := run(context.Background(), []string{"epaper", "serve", "--out", filepath.Join(out, "missing")}, io.Discard, io.Discard)
	var ue usageError
	if !errors.As(err, &ue) {
		t.Errorf("missing folder: %v, want a usage error", err)
	}
}

func TestServeHandler(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "a", ".b.tmp-1"), 0o755)
	os.WriteFile(filepath.Join(dir, "a", ".b.tmp-1", "x.jpg"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(dir, "a", "visible.txt"), []byte("hello"), 0o644)
	os.WriteFile(filepath.Join(dir, "a", ".hidden.lock"), nil, 0o644)
	srv := httptest.NewServer(previewHandler(dir))
	defer srv.Close()
	get := func(p string) (int, string) {
		res, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, _ := get("/a/.b.tmp-1/x.jpg"); code != 404 {
		t.Errorf("a file in a folder being written: %d", code)
	}
	code, listing := get("/a/")
	if code != 200 || !strings.Contains(listing, "visible.txt") || strings.Contains(listing, ".hidden") || strings.Contains(listing, ".b.tmp") {
		t.Errorf("listing %d:\n%s", code, listing)
	}
	if code, _ := get("/../etc/passwd"); code == 200 {
		t.Error("a path outside the folder is served")
	}
	res, err := http.Post(srv.URL+"/a/visible.txt", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %s", res.Status)
	}
	// A conditional request still gets the file: nothing is cached.
	req, _ := http.NewRequest("GET", srv.URL+"/a/visible.txt", nil)
	req.Header.Set("If-Modified-Since", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat))
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("conditional GET: %s", res.Status)
	}
}

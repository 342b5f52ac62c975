package publish

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/epaper/epaper/publish/manifest"

	"github.com/epaper/epaper/publish/viewer"
)

// fakeEdition writes the files of a built edition that the archive reads.
func fakeEdition(t *testing.T, out, slug, title, date string, viewerToo bool) {
	t.Helper()
	if err := writeFakeEdition(out, slug, title, date, viewerToo); err != nil {
		t.Fatal(err)
	}
}

func writeFakeEdition(out, slug, title, date string, viewerToo bool) error {
	m := map[string]any{
		"edition":  manifest.EditionInfo{Title: title, Slug: slug, Date: date, PDF: "edition.pdf"},
		"pages":    []manifest.PageInfo{{Number: 1, Thumbnail: "pages/thumb-01.jpg"}, {Number: 2, Thumbnail: "pages/thumb-02.jpg"}},
		"articles": []manifest.Article{{ID: "a", Headline: "A"}},
	}
	f, err := Begin(filepath.Join(out, slug, date))
	if err != nil {
		return err
	}
	files := map[string][]byte{"edition.pdf": []byte("x"), "pages/thumb-01.jpg": []byte("x")}
	if viewerToo {
		files["index.html"] = []byte("<!DOCTYPE html>")
	}
	err = f.WriteJSON("manifest.json", m)
	for name, b := range files {
		if err == nil {
			err = f.WriteFile(name, b)
		}
	}
	if err != nil {
		f.Abort()
		return err
	}
	return f.Commit()
}

var reHref = regexp.MustCompile(`href="([^"]+)"`)
var reImg = regexp.MustCompile(`<img src="([^"]+)"`)

func read(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestUpdateArchive(t *testing.T) {
	out := t.TempDir()
	for _, d := range []string{"2026-11-27", "2026-11-29", "2026-10-30"} {
		fakeEdition(t, out, "chronicle", "The Daily Chronicle", d, true)
	}
	fakeEdition(t, out, "chronicle-pune", "The Daily Chronicle", "2026-11-29", true)
	fakeEdition(t, out, "print", "Print Run", "2026-11-28", false)
	// not editions: a folder being written, a folder that is not a date,
	// a date folder without a manifest
	for _, d := range []string{"chronicle/.2026-11-30.tmp-1", "chronicle/assets", "chronicle/2026-11-26", ".hidden/2026-11-29"} {
		if err := os.MkdirAll(filepath.Join(out, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := UpdateArchive(out); err != nil {
		t.Fatal(err)
	}
	top := read(t, filepath.Join(out, "index.html"))
	if !strings.Contains(top, viewer.GeneratorTag) {
		t.Error("the archive page lacks the generator tag")
	}
	var hrefs []string
	for _, m := range reHref.FindAllStringSubmatch(top, -1) {
		hrefs = append(hrefs, m[1])
	}
	want := []string{
		"chronicle/2026-11-29/index.html", "chronicle/2026-11-27/index.html", "chronicle/2026-10-30/index.html",
		"chronicle-pune/2026-11-29/index.html",
		"print/2026-11-28/edition.pdf",
	}
	if fmt.Sprint(hrefs) != fmt.Sprint(want) {
		t.Errorf("links\n%q\nwant\n%q", hrefs, want)
	}
	imgs := reImg.FindAllStringSubmatch(top, -1)
	if len(imgs) != 5 || imgs[0][1] != "chronicle/2026-11-29/pages/thumb-01.jpg" {
		t.Errorf("thumbnails %q", imgs)
	}
	for _, s := range []string{"The Daily Chronicle (chronicle)", "The Daily Chronicle (chronicle-pune)", "Print Run"} {
		if !strings.Contains(top, s) {
			t.Errorf("archive lacks the heading %q", s)
		}
	}

	// one page per slug, its links relative to the slug's folder
	slug := read(t, filepath.Join(out, "chronicle", "index.html"))
	hrefs = hrefs[:0]
	for _, m := range reHref.FindAllStringSubmatch(slug, -1) {
		hrefs = append(hrefs, m[1])
	}
	if fmt.Sprint(hrefs) != "[2026-11-29/index.html 2026-11-27/index.html 2026-10-30/index.html]" {
		t.Errorf("slug page links %q", hrefs)
	}
	if m := reImg.FindStringSubmatch(slug); m == nil || m[1] != "2026-11-29/pages/thumb-01.jpg" {
		t.Errorf("slug page thumbnail %q", m)
	}

	// The same folder gives the same bytes.
	if err := UpdateArchive(out); err != nil {
		t.Fatal(err)
	}
	if again := read(t, filepath.Join(out, "index.html")); again != top {
		t.Error("rewriting the archive of the same folder changed it")
	}
}

func TestUpdateArchiveLeavesForeignIndex(t *testing.T) {
	out := t.TempDir()
	fakeEdition(t, out, "chronicle", "The Daily Chronicle", "2026-11-29", true)
	theirs := "<!DOCTYPE html><title>Our website</title>"
	if err := os.WriteFile(filepath.Join(out, "index.html"), []byte(theirs), 0o644); err != nil {
		t.Fatal(err)
	}
	// a temporary file a killed build left
	stale := filepath.Join(out, "chronicle", ".index.html.123.tmp")
	if err := os.WriteFile(stale, []byte("half"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := UpdateArchive(out)
	if err == nil || !strings.Contains(err.Error(), "not written by epaper") {
		t.Errorf("error %v, want one saying the page is not ours", err)
	}
	if got := read(t, filepath.Join(out, "index.html")); got != theirs {
		t.Error("someone else's index.html was replaced")
	}
	if _, err := os.Stat(filepath.Join(out, "chronicle", "index.html")); err != nil {
		t.Errorf("the slug's page was not written: %v", err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("a stale temporary file was left")
	}
}

// TestUpdateArchiveParallel finishes many editions at once, each updating
// the archive after its publish, as parallel builds do: the last update
// lists every edition, and no reader ever sees a partial page.
func TestUpdateArchiveParallel(t *testing.T) {
	out := t.TempDir()
	const n = 12
	stop := make(chan struct{})
	var readerErr error
	var rwg sync.WaitGroup
	rwg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			b, err := os.ReadFile(filepath.Join(out, "index.html"))
			if err == nil && !strings.HasSuffix(strings.TrimSpace(string(b)), "</html>") {
				readerErr = fmt.Errorf("partial archive page of %d bytes", len(b))
				return
			}
		}
	})
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			slug := []string{"chronicle", "chronicle-pune", "chronicle-delhi"}[i%3]
			errs[i] = writeFakeEdition(out, slug, "The Daily Chronicle", fmt.Sprintf("2026-11-%02d", 10+i), true)
			if errs[i] == nil {
				errs[i] = UpdateArchive(out)
			}
		})
	}
	wg.Wait()
	close(stop)
	rwg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if readerErr != nil {
		t.Fatal(readerErr)
	}
	top := read(t, filepath.Join(out, "index.html"))
	if got := len(reHref.FindAllString(top, -1)); got != n {
		t.Errorf("archive lists %d editions, want %d", got, n)
	}
	left, _ := filepath.Glob(filepath.Join(out, ".index.html.*"))
	if len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/internal/browsertest"
)

// The proof loop in a browser: the viewer open on a page of the edition
// reloads itself, on the same page, when a saved story has been built; a
// build that fails shows its error over the edition it leaves in place.
// Skipped without Chromium unless EPAPER_BROWSER_TESTS=1, as the other
// browser tests.

const reloaded = `!window.epaperTestMark && document.documentElement.classList.contains('is-ready')`
const published = `(document.querySelector('script[data-published]')?.dataset.published ?? '')`
const liveBanner = `document.getElementById('epaper-live')`

func TestViewerReloadsAfterRebuild(t *testing.T) {
	b := newTab(t)
	eds, stories := smallEditions(t)
	// two sections, so that the viewer has a page 2 to stay on
	edFile := filepath.Join(eds, "alpha.yaml")
	ed := "title: \"Alpha Times\"\nslug: \"alpha\"\ntimezone: \"Asia/Kolkata\"\nsections:\n  - { name: World, pages: 1 }\n  - { name: Sport, pages: 1 }\n"
	if err := os.WriteFile(edFile, []byte(ed), 0o644); err != nil {
		t.Fatal(err)
	}
	sport := "---\nheadline: \"A match of some note\"\nsection: Sport\npublished: \"2023-09-22T15:00:00+05:30\"\n---\n" + strings.Repeat("The game went on into the evening and the crowd stayed to the end. ", 30) + "\n"
	if err := os.WriteFile(filepath.Join(stories, "sport.md"), []byte(sport), 0o644); err != nil {
		t.Fatal(err)
	}
	w := startWatch(t, "--edition", edFile, "--stories", stories, "--date", "2023-09-22")
	b.Viewport(1440, 900, false)
	b.Open(w.base + "alpha/2023-09-22/#page=2")
	b.Until("page 2", currentPage+` === '2'`)
	b.Until("the live script to connect", published+` === '1'`)

	// A story saved: the viewer reloads, still on page 2.
	browsertest.Eval[bool](b, `window.epaperTestMark = true`)
	edit(t, filepath.Join(stories, "s1.md"), "Story number 1 about the world", "Story number 1 about Zanzibar")
	b.Until("the viewer to reload after the rebuild", reloaded+` && `+published+` === '2'`)
	if h := browsertest.Eval[string](b, `location.hash`); h != "#page=2" {
		t.Errorf("after the reload the address ends %q, want #page=2", h)
	}
	b.Until("page 2 after the reload", currentPage+` === '2'`)
	if got := browsertest.Eval[string](b, `JSON.stringify(window.EPAPER_MANIFEST.articles.map(a => a.headline))`); !strings.Contains(got, "Zanzibar") {
		t.Errorf("the reloaded viewer does not know the new headline: %s", got)
	}

	// A broken edition file: the error over the page, no reload.
	browsertest.Eval[bool](b, `window.epaperTestMark = true`)
	good, err := os.ReadFile(edFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(edFile, []byte(brokenEdition), 0o644); err != nil {
		t.Fatal(err)
	}
	b.Until("the error banner", liveBanner+`?.dataset.kind === 'error' && `+liveBanner+`.textContent.includes('alpha.yaml:4')`)
	if !browsertest.Eval[bool](b, `window.epaperTestMark === true && document.querySelectorAll('#spread [data-page-view]').length > 0`) {
		t.Error("the viewer reloaded or lost its pages after the failed build")
	}
	b.Shot("watch-failed-build")

	// Fixed: reloaded, the banner gone.
	if err := os.WriteFile(edFile, good, 0o644); err != nil {
		t.Fatal(err)
	}
	b.Until("the viewer to reload after the fix", reloaded+` && `+published+` === '3' && !`+liveBanner)
	b.NoErrors()
}

// BenchmarkWatchReload measures the proof loop as the desk sees it, from
// saving a story to the viewer having reloaded with the page on screen:
// "epaper serve --watch" runs as a process on a copy of the bundled sample
// (no edition flags), Chromium shows page 3 of the edition, and each
// iteration changes a sentence of one story (back and forth), then waits
// for the reloaded viewer with page 3 and the images on screen loaded.
// It reports the median and the slowest; the browser is polled every
// 20 ms, so each figure may be up to 20 ms late.
//
//	go test ./cmd/epaper -run '^$' -bench WatchReload -benchtime 9x
func BenchmarkWatchReload(b *testing.B) {
	tab := newTab(b)
	p := startEpaper(b, "serve", "--watch", "--out", b.TempDir(), "--addr", "127.0.0.1:0")
	var dir, base string
	deadline := time.Now().Add(2 * time.Minute)
	for !strings.Contains(p.stdout.String(), " built chronicle") {
		if p.exited() || time.Now().After(deadline) {
			b.Fatalf("serve --watch did not build the sample:\n%s\n%s", p.stdout, p.stderr)
		}
		time.Sleep(20 * time.Millisecond)
	}
	out := p.stdout.String()
	if m := regexp.MustCompile(`copied to (\S+):`).FindStringSubmatch(out); m != nil {
		dir = m[1]
	}
	if m := reServing.FindStringSubmatch(out); m != nil {
		base = m[1]
	}
	if dir == "" || base == "" {
		b.Fatalf("serve printed no sample folder or address:\n%s", out)
	}
	story := filepath.Join(dir, "stories", "wikinews", "2019-07-10-benin-nigeria-join-african-union-continental-free-trade-bloc.md")
	a, c := []byte("met in Niamey, Niger's capital,"), []byte("met on a hot day in Niamey, the capital of Niger,")
	tab.Viewport(1440, 900, false)
	tab.Open(base + "chronicle/" + editions.SampleDate + "/#page=3")
	tab.Until("page 3 on screen", currentPage+` === '3' && `+browsertest.ImagesOnScreenLoaded)
	var took []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		want := browsertest.Eval[string](tab, published)
		browsertest.Eval[bool](tab, `window.epaperTestMark = true`)
		data, err := os.ReadFile(story)
		if err != nil {
			b.Fatal(err)
		}
		if i%2 == 0 {
			data = bytes.Replace(data, a, c, 1)
		} else {
			data = bytes.Replace(data, c, a, 1)
		}
		t0 := time.Now()
		if err := os.WriteFile(story, data, 0o644); err != nil {
			b.Fatal(err)
		}
		tab.Until("the viewer to reload", reloaded+` && `+published+` !== '`+want+`' && `+currentPage+` === '3' && `+browsertest.ImagesOnScreenLoaded)
		took = append(took, time.Since(t0))
	}
	b.StopTimer()
	// Ctrl-C: serve stops and removes its copy of the sample
	p.cmd.Process.Signal(os.Interrupt)
	if status := p.wait(b); status != 0 {
		b.Errorf("serve --watch exited %d after Ctrl-C\n%s", status, p.stderr)
	}
	if _, err := os.Stat(dir); err == nil {
		b.Errorf("the copy of the sample %s is still there after serve stopped", dir)
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Milliseconds()), "ms-median")
	b.ReportMetric(float64(took[len(took)-1].Milliseconds()), "ms-max")
	b.Logf("save to reload, sorted: %v\n%s", took, p.stdout)
}

package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/epaper/epaper/publish"
	"github.com/epaper/epaper/publish/manifest"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/epaper/epaper/internal/browsertest"
)

// These tests open the sample edition, as "epaper build" writes it, in
// headless Chromium from disk with file:// URLs, as a reader would. They
// skip when Chromium is missing unless EPAPER_BROWSER_TESTS=1, and save
// screenshots into EPAPER_SCREENSHOTS when it is set.

// newTab starts Chromium with a fresh profile and no network services; a
// real build's pages take longer than the viewer's own test pages.
func newTab(t testing.TB) *browsertest.Browser {
	t.Helper()
	b := browsertest.Start(t)
	b.Step, b.Wait = 15*time.Second, 10*time.Second
	b.State = `{url: location.href, current: document.querySelector('[data-page][aria-current="page"]')?.dataset.page ?? null, view: document.querySelector('[data-article-view]')?.dataset.articleView ?? null}`
	return b
}

// jumpedFromFront returns an article that starts on page 1 and continues
// on another page, and that page.
func jumpedFromFront(t *testing.T, m *manifest.Manifest) (string, int) {
	t.Helper()
	for _, r := range m.Pages[0].Regions {
		if r.ContinuesOn > 1 {
			return r.Article, r.ContinuesOn
		}
	}
	t.Fatal("no article on page 1 continues on another page")
	return "", 0
}

var reWord = regexp.MustCompile(`[A-Za-z]{9,}`)

// distinctiveWord finds a long word that only one article has anywhere in
// what the viewer searches (headline, kicker, deck, byline, dateline, text),
// so that searching for it must find exactly that article.
func distinctiveWord(t *testing.T, m *manifest.Manifest) (word, id string) {
	t.Helper()
	all := make([]string, len(m.Articles))
	for i, a := range m.Articles {
		all[i] = strings.ToLower(strings.Join([]string{a.Headline, a.Kicker, a.Deck, a.Byline, a.Dateline, a.Text}, "\n"))
	}
	// Start in the middle of the edition, away from the front page, so the
	// search has to turn pages.
	for k := range m.Articles {
		i := (k + len(m.Articles)/2) % len(m.Articles)
		for _, w := range reWord.FindAllString(m.Articles[i].Text, -1) {
			w = strings.ToLower(w)
			n := 0
			for _, s := range all {
				if strings.Contains(s, w) {
					n++
				}
			}
			if n == 1 {
				return w, m.Articles[i].ID
			}
		}
	}
	t.Fatal("no word belongs to one article only")
	return "", ""
}

const currentPage = `(document.querySelector('[data-page][aria-current="page"]')?.dataset.page ?? '')`
const viewClosed = `!document.querySelector('dialog').open && !document.querySelector('[data-article-view]')`
const shownPages = `[...document.querySelectorAll('#spread [data-page-view]')].map(e => e.dataset.pageView).join(',')`

func TestViewerOfRealBuild(t *testing.T) {
	dir, _ := buildSample(t)
	var m manifest.Manifest
	readJSON(t, filepath.Join(dir, "manifest.json"), &m)
	index := browsertest.FileURL(filepath.Join(dir, "index.html"))
	b := newTab(t)

	// Desktop: the strip has a thumbnail per page, all loading from disk.
	b.Viewport(1440, 900, false)
	b.Open(index)
	if n := browsertest.Eval[int](b, `document.querySelectorAll('#thumbs [data-page]').length`); n != len(m.Pages) {
		t.Errorf("%d thumbnails, manifest has %d pages", n, len(m.Pages))
	}
	b.Until("page 1 and the visible thumbnails", browsertest.ImagesOnScreenLoaded+` && document.querySelector('[data-page-view="1"] img').naturalWidth === 1600`)
	if got := browsertest.Eval[string](b, `document.querySelector('meta[property="og:image"]')?.content ?? ''`); got != m.Edition.Share || got == "" {
		t.Errorf("og:image %q, manifest share %q", got, m.Edition.Share)
	}
	// Every region of page 1 is on the page, focusable and named.
	if got := browsertest.Eval[int](b, `document.querySelectorAll('[data-page-view="1"] [data-article][tabindex="0"][aria-label]').length`); got != len(m.Pages[0].Regions) {
		t.Errorf("page 1 shows %d regions, manifest has %d", got, len(m.Pages[0].Regions))
	}
	b.Shot("real-desktop-front")

	// A region of a jumped article opens its text, with the jump.
	id, on := jumpedFromFront(t, &m)
	var art manifest.Article
	for _, a := range m.Articles {
		if a.ID == id {
			art = a
		}
	}
	region := fmt.Sprintf(`[data-page-view="1"] [data-article=%q]`, id)
	view := fmt.Sprintf(`[data-article-view=%q]`, id)
	b.Do("click the region of "+id, chromedp.Click(chromedp.CSS(region)))
	b.Do("the article view", chromedp.WaitVisible(chromedp.CSS(view)))
	text := browsertest.Eval[string](b, fmt.Sprintf(`document.querySelector(%q).innerText`, view))
	if !strings.Contains(text, art.Headline) {
		t.Errorf("article view lacks the headline %q:\n%.300s", art.Headline, text)
	}
	if len(art.Blocks) > 0 && !strings.Contains(text, art.Blocks[0].Text[:min(60, len(art.Blocks[0].Text))]) {
		t.Errorf("article view lacks the first paragraph")
	}
	jump := fmt.Sprintf(`%s [data-jump="%d"]`, view, on)
	if got := browsertest.Eval[string](b, fmt.Sprintf(`document.querySelector(%q)?.textContent ?? ''`, jump)); got != fmt.Sprintf("Continued on page %d", on) {
		t.Errorf("jump link reads %q", got)
	}
	b.Shot("real-desktop-article")

	// Following the jump makes that page current and shows it.
	b.Still()
	b.Do("follow the jump", chromedp.Click(chromedp.CSS(jump)))
	b.Until(fmt.Sprintf("page %d current", on), fmt.Sprintf(`%s === '%d' && !document.querySelector('dialog').open && location.hash === '#page=%d'`, currentPage, on, on))
	if shown := browsertest.Eval[string](b, shownPages); !strings.Contains(","+shown+",", fmt.Sprintf(",%d,", on)) {
		t.Errorf("after the jump the spread shows pages %s, not %d", shown, on)
	}
	// The continuation is there and links back.
	b.Do("click the continuation", chromedp.Click(chromedp.CSS(fmt.Sprintf(`[data-page-view="%d"] [data-article=%q]`, on, id))))
	b.Do("the continuation's view", chromedp.WaitVisible(chromedp.CSS(view+` [data-jump="1"]`)))
	b.Do("escape", chromedp.KeyEvent(kb.Escape))
	// closed, and its close handled: the focus is back where the view was
	// opened from, so keys typed next go where the test sends them
	b.Until("the view to close", viewClosed)

	// Search for a word only one article has.
	word, found := distinctiveWord(t, &m)
	t.Logf("searching for %q (article %s)", word, found)
	b.Do("search", chromedp.SendKeys(chromedp.CSS(`[data-search]`), word))
	result := fmt.Sprintf(`[data-result=%q]`, found)
	b.Do("the result", chromedp.WaitVisible(chromedp.CSS(result)))
	if n := browsertest.Eval[int](b, `document.querySelectorAll('[data-result]').length`); n != 1 {
		t.Errorf("%d results for %q, want 1", n, word)
	}
	b.Shot("real-desktop-search")
	b.Do("open the result", chromedp.Click(chromedp.CSS(result)))
	b.Do("the found article", chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`[data-article-view=%q]`, found))))
	var foundPage int
	for _, a := range m.Articles {
		if a.ID == found {
			foundPage = a.Pages[0]
		}
	}
	b.Until("the found article's page", fmt.Sprintf(`%s === '%d'`, currentPage, foundPage))
	b.Still()
	b.Do("close", chromedp.Click(chromedp.ID("reader-close")))
	// closed, and its close handled: the focus is back where the view was
	// opened from, so keys typed next go where the test sends them
	b.Until("the view to close", viewClosed)

	// Deep links.
	b.Open(index + "#page=5")
	b.Until("#page=5", currentPage+` === '5' && !document.querySelector('dialog').open`)
	if shown := browsertest.Eval[string](b, shownPages); shown != "4,5" {
		t.Errorf("#page=5 on a desktop shows %q, want the spread 4,5", shown)
	}
	deep := m.Pages[2].Regions[0].Article
	b.Open(index + "#article=" + url.QueryEscape(deep))
	b.Until("#article="+deep, fmt.Sprintf(`document.querySelector('[data-article-view=%q]') && %s === '3'`, deep, currentPage))
	b.Shot("real-desktop-deeplink")

	// Phone: one page at a time; a tap on a region opens the article.
	b.Viewport(390, 844, true)
	b.Open(index + "#page=1")
	if shown := browsertest.Eval[string](b, shownPages); shown != "1" {
		t.Errorf("phone shows %q, want page 1 alone", shown)
	}
	if fits := browsertest.Eval[bool](b, `(() => { const r = document.querySelector('[data-page-view="1"]').getBoundingClientRect(); return r.left >= 0 && r.right <= innerWidth + 0.5 && r.width > innerWidth * 0.8; })()`); !fits {
		t.Error("page 1 does not fit the phone's width")
	}
	b.Shot("real-phone-front")
	b.Do("tap "+id, chromedp.Tap(chromedp.CSS(region)))
	b.Do("the article on the phone", chromedp.WaitVisible(chromedp.CSS(view)))
	b.Shot("real-phone-article")
	b.Open(index + "#page=5")
	b.Shot("real-phone-page5")
	b.Viewport(1440, 900, false)
	b.NoErrors()
}

func TestArchiveOfRealBuild(t *testing.T) {
	dir, _ := buildSample(t)
	out := filepath.Dir(filepath.Dir(dir))
	for _, p := range []string{filepath.Join(out, "index.html"), filepath.Join(out, "chronicle", "index.html")} {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("the build wrote no archive page: %v", err)
		}
	}
	b := newTab(t)
	b.Viewport(1440, 900, false)
	b.Do("open the archive", chromedp.Navigate(browsertest.FileURL(filepath.Join(out, "index.html"))))
	b.Until("the front page thumbnail", `document.images.length === 1 && document.images[0].complete && document.images[0].naturalWidth === 300`)
	if got := browsertest.Eval[string](b, `document.querySelector('.latest a').getAttribute('href')`); got != "chronicle/"+filepath.Base(dir)+"/index.html" {
		t.Errorf("the latest edition links to %q", got)
	}
	b.Shot("real-archive-desktop")
	b.Viewport(390, 844, true)
	b.Do("reload", chromedp.Reload())
	b.Until("the thumbnail", browsertest.ImagesOnScreenLoaded)
	b.Shot("real-archive-phone")
	b.Viewport(1440, 900, false)
	ctx, cancel := context.WithTimeout(b.Ctx, b.Step)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(`.latest a`)))); err != nil {
		t.Fatalf("open the latest edition: %v", err)
	}
	b.Until("the viewer", `document.documentElement.classList.contains('is-ready') && document.querySelectorAll('#thumbs [data-page]').length > 1`)
	b.NoErrors()
}

// TestArchiveOfSeveralEditions lists copies of the sample as two city
// editions over several days, the way a month of nightly builds leaves
// the output folder.
func TestArchiveOfSeveralEditions(t *testing.T) {
	dir, _ := buildSample(t)
	out := t.TempDir()
	dates := []string{"2020-02-12", "2020-02-14", "2020-01-31", "2020-02-13"}
	for _, slug := range []string{"chronicle", "chronicle-pune"} {
		for _, date := range dates {
			for _, f := range []string{"manifest.json", "index.html", "pages/thumb-01.jpg"} {
				b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f)))
				if err != nil {
					t.Fatal(err)
				}
				p := filepath.Join(out, slug, date, filepath.FromSlash(f))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	if err := publish.UpdateArchive(out); err != nil {
		t.Fatal(err)
	}
	b := newTab(t)
	b.Viewport(1440, 900, false)
	b.Do("open the archive", chromedp.Navigate(browsertest.FileURL(filepath.Join(out, "index.html"))))
	b.Until("the thumbnails", browsertest.ImagesOnScreenLoaded)
	if got := browsertest.Eval[string](b, `(() => { const s = [...document.querySelectorAll('.edition')].map(e => e.getBoundingClientRect()); return s.length + ':' + (s.length === 2 && Math.abs(s[0].top - s[1].top) < 1 && s[1].left > s[0].right - 1); })()`); got != "2:true" {
		t.Errorf("edition sections: %s, want 2 side by side", got)
	}
	for i, slug := range []string{"chronicle", "chronicle-pune"} {
		got := browsertest.Eval[string](b, fmt.Sprintf(`[...document.querySelectorAll('.edition')[%d].querySelectorAll('a')].map(a => a.getAttribute('href')).join(' ')`, i))
		want := fmt.Sprintf("%[1]s/2020-02-14/index.html %[1]s/2020-02-13/index.html %[1]s/2020-02-12/index.html %[1]s/2020-01-31/index.html", slug)
		if got != want {
			t.Errorf("links of %s:\n%s\nwant\n%s", slug, got, want)
		}
	}
	b.Shot("real-archive-two-editions-desktop")
	b.Viewport(390, 844, true)
	b.Do("reload", chromedp.Reload())
	b.Until("the thumbnails", browsertest.ImagesOnScreenLoaded)
	b.Shot("real-archive-two-editions-phone")
	b.NoErrors()
}

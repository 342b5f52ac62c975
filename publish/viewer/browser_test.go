package viewer

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/epaper/epaper/internal/browsertest"
)

// These tests drive the viewer in headless Chromium, opened from disk with a
// file:// URL as a reader would. They skip when no Chromium is installed,
// unless EPAPER_BROWSER_TESTS=1 asks for them. Screenshots go to the folder
// named by EPAPER_SCREENSHOTS when it is set.

func newBrowser(t *testing.T) *browsertest.Browser {
	t.Helper()
	b := browsertest.Start(t)
	b.State = `{hash: location.hash, current: [...document.querySelectorAll('[data-page][aria-current]')].map(e => e.dataset.page), shown: [...document.querySelectorAll('[data-page-view]')].map(e => e.dataset.pageView), view: document.querySelector('[data-article-view]')?.dataset.articleView ?? null}`
	return b
}

const currentPageJS = `document.querySelector('[data-page][aria-current="page"]')?.dataset.page`
const shownPagesJS = `[...document.querySelectorAll('#spread [data-page-view]')].map(e => e.dataset.pageView).join(',')`

func TestBrowserViewer(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "chronicle", "2026-11-29")
	m := writeTestEdition(t, dir)
	index := browsertest.FileURL(filepath.Join(dir, IndexFile))

	b := newBrowser(t)
	b.Viewport(1440, 900, false)
	b.Open(index)

	// The page loaded everything from disk: manifest, styles, images.
	if got := browsertest.Eval[string](b, `window.EPAPER_MANIFEST.edition.title`); got != m.Edition.Title {
		t.Errorf("manifest title in the page = %q", got)
	}
	if got := browsertest.Eval[string](b, `getComputedStyle(document.querySelector('.masthead-title')).fontFamily`); !strings.Contains(got, "Georgia") {
		t.Errorf("viewer.css not applied: masthead font %q", got)
	}
	b.Until("page 1 to load", `(() => { const i = document.querySelector('[data-page-view="1"] img'); return i && i.complete && i.naturalWidth > 0; })()`)

	// Thumbnails: one per page, with alt text, the first one current.
	if n := browsertest.Eval[int](b, `document.querySelectorAll('[data-page]').length`); n != len(m.Pages) {
		t.Errorf("%d thumbnails, want %d", n, len(m.Pages))
	}
	if got := browsertest.Eval[string](b, `document.querySelector('[data-page="2"] img').alt`); got != "Page 2: World" {
		t.Errorf("thumbnail alt = %q", got)
	}
	if got := browsertest.Eval[string](b, currentPageJS); got != "1" {
		t.Errorf("current page at start = %q, want 1", got)
	}
	// Regions sit over the image, scaled from points.
	box := browsertest.Eval[[]float64](b, `(() => { const p = document.querySelector('[data-page-view="1"]').getBoundingClientRect(), r = document.querySelector('[data-page-view="1"] [data-article="lead"]').getBoundingClientRect(); return [(r.left-p.left)/p.width, (r.top-p.top)/p.height, r.width/p.width, r.height/p.height]; })()`)
	want := []float64{30 / testPageW, 220 / testPageH, 560 / testPageW, 700 / testPageH}
	for i := range want {
		if d := box[i] - want[i]; d > 0.005 || d < -0.005 {
			t.Errorf("region box %v, want %v", box, want)
			break
		}
	}
	b.Shot("desktop-front")

	// A region opens its article; the jump link goes to page 3.
	b.Do("click the lead region", chromedp.Click(chromedp.CSS(`[data-page-view="1"] [data-article="lead"]`)))
	b.Do("lead view", chromedp.WaitVisible(chromedp.CSS(`[data-article-view="lead"]`)))
	text := browsertest.Eval[string](b, `document.querySelector('[data-article-view="lead"]').innerText`)
	for _, want := range []string{"Monsoon reaches Kerala a week early", "WEATHER", "Reservoirs fill up", "Rain over the Kochi waterfront", "Continued on page 3"} {
		if !strings.Contains(text, want) {
			t.Errorf("lead view lacks %q:\n%s", want, text)
		}
	}
	if got := browsertest.Eval[string](b, `location.hash`); got != "#article=lead" {
		t.Errorf("hash with the lead open = %q", got)
	}
	b.Shot("desktop-article")
	b.Still()
	b.Do("follow the jump", chromedp.Click(chromedp.CSS(`[data-jump="3"]`)))
	b.Until("page 3 current", `document.querySelector('[data-page="3"]').getAttribute('aria-current') === 'page' && !document.querySelector('[data-article-view]') && location.hash === '#page=3'`)
	if got := browsertest.Eval[string](b, shownPagesJS); got != "2,3" {
		t.Errorf("desktop shows pages %q after the jump, want the spread 2,3", got)
	}
	if got := browsertest.Eval[string](b, `document.activeElement.dataset.article + '@' + document.activeElement.closest('[data-page-view]').dataset.pageView`); got != "lead@3" {
		t.Errorf("focus after the jump on %q, want the lead's region on page 3", got)
	}

	// The continuation links back; Escape closes the view.
	b.Do("click the continuation", chromedp.Click(chromedp.CSS(`[data-page-view="3"] [data-article="lead"]`)))
	b.Do("continuation view", chromedp.WaitVisible(chromedp.CSS(`[data-article-view="lead"] [data-jump="1"]`)))
	if got := browsertest.Eval[string](b, `document.querySelector('[data-jump="1"]').textContent`); got != "Continued from page 1" {
		t.Errorf("jump back reads %q", got)
	}
	if got := browsertest.Eval[string](b, `location.hash`); got != "#page=3&article=lead" {
		t.Errorf("hash of the continuation = %q", got)
	}
	b.Do("escape", chromedp.KeyEvent(kb.Escape))
	b.Until("the view to close", `!document.querySelector('[data-article-view]') && !document.querySelector('dialog').open && location.hash === '#page=3'`)

	// Keyboard: → turns to the next spread, Home back to page 1.
	b.Do("arrow right", chromedp.KeyEvent(kb.ArrowRight))
	b.Until("spread 4-5", `document.querySelector('[data-page="4"]').getAttribute('aria-current') === 'page'`)
	if got := browsertest.Eval[string](b, shownPagesJS); got != "4,5" {
		t.Errorf("after → the desktop shows %q, want 4,5", got)
	}
	b.Do("page up", chromedp.KeyEvent(kb.PageUp))
	b.Until("spread 2-3", `document.querySelector('[data-page="2"]').getAttribute('aria-current') === 'page'`)

	// A thumbnail turns to its page; Enter on a focused region opens it.
	b.Do("thumbnail", chromedp.Click(chromedp.CSS(`[data-page="4"]`)))
	b.Until("page 4 from its thumbnail", `document.querySelector('[data-page="4"]').getAttribute('aria-current') === 'page' && location.hash === '#page=4'`)
	b.Do("enter on a region", chromedp.Focus(chromedp.CSS(`[data-page-view="4"] [data-article="market"]`)), chromedp.KeyEvent(kb.Enter))
	b.Do("market view", chromedp.WaitVisible(chromedp.CSS(`[data-article-view="market"]`)))
	b.Do("escape", chromedp.KeyEvent(kb.Escape))
	b.Until("the view to close and focus to return", `!document.querySelector('dialog').open && document.activeElement.dataset.article === 'market'`)
	b.Do("home", chromedp.KeyEvent(kb.Home))
	b.Until("page 1", `document.querySelector('[data-page="1"]').getAttribute('aria-current') === 'page'`)

	// Zoom with the buttons, the keys, Ctrl+wheel and a double-click; pan by
	// dragging.
	const zoomJS = `document.getElementById('zoom-level').textContent`
	const page1Width = `document.querySelector('[data-page-view="1"]').getBoundingClientRect().width`
	w0 := browsertest.Eval[float64](b, page1Width)
	b.Do("zoom in", chromedp.Click(chromedp.ID("zoom-in")))
	b.Until("zoom 150%", zoomJS+` === '150%'`)
	if w1 := browsertest.Eval[float64](b, page1Width); w1 < w0*1.45 || w1 > w0*1.55 {
		t.Errorf("zoomed page width %.0f, want 1.5 × %.0f", w1, w0)
	}
	b.Do("fit", chromedp.Click(chromedp.ID("zoom-fit")))
	b.Until("zoom 100%", zoomJS+` === '100%'`)
	b.Do("+ key", chromedp.KeyEvent("+"))
	b.Until("zoom 150% by key", zoomJS+` === '150%'`)
	b.Do("- key", chromedp.KeyEvent("-"))
	b.Until("zoom 100% by key", zoomJS+` === '100%'`)
	mid := browsertest.Eval[[]float64](b, `(() => { const r = document.querySelector('[data-page-view="1"]').getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()`)
	b.Do("ctrl+wheel", chromedp.MouseEvent(chromedp.MouseWheel, mid[0], mid[1], func(p *input.DispatchMouseEventParams) {
		p.DeltaX = 0.01 // the protocol wants both deltas, and omits a zero
		p.DeltaY = -200
		p.Modifiers = 2 // Ctrl
	}))
	b.Until("zoom by ctrl+wheel", `parseInt(`+zoomJS+`) > 100`)
	b.Do("0 key", chromedp.KeyEvent("0"))
	b.Until("zoom 100% by 0", zoomJS+` === '100%'`)
	b.Do("double-click", chromedp.DoubleClick(chromedp.CSS(`[data-page-view="1"] [data-article="briefs"]`)))
	b.Until("zoom 250% by double-click", zoomJS+` === '250%' && document.getElementById('viewport').scrollTop > 0`)
	scroll := browsertest.Eval[float64](b, `document.getElementById('viewport').scrollTop`)
	b.Do("drag", chromedp.MouseEvent(chromedp.MousePressed, mid[0], mid[1], chromedp.ButtonType(input.MouseButtonLeft), chromedp.ClickCount(1)),
		chromedp.MouseEvent(chromedp.MouseMoved, mid[0]+20, mid[1]-60, chromedp.ButtonType(input.MouseButtonLeft)),
		chromedp.MouseEvent(chromedp.MouseMoved, mid[0]+40, mid[1]-120, chromedp.ButtonType(input.MouseButtonLeft)),
		chromedp.MouseEvent(chromedp.MouseReleased, mid[0]+40, mid[1]-120, chromedp.ButtonType(input.MouseButtonLeft), chromedp.ClickCount(1)))
	if got := browsertest.Eval[float64](b, `document.getElementById('viewport').scrollTop`); got < scroll+100 {
		t.Errorf("dragging 120px up moved scrollTop from %.0f to %.0f", scroll, got)
	}
	b.Shot("desktop-zoomed")
	if browsertest.Eval[bool](b, `document.querySelector('dialog').open`) {
		t.Error("a double-click or a drag opened an article")
	}
	b.Do("0 key", chromedp.KeyEvent("0"))
	b.Until("zoom 100% by 0", zoomJS+` === '100%'`)

	// Search finds the summit story by a word of its text and opens it.
	b.Do("search", chromedp.SendKeys(chromedp.CSS(`[data-search]`), "politburo"))
	b.Do("result", chromedp.WaitVisible(chromedp.CSS(`[data-result="summit"]`)))
	if got := browsertest.Eval[string](b, `document.querySelector('[data-result="summit"]').innerText`); !strings.Contains(got, "NKorea politburo discusses Kim-Putin summit") || !strings.Contains(got, "PAGE 2") {
		t.Errorf("search result reads %q", got)
	}
	if n := browsertest.Eval[int](b, `document.querySelectorAll('[data-result]').length`); n != 1 {
		t.Errorf("%d results for politburo, want 1", n)
	}
	b.Shot("desktop-search")
	b.Do("open the result", chromedp.Click(chromedp.CSS(`[data-result="summit"]`)))
	b.Do("summit view", chromedp.WaitVisible(chromedp.CSS(`[data-article-view="summit"]`)))
	b.Until("page 2 current", `document.querySelector('[data-page="2"]').getAttribute('aria-current') === 'page' && location.hash === '#article=summit'`)
	b.Still()
	b.Do("close", chromedp.Click(chromedp.ID("reader-close")))
	b.Until("the view to close", `!document.querySelector('dialog').open && !document.querySelector('[data-article-view]')`)

	// A headline with markup in it is shown as text.
	b.Do("search script", chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-search]').value = ''`), chromedp.SendKeys(chromedp.CSS(`[data-search]`), "tigers bold"))
	b.Do("script result", chromedp.WaitVisible(chromedp.CSS(`[data-result="cricket"]`)))
	b.Do("open cricket", chromedp.Click(chromedp.CSS(`[data-result="cricket"]`)))
	b.Do("cricket view", chromedp.WaitVisible(chromedp.CSS(`[data-article-view="cricket"]`)))
	if got := browsertest.Eval[string](b, `document.getElementById('reader-headline').textContent`); got != testHeadlineScript {
		t.Errorf("headline shown as %q", got)
	}
	if n := browsertest.Eval[int](b, `document.querySelectorAll('#reader-content b').length`); n != 0 {
		t.Error("markup in a headline became elements")
	}
	b.Do("escape", chromedp.KeyEvent(kb.Escape))

	// Deep links, on a fresh load and as a change of the fragment.
	b.Open(index + "#page=2")
	b.Until("deep link to page 2", `document.querySelector('[data-page="2"]').getAttribute('aria-current') === 'page' && !document.querySelector('dialog').open`)
	if got := browsertest.Eval[string](b, shownPagesJS); got != "2,3" {
		t.Errorf("desktop #page=2 shows %q, want the spread 2,3", got)
	}
	b.Open(index + "#article=market")
	b.Until("deep link to market", `document.querySelector('[data-article-view="market"]') && document.querySelector('[data-page="4"]').getAttribute('aria-current') === 'page'`)
	text = browsertest.Eval[string](b, `document.querySelector('[data-article-view="market"]').innerText`)
	if !strings.Contains(text, "Banks lead") || !strings.Contains(text, "Bank shares gained most, with lenders up 3 per cent.") {
		t.Errorf("market view: text not split into paragraphs and crossheads:\n%s", text)
	}
	b.Do("fragment change", chromedp.Evaluate[chromedp.Void](`location.hash = '#page=5'`))
	b.Until("hash change to page 5", `document.querySelector('[data-page="5"]').getAttribute('aria-current') === 'page' && !document.querySelector('dialog').open`)
	b.Do("fragment change", chromedp.Evaluate[chromedp.Void](`location.hash = '#page=3&article=lead'`))
	b.Until("hash change to the lead on page 3", `document.querySelector('[data-article-view="lead"] [data-jump="1"]') && document.querySelector('[data-page="3"]').getAttribute('aria-current') === 'page'`)

	// The page PDF follows the current page.
	b.Open(index + "#page=4")
	if got := browsertest.Eval[string](b, `document.getElementById('page-pdf').getAttribute('href')`); got != "page-04.pdf" {
		t.Errorf("page PDF link = %q", got)
	}
	b.Shot("desktop-spread")

	// Phone: one page at a time, swipes turn pages.
	b.Viewport(390, 844, true)
	b.Open(index + "#page=2")
	if got := browsertest.Eval[string](b, shownPagesJS); got != "2" {
		t.Errorf("phone shows pages %q, want 2 alone", got)
	}
	b.Until("page 2 to load", `(() => { const i = document.querySelector('[data-page-view="2"] img'); return i && i.complete && i.naturalWidth > 0; })()`)
	if fits := browsertest.Eval[bool](b, `(() => { const r = document.querySelector('[data-page-view="2"]').getBoundingClientRect(); return r.left >= 0 && r.right <= innerWidth + 0.5 && r.width > innerWidth * 0.8; })()`); !fits {
		t.Error("the phone page does not fit the screen width")
	}
	b.Shot("phone-page")
	b.Do("pinch", touch(
		[][2]float64{{150, 400}, {240, 400}},
		[][2]float64{{120, 400}, {270, 400}},
		[][2]float64{{80, 400}, {310, 400}},
	))
	b.Until("zoom by pinching", `parseInt(document.getElementById('zoom-level').textContent) > 200`)
	b.Do("fit", chromedp.Tap(chromedp.ID("zoom-fit")))
	b.Until("zoom 100%", `document.getElementById('zoom-level').textContent === '100%'`)
	b.Do("swipe left", touch([][2]float64{{300, 400}}, [][2]float64{{220, 404}}, [][2]float64{{140, 407}}, [][2]float64{{80, 410}}))
	b.Until("page 3 after a swipe", `document.querySelector('[data-page="3"]').getAttribute('aria-current') === 'page'`)
	b.Do("tap the lead", chromedp.Tap(chromedp.CSS(`[data-page-view="3"] [data-article="lead"]`)))
	b.Do("lead view on the phone", chromedp.WaitVisible(chromedp.CSS(`[data-article-view="lead"]`)))
	b.Shot("phone-article")

	b.NoErrors()
}

// touch sends a touch gesture: each frame lists the positions of the
// fingers, the first frame puts them down, the others move them, and then
// they lift.
func touch(frames ...[][2]float64) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for k, f := range frames {
			typ := input.DispatchTouchEventTypeTouchMove
			if k == 0 {
				typ = input.DispatchTouchEventTypeTouchStart
			}
			pts := make([]*input.TouchPoint, len(f))
			for i, p := range f {
				id := float64(i + 1)
				pts[i] = &input.TouchPoint{X: p[0], Y: p[1], ID: &id}
			}
			if _, err := cdp.Call(ctx, t, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: typ, TouchPoints: pts}); err != nil {
				return err
			}
		}
		_, err := cdp.Call(ctx, t, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchEnd, TouchPoints: []*input.TouchPoint{}})
		return err
	})
}

func TestBrowserArchive(t *testing.T) {
	root := t.TempDir()
	edition := filepath.Join(root, "chronicle", "2026-11-29")
	writeTestEdition(t, edition)
	thumb := readFile(t, filepath.Join(edition, "thumbs", "page-01.jpg"))
	var entries []ArchiveEntry
	add := func(slug, title, date string) {
		dir := filepath.Join(root, slug, date)
		if _, err := os.Stat(filepath.Join(dir, "thumbs", "page-01.jpg")); err != nil {
			writeBytes(t, filepath.Join(dir, "thumbs", "page-01.jpg"), thumb)
		}
		entries = append(entries, ArchiveEntry{Slug: slug, Title: title, Date: date,
			Path: slug + "/" + date + "/index.html", Thumb: slug + "/" + date + "/thumbs/page-01.jpg"})
	}
	for _, d := range []string{"2026-11-27", "2026-11-29", "2026-11-28", "2026-10-30"} {
		add("chronicle", "The Daily Chronicle", d)
	}
	for _, d := range []string{"2026-11-29", "2026-11-28"} {
		add("chronicle-delhi", "The Daily Chronicle — Delhi", d)
	}
	if err := WriteArchive(root, entries); err != nil {
		t.Fatal(err)
	}

	b := newBrowser(t)
	b.Viewport(1440, 900, false)
	b.Do("open the archive", chromedp.Navigate(browsertest.FileURL(filepath.Join(root, IndexFile))))
	b.Until("thumbnails", `[...document.images].length === 6 && [...document.images].every(i => i.complete && i.naturalWidth > 0)`)
	// The two city editions sit side by side.
	if got := browsertest.Eval[string](b, `(() => { const s = [...document.querySelectorAll('.edition')].map(e => e.getBoundingClientRect()); return s.length + ':' + (s.length === 2 && Math.abs(s[0].top - s[1].top) < 1 && s[1].left > s[0].right - 1); })()`); got != "2:true" {
		t.Errorf("edition sections: %s, want 2 side by side", got)
	}
	if got := browsertest.Eval[string](b, `[...document.querySelectorAll('.edition')[0].querySelectorAll('time')].map(t => t.dateTime).join(' ')`); got != "2026-11-29 2026-11-28 2026-11-27 2026-10-30" {
		t.Errorf("dates of the first edition: %s", got)
	}
	b.Shot("archive-desktop")
	b.Viewport(390, 844, true)
	b.Do("reload", chromedp.Reload())
	b.Until("thumbnails", browsertest.ImagesOnScreenLoaded)
	b.Shot("archive-phone")
	b.Viewport(1440, 900, false)

	// The newest card opens that edition's viewer.
	ctx, cancel := context.WithTimeout(b.Ctx, b.Step)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(`.latest a`)))); err != nil {
		t.Fatalf("open the latest edition: %v", err)
	}
	b.Until("the viewer", `document.documentElement.classList.contains('is-ready') && location.pathname.endsWith('/chronicle/2026-11-29/index.html')`)
	b.NoErrors()
}

// TestBrowserRightToLeft opens a right-to-left edition (Urdu): the page is
// dir="rtl", a spread shows its first page on the right, and the left
// arrow turns to the next page.
func TestBrowserRightToLeft(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "akhbar", "2026-11-29")
	m := testManifest()
	m.Edition.Language, m.Edition.Direction = "ur", "rtl"
	writeEditionFiles(t, dir, m)
	b := newBrowser(t)
	b.Viewport(1440, 900, false)
	b.Open(browsertest.FileURL(filepath.Join(dir, IndexFile)))
	if got := browsertest.Eval[string](b, `document.documentElement.dir`); got != "rtl" {
		t.Fatalf("dir = %q", got)
	}
	b.Do("arrow left", chromedp.KeyEvent(kb.ArrowLeft))
	b.Until("pages 2 and 3", shownPagesJS+` === '2,3'`)
	// page 2 stands right of page 3
	left := func(n string) float64 {
		return browsertest.Eval[float64](b, `document.querySelector('#spread [data-page-view="`+n+`"]').getBoundingClientRect().left`)
	}
	if l2, l3 := left("2"), left("3"); l2 <= l3 {
		t.Errorf("page 2 at %.0f px, page 3 at %.0f px: page 2 is not on the right", l2, l3)
	}
	b.Do("arrow right", chromedp.KeyEvent(kb.ArrowRight))
	b.Until("page 1", shownPagesJS+` === '1'`)
	b.Shot("rtl-spread")
	b.NoErrors()
}

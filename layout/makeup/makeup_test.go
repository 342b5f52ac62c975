package makeup

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/gob"
	"fmt"
	"io/fs"
	"math"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strings"

	"testing"
	"time"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/story"

	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/fonts"
	"github.com/epaper/epaper/ingest"
	"github.com/epaper/epaper/internal/memo"
	"github.com/epaper/epaper/layout/hyph"
	"github.com/epaper/epaper/layout/linebreak"
	"github.com/epaper/epaper/layout/shape"
	"github.com/epaper/epaper/layout/typeset"
	"github.com/epaper/epaper/photo"
)

// makeSample makes up the bundled sample's stories as the build sets them:
// hyphenated and shaped.
func makeSample(t testing.TB) (*Result, *editions.Edition) {
	ed, fsys, err := editions.Sample()
	if err != nil {
		t.Fatal(err)
	}
	return makeEdition(t, ed, fsys, editions.SampleDate, hyph.English(), shape.New())
}

func makeEdition(t testing.TB, ed *editions.Edition, fsys fs.FS, date string, h typeset.Hyphenator, sh typeset.Shaper, with ...func(*Input)) (*Result, *editions.Edition) {
	g, err := ingest.Gather(context.Background(), fsys, ed, ingest.Options{Date: date})
	if err != nil {
		t.Fatal(err)
	}
	reg, _ := fonts.Default()
	st, err := LoadStyles(ed, reg)
	if err != nil {
		t.Fatal(err)
	}
	in := Input{Edition: ed, Date: time.Date(2020, 2, 14, 0, 0, 0, 0, ed.Loc), Photos: map[string]Photo{}, Breaker: &linebreak.Breaker{}, Hyphenator: h, Shaper: sh}
	for i, s := range g.Sections {
		in.Sections = append(in.Sections, Section{Name: s.Name, Pages: ed.Sections[i].Pages, Stories: s.Stories})
		for _, st := range s.Stories {
			for _, im := range st.Images {
				w, h, err := photo.Probe(fsys, im.File, photo.DefaultSettings())
				if err == nil {
					in.Photos[im.File] = Photo{Src: im.File, W: w, H: h}
				}
			}
		}
	}
	for _, f := range with {
		f(&in)
	}
	res, err := Make(context.Background(), in, st)
	if err != nil {
		t.Fatal(err)
	}
	return res, ed
}

// sampleAds books the sample's ads as its ads.yaml does (the artwork's
// pixels as the files have them).
func sampleAds(in *Input) {
	mm := 72 / 25.4
	in.Ads = []BookedAd{
		{Name: "City Bank", Page: 1, Position: "ear", Cols: 1, Height: 25 * mm, Src: "ads/city-bank.jpg", W: 600, H: 300},
		{Name: "Sunrise Homes", Page: 3, Position: "bottom", Cols: 3, Height: 75 * mm, Src: "ads/sunrise-homes.jpg", W: 600, H: 300},
		{Name: "Metro Electronics", Section: "World", Position: "strip", Cols: 6, Height: 32 * mm, Src: "ads/metro-electronics.jpg", W: 1200, H: 120},
	}
}

func TestSampleMakeUp(t *testing.T) {
	res, ed := makeSample(t)
	x0, y0, w, h := ed.TypeArea()
	for _, pl := range res.Placements {
		if pl.Status != "placed" && pl.Status != "jumped" {
			t.Errorf("%s: %s (%s)", pl.Story.ID, pl.Status, pl.Reason)
		}
	}
	type part struct{ page, to, from int }
	parts := map[string][]part{}
	for _, p := range res.Pages {
		for i, a := range p.Regions {
			if a.X < x0-0.5 || a.Y < y0-0.5 || a.X+a.W > x0+w+0.5 || a.Y+a.H > y0+h+0.5 {
				t.Errorf("page %d: %s lies outside the type area: %+v", p.Number, a.Story, a)
			}
			for _, b := range p.Regions[i+1:] {
				if a.X < b.X+b.W-1 && b.X < a.X+a.W-1 && a.Y < b.Y+b.H-1 && b.Y < a.Y+a.H-1 {
					t.Errorf("page %d: %s and %s overlap", p.Number, a.Story, b.Story)
				}
			}
			if a.Part > 0 {
				parts[a.Story] = append(parts[a.Story], part{p.Number, a.JumpTo, a.JumpFrom})
			}
		}
	}
	if len(parts) == 0 {
		t.Fatal("no story jumps from the front page")
	}
	for id, ps := range parts {
		if len(ps) != 2 || ps[0].to != ps[1].page || ps[1].from != ps[0].page {
			t.Errorf("%s: jump parts do not point at each other: %+v", id, ps)
		}
		// the PDF links both ways
		from, to := res.Doc.Pages[ps[0].page-1], res.Doc.Pages[ps[1].page-1]
		if !hasLink(from.Links, ps[1].page-1) || !hasLink(to.Links, ps[0].page-1) {
			t.Errorf("%s: jump not linked both ways", id)
		}
	}
	if res.Pages[0].Section != "Front" {
		t.Errorf("page 1 is %s", res.Pages[0].Section)
	}
}

func hasLink(ls []display.Link, page int) bool {
	for _, l := range ls {
		if l.Page == page && l.URL == "" {
			return true
		}
	}
	return false
}

func BenchmarkMakeUpSample(b *testing.B) {
	for i := 0; i < b.N; i++ {
		makeSample(b)
	}
}

// BenchmarkMakeUp150 lays out about 150 stories (the sample's, three times
// over) on one core: the make-up of a 24-page edition.
func BenchmarkMakeUp150(b *testing.B) {
	ed, fsys, err := editions.Sample()
	if err != nil {
		b.Fatal(err)
	}
	g, err := ingest.Gather(context.Background(), fsys, ed, ingest.Options{Date: editions.SampleDate})
	if err != nil {
		b.Fatal(err)
	}
	reg, _ := fonts.Default()
	st, _ := LoadStyles(ed, reg)
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	var pages, stories int
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		in := Input{Edition: ed, Date: time.Date(2020, 2, 14, 0, 0, 0, 0, ed.Loc), Photos: map[string]Photo{}, Breaker: &linebreak.Breaker{}, Hyphenator: hyph.English()}
		stories = 0
		for si, s := range g.Sections {
			var ss []*story.Story
			for k := 0; k < 3; k++ {
				for _, st := range s.Stories {
					c := *st
					c.ID = fmt.Sprintf("%s-%d", st.ID, k)
					ss = append(ss, &c)
				}
			}
			stories += len(ss)
			in.Sections = append(in.Sections, Section{Name: s.Name, Pages: ed.Sections[si].Pages, Stories: ss})
		}
		res, err := Make(context.Background(), in, st)
		if err != nil {
			b.Fatal(err)
		}
		pages = len(res.Pages)
	}
	b.ReportMetric(float64(pages), "pages")
	b.ReportMetric(float64(stories), "stories")
}

// TestPriorityOrder: on every page, no story starts above a more important
// story of its section, or is set wider than it.
func TestPriorityOrder(t *testing.T) {
	res, _ := makeSample(t)
	prio := map[string]int{}
	sec := map[string]string{}
	for _, pl := range res.Placements {
		prio[pl.Story.ID], sec[pl.Story.ID] = pl.Story.Priority, pl.Story.Section
	}
	for _, p := range res.Pages {
		if p.Number == 1 {
			continue // the front page mixes sections by design
		}
		for _, a := range p.Regions {
			for _, b := range p.Regions {
				if a.Part == 2 || b.Part == 2 || sec[a.Story] != sec[b.Story] || prio[a.Story] >= prio[b.Story] {
					continue
				}
				// a is more important than b
				if b.Y < a.Y-0.5 {
					t.Errorf("page %d: %s (priority %d) sits above %s (priority %d)", p.Number, b.Story, prio[b.Story], a.Story, prio[a.Story])
				}
				if b.W > a.W+0.5 {
					t.Errorf("page %d: %s (priority %d) is wider than %s (priority %d)", p.Number, b.Story, prio[b.Story], a.Story, prio[a.Story])
				}
			}
		}
	}
	// the front page carries the top story of every section that has one
	front := map[string]bool{}
	for _, r := range res.Pages[0].Regions {
		front[r.Story] = true
	}
	best := map[string]int{}
	for _, pl := range res.Placements {
		if b, ok := best[pl.Story.Section]; !ok || pl.Story.Priority < b {
			best[pl.Story.Section] = pl.Story.Priority
		}
	}
	for secName, pr := range best {
		found := false
		for _, pl := range res.Placements {
			if pl.Story.Section == secName && pl.Story.Priority == pr && front[pl.Story.ID] {
				found = true
			}
		}
		if !found {
			t.Errorf("the front page has none of the top stories of %s", secName)
		}
	}
}

// pageWhite measures a made-up page as a reader sees it, from its display
// list: in each grid column, the runs of at least 6 mm with no ink (text,
// rule, picture or box) across the column's width, as a share of the type
// area. It counts the white a module leaves inside itself (short columns,
// a headline stopping short of the last column, a line used by one column
// only), which make-up's own count of open column space does not.
func pageWhite(pg display.Page, ed *editions.Edition) float64 {
	x0, y0, _, h := ed.TypeArea()
	cols, colW, gutter := ed.Grid.Columns, ed.ColumnWidth(), ed.Grid.Gutter.Pt()
	minGap := 6 / 25.4 * 72
	type span struct{ a, b float64 }
	white := 0.0
	for c := 0; c < cols; c++ {
		cx0 := x0 + float64(c)*(colW+gutter) + 2
		cx1 := cx0 + colW - 4
		var ink []span
		add := func(ix0, ix1, iy0, iy1 float64) {
			if ix1 >= cx0 && ix0 <= cx1 {
				ink = append(ink, span{iy0, iy1})
			}
		}
		for _, it := range pg.Items {
			switch v := it.(type) {
			case *display.Text:
				add(v.X, v.X+v.Width(), v.Y-0.72*v.Size, v.Y+0.22*v.Size)
			case *display.Image:
				add(v.X, v.X+v.W, v.Y, v.Y+v.H)
			case *display.Rect:
				add(v.X, v.X+v.W, v.Y, v.Y+v.H)
			case *display.Line:
				add(min(v.X1, v.X2), max(v.X1, v.X2), min(v.Y1, v.Y2)-v.Width/2, max(v.Y1, v.Y2)+v.Width/2)
			}
		}
		sort.Slice(ink, func(i, j int) bool { return ink[i].a < ink[j].a })
		y := y0
		for _, s := range append(ink, span{y0 + h, y0 + h}) {
			if s.a-y >= minGap {
				white += s.a - y
			}
			y = max(y, s.b)
		}
	}
	return white / (float64(cols) * h)
}

// TestColumnsReachTheFoot: the sample's pages leave under 3.5% of the
// type area white, as the reader sees it, and under 2% on average. (The
// rendered pages measure at most 2.4% with pagefill.py; this measure,
// which takes text for its advance width and body height, finds 3.1% on
// Nation's page, where two briefs and a picture of the day leave short
// stretches above the booked ad.)
func TestColumnsReachTheFoot(t *testing.T) {
	res, ed := makeSample(t)
	checkWhite(t, res, ed, 0.035, 0.02)
}

// TestColumnsReachTheFootWithAds: the sample with its booked ads, as it is
// published. On World's first page the strip leaves stretches under the
// modules too shallow for whole briefs; briefs set short (headline and
// refer) take them, where the page stood 6.5% white before.
func TestColumnsReachTheFootWithAds(t *testing.T) {
	ed, fsys, err := editions.Sample()
	if err != nil {
		t.Fatal(err)
	}
	res, _ := makeEdition(t, ed, fsys, editions.SampleDate, hyph.English(), shape.New(), sampleAds)
	checkWhite(t, res, ed, 0.045, 0.02)
}

// checkWhite fails when a page leaves more than most of its type area
// white, or the pages more than mean on average.
func checkWhite(t *testing.T, res *Result, ed *editions.Edition, most, mean float64) {
	t.Helper()
	sum := 0.0
	for i, pg := range res.Doc.Pages {
		wh := pageWhite(pg, ed)
		sum += wh
		t.Logf("page %d: %.2f%% white", i+1, 100*wh)
		if wh >= most {
			t.Errorf("page %d: %.2f%% of the type area white, want under %g%%", i+1, 100*wh, 100*most)
		}
	}
	if m := sum / float64(len(res.Doc.Pages)); m >= mean {
		t.Errorf("pages %.2f%% white on average, want under %g%%", 100*m, 100*mean)
	}
}

// TestMarathiColumnsReachTheFoot: the Marathi sample's short paragraphs
// under crossheads, at a leading where one blank row reads as a hole, fill
// their columns better than greedy column breaks did (11, 22 and 8% white,
// 14% on average), and better than modules grown to the foot with rows
// their text could not fill (9, 13 and 5%). The issue asks for under 3%
// (the rendered pages measure so); this measure, which takes text for its
// advance width and body height, finds more: these bounds keep what
// balancing, ads under short modules, a front page opening right under the
// masthead, ruled-off ads, ad strips and decks reaching the last column
// gained. Set with the line breaker of today, the second page stood
// 13.2% white: a story one line longer than its neighbour left the
// columns a step apart, and the next story took one column where it
// would have spanned two; the module above now grows by the line to meet
// the step (alignStep). The third stood 6.5% white: four lines left under
// briefs took the page's house ad before a column-deep stretch no brief
// was left for; the ad now goes to the largest spare stretch
// (settleSpare). The pages now measure 2.4, 5.0 and 2.1% (the rendered
// ones 0, 3.7 and 1.6% with pagefill.py): the second page's paragraphs
// spread over the rows their module grew by.
func TestMarathiColumnsReachTheFoot(t *testing.T) {
	ed, fsys, err := editions.SampleMarathi()
	if err != nil {
		t.Fatal(err)
	}
	res, _ := makeEdition(t, ed, fsys, editions.SampleMarathiDate, hyph.ForLanguage(ed.Language), shape.New())
	checkWhite(t, res, ed, 0.055, 0.035)
}

// TestStoryTakenOffItsPageLeavesNoHiddenHole: on plans of one page a
// section and none for Nation (and none for one more section), the sample
// has more copy than room, and a front-page story whose rest finds no room
// is taken off the front page after that page was closed. The stretch it
// took goes to briefs or is counted white: no page shows more white, by
// the test's own measure from the drawn page, than make-up reports, but
// for an allowance of 3% (the measure counts the room around headlines
// and under the masthead, which the report does not). Before, the front
// page showed 11% white and reported none. Which plans send a story's
// rest nowhere depends on how long the stories set: the test takes
// several, and needs one to reach the case.
func TestStoryTakenOffItsPageLeavesNoHiddenHole(t *testing.T) {
	lost := 0
	for _, plan := range []map[string]int{
		{"Nation": 0},
		{"Nation": 0, "Courts & Crime": 0},
		{"Nation": 0, "Science": 0},
		{"Nation": 0, "Business & Sport": 0},
	} {
		ed, fsys := samplePlanned(t, plan, 1)
		res, _ := makeEdition(t, ed, fsys, editions.SampleDate, hyph.English(), nil, sampleAds)
		for _, pl := range res.Placements {
			if strings.Contains(pl.Reason, "no room for the rest of the story") {
				lost++
				for _, p := range res.Pages {
					for _, r := range p.Regions {
						if r.Story == pl.Story.ID {
							t.Errorf("%v: %s is held, yet still has a region on page %d", plan, pl.Story.ID, p.Number)
						}
					}
				}
			}
		}
		for i, pg := range res.Doc.Pages {
			info := res.Pages[i]
			if seen := pageWhite(pg, ed); seen > info.White+0.03 {
				t.Errorf("%v: page %d shows %.1f%% of its type area white, make-up reports %.1f%%", plan, i+1, 100*seen, 100*info.White)
			}
		}
	}
	if lost == 0 {
		t.Fatal("no story lost its continuation: the test no longer reaches the case")
	}
}

// TestAContinuationWithoutRoomRunsOnTheNextPage: where the page a story
// jumps to has no room left for its rest, the rest runs on the section's
// next page, and its jump line names that page, rather than the story being
// held whole.
func TestAContinuationWithoutRoomRunsOnTheNextPage(t *testing.T) {
	// one page a section, none for Nation, two for World: the front page
	// sends World more than its first page takes
	ed, fsys := samplePlanned(t, map[string]int{"Nation": 0, "World": 2}, 1)
	res, _ := makeEdition(t, ed, fsys, editions.SampleDate, hyph.English(), nil, sampleAds)
	for _, pl := range res.Placements {
		if strings.Contains(pl.Reason, "no room for the rest of the story") {
			t.Errorf("%s: %s", pl.Story.ID, pl.Reason)
		}
	}
	texts := pageTexts(res.Doc)
	for _, pl := range res.Placements {
		if pl.Status != "jumped" {
			continue
		}
		if len(pl.Pages) != 2 {
			t.Fatalf("%s jumped, on pages %v", pl.Story.ID, pl.Pages)
		}
		from, to := pl.Pages[0], pl.Pages[1]
		if want := fmt.Sprintf("Continued on page %d", to); !strings.Contains(texts[from-1], want) {
			t.Errorf("%s continues on page %d: page %d has no %q", pl.Story.ID, to, from, want)
		}
	}
}

// pageTexts joins each page's text runs with spaces.
func pageTexts(doc *display.Document) []string {
	out := make([]string, len(doc.Pages))
	for i, pg := range doc.Pages {
		var b strings.Builder
		for _, it := range pg.Items {
			if tx, ok := it.(*display.Text); ok {
				b.WriteString(tx.Text)
				b.WriteByte(' ')
			}
		}
		out[i] = b.String()
	}
	return out
}

// TestStripUnderBottomAd: a strip and a bottom ad booked on one page (the
// plan of one page a section puts both on World's): the strip runs at the
// foot across the page and the bottom ad stands on it, so that the columns
// beside the ad reach the strip, where a strip laid over the ad left them
// a dead stretch under it.
func TestStripUnderBottomAd(t *testing.T) {
	ed, fsys := samplePlanned(t, nil, 1)
	res, _ := makeEdition(t, ed, fsys, editions.SampleDate, hyph.English(), nil, sampleAds)
	_, y0, _, h := ed.TypeArea()
	var strip, box *display.Image
	for _, it := range res.Doc.Pages[2].Items {
		if im, ok := it.(*display.Image); ok && im.From == display.FromAds {
			if strings.Contains(im.Src, "metro") {
				strip = im
			} else {
				box = im
			}
		}
	}
	if strip == nil || box == nil {
		t.Fatalf("page 3 has the strip %v and the bottom ad %v", strip != nil, box != nil)
	}
	if strip.Y+strip.H < y0+h-40 {
		t.Errorf("the strip ends %.0f pt above the foot", y0+h-strip.Y-strip.H)
	}
	if box.Y+box.H > strip.Y {
		t.Errorf("the bottom ad (to %.0f pt) is not above the strip (from %.0f pt)", box.Y+box.H, strip.Y)
	}
	if seen := pageWhite(res.Doc.Pages[2], ed); seen > res.Pages[2].White+0.03 {
		t.Errorf("page 3 shows %.1f%% white, make-up reports %.1f%%", 100*seen, 100*res.Pages[2].White)
	}
}

// TestPageWithoutStoryIsWarned: a section the flatplan gives a page, with
// no copy tonight, gets a page of briefs, and the desk is told.
func TestPageWithoutStoryIsWarned(t *testing.T) {
	ed, fsys, err := editions.Sample()
	if err != nil {
		t.Fatal(err)
	}
	ed.Sections = append(ed.Sections, editions.Section{Name: "Opinion", Pages: 1})
	res, _ := makeEdition(t, ed, fsys, editions.SampleDate, hyph.English(), nil)
	last := len(res.Pages)
	if res.Pages[last-1].Section != "Opinion" || len(res.Pages[last-1].Regions) != 0 {
		t.Fatalf("the last page is %s with %d stories", res.Pages[last-1].Section, len(res.Pages[last-1].Regions))
	}
	want := fmt.Sprintf("page %d (Opinion) has no story", last)
	for _, w := range res.Warnings {
		if strings.Contains(w.Msg, want) {
			return
		}
	}
	t.Errorf("no warning %q in %v", want, res.Warnings)
}

// BenchmarkSnapshotEncode writes the sample's made-up pages as a build
// keeps them for a later one that locks pages (edition.layout).
func BenchmarkSnapshotEncode(b *testing.B) {
	res, _ := makeSample(b)
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := res.Snapshot.Encode(&buf); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size), "bytes")
}

// TestSnapshotOfAnotherVersion: a snapshot written by an older build (one
// gob message of the whole snapshot) is refused with its version, and the
// way out; a damaged one is refused, never a panic.
func TestSnapshotOfAnotherVersion(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if err := gob.NewEncoder(zw).Encode(&Snapshot{Version: 2, Pages: []LockedPage{{Ads: []string{"x"}}}}); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	_, err := DecodeSnapshot(bytes.NewReader(buf.Bytes()))
	if err == nil || !strings.Contains(err.Error(), "version 2") || !strings.Contains(err.Error(), "build once without locks") {
		t.Errorf("an older snapshot: %v", err)
	}
	res, _ := makeSample(t)
	var good bytes.Buffer
	if err := res.Snapshot.Encode(&good); err != nil {
		t.Fatal(err)
	}
	back, err := DecodeSnapshot(bytes.NewReader(good.Bytes()))
	if err != nil || len(back.Pages) != len(res.Snapshot.Pages) {
		t.Fatalf("read back: %v", err)
	}
	// a page's member missing whole, as a write cut between two pages
	// leaves it
	last, err := res.Snapshot.EncodePage(len(res.Snapshot.Pages) - 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{10, good.Len() / 2, good.Len() - 5, good.Len() - len(last)} {
		if _, err := DecodeSnapshot(bytes.NewReader(good.Bytes()[:n])); err == nil {
			t.Errorf("cut to %d bytes: no error", n)
		}
	}
}

// TestAContinuationGetsAnAddedPage: with overflow: add-pages, the rest of
// a front-page story that its section's last page has no room for runs on
// a page added for it, where a fixed plan holds the story (the plan of
// TestStoryTakenOffItsPageLeavesNoHiddenHole).
func TestAContinuationGetsAnAddedPage(t *testing.T) {
	ed, fsys := samplePlanned(t, map[string]int{"Nation": 0}, 1)
	ed.Overflow = "add-pages"
	res, _ := makeEdition(t, ed, fsys, editions.SampleDate, hyph.English(), nil, sampleAds)
	for _, pl := range res.Placements {
		if strings.Contains(pl.Reason, "no room for the rest of the story") {
			t.Errorf("%s: %s", pl.Story.ID, pl.Reason)
		}
	}
	if len(res.Pages) <= 6 {
		t.Errorf("%d pages: none added", len(res.Pages))
	}
}

// TestBumpingHeadsAreWhatThePageShows: the score's bumping heads are the
// pairs of stories side by side whose headlines start at the same height
// in the same size, read from the drawn page: a head beside a larger or
// smaller one is a hierarchy, not a bump. (The score counted every pair
// side by side, 27 on the 114-story reference day where 2 were of one
// size.)
func TestBumpingHeadsAreWhatThePageShows(t *testing.T) {
	ed, fsys, err := editions.Sample()
	if err != nil {
		t.Fatal(err)
	}
	res, _ := makeEdition(t, ed, fsys, editions.SampleDate, hyph.English(), nil, sampleAds)
	for i, pg := range res.Doc.Pages {
		info := res.Pages[i]
		// each story's headline size: the largest type in its region's
		// top rows
		size := map[string]float64{}
		for _, r := range info.Regions {
			for _, it := range pg.Items {
				if tx, ok := it.(*display.Text); ok && tx.X >= r.X-0.5 && tx.X < r.X+r.W && tx.Y > r.Y && tx.Y < r.Y+60 {
					size[r.Story] = math.Max(size[r.Story], tx.Size)
				}
			}
		}
		bumps := 0
		for a, ra := range info.Regions {
			for _, rb := range info.Regions[a+1:] {
				side := math.Abs(ra.X+ra.W+ed.Grid.Gutter.Pt()-rb.X) < 1 || math.Abs(rb.X+rb.W+ed.Grid.Gutter.Pt()-ra.X) < 1
				if side && math.Abs(ra.Y-rb.Y) < 0.5 && math.Abs(size[ra.Story]-size[rb.Story]) < 1 {
					bumps++
				}
			}
		}
		if bumps != info.Score.BumpingHeads {
			t.Errorf("page %d: %d pairs of heads side by side at one height and size, the score says %d", i+1, bumps, info.Score.BumpingHeads)
		}
	}
}

// TestReportedWhiteIsWhatThePageShows: the white make-up reports counts
// the rows a module's columns leave empty at their foot as well as the
// stretches no module took, so that no page of the sample, on its plan
// or on plans of fewer pages, shows more white by the drawn page than
// the report says, but for 3% (the room around headlines and under the
// masthead, which the report does not count). Counting only the
// stretches, the front page of the plan with two pages for Nation and
// World showed 3.15% white and reported none.
func TestReportedWhiteIsWhatThePageShows(t *testing.T) {
	for _, plan := range [][]int{{1, 3, 2, 1, 2, 3, 1}, {1, 1, 1, 1, 1, 1, 1}, {1, 2, 2, 1, 1, 1, 1}} {
		ed, fsys, err := editions.Sample()
		if err != nil {
			t.Fatal(err)
		}
		for i := range ed.Sections {
			ed.Sections[i].Pages = plan[i]
		}
		res, _ := makeEdition(t, ed, fsys, editions.SampleDate, hyph.English(), shape.New(), sampleAds)
		for i, pg := range res.Doc.Pages {
			if seen, said := pageWhite(pg, ed), res.Pages[i].White; seen > said+0.03 {
				t.Errorf("plan %v, page %d: %.2f%% white as drawn, %.2f%% reported", plan, i+1, 100*seen, 100*said)
			}
		}
	}
}

// TestThinPageIsNoted: a page whose stories leave more than a quarter of
// it white or house ad, or with briefs of other pages more than 60%, is
// named in the notes with its figures; the sample on its own plan has none.
func TestThinPageIsNoted(t *testing.T) {
	thin := func(res *Result) []string {
		var out []string
		for _, n := range res.Notes {
			if strings.Contains(n, "give its section copy, or plan fewer pages") {
				out = append(out, n)
			}
		}
		return out
	}
	ed, fsys, err := editions.Sample()
	if err != nil {
		t.Fatal(err)
	}
	res, _ := makeEdition(t, ed, fsys, editions.SampleDate, hyph.English(), nil, sampleAds)
	if w := thin(res); len(w) > 0 {
		t.Errorf("the sample: %v", w)
	}
	ed, fsys = samplePlanned(t, map[string]int{"Business & Sport": 8}, -1)
	res, _ = makeEdition(t, ed, fsys, editions.SampleDate, hyph.English(), nil, sampleAds)
	w := thin(res)
	if len(w) == 0 {
		t.Fatal("eight pages for the copy of one: no page noted")
	}
	for _, msg := range w {
		if !strings.Contains(msg, "(Business & Sport)") {
			t.Errorf("%s: not a page of the thin section", msg)
		}
	}
}

// TestPapersOwnMissingCharacters: a character no font has in the paper's
// own text (here its title, in the masthead and the house ads) is the
// paper's to answer for, under "", and no story is blamed for it.
func TestPapersOwnMissingCharacters(t *testing.T) {
	ed, fsys, err := editions.Sample()
	if err != nil {
		t.Fatal(err)
	}
	ed.Title = "The Daily \u2588 Chronicle"
	res, _ := makeEdition(t, ed, fsys, editions.SampleDate, hyph.English(), nil, sampleAds)
	if !slices.Contains(res.Missing[""], '\u2588') {
		t.Errorf("the paper's own missing characters: %q", res.Missing[""])
	}
	for id, rs := range res.Missing {
		if id != "" && slices.Contains(rs, '\u2588') {
			t.Errorf("%s is blamed for the title's character", id)
		}
	}
}

// TestAddedPagesShareTheCopy: with overflow: add-pages, a section whose
// copy needs more pages than planned gets them before it is filled, and
// its copy is spread over them all: no page of it is left thin, where the
// last page added used to take a story and a page of briefs.
func TestAddedPagesShareTheCopy(t *testing.T) {
	ed, fsys := samplePlanned(t, map[string]int{"Nation": 1, "Technology": 1}, -1)
	ed.Overflow = "add-pages"
	res, _ := makeEdition(t, ed, fsys, editions.SampleDate, hyph.English(), nil, sampleAds)
	added := 0
	for _, n := range res.Notes {
		if strings.Contains(n, "page") && strings.Contains(n, "added (overflow: add-pages)") {
			added++
		}
		if strings.Contains(n, "give its section copy, or plan fewer pages") && (strings.Contains(n, "(Nation)") || strings.Contains(n, "(Technology)")) {
			t.Error(n)
		}
	}
	if added == 0 {
		t.Fatal("no page added")
	}
	for _, pl := range res.Placements {
		if pl.Status == "held" {
			t.Errorf("%s held: %s", pl.Story.ID, pl.Reason)
		}
	}
}

// samplePlanned is the sample edition with its sections' pages set by
// name from pages, and the others' to rest (rest < 0: as the sample plans
// them).
func samplePlanned(t testing.TB, pages map[string]int, rest int) (*editions.Edition, fs.FS) {
	t.Helper()
	ed, fsys, err := editions.Sample()
	if err != nil {
		t.Fatal(err)
	}
	for i := range ed.Sections {
		if n, ok := pages[ed.Sections[i].Name]; ok {
			ed.Sections[i].Pages = n
		} else if rest >= 0 {
			ed.Sections[i].Pages = rest
		}
	}
	return ed, fsys
}

// TestTheHouseAdTakesTheLargestSpareStretch: a few lines left under briefs
// do not take the page's one house ad before a column-deep stretch no
// brief was left for; an ad closing the page gave a smaller stretch moves
// to the larger.
func TestTheHouseAdTakesTheLargestSpareStretch(t *testing.T) {
	m := &maker{}
	small := houseAd{col: 1, cols: 1, y: 100, lines: 4}
	big := houseAd{col: 0, cols: 1, y: 300, lines: 15}
	tiny := houseAd{col: 3, cols: 1, y: 900, lines: 1}
	p := &page{spare: []houseAd{small, tiny, big}}
	m.settleSpare(p)
	if len(p.ads) != 1 || p.ads[0] != big {
		t.Errorf("ads %+v, want the 15-line stretch", p.ads)
	}
	if len(p.white) != 2 || len(p.spare) != 0 {
		t.Errorf("white %+v, spare %+v: want the others white", p.white, p.spare)
	}
	p = &page{ads: []houseAd{small}, spare: []houseAd{big}}
	m.settleSpare(p)
	if len(p.ads) != 1 || p.ads[0] != big || len(p.white) != 1 || p.white[0] != small {
		t.Errorf("ads %+v, white %+v: want the ad moved to the larger stretch", p.ads, p.white)
	}
}

// TestMemoKeepsEditionsApart makes up the sample, then an edition of
// other body size and headline face, and then the sample named for
// another city, each alone and all three through one Memo: what each
// takes from the Memo must be what it would set itself.
func TestMemoKeepsEditionsApart(t *testing.T) {
	variants := []func(*editions.Edition){
		func(*editions.Edition) {},
		func(ed *editions.Edition) { ed.Body.Size += 0.5; ed.Fonts.Headline = "Libre Franklin" },
		func(ed *editions.Edition) { ed.Name = "North Edition" },
	}
	mm := &memo.Map{}
	for i, v := range variants {
		var docs [2]*Result
		for k, withMemo := range []bool{false, true} {
			ed, fsys, err := editions.Sample()
			if err != nil {
				t.Fatal(err)
			}
			v(ed)
			docs[k], _ = makeEdition(t, ed, fsys, editions.SampleDate, hyph.English(), nil, func(in *Input) {
				in.NewBreaker, in.Workers = func() typeset.Breaker { return &linebreak.Breaker{} }, 2
				if withMemo {
					in.Memo = mm
				}
			})
		}
		if !reflect.DeepEqual(docs[0].Doc.Pages, docs[1].Doc.Pages) {
			t.Errorf("edition %d: made up with the Memo, its pages differ from those made alone", i)
		}
	}
	if _, reused := mm.Stats(); reused == 0 {
		t.Error("the Memo gave nothing: the test is moot")
	}
}

package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/layout/makeup"
	"github.com/epaper/epaper/plan"
	"github.com/epaper/epaper/publish"
	"github.com/epaper/epaper/publish/manifest"
	"github.com/epaper/epaper/render/pdf"
	"github.com/epaper/epaper/story"
)

// The tests of this file build days of the bundled sample's stories into
// a 14-page edition with ads booked on pages 7 and 14, as a desk plans it.

const referenceEdition = `title: "The Reference Daily"
slug: "reference"
language: "en"
timezone: "Asia/Kolkata"
page:  { width: 330mm, height: 530mm, margins: 12mm, bleed: 0mm }
grid:  { columns: 6, gutter: 4mm }
body:  { size: 9pt, leading: 10.5pt }
sections:
  - { name: "Front", pages: 1%s }
  - { name: "Nation", pages: 2, aliases: ["Politics"] }
  - { name: "World", pages: 3 }
  - { name: "Courts & Crime", pages: 1 }
  - { name: "Science", pages: 2, aliases: ["Disasters"] }
  - { name: "Technology", pages: 3 }
  - { name: "Business", pages: 1 }
  - { name: "Sport", pages: 1 }
ads: "ads.yaml"
%s`

const referenceAds = `ads:
  - { name: "Sunrise Homes", page: 7, position: bottom, columns: 3, height: 75mm, image: "ads/sunrise-homes.jpg" }
  - { name: "Metro Electronics", page: 14, position: strip, columns: 6, height: 32mm, image: "ads/metro-electronics.jpg" }
`

// planned is the section of each page of the reference edition.
var planned = []string{"Front", "Nation", "Nation", "World", "World", "World", "Courts & Crime", "Science", "Science",
	"Technology", "Technology", "Technology", "Business", "Sport"}

// referenceDir writes the reference edition, its ads and artwork into a
// folder; front names a template for the front page ("" for none), and
// files are more files to write there.
func referenceDir(t testing.TB, front string, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	tmpl, folder := "", ""
	if front != "" {
		tmpl, folder = fmt.Sprintf(", template: %q", front), `templates: "templates"`
	}
	write := func(name string, data []byte) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("edition.yaml", []byte(fmt.Sprintf(referenceEdition, tmpl, folder)))
	write("ads.yaml", []byte(referenceAds))
	for _, a := range []string{"sunrise-homes.jpg", "metro-electronics.jpg"} {
		data, err := os.ReadFile(filepath.Join("..", "editions", "sample", "ads", a))
		if err != nil {
			t.Fatal(err)
		}
		write("ads/"+a, data)
	}
	for n, d := range files {
		write(n, d)
	}
	return dir
}

var publishedRE = regexp.MustCompile(`(?m)^published:.*$`)

// sampleDay copies n of the sample's stories, chosen with seed, into a
// folder, with their photos, all published on 2026-12-04.
func sampleDay(t testing.TB, n int, seed uint64) string {
	t.Helper()
	src := filepath.Join("..", "editions", "sample", "stories")
	var files []string
	filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	rand.New(rand.NewPCG(seed, seed)).Shuffle(len(files), func(i, j int) { files[i], files[j] = files[j], files[i] })
	dir := t.TempDir()
	for i, f := range files[:min(n, len(files))] {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		data = publishedRE.ReplaceAll(data, []byte(fmt.Sprintf(`published: "2026-12-04T%02d:%02d:00+05:30"`, 6+i%16, i%60)))
		rel, _ := filepath.Rel(src, f)
		out := filepath.Join(dir, rel)
		os.MkdirAll(filepath.Dir(out), 0o755)
		if err := os.WriteFile(out, data, 0o644); err != nil {
			t.Fatal(err)
		}
		// the story's photos, beside it
		photos := filepath.Join(filepath.Dir(f), "photos")
		if ents, err := os.ReadDir(photos); err == nil {
			os.MkdirAll(filepath.Join(filepath.Dir(out), "photos"), 0o755)
			for _, e := range ents {
				if strings.HasPrefix(e.Name(), strings.TrimSuffix(filepath.Base(f), ".md")) {
					b, _ := os.ReadFile(filepath.Join(photos, e.Name()))
					os.WriteFile(filepath.Join(filepath.Dir(out), "photos", e.Name()), b, 0o644)
				}
			}
		}
	}
	return dir
}

func referenceConfig(t testing.TB, edDir, stories string) Config {
	t.Helper()
	ed, err := editions.LoadFile(filepath.Join(edDir, "edition.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.Edition, cfg.Stories, cfg.StoriesName, cfg.Date = ed, os.DirFS(stories), stories, "2026-12-04"
	cfg.Out = t.TempDir()
	cfg.Images = false
	return cfg
}

// The flatplan is a contract: thin days and heavy, the edition has its 14
// planned pages, each of its planned section, the booked ads on their
// pages, every story accounted for, a house ad at most a page, and no
// headline over four lines.
func TestFlatplanHolds(t *testing.T) {
	edDir := referenceDir(t, "", nil)
	for _, n := range []int{12, 30, 57} {
		t.Run(fmt.Sprint(n, " stories"), func(t *testing.T) {
			cfg := referenceConfig(t, edDir, sampleDay(t, n, uint64(n)))
			laid, err := Layout(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			made := laid.Made
			if len(made.Pages) != len(planned) {
				t.Fatalf("%d pages, planned %d", len(made.Pages), len(planned))
			}
			for i, p := range made.Pages {
				if p.Section != planned[i] {
					t.Errorf("page %d is %q, planned %q", i+1, p.Section, planned[i])
				}
				if p.HouseAds > 1 {
					t.Errorf("page %d has %d house ads", i+1, p.HouseAds)
				}
			}
			ads := map[string]int{}
			for _, a := range made.Ads {
				if a.Placed {
					ads[a.Name] = a.Page
				}
			}
			if ads["Sunrise Homes"] != 7 || ads["Metro Electronics"] != 14 {
				t.Errorf("ads ran on %v, booked on 7 and 14", ads)
			}
			rep := publish.NewReport(manifest.EditionInfo{}, laid.Gathered, made, laid.Problems)
			if len(rep.Stories) != len(laid.Gathered.Entries) || rep.Summary.Files != n {
				t.Errorf("report accounts for %d of %d files", len(rep.Stories), n)
			}
			for _, s := range rep.Stories {
				if s.Status == story.Held && s.Reason == "" || s.Status == "" {
					t.Errorf("%s: %q with no reason", s.File, s.Status)
				}
			}
			for pi, pg := range made.Doc.Pages {
				if lines := longestHeadline(pg); lines > 4 {
					t.Errorf("page %d: a headline of %d lines", pi+1, lines)
				}
			}
			// a picture of the day shows a story of another page, at most
			// one a page and each once in the edition
			owner := map[string]string{}
			for _, s := range laid.Gathered.Stories() {
				for _, im := range s.Images {
					owner[im.File] = s.ID
				}
			}
			shown := map[string]int{}
			for pi, pg := range made.Doc.Pages {
				here := map[string]bool{}
				for _, r := range made.Pages[pi].Regions {
					here[r.Story] = true
				}
				n := 0
				for _, it := range pg.Items {
					if im, ok := it.(*display.Image); ok && im.From == display.FromStories && !here[owner[im.Src]] {
						n++
						shown[im.Src]++
						if shown[im.Src] > 1 {
							t.Errorf("page %d: %s shown again as a picture of the day", pi+1, im.Src)
						}
					}
				}
				if n > 1 {
					t.Errorf("page %d: %d pictures of the day", pi+1, n)
				}
			}
			if n == 12 && len(shown) == 0 {
				t.Error("no picture of the day on the thinnest day")
			}
		})
	}
}

// longestHeadline counts the lines of the page's tallest headline: runs of
// 14 pt or more one under another at the same left edge and size, in an
// upright face (decks and pull quotes are italic).
func longestHeadline(p display.Page) int {
	type key struct {
		x, size float64
	}
	rows := map[key][]float64{}
	for _, it := range p.Items {
		if t, ok := it.(*display.Text); ok && t.Size >= 14 && t.Size < 48 && !strings.HasSuffix(t.Font, "i") {
			k := key{math.Round(t.X), t.Size}
			rows[k] = append(rows[k], t.Y)
		}
	}
	most := 0
	for k, ys := range rows {
		sort.Float64s(ys)
		run := 1
		for i := 1; i < len(ys); i++ {
			if d := ys[i] - ys[i-1]; d > 0.1 && d < k.size*1.3 {
				run++
			} else if d > 0.1 {
				run = 1
			}
			most = max(most, run)
		}
	}
	return most
}

// The desk steers: its lead leads (the largest and topmost story of the
// front page), its pin starts on its page, its hold is held, and its print
// headline is printed while the web keeps its own.
func TestDeskPlanHonoured(t *testing.T) {
	edDir := referenceDir(t, "", nil)
	stories := sampleDay(t, 40, 40)
	cfg := referenceConfig(t, edDir, stories)
	before, err := Layout(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	// the desk picks a story of no great priority to lead, one to pin to
	// page 5, one to hold
	var lead, pin, hold *story.Story
	for _, s := range before.Gathered.Stories() {
		switch {
		case lead == nil && s.Priority >= 3 && s.Section == "World":
			lead = s
		case pin == nil && s.Section == "Nation" && s.Words() < 600:
			pin = s
		case hold == nil && s.Section == "Science":
			hold = s
		}
	}
	if lead == nil || pin == nil || hold == nil {
		t.Fatal("the day lacks the stories the test needs")
	}
	src := fmt.Sprintf("stories:\n  %s: { lead: true, print_headline: \"A print head for the lead\" }\n  %s: { page: 5 }\n  %s: { hold: true }\n", lead.ID, pin.ID, hold.ID)
	p, err := plan.Parse("plan.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Plan = p
	laid, err := Layout(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string][]int{}
	status := map[string]story.Status{}
	reason := map[string]string{}
	for _, pl := range laid.Made.Placements {
		pages[pl.Story.ID], status[pl.Story.ID], reason[pl.Story.ID] = pl.Pages, pl.Status, pl.Reason
	}
	// the lead: on page 1, the widest region, and none above it
	var leadR makeup.Region
	for _, r := range laid.Made.Pages[0].Regions {
		if r.Story == lead.ID {
			leadR = r
		}
	}
	if leadR.Story == "" {
		t.Fatalf("the lead is not on the front page: pages %v", pages[lead.ID])
	}
	for _, r := range laid.Made.Pages[0].Regions {
		if r.Story != lead.ID && (r.W > leadR.W || r.Y < leadR.Y-0.5) {
			t.Errorf("%s (%.0f wide at %.0f) beside the lead (%.0f wide at %.0f)", r.Story, r.W, r.Y, leadR.W, leadR.Y)
		}
	}
	if len(pages[pin.ID]) == 0 || pages[pin.ID][0] != 5 {
		t.Errorf("pinned story on pages %v, pinned to 5", pages[pin.ID])
	}
	if status[hold.ID] != story.Held || reason[hold.ID] != "held by the desk" {
		t.Errorf("held story: %s %q", status[hold.ID], reason[hold.ID])
	}
	var text strings.Builder
	for _, it := range laid.Made.Doc.Pages[0].Items {
		if tx, ok := it.(*display.Text); ok {
			text.WriteString(tx.Text + " ")
		}
	}
	if !strings.Contains(text.String(), "print head") || strings.Contains(text.String(), lead.Headline) {
		t.Errorf("the front page does not print the print headline in place of %q", lead.Headline)
	}
	m := publish.NewManifest(manifest.EditionInfo{}, laid.Made, publish.Files{})
	for _, a := range m.Articles {
		if a.ID == lead.ID && (a.Headline != lead.Headline || a.PrintHeadline != "A print head for the lead") {
			t.Errorf("manifest: headline %q, print %q", a.Headline, a.PrintHeadline)
		}
	}
}

// Pages the desk locked come out byte for byte as last published while
// late stories flow into the others, and the report lists what moved.
func TestLockedPagesKeepTheirBytes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds an edition three times")
	}
	edDir := referenceDir(t, "", nil)
	stories := sampleDay(t, 30, 7)
	cfg := referenceConfig(t, edDir, stories)
	cfg.Images = true
	if _, err := Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(cfg.Out, "reference", "2026-12-04")
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	files := []string{}
	for i := range 3 {
		files = append(files, publish.PagePDF(i), publish.PageImage(i), publish.Thumbnail(i))
	}
	files = append(files, "share.jpg")
	was := map[string][]byte{}
	for _, f := range files {
		was[f] = read(f)
	}
	// five late stories
	late := sampleDay(t, 57, 7)
	var added []string
	filepath.WalkDir(late, func(p string, d os.DirEntry, err error) error {
		rel, _ := filepath.Rel(late, p)
		if err != nil || d.IsDir() || len(added) >= 5 || !strings.HasSuffix(p, ".md") {
			return nil
		}
		if _, err := os.Stat(filepath.Join(stories, rel)); err == nil {
			return nil
		}
		b, _ := os.ReadFile(p)
		os.MkdirAll(filepath.Dir(filepath.Join(stories, rel)), 0o755)
		os.WriteFile(filepath.Join(stories, rel), b, 0o644)
		added = append(added, rel)
		return nil
	})
	if len(added) != 5 {
		t.Fatalf("%d late stories", len(added))
	}
	cfg.Plan = &plan.Plan{Lock: []int{1, 2, 3}}
	res, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !bytes.Equal(was[f], read(f)) {
			t.Errorf("%s of a locked page changed", f)
		}
	}
	if !res.Report.Previous || len(res.Report.Changes) == 0 {
		t.Fatalf("no changes listed: %+v", res.Report.Changes)
	}
	var addedChanges int
	for _, c := range res.Report.Changes {
		if c.What == "added" {
			addedChanges++
			for _, p := range c.To {
				if p <= 3 {
					t.Errorf("%s added on locked page %d", c.Story, p)
				}
			}
		}
	}
	if addedChanges == 0 {
		t.Errorf("none of the late stories is listed as added: %+v", res.Report.Changes)
	}
}

// A booked ad that cannot run where it was sold fails the edition, naming
// the ad.
func TestBookedAdThatCannotRunFailsTheBuild(t *testing.T) {
	edDir := referenceDir(t, "", map[string][]byte{"ads.yaml": []byte(`ads:
  - { name: "Tall Order", page: 7, position: bottom, columns: 6, height: 480mm, image: "ads/sunrise-homes.jpg" }
`)})
	cfg := referenceConfig(t, edDir, sampleDay(t, 12, 1))
	_, err := Layout(context.Background(), cfg)
	if err == nil || !strings.Contains(err.Error(), "Tall Order") {
		t.Fatalf("error %v, want one naming the ad", err)
	}
}

// The template of the issue builds as written: the lead inside its zone,
// the paper's logo in the masthead.
func TestTemplateOfTheIssue(t *testing.T) {
	logo := image.NewRGBA(image.Rect(0, 0, 600, 100))
	for y := range 100 {
		for x := range 600 {
			logo.Set(x, y, color.RGBA{R: uint8(x / 3), G: 40, B: 120, A: 255})
		}
	}
	var lb bytes.Buffer
	png.Encode(&lb, logo)
	edDir := referenceDir(t, "front", map[string][]byte{
		"templates/front.yaml": []byte(`zones:
  - { name: masthead, kind: masthead, logo: "logo.png", columns: 1-6, top: 0mm, height: 55mm }
  - { name: lead, kind: stories, pick: lead, columns: 1-3, top: 55mm, height: 220mm }
  - { name: right, kind: stories, columns: 4-6, top: 55mm }
  - { name: bottom, kind: stories, columns: 1-3, top: 275mm }
`),
		"templates/logo.png": lb.Bytes(),
	})
	cfg := referenceConfig(t, edDir, sampleDay(t, 40, 3))
	laid, err := Layout(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(laid.Problems) > 0 {
		for _, p := range laid.Problems {
			if strings.Contains(p.Msg, "logo") {
				t.Errorf("logo problem: %v", p)
			}
		}
	}
	ed := cfg.Edition
	x0, y0, _, _ := ed.TypeArea()
	mm := 72 / 25.4
	colRight := x0 + 3*ed.ColumnWidth() + 2*ed.Grid.Gutter.Pt()
	var lead string
	for _, pl := range laid.Made.Placements {
		if slices.Contains(pl.Pages, 1) && (lead == "" || pl.Story.Desk.Lead) {
			lead = pl.Story.ID
			break
		}
	}
	found := false
	for _, r := range laid.Made.Pages[0].Regions {
		if r.Story != lead {
			continue
		}
		found = true
		if r.X < x0-0.5 || r.X+r.W > colRight+0.5 || r.Y < y0+55*mm-0.5 || r.Y+r.H > y0+275*mm+0.5 {
			t.Errorf("the lead %s at x %.0f-%.0f, y %.0f-%.0f mm: outside its zone (columns 1-3, 55-275 mm)", lead, r.X, r.X+r.W, (r.Y-y0)/mm, (r.Y+r.H-y0)/mm)
		}
	}
	if !found {
		t.Fatalf("the lead %s has no region on the front page", lead)
	}
	drawn := false
	for _, it := range laid.Made.Doc.Pages[0].Items {
		if im, ok := it.(*display.Image); ok && im.From == display.FromTemplates && im.Src == "logo.png" {
			drawn = im.Data != nil && im.Y >= y0-0.5 && im.Y+im.H <= y0+55*mm+0.5
		}
	}
	if !drawn {
		t.Error("the logo is not drawn in the masthead zone")
	}
}

// The sample's shipped templates are the built-in look: the sample built
// with them named gives the pages it gives without.
func TestSampleTemplatesAreTheBuiltInLook(t *testing.T) {
	pdfOf := func(file string) []byte {
		t.Helper()
		ed, err := editions.LoadFile(filepath.Join("..", "editions", "sample", file))
		if err != nil {
			t.Fatal(err)
		}
		cfg := DefaultConfig()
		stories := filepath.Join("..", "editions", "sample", "stories")
		cfg.Edition, cfg.Stories, cfg.StoriesName, cfg.Date = ed, os.DirFS(stories), stories, editions.SampleDate
		laid, err := Layout(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := pdfWrite(&buf, laid); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	if !bytes.Equal(pdfOf("edition.yaml"), pdfOf("edition-templated.yaml")) {
		t.Error("the sample with its templates named prints other pages than without")
	}
}

func pdfWrite(w *bytes.Buffer, laid *Laid) error {
	return pdf.Write(context.Background(), w, laid.Made.Doc, pdf.DefaultSettings())
}

// A feed that floods the folder is bounded: each section considers its
// share of max_stories, keeping the desk's and the most important stories,
// and holds the rest with the reason; the edition keeps its pages.
func TestFloodOfStoriesIsCapped(t *testing.T) {
	edDir := referenceDir(t, "", nil)
	dir := t.TempDir()
	const n = 400
	for i := range n {
		pri := 3 + i%3
		if i == n-1 {
			pri = 1 // the last file is the most important
		}
		src := fmt.Sprintf("---\nheadline: Score update number %d\nsection: Sport\npriority: %d\npublished: \"2026-12-04T%02d:%02d:00+05:30\"\n---\nThe match went on and the score was updated again, as it was %d times before today.\n", i, pri, 6+i%16, i%60, i)
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("s%03d.md", i)), []byte(src), 0o644)
	}
	cfg := referenceConfig(t, edDir, dir)
	cfg.Edition.MaxStories = 100
	laid, err := Layout(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(laid.Made.Pages) != len(planned) {
		t.Fatalf("%d pages, planned %d", len(laid.Made.Pages), len(planned))
	}
	capped := 0
	for _, pl := range laid.Made.Placements {
		if strings.Contains(pl.Reason, "max_stories") {
			capped++
			if pl.Story.Priority == 1 {
				t.Errorf("%s, of priority 1, held by the cap", pl.Story.ID)
			}
		}
	}
	limit := cfg.Edition.SectionCap(1)
	if capped != n-limit {
		t.Errorf("%d stories held by the cap, want %d of %d (the section considers %d)", capped, n-limit, n, limit)
	}
	rep := publish.NewReport(manifest.EditionInfo{}, laid.Gathered, laid.Made, laid.Problems)
	if len(rep.Stories) != n {
		t.Errorf("report accounts for %d of %d stories", len(rep.Stories), n)
	}
}

// Every word of a long story runs, on its page and the page it jumps to,
// or the story is held with a warning that says why: never a story cut
// short with "Continued on page 0".
func TestLongStoriesRunWholeOrAreHeld(t *testing.T) {
	edDir := referenceDir(t, "", nil)
	dir := sampleDay(t, 20, 3)
	tokens := func(n int) string {
		var b strings.Builder
		for i := range n {
			if i > 0 && i%80 == 0 {
				b.WriteString(".\n\n")
			}
			fmt.Fprintf(&b, "k%05d ", i)
		}
		return b.String()
	}
	const long, huge = 4000, 50000
	os.WriteFile(filepath.Join(dir, "long.md"), []byte("---\nheadline: A long report runs whole\nsection: World\npriority: 2\npublished: \"2026-12-04T09:00:00+05:30\"\n---\n"+tokens(long)+"\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "huge.md"), []byte("---\nheadline: A report far too long for the paper\nsection: Science\npublished: \"2026-12-04T09:00:00+05:30\"\n---\n"+tokens(huge)+"\n"), 0o644)
	cfg := referenceConfig(t, edDir, dir)
	laid, err := Layout(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for _, p := range laid.Made.Doc.Pages {
		for _, it := range p.Items {
			if tx, ok := it.(*display.Text); ok {
				text.WriteString(tx.Text + " ")
				if strings.Contains(tx.Text, "page 0") {
					t.Errorf("%q on the page", tx.Text)
				}
			}
		}
	}
	set := map[string]bool{}
	for _, w := range regexp.MustCompile(`k\d{5}`).FindAllString(text.String(), -1) {
		set[w] = true
	}
	pls := map[string]*makeup.Placement{}
	for i, pl := range laid.Made.Placements {
		pls[pl.Story.ID] = &laid.Made.Placements[i]
	}
	if pl := pls["long"]; pl == nil || pl.Status == story.Held {
		t.Fatalf("the long story: %+v", pl)
	}
	for i := range long {
		if w := fmt.Sprintf("k%05d", i); !set[w] {
			t.Fatalf("the long story (%s) lacks %s in the pages", pls["long"].Status, w)
		}
	}
	if pl := pls["huge"]; pl == nil || pl.Status != story.Held || !strings.Contains(pl.Reason, "too long") {
		t.Fatalf("the huge story: %+v", pl)
	}
	warned := false
	for _, p := range laid.Problems {
		warned = warned || p.Story == "huge" && strings.Contains(p.Msg, "too long")
	}
	if !warned {
		t.Errorf("no warning names the huge story: %v", laid.Problems)
	}
}

// An ad sold into a template's slot fills the slot's zone; one booked into
// a slot the page's template does not have fails the build, naming it.
func TestAdSlot(t *testing.T) {
	front := []byte(`zones:
  - { name: masthead, kind: masthead, columns: 1-6, top: 0mm, height: 40mm }
  - { name: stories, kind: stories, columns: 1-6, top: 40mm, height: 380mm }
  - { name: foot-ad, kind: ad, slot: foot, columns: 1-6, top: 420mm }
`)
	ads := func(slot string) []byte {
		return []byte(fmt.Sprintf("ads:\n  - { name: \"Sunrise Homes\", page: 1, slot: %s, image: \"ads/sunrise-homes.jpg\" }\n", slot))
	}
	edDir := referenceDir(t, "front", map[string][]byte{"templates/front.yaml": front, "ads.yaml": ads("foot")})
	cfg := referenceConfig(t, edDir, sampleDay(t, 30, 5))
	laid, err := Layout(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	x0, y0, w, h := cfg.Edition.TypeArea()
	mm := 72 / 25.4
	found := false
	for _, it := range laid.Made.Doc.Pages[0].Items {
		if im, ok := it.(*display.Image); ok && im.From == display.FromAds {
			found = true
			// the artwork fitted whole in the slot: inside it, touching
			// two of its sides (zones keep to the body's lines: within a
			// line, 10.5 pt, of where the template puts them)
			top, bottom := y0+420*mm-10.5, y0+h+0.5
			inside := im.X >= x0-0.5 && im.X+im.W <= x0+w+0.5 && im.Y >= top && im.Y+im.H <= bottom
			wide := math.Abs(im.X-x0) < 0.5 && math.Abs(im.X+im.W-x0-w) < 0.5
			tall := im.H >= (bottom-top)-3*10.5
			if !inside || !wide && !tall {
				t.Errorf("the ad at %.0f,%.0f %.0fx%.0f pt: not fitted in its slot", im.X, im.Y, im.W, im.H)
			}
		}
	}
	if !found {
		t.Fatal("the slot's ad is not on the front page")
	}

	edDir = referenceDir(t, "front", map[string][]byte{"templates/front.yaml": front, "ads.yaml": ads("ear")})
	ed, err := editions.LoadFile(filepath.Join(edDir, "edition.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Edition = ed
	if _, err := Layout(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), `slot "ear": page 1's template front has the ad slots foot`) {
		t.Fatalf("a booking into a slot the template lacks: %v", err)
	}
}

// A zone whose pick can match nothing (a story id not among the night's) is a warning at
// the template's file and line.
func TestPickThatCannotMatch(t *testing.T) {
	edDir := referenceDir(t, "front", map[string][]byte{"templates/front.yaml": []byte(`zones:
  - { name: masthead, kind: masthead, columns: 1-6, top: 0mm, height: 40mm }
  - { name: sport, kind: stories, pick: late-election-special, columns: 1-2, top: 40mm }
  - { name: rest, kind: stories, columns: 3-6, top: 40mm }
`)})
	laid, err := Layout(context.Background(), referenceConfig(t, edDir, sampleDay(t, 20, 9)))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range laid.Problems {
		if strings.HasSuffix(p.File, "front.yaml") && p.Line == 3 && strings.Contains(p.Msg, `pick "late-election-special" is no section`) {
			return
		}
	}
	t.Errorf("no warning of the pick at front.yaml:3: %v", laid.Problems)
}

// The paper's slogan is its own: the house ads and the masthead's ear say
// it in place of the language's.
func TestSlogan(t *testing.T) {
	edDir := referenceDir(t, "", nil)
	cfg := referenceConfig(t, edDir, sampleDay(t, 12, 12))
	cfg.Edition.Slogan = "Every page, every evening"
	laid, err := Layout(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	found, morning := 0, 0
	for _, p := range laid.Made.Doc.Pages {
		for _, it := range p.Items {
			if tx, ok := it.(*display.Text); ok {
				if strings.Contains(tx.Text, "evening") {
					found++
				}
				if strings.Contains(tx.Text, "every morning") {
					morning++
				}
			}
		}
	}
	if found == 0 || morning > 0 {
		t.Errorf("the slogan printed %d times, the language's %d times", found, morning)
	}
}

package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/editions"
)

// The second paper bundled with the repository, a tabloid whose templates
// were written from the README alone (editions/tabloid), built with a day
// of the sample's stories: its pages follow its templates. The logo is in
// the front page's masthead zone and the lead in its zone, the editorial
// page shows the paper's box in its fixed column, the section fronts'
// briefs rails hold whole briefs, the ad fills its slot, and the flatplan
// holds its twelve pages.
func TestTabloidFollowsItsTemplates(t *testing.T) {
	ed, err := editions.LoadFile(filepath.Join("..", "editions", "tabloid", "edition.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.Edition, cfg.Stories, cfg.StoriesName, cfg.Date = ed, os.DirFS(sampleDay(t, 57, 1)), "day", "2026-12-04"
	cfg.Out, cfg.Images = t.TempDir(), false
	laid, err := Layout(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	made := laid.Made
	if len(made.Pages) != 12 {
		t.Fatalf("%d pages, the flatplan plans 12", len(made.Pages))
	}
	x0, y0, _, _ := ed.TypeArea()
	mm := 72 / 25.4
	col := func(c int) (float64, float64) { // a grid column's left and right, 1-based
		l := x0 + float64(c-1)*(ed.ColumnWidth()+ed.Grid.Gutter.Pt())
		return l, l + ed.ColumnWidth()
	}
	within := func(x, w float64, from, to int) bool {
		l, _ := col(from)
		_, r := col(to)
		return x >= l-0.5 && x+w <= r+0.5
	}
	words := map[string]int{}
	for _, s := range laid.Gathered.Stories() {
		words[s.ID] = s.Words()
	}

	// the front page: the logo in the masthead zone (48 mm), the lead in
	// columns 1-4 from 48 to 228 mm
	logo := false
	for _, it := range made.Doc.Pages[0].Items {
		if im, ok := it.(*display.Image); ok && im.From == display.FromTemplates && im.Src == "bugle-logo.png" {
			logo = im.Data != nil && im.Y >= y0-0.5 && im.Y+im.H <= y0+48*mm+0.5
		}
	}
	if !logo {
		t.Error("the logo is not drawn in the front page's masthead zone")
	}
	lead := made.Pages[0].Regions[0]
	for _, r := range made.Pages[0].Regions {
		if r.W*r.H > lead.W*lead.H {
			lead = r
		}
	}
	if !within(lead.X, lead.W, 1, 4) || lead.Y < y0+48*mm-11 || lead.Y+lead.H > y0+228*mm+11 {
		t.Errorf("the front page's largest story %s at x %.0f-%.0f, y %.0f-%.0f mm: not in the lead zone", lead.Story, lead.X, lead.X+lead.W, (lead.Y-y0)/mm, (lead.Y+lead.H-y0)/mm)
	}

	// the section fronts: what stands in the rail (column 5) is a brief,
	// whole
	for _, n := range []int{2, 5, 7, 10, 11} {
		for _, r := range made.Pages[n-1].Regions {
			l, _ := col(5)
			if r.X >= l-0.5 && words[r.Story] > 180 {
				t.Errorf("page %d: %s (%d words) in the briefs rail", n, r.Story, words[r.Story])
			}
		}
	}

	// the editorial page: the box in column 1, its words on the page
	box, err := os.ReadFile(filepath.Join("..", "editions", "tabloid", "boxes", "editorial.md"))
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for _, it := range made.Doc.Pages[8].Items {
		if tx, ok := it.(*display.Text); ok && within(tx.X, 0, 1, 1) {
			text.WriteString(tx.Text + " ")
		}
	}
	if !strings.Contains(text.String(), "harbour") || !strings.Contains(strings.ToUpper(text.String()), "THE BUGLE") {
		t.Errorf("the editorial column lacks the box %q…:\n%.300s", string(box[:40]), text.String())
	}
	for _, r := range made.Pages[8].Regions {
		if !within(r.X, r.W, 2, 5) && !(r.Y >= y0+2*10.5+215*mm-11 && words[r.Story] <= 180) {
			t.Errorf("page 9: %s at x %.0f, y %.0f mm: in the editorial column", r.Story, r.X, (r.Y-y0)/mm)
		}
	}

	// the ad in its slot on page 6, across the five columns
	ad := false
	for _, it := range made.Doc.Pages[5].Items {
		if im, ok := it.(*display.Image); ok && im.From == display.FromAds {
			ad = within(im.X, im.W, 1, 5) && im.W > 250*mm && im.Y > y0+335*mm
		}
	}
	if !ad {
		t.Error("the booked ad is not in page 6's slot")
	}
	for pi, pg := range made.Doc.Pages {
		if lines := longestHeadline(pg); lines > 4 {
			t.Errorf("page %d: a headline of %d lines", pi+1, lines)
		}
	}
}

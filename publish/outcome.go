package publish

import (
	"fmt"

	"github.com/epaper/epaper/ingest"
	"github.com/epaper/epaper/layout/makeup"
	"github.com/epaper/epaper/problem"
	"github.com/epaper/epaper/publish/manifest"
	"github.com/epaper/epaper/story"
)

// Files says which per-page files an edition folder holds: a print run
// (PDFOnly) has the edition PDF alone; Images false leaves out page images
// and thumbnails.
type Files struct {
	PDFOnly bool
	Images  bool
}

// PagePDF, PageImage and Thumbnail name page i's files (0-based) in the
// edition folder.
func PagePDF(i int) string   { return fmt.Sprintf("pages/page-%02d.pdf", i+1) }
func PageImage(i int) string { return fmt.Sprintf("pages/page-%02d.jpg", i+1) }
func Thumbnail(i int) string { return fmt.Sprintf("pages/thumb-%02d.jpg", i+1) }

// NewManifest describes the made-up edition for the website: its pages
// with their files and article regions, and the articles that run.
func NewManifest(info manifest.EditionInfo, made *makeup.Result, files Files) *manifest.Manifest {
	m := &manifest.Manifest{Edition: info}
	for i, p := range made.Pages {
		pi := manifest.PageInfo{
			Number: p.Number, Section: p.Section,
			Width: round2(made.Doc.Pages[i].Width), Height: round2(made.Doc.Pages[i].Height),
			Regions: []manifest.Region{},
		}
		if !files.PDFOnly {
			pi.PDF = PagePDF(i)
			if files.Images {
				pi.Image, pi.Thumbnail = PageImage(i), Thumbnail(i)
			}
		}
		for _, r := range p.Regions {
			pi.Regions = append(pi.Regions, manifest.Region{Article: r.Story, X: round2(r.X), Y: round2(r.Y), W: round2(r.W), H: round2(r.H), Part: r.Part, ContinuesOn: r.JumpTo, ContinuedFrom: r.JumpFrom})
		}
		m.Pages = append(m.Pages, pi)
	}
	for _, pl := range made.Placements {
		if pl.Status == story.Placed || pl.Status == story.Jumped {
			m.Articles = append(m.Articles, article(pl.Story, pl.Pages))
		}
	}
	return m
}

func article(s *story.Story, pages []int) manifest.Article {
	a := manifest.Article{
		ID: s.ID, Headline: s.Headline, Kicker: s.Kicker, Deck: s.Deck, Byline: s.Byline,
		Dateline: s.Dateline, Section: s.Section, Pages: pages, Text: s.PlainText(),
		Source: s.Source, License: s.License, PrintHeadline: s.Desk.PrintHeadline, PrintDeck: s.Desk.PrintDeck,
	}
	for _, b := range s.Body {
		a.Blocks = append(a.Blocks, manifest.Block{Kind: string(b.Kind), Text: b.Text()})
	}
	for _, im := range s.Images {
		a.Images = append(a.Images, manifest.Photo{Caption: im.Caption, Credit: im.Credit})
	}
	return a
}

// NewReport accounts for every input of the edition: each file gathering
// read, with the status gathering or make-up gave it and why; each page's
// figures; the booked ads; and the warnings of every stage, in the order
// the stages met them.
func NewReport(info manifest.EditionInfo, gathered *ingest.Result, made *makeup.Result, warnings []problem.Problem) *Report {
	rep := &Report{Edition: info}
	placed := map[string]int{}
	for i, pl := range made.Placements {
		placed[pl.Story.ID] = i
	}
	for _, e := range gathered.Entries {
		sr := storyReport(e, made, placed)
		switch {
		case sr.Status == story.Rejected:
			rep.Summary.Rejected++
		case sr.Status == story.Placed:
			rep.Summary.Placed++
			rep.Summary.Words += sr.Words
		case sr.Status == story.Jumped:
			rep.Summary.Jumped++
			rep.Summary.Words += sr.Words
		case skipped(e.Decision):
			rep.Summary.Skipped++
		default:
			rep.Summary.Held++
		}
		rep.Stories = append(rep.Stories, sr)
	}
	rep.Summary.Files = len(gathered.Entries)
	var all makeup.Typo
	for _, p := range made.Pages {
		rep.Pages = append(rep.Pages, PageReport{Number: p.Number, Section: p.Section, Stories: len(p.Regions), WhitePct: round2(100 * p.White), HouseAdPct: round2(100 * p.HouseAd), BriefsPct: round2(100 * p.Briefs), Typography: p.Typo, Score: p.Score})
		all.Add(p.Typo)
	}
	rep.Typography = all
	rep.Summary.Pages = len(made.Pages)
	rep.Warnings = append([]problem.Problem{}, warnings...)
	rep.Notes = []string{}
	for _, n := range gathered.Notes {
		rep.Notes = append(rep.Notes, n.String())
	}
	rep.Notes = append(rep.Notes, made.Notes...)
	for _, a := range made.Ads {
		rep.Ads = append(rep.Ads, AdReport{Name: a.Name, Page: a.Page, Placed: a.Placed, Reason: a.Reason})
	}
	rep.Summary.Warnings = len(rep.Warnings)
	return rep
}

// skipped tells the decisions that leave a story out as expected on any
// night with wire copy: held, but not a warning.
func skipped(d ingest.Decision) bool {
	switch d {
	case ingest.OutsideWindow, ingest.Embargoed, ingest.Superseded, ingest.Duplicate, ingest.Canceled:
		return true
	}
	return false
}

// storyReport is what became of one gathered file: rejected or left out by
// gathering, or placed, jumped or held by make-up.
func storyReport(e ingest.Entry, made *makeup.Result, placed map[string]int) StoryReport {
	sr := StoryReport{File: e.File, ID: e.ID, Headline: e.Headline, Section: e.Section, Status: story.Held}
	switch e.Decision {
	case ingest.Rejected:
		sr.Status, sr.Reason = story.Rejected, e.Reason
		if p, ok := e.Err.(*problem.Problem); ok {
			sr.Line, sr.Reason = p.Line, p.Msg
		}
		if sr.Line == 0 {
			sr.Line = e.Line
		}
	case ingest.Included:
		i, ok := placed[e.ID]
		if !ok {
			sr.Reason = "not placed by make-up"
			break
		}
		pl := made.Placements[i]
		sr.Status, sr.Reason, sr.Pages = pl.Status, pl.Reason, pl.Pages
		sr.Words = pl.Story.Words()
	case ingest.OutsideWindow:
		sr.Reason = "not for this edition: " + e.Reason
	case ingest.Embargoed, ingest.Superseded, ingest.Duplicate, ingest.Canceled:
		sr.Reason = string(e.Decision) + ": " + e.Reason
	case ingest.UnknownSection:
		sr.Reason = "no section: " + e.Reason
	default:
		sr.Reason = e.Reason
	}
	return sr
}

func round2(v float64) float64 {
	return float64(int64(v*100+0.5)) / 100
}

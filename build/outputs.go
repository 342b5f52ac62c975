package build

import (
	"context"

	"github.com/epaper/epaper/ingest"
	"github.com/epaper/epaper/layout/makeup"
	"github.com/epaper/epaper/publish"
	"github.com/epaper/epaper/publish/viewer"
	"github.com/epaper/epaper/story"
)

func (st *state) info() publish.EditionInfo {
	ed := st.cfg.Edition
	return publish.EditionInfo{Title: ed.Title, Slug: ed.Slug, Date: st.cfg.Date, Language: ed.Language, Direction: ed.Direction(), PDF: "edition.pdf"}
}

// writeManifest writes manifest.json and report.json.
func (st *state) writeManifest(context.Context) error {
	made := st.made
	m := &publish.Manifest{Edition: st.info()}
	m.Edition.Share = st.share
	for i, p := range made.Pages {
		pi := publish.PageInfo{
			Number: p.Number, Section: p.Section,
			Width: round2(made.Doc.Pages[i].Width), Height: round2(made.Doc.Pages[i].Height),
			Regions: []publish.Region{},
		}
		if !st.cfg.PDFOnly {
			pi.PDF = pageName(i, "pdf")
			if st.cfg.Images {
				pi.Image, pi.Thumbnail = pageName(i, "jpg"), thumbName(i)
			}
		}
		for _, r := range p.Regions {
			pi.Regions = append(pi.Regions, publish.Region{Article: r.Story, X: round2(r.X), Y: round2(r.Y), W: round2(r.W), H: round2(r.H), Part: r.Part, ContinuesOn: r.JumpTo, ContinuedFrom: r.JumpFrom})
		}
		m.Pages = append(m.Pages, pi)
	}
	rep := &publish.Report{Edition: st.info()}
	placed := map[string]int{}
	for i, pl := range made.Placements {
		placed[pl.Story.ID] = i
		if pl.Status != publish.Placed && pl.Status != publish.Jumped {
			continue
		}
		m.Articles = append(m.Articles, article(pl.Story, pl.Pages))
	}
	for _, e := range st.gathered.Entries {
		sr := publish.StoryReport{File: e.File, ID: e.ID, Headline: e.Headline, Section: e.Section}
		switch e.Decision {
		case ingest.Rejected:
			sr.Status, sr.Reason = publish.Rejected, e.Reason
			if ie, ok := e.Err.(*ingest.Error); ok {
				sr.Line, sr.Reason = ie.Line, ie.Msg
			}
			if sr.Line == 0 {
				sr.Line = e.Line
			}
			rep.Summary.Rejected++
		case ingest.Included:
			i, ok := placed[e.ID]
			if !ok {
				sr.Status, sr.Reason = publish.Held, "not placed by make-up"
				rep.Summary.Held++
				break
			}
			pl := made.Placements[i]
			sr.Status, sr.Reason, sr.Pages = pl.Status, pl.Reason, pl.Pages
			sr.Words = pl.Story.Words()
			switch pl.Status {
			case publish.Placed:
				rep.Summary.Placed++
				rep.Summary.Words += sr.Words
			case publish.Jumped:
				rep.Summary.Jumped++
				rep.Summary.Words += sr.Words
			default:
				rep.Summary.Held++
			}
		case ingest.OutsideWindow:
			sr.Status, sr.Reason = publish.Held, "not for this edition: "+e.Reason
			rep.Summary.Skipped++
		case ingest.Embargoed, ingest.Superseded, ingest.Duplicate, ingest.Canceled:
			// expected on any night with wire copy: held, not a warning
			sr.Status, sr.Reason = publish.Held, string(e.Decision)+": "+e.Reason
			rep.Summary.Skipped++
		case ingest.UnknownSection:
			sr.Status, sr.Reason = publish.Held, "no section: "+e.Reason
			rep.Summary.Held++
		default:
			sr.Status, sr.Reason = publish.Held, e.Reason
			rep.Summary.Held++
		}
		rep.Stories = append(rep.Stories, sr)
	}
	rep.Summary.Files = len(st.gathered.Entries)
	var all makeup.Typo
	for _, p := range made.Pages {
		rep.Pages = append(rep.Pages, publish.PageReport{Number: p.Number, Section: p.Section, Stories: len(p.Regions), WhitePct: round2(100 * p.White), Typography: publish.Typography(p.Typo), Score: publish.PageScore(p.Score)})
		all.Add(p.Typo)
	}
	rep.Typography = publish.Typography(all)
	rep.Summary.Pages = len(made.Pages)
	rep.Warnings = append([]publish.Warning{}, st.warnings...)
	rep.Notes = append([]string{}, made.Notes...)
	for _, a := range made.Ads {
		rep.Ads = append(rep.Ads, publish.AdReport{Name: a.Name, Page: a.Page, Placed: a.Placed, Reason: a.Reason})
	}
	rep.Summary.Warnings = len(rep.Warnings)
	st.manifest, st.report = m, rep
	if err := st.folder.WriteJSON("manifest.json", m); err != nil {
		return err
	}
	return st.folder.WriteJSON("report.json", rep)
}

func article(s *story.Story, pages []int) publish.Article {
	a := publish.Article{
		ID: s.ID, Headline: s.Headline, Kicker: s.Kicker, Deck: s.Deck, Byline: s.Byline,
		Dateline: s.Dateline, Section: s.Section, Pages: pages, Text: s.PlainText(),
		Source: s.Source, License: s.License,
	}
	for _, b := range s.Body {
		a.Blocks = append(a.Blocks, publish.Block{Kind: string(b.Kind), Text: b.Text()})
	}
	for _, im := range s.Images {
		a.Images = append(a.Images, publish.Photo{Caption: im.Caption, Credit: im.Credit})
	}
	return a
}

func round2(v float64) float64 {
	return float64(int64(v*100+0.5)) / 100
}

func (st *state) writeViewer(context.Context) error {
	if st.cfg.PDFOnly {
		return nil
	}
	return viewer.Write(st.folder.Dir(), st.manifest)
}

func (st *state) publish(context.Context) error {
	if err := st.folder.Commit(); err != nil {
		return err
	}
	st.cfg.Log.Info("edition published", "edition", st.cfg.Edition.Slug, "date", st.cfg.Date, "dir", st.folder.Target,
		"pages", st.report.Summary.Pages, "placed", st.report.Summary.Placed, "held", st.report.Summary.Held, "rejected", st.report.Summary.Rejected)
	return nil
}

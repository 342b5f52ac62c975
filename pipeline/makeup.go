package pipeline

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/fonts"
	"github.com/epaper/epaper/ingest"
	"github.com/epaper/epaper/internal/work"
	"github.com/epaper/epaper/layout/hyph"
	"github.com/epaper/epaper/layout/linebreak"
	"github.com/epaper/epaper/layout/makeup"
	"github.com/epaper/epaper/layout/shape"
	"github.com/epaper/epaper/layout/typeset"
	"github.com/epaper/epaper/photo"
	"github.com/epaper/epaper/problem"
	"github.com/epaper/epaper/story"
)

// furnishings are what the templates draw besides the stories: the
// paper's logos, by file, and its boxes of fixed text, by name.
type furnishings struct {
	logos map[string]makeup.Photo
	boxes map[string]*story.Story
}

// tools are what make-up needs that does not depend on the day's stories:
// the edition's styles (its fonts), the hyphenation patterns with a
// memory of the words hyphenated, and a shaper that has read the faces.
type tools struct {
	styles *makeup.Styles
	shaper *shape.Shaper
	hyph   typeset.Hyphenator
}

// warmUp prepares the tools in the background, while gather reads the
// stories; the function it returns waits for them. With a Shared, the
// shaper and the hyphenator are the run's, so that the words another
// edition set are shaped and hyphenated already.
func warmUp(ed *editions.Edition, sh *Shared) func() (*tools, error) {
	var t tools
	done := work.Go(func() error {
		reg, err := fonts.Default()
		if err != nil {
			return err
		}
		// the edition's own TrueType files, resolved when it was loaded
		var files []string
		for _, f := range []string{ed.Fonts.Body, ed.Fonts.Headline, ed.Fonts.Sans} {
			if editions.IsFontFile(f) && !slices.Contains(files, f) {
				files = append(files, f)
			}
		}
		if len(files) > 0 {
			if reg, err = reg.WithFiles(files...); err != nil {
				return err
			}
		}
		if t.styles, err = makeup.LoadStyles(ed, reg); err != nil {
			return err
		}
		t.shaper = shape.New()
		if sh != nil {
			t.shaper = sh.shaper
		}
		hyphDone := work.Go(func() error {
			if sh != nil {
				t.hyph = sh.hyphenator(ed.Language)
			} else if h := hyph.ForLanguage(ed.Language); h != nil {
				t.hyph = typeset.Remembered(h)
			}
			return nil
		})
		b, y := t.styles.Body, t.styles
		// the faces every edition sets; fallbacks are read when used
		t.shaper.Prepare(b.Regular, b.Italic, b.Bold, b.BoldItalic, y.Headline, y.HeadReg, y.HeadIt, y.Masthead, y.Sans, y.SansBold)
		return hyphDone()
	})
	return func() (*tools, error) {
		if err := done(); err != nil {
			return nil, err
		}
		return &t, nil
	}
}

// makeUp lays the gathered stories out on the edition's pages. Make-up's
// own problems, and the characters no font could show, go to the report.
func makeUp(ctx context.Context, cfg Config, warm func() (*tools, error), day time.Time, g *ingest.Result,
	sizes map[string]photo.Size, ads []makeup.BookedAd, locked map[int]*makeup.LockedPage, art furnishings, w *warner) (*makeup.Result, error) {
	tl, err := warm()
	if err != nil {
		return nil, err
	}
	in := makeup.Input{Edition: cfg.Edition, Date: day, Photos: map[string]makeup.Photo{}, Ads: ads, Shaper: tl.shaper, Locked: locked, Logos: art.logos, Boxes: art.boxes,
		Breaker: &linebreak.Breaker{}, NewBreaker: func() typeset.Breaker { return &linebreak.Breaker{} }, Workers: cfg.Workers,
		Memo: cfg.Shared.memo()}
	for file, sz := range sizes {
		in.Photos[file] = makeup.Photo{Src: file, W: sz.W, H: sz.H}
	}
	if tl.hyph != nil {
		in.Hyphenator = tl.hyph
	}
	for i, sec := range g.Sections {
		in.Sections = append(in.Sections, makeup.Section{Name: sec.Name, Pages: cfg.Edition.Sections[i].Pages, Stories: sec.Stories})
	}
	made, err := makeup.Make(ctx, in, tl.styles)
	if err != nil {
		return nil, err
	}
	w.warn(made.Warnings...)
	for _, n := range made.Notes {
		cfg.Log.Info(n, "edition", cfg.Edition.Slug)
	}
	w.warn(missingGlyphs(made)...)
	return made, nil
}

// missingGlyphs names, story by story, the characters no font could show.
func missingGlyphs(made *makeup.Result) []problem.Problem {
	file := map[string]string{}
	for _, p := range made.Placements {
		file[p.Story.ID] = p.Story.File
	}
	var out []problem.Problem
	for _, id := range slices.Sorted(maps.Keys(made.Missing)) {
		if id == "" {
			out = append(out, problem.Problem{Msg: fmt.Sprintf("no font has the characters %s in the paper's own text (masthead, boxes, briefs, captions): they are left out", quoteRunes(made.Missing[id]))})
			continue
		}
		out = append(out, problem.Problem{File: file[id], Story: id, Msg: fmt.Sprintf("no font has the characters %s: they are left out", quoteRunes(made.Missing[id]))})
	}
	return out
}

func quoteRunes(rs []rune) string {
	var parts []string
	for _, r := range rs {
		parts = append(parts, fmt.Sprintf("%q (U+%04X)", string(r), r))
	}
	return strings.Join(parts, ", ")
}

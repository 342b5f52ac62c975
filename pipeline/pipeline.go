// Package pipeline runs the steps that turn a folder of stories into an
// edition folder, in order, in one place:
//
//	gather ─▶ check photos ─▶ book ads ─▶ make-up ─▶ prepare photos ─▶
//	open folder ─▶ PDF ┬ page PDFs ─▶ page images ─▶ share image ─▶
//	                   └──────────────────────────────────────────── manifest and report ─▶ viewer ─▶ publish
//
// Each step is a function that takes a context and what it needs and
// returns what it made; Run passes the results on by hand, so what a step
// reads is in its signature, and wraps a step's error with its name
// ("make-up: ..."). The problems the steps meet are gathered in order and
// end in report.json. The edition PDF and the snapshot of the made-up pages
// (for locking pages on the next build) are written in the background while
// the steps after them run (they read the same laid-out pages and write
// other files), and waited for before the folder is published.
//
// The stages themselves live in their own packages: ingest (gather),
// photo, layout/makeup, render/pdf, render/raster and publish.
package pipeline

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"path"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/ingest"
	"github.com/epaper/epaper/layout/makeup"
	"github.com/epaper/epaper/photo"
	"github.com/epaper/epaper/plan"
	"github.com/epaper/epaper/problem"
	"github.com/epaper/epaper/publish"
	"github.com/epaper/epaper/publish/manifest"
	"github.com/epaper/epaper/publish/viewer"
	"github.com/epaper/epaper/render/pdf"
	"github.com/epaper/epaper/render/raster"
)

// Config is one build.
type Config struct {
	Edition *editions.Edition
	// Stories is the sources root; StoriesName names it in messages.
	Stories     fs.FS
	StoriesName string
	Date        string
	AnyDate     bool
	Out         string
	// Images turns page images and thumbnails off when false.
	Images bool
	// PDFOnly writes the edition PDF, manifest and report and nothing else:
	// no page PDFs, page images or viewer (a print run).
	PDFOnly bool
	// Plan is the desk's plan for the night, nil when there is none.
	Plan *plan.Plan
	// Workers is how many goroutines set stories, prepare photos and draw
	// pages at once (default: one per CPU); it overrides Raster.Workers.
	Workers int
	Raster  raster.Settings
	PDF     pdf.Settings
	Photo   photo.Settings
	Log     *slog.Logger
	// Cache, when set, keeps the pictures and pages this build draws for
	// the next build of the same edition, and takes from it those of the
	// last one that did not change (epaper serve --watch). Nil draws
	// everything afresh; the output is the same either way.
	Cache *Cache
	// Shared, when set, is what this build shares with the other builds
	// of the run (the city editions of a night): words shaped, pictures
	// prepared, pages drawn. Nil shares nothing; the output is the same
	// either way.
	Shared *Shared
}

// DefaultConfig returns a build of every output with default settings.
func DefaultConfig() Config {
	return Config{Images: true, Workers: runtime.NumCPU(), Raster: raster.DefaultSettings(), PDF: pdf.DefaultSettings(), Photo: photo.DefaultSettings(), Log: discard()}
}

func discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// Result is what a build produced.
type Result struct {
	Dir    string
	Report *publish.Report
	// Steps times each step, for logs (never written into the report).
	Steps []Step
}

// Step is one pipeline step and how long it took.
type Step struct {
	Name string
	Took time.Duration
}

// HasWarnings tells whether the nightly job should see a warning status.
func (r *Result) HasWarnings() bool { return r.Report.Summary.HasWarnings() }

// Laid is an edition laid out: the gathered stories, the made-up pages
// (Made.Doc, their pictures prepared) and every problem met so far, in the
// order the steps met them.
type Laid struct {
	Gathered *ingest.Result
	Made     *makeup.Result
	Problems []problem.Problem
	// Locked are the pages kept as last published, by number.
	Locked map[int]*makeup.LockedPage
}

// Run builds one edition and publishes it into cfg.Out. A panic in any step
// is recovered and returned as the build's error, with its stack logged:
// the previous edition stays as it was, and the other editions of the
// night are built.
func Run(ctx context.Context, cfg Config) (res *Result, err error) {
	cfg = withDefaults(cfg)
	defer recovered(cfg, &err)
	t := &timer{log: cfg.Log, slug: cfg.Edition.Slug}
	cfg.Cache.begin()
	laid, err := layout(ctx, cfg, t)
	if err != nil {
		return nil, err
	}
	dir, rep, err := write(ctx, cfg, t, laid)
	if err != nil {
		return nil, err
	}
	cfg.Cache.end()
	// The edition is published: the archive pages only list it, so they
	// are brought up to date whatever the context says, and a failure to
	// do so is logged, never the build's failure.
	t.run("archive", func() error {
		if err := publish.UpdateArchive(cfg.Out); err != nil {
			cfg.Log.Error("archive pages not updated", "edition", cfg.Edition.Slug, "out", cfg.Out, "error", err)
		}
		return nil
	})
	return &Result{Dir: dir, Report: rep, Steps: t.steps}, nil
}

// Layout runs the steps of Run up to the laid-out pages (gather, photos,
// ads, make-up, prepare photos) and returns them, writing nothing. The same
// configuration gives the document Run renders, so tests, benchmarks and
// validate see what a build would print.
func Layout(ctx context.Context, cfg Config) (laid *Laid, err error) {
	cfg = withDefaults(cfg)
	defer recovered(cfg, &err)
	return layout(ctx, cfg, &timer{log: cfg.Log, slug: cfg.Edition.Slug})
}

// recovered turns a panic of the build's own goroutine into its error; the
// workers' panics come back as errors from internal/work.
func recovered(cfg Config, err *error) {
	r := recover()
	if r == nil {
		return
	}
	cfg.Log.Error("internal error", "edition", cfg.Edition.Slug, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
	*err = fmt.Errorf("internal error (a bug in epaper; the log has its stack): %v", r)
}

func withDefaults(cfg Config) Config {
	if cfg.Log == nil {
		cfg.Log = discard()
	}
	cfg.Workers = max(1, cfg.Workers)
	cfg.Raster.Workers = cfg.Workers
	if cfg.Shared != nil {
		cfg.Photo.Shared = cfg.Shared.photos
	}
	return cfg
}

// layout runs the steps up to the laid-out pages.
func layout(ctx context.Context, cfg Config, t *timer) (*Laid, error) {
	day, err := time.ParseInLocation("2006-01-02", cfg.Date, cfg.Edition.Loc)
	if err != nil {
		return nil, fmt.Errorf("date %q is not YYYY-MM-DD", cfg.Date)
	}
	// fonts, styles and hyphenation patterns are read while gather reads
	// the stories
	tools := warmUp(cfg.Edition, cfg.Shared)
	laid := &Laid{}
	w := &warner{cfg: cfg, out: &laid.Problems}
	var sizes map[string]photo.Size
	var ads bookedAds
	var locked map[int]*makeup.LockedPage
	var art furnishings
	// what make-up and the preparing of its pictures say is held until
	// the pages stand: a picture found damaged makes them up again
	var pending []problem.Problem
	held := &warner{cfg: cfg, out: &pending}
	held.cfg.Log = discard()
	err = t.all(ctx,
		step{"gather", func() (err error) {
			laid.Gathered, err = gather(ctx, cfg, w)
			if err == nil && laid.Gathered.Included() == 0 {
				err = fmt.Errorf("no story to print for %s: %s", cfg.Date, laid.Gathered.Nothing(cfg.Edition.Loc))
			}
			return err
		}},
		step{"plan", func() error {
			if cfg.Plan != nil {
				w.warn(cfg.Plan.Apply(laid.Gathered.Stories(), cfg.Edition.Pages())...)
			}
			return nil
		}},
		step{"photos", func() (err error) {
			sizes, err = checkPhotos(ctx, cfg, laid.Gathered, w)
			return err
		}},
		step{"ads", func() (err error) {
			ads, err = bookAds(ctx, cfg)
			art.logos, art.boxes = artwork(ctx, cfg, w), boxes(cfg, w)
			return err
		}},
		step{"locked pages", func() (err error) {
			locked, err = lockedPages(cfg)
			laid.Locked = locked
			return err
		}},
		step{"make-up", func() (err error) {
			laid.Made, err = makeUp(ctx, cfg, tools, day, laid.Gathered, sizes, ads.ads, locked, art, held)
			if err != nil {
				w.warn(pending...)
			}
			return err
		}},
		step{"prepare photos", func() error {
			for {
				failed, err := preparePhotos(ctx, cfg, laid.Made.Doc, ads.fsys, held)
				if err != nil || len(failed) == 0 {
					w.warn(pending...)
					return err
				}
				// A story picture whose data is damaged within (the
				// check reads a JPEG's structure only): it is left out
				// as the check leaves out a picture, and the pages are
				// made up again without it. What make-up and this step
				// said of the pages that go is not said.
				pending = pending[:0]
				leaveOut(laid.Gathered, sizes, failed, w)
				cfg.Log.Info("pages made up again without the pictures that could not be drawn", "edition", cfg.Edition.Slug, "pictures", len(failed))
				if laid.Made, err = makeUp(ctx, cfg, tools, day, laid.Gathered, sizes, ads.ads, locked, art, held); err != nil {
					w.warn(pending...)
					return err
				}
			}
		}},
	)
	if err != nil {
		return nil, err
	}
	return laid, nil
}

// write renders the laid-out edition into a new edition folder and
// publishes it, returning the folder and the report.
func write(ctx context.Context, cfg Config, t *timer, laid *Laid) (string, *publish.Report, error) {
	ed := cfg.Edition
	var folder *publish.Folder
	if err := t.run("open edition folder", func() (err error) {
		folder, err = publish.BeginContext(ctx, path.Join(cfg.Out, ed.Slug, cfg.Date))
		return err
	}); err != nil {
		return "", nil, err
	}
	prev := previousFolder(cfg)
	digests := pageDigests(laid.Made.Doc, cfg)
	// the edition PDF and the pages' are written while the steps after
	// them run: they read the same laid-out pages and write other files
	pdfDone := startPDF(ctx, cfg, laid, prev, digests, folder)
	// and so is the snapshot of the made-up pages, which reads them too
	snapDone := inBackground(func() error { return writeSnapshot(cfg, laid.Made.Snapshot, digests, folder) })
	fail := func(err error) (string, *publish.Report, error) {
		pdfDone() // nothing may still be writing into the folder
		snapDone()
		folder.Abort()
		return "", nil, err
	}
	info := manifest.EditionInfo{Title: ed.Title, Slug: ed.Slug, Date: cfg.Date, Language: ed.Language, Direction: ed.Direction(), PDF: "edition.pdf"}
	files := publish.Files{PDFOnly: cfg.PDFOnly, Images: cfg.Images}
	var m *manifest.Manifest
	var rep *publish.Report
	err := t.all(ctx,
		step{"page images", func() error { return writePageImages(ctx, cfg, laid, prev, digests, folder) }},
		step{"share image", func() (err error) {
			info.Share, err = writeShareImage(cfg, laid, prev, digests, folder)
			return err
		}},
		step{"manifest", func() error {
			m = publish.NewManifest(info, laid.Made, files)
			// the report names the edition; the share image is the website's
			repInfo := info
			repInfo.Share = ""
			rep = publish.NewReport(repInfo, laid.Gathered, laid.Made, laid.Problems)
			if prev != "" {
				if before, err := publish.ReadReport(filepath.Join(prev, "report.json")); err == nil {
					rep.Changes, rep.Previous = publish.Changes(before, rep), true
				}
			}
			if err := folder.WriteJSON("manifest.json", m); err != nil {
				return err
			}
			return folder.WriteJSON("report.json", rep)
		}},
		step{"viewer", func() error {
			if cfg.PDFOnly {
				return nil
			}
			return viewer.Write(folder.Dir(), m)
		}},
	)
	if err != nil {
		return fail(err)
	}
	if err := t.record("snapshot", snapDone); err != nil {
		return fail(err)
	}
	if err := t.record("pdf", pdfDone); err != nil {
		return fail(err)
	}
	if err := t.run("publish", folder.Commit); err != nil {
		return "", nil, err
	}
	s := rep.Summary
	if rep.Previous {
		cfg.Log.Info(publish.ChangeSummary(rep.Changes), "edition", ed.Slug)
	}
	cfg.Log.Info("edition published", "edition", ed.Slug, "date", cfg.Date, "dir", folder.Target,
		"pages", s.Pages, "placed", s.Placed+s.Jumped, "jumped", s.Jumped, "held", s.Held, "rejected", s.Rejected, "warnings", s.Warnings)
	return folder.Target, rep, nil
}

// Check checks what an edition needs besides the day's stories: its fonts
// and its booked ads (errors: nothing can be set without fonts, and a
// booked ad must run), its logos and boxes (problems). It writes nothing.
func Check(ctx context.Context, cfg Config) ([]problem.Problem, error) {
	cfg = withDefaults(cfg)
	var probs []problem.Problem
	w := &warner{cfg: cfg, out: &probs}
	if _, err := warmUp(cfg.Edition, nil)(); err != nil {
		return probs, err
	}
	_, err := bookAds(ctx, cfg)
	artwork(ctx, cfg, w)
	boxes(cfg, w)
	if err == nil {
		err = ctx.Err()
	}
	return probs, err
}

// Package build runs the pipeline that turns a folder of stories into an
// edition folder: gather, probe photos, make-up, prepare photos, render the
// PDF and page images, write manifest, report and viewer, publish. The steps
// run in order in one place, each wrapping its errors with its name; the
// edition PDF alone is written in the background while the steps after it
// run, and waited for before the folder is published.
package build

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/fonts"
	"github.com/epaper/epaper/ingest"
	"github.com/epaper/epaper/layout/hyph"
	"github.com/epaper/epaper/layout/linebreak"
	"github.com/epaper/epaper/layout/makeup"
	"github.com/epaper/epaper/layout/shape"
	"github.com/epaper/epaper/layout/typeset"
	"github.com/epaper/epaper/photo"
	"github.com/epaper/epaper/publish"
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
	Raster  raster.Settings
	PDF     pdf.Settings
	Photo   photo.Settings
	Log     *slog.Logger
}

// DefaultConfig returns a build of every output with default settings.
func DefaultConfig() Config {
	return Config{Images: true, Raster: raster.DefaultSettings(), PDF: pdf.DefaultSettings(), Photo: photo.DefaultSettings(), Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

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
func (r *Result) HasWarnings() bool {
	s := r.Report.Summary
	return s.Held > 0 || s.Rejected > 0 || s.Warnings > 0
}

type state struct {
	cfg      Config
	gathered *ingest.Result
	photos   map[string]makeup.Photo
	made     *makeup.Result
	folder   *publish.Folder
	warnings []publish.Warning
	pdfDone  chan error    // the edition PDF being written, nil when not
	pdfTook  time.Duration // how long it took
	manifest *publish.Manifest
	report   *publish.Report
	share    string // share image file name, "" when not written
	day      time.Time
	missing  map[string]bool
	adsFS    fs.FS
	tools    func() (*tools, error) // waits for the warm-up started by Run
}

// tools are what make-up needs that does not depend on the day's stories:
// the fonts, the edition's styles, the hyphenation patterns and a shaper
// that has read the faces. Run prepares them while gather reads stories.
type tools struct {
	styles *makeup.Styles
	shaper *shape.Shaper
	hyph   *hyph.Hyphenator
}

func warmUp(ed *editions.Edition) func() (*tools, error) {
	var t tools
	var err error
	done := make(chan struct{})
	go func() {
		defer close(done)
		var reg *fonts.Registry
		if reg, err = fonts.Default(); err != nil {
			return
		}
		if t.styles, err = makeup.LoadStyles(ed, reg); err != nil {
			return
		}
		t.shaper = shape.New()
		hyphDone := make(chan struct{})
		go func() {
			defer close(hyphDone)
			t.hyph = hyph.ForLanguage(ed.Language)
		}()
		b, y := t.styles.Body, t.styles
		// the faces every edition sets; fallbacks are read when used
		t.shaper.Prepare(b.Regular, b.Italic, b.Bold, b.BoldItalic, y.Headline, y.HeadReg, y.HeadIt, y.Masthead, y.Sans, y.SansBold)
		<-hyphDone
	}()
	return func() (*tools, error) {
		<-done
		return &t, err
	}
}

// step is one stage of a build, named in errors and timings.
type step struct {
	name string
	fn   func(context.Context) error
}

// newState starts a build: the configuration with its defaults, the day,
// and the warm-up that prepares fonts and styles while gather runs.
func newState(cfg Config) (*state, error) {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	day, err := time.ParseInLocation("2006-01-02", cfg.Date, cfg.Edition.Loc)
	if err != nil {
		return nil, fmt.Errorf("date %q is not YYYY-MM-DD", cfg.Date)
	}
	return &state{cfg: cfg, day: day, tools: warmUp(cfg.Edition)}, nil
}

// layoutSteps are the steps up to the laid-out pages, which Run and Layout
// share.
func (st *state) layoutSteps() []step {
	return []step{
		{"gather", st.gather},
		{"photos", st.probePhotos},
		{"make-up", st.makeup},
		{"prepare photos", st.preparePhotos},
	}
}

// Run builds one edition.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	st, err := newState(cfg)
	if err != nil {
		return nil, err
	}
	cfg, ed := st.cfg, st.cfg.Edition
	res := &Result{}
	steps := append(st.layoutSteps(), []step{
		{"open edition folder", st.open},
		// the edition PDF is written while the steps after it run: they
		// read the same laid-out pages and write other files
		{"start pdf", st.startPDF},
		{"page pdfs", st.pagePDFs},
		{"page images", st.pageImages},
		{"share image", st.shareImage},
		{"manifest", st.writeManifest},
		{"viewer", st.writeViewer},
		{"pdf", st.waitPDF},
		{"publish", st.publish},
	}...)
	abort := func() {
		st.waitPDF(ctx) // nothing may still be writing into the folder
		if st.folder != nil {
			st.folder.Abort()
		}
	}
	for _, s := range steps {
		if err := ctx.Err(); err != nil {
			abort()
			return nil, err
		}
		t0 := time.Now()
		if err := s.fn(ctx); err != nil {
			abort()
			return nil, fmt.Errorf("%s: %w", s.name, err)
		}
		d := time.Since(t0)
		if s.name == "pdf" {
			d = st.pdfTook
		}
		res.Steps = append(res.Steps, Step{s.name, d})
		cfg.Log.Debug("step done", "edition", ed.Slug, "step", s.name, "took", d)
	}
	res.Dir = st.folder.Target
	res.Report = st.report
	// The edition is published: the archive pages only list it, so they
	// are brought up to date whatever the context says, and a failure to
	// do so is logged, never the build's failure.
	t0 := time.Now()
	if err := UpdateArchive(cfg.Out); err != nil {
		cfg.Log.Error("archive pages not updated", "edition", ed.Slug, "out", cfg.Out, "error", err)
	}
	res.Steps = append(res.Steps, Step{"archive", time.Since(t0)})
	return res, nil
}

func (st *state) warn(w publish.Warning) {
	st.warnings = append(st.warnings, w)
	st.cfg.Log.Warn(w.Message, "edition", st.cfg.Edition.Slug, "file", w.File, "line", w.Line, "story", w.Story)
}

func (st *state) gather(context.Context) error {
	opt := ingest.DefaultOptions()
	opt.Date, opt.AnyDate = st.cfg.Date, st.cfg.AnyDate
	// When the stories are a folder on disk, symbolic links are checked
	// against the folder itself. (Interface values of different dynamic
	// types compare unequal without looking inside, so this is safe for
	// any file system.)
	if st.cfg.StoriesName != "" && st.cfg.Stories == os.DirFS(st.cfg.StoriesName) {
		opt.RootDir = st.cfg.StoriesName
	}
	g, err := ingest.Gather(st.cfg.Stories, st.cfg.Edition, opt)
	if err != nil {
		return err
	}
	for _, p := range g.Warnings {
		st.warn(publish.Warning{File: p.File, Line: p.Line, Message: p.Msg})
	}
	for _, e := range g.Entries {
		switch e.Decision {
		case ingest.Rejected:
			st.cfg.Log.Warn("story rejected", "edition", st.cfg.Edition.Slug, "file", e.File, "line", e.Line, "reason", e.Reason)
		case ingest.UnknownSection:
			st.cfg.Log.Warn("story held", "edition", st.cfg.Edition.Slug, "file", e.Where(), "reason", e.Reason)
		case ingest.Included, ingest.OutsideWindow:
		default:
			st.cfg.Log.Info("story left out", "edition", st.cfg.Edition.Slug, "file", e.Where(), "decision", string(e.Decision), "reason", e.Reason)
		}
	}
	st.gathered = g
	return nil
}

// probePhotos reads each picture's header; a broken picture is a warning
// and its story runs without it.
func (st *state) probePhotos(context.Context) error {
	st.photos = map[string]makeup.Photo{}
	for _, sec := range st.gathered.Sections {
		for _, s := range sec.Stories {
			kept := s.Images[:0]
			for _, im := range s.Images {
				if im.File == "" {
					st.warn(publish.Warning{File: s.File, Story: s.ID, Message: fmt.Sprintf("picture %s is not fetched (only local files are used)", im.URL)})
					continue
				}
				w, h, err := photo.Probe(st.cfg.Stories, im.File, st.cfg.Photo)
				if err != nil {
					st.warn(publish.Warning{File: s.File, Story: s.ID, Message: fmt.Sprintf("picture %s left out: %v", im.File, err)})
					continue
				}
				st.photos[im.File] = makeup.Photo{Src: im.File, W: w, H: h}
				kept = append(kept, im)
			}
			s.Images = kept
		}
	}
	return nil
}

func (st *state) makeup(context.Context) error {
	tl, err := st.tools()
	if err != nil {
		return err
	}
	styles := tl.styles
	in := makeup.Input{Edition: st.cfg.Edition, Date: st.day, Photos: st.photos, Breaker: &linebreak.Breaker{},
		NewBreaker: func() typeset.Breaker { return &linebreak.Breaker{} }, Workers: workers(st.cfg.Raster.Workers)}
	in.Ads = st.bookedAds()
	in.Shaper = tl.shaper
	if tl.hyph != nil {
		in.Hyphenator = typeset.Remembered(tl.hyph)
	}
	for i, sec := range st.gathered.Sections {
		in.Sections = append(in.Sections, makeup.Section{Name: sec.Name, Pages: st.cfg.Edition.Sections[i].Pages, Stories: sec.Stories})
	}
	made, err := makeup.Make(in, styles)
	if err != nil {
		return err
	}
	for _, w := range made.Warnings {
		st.warn(publish.Warning{Message: w})
	}
	for _, n := range made.Notes {
		st.cfg.Log.Info(n, "edition", st.cfg.Edition.Slug)
	}
	ids := make([]string, 0, len(made.Missing))
	for id := range made.Missing {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		file := ""
		for _, p := range made.Placements {
			if p.Story.ID == id {
				file = p.Story.File
			}
		}
		st.warn(publish.Warning{File: file, Story: id, Message: fmt.Sprintf("no font has the characters %s: they are left out", quoteRunes(made.Missing[id]))})
	}
	st.made = made
	return nil
}

func quoteRunes(rs []rune) string {
	var parts []string
	for _, r := range rs {
		parts = append(parts, fmt.Sprintf("%q (U+%04X)", string(r), r))
	}
	return strings.Join(parts, ", ")
}

// preparePhotos crops, scales and encodes every placed picture, in parallel.
func (st *state) preparePhotos(ctx context.Context) error {
	var imgs []*display.Image
	for pi := range st.made.Doc.Pages {
		for _, it := range st.made.Doc.Pages[pi].Items {
			if im, ok := it.(*display.Image); ok {
				imgs = append(imgs, im)
			}
		}
	}
	errs := make([]error, len(imgs))
	light := make([]bool, len(imgs)) // the picture's edge is near white
	var wg sync.WaitGroup
	sem := make(chan struct{}, workers(st.cfg.Raster.Workers))
	for i, im := range imgs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			fsys, name := st.cfg.Stories, im.Src
			a, ad := strings.CutPrefix(im.Src, adPrefix)
			if ad {
				fsys, name = st.adsFS, a
			}
			src, err := photo.Load(fsys, name, st.cfg.Photo)
			if err == nil {
				err = photo.Prepare(src, im, st.cfg.Photo)
			}
			// booked ads are printed as the advertiser sent them
			light[i] = err == nil && !ad && photo.LightEdges(im.Pix)
			errs[i] = err
		}()
	}
	wg.Wait()
	keylined := make(map[*display.Image]bool)
	for i, err := range errs {
		if light[i] {
			keylined[imgs[i]] = true
		}
		if err != nil {
			// the header was fine but the pixels are not: draw a grey box
			// rather than fail the edition
			st.warn(publish.Warning{File: imgs[i].Src, Message: fmt.Sprintf("picture could not be drawn: %v", err)})
		}
	}
	for pi := range st.made.Doc.Pages {
		page := &st.made.Doc.Pages[pi]
		items := page.Items[:0:0]
		for _, it := range page.Items {
			im, ok := it.(*display.Image)
			switch {
			case ok && im.Data == nil:
				grey := display.Color{R: 0xdd, G: 0xdd, B: 0xdd}
				it = &display.Rect{X: im.X, Y: im.Y, W: im.W, H: im.H, Fill: &grey}
			case ok && keylined[im]:
				items = append(items, it)
				it = keyline(im)
			}
			items = append(items, it)
		}
		page.Items = items
	}
	return nil
}

// keylineWidth is the hairline drawn round a picture with a light edge, in
// points; it lies inside the picture's box, so nothing else moves.
const keylineWidth = 0.5

func keyline(im *display.Image) *display.Rect {
	grey := display.Color{R: 0x55, G: 0x55, B: 0x55}
	h := keylineWidth / 2
	return &display.Rect{X: im.X + h, Y: im.Y + h, W: im.W - 2*h, H: im.H - 2*h, Stroke: &grey, StrokeWidth: keylineWidth}
}

func (st *state) open(ctx context.Context) error {
	ed := st.cfg.Edition
	f, err := publish.BeginContext(ctx, path.Join(st.cfg.Out, ed.Slug, st.cfg.Date))
	if err != nil {
		return err
	}
	st.folder = f
	return nil
}

func (st *state) renderPDF(context.Context) error {
	var buf bytes.Buffer
	if err := pdf.Write(&buf, st.made.Doc, st.cfg.PDF); err != nil {
		return err
	}
	return st.folder.WriteFile("edition.pdf", buf.Bytes())
}

// startPDF writes the edition PDF in the background; waitPDF waits for it
// and returns its error. The display list is read-only from here on.
func (st *state) startPDF(ctx context.Context) error {
	done := make(chan error, 1)
	st.pdfDone = done
	go func() {
		t0 := time.Now()
		err := st.renderPDF(ctx)
		st.pdfTook = time.Since(t0)
		done <- err
	}()
	return nil
}

func (st *state) waitPDF(context.Context) error {
	if st.pdfDone == nil {
		return nil
	}
	err := <-st.pdfDone
	st.pdfDone = nil
	return err
}

func pageName(i int, ext string) string { return fmt.Sprintf("pages/page-%02d.%s", i+1, ext) }
func thumbName(i int) string            { return fmt.Sprintf("pages/thumb-%02d.jpg", i+1) }

func (st *state) pagePDFs(ctx context.Context) error {
	if st.cfg.PDFOnly {
		return nil
	}
	doc := st.made.Doc
	errs := make([]error, len(doc.Pages))
	var wg sync.WaitGroup
	sem := make(chan struct{}, workers(st.cfg.Raster.Workers))
	for i := range doc.Pages {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			var buf bytes.Buffer
			if err := pdf.WritePage(&buf, doc, i, st.cfg.PDF); err != nil {
				errs[i] = err
				return
			}
			errs[i] = st.folder.WriteFile(pageName(i, "pdf"), buf.Bytes())
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func (st *state) pageImages(ctx context.Context) error {
	if !st.cfg.Images || st.cfg.PDFOnly {
		return nil
	}
	outs, err := raster.RenderAll(ctx, st.made.Doc, st.cfg.Raster)
	if err != nil {
		return err
	}
	for i, o := range outs {
		if err := st.folder.WriteFile(pageName(i, "jpg"), o.Image); err != nil {
			return err
		}
		if err := st.folder.WriteFile(thumbName(i), o.Thumb); err != nil {
			return err
		}
	}
	return nil
}

func workers(n int) int {
	if n < 1 {
		return 1
	}
	return n
}

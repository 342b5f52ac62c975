package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/internal/watch"
	"github.com/epaper/epaper/pipeline"
	"github.com/epaper/epaper/story"
	"github.com/urfave/cli/v2"
)

// The proof loop of serve --watch: build the edition, watch its files, and
// build it again when one changes, telling the open pages (live.go).

// How often the files are polled (at least; a large stories folder is
// polled less often, see watch.Interval), and how long they must be still
// after a change before the rebuild starts.
const (
	pollEvery = 50 * time.Millisecond
	stillFor  = 50 * time.Millisecond
)

// watchedEdition is one edition serve --watch builds.
type watchedEdition struct {
	flags sourceFlags
	// cache keeps the pictures and pages of the last build for the next.
	cache *pipeline.Cache
	// adsRoots are the edition's ads file and the folders of their
	// artwork, as of the last time the edition file could be read.
	adsRoots []string
	// name is the edition and date, for messages, as of the last build.
	name string
}

// watcher builds the editions and rebuilds them when their files change.
type watcher struct {
	eds      []*watchedEdition
	settings buildSettings
	hub      *hub
	stdout   io.Writer
	log      *slog.Logger
	// skip is the output folder (absolute): never a change.
	skip string
	// base is the folder changed files are named relative to in messages.
	base string
}

// serveWatch is serve --watch.
func serveWatch(c *cli.Context, dir string) error {
	settings := buildSettingsOf(c)
	settings.workers = 0 // one edition at a time, on every CPU
	w := &watcher{settings: settings, hub: newHub(), stdout: c.App.Writer}
	w.log = slog.New(slog.NewTextHandler(c.App.ErrWriter, &slog.HandlerOptions{Level: slog.LevelError}))
	files := c.StringSlice("edition")
	if len(files) == 0 && c.String("stories") == "" {
		// the bundled sample, copied where the desk can edit it
		copyDir, flags, err := copySample(c.String("sample"), c.String("date"))
		if err != nil {
			return err
		}
		defer os.RemoveAll(copyDir)
		fmt.Fprintf(c.App.Writer, "The bundled sample is copied to %s: edit its stories and the pages follow (the copy goes when serve stops)\n", copyDir)
		w.eds = append(w.eds, &watchedEdition{flags: flags})
		w.base = copyDir
	} else if len(files) == 0 {
		w.eds = append(w.eds, &watchedEdition{flags: sourceFlagsOf(c, nil)})
	}
	for _, f := range files {
		w.eds = append(w.eds, &watchedEdition{flags: sourceFlagsOf(c, &f)})
	}
	// the command line is checked before anything is served; an edition
	// file that does not load is a failed build, shown like any other
	var urls []string
	for _, e := range w.eds {
		e.cache = pipeline.NewCache()
		in, err := e.flags.resolve()
		var ue usageError
		if errors.As(err, &ue) {
			return err
		}
		if err == nil {
			e.name = in.ed.Slug + " " + in.date
			e.adsRoots = adsRoots(in.ed)
			urls = append(urls, in.ed.Slug+"/"+in.date+"/")
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if abs, err := filepath.Abs(dir); err == nil {
		w.skip = abs
	}
	if w.base == "" {
		w.base, _ = os.Getwd()
	}
	return serve(c.Context, dir, c.String("addr"), preview{
		handler: liveHandler(dir, w.hub),
		stop:    w.hub.close,
		also: func(ctx context.Context, base string) {
			for _, u := range urls {
				fmt.Fprintf(w.stdout, "  %s%s\n", base, u)
			}
			w.run(ctx)
		},
	}, c.App.Writer)
}

// copySample writes the bundled sample (lang: en or mr) into a new
// temporary folder and returns it, with the flags that build it from
// there; date, when given, is the day to build.
func copySample(lang, date string) (string, sourceFlags, error) {
	var files fs.FS
	var err error
	var day string
	switch lang {
	case "en", "":
		files, err = editions.SampleFiles()
		day = editions.SampleDate
	case "mr":
		files, err = editions.SampleMarathiFiles()
		day = editions.SampleMarathiDate
	default:
		return "", sourceFlags{}, usageError{fmt.Errorf("--sample %q: the bundled samples are en and mr", lang)}
	}
	if err != nil {
		return "", sourceFlags{}, err
	}
	dir, err := os.MkdirTemp("", "epaper-sample-")
	if err != nil {
		return "", sourceFlags{}, err
	}
	if err := os.CopyFS(dir, files); err != nil {
		os.RemoveAll(dir)
		return "", sourceFlags{}, err
	}
	if date != "" {
		day = date
	}
	return dir, sourceFlags{edition: filepath.Join(dir, "edition.yaml"), stories: filepath.Join(dir, "stories"), date: day}, nil
}

// roots are the files and folders to watch: every edition's file, ads file
// and artwork folders, stories folder, and the plan. Paths are absolute.
func (w *watcher) roots() []string {
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		if p == "" {
			return
		}
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, e := range w.eds {
		add(e.flags.edition)
		add(e.flags.stories)
		for _, r := range e.adsRoots {
			add(r)
		}
	}
	add(w.settings.plan)
	sort.Strings(out)
	return out
}

// adsRoots are the ads file of an edition loaded from a file, the folders
// of its ads' artwork, its templates folder and its boxes' files.
func adsRoots(ed *editions.Edition) []string {
	if ed.File == "" {
		return nil
	}
	dir := filepath.Dir(ed.File)
	var roots []string
	if ed.TemplatesDir != "" {
		roots = append(roots, ed.TemplatesPath())
	}
	for _, f := range ed.Boxes {
		roots = append(roots, ed.Path(f))
	}
	if ed.Ads == "" {
		return roots
	}
	roots = append(roots, filepath.Join(dir, filepath.FromSlash(ed.Ads)))
	b, err := editions.ReadAds(ed)
	if err != nil {
		return roots
	}
	for _, a := range b.Ads {
		roots = append(roots, filepath.Dir(filepath.Join(dir, filepath.FromSlash(a.File))))
	}
	return roots
}

// take polls the files being watched.
func (w *watcher) take() watch.Snapshot { return watch.Take(w.roots(), w.skip) }

// run builds the editions, then rebuilds them whenever their files change
// until ctx ends.
func (w *watcher) run(ctx context.Context) {
	// taken before the build: what changes during it is seen after it
	prev := w.rebuild(ctx, nil, w.take())
	deb := watch.Debouncer{Quiet: stillFor}
	timer := time.NewTimer(pollEvery)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		t0 := time.Now()
		snap := w.take()
		next := watch.Interval(pollEvery, time.Since(t0))
		rebuild, paths := deb.Poll(time.Now(), watch.Diff(prev, snap))
		prev = snap
		if rebuild {
			prev = w.rebuild(ctx, paths, prev)
		}
		timer.Reset(next)
	}
}

// rebuild builds the editions and returns the snapshot to compare the
// next poll with: prev, taken before the build, or, when the build found
// the edition naming other ads, prev with the files of the new roots
// added as they are now (they are not changes; what changed during the
// build in the old roots still is).
func (w *watcher) rebuild(ctx context.Context, changed []string, prev watch.Snapshot) watch.Snapshot {
	roots := w.roots()
	w.build(ctx, changed)
	if slices.Equal(roots, w.roots()) {
		return prev
	}
	fresh := w.take()
	for p := range fresh {
		if st, ok := prev[p]; ok {
			fresh[p] = st
		}
	}
	return fresh
}

// build builds every edition once, printing a line for each, and tells the
// open pages; changed are the files that changed (none for the first
// build).
func (w *watcher) build(ctx context.Context, changed []string) {
	w.hub.set(func(s *buildState) { s.Building = true })
	published := false
	var errs []string
	for _, e := range w.eds {
		ok, err := w.buildOne(ctx, e, changed)
		if ctx.Err() != nil {
			return // stopping: nothing to tell
		}
		published = published || ok
		if err != nil {
			errs = append(errs, err.Error())
		}
	}
	w.hub.set(func(s *buildState) {
		s.Building = false
		if published {
			s.Published++
		}
		s.Error = strings.Join(errs, "\n")
	})
}

// buildOne builds one edition and prints its line: when, what changed,
// how long it took, the pages and warnings, or the error.
func (w *watcher) buildOne(ctx context.Context, e *watchedEdition, changed []string) (published bool, err error) {
	t0 := time.Now()
	verb, cause := "built", ""
	if changed != nil {
		verb, cause = "rebuilt", " ("+w.describe(changed)+")"
	}
	in, err := e.flags.resolve()
	if err == nil {
		e.name = in.ed.Slug + " " + in.date
		e.adsRoots = adsRoots(in.ed)
		var cfg pipeline.Config
		cfg, err = buildConfig(in, w.settings, w.log)
		cfg.Cache = e.cache
		var res *pipeline.Result
		if err == nil {
			res, err = pipeline.Run(ctx, cfg)
		}
		if err == nil {
			redrawn := ""
			if changed != nil && cfg.Images && !cfg.PDFOnly {
				redrawn = fmt.Sprintf(" (%d drawn again)", e.cache.LastBuild().PagesDrawn)
			}
			fmt.Fprintf(w.stdout, "%s %s %s in %.2fs%s: %s%s, %s\n", t0.Format("15:04:05"), verb, e.name, time.Since(t0).Seconds(), cause, count(res.Report.Summary.Pages, "page"), redrawn, outcomeOf(res))
			return true, nil
		}
	}
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	name := e.name
	if name == "" {
		name = e.flags.edition
	}
	fmt.Fprintf(w.stdout, "%s %s failed after %.2fs%s: %v; the last edition built stays\n", t0.Format("15:04:05"), name, time.Since(t0).Seconds(), cause, err)
	return false, fmt.Errorf("%s: %w", name, err)
}

// outcomeOf says what became of the stories: how many placed, held and
// rejected (with the first rejected file and why, as the desk has most
// likely just saved it) and how many other warnings, and where the report
// is when there is something in it to read.
func outcomeOf(res *pipeline.Result) string {
	s := res.Report.Summary
	var b strings.Builder
	fmt.Fprintf(&b, "%d placed", s.Placed+s.Jumped)
	if s.Held > 0 {
		fmt.Fprintf(&b, ", %d held", s.Held)
	}
	if s.Rejected > 0 {
		fmt.Fprintf(&b, ", %d rejected", s.Rejected)
		for _, st := range res.Report.Stories {
			if st.Status == story.Rejected {
				fmt.Fprintf(&b, " (%s:%d: %s)", st.File, st.Line, st.Reason)
				break
			}
		}
	}
	fmt.Fprintf(&b, ", %s", count(s.Warnings, "warning"))
	if s.HasWarnings() {
		fmt.Fprintf(&b, ": see %s", filepath.Join(res.Dir, "report.json"))
	}
	return b.String()
}

// describe names the files that changed, relative to the base folder.
func (w *watcher) describe(changed []string) string {
	name := func(p string) string {
		if rel, err := filepath.Rel(w.base, p); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
		return p
	}
	switch len(changed) {
	case 0:
		return "nothing changed"
	case 1:
		return name(changed[0]) + " changed"
	case 2:
		return name(changed[0]) + " and " + name(changed[1]) + " changed"
	}
	return fmt.Sprintf("%s and %d other files changed", name(changed[0]), len(changed)-1)
}

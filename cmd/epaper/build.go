package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/epaper/epaper/internal/work"
	"github.com/epaper/epaper/photo"
	"github.com/epaper/epaper/pipeline"
	"github.com/epaper/epaper/publish"
	"github.com/urfave/cli/v2"
	"gopkg.in/yaml.v3"
)

func buildCommand() *cli.Command {
	return &cli.Command{
		Name:         "build",
		OnUsageError: commandUsageError,
		Usage:        "build an edition: PDF, page images, manifest, report and viewer",
		Description: "Writes OUT/<slug>/<date>/, replacing the previous build of that edition only\n" +
			"when the new one is complete. With no flags, builds the bundled sample edition\n" +
			"(--sample mr: the Marathi one).\n" +
			"Several --edition flags, or --all DIR, build several editions in parallel from\n" +
			"the same stories; one failing never stops the others.",
		Flags: append(append(append([]cli.Flag{}, editionFlags...),
			&cli.StringFlag{Name: "all", Usage: "build every edition file (*.yaml) in this folder", TakesFile: true},
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Value: "out", Usage: "folder the edition folders are written under", TakesFile: true},
			&cli.BoolFlag{Name: "no-images", Usage: "skip page images and thumbnails"},
			&cli.BoolFlag{Name: "pdf-only", Usage: "write only edition.pdf, manifest.json and report.json (a print run)"},
			&cli.IntFlag{Name: "workers", Value: 0, Usage: "pages rendered at once (default: the number of CPUs)"},
			&cli.StringFlag{Name: "log-format", Value: "text", Usage: "log format on stderr: text or json"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print only warnings and errors"},
			&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "also log each step of the build and how long it took"},
			&cli.StringFlag{Name: "cache", Value: defaultCacheDir(), Usage: "folder where prepared pictures are kept for the other editions and the next builds", TakesFile: true},
			&cli.IntFlag{Name: "cache-size", Value: defaultCacheMB, Usage: "most the cache folder holds, in MB; the pictures used longest ago go first"},
			&cli.BoolFlag{Name: "no-cache", Usage: "keep no prepared pictures on disk (the editions of the run still share them)"},
			&cli.StringFlag{Name: "cpuprofile", Usage: "write a CPU profile of the build to this file", TakesFile: true},
			&cli.StringFlag{Name: "memprofile", Usage: "write a profile of the memory the build allocated to this file", TakesFile: true},
		), planFlags...),
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usageError{fmt.Errorf("build takes no arguments, got %q", c.Args().Slice())}
			}
			if f := c.String("cpuprofile"); f != "" {
				out, err := os.Create(f)
				if err != nil {
					return err
				}
				defer out.Close()
				if err := pprof.StartCPUProfile(out); err != nil {
					return err
				}
				defer pprof.StopCPUProfile()
			}
			if f := c.String("memprofile"); f != "" {
				runtime.MemProfileRate = 64 << 10
				defer func() {
					runtime.GC() // the profile counts what the last collection saw
					if out, err := os.Create(f); err == nil {
						pprof.Lookup("allocs").WriteTo(out, 0)
						out.Close()
					}
				}()
			}
			jobs, err := jobsOf(c)
			if err != nil {
				return err
			}
			log, err := logger(c, c.App.ErrWriter)
			if err != nil {
				return err
			}
			results, shared := runJobs(c, jobs, log)
			if st := shared.Stats(); len(jobs) > 1 {
				log.Debug("work shared by the editions", "outputs_drawn", st.Drawn, "outputs_reused", st.Reused,
					"set", st.SetMade, "set_reused", st.SetReused,
					"pictures_checked", st.Checked, "checks_reused", st.ChecksReused, "pictures_prepared", st.Prepared, "pictures_reused", st.PreparedReused)
			}
			if peak := peakMemory(); peak > 0 {
				log.Debug("peak memory", "mib", peak>>20)
			}
			w := c.App.Writer
			if c.Bool("quiet") {
				w = io.Discard // the status error still says what the desk must read
			}
			return summarize(w, results)
		},
	}
}

// job is one edition to build.
type job struct {
	input
	file string // edition file, "" for the bundled sample
	err  error  // the edition file could not be loaded
}

// notAdsFiles leaves out of a folder's YAML files its ads files, which
// sit beside the editions that book them: a file that is a list of ads
// (a top-level ads list and no sections).
func notAdsFiles(files []string) []string {
	var out []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		var top map[string]yaml.Node
		if err == nil && yaml.Unmarshal(data, &top) == nil {
			ads, hasAds := top["ads"]
			_, hasSections := top["sections"]
			if hasAds && ads.Kind == yaml.SequenceNode && !hasSections {
				continue
			}
		}
		out = append(out, f)
	}
	return out
}

// jobsOf reads the editions named on the command line.
func jobsOf(c *cli.Context) ([]job, error) {
	files := c.StringSlice("edition")
	if dir := c.String("all"); dir != "" {
		ms, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
		if err != nil {
			return nil, usageError{err}
		}
		ym, _ := filepath.Glob(filepath.Join(dir, "*.yml"))
		ms = notAdsFiles(append(ms, ym...))
		sort.Strings(ms)
		if len(ms) == 0 {
			return nil, usageError{fmt.Errorf("--all %s: no edition files (*.yaml) there", dir)}
		}
		files = append(files, ms...)
	}
	if len(files) > 0 && c.String("stories") == "" {
		return nil, usageError{fmt.Errorf("--edition needs --stories: the folder of the day's stories")}
	}
	if len(files) == 0 {
		in, err := source(c, nil)
		if err != nil {
			return nil, err
		}
		return []job{{input: in}}, nil
	}
	var jobs []job
	for _, f := range files {
		in, err := source(c, &f)
		var ue usageError
		if errors.As(err, &ue) {
			return nil, err
		}
		jobs = append(jobs, job{input: in, file: f, err: err})
	}
	// two edition files of one slug would write one folder, each build
	// replacing the other's: the second is refused
	bySlug := map[string]string{}
	for i, j := range jobs {
		if j.err != nil || j.ed == nil {
			continue
		}
		if first, ok := bySlug[j.ed.Slug]; ok {
			jobs[i].err = fmt.Errorf("%s: slug %q is %s's too: both would write %s; give each edition its own slug", j.file, j.ed.Slug, first, filepath.Join(c.String("out"), j.ed.Slug))
			continue
		}
		bySlug[j.ed.Slug] = j.file
	}
	return jobs, nil
}

// outcome is what became of one job.
type outcome struct {
	job  job
	res  *pipeline.Result
	err  error
	took time.Duration
}

// buildSettings are what the command line says about every build of a
// run besides its edition, stories and date. build and serve --watch both
// read them with buildSettingsOf and make each build's configuration with
// buildConfig, so the two commands build an edition the same way.
type buildSettings struct {
	out             string
	anyDate         bool
	images, pdfOnly bool
	workers         int
	// plan and lock are --plan FILE and --lock PAGES as given: the plan
	// is read for each build, so serve --watch takes the desk's edits
	plan, lock string
	// pictures is the budget of pictures in memory the editions built at
	// once share
	pictures *photo.Budget
	// shared is what the editions of the run share: the stories read,
	// the words shaped and the pictures prepared (nil: nothing)
	shared *pipeline.Shared
}

// buildSettingsOf reads the flags; a flag the command does not have reads
// as its zero value.
func buildSettingsOf(c *cli.Context) buildSettings {
	return buildSettings{
		out:     c.String("out"),
		anyDate: c.Bool("any-date"),
		images:  !c.Bool("no-images"),
		pdfOnly: c.Bool("pdf-only"),
		workers: c.Int("workers"),
		plan:    c.String("plan"),
		lock:    c.String("lock"),
	}
}

// buildConfig is the configuration of one edition's build; it fails when
// the desk's plan cannot be read.
func buildConfig(in input, s buildSettings, log *slog.Logger) (pipeline.Config, error) {
	cfg := pipeline.DefaultConfig()
	cfg.Edition, cfg.Stories, cfg.StoriesName, cfg.Date = in.ed, in.stories, in.storiesName, in.date
	cfg.AnyDate = s.anyDate
	cfg.Out = s.out
	cfg.Images = s.images
	cfg.PDFOnly = s.pdfOnly
	if s.workers > 0 {
		cfg.Workers = s.workers
	}
	cfg.Log = log // the pipeline names the edition in every record
	if s.pictures != nil {
		cfg.Photo.Budget = s.pictures
	}
	cfg.Shared = s.shared
	desk, err := deskPlan(s.plan, s.lock)
	cfg.Plan = desk
	return cfg, err
}

// runJobs builds the editions, as many at once as there are CPUs, each
// with its share of the workers, sharing what they have in common; it
// returns what became of each and what they shared.
func runJobs(c *cli.Context, jobs []job, log *slog.Logger) ([]outcome, *pipeline.Shared) {
	out := make([]outcome, len(jobs))
	settings := buildSettingsOf(c)
	if _, err := deskPlan(settings.plan, settings.lock); err != nil {
		for i := range out {
			out[i] = outcome{job: jobs[i], err: err}
		}
		return out, nil
	}
	par := work.Workers(runtime.NumCPU(), len(jobs))
	if oneNight(jobs) {
		// city editions of one night share their gathering, setting and
		// pictures: the first does that work and the others wait for it,
		// so building them one at a time, each on every core, is as fast
		// (4% faster for six cities of a 114-story day) and holds a
		// quarter less memory
		par = 1
	}
	if settings.workers <= 0 {
		settings.workers = max(1, runtime.NumCPU()/par)
	}
	// the editions built at once share one budget for the pictures in
	// memory, so building several does not multiply it, and everything
	// they can share
	settings.pictures = photo.NewBudget(photo.DefaultSettings().DecodeBudget)
	settings.shared = pipeline.NewShared(pictureStore(c, log), len(jobs))
	setMemoryLimit(par)
	// every edition is built whatever becomes of the others, so no job
	// returns an error and the context given is never cancelled by one
	work.Each(context.Background(), par, len(jobs), func(_, i int) error {
		j := jobs[i]
		out[i].job = j
		if j.err != nil {
			out[i].err = j.err
			log.Error("edition file rejected", "file", j.file, "error", j.err)
			return nil
		}
		cfg, err := buildConfig(j.input, settings, log)
		if err != nil {
			out[i].err = err
			return nil
		}
		t0 := time.Now()
		log.Info("building edition", "edition", j.ed.Slug, "date", j.date, "stories", j.storiesName)
		res, err := pipeline.Run(c.Context, cfg)
		out[i].res, out[i].took = res, time.Since(t0)
		if err != nil {
			out[i].err = fmt.Errorf("edition %s %s: %w", j.ed.Slug, j.date, err)
			log.Error("edition failed", "edition", j.ed.Slug, "date", j.date, "error", err)
		}
		return nil
	})
	return out, settings.shared
}

// oneNight tells whether the jobs are editions of one night: the same
// stories on the same date.
func oneNight(jobs []job) bool {
	for _, j := range jobs[1:] {
		if j.storiesName != jobs[0].storiesName || j.date != jobs[0].date {
			return false
		}
	}
	return len(jobs) > 1
}

// summarize prints where each edition is and returns the status error.
func summarize(w io.Writer, outs []outcome) error {
	failed, warned := 0, 0
	var firstErr error
	for _, o := range outs {
		if o.err != nil {
			failed++
			if firstErr == nil {
				firstErr = o.err
			}
			continue
		}
		if o.res.HasWarnings() {
			warned++
		}
	}
	if len(outs) == 1 {
		o := outs[0]
		if o.err != nil {
			return o.err
		}
		s := o.res.Report.Summary
		abs, _ := filepath.Abs(o.res.Dir)
		fmt.Fprintf(w, "Edition written to %s\n", abs)
		fmt.Fprintf(w, "  %s, %s placed (%d of them jumped), %d held, %d rejected, %s (%.1fs)\n",
			count(s.Pages, "page"), count(s.Placed+s.Jumped, "story"), s.Jumped, s.Held, s.Rejected, count(s.Warnings, "warning"), o.took.Seconds())
		if o.res.Report.Previous {
			fmt.Fprintf(w, "  %s\n", publish.ChangeSummary(o.res.Report.Changes))
		}
		fmt.Fprintf(w, "  open %s in a browser, or %s\n", filepath.Join(abs, "index.html"), filepath.Join(abs, "edition.pdf"))
		if o.res.HasWarnings() {
			return warningsError{fmt.Sprintf("for the desk to read: %d held, %d rejected, %s: see %s", s.Held, s.Rejected, count(s.Warnings, "other warning"), filepath.Join(abs, "report.json"))}
		}
		return nil
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "EDITION\tDATE\tSTATUS\tPAGES\tPLACED\tHELD\tREJECTED\tWARNINGS\tTIME\tFOLDER")
	for _, o := range outs {
		name := o.job.file
		if o.job.ed != nil {
			name = o.job.ed.Slug
		}
		if o.err != nil {
			fmt.Fprintf(tw, "%s\t%s\tFAILED\t\t\t\t\t\t%.1fs\t%v\n", name, o.job.date, o.took.Seconds(), o.err)
			continue
		}
		s := o.res.Report.Summary
		status := "ok"
		if o.res.HasWarnings() {
			status = "warnings"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%.1fs\t%s\n", name, o.job.date, status, s.Pages, s.Placed+s.Jumped, s.Held, s.Rejected, s.Warnings, o.took.Seconds(), o.res.Dir)
	}
	tw.Flush()
	switch {
	case failed > 0:
		return fmt.Errorf("%d of %d editions failed; first: %w", failed, len(outs), firstErr)
	case warned > 0:
		return warningsError{fmt.Sprintf("%d of %d editions published with warnings: see their report.json", warned, len(outs))}
	}
	return nil
}

// count writes n and a noun, in the plural unless n is 1.
func count(n int, noun string) string {
	switch {
	case n == 1:
		return "1 " + noun
	case strings.HasSuffix(noun, "y"):
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(noun, "y"))
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/epaper/epaper/build"
	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/ingest"
	"github.com/epaper/epaper/photo"
	"github.com/epaper/epaper/story"
	"github.com/urfave/cli/v2"
)

// run is the whole command line, testable without a process.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	app := &cli.App{
		Name:      "epaper",
		Usage:     "build a newspaper's e-paper edition from the day's stories",
		UsageText: "epaper build [--edition FILE --stories DIR --date YYYY-MM-DD --out DIR]\n   epaper gather --stories DIR --date YYYY-MM-DD [--edition FILE] --json\n   epaper validate [--edition FILE ...] [--stories DIR] [--date YYYY-MM-DD]",
		Description: "With no flags, \"epaper build\" builds the bundled sample edition into ./out.\n\n" +
			"Exit statuses: 0 published; 3 published with warnings (held or rejected stories,\n" +
			"missing glyphs, unreadable pictures: see report.json); 1 failed, nothing new\n" +
			"published; 2 wrong command line.",
		Writer:          stdout,
		ErrWriter:       stderr,
		HideHelpCommand: false,
		ExitErrHandler:  func(*cli.Context, error) {},
		OnUsageError: func(c *cli.Context, err error, _ bool) error {
			return usageError{err}
		},
		Commands: []*cli.Command{buildCommand(), gatherCommand(), serveCommand(), validateCommand()},
	}
	if len(args) <= 1 {
		return usageError{fmt.Errorf("no command given: try \"epaper build\" or \"epaper help\"")}
	}
	err := app.RunContext(ctx, args)
	if err != nil && strings.HasPrefix(err.Error(), "No help topic") {
		return usageError{err}
	}
	return err
}

var editionFlags = []cli.Flag{
	&cli.StringSliceFlag{Name: "edition", Aliases: []string{"e"}, Usage: "edition file (YAML), repeatable; the bundled sample edition when not given", TakesFile: true},
	&cli.StringFlag{Name: "stories", Aliases: []string{"s"}, Usage: "folder of the day's story files; the bundled sample stories when not given", TakesFile: true},
	&cli.StringFlag{Name: "date", Aliases: []string{"d"}, Usage: "the edition's day, YYYY-MM-DD, in the edition's time zone (default: today; the sample's day for the sample)"},
	&cli.BoolFlag{Name: "any-date", Usage: "take stories of any date (to check a feed or an archive)"},
	sampleFlag,
}

// sampleFlag chooses the bundled sample edition used when no --edition is given.
var sampleFlag = &cli.StringFlag{Name: "sample", Value: "en", Usage: "the bundled sample edition used without --edition: en (English) or mr (Marathi)"}

// bundledSample returns the bundled sample edition the --sample flag names,
// its stories and their day.
func bundledSample(c *cli.Context) (*editions.Edition, fs.FS, string, error) {
	switch lang := c.String("sample"); lang {
	case "en", "":
		ed, stories, err := editions.Sample()
		return ed, stories, editions.SampleDate, err
	case "mr":
		ed, stories, err := editions.SampleMarathi()
		return ed, stories, editions.SampleMarathiDate, err
	default:
		return nil, nil, "", usageError{fmt.Errorf("--sample %q: the bundled samples are en and mr", lang)}
	}
}

// source resolves the edition, stories and date flags.
func source(c *cli.Context, file *string) (*editions.Edition, fs.FS, string, string, error) {
	var ed *editions.Edition
	var stories fs.FS
	storiesName := "(bundled sample stories)"
	date := c.String("date")
	sample, sampleFS, sampleDate, err := bundledSample(c)
	if err != nil {
		return nil, nil, "", "", err
	}
	edFile := ""
	if file != nil {
		edFile = *file
	} else if fs := c.StringSlice("edition"); len(fs) > 0 {
		edFile = fs[0]
	}
	if edFile != "" && c.IsSet("sample") {
		return nil, nil, "", "", usageError{fmt.Errorf("--sample chooses a bundled edition: give it or --edition, not both")}
	}
	if edFile != "" && c.String("stories") == "" {
		return nil, nil, "", "", usageError{fmt.Errorf("--edition needs --stories: the folder of the day's stories")}
	}
	if f := edFile; f != "" {
		ed, err = editions.LoadFile(f)
		if err != nil {
			return nil, nil, "", "", err
		}
	} else {
		ed = sample
	}
	if d := c.String("stories"); d != "" {
		fi, err := os.Stat(d)
		if err != nil {
			return nil, nil, "", "", usageError{fmt.Errorf("--stories: %w", err)}
		}
		if !fi.IsDir() {
			return nil, nil, "", "", usageError{fmt.Errorf("--stories %s is not a folder", d)}
		}
		stories, storiesName = os.DirFS(d), d
	} else {
		stories = sampleFS
		if date == "" {
			date = sampleDate
		}
	}
	if date == "" {
		date = time.Now().In(ed.Loc).Format("2006-01-02")
	}
	if _, err := time.Parse("2006-01-02", date); err != nil {
		return nil, nil, "", "", usageError{fmt.Errorf("--date %q is not YYYY-MM-DD", date)}
	}
	return ed, stories, storiesName, date, nil
}

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
		Flags: append(append([]cli.Flag{}, editionFlags...),
			&cli.StringFlag{Name: "all", Usage: "build every edition file (*.yaml) in this folder", TakesFile: true},
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Value: "out", Usage: "folder the edition folders are written under", TakesFile: true},
			&cli.BoolFlag{Name: "no-images", Usage: "skip page images and thumbnails"},
			&cli.BoolFlag{Name: "pdf-only", Usage: "write only edition.pdf, manifest.json and report.json (a print run)"},
			&cli.IntFlag{Name: "workers", Value: 0, Usage: "pages rendered at once (default: the number of CPUs)"},
			&cli.StringFlag{Name: "log-format", Value: "text", Usage: "log format on stderr: text or json"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print only warnings and errors"},
			&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "also log each step of the build and how long it took"},
			&cli.StringFlag{Name: "cpuprofile", Usage: "write a CPU profile of the build to this file", TakesFile: true},
			&cli.StringFlag{Name: "memprofile", Usage: "write a profile of the memory the build allocated to this file", TakesFile: true},
		),
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
			results := runJobs(c, jobs, log)
			return summarize(c.App.Writer, results)
		},
	}
}

// job is one edition to build.
type job struct {
	file    string // edition file, "" for the bundled sample
	ed      *editions.Edition
	stories fs.FS
	name    string
	date    string
	err     error // the edition file could not be loaded
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
		ms = append(ms, ym...)
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
		ed, stories, name, date, err := source(c, nil)
		if err != nil {
			return nil, err
		}
		return []job{{ed: ed, stories: stories, name: name, date: date}}, nil
	}
	var jobs []job
	for _, f := range files {
		ed, stories, name, date, err := source(c, &f)
		if err != nil {
			var ue usageError
			if errors.As(err, &ue) {
				return nil, err
			}
		}
		jobs = append(jobs, job{file: f, ed: ed, stories: stories, name: name, date: date, err: err})
	}
	return jobs, nil
}

// outcome is what became of one job.
type outcome struct {
	job  job
	res  *build.Result
	err  error
	took time.Duration
}

// runJobs builds the editions, as many at once as there are CPUs, each
// with its share of the rendering workers.
func runJobs(c *cli.Context, jobs []job, log *slog.Logger) []outcome {
	out := make([]outcome, len(jobs))
	par := min(len(jobs), runtime.NumCPU())
	workers := c.Int("workers")
	if workers <= 0 {
		workers = max(1, runtime.NumCPU()/par)
	}
	sem := make(chan struct{}, par)
	var wg sync.WaitGroup
	for i, j := range jobs {
		out[i].job = j
		if j.err != nil {
			out[i].err = j.err
			log.Error("edition file rejected", "file", j.file, "error", j.err)
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			cfg := build.DefaultConfig()
			cfg.Edition, cfg.Stories, cfg.StoriesName, cfg.Date = j.ed, j.stories, j.name, j.date
			cfg.AnyDate = c.Bool("any-date")
			cfg.Out = c.String("out")
			cfg.Images = !c.Bool("no-images")
			cfg.PDFOnly = c.Bool("pdf-only")
			cfg.Raster.Workers = workers
			cfg.Log = log // build names the edition in every record
			t0 := time.Now()
			log.Info("building edition", "edition", j.ed.Slug, "date", j.date, "stories", j.name)
			res, err := build.Run(c.Context, cfg)
			out[i].res, out[i].took = res, time.Since(t0)
			if err != nil {
				out[i].err = fmt.Errorf("edition %s %s: %w", j.ed.Slug, j.date, err)
				log.Error("edition failed", "edition", j.ed.Slug, "date", j.date, "error", err)
			}
		}()
	}
	wg.Wait()
	return out
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
		fmt.Fprintf(w, "  %d pages, %d stories placed (%d jumped), %d held, %d rejected, %d warnings (%.1fs)\n",
			s.Pages, s.Placed+s.Jumped, s.Jumped, s.Held, s.Rejected, s.Warnings, o.took.Seconds())
		fmt.Fprintf(w, "  open %s in a browser, or %s\n", filepath.Join(abs, "index.html"), filepath.Join(abs, "edition.pdf"))
		if o.res.HasWarnings() {
			return warningsError{fmt.Sprintf("%d held, %d rejected, %d warnings: see %s", s.Held, s.Rejected, s.Warnings, filepath.Join(abs, "report.json"))}
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

func logger(c *cli.Context, w io.Writer) (*slog.Logger, error) {
	level := slog.LevelInfo
	if c.Bool("quiet") {
		level = slog.LevelWarn
	}
	if c.Bool("verbose") {
		level = slog.LevelDebug
	}
	opts := &slog.HandlerOptions{Level: level}
	switch c.String("log-format") {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, usageError{fmt.Errorf("--log-format must be text or json, not %q", c.String("log-format"))}
}

func gatherCommand() *cli.Command {
	return &cli.Command{
		Name:         "gather",
		OnUsageError: commandUsageError,
		Usage:        "list the stories that would go into an edition, by section",
		UsageText:    "epaper gather --stories DIR --date YYYY-MM-DD [--edition FILE] [--any-date] [--json]",
		Description: "Reads every story file under --stories (or the edition's sources: folders,\n" +
			"files and globs under --stories): desk Markdown, ninjs, NITF, NewsML-G2, RSS\n" +
			"and Atom, told apart by content. Prints the stories by section and what became\n" +
			"of every other story: outside-window, embargoed, superseded (an older version),\n" +
			"duplicate, canceled, unknown-section or rejected (with file, line and reason).\n" +
			"--any-date turns the edition's time window off; embargoes still hold against\n" +
			"the cut-off of --date.",
		Flags: append(append([]cli.Flag{}, editionFlags...),
			&cli.BoolFlag{Name: "json", Usage: "print JSON (the sections, their stories, and every story's decision)"},
		),
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usageError{fmt.Errorf("gather takes no arguments, got %q", c.Args().Slice())}
			}
			ed, stories, _, date, err := source(c, nil)
			if err != nil {
				return err
			}
			opt := ingest.DefaultOptions()
			opt.Date, opt.AnyDate, opt.RootDir = date, c.Bool("any-date"), c.String("stories")
			res, err := ingest.Gather(stories, ed, opt)
			if err != nil {
				return err
			}
			if c.Bool("json") {
				enc := json.NewEncoder(c.App.Writer)
				enc.SetIndent("", "  ")
				enc.SetEscapeHTML(false)
				return enc.Encode(gatherJSON(ed, res))
			}
			w := c.App.Writer
			where := entriesByStory(res)
			for _, s := range res.Sections {
				fmt.Fprintf(w, "%s (%d)\n", s.Name, len(s.Stories))
				for _, st := range s.Stories {
					fmt.Fprintf(w, "  %d  %-60.60s  %s\n", st.Priority, st.Headline, where[st].Where())
				}
			}
			for _, e := range res.Entries {
				switch {
				case e.Decision == ingest.Included:
				case e.Line > 0:
					fmt.Fprintf(w, "%s %s:%d: %s\n", e.Decision, e.File, e.Line, e.Reason)
				default:
					fmt.Fprintf(w, "%s %s: %s\n", e.Decision, e.Where(), e.Reason)
				}
			}
			for _, p := range res.Warnings {
				fmt.Fprintf(w, "warning: %s\n", p)
			}
			return nil
		},
	}
}

// entriesByStory finds each gathered story's entry.
func entriesByStory(res *ingest.Result) map[*story.Story]*ingest.Entry {
	m := map[*story.Story]*ingest.Entry{}
	for i := range res.Entries {
		if e := &res.Entries[i]; e.Story != nil {
			m[e.Story] = e
		}
	}
	return m
}

// gatherJSON is the shape "epaper gather --json" prints.
type gatherOut struct {
	Edition  string           `json:"edition"`
	Date     string           `json:"date"`
	Sections []gatherSection  `json:"sections"`
	Files    []ingest.Entry   `json:"files"`
	Warnings []ingest.Problem `json:"warnings"`
}

type gatherSection struct {
	Name    string        `json:"name"`
	Stories []gatherStory `json:"stories"`
}

type gatherStory struct {
	ID        string   `json:"id"`
	File      string   `json:"file"`
	Item      int      `json:"item,omitempty"`
	Format    string   `json:"format,omitempty"`
	Version   int      `json:"version,omitempty"`
	Subjects  []string `json:"subjects,omitempty"`
	Routed    string   `json:"routed,omitempty"`
	Headline  string   `json:"headline"`
	Priority  int      `json:"priority"`
	Byline    string   `json:"byline,omitempty"`
	Published string   `json:"published,omitempty"`
	Words     int      `json:"words"`
	Images    int      `json:"images"`
}

func gatherJSON(ed *editions.Edition, res *ingest.Result) gatherOut {
	out := gatherOut{Edition: ed.Slug, Date: res.Date, Files: res.Entries, Warnings: res.Warnings}
	if out.Warnings == nil {
		out.Warnings = []ingest.Problem{}
	}
	where := entriesByStory(res)
	for _, s := range res.Sections {
		gs := gatherSection{Name: s.Name, Stories: []gatherStory{}}
		for _, st := range s.Stories {
			p := ""
			if !st.Published.IsZero() {
				p = st.Published.In(ed.Loc).Format(time.RFC3339)
			}
			g := gatherStory{ID: st.ID, File: st.File, Format: st.Format, Version: st.Version, Subjects: st.Subjects, Headline: st.Headline, Priority: st.Priority, Byline: st.Byline, Published: p, Words: st.Words(), Images: len(st.Images)}
			if e := where[st]; e != nil {
				g.Item, g.Routed = e.Item, e.Reason
			}
			gs.Stories = append(gs.Stories, g)
		}
		out.Sections = append(out.Sections, gs)
	}
	return out
}

func commandUsageError(c *cli.Context, err error, _ bool) error {
	return usageError{fmt.Errorf("%s: %w (see \"epaper help %s\")", c.Command.Name, err, c.Command.Name)}
}

func validateCommand() *cli.Command {
	return &cli.Command{
		Name:         "validate",
		OnUsageError: commandUsageError,
		Usage:        "check edition files, and the day's stories and pictures, without building",
		UsageText:    "epaper validate [--edition FILE ...] [--stories DIR] [--date YYYY-MM-DD] [--any-date]",
		Description: "Loads each edition file and reports every problem in it (file:line: message).\n" +
			"With --stories, also gathers the day's stories for each edition as \"build\"\n" +
			"would and reads every picture's header; prints each rejected story, each story\n" +
			"held for want of a section, each picture that would be left out and every other\n" +
			"warning, then one summary line per edition. Writes nothing.\n\n" +
			"With no flags, checks the bundled sample edition and its stories.\n\n" +
			"Exit statuses, as for build: 0 clean; 3 warnings (rejected or held stories,\n" +
			"bad pictures); 1 an edition file is invalid; 2 wrong command line.",
		Flags: []cli.Flag{
			&cli.StringSliceFlag{Name: "edition", Aliases: []string{"e"}, Usage: "edition file (YAML) to check, repeatable; the bundled sample edition when not given", TakesFile: true},
			&cli.StringFlag{Name: "stories", Aliases: []string{"s"}, Usage: "folder of the day's story files to gather and check; without it, --edition files are checked alone (the sample edition is checked with its own stories)", TakesFile: true},
			&cli.StringFlag{Name: "date", Aliases: []string{"d"}, Usage: "the edition's day, YYYY-MM-DD, in the edition's time zone (default: today; the sample's day for the sample stories)"},
			&cli.BoolFlag{Name: "any-date", Usage: "turn the editions' time windows off (embargoes still hold)"},
			sampleFlag,
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usageError{fmt.Errorf("validate takes no arguments, got %q", c.Args().Slice())}
			}
			date := c.String("date")
			if date != "" {
				if _, err := time.Parse("2006-01-02", date); err != nil {
					return usageError{fmt.Errorf("--date %q is not YYYY-MM-DD", date)}
				}
			}
			var stories fs.FS
			dir := c.String("stories")
			if dir != "" {
				fi, err := os.Stat(dir)
				if err != nil {
					return usageError{fmt.Errorf("--stories: %w", err)}
				}
				if !fi.IsDir() {
					return usageError{fmt.Errorf("--stories %s is not a folder", dir)}
				}
				stories = os.DirFS(dir)
			}
			w := c.App.Writer
			files := c.StringSlice("edition")
			var checks []validation
			if len(files) > 0 && c.IsSet("sample") {
				return usageError{fmt.Errorf("--sample chooses a bundled edition: give it or --edition, not both")}
			}
			if len(files) == 0 {
				ed, sampleFS, sampleDate, err := bundledSample(c)
				if err != nil {
					return err
				}
				v := validation{file: ed.File, ed: ed, stories: stories, dir: dir, date: date}
				if stories == nil {
					v.stories = sampleFS
					if date == "" {
						v.date = sampleDate
					}
				}
				checks = append(checks, v)
			}
			for _, f := range files {
				ed, err := editions.LoadFile(f)
				checks = append(checks, validation{file: f, ed: ed, err: err, stories: stories, dir: dir, date: date})
			}
			invalid, warned := 0, 0
			for _, v := range checks {
				switch v.run(w, c.Bool("any-date")) {
				case exitFailure:
					invalid++
				case exitWarnings:
					warned++
				}
			}
			switch {
			case invalid > 0:
				return fmt.Errorf("%d of %d edition files are invalid", invalid, len(checks))
			case warned > 0:
				return warningsError{fmt.Sprintf("%d of %d editions have warnings", warned, len(checks))}
			}
			return nil
		},
	}
}

// validation is one edition file to check.
type validation struct {
	file    string
	ed      *editions.Edition
	err     error // the edition file could not be loaded
	stories fs.FS // nil: the edition file alone is checked
	dir     string
	date    string
}

// run prints the problems of one edition and its summary line and returns
// the exit status it deserves.
func (v validation) run(w io.Writer, anyDate bool) int {
	if v.err != nil {
		var es editions.Errors
		n := 1
		if errors.As(v.err, &es) {
			n = len(es)
		}
		fmt.Fprintln(w, v.err)
		fmt.Fprintf(w, "%s: invalid edition file (%d problems)\n", v.file, n)
		return exitFailure
	}
	name := fmt.Sprintf("%s (%s)", v.ed.Slug, v.file)
	if v.stories == nil {
		fmt.Fprintf(w, "%s: edition file ok, %d sections; stories not checked (no --stories)\n", name, len(v.ed.Sections))
		return exitOK
	}
	date := v.date
	if date == "" {
		date = time.Now().In(v.ed.Loc).Format("2006-01-02")
	}
	opt := ingest.DefaultOptions()
	opt.Date, opt.AnyDate, opt.RootDir = date, anyDate, v.dir
	res, err := ingest.Gather(v.stories, v.ed, opt)
	if err != nil {
		fmt.Fprintf(w, "%s: %v\n", v.file, err)
		fmt.Fprintf(w, "%s: stories could not be gathered\n", name)
		return exitFailure
	}
	var rejected, held, left, included int
	for _, e := range res.Entries {
		switch e.Decision {
		case ingest.Included:
			included++
		case ingest.Rejected:
			rejected++
			if e.Line > 0 {
				fmt.Fprintf(w, "%s:%d: rejected: %s\n", e.File, e.Line, e.Reason)
			} else {
				fmt.Fprintf(w, "%s: rejected: %s\n", e.File, e.Reason)
			}
		case ingest.UnknownSection:
			held++
			fmt.Fprintf(w, "%s: held: %s\n", e.Where(), e.Reason)
		default:
			left++
		}
	}
	for _, p := range res.Warnings {
		fmt.Fprintln(w, p)
	}
	pictures, bad := 0, 0
	settings := photo.DefaultSettings()
	for _, sec := range res.Sections {
		for _, s := range sec.Stories {
			for _, im := range s.Images {
				pictures++
				if im.File == "" {
					bad++
					fmt.Fprintf(w, "%s: picture %s is not fetched (only local files are used)\n", s.File, im.URL)
					continue
				}
				if _, _, err := photo.Probe(v.stories, im.File, settings); err != nil {
					bad++
					fmt.Fprintf(w, "%s: picture %s would be left out: %s\n", s.File, im.File, cleanPathError(err))
				}
			}
		}
	}
	status, word := exitOK, "ok"
	if rejected+held+bad+len(res.Warnings) > 0 {
		status, word = exitWarnings, "warnings"
	}
	fmt.Fprintf(w, "%s %s: %d stories in %d sections, %d held, %d rejected, %d left out (window, embargo, versions, copies, cancels); %d pictures, %d bad; %d other warnings: %s\n",
		name, date, included, len(v.ed.Sections), held, rejected, left, pictures, bad, len(res.Warnings), word)
	return status
}

// cleanPathError drops the path an fs error repeats.
func cleanPathError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

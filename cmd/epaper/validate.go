package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/ingest"
	"github.com/epaper/epaper/pipeline"
	"github.com/epaper/epaper/plan"
	"github.com/epaper/epaper/problem"
	"github.com/epaper/epaper/story"
	"github.com/urfave/cli/v2"
)

func validateCommand() *cli.Command {
	return &cli.Command{
		Name:         "validate",
		OnUsageError: commandUsageError,
		Usage:        "check edition files, and the day's stories and pictures, without building",
		UsageText:    "epaper validate [--edition FILE ...] [--stories DIR] [--date YYYY-MM-DD] [--any-date] [--plan FILE]",
		Description: "Loads each edition file and reports every problem in it (file:line: message).\n" +
			"With --stories, also gathers the day's stories for each edition as \"build\"\n" +
			"would and reads every picture's header; prints each rejected story, each story\n" +
			"held for want of a section, each picture that would be left out and every other\n" +
			"warning, then one summary line per edition. Writes nothing.\n\n" +
			"With --plan, also reads the desk's plan and lays the night out with it: a story\n" +
			"it names that is not among the night's, a pin beyond the edition's pages or one\n" +
			"its page has no room for is a warning. Its locked pages are checked against the\n" +
			"page count only: the pages they keep are those of the last build.\n\n" +
			"With no flags, checks the bundled sample edition and its stories.\n\n" +
			"Exit statuses, as for build: 0 clean; 3 warnings (rejected or held stories,\n" +
			"bad pictures); 1 an edition file is invalid; 2 wrong command line.",
		Flags: []cli.Flag{
			&cli.StringSliceFlag{Name: "edition", Aliases: []string{"e"}, Usage: "edition file (YAML) to check, repeatable; the bundled sample edition when not given", TakesFile: true},
			&cli.StringFlag{Name: "stories", Aliases: []string{"s"}, Usage: "folder of the day's story files to gather and check; without it, --edition files are checked alone (the sample edition is checked with its own stories)", TakesFile: true},
			&cli.StringFlag{Name: "date", Aliases: []string{"d"}, Usage: "the edition's day, YYYY-MM-DD, in the edition's time zone (default: today; the sample's day for the sample stories)"},
			&cli.BoolFlag{Name: "any-date", Usage: "turn the editions' time windows off (embargoes still hold)"},
			sampleFlag,
			planFlags[0],
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
			desk, err := deskPlan(c.String("plan"), "")
			if err != nil {
				return err
			}
			w := c.App.Writer
			files := c.StringSlice("edition")
			var checks []validation
			if len(files) > 0 && c.IsSet("sample") {
				return usageError{fmt.Errorf("--sample chooses a bundled edition: give it or --edition, not both")}
			}
			if len(files) == 0 {
				ed, sampleFS, sampleDate, err := bundledSample(c.String("sample"))
				if err != nil {
					return err
				}
				v := validation{file: ed.File, ed: ed, stories: stories, dir: dir, date: date, plan: desk}
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
				checks = append(checks, validation{file: f, ed: ed, err: err, stories: stories, dir: dir, date: date, plan: desk})
			}
			invalid, warned := 0, 0
			for _, v := range checks {
				switch v.run(c.Context, w, c.Bool("any-date")) {
				case exitFailure:
					invalid++
				case exitWarnings:
					warned++
				}
			}
			switch {
			case invalid > 0:
				return fmt.Errorf("%d of %d editions cannot be built: see above", invalid, len(checks))
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
	plan    *plan.Plan // the desk's plan, nil when there is none
}

// run prints the problems of one edition and its summary line and returns
// the exit status it deserves. With stories it lays the edition out as
// build would (gather, pictures read and decoded, ads, make-up) and writes
// nothing, so a night that validates is a night that builds.
func (v validation) run(ctx context.Context, w io.Writer, anyDate bool) int {
	if v.err != nil {
		var es problem.List
		n := 1
		if errors.As(v.err, &es) {
			n = len(es)
		}
		fmt.Fprintln(w, v.err)
		fmt.Fprintf(w, "%s: invalid edition file (%s)\n", v.file, count(n, "problem"))
		return exitFailure
	}
	name := fmt.Sprintf("%s (%s)", v.ed.Slug, v.file)
	cfg := pipeline.DefaultConfig()
	cfg.Edition, cfg.Stories, cfg.StoriesName, cfg.AnyDate = v.ed, v.stories, v.dir, anyDate
	if v.stories == nil {
		probs, err := pipeline.Check(ctx, cfg)
		for _, p := range probs {
			fmt.Fprintln(w, p)
		}
		if err != nil {
			printErr(w, v.file, err)
			fmt.Fprintf(w, "%s: the edition cannot be built\n", name)
			return exitFailure
		}
		word, status := "ok", exitOK
		if len(probs) > 0 {
			word, status = "warnings", exitWarnings
		}
		fmt.Fprintf(w, "%s: edition file %s, %d sections, %d pages; stories not checked (no --stories)\n", name, word, len(v.ed.Sections), v.ed.Pages())
		return status
	}
	var lockProblems int
	cfg.Plan, lockProblems = v.checkLock(w)
	cfg.Date = v.date
	if cfg.Date == "" {
		cfg.Date = time.Now().In(v.ed.Loc).Format("2006-01-02")
	}
	laid, err := pipeline.Layout(ctx, cfg)
	if err != nil {
		printErr(w, v.file, err)
		fmt.Fprintf(w, "%s %s: the edition cannot be built\n", name, cfg.Date)
		return exitFailure
	}
	var rejected, held, left int
	for _, e := range laid.Gathered.Entries {
		switch e.Decision {
		case ingest.Included:
		case ingest.Rejected:
			rejected++
			fmt.Fprintln(w, problem.Problem{File: e.File, Line: e.Line, Msg: "rejected: " + e.Reason})
		case ingest.UnknownSection:
			held++
			fmt.Fprintf(w, "%s: held: %s\n", e.Where(), e.Reason)
		default:
			left++
		}
	}
	for _, pl := range laid.Made.Placements {
		if pl.Status == story.Held {
			held++
			fmt.Fprintf(w, "%s: held: %s\n", pl.Story.File, pl.Reason)
		}
	}
	for _, p := range laid.Problems {
		fmt.Fprintln(w, p)
	}
	status, word := exitOK, "ok"
	if rejected+held+len(laid.Problems)+lockProblems > 0 {
		status, word = exitWarnings, "warnings"
	}
	fmt.Fprintf(w, "%s %s: %d stories in %d sections on %d pages, %d held, %d rejected, %d left out (window, embargo, versions, copies, cancels); %s: %s\n",
		name, cfg.Date, laid.Gathered.Included(), len(v.ed.Sections), len(laid.Made.Pages), held, rejected, left, count(len(laid.Problems), "other warning"), word)
	return status
}

// checkLock prints a problem for each locked page beyond the edition's and
// returns the plan without its lock, which only a build with the last
// published edition beside it can keep, and how many it printed.
func (v validation) checkLock(w io.Writer) (*plan.Plan, int) {
	if v.plan == nil {
		return nil, 0
	}
	n := 0
	p := *v.plan
	for _, k := range p.Lock {
		if k > v.ed.Pages() {
			fmt.Fprintln(w, problem.At(p.File, p.LockLine, "lock: page %d is beyond the edition's %d pages", k, v.ed.Pages()))
			n++
		}
	}
	p.Lock = nil
	return &p, n
}

// printErr prints an error that stops an edition: problems that name their
// own file and line as they are, any other error after the edition file.
func printErr(w io.Writer, file string, err error) {
	var list problem.List
	var p *problem.Problem
	if errors.As(err, &list) || errors.As(err, &p) && p.File != "" {
		fmt.Fprintln(w, err)
		return
	}
	fmt.Fprintf(w, "%s: %v\n", file, err)
}

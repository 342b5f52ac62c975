package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"time"

	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/ingest"
	"github.com/epaper/epaper/photo"
	"github.com/epaper/epaper/problem"
	"github.com/urfave/cli/v2"
)

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
				switch v.run(c.Context, w, c.Bool("any-date")) {
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
func (v validation) run(ctx context.Context, w io.Writer, anyDate bool) int {
	if v.err != nil {
		var es problem.List
		n := 1
		if errors.As(v.err, &es) {
			n = len(es)
		}
		fmt.Fprintln(w, v.err)
		fmt.Fprintf(w, "%s: invalid edition file (%d problems)\n", v.file, n)
		return exitFailure
	}
	name := fmt.Sprintf("%s (%s)", v.ed.Slug, v.file)
	adProblems := checkAds(ctx, w, v.ed)
	if v.stories == nil {
		if adProblems > 0 {
			fmt.Fprintf(w, "%s: edition file ok, %d sections; %d problems with booked ads; stories not checked (no --stories): warnings\n", name, len(v.ed.Sections), adProblems)
			return exitWarnings
		}
		fmt.Fprintf(w, "%s: edition file ok, %d sections; stories not checked (no --stories)\n", name, len(v.ed.Sections))
		return exitOK
	}
	date := v.date
	if date == "" {
		date = time.Now().In(v.ed.Loc).Format("2006-01-02")
	}
	opt := ingest.DefaultOptions()
	opt.Date, opt.AnyDate, opt.RootDir = date, anyDate, v.dir
	res, err := ingest.Gather(ctx, v.stories, v.ed, opt)
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
	pictures := 0
	for _, s := range res.Stories() {
		pictures += len(s.Images)
	}
	_, bad, err := photo.CheckStories(ctx, v.stories, res.Stories(), photo.DefaultSettings(), runtime.NumCPU())
	if err != nil {
		fmt.Fprintf(w, "%s: pictures not checked: %v\n", name, err)
		return exitFailure
	}
	for _, p := range bad {
		fmt.Fprintln(w, p)
	}
	status, word := exitOK, "ok"
	if rejected+held+len(bad)+len(res.Warnings)+adProblems > 0 {
		status, word = exitWarnings, "warnings"
	}
	fmt.Fprintf(w, "%s %s: %d stories in %d sections, %d held, %d rejected, %d left out (window, embargo, versions, copies, cancels); %d pictures, %d bad; %d problems with booked ads; %d other warnings: %s\n",
		name, date, included, len(v.ed.Sections), held, rejected, left, pictures, len(bad), adProblems, len(res.Warnings), word)
	return status
}

// checkAds reads the edition's ads file as a build would, checks each ad
// against the edition and each artwork (its header and that it decodes),
// prints every problem and returns how many there are.
func checkAds(ctx context.Context, w io.Writer, ed *editions.Edition) int {
	b, err := editions.ReadAds(ed)
	if err != nil {
		fmt.Fprintf(w, "%v: booked ads left out\n", err)
		return 1
	}
	n := len(b.Problems)
	for _, p := range b.Problems {
		fmt.Fprintln(w, p)
	}
	for _, a := range b.Ads {
		if _, err := photo.Check(ctx, b.FS, a.File, photo.DefaultSettings()); err != nil {
			fmt.Fprintf(w, "%s:%d: ad %q left out: picture %s: %v\n", b.File, a.Line, a.Name, a.Image, err)
			n++
		}
	}
	return n
}

package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/epaper/epaper/editions"
	"github.com/urfave/cli/v2"
)

// run is the whole command line, testable without a process. Each command
// is in a file of its own: build.go, gather.go, validate.go, serve.go.
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

// bundledSample returns the bundled sample edition the --sample flag names
// (lang), its stories and their day.
func bundledSample(lang string) (*editions.Edition, fs.FS, string, error) {
	switch lang {
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

// input is what the edition, stories and date flags name: the edition,
// the stories folder and the name it goes by in messages, and the day.
type input struct {
	ed          *editions.Edition
	stories     fs.FS
	storiesName string
	date        string
}

// source resolves the edition, stories and date flags; file, when given,
// is the edition file to load in place of the --edition flag's.
func source(c *cli.Context, file *string) (input, error) {
	return sourceFlagsOf(c, file).resolve()
}

// sourceFlags are the edition, stories, date and sample flags as given:
// serve --watch resolves them again for every rebuild, and gives its own
// for the copy of the bundled sample it watches.
type sourceFlags struct {
	edition, stories, date, sample string
	sampleSet                      bool // --sample was given
}

// sourceFlagsOf reads the flags; file, when given, is the edition file in
// place of the --edition flag's.
func sourceFlagsOf(c *cli.Context, file *string) sourceFlags {
	f := sourceFlags{stories: c.String("stories"), date: c.String("date"), sample: c.String("sample"), sampleSet: c.IsSet("sample")}
	if file != nil {
		f.edition = *file
	} else if fs := c.StringSlice("edition"); len(fs) > 0 {
		f.edition = fs[0]
	}
	return f
}

// resolve loads the edition and finds the stories and the day.
func (f sourceFlags) resolve() (input, error) {
	in := input{storiesName: "(bundled sample stories)", date: f.date}
	sample, sampleFS, sampleDate, err := bundledSample(f.sample)
	if err != nil {
		return input{}, err
	}
	edFile := f.edition
	if edFile != "" && f.sampleSet {
		return input{}, usageError{fmt.Errorf("--sample chooses a bundled edition: give it or --edition, not both")}
	}
	if edFile != "" && f.stories == "" {
		return input{}, usageError{fmt.Errorf("--edition needs --stories: the folder of the day's stories")}
	}
	in.ed = sample
	if edFile != "" {
		if in.ed, err = editions.LoadFile(edFile); err != nil {
			return input{}, err
		}
	}
	if d := f.stories; d != "" {
		fi, err := os.Stat(d)
		if err != nil {
			return input{}, usageError{fmt.Errorf("--stories: %w", err)}
		}
		if !fi.IsDir() {
			return input{}, usageError{fmt.Errorf("--stories %s is not a folder", d)}
		}
		in.stories, in.storiesName = os.DirFS(d), d
	} else {
		in.stories = sampleFS
		if in.date == "" {
			in.date = sampleDate
		}
	}
	if in.date == "" {
		in.date = time.Now().In(in.ed.Loc).Format("2006-01-02")
	}
	if _, err := time.Parse("2006-01-02", in.date); err != nil {
		return input{}, usageError{fmt.Errorf("--date %q is not YYYY-MM-DD", in.date)}
	}
	return in, nil
}

func commandUsageError(c *cli.Context, err error, _ bool) error {
	return usageError{fmt.Errorf("%s: %w (see \"epaper help %s\")", c.Command.Name, err, c.Command.Name)}
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

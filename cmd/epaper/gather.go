package main

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/ingest"
	"github.com/epaper/epaper/problem"
	"github.com/epaper/epaper/story"
	"github.com/urfave/cli/v2"
)

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
			in, err := source(c, nil)
			if err != nil {
				return err
			}
			ed := in.ed
			opt := ingest.DefaultOptions()
			opt.Date, opt.AnyDate, opt.RootDir = in.date, c.Bool("any-date"), c.String("stories")
			res, err := ingest.Gather(c.Context, in.stories, ed, opt)
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

// gatherOut is the shape "epaper gather --json" prints.
type gatherOut struct {
	Edition  string            `json:"edition"`
	Date     string            `json:"date"`
	Sections []gatherSection   `json:"sections"`
	Files    []ingest.Entry    `json:"files"`
	Warnings []problem.Problem `json:"warnings"`
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
		out.Warnings = []problem.Problem{}
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

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/epaper/epaper/publish/manifest"
	"github.com/epaper/epaper/story"

	"github.com/epaper/epaper/publish"
)

// The mixed folder holds a day's stories in every format: desk Markdown,
// ninjs 1/2/3, NITF (one in a .txt file), NewsML-G2, RSS and Atom, with
// versions, a correction, a cancel, an embargo, a copy in two feeds and a
// malformed file. See ingest/testdata/README.md.
var (
	mixedStories = filepath.Join("..", "..", "ingest", "testdata", "mixed")
	mixedEdition = filepath.Join("..", "..", "ingest", "testdata", "mixed.yaml")
)

func TestBuildMixedFolder(t *testing.T) {
	out := t.TempDir()
	var so, se bytes.Buffer
	err := run(context.Background(), []string{"epaper", "build", "--edition", mixedEdition, "--stories", mixedStories,
		"--date", "2024-07-03", "--out", out, "--no-images", "--quiet"}, &so, &se)
	var we warningsError
	if !errors.As(err, &we) {
		t.Fatalf("want a warnings status (one malformed file), got %v\n%s%s", err, so.String(), se.String())
	}
	dir := filepath.Join(out, "mixed", "2024-07-03")
	var r publish.Report
	readJSON(t, filepath.Join(dir, "report.json"), &r)
	type key struct{ file, id string }
	got := map[key]publish.StoryReport{}
	byFile := map[string][]publish.StoryReport{}
	for _, s := range r.Stories {
		got[key{s.File, s.ID}] = s
		byFile[s.File] = append(byFile[s.File], s)
		if s.File == "" || strings.HasPrefix(s.File, "/") || strings.Contains(s.File, "..") {
			t.Errorf("report names %q, not the path relative to the stories folder", s.File)
		}
		if strings.Contains(s.Reason, "no section: no section") {
			t.Errorf("%s: reason says it twice: %q", s.File, s.Reason)
		}
	}
	placed := func(s publish.StoryReport) bool { return s.Status == story.Placed || s.Status == story.Jumped }
	for _, c := range []struct {
		file, id string
		placed   bool
		reason   string
	}{
		{"desk/lake.md", "lake", true, ""},
		{"desk/cricket.md", "cricket", true, ""},
		{"desk/old.md", "old", false, "not for this edition"},
		{"desk/late.md", "late", false, "not for this edition"},
		{"wire/metro-fare-v1.json", "wire-example-in-story-metro-fare", false, "superseded"},
		{"wire/metro-fare-v2.json", "wire-example-in-story-metro-fare", true, ""},
		{"wire/budget.xml", "wire-example-in-story-state-budget", false, "superseded"},
		{"wire/budget-correction.json", "wire-example-in-story-state-budget", true, ""},
		{"wire/bridge-v1.json", "wire-example-in-story-bridge", false, "canceled"},
		{"wire/bridge-kill.json", "wire-example-in-story-bridge", false, "canceled"},
		{"wire/results.nitf", "exw-edu-2024-07-02-results", false, "embargoed until 2024-07-03 09:00"},
		{"wire/chess.txt", "exw-spo-2024-07-02-chess", true, ""},
		{"feeds/national.rss", "exw-20240702-0147", false, "duplicate"},
		{"feeds/national.rss", "wire-example-in-business-sensex-2024-07-02", true, ""},
		{"feeds/city.atom", "city-example-in-2024-monsoon-covers-country", true, ""},
	} {
		s, ok := got[key{c.file, c.id}]
		switch {
		case !ok:
			t.Errorf("%s %s: not in the report", c.file, c.id)
		case c.placed && !placed(s):
			t.Errorf("%s %s: %s (%s), want placed", c.file, c.id, s.Status, s.Reason)
		case !c.placed && (s.Status != story.Held || !strings.Contains(s.Reason, c.reason)):
			t.Errorf("%s %s: %s (%s), want held: %s", c.file, c.id, s.Status, s.Reason, c.reason)
		}
	}
	if b := byFile["wire/broken.json"]; len(b) != 1 || b[0].Status != story.Rejected || b[0].Line != 4 {
		t.Errorf("broken.json: %+v", b)
	}
	if n := len(byFile["feeds/national.rss"]) + len(byFile["feeds/city.atom"]); n != 5 {
		t.Errorf("%d entries for the two feeds' five items", n)
	}
	for _, f := range []string{"other/ignored.md", "desk/notes.txt", "wire/README.md", "feeds/logo.svg", "desk/photos/lake.jpg"} {
		if len(byFile[f]) > 0 {
			t.Errorf("%s is in the report: %+v", f, byFile[f])
		}
	}
	// held for expected reasons is not a warning; the malformed file is
	s := r.Summary
	if s.Rejected != 1 || s.Held != 0 || s.Skipped != 8 || s.Placed+s.Jumped != 9 || s.Files != 18 {
		t.Errorf("summary %+v", s)
	}

	var m manifest.Manifest
	readJSON(t, filepath.Join(dir, "manifest.json"), &m)
	heads := map[string]string{}
	for _, a := range m.Articles {
		heads[a.Headline] = a.Section
	}
	for h, sec := range map[string]string{
		"Metro fares to rise by 8 per cent from Monday":             "City",
		"State budget raises spending on schools by 12 per cent":    "Business",
		"Kerala teenager wins national chess title":                 "Sport",
		"Monsoon covers the entire country six days early":          "Nation",
		"Sensex ends 300 points higher as IT stocks rally":          "Business",
		"Hill town festival draws record crowds":                    "City",
		"Power cut in south Bengaluru on Wednesday":                 "City",
		"Volunteers clear 12 tonnes of plastic from Bellandur lake": "City",
	} {
		if got, ok := heads[h]; !ok || got != sec {
			t.Errorf("%q: in the manifest under %q, want %q", h, got, sec)
		}
	}
	for _, h := range []string{"Metro fares to rise by 10 per cent from Monday", "State budget raises spending on schools by 21 per cent",
		"New bridge over the river opens to traffic", "Board exam results to be announced on Wednesday"} {
		if _, ok := heads[h]; ok {
			t.Errorf("%q is in the manifest", h)
		}
	}
	if len(m.Articles) != 9 {
		t.Errorf("%d articles, want 9 (one copy of the monsoon story)", len(m.Articles))
	}
}

func TestGatherMixedJSON(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"epaper", "gather", "--stories", mixedStories, "--edition", mixedEdition, "--date", "2024-07-03", "--json"}, &out, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	var g gatherOut
	if err := json.Unmarshal(out.Bytes(), &g); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	items := 0
	decisions := map[string]int{}
	for _, f := range g.Files {
		decisions[string(f.Decision)]++
		if f.Item > 0 {
			items++
		}
	}
	for d, n := range map[string]int{"included": 9, "outside-window": 2, "superseded": 2, "canceled": 2, "duplicate": 1, "embargoed": 1, "rejected": 1} {
		if decisions[d] != n {
			t.Errorf("%d %s, want %d (%v)", decisions[d], d, n, decisions)
		}
	}
	if items != 5 {
		t.Errorf("%d feed items numbered, want 5", items)
	}
	for _, s := range g.Sections {
		for _, st := range s.Stories {
			if st.File == "" || (strings.HasPrefix(st.File, "feeds/") && st.Item == 0) {
				t.Errorf("story %s: file %q item %d", st.ID, st.File, st.Item)
			}
			if st.ID == "exw-spo-2024-07-02-chess" && !strings.Contains(st.Routed, `subject "15000000"`) {
				t.Errorf("chess story: routed %q", st.Routed)
			}
		}
	}
	// --any-date brings in the stories of other days, not the embargoed one
	out.Reset()
	if err := run(context.Background(), []string{"epaper", "gather", "--stories", mixedStories, "--edition", mixedEdition, "--date", "2024-07-03", "--any-date"}, &out, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	text := out.String()
	if strings.Contains(text, "outside-window") || !strings.Contains(text, "embargoed wire/results.nitf") || !strings.Contains(text, "rejected wire/broken.json:4:") {
		t.Errorf("gather --any-date:\n%s", text)
	}
}

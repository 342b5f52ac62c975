package publish

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/epaper/epaper/story"
)

// Change is what moved for one story against the edition last published
// for the same edition and date: a late story added, a story dropped, or
// a story moved to other pages.
type Change struct {
	Story    string `json:"story"`
	Headline string `json:"headline,omitempty"`
	What     string `json:"what"` // added, dropped or moved
	From     []int  `json:"from,omitempty"`
	To       []int  `json:"to,omitempty"`
	// Reason says why a dropped story is out now.
	Reason string `json:"reason,omitempty"`
}

// ReadReport reads a report.json, for the changes against it.
func ReadReport(path string) (*Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r Report
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &r, nil
}

// Changes lists what moved from prev to now, by story id.
func Changes(prev, now *Report) []Change {
	type run struct {
		pages    []int
		headline string
		reason   string
	}
	runs := func(r *Report) map[string]run {
		out := map[string]run{}
		for _, s := range r.Stories {
			if s.ID == "" {
				continue
			}
			if s.Status == story.Placed || s.Status == story.Jumped {
				out[s.ID] = run{pages: s.Pages, headline: s.Headline}
			} else if _, ok := out[s.ID]; !ok {
				out[s.ID] = run{headline: s.Headline, reason: s.Reason}
			}
		}
		return out
	}
	before, after := runs(prev), runs(now)
	var out []Change
	for id, a := range after {
		b := before[id]
		switch {
		case len(a.pages) > 0 && len(b.pages) == 0:
			out = append(out, Change{Story: id, Headline: a.headline, What: "added", To: a.pages})
		case len(a.pages) == 0 && len(b.pages) > 0:
			out = append(out, Change{Story: id, Headline: a.headline, What: "dropped", From: b.pages, Reason: a.reason})
		case len(a.pages) > 0 && !slices.Equal(a.pages, b.pages):
			out = append(out, Change{Story: id, Headline: a.headline, What: "moved", From: b.pages, To: a.pages})
		}
	}
	for id, b := range before {
		if _, ok := after[id]; !ok && len(b.pages) > 0 {
			out = append(out, Change{Story: id, Headline: b.headline, What: "dropped", From: b.pages, Reason: "not among tonight's stories"})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].What != out[j].What {
			return out[i].What < out[j].What
		}
		return out[i].Story < out[j].Story
	})
	return out
}

// ChangeSummary is one line saying what changed: "changes since the last
// build: 5 added, 2 moved, 1 dropped".
func ChangeSummary(cs []Change) string {
	n := map[string]int{}
	for _, c := range cs {
		n[c.What]++
	}
	if len(cs) == 0 {
		return "no change since the last build"
	}
	var parts []string
	for _, w := range []string{"added", "moved", "dropped"} {
		if n[w] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[w], w))
		}
	}
	return "changes since the last build: " + strings.Join(parts, ", ")
}

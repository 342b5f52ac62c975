// Package plan reads the desk's plan for the night: per story id, what the
// desk asks of it (the front page's lead, the page it starts on, to keep it
// out, a print headline and deck), and the pages already signed off, which
// a rebuild keeps exactly as last published. The desk writes it by hand at
// deadline, so it is read strictly: an unknown key, a wrong type or a page
// that cannot be is an error naming the file and line.
//
//	stories:
//	  kim-putin-summit: { lead: true }
//	  city-budget: { page: 4, print_headline: "Budget passed" }
//	  late-wire-copy: { hold: true }
//	lock: [1, 2, 3]
package plan

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/epaper/epaper/problem"
	"github.com/epaper/epaper/story"
	"gopkg.in/yaml.v3"
)

// Plan is the desk's plan for one night.
type Plan struct {
	// File is where the plan was read from, for messages.
	File string
	// Stories are the directives by story id.
	Stories map[string]story.Desk
	// Lock lists the pages, 1-based and in order, that a rebuild keeps
	// exactly as they were last published.
	Lock []int
	// lines are where each story's entry is, for messages.
	lines map[string]int
	// LockLine is the line of the lock key, for messages.
	LockLine int
}

// maxFile bounds a plan file: a hand-written plan is a few KB.
const maxFile = 1 << 20

// Load reads a plan file.
func Load(path string) (*Plan, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse reads a plan from YAML; name is used in errors.
func Parse(name string, data []byte) (*Plan, error) {
	p := &Plan{File: name, Stories: map[string]story.Desk{}, lines: map[string]int{}}
	if len(data) > maxFile {
		return nil, problem.At(name, 0, "file is %d bytes, more than a plan can be (%d)", len(data), maxFile)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlProblem(name, err)
	}
	if len(bytes.TrimSpace(data)) == 0 || len(root.Content) == 0 {
		return p, nil
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return nil, problem.At(name, doc.Line, "a plan is a mapping with the keys stories and lock")
	}
	var errs problem.List
	bad := func(line int, f string, a ...any) { errs = append(errs, problem.At(name, line, f, a...)) }
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, v := doc.Content[i], doc.Content[i+1]
		switch k.Value {
		case "stories":
			p.readStories(v, bad)
		case "lock":
			p.LockLine = k.Line
			pages, err := lockPages(v)
			if err != nil {
				bad(v.Line, "lock: %v", err)
			}
			p.Lock = pages
		default:
			bad(k.Line, "unknown key %q: a plan has stories and lock", k.Value)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return p, nil
}

// deskKeys are the keys of a story's entry, as its front matter spells them.
var deskKeys = []string{"lead", "page", "hold", "print_headline", "print_deck"}

func (p *Plan) readStories(v *yaml.Node, bad func(int, string, ...any)) {
	if v.Kind != yaml.MappingNode {
		bad(v.Line, "stories is a mapping of story id: { lead, page, hold, print_headline, print_deck }")
		return
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		id, entry := v.Content[i], v.Content[i+1]
		if _, dup := p.lines[id.Value]; dup {
			bad(id.Line, "story %q is planned twice (first on line %d)", id.Value, p.lines[id.Value])
			continue
		}
		p.lines[id.Value] = id.Line
		if entry.Kind != yaml.MappingNode {
			bad(entry.Line, "story %q: its entry is a mapping like { page: 4 }", id.Value)
			continue
		}
		for j := 0; j+1 < len(entry.Content); j += 2 {
			if key := entry.Content[j]; !slices.Contains(deskKeys, key.Value) {
				bad(key.Line, "story %q: unknown key %q (a story takes %s)", id.Value, key.Value, strings.Join(deskKeys, ", "))
			}
		}
		var d story.Desk
		if err := entry.Decode(&d); err != nil {
			bad(entry.Line, "story %q: %s", id.Value, cleanYAML(err))
			continue
		}
		if d.Page < 0 || d.Page > 1000 {
			bad(entry.Line, "story %q: page %d is not a page", id.Value, d.Page)
		}
		p.Stories[id.Value] = d
	}
}

// lockPages reads the pages of a lock: a list of page numbers, or a string
// of numbers and ranges ("1-3, 5").
func lockPages(v *yaml.Node) ([]int, error) {
	switch v.Kind {
	case yaml.SequenceNode:
		var pages []int
		for _, n := range v.Content {
			k, err := strconv.Atoi(n.Value)
			if err != nil || n.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("%q is not a page number", n.Value)
			}
			pages = append(pages, k)
		}
		return Pages(pages)
	case yaml.ScalarNode:
		return ParsePages(v.Value)
	}
	return nil, fmt.Errorf("a list of pages like [1, 2, 3] or a range like \"1-3\"")
}

// ParsePages reads page numbers and ranges ("1-3,5", "2") as the --lock
// flag takes them, and returns the pages in order.
func ParsePages(s string) ([]int, error) {
	var pages []int
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		lo, hi, isRange := strings.Cut(part, "-")
		a, err1 := strconv.Atoi(strings.TrimSpace(lo))
		b := a
		var err2 error
		if isRange {
			b, err2 = strconv.Atoi(strings.TrimSpace(hi))
		}
		if err1 != nil || err2 != nil || b < a || b-a > 1000 {
			return nil, fmt.Errorf("%q is not a page or a range of pages like 1-3", part)
		}
		for k := a; k <= b; k++ {
			pages = append(pages, k)
		}
	}
	return Pages(pages)
}

// Pages checks page numbers and returns them sorted without repeats.
func Pages(pages []int) ([]int, error) {
	for _, k := range pages {
		if k < 1 || k > 1000 {
			return nil, fmt.Errorf("%d is not a page number", k)
		}
	}
	sort.Ints(pages)
	return slices.Compact(pages), nil
}

// Apply puts the plan's directives on the stories of the night: a
// directive the plan gives replaces the one of the story's front matter.
// It returns a problem for each planned id that is not among the stories,
// and for pages beyond the edition's (pages is its page count).
func (p *Plan) Apply(stories []*story.Story, pages int) []problem.Problem {
	var probs []problem.Problem
	byID := map[string]*story.Story{}
	for _, s := range stories {
		byID[s.ID] = s
	}
	ids := make([]string, 0, len(p.Stories))
	for id := range p.Stories {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return p.lines[ids[i]] < p.lines[ids[j]] })
	for _, id := range ids {
		d := p.Stories[id]
		s := byID[id]
		if s == nil {
			probs = append(probs, problem.Problem{File: p.File, Line: p.lines[id], Story: id, Msg: fmt.Sprintf("the plan names story %q, which is not among tonight's stories", id)})
			continue
		}
		if d.Page > pages {
			probs = append(probs, problem.Problem{File: p.File, Line: p.lines[id], Story: id, Msg: fmt.Sprintf("story %q: page %d is beyond the edition's %d pages: not pinned", id, d.Page, pages)})
			d.Page = 0
		}
		s.Desk = merge(s.Desk, d)
	}
	if len(p.Lock) > 0 && p.Lock[len(p.Lock)-1] > pages {
		probs = append(probs, problem.Problem{File: p.File, Line: p.LockLine, Msg: fmt.Sprintf("lock: page %d is beyond the edition's %d pages", p.Lock[len(p.Lock)-1], pages)})
	}
	return probs
}

// merge lays the plan's directives over the front matter's.
func merge(front, plan story.Desk) story.Desk {
	out := front
	out.Lead = out.Lead || plan.Lead
	out.Hold = out.Hold || plan.Hold
	if plan.Page > 0 {
		out.Page = plan.Page
	}
	if plan.PrintHeadline != "" {
		out.PrintHeadline = plan.PrintHeadline
	}
	if plan.PrintDeck != "" {
		out.PrintDeck = plan.PrintDeck
	}
	return out
}

func yamlProblem(name string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, after, ok := strings.Cut(rest, ": "); ok {
			if k, err := strconv.Atoi(n); err == nil {
				line, msg = k, after
			}
		}
	}
	return problem.At(name, line, "%s", msg)
}

// cleanYAML drops the YAML decoder's Go type names from a message.
func cleanYAML(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: unmarshal errors:\n  ")
	if i := strings.Index(msg, ": "); i >= 0 && strings.HasPrefix(msg, "line ") {
		msg = msg[i+2:]
	}
	msg = strings.ReplaceAll(msg, "into int", "into a page number")
	msg = strings.ReplaceAll(msg, "into bool", "into true or false")
	return strings.ReplaceAll(msg, "!!", "")
}

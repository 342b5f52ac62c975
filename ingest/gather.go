// Package ingest reads the day's stories and gathers the ones that belong in
// an edition, by date and section. Every file it looks at gets a decision, so
// nothing the desk filed disappears without a word.
package ingest

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/story"
)

// Error is a story file that cannot be read: the file, the line (0 when the
// problem is not on one line) and what is wrong.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Problem is a warning about an input that still builds.
type Problem struct {
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
	Msg  string `json:"message"`
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Msg)
}

// Decision is what gathering did with one file.
type Decision string

// The decisions. Only Included stories go on to layout.
const (
	Included       Decision = "included"
	OutsideWindow  Decision = "outside-window"
	UnknownSection Decision = "unknown-section"
	Rejected       Decision = "rejected"
	Duplicate      Decision = "duplicate"
)

// Entry is one story file and its decision.
type Entry struct {
	File     string       `json:"file"`
	ID       string       `json:"id,omitempty"`
	Headline string       `json:"headline,omitempty"`
	Section  string       `json:"section,omitempty"`
	Decision Decision     `json:"decision"`
	Reason   string       `json:"reason,omitempty"`
	Story    *story.Story `json:"-"`
	// Err is the reading error of a rejected file.
	Err error `json:"-"`
}

// Section is one flatplan section with its stories in priority order.
type Section struct {
	Name    string         `json:"name"`
	Stories []*story.Story `json:"stories"`
}

// Result is a gathered edition.
type Result struct {
	Date     string    `json:"date"`
	Sections []Section `json:"sections"`
	Entries  []Entry   `json:"files"`
	Warnings []Problem `json:"warnings,omitempty"`
}

// Options control gathering.
type Options struct {
	// Date is the edition's day, YYYY-MM-DD, in the edition's time zone.
	Date string
	// AnyDate turns the date window off.
	AnyDate bool
	// MaxFileSize bounds a story file; larger files are rejected unread.
	MaxFileSize int64
}

// DefaultOptions returns the options of a nightly build.
func DefaultOptions() Options { return Options{MaxFileSize: 8 << 20} }

// Gather reads every story file under fsys and keeps those of the edition's
// day whose section is in its flatplan.
func Gather(fsys fs.FS, ed *editions.Edition, opt Options) (*Result, error) {
	if opt.MaxFileSize == 0 {
		opt.MaxFileSize = DefaultOptions().MaxFileSize
	}
	loc := ed.Loc
	if loc == nil {
		loc = time.UTC
	}
	var day time.Time
	if !opt.AnyDate {
		d, err := time.ParseInLocation("2006-01-02", opt.Date, loc)
		if err != nil {
			return nil, fmt.Errorf("date %q is not YYYY-MM-DD", opt.Date)
		}
		day = d
	}
	res := &Result{Date: opt.Date}
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			res.Warnings = append(res.Warnings, Problem{File: p, Msg: "cannot read: " + err.Error()})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p != "." && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		if strings.EqualFold(path.Ext(p), ".md") && !isDocFile(d.Name()) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	bySection := map[string][]*story.Story{}
	ids := map[string]string{}
	for _, f := range files {
		e := Entry{File: f}
		s, probs, err := readFile(fsys, f, opt.MaxFileSize)
		res.Warnings = append(res.Warnings, probs...)
		if err != nil {
			e.Decision, e.Reason, e.Err = Rejected, err.Error(), err
			res.Entries = append(res.Entries, e)
			continue
		}
		e.ID, e.Headline, e.Story = s.ID, s.Headline, s
		if prev, ok := ids[s.ID]; ok {
			// ids must be unique in the edition: number the later one
			n := 2
			for ids[fmt.Sprintf("%s-%d", s.ID, n)] != "" {
				n++
			}
			res.Warnings = append(res.Warnings, Problem{File: f, Msg: fmt.Sprintf("id %q is also used by %s: renamed %s-%d", s.ID, prev, s.ID, n)})
			s.ID = fmt.Sprintf("%s-%d", s.ID, n)
			e.ID = s.ID
		}
		ids[s.ID] = f
		sec, ok := ed.SectionFor(s.Section)
		switch {
		case !opt.AnyDate && s.Published.IsZero():
			e.Decision, e.Reason = OutsideWindow, "no published date"
		case !opt.AnyDate && !sameDay(s.Published.In(loc), day):
			e.Decision, e.Reason = OutsideWindow, fmt.Sprintf("published %s, not on %s", s.Published.In(loc).Format("2006-01-02 15:04"), opt.Date)
		case !ok:
			e.Decision, e.Reason = UnknownSection, fmt.Sprintf("section %q is not in the edition's flatplan", s.Section)
		default:
			e.Decision, e.Section = Included, sec
			s.Section = sec
			bySection[sec] = append(bySection[sec], s)
		}
		res.Entries = append(res.Entries, e)
	}
	for _, sec := range ed.Sections {
		ss := bySection[sec.Name]
		SortByPriority(ss)
		res.Sections = append(res.Sections, Section{Name: sec.Name, Stories: ss})
	}
	return res, nil
}

// SortByPriority orders stories most important first: priority, then length
// (a longer story of equal priority carries more), then id for a stable order.
func SortByPriority(ss []*story.Story) {
	sort.SliceStable(ss, func(i, j int) bool {
		a, b := ss[i], ss[j]
		if a.Priority != b.Priority {
			return a.Priority < b.Priority
		}
		if wa, wb := a.Words(), b.Words(); wa != wb {
			return wa > wb
		}
		return a.ID < b.ID
	})
}

func sameDay(t, day time.Time) bool {
	y, m, d := t.Date()
	y2, m2, d2 := day.Date()
	return y == y2 && m == m2 && d == d2
}

// isDocFile tells the folder's own notes (README, SOURCES, LICENSE) from stories.
func isDocFile(name string) bool {
	base := strings.ToUpper(strings.TrimSuffix(name, path.Ext(name)))
	switch base {
	case "README", "SOURCES", "LICENSE", "LICENCE", "ATTRIBUTION", "NOTICE":
		return true
	}
	return false
}

func readFile(fsys fs.FS, name string, max int64) (*story.Story, []Problem, error) {
	fi, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, nil, &Error{File: name, Msg: err.Error()}
	}
	if fi.Size() > max {
		return nil, nil, &Error{File: name, Msg: fmt.Sprintf("file is %d bytes, more than the %d a story may have", fi.Size(), max)}
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, nil, &Error{File: name, Msg: err.Error()}
	}
	return ReadMarkdown(name, data)
}

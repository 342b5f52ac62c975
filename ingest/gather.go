// Package ingest reads the day's stories and gathers the ones that belong in
// an edition, by time window and section. It reads the desk's Markdown and,
// through package wire, the agencies' formats (ninjs, NITF, NewsML-G2, RSS,
// Atom), telling them apart by content. Every story it reads, and every file
// it cannot, gets a decision, so nothing the desk filed disappears without a
// word.
package ingest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/epaper/epaper/problem"

	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/ingest/wire"
	"github.com/epaper/epaper/story"
)

// Decision is what gathering did with one story.
type Decision string

// The decisions. Only Included stories go on to layout.
const (
	// Included stories go into the edition.
	Included Decision = "included"
	// OutsideWindow stories were first published outside the edition's
	// time window (or carry no date).
	OutsideWindow Decision = "outside-window"
	// Embargoed stories may not be published before a time after the
	// edition's cut-off.
	Embargoed Decision = "embargoed"
	// UnknownSection stories have no flatplan section and no routing rule
	// places them.
	UnknownSection Decision = "unknown-section"
	// Superseded stories are older versions of a story id that a newer
	// version replaces (a correction, an update).
	Superseded Decision = "superseded"
	// Duplicate stories are a second copy of a story: the same id and
	// version, or the same headline and text from another feed.
	Duplicate Decision = "duplicate"
	// Canceled stories were canceled or withheld by their source, or are
	// earlier versions of a story that was.
	Canceled Decision = "canceled"
	// Rejected files could not be read.
	Rejected Decision = "rejected"
)

// Entry is one story (or one unreadable file) and its decision. A feed or
// news message gives one entry per story, told apart by Item.
type Entry struct {
	File string `json:"file"`
	// Item is the story's place in a file that holds several (1-based);
	// 0 for a file of one story.
	Item     int          `json:"item,omitempty"`
	Line     int          `json:"line,omitempty"`
	Format   string       `json:"format,omitempty"`
	ID       string       `json:"id,omitempty"`
	Version  int          `json:"version,omitempty"`
	Headline string       `json:"headline,omitempty"`
	Section  string       `json:"section,omitempty"`
	Decision Decision     `json:"decision"`
	Reason   string       `json:"reason,omitempty"`
	Story    *story.Story `json:"-"`
	// Err is the reading error of a rejected file.
	Err error `json:"-"`
}

// Where names the entry in messages: the file, with the item when the file
// holds several stories.
func (e *Entry) Where() string {
	if e.Item > 0 {
		return fmt.Sprintf("%s (item %d)", e.File, e.Item)
	}
	return e.File
}

// Section is one flatplan section with its stories in priority order.
type Section struct {
	Name    string         `json:"name"`
	Stories []*story.Story `json:"stories"`
}

// Stories returns the gathered stories, section by section, in the order
// make-up takes them. The slice is new; the stories are the result's own.
func (r *Result) Stories() []*story.Story {
	var out []*story.Story
	for _, sec := range r.Sections {
		out = append(out, sec.Stories...)
	}
	return out
}

// Result is a gathered edition.
type Result struct {
	Date     string            `json:"date"`
	Sections []Section         `json:"sections"`
	Entries  []Entry           `json:"files"`
	Warnings []problem.Problem `json:"warnings,omitempty"`
	// Notes are changes made to the copy that are not problems: an
	// agency's sign-off and desk codes left out of a body.
	Notes []problem.Problem `json:"notes,omitempty"`
	// From and To are the edition's time window; Cutoff is the time
	// embargoes are held against.
	From   time.Time `json:"from,omitzero"`
	To     time.Time `json:"to,omitzero"`
	Cutoff time.Time `json:"cutoff,omitzero"`
}

// Options control gathering.
type Options struct {
	// Date is the edition's day, YYYY-MM-DD, in the edition's time zone.
	Date string
	// AnyDate turns the time window off. Embargoes still hold, against the
	// cut-off of Date (or the present time when Date is empty).
	AnyDate bool
	// MaxFileSize bounds a story file; larger files are rejected unread.
	MaxFileSize int64
	// RootDir is the folder on disk the file system reads, when it is one
	// (os.DirFS(RootDir)). Symbolic links are then resolved on disk, and a
	// story or picture whose path leads outside the folder is left out;
	// without it, links are followed through the file system when it can
	// read them (fs.ReadLinkFS), and one to an absolute path counts as
	// leading outside.
	RootDir string
}

// DefaultOptions returns the options of a nightly build.
func DefaultOptions() Options { return Options{MaxFileSize: wire.DefaultMaxBytes} }

// gatherer carries one gathering.
type gatherer struct {
	fsys     fs.FS
	ed       *editions.Edition
	opt      Options
	res      *Result
	wireRoot string
	realRoot string
	// parsed holds the desk stories read ahead in parallel
	parsed map[string]parsedMD
	// desk holds, by file, what versions of desk stories are judged by
	desk map[string]deskFile
}

// deskFile is what tells versions of a desk story apart beyond the story
// itself: whether its front matter named its id, and when the file was
// last saved.
type deskFile struct {
	explicit bool
	saved    time.Time
}

func (g *gatherer) warn(ps ...problem.Problem) { g.res.Warnings = append(g.res.Warnings, ps...) }

// Gather reads every story file the edition's sources name under fsys (all
// of it when the edition names none), whatever its format: desk Markdown,
// ninjs, NITF, NewsML-G2, RSS or Atom, told apart by content. It then keeps
// the newest version of each story, one copy of duplicates, none of
// canceled ones; of those, the ones first published in the edition's time
// window and not embargoed past its cut-off; and routes them to flatplan
// sections. Every story read, and every file that could not be, gets an
// Entry with its decision and the reason. It stops, with ctx's error, when
// ctx ends.
func Gather(ctx context.Context, fsys fs.FS, ed *editions.Edition, opt Options) (*Result, error) {
	if opt.MaxFileSize <= 0 {
		opt.MaxFileSize = DefaultOptions().MaxFileSize
	}
	g := &gatherer{fsys: fsys, ed: ed, opt: opt, res: &Result{Date: opt.Date}, desk: map[string]deskFile{}}
	var err error
	if g.wireRoot, g.realRoot, err = rootsFor(opt); err != nil {
		return nil, err
	}
	if opt.Date != "" || !opt.AnyDate {
		from, to, err := ed.WindowOf(opt.Date)
		if err != nil {
			return nil, err
		}
		g.res.Cutoff = to
		if !opt.AnyDate {
			g.res.From, g.res.To = from, to
		}
	} else {
		g.res.Cutoff = time.Now()
	}
	files, err := g.listFiles()
	if err != nil {
		return nil, err
	}
	if err := g.prefetch(ctx, files); err != nil {
		return nil, err
	}
	var cands []*cand
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		stories, err := g.readOne(f)
		if err != nil {
			e := Entry{File: f, Decision: Rejected, Reason: err.Error(), Err: err}
			var ie *problem.Problem
			if errors.As(err, &ie) {
				e.Line, e.Reason = ie.Line, ie.Msg
			}
			g.res.Entries = append(g.res.Entries, e)
			continue
		}
		for i := range stories {
			s := &stories[i]
			g.checkImages(s)
			if tail, agency := dropSignOff(s); tail != "" {
				msg := fmt.Sprintf("agency sign-off %q left out of the body", tail)
				if agency != "" && s.Byline == agency {
					msg += "; credited to " + agency
				}
				g.res.Notes = append(g.res.Notes, problem.Problem{File: f, Story: s.ID, Msg: msg})
			}
			e := Entry{File: f, Format: s.Format, ID: s.ID, Version: s.Version, Headline: s.Headline, Section: s.Section, Story: s}
			if len(stories) > 1 {
				e.Item = i + 1
			}
			g.res.Entries = append(g.res.Entries, e)
			cands = append(cands, &cand{entry: len(g.res.Entries) - 1, s: s, explicit: g.explicitID(f, s, i, len(stories)), order: len(cands), saved: g.desk[f].saved})
		}
	}
	g.decide(cands)
	bySection := map[string][]*story.Story{}
	ids := map[string]string{}
	for i := range g.res.Entries {
		e := &g.res.Entries[i]
		if e.Decision != Included {
			continue
		}
		s := e.Story
		if prev, ok := ids[s.ID]; ok {
			// ids must be unique in the edition: number the later one
			n := 2
			for ids[fmt.Sprintf("%s-%d", s.ID, n)] != "" {
				n++
			}
			g.warn(problem.Problem{File: e.File, Msg: fmt.Sprintf("id %q is also used by %s: renamed %s-%d", s.ID, prev, s.ID, n)})
			s.ID = fmt.Sprintf("%s-%d", s.ID, n)
			e.ID = s.ID
		}
		ids[s.ID] = e.Where()
		bySection[e.Section] = append(bySection[e.Section], s)
	}
	for _, sec := range ed.Sections {
		ss := bySection[sec.Name]
		SortByPriority(ss)
		g.res.Sections = append(g.res.Sections, Section{Name: sec.Name, Stories: ss})
	}
	return g.res, nil
}

// explicitID tells whether a story's id comes from its source (a wire uri or
// guid, a front matter id) rather than from its file name: only such ids
// make two files versions of one story.
func (g *gatherer) explicitID(file string, s *story.Story, i, n int) bool {
	base := strings.TrimSuffix(path.Base(file), path.Ext(path.Base(file)))
	if s.Format == "markdown" {
		return g.desk[file].explicit
	}
	derived := base
	if n > 1 {
		derived = fmt.Sprintf("%s-%d", base, i+1)
	}
	return s.ID != wire.MakeID(derived)
}

// SortByPriority orders stories most important first: priority, then length
// (a longer story of equal priority carries more), then id for a stable order.
func SortByPriority(ss []*story.Story) {
	words := make(map[*story.Story]int, len(ss)) // counted once, not per comparison
	for _, s := range ss {
		words[s] = s.Words()
	}
	sort.SliceStable(ss, func(i, j int) bool {
		a, b := ss[i], ss[j]
		if a.Priority != b.Priority {
			return a.Priority < b.Priority
		}
		if wa, wb := words[a], words[b]; wa != wb {
			return wa > wb
		}
		return a.ID < b.ID
	})
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

// Included counts the stories that go into the edition.
func (r *Result) Included() int {
	n := 0
	for _, sec := range r.Sections {
		n += len(sec.Stories)
	}
	return n
}

// Nothing says, for a day with no story to print, what was found: how
// many files were read, what became of them, and the nearest days that
// have stories, in the edition's time zone.
func (r *Result) Nothing(loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	if len(r.Entries) == 0 {
		return "the stories folder has no story files"
	}
	count := map[Decision]int{}
	days := map[string]int{}
	for _, e := range r.Entries {
		count[e.Decision]++
		if e.Decision == OutsideWindow && e.Story != nil && !e.Story.Published.IsZero() {
			days[e.Story.Published.In(loc).Format("2006-01-02")]++
		}
	}
	files := map[string]bool{}
	for _, e := range r.Entries {
		files[e.File] = true
	}
	var parts []string
	for _, d := range []Decision{OutsideWindow, Rejected, UnknownSection, Embargoed, Superseded, Duplicate, Canceled} {
		if n := count[d]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, d))
		}
	}
	msg := fmt.Sprintf("%s read, %s in them: %s", plural(len(files), "file"), plural(len(r.Entries)-count[Rejected], "story"), strings.Join(parts, ", "))
	if len(days) > 0 {
		msg += "; stories are dated " + nearestDays(days, r.Date, 3)
	}
	return msg
}

// nearestDays lists up to n of the days, those nearest to date first, with
// how many stories each has.
func nearestDays(days map[string]int, date string, n int) string {
	ds := slices.Collect(maps.Keys(days))
	ref, _ := time.Parse("2006-01-02", date)
	dist := func(d string) time.Duration {
		t, _ := time.Parse("2006-01-02", d)
		return max(t.Sub(ref), ref.Sub(t))
	}
	slices.SortFunc(ds, func(a, b string) int {
		if c := cmp.Compare(dist(a), dist(b)); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	var out []string
	for _, d := range ds[:min(n, len(ds))] {
		out = append(out, fmt.Sprintf("%s (%d)", d, days[d]))
	}
	if len(ds) > n {
		out = append(out, fmt.Sprintf("and %d other days", len(ds)-n))
	}
	return strings.Join(out, ", ")
}

// plural writes n and a noun, in the plural unless n is 1.
func plural(n int, noun string) string {
	switch {
	case n == 1:
		return "1 " + noun
	case strings.HasSuffix(noun, "y"):
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(noun, "y"))
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

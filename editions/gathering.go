package editions

import (
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// The gathering rules of an edition file. All three keys are optional; an
// edition file without them gathers every story file under the stories
// folder that was published on the edition's calendar day.
//
//	sources:                 # parts of the --stories folder this edition reads
//	  - desk                 # a folder: every file under it
//	  - wire/pti/*.xml       # a glob (path.Match syntax, one folder level per *)
//	  - feeds/national.rss   # one file; a feed gives several stories
//	routing:                 # subject, category or keyword -> section
//	  sport: Sport           # keys ignore case
//	  cricket: Sport
//	  "medtop:04000000": Business   # IPTC codes match their names too
//	  default: Nation        # stories no rule routes; without it they are held
//	window:                  # the edition's time window, in its time zone
//	  start: "18:00"         # from this time on the day days_before the edition's day
//	  end: "18:00"           # to this time on the edition's day (exclusive; "24:00" is midnight)
//	  days_before: 1
//
// Sources are relative to the stories folder (--stories), never to the
// edition file: several editions share one stories folder, and that folder
// is the boundary nothing is read outside of. A source that names a file or
// folder that is not there is a warning; a glob that matches nothing is
// not (a quiet agency feed).
//
// Routing applies when a story has no section of its own or its section is
// not in the flatplan (wire items rarely carry one): the story's section
// name, then its subjects in the order the source gives them, are looked up;
// the first with a rule wins. A subject that is a section's name or alias
// (an RSS category "Business") routes to that section without a rule. IPTC codes may be written as qcodes
// ("medtop:15000000", "subj:15000000") or URIs; a top-level code matches the
// subject's English name ("sport") and the reverse, and a subject code
// matches its top level.
//
// The window runs from start on the day days_before the edition's day to
// end on the edition's day; the default, start "00:00", end "24:00",
// days_before 0, is the edition's calendar day. Its end is the edition's
// cut-off: a story embargoed past it is held.

// Source is one entry of the edition's sources: a folder, file or glob
// relative to the stories folder, with the line it is on.
type Source struct {
	Path string
	Line int
}

// UnmarshalYAML reads one source path.
func (s *Source) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: a source is a folder, file or glob like \"wire/*.xml\"", n.Line)}}
	}
	s.Path, s.Line = n.Value, n.Line
	return nil
}

// MarshalYAML writes the path.
func (s Source) MarshalYAML() (any, error) { return s.Path, nil }

// HasGlob tells whether the source is a pattern rather than a path.
func (s Source) HasGlob() bool { return strings.ContainsAny(s.Path, "*?[") }

// Route is one routing rule: stories whose section or subject is Key go to
// Section.
type Route struct {
	Key     string
	Section string
	Line    int
}

// Routing maps subjects, categories and keywords to flatplan sections, in
// the order the edition file gives them. Default takes the stories no rule
// routes; when it is empty they are held as of an unknown section.
type Routing struct {
	Rules       []Route
	Default     string
	DefaultLine int
}

// UnmarshalYAML reads a mapping of "subject: Section" lines; the key
// "default" names the section of stories no rule routes.
func (r *Routing) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: routing is a mapping of subject: Section lines", n.Line)}}
	}
	*r = Routing{}
	var errs []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || v.Kind != yaml.ScalarNode {
			errs = append(errs, fmt.Sprintf("line %d: routing: each line is subject: Section", k.Line))
			continue
		}
		if k.Value == "default" {
			r.Default, r.DefaultLine = v.Value, k.Line
			continue
		}
		r.Rules = append(r.Rules, Route{Key: k.Value, Section: v.Value, Line: k.Line})
	}
	if len(errs) > 0 {
		return &yaml.TypeError{Errors: errs}
	}
	return nil
}

// MarshalYAML writes the rules as a mapping.
func (r Routing) MarshalYAML() (any, error) {
	n := &yaml.Node{Kind: yaml.MappingNode}
	for _, rt := range r.Rules {
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: rt.Key}, &yaml.Node{Kind: yaml.ScalarNode, Value: rt.Section})
	}
	if r.Default != "" {
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "default"}, &yaml.Node{Kind: yaml.ScalarNode, Value: r.Default})
	}
	return n, nil
}

// Window is the edition's time window: stories published from Start on the
// day DaysBefore the edition's day up to End on the edition's day, in the
// edition's time zone. Times are "HH:MM" or "HH:MM:SS"; End "24:00" is the
// midnight that ends the day.
type Window struct {
	Start      string `yaml:"start"`
	End        string `yaml:"end"`
	DaysBefore int    `yaml:"days_before"`
}

// DefaultWindow is the edition's calendar day.
func DefaultWindow() Window { return Window{Start: "00:00", End: "24:00"} }

// IsCalendarDay tells whether the window is the edition's calendar day.
func (w Window) IsCalendarDay() bool {
	s, err1 := parseClock(w.Start)
	e, err2 := parseClock(w.End)
	return err1 == nil && err2 == nil && w.DaysBefore == 0 && s == (clock{}) && e == (clock{h: 24})
}

type clock struct{ h, m, s int }

var clockRE = regexp.MustCompile(`^(\d{1,2}):(\d{2})(?::(\d{2}))?$`)

func parseClock(v string) (clock, error) {
	m := clockRE.FindStringSubmatch(strings.TrimSpace(v))
	if m == nil {
		return clock{}, fmt.Errorf("%q is not a time like 18:00 or 23:59:59", v)
	}
	var c clock
	c.h, _ = strconv.Atoi(m[1])
	c.m, _ = strconv.Atoi(m[2])
	if m[3] != "" {
		c.s, _ = strconv.Atoi(m[3])
	}
	if c.h > 24 || c.m > 59 || c.s > 59 || (c.h == 24 && (c.m != 0 || c.s != 0)) {
		return clock{}, fmt.Errorf("%q is not a time of day (00:00 to 24:00)", v)
	}
	return c, nil
}

func (c clock) secs() int { return c.h*3600 + c.m*60 + c.s }

// Bounds returns the window of the edition dated day (any time on that
// day; only its date in loc counts): from is inclusive, to exclusive.
// A window that does not parse gives the calendar day.
func (w Window) Bounds(day time.Time, loc *time.Location) (from, to time.Time) {
	if loc == nil {
		loc = time.UTC
	}
	y, mo, d := day.In(loc).Date()
	s, err1 := parseClock(w.Start)
	e, err2 := parseClock(w.End)
	back := w.DaysBefore
	if err1 != nil || err2 != nil || back < 0 {
		s, e, back = clock{}, clock{h: 24}, 0
	}
	from = time.Date(y, mo, d-back, s.h, s.m, s.s, 0, loc)
	to = time.Date(y, mo, d, e.h, e.m, e.s, 0, loc)
	return from, to
}

// WindowOf returns the window of the edition of date (YYYY-MM-DD).
func (ed *Edition) WindowOf(date string) (from, to time.Time, err error) {
	loc := ed.Loc
	if loc == nil {
		loc = time.UTC
	}
	day, err := time.ParseInLocation("2006-01-02", date, loc)
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("date %q is not YYYY-MM-DD", date)
	}
	from, to = ed.Window.Bounds(day, loc)
	return from, to, nil
}

// validateGathering checks sources, routing and window.
func (ed *Edition) validateGathering(root *yaml.Node, bad func(int, string, ...any)) {
	for _, s := range ed.Sources {
		p := strings.TrimSpace(s.Path)
		switch {
		case p == "":
			bad(s.Line, "source is empty")
		case strings.Contains(p, "\\"):
			bad(s.Line, "source %q: write paths with / (relative to the stories folder)", s.Path)
		case path.IsAbs(p) || (len(p) > 1 && p[1] == ':'):
			bad(s.Line, "source %q is an absolute path: sources are relative to the stories folder", s.Path)
		case p == ".." || strings.HasPrefix(p, "../") || strings.Contains(p, "/../") || strings.HasSuffix(p, "/.."):
			bad(s.Line, "source %q leaves the stories folder", s.Path)
		default:
			if _, err := path.Match(p, ""); err != nil {
				bad(s.Line, "source %q is not a valid glob: %v", s.Path, err)
			}
		}
	}
	keys := map[string]int{}
	for _, r := range ed.Routing.Rules {
		k := foldName(r.Key)
		if k == "" {
			bad(r.Line, "routing: empty subject")
			continue
		}
		if prev, ok := keys[k]; ok {
			bad(r.Line, "routing: %q is routed on line %d already", r.Key, prev)
		}
		keys[k] = r.Line
		if _, ok := ed.SectionFor(r.Section); !ok {
			bad(r.Line, "routing: %q goes to section %q, which is not in the flatplan", r.Key, r.Section)
		}
	}
	if ed.Routing.DefaultLine > 0 {
		if _, ok := ed.SectionFor(ed.Routing.Default); !ok {
			bad(ed.Routing.DefaultLine, "routing: default section %q is not in the flatplan", ed.Routing.Default)
		}
	}
	w := ed.Window
	s, err := parseClock(w.Start)
	if err != nil {
		bad(lineOf(root, "window", "start"), "window start: %v", err)
	}
	e, err2 := parseClock(w.End)
	if err2 != nil {
		bad(lineOf(root, "window", "end"), "window end: %v", err2)
	}
	if w.DaysBefore < 0 || w.DaysBefore > 7 {
		bad(lineOf(root, "window", "days_before"), "window days_before must be 0 to 7, not %d", w.DaysBefore)
	} else if err == nil && err2 == nil && w.DaysBefore*86400+e.secs() <= s.secs() {
		bad(lineOf(root, "window"), "window is empty: it starts at %s and ends at %s on the same day (set days_before: 1 for a window that starts the day before)", w.Start, w.End)
	}
	ed.routes = compileRoutes(ed)
}

// Route returns the flatplan section of a story with the given section
// name and subjects: its own section when the flatplan has it, else the
// first of its section name and subjects that a routing rule names (a
// subject that is a section's name or alias routes there too), else the
// routing default. how says which rule decided ("" for the story's own
// section); ok is false when nothing places the story.
func (ed *Edition) Route(section string, subjects []string) (name, how string, ok bool) {
	if name, ok := ed.SectionFor(section); ok {
		return name, "", true
	}
	routes := ed.routes
	if routes == nil {
		routes = compileRoutes(ed)
	}
	try := func(kind, v string) (string, string, bool) {
		for _, k := range subjectKeys(v) {
			if sec, ok := routes[k]; ok {
				return sec, fmt.Sprintf("routed by %s %q", kind, strings.TrimSpace(v)), true
			}
		}
		return "", "", false
	}
	if strings.TrimSpace(section) != "" {
		if sec, how, ok := try("section", section); ok {
			return sec, how, true
		}
	}
	for _, s := range subjects {
		if sec, how, ok := try("subject", s); ok {
			return sec, how, true
		}
		if sec, ok := ed.SectionFor(s); ok {
			return sec, fmt.Sprintf("routed by subject %q, a section name", strings.TrimSpace(s)), true
		}
	}
	if sec, ok := ed.SectionFor(ed.Routing.Default); ok && ed.Routing.Default != "" {
		return sec, "routed by routing.default", true
	}
	return "", "", false
}

// compileRoutes maps every key a rule matches to its flatplan section: the
// keys as written first, then the names and codes they stand for.
func compileRoutes(ed *Edition) map[string]string {
	m := map[string]string{}
	for pass := 0; pass < 2; pass++ {
		for _, r := range ed.Routing.Rules {
			sec, ok := ed.SectionFor(r.Section)
			if !ok {
				continue
			}
			keys := subjectKeys(r.Key)
			if pass == 0 {
				keys = keys[:min(1, len(keys))]
			}
			for _, k := range keys {
				if _, dup := m[k]; !dup {
					m[k] = sec
				}
			}
		}
	}
	return m
}

var (
	qcodeRE = regexp.MustCompile(`^(medtop|subj|iptc|subjectcode|mediatopic):(\d{8})$`)
	iptcURI = regexp.MustCompile(`^https?://cv\.iptc\.org/newscodes/(mediatopic|subjectcode)/(\d{8})/?$`)
	bareRE  = regexp.MustCompile(`^\d{8}$`)
)

// topLevel names the top-level IPTC Media Topics and Subject Codes, which
// share their numbers; both vocabularies' English names are listed.
var topLevel = map[string][]string{
	"01": {"arts, culture, entertainment and media", "arts, culture and entertainment"},
	"02": {"crime, law and justice"},
	"03": {"disaster, accident and emergency incident", "disaster and accident"},
	"04": {"economy, business and finance"},
	"05": {"education"},
	"06": {"environment", "environmental issue"},
	"07": {"health"},
	"08": {"human interest"},
	"09": {"labour"},
	"10": {"lifestyle and leisure"},
	"11": {"politics", "politics and government"},
	"12": {"religion", "religion and belief"},
	"13": {"science and technology"},
	"14": {"society", "social issue"},
	"15": {"sport"},
	"16": {"conflict, war and peace", "unrest, conflicts and war"},
	"17": {"weather"},
}

var topByName = func() map[string]string {
	m := map[string]string{}
	for num, names := range topLevel {
		for _, n := range names {
			m[n] = num
		}
	}
	return m
}()

// subjectKeys returns the lookup keys of a subject or routing key: its
// folded form first, then what it stands for in the IPTC vocabularies.
func subjectKeys(v string) []string {
	k := foldName(v)
	if k == "" {
		return nil
	}
	keys := []string{k}
	scheme, num := "", ""
	if m := qcodeRE.FindStringSubmatch(k); m != nil {
		scheme, num = m[1], m[2]
	} else if m := iptcURI.FindStringSubmatch(k); m != nil {
		scheme, num = m[1], m[2]
	} else if bareRE.MatchString(k) {
		scheme, num = "subj", k
	}
	if num == "" {
		if top, ok := topByName[k]; ok {
			keys = append(keys, "medtop:"+top+"000000", "subj:"+top+"000000")
		}
		return keys
	}
	top := num[:2]
	switch scheme {
	case "medtop", "mediatopic":
		keys = append(keys, "medtop:"+num)
		if num[2:] == "000000" {
			keys = append(keys, "subj:"+num)
		}
	default:
		// subject codes are hierarchical by their digits
		keys = append(keys, "subj:"+num)
		if num[2:] != "000000" {
			keys = append(keys, "subj:"+top+"000000")
		} else {
			keys = append(keys, "medtop:"+num)
		}
	}
	if num[2:] == "000000" || scheme == "subj" || scheme == "iptc" || scheme == "subjectcode" {
		keys = append(keys, topLevel[top]...)
	}
	return dedupe(keys)
}

func dedupe(ss []string) []string {
	seen := map[string]bool{}
	out := ss[:0]
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

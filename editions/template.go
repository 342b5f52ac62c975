package editions

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/epaper/epaper/problem"
	"gopkg.in/yaml.v3"
)

// A page template is the designer's drawing of a page, kept for years: it
// divides the type area into zones on the column grid, each with a kind
// (the masthead, the index, stories, an ad slot, a picture, a box of fixed
// text) and a place. A section names one for its first page and one for
// its others; a page may name its own. The edition file names the folder
// they are in (templates: "templates"); each is a YAML file there, NAME.yaml:
//
//	zones:
//	  - { name: masthead, kind: masthead, logo: "logo.png", columns: 1-6, top: 0mm, height: 55mm }
//	  - { name: lead, kind: stories, pick: lead, columns: 1-3, top: 55mm, height: 220mm }
//	  - { name: right, kind: stories, columns: 4-6, top: 55mm }
//	  - { name: bottom, kind: stories, columns: 1-3, top: 275mm }
//	style: { accent: "#a31f1f", rules: "#888888", headline_scale: 1.1 }
//
// Tops are measured from the top of the type area; on a page without a
// masthead the folio takes the first two lines and tops are measured from
// under it. A zone without a height takes what is left of its columns, down
// to the next zone or the foot of the page.

// Template is one page template.
type Template struct {
	Name  string
	File  string
	Zones []Zone
	Style TemplateStyle
}

// Zone kinds.
const (
	ZoneMasthead = "masthead"
	ZoneIndex    = "index"
	ZoneStories  = "stories"
	ZoneAd       = "ad"
	ZonePicture  = "picture"
	ZoneText     = "text"
)

var zoneKinds = []string{ZoneMasthead, ZoneIndex, ZoneStories, ZoneAd, ZonePicture, ZoneText}

// Zone is one part of a template.
type Zone struct {
	Name string `yaml:"name"`
	Kind string `yaml:"kind"`
	// Columns is the grid columns the zone spans, "1-3" or "4".
	Columns string `yaml:"columns"`
	Top     Length `yaml:"top"`
	Height  Length `yaml:"height"`
	// Pick chooses a stories zone's stories: "lead" (the page's most
	// important story; the front page's lead), a priority or a range of
	// them ("1-2"), a section's name, "briefs" (the shortest stories, set as
	// briefs), or a story id. Empty takes any.
	Pick string `yaml:"pick"`
	// Logo is the masthead's artwork (PNG or JPEG), in the templates
	// folder; without it the masthead sets the title in type.
	Logo string `yaml:"logo"`
	// Slot names the ad slot booked ads fill (ads.yaml: slot).
	Slot string `yaml:"slot"`
	// Box names a fixed-text zone's text: a key of the edition's boxes.
	Box string `yaml:"box"`
	// Title heads a text, picture or stories zone.
	Title string `yaml:"title"`

	// From and To are the first and last grid columns, 0-based.
	From, To int `yaml:"-"`
	// HasHeight tells a zone that takes what is left from one with a
	// height.
	HasHeight bool `yaml:"-"`
	Line      int  `yaml:"-"`
}

// TemplateStyle is what a template sets apart from the edition's defaults.
type TemplateStyle struct {
	// Accent colours kickers, labels and the jump lines; Rules the rules
	// between modules ("#rrggbb").
	Accent string `yaml:"accent"`
	Rules  string `yaml:"rules"`
	// HeadlineScale sets every headline larger (1.2) or smaller (0.9).
	HeadlineScale float64 `yaml:"headline_scale"`
	// Headline is a family for the headlines other than the edition's.
	Headline string `yaml:"headline"`
}

var (
	columnsRE = regexp.MustCompile(`^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$`)
	colourRE  = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
	priorRE   = regexp.MustCompile(`^[1-5](-[1-5])?$`)
)

// LoadTemplate reads and checks a template file against the edition's
// grid and type area.
func (ed *Edition) LoadTemplate(name, path string) (*Template, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, problem.At(path, 0, "template %q: %v", name, err)
	}
	return ed.ParseTemplate(name, path, data)
}

// ParseTemplate reads a template from YAML; file is used in errors.
func (ed *Edition) ParseTemplate(name, file string, data []byte) (*Template, error) {
	t := &Template{Name: name, File: file}
	root, err := parseYAML(file, data)
	if err != nil {
		return nil, err
	}
	var raw struct {
		Zones []Zone        `yaml:"zones"`
		Style TemplateStyle `yaml:"style"`
	}
	if len(root.Content) > 0 {
		if es := decodeYAML(file, root, &raw, ""); len(es) > 0 {
			return nil, es
		}
	}
	t.Zones, t.Style = raw.Zones, raw.Style
	var es problem.List
	bad := func(line int, f string, a ...any) { es = append(es, problem.At(file, line, f, a...)) }
	lines := zoneLines(root)
	for i := range t.Zones {
		z := &t.Zones[i]
		if i < len(lines) {
			z.Line = lines[i]
		}
		ed.checkZone(z, bad)
	}
	if len(t.Zones) == 0 {
		bad(lineOf(root, "zones"), "template %q has no zones", name)
	}
	ed.checkOverlaps(t, bad)
	if s := t.Style; s.Accent != "" && !colourRE.MatchString(s.Accent) || s.Rules != "" && !colourRE.MatchString(s.Rules) {
		bad(lineOf(root, "style"), "style colours are written #rrggbb")
	}
	if s := t.Style.HeadlineScale; s != 0 && (s < 0.5 || s > 2) {
		bad(lineOf(root, "style"), "style headline_scale %.2f is outside 0.5-2", s)
	}
	if len(es) > 0 {
		return nil, es
	}
	return t, nil
}

// checkZone checks one zone's kind, columns, place and options.
func (ed *Edition) checkZone(z *Zone, bad func(int, string, ...any)) {
	if !slices.Contains(zoneKinds, z.Kind) {
		bad(z.Line, "zone %q: kind %q is not one of %s", z.Name, z.Kind, strings.Join(zoneKinds, ", "))
	}
	m := columnsRE.FindStringSubmatch(z.Columns)
	if m == nil {
		bad(z.Line, "zone %q: columns %q is not a column or a range like 1-3", z.Name, z.Columns)
		return
	}
	z.From, _ = strconv.Atoi(m[1])
	z.To = z.From
	if m[2] != "" {
		z.To, _ = strconv.Atoi(m[2])
	}
	if z.From < 1 || z.To < z.From || z.To > ed.Grid.Columns {
		bad(z.Line, "zone %q: columns %s are not within the grid's %d columns", z.Name, z.Columns, ed.Grid.Columns)
	}
	z.From, z.To = z.From-1, z.To-1
	_, _, _, h := ed.TypeArea()
	z.HasHeight = z.Height > 0
	if z.Top.Pt() >= h-1 || z.Top.Pt()+z.Height.Pt() > h+0.5 {
		bad(z.Line, "zone %q: %.0f mm from the top and %.0f mm tall is outside the type area, %.0f mm tall", z.Name, z.Top.Pt()*25.4/72, z.Height.Pt()*25.4/72, h*25.4/72)
	}
	switch z.Kind {
	case ZoneStories:
		if z.Pick != "" && !validPick(z.Pick) {
			bad(z.Line, "zone %q: pick %q is not lead, briefs, a priority (1-5 or 1-2), a section or a story id", z.Name, z.Pick)
		}
	case ZoneMasthead:
		if z.Logo != "" {
			ext := strings.ToLower(filepath.Ext(z.Logo))
			if ext != ".png" && ext != ".jpg" && ext != ".jpeg" {
				bad(z.Line, "zone %q: logo %q must be PNG or JPEG", z.Name, z.Logo)
			}
		}
	case ZoneText:
		if z.Box == "" {
			bad(z.Line, "zone %q: a text zone names its box (box: weather), a key of the edition's boxes", z.Name)
		} else if _, ok := ed.Boxes[z.Box]; !ok {
			bad(z.Line, "zone %q: box %q is not among the edition's boxes", z.Name, z.Box)
		}
	case ZoneAd:
		if z.Slot == "" {
			z.Slot = z.Name
		}
	}
}

// validPick tells a pick's syntax apart from nonsense: section names and
// story ids are checked against the day's stories when they are known.
func validPick(p string) bool {
	return strings.TrimSpace(p) != "" && (p == "lead" || p == "briefs" || priorRE.MatchString(p) || !strings.ContainsAny(p, "{}[]:"))
}

// checkOverlaps refuses zones that share columns and rows: two zones of a
// height that meet, a zone that starts inside one of a height, and two
// zones that take what is left of the same columns from the same top.
func (ed *Edition) checkOverlaps(t *Template, bad func(int, string, ...any)) {
	for i := range t.Zones {
		for j := i + 1; j < len(t.Zones); j++ {
			a, b := &t.Zones[i], &t.Zones[j]
			if a.To < b.From || b.To < a.From {
				continue
			}
			at, bt := a.Top.Pt(), b.Top.Pt()
			ae, be := at+a.Height.Pt(), bt+b.Height.Pt()
			var clash bool
			switch {
			case a.HasHeight && b.HasHeight:
				clash = at < be-0.5 && bt < ae-0.5
			case a.HasHeight:
				clash = bt > at+0.5 && bt < ae-0.5
			case b.HasHeight:
				clash = at > bt+0.5 && at < be-0.5
			default:
				clash = math.Abs(at-bt) < 0.5
			}
			if clash {
				bad(b.Line, "zone %q overlaps zone %q (line %d)", b.Name, a.Name, a.Line)
			}
		}
	}
}

// zoneLines finds the line of each zone in the file.
func zoneLines(root *yaml.Node) []int {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "zones" && n.Content[i+1].Kind == yaml.SequenceNode {
			var out []int
			for _, z := range n.Content[i+1].Content {
				out = append(out, z.Line)
			}
			return out
		}
	}
	return nil
}

// loadTemplates reads the templates the flatplan names from the edition's
// templates folder.
func (ed *Edition) loadTemplates(root *yaml.Node) problem.List {
	ed.Templates = map[string]*Template{}
	var names []string
	for _, s := range ed.Sections {
		for _, n := range []string{s.Template, s.Inside} {
			if n != "" && !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
	}
	for _, n := range ed.PageTemplates {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	var es problem.List
	if len(names) > 0 && ed.TemplatesDir == "" {
		return problem.List{problem.At(ed.File, lineOf(root, "sections"), "the flatplan names templates, and the edition names no templates folder (templates: \"templates\")")}
	}
	for _, n := range names {
		if strings.ContainsAny(n, `/\`) || strings.HasPrefix(n, ".") {
			es = append(es, problem.At(ed.File, lineOf(root, "sections"), "template %q: a template is named by its file name in the templates folder, without .yaml", n))
			continue
		}
		t, err := ed.LoadTemplate(n, filepath.Join(ed.TemplatesPath(), n+".yaml"))
		if err != nil {
			switch e := err.(type) {
			case problem.List:
				es = append(es, e...)
			case *problem.Problem:
				es = append(es, e)
			default:
				es = append(es, problem.At(ed.File, 0, "template %q: %v", n, err))
			}
			continue
		}
		ed.Templates[n] = t
	}
	return es
}

// TemplatesPath is the templates folder on disk, relative to the edition
// file.
func (ed *Edition) TemplatesPath() string {
	if ed.TemplatesDir == "" || filepath.IsAbs(ed.TemplatesDir) {
		return ed.TemplatesDir
	}
	return filepath.Join(filepath.Dir(ed.File), ed.TemplatesDir)
}

// TemplateFor returns the template of page num (1-based) of the flatplan:
// the page's own, else its section's for its first page or for the others;
// nil when none is named (the built-in look).
func (ed *Edition) TemplateFor(num int) *Template {
	if n, ok := ed.PageTemplates[num]; ok {
		return ed.Templates[n]
	}
	first := 1
	for _, s := range ed.Sections {
		pages := s.Pages
		if first == 1 && pages < 1 {
			pages = 1
		}
		if num >= first && num < first+pages {
			name := s.Template
			if num > first && s.Inside != "" {
				name = s.Inside
			}
			return ed.Templates[name]
		}
		first += pages
	}
	return nil
}

// String writes a length in millimetres, as designers write them.
func (z Zone) String() string {
	return fmt.Sprintf("%s (%s, columns %s)", z.Name, z.Kind, z.Columns)
}

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
	// on a page without a masthead the folio takes the first two lines,
	// and tops are measured from under it
	_, _, _, room := ed.TypeArea()
	if !slices.ContainsFunc(t.Zones, func(z Zone) bool { return z.Kind == ZoneMasthead }) {
		room -= FolioLines * ed.Body.Leading.Pt()
	}
	stories := false
	for i := range t.Zones {
		z := &t.Zones[i]
		if i < len(lines) {
			z.Line = lines[i]
		}
		ed.checkZone(z, room, bad)
		stories = stories || z.Kind == ZoneStories
	}
	if len(t.Zones) > 0 && !stories {
		bad(lineOf(root, "zones"), "template %q has no stories zone: the pages it draws would take no story (give one a zone of kind stories)", name)
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

// FolioLines is the body lines the folio (section, title, date, page)
// takes at the head of a page without a masthead.
const FolioLines = 2

// checkZone checks one zone's kind, columns, place and options; room is
// the height its tops are measured in.
func (ed *Edition) checkZone(z *Zone, room float64, bad func(int, string, ...any)) {
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
	switch {
	case z.To < z.From:
		bad(z.Line, "zone %q: columns %s run backwards: write the first column first (%d-%d)", z.Name, z.Columns, z.To, z.From)
	case z.From < 1 || z.To > ed.Grid.Columns:
		bad(z.Line, "zone %q: columns %s are not within the grid's %d columns", z.Name, z.Columns, ed.Grid.Columns)
	}
	z.From, z.To = z.From-1, z.To-1
	z.HasHeight = z.Height > 0
	mm := func(pt float64) float64 { return pt * 25.4 / 72 }
	_, _, _, h := ed.TypeArea()
	under := ""
	if room < h-0.5 {
		under = fmt.Sprintf(" under the folio (a page without a masthead: the type area's %.0f mm less the folio's %d lines)", mm(h), FolioLines)
	}
	switch {
	case z.Height < 0 || z.Top < 0:
		bad(z.Line, "zone %q: top and height are lengths from 0 down", z.Name)
	case z.Top.Pt() >= room-1 || z.Top.Pt()+z.Height.Pt() > room+0.5:
		bad(z.Line, "zone %q: %.0f mm from the top and %.0f mm tall is outside the type area, %.0f mm tall%s", z.Name, mm(z.Top.Pt()), mm(z.Height.Pt()), mm(room), under)
	}
	switch z.Kind {
	case ZoneStories:
		if msg := ed.checkPick(z.Pick); msg != "" {
			bad(z.Line, "zone %q: pick %q %s", z.Name, z.Pick, msg)
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

// checkPick says what is wrong with a stories zone's pick, "" when
// nothing: lead and briefs (in any case), a priority or a range of them, a
// section of the flatplan, or else a story id, which only the night's
// stories can tell (make-up warns of one that matches none). A pick a
// slip of the keyboard away from a keyword or a section is an error.
func (ed *Edition) checkPick(p string) string {
	p = strings.TrimSpace(p)
	switch {
	case priorRE.MatchString(p) && len(p) == 3 && p[2] < p[0]:
		return "is not a priority: a range runs from the higher, 1, to the lower, 5 (like 1-3)"
	case p == "" || strings.EqualFold(p, "lead") || strings.EqualFold(p, "briefs") || priorRE.MatchString(p):
		return ""
	case strings.Trim(p, "0123456789- ") == "":
		return "is not a priority: 1 (lead) to 5 (brief), or a range like 1-3"
	case strings.ContainsAny(p, "{}[]:"):
		return "is not lead, briefs, a priority (1-5 or 1-2), a section or a story id"
	}
	if _, ok := ed.SectionFor(p); ok {
		return ""
	}
	names := map[string]bool{"lead": true, "briefs": true}
	for _, s := range ed.Sections {
		names[strings.ToLower(s.Name)] = true
		for _, a := range s.Aliases {
			names[strings.ToLower(a)] = true
		}
	}
	if m := closest(p, names); m != "" {
		return fmt.Sprintf("is no section and not lead or briefs (did you mean %q?)", m)
	}
	return ""
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
		file := filepath.Join(ed.TemplatesPath(), n+".yaml")
		if _, err := os.Stat(file); err != nil {
			msg := fmt.Sprintf("template %q: no file %s", n, file)
			if m := closest(n, ed.templateFiles()); m != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", m)
			}
			es = append(es, problem.At(ed.File, lineOfValue(root, n), "%s", msg))
			continue
		}
		t, err := ed.LoadTemplate(n, file)
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

// templateFiles lists the templates in the templates folder, by name.
func (ed *Edition) templateFiles() map[string]bool {
	out := map[string]bool{}
	ents, _ := os.ReadDir(ed.TemplatesPath())
	for _, e := range ents {
		if n, ok := strings.CutSuffix(e.Name(), ".yaml"); ok && !e.IsDir() {
			out[n] = true
		}
	}
	return out
}

// lineOfValue is the line of the first scalar in the file whose value is
// v, 0 when there is none: where the edition names a template.
func lineOfValue(n *yaml.Node, v string) int {
	if n.Kind == yaml.ScalarNode && n.Value == v {
		return n.Line
	}
	for _, c := range n.Content {
		if l := lineOfValue(c, v); l > 0 {
			return l
		}
	}
	return 0
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

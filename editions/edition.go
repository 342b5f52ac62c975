// Package editions loads and checks edition files: the newspaper's title,
// page geometry, column grid, fonts, type sizes and flatplan, and the rules
// that gather its stories (sources, routing by subject, time window). Loading
// is strict, because the file is written by hand and read by an unattended
// job: an unknown key or a wrong type is an error naming the file and line.
package editions

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/epaper/epaper/problem"
	"gopkg.in/yaml.v3"
)

// Edition is one edition file.
type Edition struct {
	Title    string `yaml:"title"`
	Slug     string `yaml:"slug"`
	Language string `yaml:"language"`
	Timezone string `yaml:"timezone"`
	// Name is the edition's name under the title ("City Edition", "Pune").
	Name string `yaml:"name"`
	// Price is printed in the masthead ("Rs 5").
	Price string `yaml:"price"`
	// Slogan is the paper's line in its house ads and the masthead's ear
	// ("Every page, every evening, on your phone"); empty is the
	// language's.
	Slogan   string    `yaml:"slogan"`
	Page     PageSpec  `yaml:"page"`
	Grid     GridSpec  `yaml:"grid"`
	Fonts    FontSpec  `yaml:"fonts"`
	Body     BodySpec  `yaml:"body"`
	Sections []Section `yaml:"sections"`
	Ads      string    `yaml:"ads"`
	// TemplatesDir is the folder of the page templates, relative to the
	// edition file; PageTemplates names a template for single pages, by
	// number, over their section's.
	TemplatesDir  string         `yaml:"templates"`
	PageTemplates map[int]string `yaml:"page_templates"`
	// Boxes are the edition's boxes of fixed text (an editorial, the
	// weather, the markets): name -> a Markdown file, relative to the
	// edition file, that the desk keeps up to date. Text zones show them.
	Boxes map[string]string `yaml:"boxes"`
	// Overflow says what happens when a section has more copy than its
	// pages: "hold" (the default: the flatplan is a contract) holds the
	// least important stories over; "add-pages" adds pages to the section.
	Overflow string `yaml:"overflow"`
	// PageMultiple is the press's page multiple (1, 2, 4...): the press
	// prints sheets of that many pages, so the flatplan's page count must
	// be a multiple of it. Pages that overflow: add-pages adds past it are
	// a warning, for the desk to plan more.
	PageMultiple int `yaml:"page_multiple"`
	// MaxStories bounds the stories a night's make-up considers, shared
	// among the sections by their pages: a wire feed that floods the
	// folder with thousands of items would otherwise be set in full, only
	// to be held for want of room. Each section keeps its most important
	// stories; the rest are held, each with the reason.
	MaxStories int `yaml:"max_stories"`
	// Digits says how the page furniture writes numbers (dates, page
	// numbers, jump lines): "native" (the script's own digits),
	// "western", or "devanagari". Empty means the language's usual
	// digits, see DigitZero.
	Digits string `yaml:"digits"`

	// Sources are the parts of the stories folder the edition reads:
	// folders, files and globs relative to it. Empty means all of it.
	Sources []Source `yaml:"sources"`
	// Routing sends stories without a flatplan section to one by their
	// subjects, categories and keywords.
	Routing Routing `yaml:"routing"`
	// Window is the time window of the edition's stories; its end is the
	// cut-off embargoes are held against. The default is the calendar day.
	Window Window `yaml:"window"`

	// File is where the edition was loaded from ("" for built-in editions).
	File string `yaml:"-"`
	// Loc is the edition's time zone, resolved.
	Loc *time.Location `yaml:"-"`
	// routes is Routing compiled for lookups.
	routes map[string]string
	// Templates are the page templates the flatplan names, by name.
	Templates map[string]*Template `yaml:"-"`
}

// PageSpec is the trimmed page.
type PageSpec struct {
	Width   Length  `yaml:"width"`
	Height  Length  `yaml:"height"`
	Margins Margins `yaml:"margins"`
	Bleed   Length  `yaml:"bleed"`
}

// GridSpec is the column grid of the type area.
type GridSpec struct {
	Columns int    `yaml:"columns"`
	Gutter  Length `yaml:"gutter"`
}

// FontSpec names the edition's families: bundled family names or paths of
// TrueType files (ending in .ttf, relative to the edition file). A role the
// file leaves out gets the bundled face of the edition's language's script.
type FontSpec struct {
	Body     string `yaml:"body"`
	Headline string `yaml:"headline"`
	Sans     string `yaml:"sans"`
	// Fallback are faces (families or .ttf paths) that stand in, before
	// the bundled ones, for characters the edition's own faces lack: a
	// CJK face for the Chinese, Japanese or Korean a story quotes, which
	// no bundled face has.
	Fallback []string `yaml:"fallback"`
}

// BodySpec is the body type. A leading of 0 is the body face's own line
// height, its ascent and descent (Urdu's default: Nastaliq's words rise in
// a cascade that needs the room).
type BodySpec struct {
	Size    Length `yaml:"size"`
	Leading Length `yaml:"leading"`
	// HangingPunctuation sets full stops, commas, hyphens and quotes at
	// the ends of justified lines partly in the margin, so that column
	// edges look straight (default true).
	HangingPunctuation bool `yaml:"hanging_punctuation"`
}

// Section is one entry of the flatplan, in page order.
type Section struct {
	Name    string   `yaml:"name"`
	Pages   int      `yaml:"pages"`
	Aliases []string `yaml:"aliases"`
	// Template is the page template of the section's first page, and of
	// the others unless Inside names another; empty is the built-in look.
	Template string `yaml:"template"`
	Inside   string `yaml:"inside"`
}

// Default returns an edition with every setting at its default: the geometry
// of a broadsheet (330 x 530 mm, 6 columns) and the bundled faces.
func Default() Edition {
	return Edition{
		Title:        "The Daily Chronicle",
		Slug:         "chronicle",
		Language:     "en",
		Timezone:     "Asia/Kolkata",
		Page:         PageSpec{Width: Mm(330), Height: Mm(530), Margins: Margins{Mm(12), Mm(12), Mm(12), Mm(12)}, Bleed: Mm(3)},
		Grid:         GridSpec{Columns: 6, Gutter: Mm(4)},
		Fonts:        FontSpec{Body: "Source Serif 4", Headline: "Newsreader", Sans: "Libre Franklin"},
		Body:         BodySpec{Size: Pt(9), Leading: Pt(10.5), HangingPunctuation: true},
		Overflow:     "hold",
		PageMultiple: 1,
		MaxStories:   1000,
		Window:       DefaultWindow(),
	}
}

// MaxFileSize bounds an edition file: a hand-written file is a few KB.
const MaxFileSize = 1 << 20

// LoadFile reads and checks an edition file.
func LoadFile(path string) (*Edition, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse reads an edition from YAML; name is used in errors.
func Parse(name string, data []byte) (*Edition, error) {
	if len(data) > MaxFileSize {
		return nil, &problem.Problem{File: name, Msg: fmt.Sprintf("file is %d bytes, more than an edition file can be (%d)", len(data), MaxFileSize)}
	}
	root, err := parseYAML(name, data)
	if err != nil {
		return nil, err
	}
	if len(root.Content) == 0 {
		return nil, &problem.Problem{File: name, Msg: "the file is empty"}
	}
	ed := Default()
	ed.Sections = nil
	if es := decodeYAML(name, root, &ed, ""); len(es) > 0 {
		return nil, es
	}
	ed.File = name
	ed.languageDefaults(root)
	if errs := ed.validate(root); len(errs) > 0 {
		return nil, errs
	}
	return &ed, nil
}

// lineOf finds the line of a top-level key, for errors about its value.
func lineOf(root *yaml.Node, path ...string) int {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := 0
	for _, key := range path {
		found := false
		if n.Kind != yaml.MappingNode {
			break
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				line = n.Content[i].Line
				n = n.Content[i+1]
				found = true
				break
			}
		}
		if !found {
			break
		}
	}
	return line
}

var slugRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

func (ed *Edition) validate(root *yaml.Node) problem.List {
	var es problem.List
	bad := func(line int, f string, a ...any) {
		es = append(es, &problem.Problem{File: ed.File, Line: line, Msg: fmt.Sprintf(f, a...)})
	}
	if strings.TrimSpace(ed.Title) == "" || !hasKey(root, "title") {
		bad(lineOf(root, "title"), "title is empty: the paper's name, e.g. title: \"The Daily Chronicle\"")
	}
	if !hasKey(root, "slug") {
		// without one, two papers would write the same folder
		bad(0, "no slug: the edition's folder name, e.g. slug: \"chronicle-pune\"")
	} else if !slugRE.MatchString(ed.Slug) {
		bad(lineOf(root, "slug"), "slug %q must be lower-case letters, digits and hyphens (it names the output folder)", ed.Slug)
	}
	loc, err := time.LoadLocation(ed.Timezone)
	if err != nil {
		bad(lineOf(root, "timezone"), "unknown time zone %q", ed.Timezone)
		loc = time.UTC
	}
	ed.Loc = loc
	p := ed.Page
	if p.Width < Mm(50) || p.Height < Mm(50) || p.Width > Mm(2000) || p.Height > Mm(2000) {
		bad(lineOf(root, "page"), "page size %.0f x %.0f mm is not a newspaper page", p.Width.Pt()*25.4/72, p.Height.Pt()*25.4/72)
	}
	m := p.Margins
	if m.Left+m.Right >= p.Width/2 || m.Top+m.Bottom >= p.Height/2 {
		bad(lineOf(root, "page", "margins"), "margins leave too little room for type")
	}
	if p.Bleed > Mm(20) {
		bad(lineOf(root, "page", "bleed"), "bleed of %.1f mm is more than 20 mm", p.Bleed.Pt()*25.4/72)
	}
	if ed.Grid.Columns < 1 || ed.Grid.Columns > 12 {
		bad(lineOf(root, "grid", "columns"), "grid needs 1 to 12 columns, not %d", ed.Grid.Columns)
	} else if ed.ColumnWidth() < 36 {
		bad(lineOf(root, "grid"), "columns would be %.1f pt wide: too narrow to set text", ed.ColumnWidth())
	}
	if ed.Body.Size < 5 || ed.Body.Size > 24 {
		bad(lineOf(root, "body", "size"), "body size %v is outside 5-24 pt", ed.Body.Size)
	}
	if ed.Body.Leading < ed.Body.Size && !(ed.Body.Leading == 0 && !hasKey(root, "body", "leading")) {
		bad(lineOf(root, "body", "leading"), "leading %v is less than the body size %v", ed.Body.Leading, ed.Body.Size)
	}
	if len(ed.Sections) == 0 {
		bad(lineOf(root, "sections"), "the flatplan has no sections")
	}
	seen := map[string]string{}
	for i, s := range ed.Sections {
		line := sectionLine(root, i)
		if strings.TrimSpace(s.Name) == "" {
			bad(line, "section %d has no name", i+1)
		}
		if s.Pages < 0 || s.Pages > 100 {
			bad(line, "section %q: pages must be 0 to 100, not %d", s.Name, s.Pages)
		}
		for _, n := range append([]string{s.Name}, s.Aliases...) {
			k := foldName(n)
			if prev, ok := seen[k]; ok && prev != s.Name {
				bad(line, "section name or alias %q is used by %q too", n, prev)
			}
			seen[k] = s.Name
		}
	}
	switch ed.Overflow {
	case "add-pages", "hold":
	default:
		bad(lineOf(root, "overflow"), "overflow must be add-pages or hold, not %q", ed.Overflow)
	}
	switch ed.Digits {
	case "", "native", "devanagari", "western":
	default:
		bad(lineOf(root, "digits"), "digits must be native, western or devanagari, not %q", ed.Digits)
	}
	for _, f := range append([]string{ed.Fonts.Body, ed.Fonts.Headline, ed.Fonts.Sans}, ed.Fonts.Fallback...) {
		if strings.TrimSpace(f) == "" {
			bad(lineOf(root, "fonts"), "a font is named by an empty string")
		}
	}
	if ed.PageMultiple < 1 || ed.PageMultiple > 16 {
		bad(lineOf(root, "page_multiple"), "page_multiple must be 1 to 16, not %d", ed.PageMultiple)
	} else if n, k := ed.Pages(), ed.PageMultiple; n%k != 0 {
		plan := fmt.Sprintf("%d", (n/k+1)*k)
		if n > k {
			plan = fmt.Sprintf("%d or %s", n/k*k, plan)
		}
		bad(lineOf(root, "page_multiple"), "the sections' pages add up to %d, not a multiple of page_multiple %d: plan %s pages", n, k, plan)
	}
	if ed.MaxStories < 1 || ed.MaxStories > 100_000 {
		bad(lineOf(root, "max_stories"), "max_stories must be 1 to 100000, not %d", ed.MaxStories)
	}
	ed.checkFonts(root, bad)
	ed.validateGathering(root, bad)
	for num := range ed.PageTemplates {
		if num < 1 || num > ed.Pages() {
			bad(lineOf(root, "page_templates"), "page_templates: page %d is not a page of the flatplan's %d", num, ed.Pages())
		}
	}
	for name, f := range ed.Boxes {
		if _, err := os.Stat(ed.Path(f)); err != nil {
			bad(lineOf(root, "boxes"), "box %q: no file %s (boxes are relative to the edition file)", name, ed.Path(f))
		}
	}
	if len(es) == 0 {
		es = append(es, ed.loadTemplates(root)...)
	}
	return es
}

func sectionLine(root *yaml.Node, i int) int {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	for j := 0; j+1 < len(n.Content); j += 2 {
		if n.Content[j].Value == "sections" && n.Content[j+1].Kind == yaml.SequenceNode && i < len(n.Content[j+1].Content) {
			return n.Content[j+1].Content[i].Line
		}
	}
	return 0
}

func foldName(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// SectionFor returns the flatplan section a story's section name belongs to,
// by name or alias, ignoring case. ok is false when nothing matches.
func (ed *Edition) SectionFor(name string) (string, bool) {
	k := foldName(name)
	for _, s := range ed.Sections {
		if foldName(s.Name) == k {
			return s.Name, true
		}
		for _, a := range s.Aliases {
			if foldName(a) == k {
				return s.Name, true
			}
		}
	}
	return "", false
}

// TypeArea returns the type area's left, top, width and height in points.
func (ed *Edition) TypeArea() (x, y, w, h float64) {
	m := ed.Page.Margins
	return m.Left.Pt(), m.Top.Pt(), (ed.Page.Width - m.Left - m.Right).Pt(), (ed.Page.Height - m.Top - m.Bottom).Pt()
}

// ColumnWidth returns the width of one grid column in points.
func (ed *Edition) ColumnWidth() float64 {
	_, _, w, _ := ed.TypeArea()
	n := float64(ed.Grid.Columns)
	return (w - (n-1)*ed.Grid.Gutter.Pt()) / n
}

// Path resolves a file the edition file names, relative to the edition
// file's folder.
func (ed *Edition) Path(name string) string {
	if filepath.IsAbs(name) || ed.File == "" {
		return name
	}
	return filepath.Join(filepath.Dir(ed.File), name)
}

// SectionCap is how many stories make-up considers for a section: its
// share of MaxStories by its pages, and never fewer than a page can hold.
// pages is the section's page count.
func (ed *Edition) SectionCap(pages int) int {
	total := ed.Pages()
	if total == 0 {
		return ed.MaxStories
	}
	n := (ed.MaxStories*pages + total - 1) / total
	return max(n, 30)
}

package editions

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/epaper/epaper/problem"
	"gopkg.in/yaml.v3"
)

// Ad is one booked advertisement from an edition's ads file.
type Ad struct {
	Name string `yaml:"name"`
	// Page is the edition page the ad is booked on; Section books it on
	// that section's first page instead.
	Page    int    `yaml:"page"`
	Section string `yaml:"section"`
	// Position is bottom (a stack at the foot, against the right edge),
	// strip (across the foot), top (across the head) or ear (beside the
	// title on the front page), or slot: the ad slot of the page's
	// template that Slot names, whose size the ad takes.
	Position string `yaml:"position"`
	Slot     string `yaml:"slot"`
	Columns  int    `yaml:"columns"`
	Height   Length `yaml:"height"`
	// Image is the artwork, relative to the ads file.
	Image string `yaml:"image"`

	Line int    `yaml:"-"` // where the ad is in the file
	File string `yaml:"-"` // Image resolved against the ads file's folder
}

// LoadAds reads an ads file. Paths in it are resolved against its folder.
// It returns the ads that can be booked and a problem for each entry left
// out; err is a file that cannot be read at all.
func LoadAds(file string) ([]Ad, problem.List, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, nil, err
	}
	return ParseAds(file, data)
}

// ParseAds reads an ads file's YAML; name is used in problems and to resolve
// the artwork's paths. Each entry is read and checked on its own: an entry
// with an unknown key, a value of the wrong kind, an unknown position, no
// page or section, no height or artwork outside the ads file's folder is
// left out with a problem naming its line, and the others are booked. err
// is a file that cannot be read at all (not YAML, no list of ads).
func ParseAds(name string, data []byte) ([]Ad, problem.List, error) {
	if len(data) > MaxFileSize {
		return nil, nil, &problem.Problem{File: name, Msg: "file is too large for an ads file"}
	}
	root, err := parseYAML(name, data)
	if err != nil {
		return nil, nil, err
	}
	if len(root.Content) == 0 {
		return nil, nil, &problem.Problem{File: name, Msg: "the file is empty: it lists booked ads under \"ads:\""}
	}
	top := root.Content[0]
	var ok bool
	var list *yaml.Node
	if top.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(top.Content); i += 2 {
			if top.Content[i].Value == "ads" {
				list, ok = top.Content[i+1], true
			}
		}
	}
	if !ok {
		return nil, nil, &problem.Problem{File: name, Line: top.Line, Msg: "no \"ads:\" list of booked ads"}
	}
	// keys beside the list are problems of their own
	var probs problem.List
	var shape struct {
		Ads any `yaml:"ads"` // its entries are checked one by one below
	}
	probs = append(probs, checkKeys(name, root, reflect.TypeOf(shape), "")...)
	if list.Kind == yaml.ScalarNode && list.Tag == "!!null" {
		return nil, probs, nil
	}
	if list.Kind != yaml.SequenceNode {
		return nil, probs, &problem.Problem{File: name, Line: list.Line, Msg: "ads: must be a list of booked ads"}
	}
	var ads []Ad
	for _, n := range list.Content {
		a, es := parseAd(name, n)
		if len(es) > 0 {
			probs = append(probs, es...)
			continue
		}
		ads = append(ads, a)
	}
	return ads, probs, nil
}

// parseAd reads and checks one entry of an ads file.
func parseAd(name string, n *yaml.Node) (Ad, problem.List) {
	var a Ad
	where := "ad"
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "name" {
				where = fmt.Sprintf("ad %q", n.Content[i+1].Value)
			}
		}
	}
	if es := decodeYAML(name, n, &a, where); len(es) > 0 {
		return a, es
	}
	a.Line = n.Line
	var es problem.List
	bad := func(format string, args ...any) {
		es = append(es, &problem.Problem{File: name, Line: a.Line, Msg: where + ": " + fmt.Sprintf(format, args...)})
	}
	switch a.Position {
	case "":
		a.Position = "bottom"
		if a.Slot != "" {
			a.Position = "slot"
		}
	case "bottom", "strip", "top", "ear":
	case "slot":
		if a.Slot == "" {
			bad("position slot needs the slot's name (slot: the ad zone of the page's template)")
		}
	default:
		bad("position must be bottom, strip, top, ear or slot, not %q", a.Position)
	}
	if a.Slot != "" && a.Position != "slot" {
		bad("slot %q is for position slot, not %s", a.Slot, a.Position)
	}
	if a.Page <= 0 && a.Section == "" {
		bad("needs a page or a section")
	}
	if a.Columns < 0 {
		bad("columns must be 1 or more (or left out: the width of the page)")
	}
	if a.Height <= 0 && a.Position != "slot" {
		bad("needs a height, e.g. 80mm")
	}
	if a.Image == "" || path.IsAbs(a.Image) || strings.Contains(a.Image, "..") {
		bad("image %q must be a file beside the ads file", a.Image)
	}
	a.File = path.Join(path.Dir(name), a.Image)
	return a, es
}

// checkAd checks a booked ad against the edition it is booked in: its
// columns within the grid, its height within the type area, its page
// within the flatplan's pages, its section in the flatplan, an ear on the
// front page. It returns what is wrong, or nothing.
func (ed *Edition) checkAd(a Ad) []string {
	var bad []string
	if a.Columns > ed.Grid.Columns {
		bad = append(bad, fmt.Sprintf("%d columns: the grid has %d", a.Columns, ed.Grid.Columns))
	}
	if _, _, _, h := ed.TypeArea(); a.Height.Pt() > h {
		bad = append(bad, fmt.Sprintf("%.0f mm high: taller than the page's type area (%.0f mm)", a.Height.Pt()*25.4/72, h*25.4/72))
	}
	pages := ed.Pages()
	if a.Page > pages {
		bad = append(bad, fmt.Sprintf("page %d: the edition has %d pages", a.Page, pages))
	}
	if a.Section != "" {
		if _, ok := ed.SectionFor(a.Section); !ok {
			bad = append(bad, fmt.Sprintf("section %q is not in the flatplan", a.Section))
		}
	}
	if a.Position == "ear" && (a.Page > 1 || (a.Page == 0 && a.Section != "" && !ed.firstSection(a.Section))) {
		bad = append(bad, "an ear ad goes on the front page, beside the title")
	}
	if a.Position == "slot" && len(bad) == 0 {
		bad = append(bad, ed.checkSlot(a)...)
	}
	return bad
}

// checkSlot checks that the template of the page an ad is booked on has
// the ad slot it names.
func (ed *Edition) checkSlot(a Ad) []string {
	num := a.Page
	if num == 0 {
		num = ed.FirstPage(a.Section)
	}
	t := ed.TemplateFor(num)
	if t == nil {
		return []string{fmt.Sprintf("slot %q: page %d has no template, and so no ad slots", a.Slot, num)}
	}
	var slots []string
	for _, z := range t.Zones {
		if z.Kind == ZoneAd {
			if strings.EqualFold(z.Slot, a.Slot) {
				return nil
			}
			slots = append(slots, z.Slot)
		}
	}
	if len(slots) == 0 {
		return []string{fmt.Sprintf("slot %q: page %d's template %s has no ad slots", a.Slot, num, t.Name)}
	}
	return []string{fmt.Sprintf("slot %q: page %d's template %s has the ad slots %s", a.Slot, num, t.Name, strings.Join(slots, ", "))}
}

// FirstPage is the first page of a section (by name or alias), 0 when the
// flatplan has no such section.
func (ed *Edition) FirstPage(section string) int {
	name, ok := ed.SectionFor(section)
	if !ok {
		return 0
	}
	first := 1
	for _, s := range ed.Sections {
		if s.Name == name {
			return first
		}
		first += s.Pages
	}
	return 0
}

// Pages is the number of pages the flatplan plans: the sum of its
// sections' pages.
func (ed *Edition) Pages() int {
	n := 0
	for _, s := range ed.Sections {
		n += s.Pages
	}
	return n
}

// firstSection tells whether name (or an alias) is the flatplan's first
// section, the one that starts on the front page.
func (ed *Edition) firstSection(name string) bool {
	s, ok := ed.SectionFor(name)
	return ok && len(ed.Sections) > 0 && ed.Sections[0].Name == s
}

// AdsSource returns the file system the edition's ads file and artwork are
// read from, and the ads file's name in it: the edition file's folder, or
// the bundled sample. name is "" when the edition books no ads.
func AdsSource(ed *Edition) (fsys fs.FS, name string) {
	if ed.Ads == "" {
		return nil, ""
	}
	if ed.File == sampleEditionFile {
		sub, err := fs.Sub(sampleFS, "sample")
		if err != nil {
			return nil, ""
		}
		return sub, path.Clean(ed.Ads)
	}
	return os.DirFS(filepath.Dir(ed.File)), path.Clean(filepath.ToSlash(ed.Ads))
}

// Bookings are an edition's booked ads as its ads file gives them: the
// ads that can run, the folder their artwork is read from, and a problem
// for each entry left out.
type Bookings struct {
	Ads []Ad
	FS  fs.FS
	// File is the ads file as the desk knows it, for problems.
	File     string
	Problems []problem.Problem
}

// ReadAds loads the edition's booked ads from its ads file and checks each
// against the edition. A bad entry is left out with a problem naming the
// ads file and its line; the good ones are booked. The error is an ads
// file that cannot be read at all. An edition without an ads file books
// nothing.
func ReadAds(ed *Edition) (*Bookings, error) {
	fsys, name := AdsSource(ed)
	if fsys == nil {
		return &Bookings{}, nil
	}
	if !fs.ValidPath(name) {
		return nil, &problem.Problem{File: ed.File, Msg: fmt.Sprintf("ads file %q must be inside the edition's folder", ed.Ads)}
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("ads file: %w", err)
	}
	shown := adsFileName(ed, name)
	ads, probs, err := ParseAds(name, data)
	if err != nil {
		return nil, renamed(err, shown)
	}
	b := &Bookings{FS: fsys, File: shown}
	for _, p := range probs {
		b.Problems = append(b.Problems, problem.Problem{File: shown, Line: p.Line, Msg: p.Msg})
	}
	for _, a := range ads {
		if bad := ed.checkAd(a); len(bad) > 0 {
			b.Problems = append(b.Problems, problem.Problem{File: shown, Line: a.Line, Msg: fmt.Sprintf("ad %q cannot run: %s", a.Name, strings.Join(bad, "; "))})
			continue
		}
		b.Ads = append(b.Ads, a)
	}
	return b, nil
}

// adsFileName is the ads file as the desk knows it: beside the edition
// file, or the bundled sample's.
func adsFileName(ed *Edition, name string) string {
	if ed.File == sampleEditionFile || ed.File == "" {
		return name
	}
	return filepath.Join(filepath.Dir(ed.File), filepath.FromSlash(name))
}

// renamed gives a problem the file name the desk knows.
func renamed(err error, file string) error {
	var p *problem.Problem
	if errors.As(err, &p) {
		q := *p
		q.File = file
		return &q
	}
	return err
}

// Package fonts bundles the edition faces and measures text in exactly the
// units the PDF writer uses: each character's advance is
// round(advance*1000/unitsPerEm), the same integer fpdf puts into the font's
// /W array, so a line measured here is the line a viewer draws.
//
// Faces are found by family, weight and style. Characters are reached through
// the font's first format-4 cmap subtable (platform 0 or 3/1), as fpdf does, so
// "has a glyph" here means the PDF can show it.
package fonts

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

//go:embed data
var bundled embed.FS

// Face is one TrueType face: its bytes and the metrics layout needs.
type Face struct {
	// ID is unique within a registry, e.g. "Source Serif 4-400".
	ID     string
	Family string
	Weight int
	Italic bool
	Data   []byte

	UnitsPerEm int
	// Ascent, Descent, CapHeight and XHeight are in thousandths of an em;
	// Descent is negative.
	Ascent, Descent, CapHeight, XHeight int

	tab *charTables // read on first use; shared by copies of the face
}

// Has reports whether the face has a glyph for r that the PDF can reach.
func (f *Face) Has(r rune) bool {
	return r >= 0 && r < 0x10000 && f.tables().widths[r] >= 0
}

// Advance returns r's advance in thousandths of an em, 0 when it has no glyph.
func (f *Face) Advance(r rune) int {
	if r < 0 || r >= 0x10000 {
		return 0
	}
	return max(0, int(f.tables().widths[r]))
}

// GlyphID returns the glyph r maps to, 0 (.notdef) when there is none.
func (f *Face) GlyphID(r rune) uint16 {
	if r < 0 || r >= 0x10000 {
		return 0
	}
	return f.tables().glyphs[r]
}

// GlyphAdvance returns a glyph's advance in thousandths of an em.
func (f *Face) GlyphAdvance(g uint16) int {
	adv := f.tables().advance
	if int(g) >= len(adv) {
		return 0
	}
	return adv[g]
}

// Units returns the advance of s in thousandths of an em.
func (f *Face) Units(s string) int {
	w := 0
	for _, r := range s {
		w += f.Advance(r)
	}
	return w
}

// Width returns the width of s in points at size pt.
func (f *Face) Width(s string, size float64) float64 {
	return float64(f.Units(s)) * size / 1000
}

// Missing returns the distinct characters of s the face cannot show, in order
// of first appearance. Spaces and line controls are never reported.
func (f *Face) Missing(s string) []rune {
	var out []rune
	for _, r := range s {
		if r == '\n' || r == '\t' || r == '\u00ad' || f.Has(r) {
			continue
		}
		dup := false
		for _, o := range out {
			if o == r {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, r)
		}
	}
	return out
}

// Registry finds faces by family, weight and style.
type Registry struct {
	mu    sync.Mutex
	faces map[string]*Face // by ID
	added map[string]bool  // IDs of faces added from files
}

// NewRegistry returns a registry holding the bundled faces.
func NewRegistry() (*Registry, error) {
	r := &Registry{faces: map[string]*Face{}, added: map[string]bool{}}
	err := fs.WalkDir(bundled, "data", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".ttf") {
			return err
		}
		data, err := bundled.ReadFile(p)
		if err != nil {
			return err
		}
		fam, w, it, err := nameFromFile(path.Base(p))
		if err != nil {
			return err
		}
		_, err = r.add(fam, w, it, data)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("bundled fonts: %w", err)
	}
	return r, nil
}

var defaultOnce struct {
	sync.Once
	r   *Registry
	err error
}

// Default returns a shared registry of the bundled faces, parsed once.
func Default() (*Registry, error) {
	defaultOnce.Do(func() { defaultOnce.r, defaultOnce.err = NewRegistry() })
	return defaultOnce.r, defaultOnce.err
}

// nameFromFile reads "SourceSerif4_700Bold_Italic.ttf" as family, weight,
// italic: the family's words are its name's capitals and digits
// ("NotoSerifBengali" is "Noto Serif Bengali").
func nameFromFile(name string) (string, int, bool, error) {
	parts := strings.Split(strings.TrimSuffix(name, ".ttf"), "_")
	if len(parts) < 2 || len(parts[1]) < 3 {
		return "", 0, false, fmt.Errorf("font file %s: name is not Family_WWWStyle.ttf", name)
	}
	w, err := strconv.Atoi(parts[1][:3])
	if err != nil {
		return "", 0, false, fmt.Errorf("font file %s: no weight in name", name)
	}
	var fam strings.Builder
	var prev rune
	for i, r := range parts[0] {
		if i > 0 && ((unicode.IsUpper(r) && unicode.IsLower(prev)) || (unicode.IsDigit(r) && unicode.IsLetter(prev))) {
			fam.WriteByte(' ')
		}
		fam.WriteRune(r)
		prev = r
	}
	return fam.String(), w, len(parts) > 2 && parts[2] == "Italic", nil
}

func faceID(family string, weight int, italic bool) string {
	id := family + "-" + strconv.Itoa(weight)
	if italic {
		id += "i"
	}
	return id
}

func (r *Registry) add(family string, weight int, italic bool, data []byte) (*Face, error) {
	f, err := Parse(data)
	if err != nil {
		return nil, err
	}
	f.Family, f.Weight, f.Italic = family, weight, italic
	f.ID = faceID(family, weight, italic)
	r.mu.Lock()
	r.faces[f.ID] = f
	r.mu.Unlock()
	return f, nil
}

// AddFile registers a TrueType file from disk under the given family, so an
// edition may name its own fonts by path.
func (r *Registry) AddFile(file, family string, weight int, italic bool) (*Face, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	f, err := r.add(family, weight, italic, data)
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", file, err)
	}
	r.mu.Lock()
	r.added[f.ID] = true
	r.mu.Unlock()
	return f, nil
}

// Open reads a TrueType file as a face of the given family outside any
// registry: an edition's own font, which the other editions a process
// builds must not see among their fallbacks.
func Open(file, family string, weight int, italic bool) (*Face, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	f, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", file, err)
	}
	f.Family, f.Weight, f.Italic = family, weight, italic
	f.ID = faceID(family, weight, italic)
	return f, nil
}

// WithFiles returns a registry that holds r's faces and, under its path as
// the family name, each TrueType file named: an edition's own fonts. One
// file stands for every weight and style of its family. r itself is not
// changed, so editions built at once do not see each other's files.
func (r *Registry) WithFiles(files ...string) (*Registry, error) {
	r.mu.Lock()
	c := &Registry{faces: make(map[string]*Face, len(r.faces)+len(files)), added: map[string]bool{}}
	for id, f := range r.faces {
		c.faces[id] = f
	}
	for id := range r.added {
		c.added[id] = true
	}
	r.mu.Unlock()
	for _, file := range files {
		if _, err := c.AddFile(file, file, 400, false); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Families lists the registered families, sorted.
func (r *Registry) Families() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.familiesLocked()
}

// HasFamily reports whether any face of family is registered.
func (r *Registry) HasFamily(family string) bool {
	for _, f := range r.Families() {
		if f == family {
			return true
		}
	}
	return false
}

// Face returns the face of family closest to weight and style: the exact
// style when there is one, then the nearest weight (heavier on a tie), so a
// family without an italic still sets italic runs, upright.
func (r *Registry) Face(family string, weight int, italic bool) (*Face, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var best *Face
	score := func(f *Face) int {
		d := f.Weight - weight
		if d < 0 {
			d = -d*2 + 1
		} else {
			d *= 2
		}
		if f.Italic != italic {
			d += 10000
		}
		return d
	}
	ids := make([]string, 0, len(r.faces))
	for id := range r.faces {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		f := r.faces[id]
		if f.Family != family {
			continue
		}
		if best == nil || score(f) < score(best) {
			best = f
		}
	}
	if best == nil {
		return nil, fmt.Errorf("no font family %q (have %s)", family, strings.Join(r.familiesLocked(), ", "))
	}
	return best, nil
}

func (r *Registry) familiesLocked() []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range r.faces {
		if !seen[f.Family] {
			seen[f.Family] = true
			out = append(out, f.Family)
		}
	}
	sort.Strings(out)
	return out
}

// License returns the licence text bundled beside a family's files, "" for
// a family that is not bundled. A family's folder is its name in lower case
// with hyphens for spaces ("Noto Serif Bengali" is noto-serif-bengali).
func License(family string) string {
	dir := strings.ReplaceAll(strings.ToLower(family), " ", "-")
	if !fs.ValidPath(dir) || strings.Contains(dir, "/") {
		return ""
	}
	b, _ := bundled.ReadFile(path.Join("data", dir, "OFL.txt"))
	return string(b)
}

// fallbackOrder is the order in which bundled families stand in for
// characters an edition's own faces lack: a serif with Latin, Greek and
// Cyrillic first, then a serif (or, for Odia, the only design bundled) of
// each Indian script, Naskh for Arabic-script text (it sets Arabic, Persian
// and Urdu alike), Nastaliq last, and the display and sans families after
// them.
var fallbackOrder = []string{
	"Source Serif 4",
	"Noto Serif Devanagari", "Noto Serif Bengali", "Noto Serif Gujarati", "Noto Serif Gurmukhi",
	"Noto Sans Oriya", "Noto Serif Tamil", "Noto Serif Telugu", "Noto Serif Kannada", "Noto Serif Malayalam",
	"Noto Naskh Arabic", "Noto Nastaliq Urdu",
	"Newsreader", "Libre Franklin",
}

// Fallbacks returns every bundled face, every weight and style, in the
// order their families stand in for missing characters: the families in
// fallbackOrder, then the others (the sans designs) by family name. A
// typesetter takes the first family with a character and, within it, the
// face nearest the style it is setting. Faces added from files are left
// out: an edition names its own.
func (r *Registry) Fallbacks() []*Face {
	r.mu.Lock()
	defer r.mu.Unlock()
	rank := func(f *Face) int {
		for i, fam := range fallbackOrder {
			if fam == f.Family {
				return i
			}
		}
		return len(fallbackOrder)
	}
	out := make([]*Face, 0, len(r.faces))
	for id, f := range r.faces {
		if !r.added[id] {
			out = append(out, f)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra < rb
		}
		return a.ID < b.ID
	})
	return out
}

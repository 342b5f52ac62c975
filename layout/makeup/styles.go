// Package makeup places set stories on pages: the flatplan's sections in
// order, the masthead and folios, each story as a module spanning whole
// columns with its headline across it, photos cropped to the grid, body text
// in balanced columns. Every height is a whole number of body lines, so body
// baselines line up across the page. It is pure: photos arrive as their pixel
// sizes, and the display list it returns names them for the photo stage.
package makeup

import (
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strings"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/fonts"
	"github.com/epaper/epaper/layout/typeset"
)

// Styles are the faces and sizes of an edition's page furniture and stories.
type Styles struct {
	Body      typeset.Faces
	BodySize  float64
	Leading   float64
	Headline  *fonts.Face // bold display face
	HeadReg   *fonts.Face // regular display face, for decks
	HeadIt    *fonts.Face // italic display face
	Masthead  *fonts.Face // heaviest display face
	Sans      *fonts.Face
	SansBold  *fonts.Face
	Fallbacks []*fonts.Face
	// HeadScale stretches the leading of headlines, decks and the
	// masthead for a display face whose letters stack higher than a
	// serif's: 1, or its line height over 1.6 em (Nastaliq's 2.5 em
	// gives 1.56). 1.6 em is a little over the tallest Indian-script
	// serif bundled (Bengali's 1.59), whose headlines need no more.
	HeadScale float64
	Accent    display.Color
	Grey      display.Color
	// Rules colours the rules between modules; HeadSize scales every
	// headline (1: the sizes make-up chooses).
	Rules    display.Color
	HeadSize float64
	// Templates are the styles of the templates that set their own, by
	// template name: the edition's, with what the template changes.
	Templates map[string]*Styles
	// key tells apart, in make-up's caches, headlines set in different
	// styles: 0 for the edition's, 1, 2... for its templates'
	key int
}

// LoadStyles picks the edition's faces: bundled families from the
// registry, TrueType files (a name ending in .ttf, relative to the edition
// file) read on their own. The fallbacks, which stand in for characters
// the edition's faces lack, are the edition's own (fonts: fallback) and
// then every bundled face, in the registry's fallback order. A body
// leading of 0 is the body face's own line height.
func LoadStyles(ed *editions.Edition, reg *fonts.Registry) (*Styles, error) {
	files := map[string]*fonts.Face{}
	get := func(fam string, w int, it bool) (*fonts.Face, error) {
		if isFontFile(fam) {
			if f := files[fam]; f != nil {
				return f, nil
			}
			f, err := fonts.Open(fontPath(ed, fam), fam, 400, false)
			if err != nil {
				return nil, fmt.Errorf("fonts: %w", err)
			}
			files[fam] = f
			return f, nil
		}
		f, err := reg.Face(fam, w, it)
		if err != nil {
			return nil, fmt.Errorf("fonts: %w", err)
		}
		return f, nil
	}
	st := &Styles{BodySize: ed.Body.Size.Pt(), Leading: ed.Body.Leading.Pt(), HeadSize: 1,
		Accent: display.Color{R: 0xa3, G: 0x1f, B: 0x1f}, Grey: display.Color{R: 0x55, G: 0x55, B: 0x55}, Rules: display.Color{R: 0x88, G: 0x88, B: 0x88}}
	var err error
	for _, x := range []struct {
		dst  **fonts.Face
		fam  string
		w    int
		ital bool
	}{
		{&st.Body.Regular, ed.Fonts.Body, 400, false},
		{&st.Body.Italic, ed.Fonts.Body, 400, true},
		{&st.Body.Bold, ed.Fonts.Body, 700, false},
		{&st.Body.BoldItalic, ed.Fonts.Body, 700, true},
		{&st.Headline, ed.Fonts.Headline, 700, false},
		{&st.HeadReg, ed.Fonts.Headline, 400, false},
		{&st.HeadIt, ed.Fonts.Headline, 400, true},
		{&st.Masthead, ed.Fonts.Headline, 800, false},
		{&st.Sans, ed.Fonts.Sans, 400, false},
		{&st.SansBold, ed.Fonts.Sans, 700, false},
	} {
		if *x.dst, err = get(x.fam, x.w, x.ital); err != nil {
			return nil, err
		}
	}
	st.HeadScale = math.Max(1, float64(st.Headline.Ascent-st.Headline.Descent)/1000/1.6)
	if st.Leading == 0 {
		st.Leading = faceLeading(st.Body.Regular, st.BodySize)
	}
	bundled := reg.Fallbacks()
	for _, fam := range ed.Fonts.Fallback {
		if isFontFile(fam) {
			f, err := get(fam, 400, false)
			if err != nil {
				return nil, err
			}
			st.Fallbacks = append(st.Fallbacks, f)
			continue
		}
		n := len(st.Fallbacks)
		for _, f := range bundled {
			if f.Family == fam {
				st.Fallbacks = append(st.Fallbacks, f)
			}
		}
		if len(st.Fallbacks) == n {
			return nil, fmt.Errorf("fonts: no font family %q for fallback", fam)
		}
	}
	st.Fallbacks = append(st.Fallbacks, bundled...)
	st.Body.Fallbacks = st.Fallbacks
	if err := st.templateStyles(ed, get); err != nil {
		return nil, err
	}
	return st, nil
}

// templateStyles makes the styles of the templates that set their own:
// colours of accents and rules, a headline scale, a headline family.
func (st *Styles) templateStyles(ed *editions.Edition, get func(string, int, bool) (*fonts.Face, error)) error {
	names := make([]string, 0, len(ed.Templates))
	for n, t := range ed.Templates {
		if t.Style != (editions.TemplateStyle{}) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for i, n := range names {
		ts := ed.Templates[n].Style
		v := *st
		v.Templates, v.key = nil, i+1
		if ts.Accent != "" {
			v.Accent = hexColor(ts.Accent)
		}
		if ts.Rules != "" {
			v.Rules = hexColor(ts.Rules)
		}
		if ts.HeadlineScale > 0 {
			v.HeadSize = ts.HeadlineScale
		}
		if ts.Headline != "" {
			var err error
			for _, x := range []struct {
				dst  **fonts.Face
				w    int
				ital bool
			}{{&v.Headline, 700, false}, {&v.HeadReg, 400, false}, {&v.HeadIt, 400, true}, {&v.Masthead, 800, false}} {
				if *x.dst, err = get(ts.Headline, x.w, x.ital); err != nil {
					return fmt.Errorf("template %s: %w", n, err)
				}
			}
		}
		if st.Templates == nil {
			st.Templates = map[string]*Styles{}
		}
		st.Templates[n] = &v
	}
	return nil
}

// hexColor reads "#rrggbb", which the template's check let through.
func hexColor(s string) display.Color {
	var c display.Color
	fmt.Sscanf(s, "#%02x%02x%02x", &c.R, &c.G, &c.B)
	return c
}

// faceLeading is a face's own line height at size: its ascent and descent,
// rounded up to a quarter point.
func faceLeading(f *fonts.Face, size float64) float64 {
	return math.Ceil(float64(f.Ascent-f.Descent)*size/1000*4) / 4
}

// isFontFile tells a font named by its TrueType file from a family name.
func isFontFile(name string) bool { return strings.HasSuffix(strings.ToLower(name), ".ttf") }

// fontPath resolves a font file named in the edition file: relative to the
// edition file's folder.
func fontPath(ed *editions.Edition, name string) string {
	if filepath.IsAbs(name) || ed.File == "" {
		return name
	}
	return filepath.Join(filepath.Dir(ed.File), name)
}

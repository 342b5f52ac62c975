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
	st := &Styles{BodySize: ed.Body.Size.Pt(), Leading: ed.Body.Leading.Pt(),
		Accent: display.Color{R: 0xa3, G: 0x1f, B: 0x1f}, Grey: display.Color{R: 0x55, G: 0x55, B: 0x55}}
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
	return st, nil
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

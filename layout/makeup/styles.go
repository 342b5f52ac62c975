// Package makeup places set stories on pages: the flatplan's sections in
// order, the masthead and folios, each story as a module spanning whole
// columns with its headline across it, photos cropped to the grid, body text
// in balanced columns. Every height is a whole number of body lines, so body
// baselines line up across the page. It is pure: photos arrive as their pixel
// sizes, and the display list it returns names them for the photo stage.
package makeup

import (
	"fmt"

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
	Accent    display.Color
	Grey      display.Color
}

// LoadStyles picks the edition's faces from the registry.
func LoadStyles(ed *editions.Edition, reg *fonts.Registry) (*Styles, error) {
	get := func(fam string, w int, it bool) (*fonts.Face, error) {
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
	// every other bundled family stands by for characters the edition's
	// faces lack (a Devanagari name in an English story)
	for _, fam := range reg.Families() {
		if fam == ed.Fonts.Body {
			continue
		}
		if f, err := reg.Face(fam, 400, false); err == nil {
			st.Fallbacks = append(st.Fallbacks, f)
		}
	}
	st.Body.Fallbacks = st.Fallbacks
	return st, nil
}

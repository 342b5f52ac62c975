package raster

import (
	"image"
	"image/color"
	"strings"
	"testing"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/fonts"
)

// Page size of the benchmark edition: 330×530 mm.
const (
	pageW = 935.4
	pageH = 1502.4
)

func face(t testing.TB, family string, weight int) *fonts.Face {
	t.Helper()
	r, err := fonts.Default()
	if err != nil {
		t.Fatal(err)
	}
	f, err := r.Face(family, weight, false)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// run sets s in f at size at (x, y) as one glyph run, as layout would.
func run(f *fonts.Face, s string, size, x, y float64, c display.Color) *display.Text {
	t := &display.Text{Font: f.ID, Size: size, X: x, Y: y, Color: c, Text: s}
	for _, r := range s {
		t.Glyphs = append(t.Glyphs, display.Glyph{ID: f.GlyphID(r), Advance: f.Advance(r), Rune: r})
	}
	return t
}

func newDoc(faces ...*fonts.Face) *display.Document {
	d := &display.Document{Fonts: map[string][]byte{}}
	for _, f := range faces {
		d.Fonts[f.ID] = f.Data
	}
	return d
}

var lorem = strings.Fields(`the government said on tuesday that the new policy
of the state is to be put in place by a panel as it was in the past and it is
not yet clear if he or she will be on it at all but we do know it will be so
he said it was a bit of a mess and we are on to it now so do not go to the end` + `
would take effect from next month after a review of its impact on small traders
and farmers across the state officials in the finance ministry told reporters
that revenue collections had risen sharply in the quarter while spending on
roads schools and hospitals remained below target the opposition called the
announcement a distraction from rising prices and demanded a debate in the
assembly where the ruling alliance holds a narrow majority police said the
procession passed off peacefully although traffic was diverted for several hours
in the old city and markets stayed shut until the evening`)

// textPage returns a page of 9 pt body text on 9.5 pt leading in six
// columns, one run per word, up to words words, with column rules and a
// headline; it reports the words set.
func textPage(f, head *fonts.Face, words int, seed uint32) (display.Page, int) {
	p := display.Page{Width: pageW, Height: pageH, Label: "1"}
	const margin, gutter, size, lead = 20.0, 7.0, 9.0, 9.5
	colW := (pageW - 2*margin - 5*gutter) / 6
	p.Items = append(p.Items, run(head, "Politburo discusses summit, calls for follow-up", 40, margin, margin+34, display.Black))
	p.Items = append(p.Items, &display.Line{X1: margin, Y1: margin + 46, X2: pageW - margin, Y2: margin + 46, Width: 1, Color: display.Black})
	top := margin + 60
	space := float64(f.Advance(' ')) * size / 1000
	n := 0
	for c := 0; c < 6 && n < words; c++ {
		x0 := margin + float64(c)*(colW+gutter)
		if c > 0 {
			gx := x0 - gutter/2
			p.Items = append(p.Items, &display.Line{X1: gx, Y1: top, X2: gx, Y2: pageH - margin, Width: 0.5, Color: display.Color{R: 80, G: 80, B: 80}})
		}
		for y := top + size; y < pageH-margin && n < words; y += lead {
			x := x0
			for n < words {
				seed = seed*1664525 + 1013904223
				w := lorem[seed>>8%uint32(len(lorem))]
				r := run(f, w, size, x, y, display.Black)
				if x+r.Width() > x0+colW {
					break
				}
				p.Items = append(p.Items, r)
				x += r.Width() + space
				n++
			}
		}
	}
	return p, n
}

// benchDoc returns pages text pages of about 6,000 words each.
func benchDoc(t testing.TB, pages int) *display.Document {
	body := face(t, "Source Serif 4", 400)
	head := face(t, "Newsreader", 700)
	d := newDoc(body, head)
	for i := range pages {
		p, _ := textPage(body, head, 6000, uint32(i))
		d.Pages = append(d.Pages, p)
	}
	return d
}

// photo returns a w×h picture: the left half red, the right half blue.
func photo(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.NRGBA{200, 30, 30, 255}
			if x >= w/2 {
				c = color.NRGBA{30, 30, 200, 255}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

// dark counts pixels in r (clipped to img) whose luma is below 128.
func dark(img image.Image, r image.Rectangle) int {
	r = r.Intersect(img.Bounds())
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y < 128 {
				n++
			}
		}
	}
	return n
}

// toGray copies the green channel of an opaque RGBA image.
func toGray(img *image.RGBA) *image.Gray {
	b := img.Rect
	g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	for y := 0; y < b.Dy(); y++ {
		src := img.Pix[y*img.Stride : y*img.Stride+4*b.Dx()]
		dst := g.Pix[y*g.Stride : y*g.Stride+b.Dx()]
		for x := range dst {
			dst[x] = src[4*x+1]
		}
	}
	return g
}

package raster

import (
	"image"
	"image/color"
	"image/draw"

	"github.com/epaper/epaper/display"
)

// canvas is the page being drawn: *image.Gray for pages with no photo and
// only neutral colours (most of a newspaper), which takes a quarter of the
// memory and time to fill and needs no conversion before encoding, and
// *image.RGBA for the rest.
type canvas struct {
	gray *image.Gray
	rgba *image.RGBA
}

func newCanvas(r image.Rectangle, grey bool) canvas {
	if grey {
		g := image.NewGray(r)
		white(g.Pix)
		return canvas{gray: g}
	}
	c := image.NewRGBA(r)
	white(c.Pix)
	return canvas{rgba: c}
}

func (c canvas) bounds() image.Rectangle {
	if c.gray != nil {
		return c.gray.Rect
	}
	return c.rgba.Rect
}

func (c canvas) image() image.Image {
	if c.gray != nil {
		return c.gray
	}
	return c.rgba
}

// white sets every byte of pix to 0xff.
func white(pix []byte) {
	if len(pix) == 0 {
		return
	}
	pix[0] = 0xff
	for n := 1; n < len(pix); n *= 2 {
		copy(pix[n:], pix[:n])
	}
}

// solid paints the pixels of r with col.
func (c canvas) solid(r image.Rectangle, col display.Color) {
	if c.rgba != nil {
		draw.Draw(c.rgba, r, image.NewUniform(color.RGBA{col.R, col.G, col.B, 0xff}), image.Point{}, draw.Src)
		return
	}
	r = r.Intersect(c.gray.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := c.gray.Pix[c.gray.PixOffset(r.Min.X, y):][:r.Dx()]
		for i := range row {
			row[i] = col.G
		}
	}
}

// over paints col through mask (its pixel mp at r.Min) onto r.
func (c canvas) over(r image.Rectangle, mask *image.Alpha, mp image.Point, col display.Color) {
	if c.rgba != nil {
		draw.DrawMask(c.rgba, r, image.NewUniform(color.RGBA{col.R, col.G, col.B, 0xff}), image.Point{}, mask, mp, draw.Over)
		return
	}
	// Clip r, moving mp with it.
	clipped := r.Intersect(c.gray.Rect).Intersect(mask.Rect.Add(r.Min.Sub(mp)))
	if clipped.Empty() {
		return
	}
	mp = mp.Add(clipped.Min.Sub(r.Min))
	r = clipped
	v := uint32(col.G)
	for y := 0; y < r.Dy(); y++ {
		d := c.gray.Pix[c.gray.PixOffset(r.Min.X, r.Min.Y+y):][:r.Dx()]
		m := mask.Pix[mask.PixOffset(mp.X, mp.Y+y):][:len(d)]
		for i, a := range m {
			switch a {
			case 0:
			case 0xff:
				d[i] = col.G
			default:
				// d·(1−a) + v·a, in 1/255ths, rounded.
				x := uint32(d[i])*(255-uint32(a)) + v*uint32(a) + 128
				d[i] = uint8((x + x>>8) >> 8)
			}
		}
	}
}

// picture draws src's pixels from sp on at r.
func (c canvas) picture(r image.Rectangle, src image.Image, sp image.Point) {
	if c.rgba != nil {
		draw.Draw(c.rgba, r, src, sp, draw.Over)
		return
	}
	draw.Draw(c.gray, r, src, sp, draw.Over)
}

package raster

import (
	"image"
	"image/color"

	"github.com/epaper/epaper/display"
)

// canvas is the page being drawn: *image.Gray for pages with no photo and
// only neutral colours, and *image.YCbCr with 4:2:0 chroma for the rest,
// which is the form their JPEG takes. Drawing in YCbCr costs a colour page
// a byte and a half a pixel rather than four, and its encoding no colour
// conversion: black type sets the luminance alone, as on a grey page, and
// the chroma planes change only where colour is drawn. tint marks, for
// each 16×16 pixels, chroma that may not be neutral, so that neutral ink
// over plain paper passes the chroma planes by.
//
// Each chroma sample is the mean of its 2×2 pixels' chroma, as the JPEG
// encoder would average them; something drawn over part of a sample
// changes it by the part it covers, as if the pixels it left had the
// sample's chroma.
type canvas struct {
	gray *image.Gray
	ycc  *image.YCbCr
	tint []bool // by 16×16 pixels, row-major
	tw   int    // tint cells across
}

func newCanvas(r image.Rectangle, grey bool) canvas {
	var c canvas
	c.reset(r, grey)
	return c
}

// reset makes c a white page of r, reusing its memory when it is of the
// same kind and size.
func (c *canvas) reset(r image.Rectangle, grey bool) {
	if grey {
		if c.gray == nil || c.gray.Rect != r {
			c.gray = image.NewGray(r)
		}
		c.ycc = nil
		fill(c.gray.Pix, 0xff)
		return
	}
	if c.ycc == nil || c.ycc.Rect != r {
		c.ycc = image.NewYCbCr(r, image.YCbCrSubsampleRatio420)
		c.tw = (r.Dx() + 15) / 16
		c.tint = make([]bool, c.tw*((r.Dy()+15)/16))
	}
	c.gray = nil
	fill(c.ycc.Y, 0xff)
	fill(c.ycc.Cb, 0x80)
	fill(c.ycc.Cr, 0x80)
	clear(c.tint)
}

func (c *canvas) bounds() image.Rectangle {
	if c.gray != nil {
		return c.gray.Rect
	}
	return c.ycc.Rect
}

func (c *canvas) image() image.Image {
	if c.gray != nil {
		return c.gray
	}
	return c.ycc
}

// fill sets every byte of pix to v.
func fill(pix []byte, v byte) {
	if len(pix) == 0 {
		return
	}
	pix[0] = v
	for n := 1; n < len(pix); n *= 2 {
		copy(pix[n:], pix[:n])
	}
}

// yccOf is a colour in JFIF YCbCr, as the JPEG encoder converts it.
func yccOf(col display.Color) (y, cb, cr uint8) {
	return color.RGBToYCbCr(col.R, col.G, col.B)
}

func neutral(col display.Color) bool { return col.R == col.G && col.G == col.B }

// tinted reports whether any chroma under r may be other than neutral.
func (c *canvas) tinted(r image.Rectangle) bool {
	r = r.Sub(c.ycc.Rect.Min)
	for ty := r.Min.Y >> 4; ty <= (r.Max.Y-1)>>4; ty++ {
		for tx := r.Min.X >> 4; tx <= (r.Max.X-1)>>4; tx++ {
			if c.tint[ty*c.tw+tx] {
				return true
			}
		}
	}
	return false
}

// tintAll marks the chroma under r as possibly other than neutral.
func (c *canvas) tintAll(r image.Rectangle) {
	r = r.Sub(c.ycc.Rect.Min)
	for ty := r.Min.Y >> 4; ty <= (r.Max.Y-1)>>4; ty++ {
		for tx := r.Min.X >> 4; tx <= (r.Max.X-1)>>4; tx++ {
			c.tint[ty*c.tw+tx] = true
		}
	}
}

// cells calls each for every chroma sample under r (clipped by the
// caller) with the sample's place in the chroma planes and the pixels of
// it that r covers, [x0, x1) × [y0, y1).
func (c *canvas) cells(r image.Rectangle, each func(cx, cy, x0, y0, x1, y1 int)) {
	m := c.ycc
	o := m.Rect.Min
	r = r.Sub(o)
	for cy := r.Min.Y >> 1; cy <= (r.Max.Y-1)>>1; cy++ {
		y0, y1 := max(2*cy, r.Min.Y), min(2*cy+2, r.Max.Y)
		for cx := r.Min.X >> 1; cx <= (r.Max.X-1)>>1; cx++ {
			x0, x1 := max(2*cx, r.Min.X), min(2*cx+2, r.Max.X)
			each(cx, cy, x0+o.X, y0+o.Y, x1+o.X, y1+o.Y)
		}
	}
}

// blend moves a chroma sample v towards to by a/1020 (a is the sum over
// the sample's four pixels of how much of each is drawn, 0–255 each).
func blend(v uint8, to uint8, a int) uint8 {
	d := (int(to) - int(v)) * a
	if d >= 0 {
		return uint8(int(v) + (d+510)/1020)
	}
	return uint8(int(v) - (-d+510)/1020)
}

// solid paints the pixels of r with col.
func (c *canvas) solid(r image.Rectangle, col display.Color) {
	r = r.Intersect(c.bounds())
	if r.Empty() {
		return
	}
	if c.gray != nil {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			row := c.gray.Pix[c.gray.PixOffset(r.Min.X, y):][:r.Dx()]
			fill(row, col.G)
		}
		return
	}
	m := c.ycc
	yv, cb, cr := yccOf(col)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		fill(m.Y[m.YOffset(r.Min.X, y):][:r.Dx()], yv)
	}
	if neutral(col) && !c.tinted(r) {
		return
	}
	c.cells(r, func(cx, cy, x0, y0, x1, y1 int) {
		i := cy*m.CStride + cx
		a := 255 * (x1 - x0) * (y1 - y0)
		m.Cb[i], m.Cr[i] = blend(m.Cb[i], cb, a), blend(m.Cr[i], cr, a)
	})
	if !neutral(col) {
		c.tintAll(r)
	}
}

// over paints col through mask (its pixel mp at r.Min) onto r.
func (c *canvas) over(r image.Rectangle, mask *image.Alpha, mp image.Point, col display.Color) {
	// Clip r, moving mp with it.
	clipped := r.Intersect(c.bounds()).Intersect(mask.Rect.Add(r.Min.Sub(mp)))
	if clipped.Empty() {
		return
	}
	mp = mp.Add(clipped.Min.Sub(r.Min))
	r = clipped
	var plane []uint8
	var stride int
	v := col.G
	if c.gray != nil {
		plane, stride = c.gray.Pix[c.gray.PixOffset(r.Min.X, r.Min.Y):], c.gray.Stride
	} else {
		v, _, _ = yccOf(col)
		plane, stride = c.ycc.Y[c.ycc.YOffset(r.Min.X, r.Min.Y):], c.ycc.YStride
	}
	overPlane(plane, stride, r.Dx(), r.Dy(), mask, mp, v)
	if c.gray != nil || neutral(col) && !c.tinted(r) {
		return
	}
	m := c.ycc
	_, cb, cr := yccOf(col)
	d := mp.Sub(r.Min) // canvas to mask
	c.cells(r, func(cx, cy, x0, y0, x1, y1 int) {
		a := 0
		for y := y0; y < y1; y++ {
			row := mask.Pix[mask.PixOffset(x0+d.X, y+d.Y):][:x1-x0]
			for _, v := range row {
				a += int(v)
			}
		}
		if a == 0 {
			return
		}
		i := cy*m.CStride + cx
		m.Cb[i], m.Cr[i] = blend(m.Cb[i], cb, a), blend(m.Cr[i], cr, a)
	})
	if !neutral(col) {
		c.tintAll(r)
	}
}

// overPlane blends the level v through mask (from mp) into w×h samples of
// one plane.
func overPlane(plane []uint8, stride, w, h int, mask *image.Alpha, mp image.Point, v uint8) {
	vv := uint32(v)
	for y := range h {
		d := plane[y*stride:][:w]
		m := mask.Pix[mask.PixOffset(mp.X, mp.Y+y):][:len(d)]
		for i, a := range m {
			switch a {
			case 0:
			case 0xff:
				d[i] = v
			default:
				// d·(1−a) + v·a, in 1/255ths, rounded.
				x := uint32(d[i])*(255-uint32(a)) + vv*uint32(a) + 128
				d[i] = uint8((x + x>>8) >> 8)
			}
		}
	}
}

// picture draws src's pixels from sp on at r. src is opaque (a photo);
// any other picture is seen over white.
func (c *canvas) picture(r image.Rectangle, src image.Image, sp image.Point) {
	clipped := r.Intersect(c.bounds()).Intersect(src.Bounds().Add(r.Min.Sub(sp)))
	if clipped.Empty() {
		return
	}
	sp = sp.Add(clipped.Min.Sub(r.Min))
	r = clipped
	d := sp.Sub(r.Min) // canvas to source
	// the source's luminance (or grey) and chroma at a canvas pixel
	var at func(x, y int) (uint8, uint8, uint8)
	switch s := src.(type) {
	case *image.YCbCr:
		at = func(x, y int) (uint8, uint8, uint8) {
			x, y = x+d.X, y+d.Y
			ci := s.COffset(x, y)
			return s.Y[s.YOffset(x, y)], s.Cb[ci], s.Cr[ci]
		}
	case *image.Gray:
		at = func(x, y int) (uint8, uint8, uint8) {
			return s.Pix[s.PixOffset(x+d.X, y+d.Y)], 0x80, 0x80
		}
	default:
		at = func(x, y int) (uint8, uint8, uint8) {
			r, g, b, a := src.At(x+d.X, y+d.Y).RGBA()
			w := 0xffff - a // premultiplied: over white adds the rest
			return color.RGBToYCbCr(uint8((r+w)>>8), uint8((g+w)>>8), uint8((b+w)>>8))
		}
	}
	if c.gray != nil {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			row := c.gray.Pix[c.gray.PixOffset(r.Min.X, y):][:r.Dx()]
			for i := range row {
				v, cb, cr := at(r.Min.X+i, y)
				if cb != 0x80 || cr != 0x80 {
					// a grey page holds no colour: its luminance is
					// what it shows
					v, _, _ = color.YCbCrToRGB(v, cb, cr)
				}
				row[i] = v
			}
		}
		return
	}
	m := c.ycc
	if s, ok := src.(*image.YCbCr); ok {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			copy(m.Y[m.YOffset(r.Min.X, y):][:r.Dx()], s.Y[s.YOffset(r.Min.X+d.X, y+d.Y):])
		}
	} else {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			row := m.Y[m.YOffset(r.Min.X, y):][:r.Dx()]
			for i := range row {
				row[i], _, _ = at(r.Min.X+i, y)
			}
		}
	}
	_, grey := src.(*image.Gray)
	if grey && !c.tinted(r) {
		return
	}
	c.cells(r, func(cx, cy, x0, y0, x1, y1 int) {
		var sb, sr, n int
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				_, b, r := at(x, y)
				sb, sr, n = sb+int(b), sr+int(r), n+1
			}
		}
		i := cy*m.CStride + cx
		if n == 4 {
			m.Cb[i], m.Cr[i] = uint8((sb+2)/4), uint8((sr+2)/4)
			return
		}
		// part of the sample: its pixels outside keep its chroma
		m.Cb[i] = uint8((sb + (4-n)*int(m.Cb[i]) + 2) / 4)
		m.Cr[i] = uint8((sr + (4-n)*int(m.Cr[i]) + 2) / 4)
	})
	if !grey {
		c.tintAll(r)
	}
}

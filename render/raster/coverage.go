package raster

import (
	"image"
	"math"
)

// coverage is an anti-aliasing scan converter: it accumulates the signed
// area each edge covers in every pixel (the method of font-rs and of
// golang.org/x/image/vector) and turns the running sums into an alpha mask.
// Coverage adds up with winding and is clamped to one, so overlapping
// contours wound alike fill once and a contour wound the other way cuts a
// hole. Points outside the mask are clamped to it, which keeps the
// winding of what lies beyond the left edge and drops what lies beyond the
// right, top and bottom.
type coverage struct {
	w, h   int
	stride int // w+2: the two spare columns take edges on the right border
	acc    []float32
	firstX float32
	firstY float32
	penX   float32
	penY   float32
}

// reset clears the accumulator for a w×h mask.
func (c *coverage) reset(w, h int) {
	c.w, c.h, c.stride = w, h, w+2
	n := c.stride * h
	if cap(c.acc) < n {
		c.acc = make([]float32, n)
	} else {
		c.acc = c.acc[:n]
		clear(c.acc)
	}
	c.penX, c.penY, c.firstX, c.firstY = 0, 0, 0, 0
}

func (c *coverage) moveTo(x, y float32) {
	c.closePath()
	c.firstX, c.firstY, c.penX, c.penY = x, y, x, y
}

func (c *coverage) closePath() {
	if c.penX != c.firstX || c.penY != c.firstY {
		c.lineTo(c.firstX, c.firstY)
	}
}

func (c *coverage) lineTo(x, y float32) {
	c.edge(c.penX, c.penY, x, y)
	c.penX, c.penY = x, y
}

// quadTo flattens a quadratic Bézier into enough segments that the chords
// stay within about a tenth of a pixel of the curve.
func (c *coverage) quadTo(bx, by, cx, cy float32) {
	ax, ay := c.penX, c.penY
	dx, dy := ax-2*bx+cx, ay-2*by+cy
	dev := float64(dx*dx + dy*dy)
	n := 1
	if dev >= 0.333 {
		n = 1 + int(math.Sqrt(math.Sqrt(3*dev)))
	}
	for i := 1; i < n; i++ {
		t := float32(i) / float32(n)
		u := 1 - t
		c.lineTo(u*u*ax+2*u*t*bx+t*t*cx, u*u*ay+2*u*t*by+t*t*cy)
	}
	c.lineTo(cx, cy)
}

// cubeTo flattens a cubic Bézier the same way.
func (c *coverage) cubeTo(bx, by, cx, cy, dx, dy float32) {
	ax, ay := c.penX, c.penY
	d1x, d1y := ax-2*bx+cx, ay-2*by+cy
	d2x, d2y := bx-2*cx+dx, by-2*cy+dy
	dev := float64(max(d1x*d1x+d1y*d1y, d2x*d2x+d2y*d2y))
	n := 1
	if dev >= 0.333 {
		n = 1 + int(math.Sqrt(math.Sqrt(3*dev)))
	}
	for i := 1; i < n; i++ {
		t := float32(i) / float32(n)
		u := 1 - t
		c.lineTo(u*u*u*ax+3*u*u*t*bx+3*u*t*t*cx+t*t*t*dx, u*u*u*ay+3*u*u*t*by+3*u*t*t*cy+t*t*t*dy)
	}
	c.lineTo(dx, dy)
}

// edge adds a segment, split where it crosses the mask's left and right
// borders: the part beyond the left border runs down the border, keeping
// its winding for the pixels to its right; the part beyond the right border
// runs down a spare column, where it changes nothing.
func (c *coverage) edge(x0, y0, x1, y1 float32) {
	w := float32(c.w)
	var ts [2]float32
	n := 0
	for _, b := range [2]float32{0, w} {
		if (x0 < b) != (x1 < b) && x0 != b && x1 != b {
			ts[n] = (b - x0) / (x1 - x0)
			n++
		}
	}
	if n == 2 && ts[0] > ts[1] {
		ts[0], ts[1] = ts[1], ts[0]
	}
	px, py := x0, y0
	for _, t := range ts[:n] {
		qx, qy := x0+t*(x1-x0), y0+t*(y1-y0)
		c.span(px, py, qx, qy)
		px, py = qx, qy
	}
	c.span(px, py, x1, y1)
}

// span adds the signed area right of a segment lying within the columns
// (after clamping) to the accumulator.
func (c *coverage) span(x0, y0, x1, y1 float32) {
	if y0 == y1 {
		return
	}
	dir := float32(1)
	if y0 > y1 {
		dir = -1
		x0, y0, x1, y1 = x1, y1, x0, y0
	}
	w := float32(c.w)
	x0 = min(max(x0, 0), w)
	x1 = min(max(x1, 0), w)
	dxdy := (x1 - x0) / (y1 - y0)
	x := x0
	if y0 < 0 {
		x -= y0 * dxdy
	}
	yStart := max(0, int(y0))
	yEnd := min(c.h, int(math.Ceil(float64(y1))))
	for y := yStart; y < yEnd; y++ {
		row := c.acc[y*c.stride : (y+1)*c.stride]
		dy := min(float32(y+1), y1) - max(float32(y), y0)
		xnext := x + dxdy*dy
		d := dy * dir
		xa, xb := x, xnext
		if xa > xb {
			xa, xb = xb, xa
		}
		// Rounding may stray a hair outside the columns.
		xa, xb = max(xa, 0), min(xb, w)
		xaf := float32(math.Floor(float64(xa)))
		xai := int(xaf)
		xbc := float32(math.Ceil(float64(xb)))
		xbi := int(xbc)
		if xbi <= xai+1 {
			xmf := 0.5*(x+xnext) - xaf
			row[xai] += d - d*xmf
			row[xai+1] += d * xmf
		} else {
			s := 1 / (xb - xa)
			x0f := xa - xaf
			a0 := 0.5 * s * (1 - x0f) * (1 - x0f)
			x1f := xb - xbc + 1
			am := 0.5 * s * x1f * x1f
			row[xai] += d * a0
			if xbi == xai+2 {
				row[xai+1] += d * (1 - a0 - am)
			} else {
				a1 := s * (1.5 - x0f)
				row[xai+1] += d * (a1 - a0)
				for xi := xai + 2; xi < xbi-1; xi++ {
					row[xi] += d * s
				}
				a2 := a1 + float32(xbi-xai-3)*s
				row[xbi-1] += d * (1 - a2 - am)
			}
			row[xbi] += d * am
		}
		x = xnext
	}
}

// mask closes the current contour and returns the coverage as an alpha mask
// with bounds r (r's size must be the accumulator's).
func (c *coverage) mask(r image.Rectangle) *image.Alpha {
	c.closePath()
	m := image.NewAlpha(r)
	for y := 0; y < c.h; y++ {
		row := c.acc[y*c.stride : y*c.stride+c.w]
		dst := m.Pix[y*m.Stride : y*m.Stride+c.w]
		var sum float32
		for x, a := range row {
			sum += a
			v := sum
			if v < 0 {
				v = -v
			}
			if v > 1 {
				v = 1
			}
			dst[x] = uint8(v*255 + 0.5)
		}
	}
	return m
}

package raster

import (
	"fmt"
	"image"
	"math"

	"golang.org/x/image/font/sfnt"

	"github.com/epaper/epaper/display"
)

// painter draws the items of one page onto one canvas. It belongs to one
// goroutine; the caches it reaches through are shared.
type painter struct {
	doc    *display.Document
	dst    *canvas
	scale  float64 // px per pt
	fonts  map[string]*fontEntry
	glyphs map[glyphKey]glyphMask // this page's view of the shared cache
	photos *photoCache
	buf    sfnt.Buffer
	z      coverage
}

func newPainter(doc *display.Document, dst *canvas, scale float64, photos *photoCache) *painter {
	return &painter{
		doc:    doc,
		dst:    dst,
		scale:  scale,
		fonts:  map[string]*fontEntry{},
		glyphs: map[glyphKey]glyphMask{},
		photos: photos,
	}
}

func (p *painter) item(it display.Item) error {
	switch it := it.(type) {
	case *display.Text:
		return p.text(it)
	case *display.Image:
		return p.image(it)
	case *display.Rect:
		p.rect(it)
	case *display.Line:
		p.line(it)
	case nil:
	default:
		return fmt.Errorf("unknown item %T", it)
	}
	return nil
}

func (p *painter) font(id string) (*fontEntry, error) {
	if f, ok := p.fonts[id]; ok {
		return f, nil
	}
	data, ok := p.doc.Fonts[id]
	if !ok {
		return nil, fmt.Errorf("font %q is not in the document", id)
	}
	f, err := shared.font(data)
	if err != nil {
		return nil, fmt.Errorf("font %q: %w", id, err)
	}
	p.fonts[id] = f
	return f, nil
}

// text draws a glyph run. Pen positions are summed in thousandths of an em,
// as the PDF's /W widths are, plus the run's tracking after each glyph, all
// scaled by the run's horizontal scale (PDF's Tz) and then to pixels, so
// each glyph lands where a PDF viewer puts it; outlines are scaled across
// by the same. Masks come at the run's size to 1/64 px; the pen is placed
// as poppler places it: the baseline on the pixel boundary at or above it,
// the glyph at the quarter pixel at or left of it (whole pixels for large
// type).
func (p *painter) text(t *display.Text) error {
	if len(t.Glyphs) == 0 || t.Size <= 0 {
		return nil
	}
	f, err := p.font(t.Font)
	if err != nil {
		return err
	}
	px := t.Size * p.scale
	if px > maxEm {
		return fmt.Errorf("text at %g pt is %.0f px per em, over the %d px the renderer draws", t.Size, px, maxEm)
	}
	size := math.Round(px * sizeSteps)
	if size < 1 {
		return nil // too small to show
	}
	steps := 1.0
	if f.fractional(px) {
		steps = subpixel
	}
	hs := t.HScale()
	hk := math.Round(hs * hsSteps)
	if !(hk >= 1 && hk <= math.MaxUint16) {
		return fmt.Errorf("text scaled across by %g: outside what the renderer draws", hs)
	}
	em := t.Size / 1000 // pt per unit
	bounds := p.dst.bounds()
	pen := 0
	for gi, g := range t.Glyphs {
		// Tracking (PDF's Tc) follows every glyph before this one.
		x := (t.X + (float64(pen+g.XOff)*em+float64(gi)*t.Tracking)*hs) * p.scale
		y := (t.Y - float64(g.YOff)*em) * p.scale
		pen += g.Advance
		if !(math.Abs(x) < farPx && math.Abs(y) < farPx) {
			continue // far off the page, or not a number
		}
		fx := math.Floor(x)
		q := int(math.Floor((x - fx) * steps))
		ix, iy := int(fx), int(math.Floor(y))
		k := glyphKey{font: f.id, size: uint32(size), id: g.ID, hs: uint16(hk), frac: uint8(q)}
		m, ok := p.glyphs[k]
		if !ok {
			m, err = shared.glyph(f, k, &p.buf, &p.z)
			if err != nil {
				return fmt.Errorf("font %q: %w", t.Font, err)
			}
			p.glyphs[k] = m
		}
		if m.mask == nil {
			continue
		}
		r := m.mask.Rect.Add(image.Pt(ix, iy))
		if !r.Overlaps(bounds) {
			continue
		}
		p.dst.over(r, m.mask, m.mask.Rect.Min, t.Color)
	}
	return nil
}

// fill paints closed contours (in px) with c, anti-aliased. Coverage adds
// up with the contours' winding, so a ring (a stroked rectangle) is an outer
// contour and an inner one wound the other way.
func (p *painter) fill(c display.Color, contours ...[]vec) {
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for _, pts := range contours {
		for _, v := range pts {
			minX, maxX = math.Min(minX, v.x), math.Max(maxX, v.x)
			minY, maxY = math.Min(minY, v.y), math.Max(maxY, v.y)
		}
	}
	b := image.Rect(int(math.Floor(clampf(minX))), int(math.Floor(clampf(minY))),
		int(math.Ceil(clampf(maxX))), int(math.Ceil(clampf(maxY))))
	b = b.Intersect(p.dst.bounds())
	if b.Empty() {
		return
	}
	p.z.reset(b.Dx(), b.Dy())
	ox, oy := float64(b.Min.X), float64(b.Min.Y)
	for _, pts := range contours {
		if len(pts) < 3 {
			continue
		}
		p.z.moveTo(float32(clampf(pts[0].x-ox)), float32(clampf(pts[0].y-oy)))
		for _, v := range pts[1:] {
			p.z.lineTo(float32(clampf(v.x-ox)), float32(clampf(v.y-oy)))
		}
	}
	p.dst.over(b, p.z.mask(b), b.Min, c)
}

// farPx bounds the coordinates, in px, the painter works with: anything
// beyond is far off any page, and clamping it there keeps conversions to
// int and float32 exact. Not-a-number goes to the low end.
const farPx = 1e6

// maxEm is the largest type drawn, in px per em.
const maxEm = 8192

func clampf(v float64) float64 {
	if !(v > -farPx) {
		return -farPx
	}
	return math.Min(v, farPx)
}

type vec struct{ x, y float64 }

// Rules and boxes are drawn the way PDF viewers draw them on screen (poppler
// calls it stroke adjustment): edges parallel to the axes are moved to the
// nearest pixel boundary, and a band that would come out empty is one pixel
// wide, so a hairline column rule is one crisp pixel rather than a grey
// smear two pixels wide. Slanted lines are drawn anti-aliased.

// snap returns the pixel rows (or columns) [lo, hi) of the band from a to b
// px: both ends rounded, at least one pixel.
func snap(a, b float64) (int, int) {
	a, b = clampf(a), clampf(b)
	if a > b {
		a, b = b, a
	}
	lo, hi := int(math.Floor(a+0.5)), int(math.Floor(b+0.5))
	if hi <= lo {
		hi = lo + 1
	}
	return lo, hi
}

// band returns the pixel rows of a stroke of width w px centred on c px.
// A zero-width stroke, PDF's thinnest line, is the one pixel holding c.
func band(c, w float64) (int, int) {
	if !(w > 0) {
		lo := int(math.Floor(clampf(c)))
		return lo, lo + 1
	}
	return snap(c-w/2, c+w/2)
}

// solid paints whole pixels of r with c.
func (p *painter) solid(c display.Color, r image.Rectangle) {
	p.dst.solid(r, c)
}

// rect fills and then strokes a rectangle; the stroke straddles the edge,
// as in PDF.
func (p *painter) rect(r *display.Rect) {
	s := p.scale
	x0, x1 := snap(r.X*s, (r.X+r.W)*s)
	y0, y1 := snap(r.Y*s, (r.Y+r.H)*s)
	if r.Fill != nil && r.W != 0 && r.H != 0 {
		p.solid(*r.Fill, image.Rect(x0, y0, x1, y1))
	}
	if r.Stroke == nil {
		return
	}
	w := r.StrokeWidth * s
	lx, rx := min(r.X, r.X+r.W)*s, max(r.X, r.X+r.W)*s
	ty, by := min(r.Y, r.Y+r.H)*s, max(r.Y, r.Y+r.H)*s
	l0, l1 := band(lx, w)
	r0, r1 := band(rx, w)
	t0, t1 := band(ty, w)
	b0, b1 := band(by, w)
	outer := image.Rect(l0, t0, r1, b1)
	if l1 >= r0 || t1 >= b0 {
		p.solid(*r.Stroke, outer)
		return
	}
	p.solid(*r.Stroke, image.Rect(l0, t0, r1, t1))
	p.solid(*r.Stroke, image.Rect(l0, b0, r1, b1))
	p.solid(*r.Stroke, image.Rect(l0, t1, l1, b0))
	p.solid(*r.Stroke, image.Rect(r0, t1, r1, b0))
}

// line draws a rule with butt ends, PDF's default cap.
func (p *painter) line(l *display.Line) {
	s := p.scale
	x1, y1, x2, y2 := l.X1*s, l.Y1*s, l.X2*s, l.Y2*s
	w := l.Width * s
	switch {
	case y1 == y2 && x1 != x2:
		a, b := snap(x1, x2)
		c, d := band(y1, w)
		p.solid(l.Color, image.Rect(a, c, b, d))
		return
	case x1 == x2 && y1 != y2:
		a, b := snap(y1, y2)
		c, d := band(x1, w)
		p.solid(l.Color, image.Rect(c, a, d, b))
		return
	}
	dx, dy := x2-x1, y2-y1
	n := math.Hypot(dx, dy)
	if n == 0 {
		return
	}
	if w <= 0 {
		w = 1
	}
	nx, ny := -dy/n*w/2, dx/n*w/2
	p.fill(l.Color, []vec{{x1 + nx, y1 + ny}, {x2 + nx, y2 + ny}, {x2 - nx, y2 - ny}, {x1 - nx, y1 - ny}})
}

// image draws a photo scaled to its box. The box covers every pixel an
// edge touches, as poppler's does, so photos line up with the PDF's.
func (p *painter) image(im *display.Image) error {
	s := p.scale
	x0, x1 := imageSpan(im.X*s, (im.X+im.W)*s)
	y0, y1 := imageSpan(im.Y*s, (im.Y+im.H)*s)
	r := image.Rect(x0, y0, x1, y1)
	page := p.dst.bounds()
	if r.Empty() || !r.Overlaps(page) {
		return nil
	}
	// A photo is resampled whole, so its box must stay of a page's order.
	if r.Dx() > 4*page.Dx() || r.Dy() > 4*page.Dy() {
		return fmt.Errorf("image %q: box %d×%d px is far larger than the page", im.Key, r.Dx(), r.Dy())
	}
	src, err := p.photos.scaled(im, r.Dx(), r.Dy())
	if err != nil {
		return err
	}
	p.dst.picture(r, src, src.Bounds().Min)
	return nil
}

// imageSpan returns the pixels [lo, hi) a photo spanning a to b px covers.
func imageSpan(a, b float64) (int, int) {
	a, b = clampf(a), clampf(b)
	if a > b {
		a, b = b, a
	}
	return int(math.Floor(a)), int(math.Floor(b)) + 1
}

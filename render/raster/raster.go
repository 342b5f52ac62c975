// Package raster draws the pages of a display list to images: the e-paper's
// page images and thumbnails. The PDF is drawn from the same display list by
// another package, and these images are meant to look like poppler's
// rendering of that PDF: glyph outlines unhinted and anti-aliased at the
// PDF's advances and placed on poppler's pixel grid, rules and box edges
// snapped to whole pixels as poppler's stroke adjustment does, photos
// resampled to the pixels their boxes touch.
//
// Glyph masks are cached for the life of the process, shared by every page
// and worker, and depend only on their keys, so the same document gives the
// same bytes whatever the number of workers.
//
// Encoding decides the speed, so pages without photos or colour are drawn
// and encoded in one grey channel, and the rest in YCbCr with 4:2:0
// chroma, as their JPEGs hold them; thumbnails are the page image averaged
// down, and JPEGs come from internal/jpg: the baseline JPEG image/jpeg
// writes, with the same tables, in about half the time. Each worker keeps
// its page, thumbnail and encoder from one page to the next, and a page's
// files are handed on as soon as they are encoded, so memory holds a few
// pages whatever the length of the edition.
package raster

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"math"
	"runtime"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/internal/jpg"
	"github.com/epaper/epaper/internal/work"
)

// Settings says how big the images are and how they are encoded.
type Settings struct {
	Width      int // page image width in px
	ThumbWidth int // thumbnail width in px
	Quality    int // JPEG quality, 1–100
	Workers    int // pages drawn and encoded at once
}

// DefaultSettings returns 1600 px pages, 300 px thumbnails, JPEG quality 82
// and one worker per CPU.
func DefaultSettings() Settings {
	return Settings{Width: 1600, ThumbWidth: 300, Quality: 82, Workers: runtime.NumCPU()}
}

// withDefaults fills zero fields from DefaultSettings.
func (s Settings) withDefaults() Settings {
	d := DefaultSettings()
	if s.Width <= 0 {
		s.Width = d.Width
	}
	if s.ThumbWidth <= 0 {
		s.ThumbWidth = d.ThumbWidth
	}
	if s.Quality <= 0 {
		s.Quality = d.Quality
	}
	s.Quality = min(s.Quality, 100)
	if s.Workers <= 0 {
		s.Workers = d.Workers
	}
	return s
}

// Output is one page's encoded images.
type Output struct {
	Page         int    // zero-based page index
	Image        []byte // page image, JPEG
	Thumb        []byte // thumbnail, JPEG
	W, H, TW, TH int    // sizes of the page image and thumbnail in px
}

// Draw renders page i of doc widthPx wide on white; the height follows the
// page's proportions. Pages with no photo and only neutral colours come
// back as *image.Gray, the rest as *image.YCbCr with 4:2:0 chroma.
func Draw(doc *display.Document, i int, widthPx int) (image.Image, error) {
	return DrawTop(doc, i, widthPx, 0)
}

// DrawTop is Draw of the top rows pixel rows of the page alone (all of it
// when rows is 0 or more than it has): what lies wholly below them is not
// drawn at all. The share image of a front page is its top.
func DrawTop(doc *display.Document, i int, widthPx, rows int) (image.Image, error) {
	var c canvas
	if err := drawPage(&c, doc, i, widthPx, rows, newPhotoCache()); err != nil {
		return nil, err
	}
	return c.image(), nil
}

// size returns the page's image size at widthPx.
func size(p *display.Page, widthPx int) (int, int) {
	return widthPx, max(1, int(math.Round(float64(widthPx)*p.Height/p.Width)))
}

// drawPage draws page i of doc onto dst, which it makes a white page of
// the right kind and size first, reusing its memory when it can.
func drawPage(dst *canvas, doc *display.Document, i, widthPx, rows int, photos *photoCache) error {
	if doc == nil || i < 0 || i >= len(doc.Pages) {
		return fmt.Errorf("raster: no page %d", i)
	}
	p := &doc.Pages[i]
	if widthPx <= 0 {
		return fmt.Errorf("raster: page %d: width %d px", i, widthPx)
	}
	if !(p.Width > 0 && p.Height > 0) || math.IsInf(p.Width, 0) || math.IsInf(p.Height, 0) {
		return fmt.Errorf("raster: page %d: size %g×%g pt", i, p.Width, p.Height)
	}
	w, h := size(p, widthPx)
	if int64(w)*int64(h) > 1<<28 {
		return fmt.Errorf("raster: page %d: %d×%d px is too large", i, w, h)
	}
	scale := float64(w) / p.Width
	below := math.Inf(1) // items wholly below this, in points, are not drawn
	if rows > 0 && rows < h {
		h, below = rows, float64(rows)/scale
	}
	dst.reset(image.Rect(0, 0, w, h), grey(p))
	pt := newPainter(doc, dst, scale, photos)
	for n, it := range p.Items {
		if top(it) > below {
			continue
		}
		if err := pt.item(it); err != nil {
			return fmt.Errorf("raster: page %d item %d: %w", i, n, err)
		}
	}
	return nil
}

// top is the highest point an item can mark, in points from the top of
// the page: a text run's glyphs reach at most three times its size above
// its baseline, even in the tallest scripts.
func top(it display.Item) float64 {
	switch it := it.(type) {
	case *display.Text:
		return it.Y - 3*it.Size
	case *display.Image:
		return it.Y
	case *display.Rect:
		return min(it.Y, it.Y+it.H) - it.StrokeWidth
	case *display.Line:
		return min(it.Y1, it.Y2) - it.Width
	}
	return math.Inf(-1)
}

// grey reports whether a page has no photo and only neutral colours, so its
// image holds no colour and is drawn and stored with one channel.
func grey(p *display.Page) bool {
	neutral := func(c display.Color) bool { return c.R == c.G && c.G == c.B }
	for _, it := range p.Items {
		switch it := it.(type) {
		case *display.Image:
			return false
		case *display.Text:
			if !neutral(it.Color) {
				return false
			}
		case *display.Line:
			if !neutral(it.Color) {
				return false
			}
		case *display.Rect:
			if it.Fill != nil && !neutral(*it.Fill) || it.Stroke != nil && !neutral(*it.Stroke) {
				return false
			}
		}
	}
	return true
}

// RenderAll draws every page of doc and encodes its image and thumbnail as
// JPEG, s.Workers pages at a time. Results are in page order; on an error
// or when ctx ends it stops early and returns the error of the first page
// that failed.
func RenderAll(ctx context.Context, doc *display.Document, s Settings) ([]Output, error) {
	if doc == nil {
		return nil, errors.New("raster: no document")
	}
	pages := make([]int, len(doc.Pages))
	for i := range pages {
		pages[i] = i
	}
	return RenderPages(ctx, doc, pages, s)
}

// RenderPages is RenderAll for some of the pages (0-based, in the order
// given): a rebuild draws only the pages that are not locked.
func RenderPages(ctx context.Context, doc *display.Document, pages []int, s Settings) ([]Output, error) {
	out := make([]Output, len(pages))
	err := RenderEach(ctx, doc, pages, s, func(k int, render func() (Output, error)) error {
		o, err := render()
		if err != nil {
			return err
		}
		o.Image, o.Thumb = bytes.Clone(o.Image), bytes.Clone(o.Thumb)
		out[k] = o
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RenderEach hands each of the pages (0-based) to each, with its place k
// in pages, on up to s.Workers goroutines at once: each calls render to
// draw and encode the page on the worker's memory (or takes the page from
// elsewhere and does not), and writes out what it made. The Output's
// bytes are the worker's, valid until each returns: each writes them, or
// copies what it keeps. So no more pages are in memory than there are
// workers, however many the edition has. An error from each stops the
// work and is returned.
func RenderEach(ctx context.Context, doc *display.Document, pages []int, s Settings, each func(k int, render func() (Output, error)) error) error {
	if doc == nil {
		return errors.New("raster: no document")
	}
	s = s.withDefaults()
	photos := newPhotoCache()
	k := work.Workers(s.Workers, len(pages))
	ws := make([]*worker, k)
	return work.Each(ctx, k, len(pages), func(wi, n int) error {
		i := pages[n]
		if i < 0 || i >= len(doc.Pages) {
			return fmt.Errorf("raster: no page %d", i+1)
		}
		return each(n, func() (Output, error) {
			if ws[wi] == nil {
				ws[wi] = &worker{enc: jpg.NewEncoder(s.Quality)}
			}
			return ws[wi].render(doc, i, s, photos)
		})
	})
}

// worker is what one worker keeps from page to page: the page it draws
// on, the thumbnail, the encoder and the buffers of the two JPEGs.
type worker struct {
	page, thumb canvas
	enc         *jpg.Encoder
	img, th     bytes.Buffer
}

// render draws one page and encodes it and its thumbnail, which is the
// page image averaged down rather than drawn a second time. The Output's
// bytes are the worker's until its next page.
func (w *worker) render(doc *display.Document, i int, s Settings, photos *photoCache) (Output, error) {
	if err := drawPage(&w.page, doc, i, s.Width, 0, photos); err != nil {
		return Output{}, err
	}
	img := w.page.image()
	pw, ph := s.Width, img.Bounds().Dy()
	tw := min(s.ThumbWidth, pw)
	th := max(1, int(math.Round(float64(tw)*float64(ph)/float64(pw))))
	thumbnailInto(&w.thumb, img, tw, th)
	o := Output{Page: i, W: pw, H: ph, TW: tw, TH: th}
	w.img.Reset()
	if err := w.enc.Encode(&w.img, img); err != nil {
		return Output{}, fmt.Errorf("raster: page %d: %w", i, err)
	}
	w.th.Reset()
	if err := w.enc.Encode(&w.th, w.thumb.image()); err != nil {
		return Output{}, fmt.Errorf("raster: page %d thumbnail: %w", i, err)
	}
	o.Image, o.Thumb = w.img.Bytes(), w.th.Bytes()
	return o, nil
}

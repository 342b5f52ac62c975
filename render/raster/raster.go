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
// and encoded in one grey channel, thumbnails are the page image averaged
// down, and JPEGs come from an encoder of this package's own: the baseline
// JPEG image/jpeg writes, with the same tables, in about half the time.
package raster

import (
	"context"
	"errors"
	"fmt"
	"image"
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/epaper/epaper/display"
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
// back as *image.Gray, the rest as *image.RGBA.
func Draw(doc *display.Document, i int, widthPx int) (image.Image, error) {
	return drawPage(doc, i, widthPx, newPhotoCache())
}

// size returns the page's image size at widthPx.
func size(p *display.Page, widthPx int) (int, int) {
	return widthPx, max(1, int(math.Round(float64(widthPx)*p.Height/p.Width)))
}

func drawPage(doc *display.Document, i, widthPx int, photos *photoCache) (image.Image, error) {
	if doc == nil || i < 0 || i >= len(doc.Pages) {
		return nil, fmt.Errorf("raster: no page %d", i)
	}
	p := &doc.Pages[i]
	if widthPx <= 0 {
		return nil, fmt.Errorf("raster: page %d: width %d px", i, widthPx)
	}
	if !(p.Width > 0 && p.Height > 0) || math.IsInf(p.Width, 0) || math.IsInf(p.Height, 0) {
		return nil, fmt.Errorf("raster: page %d: size %g×%g pt", i, p.Width, p.Height)
	}
	w, h := size(p, widthPx)
	if int64(w)*int64(h) > 1<<28 {
		return nil, fmt.Errorf("raster: page %d: %d×%d px is too large", i, w, h)
	}
	dst := newCanvas(image.Rect(0, 0, w, h), grey(p))
	pt := newPainter(doc, dst, float64(w)/p.Width, photos)
	for n, it := range p.Items {
		if err := pt.item(it); err != nil {
			return nil, fmt.Errorf("raster: page %d item %d: %w", i, n, err)
		}
	}
	return dst.image(), nil
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

// RenderPages is RenderAll for some of the pages: pages are zero-based
// indexes, and the results are in their order. A page gives the same bytes
// whichever pages are drawn with it, so a process that keeps the pages it
// drew (epaper serve --watch) draws again only those that changed.
func RenderPages(ctx context.Context, doc *display.Document, pages []int, s Settings) ([]Output, error) {
	if doc == nil {
		return nil, errors.New("raster: no document")
	}
	for _, i := range pages {
		if i < 0 || i >= len(doc.Pages) {
			return nil, fmt.Errorf("raster: page %d out of range (document has %d)", i, len(doc.Pages))
		}
	}
	s = s.withDefaults()
	n := len(pages)
	out := make([]Output, n)
	errs := make([]error, n)
	photos := newPhotoCache()
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(s.Workers, n) {
		wg.Go(func() {
			for wctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				o, err := renderPage(doc, pages[i], s, photos)
				if err != nil {
					errs[i] = err
					cancel()
					return
				}
				out[i] = o
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// renderPage draws one page and encodes it and its thumbnail, which is the
// page image averaged down rather than drawn a second time.
func renderPage(doc *display.Document, i int, s Settings, photos *photoCache) (Output, error) {
	img, err := drawPage(doc, i, s.Width, photos)
	if err != nil {
		return Output{}, err
	}
	w, h := s.Width, img.Bounds().Dy()
	tw := min(s.ThumbWidth, w)
	th := max(1, int(math.Round(float64(tw)*float64(h)/float64(w))))
	thumb := thumbnail(img, tw, th)
	o := Output{Page: i, W: w, H: h, TW: tw, TH: th}
	if o.Image, err = encodeJPEG(img, s.Quality); err != nil {
		return Output{}, fmt.Errorf("raster: page %d: %w", i, err)
	}
	if o.Thumb, err = encodeJPEG(thumb, s.Quality); err != nil {
		return Output{}, fmt.Errorf("raster: page %d thumbnail: %w", i, err)
	}
	return o, nil
}

package raster

import (
	"errors"
	"fmt"
	"image"
	"math"
	"sync"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/internal/jpg"
	"github.com/epaper/epaper/internal/resample"
)

// photoCache decodes each picture once and scales it once per size, for all
// the pages of one document. Entries are pure functions of their keys, so the
// workers' order never changes a pixel.
type photoCache struct {
	mu      sync.Mutex
	decoded map[string]*onceImage // by Key
	resized map[photoKey]*onceImage
}

type photoKey struct {
	key  string
	w, h int
}

type onceImage struct {
	once sync.Once
	img  image.Image
	err  error
}

func newPhotoCache() *photoCache {
	return &photoCache{decoded: map[string]*onceImage{}, resized: map[photoKey]*onceImage{}}
}

// entry returns the cell for a key, creating it; a missing Key disables
// sharing for that picture.
func entry[K comparable](c *photoCache, m map[K]*onceImage, k K, share bool) *onceImage {
	if !share {
		return &onceImage{}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := m[k]
	if !ok {
		e = &onceImage{}
		m[k] = e
	}
	return e
}

// source returns the picture's pixels and the window of them the box
// shows: its Pix, or its Data decoded (the whole source when im.Whole, of
// which the box shows the Crop).
func (c *photoCache) source(im *display.Image) (image.Image, resample.Window, error) {
	if im.Pix != nil {
		return im.Pix, resample.WindowOf(im.Pix.Bounds()), nil
	}
	e := entry(c, c.decoded, im.Key, im.Key != "")
	e.once.Do(func() {
		if len(im.Data) == 0 {
			e.err = errors.New("image has neither pixels nor data")
			return
		}
		e.img, e.err = jpg.Decode(im.Data, 0)
	})
	if e.err != nil {
		return nil, resample.Window{}, e.err
	}
	win := resample.WindowOf(e.img.Bounds())
	if cr := im.Crop; im.Whole && cr[2] > 0 && cr[3] > 0 {
		win = resample.Window{X: win.X + cr[0]*win.W, Y: win.Y + cr[1]*win.H, W: cr[2] * win.W, H: cr[3] * win.H}
	}
	return e.img, win, nil
}

// scaled returns the picture resampled to w×h px: its Pix as it is when
// the photo stage made it at that size, as it does for the page images.
func (c *photoCache) scaled(im *display.Image, w, h int) (image.Image, error) {
	e := entry(c, c.resized, photoKey{im.Key, w, h}, im.Key != "")
	e.once.Do(func() {
		src, win, err := c.source(im)
		if err != nil {
			e.err = fmt.Errorf("image %q: %w", im.Key, err)
			return
		}
		if b := src.Bounds(); b.Dx() == w && b.Dy() == h && win == resample.WindowOf(b) {
			e.img = src
			return
		}
		e.img = resample.Resize(src, win, w, h)
	})
	return e.img, e.err
}

// PhotoSize is the size in pixels of the box of im, a picture on page p,
// on the page's image widthPx wide: every pixel an edge of the box
// touches, as the renderer draws it. The photo stage makes a picture's
// pixels at this size, so that they are drawn as they are.
func PhotoSize(p *display.Page, im *display.Image, widthPx int) (w, h int) {
	if !(p.Width > 0) {
		return 0, 0
	}
	s := float64(widthPx) / p.Width
	x0, x1 := imageSpan(im.X*s, (im.X+im.W)*s)
	y0, y1 := imageSpan(im.Y*s, (im.Y+im.H)*s)
	w, h = x1-x0, y1-y0
	if w <= 0 || h <= 0 || w > 4*widthPx || float64(h) > 4*math.Ceil(p.Height*s) {
		return 0, 0 // nothing drawn, or refused when drawn
	}
	return w, h
}

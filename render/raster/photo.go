package raster

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // photos arrive as JPEG
	_ "image/png"  // and, from some ad servers, as PNG
	"sync"

	"github.com/disintegration/imaging"

	"github.com/epaper/epaper/display"
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

// source returns the picture decoded.
func (c *photoCache) source(im *display.Image) (image.Image, error) {
	if im.Pix != nil {
		return im.Pix, nil
	}
	e := entry(c, c.decoded, im.Key, im.Key != "")
	e.once.Do(func() {
		if len(im.Data) == 0 {
			e.err = errors.New("image has neither pixels nor data")
			return
		}
		e.img, _, e.err = image.Decode(bytes.NewReader(im.Data))
	})
	return e.img, e.err
}

// scaled returns the picture resampled to w×h px with a Lanczos filter, the
// sharpest of imaging's filters for the large reductions photos go through.
func (c *photoCache) scaled(im *display.Image, w, h int) (image.Image, error) {
	e := entry(c, c.resized, photoKey{im.Key, w, h}, im.Key != "")
	e.once.Do(func() {
		src, err := c.source(im)
		if err != nil {
			e.err = fmt.Errorf("image %q: %w", im.Key, err)
			return
		}
		if b := src.Bounds(); b.Dx() == w && b.Dy() == h {
			e.img = src
			return
		}
		e.img = imaging.Resize(src, w, h, imaging.Lanczos)
	})
	return e.img, e.err
}

package raster

import (
	"image"

	"github.com/epaper/epaper/internal/resample"
)

// Thumbnails are the page image averaged over areas: each thumbnail pixel is
// the mean of the page pixels it covers, partly covered ones weighted by
// the part covered. That is what drawing the page small would show, and on
// the grey pages it runs several times faster than imaging.Resize, which
// works in four channels whatever the image.

const weightBits = resample.WeightBits

// areaTaps returns the taps reducing n source pixels to m (0 < m ≤ n).
func areaTaps(n, m int) []resample.Tap {
	taps := make([]resample.Tap, m)
	// Work in units of 1/m source pixel, so output i covers [i·n, (i+1)·n).
	for i := range taps {
		lo, hi := i*n, (i+1)*n
		first, last := lo/m, (hi-1)/m
		w := make([]uint32, last-first+1)
		var sum uint32
		big := 0
		for j := first; j <= last; j++ {
			cover := min(hi, (j+1)*m) - max(lo, j*m)
			w[j-first] = uint32(cover << weightBits / n)
			sum += w[j-first]
			if w[j-first] > w[big] {
				big = j - first
			}
		}
		// Rounding leaves a little over: the largest weight takes it, so a
		// flat area keeps its exact level.
		w[big] += 1<<weightBits - sum
		taps[i] = resample.Tap{First: first, W: w}
	}
	return taps
}

// thumbnail averages a *image.Gray or a 4:2:0 *image.YCbCr at the origin
// down to w×h of the same type (w, h no larger than the source's).
func thumbnail(img image.Image, w, h int) image.Image {
	var c canvas
	thumbnailInto(&c, img, w, h)
	return c.image()
}

// thumbnailInto is thumbnail into dst, reusing its memory when it can: a
// 4:2:0 picture's planes are each averaged down, the chroma to the
// thumbnail's chroma size.
func thumbnailInto(dst *canvas, img image.Image, w, h int) {
	r := image.Rect(0, 0, w, h)
	switch m := img.(type) {
	case *image.Gray:
		dst.reset(r, true)
		t := dst.gray
		reduce(t.Pix, t.Stride, w, h, m.Pix, m.Stride, m.Rect.Dx(), m.Rect.Dy())
		return
	case *image.YCbCr:
		if m.SubsampleRatio == image.YCbCrSubsampleRatio420 && m.Rect.Min == (image.Point{}) {
			dst.reset(r, false)
			t := dst.ycc
			reduce(t.Y, t.YStride, w, h, m.Y, m.YStride, m.Rect.Dx(), m.Rect.Dy())
			cw, ch := (m.Rect.Dx()+1)/2, (m.Rect.Dy()+1)/2
			tcw, tch := (w+1)/2, (h+1)/2
			reduce(t.Cb, t.CStride, tcw, tch, m.Cb, m.CStride, cw, ch)
			reduce(t.Cr, t.CStride, tcw, tch, m.Cr, m.CStride, cw, ch)
			return
		}
	}
	panic("raster: thumbnail of an unsupported image type")
}

// reduce averages a plane of sw×sh samples into dw×dh.
func reduce(dst []byte, dstride, dw, dh int, src []byte, sstride, sw, sh int) {
	resample.Reduce(dst, dstride, src, sstride, areaTaps(sh, dh), areaTaps(sw, dw))
}

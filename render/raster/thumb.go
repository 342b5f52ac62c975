package raster

import "image"

// Thumbnails are the page image averaged over areas: each thumbnail pixel is
// the mean of the page pixels it covers, partly covered ones weighted by
// the part covered. That is what drawing the page small would show, and on
// the grey pages it runs several times faster than imaging.Resize, which
// works in four channels whatever the image.

// tap is one output pixel's share of the source: weights (summing to
// 1<<weightBits) of the source pixels from first on.
type tap struct {
	first int
	w     []uint32
}

const weightBits = 14

// areaTaps returns the taps reducing n source pixels to m (0 < m ≤ n).
func areaTaps(n, m int) []tap {
	taps := make([]tap, m)
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
		taps[i] = tap{first, w}
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
		reduce2D(m.Pix, m.Stride, m.Rect.Dx(), m.Rect.Dy(), 1, t.Pix, t.Stride, w, h)
		return
	case *image.YCbCr:
		if m.SubsampleRatio == image.YCbCrSubsampleRatio420 && m.Rect.Min == (image.Point{}) {
			dst.reset(r, false)
			t := dst.ycc
			reduce2D(m.Y, m.YStride, m.Rect.Dx(), m.Rect.Dy(), 1, t.Y, t.YStride, w, h)
			cw, ch := (m.Rect.Dx()+1)/2, (m.Rect.Dy()+1)/2
			tcw, tch := (w+1)/2, (h+1)/2
			reduce2D(m.Cb, m.CStride, cw, ch, 1, t.Cb, t.CStride, tcw, tch)
			reduce2D(m.Cr, m.CStride, cw, ch, 1, t.Cr, t.CStride, tcw, tch)
			return
		}
	}
	panic("raster: thumbnail of an unsupported image type")
}

// reduce2D averages sw×sh pixels of ch channels (the fourth, alpha, set
// opaque) into dw×dh: down the columns first, a row at a time, which is a
// plain loop over contiguous bytes, then across the few rows left.
func reduce2D(src []byte, sstride, sw, sh, ch int, dst []byte, dstride, dw, dh int) {
	across, down := areaTaps(sw, dw), areaTaps(sh, dh)
	n := sw * ch
	acc := make([]uint32, n) // one output row reduced down, in 1/2^weightBits levels
	mid := make([]uint32, n) // the same in 1/256 levels
	for y, t := range down {
		clear(acc)
		for k, w := range t.w {
			row := src[(t.first+k)*sstride:][:n]
			for i, v := range row {
				acc[i] += uint32(v) * w
			}
		}
		for i, a := range acc {
			mid[i] = (a + 1<<(weightBits-9)) >> (weightBits - 8)
		}
		out := dst[y*dstride:][:dw*ch]
		for x, t := range across {
			for c := range min(ch, 3) {
				var a uint32
				p := t.first*ch + c
				for _, w := range t.w {
					a += mid[p] * w
					p += ch
				}
				out[x*ch+c] = uint8((a + 1<<(weightBits+7)) >> (weightBits + 8))
			}
			if ch == 4 {
				out[x*ch+3] = 0xff
			}
		}
	}
}

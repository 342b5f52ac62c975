package raster

import (
	"image"
	"image/color"
)

// DiffThreshold is the smallest difference, in levels of 0–255 on any one
// channel, that makes Compare count a pixel as different. Smaller
// differences are the anti-aliasing and resampling noise by which two
// faithful renderings of one page differ.
const DiffThreshold = 32

// Compare measures how far two renderings of a page are apart. It aligns
// the images at their top-left corners and compares them over the larger
// width and height, treating pixels only one image has as compared with
// white paper, so an image a row shorter than the other costs almost
// nothing. Transparent pixels are seen over white. It returns the mean
// absolute difference per channel, in levels of 0–255, and the percentage
// of pixels that differ by more than DiffThreshold on some channel.
func Compare(a, b image.Image) (meanAbsDiff float64, pctDiffPixels float64) {
	ab, bb := a.Bounds(), b.Bounds()
	w, h := max(ab.Dx(), bb.Dx()), max(ab.Dy(), bb.Dy())
	if w == 0 || h == 0 {
		return 0, 0
	}
	sa, sb := sampler(a), sampler(b)
	var sum, differ int64
	for y := range h {
		for x := range w {
			r1, g1, b1 := uint8(255), uint8(255), uint8(255)
			if x < ab.Dx() && y < ab.Dy() {
				r1, g1, b1 = sa(ab.Min.X+x, ab.Min.Y+y)
			}
			r2, g2, b2 := uint8(255), uint8(255), uint8(255)
			if x < bb.Dx() && y < bb.Dy() {
				r2, g2, b2 = sb(bb.Min.X+x, bb.Min.Y+y)
			}
			dr, dg, db := absDiff(r1, r2), absDiff(g1, g2), absDiff(b1, b2)
			sum += int64(dr + dg + db)
			if max(dr, dg, db) > DiffThreshold {
				differ++
			}
		}
	}
	n := float64(w) * float64(h)
	return float64(sum) / (3 * n), 100 * float64(differ) / n
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

// sampler returns a function reading a pixel as 8-bit RGB over white, with
// direct access for the image types renderers and decoders produce.
func sampler(img image.Image) func(x, y int) (r, g, b uint8) {
	switch m := img.(type) {
	case *image.Gray:
		return func(x, y int) (uint8, uint8, uint8) {
			v := m.Pix[m.PixOffset(x, y)]
			return v, v, v
		}
	case *image.RGBA:
		return func(x, y int) (uint8, uint8, uint8) {
			i := m.PixOffset(x, y)
			p := m.Pix[i : i+4 : i+4]
			// Premultiplied: over white adds the uncovered share.
			return p[0] + (255 - p[3]), p[1] + (255 - p[3]), p[2] + (255 - p[3])
		}
	case *image.YCbCr:
		return func(x, y int) (uint8, uint8, uint8) {
			yi, ci := m.YOffset(x, y), m.COffset(x, y)
			return color.YCbCrToRGB(m.Y[yi], m.Cb[ci], m.Cr[ci])
		}
	}
	return func(x, y int) (uint8, uint8, uint8) {
		r, g, b, a := img.At(x, y).RGBA()
		return uint8((r + 0xffff - a) >> 8), uint8((g + 0xffff - a) >> 8), uint8((b + 0xffff - a) >> 8)
	}
}

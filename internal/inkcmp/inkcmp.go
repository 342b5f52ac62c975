// Package inkcmp measures how alike two renderings of the same text are:
// ink coverage, ink boxes, and a pixel difference that forgives a glyph
// put one pixel apart by rounding. The shaping and PDF tests compare our
// glyphs with HarfBuzz's hb-view through it.
package inkcmp

import "image"

// Ink turns dark-on-white pixels into ink coverage, 0–255.
func Ink(img image.Image) *image.Gray {
	b := img.Bounds()
	out := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	if g, ok := img.(*image.Gray); ok {
		for y := 0; y < b.Dy(); y++ {
			src := g.Pix[g.PixOffset(b.Min.X, b.Min.Y+y):][:b.Dx()]
			dst := out.Pix[y*out.Stride:][:b.Dx()]
			for x, v := range src {
				dst[x] = 255 - v
			}
		}
		return out
	}
	if g, ok := img.(*image.RGBA); ok { // hb-view's, opaque
		for y := 0; y < b.Dy(); y++ {
			src := g.Pix[g.PixOffset(b.Min.X, b.Min.Y+y):][:4*b.Dx()]
			dst := out.Pix[y*out.Stride:][:b.Dx()]
			for x := range dst {
				dst[x] = uint8(255 - (int(src[4*x])+int(src[4*x+1])+int(src[4*x+2]))/3)
			}
		}
		return out
	}
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			r, g, bl, _ := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
			out.Pix[y*out.Stride+x] = uint8(255 - (r+g+bl)/3>>8)
		}
	}
	return out
}

// Box returns the bounds of the pixels with at least a quarter ink.
func Box(g *image.Gray) image.Rectangle {
	var r image.Rectangle
	for y := g.Rect.Min.Y; y < g.Rect.Max.Y; y++ {
		for x := g.Rect.Min.X; x < g.Rect.Max.X; x++ {
			if g.GrayAt(x, y).Y >= 64 {
				r = r.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return r
}

// Compare aligns two ink images by the top-left corners of their ink
// boxes and measures them over the union of the boxes. plain is the mean
// absolute grey difference, at the best of the alignments a pixel either
// way. tolerant compares each pixel with the closest value among the other
// image's pixel and its eight neighbours, both ways, so a glyph put a pixel
// apart by rounding costs little while a glyph missing, wrong or misplaced
// by more costs its ink.
func Compare(a, b *image.Gray) (plain, tolerant float64, ab, bb image.Rectangle) {
	ab, bb = Box(a), Box(b)
	w, h := max(ab.Dx(), bb.Dx())+4, max(ab.Dy(), bb.Dy())+4
	// Each image's w×h window from 2 px above and left of its ink box, in a
	// frame of one more pixel all round.
	ga := window(a, ab.Min.Sub(image.Pt(3, 3)), w+2, h+2)
	gb := window(b, bb.Min.Sub(image.Pt(3, 3)), w+2, h+2)
	W := w + 2
	plain = -1
	for dy := -1; dy <= 1; dy++ {
		for dx := -1; dx <= 1; dx++ {
			sum := 0
			for y := 1; y <= h; y++ {
				for x := 1; x <= w; x++ {
					sum += abs(ga[y*W+x] - gb[(y+dy)*W+x+dx])
				}
			}
			if m := float64(sum) / float64(w*h); plain < 0 || m < plain {
				plain = m
			}
		}
	}
	near := func(g []int, i, v int) int {
		best := 255
		for _, j := range [9]int{i - W - 1, i - W, i - W + 1, i - 1, i, i + 1, i + W - 1, i + W, i + W + 1} {
			best = min(best, abs(v-g[j]))
		}
		return best
	}
	sum := 0
	for y := 1; y <= h; y++ {
		for x := 1; x <= w; x++ {
			i := y*W + x
			sum += max(near(gb, i, ga[i]), near(ga, i, gb[i]))
		}
	}
	return plain, float64(sum) / float64(w*h), ab, bb
}

// window copies the w×h pixels of g from p on, outside g counting as no ink.
func window(g *image.Gray, p image.Point, w, h int) []int {
	out := make([]int, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if q := p.Add(image.Pt(x, y)); q.In(g.Rect) {
				out[y*w+x] = int(g.Pix[g.PixOffset(q.X, q.Y)])
			}
		}
	}
	return out
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// SizesAgree tells whether two ink boxes are the same size to within px
// pixels each way.
func SizesAgree(a, b image.Rectangle, px int) bool {
	return abs(a.Dx()-b.Dx()) <= px && abs(a.Dy()-b.Dy()) <= px
}

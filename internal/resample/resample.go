// Package resample scales pictures for the page: a press photo to its box
// at the print resolution, and to the pixels it covers on a page image.
// It reduces by area averaging (each output pixel the mean of the source
// area it covers, partly covered pixels by the part covered: what a
// DCT-scaled decode and poppler's image scaling do), and enlarges by linear
// interpolation. It works on planes of 8-bit samples, so a YCbCr picture
// is scaled as it was decoded, chroma at its own size, with no conversion
// to RGB and back, and grey pictures stay one plane.
//
// Weights are fixed point and sums are integers, so the same picture and
// window always give the same bytes.
package resample

import (
	"image"
	"image/color"
	"math"
)

// Window is a part of a picture in its own pixels, which may be fractions
// (a crop made at one scale and applied at another).
type Window struct{ X, Y, W, H float64 }

// WindowOf is the whole of r.
func WindowOf(r image.Rectangle) Window {
	return Window{float64(r.Min.X), float64(r.Min.Y), float64(r.Dx()), float64(r.Dy())}
}

// Resize scales the window win of src to w×h pixels: a *image.Gray stays
// grey; any other picture comes back as *image.YCbCr with 4:2:0 chroma,
// opaque (a picture with alpha is seen over white). A YCbCr source's
// planes are scaled as they are.
func Resize(src image.Image, win Window, w, h int) image.Image {
	w, h = max(w, 1), max(h, 1)
	r := image.Rect(0, 0, w, h)
	b := src.Bounds()
	switch m := src.(type) {
	case *image.Gray:
		out := image.NewGray(r)
		Plane(out.Pix, out.Stride, w, h, m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, b.Dx(), b.Dy(), inPlane(win, b))
		return out
	case *image.YCbCr:
		out := image.NewYCbCr(r, image.YCbCrSubsampleRatio420)
		Plane(out.Y, out.YStride, w, h, m.Y[m.YOffset(b.Min.X, b.Min.Y):], m.YStride, b.Dx(), b.Dy(), inPlane(win, b))
		fx, fy := chromaFactors(m.SubsampleRatio)
		// the chroma planes cover the picture from the chroma sample
		// holding its first pixel
		c0 := image.Pt(b.Min.X/fx, b.Min.Y/fy)
		cw, ch := (b.Max.X+fx-1)/fx-c0.X, (b.Max.Y+fy-1)/fy-c0.Y
		cwin := Window{(win.X - float64(c0.X*fx)) / float64(fx), (win.Y - float64(c0.Y*fy)) / float64(fy), win.W / float64(fx), win.H / float64(fy)}
		ow, oh := (w+1)/2, (h+1)/2
		// the output's chroma sample stands for two pixels, the last one
		// of an odd width for one: its window is scaled alike
		cwin.W *= float64(2*ow) / float64(w)
		cwin.H *= float64(2*oh) / float64(h)
		off := m.COffset(b.Min.X, b.Min.Y)
		Plane(out.Cb, out.CStride, ow, oh, m.Cb[off:], m.CStride, cw, ch, cwin)
		Plane(out.Cr, out.CStride, ow, oh, m.Cr[off:], m.CStride, cw, ch, cwin)
		return out
	}
	return Resize(ToYCbCr(src), win, w, h)
}

// inPlane moves a window in picture coordinates to the plane's, whose
// first sample is the picture's bounds' corner.
func inPlane(win Window, b image.Rectangle) Window {
	return Window{win.X - float64(b.Min.X), win.Y - float64(b.Min.Y), win.W, win.H}
}

// chromaFactors is how many pixels across and down share a chroma sample.
func chromaFactors(r image.YCbCrSubsampleRatio) (int, int) {
	switch r {
	case image.YCbCrSubsampleRatio422:
		return 2, 1
	case image.YCbCrSubsampleRatio420:
		return 2, 2
	case image.YCbCrSubsampleRatio440:
		return 1, 2
	case image.YCbCrSubsampleRatio411:
		return 4, 1
	case image.YCbCrSubsampleRatio410:
		return 4, 2
	}
	return 1, 1
}

// ToYCbCr converts a picture to full-resolution YCbCr at the origin, seen
// over white: the form Resize scales anything that is not already grey
// or YCbCr in (RGBA, CMYK, PNG palettes).
func ToYCbCr(src image.Image) *image.YCbCr {
	b := src.Bounds()
	out := image.NewYCbCr(image.Rect(0, 0, b.Dx(), b.Dy()), image.YCbCrSubsampleRatio444)
	for y := range b.Dy() {
		for x := range b.Dx() {
			r, g, bl, a := src.At(b.Min.X+x, b.Min.Y+y).RGBA()
			wh := 0xffff - a // premultiplied: over white adds the rest
			yy, cb, cr := color.RGBToYCbCr(uint8((r+wh)>>8), uint8((g+wh)>>8), uint8((bl+wh)>>8))
			i := y*out.YStride + x
			out.Y[i], out.Cb[i], out.Cr[i] = yy, cb, cr
		}
	}
	return out
}

// weightBits is the fixed point of the weights: a tap's weights sum to
// 1<<weightBits.
const weightBits = 14

// WeightBits is the fixed point of a Tap's weights, which sum to
// 1<<WeightBits.
const WeightBits = weightBits

// Tap is one output sample's share of the source: weights of the samples
// from First on.
type Tap struct {
	First int
	W     []uint32
}

// taps returns the taps making m outputs from the window [x, x+span) of n
// source samples: the area each output covers when reducing, the two
// nearest samples' linear weights when enlarging. Samples outside the
// source are its edge's.
func taps(n int, x, span float64, m int) []Tap {
	out := make([]Tap, m)
	s := span / float64(m) // source samples per output
	pool := make([]uint32, 0, m*(int(math.Ceil(s))+2))
	var fw []float64
	for i := range out {
		fw = fw[:0]
		var first int
		if s >= 1 {
			lo, hi := x+float64(i)*s, x+float64(i+1)*s
			first = int(math.Floor(lo))
			for j := first; float64(j) < hi; j++ {
				fw = append(fw, (math.Min(hi, float64(j+1))-math.Max(lo, float64(j)))/s)
			}
		} else {
			c := x + (float64(i)+0.5)*s - 0.5
			first = int(math.Floor(c))
			f := c - float64(first)
			fw = append(fw, 1-f, f)
		}
		// clamp to the source, giving the weight of samples outside it
		// to its edge
		for first < 0 && len(fw) > 1 {
			fw[1] += fw[0]
			fw = fw[1:]
			first++
		}
		for first+len(fw) > n && len(fw) > 1 {
			fw[len(fw)-2] += fw[len(fw)-1]
			fw = fw[:len(fw)-1]
		}
		first = min(max(first, 0), n-1)
		w := pool[len(pool):len(pool):cap(pool)]
		var sum uint32
		big := 0
		for k, v := range fw {
			q := uint32(math.Round(v * (1 << weightBits)))
			w = append(w, q)
			sum += q
			if q > w[big] {
				big = k
			}
		}
		// rounding leaves a little over or under: the largest weight
		// takes it, so a flat area keeps its exact level
		w[big] += 1<<weightBits - sum
		pool = w[len(w):len(w):cap(w)]
		out[i] = Tap{first, w}
	}
	return out
}

// Plane scales the window win of a plane of sw×sh samples (src, with its
// stride) to dw×dh samples into dst (see Reduce).
func Plane(dst []uint8, dstride, dw, dh int, src []uint8, sstride, sw, sh int, win Window) {
	if dw <= 0 || dh <= 0 || sw <= 0 || sh <= 0 {
		return
	}
	Reduce(dst, dstride, src, sstride, taps(sh, win.Y, win.H, dh), taps(sw, win.X, win.W, dw))
}

// Reduce makes a plane of len(across)×len(down) samples into dst from
// the plane src (each with its stride), each output sample the sum of the
// source samples its taps down and across weigh: down the columns first,
// a row at a time, over contiguous bytes, then across the few sums left.
// The taps must lie within the source.
func Reduce(dst []uint8, dstride int, src []uint8, sstride int, down, across []Tap) {
	dw := len(across)
	if dw == 0 || len(down) == 0 {
		return
	}
	// only the source columns the taps reach are summed
	c0, c1 := across[0].First, across[dw-1].First+len(across[dw-1].W)
	for _, t := range across {
		c0, c1 = min(c0, t.First), max(c1, t.First+len(t.W))
	}
	n := c1 - c0
	h := newAcross(across, c0)
	var acc rows                 // one output row reduced down
	mid := make([]uint32, n+h.k) // the same in 1/256 levels, and zeros past the end
	for y, t := range down {
		acc.Reset(n)
		for k, w := range t.W {
			acc.Add(src[(t.First+k)*sstride+c0:], w)
		}
		acc.Levels(mid[:n])
		h.apply(dst[y*dstride:][:dw], mid)
	}
}

// across is the second pass of a reduction: taps of k weights each (a
// shorter tap padded with zero weights), their first samples counted from
// the first column summed.
type across struct {
	k     int
	first []int
	w     []uint32
}

func newAcross(taps []Tap, c0 int) across {
	k := 0
	for _, t := range taps {
		k = max(k, len(t.W))
	}
	h := across{k: k, first: make([]int, len(taps)), w: make([]uint32, k*len(taps))}
	for x, t := range taps {
		h.first[x] = t.First - c0
		copy(h.w[x*k:], t.W)
	}
	return h
}

// apply weighs mid (1/256 levels, with k zeros past the samples) into
// out, one output sample per tap. Two and three weights a tap, the most
// common, have loops of their own.
func (h across) apply(out []uint8, mid []uint32) {
	const round = 1 << (weightBits + 7)
	out = out[:len(h.first)]
	switch h.k {
	case 2:
		for x, p := range h.first {
			m, w := mid[p:p+2:p+2], h.w[2*x:2*x+2:2*x+2]
			out[x] = uint8(min((m[0]*w[0]+m[1]*w[1]+round)>>(weightBits+8), 255))
		}
	case 3:
		for x, p := range h.first {
			m, w := mid[p:p+3:p+3], h.w[3*x:3*x+3:3*x+3]
			out[x] = uint8(min((m[0]*w[0]+m[1]*w[1]+m[2]*w[2]+round)>>(weightBits+8), 255))
		}
	default:
		k := h.k
		for x, p := range h.first {
			m, w := mid[p:p+k:p+k], h.w[k*x:k*x+k:k*x+k]
			var a uint32
			for j, v := range w {
				a += m[j] * v
			}
			out[x] = uint8(min((a+round)>>(weightBits+8), 255))
		}
	}
}

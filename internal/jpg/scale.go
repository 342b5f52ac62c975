package jpg

import "math"

// idctReduced transforms a block of dequantized coefficients (natural
// order) into 8>>shift × 8>>shift samples (shift 1 or 2), each the mean of
// the pixels it covers, level-shifted by −128, in the top-left corner of
// b (row stride 8). At half size the whole transform and a mean of 2×2 is
// the faster way; at a quarter, the transform of quarterWeights, which
// passes over the rows of coefficients that are all zero (most of a
// photo's), takes half the time of either.
func idctReduced(b *block, shift uint) {
	if shift == 1 {
		idct(b)
		for y := range 4 {
			for x := range 4 {
				i := 16*y + 2*x
				b[8*y+x] = (b[i] + b[i+1] + b[i+8] + b[i+9] + 2) >> 2
			}
		}
		return
	}
	w := &quarterWeights
	var t [8][2]int32 // by row of coefficients, each output across, in 1/16ths
	var live uint8
	for v := range 8 {
		row := b[v*8 : v*8+8 : v*8+8]
		if row[0]|row[1]|row[2]|row[3]|row[4]|row[5]|row[6]|row[7] == 0 {
			continue
		}
		live |= 1 << v
		for g := range 2 {
			wg := &w[g]
			s := wg[0]*row[0] + wg[1]*row[1] + wg[2]*row[2] + wg[3]*row[3] +
				wg[4]*row[4] + wg[5]*row[5] + wg[6]*row[6] + wg[7]*row[7]
			t[v][g] = (s + 1<<7) >> 8
		}
	}
	for gy := range 2 {
		wy := &w[gy]
		for gx := range 2 {
			var s int32
			for v := range 8 {
				if live&(1<<v) != 0 {
					s += wy[v] * t[v][gx]
				}
			}
			b[gy*8+gx] = (s + 1<<15) >> 16
		}
	}
}

// quarterWeights[g][u] is what coefficient u of a row (or column) of a
// block adds to output sample g of that row when the block is decoded 2
// samples across, in 1/4096ths: the basis function of the 8-point inverse
// DCT, C(u)/2·cos((2x+1)uπ/16), averaged over the 4 samples x that output
// g stands for. Two passes of it (rows, then columns) give each output the
// mean of the 4×4 pixels it covers.
var quarterWeights = func() (w [2][8]int32) {
	for g := range 2 {
		for u := range 8 {
			cu := 1.0
			if u == 0 {
				cu = 1 / math.Sqrt2
			}
			var sum float64
			for x := g * 4; x < (g+1)*4; x++ {
				sum += math.Cos(float64(2*x+1) * float64(u) * math.Pi / 16)
			}
			w[g][u] = int32(math.Round(cu / 2 * sum / 4 * 4096))
		}
	}
	return w
}()

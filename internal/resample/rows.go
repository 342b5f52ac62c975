package resample

import "encoding/binary"

// rows sums rows of 8-bit samples, each times a weight, into one row: the
// first pass of an area reduction, down the columns, which is where most
// of its time goes. The sums are kept two to a 64-bit word, so that one
// multiply weighs two samples: a word holds the sums of columns c and c+4
// of a group of eight, which cannot carry into each other as long as the
// weights of a row of output sum to at most 1<<WeightBits (a sum is then
// under 1<<22).
type rows struct {
	acc []uint64
	n   int
}

const lanes = 0x000000ff000000ff

// Reset starts a row of n sums, all zero.
func (r *rows) Reset(n int) {
	words := (n + 7) / 8 * 4
	if cap(r.acc) < words {
		r.acc = make([]uint64, words)
	}
	r.acc = r.acc[:words]
	clear(r.acc)
	r.n = n
}

// Add adds row[:n], each sample times w, to the sums.
func (r *rows) Add(row []uint8, w uint32) {
	row = row[:r.n]
	acc := r.acc
	ww := uint64(w)
	i := 0
	for ; i+8 <= len(row); i += 8 {
		x := binary.LittleEndian.Uint64(row[i : i+8 : i+8])
		a := acc[i/2 : i/2+4 : i/2+4]
		a[0] += x & lanes * ww
		a[1] += x >> 8 & lanes * ww
		a[2] += x >> 16 & lanes * ww
		a[3] += x >> 24 & lanes * ww
	}
	if i < len(row) {
		var b [8]uint8
		copy(b[:], row[i:])
		x := binary.LittleEndian.Uint64(b[:])
		a := acc[i/2 : i/2+4 : i/2+4]
		a[0] += x & lanes * ww
		a[1] += x >> 8 & lanes * ww
		a[2] += x >> 16 & lanes * ww
		a[3] += x >> 24 & lanes * ww
	}
}

// Levels writes the sums, rounded to 1/256 of a level, into mid[:n].
func (r *rows) Levels(mid []uint32) {
	mid = mid[:r.n]
	const half = 1 << (weightBits - 9)
	g := 0
	for ; g+8 <= len(mid); g += 8 {
		a := r.acc[g/2 : g/2+4 : g/2+4]
		m := mid[g : g+8 : g+8]
		for j, v := range a {
			m[j] = (uint32(v) + half) >> (weightBits - 8)
			m[j+4] = (uint32(v>>32) + half) >> (weightBits - 8)
		}
	}
	for c := g; c < len(mid); c++ {
		v := r.acc[c/8*4+c%4]
		if c%8 >= 4 {
			v >>= 32
		}
		mid[c] = (uint32(v) + half) >> (weightBits - 8)
	}
}

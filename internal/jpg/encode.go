package jpg

import (
	"encoding/binary"
	"errors"
	"image"
	"io"
	"math/bits"
)

// This file is a baseline JPEG encoder for the pictures the pipeline
// makes: *image.Gray (one component), and *image.YCbCr and opaque
// *image.RGBA (YCbCr with 4:2:0 chroma). It writes what image/jpeg writes
// — the same markers, quality scaling, and quantisation and Huffman tables
// of the standard's Annex K; coefficients that differ from its only in the
// DCT's last-bit rounding — at about twice the speed, which matters
// because encoding, not drawing, decides how fast page images are made.
// The speed comes from:
//   - blocks of one flat colour (paper, gutters, the chroma of type) are
//     coded without a DCT;
//   - the non-zero coefficients are found as a bit mask, by comparing
//     each with half its quantisation step, without a branch on each
//     coefficient or its sign; only those are quantised, by multiplying
//     with a reciprocal instead of dividing;
//   - a flat block is found eight samples at a time, and a block that is
//     not is transformed straight from the picture's rows;
//   - Huffman codes and their extra bits go out in one write into a 64-bit
//     accumulator that is flushed 32 bits at a time into a byte slice;
//   - an Encoder keeps its tables and its buffer from one picture to the
//     next, and hands its output on every few rows rather than holding
//     the whole file.

// zigzag[k] is the natural-order index of the k-th coefficient in zigzag
// order.
var zigzag = [64]uint8{
	0, 1, 8, 16, 9, 2, 3, 10,
	17, 24, 32, 25, 18, 11, 4, 5,
	12, 19, 26, 33, 40, 48, 41, 34,
	27, 20, 13, 6, 7, 14, 21, 28,
	35, 42, 49, 56, 57, 50, 43, 36,
	29, 22, 15, 23, 30, 37, 44, 51,
	58, 59, 52, 45, 38, 31, 39, 46,
	53, 60, 61, 54, 47, 55, 62, 63,
}

// baseQuant holds the Annex K.1 quantisation tables (luminance,
// chrominance) in zigzag order, scaled by quality before use.
var baseQuant = [2][64]uint8{
	{
		16, 11, 12, 14, 12, 10, 16, 14,
		13, 14, 18, 17, 16, 19, 24, 40,
		26, 24, 22, 22, 24, 49, 35, 37,
		29, 40, 58, 51, 61, 60, 57, 51,
		56, 55, 64, 72, 92, 78, 64, 68,
		87, 69, 55, 56, 80, 109, 81, 87,
		95, 98, 103, 104, 103, 62, 77, 113,
		121, 112, 100, 120, 92, 101, 103, 99,
	},
	{
		17, 18, 18, 24, 21, 24, 47, 26,
		26, 47, 99, 66, 56, 66, 99, 99,
		99, 99, 99, 99, 99, 99, 99, 99,
		99, 99, 99, 99, 99, 99, 99, 99,
		99, 99, 99, 99, 99, 99, 99, 99,
		99, 99, 99, 99, 99, 99, 99, 99,
		99, 99, 99, 99, 99, 99, 99, 99,
		99, 99, 99, 99, 99, 99, 99, 99,
	},
}

// huffSpec is a Huffman table as a JPEG stores it: how many codes of each
// length 1–16, then the symbols in code order.
type huffSpec struct {
	count [16]uint8
	value []uint8
}

// huffSpecs are the Annex K.3 tables: luminance DC and AC, chrominance DC
// and AC.
var huffSpecs = [4]huffSpec{
	{
		[16]uint8{0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0},
		[]uint8{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11},
	},
	{
		[16]uint8{0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 125},
		[]uint8{
			0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12,
			0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07,
			0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08,
			0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0,
			0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16,
			0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28,
			0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39,
			0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49,
			0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59,
			0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
			0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79,
			0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
			0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98,
			0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
			0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6,
			0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5,
			0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4,
			0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2,
			0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea,
			0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
			0xf9, 0xfa,
		},
	},
	{
		[16]uint8{0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0},
		[]uint8{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11},
	},
	{
		[16]uint8{0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 119},
		[]uint8{
			0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21,
			0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71,
			0x13, 0x22, 0x32, 0x81, 0x08, 0x14, 0x42, 0x91,
			0xa1, 0xb1, 0xc1, 0x09, 0x23, 0x33, 0x52, 0xf0,
			0x15, 0x62, 0x72, 0xd1, 0x0a, 0x16, 0x24, 0x34,
			0xe1, 0x25, 0xf1, 0x17, 0x18, 0x19, 0x1a, 0x26,
			0x27, 0x28, 0x29, 0x2a, 0x35, 0x36, 0x37, 0x38,
			0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48,
			0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58,
			0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68,
			0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78,
			0x79, 0x7a, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
			0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96,
			0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5,
			0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4,
			0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3,
			0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2,
			0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda,
			0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9,
			0xea, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
			0xf9, 0xfa,
		},
	},
}

// huffCode packs a code's length (high byte) and bits (low 24 bits).
type huffCode uint32

// huffTables are huffSpecs compiled to codes by symbol.
var huffTables = func() (t [4][256]huffCode) {
	for i, s := range huffSpecs {
		code, k := uint32(0), 0
		for n, c := range s.count {
			for range c {
				t[i][s.value[k]] = huffCode(uint32(n+1)<<24 | code)
				code++
				k++
			}
			code <<= 1
		}
	}
	return t
}()

// smallAC is the range of AC coefficients, −smallAC < v < smallAC, whose
// code and extra bits come out of acWords in one look.
const smallAC = 32

// acWords[t][run·2·smallAC + v + smallAC] is, for AC table t (0 luminance,
// 1 chrominance), the Huffman code of a coefficient v after run zeros
// followed by its extra bits, as one word: the length in the high byte,
// the bits in the low 24. Most coefficients of a page are small, and this
// spares them working out their size category.
var acWords = func() (w [2][16 * 2 * smallAC]uint32) {
	for t := range 2 {
		ac := &huffTables[2*t+1]
		for run := range 16 {
			for v := -smallAC + 1; v < smallAC; v++ {
				if v == 0 {
					continue
				}
				n, extra := magnitude(int32(v))
				c := ac[run<<4|int(n)]
				w[t][run*2*smallAC+v+smallAC] = (uint32(c>>24)+uint32(n))<<24 | uint32(c)&0xffffff<<n | extra
			}
		}
	}
	return w
}()

// Encoder writes baseline JPEGs of one quality. It keeps its tables and
// its buffer from one picture to the next, so a worker that encodes page
// after page allocates nothing after the first; it belongs to one
// goroutine at a time.
type Encoder struct {
	quant [2][64]uint8  // scaled tables in zigzag order, as written
	recip [2][64]uint32 // 2^32 / (8·q), rounded up, in zigzag order
	half  [2][64]uint32 // (8·q) / 2, in zigzag order
	flat  [2][256]int32 // quantised DC of a flat block of each level, per table
	out   []byte
	acc   uint64 // pending bits, the newest lowest
	nacc  uint   // number of pending bits
	w     io.Writer
	err   error // the first error of w
}

// flushAt is how many bytes of output an Encoder gathers before it hands
// them to its writer.
const flushAt = 64 << 10

// NewEncoder returns an Encoder of quality 1–100 (image/jpeg's scale).
func NewEncoder(quality int) *Encoder {
	e := &Encoder{}
	e.setQuality(quality)
	return e
}

// Encode writes img as a baseline JPEG to w: a *image.Gray as one
// component, a *image.YCbCr or an opaque *image.RGBA as YCbCr with 4:2:0
// chroma (an RGBA's alpha is not looked at).
func (e *Encoder) Encode(w io.Writer, img image.Image) error {
	b := img.Bounds()
	if b.Empty() || b.Dx() >= 1<<16 || b.Dy() >= 1<<16 {
		return errors.New("jpeg: image size out of range")
	}
	switch img.(type) {
	case *image.Gray, *image.YCbCr, *image.RGBA:
	default:
		return errors.New("jpeg: unsupported image type")
	}
	e.w, e.err, e.out, e.acc, e.nacc = w, nil, e.out[:0], 0, 0
	switch m := img.(type) {
	case *image.Gray:
		e.header(b, 1)
		e.gray(m)
	case *image.YCbCr:
		e.header(b, 3)
		e.ycbcr(m)
	case *image.RGBA:
		e.header(b, 3)
		e.rgba(m)
	}
	e.finish()
	e.flush()
	e.w = nil
	return e.err
}

// Encode encodes img as Encoder.Encode does, into a new slice.
func Encode(img image.Image, quality int) ([]byte, error) {
	var buf sliceWriter
	if err := NewEncoder(quality).Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf, nil
}

type sliceWriter []byte

func (s *sliceWriter) Write(p []byte) (int, error) {
	*s = append(*s, p...)
	return len(p), nil
}

// flush hands the whole bytes written so far to the writer.
func (e *Encoder) flush() {
	if len(e.out) == 0 {
		return
	}
	if e.err == nil {
		_, e.err = e.w.Write(e.out)
	}
	e.out = e.out[:0]
}

func (e *Encoder) setQuality(quality int) {
	quality = min(max(quality, 1), 100)
	scale := 200 - 2*quality
	if quality < 50 {
		scale = 5000 / quality
	}
	for t := range 2 {
		for k := range 64 {
			q := min(max((int(baseQuant[t][k])*scale+50)/100, 1), 255)
			e.quant[t][k] = uint8(q)
			d := uint64(8 * q)
			e.recip[t][k] = uint32((1<<32 + d - 1) / d)
			e.half[t][k] = uint32(d / 2)
		}
		for v := range 256 {
			// A flat block's DCT is its DC term alone: 64·(v−128) here.
			e.flat[t][v] = e.quantise(64*(int32(v)-128), t, 0)
		}
	}
}

// quantise divides a coefficient by the k-th (zigzag) step of table t,
// rounding half away from zero. With n < 2^16 and steps under 2^11 the
// multiply by the rounded-up reciprocal gives the exact quotient.
func (e *Encoder) quantise(v int32, t, k int) int32 {
	if v < 0 {
		n := uint64(uint32(-v) + e.half[t][k])
		return -int32(n * uint64(e.recip[t][k]) >> 32)
	}
	n := uint64(uint32(v) + e.half[t][k])
	return int32(n * uint64(e.recip[t][k]) >> 32)
}

func (e *Encoder) marker(m byte, length int) {
	e.out = append(e.out, 0xff, m, byte(length>>8), byte(length))
}

// header writes SOI, DQT, SOF0, DHT and SOS.
func (e *Encoder) header(b image.Rectangle, ncomp int) {
	e.out = append(e.out, 0xff, 0xd8)
	e.marker(0xdb, 2+2*65)
	for t := range 2 {
		e.out = append(e.out, byte(t))
		e.out = append(e.out, e.quant[t][:]...)
	}
	e.marker(0xc0, 8+3*ncomp)
	e.out = append(e.out, 8, byte(b.Dy()>>8), byte(b.Dy()), byte(b.Dx()>>8), byte(b.Dx()), byte(ncomp))
	if ncomp == 1 {
		e.out = append(e.out, 1, 0x11, 0)
	} else {
		e.out = append(e.out, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1)
	}
	specs := huffSpecs[:2]
	if ncomp == 3 {
		specs = huffSpecs[:]
	}
	n := 2
	for _, s := range specs {
		n += 17 + len(s.value)
	}
	e.marker(0xc4, n)
	for i, s := range specs {
		e.out = append(e.out, "\x00\x10\x01\x11"[i])
		e.out = append(e.out, s.count[:]...)
		e.out = append(e.out, s.value...)
	}
	if ncomp == 1 {
		e.out = append(e.out, 0xff, 0xda, 0, 8, 1, 1, 0x00, 0, 63, 0)
	} else {
		e.out = append(e.out, 0xff, 0xda, 0, 12, 3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0)
	}
}

// put appends the low n bits of v (n ≤ 32) to the bit stream.
func (e *Encoder) put(v uint32, n uint) {
	e.acc = e.acc<<n | uint64(v)
	e.nacc += n
	if e.nacc >= 32 {
		e.nacc -= 32
		e.word(uint32(e.acc >> e.nacc))
	}
}

// word writes 32 bits, stuffing a zero byte after each 0xff.
func (e *Encoder) word(w uint32) {
	// A byte of w is 0xff exactly when that byte of ^w is zero.
	if x := ^w; (x-0x01010101)&^x&0x80808080 == 0 {
		e.out = binary.BigEndian.AppendUint32(e.out, w)
		return
	}
	for s := 24; s >= 0; s -= 8 {
		c := byte(w >> s)
		e.out = append(e.out, c)
		if c == 0xff {
			e.out = append(e.out, 0)
		}
	}
}

// finish pads the last byte with one bits, flushes and writes EOI.
func (e *Encoder) finish() {
	if pad := (8 - e.nacc%8) % 8; pad > 0 {
		e.acc = e.acc<<pad | (1<<pad - 1)
		e.nacc += pad
	}
	for e.nacc >= 8 {
		e.nacc -= 8
		c := byte(e.acc >> e.nacc)
		e.out = append(e.out, c)
		if c == 0xff {
			e.out = append(e.out, 0)
		}
	}
	e.out = append(e.out, 0xff, 0xd9)
}

// magnitude returns a coefficient's size category and its extra bits: the
// value itself if positive, else its ones' complement in that many bits. It
// has no branch on the sign, which is as good as random.
func magnitude(v int32) (uint, uint32) {
	sign := v >> 31
	a := uint32((v ^ sign) - sign)
	n := uint(bits.Len32(a))
	return n, a ^ uint32(sign)&(1<<n-1)
}

// dc writes a DC difference with table t's codes.
func (e *Encoder) dc(t int, diff int32) {
	n, extra := magnitude(diff)
	c := huffTables[2*t][n]
	e.put(uint32(c)&0xffffff<<n|extra, uint(c>>24)+n)
}

// eob ends a block whose remaining coefficients are zero.
func (e *Encoder) eob(t int) {
	c := huffTables[2*t+1][0x00]
	e.put(uint32(c)&0xffffff, uint(c>>24))
}

// flatBlock codes a block of one level v: its DC and an end of block.
func (e *Encoder) flatBlock(t int, v uint8, prev int32) int32 {
	dc := e.flat[t][v]
	e.dc(t, dc-prev)
	e.eob(t)
	return dc
}

// code transforms, quantises and writes a block with table t, returning
// its quantised DC for the next block's prediction. Quantisation is done
// for all coefficients first, without branches, noting the non-zero ones
// in a bit mask; the Huffman coder then visits only those.
func (e *Encoder) code(b *block, t int, prev int32) int32 {
	fdct(b)
	return e.codeDCT(b, t, prev)
}

// codeDCT is code of a block already transformed.
func (e *Encoder) codeDCT(b *block, t int, prev int32) int32 {
	dc := e.quantise(b[0], t, 0)
	e.dc(t, dc-prev)
	recip, half := &e.recip[t], &e.half[t]
	// A coefficient quantises to non-zero exactly when its magnitude is
	// at least half its step: that is all this pass works out, and the
	// division is left to the few that are.
	var q [64]int32
	var nonzero uint64
	for k := 1; k < 64; k++ {
		v := b[zigzag[k]]
		q[k] = v
		sign := v >> 31
		a := (v ^ sign) - sign
		nonzero |= uint64(uint32(int32(half[k])-1-a)>>31) << k
	}
	// The bit writer, inlined by hand: this loop is the encoder's hottest.
	ac := &huffTables[2*t+1]
	words := &acWords[t]
	acc, nacc := e.acc, e.nacc
	last := 0
	for nonzero != 0 {
		k := bits.TrailingZeros64(nonzero)
		nonzero &= nonzero - 1
		run := uint32(k - last - 1)
		last = k
		for run > 15 {
			c := ac[0xf0]
			acc = acc<<(c>>24) | uint64(c&0xffffff)
			nacc += uint(c >> 24)
			if nacc >= 32 {
				nacc -= 32
				e.word(uint32(acc >> nacc))
			}
			run -= 16
		}
		v := q[k&63]
		sign := v >> 31
		m := int32((uint64(uint32((v^sign)-sign)+half[k&63]) * uint64(recip[k&63])) >> 32)
		v = (m ^ sign) - sign
		if uint32(v+smallAC-1) < 2*smallAC-1 {
			c := words[run*2*smallAC+uint32(v+smallAC)&(2*smallAC-1)]
			acc = acc<<(c>>24) | uint64(c&0xffffff)
			nacc += uint(c >> 24)
		} else {
			n, extra := magnitude(v)
			c := ac[run<<4|uint32(n)]
			acc = acc<<(uint(c>>24)+n) | uint64(uint32(c)&0xffffff<<n|extra)
			nacc += uint(c>>24) + n
		}
		if nacc >= 32 {
			nacc -= 32
			e.word(uint32(acc >> nacc))
		}
	}
	e.acc, e.nacc = acc, nacc
	if last != 63 {
		e.eob(t)
	}
	return dc
}

// gray codes a one-component image block by block.
func (e *Encoder) gray(m *image.Gray) {
	b := m.Bounds()
	w, h := b.Dx(), b.Dy()
	var blk block
	var prev int32
	var rows [8][]uint8
	for y := 0; y < h; y += 8 {
		if len(e.out) >= flushAt {
			e.flush()
		}
		for j := range rows {
			rows[j] = m.Pix[m.PixOffset(b.Min.X, b.Min.Y+min(y+j, h-1)):][:w]
		}
		for x := 0; x < w; x += 8 {
			prev = e.codeRows(&blk, rows[:], x, 0, prev)
		}
	}
}

// codeRows codes the 8×8 block of samples at x of eight rows of width
// len(rows[0]) with table t, repeating the last column past the edge, and
// returns its quantised DC. The samples are checked for one flat level as
// they are gathered: a flat block takes the short way.
func (e *Encoder) codeRows(blk *block, rows [][]uint8, x, t int, prev int32) int32 {
	rows = rows[:8]
	w := len(rows[0])
	first := rows[0][min(x, w-1)]
	diff := uint8(0)
	if x+8 <= w {
		// eight samples at a time: most blocks of a page are flat
		flat := uint64(first) * 0x0101010101010101
		for _, row := range rows {
			if binary.LittleEndian.Uint64(row[x:x+8:x+8]) != flat {
				diff = 1
				break
			}
		}
		if diff == 0 {
			return e.flatBlock(t, first, prev)
		}
		fdctRows(blk, rows, x)
		return e.codeDCT(blk, t, prev)
	}
	for j, row := range rows {
		row = row[:w]
		for i := range 8 {
			v := row[min(x+i, w-1)]
			blk[8*j+i] = int32(v)
			diff |= v ^ first
		}
	}
	if diff == 0 {
		return e.flatBlock(t, first, prev)
	}
	return e.code(blk, t, prev)
}

// rgba codes an opaque RGBA image as YCbCr, 16×16 pixels at a time: four
// luminance blocks and one block of each chroma component, averaged over
// 2×2 pixels.
func (e *Encoder) rgba(m *image.RGBA) {
	b := m.Bounds()
	w, h := b.Dx(), b.Dy()
	var ys [4]block
	var cb, cr [256]int32 // full-resolution chroma of the 16×16 area
	var blk block
	var prevY, prevCb, prevCr int32
	var rows [16][]uint8
	for y := 0; y < h; y += 16 {
		if len(e.out) >= flushAt {
			e.flush()
		}
		for j := range rows {
			rows[j] = m.Pix[m.PixOffset(b.Min.X, b.Min.Y+min(y+j, h-1)):][:4*w]
		}
		for x := 0; x < w; x += 16 {
			for j, row := range rows {
				yrow := ys[(j>>3)<<1][(j&7)<<3:]
				yrow2 := ys[(j>>3)<<1|1][(j&7)<<3:]
				for i := range 16 {
					px := min(x+i, w-1)
					p := row[4*px : 4*px+3 : 4*px+3]
					yy, u, v := ycbcr(p[0], p[1], p[2])
					if i < 8 {
						yrow[i] = yy
					} else {
						yrow2[i-8] = yy
					}
					cb[16*j+i], cr[16*j+i] = u, v
				}
			}
			for k := range ys {
				prevY = e.codeMaybeFlat(&ys[k], 0, prevY)
			}
			subsample(&blk, &cb)
			prevCb = e.codeMaybeFlat(&blk, 1, prevCb)
			subsample(&blk, &cr)
			prevCr = e.codeMaybeFlat(&blk, 1, prevCr)
		}
	}
}

// ycbcr codes a YCbCr picture, 16×16 pixels at a time. A 4:2:0 picture
// whose origin is on a chroma sample, as the decoder, the resampler and
// the page canvas make them, is coded from its planes as they are; any
// other takes its chroma pixel by pixel and averages it over 2×2.
func (e *Encoder) ycbcr(m *image.YCbCr) {
	b := m.Bounds()
	w, h := b.Dx(), b.Dy()
	direct := m.SubsampleRatio == image.YCbCrSubsampleRatio420 && b.Min.X%2 == 0 && b.Min.Y%2 == 0
	var blk, bcr block
	var cb, cr [256]int32
	var prevY, prevCb, prevCr int32
	var rows [16][]uint8
	var cbRows, crRows [8][]uint8
	cw, ch := (w+1)/2, (h+1)/2 // the chroma planes' part in the picture
	for y := 0; y < h; y += 16 {
		if len(e.out) >= flushAt {
			e.flush()
		}
		for j := range rows {
			rows[j] = m.Y[m.YOffset(b.Min.X, b.Min.Y+min(y+j, h-1)):][:w]
		}
		if direct {
			for j := range cbRows {
				// the chroma sample of the picture's pixel (0, 2j): a
				// part's planes start at its origin
				o := m.COffset(b.Min.X, b.Min.Y+2*min(y/2+j, ch-1))
				cbRows[j], crRows[j] = m.Cb[o:][:cw], m.Cr[o:][:cw]
			}
		}
		for x := 0; x < w; x += 16 {
			prevY = e.codeRows(&blk, rows[:8], x, 0, prevY)
			prevY = e.codeRows(&blk, rows[:8], x+8, 0, prevY)
			prevY = e.codeRows(&blk, rows[8:], x, 0, prevY)
			prevY = e.codeRows(&blk, rows[8:], x+8, 0, prevY)
			if direct {
				prevCb = e.codeRows(&blk, cbRows[:], x/2, 1, prevCb)
				prevCr = e.codeRows(&bcr, crRows[:], x/2, 1, prevCr)
				continue
			}
			for j := range 16 {
				for i := range 16 {
					c := m.COffset(b.Min.X+min(x+i, w-1), b.Min.Y+min(y+j, h-1))
					cb[16*j+i], cr[16*j+i] = int32(m.Cb[c]), int32(m.Cr[c])
				}
			}
			subsample(&blk, &cb)
			subsample(&bcr, &cr)
			prevCb = e.codeMaybeFlat(&blk, 1, prevCb)
			prevCr = e.codeMaybeFlat(&bcr, 1, prevCr)
		}
	}
}

// ycbcr converts a colour to JFIF YCbCr in 16-bit fixed point, rounding
// and clamping as image/color.RGBToYCbCr does. Neutral colours, most of a
// newspaper page, take a short cut that gives the same result.
func ycbcr(r, g, b uint8) (int32, int32, int32) {
	if r == g && g == b {
		return int32(r), 128, 128
	}
	r1, g1, b1 := int32(r), int32(g), int32(b)
	yy := (19595*r1 + 38470*g1 + 7471*b1 + 1<<15) >> 16
	cb := -11056*r1 - 21712*g1 + 32768*b1 + 257<<15
	cr := 32768*r1 - 27440*g1 - 5328*b1 + 257<<15
	return yy, clamp16(cb), clamp16(cr)
}

// clamp16 returns v/2^16 clamped to 0–255.
func clamp16(v int32) int32 {
	if uint32(v)&0xff000000 == 0 {
		return v >> 16
	}
	return ^(v >> 31) & 0xff
}

// codeMaybeFlat codes a block, taking the short way when it is flat.
func (e *Encoder) codeMaybeFlat(b *block, t int, prev int32) int32 {
	first := b[0]
	for _, v := range b[1:] {
		if v != first {
			return e.code(b, t, prev)
		}
	}
	return e.flatBlock(t, uint8(first), prev)
}

// subsample averages 2×2 pixels of a 16×16 area into an 8×8 block.
func subsample(dst *block, src *[256]int32) {
	for j := range 8 {
		for i := range 8 {
			k := 32*j + 2*i
			dst[8*j+i] = (src[k] + src[k+1] + src[k+16] + src[k+17] + 2) >> 2
		}
	}
}

// Constants of the accurate integer DCT (the IJG's "islow", after Loeffler,
// Ligtenberg and Moschytz), in 13-bit fixed point.
const (
	dctBits  = 13
	passBits = 2
	fix0298  = 2446  // 0.298631336
	fix0390  = 3196  // 0.390180644
	fix0541  = 4433  // 0.541196100
	fix0765  = 6270  // 0.765366865
	fix0899  = 7373  // 0.899976223
	fix1175  = 9633  // 1.175875602
	fix1501  = 12299 // 1.501321110
	fix1847  = 15137 // 1.847759065
	fix1961  = 16069 // 1.961570560
	fix2053  = 16819 // 2.053119869
	fix2562  = 20995 // 2.562915447
	fix3072  = 25172 // 3.072711026
)

// descale divides by 2^n, rounding.
func descale(x int32, n uint) int32 { return (x + 1<<(n-1)) >> n }

// fdctRows is fdct of the 8×8 samples at x of eight rows, read from the
// rows as the row pass goes rather than gathered into b first.
func fdctRows(b *block, rows [][]uint8, x int) {
	fdctFrom(b, (*[8][]uint8)(rows[:8]), x)
}

// fdct transforms samples 0–255 in place into DCT coefficients scaled up
// by 8.
func fdct(b *block) {
	var rows [8][]int32
	for r := range rows {
		rows[r] = b[8*r : 8*r+8 : 8*r+8]
	}
	fdctFrom(b, &rows, 0)
}

// fdctFrom transforms the 8×8 samples at x of rows into b (which may be
// the rows' own block: each row is read before it is written). The row
// pass centres the samples and keeps passBits more bits.
func fdctFrom[T uint8 | int32](b *block, rows *[8][]T, x int) {
	for r := range 8 {
		s := rows[r][x : x+8 : x+8]
		s0, s1, s2, s3 := int32(s[0]), int32(s[1]), int32(s[2]), int32(s[3])
		s4, s5, s6, s7 := int32(s[4]), int32(s[5]), int32(s[6]), int32(s[7])
		d := b[8*r : 8*r+8 : 8*r+8]
		t0, t7 := s0+s7, s0-s7
		t1, t6 := s1+s6, s1-s6
		t2, t5 := s2+s5, s2-s5
		t3, t4 := s3+s4, s3-s4

		t10, t13 := t0+t3, t0-t3
		t11, t12 := t1+t2, t1-t2
		d[0] = (t10 + t11 - 8*128) << passBits
		d[4] = (t10 - t11) << passBits
		z1 := (t12 + t13) * fix0541
		d[2] = descale(z1+t13*fix0765, dctBits-passBits)
		d[6] = descale(z1-t12*fix1847, dctBits-passBits)

		z1, z2, z3, z4 := t4+t7, t5+t6, t4+t6, t5+t7
		z5 := (z3 + z4) * fix1175
		t4 *= fix0298
		t5 *= fix2053
		t6 *= fix3072
		t7 *= fix1501
		z1 *= -fix0899
		z2 *= -fix2562
		z3 = z3*-fix1961 + z5
		z4 = z4*-fix0390 + z5
		d[7] = descale(t4+z1+z3, dctBits-passBits)
		d[5] = descale(t5+z2+z4, dctBits-passBits)
		d[3] = descale(t6+z2+z3, dctBits-passBits)
		d[1] = descale(t7+z1+z4, dctBits-passBits)
	}
	fdctCols(b)
}

// fdctCols is the column pass of fdct: it removes the extra bits, leaving
// the output scaled by 8.
func fdctCols(b *block) {
	for c := range 8 {
		t0, t7 := b[c]+b[56+c], b[c]-b[56+c]
		t1, t6 := b[8+c]+b[48+c], b[8+c]-b[48+c]
		t2, t5 := b[16+c]+b[40+c], b[16+c]-b[40+c]
		t3, t4 := b[24+c]+b[32+c], b[24+c]-b[32+c]

		t10, t13 := t0+t3, t0-t3
		t11, t12 := t1+t2, t1-t2
		b[c] = descale(t10+t11, passBits)
		b[32+c] = descale(t10-t11, passBits)
		z1 := (t12 + t13) * fix0541
		b[16+c] = descale(z1+t13*fix0765, dctBits+passBits)
		b[48+c] = descale(z1-t12*fix1847, dctBits+passBits)

		z1, z2, z3, z4 := t4+t7, t5+t6, t4+t6, t5+t7
		z5 := (z3 + z4) * fix1175
		t4 *= fix0298
		t5 *= fix2053
		t6 *= fix3072
		t7 *= fix1501
		z1 *= -fix0899
		z2 *= -fix2562
		z3 = z3*-fix1961 + z5
		z4 = z4*-fix0390 + z5
		b[56+c] = descale(t4+z1+z3, dctBits+passBits)
		b[40+c] = descale(t5+z2+z4, dctBits+passBits)
		b[24+c] = descale(t6+z2+z3, dctBits+passBits)
		b[8+c] = descale(t7+z1+z4, dctBits+passBits)
	}
}

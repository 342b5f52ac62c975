// Copyright 2009 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package jpg

import "encoding/binary"

// maxCodeLength is the maximum (inclusive) number of bits in a Huffman code.
const maxCodeLength = 16

// maxNCodes is the maximum (inclusive) number of codes in a Huffman tree.
const maxNCodes = 256

// lutSize is the log-2 size of the Huffman decoder's look-up table.
const lutSize = 9

// huffman is a Huffman decoder, specified in section C.
type huffman struct {
	// length is the number of codes in the tree.
	nCodes int32
	// lut is the look-up table for the next lutSize bits in the bit-stream.
	// The high 8 bits of the uint16 are the encoded value. The low 8 bits
	// are 1 plus the code length, or 0 if the value is too large to fit in
	// lutSize bits.
	lut [1 << lutSize]uint16
	// fastAC is, for an AC table, the next lutSize bits decoded whole
	// when they hold a code and the coefficient's bits after it, or the
	// end of the block: the coefficient in the high 16 bits, the run of
	// zeros before it in bits 4–7, the bits used in the low 4, and bit 8
	// set for the end of the block; 0 when they hold neither.
	fastAC [1 << lutSize]int32
	// vals are the decoded values, sorted by their encoding.
	vals [maxNCodes]uint8
	// minCodes[i] is the minimum code of length i, or -1 if there are no
	// codes of that length.
	minCodes [maxCodeLength]int32
	// maxCodes[i] is the maximum code of length i, or -1 if there are no
	// codes of that length.
	maxCodes [maxCodeLength]int32
	// valsIndices[i] is the index into vals of minCodes[i].
	valsIndices [maxCodeLength]int32
}

// errShortHuffmanData means that an unexpected EOF occurred while decoding
// Huffman data.
var errShortHuffmanData = FormatError("short Huffman data")

// errMissingFF00 means that the entropy-coded data met an 0xff byte (a
// marker byte) that wasn't the expected byte-stuffed sequence 0xff, 0x00.
var errMissingFF00 = FormatError("missing 0xff00 sequence")

// fill reads entropy-coded bytes until more than 56 bits are held,
// unstuffing 0xff 0x00 and stopping before a marker or at the end of the
// data, past which it supplies zero bits.
func (d *decoder) fill() {
	b := &d.bits
	for b.n <= 56 {
		if !b.stop {
			// as many whole bytes as fit at once, when the next eight
			// hold no 0xff
			if d.pos+8 <= len(d.data) {
				w := binary.BigEndian.Uint64(d.data[d.pos:])
				if x := ^w; (x-0x0101010101010101)&^x&0x8080808080808080 == 0 {
					k := (64 - b.n) >> 3
					b.a = b.a<<(8*k) | w>>(64-8*k)
					b.n += 8 * k
					d.pos += int(k)
					return
				}
			}
			if d.pos < len(d.data) {
				c := d.data[d.pos]
				if c != 0xff {
					d.pos++
					b.a = b.a<<8 | uint64(c)
					b.n += 8
					continue
				}
				if d.pos+1 < len(d.data) && d.data[d.pos+1] == 0 {
					d.pos += 2
					b.a = b.a<<8 | 0xff
					b.n += 8
					continue
				}
				b.end = d.pos+1 >= len(d.data)
			} else {
				b.end = true
			}
			b.stop = true
		}
		b.a <<= 8
		b.n += 8
		b.fake += 8
	}
}

// short returns an error when the decoder used bits past where reading
// stopped: the data ended, or a marker came, before the scan did.
func (d *decoder) short() error {
	if d.bits.n >= d.bits.fake {
		return nil
	}
	if d.bits.end {
		return errShortHuffmanData
	}
	return errMissingFF00
}

// peek returns the next n bits (1 ≤ n ≤ 32) without using them; at least
// n must be held.
func (d *decoder) peek(n uint) uint32 {
	return uint32(d.bits.a>>(d.bits.n-n)) & (1<<n - 1)
}

// receiveExtend is the composition of RECEIVE and EXTEND, specified in section
// F.2.2.1.
func (d *decoder) receiveExtend(t uint8) (int32, error) {
	if d.bits.n < 32 {
		d.fill()
	}
	return d.extend(t), nil
}

// extend reads t bits (at most 16, which must be held) as a coefficient
// of magnitude category t.
func (d *decoder) extend(t uint8) int32 {
	if t == 0 {
		return 0
	}
	x := int32(d.peek(uint(t)))
	d.bits.n -= uint(t)
	if x < 1<<(t-1) {
		x += -1<<t + 1
	}
	return x
}

// fastEOB marks a huffman.fastAC entry that ends the block.
const fastEOB = 1 << 8

// processDHT processes a Define Huffman Table marker, and initializes a huffman
// struct from its contents. Specified in section B.2.4.2.
func (d *decoder) processDHT(n int) error {
	for n > 0 {
		if n < 17 {
			return FormatError("DHT has wrong length")
		}
		if err := d.readFull(d.tmp[:17]); err != nil {
			return err
		}
		tc := d.tmp[0] >> 4
		if tc > maxTc {
			return FormatError("bad Tc value")
		}
		th := d.tmp[0] & 0x0f
		// The baseline th <= 1 restriction is specified in table B.5.
		if th > maxTh || (d.baseline && th > 1) {
			return FormatError("bad Th value")
		}
		h := &d.huff[tc][th]

		// Read nCodes and h.vals (and derive h.nCodes).
		// nCodes[i] is the number of codes with code length i.
		// h.nCodes is the total number of codes.
		h.nCodes = 0
		var nCodes [maxCodeLength]int32
		for i := range nCodes {
			nCodes[i] = int32(d.tmp[i+1])
			h.nCodes += nCodes[i]
		}
		if h.nCodes == 0 {
			return FormatError("Huffman table has zero length")
		}
		if h.nCodes > maxNCodes {
			return FormatError("Huffman table has excessive length")
		}
		n -= int(h.nCodes) + 17
		if n < 0 {
			return FormatError("DHT has wrong length")
		}
		if err := d.readFull(h.vals[:h.nCodes]); err != nil {
			return err
		}

		// Derive the look-up table.
		clear(h.lut[:])
		clear(h.fastAC[:])
		var x, code uint32
		for i := uint32(0); i < lutSize; i++ {
			code <<= 1
			for j := int32(0); j < nCodes[i]; j++ {
				// The codeLength is 1+i, so shift code by lutSize-(1+i)
				// to calculate the high bits for every lutSize-bit
				// sequence whose codeLength's high bits matches code.
				// The high 8 bits of lutValue are the encoded value.
				// The low 8 bits are 1 plus the codeLength.
				base := (code << (lutSize - 1 - i)) & (1<<lutSize - 1)
				v := h.vals[x]
				lutValue := uint16(v)<<8 | uint16(2+i)
				for k := uint32(0); k < 1<<(lutSize-1-i); k++ {
					h.lut[base|k] = lutValue
					// an AC code whose coefficient's bits follow it
					// within the table's bits decodes in one look, and
					// so does the end of a block
					run, size := uint32(v>>4), uint32(v&15)
					switch {
					case tc != acTable:
					case v == 0:
						h.fastAC[base|k] = fastEOB | int32(i+1)
					case size != 0 && i+1+size <= lutSize:
						extra := int32(k >> (lutSize - 1 - i - size))
						if extra < 1<<(size-1) {
							extra += -1<<size + 1
						}
						h.fastAC[base|k] = extra<<16 | int32(run<<4|(i+1+size))
					}
				}
				code++
				x++
			}
		}

		// Derive minCodes, maxCodes, and valsIndices.
		var c, index int32
		for i, n := range nCodes {
			if n == 0 {
				h.minCodes[i] = -1
				h.maxCodes[i] = -1
				h.valsIndices[i] = -1
			} else {
				h.minCodes[i] = c
				h.maxCodes[i] = c + n - 1
				h.valsIndices[i] = index
				c += n
				index += n
			}
			c <<= 1
		}
	}
	return nil
}

// decodeHuffman returns the next Huffman-coded value from the bit-stream,
// decoded according to h.
func (d *decoder) decodeHuffman(h *huffman) (uint8, error) {
	if h.nCodes == 0 {
		return 0, FormatError("uninitialized Huffman table")
	}
	if d.bits.n < 32 {
		d.fill()
	}
	if v := h.lut[d.peek(lutSize)]; v != 0 {
		d.bits.n -= uint(v&0xff) - 1
		return uint8(v >> 8), nil
	}
	for i := range maxCodeLength {
		code := int32(d.peek(uint(i + 1)))
		if code <= h.maxCodes[i] {
			d.bits.n -= uint(i + 1)
			return h.vals[h.valsIndices[i]+code-h.minCodes[i]], nil
		}
	}
	return 0, FormatError("bad Huffman code")
}

func (d *decoder) decodeBit() (bool, error) {
	if d.bits.n < 32 {
		d.fill()
	}
	d.bits.n--
	return d.bits.a>>d.bits.n&1 != 0, nil
}

func (d *decoder) decodeBits(n int32) (uint32, error) {
	if d.bits.n < 32 {
		d.fill()
	}
	ret := d.peek(uint(n))
	d.bits.n -= uint(n)
	return ret, nil
}

package photo

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
)

// checkPNG reads a PNG file through as image/png would decode it, without
// keeping its pixels: every chunk's checksum, the image header, the
// compressed pixel data inflated to exactly the rows the header promises,
// each row's filter, and the end chunk. It finds what makes decoding fail
// (a truncated or damaged file) at the cost of inflating the data, in
// memory that does not grow with the picture.
func checkPNG(r io.Reader) error {
	br := bufio.NewReader(r)
	var sig [8]byte
	if _, err := io.ReadFull(br, sig[:]); err != nil || !bytes.Equal(sig[:], []byte("\x89PNG\r\n\x1a\n")) {
		return errors.New("not a PNG picture")
	}
	c := &chunks{r: br}
	typ, data, err := c.next()
	if err != nil {
		return err
	}
	if typ != "IHDR" || len(data) != 13 {
		return errors.New("corrupt picture: no image header first")
	}
	w, h := int(binary.BigEndian.Uint32(data[0:])), int(binary.BigEndian.Uint32(data[4:]))
	depth, colour, interlace := int(data[8]), data[9], data[12]
	channels := map[byte]int{0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]
	if channels == 0 || w <= 0 || h <= 0 || data[10] != 0 || data[11] != 0 || interlace > 1 {
		return errors.New("corrupt picture: bad image header")
	}
	bpp := channels * depth // bits a pixel
	// the rows of the picture, or of each of the seven interlace passes
	type pass struct{ w, h int }
	passes := []pass{{w, h}}
	if interlace == 1 {
		passes = passes[:0]
		for _, p := range [7][4]int{{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}} {
			pw := (w - p[0] + p[2] - 1) / p[2]
			ph := (h - p[1] + p[3] - 1) / p[3]
			if pw > 0 && ph > 0 {
				passes = append(passes, pass{pw, ph})
			}
		}
	}
	// the data chunks, in a row, make one zlib stream
	for {
		typ, _, err = c.next()
		if err != nil {
			return err
		}
		if typ == "IDAT" {
			break
		}
		if typ == "IEND" {
			return errors.New("corrupt picture: no pixel data")
		}
	}
	c.pending = true
	z, err := zlib.NewReader(c)
	if err != nil {
		return fmt.Errorf("corrupt picture: %v", err)
	}
	row := make([]byte, 0, 1+(w*bpp+7)/8)
	for _, p := range passes {
		row = row[:1+(p.w*bpp+7)/8]
		for range p.h {
			if _, err := io.ReadFull(z, row); err != nil {
				return fmt.Errorf("corrupt picture: not enough pixel data (%v)", err)
			}
			if row[0] > 4 {
				return fmt.Errorf("corrupt picture: bad filter type %d", row[0])
			}
		}
	}
	if n, _ := z.Read(row[:1]); n > 0 {
		return errors.New("corrupt picture: too much pixel data")
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("corrupt picture: %v", err)
	}
	// the rest of the data chunks, then the others up to the end chunk
	for c.pending {
		if _, err := c.Read(row[:cap(row)]); err == io.EOF {
			break
		} else if err != nil {
			return err
		}
	}
	for typ, data = c.typ, c.data; typ != "IEND"; {
		if typ, data, err = c.next(); err != nil {
			return err
		}
		switch typ {
		case "IDAT":
			return errors.New("corrupt picture: too much pixel data")
		case "PLTE", "tRNS":
			return errors.New("corrupt picture: chunk out of order")
		}
	}
	if len(data) != 0 {
		return errors.New("corrupt picture: bad IEND length")
	}
	return nil
}

// chunks reads a PNG's chunks, checking each one's checksum; as an
// io.Reader it gives the data of consecutive IDAT chunks.
type chunks struct {
	r       *bufio.Reader
	data    []byte // the IDAT data not read yet
	pending bool   // reading IDAT data
	typ     string // the last chunk read
}

// next reads a whole chunk.
func (c *chunks) next() (string, []byte, error) {
	var head [8]byte
	if _, err := io.ReadFull(c.r, head[:]); err != nil {
		return "", nil, fmt.Errorf("corrupt picture: the file ends early (%v)", err)
	}
	n := binary.BigEndian.Uint32(head[:4])
	if n > 1<<31-1 {
		return "", nil, errors.New("corrupt picture: bad chunk length")
	}
	data := make([]byte, 0, min(int(n), 1<<20))
	buf := bytes.NewBuffer(data)
	if _, err := io.CopyN(buf, c.r, int64(n)); err != nil {
		return "", nil, fmt.Errorf("corrupt picture: the file ends early (%v)", err)
	}
	var sum [4]byte
	if _, err := io.ReadFull(c.r, sum[:]); err != nil {
		return "", nil, fmt.Errorf("corrupt picture: the file ends early (%v)", err)
	}
	crc := crc32.NewIEEE()
	crc.Write(head[4:])
	crc.Write(buf.Bytes())
	if crc.Sum32() != binary.BigEndian.Uint32(sum[:]) {
		return "", nil, fmt.Errorf("corrupt picture: %s chunk checksum mismatch", head[4:])
	}
	c.typ = string(head[4:])
	c.data = buf.Bytes()
	return c.typ, c.data, nil
}

// Read gives the IDAT data, chunk after chunk, and io.EOF at the first
// chunk of another type (which is then the last chunk read).
func (c *chunks) Read(p []byte) (int, error) {
	for len(c.data) == 0 {
		if !c.pending {
			return 0, io.EOF
		}
		typ, _, err := c.next()
		if err != nil {
			return 0, err
		}
		if typ != "IDAT" {
			c.pending = false
			return 0, io.EOF
		}
	}
	n := copy(p, c.data)
	c.data = c.data[n:]
	return n, nil
}

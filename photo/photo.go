// Package photo reads the desk's pictures safely and prepares them for the
// page: the header is checked before anything is decoded (so a decompression
// bomb costs nothing), the memory decoding will take is estimated from it
// and taken from a budget shared by every worker (so the pictures in memory
// at once stay within it), then the picture is prepared for its box at the
// cost it needs (see Prepare): a JPEG that already fits its box at the
// print resolution goes into the PDF as it was sent, as pdflatex passes it
// through; a larger one is decoded at the smallest DCT scale that still
// covers the box and resampled once; and the pixels the page image draws
// are made at the size the box covers there. Prepared pictures are kept,
// by the bytes of the file and what was asked of them, for the other
// editions of a run and for the runs after it (Shared, Store).
package photo

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // the headers of the desk's photos
	_ "image/png"  // PNG photos from a CMS
	"io"
	"io/fs"
)

// Settings bound what a picture may be and how it is prepared.
type Settings struct {
	MaxBytes  int64 // file size
	MaxPixels int   // width × height
	MaxSide   int   // longest side, px
	// MaxDecodeBytes bounds the memory one picture may take to decode, as
	// its header tells it (Info.Bytes): pixel count alone does not bound
	// memory, as a 16-bit picture takes twice an 8-bit one's.
	MaxDecodeBytes int64
	// DecodeBudget bounds the memory of the pictures being decoded and
	// prepared at once, across the workers, when Budget is nil.
	DecodeBudget int64
	// Budget, when set, is shared with other users (the editions of one
	// run) instead of a budget of DecodeBudget bytes for each call.
	Budget *Budget
	// Shared, when set, is what the builds of a run share about pictures:
	// those checked and prepared, and the Store they are kept in between
	// runs. Nil shares nothing; the pictures are the same either way.
	Shared  *Shared
	DPI     float64
	Quality int
	// PassThrough lets a JPEG that needs no scaling for its box go into
	// the PDF as it was sent, the whole of it shown through a clip, rather
	// than its crop encoded again: no loss, and no work.
	PassThrough bool
}

// DefaultSettings suit press photos: up to 60 megapixels and 512 MB to
// decode (a 60-megapixel 16-bit PNG fits), 512 MB of pictures in memory at
// once, set at 200 dpi.
func DefaultSettings() Settings {
	return Settings{MaxBytes: 40 << 20, MaxPixels: 60_000_000, MaxSide: 20000,
		MaxDecodeBytes: 512 << 20, DecodeBudget: 512 << 20, DPI: 200, Quality: 85, PassThrough: true}
}

// Info is what a picture's header tells.
type Info struct {
	W, H   int
	Format string // "jpeg" or "png"
	// Bytes is the memory the standard decoders take for the picture: its
	// pixels as they hold them (by colour model and bit depth), with a
	// progressive JPEG's coefficients and an interlaced PNG's passes.
	Bytes int64
}

// Probe reads a picture's header and reports its size, refusing what
// Header refuses.
func Probe(fsys fs.FS, name string, s Settings) (w, h int, err error) {
	info, err := Header(fsys, name, s)
	return info.W, info.H, err
}

// Header reads a picture's header and reports its size and the memory
// decoding it takes, refusing files, dimensions and memory over the limits
// and formats other than JPEG and PNG. Nothing is decoded.
func Header(fsys fs.FS, name string, s Settings) (Info, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return Info{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return Info{}, err
	}
	return header(f, st.Size(), s)
}

// header is Header of a file of size bytes read from r.
func header(r io.Reader, size int64, s Settings) (Info, error) {
	if size > s.MaxBytes {
		return Info{}, fmt.Errorf("picture is %d MB, more than the %d MB allowed", size>>20, s.MaxBytes>>20)
	}
	// the header is read from a copy of the file's first bytes, kept for
	// the estimate (a JPEG's frame header may follow large EXIF data)
	var head bytes.Buffer
	cfg, format, err := image.DecodeConfig(io.TeeReader(io.LimitReader(r, s.MaxBytes), &head))
	if err != nil {
		if errors.Is(err, image.ErrFormat) {
			return Info{}, errors.New("not a JPEG or PNG picture")
		}
		return Info{}, fmt.Errorf("unreadable %s header: %v", format, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > s.MaxSide || cfg.Height > s.MaxSide || cfg.Width*cfg.Height > s.MaxPixels {
		return Info{}, fmt.Errorf("picture of %d×%d pixels is over the limit of %d megapixels", cfg.Width, cfg.Height, s.MaxPixels/1_000_000)
	}
	info := Info{W: cfg.Width, H: cfg.Height, Format: format}
	switch format {
	case "png":
		info.Bytes = pngBytes(head.Bytes(), cfg.Width, cfg.Height)
	case "jpeg":
		info.Bytes = jpegBytes(head.Bytes(), cfg.Width, cfg.Height)
	}
	if s.MaxDecodeBytes > 0 && info.Bytes > s.MaxDecodeBytes {
		return Info{}, fmt.Errorf("picture of %d×%d pixels needs %d MB to decode, more than the %d MB allowed", cfg.Width, cfg.Height, info.Bytes>>20, s.MaxDecodeBytes>>20)
	}
	return info, nil
}

// pngBytes is the memory image/png takes for a picture: one byte a pixel
// for grey and palette pictures of 8 bits or fewer, two for 16-bit grey,
// four for 8-bit colour (with or without alpha) and 8-bit grey with alpha,
// eight for 16-bit colour; twice that when the picture is interlaced (the
// passes are decoded apart, then merged).
func pngBytes(head []byte, w, h int) int64 {
	// signature, IHDR length and type, width, height, then bit depth,
	// colour type, compression, filter, interlace
	if len(head) < 29 {
		return int64(w) * int64(h) * 8
	}
	depth, colour, interlace := head[24], head[25], head[28]
	var bpp int64
	switch colour {
	case 0: // grey
		bpp = 1
		if depth == 16 {
			bpp = 2
		}
	case 3: // palette
		bpp = 1
	default: // colour, grey with alpha, colour with alpha
		bpp = 4
		if depth == 16 {
			bpp = 8
		}
	}
	n := int64(w) * int64(h) * bpp
	if interlace != 0 {
		n *= 2
	}
	return n
}

// jpegBytes is the memory image/jpeg takes for a picture: its component
// planes at their sampling (1.5 bytes a pixel for 4:2:0 colour, 3 for
// 4:4:4, 1 for grey); with four components (CMYK) the planes and the
// converted picture, eight bytes a pixel; and for a progressive picture
// its coefficients as well, four bytes a sample.
func jpegBytes(head []byte, w, h int) int64 {
	px := int64(w) * int64(h)
	sof, ok := jpegFrame(head)
	if !ok {
		return px * 8 // no frame header in reach: the most it can be
	}
	marker, comps := sof[0], sof[1:]
	if len(comps) == 4 {
		return px * 8
	}
	hmax, vmax := 1, 1
	for _, c := range comps {
		hmax, vmax = max(hmax, int(c>>4)), max(vmax, int(c&15))
	}
	var samples int64
	for _, c := range comps {
		hs, vs := max(1, int(c>>4)), max(1, int(c&15))
		samples += px * int64(hs*vs) / int64(hmax*vmax)
	}
	if marker == 0xc2 || marker == 0xc6 || marker == 0xca || marker == 0xce {
		return samples * 5
	}
	return samples
}

// jpegFrame finds a JPEG's frame header in its first bytes: the marker,
// then each component's sampling factors.
func jpegFrame(head []byte) ([]byte, bool) {
	r := bufio.NewReader(bytes.NewReader(head))
	if b, err := r.Peek(2); err != nil || b[0] != 0xff || b[1] != 0xd8 {
		return nil, false
	}
	r.Discard(2)
	for {
		// markers may be padded with 0xff
		c, err := r.ReadByte()
		if err != nil {
			return nil, false
		}
		if c != 0xff {
			return nil, false
		}
		m, err := r.ReadByte()
		for err == nil && m == 0xff {
			m, err = r.ReadByte()
		}
		if err != nil {
			return nil, false
		}
		if m == 0xd8 || m == 0x01 || (m >= 0xd0 && m <= 0xd7) {
			continue
		}
		var l [2]byte
		if _, err := io.ReadFull(r, l[:]); err != nil {
			return nil, false
		}
		n := int(binary.BigEndian.Uint16(l[:])) - 2
		if n < 0 {
			return nil, false
		}
		if m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc {
			seg := make([]byte, n)
			if _, err := io.ReadFull(r, seg); err != nil || n < 6 {
				return nil, false
			}
			nc := int(seg[5])
			out := []byte{m}
			for i := 0; i < nc && 6+3*i+1 < len(seg); i++ {
				out = append(out, seg[6+3*i+1])
			}
			return out, true
		}
		if m == 0xda || m == 0xd9 {
			return nil, false
		}
		if _, err := r.Discard(n); err != nil {
			return nil, false
		}
	}
}

// LightEdges reports whether most of a picture's border is near white, as
// with screenshots, charts and cut-out product shots. Such a picture has no
// edge of its own on newsprint: it runs into the page's white, and a reader
// cannot tell where it ends. The page gives it a keyline.
func LightEdges(img image.Image) bool {
	b := img.Bounds()
	if b.Dx() < 3 || b.Dy() < 3 {
		return false
	}
	light, n := 0, 0
	look := func(x, y int) {
		r, g, bl, _ := img.At(x, y).RGBA()
		// Rec. 601 luma on 16-bit channels
		if (299*r+587*g+114*bl)/1000 >= 0xeb00 {
			light++
		}
		n++
	}
	// a sample of every edge, two pixels in so that a soft outer row of
	// the scaled picture does not decide
	const samples = 64
	for i := range samples {
		x := b.Min.X + 2 + i*(b.Dx()-4)/samples
		y := b.Min.Y + 2 + i*(b.Dy()-4)/samples
		look(x, b.Min.Y+2)
		look(x, b.Max.Y-3)
		look(b.Min.X+2, y)
		look(b.Max.X-3, y)
	}
	return light*2 > n
}

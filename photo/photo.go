// Package photo reads the desk's pictures safely and prepares them for the
// page: the header is checked before anything is decoded (so a decompression
// bomb costs nothing), then the picture is cropped to its box, scaled to the
// print resolution and encoded once as JPEG, which the PDF embeds as it is
// and the raster renderer draws from the decoded copy.
package photo

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	_ "image/png" // PNG photos from a CMS
	"io"
	"io/fs"
	"math"

	"github.com/disintegration/imaging"
	"github.com/epaper/epaper/display"
)

// Settings bound what a picture may be and how it is prepared.
type Settings struct {
	MaxBytes  int64 // file size
	MaxPixels int   // width × height
	MaxSide   int   // longest side, px
	DPI       float64
	Quality   int
}

// DefaultSettings suit press photos: up to 60 megapixels, set at 200 dpi.
func DefaultSettings() Settings {
	return Settings{MaxBytes: 40 << 20, MaxPixels: 60_000_000, MaxSide: 20000, DPI: 200, Quality: 85}
}

// Probe reads a picture's header and reports its size, refusing files and
// dimensions over the limits and formats other than JPEG and PNG.
func Probe(fsys fs.FS, name string, s Settings) (w, h int, err error) {
	f, err := fsys.Open(name)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, 0, err
	}
	if st.Size() > s.MaxBytes {
		return 0, 0, fmt.Errorf("picture is %d MB, more than the %d MB allowed", st.Size()>>20, s.MaxBytes>>20)
	}
	cfg, format, err := image.DecodeConfig(io.LimitReader(f, s.MaxBytes))
	if err != nil {
		if errors.Is(err, image.ErrFormat) {
			return 0, 0, errors.New("not a JPEG or PNG picture")
		}
		return 0, 0, fmt.Errorf("unreadable %s header: %v", format, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > s.MaxSide || cfg.Height > s.MaxSide || cfg.Width*cfg.Height > s.MaxPixels {
		return 0, 0, fmt.Errorf("picture of %d×%d pixels is over the limit of %d megapixels", cfg.Width, cfg.Height, s.MaxPixels/1_000_000)
	}
	return cfg.Width, cfg.Height, nil
}

// Load decodes a picture after checking its header.
func Load(fsys fs.FS, name string, s Settings) (image.Image, error) {
	data, err := read(fsys, name, s)
	if err != nil {
		return nil, err
	}
	return decode(data)
}

// read returns a picture's bytes after checking its header.
func read(fsys fs.FS, name string, s Settings) ([]byte, error) {
	if _, _, err := Probe(fsys, name, s); err != nil {
		return nil, err
	}
	return fs.ReadFile(fsys, name)
}

func decode(data []byte) (image.Image, error) {
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("corrupt picture: %v", err)
	}
	return img, nil
}

// Prepare crops src as the display image asks, scales it to the box at the
// print resolution and fills in its JPEG bytes and decoded pixels.
func Prepare(src image.Image, im *display.Image, s Settings) error {
	b := src.Bounds()
	c := im.Crop
	if c[2] <= 0 || c[3] <= 0 {
		c = [4]float64{0, 0, 1, 1}
	}
	r := image.Rect(
		b.Min.X+int(math.Round(c[0]*float64(b.Dx()))),
		b.Min.Y+int(math.Round(c[1]*float64(b.Dy()))),
		b.Min.X+int(math.Round((c[0]+c[2])*float64(b.Dx()))),
		b.Min.Y+int(math.Round((c[1]+c[3])*float64(b.Dy()))),
	).Intersect(b)
	if r.Empty() {
		return errors.New("crop leaves nothing of the picture")
	}
	cropped := imaging.Crop(src, r)
	w := int(math.Round(im.W / 72 * s.DPI))
	h := int(math.Round(im.H / 72 * s.DPI))
	if w < 1 || h < 1 {
		return errors.New("picture box is empty")
	}
	var out image.Image = cropped
	if w < r.Dx() {
		out = imaging.Resize(cropped, w, h, imaging.Lanczos)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, out, &jpeg.Options{Quality: s.Quality}); err != nil {
		return err
	}
	im.Data = buf.Bytes()
	im.Pix = out
	return nil
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

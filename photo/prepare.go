package photo

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"math"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/internal/jpg"
	"github.com/epaper/epaper/internal/resample"
)

// Prepared is a picture prepared for its box: the JPEG the PDF embeds
// (Data, the whole source when Whole), the pixels the page image draws
// (Pix, nil when no page images are made) and whether its edge is light
// (Light: a story photo that needs a keyline). It depends only on the
// bytes of the source, the request and the settings, so it is kept and
// shared by those (see Shared); nothing changes it once it is made.
type Prepared struct {
	Data  []byte
	Whole bool
	Pix   image.Image
	Light bool
}

// Request is what is asked of a picture: the part of it the box shows
// (fractions of its width and height, as display.Image.Crop), the box in
// points, and the size in pixels the box covers on its page's image (0×0
// when no page images are made).
type Request struct {
	Crop       [4]float64
	W, H       float64
	PixW, PixH int
}

// requestOf is the request of a display image.
func requestOf(im *display.Image, pixW, pixH int) Request {
	return Request{Crop: im.Crop, W: im.W, H: im.H, PixW: pixW, PixH: pixH}
}

// plan is how a picture will be prepared, decided from its header before
// anything is decoded: the scale it is decoded at, the size of the JPEG
// made for the PDF (when it is not passed through) and the memory it all
// takes.
type plan struct {
	crop       image.Rectangle // in the source's pixels
	shift      int             // decoded at 1/2^shift
	pass       bool            // the source goes into the PDF as it is
	pdfW, pdfH int             // the PDF's picture, when made
	bytes      int64
}

// planFor decides how to prepare a picture of info for r. The PDF needs
// the crop at the print resolution, or at the source's own when that is
// lower (pictures are never enlarged for the PDF); a JPEG whose crop is at
// or under it, and shows at least half the picture, goes in as it is. The
// picture is decoded at the smallest DCT scale (JPEG only) that still
// gives what the PDF and the page image need.
func planFor(info Info, r Request, s Settings) (plan, error) {
	c := r.Crop
	if c[2] <= 0 || c[3] <= 0 {
		c = [4]float64{0, 0, 1, 1}
	}
	crop := image.Rect(
		int(math.Round(c[0]*float64(info.W))),
		int(math.Round(c[1]*float64(info.H))),
		int(math.Round((c[0]+c[2])*float64(info.W))),
		int(math.Round((c[1]+c[3])*float64(info.H))),
	).Intersect(image.Rect(0, 0, info.W, info.H))
	if crop.Empty() {
		return plan{}, errors.New("crop leaves nothing of the picture")
	}
	bw, bh := int(math.Round(r.W/72*s.DPI)), int(math.Round(r.H/72*s.DPI))
	if bw < 1 || bh < 1 {
		return plan{}, errors.New("picture box is empty")
	}
	p := plan{crop: crop, pdfW: crop.Dx(), pdfH: crop.Dy()}
	if bw < crop.Dx() {
		p.pdfW, p.pdfH = bw, bh
	}
	shown := float64(crop.Dx()) * float64(crop.Dy()) / (float64(info.W) * float64(info.H))
	p.pass = s.PassThrough && info.Format == "jpeg" && bw >= crop.Dx() && shown >= 0.5
	needW, needH := r.PixW, r.PixH
	if !p.pass {
		needW, needH = max(needW, p.pdfW), max(needH, p.pdfH)
	}
	if info.Format == "jpeg" {
		for p.shift < 3 && crop.Dx()>>(p.shift+1) >= needW && crop.Dy()>>(p.shift+1) >= needH {
			p.shift++
		}
	}
	// the picture decoded at its scale, the PDF's picture and its JPEG,
	// and the page image's pixels, a byte and a half a pixel each
	p.bytes = info.Bytes>>(2*p.shift) + 2*int64(r.PixW)*int64(r.PixH)
	if !p.pass {
		p.bytes += 2 * int64(p.pdfW) * int64(p.pdfH)
	}
	return p, nil
}

// Prepare prepares a picture from the bytes of its file, which Header has
// read as info, for r (see planFor): the JPEG the PDF embeds, the pixels
// the page image draws, and whether its edge is light. A JPEG is decoded
// at a reduced scale where the box is much smaller than the picture, and
// everything made is resampled once from what was decoded.
func Prepare(data []byte, info Info, r Request, s Settings) (Prepared, error) {
	p, err := planFor(info, r, s)
	if err != nil {
		return Prepared{}, err
	}
	return prepare(data, info, r, p, s)
}

func prepare(data []byte, info Info, r Request, p plan, s Settings) (Prepared, error) {
	src, err := decode(data, info, p.shift)
	if err != nil {
		return Prepared{}, err
	}
	if p.pass {
		switch src.(type) {
		case *image.YCbCr, *image.Gray:
		default:
			// an Adobe RGB or CMYK JPEG: PDF viewers differ over
			// those, so it is encoded again, from the whole picture
			p.pass = false
			if p.shift != 0 {
				p.shift = 0
				if src, err = decode(data, info, 0); err != nil {
					return Prepared{}, err
				}
			}
		}
	}
	k := float64(int(1) << p.shift)
	win := resample.Window{X: float64(p.crop.Min.X) / k, Y: float64(p.crop.Min.Y) / k, W: float64(p.crop.Dx()) / k, H: float64(p.crop.Dy()) / k}
	var out Prepared
	// what the page image's pixels and the light edge are taken from:
	// the PDF's picture, or the part of the source shown
	from, fromWin := src, win
	if p.pass {
		out.Data = data
		out.Whole = p.crop != image.Rect(0, 0, info.W, info.H)
		out.Light = LightEdges(subImage(src, win))
	} else {
		pdf := resample.Resize(src, win, p.pdfW, p.pdfH)
		var buf bytes.Buffer
		if err := jpg.NewEncoder(s.Quality).Encode(&buf, pdf); err != nil {
			return Prepared{}, err
		}
		out.Data = buf.Bytes()
		out.Light = LightEdges(pdf)
		from, fromWin = pdf, resample.WindowOf(pdf.Bounds())
	}
	if r.PixW > 0 && r.PixH > 0 {
		out.Pix = resample.Resize(from, fromWin, r.PixW, r.PixH)
	}
	return out, nil
}

// decode decodes a picture's bytes: a JPEG at 1/2^shift, anything else
// whole.
func decode(data []byte, info Info, shift int) (image.Image, error) {
	var img image.Image
	var err error
	if info.Format == "jpeg" {
		img, err = jpg.Decode(data, shift)
	} else {
		img, _, err = image.Decode(bytes.NewReader(data))
	}
	if err != nil {
		return nil, fmt.Errorf("corrupt picture: %v", err)
	}
	return img, nil
}

// subImage is the part of img a window covers, to whole pixels.
func subImage(img image.Image, win resample.Window) image.Image {
	r := image.Rect(int(win.X), int(win.Y), int(math.Ceil(win.X+win.W)), int(math.Ceil(win.Y+win.H))).Add(img.Bounds().Min)
	if si, ok := img.(interface {
		SubImage(image.Rectangle) image.Image
	}); ok {
		return si.SubImage(r)
	}
	return img
}

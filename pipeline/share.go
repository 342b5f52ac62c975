package pipeline

import (
	"fmt"
	"image"
	"math"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/internal/jpg"
	"github.com/epaper/epaper/publish"
	"github.com/epaper/epaper/render/raster"
)

// The social-share image: the size Facebook, LinkedIn and X show a link's
// picture at, 1.91:1.
const (
	shareName    = "share.jpg"
	shareWidth   = 1200
	shareHeight  = 630
	shareQuality = 85
)

// writeShareImage writes share.jpg, the top of the front page (masthead
// and lead) filling 1200×630, and returns its name ("" when the build
// writes no images). The page is drawn with half its margins kept, so the
// masthead is large and still has white paper around it.
func writeShareImage(cfg Config, laid *Laid, prev string, digests [][32]byte, folder *publish.Folder) (string, error) {
	doc := laid.Made.Doc
	if !cfg.Images || cfg.PDFOnly || len(doc.Pages) == 0 {
		return "", nil
	}
	if laid.Locked[1] != nil {
		// the front page is locked: so is its share image
		return shareName, copyLocked(prev, shareName, folder)
	}
	m := cfg.Edition.Page.Margins
	inset := min(m.Top.Pt(), m.Left.Pt(), m.Right.Pt()) / 2
	draw := func() (drawn, error) {
		img, err := ShareImage(doc, 0, inset)
		if err != nil {
			return drawn{}, err
		}
		data, err := jpg.Encode(img, shareQuality)
		if err != nil {
			return drawn{}, fmt.Errorf("encode: %w", err)
		}
		return drawn{a: data}, nil
	}
	var d drawn
	var err error
	if digests == nil {
		d, err = draw()
	} else {
		var found bool
		var keep func(drawn, bool)
		d, found, keep = reuse(cfg, key("share image", digests[0], inset, shareWidth, shareHeight, shareQuality))
		if !found {
			d, err = drawOnce(keep, draw)
		}
	}
	if err != nil {
		return "", err
	}
	if err := folder.WriteFile(shareName, d.a); err != nil {
		return "", err
	}
	return shareName, nil
}

// ShareImage draws the top of page i of doc as a 1200×630 picture: the
// page less inset points on the left, right and top, scaled to fill the
// width (or the height, for a page too wide for that) and cropped to 630
// rows from the top, centred across. The same page always gives the same
// pixels.
func ShareImage(doc *display.Document, i int, inset float64) (image.Image, error) {
	if doc == nil || i < 0 || i >= len(doc.Pages) {
		return nil, fmt.Errorf("share image: no page %d", i+1)
	}
	p := &doc.Pages[i]
	inset = max(0, inset)
	if 2*inset >= p.Width || inset >= p.Height {
		inset = 0
	}
	// pixels per point: enough for the width and for the height
	scale := max(shareWidth/(p.Width-2*inset), shareHeight/(p.Height-inset))
	widthPx := int(math.Ceil(scale * p.Width))
	// only the top of the page is drawn, down a little past the share
	// image's last row, so that the colour samples of the rows it keeps
	// (each shared by two rows) come out as on the whole page
	hPx := int(math.Round(float64(widthPx) * p.Height / p.Width))
	y0 := min(int(math.Round(inset*scale)), hPx-shareHeight)
	img, err := raster.DrawTop(doc, i, widthPx, max(0, y0)+shareHeight+16)
	if err != nil {
		return nil, err
	}
	b := img.Bounds()
	x0 := b.Min.X + (b.Dx()-shareWidth)/2
	y0 += b.Min.Y
	crop := image.Rect(x0, max(b.Min.Y, y0), x0+shareWidth, max(b.Min.Y, y0)+shareHeight).Intersect(b)
	if crop.Dx() != shareWidth || crop.Dy() != shareHeight {
		return nil, fmt.Errorf("share image: page %d drawn %d×%d px is smaller than %d×%d", i+1, b.Dx(), b.Dy(), shareWidth, shareHeight)
	}
	type subImager interface {
		SubImage(image.Rectangle) image.Image
	}
	si, ok := img.(subImager)
	if !ok {
		return nil, fmt.Errorf("share image: cannot crop a %T", img)
	}
	return si.SubImage(crop), nil
}

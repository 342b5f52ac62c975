package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/epaper/epaper/publish/manifest"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/pipeline"
	pdfrender "github.com/epaper/epaper/render/pdf"
	"github.com/epaper/epaper/render/raster"
)

// Our page images are meant to look like poppler's rendering of our PDF.
// These tests render the built sample's PDF with pdftoppm and compare,
// page by page, with raster.Compare.
//
// The PDF's media box has the bleed around the trimmed page, which our
// images leave out, so pdftoppm crops it off with -x/-y. That only lines
// the two up when the bleed is a whole number of pixels: the sample's 3 mm
// of bleed on a 330 mm page is 14.55 px at 1600 px but exactly 15 px at
// 1650 px (127 dpi). So the first test draws our pages at 1650 px from
// the edition's display list with raster.Draw (what RenderAll draws before
// it encodes) and compares them with the published PDF; the second
// compares the published 1600 px JPEGs with a PDF of the same pages
// written without bleed.

const (
	maxMeanDiff = 4.0 // levels of 0–255
	maxPctDiff  = 3.0 // % of pixels differing by more than raster.DiffThreshold
	// jpegLoss is what JPEG at quality 82 adds to the mean difference of
	// a page of text: 1.6–2.2 levels between a published image and the
	// same page drawn again, with under 0.1% of pixels past the threshold.
	jpegLoss = 1.0
	// maxPicDiff bounds the mean difference inside pictures, which are
	// resampled and compressed, compared by 4 x 4 blocks (see
	// compareAround): a wrong picture or placement differs by tens of
	// levels.
	maxPicDiff = 12.0
)

// compareAround compares two renderings as raster.Compare does outside the
// rectangles pics, and gives the mean difference inside them.
func compareAround(a, b image.Image, pics []image.Rectangle) (mean, pct, picMean float64) {
	r := a.Bounds().Intersect(b.Bounds())
	var sum, in, differ, n, nin int64
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			d := func(p, q uint32) int64 {
				v := int64(p>>8) - int64(q>>8)
				if v < 0 {
					return -v
				}
				return v
			}
			dr, dg, db := d(r1, r2), d(g1, g2), d(b1, b2)
			inside := false
			for _, pr := range pics {
				if (image.Point{x, y}).In(pr) {
					inside = true
					break
				}
			}
			if inside {
				continue
			}
			sum += dr + dg + db
			n++
			if max(dr, dg, db) > raster.DiffThreshold {
				differ++
			}
		}
	}
	if n > 0 {
		mean, pct = float64(sum)/float64(3*n), 100*float64(differ)/float64(n)
	}
	// inside pictures, 4 x 4 blocks are compared by their mean: a wrong
	// picture, crop or tone differs by tens of levels there, while two
	// good resamplings of fine line art differ pixel by pixel
	const blk = 4
	for _, pr := range pics {
		pr = pr.Intersect(r)
		for y := pr.Min.Y; y+blk <= pr.Max.Y; y += blk {
			for x := pr.Min.X; x+blk <= pr.Max.X; x += blk {
				var sa, sb [3]int64
				for yy := y; yy < y+blk; yy++ {
					for xx := x; xx < x+blk; xx++ {
						r1, g1, b1, _ := a.At(xx, yy).RGBA()
						r2, g2, b2, _ := b.At(xx, yy).RGBA()
						sa[0], sa[1], sa[2] = sa[0]+int64(r1>>8), sa[1]+int64(g1>>8), sa[2]+int64(b1>>8)
						sb[0], sb[1], sb[2] = sb[0]+int64(r2>>8), sb[1]+int64(g2>>8), sb[2]+int64(b2>>8)
					}
				}
				for c := range 3 {
					d := sa[c] - sb[c]
					if d < 0 {
						d = -d
					}
					in += d
				}
				nin += blk * blk
			}
		}
	}
	if nin > 0 {
		picMean = float64(in) / float64(3*nin)
	}
	return mean, pct, picMean
}

var (
	docOnce sync.Once
	doc     *display.Document
	docErr  error
)

// sampleDoc lays out the bundled sample edition as "epaper build" does and
// returns its display list.
func sampleDoc(t *testing.T) *display.Document {
	t.Helper()
	docOnce.Do(func() {
		ed, stories, err := editions.Sample()
		if err != nil {
			docErr = err
			return
		}
		cfg := pipeline.DefaultConfig()
		cfg.Edition, cfg.Stories, cfg.Date = ed, stories, editions.SampleDate
		var laid *pipeline.Laid
		if laid, docErr = pipeline.Layout(context.Background(), cfg); docErr == nil {
			doc = laid.Made.Doc
		}
	})
	if docErr != nil {
		t.Fatal(docErr)
	}
	return doc
}

// poppler renders page n (1-based) of pdf with pdftoppm at width px across
// the trimmed page, cropping bleed px off the top and left.
func poppler(t *testing.T, pdf string, n int, p *display.Page, width, height int) image.Image {
	t.Helper()
	dpi := 72 * float64(width) / p.Width
	bleed := p.Bleed * float64(width) / p.Width
	b := int(math.Round(bleed))
	out := filepath.Join(t.TempDir(), "p")
	cmd := exec.Command("pdftoppm", "-r", strconv.FormatFloat(dpi, 'f', 6, 64),
		"-f", strconv.Itoa(n), "-l", strconv.Itoa(n), "-singlefile",
		"-x", strconv.Itoa(b), "-y", strconv.Itoa(b), "-W", strconv.Itoa(width), "-H", strconv.Itoa(height),
		pdf, out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, msg)
	}
	f, err := os.Open(out + ".ppm")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := decodePPM(f)
	if err != nil {
		t.Fatalf("page %d: %v", n, err)
	}
	return img
}

// decodePPM reads the binary PPM (P6, maxval 255) pdftoppm writes.
func decodePPM(r io.Reader) (*image.RGBA, error) {
	br := bufio.NewReader(r)
	var magic string
	var w, h, maxv int
	if _, err := fmt.Fscan(br, &magic, &w, &h, &maxv); err != nil {
		return nil, fmt.Errorf("ppm header: %w", err)
	}
	if magic != "P6" || maxv != 255 || w <= 0 || h <= 0 {
		return nil, fmt.Errorf("ppm: %s %dx%d maxval %d not supported", magic, w, h, maxv)
	}
	if _, err := br.ReadByte(); err != nil { // the one white space after the header
		return nil, err
	}
	rgb := make([]byte, 3*w*h)
	if _, err := io.ReadFull(br, rgb); err != nil {
		return nil, fmt.Errorf("ppm pixels: %w", err)
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i, j := 0, 0; i < len(rgb); i, j = i+3, j+4 {
		img.Pix[j], img.Pix[j+1], img.Pix[j+2], img.Pix[j+3] = rgb[i], rgb[i+1], rgb[i+2], 255
	}
	return img, nil
}

// wholeBleedWidth returns the smallest width of at least min px at which
// the page's bleed is a whole number of pixels (to 0.001 px), or 0.
func wholeBleedWidth(p *display.Page, least int) int {
	for w := least; w < least+400; w++ {
		b := p.Bleed * float64(w) / p.Width
		if math.Abs(b-math.Round(b)) < 0.001 {
			return w
		}
	}
	return 0
}

func TestImagesMatchPoppler(t *testing.T) {
	needTool(t, "pdftoppm")
	dir, _ := buildSample(t)
	var m manifest.Manifest
	readJSON(t, filepath.Join(dir, "manifest.json"), &m)
	d := sampleDoc(t)
	if len(d.Pages) != len(m.Pages) {
		t.Fatalf("layout gives %d pages, the build %d", len(d.Pages), len(m.Pages))
	}
	pdf := filepath.Join(dir, "edition.pdf")
	width := wholeBleedWidth(&d.Pages[0], 1600)
	if width == 0 {
		t.Fatalf("no width near 1600 px has a whole pixel of bleed (%.2f pt on %.2f pt)", d.Pages[0].Bleed, d.Pages[0].Width)
	}
	t.Logf("comparing at %d px (%.4f dpi, bleed %.3f px)", width, 72*float64(width)/d.Pages[0].Width, d.Pages[0].Bleed*float64(width)/d.Pages[0].Width)
	var sumMean, sumPct float64
	for i := range d.Pages {
		ours, err := raster.Draw(d, i, width)
		if err != nil {
			t.Fatal(err)
		}
		theirs := poppler(t, pdf, i+1, &d.Pages[i], width, ours.Bounds().Dy())
		mean, pct := raster.Compare(ours, theirs)
		sumMean, sumPct = sumMean+mean, sumPct+pct
		t.Logf("page %2d: %d×%d px, mean abs diff %.2f, %.2f%% of pixels differ", i+1, ours.Bounds().Dx(), ours.Bounds().Dy(), mean, pct)
		if mean >= maxMeanDiff || pct >= maxPctDiff {
			t.Errorf("page %d differs from poppler's: mean %.2f (max %.1f), %.2f%% of pixels (max %.1f%%)", i+1, mean, maxMeanDiff, pct, maxPctDiff)
			saveDiff(t, i+1, ours, theirs)
		}
	}
	n := float64(len(d.Pages))
	t.Logf("all pages: mean abs diff %.2f, %.2f%% of pixels differ", sumMean/n, sumPct/n)
}

// TestPageImagesMatchPopplerAt1600 compares the published page images as
// a reader gets them (1600 px JPEGs) with poppler at their size. At 1600 px
// the bleed is 14.55 px, and cropping 15 would leave poppler's page 0.45 px
// off ours, so poppler renders a PDF of the same display list written
// without bleed, whose media box is the trimmed page.
func TestPageImagesMatchPopplerAt1600(t *testing.T) {
	needTool(t, "pdftoppm")
	dir, _ := buildSample(t)
	var m manifest.Manifest
	readJSON(t, filepath.Join(dir, "manifest.json"), &m)
	d := sampleDoc(t)
	trimmed := *d
	trimmed.Pages = append([]display.Page(nil), d.Pages...)
	for i := range trimmed.Pages {
		trimmed.Pages[i].Bleed = 0
	}
	var buf bytes.Buffer
	if err := pdfrender.Write(context.Background(), &buf, &trimmed, pdfrender.DefaultSettings()); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(t.TempDir(), "trimmed.pdf")
	if err := os.WriteFile(pdf, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var sumMean, sumPct float64
	for i, p := range m.Pages {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p.Image)))
		if err != nil {
			t.Fatal(err)
		}
		ours, err := jpeg.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("page %d: %v", p.Number, err)
		}
		if ours.Bounds().Dx() != 1600 {
			t.Errorf("page %d image is %d px wide", p.Number, ours.Bounds().Dx())
		}
		theirs := poppler(t, pdf, i+1, &trimmed.Pages[i], ours.Bounds().Dx(), ours.Bounds().Dy())
		// Pictures are resampled by other filters and JPEG rings around
		// fine line art, so they are held to their own bound; the text,
		// rules and boxes around them to the strict one.
		scale := float64(ours.Bounds().Dx()) / trimmed.Pages[i].Width
		var pics []image.Rectangle
		for _, it := range trimmed.Pages[i].Items {
			if im, ok := it.(*display.Image); ok {
				pics = append(pics, image.Rect(int(im.X*scale), int(im.Y*scale), int(math.Ceil((im.X+im.W)*scale)), int(math.Ceil((im.Y+im.H)*scale))))
			}
		}
		mean, pct, picMean := compareAround(ours, theirs, pics)
		sumMean, sumPct = sumMean+mean, sumPct+pct
		t.Logf("page %2d (%s): mean abs diff %.2f, %.2f%% of pixels differ outside pictures; mean abs diff %.2f in pictures", p.Number, p.Image, mean, pct, picMean)
		if mean >= maxMeanDiff+jpegLoss || pct >= maxPctDiff || picMean >= maxPicDiff {
			t.Errorf("page %d image differs from poppler's: mean %.2f (max %.1f), %.2f%% of pixels (max %.1f%%); in pictures mean %.2f (max %.1f)", p.Number, mean, maxMeanDiff+jpegLoss, pct, maxPctDiff, picMean, maxPicDiff)
			saveDiff(t, p.Number, ours, theirs)
		}
	}
	n := float64(len(m.Pages))
	t.Logf("all pages: mean abs diff %.2f, %.2f%% of pixels differ", sumMean/n, sumPct/n)
}

// saveDiff writes both renderings into EPAPER_SCREENSHOTS, when set, to look at.
func saveDiff(t *testing.T, n int, ours, theirs image.Image) {
	dir := os.Getenv("EPAPER_SCREENSHOTS")
	if dir == "" {
		return
	}
	os.MkdirAll(dir, 0o755)
	for name, img := range map[string]image.Image{"ours": ours, "poppler": theirs} {
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err == nil {
			os.WriteFile(filepath.Join(dir, fmt.Sprintf("page-%02d-%s.jpg", n, name)), buf.Bytes(), 0o644)
		}
	}
}

func TestShareImageOfRealBuild(t *testing.T) {
	dir, _ := buildSample(t)
	var m manifest.Manifest
	readJSON(t, filepath.Join(dir, "manifest.json"), &m)
	if m.Edition.Share != "share.jpg" {
		t.Fatalf("manifest edition.share = %q", m.Edition.Share)
	}
	b, err := os.ReadFile(filepath.Join(dir, m.Edition.Share))
	if err != nil {
		t.Fatal(err)
	}
	img, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if s := img.Bounds().Size(); s != (image.Point{1200, 630}) {
		t.Fatalf("share image %v, want 1200×630", s)
	}
	// It is the top of page 1: the same pixels as page 1 drawn at its
	// scale, JPEG aside.
	d := sampleDoc(t)
	ed, _, _ := editions.Sample()
	inset := min(ed.Page.Margins.Top.Pt(), ed.Page.Margins.Left.Pt(), ed.Page.Margins.Right.Pt()) / 2
	want, err := pipeline.ShareImage(d, 0, inset)
	if err != nil {
		t.Fatal(err)
	}
	mean, pct := raster.Compare(img, want)
	t.Logf("share.jpg against page 1 drawn again: mean abs diff %.2f, %.2f%% of pixels differ", mean, pct)
	if mean > 2 || pct > 1 {
		t.Errorf("share.jpg is not the top of page 1: mean %.2f, %.2f%%", mean, pct)
	}
	// and it has ink in it: the masthead
	white := image.NewGray(img.Bounds())
	for i := range white.Pix {
		white.Pix[i] = 255
	}
	ink, _ := raster.Compare(img, white)
	if ink < 10 {
		t.Errorf("share image is nearly blank (mean %.1f from white)", ink)
	}
}

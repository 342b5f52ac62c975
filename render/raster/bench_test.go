package raster

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"testing"

	"github.com/disintegration/imaging"

	"github.com/epaper/epaper/internal/jpg"
)

// BenchmarkDraw draws one 330×530 mm page of ~6,000 words of 9 pt text in
// six columns at 1600 px, with a warm glyph cache.
func BenchmarkDraw(b *testing.B) {
	doc := benchDoc(b, 1)
	if _, err := Draw(doc, 0, 1600); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Draw(doc, 0, 1600); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/page")
}

// BenchmarkRenderAll draws and encodes 24 such pages, page image and
// thumbnail, with the default settings.
func BenchmarkRenderAll(b *testing.B) {
	doc := benchDoc(b, 24)
	s := DefaultSettings()
	var size int
	cpu := cpuTime()
	for b.Loop() {
		out, err := RenderAll(context.Background(), doc, s)
		if err != nil {
			b.Fatal(err)
		}
		size = 0
		for _, o := range out {
			size += len(o.Image) + len(o.Thumb)
		}
	}
	// On a busy machine the wall time mostly measures the neighbours; the
	// CPU time (all workers, so including any GC) does not.
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/24, "ms/page")
	b.ReportMetric(float64((cpuTime()-cpu).Milliseconds())/float64(b.N)/24, "cpu-ms/page")
	b.ReportMetric(float64(size)/24/1024, "KB/page")
}

// BenchmarkEncode measures JPEG encoding alone on one drawn page, grey and
// colour (the 4:2:0 YCbCr colour pages are drawn in), with internal/jpg's
// encoder and with image/jpeg's.
func BenchmarkEncode(b *testing.B) {
	doc := benchDoc(b, 1)
	page, err := Draw(doc, 0, 1600)
	if err != nil {
		b.Fatal(err)
	}
	ycc := image.NewYCbCr(page.Bounds(), image.YCbCrSubsampleRatio420)
	copy(ycc.Y, page.(*image.Gray).Pix)
	fill(ycc.Cb, 0x80)
	fill(ycc.Cr, 0x80)
	for _, c := range []struct {
		name string
		img  image.Image
	}{{"gray", page}, {"ycbcr", ycc}} {
		for _, enc := range []struct {
			name string
			f    func(image.Image, int) ([]byte, error)
		}{{"jpg", jpg.Encode}, {"stdlib", stdEncode}} {
			b.Run(c.name+"/"+enc.name, func(b *testing.B) {
				var n int
				for b.Loop() {
					buf, err := enc.f(c.img, 82)
					if err != nil {
						b.Fatal(err)
					}
					n = len(buf)
				}
				b.ReportMetric(float64(n)/1024, "KB")
			})
		}
	}
}

// BenchmarkThumbnail measures the 300 px thumbnail of a grey 1600 px page,
// area-averaged here and box-filtered by imaging.
func BenchmarkThumbnail(b *testing.B) {
	doc := benchDoc(b, 1)
	page, err := Draw(doc, 0, 1600)
	if err != nil {
		b.Fatal(err)
	}
	th := page.Bounds().Dy() * 300 / 1600
	b.Run("raster", func(b *testing.B) {
		for b.Loop() {
			thumbnail(page, 300, th)
		}
	})
	b.Run("imaging", func(b *testing.B) {
		for b.Loop() {
			imaging.Resize(page, 300, th, imaging.Box)
		}
	})
}

func stdEncode(img image.Image, q int) ([]byte, error) {
	var buf bytes.Buffer
	err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: q})
	return buf.Bytes(), err
}

package pipeline

import (
	"bytes"
	"context"
	"time"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/internal/work"
	"github.com/epaper/epaper/publish"
	"github.com/epaper/epaper/render/pdf"
	"github.com/epaper/epaper/render/raster"
)

// startPDF writes the edition PDF into the folder in the background; the
// function it returns waits for it and says how long it took. The display
// list is read-only from here on.
func startPDF(ctx context.Context, doc *display.Document, folder *publish.Folder, s pdf.Settings) (wait func() (time.Duration, error)) {
	var took time.Duration
	done := work.Go(func() error {
		t0 := time.Now()
		defer func() { took = time.Since(t0) }()
		var buf bytes.Buffer
		if err := pdf.Write(ctx, &buf, doc, s); err != nil {
			return err
		}
		return folder.WriteFile("edition.pdf", buf.Bytes())
	})
	return func() (time.Duration, error) {
		err := done()
		return took, err
	}
}

// writePagePDFs writes each page as a PDF of its own, for downloads.
func writePagePDFs(ctx context.Context, cfg Config, doc *display.Document, folder *publish.Folder) error {
	if cfg.PDFOnly {
		return nil
	}
	return work.Each(ctx, cfg.Workers, len(doc.Pages), func(_, i int) error {
		var buf bytes.Buffer
		if err := pdf.WritePage(ctx, &buf, doc, i, cfg.PDF); err != nil {
			return err
		}
		return folder.WriteFile(publish.PagePDF(i), buf.Bytes())
	})
}

// writePageImages draws and writes each page's image and thumbnail.
func writePageImages(ctx context.Context, cfg Config, doc *display.Document, folder *publish.Folder) error {
	if !cfg.Images || cfg.PDFOnly {
		return nil
	}
	outs, err := raster.RenderAll(ctx, doc, cfg.Raster)
	if err != nil {
		return err
	}
	for i, o := range outs {
		if err := folder.WriteFile(publish.PageImage(i), o.Image); err != nil {
			return err
		}
		if err := folder.WriteFile(publish.Thumbnail(i), o.Thumb); err != nil {
			return err
		}
	}
	return nil
}

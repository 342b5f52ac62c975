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

// writePagePDFs writes each page as a PDF of its own, for downloads; a
// locked page's is copied from the edition last published.
func writePagePDFs(ctx context.Context, cfg Config, laid *Laid, prev string, folder *publish.Folder) error {
	if cfg.PDFOnly {
		return nil
	}
	doc := laid.Made.Doc
	return work.Each(ctx, cfg.Workers, len(doc.Pages), func(_, i int) error {
		if laid.Locked[i+1] != nil {
			return copyLocked(prev, publish.PagePDF(i), folder)
		}
		var buf bytes.Buffer
		if err := pdf.WritePage(ctx, &buf, doc, i, cfg.PDF); err != nil {
			return err
		}
		return folder.WriteFile(publish.PagePDF(i), buf.Bytes())
	})
}

// writePageImages draws and writes each page's image and thumbnail; a
// locked page's are copied from the edition last published.
func writePageImages(ctx context.Context, cfg Config, laid *Laid, prev string, folder *publish.Folder) error {
	if !cfg.Images || cfg.PDFOnly {
		return nil
	}
	doc := laid.Made.Doc
	var draw []int
	for i := range doc.Pages {
		if laid.Locked[i+1] != nil {
			for _, name := range []string{publish.PageImage(i), publish.Thumbnail(i)} {
				if err := copyLocked(prev, name, folder); err != nil {
					return err
				}
			}
			continue
		}
		draw = append(draw, i)
	}
	outs, err := raster.RenderPages(ctx, doc, draw, cfg.Raster)
	if err != nil {
		return err
	}
	for _, o := range outs {
		if err := folder.WriteFile(publish.PageImage(o.Page), o.Image); err != nil {
			return err
		}
		if err := folder.WriteFile(publish.Thumbnail(o.Page), o.Thumb); err != nil {
			return err
		}
	}
	return nil
}

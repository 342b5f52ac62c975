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

// writePagePDFs writes each page as a PDF of its own, for downloads: a
// locked page's copied from the edition last published, with a Cache a
// page unchanged since the process drew it from the Cache.
func writePagePDFs(ctx context.Context, cfg Config, laid *Laid, prev string, digests [][32]byte, folder *publish.Folder) error {
	if cfg.PDFOnly {
		return nil
	}
	doc := laid.Made.Doc
	return work.Each(ctx, cfg.Workers, len(doc.Pages), func(_, i int) error {
		if laid.Locked[i+1] != nil {
			return copyLocked(prev, publish.PagePDF(i), folder)
		}
		var k [32]byte
		if digests != nil {
			// a page PDF also carries the document's details, and its
			// number when the page has no label
			k = key("page pdf", digests[i], i, doc.Title, doc.Author, doc.Subject, doc.Keywords, doc.Created, cfg.PDF)
			if d, ok := cfg.Cache.get(k); ok {
				cfg.Cache.count(true, true)
				return folder.WriteFile(publish.PagePDF(i), d.a)
			}
		}
		var buf bytes.Buffer
		if err := pdf.WritePage(ctx, &buf, doc, i, cfg.PDF); err != nil {
			return err
		}
		if digests != nil {
			cfg.Cache.put(k, drawn{a: buf.Bytes()})
			cfg.Cache.count(true, false)
		}
		return folder.WriteFile(publish.PagePDF(i), buf.Bytes())
	})
}

// writePageImages draws and writes each page's image and thumbnail: a
// locked page's copied from the edition last published, with a Cache
// only the pages that changed drawn.
func writePageImages(ctx context.Context, cfg Config, laid *Laid, prev string, digests [][32]byte, folder *publish.Folder) error {
	if !cfg.Images || cfg.PDFOnly {
		return nil
	}
	doc := laid.Made.Doc
	outs := make([]drawn, len(doc.Pages))
	keys := make([][32]byte, len(doc.Pages))
	var todo []int
	for i := range doc.Pages {
		if laid.Locked[i+1] != nil {
			for _, name := range []string{publish.PageImage(i), publish.Thumbnail(i)} {
				if err := copyLocked(prev, name, folder); err != nil {
					return err
				}
			}
			continue
		}
		if digests == nil {
			todo = append(todo, i)
			continue
		}
		// the workers change how fast, never what, a page is drawn
		s := cfg.Raster
		s.Workers = 0
		keys[i] = key("page image", digests[i], s)
		d, ok := cfg.Cache.get(keys[i])
		cfg.Cache.count(false, ok)
		if ok {
			outs[i] = d
		} else {
			todo = append(todo, i)
		}
	}
	if len(todo) > 0 {
		drawnNow, err := raster.RenderPages(ctx, doc, todo, cfg.Raster)
		if err != nil {
			return err
		}
		for k, o := range drawnNow {
			i := todo[k]
			outs[i] = drawn{a: o.Image, b: o.Thumb}
			if digests != nil {
				cfg.Cache.put(keys[i], outs[i])
			}
		}
	}
	for i, o := range outs {
		if laid.Locked[i+1] != nil {
			continue
		}
		if err := folder.WriteFile(publish.PageImage(i), o.a); err != nil {
			return err
		}
		if err := folder.WriteFile(publish.Thumbnail(i), o.b); err != nil {
			return err
		}
	}
	return nil
}

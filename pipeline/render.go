package pipeline

import (
	"bytes"
	"context"
	"time"

	"github.com/epaper/epaper/internal/work"
	"github.com/epaper/epaper/publish"
	"github.com/epaper/epaper/render/pdf"
	"github.com/epaper/epaper/render/raster"
)

// startPDF writes the edition PDF into the folder in the background, and
// each page's PDF cut from it (a locked page's copied from the edition last
// published); the function it returns waits for them and says how long
// they took. The display list is read-only from here on.
func startPDF(ctx context.Context, cfg Config, laid *Laid, prev string, digests [][32]byte, folder *publish.Folder) (wait func() (time.Duration, error)) {
	return inBackground(func() error {
		doc := laid.Made.Doc
		// pages drawn the same by another edition of the run are not
		// drawn again
		var kept pdf.Kept
		if c := cfg.Shared.contents(); c != nil && digests != nil {
			kept = pdf.Kept{Contents: c, Digests: digests}
		}
		f, err := pdf.RenderKept(ctx, doc, cfg.PDF, kept)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			return err
		}
		if err := folder.WriteFile("edition.pdf", buf.Bytes()); err != nil {
			return err
		}
		if cfg.PDFOnly {
			return nil
		}
		for i := range doc.Pages {
			if err := ctx.Err(); err != nil {
				return err
			}
			if laid.Locked[i+1] != nil {
				if err := copyLocked(prev, publish.PagePDF(i), folder); err != nil {
					return err
				}
				continue
			}
			buf.Reset()
			if err := f.WritePage(&buf, i); err != nil {
				return err
			}
			if err := folder.WriteFile(publish.PagePDF(i), buf.Bytes()); err != nil {
				return err
			}
		}
		return nil
	})
}

// inBackground runs fn on a goroutine of its own; the function it returns
// waits for it and says how long it took there.
func inBackground(fn func() error) (wait func() (time.Duration, error)) {
	var took time.Duration
	done := work.Go(func() error {
		t0 := time.Now()
		defer func() { took = time.Since(t0) }()
		return fn()
	})
	return func() (time.Duration, error) {
		err := done()
		return took, err
	}
}

// reuse looks an output up by key in the Cache (the last build of this
// edition) and in the run's Shared (the other editions). When neither has
// it, it returns keep, which the caller must call with what it drew (ok
// false when it could not draw it), to hand it to both.
func reuse(cfg Config, k [32]byte) (d drawn, found bool, keep func(d drawn, ok bool)) {
	if d, ok := cfg.Cache.get(k); ok {
		return d, true, nil
	}
	d, ok, done := cfg.Shared.page(k)
	if ok {
		cfg.Cache.put(k, d)
		return d, true, nil
	}
	return drawn{}, false, func(d drawn, ok bool) {
		if ok {
			cfg.Cache.put(k, d)
		}
		done(d, ok)
	}
}

// drawOnce draws what reuse did not find and hands it to keep; keep is
// called whatever becomes of draw, a panic included, so that no other
// build waits for it for ever.
func drawOnce(keep func(drawn, bool), draw func() (drawn, error)) (d drawn, err error) {
	ok := false
	defer func() {
		if !ok {
			keep(drawn{}, false)
		}
	}()
	if d, err = draw(); err != nil {
		return d, err
	}
	ok = true
	keep(d, true)
	return d, nil
}

// writePageImages draws and writes each page's image and thumbnail: a
// locked page's copied from the edition last published, a page the same
// as one drawn before (by the last build, with a Cache, or another edition
// of the run) as it was drawn then. Each page's files are written as soon
// as they are encoded, so no more pages are in memory than there are
// workers drawing them.
func writePageImages(ctx context.Context, cfg Config, laid *Laid, prev string, digests [][32]byte, folder *publish.Folder) error {
	if !cfg.Images || cfg.PDFOnly {
		return nil
	}
	doc := laid.Made.Doc
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
		todo = append(todo, i)
	}
	// the workers change how fast, never what, a page is drawn
	s := cfg.Raster
	s.Workers = 0
	return raster.RenderEach(ctx, doc, todo, cfg.Raster, func(k int, render func() (raster.Output, error)) error {
		i := todo[k]
		if digests == nil {
			o, err := render()
			if err != nil {
				return err
			}
			return writePage(folder, i, drawn{a: o.Image, b: o.Thumb})
		}
		d, found, keep := reuse(cfg, key("page image", digests[i], s))
		cfg.Cache.count(found)
		if !found {
			var err error
			d, err = drawOnce(keep, func() (drawn, error) {
				o, err := render()
				// the worker's buffers are its own again after this
				return drawn{a: bytes.Clone(o.Image), b: bytes.Clone(o.Thumb)}, err
			})
			if err != nil {
				return err
			}
		}
		return writePage(folder, i, d)
	})
}

// writePage writes page i's image and thumbnail.
func writePage(folder *publish.Folder, i int, d drawn) error {
	if err := folder.WriteFile(publish.PageImage(i), d.a); err != nil {
		return err
	}
	return folder.WriteFile(publish.Thumbnail(i), d.b)
}

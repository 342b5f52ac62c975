package pipeline

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/editions"
)

// sampleStories returns the bundled sample stories as a folder a test may
// change.
func sampleStories(t *testing.T) fstest.MapFS {
	t.Helper()
	_, fsys, err := editions.Sample()
	if err != nil {
		t.Fatal(err)
	}
	out := fstest.MapFS{}
	err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		out[p] = &fstest.MapFile{Data: b, Mode: 0o644}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// files returns every file under dir by its slash path.
func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// A build that takes what it can from the last one's Cache writes what a
// build without one writes, byte for byte, after a story has changed; and
// it did reuse pictures and pages (so the comparison compares something).
func TestCacheGivesTheSameBytes(t *testing.T) {
	if testing.Short() {
		t.Skip("three builds of the sample edition")
	}
	stories := sampleStories(t)
	cfg := sampleConfig(t, true)
	cfg.Stories = stories
	cfg.Cache = NewCache()
	// smaller pictures and page images: the same work, sooner
	cfg.Raster.Width, cfg.Raster.ThumbWidth, cfg.Photo.DPI = 500, 100, 60
	if _, err := Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	first := cfg.Cache.LastBuild()
	if first.PagesReused != 0 || first.PagesDrawn == 0 {
		t.Errorf("first build with an empty cache: %+v", first)
	}
	// the desk changes a sentence of one story
	const name = "wikinews/2019-07-10-benin-nigeria-join-african-union-continental-free-trade-bloc.md"
	f := stories[name]
	old := "met in Niamey, Niger's capital,"
	if !bytes.Contains(f.Data, []byte(old)) {
		t.Fatalf("%s no longer says %q", name, old)
	}
	f.Data = bytes.Replace(f.Data, []byte(old), []byte("met on a hot day in Niamey, the capital of Niger,"), 1)
	pictures := cfg.Cache.photos.Reused()
	if _, err := Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	second := cfg.Cache.LastBuild()
	if second.PagesReused == 0 || second.PagesDrawn == 0 {
		t.Errorf("second build after one story changed: %+v, want some pages reused and some drawn", second)
	}
	if cfg.Cache.photos.Reused() == pictures {
		t.Error("no picture was reused")
	}
	fresh := cfg
	fresh.Cache, fresh.Out = nil, t.TempDir()
	if _, err := Run(context.Background(), fresh); err != nil {
		t.Fatal(err)
	}
	got, want := files(t, cfg.Out), files(t, fresh.Out)
	if len(got) != len(want) {
		t.Errorf("%d files with the cache, %d without", len(got), len(want))
	}
	for p, w := range want {
		if !bytes.Equal(got[p], w) {
			t.Errorf("%s differs from the build without a cache", p)
		}
	}
}

// The page digest reads every field of the display list: a field it does
// not know of could change a page while the cache hands out its old
// drawing. When this fails, add the new field to pageDigest and here.
func TestPageDigestCoversDisplay(t *testing.T) {
	known := map[string]string{
		"Page":  "Width Height Bleed Items Links Label",
		"Text":  "Font Size X Y Color Text Glyphs Tracking Expand",
		"Glyph": "ID Advance XOff YOff Rune",
		"Image": "X Y W H Key Data Pix Whole Src Crop From",
		"Rect":  "X Y W H Fill Stroke StrokeWidth",
		"Line":  "X1 Y1 X2 Y2 Width Color",
		"Link":  "X Y W H Page TargetY URL",
		"Color": "R G B",
	}
	for _, v := range []any{display.Page{}, display.Text{}, display.Glyph{}, display.Image{}, display.Rect{}, display.Line{}, display.Link{}, display.Color{}} {
		typ := reflect.TypeOf(v)
		var fields []string
		for i := range typ.NumField() {
			fields = append(fields, typ.Field(i).Name)
		}
		want := strings.Fields(known[typ.Name()])
		slices.Sort(fields)
		slices.Sort(want)
		if !slices.Equal(fields, want) {
			t.Errorf("display.%s has fields %v; the page digest knows %v", typ.Name(), fields, want)
		}
	}
}

// Two pages that differ in any one thing have different digests.
func TestPageDigestSeesChanges(t *testing.T) {
	red := display.Color{R: 200}
	base := func() *display.Document {
		return &display.Document{
			Fonts: map[string][]byte{"f": []byte("font one")},
			Pages: []display.Page{{Width: 100, Height: 200, Label: "1", Items: []display.Item{
				&display.Text{Font: "f", Size: 9, X: 1, Y: 2, Text: "ab", Glyphs: []display.Glyph{{ID: 1, Advance: 500, Rune: 'a'}, {ID: 2, Advance: 500, Rune: 'b'}}},
				&display.Image{X: 1, Y: 1, W: 10, H: 10, Key: "k", Data: []byte("jpeg"), Src: "a.jpg"},
				&display.Rect{X: 1, W: 2, H: 2, Fill: &red},
				&display.Line{X2: 5, Width: 1},
			}, Links: []display.Link{{X: 1, W: 2, H: 2, Page: 0}}}},
		}
	}
	d0 := pageDigest(base(), 0, map[string][32]byte{})
	if d1 := pageDigest(base(), 0, map[string][32]byte{}); d1 != d0 {
		t.Fatal("the same page gives two digests")
	}
	for name, change := range map[string]func(*display.Document){
		"font bytes":  func(d *display.Document) { d.Fonts["f"] = []byte("font two") },
		"glyph":       func(d *display.Document) { d.Pages[0].Items[0].(*display.Text).Glyphs[1].ID = 3 },
		"tracking":    func(d *display.Document) { d.Pages[0].Items[0].(*display.Text).Tracking = 0.1 },
		"picture":     func(d *display.Document) { d.Pages[0].Items[1].(*display.Image).Data = []byte("jpef") },
		"crop":        func(d *display.Document) { d.Pages[0].Items[1].(*display.Image).Crop[2] = 0.5 },
		"whole":       func(d *display.Document) { d.Pages[0].Items[1].(*display.Image).Whole = true },
		"fill":        func(d *display.Document) { d.Pages[0].Items[2].(*display.Rect).Fill = &display.Color{R: 201} },
		"no fill":     func(d *display.Document) { d.Pages[0].Items[2].(*display.Rect).Fill = nil },
		"rule colour": func(d *display.Document) { d.Pages[0].Items[3].(*display.Line).Color = red },
		"link":        func(d *display.Document) { d.Pages[0].Links[0].URL = "https://example.org" },
		"label":       func(d *display.Document) { d.Pages[0].Label = "2" },
		"order": func(d *display.Document) {
			it := d.Pages[0].Items
			it[2], it[3] = it[3], it[2]
		},
	} {
		d := base()
		change(d)
		if pageDigest(d, 0, map[string][32]byte{}) == d0 {
			t.Errorf("changing the %s leaves the digest as it was", name)
		}
	}
}

// BenchmarkRebuildSample is a rebuild of the sample edition after one
// story changed, with the Cache of the build before, as epaper serve
// --watch runs it: each iteration changes the same sentence back or forth.
func BenchmarkRebuildSample(b *testing.B) {
	ed, fsys, err := editions.Sample()
	if err != nil {
		b.Fatal(err)
	}
	stories := fstest.MapFS{}
	fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := fs.ReadFile(fsys, p)
			stories[p] = &fstest.MapFile{Data: data}
		}
		return err
	})
	cfg := DefaultConfig()
	cfg.Edition, cfg.Stories, cfg.Date, cfg.Out = ed, stories, editions.SampleDate, b.TempDir()
	cfg.Cache = NewCache()
	if _, err := Run(context.Background(), cfg); err != nil {
		b.Fatal(err)
	}
	f := stories["wikinews/2019-07-10-benin-nigeria-join-african-union-continental-free-trade-bloc.md"]
	a, c := []byte("met in Niamey, Niger's capital,"), []byte("met on a hot day in Niamey, the capital of Niger,")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%2 == 0 {
			f.Data = bytes.Replace(f.Data, a, c, 1)
		} else {
			f.Data = bytes.Replace(f.Data, c, a, 1)
		}
		if _, err := Run(context.Background(), cfg); err != nil {
			b.Fatal(err)
		}
	}
	r := cfg.Cache.LastBuild()
	b.ReportMetric(float64(r.PagesDrawn), "pages-drawn")
	b.ReportMetric(float64(r.PagesReused), "pages-reused")
}

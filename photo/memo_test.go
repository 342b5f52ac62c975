package photo

import (
	"bytes"
	"context"
	"testing"
	"testing/fstest"

	"github.com/epaper/epaper/display"
)

// A Memo hands back a picture prepared from the same bytes for the same
// box, and prepares it again when the file or the box changed.
func TestMemo(t *testing.T) {
	fsys := fstest.MapFS{"a.png": {Data: pngOf(t, 120)}, "b.png": {Data: pngOf(t, 255)}}
	doc := func() *display.Document {
		return &display.Document{Pages: []display.Page{{Items: []display.Item{
			&display.Image{X: 10, Y: 20, W: 120, H: 80, Src: "a.png"},
			&display.Image{X: 140, Y: 20, W: 120, H: 80, Src: "b.png"},
		}}}}
	}
	prepare := func(m *Memo, d *display.Document) *display.Document {
		t.Helper()
		if _, _, err := m.PrepareDocument(context.Background(), d, Sources{Stories: fsys}, DefaultSettings(), 2, nil); err != nil {
			t.Fatal(err)
		}
		return d
	}
	fresh := prepare(nil, doc())
	m := NewMemo()
	prepare(m, doc())
	if m.Reused() != 0 {
		t.Fatalf("an empty memo reused %d pictures", m.Reused())
	}
	again := prepare(m, doc())
	if m.Reused() != 2 {
		t.Errorf("the same pictures again: %d reused, want 2", m.Reused())
	}
	if len(again.Pages[0].Items) != len(fresh.Pages[0].Items) {
		t.Fatalf("%d items with the memo, %d without: the keyline differs", len(again.Pages[0].Items), len(fresh.Pages[0].Items))
	}
	for i, it := range fresh.Pages[0].Items {
		if im, ok := it.(*display.Image); ok && !bytes.Equal(im.Data, again.Pages[0].Items[i].(*display.Image).Data) {
			t.Errorf("item %d: other bytes with the memo", i)
		}
	}
	// a.png is replaced, and b.png set in a smaller box: both prepared again
	fsys["a.png"] = &fstest.MapFile{Data: pngOf(t, 100)}
	d := doc()
	d.Pages[0].Items[1].(*display.Image).W = 60
	prepare(m, d)
	if m.Reused() != 2 {
		t.Errorf("changed pictures were reused: %d reused in all, want still 2", m.Reused())
	}
}

package photo

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/story"
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

// TestSharedKnowsFilesAsTheyStand checks that a run's second check of a
// picture that has not changed takes the first's result without reading
// it, and that a picture changed since (its size and time) is read again.
func TestSharedKnowsFilesAsTheyStand(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.jpg")
	good := encodeJPEG(t, 64, 48)
	if err := os.WriteFile(path, good, 0o644); err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(dir)
	s := DefaultSettings()
	s.Shared = NewShared(nil)
	checkOnce := func() (map[string]Size, int) {
		st := &story.Story{File: "s.md", Images: []story.Image{{File: "a.jpg", Line: 3}}}
		sizes, probs, err := CheckStories(context.Background(), fsys, []*story.Story{st}, s, 1)
		if err != nil {
			t.Fatal(err)
		}
		return sizes, len(probs)
	}
	for range 2 {
		if sizes, n := checkOnce(); n != 0 || sizes["a.jpg"] != (Size{64, 48}) {
			t.Fatalf("sizes %v, %d problems", sizes, n)
		}
	}
	if st := s.Shared.Stats(); st.Checked != 1 || st.ChecksReused != 1 {
		t.Errorf("stats %+v, want one check and one reused", st)
	}
	// the desk puts another picture in its place, and then a broken copy
	later := time.Now()
	for _, c := range []struct {
		data   []byte
		broken bool
	}{{encodeJPEG(t, 32, 24), false}, {good[:len(good)/2], true}} {
		if err := os.WriteFile(path, c.data, 0o644); err != nil {
			t.Fatal(err)
		}
		later = later.Add(time.Minute)
		if err := os.Chtimes(path, later, later); err != nil {
			t.Fatal(err)
		}
		sizes, n := checkOnce()
		if c.broken {
			if n != 1 || len(sizes) != 0 {
				t.Errorf("the broken copy: sizes %v, %d problems; want it left out", sizes, n)
			}
		} else if n != 0 || sizes["a.jpg"] != (Size{32, 24}) {
			t.Errorf("the new picture: sizes %v, %d problems", sizes, n)
		}
	}
	if st := s.Shared.Stats(); st.Checked != 2 {
		t.Errorf("stats %+v, want the changed file checked again", st)
	}
}

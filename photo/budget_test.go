package photo

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/story"
)

func encodePNG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodeJPEG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), uint8(x ^ y), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// progressive marks a baseline JPEG's frame as progressive (SOF2): its
// header then reads as a progressive picture's, which is all Header reads.
func progressive(t *testing.T, data []byte) []byte {
	t.Helper()
	out := append([]byte{}, data...)
	i := bytes.Index(out, []byte{0xff, 0xc0})
	if i < 0 {
		t.Fatal("no SOF0 marker")
	}
	out[i+1] = 0xc2
	return out
}

// Header estimates the memory a picture takes to decode from its header
// alone: width × height × the bytes per pixel its colour model and bit
// depth give, with a progressive JPEG's coefficients and an interlaced
// PNG's passes on top.
func TestProbeDecodedBytes(t *testing.T) {
	const w, h = 100, 80
	rgb16 := image.NewRGBA64(image.Rect(0, 0, w, h))
	for i := range rgb16.Pix {
		rgb16.Pix[i] = 0xff
	}
	rgba8 := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := range rgba8.Pix {
		rgba8.Pix[i] = uint8(i)
	}
	jpg := encodeJPEG(t, w, h) // 4:2:0: 1.5 bytes a pixel
	fsys := fstest.MapFS{
		"rgb16.png": {Data: encodePNG(t, rgb16)},
		"gray.png":  {Data: encodePNG(t, image.NewGray(image.Rect(0, 0, w, h)))},
		"rgba.png":  {Data: encodePNG(t, rgba8)},
		"base.jpg":  {Data: jpg},
		"prog.jpg":  {Data: progressive(t, jpg)},
	}
	px := int64(w * h)
	for name, want := range map[string]int64{
		"rgb16.png": 8 * px,
		"gray.png":  px,
		"rgba.png":  4 * px,
		"base.jpg":  px + 2*px/4,
		"prog.jpg":  5 * (px + 2*px/4),
	} {
		info, err := Header(fsys, name, DefaultSettings())
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if info.W != w || info.H != h || info.Bytes < want || info.Bytes > want+want/10 {
			t.Errorf("%s: %+v, want %dx%d and about %d bytes", name, info, w, h, want)
		}
	}
	// a picture over the per-picture budget is refused before it is
	// decoded, whatever its pixel count; a lighter one of the same size is not
	s := DefaultSettings()
	s.MaxDecodeBytes = 6 * px
	if _, err := Header(fsys, "rgb16.png", s); err == nil || !strings.Contains(err.Error(), "to decode") {
		t.Errorf("16-bit picture over the budget: %v", err)
	}
	if _, err := Header(fsys, "rgba.png", s); err != nil {
		t.Errorf("8-bit picture within the budget: %v", err)
	}
}

// The budget bounds the memory of the pictures being decoded at once,
// whatever the number of workers: weights are taken in turn and never add
// up to more than its size, and a weight over its size waits to run alone.
func TestBudgetBoundsPicturesAtOnce(t *testing.T) {
	b := NewBudget(100)
	var mu sync.Mutex
	inUse, peak := int64(0), int64(0)
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			n := int64(30 + i%4*20) // 30 to 90, and one over the size
			if i == 7 {
				n = 250
			}
			release, err := b.acquire(context.Background(), n)
			if err != nil {
				t.Error(err)
				return
			}
			w := min(n, 100)
			mu.Lock()
			inUse += w
			peak = max(peak, inUse)
			mu.Unlock()
			mu.Lock()
			inUse -= w
			mu.Unlock()
			release()
		})
	}
	wg.Wait()
	if peak > 100 {
		t.Errorf("%d bytes at once, more than the budget of 100", peak)
	}
	// a cancelled context gives up waiting
	release, _ := b.acquire(context.Background(), 100)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := b.acquire(ctx, 10); err == nil {
		t.Error("acquire waited through a cancelled context")
	}
	release()
}

// A picture whose header is fine but whose data is not (a truncated JPEG)
// is found when the stories' pictures are checked, before make-up: the
// story runs without it, with a problem naming the story's file and the
// line that names the picture, and no grey box is ever drawn for it.
func TestBrokenPictureLeftOutBeforeMakeUp(t *testing.T) {
	good := encodeJPEG(t, 120, 90)
	fsys := fstest.MapFS{
		"photos/good.jpg":  {Data: good},
		"photos/trunc.jpg": {Data: good[:len(good)*2/3]},
		"photos/junk.png":  {Data: append(encodePNG(t, image.NewGray(image.Rect(0, 0, 50, 50)))[:60], make([]byte, 40)...)},
	}
	st := &story.Story{ID: "s", File: "desk/s.md", Images: []story.Image{
		{File: "photos/trunc.jpg", Line: 8}, {File: "photos/good.jpg", Line: 10}, {File: "photos/junk.png", Line: 12},
	}}
	sizes, probs, err := CheckStories(context.Background(), fsys, []*story.Story{st}, DefaultSettings(), 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Images) != 1 || st.Images[0].File != "photos/good.jpg" {
		t.Errorf("images kept %+v, want the good one", st.Images)
	}
	if sizes["photos/good.jpg"] != (Size{120, 90}) || len(sizes) != 1 {
		t.Errorf("sizes %v", sizes)
	}
	lines := map[int]bool{}
	for _, p := range probs {
		if p.File != "desk/s.md" || p.Story != "s" || !strings.Contains(p.Msg, "left out") {
			t.Errorf("problem %+v", p)
		}
		lines[p.Line] = true
	}
	if len(probs) != 2 || !lines[8] || !lines[12] {
		t.Errorf("problems %v, want one each for the truncated JPEG and the broken PNG", probs)
	}
	// the pages then hold the good picture only, drawn
	im := &display.Image{W: 100, H: 75, Src: "photos/good.jpg"}
	doc := &display.Document{Pages: []display.Page{{Items: []display.Item{im}}}}
	if probs, _, err := PrepareDocument(context.Background(), doc, Sources{Stories: fsys}, DefaultSettings(), 2, nil); err != nil || len(probs) > 0 || im.Data == nil {
		t.Errorf("prepare: %v %v", probs, err)
	}
}

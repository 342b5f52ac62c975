package photo

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/epaper/epaper/display"
)

// photoJPEG is a w×h photo-like JPEG: gradients and an edge, in colour.
func photoJPEG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{uint8(40 + 150*x/w), uint8(60 + 120*y/h), 90, 255}
			if x > w/2 && y > h/3 {
				c = color.RGBA{30, 30, 30, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func infoOf(t testing.TB, data []byte) Info {
	t.Helper()
	info, err := header(bytes.NewReader(data), int64(len(data)), DefaultSettings())
	if err != nil {
		t.Fatal(err)
	}
	return info
}

// A JPEG at or under the print resolution of its box goes into the PDF as
// it was sent, whole when the box shows a part of it; a larger one, a PNG,
// or any picture with pass-through turned off is made again at the box's
// resolution.
func TestPassThrough(t *testing.T) {
	s := DefaultSettings()
	small := photoJPEG(t, 400, 300) // 144×108 pt at 200 dpi
	big := photoJPEG(t, 1600, 1200)
	for _, c := range []struct {
		name        string
		data        []byte
		r           Request
		s           Settings
		pass, whole bool
		pdfW        int // the width of the PDF's picture when made again
	}{
		{"fits, all of it", small, Request{W: 200, H: 150}, s, true, false, 0},
		{"fits, cropped", small, Request{Crop: [4]float64{0, 0.1, 1, 0.8}, W: 200, H: 120}, s, true, true, 0},
		{"fits, a small part", small, Request{Crop: [4]float64{0.25, 0.25, 0.5, 0.5}, W: 200, H: 150}, s, false, false, 200},
		{"larger than its box", big, Request{W: 200, H: 150}, s, false, false, 556},
		{"pass-through off", small, Request{W: 200, H: 150}, Settings{MaxBytes: s.MaxBytes, MaxPixels: s.MaxPixels, MaxSide: s.MaxSide, DPI: 200, Quality: 85}, false, false, 400},
	} {
		p, err := Prepare(c.data, infoOf(t, c.data), c.r, c.s)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := bytes.Equal(p.Data, c.data); got != c.pass {
			t.Errorf("%s: passed through %v, want %v", c.name, got, c.pass)
		}
		if p.Whole != c.whole {
			t.Errorf("%s: whole %v, want %v", c.name, p.Whole, c.whole)
		}
		if !c.pass {
			m, err := jpeg.Decode(bytes.NewReader(p.Data))
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if m.Bounds().Dx() != c.pdfW {
				t.Errorf("%s: the PDF's picture is %d px across, want %d", c.name, m.Bounds().Dx(), c.pdfW)
			}
		}
	}
}

// A picture much larger than its box is decoded at the smallest DCT scale
// that still covers what the PDF and the page image need of it.
func TestDecodeScaleFollowsBox(t *testing.T) {
	info := Info{W: 1600, H: 1200, Format: "jpeg", Bytes: 1600 * 1200 * 3 / 2}
	noPass := DefaultSettings()
	noPass.PassThrough = false
	if p, _ := planFor(info, Request{W: 600, H: 450}, noPass); p.shift != 0 {
		t.Errorf("a box of 1667 px made again: decoded at 1/%d, want whole", 1<<p.shift)
	}
	for _, c := range []struct {
		r     Request
		shift int
	}{
		{Request{W: 600, H: 450}, 3},                                  // 1667 px at 200 dpi: passed through, decoded to look at its edges
		{Request{W: 250, H: 187.5}, 1},                                // 694 px: a half (800) covers it
		{Request{W: 100, H: 75}, 2},                                   // 278 px: a quarter (400)
		{Request{W: 40, H: 30}, 3},                                    // 111 px: an eighth (200)
		{Request{W: 40, H: 30, PixW: 300, PixH: 225}, 2},              // the page image needs more
		{Request{Crop: [4]float64{0, 0, 0.5, 0.5}, W: 100, H: 75}, 1}, // the crop is 800 px
		{Request{W: 100, H: 75, PixW: 1, PixH: 1}, 2},
	} {
		p, err := planFor(info, c.r, DefaultSettings())
		if err != nil {
			t.Fatal(err)
		}
		if p.shift != c.shift {
			t.Errorf("%+v: decoded at 1/%d, want 1/%d", c.r, 1<<p.shift, 1<<c.shift)
		}
	}
	// and what it makes is the box's size at the print resolution, and
	// the page image's
	data := photoJPEG(t, 1600, 1200)
	p, err := Prepare(data, infoOf(t, data), Request{W: 100, H: 75, PixW: 150, PixH: 113}, DefaultSettings())
	if err != nil {
		t.Fatal(err)
	}
	m, err := jpeg.Decode(bytes.NewReader(p.Data))
	if err != nil {
		t.Fatal(err)
	}
	if m.Bounds().Size() != (image.Point{278, 208}) {
		t.Errorf("PDF picture %v, want 278×208", m.Bounds().Size())
	}
	if p.Pix == nil || p.Pix.Bounds().Size() != (image.Point{150, 113}) {
		t.Errorf("page image pixels %v, want 150×113", p.Pix)
	}
}

// What a Store keeps of a prepared picture reads back as it was.
func TestStoreRecord(t *testing.T) {
	data := photoJPEG(t, 300, 200)
	gray := image.NewGray(image.Rect(0, 0, 5, 3))
	for i := range gray.Pix {
		gray.Pix[i] = uint8(i * 9)
	}
	ycc := image.NewYCbCr(image.Rect(0, 0, 7, 5), image.YCbCrSubsampleRatio420)
	for i := range ycc.Y {
		ycc.Y[i] = uint8(i)
	}
	for i := range ycc.Cb {
		ycc.Cb[i], ycc.Cr[i] = uint8(100+i), uint8(200-i)
	}
	for _, p := range []Prepared{
		{Data: data, Whole: true, Light: false},
		{Data: data[:100], Pix: gray, Light: true},
		{Data: data[:50], Pix: ycc},
	} {
		got, err := decodePrepared(encodePrepared(p))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Data, p.Data) || got.Whole != p.Whole || got.Light != p.Light || !samePix(got.Pix, p.Pix) {
			t.Errorf("%+v read back as %+v", p, got)
		}
		rec := encodePrepared(p)
		if _, err := decodePrepared(rec[:len(rec)-1]); err == nil {
			t.Error("a short record reads")
		}
	}
	c := checked{info: Info{W: 3, H: 4, Format: "jpeg", Bytes: 99}, msg: "corrupt picture: x"}
	if got, err := decodeChecked(encodeChecked(c)); err != nil || got != c {
		t.Errorf("check %+v read back as %+v, %v", c, got, err)
	}
}

func samePix(a, b image.Image) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	if a.Bounds() != b.Bounds() {
		return false
	}
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				return false
			}
		}
	}
	return true
}

// memStore is a Store in memory that counts what it is asked.
type memStore struct {
	mu   sync.Mutex
	m    map[[32]byte][]byte
	gets int
}

func (s *memStore) Get(k [32]byte) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gets++
	b, ok := s.m[k]
	return b, ok
}

func (s *memStore) Put(k [32]byte, b []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[k] = b
}

// Editions that prepare the same pictures at once, sharing a Shared,
// prepare each once; a later run with the same Store prepares none, and
// every document gets the same bytes.
func TestSharedPreparesOnce(t *testing.T) {
	fsys := fstest.MapFS{"a.jpg": {Data: photoJPEG(t, 800, 600)}, "b.jpg": {Data: photoJPEG(t, 640, 480)}}
	doc := func() *display.Document {
		return &display.Document{Pages: []display.Page{{Width: 600, Height: 800, Items: []display.Item{
			&display.Image{X: 10, Y: 20, W: 200, H: 150, Src: "a.jpg"},
			&display.Image{X: 240, Y: 20, W: 150, H: 112.5, Src: "b.jpg"},
		}}}}
	}
	pixels := func(p *display.Page, im *display.Image) (int, int) { return int(im.W), int(im.H) }
	store := &memStore{m: map[[32]byte][]byte{}}
	prepare := func(sh *Shared) *display.Document {
		d := doc()
		s := DefaultSettings()
		s.Shared = sh
		if _, _, err := PrepareDocument(context.Background(), d, Sources{Stories: fsys}, s, 2, pixels); err != nil {
			t.Error(err)
		}
		return d
	}
	alone := prepare(nil)
	sh := NewShared(store)
	var wg sync.WaitGroup
	docs := make([]*display.Document, 4)
	for i := range docs {
		wg.Go(func() { docs[i] = prepare(sh) })
	}
	wg.Wait()
	if st := sh.Stats(); st.Prepared != 2 || st.PreparedReused != 6 {
		t.Errorf("four editions at once: %+v, want 2 prepared and 6 reused", st)
	}
	later := NewShared(store)
	docs = append(docs, prepare(later))
	if st := later.Stats(); st.Prepared != 0 || st.PreparedReused != 2 {
		t.Errorf("a later run: %+v, want both from the store", st)
	}
	for k, d := range docs {
		for i, it := range d.Pages[0].Items {
			a, b := it.(*display.Image), alone.Pages[0].Items[i].(*display.Image)
			if !bytes.Equal(a.Data, b.Data) || !samePix(a.Pix, b.Pix) || a.Whole != b.Whole {
				t.Errorf("document %d item %d differs from the one prepared alone", k, i)
			}
		}
	}
}

// BenchmarkPrepare prepares a 1600×1200 photo for boxes of two, four and
// six columns (with the pixels of a 1600 px page image), a 400×300 photo
// passed through, and the first again from a Store.
func BenchmarkPrepare(b *testing.B) {
	big, small := photoJPEG(b, 1600, 1200), photoJPEG(b, 400, 300)
	s := DefaultSettings()
	for _, c := range []struct {
		name string
		data []byte
		r    Request
	}{
		{"2col", big, Request{W: 282, H: 211, PixW: 483, PixH: 362}},
		{"4col", big, Request{W: 574, H: 430, PixW: 982, PixH: 736}},
		{"6col", big, Request{W: 867, H: 650, PixW: 1483, PixH: 1112}},
		{"passthrough", small, Request{W: 144, H: 108, PixW: 246, PixH: 185}},
	} {
		info := infoOf(b, c.data)
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Prepare(c.data, info, c.r, s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("2col-from-store", func(b *testing.B) {
		p, err := Prepare(big, infoOf(b, big), Request{W: 282, H: 211, PixW: 483, PixH: 362}, s)
		if err != nil {
			b.Fatal(err)
		}
		rec := encodePrepared(p)
		for b.Loop() {
			if _, err := decodePrepared(rec); err != nil {
				b.Fatal(err)
			}
		}
	})
}

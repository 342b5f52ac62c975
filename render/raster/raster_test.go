package raster

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"strings"
	"testing"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/fonts"
)

// smallPage is an A5-ish page, 600 px wide at 1 px per pt.
const smallW, smallH = 600.0, 800.0

func onePage(items ...display.Item) display.Page {
	return display.Page{Width: smallW, Height: smallH, Items: items}
}

func TestTextLandsInItsBox(t *testing.T) {
	f := face(t, "Source Serif 4", 400)
	r := run(f, "Hamburgefonts", 24, 100, 200, display.Black)
	doc := newDoc(f)
	doc.Pages = []display.Page{onePage(r)}
	img, err := Draw(doc, 0, 600)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 600 || b.Dy() != 800 {
		t.Fatalf("size %v", b)
	}
	if _, ok := img.(*image.Gray); !ok {
		t.Errorf("black text only: got %T, want *image.Gray", img)
	}
	// The run's box: its advance across, ascent to descent down.
	asc, desc := float64(f.Ascent)*24/1000, float64(-f.Descent)*24/1000
	box := image.Rect(100, int(200-asc), int(math.Ceil(100+r.Width())), int(math.Ceil(200+desc)))
	in := dark(img, box)
	all := dark(img, img.Bounds())
	if in < 300 {
		t.Errorf("only %d dark pixels in the run's box %v", in, box)
	}
	if out := all - dark(img, box.Inset(-2)); out != 0 {
		t.Errorf("%d dark pixels more than 2 px outside the run's box", out)
	}
	// Ink starts near the pen and ends near the advance.
	var minX, maxX = 600, 0
	for y := box.Min.Y; y < box.Max.Y; y++ {
		for x := 0; x < 600; x++ {
			if dark(img, image.Rect(x, y, x+1, y+1)) > 0 {
				minX, maxX = min(minX, x), max(maxX, x)
			}
		}
	}
	if minX < 100 || minX > 103 || maxX < box.Max.X-4 || maxX > box.Max.X {
		t.Errorf("ink spans x %d–%d; run spans %d–%d", minX, maxX, box.Min.X, box.Max.X)
	}
}

// inkCentre returns the centre of gravity of the darkness in img.
func inkCentre(img image.Image) (float64, float64) {
	var sx, sy, sw float64
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			w := 1 - float64(color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y)/255
			sx += w * float64(x)
			sy += w * float64(y)
			sw += w
		}
	}
	return sx / sw, sy / sw
}

func TestGlyphOffsetsAndScale(t *testing.T) {
	f := face(t, "Source Serif 4", 400)
	plain := run(f, "x", 20, 100, 300, display.Black)
	moved := run(f, "x", 20, 100, 300, display.Black)
	moved.Glyphs[0].XOff, moved.Glyphs[0].YOff = 1000, 500 // one em right, half an em up
	doc := newDoc(f)
	doc.Pages = []display.Page{onePage(plain), onePage(moved)}
	// Drawn at 1200 px, 2 px per pt: the offsets are 40 px and 20 px.
	a, err := Draw(doc, 0, 1200)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Draw(doc, 1, 1200)
	if err != nil {
		t.Fatal(err)
	}
	ax, ay := inkCentre(a)
	bx, by := inkCentre(b)
	if math.Abs(bx-ax-40) > 0.5 || math.Abs(ay-by-20) > 0.5 {
		t.Errorf("offset glyph moved by (%.2f, %.2f) px, want (40, -20)", bx-ax, by-ay)
	}
	// The pen advances by the glyphs' advances: the second of two glyphs
	// sits one advance to the right.
	two := run(f, "xx", 20, 100, 300, display.Black)
	doc.Pages = append(doc.Pages, onePage(two))
	c, _ := Draw(doc, 2, 1200)
	cx, _ := inkCentre(c)
	adv := float64(f.Advance('x')) * 20 / 1000 * 2
	if math.Abs(cx-ax-adv/2) > 0.5 {
		t.Errorf("pair centred %.2f px right of one glyph, want %.2f", cx-ax, adv/2)
	}
	// Tracking adds its width after each glyph: 10 pt, 20 px, between two.
	tracked := run(f, "xx", 20, 100, 300, display.Black)
	tracked.Tracking = 10
	doc.Pages = append(doc.Pages, onePage(tracked))
	d, _ := Draw(doc, 3, 1200)
	dx, _ := inkCentre(d)
	if math.Abs(dx-ax-(adv+20)/2) > 0.5 {
		t.Errorf("tracked pair centred %.2f px right of one glyph, want %.2f", dx-ax, (adv+20)/2)
	}
}

func TestColouredTextComesOutInColour(t *testing.T) {
	f := face(t, "Source Serif 4", 400)
	red := display.Color{R: 200, G: 0, B: 0}
	doc := newDoc(f)
	doc.Pages = []display.Page{onePage(run(f, "Red", 40, 50, 100, red))}
	img, err := Draw(doc, 0, 600)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := img.(*image.YCbCr); !ok {
		t.Fatalf("coloured page: got %T", img)
	}
	// the red of the type's middle, to the rounding of YCbCr and the
	// chroma shared by 2×2 pixels
	reddest := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			if absDiff(c.R, 200) <= 3 && c.G <= 3 && c.B <= 3 {
				reddest++
			}
		}
	}
	if reddest < 50 {
		t.Errorf("%d pixels of the red", reddest)
	}
}

func TestImageFillsItsBox(t *testing.T) {
	pic := photo(400, 200)
	var jb bytes.Buffer
	if err := jpeg.Encode(&jb, pic, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		im   *display.Image
	}{
		{"pix", &display.Image{X: 100, Y: 100, W: 200, H: 100, Key: "a", Pix: pic}},
		{"data", &display.Image{X: 100, Y: 100, W: 200, H: 100, Key: "b", Data: jb.Bytes()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := newDoc()
			doc.Pages = []display.Page{onePage(tc.im)}
			img, err := Draw(doc, 0, 600)
			if err != nil {
				t.Fatal(err)
			}
			at := func(x, y int) color.RGBA { return color.RGBAModel.Convert(img.At(x, y)).(color.RGBA) }
			near := func(c color.RGBA, r, g, b uint8) bool {
				return absDiff(c.R, r) < 12 && absDiff(c.G, g) < 12 && absDiff(c.B, b) < 12
			}
			for _, p := range []image.Point{{105, 105}, {150, 150}, {195, 195}} {
				if c := at(p.X, p.Y); !near(c, 200, 30, 30) {
					t.Errorf("left half at %v is %v, want red", p, c)
				}
			}
			for _, p := range []image.Point{{205, 105}, {250, 150}, {295, 195}} {
				if c := at(p.X, p.Y); !near(c, 30, 30, 200) {
					t.Errorf("right half at %v is %v, want blue", p, c)
				}
			}
			// Outside the box the paper is white: in luminance next to
			// it, whose colour is shared with the picture's edge as the
			// page's JPEG shares it, and in colour a pixel further.
			lum := func(x, y int) uint8 {
				if m, ok := img.(*image.YCbCr); ok {
					return m.Y[m.YOffset(x, y)]
				}
				return color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y
			}
			for _, p := range []image.Point{{99, 150}, {301, 150}, {150, 99}, {150, 201}} {
				if l := lum(p.X, p.Y); l != 255 {
					t.Errorf("outside the box at %v the luminance is %d, want 255", p, l)
				}
			}
			for _, p := range []image.Point{{98, 150}, {302, 150}, {150, 98}, {150, 202}} {
				if c := at(p.X, p.Y); c != (color.RGBA{255, 255, 255, 255}) {
					t.Errorf("outside the box at %v is %v, want white", p, c)
				}
			}
		})
	}
}

func TestImageErrors(t *testing.T) {
	doc := newDoc()
	doc.Pages = []display.Page{onePage(&display.Image{X: 10, Y: 10, W: 10, H: 10, Key: "x", Data: []byte("not a jpeg")})}
	if _, err := Draw(doc, 0, 600); err == nil || !strings.Contains(err.Error(), `image "x"`) {
		t.Errorf("bad image data: err = %v", err)
	}
}

func TestRectsAndLines(t *testing.T) {
	grey := display.Color{R: 128, G: 128, B: 128}
	doc := newDoc()
	doc.Pages = []display.Page{onePage(
		&display.Rect{X: 100, Y: 100, W: 100, H: 50, Fill: &grey},
		&display.Rect{X: 300, Y: 100, W: 100, H: 50, Stroke: &display.Black, StrokeWidth: 4},
		&display.Line{X1: 100, Y1: 300, X2: 500, Y2: 300, Width: 2, Color: display.Black},
		&display.Line{X1: 100, Y1: 400, X2: 500, Y2: 600, Width: 2, Color: display.Black},
		&display.Line{X1: 50, Y1: 100, X2: 50, Y2: 700, Width: 0, Color: display.Black},
	)}
	img, err := Draw(doc, 0, 600)
	if err != nil {
		t.Fatal(err)
	}
	g := img.(*image.Gray)
	at := func(x, y int) uint8 { return g.GrayAt(x, y).Y }
	checks := []struct {
		name string
		x, y int
		want uint8
	}{
		{"fill inside", 150, 125, 128}, {"fill corner", 100, 100, 128}, {"fill last", 199, 149, 128},
		{"fill outside", 200, 125, 255}, {"fill above", 150, 99, 255},
		{"stroke top", 350, 99, 0}, {"stroke top inner", 350, 101, 0}, {"stroke left", 298, 125, 0},
		{"stroke inside", 350, 125, 255}, {"stroke outside", 350, 96, 255},
		{"rule", 300, 299, 0}, {"rule", 300, 300, 0}, {"rule above", 300, 298, 255}, {"rule below", 300, 301, 255},
		{"rule end", 100, 300, 0}, {"rule past end", 99, 300, 255}, {"rule past end", 500, 300, 255},
		{"slant middle", 300, 500, 0}, {"slant off", 300, 510, 255},
		{"hairline", 50, 400, 0}, {"hairline side", 49, 400, 255}, {"hairline side", 51, 400, 255},
	}
	for _, c := range checks {
		if got := at(c.x, c.y); got != c.want {
			t.Errorf("%s (%d,%d) = %d, want %d", c.name, c.x, c.y, got, c.want)
		}
	}
}

func TestScaleFollowsWidth(t *testing.T) {
	doc := newDoc()
	doc.Pages = []display.Page{{Width: 935.4, Height: 1502.4, Items: []display.Item{
		&display.Rect{X: 0, Y: 0, W: 467.7, H: 751.2, Fill: &display.Black},
	}}}
	img, err := Draw(doc, 0, 1600)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 1600 || b.Dy() != 2570 {
		t.Fatalf("size %v, want 1600×2570", b)
	}
	if n := dark(img, img.Bounds()); n != 800*1285 {
		t.Errorf("quarter-page rect covers %d px, want %d", n, 800*1285)
	}
}

func TestErrors(t *testing.T) {
	f := face(t, "Source Serif 4", 400)
	doc := newDoc()
	doc.Pages = []display.Page{onePage(run(f, "x", 10, 10, 10, display.Black))}
	if _, err := Draw(doc, 0, 600); err == nil || !strings.Contains(err.Error(), "not in the document") {
		t.Errorf("missing font: %v", err)
	}
	doc.Fonts[f.ID] = []byte("not a font")
	if _, err := Draw(doc, 0, 600); err == nil {
		t.Error("bad font accepted")
	}
	if _, err := Draw(doc, 1, 600); err == nil {
		t.Error("page out of range accepted")
	}
	if _, err := Draw(doc, 0, 0); err == nil {
		t.Error("zero width accepted")
	}
	doc.Pages[0].Width = 0
	if _, err := Draw(doc, 0, 600); err == nil {
		t.Error("zero page width accepted")
	}
	if _, err := RenderAll(context.Background(), doc, DefaultSettings()); err == nil || !strings.Contains(err.Error(), "page 0") {
		t.Errorf("RenderAll of a bad page: %v", err)
	}
}

// mixedDoc returns pages of text, a page with a photo and coloured type,
// and a page of rules.
func mixedDoc(t testing.TB) *display.Document {
	doc := benchDoc(t, 3)
	f := face(t, "Source Serif 4", 400)
	p := onePage(
		&display.Image{X: 50, Y: 50, W: 300, H: 200, Key: "p", Pix: photo(640, 480)},
		run(f, "Caption in blue", 10, 50, 270, display.Color{R: 0, G: 0, B: 160}),
	)
	doc.Pages = append(doc.Pages, p, onePage(&display.Line{X1: 10, Y1: 10, X2: 590, Y2: 790, Width: 1, Color: display.Black}))
	return doc
}

func TestRenderAllIsDeterministic(t *testing.T) {
	doc := mixedDoc(t)
	s := DefaultSettings()
	s.Width, s.ThumbWidth = 800, 150
	var outs [][]Output
	for _, workers := range []int{1, 4, 4} {
		// An empty glyph cache each time: the order in which workers
		// fill it must not matter.
		shared.glyphs.Clear()
		s.Workers = workers
		out, err := RenderAll(context.Background(), doc, s)
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, out)
	}
	for run := 1; run < len(outs); run++ {
		for i := range outs[0] {
			a, b := outs[0][i], outs[run][i]
			if !bytes.Equal(a.Image, b.Image) || !bytes.Equal(a.Thumb, b.Thumb) {
				t.Errorf("run %d page %d: bytes differ from the one-worker run", run, i)
			}
		}
	}
}

func TestRenderAllOutputs(t *testing.T) {
	doc := mixedDoc(t)
	s := DefaultSettings()
	s.Width, s.ThumbWidth, s.Workers = 800, 150, 2
	out, err := RenderAll(context.Background(), doc, s)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != len(doc.Pages) {
		t.Fatalf("%d outputs for %d pages", len(out), len(doc.Pages))
	}
	for i, o := range out {
		if o.Page != i {
			t.Errorf("output %d says page %d", i, o.Page)
		}
		p := doc.Pages[i]
		wantH := int(math.Round(800 * p.Height / p.Width))
		if o.W != 800 || o.H != wantH || o.TW != 150 || o.TH != int(math.Round(150*float64(wantH)/800)) {
			t.Errorf("page %d sizes %d×%d, %d×%d", i, o.W, o.H, o.TW, o.TH)
		}
		for _, c := range []struct {
			b    []byte
			w, h int
		}{{o.Image, o.W, o.H}, {o.Thumb, o.TW, o.TH}} {
			img, err := jpeg.Decode(bytes.NewReader(c.b))
			if err != nil {
				t.Fatalf("page %d: %v", i, err)
			}
			if b := img.Bounds(); b.Dx() != c.w || b.Dy() != c.h {
				t.Errorf("page %d: decoded %v, want %d×%d", i, b, c.w, c.h)
			}
		}
	}
	// The photo page stays in colour, the others are grey.
	img, _ := jpeg.Decode(bytes.NewReader(out[3].Image))
	if _, ok := img.(*image.YCbCr); !ok {
		t.Errorf("photo page decodes as %T", img)
	}
	c := color.RGBAModel.Convert(img.At(80, 133)).(color.RGBA)
	if c.R < 170 || c.G > 70 || c.B > 70 {
		t.Errorf("photo's red half came out %v", c)
	}
	img, _ = jpeg.Decode(bytes.NewReader(out[0].Image))
	if _, ok := img.(*image.Gray); !ok {
		t.Errorf("text page decodes as %T", img)
	}
	// The encoded page looks like the drawn one.
	drawn, _ := Draw(doc, 0, 800)
	if m, pct := Compare(drawn, img); m > 6 || pct > 3 {
		t.Errorf("encoded page differs from drawn: mean %.2f, %.2f%% pixels", m, pct)
	}
}

func TestRenderAllStopsWhenCancelled(t *testing.T) {
	doc := benchDoc(t, 4)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := RenderAll(ctx, doc, DefaultSettings()); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestCompare(t *testing.T) {
	white := image.NewGray(image.Rect(0, 0, 10, 10))
	for i := range white.Pix {
		white.Pix[i] = 255
	}
	black := image.NewRGBA(image.Rect(0, 0, 10, 10))
	for i := 3; i < len(black.Pix); i += 4 {
		black.Pix[i] = 255
	}
	if m, p := Compare(white, white); m != 0 || p != 0 {
		t.Errorf("same image: %v %v", m, p)
	}
	if m, p := Compare(white, black); m != 255 || p != 100 {
		t.Errorf("white vs black: %v %v", m, p)
	}
	// One pixel 100 levels off in a hundred: a mean of 1, 1% of pixels.
	one := image.NewRGBA(image.Rect(0, 0, 10, 10))
	for i := range one.Pix {
		one.Pix[i] = 255
	}
	one.Pix[0], one.Pix[1], one.Pix[2] = 155, 155, 155
	if m, p := Compare(white, one); math.Abs(m-1) > 1e-9 || math.Abs(p-1) > 1e-9 {
		t.Errorf("one pixel off: %v %v", m, p)
	}
	// Below the threshold a pixel counts in the mean only.
	one.Pix[0], one.Pix[1], one.Pix[2] = 255-DiffThreshold, 255, 255
	if m, p := Compare(one, white); m == 0 || p != 0 {
		t.Errorf("small difference: %v %v", m, p)
	}
	// A missing row counts as white; transparent pixels are seen on white.
	taller := image.NewNRGBA(image.Rect(5, 5, 15, 16))
	if m, p := Compare(white, taller); m != 0 || p != 0 {
		t.Errorf("transparent, one row taller: %v %v", m, p)
	}
	// YCbCr, as pdftoppm's JPEGs decode, against the same grey.
	y := image.NewYCbCr(image.Rect(0, 0, 10, 10), image.YCbCrSubsampleRatio420)
	for i := range y.Y {
		y.Y[i] = 255
	}
	for i := range y.Cb {
		y.Cb[i], y.Cr[i] = 128, 128
	}
	if m, p := Compare(y, white); m != 0 || p != 0 {
		t.Errorf("YCbCr white: %v %v", m, p)
	}
}

func TestCoverage(t *testing.T) {
	var c coverage
	// A square from (1.5, 1) to (3.5, 3) in a 5×4 mask: half-covered
	// columns at its sides.
	c.reset(5, 4)
	c.moveTo(1.5, 1)
	c.lineTo(3.5, 1)
	c.lineTo(3.5, 3)
	c.lineTo(1.5, 3)
	m := c.mask(image.Rect(0, 0, 5, 4))
	want := [][]uint8{
		{0, 0, 0, 0, 0},
		{0, 128, 255, 128, 0},
		{0, 128, 255, 128, 0},
		{0, 0, 0, 0, 0},
	}
	for y, row := range want {
		for x, v := range row {
			if got := m.AlphaAt(x, y).A; got != v {
				t.Errorf("(%d,%d) = %d, want %d", x, y, got, v)
			}
		}
	}
	// A shape reaching beyond every side fills the whole mask, and one
	// wound the other way inside it cuts a hole.
	c.reset(4, 4)
	c.moveTo(-10, -10)
	c.lineTo(20, -10)
	c.lineTo(20, 20)
	c.lineTo(-10, 20)
	c.moveTo(1, 1)
	c.lineTo(1, 3)
	c.lineTo(3, 3)
	c.lineTo(3, 1)
	m = c.mask(image.Rect(0, 0, 4, 4))
	for y := range 4 {
		for x := range 4 {
			want := uint8(255)
			if x >= 1 && x < 3 && y >= 1 && y < 3 {
				want = 0
			}
			if got := m.AlphaAt(x, y).A; got != want {
				t.Errorf("ring (%d,%d) = %d, want %d", x, y, got, want)
			}
		}
	}
	// A triangle crossing the left and right borders keeps its area
	// inside: the half-plane below the diagonal y = x.
	c.reset(4, 4)
	c.moveTo(-4, -4)
	c.lineTo(8, 8)
	c.lineTo(-4, 8)
	m = c.mask(image.Rect(0, 0, 4, 4))
	for y := range 4 {
		for x := range 4 {
			want := uint8(255)
			switch {
			case x == y:
				want = 128
			case x > y:
				want = 0
			}
			if got := m.AlphaAt(x, y).A; got != want {
				t.Errorf("triangle (%d,%d) = %d, want %d", x, y, got, want)
			}
		}
	}
}

// TestFarAndStrangeCoordinates draws items far off the page, huge and
// not-a-number: nothing panics, nothing lands on the page.
func TestFarAndStrangeCoordinates(t *testing.T) {
	f := face(t, "Source Serif 4", 400)
	nan, inf := math.NaN(), math.Inf(1)
	doc := newDoc(f)
	doc.Pages = []display.Page{onePage(
		run(f, "far", 10, 1e300, 1e300, display.Black),
		run(f, "nan", 10, nan, 10, display.Black),
		&display.Rect{X: -inf, Y: 5, W: inf, H: nan, Fill: &display.Black, Stroke: &display.Black, StrokeWidth: nan},
		&display.Line{X1: nan, Y1: 0, X2: 1e300, Y2: -1e300, Width: 1, Color: display.Black},
		&display.Line{X1: -1e9, Y1: -1e9, X2: -1e9 + 10, Y2: -1e9 + 10, Width: 1, Color: display.Black},
	)}
	img, err := Draw(doc, 0, 600)
	if err != nil {
		t.Fatal(err)
	}
	if n := dark(img, img.Bounds()); n != 0 {
		t.Errorf("%d dark pixels on the page", n)
	}
	doc.Pages[0] = onePage(run(f, "huge", 1e6, 0, 0, display.Black))
	if _, err := Draw(doc, 0, 600); err == nil {
		t.Error("type a million points high accepted")
	}
	doc.Pages[0] = onePage(&display.Image{X: 0, Y: 0, W: 1e7, H: 10, Key: "k", Pix: photo(4, 4)})
	if _, err := Draw(doc, 0, 600); err == nil {
		t.Error("image box a thousand pages wide accepted")
	}
}

// TestEveryGlyphOfTheBundledFaces draws every glyph of every bundled face,
// composites and Devanagari conjuncts included, by id.
func TestEveryGlyphOfTheBundledFaces(t *testing.T) {
	reg, err := fonts.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, fam := range reg.Families() {
		f, err := reg.Face(fam, 400, false)
		if err != nil {
			t.Fatal(err)
		}
		e, err := shared.font(f.Data)
		if err != nil {
			t.Fatal(err)
		}
		doc := newDoc(f)
		r := &display.Text{Font: f.ID, Size: 12, X: 10, Y: 20, Color: display.Black}
		for id := range e.font.NumGlyphs() {
			r.Glyphs = append(r.Glyphs, display.Glyph{ID: uint16(id), Advance: f.GlyphAdvance(uint16(id))})
		}
		doc.Pages = []display.Page{onePage(r)}
		img, err := Draw(doc, 0, 600)
		if err != nil {
			t.Fatalf("%s: %v", fam, err)
		}
		if dark(img, img.Bounds()) == 0 {
			t.Errorf("%s: %d glyphs left no ink", fam, len(r.Glyphs))
		}
	}
}

// The photo stage makes a picture's pixels at PhotoSize, and a picture of
// that size is drawn as it is, pixel for pixel, wherever its box falls.
func TestPhotoSizeIsDrawnAsIs(t *testing.T) {
	for _, box := range [][4]float64{{10.3, 20.7, 100.25, 50.5}, {0, 0, 33, 33}, {123.9, 400.01, 250, 0.3}} {
		doc := newDoc()
		doc.Pages = []display.Page{onePage()}
		im := &display.Image{X: box[0], Y: box[1], W: box[2], H: box[3], Key: "p"}
		w, h := PhotoSize(&doc.Pages[0], im, 1000)
		if w <= 0 || h <= 0 {
			t.Fatalf("%v: PhotoSize %d×%d", box, w, h)
		}
		pix := image.NewGray(image.Rect(0, 0, w, h))
		for i := range pix.Pix {
			pix.Pix[i] = uint8(i * 37)
		}
		im.Pix = pix
		doc.Pages[0].Items = []display.Item{im}
		img, err := Draw(doc, 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		m := img.(*image.YCbCr)
		s := 1000 / smallW
		x0, y0 := int(math.Floor(box[0]*s)), int(math.Floor(box[1]*s))
		for y := range h {
			for x := range w {
				if got, want := m.Y[m.YOffset(x0+x, y0+y)], pix.Pix[y*pix.Stride+x]; got != want {
					t.Fatalf("%v: pixel (%d,%d) of the picture drawn as %d, want %d", box, x, y, got, want)
				}
			}
		}
	}
}

// TestDrawTopIsTheTopOfTheWholePage draws the top of a page and the
// whole of it: the rows drawn are the whole page's, to the byte (the last
// row pair's colour apart, which the rows below share).
func TestDrawTopIsTheTopOfTheWholePage(t *testing.T) {
	doc := benchDoc(t, 1)
	for _, rows := range []int{1, 57, 300, 100000} {
		whole, err := Draw(doc, 0, 600)
		if err != nil {
			t.Fatal(err)
		}
		top, err := DrawTop(doc, 0, 600, rows)
		if err != nil {
			t.Fatal(err)
		}
		wb, tb := whole.Bounds(), top.Bounds()
		if tb.Dx() != wb.Dx() || tb.Dy() != min(rows, wb.Dy()) {
			t.Fatalf("rows %d: top %v of a whole %v", rows, tb, wb)
		}
		for y := 0; y < tb.Dy(); y++ {
			for x := 0; x < tb.Dx(); x++ {
				a, b := whole.At(x, y), top.At(x, y)
				ar, ag, ab, _ := a.RGBA()
				br, bg, bb, _ := b.RGBA()
				if y < tb.Dy()-2 && (ar != br || ag != bg || ab != bb) {
					t.Fatalf("rows %d: pixel %d,%d is %v, %v on the whole page", rows, x, y, b, a)
				}
			}
		}
	}
}

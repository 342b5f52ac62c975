package pdf

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"testing"

	"github.com/epaper/epaper/display"
)

// A picture passed through whole shows only its Crop, scaled to fill the
// box and clipped to it: the left half of a red and blue picture, asked
// for its blue right half, stays out of the page.
func TestWholePictureShowsItsCrop(t *testing.T) {
	need(t, "pdftoppm")
	img := image.NewRGBA(image.Rect(0, 0, 200, 100))
	for y := range 100 {
		for x := range 200 {
			c := color.RGBA{220, 20, 20, 255}
			if x >= 100 {
				c = color.RGBA{20, 20, 220, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	doc := &display.Document{Title: "t", Pages: []display.Page{{Width: 300, Height: 300, Items: []display.Item{
		&display.Image{X: 100, Y: 100, W: 100, H: 100, Key: "p", Data: b.Bytes(), Whole: true, Crop: [4]float64{0.5, 0, 0.5, 1}},
	}}}}
	dir := t.TempDir()
	if err := os.WriteFile(dir+"/doc.pdf", render1(t, doc, DefaultSettings()), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-r", "72", "-png", "-singlefile", dir+"/doc.pdf", dir+"/p").CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	f, err := os.Open(dir + "/p.png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	page, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	at := func(x, y int) color.RGBA { return color.RGBAModel.Convert(page.At(x, y)).(color.RGBA) }
	for _, p := range []image.Point{{105, 105}, {150, 150}, {195, 195}} {
		if c := at(p.X, p.Y); c.B < 180 || c.R > 60 {
			t.Errorf("in the box at %v: %v, want the blue half", p, c)
		}
	}
	// where the whole picture's red half would fall, left of the box, and
	// above and below it: paper
	for _, p := range []image.Point{{50, 150}, {95, 150}, {150, 95}, {150, 205}} {
		if c := at(p.X, p.Y); c != (color.RGBA{255, 255, 255, 255}) {
			t.Errorf("outside the box at %v: %v, want white", p, c)
		}
	}
}

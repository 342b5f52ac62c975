package pipeline

import (
	"image"
	"testing"

	"github.com/epaper/epaper/display"
)

func TestShareImageSize(t *testing.T) {
	black := display.Black
	doc := &display.Document{Pages: []display.Page{{Width: 935.43, Height: 1502.36, Bleed: 8.5, Items: []display.Item{
		&display.Rect{X: 34, Y: 34, W: 867.43, H: 60, Fill: &black}, // a masthead bar inside the margins
	}}}}
	img, err := ShareImage(doc, 0, 17)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	if b.Dx() != 1200 || b.Dy() != 630 {
		t.Fatalf("share image %v, want 1200×630", b)
	}
	// The bar starts 17 pt in from the crop's left and top edges and fills
	// the width between: white at the corner, black in the bar.
	at := func(x, y int) uint8 {
		r, _, _, _ := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
		return uint8(r >> 8)
	}
	scale := 1200 / (935.43 - 34)
	if v := at(2, 2); v != 255 {
		t.Errorf("corner %d, want white", v)
	}
	if v := at(600, int(17*scale+30*scale)); v != 0 {
		t.Errorf("bar %d, want black", v)
	}
	if v := at(int(17*scale)-3, int(17*scale+30*scale)); v != 255 {
		t.Errorf("left of the bar %d, want white", v)
	}
	again, _ := ShareImage(doc, 0, 17)
	if !sameImage(img, again) {
		t.Error("two share images of one page differ")
	}
	if _, err := ShareImage(doc, 1, 17); err == nil {
		t.Error("no error for a missing page")
	}
	// A landscape page fills the height instead.
	wide := &display.Document{Pages: []display.Page{{Width: 2000, Height: 600}}}
	if img, err := ShareImage(wide, 0, 10); err != nil || img.Bounds().Dx() != 1200 || img.Bounds().Dy() != 630 {
		t.Errorf("landscape page: %v %v", img.Bounds(), err)
	}
}

func sameImage(a, b image.Image) bool {
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

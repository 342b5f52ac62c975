package photo

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"testing"
	"testing/fstest"

	"github.com/epaper/epaper/display"
)

func pngOf(t *testing.T, grey uint8) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 120, 80))
	for y := range 80 {
		for x := range 120 {
			v := grey
			if x > 40 && x < 80 && y > 20 && y < 60 {
				v = 30 // something in the middle
			}
			img.SetGray(x, y, color.Gray{Y: v})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A picture with a white ground gets a keyline inside its box; a photo with
// its own edge, an ad and a broken picture do not.
func TestKeylineOnLightPictures(t *testing.T) {
	fsys := fstest.MapFS{
		"shot.png":  {Data: pngOf(t, 255)},
		"photo.png": {Data: pngOf(t, 120)},
		"bad.png":   {Data: []byte("\x89PNG\r\n\x1a\n broken")},
	}
	ads := fstest.MapFS{"ad.png": {Data: pngOf(t, 255)}}
	shot := &display.Image{X: 10, Y: 20, W: 120, H: 80, Src: "shot.png"}
	pic := &display.Image{X: 140, Y: 20, W: 120, H: 80, Src: "photo.png"}
	ad := &display.Image{X: 10, Y: 200, W: 120, H: 80, Src: "ad.png", From: display.FromAds}
	bad := &display.Image{X: 140, Y: 200, W: 120, H: 80, Src: "bad.png"}
	doc := &display.Document{Pages: []display.Page{{Items: []display.Item{shot, pic, ad, bad}}}}
	probs, failed, err := PrepareDocument(context.Background(), doc, Sources{Stories: fsys, Ads: ads}, DefaultSettings(), 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(failed) != 1 || failed[0].File != "bad.png" || failed[0].Err == nil {
		t.Errorf("failures %v, want bad.png", failed)
	}
	items := doc.Pages[0].Items
	if len(items) != 5 || items[0] != shot || items[2] != pic || items[3] != ad {
		t.Fatalf("items %v: want the screenshot, its keyline, the photo, the ad and a grey box", items)
	}
	k, ok := items[1].(*display.Rect)
	if !ok || k.Stroke == nil || k.Fill != nil || k.StrokeWidth <= 0 {
		t.Fatalf("item 1 is %#v, not a keyline", items[1])
	}
	h := k.StrokeWidth / 2
	if k.X-h != shot.X || k.Y-h != shot.Y || k.X+k.W+h != shot.X+shot.W || k.Y+k.H+h != shot.Y+shot.H {
		t.Errorf("keyline %+v does not lie just inside the picture %v,%v %vx%v", k, shot.X, shot.Y, shot.W, shot.H)
	}
	if r, ok := items[4].(*display.Rect); !ok || r.Fill == nil || r.Stroke != nil {
		t.Errorf("broken picture drawn as %#v, want a grey box", items[4])
	}
	if len(probs) != 1 || probs[0].File != "bad.png" {
		t.Errorf("problems %v, want one for bad.png", probs)
	}
}

package photo

import (
	"image"
	"image/color"
	"testing"
)

func TestLightEdges(t *testing.T) {
	white := image.NewGray(image.Rect(0, 0, 200, 100))
	for i := range white.Pix {
		white.Pix[i] = 250
	}
	dark := image.NewGray(image.Rect(0, 0, 200, 100))
	for i := range dark.Pix {
		dark.Pix[i] = 90
	}
	// a dark photo on a white ground with a thin white border only
	framed := image.NewGray(image.Rect(10, 10, 210, 110))
	for y := 10; y < 110; y++ {
		for x := 10; x < 210; x++ {
			v := uint8(90)
			if x < 11 || y < 11 || x > 208 || y > 108 {
				v = 255
			}
			framed.SetGray(x, y, color.Gray{Y: v})
		}
	}
	// a screenshot: white ground, a dark bar across the top
	shot := image.NewGray(image.Rect(0, 0, 200, 100))
	for y := range 100 {
		for x := range 200 {
			v := uint8(255)
			if y < 20 {
				v = 40
			}
			shot.SetGray(x, y, color.Gray{Y: v})
		}
	}
	for _, c := range []struct {
		name string
		img  image.Image
		want bool
	}{{"white", white, true}, {"dark", dark, false}, {"framed", framed, false}, {"screenshot", shot, true}, {"tiny", image.NewGray(image.Rect(0, 0, 2, 2)), false}} {
		if got := LightEdges(c.img); got != c.want {
			t.Errorf("%s: LightEdges = %v, want %v", c.name, got, c.want)
		}
	}
}

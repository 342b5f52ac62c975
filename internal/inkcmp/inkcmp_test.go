package inkcmp

import (
	"image"
	"image/color"
	"testing"
)

func bar(x0 int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, 40, 20))
	for y := 5; y < 15; y++ {
		for x := x0; x < x0+10; x++ {
			g.SetGray(x, y, color.Gray{Y: 255})
		}
	}
	return g
}

func TestCompare(t *testing.T) {
	plain, tol, ab, bb := Compare(bar(5), bar(5))
	if plain != 0 || tol != 0 || ab != bb {
		t.Fatalf("identical images: %v %v %v %v", plain, tol, ab, bb)
	}
	// a copy elsewhere on the canvas is the same ink
	if plain, tol, _, _ = Compare(bar(5), bar(20)); plain != 0 || tol != 0 {
		t.Fatalf("shifted copy: %v %v", plain, tol)
	}
	// a different shape costs its ink
	wide := bar(5)
	for y := 5; y < 15; y++ {
		for x := 15; x < 30; x++ {
			wide.SetGray(x, y, color.Gray{Y: 255})
		}
	}
	if plain, _, ab, bb = Compare(bar(5), wide); plain < 20 || SizesAgree(ab, bb, 2) {
		t.Fatalf("different shapes: %v, boxes %v %v", plain, ab, bb)
	}
}

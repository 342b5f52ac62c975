package pdf

import (
	"strings"
	"testing"

	"github.com/epaper/epaper/display"
)

const lorem = "The night desk files copy until one in the morning when the edition closes and the presses roll across the city the suburbs and the districts beyond"

// testDoc is three pages of mixed sizes and boxes with words, rules, boxes,
// photos of equal widths, links both ways and an outline.
func testDoc(t testing.TB) *display.Document {
	serif := face(t, "Source Serif 4", 400, false)
	italic := face(t, "Source Serif 4", 400, true)
	sans := face(t, "Libre Franklin", 700, false)
	words := strings.Fields(lorem)
	red := display.Color{R: 200, G: 20, B: 30}
	grey := display.Color{R: 128, G: 128, B: 128}

	p0, _ := setWords(serif, "serif", 9, 20, 80, 260, words)
	p0 = append([]display.Item{run(sans, "sans-b", 24, 20, 50, "Front Page")}, p0...)
	p0 = append(p0,
		&display.Line{X1: 20, Y1: 60, X2: 280, Y2: 60, Width: 0.5, Color: display.Black},
		&display.Rect{X: 20, Y: 200, W: 100, H: 80, Fill: &grey, Stroke: &red, StrokeWidth: 1},
		&display.Image{X: 150, Y: 200, W: 120, H: 90, Key: "kim.jpg", Data: jpegOf(t, 40, 30, 1)},
		run(italic, "serif-i", 9, 20, 320, "Continued on page 3"),
	)
	p1, _ := setWords(italic, "serif-i", 11, 30, 40, 440, words)
	p1 = append(p1,
		&display.Image{X: 30, Y: 150, W: 80, H: 60, Key: "a.jpg", Data: jpegOf(t, 40, 30, 2)},
		&display.Image{X: 130, Y: 150, W: 80, H: 60, Key: "b.jpg", Data: jpegOf(t, 40, 30, 3)},
		&display.Image{X: 230, Y: 150, W: 80, H: 80, Key: "c.jpg", Data: jpegOf(t, 40, 40, 4)},
		&display.Rect{X: 330, Y: 150, W: 100, H: 60, Fill: &red},
		run(serif, "serif", 10, 30, 280, "Ünïcode café — naïve"),
	)
	p2, _ := setWords(serif, "serif", 9, 20, 60, 260, words[:12])
	p2 = append(p2,
		run(italic, "serif-i", 9, 20, 40, "Continued from page 1"),
		// UTF-16 bytes that need escaping: ( ) \ and Ċ č Ŝ Ĩ ĩ (01 0A, 01 0D, 01 5C, 01 28, 01 29).
		run(serif, "serif", 9, 20, 300, `(quoted) back\slash ĊčŜĨĩ`),
		&display.Image{X: 20, Y: 200, W: 60, H: 45, Key: "kim.jpg", Data: jpegOf(t, 40, 30, 1)},
	)
	return &display.Document{
		Title: "The Daily Chronicle", Author: "Night Desk", Subject: "Edition of 22 September 2023",
		Keywords: "news, city", Created: 1695340800,
		Fonts: map[string][]byte{"serif": serif.Data, "serif-i": italic.Data, "sans-b": sans.Data},
		Pages: []display.Page{
			{Width: 300, Height: 400, Bleed: 9, Items: p0, Label: "1",
				Links: []display.Link{
					{X: 20, Y: 312, W: 100, H: 10, Page: 2, TargetY: 30},
					{X: 20, Y: 40, W: 100, H: 12, URL: "https://example.com/front"},
				}},
			{Width: 500, Height: 300, Items: p1, Label: "2",
				Links: []display.Link{{X: 30, Y: 30, W: 50, H: 12, Page: 1, TargetY: 150}}},
			{Width: 300, Height: 400, Bleed: 9, Items: p2, Label: "3",
				Links: []display.Link{{X: 20, Y: 32, W: 100, H: 10, Page: 0, TargetY: 300}}},
		},
		Outline: []display.Bookmark{
			{Level: 0, Title: "Front", Page: 0, Y: 0},
			{Level: 1, Title: "Night desk story", Page: 0, Y: 40},
			{Level: 0, Title: "World — Ünïcode", Page: 1, Y: 0},
			{Level: 1, Title: "Second (story)", Page: 1, Y: 120},
			{Level: 1, Title: "Jump", Page: 2, Y: 50},
		},
	}
}

package viewer

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"

	"github.com/epaper/epaper/publish/manifest"
)

// Page size of the synthetic edition in points, and the scale of its images.
const (
	testPageW = 900.0
	testPageH = 1440.0
	testScale = 0.5 // image pixels per point
)

// testHeadlineScript is a headline that must reach the reader as text.
const testHeadlineScript = `Fans chant </script><b>Bold</b> as Tigers win`

// testManifest returns the manifest of a five-page edition with several
// articles; "lead" starts on page 1 and continues on page 3.
func testManifest() *manifest.Manifest {
	page := func(n int, section string, regions ...manifest.Region) manifest.PageInfo {
		return manifest.PageInfo{
			Number:    n,
			Section:   section,
			Width:     testPageW,
			Height:    testPageH,
			PDF:       pageName(n, "pdf"),
			Image:     pageName(n, "jpg"),
			Thumbnail: filepath.ToSlash(filepath.Join("thumbs", pageName(n, "jpg"))),
			Regions:   regions,
		}
	}
	return &manifest.Manifest{
		Edition: manifest.EditionInfo{
			Title:    "The Daily Chronicle",
			Slug:     "chronicle",
			Date:     "2026-11-29",
			Language: "en",
			PDF:      "edition.pdf",
		},
		Pages: []manifest.PageInfo{
			page(1, "Front",
				manifest.Region{Article: "lead", X: 30, Y: 220, W: 560, H: 700, Part: 1, ContinuesOn: 3},
				manifest.Region{Article: "briefs", X: 610, Y: 220, W: 260, H: 700},
				manifest.Region{Article: "cricket-refer", X: 30, Y: 950, W: 840, H: 300},
			),
			page(2, "World",
				manifest.Region{Article: "summit", X: 30, Y: 40, W: 840, H: 800},
				manifest.Region{Article: "floods", X: 30, Y: 870, W: 400, H: 520},
			),
			page(3, "World",
				manifest.Region{Article: "lead", X: 30, Y: 40, W: 400, H: 600, Part: 2, ContinuedFrom: 1},
				manifest.Region{Article: "embassy", X: 450, Y: 40, W: 420, H: 1300},
			),
			page(4, "Business",
				manifest.Region{Article: "market", X: 30, Y: 40, W: 840, H: 1000},
			),
			page(5, "Sport",
				manifest.Region{Article: "cricket", X: 30, Y: 40, W: 840, H: 900},
			),
		},
		Articles: []manifest.Article{
			{
				ID:       "lead",
				Kicker:   "Weather",
				Headline: "Monsoon reaches Kerala a week early",
				Deck:     "Forecasters expect heavy rain across the southern coast",
				Byline:   "Staff Reporter",
				Dateline: "Thiruvananthapuram, Nov 28",
				Section:  "Front",
				Pages:    []int{1, 3},
				Text:     "The monsoon reached the Kerala coast on Saturday.\n\nFishermen were told to stay ashore.",
				Blocks: []manifest.Block{
					{Kind: "p", Text: "The monsoon reached the Kerala coast on Saturday, a week ahead of the usual date, the weather office said."},
					{Kind: "p", Text: "Fishermen were told to stay ashore until Tuesday."},
					{Kind: "h", Text: "Reservoirs fill up"},
					{Kind: "quote", Text: "We have not seen rain like this in November for a decade."},
					{Kind: "p", Text: "The irrigation department opened the shutters of three dams."},
				},
				Images: []manifest.Photo{{File: "photos/rain.jpg", Caption: "Rain over the Kochi waterfront", Credit: "PTI"}},
			},
			{
				ID: "briefs", Headline: "City briefs", Byline: "Staff", Section: "Front", Pages: []int{1},
				Text: "Water supply will be cut in Ward 12 on Monday.\n\nThe flower show opens at the park on Friday.",
			},
			{
				ID: "cricket-refer", Headline: "Tigers clinch the series", Section: "Front", Pages: []int{1},
				Text: "Full report on page 5.",
			},
			{
				ID: "summit", Kicker: "Diplomacy",
				Headline: "NKorea politburo discusses Kim-Putin summit",
				Deck:     "Officials analyse the significance of the visit to Russia",
				Byline:   "IANS", Dateline: "Seoul, Nov 28", Section: "World", Pages: []int{2},
				Text: "North Korea's politburo met to discuss the summit.\n\nIt called for follow-up measures.",
			},
			{
				ID: "floods", Headline: "Floods cut off villages in Assam", Byline: "Agencies", Section: "World", Pages: []int{2},
				Text: "Rescue teams reached the villages by boat.",
			},
			{
				ID: "embassy", Headline: "Embassy reopens after two years", Byline: "Reuters", Section: "World", Pages: []int{3},
				Text: "The embassy reopened on Friday.",
			},
			{
				ID: "market", Headline: "Sensex closes at a record high", Byline: "Business Desk", Section: "Business", Pages: []int{4},
				Text: "Shares rose for a fifth day.\n\n## Banks lead\n\nBank shares gained most,\nwith lenders up 3 per cent.",
			},
			{
				ID: "cricket", Headline: testHeadlineScript, Byline: "Sports Desk", Section: "Sport", Pages: []int{5},
				Text:   "The Tigers won by six wickets.\u2028A line separator ends this sentence.",
				Source: "Wire", License: "All rights reserved",
			},
		},
	}
}

func pageName(n int, ext string) string {
	return fmt.Sprintf("page-%02d.%s", n, ext)
}

// writeTestEdition writes the images, thumbnails and placeholder PDFs of
// testManifest and the viewer into dir.
func writeTestEdition(t testing.TB, dir string) *manifest.Manifest {
	t.Helper()
	m := testManifest()
	writeEditionFiles(t, dir, m)
	return m
}

// writeEditionFiles writes the pages, pictures and viewer of manifest m.
func writeEditionFiles(t testing.TB, dir string, m *manifest.Manifest) {
	t.Helper()
	colours := []color.RGBA{
		{0xd9, 0x4f, 0x3d, 0xff}, {0x3d, 0x7e, 0xd9, 0xff}, {0x4f, 0xa8, 0x5a, 0xff},
		{0xe0, 0xa2, 0x2b, 0xff}, {0x8c, 0x5b, 0xc4, 0xff},
	}
	for _, p := range m.Pages {
		img := drawPage(p, colours)
		writeJPEG(t, filepath.Join(dir, p.Image), img, 1)
		writeJPEG(t, filepath.Join(dir, filepath.FromSlash(p.Thumbnail)), img, 6)
		writeBytes(t, filepath.Join(dir, p.PDF), []byte("%PDF-1.7\n%%EOF\n"))
	}
	photo := image.NewRGBA(image.Rect(0, 0, 320, 200))
	draw.Draw(photo, photo.Bounds(), &image.Uniform{color.RGBA{0x5a, 0x7d, 0x9a, 0xff}}, image.Point{}, draw.Src)
	draw.Draw(photo, image.Rect(0, 140, 320, 200), &image.Uniform{color.RGBA{0x2f, 0x4f, 0x3f, 0xff}}, image.Point{}, draw.Src)
	writeJPEG(t, filepath.Join(dir, "photos", "rain.jpg"), photo, 1)
	writeBytes(t, filepath.Join(dir, "edition.pdf"), []byte("%PDF-1.7\n%%EOF\n"))
	if err := Write(dir, m); err != nil {
		t.Fatal(err)
	}
}

// drawPage draws a page like a newspaper page seen from afar: a masthead on
// page 1, a coloured block with grey text lines for every region, and a
// page number at the foot.
func drawPage(p manifest.PageInfo, colours []color.RGBA) *image.RGBA {
	px := func(v float64) int { return int(v * testScale) }
	img := image.NewRGBA(image.Rect(0, 0, px(p.Width), px(p.Height)))
	fill := func(r image.Rectangle, c color.Color) {
		draw.Draw(img, r, &image.Uniform{c}, image.Point{}, draw.Src)
	}
	fill(img.Bounds(), color.RGBA{0xfd, 0xfc, 0xf8, 0xff})
	if p.Number == 1 {
		fill(image.Rect(px(30), px(40), px(870), px(180)), color.RGBA{0x22, 0x22, 0x22, 0xff})
		fill(image.Rect(px(30), px(195), px(870), px(200)), color.RGBA{0x22, 0x22, 0x22, 0xff})
	}
	for k, r := range p.Regions {
		c := colours[(p.Number+k)%len(colours)]
		box := image.Rect(px(r.X), px(r.Y), px(r.X+r.W), px(r.Y+r.H))
		light := color.RGBA{c.R/4 + 190, c.G/4 + 190, c.B/4 + 190, 0xff}
		fill(box, light)
		// headline bar
		fill(image.Rect(box.Min.X+6, box.Min.Y+6, box.Max.X-6, box.Min.Y+24), c)
		// text lines in columns
		cols := max(1, box.Dx()/110)
		colW := (box.Dx() - 12) / cols
		for col := 0; col < cols; col++ {
			x0 := box.Min.X + 6 + col*colW
			for y := box.Min.Y + 34; y+4 < box.Max.Y-6; y += 9 {
				fill(image.Rect(x0, y, x0+colW-8, y+4), color.RGBA{0x9a, 0x97, 0x90, 0xff})
			}
		}
	}
	// folio
	fill(image.Rect(px(p.Width/2-20), px(p.Height-40), px(p.Width/2+20), px(p.Height-30)), color.RGBA{0x55, 0x55, 0x55, 0xff})
	return img
}

// writeJPEG writes img scaled down by the integer factor div.
func writeJPEG(t testing.TB, name string, img *image.RGBA, div int) {
	t.Helper()
	out := image.Image(img)
	if div > 1 {
		b := img.Bounds()
		small := image.NewRGBA(image.Rect(0, 0, b.Dx()/div, b.Dy()/div))
		for y := 0; y < small.Bounds().Dy(); y++ {
			for x := 0; x < small.Bounds().Dx(); x++ {
				small.Set(x, y, img.At(x*div, y*div))
			}
		}
		out = small
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := jpeg.Encode(f, out, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func writeBytes(t testing.TB, name string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Package display is the neutral display list between page make-up and the
// renderers: pages of positioned glyph runs, images, rules and links. The PDF
// and the page images are both drawn from it, so a thumbnail shows exactly what
// prints. It holds plain data only; nothing here knows about stories or PDF.
//
// Coordinates are PDF points with the origin at the top-left corner of the
// trimmed page and y growing downwards, the way layout thinks; renderers convert.
package display

import (
	"image"
	"math"
)

// Color is an opaque RGB colour.
type Color struct{ R, G, B uint8 }

// Common colours.
var (
	Black = Color{0, 0, 0}
	White = Color{255, 255, 255}
)

// Document is a whole edition ready to render.
type Document struct {
	Title    string
	Author   string
	Subject  string
	Keywords string
	// Created is written into the PDF's metadata; it is fixed by the caller
	// (the edition's date), never the wall clock, so output is reproducible.
	Created int64 // Unix seconds
	// Fonts maps a font id used by runs to its TrueType bytes.
	Fonts   map[string][]byte
	Pages   []Page
	Outline []Bookmark
}

// Page is one trimmed page with its items in painting order.
type Page struct {
	Width, Height float64 // trim size, pt
	Bleed         float64 // bleed on every side, pt
	Items         []Item
	Links         []Link
	// Label is the page's name in viewers and file names ("1", "2"...).
	Label string
}

// Item is anything drawn on a page: *Text, *Image, *Rect or *Line.
type Item interface{ isItem() }

// Glyph is one shaped glyph: its id in the font, its advance in thousandths
// of an em (the integers the PDF's /W array holds), and offsets from the pen
// position in thousandths of an em (y up).
type Glyph struct {
	ID         uint16
	Advance    int
	XOff, YOff int
	Rune       rune // the character the glyph stands for, 0 when it has none of its own
}

// Text is a run of glyphs in one font and size starting at a baseline point.
// Text holds the characters the run stands for, for extraction and search.
// Glyphs may be shared by runs of the same word: nothing changes them once
// the run is made.
type Text struct {
	Font   string
	Size   float64 // pt
	X, Y   float64 // pen start on the baseline
	Color  Color
	Text   string
	Glyphs []Glyph
	// Tracking is letter spacing in pt added after every glyph but the
	// last (PDF's Tc), before Expand scales it: a justified line that its
	// word spaces and expansion cannot fill takes a little.
	Tracking float64
	// Expand scales the run horizontally from its pen start by 1+Expand:
	// glyph outlines, advances, offsets and tracking alike, as PDF's
	// horizontal scaling (Tz, 100*(1+Expand) percent) does. Justified
	// lines widen or narrow their glyphs a little (font expansion). The
	// zero value draws the run as it is.
	Expand float64
}

// Width returns the run's advance width in points.
func (t *Text) Width() float64 {
	w := 0
	for _, g := range t.Glyphs {
		w += g.Advance
	}
	tw := float64(w) * t.Size / 1000
	if n := len(t.Glyphs); n > 1 {
		tw += float64(n-1) * t.Tracking
	}
	return tw * t.HScale()
}

// HScale returns the run's horizontal scale, 1+Expand to 1/10000: PDF
// writes horizontal scaling in hundredths of a percent, so renderers that
// draw at this scale draw the same.
func (t *Text) HScale() float64 {
	if t.Expand == 0 {
		return 1
	}
	return 1 + math.Round(t.Expand*1e4)/1e4
}

// Image is a photo placed in a box, its Crop of the source picture
// filling the box.
type Image struct {
	X, Y, W, H float64
	Key        string // unique per distinct picture, for de-duplication
	// Data is the JPEG the PDF embeds: the part of the picture the box
	// shows, at the print resolution, or, when Whole, the source picture
	// itself. Pix is what a page image draws: the part shown, at the size
	// the box covers on the page image (a renderer at another size scales
	// it), or nil when none was made (a renderer then decodes Data).
	Data []byte
	Pix  image.Image
	// Whole says Data is the whole source picture, passed through as it
	// was sent because it needs no scaling for its box: a renderer that
	// draws from Data shows the Crop of it, clipped to the box.
	Whole bool
	// Src names the source picture and Crop the part of it shown, as
	// fractions of its width and height; make-up sets them, and the photo
	// stage turns them into Data and Pix before rendering.
	Src  string
	Crop [4]float64 // x, y, w, h
	// From says which folder Src is a file of: the stories folder for a
	// story's photo, the edition's ads folder for a booked ad's artwork
	// (printed as the advertiser sent it), the templates folder for the
	// paper's own artwork (its logo).
	From Source
}

// Source is the folder a picture is read from.
type Source uint8

// The sources of pictures.
const (
	FromStories Source = iota
	FromAds
	FromTemplates
)

// Rect is a filled and/or stroked rectangle.
type Rect struct {
	X, Y, W, H  float64
	Fill        *Color
	Stroke      *Color
	StrokeWidth float64
}

// Line is a straight rule.
type Line struct {
	X1, Y1, X2, Y2 float64
	Width          float64
	Color          Color
}

func (*Text) isItem()  {}
func (*Image) isItem() {}
func (*Rect) isItem()  {}
func (*Line) isItem()  {}

// Link is a clickable area that goes to a place in the document (Page is a
// zero-based page index, Y the target's top in pt) or to a URL.
type Link struct {
	X, Y, W, H float64
	Page       int
	TargetY    float64
	URL        string
}

// Bookmark is an outline entry: Level 0 for sections, 1 for stories.
type Bookmark struct {
	Level int
	Title string
	Page  int
	Y     float64
}

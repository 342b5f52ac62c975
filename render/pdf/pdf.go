// Package pdf renders a display list to PDF with fpdf.
//
// fpdf writes the file's frame: the pages and their links, the fonts (embedded
// and subset) and the JPEGs. This package writes every page's content stream
// itself, pages in parallel, each compressed by the worker that drew it
// (fpdf's Text formats every call with fmt.Sprintf, which is half the time of
// a word-by-word page, and fpdf compresses page by page), then rewrites the
// finished file once (see finish.go): the contents in place of fpdf's empty
// ones, under the resource names they use, and what fpdf gets wrong or leaves
// out: the outline, the trim and bleed boxes, page labels, the metadata, a
// content-derived /ID and a fixed order for the image objects, so identical
// input gives identical bytes. A document is rendered once (Render); each
// page's own PDF, for per-page downloads, is cut from it (File.WritePage),
// so the fonts are read, subset and compressed once a document.
//
// Shaped text (ligatures, kerning, Devanagari conjuncts and marks) needs no
// special input: fpdf reaches glyphs only through characters, so every font
// is registered as its prepared copy (fonts.Prepare), in which each glyph has
// a character, a Private Use Area one if need be, and each glyph is drawn
// through the character its display.Glyph carries. A run whose drawn
// characters do not spell its text carries the text as ActualText, so copy,
// search and pdftotext give the words as written.
package pdf

import (
	"bytes"
	"compress/zlib"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/epaper/epaper/internal/work"

	"codeberg.org/go-pdf/fpdf"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/fonts"
)

// Settings control the PDF writer.
type Settings struct {
	// Compress deflates the page contents.
	Compress bool
	// Producer is written as the document's Producer and Creator.
	Producer string
}

// DefaultSettings returns compressed output produced by "epaper".
func DefaultSettings() Settings {
	return Settings{Compress: true, Producer: "epaper"}
}

// Write renders the whole document to w. It stops with ctx's error when
// ctx ends while pages are drawn.
func Write(ctx context.Context, w io.Writer, doc *display.Document, s Settings) error {
	f, err := Render(ctx, doc, s)
	if err != nil {
		return err
	}
	return f.Write(w)
}

// WritePage renders the document and writes page i (zero-based) of it
// alone as a standalone PDF (see File.WritePage). To write every page,
// Render once and write each page from the File.
func WritePage(ctx context.Context, w io.Writer, doc *display.Document, i int, s Settings) error {
	if doc != nil && (i < 0 || i >= len(doc.Pages)) {
		return fmt.Errorf("pdf: page %d out of range (document has %d)", i, len(doc.Pages))
	}
	f, err := Render(ctx, doc, s)
	if err != nil {
		return err
	}
	return f.WritePage(w, i)
}

// Render renders the whole document once. The File it returns writes the
// document and each of its pages as a file of its own; it is read-only
// and may be written from several goroutines.
func Render(ctx context.Context, doc *display.Document, s Settings) (*File, error) {
	return RenderKept(ctx, doc, s, Kept{})
}

// Contents keeps pages' drawn contents for the other documents of a run:
// the city editions of a night have most of their pages in common. Keep
// returns what was kept under key, or what draw gives, kept.
type Contents interface {
	Keep(key [32]byte, draw func() any) any
}

// Kept is where a document's pages' contents are kept for the others of
// its run, and what names each page's drawing: Digests, one a page, tell
// two pages apart exactly when they draw differently.
type Kept struct {
	Contents Contents
	Digests  [][32]byte
}

// RenderKept is Render taking from k.Contents, and keeping there, the
// contents of pages drawn the same by another document of the run. The
// bytes are those Render writes.
func RenderKept(ctx context.Context, doc *display.Document, s Settings, k Kept) (*File, error) {
	if doc == nil {
		return nil, errors.New("pdf: no document")
	}
	if k.Contents != nil && len(k.Digests) != len(doc.Pages) {
		k = Kept{}
	}
	src, fin, err := render(ctx, doc, s, k)
	if err != nil {
		return nil, err
	}
	return assemble(src, fin)
}

// font is a document font as registered with fpdf.
type font struct {
	id   string // the display list's id
	name string // fpdf family name
	face *fonts.Face
	data []byte // the prepared font file fpdf embeds
	used runeSet
	k    int // place in the renderer's fontOrder
}

// runeSet is a set of BMP code points: the characters a font drew.
type runeSet [0x10000 / 64]uint64

func (s *runeSet) add(r rune) { s[r>>6] |= 1 << (uint(r) & 63) }

// renderer holds the state of one rendering call; nothing is shared between
// calls, so documents and single pages may be rendered in parallel
// goroutines.
//
// fpdf writes the file's frame: fonts (subset to the characters drawn),
// images, pages with their links, the page tree and cross references. The
// page contents are written here, a worker per page, each compressed by
// its worker, and put in place of fpdf's empty ones when the file is
// finished, with the resource names they use.
type renderer struct {
	doc *display.Document
	f   *fpdf.Fpdf

	fonts     map[string]*font // read-only once the pages are being drawn
	fontOrder []*font
	fpdfNames map[string]bool
	images    map[string]*picture // by display key
	imageData map[[32]byte]*picture
	imgOrder  []*picture
}

// picture is an image of the document, drawn as XObject name.
type picture struct {
	name string   // resource name, "Im0001"
	sum  [32]byte // SHA-256 of its data
	data []byte   // JPEG
	key  string   // the display key it was first met by
}

// pageWriter draws one page's content stream. Pages are drawn in parallel.
type pageWriter struct {
	r     *renderer
	page  int
	buf   []byte
	used  []*runeSet      // by font, the characters this writer's pages drew
	names map[string]bool // the fonts and pictures the page names

	ox, oy    float64 // PDF x = ox + x; PDF y = oy - y
	bleed     float64
	mh        float64 // media box height
	curFont   *font
	curSize   float64
	fill      int32   // current fill colour, packed RGB
	stroke    int32   // current stroke colour
	lineWidth float64 // current line width, -1 when not set yet
	// tracked is set while the page has a non-zero Tc in force; hscale
	// is the horizontal scaling in force, 1 for 100% (0 before any run).
	tracked bool
	hscale  float64
}

// render makes what fpdf writes of the document and what finish adds to
// it.
func render(ctx context.Context, doc *display.Document, s Settings, k Kept) (src []byte, fin *finishing, err error) {
	if len(doc.Pages) == 0 {
		return nil, nil, errors.New("pdf: document has no pages")
	}
	for i := range doc.Pages {
		p := &doc.Pages[i]
		if !(p.Width > 0 && p.Height > 0 && p.Bleed >= 0) || math.IsInf(p.Width+p.Height+p.Bleed, 0) {
			return nil, nil, fmt.Errorf("pdf: page %d: bad size %gx%g pt, bleed %g pt", i+1, p.Width, p.Height, p.Bleed)
		}
		for k, l := range p.Links {
			if l.URL == "" && (l.Page < 0 || l.Page >= len(doc.Pages)) {
				return nil, nil, fmt.Errorf("pdf: page %d link %d: target page %d out of range", i+1, k, l.Page+1)
			}
		}
	}
	for k, b := range doc.Outline {
		if b.Page < 0 || b.Page >= len(doc.Pages) {
			return nil, nil, fmt.Errorf("pdf: bookmark %d %q: page %d out of range", k, b.Title, b.Page+1)
		}
	}
	// fpdf reports some failures by panicking (its writers use must).
	defer func() {
		if v := recover(); v != nil {
			src, fin, err = nil, nil, fmt.Errorf("pdf: %v", v)
		}
	}()
	r := &renderer{
		doc:       doc,
		fonts:     map[string]*font{},
		fpdfNames: map[string]bool{},
		images:    map[string]*picture{},
		imageData: map[[32]byte]*picture{},
	}
	pages := make([]int, len(doc.Pages))
	for i := range pages {
		pages[i] = i
	}
	// the fonts and pictures, in the order the pages first use them
	for _, i := range pages {
		for k, it := range doc.Pages[i].Items {
			var err error
			switch it := it.(type) {
			case *display.Text:
				if it.Text != "" || len(it.Glyphs) > 0 {
					_, err = r.font(it.Font)
				}
			case *display.Image:
				if it.W > 0 && it.H > 0 {
					err = r.image(it)
				}
			}
			if err != nil {
				return nil, nil, fmt.Errorf("pdf: page %d item %d: %w", i+1, k, err)
			}
		}
	}
	first := &doc.Pages[pages[0]]
	r.f = fpdf.NewCustom(&fpdf.InitType{
		OrientationStr: "P",
		UnitStr:        "pt",
		Size:           fpdf.SizeType{Wd: first.Width + 2*first.Bleed, Ht: first.Height + 2*first.Bleed},
	})
	f := r.f
	f.SetCompression(false) // its pages are empty: contents are written here
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	f.SetCatalogSort(true)
	created := time.Unix(doc.Created, 0).UTC()
	f.SetCreationDate(created)
	f.SetModificationDate(created)

	// fpdf reads the fonts and pictures while the pages are drawn
	fontsDone := make(chan error, 1)
	go func() { fontsDone <- r.addResources() }()
	contents, uses, err := r.drawPages(ctx, pages, s.Compress, k)
	if ferr := <-fontsDone; ferr != nil {
		return nil, nil, ferr
	}
	if err != nil {
		return nil, nil, err
	}
	for _, i := range pages {
		if err := r.page(i); err != nil {
			return nil, nil, err
		}
	}
	if err := r.registerRunes(); err != nil {
		return nil, nil, err
	}
	var out bytes.Buffer
	if err := f.Output(&out); err != nil {
		return nil, nil, fmt.Errorf("pdf: %w", err)
	}
	fin = r.finishInfo(pages, s, created)
	fin.contents, fin.uses = contents, uses
	for _, fn := range r.fontOrder {
		fin.fonts = append(fin.fonts, resource{name: fn.res(), key: "utf8" + fn.name})
	}
	for _, pic := range r.imgOrder {
		fin.images = append(fin.images, resource{name: pic.name, sum: pic.sum})
	}
	return out.Bytes(), fin, nil
}

// finishInfo gathers what the rewrite of fpdf's output needs.
func (r *renderer) finishInfo(pages []int, s Settings, created time.Time) *finishing {
	doc := r.doc
	fin := &finishing{
		title: doc.Title, author: doc.Author, subject: doc.Subject, keywords: doc.Keywords,
		producer: s.Producer, created: created, compress: s.Compress,
	}
	labels := false
	for _, i := range pages {
		p := &doc.Pages[i]
		label := p.Label
		if label != "" {
			labels = true
		} else {
			label = strconv.Itoa(i + 1)
		}
		fin.pages = append(fin.pages, pageInfo{
			width: p.Width, height: p.Height, bleed: p.Bleed, label: label,
		})
	}
	if !labels {
		for k := range fin.pages {
			fin.pages[k].label = ""
		}
	}
	for _, b := range doc.Outline {
		p := &doc.Pages[b.Page]
		fin.outline = append(fin.outline, outlineEntry{
			title: b.Title, level: b.Level, page: b.Page,
			y: p.Height + p.Bleed - b.Y,
		})
	}
	return fin
}

// drawPages draws the pages' contents in parallel, each page keeping its
// own record of the characters drawn, merged into the fonts at the end, and
// compressing what it drew. It returns each page's contents and the
// resource names they use. With k, a page another document of the run
// drew the same, under the same resource names, is taken from k.Contents.
func (r *renderer) drawPages(ctx context.Context, pages []int, compress bool, k Kept) ([][]byte, [][]string, error) {
	out := make([][]byte, len(pages))
	uses := make([][]string, len(pages))
	runes := make([][][]rune, len(pages)) // by page, by font, the characters drawn
	workers := work.Workers(runtime.GOMAXPROCS(0), len(pages))
	zws := make([]*zlib.Writer, workers)
	err := work.Each(ctx, workers, len(pages), func(w, i int) error {
		draw := func() (drawnPage, error) {
			pw := &pageWriter{r: r, page: pages[i], used: make([]*runeSet, len(r.fontOrder)), names: map[string]bool{}}
			if err := pw.draw(); err != nil {
				return drawnPage{}, err
			}
			d := drawnPage{content: pw.buf, runes: map[string][]rune{}}
			for name := range pw.names {
				d.names = append(d.names, name)
			}
			slices.Sort(d.names)
			for fk, set := range pw.used {
				if set != nil {
					d.runes[r.fontOrder[fk].id] = set.runes()
				}
			}
			if compress {
				var err error
				if d.content, err = deflate(pw.buf, &zws[w]); err != nil {
					return drawnPage{}, err
				}
			}
			return d, nil
		}
		var d drawnPage
		if k.Contents == nil {
			var err error
			if d, err = draw(); err != nil {
				return err
			}
		} else {
			var err error
			v := k.Contents.Keep(r.contentKey(pages[i], k.Digests[pages[i]], compress), func() any {
				var d drawnPage
				if d, err = draw(); err != nil {
					return nil // a failure is not kept: the caller sees err
				}
				return d
			})
			if err != nil {
				return err
			}
			if d, _ = v.(drawnPage); d.runes == nil {
				// the other document's drawing failed: draw it here
				if d, err = draw(); err != nil {
					return err
				}
			}
		}
		out[i], uses[i] = d.content, d.names
		runes[i] = make([][]rune, len(r.fontOrder))
		for fk, fn := range r.fontOrder {
			runes[i][fk] = d.runes[fn.id]
		}
		return nil
	})
	for _, byFont := range runes {
		for fk, rs := range byFont {
			fu := &r.fontOrder[fk].used
			for _, c := range rs {
				fu.add(c)
			}
		}
	}
	return out, uses, err
}

// drawnPage is a page's contents as drawn, with the resource names they
// use and, by font id, the characters they draw. It is read-only once
// drawn: documents of a run share it.
type drawnPage struct {
	content []byte
	names   []string
	runes   map[string][]rune
}

// contentKey names what page i's contents depend on: its drawing, the
// resource names the document gives its fonts and pictures, and whether
// the contents are compressed.
func (r *renderer) contentKey(i int, digest [32]byte, compress bool) [32]byte {
	h := sha256.New()
	h.Write([]byte("pdf page contents\x00"))
	h.Write(digest[:])
	seen := map[string]bool{}
	for _, it := range r.doc.Pages[i].Items {
		var id, name string
		switch it := it.(type) {
		case *display.Text:
			if fn := r.fonts[it.Font]; fn != nil {
				id, name = "f:"+it.Font, fn.res()
			}
		case *display.Image:
			if pic := r.images[it.Key]; pic != nil {
				id, name = "i:"+it.Key, pic.name
			}
		}
		if id != "" && !seen[id] {
			seen[id] = true
			fmt.Fprintf(h, "%s=%s\x00", id, name)
		}
	}
	fmt.Fprintf(h, "%v", compress)
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// runes lists the characters of the set, in order.
func (s *runeSet) runes() []rune {
	var out []rune
	for w, bitsOf := range s {
		for bitsOf != 0 {
			b := bits.TrailingZeros64(bitsOf)
			bitsOf &^= 1 << b
			out = append(out, rune(w*64+b))
		}
	}
	return out
}

// deflate compresses data with *zw, made on first use and reused.
func deflate(data []byte, zw **zlib.Writer) ([]byte, error) {
	var z bytes.Buffer
	z.Grow(len(data)/3 + 64)
	if *zw == nil {
		w, err := zlib.NewWriterLevel(&z, zlib.BestSpeed)
		if err != nil {
			return nil, err
		}
		*zw = w
	} else {
		(*zw).Reset(&z)
	}
	if _, err := (*zw).Write(data); err != nil {
		return nil, err
	}
	if err := (*zw).Close(); err != nil {
		return nil, err
	}
	return z.Bytes(), nil
}

// addResources hands the document's fonts and pictures to fpdf, in order.
func (r *renderer) addResources() error {
	for _, fn := range r.fontOrder {
		r.f.AddUTF8FontFromBytes(fn.name, "", fn.data)
		if err := r.f.Error(); err != nil {
			return fmt.Errorf("pdf: font %q: %w", fn.id, err)
		}
	}
	for _, pic := range r.imgOrder {
		r.f.RegisterImageOptionsReader(pic.name, fpdf.ImageOptions{ImageType: "JPG"}, bytes.NewReader(pic.data))
		if err := r.f.Error(); err != nil {
			return fmt.Errorf("pdf: image %q: %w", pic.key, err)
		}
	}
	return nil
}

// draw writes the page's items as content-stream operators.
func (pw *pageWriter) draw() error {
	i := pw.page
	p := &pw.r.doc.Pages[i]
	b := p.Bleed
	pw.mh = p.Height + 2*b
	pw.ox, pw.oy, pw.bleed = b, pw.mh-b, b
	pw.fill, pw.stroke, pw.lineWidth = 0, 0, -1 // a new page starts black
	for k, it := range p.Items {
		var err error
		switch it := it.(type) {
		case *display.Text:
			err = pw.text(it)
		case *display.Image:
			pw.image(it)
		case *display.Rect:
			pw.rect(it)
		case *display.Line:
			pw.line(it)
		case nil:
		default:
			err = fmt.Errorf("unknown item type %T", it)
		}
		if err != nil {
			return fmt.Errorf("pdf: page %d item %d: %w", i+1, k, err)
		}
	}
	return nil
}

// page adds one page to fpdf's frame, with its links; its content is
// written by a pageWriter.
func (r *renderer) page(i int) error {
	doc := r.doc
	p := &doc.Pages[i]
	b := p.Bleed
	mh := p.Height + 2*b
	r.f.AddPageFormat("P", fpdf.SizeType{Wd: p.Width + 2*b, Ht: mh})
	if err := r.f.Error(); err != nil {
		return fmt.Errorf("pdf: page %d: %w", i+1, err)
	}
	for _, l := range p.Links {
		x, y := l.X+b, l.Y+b
		if l.URL != "" {
			r.f.LinkString(x, y, l.W, l.H, l.URL)
			continue
		}
		ty := math.Max(l.TargetY, 0) + doc.Pages[l.Page].Bleed
		id := r.f.AddLink()
		r.f.SetLink(id, ty, l.Page+1)
		r.f.Link(x, y, l.W, l.H, id)
	}
	if err := r.f.Error(); err != nil {
		return fmt.Errorf("pdf: page %d: %w", i+1, err)
	}
	return nil
}

// font returns the document font id, prepared on first use.
func (r *renderer) font(id string) (*font, error) {
	if fn := r.fonts[id]; fn != nil {
		return fn, nil
	}
	data, ok := r.doc.Fonts[id]
	if !ok {
		return nil, fmt.Errorf("font %q is not in the document", id)
	}
	// fpdf prints a bad font to stdout and carries on: Prepare checks it
	// first. fpdf reaches glyphs only through characters, so it gets the
	// prepared copy, in which every glyph shaping may produce has one (a
	// Private Use Area code point when the font gives it none).
	prep, err := fonts.Prepare(data)
	if err != nil {
		return nil, fmt.Errorf("font %q: %w", id, err)
	}
	fn := &font{id: id, name: r.fpdfName(id), face: prep.Face, data: prep.Data, k: len(r.fontOrder)}
	r.fonts[id] = fn
	r.fontOrder = append(r.fontOrder, fn)
	return fn, nil
}

// res is the font's resource name in the page contents.
func (fn *font) res() string { return "F" + strconv.Itoa(fn.k+1) }

// fpdfName derives a PDF-safe, unique font name from a display font id; it
// ends up in the font's /BaseFont.
func (r *renderer) fpdfName(id string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(id) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' {
			b.WriteRune(c)
		}
	}
	base := b.String()
	if base == "" {
		base = "font"
	}
	name := base
	for k := 2; r.fpdfNames[name]; k++ {
		name = base + "-" + strconv.Itoa(k)
	}
	r.fpdfNames[name] = true
	return name
}

// use records that font fn drew character c.
func (pw *pageWriter) use(fn *font, c rune) {
	set := pw.used[fn.k]
	if set == nil {
		set = new(runeSet)
		pw.used[fn.k] = set
	}
	set.add(c)
}

func (pw *pageWriter) text(t *display.Text) error {
	if t.Text == "" && len(t.Glyphs) == 0 {
		return nil
	}
	fn := pw.r.fonts[t.Font] // every font was prepared before drawing
	if fn == nil {
		return fmt.Errorf("font %q is not in the document", t.Font)
	}
	if !(t.Size > 0) || !drawable(t) {
		return nil
	}
	if fn != pw.curFont || t.Size != pw.curSize {
		pw.buf = append(pw.buf, "BT /"...)
		pw.buf = append(pw.buf, fn.res()...)
		pw.buf = append(pw.buf, ' ')
		pw.buf = strconv.AppendFloat(pw.buf, t.Size, 'f', 2, 64)
		pw.buf = append(pw.buf, " Tf ET\n"...)
		pw.curFont, pw.curSize = fn, t.Size
		pw.names[fn.res()] = true
	}
	pw.setFill(t.Color)
	// A shaped run may draw characters that do not spell its text
	// (ligatures, conjuncts, reordered vowel signs, PUA code points: fpdf's
	// ToUnicode map is the identity), or place marks by offsets, which
	// poppler's text extraction takes for word breaks: such a run carries
	// its own text as ActualText, which extraction and search use instead.
	// Kerning alone needs none.
	actual := t.Text != "" && len(t.Glyphs) > 0 && (!spells(t) || offset(t))
	if actual {
		pw.buf = appendActualText(pw.buf, extractionText(t))
	}
	pw.buf = pw.appendRun(pw.buf, t, fn)
	if actual {
		pw.buf = append(pw.buf, "EMC\n"...)
	}
	return nil
}

// spells reports whether the characters run t draws, in order, are its
// text, so that extraction gives the text without help.
func spells(t *display.Text) bool {
	s := t.Text
	for _, g := range t.Glyphs {
		if g.Rune <= 0 || g.Rune > 0xFFFF {
			continue // not drawn
		}
		c, n := utf8.DecodeRuneInString(s)
		if n == 0 || c != g.Rune {
			return false
		}
		s = s[n:]
	}
	return s == ""
}

// offset reports whether a glyph of run t is drawn off its pen position.
func offset(t *display.Text) bool {
	for _, g := range t.Glyphs {
		if g.XOff != 0 || g.YOff != 0 {
			return true
		}
	}
	return false
}

// extractionText is the ActualText of run t: its text, its characters in
// reverse order when the run is right to left. Poppler, which pdftotext and
// Evince use, lays a span's ActualText out left to right over the span and
// then, as for any right-to-left text, reads the characters from the right,
// marks included: reversed here, they come out in the order written (in
// pdftotext's -raw mode a mark that ends a word comes out before it). A
// reader that takes ActualText as it stands (PDFium's copy) gets such a
// run reversed; the manifest carries every article's text as written.
func extractionText(t *display.Text) string {
	if !rightToLeft(t.Text) {
		return t.Text
	}
	rs := []rune(t.Text)
	slices.Reverse(rs)
	// digits stand left to right inside right-to-left text, in either
	// reading: a run of them keeps its order
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && unicode.IsDigit(rs[j]) {
			j++
		}
		if j > i {
			slices.Reverse(rs[i:j])
			i = j
		} else {
			i++
		}
	}
	return string(rs)
}

// rightToLeft reports whether text's first strong character is written
// right to left (Hebrew, Arabic script).
func rightToLeft(text string) bool {
	for _, r := range text {
		switch {
		case r >= 0x0590 && r <= 0x08ff, r >= 0xfb1d && r <= 0xfdff, r >= 0xfe70 && r <= 0xfefe:
			if !unicode.IsDigit(r) {
				return true
			}
		case unicode.IsLetter(r):
			return false
		}
	}
	return false
}

// appendActualText opens a marked-content span whose ActualText is s, a
// UTF-16BE string with its byte order mark, in hex.
func appendActualText(b []byte, s string) []byte {
	const hexDigits = "0123456789ABCDEF"
	b = append(b, "/Span <</ActualText <FEFF"...)
	for _, c := range s {
		var u [2]uint16
		n := 1
		if c >= 0x10000 {
			r1, r2 := utf16.EncodeRune(c)
			u[0], u[1], n = uint16(r1), uint16(r2), 2
		} else {
			u[0] = uint16(c)
		}
		for _, v := range u[:n] {
			b = append(b, hexDigits[v>>12], hexDigits[v>>8&15], hexDigits[v>>4&15], hexDigits[v&15])
		}
	}
	return append(b, ">>> BDC\n"...)
}

// appendUTF16 writes s as the bytes of a PDF literal string in fpdf's
// Identity-H encoding (CID = BMP code point) and marks its characters used.
// Characters outside the BMP cannot be reached through the font and are left
// out.
func (pw *pageWriter) appendUTF16(b []byte, s string, fn *font) []byte {
	for _, c := range s {
		if c <= 0 || c > 0xFFFF {
			continue
		}
		pw.use(fn, c)
		b = appendEscaped(b, byte(c>>8))
		b = appendEscaped(b, byte(c))
	}
	return b
}

func appendEscaped(b []byte, c byte) []byte {
	switch c {
	case '(', ')', '\\':
		return append(b, '\\', c)
	case '\r':
		return append(b, '\\', 'r')
	}
	return append(b, c)
}

// registerRunes tells fpdf which characters each font drew, so its subsetter
// keeps their glyphs. Only fpdf's Text records them, so each font gets one
// Text call holding all its characters, on fpdf's last page, whose content
// the finished file replaces: it never reaches a reader.
func (r *renderer) registerRunes() error {
	var s []rune
	for _, fn := range r.fontOrder {
		s = s[:0]
		for w, set := range fn.used {
			for set != 0 {
				k := bits.TrailingZeros64(set)
				set &^= 1 << k
				s = append(s, rune(w*64+k))
			}
		}
		if len(s) == 0 {
			continue
		}
		r.f.SetFont(fn.name, "", 1)
		r.f.Text(0, 0, string(s))
		if err := r.f.Error(); err != nil {
			return fmt.Errorf("pdf: font %q: %w", fn.id, err)
		}
	}
	return nil
}

// image records a picture of the document, once per data.
func (r *renderer) image(im *display.Image) error {
	if _, ok := r.images[im.Key]; ok {
		return nil
	}
	if len(im.Data) == 0 {
		return fmt.Errorf("image %q has no JPEG data", im.Key)
	}
	sum := sha256.Sum256(im.Data)
	pic := r.imageData[sum]
	if pic == nil {
		pic = &picture{name: fmt.Sprintf("Im%04d", len(r.imgOrder)+1), sum: sum, data: im.Data, key: im.Key}
		r.imageData[sum] = pic
		r.imgOrder = append(r.imgOrder, pic)
	}
	r.images[im.Key] = pic
	return nil
}

// image places a picture: its top-left corner at the item's position.
func (pw *pageWriter) image(im *display.Image) {
	if !(im.W > 0 && im.H > 0) {
		return
	}
	pic := pw.r.images[im.Key]
	// the box, in PDF's coordinates (from the bottom)
	x, y, w, h := pw.ox+im.X, pw.mh-(pw.bleed+im.Y+im.H), im.W, im.H
	b := append(pw.buf, "q "...)
	if c := im.Crop; im.Whole && c[2] > 0 && c[3] > 0 && c != [4]float64{0, 0, 1, 1} {
		// the whole picture, scaled so that its Crop fills the box,
		// seen through the box
		for _, v := range [4]float64{x, y, w, h} {
			b = appendNum(b, v)
			b = append(b, ' ')
		}
		b = append(b, "re W n "...)
		w, h = im.W/c[2], im.H/c[3]
		x -= c[0] * w
		y -= (1 - c[1] - c[3]) * h
	}
	b = strconv.AppendFloat(b, w, 'f', 5, 64)
	b = append(b, " 0 0 "...)
	b = strconv.AppendFloat(b, h, 'f', 5, 64)
	b = append(b, ' ')
	b = strconv.AppendFloat(b, x, 'f', 5, 64)
	b = append(b, ' ')
	b = strconv.AppendFloat(b, y, 'f', 5, 64)
	b = append(b, " cm /"...)
	b = append(b, pic.name...)
	pw.names[pic.name] = true
	pw.buf = append(b, " Do Q\n"...)
}

func (pw *pageWriter) rect(rc *display.Rect) {
	if rc.Fill == nil && rc.Stroke == nil {
		return
	}
	op := "f"
	if rc.Fill != nil {
		pw.setFill(*rc.Fill)
	}
	if rc.Stroke != nil {
		pw.setStroke(*rc.Stroke, rc.StrokeWidth)
		op = "S"
		if rc.Fill != nil {
			op = "B"
		}
	}
	b := appendNum(pw.buf, pw.ox+rc.X)
	b = append(b, ' ')
	b = appendNum(b, pw.oy-rc.Y-rc.H)
	b = append(b, ' ')
	b = appendNum(b, rc.W)
	b = append(b, ' ')
	b = appendNum(b, rc.H)
	b = append(b, " re "...)
	b = append(b, op...)
	pw.buf = append(b, '\n')
}

func (pw *pageWriter) line(l *display.Line) {
	pw.setStroke(l.Color, l.Width)
	b := appendNum(pw.buf, pw.ox+l.X1)
	b = append(b, ' ')
	b = appendNum(b, pw.oy-l.Y1)
	b = append(b, " m "...)
	b = appendNum(b, pw.ox+l.X2)
	b = append(b, ' ')
	b = appendNum(b, pw.oy-l.Y2)
	pw.buf = append(b, " l S\n"...)
}

func pack(c display.Color) int32 { return int32(c.R)<<16 | int32(c.G)<<8 | int32(c.B) }

func (pw *pageWriter) setFill(c display.Color) {
	if p := pack(c); p != pw.fill {
		pw.fill = p
		pw.buf = appendColor(pw.buf, c, "g", "rg")
	}
}

func (pw *pageWriter) setStroke(c display.Color, w float64) {
	if p := pack(c); p != pw.stroke {
		pw.stroke = p
		pw.buf = appendColor(pw.buf, c, "G", "RG")
	}
	if w < 0 {
		w = 0
	}
	if w != pw.lineWidth {
		pw.lineWidth = w
		pw.buf = strconv.AppendFloat(pw.buf, w, 'f', 3, 64)
		pw.buf = append(pw.buf, " w\n"...)
	}
}

func appendColor(b []byte, c display.Color, grey, rgb string) []byte {
	if c.R == c.G && c.G == c.B {
		b = strconv.AppendFloat(b, float64(c.R)/255, 'f', 3, 64)
		b = append(b, ' ')
		b = append(b, grey...)
		return append(b, '\n')
	}
	for _, v := range [3]uint8{c.R, c.G, c.B} {
		b = strconv.AppendFloat(b, float64(v)/255, 'f', 3, 64)
		b = append(b, ' ')
	}
	b = append(b, rgb...)
	return append(b, '\n')
}

// appendNum writes a coordinate with two decimals, as fpdf's %.2f does but
// without fmt or float formatting: it runs for every word on a page.
func appendNum(b []byte, v float64) []byte {
	if !(v > -1e12 && v < 1e12) {
		return strconv.AppendFloat(b, v, 'f', 2, 64)
	}
	n := int64(math.Round(v * 100))
	if n == 0 {
		return append(b, '0')
	}
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	b = strconv.AppendInt(b, n/100, 10)
	f := n % 100
	return append(b, '.', byte('0'+f/10), byte('0'+f%10))
}

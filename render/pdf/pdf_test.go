package pdf

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/internal/memo"
)

func uncompressed() Settings {
	s := DefaultSettings()
	s.Compress = false
	return s
}

func TestQpdfCheck(t *testing.T) {
	doc := testDoc(t)
	for _, s := range []Settings{DefaultSettings(), uncompressed()} {
		out := tool(t, render1(t, doc, s), "qpdf", "--check", "FILE")
		if !strings.Contains(out, "No syntax or stream encoding errors found") || strings.Contains(out, "WARNING") {
			t.Errorf("compress=%v: qpdf --check:\n%s", s.Compress, out)
		}
	}
}

// TestTextExtraction checks that every word drawn comes back, and nothing
// else: the glyph registration strings stay invisible.
func TestTextExtraction(t *testing.T) {
	doc := testDoc(t)
	data := render1(t, doc, DefaultSettings())
	for i, p := range doc.Pages {
		var want []string
		for _, it := range p.Items {
			if tx, ok := it.(*display.Text); ok {
				want = append(want, strings.Fields(tx.Text)...)
			}
		}
		n := strconv.Itoa(i + 1)
		got := strings.Fields(tool(t, data, "pdftotext", "-f", n, "-l", n, "FILE", "-"))
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("page %d words:\n got %q\nwant %q", i+1, got, want)
		}
	}
}

var reBox = regexp.MustCompile(`Page\s+(\d+) (size|MediaBox|TrimBox|BleedBox):\s+(.*)`)

func TestPageSizesAndBoxes(t *testing.T) {
	doc := testDoc(t)
	out := tool(t, render1(t, doc, DefaultSettings()), "pdfinfo", "-f", "1", "-l", "3", "-box", "FILE")
	if !strings.Contains(out, "Pages:           3") {
		t.Fatalf("page count:\n%s", out)
	}
	got := map[string]string{}
	for _, m := range reBox.FindAllStringSubmatch(out, -1) {
		got[m[1]+" "+m[2]] = strings.Join(strings.Fields(m[3]), " ")
	}
	want := map[string]string{
		"1 size": "318 x 418 pts", "2 size": "500 x 300 pts", "3 size": "318 x 418 pts",
		"1 MediaBox": "0.00 0.00 318.00 418.00",
		"1 TrimBox":  "9.00 9.00 309.00 409.00",
		"1 BleedBox": "0.00 0.00 318.00 418.00",
		"2 MediaBox": "0.00 0.00 500.00 300.00",
		"2 TrimBox":  "0.00 0.00 500.00 300.00",
		"2 BleedBox": "0.00 0.00 500.00 300.00", // defaults to the crop box
		"3 TrimBox":  "9.00 9.00 309.00 409.00",
		"3 BleedBox": "0.00 0.00 318.00 418.00",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("page %s = %q, want %q", k, got[k], v)
		}
	}
	// Only pages with bleed carry a BleedBox of their own.
	raw := string(render1(t, doc, uncompressed()))
	if n := strings.Count(raw, "/BleedBox"); n != 2 {
		t.Errorf("%d /BleedBox entries, want 2", n)
	}
}

// qpdfDoc is the part of qpdf's JSON the tests read.
type qpdfDoc struct {
	Pages []struct {
		Object string `json:"object"`
		Label  struct {
			P string `json:"/P"`
		} `json:"label"`
	} `json:"pages"`
	Outlines []*qpdfOutline    `json:"outlines"`
	QPDF     []json.RawMessage `json:"qpdf"` // a header, then the objects
	Objects  map[string]qpdfObject
}

type qpdfObject struct {
	Value  json.RawMessage `json:"value"`
	Stream *struct {
		Dict json.RawMessage `json:"dict"`
		Data string          `json:"data"`
	} `json:"stream"`
}

type qpdfOutline struct {
	Title string         `json:"title"`
	Dest  []any          `json:"dest"`
	Page  int            `json:"destpageposfrom1"`
	Kids  []*qpdfOutline `json:"kids"`
	Open  bool           `json:"open"`
}

func readQpdf(t *testing.T, data []byte) *qpdfDoc {
	t.Helper()
	out := tool(t, data, "qpdf", "--json", "--json-stream-data=inline", "FILE")
	var d qpdfDoc
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	if len(d.QPDF) != 2 {
		t.Fatalf("qpdf JSON has %d parts", len(d.QPDF))
	}
	if err := json.Unmarshal(d.QPDF[1], &d.Objects); err != nil {
		t.Fatal(err)
	}
	return &d
}

func (d *qpdfDoc) object(ref string) map[string]any {
	o, ok := d.Objects["obj:"+ref]
	if !ok {
		return nil
	}
	var v map[string]any
	if o.Stream != nil {
		json.Unmarshal(o.Stream.Dict, &v)
	} else {
		json.Unmarshal(o.Value, &v)
	}
	return v
}

func (d *qpdfDoc) stream(ref string) []byte {
	o, ok := d.Objects["obj:"+ref]
	if !ok || o.Stream == nil {
		return nil
	}
	b, _ := base64.StdEncoding.DecodeString(o.Stream.Data)
	return b
}

func (d *qpdfDoc) pageOf(ref string) int {
	for i, p := range d.Pages {
		if p.Object == ref {
			return i + 1
		}
	}
	return 0
}

type link struct {
	Rect [4]float64
	Page int
	Y    float64
	URL  string
}

func (d *qpdfDoc) links(page int) []link {
	var out []link
	annots, _ := d.object(d.Pages[page-1].Object)["/Annots"].([]any)
	for _, a := range annots {
		m := a.(map[string]any)
		var l link
		for i, v := range m["/Rect"].([]any) {
			l.Rect[i] = v.(float64)
		}
		if dest, ok := m["/Dest"].([]any); ok {
			l.Page = d.pageOf(dest[0].(string))
			l.Y = dest[3].(float64)
		} else {
			l.URL = strings.TrimPrefix(m["/A"].(map[string]any)["/URI"].(string), "u:")
		}
		out = append(out, l)
	}
	return out
}

func TestLinks(t *testing.T) {
	d := readQpdf(t, render1(t, testDoc(t), DefaultSettings()))
	// Page 1 jumps to page 3 (bleed 9: target 30 pt below the trim top is
	// 418-9-30 = 379 from the bottom) and links out; page 3 jumps back.
	want := map[int][]link{
		1: {
			{Rect: [4]float64{29, 97, 129, 87}, Page: 3, Y: 379},
			{Rect: [4]float64{29, 369, 129, 357}, URL: "https://example.com/front"},
		},
		2: {{Rect: [4]float64{30, 270, 80, 258}, Page: 2, Y: 150}},
		3: {{Rect: [4]float64{29, 377, 129, 367}, Page: 1, Y: 418 - 9 - 300}},
	}
	for p, w := range want {
		if got := d.links(p); !slices.Equal(got, w) {
			t.Errorf("page %d links:\n got %+v\nwant %+v", p, got, w)
		}
	}
}

func TestOutline(t *testing.T) {
	d := readQpdf(t, render1(t, testDoc(t), DefaultSettings()))
	var got []string
	var walk func(os []*qpdfOutline, depth int)
	walk = func(os []*qpdfOutline, depth int) {
		for _, o := range os {
			got = append(got, fmt.Sprintf("%d %s -> p%d y%g open=%v", depth, o.Title, o.Page, o.Dest[3], o.Open))
			walk(o.Kids, depth+1)
		}
	}
	walk(d.Outlines, 0)
	want := []string{
		"0 Front -> p1 y409 open=true",
		"1 Night desk story -> p1 y369 open=true",
		"0 World — Ünïcode -> p2 y300 open=true",
		"1 Second (story) -> p2 y180 open=true",
		"1 Jump -> p3 y359 open=true",
	}
	if !slices.Equal(got, want) {
		t.Errorf("outline:\n got %q\nwant %q", got, want)
	}
	var labels []string
	for _, p := range d.Pages {
		labels = append(labels, p.Label.P)
	}
	if !slices.Equal(labels, []string{"u:1", "u:2", "u:3"}) {
		t.Errorf("page labels %q", labels)
	}
}

// TestOutlineShapes covers outlines that do not start at level 0 and deeper
// nesting: every item must still be reachable with consistent counts.
func TestOutlineShapes(t *testing.T) {
	doc := testDoc(t)
	doc.Outline = []display.Bookmark{
		{Level: 1, Title: "orphan", Page: 0},
		{Level: 0, Title: "A", Page: 0},
		{Level: 1, Title: "A1", Page: 1},
		{Level: 2, Title: "A1a", Page: 1, Y: 10},
		{Level: 1, Title: "A2", Page: 2},
		{Level: 0, Title: "B", Page: 2},
	}
	data := render1(t, doc, DefaultSettings())
	out := tool(t, data, "qpdf", "--check", "FILE")
	if strings.Contains(out, "WARNING") {
		t.Fatal(out)
	}
	d := readQpdf(t, data)
	var got []string
	var walk func(os []*qpdfOutline, path string)
	walk = func(os []*qpdfOutline, path string) {
		for _, o := range os {
			got = append(got, path+o.Title)
			walk(o.Kids, path+o.Title+"/")
		}
	}
	walk(d.Outlines, "")
	want := []string{"orphan", "A", "A/A1", "A/A1/A1a", "A/A2", "B"}
	if !slices.Equal(got, want) {
		t.Errorf("outline %q, want %q", got, want)
	}
	raw := string(render1(t, doc, uncompressed()))
	if strings.Contains(raw, "/Count 0") {
		t.Error("outline has /Count 0")
	}
	for _, c := range []string{"/Type /Outlines /First", "/Count 6>>", "/Count 3\n", "/Count 1\n"} {
		if !strings.Contains(raw, c) {
			t.Errorf("outline lacks %q", c)
		}
	}
}

func TestMetadata(t *testing.T) {
	doc := testDoc(t)
	doc.Title = "Dainik — दैनिक"
	s := DefaultSettings()
	s.Producer = "epaper test"
	data := render1(t, doc, s)
	out := tool(t, data, "pdfinfo", "FILE")
	for _, w := range []string{
		"Title:           Dainik — दैनिक", "Author:          Night Desk",
		"Subject:         Edition of 22 September 2023", "Keywords:        news, city",
		"Creator:         epaper test", "Producer:        epaper test",
		"CreationDate:    Fri Sep 22 00:00:00 2023 UTC", "ModDate:         Fri Sep 22 00:00:00 2023 UTC",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("pdfinfo lacks %q:\n%s", w, out)
		}
	}
}

// TestDeterministic renders the same document (photos of equal widths, pages
// with and without bleed) many times and expects the same bytes, with an
// /ID that follows the content.
func TestDeterministic(t *testing.T) {
	doc := testDoc(t)
	// More photos of one width across pages make map-order effects likely.
	for i := 0; i < 6; i++ {
		p := &doc.Pages[i%3]
		p.Items = append(p.Items, &display.Image{X: 10, Y: 10, W: 20, H: 15,
			Key: "extra" + strconv.Itoa(i), Data: jpegOf(t, 40, 30, 10+i)})
	}
	for _, s := range []Settings{DefaultSettings(), uncompressed()} {
		first := render1(t, doc, s)
		for i := 0; i < 20; i++ {
			if b := render1(t, doc, s); !bytes.Equal(b, first) {
				t.Fatalf("compress=%v: render %d differs", s.Compress, i)
			}
		}
		ids := regexp.MustCompile(`/ID \[<([0-9a-f]{32})> <([0-9a-f]{32})>\]`).FindSubmatch(first)
		if ids == nil || !bytes.Equal(ids[1], ids[2]) {
			t.Fatalf("no /ID in trailer")
		}
		doc2 := *doc
		doc2.Title += "!"
		if bytes.Contains(render1(t, &doc2, s), ids[1]) {
			t.Error("/ID does not change with the content")
		}
	}
	// Parallel page renders match sequential ones (and -race watches them).
	want := make([][]byte, len(doc.Pages))
	for i := range doc.Pages {
		var b bytes.Buffer
		if err := WritePage(context.Background(), &b, doc, i, DefaultSettings()); err != nil {
			t.Fatal(err)
		}
		want[i] = b.Bytes()
	}
	var wg sync.WaitGroup
	got := make([][]byte, 4*len(doc.Pages))
	for k := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var b bytes.Buffer
			if err := WritePage(context.Background(), &b, doc, k%len(doc.Pages), DefaultSettings()); err == nil {
				got[k] = b.Bytes()
			}
		}()
	}
	wg.Wait()
	for k, b := range got {
		if !bytes.Equal(b, want[k%len(doc.Pages)]) {
			t.Errorf("parallel render of page %d differs", k%len(doc.Pages)+1)
		}
	}
}

func TestWritePage(t *testing.T) {
	doc := testDoc(t)
	for i := range doc.Pages {
		var b bytes.Buffer
		if err := WritePage(context.Background(), &b, doc, i, DefaultSettings()); err != nil {
			t.Fatal(err)
		}
		out := tool(t, b.Bytes(), "qpdf", "--check", "FILE")
		if strings.Contains(out, "WARNING") {
			t.Fatal(out)
		}
		info := tool(t, b.Bytes(), "pdfinfo", "-box", "FILE")
		if !strings.Contains(info, "Pages:           1\n") {
			t.Fatalf("page %d: %s", i+1, info)
		}
		d := readQpdf(t, b.Bytes())
		if len(d.Outlines) != 0 {
			t.Errorf("page %d has an outline", i+1)
		}
		if d.Pages[0].Label.P != "u:"+doc.Pages[i].Label {
			t.Errorf("page %d label %q", i+1, d.Pages[0].Label.P)
		}
		links := d.links(1)
		switch i {
		case 0: // the jump to page 3 is dropped, the URL stays
			if len(links) != 1 || links[0].URL == "" {
				t.Errorf("page 1 links %+v", links)
			}
		case 1: // a link within the page stays
			if len(links) != 1 || links[0].Page != 1 || links[0].Y != 150 {
				t.Errorf("page 2 links %+v", links)
			}
		case 2:
			if len(links) != 0 {
				t.Errorf("page 3 links %+v", links)
			}
		}
		words := strings.Fields(tool(t, b.Bytes(), "pdftotext", "FILE", "-"))
		if !slices.Contains(words, "night") {
			t.Errorf("page %d text %q", i+1, words)
		}
	}
	if err := WritePage(context.Background(), io.Discard, doc, 3, DefaultSettings()); err == nil {
		t.Error("page out of range accepted")
	}
}

// TestSubsetKeepsGlyphs checks that every character drawn has an outline in
// the embedded subset: the CIDToGIDMap sends it to a glyph whose glyf entry
// is not empty.
func TestSubsetKeepsGlyphs(t *testing.T) {
	doc := testDoc(t)
	used := map[string]map[rune]bool{}
	for _, p := range doc.Pages {
		for _, it := range p.Items {
			if tx, ok := it.(*display.Text); ok {
				if used[tx.Font] == nil {
					used[tx.Font] = map[rune]bool{}
				}
				for _, c := range tx.Text {
					if c != ' ' {
						used[tx.Font][c] = true
					}
				}
			}
		}
	}
	d := readQpdf(t, render1(t, doc, DefaultSettings()))
	seen := 0
	for ref, o := range d.Objects {
		var v map[string]any
		if json.Unmarshal(o.Value, &v) != nil || v["/Subtype"] != "/CIDFontType2" {
			continue
		}
		font := strings.TrimPrefix(v["/BaseFont"].(string), "/utf8")
		cid := d.stream(v["/CIDToGIDMap"].(string))
		desc := d.object(v["/FontDescriptor"].(string))
		ttf := d.stream(desc["/FontFile2"].(string))
		if used[font] == nil || len(cid) != 0x20000 || len(ttf) == 0 {
			t.Fatalf("%s: font %q, CIDToGIDMap of %d bytes, font file of %d", ref, font, len(cid), len(ttf))
		}
		seen++
		for c := range used[font] {
			gid := int(cid[2*c])<<8 | int(cid[2*c+1])
			if gid == 0 || glyphSize(t, ttf, gid) == 0 {
				t.Errorf("font %s: no outline for %q (glyph %d)", font, c, gid)
			}
		}
	}
	if seen != len(doc.Fonts) {
		t.Errorf("%d fonts embedded, want %d", seen, len(doc.Fonts))
	}
}

// glyphSize returns the length of glyph gid's glyf entry in a TrueType font.
func glyphSize(t *testing.T, ttf []byte, gid int) int {
	u16 := func(b []byte) int { return int(b[0])<<8 | int(b[1]) }
	u32 := func(b []byte) int { return u16(b)<<16 | u16(b[2:]) }
	tables := map[string][]byte{}
	for i := 0; i < u16(ttf[4:]); i++ {
		e := ttf[12+16*i:]
		off, n := u32(e[8:]), u32(e[12:])
		tables[string(e[:4])] = ttf[off : off+n]
	}
	head, loca := tables["head"], tables["loca"]
	if head == nil || loca == nil {
		t.Fatal("subset font lacks head or loca")
	}
	if u16(head[50:]) == 0 {
		if 2*gid+4 > len(loca) {
			return 0
		}
		return 2 * (u16(loca[2*gid+2:]) - u16(loca[2*gid:]))
	}
	if 4*gid+8 > len(loca) {
		return 0
	}
	return u32(loca[4*gid+4:]) - u32(loca[4*gid:])
}

// TestOnlyUsedFonts: fonts the pages never use are not embedded.
func TestOnlyUsedFonts(t *testing.T) {
	doc := testDoc(t)
	doc.Fonts["unused"] = doc.Fonts["serif"]
	raw := string(render1(t, doc, uncompressed()))
	if n := strings.Count(raw, "/Subtype /CIDFontType2"); n != 3 {
		t.Errorf("%d fonts embedded, want 3", n)
	}
}

func TestBadFontIsAnError(t *testing.T) {
	doc := testDoc(t)
	doc.Fonts["serif"] = []byte("this is not a font at all, just some bytes")
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout := os.Stdout
	os.Stdout = w
	err = Write(context.Background(), io.Discard, doc, DefaultSettings())
	os.Stdout = stdout
	w.Close()
	noise, _ := io.ReadAll(r)
	if err == nil || !strings.Contains(err.Error(), `font "serif"`) {
		t.Errorf("err = %v", err)
	}
	if len(noise) > 0 {
		t.Errorf("stdout: %q", noise)
	}
}

func TestInputErrors(t *testing.T) {
	for name, edit := range map[string]func(d *display.Document){
		"no pages":    func(d *display.Document) { d.Pages = nil },
		"zero size":   func(d *display.Document) { d.Pages[1].Width = 0 },
		"no font":     func(d *display.Document) { delete(d.Fonts, "sans-b") },
		"link target": func(d *display.Document) { d.Pages[0].Links[0].Page = 7 },
		"bookmark":    func(d *display.Document) { d.Outline[1].Page = -1 },
		"bad jpeg": func(d *display.Document) {
			d.Pages[0].Items[0] = &display.Image{W: 1, H: 1, Key: "x", Data: []byte("nope")}
		},
		"empty jpeg": func(d *display.Document) { d.Pages[0].Items[0] = &display.Image{W: 1, H: 1, Key: "x"} },
		"nil item":   func(d *display.Document) { d.Pages[0].Items[0] = nil },
	} {
		doc := testDoc(t)
		edit(doc)
		err := Write(context.Background(), io.Discard, doc, DefaultSettings())
		if name == "nil item" { // a nil item is skipped
			if err != nil {
				t.Errorf("%s: %v", name, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if Write(context.Background(), io.Discard, nil, DefaultSettings()) == nil {
		t.Error("nil document accepted")
	}
}

// TestAppendRun checks the operators that draw runs: a plain run is its
// text in one string; a shaped one is one TJ array whose numbers move the pen
// to each glyph's shaped position, with the text rise for y offsets.
func TestAppendRun(t *testing.T) {
	serif := face(t, "Source Serif 4", 400, false)
	fn := &font{face: serif}
	r := &pageWriter{oy: 300, used: make([]*runeSet, 1)}
	draw := func(tx *display.Text) string { return string(r.appendRun(nil, tx, fn)) }
	u := func(s string) string { return string(r.appendUTF16(nil, s, fn)) }

	if got, want := draw(run(serif, "serif", 10, 100, 50, "AVATAR")), "BT 100.00 250.00 Td ("+u("AVATAR")+") Tj ET\n"; got != want {
		t.Errorf("plain run:\n got %q\nwant %q", got, want)
	}
	if got, want := draw(&display.Text{X: 5, Size: 10, Text: "hi"}), "BT 5.00 300.00 Td ("+u("hi")+") Tj ET\n"; got != want {
		t.Errorf("no glyphs:\n got %q\nwant %q", got, want)
	}
	// Kerning: "AV" tightened by 80 units after A and "TA" by 60 after T.
	kern := run(serif, "serif", 10, 100, 50, "AVATAR")
	kern.Glyphs[0].Advance -= 80
	kern.Glyphs[3].Advance -= 60
	if got, want := draw(kern), "BT 100.00 250.00 Td [("+u("A")+") 80 ("+u("VAT")+") 60 ("+u("AR")+")] TJ ET\n"; got != want {
		t.Errorf("kerned:\n got %q\nwant %q", got, want)
	}
	// A raised glyph with an x offset, then a glyph with no character of
	// its own, skipped, and one after it.
	off := run(serif, "serif", 10, 0, 50, "x2yz")
	off.Glyphs[1].YOff, off.Glyphs[1].XOff = 300, -20
	off.Glyphs[2].Rune = 0
	want := fmt.Sprintf("BT 0 250.00 Td [(%s)] TJ 3.00 Ts [20 (%s)] TJ 0 Ts [%d (%s)] TJ ET\n",
		u("x"), u("2"), -20-serif.Advance('y'), u("z"))
	if got := draw(off); got != want {
		t.Errorf("offsets:\n got %q\nwant %q", got, want)
	}
	// A run ending raised sets the rise back.
	off.Glyphs = off.Glyphs[:2]
	off.Text = "x2"
	if got := draw(off); !strings.HasSuffix(got, "] TJ 0 Ts ET\n") {
		t.Errorf("rise not set back: %q", got)
	}
	// Tracking: Tc is set, and a skipped glyph's share is moved over.
	tr := run(serif, "serif", 10, 0, 50, "abc")
	tr.Tracking = 0.5
	tr.Glyphs[1].Rune = 0
	want = fmt.Sprintf("BT 0.50 Tc 0 250.00 Td [(%s) %d (%s)] TJ ET\n", u("a"), -serif.Advance('b')-50, u("c"))
	if got := draw(tr); got != want {
		t.Errorf("tracked:\n got %q\nwant %q", got, want)
	}
	if got := draw(run(serif, "serif", 10, 0, 50, "d")); !strings.HasPrefix(got, "BT 0 Tc ") {
		t.Errorf("Tc not set back after a tracked run: %q", got)
	}
}

// TestKernedRunDraws checks that a kerned run draws its glyphs at their
// shaped positions and still extracts as the word.
func TestKernedRunDraws(t *testing.T) {
	doc := testDoc(t)
	serif := face(t, "Source Serif 4", 400, false)
	kern := run(serif, "serif", 10, 50, 100, "AVATAR")
	kern.Glyphs[0].Advance -= 80
	doc.Pages[1].Items = append(doc.Pages[1].Items[:0:0], kern)
	data := render1(t, doc, uncompressed())
	// y: page 2 has no bleed and is 300 pt tall, so the baseline is at 200.
	if !bytes.Contains(data, []byte("BT 50.00 200.00 Td [(\x00A) 80 (\x00V\x00A\x00T\x00A\x00R)] TJ ET")) {
		t.Errorf("kerned run not drawn as expected")
	}
	if bytes.Contains(data, []byte("/ActualText")) {
		t.Errorf("a kerned run needs no ActualText")
	}
	if got := strings.Fields(tool(t, data, "pdftotext", "-f", "2", "-l", "2", "FILE", "-")); !slices.Equal(got, []string{"AVATAR"}) {
		t.Errorf("pdftotext: %q", got)
	}
}

func TestAppendNum(t *testing.T) {
	for v, want := range map[float64]string{
		0: "0", 0.004: "0", -0.004: "0", 1: "1.00", 12.345678: "12.35", -3.5: "-3.50",
		935.43: "935.43", 0.07: "0.07", -0.07: "-0.07", 1502.355: "1502.36", 1e13: "10000000000000.00",
	} {
		if got := string(appendNum(nil, v)); got != want {
			t.Errorf("appendNum(%v) = %q, want %q", v, got, want)
		}
	}
}

// TestDrawingPositions rasterizes the pages at 72 dpi (one pixel a point)
// and looks at the pixels where boxes, photos and text should be, bleed
// included.
func TestDrawingPositions(t *testing.T) {
	need(t, "pdftoppm")
	doc := testDoc(t)
	dir := t.TempDir()
	if err := os.WriteFile(dir+"/doc.pdf", render1(t, doc, DefaultSettings()), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-r", "72", "-png", dir+"/doc.pdf", dir+"/p").CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	page := func(n int) image.Image {
		f, err := os.Open(fmt.Sprintf("%s/p-%d.png", dir, n))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		img, err := png.Decode(f)
		if err != nil {
			t.Fatal(err)
		}
		return img
	}
	rgb := func(img image.Image, x, y int) [3]int {
		r, g, b, _ := img.At(x, y).RGBA()
		return [3]int{int(r >> 8), int(g >> 8), int(b >> 8)}
	}
	near := func(c, want [3]int) bool {
		for i := range c {
			if c[i]-want[i] > 24 || want[i]-c[i] > 24 {
				return false
			}
		}
		return true
	}
	dark := func(img image.Image, x0, y0, x1, y1 int) bool {
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				if c := rgb(img, x, y); c[0]+c[1]+c[2] < 200 {
					return true
				}
			}
		}
		return false
	}
	p1 := page(1) // bleed 9: trim (x, y) is pixel (x+9, y+9)
	if b := p1.Bounds(); b.Dx() != 318 || b.Dy() != 418 {
		t.Fatalf("page 1 is %v", b)
	}
	for _, c := range []struct {
		x, y int
		want [3]int
		what string
	}{
		{9 + 70, 9 + 240, [3]int{128, 128, 128}, "grey box"},
		{9 + 20, 9 + 240, [3]int{200, 20, 30}, "red box edge"},
		{9 + 70, 9 + 195, [3]int{255, 255, 255}, "above the box"},
		{5, 5, [3]int{255, 255, 255}, "bleed"},
	} {
		if got := rgb(p1, c.x, c.y); !near(got, c.want) {
			t.Errorf("page 1 %s at (%d,%d) = %v, want %v", c.what, c.x, c.y, got, c.want)
		}
	}
	if c := rgb(p1, 9+210, 9+245); near(c, [3]int{255, 255, 255}) {
		t.Error("page 1: no photo")
	}
	// The 24 pt headline's capitals (about 17 pt) stand on the baseline at 50.
	if !dark(p1, 9+20, 9+34, 9+140, 9+50) || dark(p1, 9+20, 9+20, 9+280, 9+30) {
		t.Error("page 1: headline not on its baseline at y=50")
	}
	if !dark(p1, 9+19, 9+59, 9+281, 9+61) {
		t.Error("page 1: rule not at y=60")
	}
	p2 := page(2) // no bleed
	if got := rgb(p2, 380, 180); !near(got, [3]int{200, 20, 30}) {
		t.Errorf("page 2 red box = %v", got)
	}
}

// TestPageCarriesItsOwn checks that a page cut from the document carries
// the fonts and pictures its page draws and no others, and the same bytes
// whether cut from one File or rendered alone.
func TestPageCarriesItsOwn(t *testing.T) {
	doc := testDoc(t)
	f, err := Render(context.Background(), doc, DefaultSettings())
	if err != nil {
		t.Fatal(err)
	}
	if f.Pages() != len(doc.Pages) {
		t.Fatalf("%d pages, want %d", f.Pages(), len(doc.Pages))
	}
	for i, p := range doc.Pages {
		wantFonts, wantImages := map[string]bool{}, map[string]bool{}
		for _, it := range p.Items {
			switch it := it.(type) {
			case *display.Text:
				wantFonts[it.Font] = true
			case *display.Image:
				wantImages[it.Key] = true
			}
		}
		var b bytes.Buffer
		if err := f.WritePage(&b, i); err != nil {
			t.Fatal(err)
		}
		var alone bytes.Buffer
		if err := WritePage(context.Background(), &alone, doc, i, DefaultSettings()); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b.Bytes(), alone.Bytes()) {
			t.Errorf("page %d: cut from a File and written alone differ", i+1)
		}
		d := readQpdf(t, b.Bytes())
		fonts, images := 0, 0
		for ref := range d.Objects {
			o := d.object(strings.TrimPrefix(ref, "obj:"))
			switch {
			case o["/Subtype"] == "/Type0":
				fonts++
			case o["/Subtype"] == "/Image":
				images++
			}
		}
		if fonts != len(wantFonts) || images != len(wantImages) {
			t.Errorf("page %d carries %d fonts and %d pictures, draws %d and %d", i+1, fonts, images, len(wantFonts), len(wantImages))
		}
	}
	if err := f.WritePage(io.Discard, len(doc.Pages)); err == nil {
		t.Error("page out of range accepted")
	}
}

func TestMapRefs(t *testing.T) {
	in := []byte("<</A 12 0 R /B [3 0 R 4 0 R] /S (not 5 0 R \\) 6 0 R) /N 120 0 Rx /M 7 0 R>>")
	got, err := mapRefs(in, func(n int) (int, error) { return n * 10, nil })
	if err != nil {
		t.Fatal(err)
	}
	want := "<</A 120 0 R /B [30 0 R 40 0 R] /S (not 5 0 R \\) 6 0 R) /N 120 0 Rx /M 70 0 R>>"
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestKeepLinksWithin(t *testing.T) {
	page := []byte("5 0 obj\n<</Type /Page\n/Annots [<</Dest [5 0 R /XYZ 0 1 null]>><</A <</S /URI /URI (http://x/>>/Dest [7 0 R)>>>><</Dest [7 0 R /XYZ 0 2 null]>>]\n/Contents 6 0 R>>\nendobj\n")
	got, err := keepLinksWithin(page, 5)
	if err != nil {
		t.Fatal(err)
	}
	want := "5 0 obj\n<</Type /Page\n/Annots [<</Dest [5 0 R /XYZ 0 1 null]>><</A <</S /URI /URI (http://x/>>/Dest [7 0 R)>>>>]\n/Contents 6 0 R>>\nendobj\n"
	if string(got) != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	got, err = keepLinksWithin(page, 9)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(got, []byte("/Dest [5")) || !bytes.Contains(got, []byte("/URI")) {
		t.Errorf("links to other pages kept: %q", got)
	}
	none := []byte("5 0 obj\n<</Type /Page\n/Annots [<</Dest [7 0 R /XYZ 0 2 null]>>]\n/Contents 6 0 R>>\nendobj\n")
	if got, _ := keepLinksWithin(none, 5); string(got) != "5 0 obj\n<</Type /Page\n/Contents 6 0 R>>\nendobj\n" {
		t.Errorf("no link left: %q", got)
	}
}

// TestRenderKeptWritesWhatRenderWrites renders two documents that share
// pages, and differ in one, through one Contents: each comes out as
// Render writes it alone, and the pages they share are drawn once.
func TestRenderKeptWritesWhatRenderWrites(t *testing.T) {
	a := testDoc(t)
	b := testDoc(t)
	b.Title = "The Evening Chronicle"
	// b's second page draws other words
	b.Pages[1].Items = append([]display.Item{}, b.Pages[1].Items...)
	b.Pages[1].Items[len(b.Pages[1].Items)-1] = run(face(t, "Source Serif 4", 400, false), "serif", 10, 30, 280, "Another city")
	digest := func(d *display.Document) [][32]byte {
		// the drawing of a page as this test tells pages apart: by
		// its text and the document it is in
		out := make([][32]byte, len(d.Pages))
		for i, p := range d.Pages {
			var s []string
			for _, it := range p.Items {
				if tx, ok := it.(*display.Text); ok {
					s = append(s, tx.Text)
				}
			}
			out[i] = sha256.Sum256([]byte(fmt.Sprint(i, s)))
		}
		return out
	}
	mc := &memo.Map{}
	for _, d := range []*display.Document{a, b} {
		alone := render1(t, d, DefaultSettings())
		f, err := RenderKept(context.Background(), d, DefaultSettings(), Kept{Contents: mc, Digests: digest(d)})
		if err != nil {
			t.Fatal(err)
		}
		var kept bytes.Buffer
		if err := f.Write(&kept); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(kept.Bytes(), alone) {
			t.Errorf("%q: rendered with kept contents, it differs from the document rendered alone", d.Title)
		}
	}
	if _, reused := mc.Stats(); reused != len(a.Pages)-1 {
		t.Errorf("%d pages taken from the other document, want %d", reused, len(a.Pages)-1)
	}
}

package pdf

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"regexp"
	"sort"
	"strconv"
	"time"
	"unicode/utf16"
)

// finishing is what the rewrite of fpdf's output adds to it.
type finishing struct {
	title, author, subject, keywords string
	producer                         string
	created                          time.Time
	pages                            []pageInfo // in file order
	outline                          []outlineEntry
	// compress tells that the contents are deflated
	compress bool
	// contents are the pages' content streams, in file order, and uses
	// the resource names each page's contents use
	contents [][]byte
	uses     [][]string
	// fonts and images are the resource names the contents use, and how
	// to find the object each names in fpdf's output
	fonts, images []resource
}

// resource is a name the page contents use for a font or an image: key is
// the font's /BaseFont as fpdf writes it, sum the image's data hash.
type resource struct {
	name string
	key  string
	sum  [32]byte
}

type pageInfo struct {
	width, height, bleed float64 // trim size and bleed, pt
	label                string  // "" when the document has no labels
}

type outlineEntry struct {
	title string
	level int
	page  int     // index into pages
	y     float64 // target in PDF user space (y up from the media box bottom)
}

// assemble rewrites the PDF fpdf produced into the File it writes. fpdf's file is a
// header, numbered objects at the offsets its xref table lists, and a
// trailer; the rewrite keeps every object's bytes except these:
//
//   - page objects get /TrimBox (and /BleedBox when there is bleed), written
//     here because fpdf writes its page boxes in map order;
//   - page contents, written by the package, take the place of fpdf's empty
//     ones, and the resource dictionary names fonts and images as they do;
//   - image objects are renumbered in the order of their resource names,
//     because fpdf orders images of equal width in map order;
//   - the Info dictionary is written from the document, with dates that carry
//     their time zone;
//   - the outline is written here: fpdf's Bookmark targets use the last page's
//     height and write /Count 0 on every item;
//   - the catalog gains /Outlines, /PageMode and /PageLabels;
//   - the trailer gains an /ID derived from the file's content.
//
// The xref table is rebuilt for the new offsets when the File is written.
func assemble(src []byte, fin *finishing) (*File, error) {
	pf, err := parseFile(src)
	if err != nil {
		return nil, fmt.Errorf("pdf: reading fpdf output: %w", err)
	}
	objs := pf.objs
	kids, err := pageKids(objs[1])
	if err != nil {
		return nil, err
	}
	if len(kids) != len(fin.pages) {
		return nil, fmt.Errorf("pdf: fpdf wrote %d pages, want %d", len(kids), len(fin.pages))
	}
	for i, k := range kids {
		// fpdf's link destinations assume page n is object 1+2n.
		if k != 3+2*i || k+1 >= len(objs) {
			return nil, fmt.Errorf("pdf: unexpected object %d for page %d", k, i+1)
		}
		objs[k], err = insertBefore(objs[k], "/Resources 2 0 R", pageBoxes(fin.pages[i]))
		if err != nil {
			return nil, err
		}
	}
	// each page's contents follow its page object
	for i, k := range kids {
		if i < len(fin.contents) {
			objs[k+1] = contentObject(k+1, fin.contents[i], fin.compress)
		}
	}
	if err := nameResources(objs, fin); err != nil {
		return nil, err
	}
	if err := sortImages(objs); err != nil {
		return nil, err
	}
	if pf.info <= 0 || pf.info >= len(objs) || pf.root <= 0 || pf.root >= len(objs) {
		return nil, errors.New("pdf: fpdf output has no Info or Root")
	}
	objs[pf.info] = infoObject(pf.info, fin)

	var cat bytes.Buffer
	if len(fin.outline) > 0 {
		base := len(objs)
		objs = append(objs, outlineObjects(base, fin.outline, kids, fin.pages)...)
		fmt.Fprintf(&cat, "/Outlines %d 0 R\n/PageMode /UseOutlines\n", base)
	}
	if len(fin.pages) > 0 && fin.pages[0].label != "" {
		cat.WriteString("/PageLabels <</Nums [")
		for i, p := range fin.pages {
			if i > 0 {
				cat.WriteByte(' ')
			}
			fmt.Fprintf(&cat, "%d <</P %s>>", i, textString(p.label))
		}
		cat.WriteString("]>>\n")
	}
	if cat.Len() > 0 {
		rb := objs[pf.root]
		i := bytes.LastIndex(rb, []byte(">>\nendobj"))
		if i < 0 {
			return nil, errors.New("pdf: fpdf catalog not understood")
		}
		objs[pf.root] = concat(rb[:i], cat.Bytes(), rb[i:])
	}
	return &File{header: pf.header, objs: objs, root: pf.root, info: pf.info, kids: kids, fin: fin}, nil
}

// contentObject is a page's content stream as object num.
func contentObject(num int, data []byte, deflated bool) []byte {
	b := strconv.AppendInt(make([]byte, 0, len(data)+80), int64(num), 10)
	b = append(b, " 0 obj\n<<"...)
	if deflated {
		b = append(b, "/Filter /FlateDecode "...)
	}
	b = append(b, "/Length "...)
	b = strconv.AppendInt(b, int64(len(data)), 10)
	b = append(b, ">>\nstream\n"...)
	b = append(b, data...)
	return append(b, "\nendstream\nendobj\n"...)
}

var (
	reFontRef = regexp.MustCompile(`/F([0-9a-f]+) (\d+) 0 R`)
	reBase    = regexp.MustCompile(`/BaseFont /(\S+)`)
)

// nameResources rewrites the resource dictionary (object 2) so its fonts and
// images go by the names the page contents use: each font is found by its
// /BaseFont, each image by its data.
func nameResources(objs [][]byte, fin *finishing) error {
	res := objs[2]
	fi := bytes.Index(res, []byte("/Font <<"))
	xi := bytes.Index(res, []byte("/XObject <<"))
	if fi < 0 || xi < fi {
		return errors.New("pdf: fpdf resources not understood")
	}
	fontByKey := map[string]string{}
	for _, f := range fin.fonts {
		fontByKey[f.key] = f.name
	}
	var err error
	fonts := reFontRef.ReplaceAllFunc(res[fi:xi], func(m []byte) []byte {
		sm := reFontRef.FindSubmatch(m)
		num, _ := strconv.Atoi(string(sm[2]))
		if num <= 0 || num >= len(objs) {
			err = fmt.Errorf("pdf: font object %d out of range", num)
			return m
		}
		base := reBase.FindSubmatch(objs[num])
		name, ok := "", false
		if base != nil {
			name, ok = fontByKey[string(base[1])]
		}
		if !ok {
			err = fmt.Errorf("pdf: font object %d is none of the document's", num)
			return m
		}
		return []byte("/" + name + " " + string(sm[2]) + " 0 R")
	})
	imgBySum := map[[32]byte]string{}
	for _, im := range fin.images {
		imgBySum[im.sum] = im.name
	}
	images := reImageRef.ReplaceAllFunc(res[xi:], func(m []byte) []byte {
		sm := reImageRef.FindSubmatch(m)
		num, _ := strconv.Atoi(string(sm[2]))
		if num <= 0 || num >= len(objs) {
			err = fmt.Errorf("pdf: image object %d out of range", num)
			return m
		}
		body := objs[num]
		s := bytes.Index(body, []byte(">>\nstream\n"))
		e := bytes.LastIndex(body, []byte("\nendstream"))
		name, ok := "", false
		if s >= 0 && e > s {
			name, ok = imgBySum[sha256.Sum256(body[s+len(">>\nstream\n"):e])]
		}
		if !ok {
			err = fmt.Errorf("pdf: image object %d is none of the document's", num)
			return m
		}
		return []byte("/" + name + " " + string(sm[2]) + " 0 R")
	})
	if err != nil {
		return err
	}
	objs[2] = concat(res[:fi], fonts, images)
	return nil
}

// pdfFile is fpdf's output cut into objects.
type pdfFile struct {
	header     []byte
	objs       [][]byte // by object number, each "n 0 obj\n…endobj\n"; [0] unused
	root, info int
}

var (
	reRoot = regexp.MustCompile(`/Root (\d+) 0 R`)
	reInfo = regexp.MustCompile(`/Info (\d+) 0 R`)
)

func parseFile(src []byte) (*pdfFile, error) {
	sx := bytes.LastIndex(src, []byte("\nstartxref\n"))
	if sx < 0 {
		return nil, errors.New("no startxref")
	}
	rest := src[sx+len("\nstartxref\n"):]
	if nl := bytes.IndexByte(rest, '\n'); nl >= 0 {
		rest = rest[:nl]
	}
	xref, err := strconv.Atoi(string(bytes.TrimSpace(rest)))
	if err != nil || xref <= 0 || xref >= len(src) {
		return nil, errors.New("bad startxref")
	}
	tail := src[xref:]
	if !bytes.HasPrefix(tail, []byte("xref\n0 ")) {
		return nil, errors.New("no xref table")
	}
	tail = tail[len("xref\n0 "):]
	nl := bytes.IndexByte(tail, '\n')
	if nl < 0 {
		return nil, errors.New("bad xref table")
	}
	n, err := strconv.Atoi(string(tail[:nl]))
	if err != nil || n < 3 {
		return nil, errors.New("bad xref size")
	}
	tail = tail[nl+1:]
	if len(tail) < 20*n {
		return nil, errors.New("short xref table")
	}
	type at struct{ off, num int }
	ats := make([]at, 0, n-1)
	for num := 1; num < n; num++ {
		e := tail[20*num : 20*num+20]
		off, err := strconv.Atoi(string(e[:10]))
		if err != nil || e[17] != 'n' || off <= 0 || off >= xref {
			return nil, fmt.Errorf("bad xref entry for object %d", num)
		}
		ats = append(ats, at{off, num})
	}
	trailer := tail[20*n:]
	pf := &pdfFile{objs: make([][]byte, n)}
	if m := reRoot.FindSubmatch(trailer); m != nil {
		pf.root, _ = strconv.Atoi(string(m[1]))
	}
	if m := reInfo.FindSubmatch(trailer); m != nil {
		pf.info, _ = strconv.Atoi(string(m[1]))
	}
	sort.Slice(ats, func(i, j int) bool { return ats[i].off < ats[j].off })
	pf.header = src[:ats[0].off]
	for i, a := range ats {
		end := xref
		if i+1 < len(ats) {
			end = ats[i+1].off
		}
		body := src[a.off:end]
		if !bytes.HasPrefix(body, []byte(strconv.Itoa(a.num)+" 0 obj")) {
			return nil, fmt.Errorf("object %d is not at its offset", a.num)
		}
		pf.objs[a.num] = body
	}
	return pf, nil
}

var reRef = regexp.MustCompile(`(\d+) 0 R`)

// pageKids reads the page object numbers from fpdf's page tree (object 1).
func pageKids(pages []byte) ([]int, error) {
	i := bytes.Index(pages, []byte("/Kids ["))
	if i < 0 {
		return nil, errors.New("pdf: fpdf page tree not understood")
	}
	rest := pages[i+len("/Kids ["):]
	j := bytes.IndexByte(rest, ']')
	if j < 0 {
		return nil, errors.New("pdf: fpdf page tree not understood")
	}
	var kids []int
	for _, m := range reRef.FindAllSubmatch(rest[:j], -1) {
		k, _ := strconv.Atoi(string(m[1]))
		kids = append(kids, k)
	}
	return kids, nil
}

// pageBoxes returns the trim box (the page) and, with bleed, the bleed box
// (the whole media box), in PDF user space: origin at the media box's
// bottom-left corner.
func pageBoxes(p pageInfo) string {
	b := p.bleed
	var buf []byte
	buf = append(buf, "/TrimBox ["...)
	buf = appendBox(buf, b, b, b+p.width, b+p.height)
	if b > 0 {
		buf = append(buf, "\n/BleedBox ["...)
		buf = appendBox(buf, 0, 0, p.width+2*b, p.height+2*b)
	}
	return string(append(buf, '\n'))
}

func appendBox(b []byte, x0, y0, x1, y1 float64) []byte {
	for i, v := range [4]float64{x0, y0, x1, y1} {
		if i > 0 {
			b = append(b, ' ')
		}
		b = strconv.AppendFloat(b, v, 'f', 2, 64)
	}
	return append(b, ']')
}

var reImageRef = regexp.MustCompile(`/I([0-9a-z]+) (\d+) 0 R`)

// sortImages renumbers the image objects so that they follow the order of
// their names in the resource dictionary (object 2). The names are the
// ones nameResources gave (Im0001…, in the order the pages first show the
// pictures), so the order no longer depends on fpdf's map iteration.
func sortImages(objs [][]byte) error {
	res := objs[2]
	xi := bytes.Index(res, []byte("/XObject <<"))
	if xi < 0 {
		return nil
	}
	byName := map[string]int{}
	var names []string
	var slots []int
	for _, m := range reImageRef.FindAllSubmatch(res[xi:], -1) {
		name := string(m[1])
		num, _ := strconv.Atoi(string(m[2]))
		if _, ok := byName[name]; ok {
			continue
		}
		if num <= 0 || num >= len(objs) {
			return fmt.Errorf("pdf: image object %d out of range", num)
		}
		// Moving an object is safe only when it refers to no other.
		body := objs[num]
		dict := body
		if s := bytes.Index(body, []byte("stream\n")); s >= 0 {
			dict = body[:s]
		}
		if !bytes.Contains(dict, []byte("/Subtype /Image")) || reRef.Match(dict[len(strconv.Itoa(num))+6:]) {
			return fmt.Errorf("pdf: image object %d not understood", num)
		}
		byName[name] = num
		names = append(names, name)
		slots = append(slots, num)
	}
	sort.Strings(names)
	sort.Ints(slots)
	newNum := map[int]int{}
	old := make(map[int][]byte, len(slots))
	for _, s := range slots {
		old[s] = objs[s]
	}
	for k, name := range names {
		from, to := byName[name], slots[k]
		newNum[from] = to
		body := old[from]
		hdr := len(strconv.Itoa(from)) + len(" 0 obj")
		objs[to] = concat([]byte(strconv.Itoa(to)+" 0 obj"), body[hdr:])
	}
	objs[2] = concat(res[:xi], reImageRef.ReplaceAllFunc(res[xi:], func(m []byte) []byte {
		sm := reImageRef.FindSubmatch(m)
		num, _ := strconv.Atoi(string(sm[2]))
		return []byte("/I" + string(sm[1]) + " " + strconv.Itoa(newNum[num]) + " 0 R")
	}))
	return nil
}

func infoObject(num int, fin *finishing) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%d 0 obj\n<<\n", num)
	for _, kv := range [][2]string{
		{"Title", fin.title}, {"Author", fin.author}, {"Subject", fin.subject},
		{"Keywords", fin.keywords}, {"Creator", fin.producer}, {"Producer", fin.producer},
	} {
		if kv[1] != "" {
			fmt.Fprintf(&b, "/%s %s\n", kv[0], textString(kv[1]))
		}
	}
	date := textString("D:" + fin.created.UTC().Format("20060102150405") + "Z")
	fmt.Fprintf(&b, "/CreationDate %s\n/ModDate %s\n>>\nendobj\n", date, date)
	return b.Bytes()
}

// outlineObjects returns the outline dictionary (object base) and its items
// (base+1…). An entry's parent is the nearest earlier entry of a lower level.
// Every item is open, so each /Count is its number of descendants.
func outlineObjects(base int, es []outlineEntry, kids []int, pages []pageInfo) [][]byte {
	n := len(es)
	parent, first, last, prev, next, count := make([]int, n), make([]int, n), make([]int, n),
		make([]int, n), make([]int, n), make([]int, n)
	for i := range es {
		parent[i], first[i], last[i], prev[i], next[i] = -1, -1, -1, -1, -1
	}
	var stack, top []int
	for i, e := range es {
		for len(stack) > 0 && es[stack[len(stack)-1]].level >= e.level {
			stack = stack[:len(stack)-1]
		}
		if len(stack) == 0 {
			if len(top) > 0 {
				p := top[len(top)-1]
				prev[i], next[p] = p, i
			}
			top = append(top, i)
		} else {
			p := stack[len(stack)-1]
			parent[i] = p
			if last[p] >= 0 {
				prev[i], next[last[p]] = last[p], i
			} else {
				first[p] = i
			}
			last[p] = i
			for q := p; q >= 0; q = parent[q] {
				count[q]++
			}
		}
		stack = append(stack, i)
	}
	obj := func(i int) int { return base + 1 + i }
	out := make([][]byte, 0, n+1)
	out = append(out, fmt.Appendf(nil, "%d 0 obj\n<</Type /Outlines /First %d 0 R /Last %d 0 R /Count %d>>\nendobj\n",
		base, obj(top[0]), obj(top[len(top)-1]), n))
	for i, e := range es {
		var b bytes.Buffer
		fmt.Fprintf(&b, "%d 0 obj\n<</Title %s\n", obj(i), textString(e.title))
		if parent[i] >= 0 {
			fmt.Fprintf(&b, "/Parent %d 0 R\n", obj(parent[i]))
		} else {
			fmt.Fprintf(&b, "/Parent %d 0 R\n", base)
		}
		if prev[i] >= 0 {
			fmt.Fprintf(&b, "/Prev %d 0 R\n", obj(prev[i]))
		}
		if next[i] >= 0 {
			fmt.Fprintf(&b, "/Next %d 0 R\n", obj(next[i]))
		}
		if first[i] >= 0 {
			fmt.Fprintf(&b, "/First %d 0 R\n/Last %d 0 R\n/Count %d\n", obj(first[i]), obj(last[i]), count[i])
		}
		fmt.Fprintf(&b, "/Dest [%d 0 R /XYZ 0 %s null]>>\nendobj\n", kids[e.page], strconv.FormatFloat(e.y, 'f', 2, 64))
		out = append(out, b.Bytes())
	}
	return out
}

// textString writes s as a PDF text string: literal when it is printable
// ASCII, otherwise UTF-16BE with a byte order mark.
func textString(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			ascii = false
			break
		}
	}
	if ascii {
		b := []byte{'('}
		for i := 0; i < len(s); i++ {
			if c := s[i]; c == '(' || c == ')' || c == '\\' {
				b = append(b, '\\')
			}
			b = append(b, s[i])
		}
		return string(append(b, ')'))
	}
	u := utf16.Encode([]rune(s))
	b := make([]byte, 0, 2+2*len(u))
	b = append(b, 0xfe, 0xff)
	for _, c := range u {
		b = append(b, byte(c>>8), byte(c))
	}
	return "<" + hex.EncodeToString(b) + ">"
}

// writeFile writes the objects in number order with a fresh xref table and
// a trailer whose /ID is a hash of everything before it.
func writeFile(w io.Writer, header []byte, objs [][]byte, root, info int) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	h := sha256.New()
	cw := &countWriter{w: bw, h: h}
	cw.Write(header)
	offsets := make([]int, len(objs))
	for num := 1; num < len(objs); num++ {
		offsets[num] = cw.n
		cw.Write(objs[num])
	}
	id := hex.EncodeToString(h.Sum(nil)[:16])
	xref := cw.n
	var b []byte
	b = fmt.Appendf(b, "xref\n0 %d\n0000000000 65535 f \n", len(objs))
	for num := 1; num < len(objs); num++ {
		b = fmt.Appendf(b, "%010d 00000 n \n", offsets[num])
	}
	b = fmt.Appendf(b, "trailer\n<<\n/Size %d\n/Root %d 0 R\n/Info %d 0 R\n/ID [<%s> <%s>]\n>>\nstartxref\n%d\n%%%%EOF\n",
		len(objs), root, info, id, id, xref)
	cw.Write(b)
	if cw.err != nil {
		return cw.err
	}
	return bw.Flush()
}

type countWriter struct {
	w   io.Writer
	h   hash.Hash
	n   int
	err error
}

func (c *countWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	c.h.Write(p)
	n, err := c.w.Write(p)
	c.n += n
	c.err = err
	return n, err
}

func insertBefore(body []byte, mark, s string) ([]byte, error) {
	i := bytes.Index(body, []byte(mark))
	if i < 0 {
		return nil, fmt.Errorf("pdf: fpdf page object has no %s", mark)
	}
	return concat(body[:i], []byte(s), body[i:]), nil
}

func concat(parts ...[]byte) []byte {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	out := make([]byte, 0, n)
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

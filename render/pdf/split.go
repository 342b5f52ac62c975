package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
)

// File is a document rendered once: its objects as finished (see
// assemble), from which the whole file and each page's file are written.
// Cutting a page out of the whole is what makes per-page PDFs cheap: the
// fonts are read, subset and compressed once for the document rather than
// once a page, and a page's file carries the document's subsets of the
// fonts its page uses. A File is read-only.
type File struct {
	header     []byte
	objs       [][]byte // by object number, each "n 0 obj\n…endobj\n"; [0] unused
	root, info int
	kids       []int // page objects, in page order
	fin        *finishing
}

// Pages is the number of pages of the document.
func (f *File) Pages() int { return len(f.kids) }

// Write writes the whole document to w.
func (f *File) Write(w io.Writer) error {
	return writeFile(w, f.header, f.objs, f.root, f.info)
}

var reResource = regexp.MustCompile(`/((?:F|Im)[0-9A-Za-z]+) (\d+) 0 R`)

// WritePage writes page i (zero-based) to w as a PDF of its own, for
// per-page downloads: the same drawing, label and document details, no
// outline, and links to other pages dropped (a link within the page stays).
// Its objects are the page's, renumbered from 1 in the order they are
// reached, so a page gives the same bytes whatever the rest of the file.
func (f *File) WritePage(w io.Writer, i int) error {
	if i < 0 || i >= len(f.kids) {
		return fmt.Errorf("pdf: page %d out of range (document has %d)", i, len(f.kids))
	}
	k := f.kids[i]
	// the document's resources by name
	byName := map[string]int{}
	for _, m := range reResource.FindAllSubmatch(f.objs[2], -1) {
		n, _ := strconv.Atoi(string(m[2]))
		byName[string(m[1])] = n
	}
	// 1 the page tree, 2 the resources, 3 the page, 4 its contents, then
	// what the resources need, then the details and the catalog
	renum := map[int]int{1: 1, 2: 2, k: 3, k + 1: 4}
	order := []int{k, k + 1}
	var fonts, images []byte
	var walk func(n int) error
	walk = func(n int) error {
		if _, ok := renum[n]; ok {
			return nil
		}
		if n <= 0 || n >= len(f.objs) || f.objs[n] == nil {
			return fmt.Errorf("pdf: page %d: object %d missing", i+1, n)
		}
		renum[n] = len(renum) + 1
		order = append(order, n)
		var err error
		_, _ = mapRefs(dictOf(f.objs[n]), func(m int) (int, error) {
			if err == nil {
				err = walk(m)
			}
			return m, nil
		})
		return err
	}
	var uses []string
	if i < len(f.fin.uses) {
		uses = f.fin.uses[i]
	}
	for _, name := range uses {
		n, ok := byName[name]
		if !ok {
			return fmt.Errorf("pdf: page %d names %s, which the document lacks", i+1, name)
		}
		if err := walk(n); err != nil {
			return err
		}
		entry := []byte("/" + name + " " + strconv.Itoa(renum[n]) + " 0 R\n")
		if name[0] == 'F' {
			fonts = append(fonts, entry...)
		} else {
			images = append(images, entry...)
		}
	}
	info, root := len(renum)+1, len(renum)+2
	objs := make([][]byte, root+1)
	p := f.fin.pages[i]
	objs[1] = fmt.Appendf(nil, "1 0 obj\n<</Type /Pages\n/Kids [3 0 R ]\n/Count 1\n/MediaBox [0 0 %.2f %.2f]\n>>\nendobj\n",
		p.width+2*p.bleed, p.height+2*p.bleed)
	objs[2] = concat([]byte("2 0 obj\n<<\n/ProcSet [/PDF /Text /ImageB /ImageC /ImageI]\n/Font <<\n"), fonts,
		[]byte(">>\n/XObject <<\n"), images, []byte(">>\n>>\nendobj\n"))
	page, err := keepLinksWithin(f.objs[k], k)
	if err != nil {
		return fmt.Errorf("pdf: page %d: %w", i+1, err)
	}
	for _, n := range order {
		body := f.objs[n]
		if n == k {
			body = page
		}
		if objs[renum[n]], err = renumber(body, n, renum[n], renum); err != nil {
			return fmt.Errorf("pdf: page %d: %w", i+1, err)
		}
	}
	objs[info] = infoObject(info, f.fin)
	cat := fmt.Appendf(nil, "%d 0 obj\n<<\n/Type /Catalog\n/Pages 1 0 R\n", root)
	if p.label != "" {
		cat = fmt.Appendf(cat, "/PageLabels <</Nums [0 <</P %s>>]>>\n", textString(p.label))
	}
	objs[root] = append(cat, ">>\nendobj\n"...)
	return writeFile(w, f.header, objs, root, info)
}

// dictOf is the part of an object before its stream, if it has one: where
// its references are.
func dictOf(body []byte) []byte {
	if s := bytes.Index(body, []byte(">>\nstream\n")); s >= 0 {
		return body[:s]
	}
	return body
}

// renumber gives object from the number to, and its references the numbers
// of renum; a reference to an object not in renum is an error.
func renumber(body []byte, from, to int, renum map[int]int) ([]byte, error) {
	head := strconv.Itoa(from) + " 0 obj"
	if !bytes.HasPrefix(body, []byte(head)) {
		return nil, fmt.Errorf("object %d not understood", from)
	}
	dict := dictOf(body)
	mapped, err := mapRefs(dict[len(head):], func(n int) (int, error) {
		m, ok := renum[n]
		if !ok {
			return 0, fmt.Errorf("object %d refers to object %d, which the page does not carry", from, n)
		}
		return m, nil
	})
	if err != nil {
		return nil, err
	}
	return concat([]byte(strconv.Itoa(to)+" 0 obj"), mapped, body[len(dict):]), nil
}

// mapRefs returns b with each indirect reference "n 0 R" outside strings
// replaced by the one fn gives for n.
func mapRefs(b []byte, fn func(n int) (int, error)) ([]byte, error) {
	var out []byte
	last := 0
	for j := 0; j < len(b); j++ {
		c := b[j]
		if c == '(' {
			j = skipString(b, j) - 1
			continue
		}
		if c < '0' || c > '9' || j > 0 && isRegular(b[j-1]) {
			continue
		}
		e := j
		for e < len(b) && b[e] >= '0' && b[e] <= '9' {
			e++
		}
		if !bytes.HasPrefix(b[e:], []byte(" 0 R")) || e+4 < len(b) && isRegular(b[e+4]) {
			j = e - 1
			continue
		}
		n, err := strconv.Atoi(string(b[j:e]))
		if err != nil {
			return nil, err
		}
		m, err := fn(n)
		if err != nil {
			return nil, err
		}
		out = append(out, b[last:j]...)
		out = strconv.AppendInt(out, int64(m), 10)
		last, j = e, e-1
	}
	return append(out, b[last:]...), nil
}

// isRegular reports whether c is part of a PDF token (neither white space
// nor a delimiter).
func isRegular(c byte) bool {
	return !bytes.ContainsRune([]byte(" \t\r\n\f\x00()<>[]{}/%"), rune(c))
}

// skipString returns the index just past the literal string that starts at
// b[j] == '(': parentheses nest, and a backslash escapes the next byte.
func skipString(b []byte, j int) int {
	depth := 0
	for ; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return j + 1
			}
		}
	}
	return len(b)
}

// keepLinksWithin returns page object num without its annotations that
// lead to another page; one that leads within the page, or to a URL, stays.
func keepLinksWithin(body []byte, num int) ([]byte, error) {
	const key = "/Annots ["
	a := bytes.Index(dictOf(body), []byte(key))
	if a < 0 {
		return body, nil
	}
	var kept [][]byte
	j := a + len(key)
	for {
		for j < len(body) && (body[j] == ' ' || body[j] == '\n') {
			j++
		}
		if j >= len(body) {
			return nil, errors.New("page annotations not understood")
		}
		if body[j] == ']' {
			break
		}
		if !bytes.HasPrefix(body[j:], []byte("<<")) {
			return nil, errors.New("page annotations not understood")
		}
		e := skipDict(body, j)
		if e < 0 {
			return nil, errors.New("page annotations not understood")
		}
		annot := body[j:e]
		if to, ok := destPage(annot); !ok || to == num {
			kept = append(kept, annot)
		}
		j = e
	}
	end := j + 1 // past the ']'
	if len(kept) == 0 {
		// drop the entry and the line break after it
		if end < len(body) && body[end] == '\n' {
			end++
		}
		return concat(body[:a], body[end:]), nil
	}
	return concat(body[:a+len(key)], bytes.Join(kept, nil), body[j:]), nil
}

// skipDict returns the index just past the dictionary that starts at b[j],
// or -1 when it does not end.
func skipDict(b []byte, j int) int {
	depth := 0
	for j < len(b) {
		switch {
		case b[j] == '(':
			j = skipString(b, j)
			continue
		case bytes.HasPrefix(b[j:], []byte("<<")):
			depth++
			j += 2
			continue
		case bytes.HasPrefix(b[j:], []byte(">>")):
			depth--
			j += 2
			if depth == 0 {
				return j
			}
			continue
		}
		j++
	}
	return -1
}

var reDest = regexp.MustCompile(`^/Dest \[(\d+) 0 R`)

// destPage returns the page object an annotation's /Dest leads to; ok is
// false when it has none (a URL link).
func destPage(annot []byte) (int, bool) {
	for j := 0; j < len(annot); j++ {
		switch annot[j] {
		case '(':
			j = skipString(annot, j) - 1
		case '/':
			if m := reDest.FindSubmatch(annot[j:]); m != nil {
				n, _ := strconv.Atoi(string(m[1]))
				return n, true
			}
		}
	}
	return 0, false
}

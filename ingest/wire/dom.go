package wire

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/epaper/epaper/problem"

	"github.com/epaper/epaper/story"
)

// node is an element or a run of text of a parsed XML (or HTML) document.
// Readers walk this small tree rather than unmarshalling into structs, so
// that any namespace prefix, any order of elements and mixed content work
// alike, and every element knows its line.
type node struct {
	Space string // namespace URI (or the prefix, if it was not declared)
	Name  string // local name; "" for text
	Attr  []xml.Attr
	Kids  []*node
	Text  string // text of a text node
	Line  int
}

func (n *node) isText() bool { return n.Name == "" }

// attr returns the value of the attribute with the local name, in any
// namespace.
func (n *node) attr(name string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// langAttr returns xml:lang (or lang).
func (n *node) langAttr() string {
	for _, a := range n.Attr {
		if a.Name.Local == "lang" && (a.Name.Space == "" || a.Name.Space == xmlNS || a.Name.Space == "xml") {
			return a.Value
		}
	}
	return ""
}

// child returns the first element child with the local name.
func (n *node) child(name string) *node {
	if n == nil {
		return nil
	}
	for _, k := range n.Kids {
		if k.Name == name {
			return k
		}
	}
	return nil
}

// children returns the element children with the local name.
func (n *node) children(name string) []*node {
	if n == nil {
		return nil
	}
	var out []*node
	for _, k := range n.Kids {
		if k.Name == name {
			out = append(out, k)
		}
	}
	return out
}

// elements returns the element children.
func (n *node) elements() []*node {
	if n == nil {
		return nil
	}
	var out []*node
	for _, k := range n.Kids {
		if !k.isText() {
			out = append(out, k)
		}
	}
	return out
}

// find returns the first element with the local name anywhere under n, in
// document order, n included.
func (n *node) find(name string) *node {
	if n == nil {
		return nil
	}
	if n.Name == name {
		return n
	}
	for _, k := range n.Kids {
		if f := k.find(name); f != nil {
			return f
		}
	}
	return nil
}

// text returns the text content of n, white space collapsed.
func (n *node) text() string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	n.appendText(&b)
	return collapse(b.String())
}

func (n *node) appendText(b *strings.Builder) {
	if n.isText() {
		b.WriteString(n.Text)
		return
	}
	for _, k := range n.Kids {
		k.appendText(b)
		if !k.isText() && blockish[k.Name] {
			b.WriteByte(' ')
		}
	}
}

const (
	xmlNS   = "http://www.w3.org/XML/1998/namespace"
	xhtmlNS = "http://www.w3.org/1999/xhtml"
)

// maxDepth bounds element nesting: deeper documents are an attack or an
// accident, and the readers walk the tree recursively.
const maxDepth = 200

var entityDeclRE = regexp.MustCompile(`(?:^|<!)\s*ENTITY\b`)

// parseXML parses data into a tree of nodes. It parses strictly, refuses DTDs
// that declare entities (entity expansion and external entity tricks), knows
// the HTML character entities that NITF DTDs declare, and reports errors with
// their line.
func (r *reader) parseXML(data []byte) (*node, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.Entity = xml.HTMLEntity
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		// normalizeEncoding has already converted the bytes to UTF-8.
		return in, nil
	}
	var root *node
	var stack []*node
	for {
		off := d.InputOffset()
		line := r.lines.line(off)
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, r.xmlError(err, line)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) >= maxDepth {
				return nil, r.errorf(line, "elements nested more than %d deep", maxDepth)
			}
			n := &node{Space: t.Name.Space, Name: t.Name.Local, Attr: t.Attr, Line: line}
			for _, a := range t.Attr {
				if c, bad := badControl(a.Value); bad {
					return nil, r.errorf(line, "control character U+%04X in attribute %s", c, a.Name.Local)
				}
			}
			if len(stack) == 0 {
				if root != nil {
					return nil, r.errorf(line, "XML: more than one root element")
				}
				root = n
			} else {
				p := stack[len(stack)-1]
				p.Kids = append(p.Kids, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) == 0 {
				if len(bytes.TrimSpace(t)) > 0 {
					return nil, r.errorf(line, "XML: text outside the root element")
				}
				continue
			}
			s := string(t)
			if c, bad := badControl(s); bad {
				at := line + strings.Count(s[:strings.IndexRune(s, c)], "\n")
				return nil, r.errorf(at, "control character U+%04X in the text", c)
			}
			p := stack[len(stack)-1]
			p.Kids = append(p.Kids, &node{Text: s, Line: line})
		case xml.Directive:
			if entityDeclRE.Match(t) {
				return nil, r.errorf(line, "the DOCTYPE declares entities, which are not allowed (entity expansion and external entities are refused)")
			}
		}
	}
	if root == nil {
		return nil, r.errorf(1, "XML: no root element")
	}
	return root, nil
}

func (r *reader) xmlError(err error, line int) *problem.Problem {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return r.errorf(se.Line, "XML: %s", se.Msg)
	}
	return r.errorf(line, "XML: %v", err)
}

// rootElement returns the name and namespace of the document element, reading
// no further than needed.
func rootElement(data []byte) (space, local string, ok bool) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.Entity = xml.HTMLEntity
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) { return in, nil }
	for i := 0; i < 1000; i++ {
		tok, err := d.Token()
		if err != nil {
			return "", "", false
		}
		if t, isStart := tok.(xml.StartElement); isStart {
			return t.Name.Space, t.Name.Local, true
		}
	}
	return "", "", false
}

func detectXML(data []byte) Format {
	space, local, ok := rootElement(data)
	if !ok {
		return Unknown
	}
	return formatOfRoot(space, local)
}

func formatOfRoot(space, local string) Format {
	switch local {
	case "nitf":
		if space == "" || strings.HasPrefix(space, nitfNSPrefix) || strings.Contains(strings.ToLower(space), "nitf") {
			return NITF
		}
	case "newsItem", "newsMessage", "packageItem":
		if space == narNS {
			return NewsMLG2
		}
	case "rss":
		if space == "" {
			return RSS
		}
	case "RDF":
		if space == rdfNS {
			return RSS
		}
	case "feed", "entry":
		if space == atomNS {
			return Atom
		}
	}
	return Unknown
}

func (r *reader) readXML(data []byte) ([]story.Story, error) {
	root, err := r.parseXML(data)
	if err != nil {
		return nil, err
	}
	switch formatOfRoot(root.Space, root.Name) {
	case NITF:
		s, err := r.readNITF(root)
		if err != nil {
			return nil, err
		}
		return []story.Story{s}, nil
	case NewsMLG2:
		return r.readNewsML(root)
	case RSS:
		return r.readRSS(root)
	case Atom:
		return r.readAtom(root)
	}
	name := root.Name
	if root.Space != "" {
		name = fmt.Sprintf("%s (namespace %s)", root.Name, root.Space)
	}
	return nil, r.errorf(root.Line, "XML root element %s is not NITF, NewsML-G2 (newsItem, packageItem, newsMessage), RSS or Atom", name)
}

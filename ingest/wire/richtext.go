package wire

import (
	"bytes"
	"encoding/xml"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/epaper/epaper/story"
)

// blockish are the elements that start and end a block of text, in HTML and
// in NITF.
var blockish = map[string]bool{
	"p": true, "div": true, "section": true, "article": true, "main": true, "header": true,
	"footer": true, "aside": true, "center": true, "address": true, "blockquote": true,
	"bq": true, "block": true, "body.content": true, "body": true, "h1": true, "h2": true,
	"h3": true, "h4": true, "h5": true, "h6": true, "hl1": true, "hl2": true, "ul": true,
	"ol": true, "li": true, "dl": true, "dt": true, "dd": true, "table": true, "tr": true,
	"td": true, "th": true, "thead": true, "tbody": true, "tfoot": true, "caption": true,
	"pre": true, "hr": true, "figure": true, "figcaption": true, "note": true, "fn": true,
	"nitf-table": true, "credit": true, "abstract": true, "br": true, "media": true,
	"html": true, "tagline": true,
}

// dropped are the elements whose content never reaches the page.
var dropped = map[string]bool{
	"script": true, "style": true, "iframe": true, "object": true, "embed": true,
	"noscript": true, "template": true, "svg": true, "math": true, "video": true,
	"audio": true, "canvas": true, "form": true, "button": true, "select": true,
	"textarea": true, "input": true, "head": true, "title": true, "meta": true,
	"link": true, "nav": true, "map": true, "source": true, "track": true,
	"nitf-table-metadata": true, "body.head": true, "body.end": true, "media-caption": true,
	"media-producer": true, "media-metadata": true, "media-object": true, "media-reference": true,
}

// picture is an image named in a source, before a rendition is chosen and its
// reference resolved.
type picture struct {
	rends   []rendition
	caption string
	credit  string
	line    int
}

// rendition is one file of a picture.
type rendition struct {
	href   string
	mime   string
	name   string
	width  int
	height int
	size   int64
}

// bodyBuilder turns a tree of HTML or NITF elements into body blocks.
type bodyBuilder struct {
	blocks []story.Block
	cur    []*spanBuf
	kind   story.BlockKind
	style  story.Style
	space  bool   // a space is due before the next text
	prefix string // a list bullet, written before the block's first text
	para   int    // depth of elements in which br is a space
	quote  int    // depth of block quotations
	pre    int    // depth of preformatted text
	brDue  bool   // a br came with no text after it yet
	lists  []int  // for each open list: -1 unordered, else the last number
	pics   []picture
}

func newBodyBuilder() *bodyBuilder {
	return &bodyBuilder{kind: story.Paragraph}
}

// blocksOf converts element content to body blocks and the pictures found in
// it (figures, img, NITF media).
func blocksOf(nodes ...*node) ([]story.Block, []picture) {
	b := newBodyBuilder()
	for _, n := range nodes {
		b.walk(n)
	}
	b.flush()
	return b.blocks, b.pics
}

func (b *bodyBuilder) blockKind() story.BlockKind {
	if b.quote > 0 {
		return story.Quote
	}
	return story.Paragraph
}

// spanBuf is a span being built.
type spanBuf struct {
	style  story.Style
	text   strings.Builder
	bullet bool // the span is a list item's bullet
}

// text adds running text, collapsing white space and decoding character
// references left in it.
func (b *bodyBuilder) text(s string) {
	for _, r := range DecodeRefs(s) {
		if b.pre > 0 && r == '\n' {
			b.flush()
			continue
		}
		if isSpace(r) {
			if len(b.cur) > 0 {
				b.space = true
			}
			continue
		}
		if dropRune(r) {
			continue
		}
		b.brDue = false
		if len(b.cur) == 0 && b.prefix != "" {
			sb := &spanBuf{bullet: true}
			sb.text.WriteString(b.prefix)
			b.cur = append(b.cur, sb)
			b.prefix = ""
		}
		if b.space {
			b.cur[len(b.cur)-1].text.WriteByte(' ')
			b.space = false
		}
		if n := len(b.cur); n == 0 || b.cur[n-1].style != b.style || b.cur[n-1].bullet {
			b.cur = append(b.cur, &spanBuf{style: b.style})
		}
		b.cur[len(b.cur)-1].text.WriteRune(r)
	}
}

// flush ends the current block; a block with no visible text is dropped.
func (b *bodyBuilder) flush() {
	if len(b.cur) > 0 {
		spans := make([]story.Span, 0, len(b.cur))
		visible := false
		for _, sb := range b.cur {
			t := sb.text.String()
			if !visible && !sb.bullet && !blankText(t) {
				visible = true
			}
			if k := len(spans); k > 0 && spans[k-1].Style == sb.style {
				spans[k-1].Text += t
			} else {
				spans = append(spans, story.Span{Text: t, Style: sb.style})
			}
		}
		last := &spans[len(spans)-1]
		last.Text = strings.TrimRight(last.Text, " ")
		if last.Text == "" {
			spans = spans[:len(spans)-1]
		}
		if visible && len(spans) > 0 {
			b.blocks = append(b.blocks, story.Block{Kind: b.kind, Spans: spans})
		}
	}
	b.cur = nil
	b.space = false
	b.prefix = ""
	b.kind = b.blockKind()
}

// block walks n's content as a block of the given kind.
func (b *bodyBuilder) block(n *node, kind story.BlockKind, inline bool) {
	b.flush()
	b.kind = kind
	if inline {
		b.para++
	}
	b.kids(n)
	b.flush()
	if inline {
		b.para--
	}
}

func (b *bodyBuilder) kids(n *node) {
	for _, k := range n.Kids {
		b.walk(k)
	}
}

// styled walks n's content with style added.
func (b *bodyBuilder) styled(n *node, s story.Style) {
	old := b.style
	b.style |= s
	b.kids(n)
	b.style = old
}

// walk turns one node and its content into body text: a text node into
// running text, an element as its kind says (a block, a list, a table row,
// a style, a picture).
func (b *bodyBuilder) walk(n *node) {
	if n.isText() {
		b.text(n.Text)
		return
	}
	name := strings.ToLower(n.Name)
	if dropped[name] {
		return
	}
	switch name {
	case "br":
		b.lineBreak()
	case "p", "dd", "caption", "figcaption", "td", "th":
		b.block(n, b.blockKind(), true)
	case "h1", "h2", "h3", "h4", "h5", "h6", "hl1", "hl2":
		b.block(n, story.Crosshead, true)
	case "blockquote", "bq":
		b.blockquote(n)
	case "credit":
		b.credit(n)
	case "ul", "ol", "dir", "menu":
		b.list(n, name == "ol")
	case "li":
		b.listItem(n)
	case "dt":
		b.flush()
		b.para++
		b.styled(n, story.Bold)
		b.flush()
		b.para--
	case "tr":
		b.tableRow(n)
	case "pre":
		b.flush()
		b.pre++
		b.kids(n)
		b.flush()
		b.pre--
	case "hr":
		b.flush()
	case "b", "strong", "i", "em", "cite", "dfn", "var", "span", "font":
		b.styled(n, styleOf(name, n))
	case "q":
		b.inlineQuote(n)
	case "figure", "img", "media":
		b.picture(n, name)
	case "note":
		// NITF notes of type "npa" are not for publication.
		if !strings.EqualFold(n.attr("type"), "npa") {
			b.flush()
			b.kids(n)
			b.flush()
		}
	default:
		if blockish[name] {
			b.flush()
			b.kids(n)
			b.flush()
			return
		}
		b.kids(n)
	}
}

// lineBreak is a br: a space inside a paragraph, a new line in
// preformatted text, and outside a paragraph, where feeds separate
// paragraphs with two line breaks in a row, a paragraph break when it is
// the second.
func (b *bodyBuilder) lineBreak() {
	if b.para > 0 || b.pre > 0 {
		if b.pre > 0 {
			b.flush()
		} else if len(b.cur) > 0 {
			b.space = true
		}
		return
	}
	if b.brDue {
		b.flush()
		b.brDue = false
		return
	}
	if len(b.cur) > 0 {
		b.space = true
	}
	b.brDue = true
}

// blockquote walks a block quotation: its paragraphs are quotes.
func (b *bodyBuilder) blockquote(n *node) {
	b.flush()
	b.quote++
	b.kind = story.Quote
	b.kids(n)
	b.flush()
	b.quote--
	b.kind = b.blockKind()
}

// credit is the credit line of an NITF block quotation.
func (b *bodyBuilder) credit(n *node) {
	b.flush()
	b.kind = b.blockKind()
	b.para++
	b.text("— ")
	b.kids(n)
	b.flush()
	b.para--
}

// list walks a list; its items are numbered when it is ordered.
func (b *bodyBuilder) list(n *node, ordered bool) {
	b.flush()
	start := -1
	if ordered {
		start = 0
		if s, err := strconv.Atoi(n.attr("start")); err == nil && s > 0 && s < 1e6 {
			start = s - 1
		}
	}
	b.lists = append(b.lists, start)
	b.kids(n)
	b.flush()
	b.lists = b.lists[:len(b.lists)-1]
}

// listItem walks a list item as a paragraph with its bullet or number.
func (b *bodyBuilder) listItem(n *node) {
	b.flush()
	b.prefix = "• "
	if k := len(b.lists); k > 0 && b.lists[k-1] >= 0 {
		b.lists[k-1]++
		b.prefix = strconv.Itoa(b.lists[k-1]) + ". "
	}
	b.para++
	b.kids(n)
	b.flush()
	b.para--
}

// tableRow sets a table row as one paragraph, its cells parted by bars and
// its header cells bold.
func (b *bodyBuilder) tableRow(n *node) {
	b.flush()
	b.para++
	first := true
	for _, c := range n.Kids {
		if c.isText() {
			continue
		}
		cn := strings.ToLower(c.Name)
		if cn != "td" && cn != "th" {
			b.walk(c)
			continue
		}
		if !first && len(b.cur) > 0 {
			b.text(" | ")
		}
		first = false
		if cn == "th" {
			b.styled(c, story.Bold)
		} else {
			b.kids(c)
		}
	}
	b.flush()
	b.para--
}

// styleOf is the style an inline element adds: bold, italic (NITF marks
// bold as em with a class), or what a span's CSS says.
func styleOf(name string, n *node) story.Style {
	switch name {
	case "b", "strong":
		return story.Bold
	case "span", "font":
		st := strings.ToLower(strings.ReplaceAll(n.attr("style"), " ", ""))
		var s story.Style
		if strings.Contains(st, "font-weight:bold") || strings.Contains(st, "font-weight:700") {
			s |= story.Bold
		}
		if strings.Contains(st, "font-style:italic") {
			s |= story.Italic
		}
		return s
	case "em":
		switch cls := strings.ToLower(n.attr("class")); {
		case strings.Contains(cls, "bold") && strings.Contains(cls, "italic"):
			return story.Bold | story.Italic
		case strings.Contains(cls, "bold"), strings.Contains(cls, "strong"):
			return story.Bold
		}
	}
	return story.Italic
}

// inlineQuote is a q element: its text in quotation marks, unless it
// brings its own.
func (b *bodyBuilder) inlineQuote(n *node) {
	t := n.text()
	quoted := t != "" && strings.ContainsRune("\"“”„«»'‘’", []rune(t)[0])
	if !quoted {
		b.text("“")
	}
	b.kids(n)
	if !quoted {
		b.text("”")
	}
}

// picture collects a figure's, img's or NITF media element's pictures.
func (b *bodyBuilder) picture(n *node, name string) {
	switch name {
	case "figure":
		b.flush()
		if n.find("img") == nil {
			// A figure without a picture is a pull quote or a table:
			// its text stays.
			b.kids(n)
			b.flush()
			return
		}
		b.figure(n)
	case "img":
		if p, ok := imgPicture(n, ""); ok {
			b.pics = append(b.pics, p)
		}
	case "media":
		b.flush()
		if p, ok := nitfMedia(n); ok {
			b.pics = append(b.pics, p)
		}
	}
}

// figure collects the pictures of an HTML figure with its caption, which is
// the pictures' and not the body's.
func (b *bodyBuilder) figure(n *node) {
	caption := n.find("figcaption").text()
	var imgs []*node
	var collect func(*node)
	collect = func(k *node) {
		if strings.EqualFold(k.Name, "img") {
			imgs = append(imgs, k)
			return
		}
		for _, c := range k.Kids {
			collect(c)
		}
	}
	collect(n)
	for _, img := range imgs {
		if p, ok := imgPicture(img, caption); ok {
			b.pics = append(b.pics, p)
		}
	}
}

// imgPicture reads an HTML img. Decorations (emoji, spacers, tracking pixels)
// are left out.
func imgPicture(n *node, caption string) (picture, bool) {
	src := strings.TrimSpace(n.attr("src"))
	if src == "" || strings.HasPrefix(strings.ToLower(src), "data:") {
		return picture{}, false
	}
	w, _ := strconv.Atoi(strings.TrimSuffix(n.attr("width"), "px"))
	h, _ := strconv.Atoi(strings.TrimSuffix(n.attr("height"), "px"))
	if (w > 0 && w < 100) || (h > 0 && h < 100) || strings.Contains(strings.ToLower(n.attr("class")), "emoji") || strings.Contains(src, "/emoji/") {
		return picture{}, false
	}
	if caption == "" {
		caption = collapse(n.attr("title"))
	}
	if caption == "" {
		if alt := collapse(n.attr("alt")); len(strings.Fields(alt)) >= 3 {
			caption = alt
		}
	}
	return picture{rends: []rendition{{href: src, width: w, height: h}}, caption: caption, line: n.Line}, true
}

// nitfMedia reads an NITF media element of type image: its references are
// the renditions, media-caption the caption and media-producer the credit.
func nitfMedia(n *node) (picture, bool) {
	if t := strings.ToLower(n.attr("media-type")); t != "" && t != "image" && t != "photo" && t != "graphic" {
		return picture{}, false
	}
	p := picture{line: n.Line}
	for _, ref := range n.children("media-reference") {
		src := firstNonEmpty(ref.attr("source"), ref.attr("data-location"))
		if src == "" {
			continue
		}
		w, _ := strconv.Atoi(ref.attr("width"))
		h, _ := strconv.Atoi(ref.attr("height"))
		p.rends = append(p.rends, rendition{href: strings.TrimSpace(src), mime: ref.attr("mime-type"), name: ref.attr("name"), width: w, height: h})
	}
	var caps []string
	for _, c := range n.children("media-caption") {
		caps = append(caps, c.text())
	}
	p.caption = collapse(strings.Join(caps, " "))
	var creds []string
	for _, c := range n.children("media-producer") {
		creds = append(creds, c.text())
	}
	p.credit = collapse(strings.Join(creds, ", "))
	if p.credit == "" {
		for _, ref := range n.children("media-reference") {
			if c := firstNonEmpty(ref.attr("source-credit"), ref.attr("copyright")); c != "" {
				p.credit = collapse(c)
				break
			}
		}
	}
	return p, len(p.rends) > 0
}

// htmlNodes parses an HTML fragment (as feeds and ninjs carry it) into
// nodes. The tree is never deeper than maxDepth: elements nested deeper are
// flattened into their ancestor (their text kept, their nesting lost), so
// that walking the tree costs time in proportion to its size. HTML nested
// deeper than the HTML parser takes (it refuses more than 512 open
// elements) is first cut down to maxDepth levels of tags by capNesting;
// what still cannot be parsed gives its text alone. Markup is never
// returned as text.
func htmlNodes(s string) []*node {
	frag, err := parseFragment(s)
	if err != nil {
		frag, err = parseFragment(capNesting(s, maxDepth))
	}
	if err != nil {
		return []*node{{Text: tokenText(s)}}
	}
	var out []*node
	for _, f := range frag {
		out = append(out, fromHTML(f, 0)...)
	}
	return out
}

func parseFragment(s string) ([]*html.Node, error) {
	ctx := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	return html.ParseFragment(strings.NewReader(s), ctx)
}

// flattenMark stands for a block element flattened away at maxDepth: the
// body builder ends a block at it, as at the element it replaces.
const flattenMark = "hr"

// fromHTML converts h and its content to nodes at depth. An element at
// depth maxDepth-1 or deeper gives its content in its place (and, if it is a
// block, a mark on either side that ends the block); an element whose
// content never reaches the page gives nothing, at any depth.
func fromHTML(h *html.Node, depth int) []*node {
	switch h.Type {
	case html.TextNode:
		return []*node{{Text: h.Data}}
	case html.ElementNode:
		name := strings.ToLower(h.Data)
		if dropped[name] {
			if depth >= maxDepth-1 {
				return nil
			}
			return []*node{{Name: h.Data}}
		}
		if depth >= maxDepth-1 {
			var out []*node
			block := blockish[name]
			if block {
				out = append(out, &node{Name: flattenMark})
			}
			for c := h.FirstChild; c != nil; c = c.NextSibling {
				out = append(out, fromHTML(c, depth)...)
			}
			if block {
				out = append(out, &node{Name: flattenMark})
			}
			return out
		}
		n := &node{Name: h.Data}
		for _, a := range h.Attr {
			n.Attr = append(n.Attr, xml.Attr{Name: xml.Name{Local: a.Key}, Value: a.Val})
		}
		for c := h.FirstChild; c != nil; c = c.NextSibling {
			n.Kids = append(n.Kids, fromHTML(c, depth+1)...)
		}
		return []*node{n}
	}
	return nil
}

// voidElements have no end tag and never hold content.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "keygen": true, "link": true, "meta": true, "param": true, "source": true,
	"track": true, "wbr": true,
}

// capNesting rewrites an HTML fragment so that no more than limit
// elements are open at once: the start and end tags of elements opened
// deeper are left out, their text kept (a block's tags become a mark that
// ends the block, as in fromHTML); an element whose content never
// reaches the page (script, style...) is left out with its content. It
// reads the fragment once, with the tokenizer, so it costs time in
// proportion to the fragment's length (times limit at worst, for end
// tags that close nothing).
func capNesting(s string, limit int) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	b.Grow(len(s))
	var open []string
	skipped := map[string]int{}
	marked := false // the last thing written is a mark: one is enough
	mark := func() {
		if !marked {
			b.WriteString("<" + flattenMark + ">")
			marked = true
		}
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.StartTagToken:
			raw := z.Raw()
			nb, _ := z.TagName()
			name := string(nb)
			switch {
			case voidElements[name]:
			case len(open) >= limit && dropped[name]:
				skipElement(z, name)
				continue
			case len(open) >= limit:
				skipped[name]++
				if blockish[name] {
					mark()
				}
				continue
			default:
				open = append(open, name)
			}
			b.Write(raw)
			marked = false
		case html.EndTagToken:
			raw := z.Raw()
			nb, _ := z.TagName()
			name := string(nb)
			if skipped[name] > 0 {
				skipped[name]--
				if blockish[name] {
					mark()
				}
				continue
			}
			for i := len(open) - 1; i >= 0; i-- {
				if open[i] == name {
					open = open[:i]
					break
				}
			}
			b.Write(raw)
			marked = false
		default:
			raw := z.Raw()
			b.Write(raw)
			// white space between tags keeps a mark's place
			marked = marked && tt == html.TextToken && len(bytes.TrimSpace(raw)) == 0
		}
	}
}

// skipElement reads past the content and end tag of the element named
// whose start tag was just read.
func skipElement(z *html.Tokenizer, name string) {
	depth := 1
	for depth > 0 {
		switch z.Next() {
		case html.ErrorToken:
			return
		case html.StartTagToken:
			if nb, _ := z.TagName(); string(nb) == name {
				depth++
			}
		case html.EndTagToken:
			if nb, _ := z.TagName(); string(nb) == name {
				depth--
			}
		}
	}
}

// tokenText is the text of an HTML fragment without its markup, block
// elements parted by spaces, for a fragment the parser cannot take even
// with its nesting cut down.
func tokenText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return collapse(b.String())
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			nb, _ := z.TagName()
			name := string(nb)
			if dropped[name] {
				if tt == html.StartTagToken {
					skipElement(z, name)
				}
				continue
			}
			if blockish[name] {
				b.WriteByte(' ')
			}
		}
	}
}

var (
	tagLikeRE    = regexp.MustCompile(`<[A-Za-z!/]`)
	entityLikeRE = regexp.MustCompile(`&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]{1,31});`)
)

// looksLikeHTML tells markup from plain text.
func looksLikeHTML(s string) bool {
	return tagLikeRE.MatchString(s) || entityLikeRE.MatchString(s)
}

// htmlBlocks converts an HTML string to body blocks and pictures.
func htmlBlocks(s string) ([]story.Block, []picture) {
	return blocksOf(&node{Name: "body", Kids: htmlNodes(s)})
}

// htmlText converts an HTML string to plain text on one line.
func htmlText(s string) string {
	if !looksLikeHTML(s) {
		return collapse(s)
	}
	return (&node{Name: "body", Kids: htmlNodes(s)}).text()
}

// richBlocks converts text that may be HTML or plain text.
func richBlocks(s string) ([]story.Block, []picture) {
	if looksLikeHTML(s) {
		return htmlBlocks(s)
	}
	return plainBlocks(s), nil
}

// plainBlocks splits plain text into paragraphs: on blank lines when it has
// them (single line breaks are then spaces), otherwise on every line break.
func plainBlocks(s string) []story.Block {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	var parts []string
	if blankLineRE.MatchString(s) {
		parts = blankLineRE.Split(s, -1)
	} else {
		parts = strings.Split(s, "\n")
	}
	var out []story.Block
	for _, p := range parts {
		if t := collapse(p); t != "" && !blankText(t) {
			out = append(out, story.Block{Kind: story.Paragraph, Spans: []story.Span{{Text: t}}})
		}
	}
	return out
}

var blankLineRE = regexp.MustCompile(`\n[ \t\x{a0}]*\n`)

// blocksText joins blocks into plain text on one line.
func blocksText(bs []story.Block) string {
	var parts []string
	for _, b := range bs {
		parts = append(parts, b.Text())
	}
	return collapse(strings.Join(parts, " "))
}

// dropHeadline removes a first crosshead that repeats the headline, as CMS
// exports often carry it.
func dropHeadline(bs []story.Block, headline string) []story.Block {
	if len(bs) > 0 && bs[0].Kind == story.Crosshead && strings.EqualFold(collapse(bs[0].Text()), collapse(headline)) {
		return bs[1:]
	}
	return bs
}

// summaryDeck returns a summary fit to be a deck: short, and not merely the
// start of the body.
func summaryDeck(summary string, body []story.Block) string {
	summary = collapse(summary)
	if summary == "" || len([]rune(summary)) > 320 {
		return ""
	}
	if len(body) > 0 {
		first := collapse(body[0].Text())
		cut := strings.TrimRight(strings.TrimSuffix(strings.TrimSuffix(summary, "…"), "..."), " ")
		if strings.HasPrefix(first, cut) || strings.HasPrefix(blocksText(body), cut) {
			return ""
		}
	}
	return summary
}

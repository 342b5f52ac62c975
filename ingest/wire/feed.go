package wire

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/epaper/epaper/problem"

	"github.com/epaper/epaper/story"
)

// Namespaces of feeds and their extensions.
const (
	atomNS    = "http://www.w3.org/2005/Atom"
	rdfNS     = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	rss1NS    = "http://purl.org/rss/1.0/"
	contentNS = "http://purl.org/rss/1.0/modules/content/"
	dcNS      = "http://purl.org/dc/elements/1.1/"
	mediaNS   = "http://search.yahoo.com/mrss/"
)

// inNS reports whether n is in the namespace (given by URI, or by the usual
// prefix when the document forgot to declare it).
func inNS(n *node, uri, prefix string) bool {
	return n.Space == uri || strings.TrimSuffix(n.Space, "/") == strings.TrimSuffix(uri, "/") || n.Space == prefix
}

// plainRSS reports an element of RSS itself: no namespace, or RSS 1.0's.
func plainRSS(n *node) bool {
	return n.Space == "" || n.Space == rss1NS
}

// kids returns the element children with the local name in the namespace;
// an empty uri means RSS's own elements.
func kids(n *node, uri, prefix, name string) []*node {
	var out []*node
	for _, k := range n.elements() {
		if k.Name != name {
			continue
		}
		if (uri == "" && plainRSS(k)) || (uri != "" && inNS(k, uri, prefix)) {
			out = append(out, k)
		}
	}
	return out
}

func kid(n *node, uri, prefix, name string) *node {
	if k := kids(n, uri, prefix, name); len(k) > 0 {
		return k[0]
	}
	return nil
}

// readRSS reads an RSS 2.0 (or 0.9x) channel, or an RSS 1.0 (RDF) feed.
func (r *reader) readRSS(root *node) ([]story.Story, error) {
	var channel *node
	var items []*node
	if root.Name == "RDF" {
		channel = kid(root, "", "", "channel")
		items = kids(root, "", "", "item")
	} else {
		channel = kid(root, "", "", "channel")
		items = kids(channel, "", "", "item")
	}
	if channel == nil {
		return nil, r.errorf(root.Line, "RSS: no channel element")
	}
	lang := firstNonEmpty(kid(channel, "", "", "language").text(), kid(channel, dcNS, "dc", "language").text(), root.langAttr())
	rights := firstNonEmpty(kid(channel, "", "", "copyright").text(), kid(channel, dcNS, "dc", "rights").text())
	return readItems(r, items, "item", channel.Line, "RSS: the channel has no items",
		func(it *node) (story.Story, *problem.Problem) { return r.rssItem(it, lang, rights) })
}

func (r *reader) rssItem(it *node, lang, rights string) (story.Story, *problem.Problem) {
	s := story.Story{Format: "rss", Language: lang, License: rights}
	s.Headline = htmlText(kid(it, "", "", "title").text())
	if s.Headline == "" {
		s.Headline = htmlText(kid(it, dcNS, "dc", "title").text())
	}
	link := strings.TrimSpace(kid(it, "", "", "link").text())
	if link == "" && it.attr("about") != "" {
		link = strings.TrimSpace(it.attr("about"))
	}
	if isHTTP(link) {
		s.Source = link
	}
	if g := kid(it, "", "", "guid"); g != nil && g.text() != "" {
		s.ID = MakeID(g.text())
	} else if link != "" {
		s.ID = MakeID(link)
	}
	if l := firstNonEmpty(kid(it, dcNS, "dc", "language").text(), it.langAttr()); l != "" {
		s.Language = l
	}
	if rt := kid(it, dcNS, "dc", "rights").text(); rt != "" {
		s.License = rt
	}
	if d := firstNonEmptyNode(kid(it, "", "", "pubDate"), kid(it, dcNS, "dc", "date")); d != nil {
		s.Published = r.time(d.text(), d.Line, d.Name)
	}
	var creators []string
	for _, c := range kids(it, dcNS, "dc", "creator") {
		creators = appendUnique(creators, stripBy(c.text()))
	}
	if len(creators) == 0 {
		for _, a := range kids(it, "", "", "author") {
			creators = appendUnique(creators, authorName(a.text()))
		}
	}
	s.Byline = strings.Join(creators, ", ")
	for _, c := range kids(it, "", "", "category") {
		s.Subjects = appendUnique(s.Subjects, c.text())
	}
	for _, c := range kids(it, dcNS, "dc", "subject") {
		s.Subjects = appendUnique(s.Subjects, c.text())
	}

	desc := textContent(firstNonEmptyNode(kid(it, "", "", "description"), kid(it, dcNS, "dc", "description")))
	full := textContent(kid(it, contentNS, "content", "encoded"))
	var pics []picture
	switch {
	case strings.TrimSpace(full) != "":
		s.Body, pics = richBlocks(full)
		s.Deck = summaryDeck(htmlText(desc), s.Body)
	default:
		s.Body, pics = richBlocks(desc)
	}
	s.Body = dropHeadline(s.Body, s.Headline)

	// Pictures: enclosures, then Media RSS, then figures in the body when
	// the item names no picture of its own.
	var own []picture
	for _, e := range kids(it, "", "", "enclosure") {
		url, typ := strings.TrimSpace(e.attr("url")), strings.ToLower(e.attr("type"))
		if url == "" || !(strings.HasPrefix(typ, "image/") || (typ == "" && imageExtRE.MatchString(stripQuery(url)))) {
			continue
		}
		size, _ := strconv.ParseInt(strings.TrimSpace(e.attr("length")), 10, 64)
		own = append(own, picture{rends: []rendition{{href: url, mime: typ, size: size}}, line: e.Line})
	}
	own = append(own, mediaPictures(it, len(own) == 0)...)
	if len(own) > 0 {
		pics = own
	}
	s.Images = r.images(pics)
	if s.Headline == "" {
		return s, r.errorf(it.Line, "no headline: the item has no title")
	}
	return s, nil
}

func firstNonEmptyNode(ns ...*node) *node {
	for _, n := range ns {
		if n != nil && n.text() != "" {
			return n
		}
	}
	return nil
}

func stripQuery(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		return u[:i]
	}
	return u
}

var authorRE = regexp.MustCompile(`^\s*\S+@\S+\s*\((.+)\)\s*$`)

// authorName reads an RSS author, "desk@example.com (Name)", as the name; a
// bare e-mail address is no byline.
func authorName(s string) string {
	if m := authorRE.FindStringSubmatch(s); m != nil {
		return stripBy(m[1])
	}
	s = stripBy(s)
	if strings.Contains(s, "@") && !strings.Contains(s, " ") {
		return ""
	}
	return s
}

// mediaPictures reads Media RSS: each media:content (or media:group of
// renditions) of an image is a picture, with media:description as the
// caption and media:credit as the credit, from the element itself, its group
// or the item. Thumbnails are used only when asked for, when the item names
// no other picture.
func mediaPictures(it *node, thumbnails bool) []picture {
	caption := func(ns ...*node) string {
		for _, n := range ns {
			if d := kid(n, mediaNS, "media", "description"); d != nil {
				if strings.EqualFold(d.attr("type"), "html") {
					return htmlText(textContent(d))
				}
				return d.text()
			}
		}
		for _, n := range ns {
			if t := kid(n, mediaNS, "media", "title"); t != nil {
				return t.text()
			}
		}
		return ""
	}
	credit := func(ns ...*node) string {
		for _, n := range ns {
			var names []string
			for _, c := range kids(n, mediaNS, "media", "credit") {
				names = appendUnique(names, c.text())
			}
			if len(names) > 0 {
				return strings.Join(names, ", ")
			}
		}
		return ""
	}
	rend := func(c *node) (rendition, bool) {
		url := strings.TrimSpace(c.attr("url"))
		typ := strings.ToLower(c.attr("type"))
		medium := strings.ToLower(c.attr("medium"))
		if url == "" {
			return rendition{}, false
		}
		image := medium == "image" || strings.HasPrefix(typ, "image/") || (medium == "" && typ == "" && imageExtRE.MatchString(stripQuery(url)))
		if !image {
			return rendition{}, false
		}
		w, _ := strconv.Atoi(strings.TrimSpace(c.attr("width")))
		h, _ := strconv.Atoi(strings.TrimSpace(c.attr("height")))
		size, _ := strconv.ParseInt(strings.TrimSpace(c.attr("fileSize")), 10, 64)
		return rendition{href: url, mime: typ, width: w, height: h, size: size}, true
	}
	var out []picture
	for _, c := range kids(it, mediaNS, "media", "content") {
		if rd, ok := rend(c); ok {
			out = append(out, picture{rends: []rendition{rd}, caption: caption(c, it), credit: credit(c, it), line: c.Line})
		}
	}
	for _, g := range kids(it, mediaNS, "media", "group") {
		p := picture{line: g.Line}
		var first *node
		for _, c := range kids(g, mediaNS, "media", "content") {
			if rd, ok := rend(c); ok {
				p.rends = append(p.rends, rd)
				if first == nil {
					first = c
				}
			}
		}
		if first != nil {
			p.caption = caption(first, g, it)
			p.credit = credit(first, g, it)
			out = append(out, p)
		}
	}
	if len(out) == 0 && thumbnails {
		p := picture{caption: caption(it), credit: credit(it)}
		for _, t := range kids(it, mediaNS, "media", "thumbnail") {
			if rd, ok := rend(t); ok || strings.TrimSpace(t.attr("url")) != "" {
				if !ok {
					rd = rendition{href: strings.TrimSpace(t.attr("url"))}
					rd.width, _ = strconv.Atoi(strings.TrimSpace(t.attr("width")))
					rd.height, _ = strconv.Atoi(strings.TrimSpace(t.attr("height")))
				}
				p.rends = append(p.rends, rd)
				p.line = t.Line
			}
		}
		if len(p.rends) > 0 {
			out = append(out, p)
		}
	}
	return out
}

// readAtom reads an Atom feed, or a single Atom entry document.
func (r *reader) readAtom(root *node) ([]story.Story, error) {
	if root.Name == "entry" {
		s, err := r.atomEntry(root, nil, root.langAttr(), "")
		if err != nil {
			return nil, err
		}
		return []story.Story{s}, nil
	}
	feedAuthors := atomAuthors(root)
	lang := root.langAttr()
	rights := atomText(kid(root, atomNS, "atom", "rights"))
	return readItems(r, kids(root, atomNS, "atom", "entry"), "entry", root.Line, "Atom: the feed has no entries",
		func(e *node) (story.Story, *problem.Problem) { return r.atomEntry(e, feedAuthors, lang, rights) })
}

// readItems reads a feed's items: one that cannot be read is skipped with a
// warning, and the feed is an error only when no item could be read (the
// first item's error, or none when the feed is empty).
func readItems(r *reader, items []*node, what string, line int, none string, read func(*node) (story.Story, *problem.Problem)) ([]story.Story, error) {
	var out []story.Story
	var first *problem.Problem
	for _, it := range items {
		s, err := read(it)
		if err != nil {
			r.warnf(err.Line, "%s skipped: %s", what, err.Msg)
			if first == nil {
				first = err
			}
			continue
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		if first != nil {
			return nil, first
		}
		return nil, r.errorf(line, "%s", none)
	}
	return out, nil
}

func atomAuthors(n *node) []string {
	var names []string
	for _, a := range kids(n, atomNS, "atom", "author") {
		names = appendUnique(names, stripBy(kid(a, atomNS, "atom", "name").text()))
	}
	return names
}

// atomText reads an Atom text construct (title, summary, rights) as plain
// text.
func atomText(n *node) string {
	if n == nil {
		return ""
	}
	switch strings.ToLower(n.attr("type")) {
	case "html":
		return htmlText(textContent(n))
	case "xhtml":
		return n.text()
	}
	return n.text()
}

// atomBlocks reads an Atom content or summary element as body blocks.
func atomBlocks(n *node) ([]story.Block, []picture) {
	if n == nil || n.attr("src") != "" {
		return nil, nil
	}
	t := strings.ToLower(n.attr("type"))
	switch {
	case t == "xhtml" || (strings.Contains(t, "xml") && !strings.Contains(t, "html")) || t == "application/xhtml+xml":
		return blocksOf(n.elements()...)
	case t == "html" || strings.Contains(t, "html"):
		return htmlBlocks(textContent(n))
	case t == "" || t == "text" || strings.HasPrefix(t, "text/"):
		return plainBlocks(textContent(n)), nil
	}
	return nil, nil
}

func (r *reader) atomEntry(e *node, feedAuthors []string, lang, rights string) (story.Story, *problem.Problem) {
	s := story.Story{Format: "atom", Language: firstNonEmpty(e.langAttr(), lang), License: rights}
	s.Headline = atomText(kid(e, atomNS, "atom", "title"))
	if id := kid(e, atomNS, "atom", "id").text(); id != "" {
		s.ID = MakeID(id)
	}
	for _, l := range kids(e, atomNS, "atom", "link") {
		rel := strings.ToLower(firstNonEmpty(l.attr("rel"), "alternate"))
		if rel == "alternate" && s.Source == "" && isHTTP(l.attr("href")) {
			s.Source = strings.TrimSpace(l.attr("href"))
		}
	}
	if s.ID == "" && s.Source != "" {
		s.ID = MakeID(s.Source)
	}
	if d := firstNonEmptyNode(kid(e, atomNS, "atom", "updated"), kid(e, atomNS, "atom", "published")); d != nil {
		s.Published = r.time(d.text(), d.Line, d.Name)
	}
	authors := atomAuthors(e)
	if len(authors) == 0 {
		authors = feedAuthors
	}
	s.Byline = strings.Join(authors, ", ")
	for _, c := range kids(e, atomNS, "atom", "category") {
		s.Subjects = appendUnique(s.Subjects, firstNonEmpty(c.attr("label"), c.attr("term")))
	}
	if rt := atomText(kid(e, atomNS, "atom", "rights")); rt != "" {
		s.License = rt
	}
	content := kid(e, atomNS, "atom", "content")
	summary := kid(e, atomNS, "atom", "summary")
	var pics []picture
	s.Body, pics = atomBlocks(content)
	if len(s.Body) == 0 {
		s.Body, pics = atomBlocks(summary)
	} else {
		s.Deck = summaryDeck(atomText(summary), s.Body)
	}
	s.Body = dropHeadline(s.Body, s.Headline)

	var own []picture
	for _, l := range kids(e, atomNS, "atom", "link") {
		if !strings.EqualFold(l.attr("rel"), "enclosure") {
			continue
		}
		href, typ := strings.TrimSpace(l.attr("href")), strings.ToLower(l.attr("type"))
		if href == "" || !(strings.HasPrefix(typ, "image/") || (typ == "" && imageExtRE.MatchString(stripQuery(href)))) {
			continue
		}
		size, _ := strconv.ParseInt(strings.TrimSpace(l.attr("length")), 10, 64)
		own = append(own, picture{rends: []rendition{{href: href, mime: typ, size: size}}, caption: collapse(l.attr("title")), line: l.Line})
	}
	own = append(own, mediaPictures(e, len(own) == 0)...)
	if len(own) > 0 {
		pics = own
	}
	s.Images = r.images(pics)
	if s.Headline == "" {
		return s, r.errorf(e.Line, "no headline: the entry has no title")
	}
	return s, nil
}

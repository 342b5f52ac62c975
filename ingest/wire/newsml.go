package wire

import (
	"strconv"
	"strings"

	"github.com/epaper/epaper/problem"

	"github.com/epaper/epaper/story"
)

// narNS is the NewsML-G2 namespace.
const narNS = "http://iptc.org/std/nar/2006-10-01/"

// g2Item is a NewsML-G2 item as read, before a news message is put together:
// pictures may still move to the text they illustrate.
type g2Item struct {
	guid    string
	class   string // the item class without its scheme: text, picture, composite...
	story   story.Story
	own     *picture // the picture a picture item is
	links   []g2Ref  // itemMeta links to other items
	refs    []g2Ref  // a package's item references, in package order
	pkg     bool
	line    int
	err     *problem.Problem // why the item cannot be a story of its own
	used    bool
	summary string
}

// g2Ref is an itemRef of a package or a link of an item.
type g2Ref struct {
	residref, href, ctype, class, title, desc string
	group                                     int
	line                                      int
}

func (it *g2Item) isPicture() bool {
	return it.class == "picture" || it.class == "graphic"
}

// readNewsML reads a newsItem, a packageItem or a newsMessage. In a news
// message, the items a package references are returned in the package's
// order, pictures joined to the text of their group (or linked to by the
// text); items no package references follow in document order.
func (r *reader) readNewsML(root *node) ([]story.Story, error) {
	switch root.Name {
	case "newsItem", "packageItem":
		it := r.g2Read(root)
		if it.pkg {
			if it.err != nil {
				return nil, it.err
			}
			return []story.Story{r.g2PackageStory(it)}, nil
		}
		s, err := r.g2Story(it)
		if err != nil {
			return nil, err
		}
		return []story.Story{s}, nil
	}
	m := r.newsMessage(root)
	if len(m.items) == 0 {
		return nil, r.errorf(root.Line, "the news message has no items")
	}
	// Pictures a text item links to join it.
	for _, it := range m.items {
		if it.pkg || it.isPicture() {
			continue
		}
		for _, l := range it.links {
			if p := m.byGUID[l.residref]; p != nil && p != it && p.isPicture() && p.own != nil && !p.used {
				r.attachPicture(it, p)
			}
		}
	}
	for _, pk := range m.items {
		if pk.pkg {
			r.emitPackage(m, pk)
		}
	}
	for _, it := range m.items {
		r.emit(m, it)
	}
	if len(m.out) == 0 && m.firstErr != nil {
		return nil, m.firstErr
	}
	return m.out, nil
}

// g2Message is a news message being read: its items, by guid too, the
// stories made of them so far and the first item that could not be one.
type g2Message struct {
	items    []*g2Item
	byGUID   map[string]*g2Item
	out      []story.Story
	firstErr *problem.Problem
}

// newsMessage reads the items of a news message's item sets.
func (r *reader) newsMessage(root *node) *g2Message {
	m := &g2Message{byGUID: map[string]*g2Item{}}
	for _, set := range root.children("itemSet") {
		for _, n := range set.elements() {
			if n.Name != "newsItem" && n.Name != "packageItem" {
				r.warnf(n.Line, "%s is not a news item: skipped", n.Name)
				continue
			}
			it := r.g2Read(n)
			m.items = append(m.items, it)
			if it.guid != "" && m.byGUID[it.guid] == nil {
				m.byGUID[it.guid] = it
			}
		}
	}
	return m
}

// emit makes an item not yet used a story of the message; an item that
// cannot be one is skipped with a warning.
func (r *reader) emit(m *g2Message, it *g2Item) {
	if it.used {
		return
	}
	it.used = true
	s, err := r.g2Story(it)
	if err != nil {
		r.warnf(err.Line, "item %s skipped: %s", it.guid, err.Msg)
		if m.firstErr == nil {
			m.firstErr = err
		}
		return
	}
	m.out = append(m.out, s)
}

// emitPackage makes stories of the items a package references, group by
// group, pictures going with the first text of their group; a package that
// references none of the message's items is a story of its own.
func (r *reader) emitPackage(m *g2Message, pk *g2Item) {
	pk.used = true
	resolved := 0
	groups := map[int][]*g2Item{}
	var order []int
	for _, ref := range pk.refs {
		it := m.byGUID[ref.residref]
		if it == nil || it == pk || it.pkg {
			if target := firstNonEmpty(ref.residref, ref.href); target != "" {
				r.warnf(ref.line, "package %s refers to %s, which is not a news item in this file", pk.guid, target)
			} else {
				r.warnf(ref.line, "package %s has an itemRef without residref or href", pk.guid)
			}
			continue
		}
		resolved++
		if _, ok := groups[ref.group]; !ok {
			order = append(order, ref.group)
		}
		groups[ref.group] = append(groups[ref.group], it)
	}
	for _, g := range order {
		var text *g2Item
		for _, it := range groups[g] {
			if !it.isPicture() && !it.used {
				text = it
				break
			}
		}
		for _, it := range groups[g] {
			if it.isPicture() && text != nil && !it.used && it.own != nil {
				r.attachPicture(text, it)
			}
		}
		for _, it := range groups[g] {
			r.emit(m, it)
		}
	}
	if resolved > 0 {
		return
	}
	if pk.err != nil {
		r.warnf(pk.err.Line, "package %s skipped: %s", pk.guid, pk.err.Msg)
		if m.firstErr == nil {
			m.firstErr = pk.err
		}
		return
	}
	m.out = append(m.out, r.g2PackageStory(pk))
}

// attachPicture makes picture item p an image of text item t.
func (r *reader) attachPicture(t, p *g2Item) {
	// The picture item's own picture was resolved first when it was read.
	if len(p.story.Images) > 0 {
		img := p.story.Images[0]
		if img.Caption == "" {
			img.Caption = p.story.Headline
		}
		t.story.Images = append(t.story.Images, img)
	}
	p.used = true
}

// g2Story turns a read item into a story, or says why it cannot be one.
func (r *reader) g2Story(it *g2Item) (story.Story, *problem.Problem) {
	if it.pkg {
		return r.g2PackageStory(it), it.err
	}
	if it.err != nil {
		return story.Story{}, it.err
	}
	return it.story, nil
}

// g2Read reads the metadata and content of a newsItem or packageItem.
func (r *reader) g2Read(n *node) *g2Item {
	it := &g2Item{guid: strings.TrimSpace(n.attr("guid")), line: n.Line, pkg: n.Name == "packageItem"}
	s := &it.story
	s.Format = "newsml-g2"
	im := n.child("itemMeta")
	cm := n.child("contentMeta")
	r.g2Meta(it, n, im, cm)
	g2Headlines(s, cm)
	caption := g2Descriptions(it, cm)
	g2People(s, cm)
	credit := firstNonEmpty(cm.child("creditline").text(), s.Byline)
	if it.pkg {
		if s.Headline == "" {
			s.Headline = im.child("title").text()
		}
		r.g2Refs(it, n)
		if s.Headline == "" {
			it.err = r.errorf(n.Line, "no headline: the package has no contentMeta/headline")
		}
		return it
	}
	pics := r.g2Content(it, n, picture{line: n.Line, caption: caption, credit: credit})
	// Images linked by address with an image content type.
	for _, l := range it.links {
		if l.href != "" && strings.HasPrefix(strings.ToLower(l.ctype), "image/") {
			pics = append(pics, picture{rends: []rendition{{href: l.href, mime: l.ctype}}, line: l.line})
		}
	}
	s.Images = r.images(pics)
	if s.Headline == "" {
		it.err = r.errorf(n.Line, "no headline: the item has no contentMeta/headline nor an inline NITF hl1")
	}
	return it
}

// g2Meta reads an item's identity, version, class, language, status,
// times, rights, links and urgency.
func (r *reader) g2Meta(it *g2Item, n, im, cm *node) {
	s := &it.story
	if it.guid != "" {
		s.ID = MakeID(it.guid)
		if isHTTP(it.guid) {
			s.Source = it.guid
		}
	}
	if v := strings.TrimSpace(n.attr("version")); v != "" {
		if k, err := strconv.Atoi(v); err == nil && k >= 0 {
			s.Version = k
		} else {
			r.warnf(n.Line, "version %q is not a whole number: ignored", v)
		}
	}
	it.class = qcodeValue(im.child("itemClass").attr("qcode"))
	s.Language = firstNonEmpty(cm.child("language").attr("tag"), n.langAttr())
	s.Status = status(im.child("pubStatus").attr("qcode"))
	if e := im.child("embargoed"); e != nil {
		s.Embargo = r.time(e.text(), e.Line, "embargoed")
	}
	for _, k := range []struct {
		parent *node
		name   string
	}{{im, "versionCreated"}, {im, "firstCreated"}, {cm, "contentCreated"}} {
		if e := k.parent.child(k.name); e != nil && s.Published.IsZero() {
			s.Published = r.time(e.text(), e.Line, k.name)
		}
	}
	if ri := n.child("rightsInfo"); ri != nil {
		s.License = firstNonEmpty(ri.child("copyrightNotice").text(), ri.child("usageTerms").text())
	}
	for _, l := range im.children("link") {
		it.links = append(it.links, g2Ref{residref: strings.TrimSpace(l.attr("residref")), href: l.attr("href"), ctype: l.attr("contenttype"), line: l.Line})
	}
	if u := cm.child("urgency"); u != nil {
		v := u.text()
		k, err := strconv.Atoi(v)
		if err == nil {
			s.Priority = priority(k)
		}
		if err != nil || s.Priority == 0 {
			r.warnf(u.Line, "urgency %q is not between 1 and 9: default priority used", v)
		}
	}
}

// g2Headlines reads the headlines by role: the main one, the deck and the
// kicker; another role's headline stands in when there is no main one.
func g2Headlines(s *story.Story, cm *node) {
	var alt string
	for _, h := range append(cm.children("headline"), cm.children("subheadline")...) {
		role := h.attr("role")
		if h.Name == "subheadline" {
			role = "sub"
		}
		byRole(s, role, h.text(), &alt)
	}
	if s.Headline == "" {
		s.Headline = alt
	}
}

// g2Descriptions reads the descriptions: the summary (for a deck) into the
// item, and the caption of a picture, which it returns.
func g2Descriptions(it *g2Item, cm *node) (caption string) {
	for _, d := range cm.children("description") {
		role := d.attr("role")
		switch {
		case roleIs(role, "caption"):
			caption = firstNonEmpty(caption, d.text())
		case role == "" || roleIs(role, "summary", "teaser", "abstract", "synopsis"):
			it.summary = firstNonEmpty(it.summary, d.text())
		}
	}
	return caption
}

// g2People reads the byline, dateline, subjects, keywords and genres.
func g2People(s *story.Story, cm *node) {
	if by := cm.child("by"); by != nil {
		s.Byline = stripBy(by.text())
	}
	if s.Byline == "" {
		var names []string
		for _, c := range cm.children("creator") {
			names = appendUnique(names, firstNonEmpty(c.child("name").text(), c.attr("literal")))
		}
		s.Byline = strings.Join(names, ", ")
	}
	s.Dateline = cm.child("dateline").text()
	if s.Dateline == "" {
		if loc := cm.child("located"); loc != nil {
			s.Dateline = g2Name(loc, s.Language)
		}
	}
	for _, sub := range cm.children("subject") {
		s.Subjects = appendUnique(s.Subjects, firstNonEmpty(g2Name(sub, s.Language), sub.attr("qcode"), sub.attr("literal"), sub.attr("uri")))
	}
	for _, kw := range cm.children("keyword") {
		s.Subjects = appendUnique(s.Subjects, kw.text())
	}
	for _, g := range cm.children("genre") {
		s.Genres = appendUnique(s.Genres, firstNonEmpty(g2Name(g, s.Language), g.attr("qcode"), g.attr("literal")))
	}
}

// g2Content reads an item's content: the first inline body (NITF, XHTML or
// plain text), and the renditions of a picture, which become the item's
// own picture. It returns the pictures found, its own first.
func (r *reader) g2Content(it *g2Item, n *node, own picture) []picture {
	s := &it.story
	var nb *nitfBody
	var pics []picture
	haveBody := false
	for _, c := range n.child("contentSet").elements() {
		switch c.Name {
		case "inlineXML":
			if haveBody {
				continue
			}
			if nitf := c.find("nitf"); nitf != nil {
				b := readNITFBody(nitf)
				nb = &b
				s.Body, pics = b.blocks, b.pics
				haveBody = true
				continue
			}
			root := c.child("html")
			if root == nil {
				if els := c.elements(); len(els) > 0 {
					root = els[0]
				}
			}
			if body := root.find("body"); body != nil {
				root = body
			}
			if root != nil {
				s.Body, pics = blocksOf(root)
				haveBody = true
			}
		case "inlineData":
			if haveBody || c.attr("encoding") != "" {
				continue
			}
			ct := strings.ToLower(c.attr("contenttype"))
			raw := textContent(c)
			if strings.Contains(ct, "html") {
				s.Body, pics = htmlBlocks(raw)
			} else {
				s.Body = plainBlocks(raw)
			}
			haveBody = len(s.Body) > 0
		case "remoteContent":
			w, _ := strconv.Atoi(strings.TrimSpace(c.attr("width")))
			h, _ := strconv.Atoi(strings.TrimSpace(c.attr("height")))
			size, _ := strconv.ParseInt(strings.TrimSpace(c.attr("size")), 10, 64)
			href := firstNonEmpty(c.attr("href"), c.attr("residref"))
			ct := c.attr("contenttype")
			if it.isPicture() || strings.HasPrefix(strings.ToLower(ct), "image/") {
				own.rends = append(own.rends, rendition{href: href, mime: ct, name: qcodeValue(c.attr("rendition")), width: w, height: h, size: size})
			}
		}
	}
	if nb != nil {
		s.Headline = firstNonEmpty(s.Headline, nb.headline)
		s.Deck = firstNonEmpty(s.Deck, nb.deck)
		s.Byline = firstNonEmpty(s.Byline, nb.byline)
		s.Dateline = firstNonEmpty(s.Dateline, nb.dateline)
		it.summary = firstNonEmpty(it.summary, nb.abstract)
	}
	s.Body = dropHeadline(s.Body, s.Headline)
	if s.Deck == "" && !it.isPicture() {
		s.Deck = summaryDeck(it.summary, s.Body)
	}
	if len(own.rends) > 0 {
		if own.caption == "" && it.isPicture() {
			own.caption = it.summary
		}
		it.own = &own
		pics = append([]picture{own}, pics...)
	}
	return pics
}

// g2Refs collects a package's item references in package order: from the
// root group down through groupRefs, in document order.
func (r *reader) g2Refs(it *g2Item, n *node) {
	gs := n.child("groupSet")
	if gs == nil {
		return
	}
	groups := map[string]*node{}
	var all []*node
	for _, g := range gs.children("group") {
		all = append(all, g)
		if id := g.attr("id"); id != "" && groups[id] == nil {
			groups[id] = g
		}
	}
	seen := map[*node]bool{}
	index := map[*node]int{}
	for i, g := range all {
		index[g] = i
	}
	var walk func(g *node)
	walk = func(g *node) {
		if g == nil || seen[g] {
			return
		}
		seen[g] = true
		for _, c := range g.elements() {
			switch c.Name {
			case "itemRef":
				it.refs = append(it.refs, g2Ref{
					residref: strings.TrimSpace(c.attr("residref")),
					href:     c.attr("href"),
					ctype:    c.attr("contenttype"),
					class:    qcodeValue(c.child("itemClass").attr("qcode")),
					title:    c.child("title").text(),
					desc:     c.child("description").text(),
					group:    index[g],
					line:     c.Line,
				})
			case "groupRef":
				walk(groups[c.attr("idref")])
			}
		}
	}
	if root := groups[gs.attr("root")]; root != nil {
		walk(root)
	}
	for _, g := range all {
		walk(g)
	}
}

// g2PackageStory makes a story of a package whose items are not at hand: its
// headline, and one paragraph for each item it references.
func (r *reader) g2PackageStory(it *g2Item) story.Story {
	s := it.story
	s.Body = nil
	for _, ref := range it.refs {
		title := strings.TrimSpace(firstNonEmpty(ref.title, ref.residref, ref.href))
		desc := strings.TrimSpace(ref.desc)
		var spans []story.Span
		switch {
		case title != "" && desc != "":
			spans = []story.Span{{Text: title, Style: story.Bold}, {Text: " — " + desc}}
		case title != "":
			spans = []story.Span{{Text: title, Style: story.Bold}}
		case desc != "":
			spans = []story.Span{{Text: desc}}
		default:
			// a reference with nothing to print: its warning names it
			continue
		}
		s.Body = append(s.Body, story.Block{Kind: story.Paragraph, Spans: spans})
	}
	if s.Deck == "" {
		s.Deck = summaryDeck(it.summary, s.Body)
	}
	return s
}

// g2Name returns the name of a concept (subject, genre, located) in the
// item's language if it has one, else its first name.
func g2Name(n *node, lang string) string {
	names := n.children("name")
	if len(names) == 0 {
		return ""
	}
	if lang != "" {
		for _, nm := range names {
			if l := nm.langAttr(); l != "" && strings.EqualFold(l, lang) {
				return nm.text()
			}
		}
		base := strings.SplitN(lang, "-", 2)[0]
		for _, nm := range names {
			if l := nm.langAttr(); l != "" && strings.EqualFold(strings.SplitN(l, "-", 2)[0], base) {
				return nm.text()
			}
		}
	}
	return names[0].text()
}

// qcodeValue returns the code of a QCode without its scheme ("ninat:text" →
// "text").
func qcodeValue(q string) string {
	q = strings.ToLower(strings.TrimSpace(q))
	if i := strings.LastIndexByte(q, ':'); i >= 0 {
		return q[i+1:]
	}
	return q
}

// textContent returns the raw text of n, white space kept.
func textContent(n *node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	var walk func(*node)
	walk = func(k *node) {
		if k.isText() {
			b.WriteString(k.Text)
			return
		}
		for _, c := range k.Kids {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

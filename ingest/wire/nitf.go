package wire

import (
	"strconv"
	"strings"

	"github.com/epaper/epaper/story"
)

// nitfNSPrefix starts the NITF namespaces ("http://iptc.org/std/NITF/2006-10-18/").
const nitfNSPrefix = "http://iptc.org/std/NITF/"

// nitfBody is what the body of an NITF document gives, whether it stands
// alone or sits inside a NewsML-G2 item.
type nitfBody struct {
	headline string
	deck     string
	byline   string
	dateline string
	abstract string
	blocks   []story.Block
	pics     []picture
}

// readNITFBody reads body.head (headline, deck, byline, dateline, abstract)
// and body.content (the blocks and the media) of an nitf element.
func readNITFBody(nitf *node) nitfBody {
	var out nitfBody
	body := nitf.child("body")
	head := body.child("body.head")
	if hed := head.child("hedline"); hed != nil {
		out.headline = hed.child("hl1").text()
		out.deck = hed.child("hl2").text()
	}
	var bylines []string
	for _, b := range head.children("byline") {
		if t := stripBy(b.text()); t != "" {
			bylines = append(bylines, t)
		}
	}
	out.byline = strings.Join(bylines, ", ")
	out.dateline = head.child("dateline").text()
	if ab := head.child("abstract"); ab != nil {
		out.abstract = blocksText(firstBlocks(ab))
	}
	var contents []*node
	if body != nil {
		contents = body.children("body.content")
	}
	out.blocks, out.pics = blocksOf(contents...)
	return out
}

func firstBlocks(n *node) []story.Block {
	b, _ := blocksOf(n)
	return b
}

// readNITF reads a stand-alone NITF document.
func (r *reader) readNITF(root *node) (story.Story, error) {
	s := story.Story{Format: "nitf"}
	b := readNITFBody(root)
	head := root.child("head")
	docdata := head.child("docdata")

	s.Headline = firstNonEmpty(b.headline, head.child("title").text())
	s.Deck = firstNonEmpty(b.deck, summaryDeck(b.abstract, b.blocks))
	s.Byline = b.byline
	s.Dateline = b.dateline
	s.Body = dropHeadline(b.blocks, s.Headline)
	s.Language = firstNonEmpty(root.attr("baselang"), root.langAttr())

	if u := docdata.child("urgency"); u != nil {
		if v := strings.TrimSpace(u.attr("ed-urg")); v != "" {
			n, err := strconv.Atoi(v)
			if err == nil {
				s.Priority = priority(n)
			}
			if err != nil || s.Priority == 0 {
				r.warnf(u.Line, "urgency %q is not between 1 and 9: default priority used", v)
			}
		}
	}
	if id := docdata.child("doc-id"); id != nil {
		if v := strings.TrimSpace(id.attr("id-string")); v != "" {
			s.ID = MakeID(v)
		}
	}
	if issue := docdata.child("date.issue"); issue != nil {
		s.Published = r.time(issue.attr("norm"), issue.Line, "date.issue")
	}
	if s.Published.IsZero() {
		if pd := head.child("pubdata"); pd != nil {
			s.Published = r.time(pd.attr("date.publication"), pd.Line, "date.publication")
		}
	}
	if rel := docdata.child("date.release"); rel != nil {
		s.Embargo = r.time(rel.attr("norm"), rel.Line, "date.release")
	}
	if ms := docdata.attr("management-status"); ms != "" {
		s.Status = status(ms)
		if s.Status == StatusWithheld && strings.EqualFold(strings.TrimSpace(ms), "embargoed") && !s.Embargo.IsZero() {
			// An embargo with a release time is usable from that time.
			s.Status = StatusUsable
		}
	}
	if du := docdata.child("du-key"); du != nil {
		if v, err := strconv.Atoi(strings.TrimSpace(du.attr("version"))); err == nil && v >= 0 {
			s.Version = v
		}
	}
	if cr := docdata.child("doc.copyright"); cr != nil {
		if h := collapse(cr.attr("holder")); h != "" {
			s.License = collapse("© " + cr.attr("year") + " " + h)
		}
	}
	if s.License == "" {
		s.License = collapse(docdata.child("doc.rights").attr("holder"))
	}

	// Subjects: the IPTC subject codes of tobject by their name where there
	// is one, then the keywords.
	for _, t := range head.children("tobject") {
		for _, sub := range t.children("tobject.subject") {
			s.Subjects = appendUnique(s.Subjects, firstNonEmpty(
				sub.attr("tobject.subject.matter"), sub.attr("tobject.subject.detail"),
				sub.attr("tobject.subject.type"), sub.attr("tobject.subject.refnum"), sub.attr("tobject.subject.code")))
		}
		for _, p := range t.children("tobject.property") {
			s.Genres = appendUnique(s.Genres, p.attr("tobject.property.type"))
		}
	}
	for _, kl := range docdata.children("key-list") {
		for _, kw := range kl.children("keyword") {
			s.Subjects = appendUnique(s.Subjects, kw.attr("key"))
		}
	}
	s.Images = r.images(b.pics)
	if s.Headline == "" {
		return s, r.errorf(root.Line, "no headline: the NITF document has no hedline/hl1 nor head/title")
	}
	return s, nil
}

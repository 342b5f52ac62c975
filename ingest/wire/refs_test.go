package wire

import (
	"strings"
	"testing"
)

// Character references that reach the text undecoded, as CMSs write them
// (numeric, decimal and hex, or named, often escaped twice over in XML and
// in plain-text JSON fields), are decoded in every field of every format,
// never printed as "&#8217;".
func TestCharacterReferencesDecoded(t *testing.T) {
	const (
		head = "India&#8217;s &#x20B9;1.16 lakh crore plan"
		body = "The plan costs &#8377;1.16 lakh crore, India&#x2019;s minister said &mdash; &#8220;a record&#8221;."
		capt = "The minister&#8217;s office"
		by   = "Ravi &#8216;Kumar&#8217;"
	)
	x := func(s string) string { return strings.ReplaceAll(s, "&", "&amp;") } // escaped for XML
	files := map[string]string{
		"plain.json": `{"uri": "p1", "headline": "` + head + `", "byline": "` + by + `", "body_text": "` + body + `", "description_text": "` + capt + `",
			"associations": {"featureimage": {"type": "picture", "uri": "pic1", "description_text": "` + capt + `", "renditions": {"original": {"href": "photos/a.jpg", "width": 1200, "height": 800}}}}}`,
		"typed.json": `{"uri": "t1", "headlines": [{"role": "main", "contenttype": "text/plain", "value": "` + head + `"}], "bodies": [{"role": "main", "contenttype": "text/plain", "value": "` + body + `"}]}`,
		"html.json":  `{"uri": "h1", "headline": "` + head + `", "body_html": "<p>` + body + `</p>"}`,
		"nitf.xml": `<nitf><head><docdata><doc-id id-string="n1"/></docdata></head><body><body.head><hedline><hl1>` + x(head) + `</hl1></hedline><byline>` + x(by) + `</byline></body.head><body.content><p>` + x(body) + `</p>` +
			`<media media-type="image"><media-reference source="photos/a.jpg" mime-type="image/jpeg"/><media-caption>` + x(capt) + `</media-caption></media></body.content></body></nitf>`,
		"newsml.xml": `<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="g1" version="1"><itemMeta><itemClass qcode="ninat:text"/></itemMeta><contentMeta><headline>` + x(head) + `</headline><creator><name>` + x(by) + `</name></creator></contentMeta>` +
			`<contentSet><inlineXML contenttype="application/nitf+xml"><nitf><body><body.content><p>` + x(body) + `</p></body.content></body></nitf></inlineXML></contentSet></newsItem>`,
		"feed.rss": `<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>c</title><item><guid>r1</guid><title>` + x(head) + `</title><dc:creator>` + x(by) + `</dc:creator><description>` + x(x(body)) + `</description>` +
			`<media:content url="photos/a.jpg" medium="image" type="image/jpeg"><media:description type="plain">` + x(capt) + `</media:description></media:content></item></channel></rss>`,
		"feed.atom": `<feed xmlns="http://www.w3.org/2005/Atom"><title>f</title><entry><id>a1</id><title type="text">` + x(head) + `</title><author><name>` + x(by) + `</name></author><content type="text">` + x(body) + `</content></entry></feed>`,
	}
	pictured := map[string]bool{"plain.json": true, "nitf.xml": true, "feed.rss": true}
	for name, src := range files {
		res, err := Read(name, []byte(src), Options{Root: "/stories", Dir: "/stories"})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(res.Stories) != 1 {
			t.Errorf("%s: %d stories", name, len(res.Stories))
			continue
		}
		s := res.Stories[0]
		fields := map[string]string{"headline": s.Headline, "byline": s.Byline, "deck": s.Deck, "body": s.PlainText()}
		for i, im := range s.Images {
			fields["caption "+string(rune('1'+i))] = im.Caption
		}
		if pictured[name] && (len(s.Images) != 1 || s.Images[0].Caption != "The minister’s office") {
			t.Errorf("%s: images %+v, want one captioned \"The minister’s office\"", name, s.Images)
		}
		if s.Byline != "" && s.Byline != "Ravi ‘Kumar’" {
			t.Errorf("%s: byline %q", name, s.Byline)
		}
		for f, v := range fields {
			if strings.Contains(v, "&#") || strings.Contains(v, "&mdash;") {
				t.Errorf("%s: %s %q has a raw character reference", name, f, v)
			}
		}
		if s.Headline != "India’s ₹1.16 lakh crore plan" {
			t.Errorf("%s: headline %q", name, s.Headline)
		}
		if want := "The plan costs ₹1.16 lakh crore, India’s minister said — “a record”."; s.PlainText() != want {
			t.Errorf("%s: body %q, want %q", name, s.PlainText(), want)
		}
	}
}

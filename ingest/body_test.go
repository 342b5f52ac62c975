package ingest

import (
	"strings"
	"testing"
)

// TestLinksKeepTheirAddress checks that a link prints its text and, when
// the text does not give it, its web address: a reader of the page cannot
// follow it.
func TestLinksKeepTheirAddress(t *testing.T) {
	for in, want := range map[string]string{
		"See [the report](https://www.gsa.gov/x_y_z/report.pdf) now.": "See the report (https://www.gsa.gov/x_y_z/report.pdf) now.",
		"Visit [18f.gsa.gov](https://18f.gsa.gov/) today.":            "Visit 18f.gsa.gov today.",
		"Mail [us](mailto:desk@example.com).":                         "Mail us (mailto:desk@example.com).",
		"An [inside page](/blog/2015/) and [a note](#fn1).":           "An inside page and a note.",
		"A [titled link](https://example.org/a \"Title\") here.":      "A titled link (https://example.org/a) here.",
		"[](https://example.org/only)":                                "https://example.org/only",
		"Angle [brackets](<https://example.org/b>) too.":              "Angle brackets (https://example.org/b) too.",
		"An address <https://example.org/auto> and *stress*.":         "An address https://example.org/auto and stress.",
	} {
		var got strings.Builder
		for _, sp := range parseInline(in) {
			got.WriteString(sp.Text)
		}
		if got.String() != want {
			t.Errorf("%q:\n got %q\nwant %q", in, got.String(), want)
		}
	}
}

// Numeric character references, decimal and hex, are decoded in every
// field of a desk story as named ones are.
func TestDeskCharacterReferences(t *testing.T) {
	src := "---\nheadline: \"India&#8217;s &#x20B9;1.16 lakh crore plan\"\ndeck: \"The minister&#8217;s &ldquo;record&rdquo;\"\nbyline: \"Ravi &#8216;Kumar&#8217;\"\n" +
		"images:\n  - file: a.jpg\n    caption: \"The minister&#8217;s office\"\n    credit: \"&#169; EXW\"\n---\n" +
		"The plan costs &#8377;1.16 lakh crore, India&#x2019;s minister said &mdash; **&#8220;a record&#8221;**.\n\nStars: &#42;five&#42;.\n"
	s, _, err := ReadMarkdown("s.md", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ field, got, want string }{
		{"headline", s.Headline, "India’s ₹1.16 lakh crore plan"},
		{"deck", s.Deck, "The minister’s “record”"},
		{"byline", s.Byline, "Ravi ‘Kumar’"},
		{"caption", s.Images[0].Caption, "The minister’s office"},
		{"credit", s.Images[0].Credit, "© EXW"},
		{"body", s.PlainText(), "The plan costs ₹1.16 lakh crore, India’s minister said — “a record”.\n\nStars: *five*."},
	} {
		if c.got != c.want {
			t.Errorf("%s %q, want %q", c.field, c.got, c.want)
		}
	}
}

// A link's address may hold parentheses, balanced as CommonMark reads them
// (Wikipedia's addresses do): the whole address is printed, and a picture
// whose path has them leaves nothing behind.
func TestLinkAddressWithParentheses(t *testing.T) {
	for in, want := range map[string]string{
		"See [Foo](https://en.wikipedia.org/wiki/Foo_(bar)) now.":                           "See Foo (https://en.wikipedia.org/wiki/Foo_(bar)) now.",
		"See [Foo (bar)](https://en.wikipedia.org/wiki/Foo_(bar)), then more.":              "See Foo (bar) (https://en.wikipedia.org/wiki/Foo_(bar)), then more.",
		"A [titled](https://x.org/a_(b) \"The (title)\") link.":                             "A titled (https://x.org/a_(b)) link.",
		"Nested [n](https://x.org/((b))c) here.":                                            "Nested n (https://x.org/((b))c) here.",
		"Escaped [e](https://x.org/a\\)b) here.":                                            "Escaped e (https://x.org/a)b) here.",
		"A ![pic](photos/img_(1).png) and [it](https://x.org/i).":                           "A and it (https://x.org/i).",
		"Not a link: [a](https://x.org/a_(b) stays.":                                        "Not a link: [a](https://x.org/a_(b) stays.",
		"Two [a](https://x.org/a) and [b](https://x.org/b_(c)).":                            "Two a (https://x.org/a) and b (https://x.org/b_(c)).",
		"[en.wikipedia.org/wiki/Foo_(bar)](https://en.wikipedia.org/wiki/Foo_(bar)) is it.": "en.wikipedia.org/wiki/Foo_(bar) is it.",
		"A [![badge](b_(1).svg) build](https://ci.example.org/x_(y)) badge.":                "A build (https://ci.example.org/x_(y)) badge.",
	} {
		var got strings.Builder
		for _, sp := range parseInline(in) {
			got.WriteString(sp.Text)
		}
		if got.String() != want {
			t.Errorf("%q:\n got %q\nwant %q", in, got.String(), want)
		}
	}
}

// TestUnderlinedHeadings: a heading underlined with "=" or "-" is a
// crosshead, and so is one a CMS export flattened onto one line
// ("Savings through reuse ----"): set as a paragraph it was a justified
// line of three words gaping over a line of dashes. A rule on its own
// stays a rule, and a sentence ending in a dash stays a sentence.
func TestUnderlinedHeadings(t *testing.T) {
	src := "Intro text.\n\nSavings through reuse ---------------------\n\nBody after.\n\n" +
		"Two-line\nheading\n=====\n\nNext steps\n---\n\nMore.\n\n---\n\nHe paused ---\n\n" +
		"- a list item\n---\n\nA sentence that runs on and on before it ends in a rule ----\n\n" +
		strings.Repeat("A long paragraph over a rule. ", 5) + "\n---\nAfter the rule.\n"
	var got string
	for _, b := range ParseBody(src) {
		got += string(b.Kind) + ":" + b.Text() + "|"
	}
	want := "p:Intro text.|h:Savings through reuse|p:Body after.|h:Two-line heading|h:Next steps|p:More.|p:He paused ---|p:• a list item|p:A sentence that runs on and on before it ends in a rule ----|p:" + strings.Repeat("A long paragraph over a rule. ", 4) + "A long paragraph over a rule.|p:After the rule.|"
	if got != want {
		t.Errorf("body\n got %s\nwant %s", got, want)
	}
}

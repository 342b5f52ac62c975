package makeup

import (
	"testing"

	"github.com/epaper/epaper/story"
)

func TestPullQuote(t *testing.T) {
	para := func(s string) story.Block {
		return story.Block{Kind: story.Paragraph, Spans: []story.Span{{Text: s}}}
	}
	for _, c := range []struct {
		paras []string
		deck  string
		want  string
	}{
		// the opening paragraph is passed over
		{[]string{`"This is the first thing anyone said in this story today," she said.`, `Then: "We will rebuild the bridge before the rains come to the city," the mayor said.`}, "",
			"“We will rebuild the bridge before the rains come to the city”"},
		// the words between two quotations are not a quotation
		{[]string{"Lead.", `He coined "spacewalk", was part of the Soviet programme and later said "space is a long way up".`}, "", ""},
		// too short, and the deck's own words
		{[]string{"Lead.", `"Too short to pull," he said.`, `“The deck already shows these very words to the reader here,” she said.`}, "The deck already shows these very words to the reader here", ""},
		{[]string{"Lead.", "No one is quoted at all in this paragraph of the story."}, "", ""},
	} {
		s := &story.Story{}
		for _, p := range c.paras {
			s.Body = append(s.Body, para(p))
		}
		if got := pullQuote(s, c.deck); got != c.want {
			t.Errorf("%q: got %q, want %q", c.paras, got, c.want)
		}
	}
}

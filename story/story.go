// Package story holds the Story model every stage shares: what the desk filed,
// independent of the format it arrived in. It is a leaf package: it imports
// nothing of the project, so readers, layout and publishing can all depend on it.
package story

import "time"

// Style is the typographic style of a run of body text.
type Style uint8

// The styles a run of body text may carry. Bold and Italic combine.
const (
	Regular Style = 0
	Italic  Style = 1 << 0
	Bold    Style = 1 << 1
)

// Span is a run of text in one style. Text is plain Unicode: markup and
// entities are resolved by the reader that made it.
type Span struct {
	Text  string `json:"text"`
	Style Style  `json:"style,omitempty"`
}

// BlockKind says what a body block is.
type BlockKind string

// The kinds of body block. A crosshead is a small heading inside the body; a
// quote is a block quotation set like a paragraph but indented.
const (
	Paragraph BlockKind = "p"
	Crosshead BlockKind = "h"
	Quote     BlockKind = "quote"
)

// Block is one paragraph, crosshead or quotation of the body.
type Block struct {
	Kind  BlockKind `json:"kind"`
	Spans []Span    `json:"spans"`
}

// Text returns the block's text without styles.
func (b Block) Text() string {
	n := 0
	for _, s := range b.Spans {
		n += len(s.Text)
	}
	out := make([]byte, 0, n)
	for _, s := range b.Spans {
		out = append(out, s.Text...)
	}
	return string(out)
}

// Image is a photo that goes with a story. File is an absolute path on disk once
// a reader has resolved it against the sources root; URL is set instead when the
// source named the image by address only.
type Image struct {
	File    string `json:"file,omitempty"`
	URL     string `json:"url,omitempty"`
	Caption string `json:"caption,omitempty"`
	Credit  string `json:"credit,omitempty"`
	Width   int    `json:"width,omitempty"`
	Height  int    `json:"height,omitempty"`
	// Line is where the story file names the picture (0 when unknown),
	// for problems with it.
	Line int `json:"line,omitempty"`
}

// Default priorities: 1 is the lead story, 5 a brief or filler.
const (
	PriorityLead    = 1
	PriorityDefault = 3
	PriorityBrief   = 5
)

// Story is one article as the desk filed it.
type Story struct {
	// ID is stable across builds: the reader derives it from the source's own
	// id or from the file name.
	ID string `json:"id"`
	// File is the source file the story came from, relative to the sources root
	// where possible, so reports name what the desk knows.
	File string `json:"file"`
	// Format names the reader that produced the story ("markdown", "ninjs", ...).
	Format string `json:"format,omitempty"`

	Headline  string    `json:"headline"`
	Kicker    string    `json:"kicker,omitempty"`
	Deck      string    `json:"deck,omitempty"`
	Section   string    `json:"section,omitempty"`
	Priority  int       `json:"priority"`
	Byline    string    `json:"byline,omitempty"`
	Dateline  string    `json:"dateline,omitempty"`
	Published time.Time `json:"published,omitempty"`
	Language  string    `json:"language,omitempty"`
	Subjects  []string  `json:"subjects,omitempty"`
	Genres    []string  `json:"genres,omitempty"`
	Source    string    `json:"source,omitempty"`
	License   string    `json:"license,omitempty"`

	// Version, Embargo and Status come from wire formats (Version also from
	// a desk file's front matter): the newest version of an id wins, an
	// embargoed story waits, a canceled one is left out.
	Version int `json:"version,omitempty"`
	// Updated is the time of this version when the source gives it apart
	// from Published (a desk file's "updated"): versions of one id are
	// put in order by it, while the window is judged by the first
	// publication.
	Updated time.Time `json:"updated,omitzero"`
	Embargo time.Time `json:"embargo,omitempty"`
	Status  string    `json:"pubstatus,omitempty"`

	Images []Image `json:"images,omitempty"`
	Body   []Block `json:"body"`

	// Desk holds what the desk asked of the story for tonight's edition,
	// from its front matter or the desk's plan for the night.
	Desk Desk `json:"desk,omitzero"`
}

// Desk is what the desk asks of a story for one night: the front page's
// lead, the page it starts on, to keep it out, and a headline and deck for
// print that differ from the web's. The zero value asks nothing.
type Desk struct {
	Lead          bool   `json:"lead,omitempty" yaml:"lead"`
	Page          int    `json:"page,omitempty" yaml:"page"`
	Hold          bool   `json:"hold,omitempty" yaml:"hold"`
	PrintHeadline string `json:"print_headline,omitempty" yaml:"print_headline"`
	PrintDeck     string `json:"print_deck,omitempty" yaml:"print_deck"`
}

// PrintHeadline is the headline set on the page: the desk's print headline
// when it gave one.
func (s *Story) PrintHeadline() string {
	if s.Desk.PrintHeadline != "" {
		return s.Desk.PrintHeadline
	}
	return s.Headline
}

// PrintDeck is the deck set on the page: the desk's print deck when it gave
// one.
func (s *Story) PrintDeck() string {
	if s.Desk.PrintDeck != "" {
		return s.Desk.PrintDeck
	}
	return s.Deck
}

// Words counts the words of the headline and body, for reports and sizing.
func (s *Story) Words() int {
	n := countWords(s.Headline)
	for _, b := range s.Body {
		for _, sp := range b.Spans {
			n += countWords(sp.Text)
		}
	}
	return n
}

func countWords(t string) int {
	n, in := 0, false
	for i := 0; i < len(t); i++ {
		// byte by byte: the separators are ASCII but for the no-break
		// space, C2 A0
		c := t[i]
		space := c == ' ' || c == '\n' || c == '\t'
		if c == 0xc2 && i+1 < len(t) && t[i+1] == 0xa0 {
			space = true
			i++
		}
		if !space && !in {
			n++
		}
		in = !space
	}
	return n
}

// PlainText returns the body as plain text, paragraphs separated by blank lines.
func (s *Story) PlainText() string {
	var out []byte
	for i, b := range s.Body {
		if i > 0 {
			out = append(out, '\n', '\n')
		}
		out = append(out, b.Text()...)
	}
	return string(out)
}

// Status is what became of a story in an edition, as report.json says it.
type Status string

// The statuses. Make-up decides between placed, jumped and held; gathering
// decides rejected (the file cannot be read) and held (not for this
// edition).
const (
	// Placed stories run whole on one page.
	Placed Status = "placed"
	// Jumped stories start on one page and continue on another.
	Jumped Status = "jumped"
	// Held stories are not in the edition: the report says why.
	Held Status = "held"
	// Rejected stories could not be read: the report names the file, line
	// and problem.
	Rejected Status = "rejected"
)

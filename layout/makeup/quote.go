package makeup

import (
	"regexp"
	"strings"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/layout/typeset"
	"github.com/epaper/epaper/story"
)

// A pull quote is one of the ways a layout editor fills a thin page: the
// words someone said in the story, set large between rules at the head of
// a body column, where they draw the eye into the text. Only direct speech
// is pulled, never a sentence of the writer's chosen by the machine: a
// quotation is already the story's own emphasis.

// quoteRE finds quoted speech in a paragraph, in straight or curly
// quotes: an opening quote at the start of a word, a closing one at the
// end of one, so that the words between two quotations ("a", said b, "c")
// are never taken for one.
var quoteRE = regexp.MustCompile(`(?:^|[\s(\[—–])[“"]([\p{L}\p{N}‘'][^”"“]{28,258})[”"](?:$|[\s,.;:!?)\]—–])`)

// quoteWords bounds a pull quote: enough to say something, short enough
// to read at a glance.
const quoteMinWords, quoteMaxWords = 7, 30

// pullQuote picks the story's first quoted speech of a pull quote's
// length, passing over the opening paragraph (its words are the ones the
// reader has just read) and a quote the deck already shows; "" when the
// story has none.
func pullQuote(s *story.Story, deck string) string {
	paras := 0
	for _, b := range s.Body {
		if b.Kind != story.Paragraph {
			continue
		}
		paras++
		if paras == 1 {
			continue
		}
		for _, m := range quoteRE.FindAllStringSubmatch(b.Text(), -1) {
			q := strings.TrimSpace(m[1])
			q = strings.TrimRight(q, ",")
			if n := len(strings.Fields(q)); n < quoteMinWords || n > quoteMaxWords {
				continue
			}
			if deck != "" && strings.Contains(deck, q) {
				continue
			}
			return "“" + q + "”"
		}
	}
	return ""
}

// quoteBlock is a pull quote set for a column: its lines and the rows it
// takes, rules and the blank row after it included.
type quoteBlock struct {
	lines []typeset.Line
	size  float64
	rows  int
}

// quoteSize is the pull quote's type size; it steps down to keep a long
// quote within quoteMaxLines.
const (
	quoteSize     = 15.0
	quoteMaxLines = 5
)

// quote sets the story's pull quote for a module of a thin page, once per
// story; nil when the story has none or it cannot be set short enough.
func (m *maker) quote(c *copyItem) *quoteBlock {
	if c.quoteDone {
		return c.quoteSet
	}
	c.quoteDone = true
	text := pullQuote(c.s, c.s.PrintDeck()+" "+standfirst(c.s))
	if text == "" {
		return nil
	}
	st := m.st
	r := m.set.Ragged(typeset.Smarten1(text), st.HeadIt, st.Fallbacks)
	for size := quoteSize; size >= 12; size-- {
		lines := r.Set(size, m.g.colW, false)
		if len(lines) <= quoteMaxLines {
			h := float64(len(lines))*size*1.12 + size*0.9 // rules and their room
			c.quoteSet = &quoteBlock{lines: lines, size: size, rows: m.g.lines(h) + 1}
			return c.quoteSet
		}
	}
	return nil
}

// drawQuote draws a module's pull quote at the head of its column, top at
// y: a rule in the accent colour, the quote, a thin rule under it.
func (m *maker) drawQuote(q *quoteBlock, x, y float64) []display.Item {
	g, st := &m.g, m.st
	lead := q.size * 1.12
	h := float64(q.rows-1) * g.lead
	items := []display.Item{&display.Line{X1: x, Y1: y + 1, X2: x + g.colW, Y2: y + 1, Width: 2, Color: st.Accent}}
	textH := float64(len(q.lines)) * lead
	base := y + (h-textH)/2 + q.size*0.85
	items = append(items, m.textItems(q.lines, x, base, lead, display.Color{R: 0x22, G: 0x22, B: 0x22})...)
	items = append(items, &display.Line{X1: x, Y1: y + h - 1, X2: x + g.colW, Y2: y + h - 1, Width: 0.5, Color: st.Accent})
	return items
}

// addQuote gives a module of a thin page its story's pull quote, at the
// head of its last column: only a story's first part, of two columns or
// more, with text enough that the quote does not crowd it.
func (m *maker) addQuote(mod *module) {
	c := mod.c
	if !c.boost || c.contID > 0 || mod.from > 0 || m.squeezing || mod.cols < 2 || len(c.body) < 10*mod.cols {
		return
	}
	col := mod.cols - 1
	if col == mod.bylineCol() {
		return
	}
	if q := m.quote(c); q != nil {
		mod.quote, mod.quoteCol = q, col
	}
}

package makeup

import (
	"cmp"
	"slices"
	"strings"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/layout/typeset"
	"github.com/epaper/epaper/story"
)

// Briefs: where a page's own copy runs short, a box of the day's other
// stories in brief (a label, the headline, the opening lines and a refer to
// the page the story runs on) fills the stretch, as a layout editor fills a
// thin page with an "Also in today's paper" column. Briefs only point to
// stories printed whole elsewhere in the edition, so nothing the desk filed
// is shortened, and every brief links to its page.

// teaser is a story a brief may point to: placed on page, of priority.
type teaser struct {
	s    *story.Story
	page int
}

// teasers lists the placed stories by importance, each with the page it
// starts on.
func (m *maker) teasers() []teaser {
	if m.teaserPool != nil {
		return m.teaserPool
	}
	for _, id := range m.order {
		pl := m.placements[id]
		if pl.Status == story.Held || len(pl.Pages) == 0 {
			continue
		}
		m.teaserPool = append(m.teaserPool, teaser{s: pl.Story, page: pl.Pages[0]})
	}
	slices.SortStableFunc(m.teaserPool, func(a, b teaser) int { return cmp.Compare(a.s.Priority, b.s.Priority) })
	if m.teaserPool == nil {
		m.teaserPool = []teaser{}
	}
	return m.teaserPool
}

// drawBriefs fills a box with briefs of stories on other pages, the least
// briefed first, and reports the lines it took: the box is drawn only as
// deep as its briefs reach. It takes none (and draws nothing) when there
// is no story to brief, or none fits.
func (m *maker) drawBriefs(p *page, box houseAd) int {
	var pool []teaser
	for _, t := range m.teasers() {
		if t.page != p.num && !p.briefedHere[t.s.ID] && !slices.ContainsFunc(p.mods, func(l *placed) bool { return l.mod.c.s == t.s }) {
			pool = append(pool, t)
		}
	}
	if len(pool) == 0 {
		return 0
	}
	slices.SortStableFunc(pool, func(a, b teaser) int { return cmp.Compare(m.briefed[a.s.ID], m.briefed[b.s.ID]) })
	g, st := &m.g, m.st
	x0 := g.colX(box.col)
	y := box.y
	lines := box.lines
	inner := g.colW - 10
	// the briefs flow down the box's columns under its label
	var items []display.Item
	var links []display.Link
	var briefed []string
	col, row, deepest := 0, 2, 0
	for _, t := range pool {
		// a brief too deep for what is left of the column is set short
		// (its headline and refer), then tried in the next column
		whole, short := m.brief(t, inner, false), []briefLine(nil)
		fit := func() []briefLine {
			if len(whole) <= lines-row {
				return whole
			}
			if short == nil {
				short = m.brief(t, inner, true)
			}
			if len(short) <= lines-row {
				return short
			}
			return nil
		}
		b := fit()
		if b == nil {
			if col+1 >= box.cols {
				break
			}
			col, row = col+1, 2
			if b = fit(); b == nil {
				continue
			}
		}
		x := g.colX(box.col+col) + 5
		for _, bl := range b {
			by := y + float64(row)*g.lead + m.bodyAscent
			items = append(items, m.textItems([]typeset.Line{bl.line}, x, by, 0, bl.color)...)
			row++
		}
		links = append(links, display.Link{X: x - 5, Y: y + float64(row-len(b))*g.lead, W: g.colW, H: float64(len(b)) * g.lead, Page: t.page - 1})
		briefed = append(briefed, t.s.ID)
		deepest = max(deepest, row)
		row++ // a line between briefs
	}
	if len(briefed) == 0 {
		return 0
	}
	used := min(lines, deepest+1)
	if lines-used <= briefsPad {
		used = lines // too little left under it to be anything: the box takes it
	}
	if y > p.top+0.01 {
		// under a story, the rule that parts modules parts the box too
		ry := y - g.lead/2
		p.items = append(p.items, &display.Line{X1: x0, Y1: ry, X2: x0 + g.span(box.cols), Y2: ry, Width: 0.5, Color: display.Color{R: 0x88, G: 0x88, B: 0x88}})
	}
	tint := display.Color{R: 0xf1, G: 0xee, B: 0xe6}
	p.items = append(p.items, &display.Rect{X: x0, Y: y, W: g.span(box.cols), H: float64(used)*g.lead - g.lead*0.3, Fill: &tint})
	p.items = append(p.items, &display.Line{X1: x0, Y1: y, X2: x0 + g.span(box.cols), Y2: y, Width: 2, Color: st.Accent})
	head := m.set.SetRagged(localeOf(m.ed).alsoToday, st.SansBold, st.Fallbacks, 9, g.span(box.cols)-10, false)
	p.items = append(p.items, m.textItems(head[:1], x0+5, y+g.lead*0.9, 0, st.Accent)...)
	p.items = append(p.items, items...)
	p.links = append(p.links, links...)
	for _, id := range briefed {
		m.briefed[id]++
		if p.briefedHere == nil {
			p.briefedHere = map[string]bool{}
		}
		p.briefedHere[id] = true
	}
	return used
}

// briefsPad is the most lines a box of briefs takes under its last brief:
// more is left to the next filler.
const briefsPad = 6

// briefsInto fills a stretch with briefs, as deep as they reach, and gives
// what is left under them to the next filler (see fillRest). It reports
// false, with nothing drawn, when no brief fits.
func (m *maker) briefsInto(p *page, b houseAd) bool {
	used := m.drawBriefs(p, b)
	if used == 0 {
		return false
	}
	box := b
	box.lines = used
	p.briefs = append(p.briefs, box)
	if rest := b.lines - used - 1; rest > 0 {
		m.fillRest(p, houseAd{col: b.col, cols: b.cols, y: b.y + float64(used+1)*m.g.lead, lines: rest})
	}
	return true
}

// fillRest gives what a filler left under it, as the page is drawn, to
// the next: a picture of the day (a second when the page has one, since
// what is left now would otherwise stay white), briefs, or the page's
// spare stretches (see settleSpare).
func (m *maker) fillRest(p *page, s houseAd) {
	if len(p.pictures) < 2 && m.pictureShaped(s.cols, s.lines) {
		pic := s
		if m.pickPicture(p, &pic) && m.stretchPicture(p, pic) {
			p.pictures = append(p.pictures, pic)
			if rest := s.lines - pic.lines - 1; rest > 0 {
				m.fillRest(p, houseAd{col: s.col, cols: s.cols, y: s.y + float64(pic.lines+1)*m.g.lead, lines: rest})
			}
			return
		}
	}
	if !(s.lines >= minBriefLines && m.briefsInto(p, s)) {
		p.spare = append(p.spare, s)
	}
}

// briefLine is a set line of a brief and its colour.
type briefLine struct {
	line  typeset.Line
	color display.Color
}

// brief sets one brief at the measure: the story's section, its headline,
// its opening lines (as many as make the brief read as a summary; none
// when short) and the refer to its page.
func (m *maker) brief(t teaser, measure float64, short bool) []briefLine {
	st, loc := m.st, localeOf(m.ed)
	var out []briefLine
	add := func(ls []typeset.Line, c display.Color) {
		for _, l := range ls {
			out = append(out, briefLine{l, c})
		}
	}
	add(m.set.SetRagged(strings.ToUpper(typeset.Smarten1(t.s.Section)), st.SansBold, st.Fallbacks, 7, measure, false), st.Accent)
	hl := m.set.SetRagged(typeset.Smarten1(t.s.PrintHeadline()), st.Headline, st.Fallbacks, 9.5, measure, false)
	add(hl[:min(len(hl), 3)], display.Black)
	if text := opening(t.s, 30); text != "" && !short {
		ls := m.set.SetRagged(typeset.Smarten1(text), st.Body.Regular, st.Fallbacks, 8, measure, false)
		add(ls[:min(len(ls), 4)], display.Color{R: 0x22, G: 0x22, B: 0x22})
	}
	add(m.set.SetRagged(loc.seePage(t.page), st.SansBold, st.Fallbacks, 7.5, measure, false), st.Accent)
	return out
}

// opening returns about the first n words of a story's body, ending with
// an ellipsis when it stops inside the text.
func opening(s *story.Story, n int) string {
	var words []string
	for _, b := range s.Body {
		if b.Kind != story.Paragraph {
			continue
		}
		words = append(words, strings.Fields(b.Text())...)
		if len(words) >= n {
			break
		}
	}
	if len(words) <= n {
		return strings.Join(words, " ")
	}
	return strings.Join(words[:n], " ") + "…"
}

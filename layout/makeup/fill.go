package makeup

import (
	"math"
	"slices"
	"sort"

	"github.com/epaper/epaper/layout/typeset"
	"github.com/epaper/epaper/story"
)

// Filling a page: the lowest open stretch of columns takes the next module,
// chosen so that the columns under it can still be filled to the foot. A
// module at the foot of its columns absorbs what is left by growing: its
// photo is cropped taller, paragraphs are set a line looser, and as a last
// resort blank lines open between paragraphs.

// maxLooseRatio is the most a paragraph set looser to fill a column may
// stretch its lines (the line breaker's adjustment ratio).
const maxLooseRatio = 0.9

// minAdLines is the fewest lines a house advertisement takes (a strip
// with the paper's title alone), and minAdGap the fewest rows a stretch
// under a module needs to take one: the line between them and the ad's.
const (
	minAdLines = 2
	minAdGap   = minAdLines + 1
)

// minPictureLines is the fewest lines a picture of the day takes, its
// caption included.
const minPictureLines = 12

// pictureShaped tells whether a stretch of cols columns and lines lines
// can show a photo without cropping it to a sliver: no wider than a wide
// landscape (a taller stretch shows it at its head, see pictureLines).
func (m *maker) pictureShaped(cols, lines int) bool {
	w, h := m.g.span(cols), float64(lines)*m.g.lead
	return lines >= minPictureLines && h >= 0.4*w
}

// pickPicture chooses the story whose photo a page's picture of the day
// shows: the most important story of the night not on this page (placed
// on another, or still to be), whose photo has not been shown so and fits
// the stretch. It sets box.lines to the lines the photo and its caption
// want, and reports false when there is none. When the story is held in
// the end, or lands on this page, the box takes another filler.
func (m *maker) pickPicture(p *page, box *houseAd) bool {
	w := m.g.span(box.cols)
	var best *story.Story
	bestLines := 0
	for _, sec := range m.sections {
		for _, s := range sec.Stories {
			if len(s.Images) == 0 || m.pictured[s.ID] || s.Desk.Hold {
				continue
			}
			if pl := m.placements[s.ID]; pl != nil && (pl.Status == story.Held || slices.Contains(pl.Pages, p.num)) {
				continue
			}
			ph, ok := m.photos[s.Images[0].File]
			if !ok || ph.W == 0 || ph.H == 0 {
				continue
			}
			// the photo's own shape, from a wide landscape to a 4:5
			// portrait, and room for a caption of three lines
			h := w / math.Max(0.8, math.Min(2.4, float64(ph.W)/float64(ph.H)))
			lines := m.g.lines(h + 36)
			if lines > box.lines || lines < minPictureLines {
				continue
			}
			if best == nil || s.Priority < best.Priority {
				best, bestLines = s, lines
			}
		}
	}
	if best == nil {
		return false
	}
	if m.pictured == nil {
		m.pictured = map[string]bool{}
	}
	m.pictured[best.ID] = true
	box.picture, box.lines = best, bestLines
	return true
}

// pictureLines is the most lines a picture of the day takes in cols
// columns: a square photo and its caption.
func (m *maker) pictureLines(cols int) int {
	return m.g.lines(m.g.span(cols)) + 4
}

// minBriefLines is the fewest lines a box of briefs takes: a label, a
// headline and a line of text.
const minBriefLines = 5

// flexRows is how many rows a module can grow.
func (m *maker) flexRows(mod module) int {
	if mod.jumpTo {
		return 1000 // a jumped part grows by taking more of its text
	}
	grow := 0
	if mod.photoCols == mod.cols && mod.photoLines > 0 {
		_, _, most := m.photoSize(mod.c, mod.cols)
		grow = most - mod.photoLines
	}
	loose, breaks := m.stretchable(mod.c, mod.from, mod.to)
	return grow + (loose+breaks/2)/mod.cols
}

// stretchable counts the paragraphs between two body lines that a looser
// setting is likely to lengthen by a line (those of four lines or more: grow
// finds the real ones when it sets them), and the paragraph breaks a blank
// line may open at. Make-up asks often, so the answer is kept.
func (m *maker) stretchable(c *copyItem, from, to int) (loose, breaks int) {
	c.wait()
	key := [2]int{from, to}
	if v, ok := c.stretch[key]; ok {
		return v[0], v[1]
	}
	if c.paraLen == nil {
		c.paraLen = paraLens(c.body)
	}
	seen := map[int]bool{}
	for i := from; i < to; i++ {
		ln := c.body[i]
		if ln.First && ln.Kind == typeset.BodyLine && i > from {
			breaks++
		}
		if !seen[ln.Para] && ln.Kind == typeset.BodyLine {
			seen[ln.Para] = true
			if c.paraLen[ln.Para] >= 4 {
				loose++
			}
		}
	}
	if c.stretch == nil {
		c.stretch = map[[2]int][2]int{}
	}
	c.stretch[key] = [2]int{loose, breaks}
	return loose, breaks
}

// paraLens counts each paragraph's lines.
func paraLens(lines []typeset.Line) map[int]int {
	out := map[int]int{}
	for _, ln := range lines {
		out[ln.Para]++
	}
	return out
}

// option is a candidate module for a stretch of columns.
type option struct {
	mod  module
	qi   int
	cost float64
}

// choose picks the module for a stretch of columns (across of them) and avail
// lines. Stories come in priority order: a later one is taken before an
// earlier one only at equal priority. Among the widths and the stories it
// may take, it prefers the module that leaves a gap the next stories can
// fill exactly, or none.
func (m *maker) choose(p *page, q []*copyItem, c0, across, avail int, front bool) (module, int) {
	const window = 8
	var best *option
	consider := func(o option) {
		if best == nil || o.cost < best.cost {
			best = &o
		}
	}
	for qi, c := range q {
		if qi >= window {
			break
		}
		if qi > 0 && q[0].s.Priority < c.s.Priority && !front && best != nil {
			// never set a story above a more important one
			break
		}
		for wi, w := range m.widths(c, across, front) {
			if m.orderCost(p, c, w) > 0 && !m.squeezing {
				continue // never wider than a more important story
			}
			mod := m.height(c, w)
			base := float64(qi)*40 + float64(wi)*6 + m.bumpCost(p, c0, w, avail) + float64(mod.inner)*4
			if front {
				// front-page stories show their top and jump inside
				// a lead shows a dozen rows across the page; the others
				// long enough to read on, so the front holds fewer jumps
				capRows := 26
				if len(p.mods) == 0 {
					capRows = 14
				}
				if z := p.active; z != nil && z.z.Pick == "lead" {
					// a zone the designer drew for the lead: the lead
					// fills it, and jumps
					capRows = avail
				}
				lim := mod.lines - mod.rows + capRows
				if mod.lines > min(avail, lim) {
					if cs, ok := m.cut(c, w, min(avail, lim)); ok && m.canJump(c, cs.to) {
						consider(option{cs, qi, base + m.gapCost(q, qi, cs, avail, w) + 3})
						continue
					}
					// no page to continue on has room: whole, if it fits
				}
			}
			if mod.lines <= avail {
				consider(option{mod, qi, base + m.gapCost(q, qi, mod, avail, w)})
			} else if !front && qi == 0 && c.contID == 0 && avail >= m.g.lines(m.g.h)/3 {
				// a long story may fill the stretch and jump overleaf
				if cs, ok := m.cut(c, w, avail); ok && m.canJump(c, cs.to) {
					consider(option{cs, qi, base + 150})
				}
			}
		}
		if best != nil && best.qi == 0 && best.cost < 8 {
			break
		}
	}
	if best == nil {
		return module{}, -1
	}
	return best.mod, best.qi
}

// bumpCost discourages a headline beside another at the same height: the
// reader takes two headlines in a row for one.
func (m *maker) bumpCost(p *page, c0, w, avail int) float64 {
	y := p.colBottom[c0] - float64(avail)*m.g.lead
	for _, laid := range p.mods {
		if math.Abs(laid.y-y) < 0.5 && (laid.col+laid.mod.cols == c0 || c0+w == laid.col) {
			return 8
		}
	}
	return 0
}

// orderCost keeps importance visible: a story wider than a more important
// one on the page costs dearly.
func (m *maker) orderCost(p *page, c *copyItem, w int) float64 {
	cost := 0.0
	for _, laid := range p.mods {
		o := laid.mod.c.s
		if o.Section == c.s.Section && o.Priority < c.s.Priority && laid.mod.cols < w {
			cost += 100
		}
	}
	return cost
}

// gapCost scores what a module leaves under it in its columns: nothing,
// or what it can grow into, is free; a gap the following stories can fill
// exactly is cheap; a gap too small for any story costs by its size.
func (m *maker) gapCost(q []*copyItem, qi int, mod module, avail, w int) float64 {
	if mod.jumpTo && mod.lines == avail {
		return 0
	}
	gap := avail - mod.lines // includes the line between modules
	if gap <= 0 {
		return 0
	}
	if gap <= m.flexRows(mod) {
		return float64(gap) * 0.3
	}
	rest := gap - 1
	if rest >= minLines {
		if m.canFill(q, qi, rest, w, 3) {
			return 1
		}
		return 6
	}
	return 20 + float64(gap-m.flexRows(mod))*3
}

// canFill reports whether some of the stories after q[skip], in order and
// at width w, stack to exactly lines lines, growing as they may.
func (m *maker) canFill(q []*copyItem, skip, lines, w, depth int) bool {
	if depth == 0 {
		return false
	}
	for qi, c := range q {
		if qi == skip || qi > skip+6 {
			continue
		}
		mod := m.height(c, w)
		if mod.lines > lines {
			continue
		}
		if lines <= mod.lines+m.flexRows(mod) {
			return true
		}
		if rest := lines - mod.lines - 1; rest >= minLines && m.canFill(q, max(skip, qi), rest, w, depth-1) {
			return true
		}
	}
	return false
}

// closePage closes every stories zone of a page.
func (m *maker) closePage(p *page) {
	defer m.on(p)()
	m.closeZones(p)
}

// closeZone grows the lowest module of each column stack of the zone the
// page's arrays hold into the gap under it, so columns reach the foot, and
// gives what is still open to briefs or a house advertisement.
func (m *maker) closeZone(p *page) {
	for _, laid := range p.mods {
		gap := math.MaxInt
		for c := laid.col; c < laid.col+laid.mod.cols; c++ {
			bottomOfMod := laid.y + float64(laid.mod.lines+1)*m.g.lead
			if math.Abs(p.colTop[c]-bottomOfMod) > 0.01 {
				gap = -1 // another module sits below in this column
				break
			}
			gap = min(gap, int(math.Round((p.colBottom[c]-laid.y)/m.g.lead))-laid.mod.lines)
		}
		if gap <= 0 || gap == math.MaxInt {
			continue
		}
		m.grow(laid, gap)
		for c := laid.col; c < laid.col+laid.mod.cols; c++ {
			p.colTop[c] = laid.y + float64(laid.mod.lines+1)*m.g.lead
			if p.colTop[c] >= p.colBottom[c]-0.01 {
				p.colTop[c] = p.colBottom[c]
			}
		}
	}
	m.fillStretches(p)
}

// fillStretches gives the stretches still open on a closed page, largest
// first, to what a layout editor puts there when the copy runs short:
// briefs of the day's stories on other pages, with refers to them (at most
// three boxes a page), a picture of the day from a story on another page,
// then one house advertisement as the last resort. A stretch too small for
// any stays white.
func (m *maker) fillStretches(p *page) {
	type stretch struct {
		col, cols, lines int
		y                float64
	}
	var open []stretch
	for {
		c0, w, y, ok := m.segmentAny(p)
		if !ok {
			break
		}
		lines := int(math.Round((p.colBottom[c0] - y) / m.g.lead))
		open = append(open, stretch{c0, w, lines, y})
		for c := c0; c < c0+w; c++ {
			p.colTop[c] = p.colBottom[c]
			p.closed[c] = true
		}
	}
	sort.SliceStable(open, func(i, j int) bool { return open[i].lines*open[i].cols > open[j].lines*open[j].cols })
	for len(open) > 0 {
		s := open[0]
		open = open[1:]
		box := houseAd{col: s.col, cols: s.cols, y: s.y, lines: s.lines}
		switch {
		case len(p.briefs) == 0 && s.lines >= minBriefLines:
			p.briefs = append(p.briefs, box)
		case len(p.pictures) == 0 && m.pictureShaped(s.cols, s.lines) && m.pickPicture(p, &box):
			// a tall stretch shows the picture at its head, as tall as the
			// photo's shape asks, and gives what is under it to the next
			// filler
			if want := box.lines; s.lines > want+minBriefLines {
				open = append(open, stretch{s.col, s.cols, s.lines - want - 1, s.y + float64(want+1)*m.g.lead})
			} else {
				box.lines = s.lines
			}
			p.pictures = append(p.pictures, box)
		case len(p.briefs) < 3 && s.lines >= minBriefLines:
			p.briefs = append(p.briefs, box)
		case len(p.ads) == 0 && s.lines >= minAdLines:
			p.ads = append(p.ads, box)
		default:
			p.white = append(p.white, box)
		}
	}
}

// grow makes a placed module up to gap rows taller and returns how many it
// grew: a jumped part takes more of its text; others crop their photo
// taller, set paragraphs a line looser, then open blank lines at paragraph
// breaks (render spreads them), and stop there.
func (m *maker) grow(laid *placed, gap int) int {
	mod := &laid.mod
	if mod.jumpTo {
		if laid.jumpTo != nil {
			return 0 // its continuation is already placed
		}
		rows := mod.rows + gap
		more := capacity(rows, mod.starts()) - 1 - (mod.to - mod.from)
		if more > 0 {
			to := m.cleanCut(mod.c, min(len(mod.c.body)-minCont, mod.to+more))
			// as cut does: back off until the columns break cleanly
			caps := mod.withRows(rows).bodyCaps(rows)
			for to > mod.to {
				if _, ok := distribute(mod.c.body[mod.from:to], caps); ok {
					break
				}
				to = m.cleanCut(mod.c, to-1)
			}
			mod.to = max(mod.to, to)
		}
		mod.rows, mod.lines = rows, mod.lines+gap
		return gap
	}
	grown := 0
	if mod.photoCols == mod.cols && mod.photoLines > 0 {
		_, _, most := m.photoSize(mod.c, mod.cols)
		d := min(gap, most-mod.photoLines)
		mod.photoLines += d
		mod.lines += d
		grown += d
	}
	if grown == gap {
		return grown
	}
	body := mod.bodyLines()
	var rows int
	// where a blank row at a paragraph break reads as a hole, the module
	// grows only as far as its lines reach, and a stretch left under it
	// tall enough for an advertisement takes one (closeZone)
	hole := m.crossheadRaise() > 0
	// loosen as many paragraphs as the gap needs, fewer when the columns
	// would then end on a hyphen
	for need := capacity(mod.rows+gap-grown, mod.starts()) - len(body); ; need-- {
		b := mod.bodyLines()
		if mod.c.contID == 0 && mod.from == 0 && mod.to == len(mod.c.body) {
			b = m.loosen(m.set, mod, need)
		}
		breaks := len(paraBreaks(b))
		rows = max(mod.rows, min(mod.rows+gap-grown, fitRows(len(b)+breaks, mod.starts())))
		if hole {
			if r := max(mod.rows, fitRows(len(b), mod.starts())); mod.rows+gap-grown-r >= minAdGap {
				rows = r
			}
		}
		body = b
		if _, ok := distribute(b, mod.withRows(rows).bodyCaps(rows)); ok || need <= 0 {
			break
		}
	}
	if len(body) != mod.to-mod.from {
		mod.body, mod.from, mod.to = body, 0, len(body)
	}
	grown += rows - mod.rows
	mod.lines += rows - mod.rows
	mod.rows = rows
	return grown
}

// levelAll levels every placed module's columns, in parallel when the
// input gives a breaker per worker: each module's story is its own.
func (m *maker) levelAll(in Input) error {
	var mods []*placed
	for _, p := range m.pages {
		mods = append(mods, p.mods...)
	}
	return m.onWorkers(in, workers(in, len(mods)), len(mods), func(set *typeset.Setter, i int) {
		m.level(set, mods[i])
	})()
}

// level fills the short columns of a module: for a whole story, first by
// setting as many paragraphs a line looser as the columns lack lines, when
// that keeps the column breaks clean; then, where rows would still show
// empty, by balancing the columns (see balance).
func (m *maker) level(set *typeset.Setter, laid *placed) {
	mod := &laid.mod
	m.levelLoose(set, mod)
	caps := mod.bodyCaps(mod.rows)
	lines := mod.bodyLines()
	per, _ := distribute(lines, caps)
	white := m.visibleWhite(lines, caps, per)
	if white == 0 || len(lines) == 0 {
		return
	}
	// where a blank row is no hole, rows left empty spread over the
	// columns' paragraph breaks: the fewer in one column the better
	hole := m.crossheadRaise() > 0
	slack := func(col, rows int) float64 {
		if hole {
			return float64(rows)
		}
		return float64(rows*rows) / 4
	}
	var loose func(int) []typeset.Line
	// a row less under a photo across the module, the photo taking it,
	// when the columns then come out full
	_, _, tallest := m.photoSize(mod.c, mod.cols)
	fit := func() bool {
		most := 0
		if mod.photoCols == mod.cols && mod.photoLines > 0 && mod.photoLines < tallest {
			most = 1
		}
		for less := 0; less <= most && less < mod.rows; less++ {
			caps := mod.bodyCaps(mod.rows - less)
			body, per2, _, ok := balance(blocks(lines, loose), caps, slack)
			if !ok {
				continue
			}
			if w := m.visibleWhite(body, caps, per2); w < white {
				mod.body, mod.from, mod.to, mod.per = body, 0, len(body), per2
				lines, per, white = body, per2, w
				mod.rows -= less
				mod.photoLines += less
			}
			if white == 0 {
				return true
			}
		}
		return false
	}
	if fit() || !hole {
		// where a blank row is no hole, levelLoose has set looser what
		// may help
		return
	}
	// a few more paragraphs set looser than rows are empty, the longest
	// (they loosen with the least change): each is set again to try
	n := paraLens(lines)
	cands := longest(n, 2)
	try := map[int]bool{}
	for _, para := range cands[:min(len(cands), 2*white+2)] {
		try[para] = true
	}
	loose = func(para int) []typeset.Line {
		if !try[para] {
			return nil
		}
		ls := m.looseParagraph(set, mod.c, para)
		if len(ls) != n[para]+1 {
			return nil
		}
		for _, ln := range ls {
			if !ln.Last && ln.Ratio > maxLooseRatio {
				return nil
			}
		}
		return ls
	}
	fit()
}

// visibleWhite counts the rows a distribution of body lines leaves empty
// where the reader sees them: at the columns' feet, and at paragraph
// breaks too when a blank row there reads as a hole.
func (m *maker) visibleWhite(lines []typeset.Line, caps, per []int) int {
	white, k := 0, 0
	hole := m.crossheadRaise() > 0
	for c, n := range per {
		col := lines[k : k+n]
		k += n
		free := 0
		if len(col) > 0 && col[0].Kind == typeset.BlankLine {
			free = 1
		}
		empty := caps[c] - n + free
		if !hole {
			empty -= len(paraBreaks(col))
		}
		white += max(0, empty)
	}
	return white
}

// levelLoose sets as many paragraphs of a whole story's module a line
// looser as its columns lack lines, when that keeps the column breaks
// clean.
func (m *maker) levelLoose(set *typeset.Setter, mod *module) {
	if mod.jumpTo || mod.c.contID > 0 || mod.body != nil || mod.from != 0 || mod.to != len(mod.c.body) {
		return
	}
	need := capacity(mod.rows, mod.starts()) - len(mod.c.body)
	if need <= 0 || need >= mod.cols*2 {
		return
	}
	body := m.loosen(set, mod, need)
	if len(body) == len(mod.c.body) || len(body) > capacity(mod.rows, mod.starts()) {
		return
	}
	if _, ok := distribute(body, mod.bodyCaps(mod.rows)); !ok {
		return
	}
	mod.body, mod.from, mod.to = body, 0, len(body)
}

// loosen returns the module's body with up to need paragraphs set a line
// looser: the longest paragraphs first (they loosen with the least
// change), and only those whose looser lines stretch no more than
// maxLooseRatio. Each paragraph is set looser once, when first asked for.
func (m *maker) loosen(set *typeset.Setter, mod *module, need int) []typeset.Line {
	body := mod.c.body
	if need <= 0 {
		return body
	}
	nat := paraLens(body)
	cands := longest(nat, 3)
	take := map[int][]typeset.Line{}
	for tried, para := range cands {
		// each try sets a paragraph again: a few more than needed will do
		if len(take) >= need || tried >= 2*need+2 {
			break
		}
		ls := m.looseParagraph(set, mod.c, para)
		if len(ls) != nat[para]+1 {
			continue
		}
		worst := 0.0
		for _, ln := range ls {
			if !ln.Last {
				worst = math.Max(worst, ln.Ratio)
			}
		}
		if worst <= maxLooseRatio {
			take[para] = ls
		}
	}
	if len(take) == 0 {
		return body
	}
	var out []typeset.Line
	for i := 0; i < len(body); {
		para := body[i].Para
		if ls, ok := take[para]; ok {
			out = append(out, ls...)
			for i < len(body) && body[i].Para == para {
				i++
			}
			continue
		}
		out = append(out, body[i])
		i++
	}
	return out
}

// longest lists the paragraphs of at least least lines, the longest first (they
// loosen with the least change), in order among equals.
func longest(lens map[int]int, least int) []int {
	var out []int
	for para, n := range lens {
		if n >= least {
			out = append(out, para)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if lens[out[i]] != lens[out[j]] {
			return lens[out[i]] > lens[out[j]]
		}
		return out[i] < out[j]
	})
	return out
}

// looseParagraph sets one paragraph with looseness +1, once.
func (m *maker) looseParagraph(set *typeset.Setter, c *copyItem, para int) []typeset.Line {
	c.wait()
	if ls, ok := c.looser[para]; ok {
		return ls
	}
	ls := m.setBody(set, c, para, func() []typeset.Line {
		return set.Paragraph(c.s, para, m.g.colW, m.body, func(ps *typeset.ParaStyle) { ps.Break.Looseness = 1 })
	})
	if c.looser == nil {
		c.looser = map[int][]typeset.Line{}
	}
	c.looser[para] = ls
	return ls
}

package makeup

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/fonts"
	"github.com/epaper/epaper/layout/typeset"
	"github.com/epaper/epaper/story"
)

// Section is a flatplan section with its stories in priority order.
type Section struct {
	Name    string
	Pages   int
	Stories []*story.Story
}

// Input is everything make-up needs.
type Input struct {
	Edition  *editions.Edition
	Date     time.Time
	Sections []Section
	// Photos by story image file.
	Photos     map[string]Photo
	Breaker    typeset.Breaker
	Hyphenator typeset.Hyphenator
	// NewBreaker and Workers set story bodies in parallel: one breaker per
	// worker.
	NewBreaker func() typeset.Breaker
	Workers    int
	// Ads are the booked advertisements.
	Ads []BookedAd
	// Shaper shapes words (kerning, ligatures, Devanagari); nil sets one
	// glyph per character.
	Shaper typeset.Shaper
}

// Region is the box a story (or one part of a jumped story) takes on a page.
type Region struct {
	Story      string
	X, Y, W, H float64
	// Part is 1 for a story's first part, 2 for its continuation; 0 when
	// the story is whole. JumpTo and JumpFrom are page numbers.
	Part, JumpTo, JumpFrom int
}

// PageInfo describes a made-up page.
type PageInfo struct {
	Number   int
	Section  string
	Sections []string
	Regions  []Region
	// White is the share of the type area's columns left empty, 0..1,
	// by make-up's own count.
	White float64
	Typo  Typo
	Score Score
}

// Typo are the typographic figures of a page's body text.
type Typo struct {
	Lines      int `json:"lines"`
	Loose      int `json:"loose"`      // stretched beyond their glue's stretch
	Tight      int `json:"tight"`      // shrunk by more than half their glue's shrink
	Hyphenated int `json:"hyphenated"` // ending in a hyphen
	HyphenRun  int `json:"hyphen_run"` // longest run of hyphenated lines in a column
	Overfull   int `json:"overfull"`
	Widows     int `json:"widows"`  // a paragraph's last line alone at a column's head
	Orphans    int `json:"orphans"` // a paragraph's first line alone at a column's foot
	// Expanded lines have their glyphs widened or narrowed; Tracked lines
	// are letter-spaced, by at most TrackMaxEm ems.
	Expanded   int     `json:"expanded"`
	Tracked    int     `json:"tracked"`
	TrackMaxEm float64 `json:"track_max_em"`
}

// Add sums figures, keeping the longest run.
func (t *Typo) Add(o Typo) {
	t.Lines += o.Lines
	t.Loose += o.Loose
	t.Tight += o.Tight
	t.Hyphenated += o.Hyphenated
	t.HyphenRun = max(t.HyphenRun, o.HyphenRun)
	t.Overfull += o.Overfull
	t.Widows += o.Widows
	t.Orphans += o.Orphans
	t.Expanded += o.Expanded
	t.Tracked += o.Tracked
	t.TrackMaxEm = max(t.TrackMaxEm, o.TrackMaxEm)
}

// Placement is what became of one story.
type Placement struct {
	Story  *story.Story
	Status string // "placed", "jumped" or "held"
	Reason string
	Pages  []int
}

// Result is the made-up edition.
type Result struct {
	Doc        *display.Document
	Pages      []PageInfo
	Placements []Placement
	// Missing lists, per story id, characters no font could show.
	Missing  map[string][]rune
	Warnings []string
	// Notes say what make-up decided that the desk may want to know
	// (pages added to a section), without being problems.
	Notes []string
	// Ads says where each booked ad went.
	Ads []AdPlacement
}

// placed is a module put on a page, rendered once every page is known.
type placed struct {
	sp   spec
	col  int
	y    float64
	part int
	// the page of the other part of a jumped story, set when known
	jumpTo, jumpFrom *int
	jumpToY          *float64
	pageNum          int
}

type page struct {
	info   PageInfo
	items  []display.Item
	links  []display.Link
	colTop []float64
	closed []bool
	// colBottom is each column's foot: the page's, or the top of a booked
	// ad standing in the column
	colBottom []float64
	top       float64 // first body line's top
	bottom    float64
	sections  []string
	mods      []*placed
	ads       []houseAd
	num       int
}

type maker struct {
	ed             *editions.Edition
	st             *Styles
	g              geom
	set            *typeset.Setter
	body           typeset.BodyStyle
	bodyAscent     float64
	pages          []*page
	outline        []display.Bookmark
	placements     map[string]*Placement
	order          []string
	warnings       []string
	notes          []string
	photos         map[string]Photo
	copies         map[string]*copyItem
	contSeq        int
	pendingJumps   []pendingJump
	frontLead      *copyItem
	ads            []BookedAd
	adDone         []bool
	adResults      []AdPlacement
	sectionStarted map[string]bool
	earBooked      bool // an ad stands in the masthead's right ear
}

// minLines is the shortest module worth starting in a column gap.
const minLines = 8

// minCont is the fewest body lines a jump leaves for its continuation: a
// few lines under a headline of their own stand in white.
const minCont = 6

// Make lays out the edition.
func Make(in Input, st *Styles) (*Result, error) {
	ed := in.Edition
	x0, y0, w, h := ed.TypeArea()
	m := &maker{
		ed: ed, st: st,
		g:              geom{x0: x0, y0: y0, w: w, h: h, cols: ed.Grid.Columns, colW: ed.ColumnWidth(), gutter: ed.Grid.Gutter.Pt(), lead: st.Leading},
		set:            &typeset.Setter{Breaker: in.Breaker, Shaper: in.Shaper, Lang: ed.Language},
		placements:     map[string]*Placement{},
		ads:            in.Ads,
		adDone:         make([]bool, len(in.Ads)),
		sectionStarted: map[string]bool{},
		photos:         in.Photos,
		copies:         map[string]*copyItem{},
	}
	ps := typeset.DefaultParaStyle(st.Body, st.BodySize)
	ps.Hyphenator = in.Hyphenator
	if !ed.Body.HangingPunctuation {
		ps.Protrusion = 0
	}
	bold := st.Body
	bold.Regular, bold.Italic = st.Body.Bold, st.Body.BoldItalic
	m.body = typeset.BodyStyle{Para: ps, Crosshead: bold}
	// the first baseline sits so ascenders and descenders share the leading
	m.bodyAscent = st.Leading - (st.Leading-st.BodySize)/2 - st.BodySize*0.2

	// set every story's body once, at the column measure
	queues := make([][]*copyItem, len(in.Sections))
	for i, sec := range in.Sections {
		for _, s := range sec.Stories {
			queues[i] = append(queues[i], m.newCopy(s))
		}
	}
	bodiesDone := m.setBodies(queues, in)
	// nothing may still be written by the workers once make-up is done
	defer bodiesDone()
	// The front page takes the Front section's stories and the top story of
	// every other section, most important first; long ones jump inside.
	front := m.newPage("Front", true)
	var cands []*copyItem
	for i, sec := range in.Sections {
		if strings.EqualFold(sec.Name, "Front") {
			cands = append(cands, queues[i]...)
			queues[i] = nil
		} else if len(queues[i]) > 0 {
			cands = append(cands, queues[i][0])
			queues[i] = queues[i][1:]
		}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.s.Priority != b.s.Priority {
			return a.s.Priority < b.s.Priority
		}
		return a.photo != nil && b.photo == nil
	})
	// the lead is the most important story with a photo, if one is near the top
	for i, c := range cands {
		if m.photoFits(c, m.g.cols-2) && c.s.Priority <= cands[0].s.Priority+1 {
			cands = append([]*copyItem{c}, append(cands[:i:i], cands[i+1:]...)...)
			break
		}
	}
	m.frontLead = cands[0]
	m.frontLead.wait()
	clear(m.frontLead.heads) // the lead's headline is set larger
	// the next stories of each section stand by, should the front page
	// have room left: the second of each, and more when there are few
	// sections to draw on
	var extras []*copyItem
	secs := 0
	for i, sec := range in.Sections {
		if !strings.EqualFold(sec.Name, "Front") && len(queues[i]) > 0 {
			secs++
		}
	}
	for k := 0; k < max(1, 6/max(secs, 1)); k++ {
		for i, sec := range in.Sections {
			if !strings.EqualFold(sec.Name, "Front") && len(queues[i]) > 0 {
				extras = append(extras, queues[i][0])
				queues[i] = queues[i][1:]
			}
		}
	}
	taken := slices.Clone(extras)
	sort.SliceStable(extras, func(i, j int) bool { return extras[i].s.Priority < extras[j].s.Priority })
	indexLines := 4 + len(in.Sections)
	indexCol := m.g.cols - 1
	indexTop := front.colTop[indexCol]
	front.colTop[indexCol] += float64(indexLines+1) * m.g.lead
	left := m.fill(front, cands, true)
	// where the top stories leave room, the second stories take it
	extras = m.fill(front, extras, true)
	// the extras the front page does not need go back to the head of their
	// sections, in the order they came
	for i := len(taken) - 1; i >= 0; i-- {
		c := taken[i]
		if !slices.Contains(extras, c) {
			continue
		}
		for qi, sec := range in.Sections {
			if sec.Name == c.s.Section {
				queues[qi] = append([]*copyItem{c}, queues[qi]...)
			}
		}
	}
	// what the front page could not take goes back to the head of its section
	for i := len(left) - 1; i >= 0; i-- {
		c := left[i]
		for qi, sec := range in.Sections {
			if sec.Name == c.s.Section || (qi == len(in.Sections)-1) {
				queues[qi] = append([]*copyItem{c}, queues[qi]...)
				break
			}
		}
	}
	m.closePage(front)
	// continuations of front-page stories open their sections
	for _, pm := range front.mods {
		if pm.sp.jumpTo {
			cont := m.continuation(pm)
			for qi, sec := range in.Sections {
				if sec.Name == cont.s.Section {
					queues[qi] = append([]*copyItem{cont}, queues[qi]...)
					break
				}
			}
		}
	}
	// inside pages: sections in flatplan order, a section sharing the page
	// its neighbour leaves open
	secFirst := map[string]int{}
	var cur *page
	for qi, sec := range in.Sections {
		q := queues[qi]
		if len(q) == 0 {
			switch {
			case sec.Pages == 0 || strings.EqualFold(sec.Name, "Front"):
			case len(sec.Stories) > 0:
				m.notes = append(m.notes, fmt.Sprintf("section %s: all its stories are on the front page, its %d page(s) left out", sec.Name, sec.Pages))
			default:
				m.notes = append(m.notes, fmt.Sprintf("section %s has no stories today: its %d page(s) left out", sec.Name, sec.Pages))
			}
			continue
		}
		if cur == nil || m.openShare(cur) < 0.12 {
			if cur != nil {
				m.closePage(cur)
			}
			cur = m.newPage(sec.Name, false)
		} else {
			cur.sections = append(cur.sections, sec.Name)
		}
		secFirst[sec.Name] = len(m.pages)
		m.outline = append(m.outline, display.Bookmark{Level: 0, Title: sec.Name, Page: len(m.pages) - 1, Y: m.openTop(cur)})
		startPages := len(m.pages)
		for len(q) > 0 {
			if ed.Overflow == "hold" && sec.Pages > 0 && len(m.pages)-startPages+1 > sec.Pages {
				for _, c := range q {
					m.hold(c.s, fmt.Sprintf("no room in the section's %d planned pages", sec.Pages))
				}
				break
			}
			before := len(q)
			q = m.fill(cur, q, false)
			if len(q) == 0 {
				break
			}
			if len(q) == before && m.emptyPage(cur) {
				// not even an empty page takes the story: let it jump
				q = m.fillJump(cur, q)
				if len(q) == before {
					m.hold(q[0].s, "the story does not fit a page")
					q = q[1:]
				}
			}
			m.closePage(cur)
			cur = m.newPage(sec.Name, false)
		}
		used := len(m.pages) - startPages + 1
		if sec.Pages > 0 && used > sec.Pages {
			m.notes = append(m.notes, fmt.Sprintf("section %s planned %d pages, its copy needed %d: pages added", sec.Name, sec.Pages, used))
		}
	}
	if cur != nil {
		m.closePage(cur)
	}
	// the press prints in multiples: pad with house-ad pages
	for mult := max(1, ed.PageMultiple); len(m.pages)%mult != 0; {
		p := m.newPage("Advertisement", false)
		m.closePage(p)
	}
	for i, p := range m.pages {
		p.num = i + 1
		p.info.Number = i + 1
	}
	m.outline = append([]display.Bookmark{{Level: 0, Title: "Front page", Page: 0}}, m.outline...)
	bodiesDone() // the stories no page took are set too
	m.levelAll(in)
	for _, p := range m.pages {
		m.renderPage(p)
	}
	m.drawIndex(front, indexCol, indexTop, float64(indexLines)*m.g.lead, in.Sections, secFirst)
	for _, p := range m.pages {
		m.furniture(p, p.num, len(m.pages), in.Date)
	}
	return m.finish(in.Date), nil
}

// prepare sets a story's body at the column measure.
func (m *maker) newCopy(s *story.Story) *copyItem {
	c := &copyItem{s: s, heads: map[int]*block{}, conts: map[int]*block{}, missing: map[rune]bool{}}
	if len(s.Images) > 0 {
		if ph, ok := m.photos[s.Images[0].File]; ok && ph.W > 0 {
			c.photo = &ph
		}
	}
	m.copies[s.ID] = c
	return c
}

// setBodies sets every story's body and its usual headlines, in parallel
// when the input gives a breaker per worker. The workers take the stories
// in the order make-up will first need them (the front page's candidates,
// then each section's) and make-up starts at once: each copy's wait holds
// it until its story is set. Each story is set on its own, so the result
// does not depend on the order or the timing. The returned function waits
// for the workers.
func (m *maker) setBodies(queues [][]*copyItem, in Input) func() {
	var all []*copyItem
	for _, q := range queues {
		all = append(all, q...)
	}
	k := workers(in, len(all))
	if k > 0 {
		names := make([]string, len(in.Sections))
		for i, sec := range in.Sections {
			names[i] = sec.Name
		}
		all = needOrder(queues, names)
		for _, c := range all {
			c.ready = make(chan struct{})
		}
	}
	return m.onWorkers(in, k, len(all), func(set *typeset.Setter, i int) {
		c := all[i]
		set.Missing = c.missing
		c.body = set.Body(c.s, m.g.colW, m.body)
		if c.ready == nil {
			return
		}
		// the headline blocks of the usual widths, set here in parallel
		// rather than one by one during make-up
		pref := min(prefCols(c.s.Priority, m.g.cols), 4)
		for cols := max(1, pref-1); cols <= min(pref+1, m.g.cols); cols++ {
			m.headFor(set, c, cols, false, false)
		}
		close(c.ready)
	})
}

// workers is how many goroutines share n jobs of setting text: one a
// worker, each with a breaker of its own, or 0 when the input gives one
// worker or no breakers (make-up's own setter does the jobs then).
func workers(in Input, n int) int {
	if in.NewBreaker == nil || min(in.Workers, n) <= 1 {
		return 0
	}
	return min(in.Workers, n)
}

// onWorkers runs do(set, i) for i from 0 to n-1 on k workers, each with a
// setter of its own, and returns a function that waits for them. With k 0
// the jobs run here, in order, on make-up's setter, before it returns.
func (m *maker) onWorkers(in Input, k, n int, do func(set *typeset.Setter, i int)) (wait func()) {
	if k == 0 {
		for i := range n {
			do(m.set, i)
		}
		return func() {}
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range k {
		wg.Add(1)
		go func() {
			defer wg.Done()
			set := &typeset.Setter{Breaker: in.NewBreaker(), Shaper: in.Shaper, Lang: m.ed.Language}
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				do(set, i)
			}
		}()
	}
	return wg.Wait
}

// needOrder lists the copies in the order make-up first looks at them: the
// Front section's, then each other section's stories round by round (the
// front page draws its candidates and extras from the heads of the
// sections), then the rest section by section.
func needOrder(queues [][]*copyItem, names []string) []*copyItem {
	var out []*copyItem
	taken := make([]int, len(queues))
	for i, q := range queues {
		if i < len(names) && strings.EqualFold(names[i], "Front") {
			out = append(out, q...)
			taken[i] = len(q)
		}
	}
	for round := 0; round < 3; round++ {
		for i, q := range queues {
			if taken[i] < len(q) {
				out = append(out, q[taken[i]])
				taken[i]++
			}
		}
	}
	for i, q := range queues {
		out = append(out, q[taken[i]:]...)
	}
	return out
}

// continuation makes the remainder of a jumped module a copy of its own.
func (m *maker) continuation(pm *placed) *copyItem {
	src := pm.sp.c
	m.contSeq++
	c := &copyItem{s: src.s, body: src.body, heads: src.conts, conts: src.conts, missing: src.missing, from: pm.sp.to, contID: m.contSeq}
	to, toY := new(int), new(float64)
	pm.jumpTo, pm.jumpToY = to, toY
	c.jumpFrom = -1
	m.pendingJumps = append(m.pendingJumps, pendingJump{c: c, to: to, toY: toY, fromMod: pm})
	return c
}

type pendingJump struct {
	c       *copyItem
	to      *int
	toY     *float64
	fromMod *placed
}

func (m *maker) newPage(section string, front bool) *page {
	p := &page{sections: []string{section}, colTop: make([]float64, m.g.cols), closed: make([]bool, m.g.cols)}
	top := m.g.y0 + 2*m.g.lead // folio line and its rule
	if front {
		// under the masthead: title, rules and the edition line
		// (the masthead's lower rule, 18 pt under the one at
		// 16 pt + 0.95 of the title's size, and a little air)
		top = m.g.y0 + float64(m.g.lines(36+m.mastheadSize()*0.95))*m.g.lead
	}
	p.top = top
	p.bottom = p.top + math.Floor((m.g.y0+m.g.h-top)/m.g.lead)*m.g.lead
	p.colBottom = make([]float64, m.g.cols)
	for i := range p.colTop {
		p.colTop[i] = top
		p.colBottom[i] = p.bottom
	}
	p.info.Section = section
	m.pages = append(m.pages, p)
	p.num = len(m.pages)
	m.placeAds(p, section, front)
	return p
}

func (m *maker) emptyPage(p *page) bool { return len(p.mods) == 0 }

// openShare is the share of the page's columns still open.
func (m *maker) openShare(p *page) float64 {
	open := 0.0
	for c, t := range p.colTop {
		if !p.closed[c] {
			open += math.Max(0, p.colBottom[c]-t)
		}
	}
	return open / (float64(m.g.cols) * (p.bottom - p.top))
}

func (m *maker) openTop(p *page) float64 {
	y := p.bottom
	for c, t := range p.colTop {
		if !p.closed[c] {
			y = math.Min(y, t)
		}
	}
	return y
}

// segment is the lowest open stretch of columns sharing a top.
func (m *maker) segment(p *page) (c0, w int, y float64, ok bool) {
	best := -1
	for c := range p.colTop {
		if p.closed[c] {
			continue
		}
		if best < 0 || p.colTop[c] < p.colTop[best]-0.01 {
			best = c
		}
	}
	if best < 0 {
		return 0, 0, 0, false
	}
	y = p.colTop[best]
	c0 = best
	b := p.colBottom[best]
	for c0 > 0 && !p.closed[c0-1] && math.Abs(p.colTop[c0-1]-y) < 0.01 && math.Abs(p.colBottom[c0-1]-b) < 0.01 {
		c0--
	}
	c1 := best
	for c1+1 < m.g.cols && !p.closed[c1+1] && math.Abs(p.colTop[c1+1]-y) < 0.01 && math.Abs(p.colBottom[c1+1]-b) < 0.01 {
		c1++
	}
	return c0, c1 - c0 + 1, y, true
}

// height returns the lines a full module of c at cols takes.
func (m *maker) height(c *copyItem, cols int) (sp spec) {
	c.wait()
	// make-up asks for the same shapes again and again while it looks ahead
	if sp, ok := c.shapes[cols]; ok {
		return sp
	}
	defer func() {
		if c.shapes == nil {
			c.shapes = map[int]spec{}
		}
		c.shapes[cols] = sp
	}()
	hb := m.head(c, cols, c.contID > 0)
	pc, nat, _ := m.photoSize(c, cols)
	n := len(c.body) - c.from
	sp = spec{c: c, cols: cols, photoCols: pc, photoLines: nat, from: c.from, to: len(c.body)}
	sp.rows = fitRows(n, sp.starts())
	// a row more when the columns would otherwise end on a hyphen or
	// leave a lone line
	for extra := 0; ; extra++ {
		caps := sp.bodyCaps(sp.rows)
		per, ok := distribute(c.body[sp.from:sp.to], caps)
		if ok || extra == 4 {
			sp.inner = m.visibleWhite(c.body[sp.from:sp.to], caps, per)
			break
		}
		sp.rows++
	}
	sp.lines = hb.lines + sp.bodyTop() + sp.rows
	return sp
}

// cut returns a module of c at cols that takes exactly avail lines, its
// body cut and jumped; ok is false when too little body would show.
func (m *maker) cut(c *copyItem, cols, avail int) (spec, bool) {
	c.wait()
	sp := m.height(c, cols)
	fixed := sp.lines - sp.rows
	rows := avail - fixed
	if rows < 6+sp.starts()[0] {
		return sp, false
	}
	n := capacity(rows, sp.starts()) - 1
	if n >= len(c.body)-c.from-minCont {
		return sp, false
	}
	// do not end the part on a crosshead or blank line
	sp.to, sp.rows, sp.jumpTo, sp.lines = m.cleanCut(c, c.from+n), rows, true, avail
	for sp.to > c.from+3 {
		if _, ok := distribute(c.body[sp.from:sp.to], sp.bodyCaps(rows)); ok {
			break
		}
		sp.to = m.cleanCut(c, sp.to-1)
	}
	// a part whose clean cut leaves more than a row a column, and a fifth
	// of its lines, empty is not made: it would stand white under its head
	if lost := n - (sp.to - c.from); lost > sp.cols && lost*5 > n {
		return sp, false
	}
	return sp, true
}

// cleanCut moves a jump's cut back so the part does not end on a
// crosshead, a blank line, a hyphen or a paragraph's lone first line, and
// the continuation does not open with a paragraph's lone last line.
func (m *maker) cleanCut(c *copyItem, to int) int {
	c.wait()
	for to > c.from+1 {
		last := c.body[to-1]
		// nor may the continuation open with a paragraph's last line
		widow := to < len(c.body) && c.body[to].Last && !c.body[to].First
		if last.Kind == typeset.CrossheadLine || last.Kind == typeset.BlankLine || last.Hyphenated || (last.First && !last.Last) || widow {
			to--
			continue
		}
		break
	}
	return to
}

// widths lists the widths to try for a story, preferred first.
func (m *maker) widths(c *copyItem, sw int, front bool) []int {
	c.wait()
	pref := prefCols(c.s.Priority, m.g.cols)
	if c.contID > 0 {
		// a continuation runs to six rows a column at least, so its
		// columns come out even
		pref = 3
		for n := len(c.body) - c.from; pref > 1 && n < pref*6; {
			pref--
		}
	}
	if front {
		pref = 2
		if c == m.frontLead {
			pref = m.g.cols - 1
		}
	}
	pref = min(pref, sw)
	out := []int{pref}
	for d := 1; d < m.g.cols; d++ {
		if pref+d <= sw {
			out = append(out, pref+d)
		}
		if pref-d >= 1 {
			out = append(out, pref-d)
		}
	}
	return out
}

// fill places stories from q on p, the lowest open column stretch first,
// and returns the stories that did not fit. On the front page every story
// may jump.
func (m *maker) fill(p *page, q []*copyItem, front bool) []*copyItem {
	var carry, deferred []*copyItem
	for len(q) > 0 {
		c0, sw, y, ok := m.segment(p)
		if !ok {
			break
		}
		avail := int(math.Round((p.colBottom[c0] - y) / m.g.lead))
		if avail < minLines {
			m.closeCols(p, c0, sw)
			continue
		}
		// a story that fits nowhere left on the page leads the next one,
		// and the stories after it may fill this page
		for !front && len(q) > 0 && !m.fitsAnywhere(p, q[0]) {
			deferred = append(deferred, q[0])
			q = q[1:]
		}
		if len(q) == 0 {
			break
		}
		best, bi := m.choose(p, q, c0, sw, avail, front)
		if bi < 0 {
			m.closeCols(p, c0, sw)
			continue
		}
		m.put(p, best, c0, y, bi == 0)
		if best.jumpTo && !front {
			// the rest goes overleaf, at the head of what is left
			carry = append(carry, m.continuation(p.mods[len(p.mods)-1]))
		}
		q = append(q[:bi], q[bi+1:]...)
	}
	return append(append(carry, deferred...), q...)
}

// fitsAnywhere tells whether a story fits one of the page's open column
// stretches at some width, whole or (when long) jumped.
func (m *maker) fitsAnywhere(p *page, c *copyItem) bool {
	c.wait()
	for col := 0; col < m.g.cols; col++ {
		if p.closed[col] {
			continue
		}
		y := p.colTop[col]
		avail := int(math.Round((p.colBottom[col] - y) / m.g.lead))
		// the widest stretch at this column's height
		c0, c1 := col, col
		for c0 > 0 && !p.closed[c0-1] && p.colTop[c0-1] <= y+0.01 && p.colBottom[c0-1] >= p.colBottom[col]-0.01 {
			c0--
		}
		for c1+1 < m.g.cols && !p.closed[c1+1] && p.colTop[c1+1] <= y+0.01 && p.colBottom[c1+1] >= p.colBottom[col]-0.01 {
			c1++
		}
		for w := 1; w <= c1-c0+1; w++ {
			if m.height(c, w).lines <= avail {
				return true
			}
			if c.contID == 0 && avail >= m.g.lines(m.g.h)/3 {
				if _, ok := m.cut(c, w, avail); ok {
					return true
				}
			}
		}
	}
	return false
}

// fillJump puts the first story on an empty page, cut to the page and jumped.
func (m *maker) fillJump(p *page, q []*copyItem) []*copyItem {
	avail := int(math.Round((minOf(p.colBottom) - p.top) / m.g.lead))
	sp, ok := m.cut(q[0], m.g.cols, avail)
	if !ok {
		return q
	}
	m.put(p, sp, 0, p.top, true)
	cont := m.continuation(p.mods[len(p.mods)-1])
	return append([]*copyItem{cont}, q[1:]...)
}

func (m *maker) closeCols(p *page, c0, w int) {
	for c := c0; c < c0+w; c++ {
		p.closed[c] = true
	}
}

// put places a module on the page.
func (m *maker) put(p *page, sp spec, c0 int, y float64, inOrder bool) {
	pm := &placed{sp: sp, col: c0, y: y}
	if sp.c.contID > 0 {
		pm.part = 2
		for i := range m.pendingJumps {
			j := &m.pendingJumps[i]
			if j.c == sp.c {
				*j.to = p.num
				*j.toY = y
				pm.jumpFrom = new(int)
				*pm.jumpFrom = j.fromMod.pageNum
			}
		}
	} else if sp.jumpTo {
		pm.part = 1
	}
	pm.pageNum = p.num
	p.mods = append(p.mods, pm)
	for k := c0; k < c0+sp.cols; k++ {
		p.colTop[k] = y + float64(sp.lines+1)*m.g.lead
	}
	s := sp.c.s
	pl := m.placements[s.ID]
	if pl == nil {
		pl = &Placement{Story: s, Status: "placed"}
		m.placements[s.ID] = pl
		m.order = append(m.order, s.ID)
	}
	if sp.jumpTo {
		pl.Status = "jumped"
	}
	if len(pl.Pages) == 0 || pl.Pages[len(pl.Pages)-1] != p.num {
		pl.Pages = append(pl.Pages, p.num)
	}
	if pm.part != 2 {
		m.outline = append(m.outline, display.Bookmark{Level: 1, Title: s.Headline, Page: p.num - 1, Y: y})
	}
}

// segmentAny is the lowest stretch of columns not yet at the foot.
func (m *maker) segmentAny(p *page) (int, int, float64, bool) {
	best := -1
	for c := range p.colTop {
		if p.colBottom[c]-p.colTop[c] < m.g.lead*minAdLines-0.01 {
			continue
		}
		if best < 0 || p.colTop[c] < p.colTop[best]-0.01 {
			best = c
		}
	}
	if best < 0 {
		return 0, 0, 0, false
	}
	y := p.colTop[best]
	bt := p.colBottom[best]
	c0, c1 := best, best
	for c0 > 0 && math.Abs(p.colTop[c0-1]-y) < 0.01 && math.Abs(p.colBottom[c0-1]-bt) < 0.01 {
		c0--
	}
	for c1+1 < m.g.cols && math.Abs(p.colTop[c1+1]-y) < 0.01 && math.Abs(p.colBottom[c1+1]-bt) < 0.01 {
		c1++
	}
	return c0, c1 - c0 + 1, y, true
}

func (m *maker) hold(s *story.Story, reason string) {
	if _, ok := m.placements[s.ID]; ok {
		return
	}
	m.placements[s.ID] = &Placement{Story: s, Status: "held", Reason: reason}
	m.order = append(m.order, s.ID)
}

// renderPage draws the page's modules now that every jump's page is known.
func (m *maker) renderPage(p *page) {
	for _, pm := range p.mods {
		x := m.g.colX(pm.col)
		jumpPage, fromPage := 0, 0
		if pm.jumpTo != nil {
			jumpPage = *pm.jumpTo
		}
		if pm.jumpFrom != nil {
			fromPage = *pm.jumpFrom
		}
		if pm.y > p.top+0.01 {
			ry := pm.y - m.g.lead/2
			p.items = append(p.items, &display.Line{X1: x, Y1: ry, X2: x + m.g.span(pm.sp.cols), Y2: ry, Width: 0.5, Color: display.Color{R: 0x88, G: 0x88, B: 0x88}})
		}
		for _, it := range m.render(&pm.sp, jumpPage, fromPage, &p.info.Typo) {
			p.items = append(p.items, translate(it, x, pm.y))
		}
		w, h := m.g.span(pm.sp.cols), float64(pm.sp.lines)*m.g.lead
		r := Region{Story: pm.sp.c.s.ID, X: x, Y: pm.y, W: w, H: h, Part: pm.part, JumpTo: jumpPage, JumpFrom: fromPage}
		p.info.Regions = append(p.info.Regions, r)
		// jump lines link to the other part
		if pm.jumpTo != nil && jumpPage > 0 {
			jx := x + float64(pm.sp.cols-1)*(m.g.colW+m.g.gutter)
			jy := pm.y + h - m.g.lead
			p.links = append(p.links, display.Link{X: jx, Y: jy, W: m.g.colW, H: m.g.lead, Page: jumpPage - 1, TargetY: *pm.jumpToY})
		}
		if pm.jumpFrom != nil && fromPage > 0 {
			hb := m.head(pm.sp.c, pm.sp.cols, true)
			ly := pm.y + float64(hb.lines)*m.g.lead
			var fromY float64
			for _, j := range m.pendingJumps {
				if j.c == pm.sp.c {
					fromY = j.fromMod.y
				}
			}
			p.links = append(p.links, display.Link{X: x, Y: ly, W: m.g.colW, H: m.g.lead, Page: fromPage - 1, TargetY: fromY})
		}
	}
	for _, ad := range p.ads {
		m.drawHouseAd(p, ad)
	}
}

func translate(it display.Item, dx, dy float64) display.Item {
	switch v := it.(type) {
	case *display.Text:
		c := *v
		c.X += dx
		c.Y += dy
		return &c
	case *display.Image:
		c := *v
		c.X += dx
		c.Y += dy
		return &c
	case *display.Rect:
		c := *v
		c.X += dx
		c.Y += dy
		return &c
	case *display.Line:
		c := *v
		c.X1 += dx
		c.X2 += dx
		c.Y1 += dy
		c.Y2 += dy
		return &c
	}
	return it
}

// finish assembles the display document and the placement list.
func (m *maker) finish(date time.Time) *Result {
	res := &Result{Missing: map[string][]rune{}, Warnings: m.warnings, Notes: m.notes}
	doc := &display.Document{
		Title:    m.ed.Title + ", " + date.Format("2 January 2006"),
		Author:   m.ed.Title,
		Subject:  strings.TrimSpace(m.ed.Name + " " + date.Format("2006-01-02")),
		Keywords: "e-paper",
		Created:  date.Unix(),
		Outline:  m.outline,
	}
	used := map[string]*fonts.Face{}
	pw, ph, bleed := m.ed.Page.Width.Pt(), m.ed.Page.Height.Pt(), m.ed.Page.Bleed.Pt()
	for _, p := range m.pages {
		white := 0.0
		for c, t := range p.colTop {
			white += math.Max(0, p.colBottom[c]-t)
		}
		p.info.White = white / (float64(m.g.cols) * (p.bottom - p.top))
		p.info.Score = m.score(p)
		p.info.Sections = p.sections
		p.info.Section = strings.Join(p.sections, " & ")
		for _, it := range p.items {
			if t, ok := it.(*display.Text); ok {
				if _, ok := used[t.Font]; !ok {
					used[t.Font] = m.faceByID(t.Font)
				}
			}
		}
		doc.Pages = append(doc.Pages, display.Page{Width: pw, Height: ph, Bleed: bleed, Items: p.items, Links: p.links, Label: fmt.Sprint(p.info.Number)})
		res.Pages = append(res.Pages, p.info)
	}
	doc.Fonts = fontsOf(used)
	for _, id := range m.order {
		res.Placements = append(res.Placements, *m.placements[id])
		if c := m.copies[id]; c != nil && len(c.missing) > 0 {
			res.Missing[id] = slices.Sorted(maps.Keys(c.missing))
		}
	}
	for i, ad := range m.ads {
		if !m.adDone[i] {
			reason := fmt.Sprintf("the edition has no page %d", ad.Page)
			if ad.Page == 0 {
				reason = fmt.Sprintf("section %s has no page today", ad.Section)
			}
			m.adResults = append(m.adResults, AdPlacement{Name: ad.Name, Page: ad.Page, Reason: reason})
			res.Warnings = append(res.Warnings, fmt.Sprintf("ad %s not placed: %s", ad.Name, reason))
		}
	}
	res.Ads = m.adResults
	res.Doc = doc
	return res
}

func (m *maker) faceByID(id string) *fonts.Face {
	for _, f := range []*fonts.Face{m.st.Body.Regular, m.st.Body.Italic, m.st.Body.Bold, m.st.Body.BoldItalic, m.st.Headline, m.st.HeadReg, m.st.HeadIt, m.st.Masthead, m.st.Sans, m.st.SansBold} {
		if f.ID == id {
			return f
		}
	}
	for _, f := range m.st.Fallbacks {
		if f.ID == id {
			return f
		}
	}
	return nil
}

func minOf(v []float64) float64 {
	out := math.Inf(1)
	for _, x := range v {
		out = math.Min(out, x)
	}
	return out
}

// prefCols is a story's preferred width: the more important, the wider.
func prefCols(priority, cols int) int {
	w := map[int]int{1: 4, 2: 3, 3: 2, 4: 2, 5: 1}[priority]
	if w == 0 {
		w = 2
	}
	return min(w, cols)
}

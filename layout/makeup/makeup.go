package makeup

import (
	"cmp"
	"context"
	"crypto/sha256"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/epaper/epaper/internal/work"
	"github.com/epaper/epaper/problem"

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
	// Memo, when set, keeps the stories' bodies and heads as set for the
	// other make-ups of a run, and gives those they set.
	Memo Memo
	// Ads are the booked advertisements.
	Ads []BookedAd
	// Shaper shapes words (kerning, ligatures, Devanagari); nil sets one
	// glyph per character.
	Shaper typeset.Shaper
	// Locked are the pages, by number, kept exactly as they were last
	// published (from that build's Snapshot).
	Locked map[int]*LockedPage
	// Logos are the templates' artwork by file, with its pixel size; a
	// logo not here is not drawn, and the masthead sets the title in type.
	Logos map[string]Photo
	// Boxes are the edition's boxes of fixed text by name, read.
	Boxes map[string]*story.Story
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
	// by make-up's own count; HouseAd and Briefs the shares given to a
	// house advertisement and to briefs of other pages' stories.
	White, HouseAd, Briefs float64
	// HouseAds counts the page's house advertisements (at most one).
	HouseAds int
	Typo     Typo
	Score    Score
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
	Status story.Status // placed, jumped or held
	Reason string
	Pages  []int
}

// Result is the made-up edition.
type Result struct {
	Doc        *display.Document
	Pages      []PageInfo
	Placements []Placement
	// Missing lists, per story id, characters no font could show; under
	// "" those of the paper's own text (masthead, boxes, briefs, captions
	// of pictures of the day).
	Missing  map[string][]rune
	Warnings []problem.Problem
	// Notes say what make-up decided that the desk may want to know
	// (pages added to a section), without being problems.
	Notes []string
	// Ads says where each booked ad went.
	Ads []AdPlacement
	// Snapshot is the made-up pages as a later build locks them.
	Snapshot *Snapshot
}

// placed is a module put on a page, rendered once every page is known.
type placed struct {
	mod  module
	col  int
	y    float64
	part int
	// the page of the other part of a jumped story, set when known
	jumpTo, jumpFrom *int
	jumpToY          *float64
	pageNum          int
	// aligned is set once the module has tried to grow to meet a
	// neighbour a line lower (alignStep)
	aligned bool
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
	// ads, briefs, pictures and white are the stretches closePage gave a
	// house advertisement, briefs of other pages' stories, a picture of the
	// day, or left white
	ads, briefs, pictures, white []houseAd
	// spare are stretches no filler took as the page is drawn, until
	// settleSpare gives one the house ad and leaves the rest white
	spare []houseAd
	// inner is the white inside the page's modules, in column height:
	// rows their columns leave empty at the foot
	inner       float64
	briefedHere map[string]bool
	num         int
	// locked is the page as last published, when the desk locked it
	locked *LockedPage
	// style is the page's styles: its template's, or the edition's
	style *Styles
	// zones are the page's template's zones, active the stories zone the
	// column arrays hold while it is filled; ceil and floor are each
	// column's head and foot as booked ads leave them
	zones       []*zone
	active      *zone
	ceil, floor []float64
}

type maker struct {
	ed   *editions.Edition
	st   *Styles
	g    geom
	set  *typeset.Setter
	body typeset.BodyStyle
	// memo keeps the bodies and heads set for the other make-ups of the
	// run (see setBody, headFor); nil keeps none
	memo       Memo
	bodyKey    string
	styleMu    sync.Mutex
	styleKeys  map[*Styles]string
	bodyAscent float64
	pages      []*page
	outline    []display.Bookmark
	placements map[string]*Placement
	order      []string
	warnings   []problem.Problem
	notes      []string
	photos     map[string]Photo
	copies     map[string]*copyItem
	// ownMissing gathers the characters no font has in the paper's own
	// text and what it sets of other stories beyond their modules
	ownMissing     map[rune]bool
	contSeq        int
	pendingJumps   []pendingJump
	frontLead      *copyItem
	ads            []BookedAd
	adDone         []bool
	adResults      []AdPlacement
	sectionStarted map[string]bool
	earBooked      bool // an ad stands in the masthead's right ear
	adErrs         []error
	// jumpTarget, while a page is filled, is the page a story cut on it
	// continues on (nil: no story may jump); arrivals are the
	// continuations bound for each page, and reserved the column-lines
	// they take there; pins are the stories the desk pinned to a page.
	jumpTarget func(*copyItem) *page
	arrivals   map[*page][]*copyItem
	reserved   map[*page]float64
	pins       map[*page][]*copyItem
	// teaserPool and briefed are the stories briefs may point to and how
	// often each was briefed.
	teaserPool []teaser
	briefed    map[string]int
	// pictured are the stories whose photo a page showed as its picture
	// of the day: each is shown once in the edition; sections are the
	// night's stories by section, from which pictures are chosen
	pictured map[string]bool
	sections []Section
	// lockedConts are the rests of stories jumped from locked pages.
	lockedConts []*copyItem
	// base is the edition's styles; st, the styles of the page being
	// made, is base or its template's
	base  *Styles
	logos map[string]Photo
	boxes map[string]*story.Story
	// squeezing is set while the last page of a section takes what would
	// otherwise be held; simulating during a trial fill, which is undone;
	// limit, when not 0, is the room in column-lines a page fill stops at
	squeezing, simulating bool
	limit                 float64
	// keep is how many stories a thin section's page leaves for the pages
	// after it, one each
	keep int
}

// minLines is the shortest module worth starting in a column gap.
const minLines = 8

// minCont is the fewest body lines a jump leaves for its continuation: a
// few lines under a headline of their own stand in white.
const minCont = 6

// Make lays out the edition: the front page, then each section's pages in
// flatplan order, then the furniture every page carries. It stops with
// ctx's error when ctx ends between pages.
func Make(ctx context.Context, in Input, st *Styles) (*Result, error) {
	m := newMaker(in, st)
	// set every story's body once, at the column measure
	queues := make([][]*copyItem, len(in.Sections))
	for i, sec := range in.Sections {
		over := m.overCap(sec)
		for _, s := range sec.Stories {
			if s.Desk.Hold {
				m.hold(s, "held by the desk")
				continue
			}
			if over[s] {
				m.hold(s, fmt.Sprintf("no room: section %s had %d stories, more than the %d make-up considers (max_stories %d over %s)", sec.Name, len(sec.Stories), m.ed.SectionCap(sec.Pages), m.ed.MaxStories, pagesWord(m.ed.Pages())))
				continue
			}
			queues[i] = append(queues[i], m.newCopy(s))
		}
	}
	secs, err := m.planPages(in)
	if err != nil {
		return nil, err
	}
	m.checkPicks(in)
	if err := m.lockPages(in, queues); err != nil {
		return nil, err
	}
	bodiesDone := m.setBodies(append(queues, m.lockedConts), in)
	// nothing may still be written by the workers once make-up is done
	defer bodiesDone()
	m.takePins(queues)
	index := m.frontPage(in, secs, queues)
	if err := m.sectionPages(ctx, in, secs, queues); err != nil {
		return nil, err
	}
	m.checkJumps()
	for i, p := range m.pages {
		p.num = i + 1
		p.info.Number = i + 1
	}
	secFirst := map[string]int{}
	for _, sp := range secs {
		if len(sp.pages) > 0 {
			secFirst[sp.sec.Name] = sp.pages[0].num
		}
	}
	m.outline = append([]display.Bookmark{{Level: 0, Title: "Front page", Page: 0}}, m.outline...)
	// the stories no page took are set too
	if err := bodiesDone(); err != nil {
		return nil, fmt.Errorf("setting stories: %w", err)
	}
	if err := m.levelAll(in); err != nil {
		return nil, fmt.Errorf("levelling columns: %w", err)
	}
	for _, p := range m.pages {
		m.renderPage(p)
	}
	if m.pages[0].locked == nil && index.lines > 0 {
		m.drawIndex(m.pages[0], index, in.Sections, secFirst)
	}
	// zones and furniture are the paper's own words and other stories':
	// what no font has there is the paper's own text's, not one story's
	m.set.Missing = m.ownMissing
	for _, p := range m.pages {
		if p.locked == nil {
			m.drawZones(p, in.Sections, secFirst)
		}
	}
	for _, p := range m.pages {
		if p.locked == nil {
			m.furniture(p, p.num, len(m.pages), in.Date)
		}
	}
	return m.finish(in.Date), nil
}

func newMaker(in Input, st *Styles) *maker {
	ed := in.Edition
	x0, y0, w, h := ed.TypeArea()
	m := &maker{
		ed: ed, st: st, sections: in.Sections,
		g:              geom{x0: x0, y0: y0, w: w, h: h, cols: ed.Grid.Columns, colW: ed.ColumnWidth(), gutter: ed.Grid.Gutter.Pt(), lead: st.Leading},
		set:            &typeset.Setter{Breaker: in.Breaker, Shaper: in.Shaper, Lang: ed.Language, RTL: ed.RightToLeft()},
		placements:     map[string]*Placement{},
		ads:            in.Ads,
		adDone:         make([]bool, len(in.Ads)),
		sectionStarted: map[string]bool{},
		photos:         in.Photos,
		copies:         map[string]*copyItem{},
		ownMissing:     map[rune]bool{},
		arrivals:       map[*page][]*copyItem{},
		reserved:       map[*page]float64{},
		pins:           map[*page][]*copyItem{},
		briefed:        map[string]int{},
		logos:          in.Logos,
		base:           st,
		boxes:          in.Boxes,
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
	return m
}

// indexBox is where the front page's "Inside" box stands: a column, its top
// and its height in lines.
type indexBox struct {
	col, cols int
	top       float64
	lines     int
	// title heads the index in place of the locale's "Inside"
	title string
}

// newCopy prepares a story for make-up: its photo, if make-up can use it,
// and room for the blocks set later.
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
// for the workers and returns the first error (a panic) of one.
func (m *maker) setBodies(queues [][]*copyItem, in Input) func() error {
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
	if in.Memo != nil {
		m.memo, m.bodyKey = in.Memo, bodyStyleKey(m.body, m.g.colW, m.ed)
	}
	return m.onWorkers(in, k, len(all), func(set *typeset.Setter, i int) {
		c := all[i]
		if c.ready != nil {
			// closed whatever happens, so make-up never waits forever
			defer close(c.ready)
		}
		c.body = m.setBody(set, c, -1, func() []typeset.Line { return set.Body(c.s, m.g.colW, m.body) })
		if c.ready == nil || c.contID > 0 {
			return
		}
		// the headline blocks of the usual widths, set here in parallel
		// rather than one by one during make-up
		pref := min(prefCols(c.s.Priority, m.g.cols), 4)
		for cols := max(1, pref-1); cols <= min(pref+1, m.g.cols); cols++ {
			m.headFor(set, m.base, c, cols, false, false, false, 0)
		}
	})
}

// Memo keeps what make-up sets of a story for the other make-ups of a run:
// the city editions of a night set the same stories in the same columns
// and styles. What it keeps is read, never changed.
type Memo interface {
	// Keep returns what was kept under key, or what mk gives, kept.
	Keep(key [32]byte, mk func() any) any
}

// keptLines are a story's body, or a paragraph of it, as set, and the
// characters in it no face could show.
type keptLines struct {
	lines   []typeset.Line
	missing []rune
}

// keptHead is a head block as set, and the characters in it no face could
// show.
type keptHead struct {
	b       *block
	missing []rune
}

// memoKey hashes what a kept setting depends on: strings and keys as they
// are, anything else as Go syntax.
func memoKey(parts ...any) [32]byte {
	h := sha256.New()
	for _, p := range parts {
		switch p := p.(type) {
		case string:
			h.Write([]byte(p))
		case [32]byte:
			h.Write(p[:])
		default:
			fmt.Fprintf(h, "%#v", p)
		}
		h.Write([]byte{0})
	}
	var key [32]byte
	h.Sum(key[:0])
	return key
}

// textKey names what a story's setting depends on of the story: its
// body, dateline, kicker, headline, deck, lead paragraph and priority.
// It is worked out once a copy; the workers and make-up take turns at a
// copy (copyItem.wait).
func (m *maker) textKey(c *copyItem) [32]byte {
	if !c.keyed {
		s := c.s
		c.textKey = memoKey(s.Dateline, s.Kicker, s.PrintHeadline(), s.PrintDeck(), standfirst(s), s.Priority, s.Body)
		c.keyed = true
	}
	return c.textKey
}

// styleKey names a style (its faces by identity), the geometry and the
// language and direction, for the run's Memo; worked out once a style.
func (m *maker) styleKey(st *Styles) string {
	m.styleMu.Lock()
	defer m.styleMu.Unlock()
	if k, ok := m.styleKeys[st]; ok {
		return k
	}
	plain := *st
	plain.Templates = nil
	k := fmt.Sprintf("%#v\x00%#v\x00%q %v", plain, m.g, m.ed.Language, m.ed.RightToLeft())
	if m.styleKeys == nil {
		m.styleKeys = map[*Styles]string{}
	}
	m.styleKeys[st] = k
	return k
}

// setBody sets c's body (para < 0), or its paragraph para a line longer
// (looseParagraph), with setIt, or takes it from the run's Memo: the same
// text, set in the same style at the same measure, gives the same lines.
func (m *maker) setBody(set *typeset.Setter, c *copyItem, para int, setIt func() []typeset.Line) []typeset.Line {
	set.Missing = c.missing
	if m.memo == nil {
		return setIt()
	}
	key := memoKey("body", m.bodyKey, m.textKey(c), para)
	k := m.memo.Keep(key, func() any {
		missing := map[rune]bool{}
		set.Missing = missing
		defer func() { set.Missing = c.missing }()
		lines := setIt()
		return keptLines{lines, slices.Sorted(maps.Keys(missing))}
	}).(keptLines)
	for _, r := range k.missing {
		c.missing[r] = true
	}
	return k.lines
}

// bodyStyleKey names all a body's setting depends on but its text: the
// style (its faces by identity, its hyphenator by identity and kind), the
// measure, and the language and direction.
func bodyStyleKey(bs typeset.BodyStyle, measure float64, ed *editions.Edition) string {
	h := bs.Para.Hyphenator
	bs.Para.Hyphenator = nil
	return fmt.Sprintf("%#v\x00%T %p\x00%v\x00%q %v", bs, h, h, measure, ed.Language, ed.RightToLeft())
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
// the jobs run here, in order, on make-up's setter, before it returns. The
// jobs do not stop early: copies that make-up waits for are always set.
func (m *maker) onWorkers(in Input, k, n int, do func(set *typeset.Setter, i int)) (wait func() error) {
	if k == 0 {
		for i := range n {
			do(m.set, i)
		}
		return func() error { return nil }
	}
	sets := make([]*typeset.Setter, k)
	for w := range sets {
		sets[w] = &typeset.Setter{Breaker: in.NewBreaker(), Shaper: in.Shaper, Lang: m.ed.Language, RTL: m.ed.RightToLeft()}
	}
	done := work.Start(context.Background(), k, n, func(w, i int) error {
		do(sets[w], i)
		return nil
	})
	return done
}

// needOrder lists the copies in the order make-up first looks at them: the
// Front section's, then each other section's stories round by round (the
// front page draws its candidates and extras from the heads of the
// sections), then the rest section by section.
func needOrder(queues [][]*copyItem, names []string) []*copyItem {
	var out []*copyItem
	taken := make([]int, len(queues))
	for i, q := range queues {
		if i == 0 {
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
func (m *maker) continuation(laid *placed) *copyItem {
	src := laid.mod.c
	m.contSeq++
	c := &copyItem{s: src.s, body: src.body, heads: src.conts, conts: src.conts, missing: src.missing, from: laid.mod.to, contID: m.contSeq}
	to, toY := new(int), new(float64)
	laid.jumpTo, laid.jumpToY = to, toY
	c.jumpFrom = -1
	m.pendingJumps = append(m.pendingJumps, pendingJump{c: c, to: to, toY: toY, fromMod: laid})
	return c
}

type pendingJump struct {
	c       *copyItem
	to      *int
	toY     *float64
	fromMod *placed
}

func (m *maker) newPage(section string, front bool) *page {
	g := &m.g
	p := &page{sections: []string{section}, colTop: make([]float64, g.cols), colBottom: make([]float64, g.cols), closed: make([]bool, g.cols),
		ceil: make([]float64, g.cols), floor: make([]float64, g.cols)}
	t := m.ed.TemplateFor(len(m.pages) + 1)
	p.style = m.base
	if t == nil {
		t = m.builtinTemplate(front, len(m.ed.Sections))
	} else if v := m.base.Templates[t.Name]; v != nil {
		p.style = v
	}
	m.layZones(p, t)
	for c := range p.floor {
		p.floor[c] = math.Inf(1)
		p.closed[c] = true
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
func (m *maker) height(c *copyItem, cols int) (mod module) {
	c.wait()
	// make-up asks for the same shapes again and again while it looks ahead
	key := cols + m.st.key*styleKey
	if m.squeezing {
		key += compactKey
	}
	if mod, ok := c.shapes[key]; ok {
		return mod
	}
	defer func() {
		if c.shapes == nil {
			c.shapes = map[int]module{}
		}
		c.shapes[key] = mod
	}()
	hb := m.head(c, cols, c.contID > 0, m.squeezing)
	pc, nat, _ := m.photoSize(c, cols)
	n := len(c.body) - c.from
	mod = module{c: c, cols: cols, photoCols: pc, photoLines: nat, from: c.from, to: len(c.body), compact: m.squeezing, style: m.st}
	m.addQuote(&mod)
	mod.rows = fitRows(n, mod.starts())
	// a row more when the columns would otherwise end on a hyphen or
	// leave a lone line
	for extra := 0; ; extra++ {
		caps := mod.bodyCaps(mod.rows)
		per, ok := distribute(c.body[mod.from:mod.to], caps)
		if ok || extra == 4 {
			mod.inner = m.visibleWhite(c.body[mod.from:mod.to], caps, per)
			break
		}
		mod.rows++
	}
	mod.lines = hb.lines + mod.bodyTop() + mod.rows
	return mod
}

// cut returns a module of c at cols that takes exactly avail lines, its
// body cut and jumped; ok is false when too little body would show.
func (m *maker) cut(c *copyItem, cols, avail int) (module, bool) {
	c.wait()
	mod := m.height(c, cols)
	fixed := mod.lines - mod.rows
	rows := avail - fixed
	if rows < 6+mod.starts()[0] {
		return mod, false
	}
	n := capacity(rows, mod.starts()) - 1
	if n >= len(c.body)-c.from-minCont {
		return mod, false
	}
	// do not end the part on a crosshead or blank line
	mod.to, mod.rows, mod.jumpTo, mod.lines = m.cleanCut(c, c.from+n), rows, true, avail
	for mod.to > c.from+3 {
		if _, ok := distribute(c.body[mod.from:mod.to], mod.bodyCaps(rows)); ok {
			break
		}
		mod.to = m.cleanCut(c, mod.to-1)
	}
	// a part whose clean cut leaves more than a row a column, and a fifth
	// of its lines, empty is not made: it would stand white under its head
	if lost := n - (mod.to - c.from); lost > mod.cols && lost*5 > n {
		return mod, false
	}
	return mod, true
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
func (m *maker) widths(c *copyItem, across int, front bool) []int {
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
			pref = max(1, m.g.cols-1)
		}
	}
	pref = min(pref, across)
	out := []int{pref}
	for d := 1; d < m.g.cols; d++ {
		if pref+d <= across {
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
	var deferred []*copyItem
	for len(q) > 0 {
		c0, across, y, ok := m.segment(p)
		if !ok {
			break
		}
		if m.alignStep(p, c0, across, y) {
			continue
		}
		avail := int(math.Round((p.colBottom[c0] - y) / m.g.lead))
		if avail < minLines {
			m.closeCols(p, c0, across)
			continue
		}
		// a story that fits nowhere left on the page leads the next one,
		// and the stories after it may fill this page
		for !front && len(q) > 0 && !m.fitsAnywhere(p, q[0]) {
			deferred = append(deferred, q[0])
			q = q[1:]
		}
		if len(q) == 0 || m.limit > 0 && len(p.mods) > 0 && q[0].contID == 0 && (m.usedLines(p) >= m.limit || len(q) <= m.keep) {
			break
		}
		best, bi := m.choose(p, q, c0, across, avail, front)
		if bi < 0 {
			m.closeCols(p, c0, across)
			continue
		}
		m.put(p, best, c0, y, bi == 0)
		if best.jumpTo {
			// the rest goes to the page it continues on, which takes it
			// before its own stories
			target := m.reserve(best.c, best.to)
			m.arrivals[target] = append(m.arrivals[target], m.continuation(p.mods[len(p.mods)-1]))
		}
		q = append(q[:bi], q[bi+1:]...)
	}
	return append(deferred, q...)
}

// alignStep meets a step of one line: where the open stretch at y ends
// beside a column whose module reaches one line lower (the same foot
// under both), the module that ends at y across the whole stretch grows
// by that line, as a layout editor sets a paragraph a line looser, so
// that the next story may span both. A step of one line otherwise leaves
// the stretch a column narrower than the page has room for. It reports
// whether the module grew; each module tries once.
func (m *maker) alignStep(p *page, c0, across int, y float64) bool {
	lead := m.g.lead
	step := func(c int) bool {
		return c >= 0 && c < m.g.cols && !p.closed[c] &&
			math.Abs(p.colTop[c]-(y+lead)) < 0.01 && math.Abs(p.colBottom[c]-p.colBottom[c0]) < 0.01
	}
	if !step(c0-1) && !step(c0+across) {
		return false
	}
	for _, laid := range p.mods {
		bottom := laid.y + float64(laid.mod.lines+1)*lead
		if laid.col != c0 || laid.mod.cols != across || math.Abs(bottom-y) > 0.01 || laid.aligned {
			continue
		}
		laid.aligned = true
		saved := laid.mod
		if m.grow(laid, 1) != 1 {
			laid.mod = saved
			return false
		}
		for c := c0; c < c0+across; c++ {
			p.colTop[c] = y + lead
		}
		return true
	}
	return false
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
				if mod, ok := m.cut(c, w, avail); ok && m.canJump(c, mod.to) {
					return true
				}
			}
		}
	}
	return false
}

func (m *maker) closeCols(p *page, c0, w int) {
	for c := c0; c < c0+w; c++ {
		p.closed[c] = true
	}
}

// put places a module on the page.
func (m *maker) put(p *page, mod module, c0 int, y float64, inOrder bool) {
	laid := &placed{mod: mod, col: c0, y: y}
	if mod.c.contID > 0 {
		laid.part = 2
		for i := range m.pendingJumps {
			j := &m.pendingJumps[i]
			if j.c == mod.c {
				*j.to = p.num
				*j.toY = y
				laid.jumpFrom = new(int)
				*laid.jumpFrom = j.fromMod.pageNum
			}
		}
		if lp := mod.c.lockedPage; lp != nil {
			// the rest of a story on a locked page
			laid.jumpFrom = &lp.num
		}
	} else if mod.jumpTo {
		laid.part = 1
	}
	laid.pageNum = p.num
	p.mods = append(p.mods, laid)
	for k := c0; k < c0+mod.cols; k++ {
		p.colTop[k] = y + float64(mod.lines+1)*m.g.lead
	}
	s := mod.c.s
	pl := m.placements[s.ID]
	if pl == nil {
		pl = &Placement{Story: s, Status: story.Placed}
		m.placements[s.ID] = pl
		m.order = append(m.order, s.ID)
	}
	if mod.jumpTo {
		pl.Status = story.Jumped
	}
	if len(pl.Pages) == 0 || pl.Pages[len(pl.Pages)-1] != p.num {
		pl.Pages = append(pl.Pages, p.num)
	}
	if laid.part != 2 {
		m.outline = append(m.outline, display.Bookmark{Level: 1, Title: s.PrintHeadline(), Page: p.num - 1, Y: y})
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
	m.placements[s.ID] = &Placement{Story: s, Status: story.Held, Reason: reason}
	m.order = append(m.order, s.ID)
}

// renderPage draws the page's modules now that every jump's page is known.
func (m *maker) renderPage(p *page) {
	defer m.on(p)()
	if p.locked != nil {
		p.items, p.links = p.locked.Page.Items, p.locked.Page.Links
		num := p.num
		p.info = p.locked.Info
		p.info.Number = num
		return
	}
	m.stepBumpingHeads(p)
	for _, laid := range p.mods {
		x := m.g.colX(laid.col)
		jumpPage, fromPage := 0, 0
		if laid.jumpTo != nil {
			jumpPage = *laid.jumpTo
		}
		if laid.jumpFrom != nil {
			fromPage = *laid.jumpFrom
		}
		if laid.y > p.top+0.01 {
			ry := laid.y - m.g.lead/2
			p.items = append(p.items, &display.Line{X1: x, Y1: ry, X2: x + m.g.span(laid.mod.cols), Y2: ry, Width: 0.5, Color: m.st.Rules})
		}
		items, empty := m.render(&laid.mod, jumpPage, fromPage, &p.info.Typo)
		for _, it := range items {
			p.items = append(p.items, translate(it, x, laid.y))
		}
		p.inner += float64(empty)*m.g.lead + m.besideHead(&laid.mod)
		w, h := m.g.span(laid.mod.cols), float64(laid.mod.lines)*m.g.lead
		r := Region{Story: laid.mod.c.s.ID, X: x, Y: laid.y, W: w, H: h, Part: laid.part, JumpTo: jumpPage, JumpFrom: fromPage}
		p.info.Regions = append(p.info.Regions, r)
		// jump lines link to the other part
		if laid.jumpTo != nil && jumpPage > 0 {
			jx := x + float64(laid.mod.cols-1)*(m.g.colW+m.g.gutter)
			jy := laid.y + h - m.g.lead
			p.links = append(p.links, display.Link{X: jx, Y: jy, W: m.g.colW, H: m.g.lead, Page: jumpPage - 1, TargetY: *laid.jumpToY})
		}
		if laid.jumpFrom != nil && fromPage > 0 {
			hb := m.head(laid.mod.c, laid.mod.cols, true, laid.mod.compact)
			ly := laid.y + float64(hb.lines)*m.g.lead
			fromY := laid.mod.c.lockedY()
			for _, j := range m.pendingJumps {
				if j.c == laid.mod.c {
					fromY = j.fromMod.y
				}
			}
			p.links = append(p.links, display.Link{X: x, Y: ly, W: m.g.colW, H: m.g.lead, Page: fromPage - 1, TargetY: fromY})
		}
	}
	// what follows is set from other stories' openings and captions, and
	// the paper's own words: a character no font has there is not the
	// last module's story's to answer for
	m.set.Missing = m.ownMissing
	// a box no story is left to brief is spare: the largest spare stretch
	// takes the page's one house ad, the rest stay white
	boxes := p.briefs
	p.briefs = nil
	for _, b := range boxes {
		if !m.briefsInto(p, b) {
			p.spare = append(p.spare, b)
		}
	}
	pictures := p.pictures[:0:0]
	for _, b := range p.pictures {
		switch {
		case m.stretchPicture(p, b):
			pictures = append(pictures, b)
		case len(p.briefs) < 3 && b.lines >= minBriefLines && m.briefsInto(p, b):
		default:
			p.spare = append(p.spare, b)
		}
	}
	p.pictures = pictures
	m.settleSpare(p)
	// a stretch nothing else took gets briefs rather than stay a hole,
	// when a story is left to brief
	white := p.white
	p.white = nil
	for _, b := range white {
		if b.lines >= minBriefLines && m.briefsInto(p, b) {
			continue
		}
		p.white = append(p.white, b)
	}
	m.settleSpare(p)
	for _, ad := range p.ads {
		m.drawHouseAd(p, ad)
	}
}

// settleSpare gives the page's one house ad to its largest spare stretch
// (or keeps it where closing the page put it, when that is larger), and
// leaves the rest white: a small stretch left under briefs must not take
// the ad a column-deep stretch no brief could fill needed.
func (m *maker) settleSpare(p *page) {
	spare := p.spare
	p.spare = nil
	slices.SortStableFunc(spare, func(a, b houseAd) int { return cmp.Compare(b.lines*b.cols, a.lines*a.cols) })
	for _, s := range spare {
		switch {
		case s.lines < minAdLines:
			p.white = append(p.white, s)
		case len(p.ads) == 0:
			p.ads = append(p.ads, s)
		case p.ads[0].lines*p.ads[0].cols < s.lines*s.cols:
			p.white = append(p.white, p.ads[0])
			p.ads[0] = s
		default:
			p.white = append(p.white, s)
		}
	}
}

// besideHead is the white a headline narrower than its module leaves
// beside it, in column height: the columns wholly right of its longest
// line, for the rows the head takes.
func (m *maker) besideHead(mod *module) float64 {
	hb := m.modHead(mod)
	right := 0.0
	for _, it := range hb.items {
		switch v := it.(type) {
		case *display.Text:
			right = max(right, v.X+v.Width())
		case *display.Line:
			right = max(right, v.X1, v.X2)
		case *display.Rect:
			right = max(right, v.X+v.W)
		case *display.Image:
			right = max(right, v.X+v.W)
		}
	}
	cols := 0
	for c := 1; c < mod.cols; c++ {
		if m.g.colX(c)-m.g.colX(0) >= right {
			cols++
		}
	}
	return float64(cols*hb.lines) * m.g.lead
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

// overCap picks the stories of a section beyond its share of the
// edition's max_stories: the least important, the desk's leads and pins
// kept first, then by priority, the newest first among equals.
func (m *maker) overCap(sec Section) map[*story.Story]bool {
	limit := m.ed.SectionCap(sec.Pages)
	if len(sec.Stories) <= limit {
		return nil
	}
	ranked := slices.Clone(sec.Stories)
	sort.SliceStable(ranked, func(i, j int) bool {
		a, b := ranked[i], ranked[j]
		if da, db := a.Desk.Lead || a.Desk.Page > 0, b.Desk.Lead || b.Desk.Page > 0; da != db {
			return da
		}
		if a.Priority != b.Priority {
			return a.Priority < b.Priority
		}
		if !a.Published.Equal(b.Published) {
			return a.Published.After(b.Published)
		}
		return a.ID < b.ID
	})
	over := map[*story.Story]bool{}
	for _, s := range ranked[limit:] {
		over[s] = true
	}
	m.notes = append(m.notes, fmt.Sprintf("section %s: %d stories, more than the %d make-up considers: the %d least important held (max_stories)", sec.Name, len(sec.Stories), limit, len(sec.Stories)-limit))
	return over
}

// A page is thin when white space and a house ad take more than a
// quarter of its type area, or with briefs of other pages' stories well
// over half (60%): beyond that it is no longer a page with a thin spot,
// but a page tonight's copy does not fill.
const thinWhite, thinFill = 0.25, 0.6

// thinPage says why a page with stories is too thin to print as it is,
// or "" (a page with none has its own warning).
func thinPage(p *page) string {
	in := p.info
	if len(p.mods) == 0 || in.White+in.HouseAd <= thinWhite && in.White+in.HouseAd+in.Briefs <= thinFill {
		return ""
	}
	return fmt.Sprintf("page %d (%s): its stories fill %.0f%% of it, white %.0f%%, a house ad %.0f%% and briefs of other pages %.0f%%; give its section copy, or plan fewer pages",
		p.num, in.Section, 100*math.Max(0, 1-in.White-in.HouseAd-in.Briefs), 100*in.White, 100*in.HouseAd, 100*in.Briefs)
}

// finish assembles the display document and the placement list.
func (m *maker) finish(date time.Time) *Result {
	res := &Result{Missing: map[string][]rune{}, Warnings: m.warnings, Notes: m.notes}
	if k := m.ed.PageMultiple; k > 1 && len(m.pages)%k != 0 {
		res.Warnings = append(res.Warnings, problem.Problem{Msg: fmt.Sprintf("%d pages, not a multiple of the press's %d (page_multiple): pages were added (overflow: add-pages); plan more pages", len(m.pages), k)})
	}
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
		if p.locked == nil {
			m.pageFigures(p)
			if n := thinPage(p); n != "" {
				res.Notes = append(res.Notes, n)
			}
		}
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
	m.explain()
	for _, id := range m.order {
		res.Placements = append(res.Placements, *m.placements[id])
		if c := m.copies[id]; c != nil && len(c.missing) > 0 {
			res.Missing[id] = slices.Sorted(maps.Keys(c.missing))
		}
	}
	if len(m.ownMissing) > 0 {
		res.Missing[""] = slices.Sorted(maps.Keys(m.ownMissing))
	}
	for i, a := range m.adResults {
		if a.ad != nil && a.ad.num != a.Page {
			res.Warnings = append(res.Warnings, problem.Problem{Msg: fmt.Sprintf("ad %s booked on page %d runs on page %d: pages were added before it (overflow: add-pages)", a.Name, a.Page, a.ad.num)})
			m.adResults[i].Page = a.ad.num
		}
	}
	res.Ads = m.adResults
	res.Doc = doc
	if m.ed.RightToLeft() {
		// a locked page is kept as published: mirrored already
		mirror(res, func(i int) bool { return m.pages[i].locked != nil })
	}
	res.Snapshot = m.snapshot(doc)
	return res
}

// pageFigures counts what a page shows: its white, house ads and briefs as
// shares of the type area, and its score.
func (m *maker) pageFigures(p *page) {
	// the area stories may take: the stories zones, less booked ads
	area, white := 0.0, 0.0
	for _, z := range p.storiesZones() {
		for c := z.z.From; c <= z.z.To; c++ {
			top := math.Max(z.top[c], p.ceil[c])
			area += math.Max(0, math.Min(z.bottom[c], p.floor[c])-top)
			if !z.closed[c] {
				white += math.Max(0, math.Min(z.bottom[c], p.floor[c])-math.Max(z.colTop[c], top))
			}
		}
	}
	if area <= 0 {
		area = float64(m.g.cols) * m.g.h
	}
	share := func(hs []houseAd) float64 {
		n := 0.0
		for _, h := range hs {
			n += float64(h.cols*h.lines) * m.g.lead
		}
		return n / area
	}
	p.info.White = (white+p.inner)/area + share(p.white)
	p.info.HouseAd = share(p.ads)
	p.info.HouseAds = len(p.ads)
	p.info.Briefs = share(p.briefs)
	p.info.Score = m.score(p)
	p.info.Sections = p.sections
	p.info.Section = strings.Join(p.sections, " & ")
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

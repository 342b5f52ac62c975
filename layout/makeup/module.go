package makeup

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/fonts"
	"github.com/epaper/epaper/layout/typeset"
	"github.com/epaper/epaper/story"
)

// Photo is what make-up knows of a story's picture: its pixel size. Src is
// the story's image file; W and H are 0 when it could not be read.
type Photo struct {
	Src  string
	W, H int
}

// geom is the page geometry make-up works in.
type geom struct {
	x0, y0, w, h float64 // type area
	cols         int
	colW, gutter float64
	lead         float64
}

func (g *geom) span(cols int) float64 {
	return float64(cols)*g.colW + float64(cols-1)*g.gutter
}

func (g *geom) colX(c int) float64 { return g.x0 + float64(c)*(g.colW+g.gutter) }

// lines rounds a height up to whole body lines.
func (g *geom) lines(h float64) int { return int(math.Ceil(h/g.lead - 1e-6)) }

// copyItem is a story prepared for make-up: its body set once at the column
// measure (every module width uses the same columns), its display blocks
// set per width on demand.
type copyItem struct {
	s       *story.Story
	body    []typeset.Line
	photo   *Photo
	heads   map[int]*block // by module width, full headline
	conts   map[int]*block // by module width, continuation headline
	missing map[rune]bool
	// textKey names the story's text for the run's Memo (see
	// maker.textKey), once keyed
	textKey [32]byte
	keyed   bool
	// looser holds paragraphs set a line looser, made when needed
	looser map[int][]typeset.Line
	// paraLen and stretch keep what make-up asks of the body again and again
	paraLen map[int]int
	stretch map[[2]int][2]int
	shapes  map[int]module // full modules by width
	// cont marks the remainder of a jumped story: body from From, jumped
	// from page JumpFrom.
	from, jumpFrom int
	contID         int
	// ready is closed when a worker has set the body and the usual
	// headlines; nil when they were set before make-up began
	ready chan struct{}
	// lockedPage is the locked page the first part of this continuation
	// is on, as published
	lockedPage *page
	// boost sets the story larger (headline, a standfirst drawn from the
	// story, picture, a pull quote): its section has less copy than pages
	boost bool
	// quoteSet is the story's pull quote as set, once quoteDone
	quoteSet  *quoteBlock
	quoteDone bool
}

// lockedY is where on its locked page the first part of a continuation
// stands, for the link back to it; 0 when it is not on a locked page.
func (c *copyItem) lockedY() float64 {
	if c.lockedPage == nil {
		return 0
	}
	for _, r := range c.lockedPage.locked.Info.Regions {
		if r.Story == c.s.ID && r.Part == 1 {
			return r.Y
		}
	}
	return 0
}

// wait returns once the copy's body is set: make-up starts while workers
// are still setting the stories it needs later.
func (c *copyItem) wait() {
	if c.ready != nil {
		<-c.ready
	}
}

// block is a set piece of a module (headline, photo and caption) with its
// height in whole lines.
type block struct {
	items []display.Item
	lines int
	// size is a head block's headline size, in pt
	size float64
}

// module is a story (or its continuation) set for a place: at a width,
// with its body lines [from, to), its photo and its height.
type module struct {
	c          *copyItem
	cols       int
	photoCols  int // columns the photo spans; 0: no photo
	photoLines int
	from, to   int
	rows       int // body rows (the longest column)
	jumpTo     bool
	lines      int // total height in lines
	// body replaces the story's body when the module was set looser to
	// fill its columns; from and to then index it
	body []typeset.Line
	// inner is the rows the module's columns leave empty where the reader
	// sees them (visibleWhite), as height set it
	inner int
	// per, when set, is how many body lines each column takes, as
	// balancing found them
	per []int
	// compact marks a module whose headline is set smaller to fit
	compact bool
	// style is the styles the module was set in (its page's template's)
	style *Styles
	// quote is the pull quote at the head of column quoteCol, nil for none
	quote    *quoteBlock
	quoteCol int
	// headCap, when set, caps the headline's size: a head beside one of
	// the same size at the same height steps down (see stepBumpingHeads)
	headCap float64
}

// bodyLines returns the body lines the module sets.
func (mod *module) bodyLines() []typeset.Line {
	if mod.body != nil {
		return mod.body[mod.from:mod.to]
	}
	return mod.c.body[mod.from:mod.to]
}

// headSize is the largest headline size for a story's priority and width.
func headSize(priority, cols int) float64 {
	base := map[int]float64{1: 46, 2: 34, 3: 26, 4: 20, 5: 16}[priority]
	if base == 0 {
		base = 26
	}
	switch {
	case cols <= 1:
		base = math.Min(base, 18)
	case cols == 2:
		base = math.Min(base, 26)
	case cols == 3:
		base = math.Min(base, 32)
	}
	return base
}

// head sets the kicker, headline, deck and byline at a module width;
// compact sets the headline smaller, as the desk does to fit a story in
// the last room of a section.
func (m *maker) head(c *copyItem, cols int, cont, compact bool) *block {
	c.wait()
	return m.headFor(m.set, m.st, c, cols, cont, c == m.frontLead && !cont, compact, 0)
}

// modHead is a placed module's head block as drawn: its headline capped
// at the module's headCap, when the capped head takes the rows the module
// was measured with.
func (m *maker) modHead(mod *module) *block {
	c := mod.c
	hb := m.head(c, mod.cols, c.contID > 0, mod.compact)
	if mod.headCap <= 0 || mod.headCap >= hb.size {
		return hb
	}
	c.wait()
	capped := m.headFor(m.set, m.st, c, mod.cols, c.contID > 0, c == m.frontLead && c.contID == 0, mod.compact, mod.headCap)
	if capped.lines != hb.lines {
		// a smaller headline that takes fewer rows would leave one empty
		// in the head the module was measured with
		return hb
	}
	return capped
}

// compactKey keeps compact heads and shapes apart from the usual ones in a
// copy's caches, which are keyed by width; styleKey keeps apart those set
// in a template's style.
const (
	compactKey = 1000
	styleKey   = 10000
	capKey     = 1000000
)

// headFor sets the head blocks; lead sets the front page lead's larger
// headline. Workers call it directly: which story leads is not decided
// while they run.
func (m *maker) headFor(set *typeset.Setter, st *Styles, c *copyItem, cols int, cont, lead, compact bool, sizeCap float64) *block {
	cache := c.heads
	if cont {
		cache = c.conts
	}
	key := cols + st.key*styleKey
	if compact {
		key += compactKey
	}
	if sizeCap > 0 {
		key += int(sizeCap) * capKey
	}
	if b, ok := cache[key]; ok {
		return b
	}
	var b *block
	if m.memo == nil {
		set.Missing = c.missing
		b = m.setHead(set, st, c, cols, cont, lead, compact, sizeCap)
	} else {
		// the same story's head in the same style and geometry, from
		// another make-up of the run
		mk := memoKey("head", m.styleKey(st), m.textKey(c), c.boost, cols, cont, lead, compact, sizeCap)
		k := m.memo.Keep(mk, func() any {
			missing := map[rune]bool{}
			set.Missing = missing
			defer func() { set.Missing = c.missing }()
			b := m.setHead(set, st, c, cols, cont, lead, compact, sizeCap)
			return keptHead{b, slices.Sorted(maps.Keys(missing))}
		}).(keptHead)
		for _, r := range k.missing {
			c.missing[r] = true
		}
		b = k.b
	}
	cache[key] = b
	return b
}

// setHead sets a head block (see headFor) with set.
func (m *maker) setHead(set *typeset.Setter, st *Styles, c *copyItem, cols int, cont, lead, compact bool, sizeCap float64) *block {
	g := &m.g
	s := c.s
	mw := g.span(cols)
	b := &block{}
	y := 0.0
	if s.Kicker != "" && !cont {
		k := strings.ToUpper(typeset.Smarten1(s.Kicker))
		ls := set.SetRagged(k, st.SansBold, st.Fallbacks, 7.5, mw, false)
		if len(ls) > 0 {
			b.items = append(b.items, m.textItems(ls[:1], 0, y+g.lead*0.8, 0, st.Accent)...)
			// a hairline runs on from the kicker to the module's edge:
			// across a wide module the kicker alone would leave its row
			// white over the headline
			if x := ls[0].Natural + 4; cols > 1 && x < mw-6 {
				ry := y + g.lead*0.8 - 2.6
				b.items = append(b.items, &display.Line{X1: x, Y1: ry, X2: mw, Y2: ry, Width: 0.5, Color: st.Accent})
			}
			y += g.lead
		}
	}
	size := headSize(s.Priority, cols)
	if lead {
		size = 46
	}
	if cont {
		size = math.Min(size, 20)
	}
	if compact {
		size = math.Max(14, math.Round(size*0.7))
	}
	maxLines := 3
	if cols <= 1 {
		maxLines = 4
	}
	size = math.Round(size * st.HeadSize)
	if c.boost && !cont && !compact && cols > 1 {
		// a thin page shows its stories larger, as a layout editor does
		size = math.Min(60, math.Round(size*1.35))
		maxLines = 4
	}
	if sizeCap > 0 {
		size = math.Min(size, sizeCap)
	}
	// the headline is split and measured once and set at every size tried
	head := set.Ragged(typeset.Smarten1(s.PrintHeadline()), st.Headline, st.Fallbacks)
	// a one-column headline may go smaller: a narrow tabloid column holds
	// few words to the line
	least := 12.0
	if cols <= 1 {
		least = 10
	}
	for len(head.Widths(size, mw, true)) > maxLines && size > least {
		size -= 2
	}
	if cols > 1 {
		size = m.reachLast(head, size, mw, cols, maxLines, lead)
	}
	hl := head.Set(size, mw, true)
	b.size = size
	hlLead := math.Round(size*1.06*st.HeadScale*100) / 100
	hh := float64(g.lines(float64(len(hl))*hlLead+size*0.12)) * g.lead
	base := y + (hh-float64(len(hl))*hlLead)/2 + size*0.84*st.HeadScale
	b.items = append(b.items, m.textItems(hl, 0, base, hlLead, display.Black)...)
	y += hh
	deckText := s.PrintDeck()
	if deckText == "" && c.boost && cols > 1 {
		deckText = standfirst(s)
	}
	if text := deckText; text != "" && !cont {
		ds := math.Max(10, math.Min(15, size*0.42))
		deck := set.Ragged(typeset.Smarten1(text), st.HeadIt, st.Fallbacks)
		if cols > 1 {
			ds = m.deckReach(deck, ds, math.Min(size*0.5, ds*1.6), mw, cols)
		}
		dl := deck.Set(ds, mw, true)
		dLead := ds * 1.18 * st.HeadScale
		dh := float64(g.lines(float64(len(dl))*dLead)) * g.lead
		b.items = append(b.items, m.textItems(dl, 0, y+ds*0.9*st.HeadScale, dLead, display.Color{R: 0x33, G: 0x33, B: 0x33})...)
		y += dh
	}
	// the byline heads the first body column (see module.bylineCol), so the
	// columns beside it do not stand empty for a line
	b.lines = g.lines(y)
	return b
}

// headReach is how far into a module's last column every headline line
// should reach, in points: a line that stops short leaves that column empty
// beside the headline, and a headline of several lines a tall white box.
const headReach = 10

// reachLast resets a headline a little larger (up to a quarter) or
// smaller (up to a fifth; the lead, whose size ranks it, up to 15%, so it
// stays larger than any other headline can grow), when that brings more of
// its lines into the module's last column, keeping at most maxLines lines.
func (m *maker) reachLast(head *typeset.Ragged, size, mw float64, cols, maxLines int, lead bool) float64 {
	reach := m.g.span(cols-1) + m.g.gutter + headReach
	short := func(ws []float64) int {
		n := 0
		for _, w := range ws {
			if w < reach {
				n++
			}
		}
		return n
	}
	bad := short(head.Widths(size, mw, true))
	if bad == 0 {
		return size
	}
	base := size
	for d := 1.0; d <= base/4 && bad > 0; d++ {
		for _, sz := range [2]float64{base + d, base - d} {
			if sz < 12 || (sz < base && d > base/5) || (sz < base && lead && d > base*0.15) {
				continue
			}
			ws := head.Widths(sz, mw, true)
			if len(ws) > maxLines {
				continue
			}
			if b := short(ws); b < bad {
				size, bad = sz, b
			}
		}
	}
	return size
}

// deckReach sets a deck whose last line stops short of the module's last
// column larger (up to most), when that brings the line there without
// taking more rows: a short deck across a wide module leaves the last
// column white beside it. It returns the size to set the deck at.
func (m *maker) deckReach(deck *typeset.Ragged, ds, most, mw float64, cols int) float64 {
	reach := m.g.span(cols-1) + m.g.gutter + headReach
	dw := deck.Widths(ds, mw, true)
	if len(dw) == 0 || dw[len(dw)-1] >= reach {
		return ds
	}
	rows := m.g.lines(float64(len(dw)) * ds * 1.18)
	for sz := ds + 1; sz <= most; sz++ {
		ws := deck.Widths(sz, mw, true)
		if m.g.lines(float64(len(ws))*sz*1.18) > rows {
			break
		}
		if len(ws) > 0 && ws[len(ws)-1] >= reach {
			return sz
		}
	}
	return ds
}

// photoSize is how the story's photo goes into a module of cols columns:
// across pcols columns (all of them, or the first few beside the text when
// the picture has too few pixels to span the module), nat lines tall, and at
// most most lines when the module must grow.
func (m *maker) photoSize(c *copyItem, cols int) (pcols, nat, most int) {
	if c.photo == nil || c.contID > 0 {
		return 0, 0, 0
	}
	pcols = cols
	for pcols > 0 && !m.photoFits(c, pcols) {
		pcols--
	}
	if pcols == 0 {
		return 0, 0, 0
	}
	w := m.g.span(pcols)
	aspect := float64(c.photo.W) / float64(c.photo.H)
	aspect = math.Max(1.1, math.Min(1.9, aspect))
	if pcols == 1 {
		aspect = math.Max(0.75, math.Min(1.5, float64(c.photo.W)/float64(c.photo.H)))
	}
	if c.boost && pcols == cols {
		// a thin page shows its pictures larger: a squarer crop
		aspect = math.Max(1, aspect*0.8)
	}
	nat = max(4, int(math.Round(w/aspect/m.g.lead)))
	most = max(nat, int(w/0.75/m.g.lead)) // up to a 3:4 portrait crop
	if pcols < cols {
		most = nat
	}
	return pcols, nat, most
}

// starts gives the row each body column starts at: under a side photo,
// and a row down in the column the byline heads.
func (mod *module) starts() []int {
	st := mod.photoStarts()
	if bc := mod.bylineCol(); bc >= 0 {
		st[bc]++
	}
	if mod.quote != nil {
		st[mod.quoteCol] += mod.quote.rows
	}
	return st
}

// photoStarts gives the row each body column starts at under a side photo.
func (mod *module) photoStarts() []int {
	st := make([]int, mod.cols)
	if mod.photoCols > 0 && mod.photoCols < mod.cols {
		for c := 0; c < mod.photoCols; c++ {
			st[c] = mod.photoLines
		}
	}
	return st
}

// bylineCol is the body column the byline, or a continuation's "continued
// from" line, heads: the first one that starts right under the headline
// (or under a photo across the module); -1 when the module shows neither.
func (mod *module) bylineCol() int {
	if mod.c.contID > 0 {
		return 0
	}
	if mod.c.s.Byline == "" {
		return -1
	}
	if mod.photoCols > 0 && mod.photoCols < mod.cols {
		return mod.photoCols
	}
	return 0
}

// bodyTop is the row, below the headline block, where body columns start.
func (mod *module) bodyTop() int {
	if mod.photoCols == mod.cols {
		return mod.photoLines
	}
	return 0
}

// fitRows is the fewest rows that hold n body lines in the columns.
func fitRows(n int, starts []int) int {
	r := 0
	for _, s := range starts {
		r = max(r, s+1)
	}
	for {
		capc := 0
		for _, s := range starts {
			capc += max(0, r-s)
		}
		if capc >= n {
			return r
		}
		r++
	}
}

// capacity is how many body lines rows hold in the columns.
func capacity(rows int, starts []int) int {
	n := 0
	for _, s := range starts {
		n += max(0, rows-s)
	}
	return n
}

// photo draws the photo box of a given height with caption and credit.
func (m *maker) photoBlock(c *copyItem, cols, lines int) *block {
	g, st := &m.g, m.st
	w := g.span(cols)
	b := &block{}
	// caption first, to know the picture's height
	img := c.s.Images[0]
	m.set.Missing = c.missing
	var cl, crl []typeset.Line
	capSize, capLead := 7.5, 9.0
	if t := typeset.Smarten1(img.Caption); t != "" {
		cl = m.set.SetRagged(t, st.Sans, st.Fallbacks, capSize, w, false)
	}
	if t := strings.ToUpper(typeset.Smarten1(img.Credit)); t != "" {
		crl = m.set.SetRagged(t, st.Sans, st.Fallbacks, 6, w, false)
	}
	// the caption stands 4 pt under the picture; a credit alone, 2 pt, so
	// it does not hold a row beside it empty
	gap := 4.0
	if len(cl) == 0 {
		gap = 2
	}
	capH := float64(g.lines(gap+float64(len(cl))*capLead+float64(len(crl))*7.5)) * g.lead
	h := float64(lines)*g.lead - capH
	box := w / h
	src := float64(c.photo.W) / float64(c.photo.H)
	crop := [4]float64{0, 0, 1, 1}
	if src > box {
		fw := box / src
		crop = [4]float64{(1 - fw) / 2, 0, fw, 1}
	} else if src < box {
		fh := src / box
		crop = [4]float64{0, (1 - fh) / 3, 1, fh}
	}
	b.items = append(b.items, &display.Image{X: 0, Y: 0, W: w, H: h, Key: fmt.Sprintf("%s@%.0fx%.0f", c.photo.Src, w, h), Src: c.photo.Src, Crop: crop})
	y := h + 1
	if len(crl) > 0 {
		for i := range crl {
			for j := range crl[i].Frags {
				crl[i].Frags[j].X += w - crl[i].Natural
			}
		}
		b.items = append(b.items, m.textItems(crl, 0, y+5.5, 7.5, st.Grey)...)
		y += 7.5
	}
	b.items = append(b.items, m.textItems(cl, 0, y+capSize+1, capLead, display.Color{R: 0x22, G: 0x22, B: 0x22})...)
	b.lines = lines
	return b
}

// render draws a module module at the origin; it returns the items, which
// the caller translates, and the rows its columns leave empty at their
// foot, where no paragraph break takes them: white the reader sees inside
// the module.
func (m *maker) render(mod *module, jumpPage int, fromPage int, ty *Typo) ([]display.Item, int) {
	g, st := &m.g, m.st
	c := mod.c
	var items []display.Item
	empty := 0
	hb := m.modHead(mod)
	items = append(items, hb.items...)
	y := float64(hb.lines) * g.lead
	if mod.photoCols > 0 {
		pb := m.photoBlock(c, mod.photoCols, mod.photoLines)
		for _, it := range pb.items {
			items = append(items, translate(it, 0, y))
		}
	}
	y += float64(mod.bodyTop()) * g.lead
	body := mod.bodyLines()
	starts := mod.starts()
	if bc := mod.bylineCol(); bc >= 0 {
		x := float64(bc) * (g.colW + g.gutter)
		ly := y + float64(starts[bc]-1)*g.lead
		m.set.Missing = c.missing
		if c.contID > 0 {
			t := localeOf(m.ed).continuedFrom(fromPage)
			ls := m.set.SetRagged(t, st.HeadIt, st.Fallbacks, 9, g.colW, false)
			items = append(items, m.textItems(ls[:1], x, ly+g.lead*0.8, 0, st.Accent)...)
		} else if bl := m.set.SetRagged(typeset.Smarten1(c.s.Byline), st.SansBold, st.Fallbacks, 7, g.colW, false); len(bl) > 0 {
			items = append(items, m.textItems(bl[:1], x, ly+g.lead*0.75, 0, st.Grey)...)
		}
	}
	if q := mod.quote; q != nil {
		top := starts[mod.quoteCol] - q.rows
		items = append(items, m.drawQuote(q, float64(mod.quoteCol)*(g.colW+g.gutter), y+float64(top)*g.lead)...)
	}
	rows := mod.rows
	caps := mod.bodyCaps(rows)
	per := mod.per
	if per == nil {
		per, _ = distribute(body, caps)
	}
	k := 0
	for col := 0; col < mod.cols; col++ {
		x := float64(col) * (g.colW + g.gutter)
		lines := body[k : k+per[col]]
		k += per[col]
		countTypo(ty, lines, mod.cols > 1 || mod.from > 0 || mod.jumpTo)
		// a blank line over a crosshead at the column's head is not set:
		// the column starts with the crosshead
		skip := 0
		if len(lines) > 0 && lines[0].Kind == typeset.BlankLine {
			skip = 1
		}
		// stretch: blank lines at paragraph breaks, spread through the column
		pad := caps[col] - len(lines) + skip
		gaps := paraBreaks(lines)
		empty += max(0, pad-len(gaps))
		if pad > 0 && len(gaps) > pad {
			// spread the padding over the column rather than its top
			step := float64(len(gaps)) / float64(pad)
			var pick []int
			for i := 0; i < pad; i++ {
				pick = append(pick, gaps[int(float64(i)*step+step/2)])
			}
			gaps = pick
		}
		row := starts[col] - skip
		raise := 0.0
		for i, ln := range lines {
			if pad > 0 && len(gaps) > 0 && gaps[0] == i {
				row++
				pad--
				gaps = gaps[1:]
			}
			switch {
			case ln.Kind != typeset.CrossheadLine:
				raise = 0
			case i > skip && lines[i-1].Kind == typeset.BlankLine:
				raise = m.crossheadRaise()
			}
			if ln.Kind != typeset.BlankLine {
				items = append(items, m.textItems([]typeset.Line{ln}, x, y+float64(row)*g.lead+m.bodyAscent-raise, 0, display.Black)...)
			}
			row++
		}
		if mod.jumpTo && col == mod.cols-1 {
			t := localeOf(m.ed).continuedOn(jumpPage)
			ls := m.set.SetRagged(t, st.HeadIt, st.Fallbacks, 9, g.colW, false)
			jy := y + float64(rows-1)*g.lead
			for i := range ls[:1] {
				for j := range ls[i].Frags {
					ls[i].Frags[j].X += g.colW - ls[i].Natural
				}
			}
			items = append(items, m.textItems(ls[:1], x, jy+m.bodyAscent, 0, st.Accent)...)
		}
	}
	// rules between body columns
	starts = mod.photoStarts()
	for col := 1; col < mod.cols && mod.rows > 0; col++ {
		x := float64(col)*(g.colW+g.gutter) - g.gutter/2
		top := y + float64(max(starts[col], starts[col-1]))*g.lead
		if starts[col] != starts[col-1] {
			top = y + float64(starts[col-1])*g.lead
		}
		items = append(items, &display.Line{X1: x, Y1: top, X2: x, Y2: y + float64(mod.rows)*g.lead - g.lead*0.2, Width: 0.25, Color: display.Color{R: 0xb0, G: 0xb0, B: 0xb0}})
	}
	return items, empty
}

// holeGap is the smallest gap between lines that a reader sees as a hole
// in the column (the white space measure's 6 mm).
const holeGap = 6 / 25.4 * 72

// crossheadRaise is how far a crosshead under a blank line sits above its
// grid line: with a leading so open that the blank row alone would read as
// a hole, the crosshead moves up into it, nearer the middle of its two rows.
func (m *maker) crossheadRaise() float64 {
	if 2*m.g.lead-m.st.BodySize > holeGap-4 {
		return m.g.lead * 0.3
	}
	return 0
}

// paraBreaks lists the line indexes that start a paragraph, where a blank
// line may go when a column must be stretched: never between a crosshead
// and its text.
func paraBreaks(lines []typeset.Line) []int {
	var out []int
	for i := 1; i < len(lines); i++ {
		if lines[i].First && lines[i].Kind == typeset.BodyLine && (lines[i-1].Kind == typeset.BodyLine || lines[i-1].Kind == typeset.QuoteLine) {
			out = append(out, i)
		}
	}
	return out
}

// distribute splits body lines into columns of the given capacities, in
// order, each column as full as its capacity. A column does not end on a
// crosshead, a blank line or a hyphen, nor split a paragraph so that one
// line sits alone at its foot or at the next column's head, when the
// columns after it can take the lines it gives up.
func distribute(lines []typeset.Line, caps []int) (per []int, ok bool) {
	n := len(lines)
	per = make([]int, len(caps))
	left := n
	after := 0
	for c := range caps {
		after += caps[c]
	}
	ok = true
	for c := range caps {
		after -= caps[c]
		// as many lines as keep the columns level: when the columns hold
		// more than the text, each takes its share rather than the first
		// filling up and the last standing empty
		start := n - left
		// a blank line at a column's head is not set: it takes no row
		free := 0
		if start < n && lines[start].Kind == typeset.BlankLine {
			free = 1
		}
		k := min(caps[c]+free, left)
		if rest := len(caps) - c; rest > 1 && left < caps[c]+free+after {
			total := 0
			for _, cp := range caps[c:] {
				total += cp
			}
			share := int(math.Ceil(float64(left) * float64(caps[c]) / float64(total)))
			k = min(k, max(share+free, 1))
		}
		for c < len(caps)-1 && k > 2 && left-k < after {
			end := start + k
			if end >= n {
				break
			}
			last, next := lines[end-1], lines[end]
			bad := last.Kind == typeset.CrossheadLine || last.Kind == typeset.BlankLine ||
				(last.First && !last.Last) || (next.Last && !next.First) || last.Hyphenated ||
				(next.Hyphenated && end+1 < n && lines[end+1].Hyphenated)
			if !bad {
				break
			}
			k--
		}
		if c < len(caps)-1 && k > 0 && start+k < n {
			last, next := lines[start+k-1], lines[start+k]
			if last.Hyphenated || (last.First && !last.Last && last.Kind == typeset.BodyLine) || (next.Last && !next.First && next.Kind == typeset.BodyLine) {
				ok = false // a hyphen, an orphan or a widow at the column break
			}
		}
		per[c] = k
		left -= k
	}
	if left > 0 {
		// what does not fit goes into the last column; the caller sized
		// the columns too small
		per[len(caps)-1] += left
		ok = false
	}
	return per, ok
}

// withRows returns a copy of the module with rows body rows.
func (mod module) withRows(rows int) *module {
	mod.rows = rows
	return &mod
}

// bodyCaps returns each column's capacity for rows rows.
func (mod *module) bodyCaps(rows int) []int {
	starts := mod.starts()
	caps := make([]int, mod.cols)
	for i := range caps {
		caps[i] = max(0, rows-starts[i])
	}
	if mod.jumpTo {
		caps[mod.cols-1]--
	}
	return caps
}

// textItems turns set lines into display text runs, one per fragment,
// starting with the first baseline at y and stepping by lead.
func (m *maker) textItems(lines []typeset.Line, x, y, lead float64, c display.Color) []display.Item {
	var out []display.Item
	for i, ln := range lines {
		by := y + float64(i)*lead
		for _, f := range ln.Frags {
			out = append(out, run(f, x, by, c))
		}
	}
	return out
}

// run makes a display glyph run of one fragment.
func run(f typeset.Frag, x, y float64, c display.Color) *display.Text {
	var gl []display.Glyph
	if f.Glyphs != nil {
		// shared with the shaper's cache and other runs of the same word:
		// display lists are read-only
		gl = f.Glyphs
	} else {
		gl = make([]display.Glyph, 0, len(f.Text))
		for _, r := range f.Text {
			gl = append(gl, display.Glyph{ID: f.Face.GlyphID(r), Advance: f.Face.Advance(r), Rune: r})
		}
	}
	return &display.Text{Font: f.Face.ID, Size: f.Size, X: x + f.X, Y: y, Color: c, Text: f.Text, Glyphs: gl,
		Tracking: math.Round(f.Tracking*1000) / 1000, Expand: math.Round(f.Expand*1e4) / 1e4}
}

// fontsOf lists the faces a document uses, for embedding.
func fontsOf(faces map[string]*fonts.Face) map[string][]byte {
	out := make(map[string][]byte, len(faces))
	for id, f := range faces {
		out[id] = f.Data
	}
	return out
}

// minPPI is the lowest resolution a photo may print at: a small picture is
// not blown up across the page.
const minPPI = 110

// photoFits tells whether the story's photo has the pixels for cols columns.
func (m *maker) photoFits(c *copyItem, cols int) bool {
	return c.photo != nil && float64(c.photo.W)/minPPI*72 >= m.g.span(cols)*0.98
}

// countTypo adds one column's figures. Widows and orphans count only where
// a paragraph crosses a column break.
func countTypo(ty *Typo, lines []typeset.Line, split bool) {
	run := 0
	for i, ln := range lines {
		if ln.Kind != typeset.BodyLine && ln.Kind != typeset.QuoteLine {
			run = 0
			continue
		}
		ty.Lines++
		if !ln.Last {
			switch {
			case ln.Ratio > 1:
				ty.Loose++
			case ln.Ratio < -0.5:
				ty.Tight++
			}
		}
		if ln.Ratio < -1 {
			ty.Overfull++
		}
		if ln.Expand != 0 {
			ty.Expanded++
		}
		if ln.Tracking > 0 {
			ty.Tracked++
			ty.TrackMaxEm = max(ty.TrackMaxEm, math.Round(ln.Tracking/ln.Frags[0].Size*1e4)/1e4)
		}
		if ln.Hyphenated {
			ty.Hyphenated++
			run++
			ty.HyphenRun = max(ty.HyphenRun, run)
		} else {
			run = 0
		}
		if split && i == 0 && ln.Last && !ln.First {
			ty.Widows++
		}
		if split && i == len(lines)-1 && ln.First && !ln.Last {
			ty.Orphans++
		}
	}
}

// standfirst is a deck drawn from the story for a story without one, when
// a thin page shows it larger: its first sentence, when short enough to
// read as a deck.
func standfirst(s *story.Story) string {
	for _, b := range s.Body {
		if b.Kind != story.Paragraph {
			continue
		}
		t := strings.TrimSpace(b.Text())
		end := strings.IndexAny(t, ".!?")
		for end >= 0 && end+1 < len(t) && t[end+1] != ' ' {
			// a dot inside a word or a number ("U.S.", "1.5")
			next := strings.IndexAny(t[end+1:], ".!?")
			if next < 0 {
				end = -1
				break
			}
			end += next + 1
		}
		if end < 0 {
			end = len(t) - 1
		}
		first := t[:end+1]
		if n := len(strings.Fields(first)); n >= 8 && n <= 25 {
			return first
		}
		return ""
	}
	return ""
}

package makeup

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/layout/typeset"
	"github.com/epaper/epaper/problem"
	"github.com/epaper/epaper/story"
)

// Zones: a page is made on its template's zones. The stories zones are
// filled one after another, each as a whole page was before: while one is
// filled, the page's column arrays (colTop, colBottom, closed) hold that
// zone's columns and no other, so the filling, growing and closing of
// make-up work inside it unchanged. The built-in templates (builtinFront,
// builtinInside) have one stories zone over the whole page, the look of an
// edition that names no templates.

// zone is a template zone placed on a page.
type zone struct {
	z editions.Zone
	// x0, y0, w, h is the zone's box on the page, pt
	x0, y0, w, h float64
	// top and bottom are each column's head and foot in the zone, and
	// colTop and closed its filling, kept while another zone is filled;
	// full-width arrays, of which only the zone's columns count
	top, bottom, colTop []float64
	closed              []bool
	// pick takes the stories the zone may set; nil takes any
	pick func(*copyItem) bool
	// filled marks an ad slot a booked ad took
	filled bool
	// label is where the zone's title is drawn, over the zone's room, when
	// titled
	label float64
}

// zoneLabelLines is the body lines a titled zone's label takes.
const zoneLabelLines = 2

// titled tells whether the zone shows its title as a label over it: the
// index and boxes of fixed text draw their titles themselves.
func (z *zone) titled() bool {
	switch z.z.Kind {
	case editions.ZoneStories, editions.ZonePicture:
		return z.z.Title != ""
	}
	return false
}

// drawLabel draws a titled zone's label: a rule in the accent colour and
// the title under it, as a section's label.
func (m *maker) drawLabel(p *page, z *zone) {
	st := m.st
	p.items = append(p.items, &display.Line{X1: z.x0, Y1: z.label + 1, X2: z.x0 + z.w, Y2: z.label + 1, Width: 2, Color: st.Accent})
	ls := m.set.SetRagged(strings.ToUpper(typeset.Smarten1(z.z.Title)), st.SansBold, st.Fallbacks, 9, z.w, false)
	p.items = append(p.items, m.textItems(ls[:min(1, len(ls))], z.x0, z.label+m.g.lead*1.3, 0, st.Accent)...)
}

// in tells whether grid column c is one of the zone's.
func (z *zone) in(c int) bool { return c >= z.z.From && c <= z.z.To }

// builtinTemplate is the look of an edition that names no template: on the
// front page the masthead, the index in the last column and the stories
// under them; on the others the folio and the stories.
func (m *maker) builtinTemplate(front bool, sections int) *editions.Template {
	all := editions.Zone{Name: "stories", Kind: editions.ZoneStories, From: 0, To: m.g.cols - 1}
	if !front {
		return &editions.Template{Name: "inside", Zones: []editions.Zone{all}}
	}
	mast := editions.Length(float64(m.g.lines(36+m.mastheadSize()*0.95*m.st.HeadScale)) * m.g.lead)
	index := editions.Length(float64(4+sections+1) * m.g.lead)
	all.Top = mast
	return &editions.Template{Name: "front", Zones: []editions.Zone{
		{Name: "masthead", Kind: editions.ZoneMasthead, From: 0, To: m.g.cols - 1, Height: mast, HasHeight: true},
		{Name: "index", Kind: editions.ZoneIndex, From: m.g.cols - 1, To: m.g.cols - 1, Top: mast, Height: index - editions.Length(m.g.lead), HasHeight: true},
		all,
	}}
}

// layZones places a template's zones on a new page: their boxes on the
// grid, and for a zone without a height what is left of its columns down
// to the next zone or the page's foot. Tops are measured from the type
// area's top, or from under the folio on a page without a masthead.
func (m *maker) layZones(p *page, t *editions.Template) {
	g := &m.g
	origin := g.y0 + 2*g.lead // under the folio
	if slices.ContainsFunc(t.Zones, func(z editions.Zone) bool { return z.Kind == editions.ZoneMasthead }) {
		origin = g.y0
	}
	foot := g.y0 + g.h
	snap := func(y float64) float64 { return g.y0 + math.Ceil((y-g.y0)/g.lead-1e-6)*g.lead }
	for _, tz := range t.Zones {
		z := &zone{z: tz, top: make([]float64, g.cols), bottom: make([]float64, g.cols), colTop: make([]float64, g.cols), closed: make([]bool, g.cols)}
		z.x0, z.w = g.colX(tz.From), g.span(tz.To-tz.From+1)
		z.y0 = snap(origin + tz.Top.Pt())
		if tz.Kind == editions.ZoneMasthead {
			z.y0 = origin + tz.Top.Pt()
		}
		for c := range g.cols {
			z.closed[c] = !z.in(c)
			z.top[c] = z.y0
			bottom := foot
			if tz.HasHeight {
				// never past the foot, whatever the zone says
				bottom = math.Min(foot, origin+tz.Top.Pt()+tz.Height.Pt())
			}
			z.bottom[c] = bottom
		}
		p.zones = append(p.zones, z)
	}
	// a zone without a height starts, in each column, under the zones of
	// a height that start where it does or above, and ends where the next
	// zone below starts
	for _, z := range p.zones {
		for c := z.z.From; c <= z.z.To; c++ {
			for _, o := range p.zones {
				if o == z || !o.in(c) {
					continue
				}
				oEnd := o.y0 + o.z.Height.Pt()
				if o.z.HasHeight && !z.z.HasHeight && o.y0 <= z.y0+0.5 && oEnd > z.top[c] {
					// under it, a line apart
					z.top[c] = snap(oEnd) + g.lead
					if o.z.Kind == editions.ZoneMasthead {
						z.top[c] = snap(oEnd)
					}
				}
				if o.y0 > z.y0+0.5 && o.y0 < z.bottom[c] {
					z.bottom[c] = o.y0 - g.lead
				}
			}
		}
		z.h = 0
		for c := z.z.From; c <= z.z.To; c++ {
			// the foot on the grid
			z.bottom[c] = z.top[c] + math.Floor((z.bottom[c]-z.top[c])/g.lead+1e-6)*g.lead
			z.h = math.Max(z.h, z.bottom[c]-z.y0)
			z.colTop[c] = z.top[c]
		}
		z.pick = m.picker(z.z.Pick)
		if z.titled() {
			// the title's label takes the zone's first two lines
			z.label = z.y0
			z.y0 += zoneLabelLines * g.lead
			z.h -= zoneLabelLines * g.lead
			for c := z.z.From; c <= z.z.To; c++ {
				z.top[c] = math.Max(z.top[c], z.y0)
				z.colTop[c] = z.top[c]
			}
		}
	}
	p.top, p.bottom = foot, 0
	for _, z := range p.zones {
		if z.z.Kind != editions.ZoneStories {
			continue
		}
		for c := z.z.From; c <= z.z.To; c++ {
			p.top = math.Min(p.top, z.top[c])
			p.bottom = math.Max(p.bottom, z.bottom[c])
		}
	}
	if p.bottom < p.top {
		p.top, p.bottom = origin, origin
	}
}

// storiesZones lists a page's stories zones in the order they are filled:
// those that pick their stories first, then the others, top to bottom.
func (p *page) storiesZones() []*zone {
	var picked, rest []*zone
	for _, z := range p.zones {
		switch {
		case z.z.Kind != editions.ZoneStories:
		case z.pick != nil:
			picked = append(picked, z)
		default:
			rest = append(rest, z)
		}
	}
	slices.SortStableFunc(rest, func(a, b *zone) int { return int(a.y0 - b.y0) })
	return append(picked, rest...)
}

// zoneOf returns the page's zone of a kind (the first), or nil.
func (p *page) zoneOf(kind string) *zone {
	for _, z := range p.zones {
		if z.z.Kind == kind {
			return z
		}
	}
	return nil
}

// enter makes the page's column arrays hold zone z: its columns as it left
// them, the others closed.
func (m *maker) enter(p *page, z *zone) {
	p.active = z
	for c := range p.colTop {
		if z.in(c) {
			p.colTop[c], p.colBottom[c], p.closed[c] = z.colTop[c], math.Min(z.bottom[c], p.floor[c]), z.closed[c]
			p.colTop[c] = math.Max(p.colTop[c], p.ceil[c])
			if p.colTop[c] > p.colBottom[c] {
				p.colTop[c] = p.colBottom[c]
			}
		} else {
			p.colTop[c], p.colBottom[c], p.closed[c] = 0, 0, true
		}
	}
}

// leave keeps the zone's filling and closes the page's arrays.
func (m *maker) leave(p *page) {
	z := p.active
	if z == nil {
		return
	}
	for c := range p.colTop {
		if z.in(c) {
			z.colTop[c], z.closed[c] = p.colTop[c], p.closed[c]
		}
	}
	p.active = nil
}

// inZones runs fill on each stories zone of the page, each with the
// stories its pick takes, and returns the stories left in their order.
func (m *maker) inZones(p *page, q []*copyItem, fill func(q []*copyItem) []*copyItem) []*copyItem {
	for _, z := range p.storiesZones() {
		m.enter(p, z)
		mine, others := q, []*copyItem(nil)
		if z.pick != nil {
			mine, others = nil, nil
			briefs := strings.EqualFold(strings.TrimSpace(z.z.Pick), "briefs")
			for _, c := range q {
				// the rest of a jumped story goes where it must, but not
				// into a rail of briefs
				if c.contID > 0 && !briefs || z.pick(c) && c.contID == 0 {
					mine = append(mine, c)
				} else {
					others = append(others, c)
				}
			}
		}
		// a brief runs whole in its rail, or not there
		jt := m.jumpTarget
		if strings.EqualFold(strings.TrimSpace(z.z.Pick), "briefs") {
			m.jumpTarget = nil
		}
		left := fill(slices.Clone(mine)) // fill takes what it sets out of its queue in place
		m.jumpTarget = jt
		q = mergeOrder(q, left, others)
		m.leave(p)
	}
	return q
}

// closeZones closes each stories zone of the page: its modules grow to its
// foot and what is still open takes briefs or a house ad.
func (m *maker) closeZones(p *page) {
	for _, z := range p.storiesZones() {
		m.enter(p, z)
		m.closeZone(p)
		m.leave(p)
	}
}

// mergeOrder keeps the stories of q that are in either list, in q's order
// (continuations made on the way, in neither q nor others, go first).
func mergeOrder(q, left, others []*copyItem) []*copyItem {
	keep := map[*copyItem]bool{}
	for _, c := range left {
		keep[c] = true
	}
	for _, c := range others {
		keep[c] = true
	}
	var out []*copyItem
	for _, c := range left {
		if !slices.Contains(q, c) {
			out = append(out, c)
		}
	}
	for _, c := range q {
		if keep[c] {
			out = append(out, c)
		}
	}
	return out
}

// picker reads a zone's pick: which stories it takes.
func (m *maker) picker(pick string) func(*copyItem) bool {
	pick = strings.TrimSpace(pick)
	switch {
	case pick == "":
		return nil
	case strings.EqualFold(pick, "lead"):
		return func(c *copyItem) bool { return c == m.frontLead || c.s.Desk.Lead || c.s.Priority == story.PriorityLead }
	case strings.EqualFold(pick, "briefs"):
		return func(c *copyItem) bool { return c.s.Words() <= briefWords }
	case priorRange(pick) != nil:
		r := priorRange(pick)
		return func(c *copyItem) bool { return c.s.Priority >= r[0] && c.s.Priority <= r[1] }
	}
	return func(c *copyItem) bool { return strings.EqualFold(c.s.Section, pick) || c.s.ID == pick }
}

// checkPicks warns of each stories zone whose pick names neither a
// section of the flatplan nor a story of the night: a zone that can take
// nothing, which its template's file and line say where to mend.
func (m *maker) checkPicks(in Input) {
	ids := map[string]bool{}
	for _, sec := range in.Sections {
		for _, s := range sec.Stories {
			ids[s.ID] = true
		}
	}
	for _, n := range slices.Sorted(maps.Keys(m.ed.Templates)) {
		t := m.ed.Templates[n]
		for _, z := range t.Zones {
			p := strings.TrimSpace(z.Pick)
			if z.Kind != editions.ZoneStories || p == "" || strings.EqualFold(p, "lead") || strings.EqualFold(p, "briefs") || priorRange(p) != nil || ids[p] {
				continue
			}
			if _, ok := m.ed.SectionFor(p); ok {
				continue
			}
			m.warnings = append(m.warnings, problem.Problem{File: t.File, Line: z.Line,
				Msg: fmt.Sprintf("zone %q: pick %q is no section of the flatplan and no story of the night: the zone takes none of them", z.Name, p)})
		}
	}
}

// briefWords is the most words a story a briefs zone picks has.
const briefWords = 180

// priorRange reads "2" or "1-3".
func priorRange(s string) []int {
	lo, hi, isRange := strings.Cut(s, "-")
	a, err := strconv.Atoi(lo)
	if err != nil || a < 1 || a > 5 {
		return nil
	}
	b := a
	if isRange {
		if b, err = strconv.Atoi(hi); err != nil || b < a || b > 5 {
			return nil
		}
	}
	return []int{a, b}
}

// slot returns the page's ad slot of a name, or nil.
func (p *page) slot(name string) *zone {
	for _, z := range p.zones {
		if z.z.Kind == editions.ZoneAd && strings.EqualFold(z.z.Slot, name) {
			return z
		}
	}
	return nil
}

// on sets the styles of page p for what make-up does on it, and returns
// the function that sets the edition's again.
func (m *maker) on(p *page) func() {
	m.st = p.style
	return func() { m.st = m.base }
}

// drawZones draws a page's zones other than the masthead and stories: the
// index, boxes of fixed text, pictures of the day, and ad slots no booked
// ad took (a house ad).
func (m *maker) drawZones(p *page, secs []Section, first map[string]int) {
	defer m.on(p)()
	for _, z := range p.zones {
		if z.titled() {
			m.drawLabel(p, z)
		}
		switch z.z.Kind {
		case editions.ZoneIndex:
			if p.num > 1 {
				m.drawIndex(p, indexBox{col: z.z.From, cols: z.z.To - z.z.From + 1, top: z.y0, lines: int(math.Round(z.h / m.g.lead)), title: z.z.Title}, secs, first)
			}
		case editions.ZoneText:
			m.drawBox(p, z)
		case editions.ZonePicture:
			if !m.drawPicture(p, z) {
				m.drawHouseAd(p, z.box(m))
			}
		case editions.ZoneAd:
			if !z.filled {
				m.drawHouseAd(p, z.box(m))
			}
		}
	}
}

// box is a zone's box as make-up's stretches are written.
func (z *zone) box(m *maker) houseAd {
	return houseAd{col: z.z.From, cols: z.z.To - z.z.From + 1, y: z.y0, lines: int(math.Floor(z.h/m.g.lead + 1e-6))}
}

// drawBox sets a box of fixed text in its zone: a tinted box with its
// title, the text in the zone's columns.
func (m *maker) drawBox(p *page, z *zone) {
	s := m.boxes[z.z.Box]
	g, st := &m.g, m.st
	tint := display.Color{R: 0xf1, G: 0xee, B: 0xe6}
	p.items = append(p.items, &display.Rect{X: z.x0, Y: z.y0, W: z.w, H: z.h, Fill: &tint},
		&display.Line{X1: z.x0, Y1: z.y0, X2: z.x0 + z.w, Y2: z.y0, Width: 2, Color: st.Accent})
	if s == nil {
		return
	}
	title := z.z.Title
	if title == "" {
		title = s.Headline
	}
	row := 1
	if title != "" {
		// the title on as many lines as it takes, up to three
		ls := m.set.SetRagged(strings.ToUpper(typeset.Smarten1(title)), st.SansBold, st.Fallbacks, 10, z.w-12, true)
		if len(ls) > 3 {
			m.warnings = append(m.warnings, problem.Problem{File: s.File, Msg: fmt.Sprintf("box %s: its title takes %d lines in zone %s, which shows three: shorten it", z.z.Box, len(ls), z.z.Name)})
			ls = ls[:3]
		}
		p.items = append(p.items, m.textItems(ls, z.x0+6, z.y0+g.lead*1.4, 12, st.Accent)...)
		row = 3 + g.lines(float64(len(ls)-1)*12)
	}
	measure := g.colW - 12
	lines := m.set.Body(s, measure, m.body)
	rows := int(math.Floor(z.h/g.lead)) - row
	col, k := 0, 0
	for _, ln := range lines {
		if k >= rows {
			col, k = col+1, 0
		}
		if col > z.z.To-z.z.From {
			m.warnings = append(m.warnings, problem.Problem{File: s.File, Msg: fmt.Sprintf("box %s is longer than its zone %s on page %d: its end is left out", z.z.Box, z.z.Name, p.num)})
			break
		}
		if k == 0 && ln.Kind == typeset.BlankLine {
			continue
		}
		if ln.Kind != typeset.BlankLine {
			x := g.colX(z.z.From+col) + 6
			p.items = append(p.items, m.textItems([]typeset.Line{ln}, x, z.y0+float64(row+k)*g.lead+m.bodyAscent, 0, display.Black)...)
		}
		k++
	}
}

// stretchPicture fills a stretch a closed page left with a picture of the
// day, and reports false when there is none to show: under a story, a rule
// parts them as it parts modules.
func (m *maker) stretchPicture(p *page, s houseAd) bool {
	g := &m.g
	z := &zone{x0: g.colX(s.col), y0: s.y, w: g.span(s.cols), h: float64(s.lines)*g.lead - g.lead*0.3}
	var rule display.Item
	if s.y > p.top+0.01 {
		ry := s.y - g.lead/2
		rule = &display.Line{X1: z.x0, Y1: ry, X2: z.x0 + z.w, Y2: ry, Width: 0.5, Color: display.Color{R: 0x88, G: 0x88, B: 0x88}}
		z.y0 += g.lead * 0.3
		z.h -= g.lead * 0.3
	}
	if !m.drawPictureOf(p, z, s.picture) {
		return false
	}
	if rule != nil {
		p.items = append(p.items, rule)
	}
	return true
}

// drawPicture shows the day's picture in its zone: the photo of the most
// important story on another page, with its caption and a refer to the
// story. It reports false when no story has a photo to show.
func (m *maker) drawPicture(p *page, z *zone) bool {
	return m.drawPictureOf(p, z, nil)
}

// drawPictureOf draws the picture of the day of story only, or when only
// is nil the first that drawPicture would choose.
func (m *maker) drawPictureOf(p *page, z *zone, only *story.Story) bool {
	g, st := &m.g, m.st
	for _, t := range m.teasers() {
		if only != nil && t.s != only {
			continue
		}
		if t.page == p.num || len(t.s.Images) == 0 || (only == nil && m.pictured[t.s.ID]) {
			continue
		}
		ph, ok := m.photos[t.s.Images[0].File]
		if !ok || ph.W == 0 {
			continue
		}
		img := t.s.Images[0]
		capLines := m.set.SetRagged(typeset.Smarten1(strings.TrimSpace(img.Caption+" "+localeOf(m.ed).seePage(t.page))), st.Sans, st.Fallbacks, 7.5, z.w, false)
		capH := float64(len(capLines))*9 + 6
		h := z.h - capH
		if h < 2*g.lead {
			return false
		}
		crop := fitCrop(float64(ph.W)/float64(ph.H), z.w/h)
		p.items = append(p.items, &display.Image{X: z.x0, Y: z.y0, W: z.w, H: h, Key: fmt.Sprintf("%s@%.0fx%.0f", ph.Src, z.w, h), Src: ph.Src, Crop: crop})
		p.items = append(p.items, m.textItems(capLines, z.x0, z.y0+h+4+7.5, 9, display.Color{R: 0x22, G: 0x22, B: 0x22})...)
		p.links = append(p.links, display.Link{X: z.x0, Y: z.y0, W: z.w, H: z.h, Page: t.page - 1})
		if m.pictured == nil {
			m.pictured = map[string]bool{}
		}
		m.pictured[t.s.ID] = true
		return true
	}
	return false
}

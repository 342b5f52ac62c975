package makeup

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/problem"
	"github.com/epaper/epaper/story"
)

// The flatplan is a contract: the edition has exactly the pages its
// sections plan, each section on its own pages, in order, every day. The
// first section's first page is the front page. Too much copy for a
// section's pages: the least important stories are held (overset), the
// others jump to a later page of their section; too little: the section's
// stories are spread over its pages, and modules grow to fill them. Only
// an edition that asks for it (overflow: add-pages) gets pages added, at
// the end of a section whose copy needs them.

// sectionPages are a flatplan section's pages.
type sectionPages struct {
	sec   Section
	index int // in the flatplan
	pages []*page
}

// planPages makes every page the flatplan plans, in order, and places the
// booked ads on them as they are made. An ad that cannot run where it was
// sold fails the edition: it returns the error naming it.
func (m *maker) planPages(in Input) ([]*sectionPages, error) {
	var secs []*sectionPages
	for i, sec := range in.Sections {
		sp := &sectionPages{sec: sec, index: i}
		n := sec.Pages
		if i == 0 && n < 1 {
			n = 1 // the front page is always there
		}
		for k := range n {
			sp.pages = append(sp.pages, m.newPage(sec.Name, i == 0 && k == 0))
		}
		secs = append(secs, sp)
	}
	for i, ad := range m.ads {
		if !m.adDone[i] {
			if ad.Page > 0 {
				m.adErrs = append(m.adErrs, fmt.Errorf("ad %s is booked on page %d, and the edition has %d pages", ad.Name, ad.Page, len(m.pages)))
			} else {
				m.adErrs = append(m.adErrs, fmt.Errorf("ad %s is booked on the first page of section %q, which the flatplan does not have", ad.Name, ad.Section))
			}
		}
	}
	if len(m.adErrs) > 0 {
		return nil, &AdError{Errs: m.adErrs}
	}
	return secs, nil
}

// AdError is a booked ad that cannot run where it was sold: the edition is
// not published without it.
type AdError struct{ Errs []error }

func (e *AdError) Error() string {
	msg := "booked ads cannot run: "
	for i, err := range e.Errs {
		if i > 0 {
			msg += "; "
		}
		msg += err.Error()
	}
	return msg
}

// frontPage makes the front page: the first section's stories and the top
// story of every other section, most important first, the desk's lead (or
// the most important story) leading; long stories show their top and jump
// to a page of their section. What the front page does not take goes back
// to the head of its section's queue.
func (m *maker) frontPage(in Input, secs []*sectionPages, queues [][]*copyItem) indexBox {
	front := secs[0].pages[0]
	if front.locked != nil {
		return indexBox{}
	}
	defer m.on(front)()
	spare := m.spareCopy(secs, queues)
	cands := m.frontCandidates(queues, spare)
	extras, taken := m.frontExtras(queues, spare)
	if slices.ContainsFunc(front.zones, func(z *zone) bool {
		return z.z.Kind == editions.ZoneStories && strings.EqualFold(strings.TrimSpace(z.z.Pick), "briefs")
	}) {
		// a briefs zone on the front page draws on every section's briefs
		b := m.takeBriefs(queues)
		extras, taken = append(extras, b...), append(taken, b...)
	}
	var index indexBox
	if z := front.zoneOf(editions.ZoneIndex); z != nil {
		index = indexBox{col: z.z.From, cols: z.z.To - z.z.From + 1, top: z.y0, lines: int(math.Round(z.h / m.g.lead)), title: z.z.Title}
	}
	if len(cands) == 0 {
		m.closePage(front)
		return index
	}
	m.frontLead = cands[0]
	m.frontLead.wait()
	clear(m.frontLead.heads) // the lead's headline is set larger
	m.jumpTarget = func(c *copyItem) *page { return m.frontJumpTarget(secs, c) }
	left := m.inZones(front, cands, func(q []*copyItem) []*copyItem { return m.fill(front, q, true) })
	// where the top stories leave room, the second stories take it
	extras = m.inZones(front, extras, func(q []*copyItem) []*copyItem { return m.fill(front, q, true) })
	m.jumpTarget = nil
	// the extras the front page does not need go back to the head of their
	// sections, in the order they came; so does what the front page could
	// not take
	for i := len(taken) - 1; i >= 0; i-- {
		if c := taken[i]; slices.Contains(extras, c) {
			if c.s.Words() <= briefWords {
				m.putBack(in, queues, c) // a brief goes back among its peers
			} else {
				m.requeue(in, queues, c)
			}
		}
	}
	for i := len(left) - 1; i >= 0; i-- {
		m.requeue(in, queues, left[i])
	}
	m.closePage(front)
	return index
}

// frontBriefs is the most briefs the front page's briefs zone draws from
// the sections.
const frontBriefs = 12

// takeBriefs takes off the sections' queues (the first section's are the
// front page's already) their briefs, for a briefs zone of the front page:
// the most important first, none the desk pinned to another page.
func (m *maker) takeBriefs(queues [][]*copyItem) []*copyItem {
	var out []*copyItem
	for i := 1; i < len(queues); i++ {
		kept := queues[i][:0]
		for _, c := range queues[i] {
			if len(out) < frontBriefs && c.contID == 0 && c.s.Desk.Page <= 1 && c.s.Words() <= briefWords {
				out = append(out, c)
				continue
			}
			kept = append(kept, c)
		}
		queues[i] = kept
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].s.Priority < out[j].s.Priority })
	return out
}

// putBack puts a story back into its section's queue after the stories of
// its priority or a higher one.
func (m *maker) putBack(in Input, queues [][]*copyItem, c *copyItem) {
	qi := 0
	for i, sec := range in.Sections {
		if sec.Name == c.s.Section {
			qi = i
		}
	}
	q := queues[qi]
	at := len(q)
	for i, o := range q {
		if o.s.Priority > c.s.Priority {
			at = i
			break
		}
	}
	queues[qi] = slices.Insert(q, at, c)
}

// requeue puts a story back at the head of its section's queue.
func (m *maker) requeue(in Input, queues [][]*copyItem, c *copyItem) {
	for qi, sec := range in.Sections {
		if sec.Name == c.s.Section {
			queues[qi] = append([]*copyItem{c}, queues[qi]...)
			return
		}
	}
	queues[0] = append([]*copyItem{c}, queues[0]...)
}

// spare is, for each section, its copy and the room its own pages have,
// in column-lines: the front page takes the top stories of sections that
// can spare them, and leaves a thin section's stories on its own pages,
// which would otherwise stand empty.
type spare struct{ copy, room []float64 }

func (m *maker) spareCopy(secs []*sectionPages, queues [][]*copyItem) spare {
	sp := spare{copy: make([]float64, len(queues)), room: make([]float64, len(queues))}
	for i, sec := range secs {
		for k, p := range sec.pages {
			if i > 0 || k > 0 {
				sp.room[i] += m.freeColumnLines(p)
			}
		}
		for _, c := range queues[i] {
			sp.copy[i] += m.area(c)
		}
	}
	return sp
}

// area is the room a story's module takes at its usual width.
func (m *maker) area(c *copyItem) float64 {
	w := prefCols(c.s.Priority, m.g.cols)
	return float64((m.height(c, w).lines + 1) * w)
}

// canSpare tells whether section i can give c to the front page and still
// fill the share keep of its own pages, and counts it given: the front
// page shows a story's top, and the rest runs on the section's pages.
func (m *maker) canSpare(c *copyItem, sp spare, i int, keep float64) bool {
	if c.s.Desk.Page > 1 {
		return false
	}
	give := m.area(c) * 0.3
	if sp.copy[i]-give < keep*sp.room[i] {
		return false
	}
	sp.copy[i] -= give
	return true
}

// minFront is the fewest stories the front page takes when the day has
// them.
const minFront = 3

// frontJumpTarget is the page a front-page story continues on: the first
// page of its section; for a story of the first section, that section's
// next page, or the first page of the next section when it has none.
func (m *maker) frontJumpTarget(secs []*sectionPages, c *copyItem) *page {
	for _, sp := range secs {
		if sp.sec.Name != c.s.Section {
			continue
		}
		if open := unlocked(sp.pages); sp.index > 0 && len(open) > 0 {
			return open[0]
		}
		break
	}
	if open := unlocked(secs[0].pages[1:]); len(open) > 0 {
		return open[0]
	}
	for _, sp := range secs[1:] {
		if open := unlocked(sp.pages); len(open) > 0 {
			return open[0]
		}
	}
	return nil
}

// unlocked returns the pages that are not locked.
func unlocked(pages []*page) []*page {
	var out []*page
	for _, p := range pages {
		if p.locked == nil {
			out = append(out, p)
		}
	}
	return out
}

// frontCandidates takes the front page's candidates off the queues: the
// first section's stories and the top story of every other section, most
// important first. The desk's lead leads; without one, the most important
// story does, one with a photo before one without at the same priority.
// Stories the desk pinned to another page stay where they are.
func (m *maker) frontCandidates(queues [][]*copyItem, spare spare) []*copyItem {
	var cands []*copyItem
	for i := range queues {
		if i == 0 {
			cands = append(cands, queues[i]...)
			queues[i] = nil
		} else if len(queues[i]) > 0 && (queues[i][0].s.Desk.Lead || m.canSpare(queues[i][0], spare, i, 0.3)) {
			cands = append(cands, queues[i][0])
			queues[i] = queues[i][1:]
		}
	}
	// the front page is the paper's face: on a thin day it takes the top
	// stories of thin sections too, rather than stand empty
	for i := 1; i < len(queues) && len(cands) < minFront; i++ {
		if len(queues[i]) > 0 && queues[i][0].s.Desk.Page <= 1 {
			cands = append(cands, queues[i][0])
			queues[i] = queues[i][1:]
		}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.s.Desk.Lead != b.s.Desk.Lead {
			return a.s.Desk.Lead
		}
		if a.s.Priority != b.s.Priority {
			return a.s.Priority < b.s.Priority
		}
		return m.photoFits(a, max(1, m.g.cols-2)) && !m.photoFits(b, max(1, m.g.cols-2))
	})
	return cands
}

// frontExtras takes off the queues the stories that stand by should the
// front page have room left: the second of each section, and more when
// there are few sections to draw on. It returns them in priority order,
// and in the order they were taken.
func (m *maker) frontExtras(queues [][]*copyItem, spare spare) (extras, taken []*copyItem) {
	secs := 0
	for i := 1; i < len(queues); i++ {
		if len(queues[i]) > 0 {
			secs++
		}
	}
	for k := 0; k < max(2, 12/max(secs, 1)); k++ {
		for i := 1; i < len(queues); i++ {
			if len(queues[i]) > 0 && m.canSpare(queues[i][0], spare, i, 0.7) {
				extras = append(extras, queues[i][0])
				queues[i] = queues[i][1:]
			}
		}
	}
	taken = slices.Clone(extras)
	sort.SliceStable(extras, func(i, j int) bool { return extras[i].s.Priority < extras[j].s.Priority })
	return extras, taken
}

// sectionPages fills each section's pages in flatplan order and says in
// notes why a section holds what it holds. It stops with ctx's error when
// ctx ends between sections.
func (m *maker) sectionPages(ctx context.Context, in Input, secs []*sectionPages, queues [][]*copyItem) error {
	for _, sp := range secs {
		if err := ctx.Err(); err != nil {
			return err
		}
		pages := sp.pages
		if sp.index == 0 {
			pages = pages[1:] // the front page is made
		}
		if len(pages) > 0 {
			m.outline = append(m.outline, display.Bookmark{Level: 0, Title: sp.sec.Name, Page: pages[0].num - 1, Y: pages[0].top})
		}
		pages = unlocked(pages)
		if m.ed.Overflow == "add-pages" && len(pages) > 0 {
			pages = m.addPagesNeeded(sp, pages, queues[sp.index])
		}
		q := m.fillSection(pages, queues[sp.index])
		if len(pages) > 0 {
			m.notes = append(m.notes, fmt.Sprintf("section %s: %s as the flatplan plans, %s; %s", sp.sec.Name, pagesWord(len(sp.pages)), m.storiesOn(pages), m.sectionFill(pages)))
		}
		for len(q) > 0 && m.ed.Overflow == "add-pages" && len(pages) > 0 {
			q = m.addPage(sp, q)
		}
		m.overset(sp, q)
		for _, p := range pages {
			if len(p.mods) == 0 && !m.simulating {
				// a page of fillers is one the desk should know of before
				// the reader does
				m.warnings = append(m.warnings, problem.Problem{Msg: fmt.Sprintf("page %d (%s) has no story: the section has no copy for it tonight, and briefs of other pages' stories fill it; give it copy, or plan fewer pages", p.num, sp.sec.Name)})
			}
		}
	}
	return nil
}

// fillSectionPage fills one page of a section: first the continuations of
// stories jumped to it and the stories the desk pinned to it, then the
// section's queue, until the page's modules take limit column-lines (0:
// as many as fit). A story cut on it continues on next (nil: none may
// jump). It returns the queue left.
func (m *maker) fillSectionPage(p, next *page, q []*copyItem, limit float64, last bool) []*copyItem {
	defer m.on(p)()
	arrivals := append(m.arrivals[p], m.pins[p]...)
	delete(m.arrivals, p)
	m.jumpTarget = func(*copyItem) *page { return next }
	m.limit = limit
	left := m.inZones(p, append(slices.Clone(arrivals), q...), func(q []*copyItem) []*copyItem {
		left := m.fill(p, q, false)
		if last {
			left = m.squeeze(p, left)
		}
		return left
	})
	m.limit = 0
	m.jumpTarget = nil
	var back []*copyItem
	for _, c := range left {
		switch {
		case c.contID > 0 && !slices.Contains(arrivals, c):
			// cut on this page: it continues on the next
			m.arrivals[next] = append(m.arrivals[next], c)
		case c.contID > 0 && next != nil:
			// its page had no room left for it: it runs on the section's
			// next page, which takes it first (its jump line reads the page
			// it lands on)
			m.arrivals[next] = append(m.arrivals[next], c)
		case c.contID > 0 && last && m.ed.Overflow == "add-pages":
			back = append([]*copyItem{c}, back...) // a page is added for it
		case c.contID > 0:
			m.lostContinuation(c, p)
		case slices.Contains(m.pins[p], c):
			m.warnPin(c, p)
			back = append(back, c)
		default:
			back = append(back, c)
		}
	}
	if !m.simulating {
		m.closePage(p)
	}
	return back
}

// fillSection fills a section's pages with its queue and returns what they
// could not take. It first fills them as full as they go, in a trial that
// leaves nothing behind; when that leaves a page short of copy, the
// section has less copy than pages, and each page then takes its share of
// the copy the trial set, so that the pages of a thin section carry their
// stories evenly rather than all on the first.
func (m *maker) fillSection(pages []*page, q []*copyItem) []*copyItem {
	if len(pages) == 0 {
		return q
	}
	limits := make([]float64, len(pages))
	if total, room, thin, _ := m.trialFits(pages, q); thin {
		// less copy than pages: the stories are set larger, unless that
		// leaves one out, and shared over the pages
		boosted := m.boost(q)
		total2, room2, thin2, left := m.trialFits(pages, q)
		if left > 0 {
			m.unboost(boosted)
		} else {
			total, room, thin = total2, room2, thin2
		}
		if thin && len(pages) > 1 {
			for i, p := range pages {
				limits[i] = total * m.freeColumnLines(p) / room
			}
		}
	}
	for i, p := range pages {
		var next *page
		if i+1 < len(pages) {
			next = pages[i+1]
		}
		m.keep = 0
		if limits[i] > 0 {
			m.keep = len(pages) - 1 - i
		}
		q = m.fillSectionPage(p, next, q, limits[i], next == nil)
	}
	m.keep = 0
	return q
}

// sectionFill says how full a section's pages came out before briefs and
// house ads took what was left.
func (m *maker) sectionFill(pages []*page) string {
	used, room := 0.0, 0.0
	for _, p := range pages {
		used += m.usedLines(p)
		room += float64(m.g.cols) * (p.bottom - p.top) / m.g.lead
	}
	if room == 0 {
		return "no page of its own left to fill"
	}
	pct := 100 * used / room
	if pct >= 90 {
		return fmt.Sprintf("copy fills %.0f%% of them", pct)
	}
	return fmt.Sprintf("copy fills %.0f%% of them, spread over them; briefs of other pages' stories and at most a house ad a page fill the rest", pct)
}

// storiesOn counts the stories and continuations set on pages.
func (m *maker) storiesOn(pages []*page) string {
	whole, conts := 0, 0
	for _, p := range pages {
		for _, l := range p.mods {
			if l.part == 2 {
				conts++
			} else {
				whole++
			}
		}
	}
	out := fmt.Sprintf("%d %s on them", whole, plural(whole, "story", "stories"))
	if conts > 0 {
		out += fmt.Sprintf(" and the rest of %d jumped from earlier pages", conts)
	}
	return out
}

// trialFits fills the pages in a trial and tells the copy set, the room
// and whether the section is thin: a page before the last under 85% full,
// or the last under half.
func (m *maker) trialFits(pages []*page, q []*copyItem) (total, room float64, thin bool, left int) {
	used, rest := m.trialFill(pages, q)
	left = len(rest)
	for i, p := range pages {
		free := m.freeColumnLines(p)
		room += free
		total += used[i]
		if used[i] < 0.85*free && (i < len(pages)-1 || used[i] < 0.5*free) {
			thin = true
		}
	}
	return total, room, thin && total < 0.95*room, left
}

// boost sets the stories larger for a thin section, and returns those it
// changed. What was set of them at their usual size is set again.
func (m *maker) boost(q []*copyItem) []*copyItem {
	var out []*copyItem
	for _, c := range q {
		if c.boost || c.contID > 0 {
			continue
		}
		c.wait()
		c.boost = true
		clear(c.heads)
		clear(c.shapes)
		out = append(out, c)
	}
	return out
}

// unboost sets the stories at their usual size again.
func (m *maker) unboost(cs []*copyItem) {
	for _, c := range cs {
		c.boost = false
		clear(c.heads)
		clear(c.shapes)
	}
}

// usedLines is the room a page's modules take, in column-lines.
func (m *maker) usedLines(p *page) float64 {
	n := 0.0
	for _, l := range p.mods {
		n += float64((l.mod.lines + 1) * l.mod.cols)
	}
	return n
}

// trialFill fills the pages as full as they go and returns the room the
// modules took on each and the copy left, then undoes it all.
func (m *maker) trialFill(pages []*page, q []*copyItem) ([]float64, []*copyItem) {
	saved := m.save(pages)
	m.simulating = true
	used := make([]float64, len(pages))
	for i, p := range pages {
		var next *page
		if i+1 < len(pages) {
			next = pages[i+1]
		}
		q = m.fillSectionPage(p, next, q, 0, next == nil)
		used[i] = m.usedLines(p)
	}
	m.simulating = false
	m.restore(saved)
	return used, q
}

// saved is make-up's state before a trial, to go back to.
type saved struct {
	pages          []*page
	colTop, colBot [][]float64
	closed         [][]bool
	zoneTop        [][][]float64
	zoneClosed     [][][]bool
	mods           [][]*placed
	placements     map[string]Placement
	order          []string
	outline        []display.Bookmark
	pending        []pendingJump
	contSeq        int
	arrivals, pins map[*page][]*copyItem
	reserved       map[*page]float64
	warnings       []problem.Problem
	notes          []string
	pictured       map[string]bool
}

func (m *maker) save(pages []*page) *saved {
	s := &saved{pages: pages, placements: map[string]Placement{}, order: slices.Clone(m.order), outline: slices.Clone(m.outline),
		pending: slices.Clone(m.pendingJumps), contSeq: m.contSeq, reserved: maps.Clone(m.reserved),
		arrivals: map[*page][]*copyItem{}, pins: map[*page][]*copyItem{}, warnings: slices.Clone(m.warnings), notes: slices.Clone(m.notes),
		pictured: maps.Clone(m.pictured)}
	for _, p := range pages {
		s.colTop = append(s.colTop, slices.Clone(p.colTop))
		s.colBot = append(s.colBot, slices.Clone(p.colBottom))
		s.closed = append(s.closed, slices.Clone(p.closed))
		s.mods = append(s.mods, slices.Clone(p.mods))
		var zt [][]float64
		var zc [][]bool
		for _, z := range p.zones {
			zt = append(zt, slices.Clone(z.colTop))
			zc = append(zc, slices.Clone(z.closed))
		}
		s.zoneTop, s.zoneClosed = append(s.zoneTop, zt), append(s.zoneClosed, zc)
	}
	for id, pl := range m.placements {
		c := *pl
		c.Pages = slices.Clone(pl.Pages)
		s.placements[id] = c
	}
	for p, cs := range m.arrivals {
		s.arrivals[p] = slices.Clone(cs)
	}
	for p, cs := range m.pins {
		s.pins[p] = slices.Clone(cs)
	}
	return s
}

func (m *maker) restore(s *saved) {
	for i, p := range s.pages {
		p.colTop, p.colBottom, p.closed, p.mods = s.colTop[i], s.colBot[i], s.closed[i], s.mods[i]
		for k, z := range p.zones {
			z.colTop, z.closed = s.zoneTop[i][k], s.zoneClosed[i][k]
		}
	}
	m.placements = map[string]*Placement{}
	for id, pl := range s.placements {
		c := pl
		m.placements[id] = &c
	}
	m.order, m.outline, m.pendingJumps, m.contSeq = s.order, s.outline, s.pending, s.contSeq
	m.arrivals, m.pins, m.reserved, m.warnings, m.notes = s.arrivals, s.pins, s.reserved, s.warnings, s.notes
	m.pictured = s.pictured
}

// squeeze sets on the last page of a section what is left of its queue,
// where any stretch of the page still has room for one whole: a story the
// order of importance kept out of a stretch goes there rather than being
// held while the stretch takes briefs.
func (m *maker) squeeze(p *page, left []*copyItem) []*copyItem {
	for range 2 {
		if !slices.ContainsFunc(left, func(c *copyItem) bool { return c.contID == 0 }) {
			break
		}
		for c := range p.closed {
			if p.closed[c] && p.colBottom[c]-p.colTop[c] >= float64(minLines)*m.g.lead-0.01 {
				p.closed[c] = false
			}
		}
		before := len(left)
		// rather a story wider than a more important one than held
		m.squeezing = true
		left = m.fill(p, left, false)
		m.squeezing = false
		if len(left) == before {
			break
		}
	}
	return left
}

// addPagesNeeded adds to a section as many pages as a trial shows its copy
// needs (overflow: add-pages), before the section is filled, so that its
// copy is spread over all its pages rather than the last page added taking
// what is left (a story and a page of briefs). Each round adds the whole
// pages the copy left would cover (at least one) and tries again; it stops
// when a round places no more stories, and what is still left is added
// for (addPage) or held after the fill.
func (m *maker) addPagesNeeded(sp *sectionPages, pages []*page, q []*copyItem) []*page {
	_, left := m.trialFill(pages, q)
	for len(left) > 0 {
		need := 0.0
		for _, c := range left {
			need += m.area(c)
		}
		p := m.insertPage(sp)
		added := []*page{p}
		for n := int(need / m.freeColumnLines(p)); len(added) < n; {
			added = append(added, m.insertPage(sp))
		}
		for _, p := range added {
			m.notes = append(m.notes, fmt.Sprintf("section %s planned %d pages, its copy needed more: page %d added (overflow: add-pages)", sp.sec.Name, sp.sec.Pages, p.num))
		}
		pages = append(pages, added...)
		_, now := m.trialFill(pages, q)
		if len(now) >= len(left) {
			break
		}
		left = now
	}
	return pages
}

// addPage adds a page to a section whose copy needs more than its plan
// (overflow: add-pages) and fills it.
func (m *maker) addPage(sp *sectionPages, q []*copyItem) []*copyItem {
	p := m.insertPage(sp)
	m.notes = append(m.notes, fmt.Sprintf("section %s planned %d pages, its copy needed more: page %d added (overflow: add-pages)", sp.sec.Name, sp.sec.Pages, p.num))
	before := len(q)
	q = m.fillSectionPage(p, nil, q, 0, true)
	if len(q) == before && len(p.mods) == 0 {
		// not even an empty page takes the first story
		m.hold(q[0].s, "too long for a page, and the edition's pages are full")
		q = q[1:]
	}
	return q
}

// insertPage makes a page after a section's last and numbers the pages
// after it anew.
func (m *maker) insertPage(sp *sectionPages) *page {
	last := sp.pages[len(sp.pages)-1]
	at := slices.Index(m.pages, last) + 1
	p := m.newPage(sp.sec.Name, false)
	m.pages = slices.Insert(m.pages[:len(m.pages)-1], at, p)
	for i, q := range m.pages {
		q.num = i + 1
	}
	sp.pages = append(sp.pages, p)
	return p
}

// overset holds what a section's pages could not take: the least
// important stories, since pages are filled in order of importance.
func (m *maker) overset(sp *sectionPages, q []*copyItem) {
	for _, c := range q {
		if c.contID > 0 {
			m.lostContinuation(c, nil)
			continue
		}
		reason := fmt.Sprintf("no room: section %s's %s full (overset)", sp.sec.Name, pagesWord(len(sp.pages)))
		if len(sp.pages) == 0 || sp.index == 0 && len(sp.pages) == 1 {
			reason = fmt.Sprintf("no room: section %s has no page of its own, and the front page is full (overset)", sp.sec.Name)
		}
		// a story that no two empty pages could hold can never run whole:
		// the desk must cut it or give its section pages
		if need, page := m.area(c), float64(m.g.cols)*m.g.h/m.g.lead; need > 2*page {
			reason = fmt.Sprintf("too long to run: its %d words need about %.0f pages, and a story runs on at most two (its page and the one it jumps to)", c.s.Words(), math.Ceil(need/page))
			m.warn(c.s, "held: "+reason)
		}
		m.hold(c.s, reason)
	}
	if n := len(q); n > 0 {
		m.notes = append(m.notes, fmt.Sprintf("section %s: %d %s held for want of room on its %s", sp.sec.Name, n, plural(n, "story", "stories"), pagesWord(len(sp.pages))))
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// warnPin says why a story the desk pinned to a page is not on it.
func (m *maker) warnPin(c *copyItem, p *page) {
	m.warn(c.s, fmt.Sprintf("pinned to page %d, which has no room for it (its module needs %d lines at %d columns): set with its section instead", p.num, m.height(c, prefCols(c.s.Priority, m.g.cols)).lines, prefCols(c.s.Priority, m.g.cols)))
}

// freeColumnLines is the room left on a page in column-lines.
func (m *maker) freeColumnLines(p *page) float64 {
	n := 0.0
	m.eachZone(p, func(top, bottom []float64, closed []bool) {
		for c := range top {
			if !closed[c] {
				n += math.Max(0, math.Round((bottom[c]-top[c])/m.g.lead))
			}
		}
	})
	return n
}

// eachZone calls f with each stories zone's columns as they stand: the
// page's arrays for the zone being filled, the zone's own for the others,
// within the feet booked ads leave.
func (m *maker) eachZone(p *page, f func(top, bottom []float64, closed []bool)) {
	for _, z := range p.storiesZones() {
		if z == p.active {
			f(p.colTop, p.colBottom, p.closed)
			continue
		}
		top, bottom := make([]float64, m.g.cols), make([]float64, m.g.cols)
		closed := make([]bool, m.g.cols)
		for c := range top {
			closed[c] = z.closed[c] || !z.in(c)
			top[c] = math.Max(z.colTop[c], p.ceil[c])
			bottom[c] = math.Min(z.bottom[c], p.floor[c])
		}
		f(top, bottom, closed)
	}
}

// canJump tells whether the rest of a story cut at body line to fits on
// the page it would continue on, with the room the continuations already
// bound there take.
func (m *maker) canJump(c *copyItem, to int) bool {
	if m.jumpTarget == nil {
		return false
	}
	target := m.jumpTarget(c)
	if target == nil {
		return false
	}
	cont := &copyItem{s: c.s, body: c.body, heads: c.conts, conts: c.conts, missing: c.missing, from: to, contID: -1}
	free := m.freeColumnLines(target) - m.reserved[target]
	for w := 1; w <= m.g.cols; w++ {
		mod := m.height(cont, w)
		if mod.lines+1 <= m.tallest(target, w) && float64((mod.lines+1)*w) <= 0.85*free {
			return true
		}
	}
	return false
}

// tallest is the most lines a module of w columns can have on a page as
// its room stands.
func (m *maker) tallest(p *page, w int) int {
	best := 0
	m.eachZone(p, func(tops, bottoms []float64, closed []bool) {
		for c0 := 0; c0+w <= m.g.cols; c0++ {
			top, bottom := 0.0, math.Inf(1)
			open := true
			for c := c0; c < c0+w; c++ {
				open = open && !closed[c]
				top = math.Max(top, tops[c])
				bottom = math.Min(bottom, bottoms[c])
			}
			if open {
				best = max(best, int(math.Round((bottom-top)/m.g.lead)))
			}
		}
	})
	return best
}

// reserve binds room on the page a jumped story continues on.
func (m *maker) reserve(c *copyItem, to int) *page {
	target := m.jumpTarget(c)
	cont := &copyItem{s: c.s, body: c.body, heads: c.conts, conts: c.conts, missing: c.missing, from: to, contID: -1}
	best := math.Inf(1)
	for w := 1; w <= m.g.cols; w++ {
		best = math.Min(best, float64((m.height(cont, w).lines+1)*w))
	}
	m.reserved[target] += best
	return target
}

// lostContinuation is the safety net under the jump checks: the rest of a
// jumped story found no room on the pages it could continue on. Its first
// part is taken off its page, and the story is held with the reason, so no
// story runs without its end.
func (m *maker) lostContinuation(c *copyItem, on *page) {
	if m.simulating {
		return // a trial counts room, and is undone
	}
	for _, j := range m.pendingJumps {
		if j.c != c {
			continue
		}
		from := j.fromMod
		for _, p := range m.pages {
			if i := slices.Index(p.mods, from); i >= 0 {
				p.mods = slices.Delete(p.mods, i, i+1)
				// the page is closed: the stretch the story took goes to
				// briefs as the page is drawn, or is counted white
				p.white = append(p.white, houseAd{col: from.col, cols: from.mod.cols, y: from.y, lines: from.mod.lines})
			}
		}
		delete(m.placements, c.s.ID)
		i := slices.Index(m.order, c.s.ID)
		if i >= 0 {
			m.order = slices.Delete(m.order, i, i+1)
		}
		where := "its section's pages"
		if on != nil {
			where = fmt.Sprintf("page %d", on.num)
		}
		m.hold(c.s, fmt.Sprintf("no room for the rest of the story on %s: held whole rather than run without its end", where))
	}
}

// checkJumps makes sure every jumped story's rest was placed.
func (m *maker) checkJumps() {
	for p, cs := range m.arrivals {
		for _, c := range cs {
			m.lostContinuation(c, p)
		}
	}
	clear(m.arrivals)
}

// warn records a problem with a story.
func (m *maker) warn(s *story.Story, msg string) {
	m.warnings = append(m.warnings, problemOf(s, msg))
}

// takePins takes off the queues the stories the desk pinned to a page
// other than the front page, to be set first on that page, and moves the
// desk's lead and stories pinned to the front page to the head of the
// first section's queue, where the front page takes its candidates.
func (m *maker) takePins(queues [][]*copyItem) {
	var front []*copyItem
	for qi := range queues {
		kept := queues[qi][:0]
		for _, c := range queues[qi] {
			switch d := c.s.Desk; {
			case d.Page > 1 && d.Page <= len(m.pages):
				p := m.pages[d.Page-1]
				m.pins[p] = append(m.pins[p], c)
			case d.Page == 1 || d.Lead:
				front = append(front, c)
			case d.Page > len(m.pages):
				m.warn(c.s, fmt.Sprintf("pinned to page %d, beyond the edition's %d pages: set with its section instead", d.Page, len(m.pages)))
				kept = append(kept, c)
			default:
				kept = append(kept, c)
			}
		}
		queues[qi] = kept
	}
	queues[0] = append(front, queues[0]...)
}

func problemOf(s *story.Story, msg string) problem.Problem {
	return problem.Problem{File: s.File, Story: s.ID, Msg: msg}
}

// pagesWord says "1 page" or "3 pages" ("page is", "pages are" where the
// caller needs the verb is its own).
func pagesWord(n int) string {
	if n == 1 {
		return "1 page"
	}
	return fmt.Sprintf("%d pages", n)
}

// explain says in each placement why the story is where it is: the front
// page's lead, a pin, its section's pages, a jump for want of room.
func (m *maker) explain() {
	for _, p := range m.pages {
		for _, l := range p.mods {
			c := l.mod.c
			pl := m.placements[c.s.ID]
			if pl == nil || pl.Reason != "" || l.part == 2 {
				continue
			}
			var why string
			switch {
			case p.num == 1 && c == m.frontLead && c.s.Desk.Lead:
				why = "the front page's lead, as the desk asked"
			case p.num == 1 && c == m.frontLead:
				why = "the front page's lead: the most important story"
			case p.num == 1:
				why = "on the front page: among the top stories of the day"
			case c.s.Desk.Page == p.num:
				why = fmt.Sprintf("on page %d, as the desk pinned it", p.num)
			default:
				why = fmt.Sprintf("on page %d, a page of its section %s", p.num, p.info.Section)
			}
			if l.part == 1 && l.jumpTo != nil {
				shown := l.mod.to - l.mod.from
				why += fmt.Sprintf("; jumped: page %d had room for %d of its %d lines, the rest is on page %d", p.num, shown, len(c.body), *l.jumpTo)
			}
			pl.Reason = why
		}
	}
}

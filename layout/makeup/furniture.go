package makeup

import (
	"math"
	"strings"
	"time"

	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/story"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/fonts"
	"github.com/epaper/epaper/layout/typeset"
)

// furniture draws what every page carries: the masthead where its template
// has one (the front page), a folio (section, title, date, page number) on
// the others.
func (m *maker) furniture(p *page, num, total int, date time.Time) {
	defer m.on(p)()
	g, st := &m.g, m.st
	right := g.x0 + g.w
	ink := display.Black
	var items []display.Item
	text := func(s string, f *fonts.Face, size, x, y float64, align int, c display.Color) float64 {
		ls := m.set.SetRagged(s, f, st.Fallbacks, size, 1e6, false)
		if len(ls) == 0 {
			return 0
		}
		w := ls[0].Natural
		switch align {
		case 1:
			x -= w / 2
		case 2:
			x -= w
		}
		items = append(items, m.textItems(ls[:1], x, y, 0, c)...)
		return w
	}
	loc := localeOf(m.ed)
	dateText := loc.date(date)
	if z := p.zoneOf(editions.ZoneMasthead); z != nil {
		m.masthead(z, text, &items, total, dateText, date)
	} else {
		y := g.y0 + g.lead*0.9
		even := num%2 == 0
		sec := strings.ToUpper(strings.Join(p.sections, " · "))
		mid := m.ed.Title + "  ·  " + dateText
		if even {
			text(loc.num(num), st.SansBold, 9, g.x0, y, 0, ink)
			text(sec, st.SansBold, 9, right, y, 2, st.Accent)
		} else {
			text(sec, st.SansBold, 9, g.x0, y, 0, st.Accent)
			text(loc.num(num), st.SansBold, 9, right, y, 2, ink)
		}
		text(mid, st.Sans, 8, g.x0+g.w/2, y, 1, st.Grey)
		ry := g.y0 + g.lead*1.35
		items = append(items, &display.Line{X1: g.x0, Y1: ry, X2: right, Y2: ry, Width: 1, Color: ink})
	}
	p.items = append(items, p.items...)
}

// masthead draws the masthead in its zone: the title in type, or the
// paper's logo, between rules, with ears beside it, then the edition line
// (edition, date, page count, price and page number).
func (m *maker) masthead(z *zone, text func(string, *fonts.Face, float64, float64, float64, int, display.Color) float64, items *[]display.Item, total int, dateText string, date time.Time) {
	st := m.st
	ink := display.Black
	x0, w, top := z.x0, z.w, z.y0
	right := x0 + w
	loc := localeOf(m.ed)
	*items = append(*items, &display.Line{X1: x0, Y1: top, X2: right, Y2: top, Width: 2.5, Color: ink})
	size := m.mastheadSize()
	for size > 12 && st.Masthead.Width(m.ed.Title, size) > w*0.9 {
		size -= 2
	}
	if band := z.h - 36; band > 0 && size*0.95*st.HeadScale > band+0.01 {
		size = math.Floor(band / 0.95 / st.HeadScale)
	}
	ly := top + 16 + size*0.95*st.HeadScale
	titleW := st.Masthead.Width(m.ed.Title, size)
	if logo, ok := m.logos[z.z.Logo]; ok && z.z.Logo != "" {
		// the paper's logo in the title's band, as large as it fits
		ly = top + z.h - 24
		bh := ly - top - 12
		bw := bh * float64(logo.W) / float64(logo.H)
		if bw > w*0.6 {
			bw, bh = w*0.6, w*0.6*float64(logo.H)/float64(logo.W)
		}
		*items = append(*items, &display.Image{X: x0 + (w-bw)/2, Y: top + 6 + (ly-top-12-bh)/2, W: bw, H: bh,
			Key: "logo:" + z.z.Logo, Src: z.z.Logo, Crop: [4]float64{0, 0, 1, 1}, From: display.FromTemplates})
		titleW = bw
	} else {
		text(m.ed.Title, st.Masthead, size, x0+w/2, top+10+size*0.78*st.HeadScale, 1, ink)
	}
	*items = append(*items, &display.Line{X1: x0, Y1: ly, X2: right, Y2: ly, Width: 0.75, Color: ink})
	*items = append(*items, &display.Line{X1: x0, Y1: ly + 18, X2: right, Y2: ly + 18, Width: 0.75, Color: ink})
	left := dateText
	if m.ed.Name != "" {
		left = strings.ToUpper(m.ed.Name) + "  ·  " + dateText
	}
	text(left, st.SansBold, 8, x0, ly+12, 0, ink)
	text(loc.pageCount(total), st.SansBold, 8, x0+w/2, ly+12, 1, ink)
	r := loc.pageNumber(1)
	if m.ed.Price != "" {
		r = strings.ToUpper(m.ed.Price) + "  ·  " + r
	}
	text(r, st.SansBold, 8, right, ly+12, 2, ink)
	// ears: boxes beside the title, where the masthead would stand
	// empty, as wide as the room there (up to two columns); a booked
	// ear ad takes the right one
	earW := math.Min(m.g.span(2), (w-titleW)/2-12)
	if earW >= 60 {
		m.ear(items, x0, top+6, earW, ly-top-12, loc.earLeft(m.ed, date))
		if !m.earBooked {
			m.ear(items, right-earW, top+6, earW, ly-top-12, loc.earRight(m.ed, total))
		}
	}
}

// drawIndex fills the front page's "Inside" box: each section and its page.
func (m *maker) drawIndex(p *page, box indexBox, secs []Section, first map[string]int) {
	defer m.on(p)()
	g, st := &m.g, m.st
	col, top, h := box.col, box.top, float64(box.lines)*g.lead
	x := g.colX(col)
	w := g.span(max(1, box.cols))
	var items []display.Item
	items = append(items, &display.Rect{X: x, Y: top, W: w, H: h, Fill: &display.Color{R: 0xf1, G: 0xee, B: 0xe6}})
	items = append(items, &display.Line{X1: x, Y1: top, X2: x + w, Y2: top, Width: 2, Color: st.Accent})
	loc := localeOf(m.ed)
	label := loc.inside
	if box.title != "" {
		label = box.title
	}
	ls := m.set.SetRagged(label, st.SansBold, st.Fallbacks, 10, w-12, false)
	ls = ls[:min(1, len(ls))]
	items = append(items, m.textItems(ls, x+6, top+g.lead*1.4, 0, st.Accent)...)
	y := top + g.lead*2.6
	for _, s := range secs {
		n, ok := first[s.Name]
		if !ok {
			continue
		}
		name := m.set.SetRagged(typeset.Smarten1(s.Name), st.Sans, st.Fallbacks, 8.5, w-30, false)
		num := m.set.SetRagged(loc.num(n), st.SansBold, st.Fallbacks, 8.5, 30, false)
		items = append(items, m.textItems(name[:1], x+6, y, 0, display.Black)...)
		if len(num) > 0 {
			items = append(items, m.textItems(num[:1], x+w-6-num[0].Natural, y, 0, display.Black)...)
		}
		p.links = append(p.links, display.Link{X: x, Y: y - g.lead*0.8, W: w, H: g.lead, Page: n - 1})
		y += g.lead
	}
	p.items = append(p.items, items...)
}

// houseAd is an open stretch of a page given to the paper's own advertising.
type houseAd struct {
	col, cols int
	y         float64
	lines     int
	// picture is the story a picture of the day shows
	picture *story.Story
}

// drawHouseAd fills a stretch with a framed advertisement for the e-paper.
func (m *maker) drawHouseAd(p *page, ad houseAd) {
	g, st := &m.g, m.st
	x := g.colX(ad.col)
	w := g.span(ad.cols)
	h := float64(ad.lines)*g.lead - g.lead*0.3
	y := ad.y
	if y > p.top+0.01 {
		// under a story, the rule that parts modules parts the ad too
		ry := y - g.lead/2
		p.items = append(p.items, &display.Line{X1: x, Y1: ry, X2: x + w, Y2: ry, Width: 0.5, Color: display.Color{R: 0x88, G: 0x88, B: 0x88}})
		y += g.lead * 0.3
		h -= g.lead * 0.3
	}
	fill := display.Color{R: 0xf4, G: 0xf1, B: 0xea}
	p.items = append(p.items, &display.Rect{X: x, Y: y, W: w, H: h, Fill: &fill, Stroke: &st.Accent, StrokeWidth: 1})
	title := m.ed.Title
	loc := localeOf(m.ed)
	size := math.Min(28, math.Max(10, w/12))
	for size > 8 && st.Masthead.Width(title, size) > w-12 {
		size--
	}
	lines := []struct {
		t    string
		f    *fonts.Face
		size float64
		c    display.Color
	}{
		{title, st.Masthead, size, display.Black},
		{loc.slogan(m.ed), st.HeadIt, math.Max(8, size*0.45), st.Grey},
		{loc.adLines[1], st.Sans, math.Max(7, size*0.32), st.Accent},
	}
	// a low strip takes the lines that fit, at least the title, set no
	// taller than the strip
	total, n := 0.0, 0
	for _, l := range lines {
		if n > 0 && total+l.size*1.4 > h-6 {
			break
		}
		total += l.size * 1.4
		n++
	}
	lines = lines[:n]
	if total > h-6 {
		lines[0].size = math.Max(6, (h-4)/1.1)
		total = lines[0].size * 1.4
	}
	ly := y + (h-total)/2
	for _, l := range lines {
		ls := m.set.SetRagged(l.t, l.f, st.Fallbacks, l.size, w-12, true)
		for _, ln := range ls {
			ly += l.size * 1.4
			if ly-l.size*0.3 > y+h-2 {
				return
			}
			p.items = append(p.items, m.textItems([]typeset.Line{ln}, x+(w-ln.Natural)/2, ly-l.size*0.3, 0, l.c)...)
		}
	}
}

// mastheadSize is the title's size on the front page: up to 64 pt, and
// no wider than 0.9 of the type area; up to 8 pt smaller when that brings
// the masthead's lower rule within 5 pt of a grid line, where the stories
// start (newPage): a wider band under the rule would stand white over
// them. With an ear advertisement booked the title keeps its size.
func (m *maker) mastheadSize() float64 {
	size := 64.0
	for size > 24 && m.st.Masthead.Width(m.ed.Title, size) > m.g.w*0.9 {
		size -= 2
	}
	for _, ad := range m.ads {
		if ad.Position == "ear" {
			return size // a booked ear is as tall as the title's band
		}
	}
	for s := size; s >= size-8 && s >= 24; s -= 2 {
		rule := 34 + s*0.95*m.st.HeadScale
		if float64(m.g.lines(rule+2))*m.g.lead-rule <= 5 {
			return s
		}
	}
	return size
}

// ear draws a small framed box of the masthead with a few lines of text.
func (m *maker) ear(items *[]display.Item, x, y, w, h float64, lines []string) {
	st := m.st
	*items = append(*items, &display.Rect{X: x, Y: y, W: w, H: h, Stroke: &st.Accent, StrokeWidth: 0.75})
	type earLine struct {
		ln   typeset.Line
		size float64
		c    display.Color
	}
	var set []earLine
	total := 0.0
	for i, t := range lines {
		f, size, c := st.Sans, 7.5, display.Black
		if i == 0 {
			f, size, c = st.SansBold, 9, st.Accent
		}
		for _, ln := range m.set.SetRagged(t, f, st.Fallbacks, size, w-10, false) {
			if total+size*1.3 > h-8 {
				break
			}
			set = append(set, earLine{ln, size, c})
			total += size * 1.3
		}
	}
	// the lines spread down the box, which would otherwise stand white
	// under them
	gap := 0.0
	if len(set) > 0 {
		gap = math.Min((h-8-total)/float64(len(set)+1), 9)
	}
	by := y + 4 + gap + (h-8-total-gap*float64(len(set)+1))/2
	for _, l := range set {
		by += l.size
		*items = append(*items, m.textItems([]typeset.Line{l.ln}, x+(w-l.ln.Natural)/2, by, 0, l.c)...)
		by += l.size*0.3 + gap
	}
}

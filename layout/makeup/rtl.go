package makeup

import "github.com/epaper/epaper/display"

// mirror turns finished pages made up left to right into the pages of a
// right-to-left edition (Urdu, Arabic): every item, link and article region
// goes to the other side of its page's vertical axis, so the first column
// and the lead story stand at the right, modules and columns read from the
// right, jump lines sit where the reader's eye ends, and folios and the
// masthead's ears change sides. Pictures move without being flipped.
//
// Text runs move as wholes: their glyphs are already in visual order.
// Their positions on a line were set from the line's right end (typeset's
// right-to-left lines measure from their start), so mirroring the page
// puts each run at its visual place.
//
// It is a pass of its own over the finished result, so that make-up's
// placement is written once, left to right, for every edition.
// Pages for which skip is true are left as they are.
func mirror(res *Result, skip func(page int) bool) {
	for i := range res.Doc.Pages {
		if skip(i) {
			continue
		}
		p := &res.Doc.Pages[i]
		w := p.Width
		for _, it := range p.Items {
			switch v := it.(type) {
			case *display.Text:
				v.X = w - v.X - v.Width()
			case *display.Image:
				v.X = w - v.X - v.W
			case *display.Rect:
				v.X = w - v.X - v.W
			case *display.Line:
				v.X1, v.X2 = w-v.X1, w-v.X2
			}
		}
		for k := range p.Links {
			l := &p.Links[k]
			l.X = w - l.X - l.W
		}
		if i < len(res.Pages) {
			regs := res.Pages[i].Regions
			for k := range regs {
				regs[k].X = w - regs[k].X - regs[k].W
			}
		}
	}
}

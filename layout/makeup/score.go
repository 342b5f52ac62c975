package makeup

import "math"

// Score is how good a made-up page is, out of 100, and what it lost points
// for: the desk sees why a page scored as it did.
type Score struct {
	Total float64 `json:"total"`
	// White is the share of the columns left empty, in percent.
	White float64 `json:"white_pct"`
	// Jumps counts the stories continued on or from another page.
	Jumps int `json:"jumps"`
	// OutOfOrder counts stories set above or wider than a more important
	// story of their section.
	OutOfOrder int `json:"out_of_order"`
	// BumpingHeads counts headlines side by side at the same height.
	BumpingHeads int `json:"bumping_heads"`
	// StackedPhotos counts photos directly above one another.
	StackedPhotos int `json:"stacked_photos"`
}

// score rates a page once it is closed.
func (m *maker) score(p *page) Score {
	sc := Score{White: math.Round(p.info.White*10000) / 100}
	for i, a := range p.mods {
		if a.part > 0 {
			sc.Jumps++
		}
		for j, b := range p.mods {
			if i == j {
				continue
			}
			as, bs := a.mod.c.s, b.mod.c.s
			if a.part != 2 && b.part != 2 && as.Section == bs.Section && as.Priority < bs.Priority &&
				(b.y < a.y-0.5 || b.mod.cols > a.mod.cols) {
				sc.OutOfOrder++
			}
			if j > i && math.Abs(a.y-b.y) < 0.5 && (a.col+a.mod.cols == b.col || b.col+b.mod.cols == a.col) {
				sc.BumpingHeads++
			}
			// b directly under a, sharing columns, photo under photo
			overlap := a.col < b.col+b.mod.cols && b.col < a.col+a.mod.cols
			under := math.Abs(a.y+float64(a.mod.lines+1)*m.g.lead-b.y) < 0.5
			if overlap && under && a.mod.photoCols > 0 && b.mod.photoCols > 0 && a.mod.photoCols == a.mod.cols && a.mod.bodyTop() > 0 &&
				a.mod.rows <= 2 {
				sc.StackedPhotos++
			} else if overlap && under && b.mod.photoCols > 0 && a.mod.photoCols > 0 && a.mod.rows < 4 {
				sc.StackedPhotos++
			}
		}
	}
	sc.Total = math.Max(0, 100-sc.White*3-float64(sc.Jumps)*2-float64(sc.OutOfOrder)*15-float64(sc.BumpingHeads)*5-float64(sc.StackedPhotos)*5)
	sc.Total = math.Round(sc.Total*10) / 10
	return sc
}

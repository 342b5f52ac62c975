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
			if j > i && m.bumping(a, b) {
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

// bumping tells whether two placed modules' headlines bump: side by side,
// at the same height and the same size, where the reader takes them for
// one line across both.
func (m *maker) bumping(a, b *placed) bool {
	if math.Abs(a.y-b.y) >= 0.5 || (a.col+a.mod.cols != b.col && b.col+b.mod.cols != a.col) {
		return false
	}
	return math.Abs(m.modHead(&a.mod).size-m.modHead(&b.mod).size) < 1
}

// headStep is how far a bumping headline steps down, in pt; headLeast is
// the smallest it steps down to.
const headStep, headLeast = 4.0, 12.0

// stepBumpingHeads sets the less important of two bumping headlines a
// step smaller, so that the heads side by side read as a hierarchy: the
// story of lower priority, or of the same priority the narrower, or the
// one on the right.
func (m *maker) stepBumpingHeads(p *page) {
	for i, a := range p.mods {
		for _, b := range p.mods[i+1:] {
			if !m.bumping(a, b) {
				continue
			}
			lesser := b
			pa, pb := a.mod.c.s.Priority, b.mod.c.s.Priority
			if pa > pb || pa == pb && (a.mod.cols < b.mod.cols || a.mod.cols == b.mod.cols && a.col > b.col) {
				lesser = a
			}
			// a step down, or half one, in the rows the head has; where
			// neither keeps them, the cap it had stays
			size, had := m.modHead(&lesser.mod).size, lesser.mod.headCap
			for _, step := range []float64{headStep, headStep / 2} {
				if size-step < headLeast {
					continue
				}
				lesser.mod.headCap = size - step
				if m.modHead(&lesser.mod).size < size {
					break
				}
				lesser.mod.headCap = had
			}
		}
	}
}

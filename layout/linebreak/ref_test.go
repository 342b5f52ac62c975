package linebreak

import "math"

// refBreak is a brute-force reference for one pass of the algorithm: it
// tries every sequence of legal breaks and returns the fewest total
// demerits of those whose lines are all feasible at threshold, with the
// hyphen run limit absolute, and the number of lines of that solution. ok
// is false when no sequence is feasible. Paragraphs must be small.
func refBreak(items []Item, width func(int) float64, s Settings, threshold float64, hyphenate bool) (best float64, lines int, ok bool) {
	n := len(items)
	end := n
	if it := items[n-1]; it.Kind == Penalty && it.Penalty <= -Infinity {
		end = n - 1
	}
	var breaks []int
	for i, it := range items {
		switch it.Kind {
		case Glue:
			if i > 0 && items[i-1].Kind == Box {
				breaks = append(breaks, i)
			}
		case Penalty:
			if it.Penalty <= -Infinity || (it.Penalty < Infinity && (hyphenate || !it.Flagged)) {
				if i != end {
					breaks = append(breaks, i)
				}
			}
		}
	}
	best = math.Inf(1)
	// state for the recursion
	var rec func(from, start int, line int, fit int, flagged bool, run int, total float64)
	rec = func(from, start int, line int, fit int, flagged bool, run int, total float64) {
		for bi := from; bi <= len(breaks); bi++ {
			pos := end
			if bi < len(breaks) {
				pos = breaks[bi]
			}
			if pos < start {
				continue // discarded after the last break
			}
			// a forced break cannot be skipped
			var L, Y, Z float64
			for i := start; i < pos; i++ {
				switch items[i].Kind {
				case Box, Glue:
					L += items[i].Width
					Y += items[i].Stretch
					Z += items[i].Shrink
				}
			}
			pen, pflag := 0.0, false
			if pos < n && items[pos].Kind == Penalty {
				L += items[pos].Width
				pen, pflag = items[pos].Penalty, items[pos].Flagged
			}
			if pos == end {
				pen = -Infinity
			}
			m := width(line)
			if start < n && items[start].Kind == Box {
				m += items[start].Hang
			}
			if pos < n {
				m += items[pos].Hang
			}
			slack := m - L
			var r, bad float64
			f := Decent
			overfull := false
			if slack > 1e-9*max(1, math.Abs(m)) {
				if Y > 0 {
					r = slack / Y
					bad = min(100*r*r*r, infBad)
				} else {
					bad = infBad
				}
				if bad > 99 {
					f = VeryLoose
				} else if bad > 12 {
					f = Loose
				}
			} else if slack < -1e-9*max(1, math.Abs(m)) {
				if Z > 0 {
					r = slack / Z
				} else {
					r = math.Inf(-1)
				}
				if r < -1-1e-9 {
					overfull = true
				} else {
					bad = -100 * r * r * r
					if bad > 12 {
						f = Tight
					}
				}
			}
			if overfull {
				return // longer lines only get worse
			}
			forced := pen <= -Infinity
			if bad <= threshold {
				d := s.LinePenalty + bad
				if math.Abs(d) >= infBad {
					d = 1e8
					if r > loneRatio {
						d = 2e8 // a line its spaces cannot fill
					}
				} else {
					d *= d
				}
				if pen > 0 {
					d += pen * pen
				} else if !forced {
					d -= pen * pen
				}
				if flagged {
					if pos == end {
						d += s.FinalHyphenDemerits
					} else if pflag {
						d += s.DoubleHyphenDemerits
					}
				}
				if fit-f > 1 || f-fit > 1 {
					d += s.AdjDemerits
				}
				if pos == end && line > 0 && s.LastLineDemerits != 0 && (L < s.LastLineMin || slack < s.LastLineGap) {
					d += s.LastLineDemerits
				}
				nrun := 0
				if pflag {
					nrun = run + 1
				}
				if s.MaxHyphenRun <= 0 || nrun <= s.MaxHyphenRun {
					if pos == end {
						if t := total + d; t < best {
							best, lines, ok = t, line+1, true
						}
					} else {
						j := pos + 1
						for j < n && items[j].Kind != Box && !(items[j].Kind == Penalty && items[j].Penalty <= -Infinity) {
							j++
						}
						rec(bi+1, j, line+1, f, pflag, nrun, total+d)
					}
				}
			}
			if forced {
				return
			}
		}
	}
	rec(0, 0, 0, Decent, false, 0, 0)
	return best, lines, ok
}

package makeup

import (
	"math"

	"github.com/epaper/epaper/layout/typeset"
)

// Balancing a module's columns: the greedy distribution fills each column
// in turn and, where short paragraphs may not break across columns, leaves
// columns short; the rows it leaves empty show as white at the column foot,
// or at paragraph breaks when the leading is open enough that a blank row
// reads as a hole. balance looks for column breaks that fill every column
// exactly, setting paragraphs a line looser and leaving out blank lines
// over crossheads where that helps.

// bblock is a run of body lines that goes into the columns as one: a
// paragraph, a crosshead, or the blank line over a crosshead. Its variants
// are the ways it may be set (natural first), each with a cost.
type bblock struct {
	vars  [][]typeset.Line
	cost  []float64
	split bool // may break across a column at a clean line
	end   bool // a column may end after it
}

// Costs of the balancing choices, in rows of white they are worth.
const (
	costLoose = 0.3 // a paragraph set a line looser
	costDrop  = 0.2 // the blank line over a crosshead left out
)

// blocks cuts a module's body lines into blocks. loose, when not nil,
// gives a whole paragraph set a line looser (nil when it has none).
func blocks(lines []typeset.Line, loose func(para int) []typeset.Line) []bblock {
	var out []bblock
	for i := 0; i < len(lines); {
		j := i + 1
		for j < len(lines) && lines[j].Para == lines[i].Para && lines[j].Kind == lines[i].Kind && lines[i].Kind != typeset.BlankLine {
			j++
		}
		ls := lines[i:j]
		b := bblock{vars: [][]typeset.Line{ls}, cost: []float64{0}}
		switch ls[0].Kind {
		case typeset.BlankLine:
			b.vars = append(b.vars, nil)
			b.cost = append(b.cost, costDrop)
		case typeset.CrossheadLine:
		default:
			b.end = true
			b.split = len(ls) >= 2
			whole := ls[0].First && ls[len(ls)-1].Last
			if loose != nil && whole && ls[0].Kind == typeset.BodyLine {
				if lo := loose(ls[0].Para); lo != nil {
					b.vars = append(b.vars, lo)
					b.cost = append(b.cost, costLoose)
				}
			}
		}
		out = append(out, b)
		i = j
	}
	return out
}

// cleanSplit tells whether a column may end after the first k of ls.
func cleanSplit(ls []typeset.Line, k int) bool {
	last, next := ls[k-1], ls[k]
	return !last.Hyphenated && !(last.First && !last.Last) && !(next.Last && !next.First)
}

// balance finds the columns for a module's body lines: the lines to set
// (some paragraphs looser, some blank lines left out) and how many go in
// each column, leaving as few rows empty as it can. slack prices a column's
// empty rows. ok is false when no distribution fits.
func balance(bs []bblock, caps []int, slack func(col, rows int) float64) (body []typeset.Line, per []int, cost float64, ok bool) {
	cols := len(caps)
	mc := 0
	for _, c := range caps {
		mc = max(mc, c)
	}
	nb := len(bs)
	// state (b, c, u): blocks before b placed, column c holds u lines
	idx := func(b, c, u int) int { return (b*cols+c)*(mc+1) + u }
	size := (nb + 1) * cols * (mc + 1)
	best := make([]float64, size)
	for i := range best {
		best[i] = math.Inf(1)
	}
	type step struct {
		from    int32
		v, k    int8 // variant taken; k lines of it in this column when split (0: whole)
		newCol  bool
		hasMove bool
	}
	back := make([]step, size)
	best[idx(0, 0, 0)] = 0
	relax := func(to int, cost float64, s step) {
		if cost < best[to]-1e-9 {
			best[to] = cost
			back[to] = s
		}
	}
	for b := 0; b <= nb; b++ {
		for c := 0; c < cols; c++ {
			for u := 0; u <= caps[c]; u++ {
				cur := best[idx(b, c, u)]
				if math.IsInf(cur, 1) {
					continue
				}
				from := int32(idx(b, c, u))
				// close the column before block b
				if c+1 < cols && u > 0 && b > 0 && bs[b-1].end {
					relax(idx(b, c+1, 0), cur+slack(c, caps[c]-u), step{from: from, newCol: true, hasMove: true})
				}
				if b == nb {
					continue
				}
				blk := &bs[b]
				for v, ls := range blk.vars {
					vc := blk.cost[v]
					if len(blk.vars[0]) == 1 && blk.vars[0][0].Kind == typeset.BlankLine && u == 0 {
						// a blank line at a column's head is not set
						if v == 0 {
							continue
						}
						vc = 0
					}
					if u+len(ls) <= caps[c] {
						relax(idx(b+1, c, u+len(ls)), cur+vc, step{from: from, v: int8(v), hasMove: true})
					}
					if !blk.split || c+1 >= cols || len(ls) > 127 {
						continue
					}
					for k := 1; k < len(ls) && u+k <= caps[c]; k++ {
						if len(ls)-k > caps[c+1] || !cleanSplit(ls, k) {
							continue
						}
						relax(idx(b+1, c+1, len(ls)-k), cur+vc+slack(c, caps[c]-u-k), step{from: from, v: int8(v), k: int8(k), hasMove: true})
					}
				}
			}
		}
	}
	// the end: the last column used and every one after it count their
	// empty rows
	end, endCost := -1, math.Inf(1)
	for c := 0; c < cols; c++ {
		for u := 0; u <= caps[c]; u++ {
			cur := best[idx(nb, c, u)]
			if math.IsInf(cur, 1) {
				continue
			}
			cost := cur + slack(c, caps[c]-u)
			for c2 := c + 1; c2 < cols; c2++ {
				cost += slack(c2, caps[c2]) + 100 // a column left empty
			}
			if cost < endCost-1e-9 {
				end, endCost = idx(nb, c, u), cost
			}
		}
	}
	if end < 0 {
		return nil, nil, 0, false
	}
	// walk back, collecting the blocks' lines column by column
	type take struct {
		b, v, k int
		newCol  bool
	}
	var path []take
	for at := end; at != idx(0, 0, 0); {
		s := back[at]
		b := at / (cols * (mc + 1))
		if !s.newCol {
			b--
		}
		path = append(path, take{b: b, v: int(s.v), k: int(s.k), newCol: s.newCol})
		at = int(s.from)
	}
	per = make([]int, cols)
	c := 0
	for i := len(path) - 1; i >= 0; i-- {
		t := path[i]
		if t.newCol {
			c++
			continue
		}
		ls := bs[t.b].vars[t.v]
		body = append(body, ls...)
		if t.k > 0 {
			per[c] += t.k
			c++
			per[c] += len(ls) - t.k
		} else {
			per[c] += len(ls)
		}
	}
	return body, per, endCost, true
}

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

// bodyBlock is a run of body lines that goes into the columns as one: a
// paragraph, a crosshead, or the blank line over a crosshead. Its variants
// are the ways it may be set (natural first), each with a cost.
type bodyBlock struct {
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
func blocks(lines []typeset.Line, loose func(para int) []typeset.Line) []bodyBlock {
	var out []bodyBlock
	for i := 0; i < len(lines); {
		j := i + 1
		for j < len(lines) && lines[j].Para == lines[i].Para && lines[j].Kind == lines[i].Kind && lines[i].Kind != typeset.BlankLine {
			j++
		}
		ls := lines[i:j]
		b := bodyBlock{vars: [][]typeset.Line{ls}, cost: []float64{0}}
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
//
// It is a shortest path over states (b, c, u): the blocks before b are
// placed and column c holds u lines; a move places block b (one of its
// variants, whole or split across a column break) or closes the column.
func balance(bs []bodyBlock, caps []int, slack func(col, rows int) float64) (body []typeset.Line, per []int, cost float64, ok bool) {
	bl := newBalancer(bs, caps, slack)
	bl.search()
	end, cost := bl.end()
	if end < 0 {
		return nil, nil, 0, false
	}
	body, per = bl.walkBack(end)
	return body, per, cost, true
}

// balancer holds the search of balance: the cheapest cost found to reach
// each state and the move that reached it.
type balancer struct {
	bs    []bodyBlock
	caps  []int
	slack func(col, rows int) float64
	cols  int
	mc    int // the tallest column's capacity
	best  []float64
	back  []move
}

// move is how a state was reached: from a state, taking variant v of the
// block (k lines of it in the column, the rest in the next, when split;
// 0 when whole), or closing the column.
type move struct {
	from   int32
	v, k   int8
	newCol bool
}

func newBalancer(bs []bodyBlock, caps []int, slack func(col, rows int) float64) *balancer {
	bl := &balancer{bs: bs, caps: caps, slack: slack, cols: len(caps)}
	for _, c := range caps {
		bl.mc = max(bl.mc, c)
	}
	size := (len(bs) + 1) * bl.cols * (bl.mc + 1)
	bl.best = make([]float64, size)
	for i := range bl.best {
		bl.best[i] = math.Inf(1)
	}
	bl.back = make([]move, size)
	bl.best[bl.idx(0, 0, 0)] = 0
	return bl
}

func (bl *balancer) idx(b, c, u int) int { return (b*bl.cols+c)*(bl.mc+1) + u }

func (bl *balancer) relax(to int, cost float64, m move) {
	if cost < bl.best[to]-1e-9 {
		bl.best[to] = cost
		bl.back[to] = m
	}
}

// search finds the cheapest way to every state, block by block.
func (bl *balancer) search() {
	nb := len(bl.bs)
	for b := 0; b <= nb; b++ {
		for c := 0; c < bl.cols; c++ {
			for u := 0; u <= bl.caps[c]; u++ {
				cur := bl.best[bl.idx(b, c, u)]
				if math.IsInf(cur, 1) {
					continue
				}
				from := int32(bl.idx(b, c, u))
				// close the column before block b
				if c+1 < bl.cols && u > 0 && b > 0 && bl.bs[b-1].end {
					bl.relax(bl.idx(b, c+1, 0), cur+bl.slack(c, bl.caps[c]-u), move{from: from, newCol: true})
				}
				if b < nb {
					bl.place(b, c, u, cur, from)
				}
			}
		}
	}
}

// place tries every way to set block b in column c after u lines.
func (bl *balancer) place(b, c, u int, cur float64, from int32) {
	blk := &bl.bs[b]
	caps := bl.caps
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
			bl.relax(bl.idx(b+1, c, u+len(ls)), cur+vc, move{from: from, v: int8(v)})
		}
		if !blk.split || c+1 >= bl.cols || len(ls) > 127 {
			continue
		}
		for k := 1; k < len(ls) && u+k <= caps[c]; k++ {
			if len(ls)-k > caps[c+1] || !cleanSplit(ls, k) {
				continue
			}
			bl.relax(bl.idx(b+1, c+1, len(ls)-k), cur+vc+bl.slack(c, caps[c]-u-k), move{from: from, v: int8(v), k: int8(k)})
		}
	}
}

// end picks the cheapest final state: the last column used and every one
// after it count their empty rows. It returns -1 when none is reached.
func (bl *balancer) end() (int, float64) {
	nb := len(bl.bs)
	end, endCost := -1, math.Inf(1)
	for c := 0; c < bl.cols; c++ {
		for u := 0; u <= bl.caps[c]; u++ {
			cur := bl.best[bl.idx(nb, c, u)]
			if math.IsInf(cur, 1) {
				continue
			}
			cost := cur + bl.slack(c, bl.caps[c]-u)
			for c2 := c + 1; c2 < bl.cols; c2++ {
				cost += bl.slack(c2, bl.caps[c2]) + 100 // a column left empty
			}
			if cost < endCost-1e-9 {
				end, endCost = bl.idx(nb, c, u), cost
			}
		}
	}
	return end, endCost
}

// walkBack follows the moves back from the end, collecting the blocks'
// lines column by column.
func (bl *balancer) walkBack(end int) (body []typeset.Line, per []int) {
	type take struct {
		b, v, k int
		newCol  bool
	}
	var path []take
	for at := end; at != bl.idx(0, 0, 0); {
		m := bl.back[at]
		b := at / (bl.cols * (bl.mc + 1))
		if !m.newCol {
			b--
		}
		path = append(path, take{b: b, v: int(m.v), k: int(m.k), newCol: m.newCol})
		at = int(m.from)
	}
	per = make([]int, bl.cols)
	c := 0
	for i := len(path) - 1; i >= 0; i-- {
		t := path[i]
		if t.newCol {
			c++
			continue
		}
		ls := bl.bs[t.b].vars[t.v]
		body = append(body, ls...)
		if t.k > 0 {
			per[c] += t.k
			c++
			per[c] += len(ls) - t.k
		} else {
			per[c] += len(ls)
		}
	}
	return body, per
}

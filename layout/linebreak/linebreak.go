// Package linebreak breaks paragraphs into lines with the total-fit
// algorithm of Knuth and Plass ("Breaking paragraphs into lines", Software:
// Practice and Experience 11, 1981), as TeX does.
//
// A paragraph is a list of items: boxes (material of fixed width, such as
// words or syllables), glue (space that may stretch or shrink) and
// penalties (possible breaks with a cost, such as a hyphenation point).
// Break chooses the breaks that minimise the total demerits of all lines
// together, rather than filling one line at a time.
//
// Legal breaks are glue immediately preceded by a box, and penalties below
// Infinity. A break at glue drops that glue; a break at a penalty adds the
// penalty's width (the hyphen) to the end of the line. After a break, glue
// and penalties are discarded up to the next box, so no line starts with
// space. A paragraph should end with the usual finishing items, glue with
// FillStretch and a forced break, preceded by a penalty of Infinity (see
// Finish), so that its last line may be short; without them the last line
// is justified like the others.
//
// Breaking runs in up to four passes, as in TeX: a first pass without
// hyphenation whose lines must have badness at most PreTolerance; a second
// with hyphenation at Tolerance; an emergency pass that adds
// EmergencyStretch to every line and relaxes MaxHyphenRun; and, if even that
// finds no solution, a rescue pass that accepts any line that does not
// overflow, however loose, still choosing the breaks with the fewest
// demerits (beyond TeX's range of badness they grow linearly, so looseness
// is spread rather than piled on one line). Lines are therefore never
// overfull unless some unbreakable material (a single box, say) is wider
// than the measure; such a line is set on its own and counted in
// Result.Overfull. Looseness is not pursued on the rescue pass.
//
// Two extensions come from pdfTeX. Boxes may stretch and shrink (font
// expansion: a line's glyphs widened or narrowed a little with its
// adjustment), so their stretch counts with the glue's. And a line may hang
// into the margins (optical margin alignment): a break's Hang lets the line
// ending there reach past the measure by the protrusion of its last glyph,
// a box's lets the line it begins start left of it. A paragraph's last line
// may also be charged for being very short or nearly full (LastLineMin,
// LastLineGap).
//
// A Breaker keeps its working memory between calls, so breaking allocates
// only the returned lines.
package linebreak

import (
	"math"
	"math/bits"
)

// Kind says what an item is.
type Kind uint8

// Item kinds.
const (
	Box Kind = iota
	Glue
	Penalty
)

// Item is one element of a paragraph. Widths are in any unit (points).
// Kind must be Box, Glue or Penalty.
type Item struct {
	Kind  Kind
	Width float64 // natural width; for a penalty, the width added at the end of the line if it breaks there
	// Stretch and Shrink are how far glue may stretch or shrink. A box may
	// have them too: font expansion, as pdfTeX models it, where a line's
	// glyphs are widened or narrowed a little with its adjustment.
	Stretch float64
	Shrink  float64
	Penalty float64 // penalty only; >= Infinity forbids a break, <= -Infinity forces one
	Flagged bool    // penalty only: a hyphenation break
	// Hang is how far a line may reach past its measure at this item
	// (optical margin alignment): for a box, into the left margin when the
	// box begins a line; for glue or a penalty, into the right margin when
	// a line ends there, by the protrusion of the line's last glyph or
	// hyphen. The line is then set to its measure plus both hangs.
	Hang float64
}

// Infinity is the penalty that forbids a break; its negative forces one.
const Infinity = 10000

// FillStretch is the stretch of the finishing glue that lets a paragraph's
// last line be short. It is finite, so that a line's Ratio applies to every
// glue item alike, but large enough that the other glue on the last line
// keeps its natural width to within a few millionths of a point.
const FillStretch = 1e6

// Fitness classes of a line, from its adjustment ratio.
const (
	Tight     = 0 // shrunk by more than half its shrink
	Decent    = 1 // within half of its stretch or shrink
	Loose     = 2 // stretched by half to all of its stretch
	VeryLoose = 3 // stretched beyond its stretch
)

// Settings are the parameters of the algorithm, named after TeX's.
type Settings struct {
	// Tolerance is the highest badness a line may have on the second and
	// emergency passes; PreTolerance the highest on the first pass, which
	// does not hyphenate. A negative PreTolerance skips the first pass.
	// Badness is 100|r|³ for an adjustment ratio r, capped at 10000.
	Tolerance    float64
	PreTolerance float64
	// LinePenalty is added to every line's badness before squaring.
	LinePenalty float64
	// DoubleHyphenDemerits are added for two hyphenated lines in a row,
	// FinalHyphenDemerits when the second-last line is hyphenated, and
	// AdjDemerits when a line's fitness class is more than one from the
	// line before's.
	DoubleHyphenDemerits float64
	FinalHyphenDemerits  float64
	AdjDemerits          float64
	// Looseness asks for this many lines more (or fewer) than optimal,
	// when that is possible within Tolerance.
	Looseness int
	// EmergencyStretch is added to every line's stretch when computing
	// badness on the emergency pass. The lines themselves are still set
	// with their own glue (their Ratio may then exceed 1).
	EmergencyStretch float64
	// FirstHyphenDemerits are added when a paragraph's first line ends in
	// a hyphen. Indented first lines line up with each other down a
	// column, where hyphens at their ends read as a stack. At +Inf
	// (math.Inf(1)), a first line ends in a hyphen only on the rescue
	// pass.
	FirstHyphenDemerits float64
	// MaxHyphenRun is the most consecutive lines that may end in a flagged
	// penalty; 0 means no limit. It is absolute on the first two passes;
	// on the emergency pass a longer run costs so much that it is taken only
	// when nothing else is feasible. Values above 14 mean no limit.
	MaxHyphenRun int
	// LastLineMin is the shortest natural width a paragraph's last line
	// should have (one short word alone reads as a hole in the column),
	// and LastLineGap the least it should leave empty at its end (a last
	// line that fills its measure hides where the paragraph ends). A last
	// line short of either adds LastLineDemerits, unless it is the
	// paragraph's only line. 0 turns each off.
	LastLineMin, LastLineGap float64
	LastLineDemerits         float64
	// EvenDemerits are added for each line but a paragraph's first and
	// last times the square of the difference between its adjustment
	// ratio and the line before's, so that neighbouring lines are spaced
	// alike: AdjDemerits tell lines apart only by their fitness class.
	EvenDemerits float64
	// LooseDemerits are added for each line whose ratio (its spaces',
	// with SpacesFirst) is beyond LooseRatio, times the ratio over
	// LooseRatio: a line a reader sees gape. Badness stops growing at
	// 10000, where TeX calls a line infinitely bad, and below it grows so
	// gently that in a narrow column the breaker would rather open holes
	// in a line than pay for a hyphen, and set one line of holes four
	// times a space wide as readily as one twice as wide. 0 turns it off.
	LooseRatio, LooseDemerits float64
	// SpacesFirst says that a line's boxes (a typesetter's glyph
	// expansion) take their stretch or shrink only once its glue has
	// taken all of its own. LooseRatio and EvenDemerits then judge the
	// ratio of the glue, the word spaces a reader sees, rather than the
	// line's over both: a line of few spaces gapes at a ratio a line of
	// many carries well.
	SpacesFirst bool
}

// DefaultSettings returns TeX's plain defaults (tolerance 200,
// pretolerance 100, line penalty 10, double-hyphen demerits 10000,
// final-hyphen demerits 5000, adjacent demerits 10000) with at most two
// hyphenated lines in a row and no emergency stretch.
func DefaultSettings() Settings {
	return Settings{
		Tolerance:            200,
		PreTolerance:         100,
		LinePenalty:          10,
		DoubleHyphenDemerits: 10000,
		FinalHyphenDemerits:  5000,
		AdjDemerits:          10000,
		MaxHyphenRun:         2,
	}
}

// Line is one line of a broken paragraph.
type Line struct {
	// The line sets items[Start:End]. End is the break item, or len(items)
	// when the paragraph has no final forced break. Glue at the break is
	// not set; a penalty at the break adds its Width (the hyphen) at the
	// end of the line. Penalties inside the line set nothing.
	Start, End int
	// Ratio is the adjustment ratio r: each glue item on the line is set
	// at Width + r*Stretch when r >= 0, and at Width + r*Shrink when r < 0.
	// It is 0 for an underfull line with no stretch at all, and never
	// below -1: an overfull line has its glue shrunk fully and sticks out.
	Ratio      float64
	Hyphenated bool // the line ends at a flagged penalty
	Fitness    int  // Tight, Decent, Loose or VeryLoose
	Overfull   bool // the line is wider than its measure even fully shrunk
}

// Result is a broken paragraph.
type Result struct {
	Lines []Line
	// Emergency reports that the lines come from the emergency or rescue
	// pass: no breaks met Tolerance without EmergencyStretch (or, with
	// Looseness, none met it with the number of lines asked for).
	Emergency bool
	// Overfull counts overfull lines; it is 0 unless unbreakable material
	// is wider than the measure.
	Overfull int
	// Demerits is the total of the chosen breaks.
	Demerits float64
}

// Finish appends the items that end a paragraph, as TeX does: a penalty
// of Infinity (so that no break falls before the finishing glue and leaves
// an empty last line), glue of no width with FillStretch, and a forced
// break.
func Finish(items []Item) []Item {
	return append(items,
		Item{Kind: Penalty, Penalty: Infinity},
		Item{Kind: Glue, Stretch: FillStretch},
		Item{Kind: Penalty, Penalty: -Infinity})
}

// NewBox returns a box of width w.
func NewBox(w float64) Item { return Item{Kind: Box, Width: w} }

// NewGlue returns glue of width w that may stretch by y and shrink by z.
func NewGlue(w, y, z float64) Item { return Item{Kind: Glue, Width: w, Stretch: y, Shrink: z} }

// NewPenalty returns a penalty p of width w (the hyphen), flagged when it
// is a hyphenation point.
func NewPenalty(w, p float64, flagged bool) Item {
	return Item{Kind: Penalty, Width: w, Penalty: p, Flagged: flagged}
}

// Uniform returns a width function giving every line the measure w.
func Uniform(w float64) func(int) float64 { return func(int) float64 { return w } }

// Break sets a paragraph, using a fresh Breaker. width(i) gives line i's
// measure (counting from 0), so indented first lines, hanging indents or a
// narrower run of lines beside a picture work. width must not be nil; it is
// called once for each line number from 0 to the number of legal breaks,
// before breaking starts.
func Break(items []Item, width func(line int) float64, s Settings) Result {
	var b Breaker
	return b.Break(items, width, s)
}

// Breaker breaks paragraphs, reusing its working memory from one call to
// the next. The zero value is ready to use. A Breaker is not safe for
// concurrent use; use one per goroutine.
type Breaker struct {
	nodes  []node    // every feasible break of the current pass
	active []act     // the active list, sorted by line class
	next   []act     // the active list being built
	widths []float64 // measure of each possible line
	cands  [64]cand  // best line to the current break per fitness and run
	used   uint64    // which of cands are set

	items  []Item
	s      Settings
	easyW  int32   // lines numbered easyW or more all have the same measure
	easy   int32   // lines numbered easy or more are not told apart
	maxRun int     // MaxHyphenRun in force, 0 for none
	runDim int     // run lengths tracked: 0..runDim-1
	endPos int     // the paragraph's last break
	tiny   float64 // slack treated as zero
	// boxY and boxZ are the boxes' stretch and shrink before each item,
	// kept with SpacesFirst
	boxY, boxZ []float64
}

// node is a feasible break, kept to trace the chosen breaks back.
type node struct {
	pos      int32 // the break item, or len(items); -1 for the paragraph's start
	start    int32 // the first item of the line after
	prev     int32 // the break before, -1 for none
	fitness  uint8 // of the line ending here
	flagged  bool
	overfull bool
	total    float64 // total demerits up to here
	ratio    float64 // of the line ending here
}

// act is an active node: what the inner loop needs of a feasible break.
type act struct {
	w, y, z float64 // width, stretch and shrink totals where the next line starts
	room    float64 // the next line's measure and left hang (in afterBreak's result, the hang alone)
	total   float64
	r       float64 // the ratio of the line ending here, NaN at the paragraph's start
	line    int32   // lines up to and including the one ending here
	idx     int32   // in nodes
	start   int32   // the first item of the next line
	fitness uint8
	run     uint8 // consecutive flagged lines ending here
	flagged bool
}

// cand is the best way found so far to reach the current break in one
// fitness class and hyphen run: its total demerits and the active node it
// comes from.
type cand struct {
	total float64
	r     float64 // the line's ratio
	from  int32   // index in the active list
}

// pass is how one pass of the algorithm judges lines.
type pass struct {
	threshold float64 // highest badness allowed
	hyphenate bool    // flagged penalties are breaks
	extra     float64 // stretch added to each line for badness
	softRun   bool    // MaxHyphenRun costs demerits instead of forbidding
	rescue    bool    // any line that fits is allowed; badness is not capped at infBad
	badCap    float64 // highest badness
}

const (
	infBad = 10000 // TeX's badness of a line that cannot stretch enough
	// bigBad caps the badness of rescue-pass lines (a ratio of about 100),
	// so that demerits stay well inside float64's exact range.
	bigBad = 1e8
	// runDemerits are added on the emergency passes for every line that
	// lengthens a run of hyphenated lines beyond MaxHyphenRun.
	runDemerits = 1e10
	// loneRatio is the adjustment ratio beyond which a line is taken for
	// one without spaces to stretch: a word alone, stretched only by its
	// glyphs' expansion (a line of spaces stretched forty times their
	// stretch is far beyond any line set).
	loneRatio = 40
	// maxLooseSteps bounds the growth of LooseDemerits, in LooseRatios.
	maxLooseSteps = 100
	// maxRunLimit is the largest MaxHyphenRun honoured.
	maxRunLimit = 14
)

// Break sets a paragraph; see the package-level Break.
func (b *Breaker) Break(items []Item, width func(line int) float64, s Settings) Result {
	if len(items) == 0 {
		return Result{}
	}
	b.prepare(items, width, s)
	defer func() { b.items = nil }()

	extra := s.EmergencyStretch
	if !(extra > 0) {
		extra = 0
	}
	p1 := pass{threshold: s.PreTolerance, badCap: infBad}
	p2 := pass{threshold: s.Tolerance, hyphenate: true, badCap: infBad}
	p3 := pass{threshold: s.Tolerance, hyphenate: true, extra: extra, badCap: infBad}
	p4 := pass{threshold: math.Inf(1), hyphenate: true, extra: extra, softRun: true, rescue: true, badCap: bigBad}

	if s.PreTolerance >= 0 {
		if best, met, ok := b.run(&p1); ok && met {
			return b.result(best, false)
		}
	}
	best, met, ok := b.run(&p2)
	if ok && (met || extra == 0) {
		return b.result(best, false)
	}
	if ok || extra > 0 || b.maxRun > 0 {
		if best3, _, ok3 := b.run(&p3); ok3 {
			return b.result(best3, true)
		}
	}
	if ok {
		// The emergency pass was tried only for looseness, and failed.
		best, _, _ = b.run(&p2)
		return b.result(best, false)
	}
	best, _, _ = b.run(&p4)
	return b.result(best, true)
}

// prepare fills the measure cache and the per-call state.
func (b *Breaker) prepare(items []Item, width func(int) float64, s Settings) {
	b.items = items
	b.s = s
	n := len(items)
	b.endPos = n
	if it := items[n-1]; it.Kind == Penalty && it.Penalty <= -Infinity {
		b.endPos = n - 1
	}
	// A paragraph has at most as many lines as it has legal breaks.
	breaks := 1
	for i := range items {
		it := &items[i]
		switch it.Kind {
		case Glue:
			if i > 0 && items[i-1].Kind == Box {
				breaks++
			}
		case Penalty:
			if it.Penalty < Infinity {
				breaks++
			}
		}
	}
	b.widths = b.widths[:0]
	scale := 1.0
	for l := 0; l <= breaks; l++ {
		w := width(l)
		b.widths = append(b.widths, w)
		if a := math.Abs(w); a > scale {
			scale = a
		}
	}
	b.tiny = 1e-9 * scale
	// Lines from easyW on share one measure, so the algorithm need not
	// tell them apart by number, unless looseness asks it to.
	easy := breaks
	for easy > 0 && b.widths[easy-1] == b.widths[breaks] {
		easy--
	}
	b.easyW = int32(easy)
	b.maxRun = s.MaxHyphenRun
	if b.maxRun < 0 || b.maxRun > maxRunLimit {
		b.maxRun = 0
	}
	b.runDim = 1
	if b.maxRun > 0 {
		b.runDim = b.maxRun + 2
	}
	b.used = 0
	// with SpacesFirst, the boxes' stretch and shrink before each item
	b.boxY, b.boxZ = b.boxY[:0], b.boxZ[:0]
	if s.SpacesFirst {
		var y, z float64
		for i := range items {
			b.boxY, b.boxZ = append(b.boxY, y), append(b.boxZ, z)
			if it := &items[i]; it.Kind == Box {
				y += it.Stretch
				z += it.Shrink
			}
		}
		b.boxY, b.boxZ = append(b.boxY, y), append(b.boxZ, z)
	}
}

// run makes one pass. It returns the chosen last node, whether the
// looseness asked for was met, and whether the pass found any solution.
func (b *Breaker) run(p *pass) (best int32, looseMet, ok bool) {
	loose := int32(b.s.Looseness)
	if p.rescue {
		loose = 0
	}
	b.easy = b.easyW
	if loose != 0 {
		b.easy = math.MaxInt32
	}
	b.nodes = append(b.nodes[:0], node{pos: -1, prev: -1, fitness: Decent})
	b.active = append(b.active[:0], act{fitness: Decent, r: math.NaN(), room: b.widths[0]})
	if it := &b.items[0]; it.Kind == Box {
		b.active[0].room += it.Hang
	}
	b.used = 0
	items := b.items
	var w, y, z float64
	for i := range items {
		it := &items[i]
		switch it.Kind {
		case Glue:
			if i > 0 && items[i-1].Kind == Box {
				if !b.try(p, i, 0, false, 0, it.Hang, w, y, z) {
					return 0, false, false
				}
			}
			w += it.Width
			y += it.Stretch
			z += it.Shrink
		case Penalty:
			if it.Penalty < Infinity && (p.hyphenate || !it.Flagged || it.Penalty <= -Infinity) {
				if !b.try(p, i, it.Penalty, it.Flagged, it.Width, it.Hang, w, y, z) {
					return 0, false, false
				}
			}
		default:
			w += it.Width
			y += it.Stretch
			z += it.Shrink
		}
	}
	if b.endPos == len(items) {
		if !b.try(p, len(items), -Infinity, false, 0, 0, w, y, z) {
			return 0, false, false
		}
	}
	if len(b.active) == 0 {
		return 0, false, false
	}
	ba := &b.active[0]
	for i := 1; i < len(b.active); i++ {
		if a := &b.active[i]; a.total < ba.total {
			ba = a
		}
	}
	if loose == 0 {
		return ba.idx, true, true
	}
	// TeX's choice: the line count nearest the one asked for, then the
	// fewest demerits.
	bestLine := ba.line
	actual := int32(0)
	for i := range b.active {
		a := &b.active[i]
		diff := a.line - bestLine
		if (diff < actual && loose <= diff) || (diff > actual && loose >= diff) {
			ba, actual = a, diff
		} else if diff == actual && a.total < ba.total {
			ba = a
		}
	}
	return ba.idx, actual == loose, true
}

// try considers a break at item pos with penalty pen, penalty width pw and
// hang ph, given the totals before pos. It reports false when no active
// node remains.
func (b *Breaker) try(p *pass, pos int, pen float64, flagged bool, pw, ph, w, y, z float64) bool {
	s := &b.s
	forced := pen <= -Infinity
	final := pos == b.endPos
	var penD float64 // the penalty's part of the demerits
	switch {
	case pen > 0:
		penD = pen * pen
	case !forced:
		penD = -pen * pen
	}
	var hyphD float64 // added when the line before is hyphenated too
	switch {
	case final:
		hyphD = s.FinalHyphenDemerits
	case flagged:
		hyphD = s.DoubleHyphenDemerits
	}
	firstD := s.FirstHyphenDemerits
	lastMin, lastGap, lastD := s.LastLineMin, s.LastLineGap, s.LastLineDemerits
	evenD := s.EvenDemerits
	if final {
		evenD = 0
	}
	if !final || lastD == 0 {
		lastMin, lastGap = 0, 0
	}
	var (
		lw          = w + pw
		tiny        = b.tiny
		extra       = p.extra
		badCap      = p.badCap
		threshold   = p.threshold
		rescue      = p.rescue
		linePen     = s.LinePenalty
		adjD        = s.AdjDemerits
		looseD      = s.LooseDemerits
		looseR      = s.LooseRatio
		spacesFirst = s.SpacesFirst
		maxRun      = b.maxRun
		easy        = b.easy
		next        = b.next[:0]
		prevClass   = int32(-1)
		after       act
		afterPos    = int32(-2)
		active      = b.active
	)
	for i := range active {
		a := &active[i]
		if cls := min(a.line, easy); cls != prevClass {
			if b.used != 0 {
				next = b.flush(next, pos, flagged, w, y, z, pw, ph, &after, &afterPos)
			}
			prevClass = cls
		}
		if int32(pos) < a.start {
			// The break lies among the glue and penalties discarded after
			// a: no line ends there.
			next = append(next, *a)
			continue
		}
		slack := a.room + ph - (lw - a.w)
		var r, bad float64
		rs := 0.0 // the spaces' ratio (see SpacesFirst)
		fit := uint8(Decent)
		overfull := false
		if slack > tiny {
			if st := y - a.y + extra; st > 0 {
				r = slack / st
				bad = 100 * r * r * r
				if bad > badCap {
					bad = badCap
				}
			} else {
				bad = badCap
			}
			rs = r
			if spacesFirst {
				bx := b.boxY[pos] - b.boxY[a.start]
				rs = spacesRatio(slack, y-a.y-bx, bx, r)
			}
			if bad > 12 {
				fit = Loose
				if bad > 99 {
					fit = VeryLoose
				}
			}
		} else if slack < -tiny {
			if sh := z - a.z; sh > 0 {
				r = slack / sh
			} else {
				r = math.Inf(-1)
			}
			rs = r
			if spacesFirst {
				bx := b.boxZ[pos] - b.boxZ[a.start]
				rs = -spacesRatio(-slack, z-a.z-bx, bx, -r)
			}
			if r < -1-1e-9 {
				overfull = true
			} else {
				bad = -100 * r * r * r
				if bad > 12 {
					fit = Tight
				}
			}
		}
		deactivate := overfull || forced
		if !deactivate {
			next = append(next, *a)
		}
		var d float64
		switch {
		case !overfull && bad <= threshold:
			d = linePen + bad
			switch {
			case d < infBad && d > -infBad:
				d *= d
			case rescue && d > 0:
				// Beyond TeX's range, demerits grow linearly, so that
				// very loose lines still compare without swamping the
				// rest of the paragraph.
				d *= infBad
			case r > loneRatio:
				// a line whose spaces cannot fill it (a word alone, as
				// "The" over "Electronic Frontier Foundation") gapes at its
				// end however it is set: worse than any line that can
				d = 2 * infBad * infBad
			default:
				d = infBad * infBad
			}
			if looseD > 0 && rs > looseR {
				// in proportion to the ratio, so that a line is not
				// made to gape far for the few beside it (up to a
				// bound that keeps the sums exact)
				d += looseD * min(rs/looseR, maxLooseSteps)
				if r > loneRatio {
					// a word alone counts twice here, as in its
					// demerits above
					d += looseD
				}
			}
			d += penD
			if a.flagged {
				d += hyphD
			}
			if flagged && a.line == 0 {
				if math.IsInf(firstD, 1) {
					if !rescue {
						continue
					}
					// on the rescue pass, a first line however loose
					// beats a forbidden hyphen, which is taken only where
					// the line would otherwise overflow
					d += firstD * bigBad
				} else {
					d += firstD
				}
			}
			if f := a.fitness; f > fit+1 || fit > f+1 {
				d += adjD
			}
			if evenD != 0 && a.r == a.r {
				dr := evenRatio(rs) - a.r
				d += evenD * dr * dr
			}
			if (lastMin > 0 || lastGap > 0) && a.line > 0 {
				// the paragraph's last line: its natural width, and the
				// white it leaves
				if lw-a.w < lastMin || slack < lastGap {
					d += lastD
				}
			}
		case deactivate && rescue && len(next) == 0 && b.used == 0 && i == len(active)-1:
			// The last node left cannot reach this break: take it anyway,
			// with no demerits of its own, as TeX does on its final pass,
			// rather than lose the paragraph.
		default:
			continue
		}
		run := 0
		if flagged && maxRun > 0 {
			run = int(a.run) + 1
			if run > maxRun {
				if !p.softRun {
					continue
				}
				d += runDemerits
				run = maxRun + 1
			}
		}
		total := a.total + d
		k := run<<2 | int(fit)
		c := &b.cands[k&63]
		if b.used&(1<<k) != 0 && total > c.total {
			continue
		}
		b.used |= 1 << k
		*c = cand{total: total, r: evenRatio(rs), from: int32(i)}
	}
	if b.used != 0 {
		next = b.flush(next, pos, flagged, w, y, z, pw, ph, &after, &afterPos)
	}
	b.next = b.active
	b.active = next
	return len(next) > 0
}

// spacesRatio is the ratio of a line's glue when it must gain slack > 0
// with glue stretch sp and box stretch bx, the glue taking its own
// stretch first, then the boxes theirs, then the glue the rest; r is the
// line's ratio over both, returned for a line with no glue.
func spacesRatio(slack, sp, bx, r float64) float64 {
	switch {
	case !(sp > 0):
		return r
	case slack <= sp:
		return slack / sp
	case slack <= sp+bx:
		return 1
	}
	return (slack - bx) / sp
}

// evenRatio bounds a ratio for EvenDemerits: an overfull line counts as
// fully shrunk, and a line looser than maxEven as maxEven.
func evenRatio(r float64) float64 { return max(-1, min(r, maxEven)) }

// maxEven is the loosest ratio EvenDemerits tell apart: beyond twice its
// stretch a line is loose, however loose, and bounding the difference
// keeps the candidates a break must keep few.
const maxEven = 2

// flush turns the candidates into active nodes at break pos, appended to
// next, and clears them. A candidate is dropped when it can never win: when
// it is worse than one with the same or a shorter hyphen run by more than
// the next line can make up (AdjDemerits, and EvenDemerits times the
// widest difference of bounded ratios squared), or no better than one of
// its own fitness class with a shorter run (a shorter run is never a
// disadvantage later). With EvenDemerits, candidates of one fitness class
// but different ratios are told apart only by their totals, as TeX tells
// lines apart by fitness class alone.
func (b *Breaker) flush(next []act, pos int, flagged bool, w, y, z, pw, ph float64, after *act, afterPos *int32) []act {
	if *afterPos != int32(pos) {
		*after = b.afterBreak(pos, w, y, z)
		*afterPos = int32(pos)
	}
	dim := b.runDim
	var minTot [maxRunLimit + 2]float64
	for i := 0; i < dim; i++ {
		minTot[i] = math.Inf(1)
	}
	for m := b.used; m != 0; m &= m - 1 {
		k := bits.TrailingZeros64(m)
		if t := b.cands[k].total; t < minTot[k>>2] {
			minTot[k>>2] = t
		}
	}
	for i := 1; i < dim; i++ {
		if minTot[i-1] < minTot[i] {
			minTot[i] = minTot[i-1]
		}
	}
	adj := b.s.AdjDemerits + b.s.EvenDemerits*(maxEven+1)*(maxEven+1)
	for m := b.used; m != 0; m &= m - 1 {
		k := bits.TrailingZeros64(m)
		c := &b.cands[k]
		run := k >> 2
		if c.total > minTot[run]+adj {
			continue
		}
		dominated := false
		for k2 := k & 3; k2 < k; k2 += 4 {
			if b.used&(1<<k2) != 0 && b.cands[k2].total <= c.total {
				dominated = true
				break
			}
		}
		if dominated {
			continue
		}
		a := &b.active[c.from]
		ratio, overfull := b.ratio(a, w+pw, ph, y, z)
		fit := uint8(k & 3)
		idx := int32(len(b.nodes))
		b.nodes = append(b.nodes, node{
			pos: int32(pos), start: after.start, prev: a.idx, fitness: fit,
			flagged: flagged, overfull: overfull, total: c.total, ratio: ratio,
		})
		nd := *after
		nd.total = c.total
		nd.line = a.line + 1
		nd.room += b.widths[nd.line]
		nd.idx = idx
		nd.fitness = fit
		nd.r = c.r
		nd.run = uint8(run)
		nd.flagged = flagged
		next = append(next, nd)
	}
	b.used = 0
	return next
}

// ratio returns the adjustment ratio of the line from a to a break with
// width total lw, hang ph and totals y, z there, as it is set with its own
// glue, and whether it is overfull. It repeats the arithmetic of try
// exactly.
func (b *Breaker) ratio(a *act, lw, ph, y, z float64) (float64, bool) {
	slack := a.room + ph - (lw - a.w)
	switch {
	case slack > b.tiny:
		if st := y - a.y; st > 0 {
			return slack / st, false
		}
		return 0, false
	case slack < -b.tiny:
		sh := z - a.z
		if sh <= 0 {
			return -1, true
		}
		r := slack / sh
		if r < -1-1e-9 {
			return -1, true
		}
		return max(r, -1), false
	}
	return 0, false
}

// afterBreak returns the totals at the first item kept after a break at pos
// (in w, y, z) and its index (in start), given the totals w, y, z before pos:
// the break item itself and the glue and penalties after it are discarded,
// up to the next box or forced break.
func (b *Breaker) afterBreak(pos int, w, y, z float64) act {
	items := b.items
	j := pos
	if j < len(items) {
		if it := &items[j]; it.Kind == Glue {
			w += it.Width
			y += it.Stretch
			z += it.Shrink
		}
		for j++; j < len(items); j++ {
			it := &items[j]
			if it.Kind == Glue {
				w += it.Width
				y += it.Stretch
				z += it.Shrink
			} else if it.Kind != Penalty || it.Penalty <= -Infinity {
				break
			}
		}
	}
	nd := act{w: w, y: y, z: z, start: int32(j)}
	if j < len(items) && items[j].Kind == Box {
		nd.room = items[j].Hang
	}
	return nd
}

// result builds the Result from the chosen last node.
func (b *Breaker) result(best int32, emergency bool) Result {
	n := 0
	for i := best; b.nodes[i].prev >= 0; i = b.nodes[i].prev {
		n++
	}
	res := Result{Lines: make([]Line, n), Emergency: emergency, Demerits: b.nodes[best].total}
	i := best
	for k := n - 1; k >= 0; k-- {
		nd := &b.nodes[i]
		res.Lines[k] = Line{
			Start:      int(b.nodes[nd.prev].start),
			End:        int(nd.pos),
			Ratio:      nd.ratio,
			Hyphenated: nd.flagged,
			Fitness:    int(nd.fitness),
			Overfull:   nd.overfull,
		}
		if nd.overfull {
			res.Overfull++
		}
		i = nd.prev
	}
	return res
}

package typeset

import (
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/epaper/epaper/fonts"
	"github.com/epaper/epaper/layout/hyph"
	"github.com/epaper/epaper/layout/linebreak"
	"github.com/epaper/epaper/story"
	"github.com/go-text/typesetting/bidi"
	"github.com/go-text/typesetting/segmenter"
)

// Breaker chooses where lines end. *linebreak.Breaker, Knuth–Plass, is the
// one editions use; tests may pass a simpler one.
type Breaker interface {
	Break(items []linebreak.Item, width func(line int) float64, s linebreak.Settings) linebreak.Result
}

// Hyphenator proposes hyphenation points in a word; nil hyphenates nothing.
// *hyph.Hyphenator, Liang's patterns, is the one editions use.
type Hyphenator interface {
	Points(word string) []Point
}

// Point is a place a word may break: byte offset, and whether the word has
// its own hyphen there (so none is added). It is hyph's, so a hyphenator
// serves the setter as it is.
type Point = hyph.Point

// ParaStyle is how a paragraph is set.
type ParaStyle struct {
	Faces Faces
	Size  float64
	// Indent is the first line's indent; 0 for the first paragraph of a
	// story and after a crosshead.
	Indent float64
	// Left and Right narrow every line (block quotations).
	Left, Right float64
	// Justify sets lines flush both sides; ragged right otherwise.
	Justify bool
	// SpaceStretch and SpaceShrink are fractions of the space width.
	SpaceStretch, SpaceShrink float64
	Hyphenator                Hyphenator
	HyphenPenalty             float64
	// NarrowHyphenPenalty is added to HyphenPenalty for each em by which
	// the measure is narrower than NarrowMeasure (in ems). A narrow column
	// has few spaces a line to take up slack and would hyphenate line
	// after line; the dearer hyphen is kept for the lines it saves from
	// gaping.
	NarrowHyphenPenalty, NarrowMeasure float64
	// ExpandStretch and ExpandShrink are the most a justified line's
	// glyphs may be widened or narrowed (horizontal scaling, PDF's Tz), as
	// fractions of their width: 0.02, microtype's default, is about what
	// the eye does not see. A line has one expansion, chosen with its
	// adjustment; the line breaker counts it as stretch and shrink of the
	// words, as pdfTeX does.
	ExpandStretch, ExpandShrink float64
	// ExpandStep is the step a line's expansion is rounded to; word spaces
	// take up the rest exactly.
	ExpandStep float64
	// ExpandFrom is how far word spaces stretch alone, as a fraction of
	// their stretch, before the glyphs join in, and ShrinkFrom how far they
	// shrink alone; beyond it spaces and glyphs share the rest in
	// proportion to their room.
	ExpandFrom, ShrinkFrom float64
	// LetterStretch is the most letter spacing a justified line may take,
	// in ems, and only as a rescue: a line whose spaces would stretch
	// beyond TrackFrom times their stretch with its glyphs fully expanded
	// takes what it needs beyond that, up to this much between its
	// letters. Line.Tracking tells which lines did.
	LetterStretch, TrackFrom float64
	// Protrusion scales how far punctuation at the ends of justified lines
	// hangs into the margins (optical margin alignment: a full stop,
	// comma, hyphen or quote at the edge is set partly outside it, so
	// the edge looks straight); 1 is microtype's amounts, 0 none.
	Protrusion float64
	// Break are the line breaker's settings for the paragraph.
	Break linebreak.Settings
	// RepeatFirstHyphenDemerits are added to the breaker's
	// FirstHyphenDemerits when the paragraph before had its first line end
	// in a hyphen: indented first lines align down a column, and hyphens at
	// their ends would stack. Forbidding the second (+Inf) left a first
	// line that had no other break gaping: one first line in five on a
	// day's stories was loose. A repeat costs as much as a loose line.
	RepeatFirstHyphenDemerits float64
}

// DefaultParaStyle is justified body text for narrow newspaper columns,
// chosen by measuring the grey of six-column pages against LaTeX's:
//   - TeX's interword glue and hyphen penalty, the penalty rising by 1600
//     for each em a column is narrower than 19 ems, to just short of
//     forbidding (a narrow column would otherwise hyphenate line after
//     line);
//   - TeX's demerits with any line TeX can rate allowed (a tolerance of
//     10000) and no emergency stretch: a narrow column has too few spaces
//     a line for TeX's tolerance of 200, and an emergency pass flattens
//     the badness of every line;
//   - a line whose word spaces stretch beyond three times their stretch
//     (two and a half times their width) costs as much again as a line
//     TeX calls infinitely bad, and more the more it gapes
//     (LooseRatio, LooseDemerits): below its cap TeX's badness grows too
//     gently for a narrow column, and beyond it not at all;
//   - lines spaced like their neighbours (EvenDemerits), judged, as the
//     loose lines are, by their word spaces rather than by the glyphs'
//     expansion with them (SpacesFirst), and a last line at least 2 ems
//     long;
//   - a paragraph's first line may end in a hyphen, at a cost below a
//     loose line's, and as much again when the first line before ended
//     in one (indented first lines align down a column, where hyphens
//     would stack);
//   - glyph expansion of at most 2% either way (microtype's default) in
//     steps of 0.5%, once word spaces are fully stretched or shrunk;
//   - letter spacing of at most 0.02 em, only as a rescue for a line whose
//     spaces would otherwise stretch beyond 5.5 times their stretch;
//   - hanging punctuation.
func DefaultParaStyle(f Faces, size float64) ParaStyle {
	b := linebreak.DefaultSettings()
	b.Tolerance = linebreak.Infinity
	b.FirstHyphenDemerits = 1e7
	b.EvenDemerits = 1e7
	b.LooseRatio, b.LooseDemerits = 3, 1e8
	b.SpacesFirst = true
	b.LastLineMin, b.LastLineDemerits = 2*size, 100000
	return ParaStyle{Faces: f, Size: size, Indent: size, Justify: true,
		SpaceStretch: 0.5, SpaceShrink: 0.33,
		HyphenPenalty: 100, NarrowHyphenPenalty: 1600, NarrowMeasure: 19,
		ExpandStretch: 0.02, ExpandShrink: 0.02, ExpandStep: 0.005, ExpandFrom: 1, ShrinkFrom: 1,
		LetterStretch: 0.02, TrackFrom: 5.5,
		Protrusion: 1,
		Break:      b, RepeatFirstHyphenDemerits: b.LooseDemerits}
}

// maxHyphenPenalty is the most a hyphen costs, however narrow the
// column: just short of the line breaker's Infinity, which forbids.
const maxHyphenPenalty = linebreak.Infinity - 100

// looseTolerance bounds the badness of lines when a paragraph is asked
// for more or fewer lines than its best setting: TeX's tolerance.
const looseTolerance = 200

// Setter sets paragraphs; it keeps buffers between calls, so one Setter
// belongs to one goroutine.
type Setter struct {
	Breaker Breaker
	// Missing collects characters no face could show.
	Missing map[rune]bool
	items   []linebreak.Item
	refs    []itemRef
	words   []word
	arena   []piece // the words' pieces
	// firstHyphen is set when the last paragraph's first line ended in a hyphen
	firstHyphen bool
	// Shaper shapes words; nil sets one glyph per character. Lang is the
	// text's BCP 47 language, for the shaper.
	Shaper Shaper
	Lang   string
	// RTL sets paragraphs right to left (Urdu, Arabic): their base
	// direction, whatever their first letter, and the origin of their
	// lines' positions, which are measured from the right (see reorder).
	RTL    bool
	shaped map[shapeKey]shaped
	bidi   bidi.Paragraph
	levels []uint8
	bidiOn bool // the paragraph being set has levels
	hyph   map[string][]Point
	segs   []seg
	glues  []linebreak.Item
}

// setterWords is room for the distinct words a setter meets in a day's
// stories, so its memories do not grow step by step.
const setterWords = 1 << 13

func (s *Setter) measurer(size float64) *measurer {
	if s.shaped == nil {
		s.shaped = make(map[shapeKey]shaped, setterWords)
	}
	return &measurer{size: size, missing: s.Missing, shaper: s.Shaper, lang: s.Lang, cache: s.shaped}
}

// paraLevels returns the bidirectional level of every byte of the spans'
// text, nil when the paragraph is left to right throughout.
func (s *Setter) paraLevels(spans []story.Span) []uint8 {
	var b strings.Builder
	need := s.RTL
	for _, sp := range spans {
		need = need || needsBidi(sp.Text)
	}
	s.bidiOn = need
	if !need {
		return nil
	}
	for _, sp := range spans {
		b.WriteString(sp.Text)
	}
	s.levels = bidiLevels(&s.bidi, b.String(), s.RTL, s.levels)
	return s.levels
}

// points returns the hyphenation points of a word, remembered per setter.
func (s *Setter) points(h Hyphenator, word string) []Point {
	if s.hyph == nil {
		s.hyph = make(map[string][]Point, setterWords)
	}
	p, ok := s.hyph[word]
	if !ok {
		p = h.Points(word)
		s.hyph[word] = p
	}
	return p
}

type itemRef struct {
	word     int
	from, to int // byte range of the word's text a box covers
}

// SetSpans sets one block of styled text into lines of the given measure.
func (s *Setter) SetSpans(spans []story.Span, measure float64, st ParaStyle) []Line {
	// Words are measured exactly (shaped) once; the parts of a word
	// between hyphenation points only roughly, from the word's glyphs, as
	// most are never used. The lines chosen are assembled exactly.
	m := s.measurer(st.Size)
	rough := s.measurer(st.Size)
	rough.rough = true
	s.words, s.arena = splitWordsInto(s.words[:0], s.arena[:0], spans, &st.Faces, m, s.paraLevels(spans))
	if len(s.words) == 0 {
		return nil
	}
	space := st.Faces.Regular.Width(" ", st.Size)
	s.items = s.items[:0]
	s.refs = s.refs[:0]
	add := func(it linebreak.Item, r itemRef) {
		s.items = append(s.items, it)
		s.refs = append(s.refs, r)
	}
	if st.Indent > 0 {
		add(linebreak.Item{Kind: linebreak.Box, Width: st.Indent}, itemRef{word: -1})
	}
	hyphenW := st.Faces.Regular.Width("-", st.Size)
	hp := st.HyphenPenalty
	if ems := (measure - st.Left - st.Right) / st.Size; ems < st.NarrowMeasure {
		hp += (st.NarrowMeasure - ems) * st.NarrowHyphenPenalty
	}
	// at Infinity a penalty forbids its break, and the narrowest
	// columns need their hyphens most
	hp = math.Min(hp, maxHyphenPenalty)
	hang := st.Justify && st.Protrusion > 0
	// box adds the part of word i between two offsets: its glyphs may
	// expand with the line, and its first character may hang left
	box := func(i, from, to int) {
		w := &s.words[i]
		bw := w.widthOf(from, to, rough)
		it := linebreak.Item{Kind: linebreak.Box, Width: bw}
		if st.Justify {
			it.Stretch, it.Shrink = bw*st.ExpandStretch, bw*st.ExpandShrink
		}
		if hang {
			// a part that starts a line hangs as a word would: a word
			// broken before its dash ("sea—the") starts the next line
			// with it
			r, f := w.runeAt(from)
			it.Hang = st.protrude(f, r, false)
		}
		add(it, itemRef{i, from, to})
	}
	for i := range s.words {
		w := &s.words[i]
		if i > 0 {
			prev := &s.words[i-1]
			if prev.nbsp || loneDash(prev.text) {
				// a hyphen or dash standing alone (a list's bullet, a
				// spaced dash) stays with the word after it: at a line's
				// end it would read as a word broken there
				add(linebreak.Item{Kind: linebreak.Penalty, Penalty: linebreak.Infinity}, itemRef{word: -1})
			}
			g := linebreak.Item{Kind: linebreak.Glue, Width: space}
			if st.Justify {
				g.Stretch, g.Shrink = space*st.SpaceStretch, space*st.SpaceShrink
			}
			if hang {
				// a line ending here ends with the word before
				r, f := prev.runeAt(len(prev.text) - 1)
				g.Hang = st.protrude(f, r, true)
			}
			add(g, itemRef{word: -1})
		}
		if st.Hyphenator != nil && st.Justify {
			for _, p := range s.points(st.Hyphenator, w.text) {
				w.breaks = append(w.breaks, breakPoint{off: p.Offset, explicit: p.Explicit})
			}
		}
		w.breaks = mergeBreaks(w.breaks, lineBreaks(w.text))
		if width := measure - st.Left - st.Right; w.widthOf(0, len(w.text), rough) > width {
			w.breaks = mergeBreaks(w.breaks, emergencyBreaks(w, width, rough))
		}
		from := 0
		for _, bp := range w.breaks {
			if bp.off <= from || bp.off >= len(w.text) {
				continue
			}
			box(i, from, bp.off)
			var pen linebreak.Item
			switch {
			case bp.emergency:
				pen = linebreak.Item{Kind: linebreak.Penalty, Penalty: emergencyPenalty}
			case bp.plain:
				// after a slash or a dash: a break with nothing added
				pen = linebreak.Item{Kind: linebreak.Penalty, Penalty: st.HyphenPenalty / 2}
			default:
				pen = linebreak.Item{Kind: linebreak.Penalty, Width: hyphenW, Penalty: hp, Flagged: true}
				if bp.explicit {
					pen.Width = 0
				}
			}
			if hang {
				// the line ends with the character before the break, or
				// with the hyphen added in that character's face
				r, f := w.runeAt(bp.off - 1)
				if !bp.plain && !bp.explicit && !bp.emergency {
					r = '-'
				}
				pen.Hang = st.protrude(f, r, true)
			}
			add(pen, itemRef{word: i, from: bp.off, to: bp.off})
			from = bp.off
		}
		box(i, from, len(w.text))
	}
	// finish: fill the last line, force the break
	add(linebreak.Item{Kind: linebreak.Glue, Stretch: 1e6}, itemRef{word: -1})
	add(linebreak.Item{Kind: linebreak.Penalty, Penalty: -linebreak.Infinity}, itemRef{word: -1})

	width := measure - st.Left - st.Right
	bs := st.Break
	if s.firstHyphen {
		bs.FirstHyphenDemerits += st.RepeatFirstHyphenDemerits
	}
	if bs.Looseness != 0 && bs.Tolerance > looseTolerance {
		// a paragraph set a line looser or tighter is only of use with
		// its lines within TeX's tolerance; beyond it the breaker would
		// track every line count through every paragraph
		bs.Tolerance = looseTolerance
	}
	res := s.Breaker.Break(s.items, func(int) float64 { return width }, bs)
	s.firstHyphen = len(res.Lines) > 0 && res.Lines[0].Hyphenated
	lines := make([]Line, 0, len(res.Lines))
	for li, bl := range res.Lines {
		last := li == len(res.Lines)-1
		lines = append(lines, s.assemble(bl, last, measure, st, m))
	}
	return lines
}

// seg is a word, or the part of one, set on a line.
type seg struct {
	x      float64 // natural position
	pieces []piece
	width  float64
	gaps   int // the gaps between its glyphs that letter spacing widens
	word   int // the word's index
}

// letterGaps counts the gaps letter spacing widens in a segment: after each
// glyph of its pieces, but the last glyph of the last piece; none in fixed
// pieces.
func letterGaps(ps []piece) int {
	n := 0
	for i := range ps {
		k := ps[i].gaps()
		if i == len(ps)-1 && k > 0 {
			k--
		}
		n += k
	}
	return n
}

// assemble places one broken line. It recomputes the adjustment from the
// line's exact widths, shares it out between word spaces, glyph expansion
// and, as a rescue, letter spacing (see adjust), and hangs punctuation at
// the line's ends into the margins as the breaker allowed.
func (s *Setter) assemble(bl linebreak.Line, last bool, measure float64, st ParaStyle, m *measurer) Line {
	ln := Line{Measure: measure, Hyphenated: bl.Hyphenated}
	// the line's words and spaces, in buffers the setter keeps
	segs := s.segs[:0]
	glues := s.glues[:0]
	defer func() { s.segs, s.glues = segs[:0], glues[:0] }()
	start := bl.Start
	// glue and penalties at a line's start are discarded
	for start < bl.End && s.items[start].Kind != linebreak.Box {
		start++
	}
	var hangL, hangR float64
	if start < bl.End {
		hangL = s.items[start].Hang
	}
	if bl.End < len(s.items) {
		hangR = s.items[bl.End].Hang
	}
	x := st.Left - hangL
	cur := -1 // word being built
	var curFrom, curTo int
	var curX float64
	emit := func(hyphen bool) {
		if cur < 0 {
			return
		}
		w := &s.words[cur]
		ps := w.slice(curFrom, curTo, m)
		if hyphen && len(ps) > 0 {
			// the word's pieces are shared: the hyphen goes on a copy
			ps = append([]piece(nil), ps...)
			lp := &ps[len(ps)-1]
			lp.text += "-"
			m.measure(lp)
		}
		sg := seg{x: curX, pieces: ps, word: cur, gaps: letterGaps(ps)}
		for i := range ps {
			sg.width += ps[i].width
		}
		segs = append(segs, sg)
		cur = -1
	}
	for k := start; k < bl.End; k++ {
		it := s.items[k]
		r := s.refs[k]
		switch it.Kind {
		case linebreak.Box:
			if r.word < 0 {
				x += it.Width
				continue
			}
			if cur == r.word && curTo == r.from {
				curTo = r.to
			} else {
				emit(false)
				cur, curFrom, curTo, curX = r.word, r.from, r.to, x
			}
			x += it.Width
		case linebreak.Glue:
			emit(false)
			if it.Stretch < 1e5 {
				glues = append(glues, it)
				x += it.Width
			}
		}
	}
	// a hyphen is added where the break's penalty has one: a word's own
	// hyphen or dash (an explicit point, width 0) takes none
	emit(bl.Hyphenated && bl.End < len(s.items) && s.items[bl.End].Width > 0)
	// The breaker measured a word broken at its hyphenation points part by
	// part, roughly; the words are set whole and exact. Each word after
	// the first starts where the one before it ends, plus the space: the
	// parts' error must not narrow or widen one space of the line.
	if len(glues) == len(segs)-1 {
		for i := 1; i < len(segs); i++ {
			segs[i].x = segs[i-1].x + segs[i-1].width + glues[i-1].Width
		}
	}
	// the line's natural width, and what it must gain or lose
	natural := x
	if len(segs) > 0 {
		lastSeg := segs[len(segs)-1]
		natural = lastSeg.x + lastSeg.width
	}
	excess := measure - st.Right + hangR - natural
	if (!st.Justify || last) && excess > 0 {
		excess = 0
	}
	// the room of the spaces, the glyphs and the letter gaps in the
	// direction the line goes
	var spaces, glyphs float64
	gaps := 0
	for _, g := range glues {
		if excess >= 0 {
			spaces += g.Stretch
		} else {
			spaces += g.Shrink
		}
	}
	for _, sg := range segs {
		glyphs += sg.width
		gaps += sg.gaps
	}
	e, rg, track := st.adjust(excess, spaces, glyphs, gaps)
	ln.Expand, ln.Tracking = e, track
	// the line's ratio over all the room its spaces and glyphs have, as
	// the line breaker counts it: beyond 1 its spaces stretch beyond
	// their stretch with its glyphs fully expanded
	ln.Ratio = rg
	if room := spaces + math.Abs(st.expandMax(excess))*glyphs; room > 0 {
		ln.Ratio = math.Max(-1, excess/room)
	}
	nf := 0
	for _, sg := range segs {
		nf += len(sg.pieces)
	}
	ln.Frags = make([]Frag, 0, nf)
	// place: every segment moves by the spacing and expansion gained
	// before it; tracking is given to the PDF before expansion, which
	// scales it
	scale := 1 + e
	shift := 0.0
	gi := 0
	for si, sg := range segs {
		if si > 0 && gi < len(glues) {
			// the glue between the previous segment and this one
			g := glues[gi]
			gi++
			if excess >= 0 {
				shift += rg * g.Stretch
			} else {
				shift += rg * g.Shrink
			}
		}
		px := sg.x + shift
		for pi, p := range sg.pieces {
			gaps := p.gaps()
			if pi == len(sg.pieces)-1 && gaps > 0 {
				gaps--
			}
			t := track
			if p.fixed {
				t = 0
			}
			w := p.width*scale + float64(gaps)*t
			ln.Frags = append(ln.Frags, Frag{Face: p.face, Size: st.Size, X: px, Text: p.text, Width: w, Tracking: t / scale, Expand: e, Glyphs: p.glyphs, Level: p.level})
			px += w
		}
		shift = px - sg.x - sg.width
	}
	ln.Natural = natural + shift
	if s.bidiOn {
		gaps := make([]uint8, 0, len(ln.Frags))
		for _, sg := range segs {
			for pi := range sg.pieces {
				if pi < len(sg.pieces)-1 {
					gaps = append(gaps, min(sg.pieces[pi].level, sg.pieces[pi+1].level))
				} else {
					gaps = append(gaps, s.words[sg.word].space)
				}
			}
		}
		reorder(ln.Frags, gaps, s.RTL)
	}
	return ln
}

// adjust shares out how much a line must gain (excess > 0) or lose among
// its word spaces, which may stretch or shrink by spaces in all, its
// glyphs, glyphs wide in all, and the gaps between its letters. Word
// spaces go first, to ExpandFrom (or ShrinkFrom) of their room; then
// spaces and glyph expansion share the rest in proportion to their room,
// the expansion rounded to ExpandStep with the spaces taking up the
// difference; beyond both, the spaces alone. A line whose spaces would
// then stretch beyond TrackFrom of their stretch is letter-spaced by what
// it needs beyond that, up to LetterStretch. It returns the line's
// expansion, the spaces' ratio (below -1 an overfull line stays at -1)
// and the letter spacing in pt.
func (st *ParaStyle) adjust(excess, spaces, glyphs float64, gaps int) (expand, ratio, track float64) {
	emax, from := st.expandMax(excess), st.ExpandFrom
	if excess < 0 {
		from = st.ShrinkFrom
	}
	if !(glyphs > 0) {
		emax = 0
	}
	from = math.Max(0, math.Min(from, 1))
	need := math.Abs(excess)
	// e and rg are magnitudes until the end
	var e, rg float64
	switch {
	case emax == 0 || need <= from*spaces:
	case need >= spaces+emax*glyphs:
		e = emax
	default:
		e = emax * (need - from*spaces) / ((1-from)*spaces + emax*glyphs)
	}
	if step := st.ExpandStep; step > 0 && e > 0 && e < emax {
		q := math.Round(e/step) * step
		switch {
		case q*glyphs > need || q > emax:
			// the spaces are not to go the other way to pay for it
			q = math.Floor(math.Min(need/glyphs, emax)/step+1e-9) * step
		case excess < 0 && need-q*glyphs > spaces:
			// nor to shrink beyond their shrink for want of it
			q = math.Min(math.Ceil(e/step-1e-9)*step, emax)
		}
		e = q
	}
	rest := need - e*glyphs
	// letter spacing rescues a line its spaces and glyphs cannot fill
	// without gaping, and only the part beyond TrackFrom
	if excess > 0 && gaps > 0 && st.Justify && st.LetterStretch > 0 && rest > st.TrackFrom*spaces {
		track = math.Min(st.LetterStretch*st.Size, (rest-st.TrackFrom*spaces)/float64(gaps))
		rest -= track * float64(gaps)
	}
	if spaces > 0 {
		rg = rest / spaces
	}
	if excess < 0 {
		e, rg = -e, math.Max(-rg, -1)
	}
	return e, rg, track
}

// expandMax is the most a line's glyphs may widen (excess >= 0) or
// narrow.
func (st *ParaStyle) expandMax(excess float64) float64 {
	e := st.ExpandStretch
	if excess < 0 {
		e = st.ExpandShrink
	}
	if !st.Justify || !(e > 0) {
		return 0
	}
	return e
}

// SetRagged sets plain text ragged right in one face, breaking only at
// spaces: headlines, decks, captions, bylines. With balance, the breaks are
// chosen so the lines are as even as the words allow, keeping the fewest
// lines: a two-line headline does not leave one word on its second line.
func (s *Setter) SetRagged(text string, f *fonts.Face, fallbacks []*fonts.Face, size, measure float64, balance bool) []Line {
	return s.Ragged(text, f, fallbacks).Set(size, measure, balance)
}

// Ragged is text split into words and measured once, to be set ragged at
// any size: make-up tries a headline at several sizes for the one that
// fills its lines best. Set gives exactly what SetRagged gives at that size.
type Ragged struct {
	words []word // measured at 1000 pt: widths in font units
	units []float64
	f     *fonts.Face
	fbs   []*fonts.Face
	space int // the space's advance, font units
	// bidi is set when the text has levels; rtl when the setter sets
	// right to left
	bidi, rtl bool
}

// Ragged prepares text in face f (and fallbacks) for Set.
func (s *Setter) Ragged(text string, f *fonts.Face, fallbacks []*fonts.Face) *Ragged {
	faces := Faces{Regular: f, Fallbacks: fallbacks}
	r := &Ragged{f: f, fbs: fallbacks, space: f.Units(" "), rtl: s.RTL}
	spans := []story.Span{{Text: text}}
	lv := s.paraLevels(spans)
	r.bidi = s.bidiOn
	r.words = splitWords(nil, spans, &faces, s.measurer(1000), lv)
	for _, w := range r.words {
		for _, p := range w.pieces {
			r.units = append(r.units, p.width)
		}
	}
	return r
}

// Set sets the text at size in lines of measure, balanced or filled.
func (r *Ragged) Set(size, measure float64, balance bool) []Line {
	words, breaks := r.layout(size, measure, balance)
	st := ParaStyle{Faces: Faces{Regular: r.f, Fallbacks: r.fbs}, Size: size}
	lines := greedy(words, measure, st, breaks)
	if r.bidi {
		for i := range lines {
			reorder(lines[i].Frags, lines[i].gaps, r.rtl)
			lines[i].gaps = nil
		}
	}
	return lines
}

// Widths gives the natural widths of the lines Set would set, without
// setting them: make-up compares sizes by them.
func (r *Ragged) Widths(size, measure float64, balance bool) []float64 {
	words, breaks := r.layout(size, measure, balance)
	if breaks == nil {
		words = splitOverlong(words, measure, size)
	}
	space := float64(r.space) * size / 1000
	var out []float64
	x, started := 0.0, false
	for i := range words {
		w := &words[i]
		sp := space
		if w.join {
			sp = 0
		}
		brk := started && x+sp+w.width > measure+0.01
		if breaks != nil {
			brk = len(breaks) > 0 && i == breaks[0]
			if brk {
				breaks = breaks[1:]
			}
		}
		if brk {
			out = append(out, x)
			x, started = 0, false
		}
		if started {
			x += sp
		}
		for _, p := range w.pieces {
			x += p.width
			started = true
		}
	}
	if started {
		out = append(out, x)
	}
	return out
}

// layout measures the words at size and chooses the line breaks: nil for
// lines filled as they go, else the word counts where lines end.
func (r *Ragged) layout(size, measure float64, balance bool) ([]word, []int) {
	// the words at this size, measured as a measurer at this size does
	words := make([]word, len(r.words))
	pieces := make([]piece, len(r.units))
	k := 0
	for i, w := range r.words {
		words[i] = w
		ps := pieces[k : k+len(w.pieces) : k+len(w.pieces)]
		words[i].width = 0
		for j, p := range w.pieces {
			p.width = r.units[k+j] * size / 1000
			ps[j] = p
			words[i].width += p.width
		}
		words[i].pieces = ps
		k += len(w.pieces)
	}
	// a word wider than the measure is cut before lines are balanced,
	// or balancing would give it a line of its own, past the measure
	words = splitOverlong(words, measure, size)
	if !balance {
		return words, nil
	}
	space := float64(r.space) * size / 1000
	// the lines filled as they go: their number is kept
	nl, x, started := 0, 0.0, false
	for i := range words {
		if started && x+space+words[i].width > measure+0.01 {
			nl++
			x, started = 0, false
		}
		if started {
			x += space
		}
		for _, p := range words[i].pieces {
			x += p.width
			started = true
		}
	}
	if started {
		nl++
	}
	if nl < 2 {
		return words, nil
	}
	n := len(words)
	// width of words [i, j) set on one line
	width := func(i, j int) float64 {
		w := float64(j-i-1) * space
		for _, wd := range words[i:j] {
			w += wd.width
		}
		return w
	}
	inf := math.Inf(1)
	cost := make([][]float64, nl+1)
	from := make([][]int, nl+1)
	for l := range cost {
		cost[l] = make([]float64, n+1)
		from[l] = make([]int, n+1)
		for j := range cost[l] {
			cost[l][j] = inf
		}
	}
	cost[0][0] = 0
	for l := 1; l <= nl; l++ {
		for j := 1; j <= n; j++ {
			for i := j - 1; i >= 0; i-- {
				w := width(i, j)
				if w > measure+0.01 && j-i > 1 {
					break
				}
				if cost[l-1][i] == inf {
					continue
				}
				slack := measure - w
				c := cost[l-1][i] + slack*slack
				if c < cost[l][j] {
					cost[l][j], from[l][j] = c, i
				}
			}
		}
	}
	if cost[nl][n] == inf {
		return words, nil
	}
	breaks := make([]int, nl)
	for l, j := nl, n; l > 0; l-- {
		breaks[l-1] = j
		j = from[l][j]
	}
	return words, breaks
}

// greedy fills each line as full as it goes: right for ragged display type.
// When breaks is given, lines end after those word counts instead.
func greedy(words []word, measure float64, st ParaStyle, breaks []int) []Line {
	space := st.Faces.Regular.Width(" ", st.Size)
	var lines []Line
	var cur Line
	x := 0.0
	if breaks == nil {
		words = splitOverlong(words, measure, st.Size)
	}
	for i := range words {
		w := &words[i]
		sp := space
		if w.join {
			sp = 0
		}
		brk := len(cur.Frags) > 0 && x+sp+w.width > measure+0.01
		if breaks != nil {
			brk = len(breaks) > 0 && i == breaks[0]
			if brk {
				breaks = breaks[1:]
			}
		}
		if brk {
			cur.Natural, cur.Measure = x, measure
			lines = append(lines, cur)
			cur, x = Line{}, 0
		}
		if len(cur.Frags) > 0 {
			x += sp
		}
		for pi, p := range w.pieces {
			cur.Frags = append(cur.Frags, Frag{Face: p.face, Size: st.Size, X: x, Text: p.text, Width: p.width, Glyphs: p.glyphs, Level: p.level})
			gap := w.space
			if pi < len(w.pieces)-1 {
				gap = min(p.level, w.pieces[pi+1].level)
			}
			cur.gaps = append(cur.gaps, gap)
			x += p.width
		}
	}
	if len(cur.Frags) > 0 {
		cur.Natural, cur.Measure = x, measure
		lines = append(lines, cur)
	}
	return lines
}

// splitOverlong cuts each word wider than the measure into parts that fit
// it, between glyphs, adding nothing: a long address or token in a
// headline, caption or brief breaks rather than run over the column.
func splitOverlong(words []word, measure float64, size float64) []word {
	long := false
	for i := range words {
		long = long || words[i].width > measure+0.01
	}
	if !long || measure <= 0 {
		return words
	}
	var out []word
	for _, w := range words {
		if w.width <= measure+0.01 {
			out = append(out, w)
			continue
		}
		var part word
		flush := func() {
			if len(part.pieces) > 0 {
				out = append(out, part)
			}
			part = word{join: len(out) > 0 && len(part.pieces) > 0}
		}
		for _, p := range w.pieces {
			for _, c := range cutPiece(p, size) {
				if part.width+c.width > measure && len(part.pieces) > 0 {
					flush()
					part.join = true
				}
				part.pieces = append(part.pieces, c)
				part.width += c.width
				part.text += c.text
			}
		}
		part.space, part.nbsp = w.space, w.nbsp
		flush()
	}
	return out
}

// cutPiece cuts a piece into one piece per character (per glyph cluster
// of shaped text), each with its glyphs and width.
func cutPiece(p piece, size float64) []piece {
	if len(p.glyphs) == 0 {
		var out []piece
		for off, r := range p.text {
			t := p.text[off : off+utf8.RuneLen(r)]
			out = append(out, piece{face: p.face, text: t, width: p.face.Width(t, size), fixed: p.fixed, level: p.level})
		}
		return out
	}
	var out []piece
	off := 0
	for i := 0; i < len(p.glyphs); {
		// a cluster: a glyph with its character, and those after it that
		// have none of their own (marks, parts of a ligature)
		j := i + 1
		for j < len(p.glyphs) && p.glyphs[j].Rune == 0 {
			j++
		}
		end := len(p.text)
		if j < len(p.glyphs) {
			end = off
			if r := p.glyphs[i].Rune; r != 0 {
				end = off + utf8.RuneLen(r)
			}
			for end < len(p.text) && !utf8.RuneStart(p.text[end]) {
				end++
			}
		}
		adv := 0
		for _, g := range p.glyphs[i:j] {
			adv += g.Advance
		}
		out = append(out, piece{face: p.face, text: p.text[off:end], width: float64(adv) * size / 1000, glyphs: p.glyphs[i:j], fixed: p.fixed, level: p.level})
		off, i = end, j
	}
	if off < len(p.text) && len(out) > 0 {
		out[len(out)-1].text += p.text[off:]
	}
	return out
}

// splitWords cuts spans at spaces into words of face pieces. The words'
// pieces share one backing array, and a word of one piece takes its text
// from the span without a copy.
func splitWords(dst []word, spans []story.Span, f *Faces, m *measurer, lv []uint8) []word {
	dst, _ = splitWordsInto(dst, nil, spans, f, m, lv)
	return dst
}

// splitWordsInto is splitWords with the pieces' backing array given, and
// returned for the next call: a setter reuses it paragraph after paragraph,
// since lines copy what they need from the pieces. lv holds the
// bidirectional level of each byte of the spans' text, nil when all of it
// is at level 0.
func splitWordsInto(dst []word, arena []piece, spans []story.Span, f *Faces, m *measurer, lv []uint8) ([]word, []piece) {
	var cur word
	var text strings.Builder
	first := 0 // where the current word's pieces start in arena
	flush := func(nbsp bool, space uint8) {
		if len(arena) > first {
			cur.pieces = arena[first:len(arena):len(arena)]
			if len(cur.pieces) == 1 {
				cur.text = cur.pieces[0].text
			} else {
				text.Reset()
				for _, p := range cur.pieces {
					text.WriteString(p.text)
				}
				cur.text = text.String()
			}
			cur.nbsp, cur.space = nbsp, space
			dst = append(dst, cur)
		}
		cur = word{}
		first = len(arena)
	}
	base := 0 // where the span starts in the paragraph's text
	for _, sp := range spans {
		face := f.Face(sp.Style)
		start := 0
		t := sp.Text
		for i := 0; i <= len(t); i++ {
			if i < len(t) && t[i] != ' ' && !(i+1 < len(t) && t[i] == 0xc2 && t[i+1] == 0xa0) {
				continue
			}
			if i > start {
				n := len(arena)
				var wl []uint8
				if lv != nil {
					wl = lv[base+start : base+i]
				}
				arena = m.appendPieces(arena, face, f.Fallbacks, t[start:i], wl)
				for _, p := range arena[n:] {
					cur.width += p.width
				}
			}
			if i < len(t) {
				nb := t[i] == 0xc2
				space := uint8(0)
				if lv != nil {
					space = lv[base+i]
				}
				flush(nb, space)
				if nb {
					i++
				}
			}
			start = i + 1
		}
		base += len(t)
	}
	flush(false, 0)
	return dst, arena
}

// widthOf measures the word's text between two byte offsets: the whole
// word as measured, a part of it from its glyphs where they are one per
// character, else by m.
func (w *word) widthOf(from, to int, m *measurer) float64 {
	if from == 0 && to == len(w.text) {
		return w.width
	}
	sum := 0.0
	off := 0
	for _, p := range w.pieces {
		a, b := off, off+len(p.text)
		off = b
		lo, hi := max(a, from), min(b, to)
		if lo >= hi {
			continue
		}
		if lo == a && hi == b {
			sum += p.width
			continue
		}
		if !p.fixed && p.level%2 == 0 && p.glyphs != nil && len(p.glyphs) == utf8.RuneCountInString(p.text) {
			// one glyph per character: add up the characters' advances
			adv, k := 0, 0
			for i := range p.text {
				if i >= hi-a {
					break
				}
				if i >= lo-a {
					adv += p.glyphs[k].Advance
				}
				k++
			}
			sum += float64(adv) * m.size / 1000
			continue
		}
		np := piece{face: p.face, text: p.text[lo-a : hi-a], level: p.level}
		m.measure(&np)
		sum += np.width
	}
	return sum
}

// slice returns the pieces covering the word's text between two byte offsets.
func (w *word) slice(from, to int, m *measurer) []piece {
	if from == 0 && to == len(w.text) {
		return w.pieces
	}
	var out []piece
	off := 0
	for _, p := range w.pieces {
		a, b := off, off+len(p.text)
		off = b
		lo, hi := max(a, from), min(b, to)
		if lo >= hi {
			continue
		}
		t := p.text[lo-a : hi-a]
		np := piece{face: p.face, text: t, level: p.level}
		m.measure(&np)
		out = append(out, np)
	}
	return out
}

// lineBreaks finds the places inside a word where the Unicode line breaking
// rules (UAX #14, go-text's segmenter) allow a break with nothing added:
// after a slash, a dash or a hyphen ("and/or", "2019–2020"). Only words
// holding such a character are segmented.
func lineBreaks(word string) []breakPoint {
	if !breakable(word) {
		return nil
	}
	var seg segmenter.Segmenter
	rs := []rune(word)
	seg.Init(rs)
	var out []breakPoint
	it := seg.LineIterator()
	for it.Next() {
		ln := it.Line()
		end := ln.OffsetInBytes + ln.LengthInBytes
		if end > 0 && end < len(word) {
			// after the word's own hyphen the line ends in a hyphen, and
			// counts as hyphenated; after a slash or a dash it does not
			hy := strings.HasSuffix(word[:end], "-") || strings.HasSuffix(word[:end], "‐")
			out = append(out, breakPoint{off: end, plain: !hy, explicit: hy})
		}
	}
	return out
}

// breakable tells whether word holds a slash, a hyphen or a dash (U+2010,
// U+2013, U+2014), byte by byte: it runs for every word.
func breakable(word string) bool {
	for i := 0; i < len(word); i++ {
		switch c := word[i]; {
		case c == '/' || c == '-':
			return true
		case c == 0xe2 && i+2 < len(word) && word[i+1] == 0x80:
			if d := word[i+2]; d == 0x90 || d == 0x93 || d == 0x94 {
				return true
			}
		}
	}
	return false
}

// mergeBreaks joins hyphenation points and plain breaks in order; where
// both fall at one place, the hyphenation point (a word's own hyphen) wins.
// emergencyPenalty is what a break inside a word too wide for its column
// costs: more than any hyphen, less than a line over the column.
const emergencyPenalty = 900

// emergencyBreaks are the places a word wider than the column may break
// where its own breaks leave a part wider than the column: after each
// character of that part, so the line breaker fills the lines as far as
// they go. Nothing is added at such a break: a hyphen would read as part
// of an address or a code.
func emergencyBreaks(w *word, width float64, m *measurer) []breakPoint {
	var out []breakPoint
	from := 0
	ends := make([]int, 0, len(w.breaks)+1)
	for _, b := range w.breaks {
		ends = append(ends, b.off)
	}
	ends = append(ends, len(w.text))
	for _, to := range ends {
		if to <= from {
			continue
		}
		if w.widthOf(from, to, m) > width {
			for off, r := range w.text[from:to] {
				if off == 0 || isMark(r) {
					continue
				}
				out = append(out, breakPoint{off: from + off, plain: true, emergency: true})
			}
		}
		from = to
	}
	return out
}

// isMark tells combining marks, which stay with the letter before them.
func isMark(r rune) bool { return unicode.Is(unicode.M, r) }

func mergeBreaks(a, b []breakPoint) []breakPoint {
	if len(b) == 0 {
		return a
	}
	out := append([]breakPoint(nil), a...)
	for _, p := range b {
		dup := false
		for _, q := range a {
			if q.off == p.off {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].off < out[j].off })
	return out
}

// runeAt returns the character that starts at or covers byte off of the
// word's text, and the face it is set in.
func (w *word) runeAt(off int) (rune, *fonts.Face) {
	start := 0
	for _, p := range w.pieces {
		if off < start+len(p.text) {
			i := off - start
			for i > 0 && !utf8.RuneStart(p.text[i]) {
				i--
			}
			r, _ := utf8.DecodeRuneInString(p.text[i:])
			return r, p.face
		}
		start += len(p.text)
	}
	return 0, nil
}

// protrude returns how far character r in face f hangs into the margin at
// the start of a line (right false) or at its end.
func (st *ParaStyle) protrude(f *fonts.Face, r rune, right bool) float64 {
	if f == nil {
		return 0
	}
	left, rt := protrusion(r)
	k := left
	if right {
		k = rt
	}
	if k == 0 {
		return 0
	}
	return st.Protrusion * k * float64(f.Advance(r)) * st.Size / 1000
}

// protrusion gives the share of a character's advance that hangs into the
// left and the right margin, after microtype's default settings: a full
// stop, hyphen or closing quote most, a comma, colon or quotation mark
// less, dashes and the marks that stand higher a little. Letters do not
// hang.
func protrusion(r rune) (left, right float64) {
	switch r {
	case '.', '-', '\u2010', '\u2011', '\u00ad':
		return 0, 0.7
	case ',', ':', '\u2019', '\'':
		return 0, 0.5
	case ';':
		return 0, 0.3
	case '!', '?', ')', ']':
		return 0, 0.2
	case '\u201d', '"':
		return 0, 0.5
	case '\u2018':
		return 0.5, 0
	case '\u201c':
		return 0.5, 0
	case '(', '[':
		return 0.2, 0
	case '\u2013':
		return 0.2, 0.2
	case '\u2014':
		return 0.15, 0.15
	case '\u2026':
		return 0, 0.2
	}
	return 0, 0
}

// loneDash tells a word that is only a hyphen or a dash.
func loneDash(w string) bool {
	switch w {
	case "-", "\u2010", "\u2013", "\u2014":
		return true
	}
	return false
}

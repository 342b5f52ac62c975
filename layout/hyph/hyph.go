// Package hyph finds hyphenation points with Liang's algorithm over the TeX
// hyphenation patterns (hyph-utf8): American English and the Indian
// languages hyph-utf8 has (Assamese, Bengali, Gujarati, Hindi, Kannada,
// Malayalam, Marathi, Odia, Punjabi, Tamil and Telugu).
//
// The patterns are embedded and compiled once, on first use of a language,
// into a byte-level trie; a Hyphenator is immutable afterwards and safe for
// concurrent use. Finding the points of a word does not allocate beyond the
// returned slice (see AppendPoints to avoid even that).
//
// Points never fall inside a grapheme cluster: a combining mark, a Devanagari
// vowel sign, nukta, anusvara, visarga or virama stays with the letter before
// it, and a virama (optionally followed by a zero-width joiner) joins the next
// consonant into the same cluster, so conjuncts are never split. The left and
// right minimums and the minimum word length are counted in clusters, which
// for English text are simply letters.
package hyph

import (
	"embed"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

//go:embed patterns/*.txt
var patternFS embed.FS

// Settings control which of the points the patterns allow are reported.
type Settings struct {
	// LeftMin and RightMin are the fewest letters (grapheme clusters) left
	// before and after a point; MinWord the fewest in a word that is
	// hyphenated at all.
	LeftMin, RightMin, MinWord int
	// NoCapitalized makes Points return nil for words that start with an
	// upper-case letter (names, and headlines set in title case).
	NoCapitalized bool
}

// Point is a place where a word may be broken across lines: the first line
// ends with word[:Offset] and the next begins with word[Offset:].
type Point struct {
	Offset int
	// Explicit is set when word[:Offset] already ends in a hyphen or dash
	// that the word contains, so no hyphen glyph is added at the break.
	// Otherwise the typesetter adds a hyphen at the end of the line.
	Explicit bool
}

// Hyphenator finds hyphenation points for one language.
type Hyphenator struct {
	lang string
	t    *trie
	exc  map[string][]int16 // lower-case word → rune indices of its points
	s    Settings
}

var (
	enOnce, hiOnce, mrOnce sync.Once
	en, hi, mr             *Hyphenator
)

// indic are the other Indian languages with patterns in hyph-utf8, all by
// Santhosh Thottingal and generated, like Hindi's, with minimums of one
// akshara: the file and the hyphenator, made on first use.
var indic = map[string]*struct {
	file string
	once sync.Once
	h    *Hyphenator
}{
	"as": {file: "patterns/hyph-as.pat.txt"}, // Assamese, in Bengali script
	"bn": {file: "patterns/hyph-bn.pat.txt"},
	"gu": {file: "patterns/hyph-gu.pat.txt"},
	"kn": {file: "patterns/hyph-kn.pat.txt"},
	"ml": {file: "patterns/hyph-ml.pat.txt"},
	"or": {file: "patterns/hyph-or.pat.txt"},
	"pa": {file: "patterns/hyph-pa.pat.txt"}, // Punjabi, in Gurmukhi
	"ta": {file: "patterns/hyph-ta.pat.txt"},
	"te": {file: "patterns/hyph-te.pat.txt"},
}

// English returns the American English hyphenator (Knuth's and Kuiken's
// patterns with the hyph-utf8 exception list), with LeftMin 2, RightMin 3
// and MinWord 5.
func English() *Hyphenator {
	enOnce.Do(func() {
		en = mustLoad("en-US", "patterns/hyph-en-us.pat.txt", "patterns/hyph-en-us.hyp.txt",
			Settings{LeftMin: 2, RightMin: 3, MinWord: 5})
	})
	return en
}

// indicSettings are the minimums for setting text with the Indian
// languages' patterns, which were generated with minimums of one akshara:
// at least two grapheme clusters on each side, and words of fewer than
// four left alone.
var indicSettings = Settings{LeftMin: 2, RightMin: 2, MinWord: 4}

// Hindi returns the Hindi hyphenator, with indicSettings.
func Hindi() *Hyphenator {
	hiOnce.Do(func() {
		hi = mustLoad("hi", "patterns/hyph-hi.pat.txt", "", indicSettings)
	})
	return hi
}

// Marathi returns the Marathi hyphenator, with the same minimums as Hindi.
func Marathi() *Hyphenator {
	mrOnce.Do(func() {
		mr = mustLoad("mr", "patterns/hyph-mr.pat.txt", "", indicSettings)
	})
	return mr
}

// Languages lists the primary language subtags ForLanguage has patterns
// for, sorted.
func Languages() []string {
	out := []string{"en", "hi", "mr"}
	for l := range indic {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// ForLanguage returns the hyphenator for a BCP 47 language tag such as "en",
// "en-US", "en-IN", "hi", "mr-IN", "bn" or "ta", chosen by the primary
// subtag (every English variant uses the American patterns). It returns nil
// for languages without patterns (Urdu and Arabic are not hyphenated).
func ForLanguage(tag string) *Hyphenator {
	primary := strings.ToLower(tag)
	if i := strings.IndexAny(primary, "-_"); i >= 0 {
		primary = primary[:i]
	}
	switch primary {
	case "en", "eng":
		return English()
	case "hi", "hin":
		return Hindi()
	case "mr", "mar":
		return Marathi()
	}
	if l := indic[primary]; l != nil {
		l.once.Do(func() { l.h = mustLoad(primary, l.file, "", indicSettings) })
		return l.h
	}
	return nil
}

func mustLoad(lang, patFile, excFile string, s Settings) *Hyphenator {
	h, err := load(lang, patFile, excFile, s)
	if err != nil {
		panic(err) // the embedded files are fixed; a test loads every language
	}
	return h
}

func load(lang, patFile, excFile string, s Settings) (*Hyphenator, error) {
	src, err := patternFS.ReadFile(patFile)
	if err != nil {
		return nil, err
	}
	t, err := buildTrie(string(src))
	if err != nil {
		return nil, err
	}
	h := &Hyphenator{lang: lang, t: t, s: s, exc: map[string][]int16{}}
	if excFile != "" {
		src, err := patternFS.ReadFile(excFile)
		if err != nil {
			return nil, err
		}
		for _, f := range strings.Fields(string(src)) {
			h.addException(f)
		}
	}
	return h, nil
}

// addException records a word spelt with hyphens at its only points.
func (h *Hyphenator) addException(spelt string) {
	var b strings.Builder
	var pts []int16
	n := 0
	for _, r := range spelt {
		if r == '-' {
			pts = append(pts, int16(n))
			continue
		}
		b.WriteRune(unicode.ToLower(r))
		n++
	}
	h.exc[b.String()] = pts
}

// Language returns the language tag the hyphenator was made for.
func (h *Hyphenator) Language() string { return h.lang }

// Settings returns the hyphenator's minimums.
func (h *Hyphenator) Settings() Settings { return h.s }

// WithSettings returns a hyphenator sharing h's patterns with other
// minimums. Values below 1 are taken as 1.
func (h *Hyphenator) WithSettings(s Settings) *Hyphenator {
	c := *h
	s.LeftMin = max(s.LeftMin, 1)
	s.RightMin = max(s.RightMin, 1)
	s.MinWord = max(s.MinWord, 1)
	c.s = s
	return &c
}

// Points returns the places where word may be broken, in increasing order,
// or nil when there are none.
//
// Leading and trailing punctuation (quotes, brackets, commas, full stops)
// is skipped and offsets count from the start of word as given. Words with
// digits, URLs and e-mail addresses (anything containing "://", "www.", "@"
// or "/"), words in capitals (acronyms), and words shorter than MinWord
// letters give nil. A word that contains hyphens or dashes is broken only
// after them (Explicit points, subject to LeftMin and RightMin counted over
// the whole word); one with soft hyphens (U+00AD) only after those (the
// typesetter drops the soft hyphens and sets a real one at the break). Only
// the first run of letters of a word is hyphenated, so "newspaper's" breaks
// as "newspaper" does.
func (h *Hyphenator) Points(word string) []Point {
	return h.appendPoints(nil, word, h.s.NoCapitalized)
}

// PointsNoCaps is Points that returns nil for words starting with a
// capital letter, as headlines want.
func (h *Hyphenator) PointsNoCaps(word string) []Point {
	return h.appendPoints(nil, word, true)
}

// AppendPoints appends the points of word to dst and returns the extended
// slice, like Points.
func (h *Hyphenator) AppendPoints(dst []Point, word string) []Point {
	return h.appendPoints(dst, word, h.s.NoCapitalized)
}

// Hyphenate returns word with sep inserted at each point that needs a
// hyphen, for display and debugging: English().Hyphenate("hyphenation", "-")
// is "hy-phen-ation".
func (h *Hyphenator) Hyphenate(word, sep string) string {
	pts := h.Points(word)
	if len(pts) == 0 {
		return word
	}
	var b strings.Builder
	last := 0
	for _, p := range pts {
		b.WriteString(word[last:p.Offset])
		if !p.Explicit {
			b.WriteString(sep)
		}
		last = p.Offset
	}
	b.WriteString(word[last:])
	return b.String()
}

const (
	zwnj      = '\u200c'
	zwj       = '\u200d'
	shy       = '\u00ad'
	maxStack  = 64 // runes handled without heap buffers
	hyphenChr = '\u2010'
)

// Rune classes, as bits.
const (
	cWord   uint8 = 1 << iota // a letter, mark or zero-width (non-)joiner
	cLetter                   // a letter
	cExtend                   // attaches to the cluster before it
	cUpper                    // upper or title case
	cLower                    // lower case
	cNumber                   // a digit or other number
)

// devaClass holds the classes of the Devanagari block, U+0900–U+097F.
var devaClass = func() (t [0x80]uint8) {
	for i := range t {
		t[i] = slowClass(rune(0x900 + i))
	}
	return t
}()

func slowClass(r rune) uint8 {
	var c uint8
	if unicode.IsLetter(r) {
		c |= cWord | cLetter
	}
	if unicode.IsMark(r) || r == zwj || r == zwnj {
		c |= cWord | cExtend
	}
	switch {
	case r >= 0x0900 && r <= 0x0903, r >= 0x093a && r <= 0x094f,
		r >= 0x0951 && r <= 0x0957, r == 0x0962, r == 0x0963:
		c |= cExtend
	}
	if unicode.IsUpper(r) || unicode.IsTitle(r) {
		c |= cUpper
	}
	if unicode.IsLower(r) {
		c |= cLower
	}
	if unicode.IsNumber(r) {
		c |= cNumber
	}
	return c
}

// class returns the classes of r.
func class(r rune) uint8 {
	switch {
	case r < 0x80:
		switch {
		case r >= 'a' && r <= 'z':
			return cWord | cLetter | cLower
		case r >= 'A' && r <= 'Z':
			return cWord | cLetter | cUpper
		case r >= '0' && r <= '9':
			return cNumber
		}
		return 0
	case r >= 0x900 && r < 0x980:
		return devaClass[r-0x900]
	}
	return slowClass(r)
}

// isWordRune reports whether r belongs to a word: letters, combining marks
// and the zero-width joiners used in Indic scripts.
func isWordRune(r rune) bool { return class(r)&cWord != 0 }

// isBreakHyphen reports whether a word may be broken after r with no added
// hyphen: the hyphen-minus, hyphen, en dash and em dash (not the no-break
// hyphen).
func isBreakHyphen(r rune) bool {
	return r == '-' || r == hyphenChr || r == '\u2013' || r == '\u2014'
}

// extends reports whether r attaches to the grapheme cluster before it:
// combining marks, the Devanagari signs (U+0900–U+0903, U+093A–U+094F,
// U+0951–U+0957, U+0962–U+0963) and the zero-width (non-)joiners.
func extends(r rune) bool { return class(r)&cExtend != 0 }

// clusterer tracks grapheme cluster starts over a sequence of runes.
type clusterer struct {
	first  bool
	joined bool // after a virama (and any ZWJ): the next letter joins
}

// starts reports whether r begins a new cluster.
func (c *clusterer) starts(r rune) bool {
	return c.startsClass(r, class(r))
}

func (c *clusterer) startsClass(r rune, cls uint8) bool {
	start := true
	if !c.first && (cls&cExtend != 0 || (c.joined && cls&cLetter != 0)) {
		start = false
	}
	c.first = false
	switch {
	case joiningVirama(r):
		c.joined = true
	case r == zwj:
		// keeps a pending join: virama + ZWJ + consonant is one cluster
	default:
		c.joined = false
	}
	return start
}

// joiningVirama reports whether r is a virama that joins the consonant
// after it into one cluster (a conjunct): those of Devanagari, Bengali,
// Gurmukhi, Gujarati, Odia, Telugu, Kannada and Malayalam. Tamil's pulli
// is left out: a Tamil consonant with pulli stands as a letter of its own,
// and the Tamil patterns break after it.
func joiningVirama(r rune) bool {
	switch r {
	case 0x094d, 0x09cd, 0x0a4d, 0x0acd, 0x0b4d, 0x0c4d, 0x0ccd, 0x0d4d:
		return true
	}
	return false
}

func hasURLMarks(w string) bool {
	if strings.IndexByte(w, '/') >= 0 || strings.IndexByte(w, '@') >= 0 {
		return true
	}
	for i := 0; i+4 <= len(w); i++ {
		if (w[i]|0x20) == 'w' && (w[i+1]|0x20) == 'w' && (w[i+2]|0x20) == 'w' && w[i+3] == '.' {
			return true
		}
	}
	return false
}

func (h *Hyphenator) appendPoints(dst []Point, word string, noCaps bool) []Point {
	if len(word) == 0 || hasURLMarks(word) {
		return dst
	}
	// The core runs from the first to the last word rune.
	s, e := -1, 0
	special := -1 // first hyphen, dash or soft hyphen after the first letter
	for i, r := range word {
		cls := class(r)
		switch {
		case cls&cNumber != 0:
			return dst
		case cls&cWord != 0:
			if s < 0 {
				s = i
			}
			e = i + utf8.RuneLen(r)
		case s >= 0 && special < 0 && (isBreakHyphen(r) || r == shy):
			special = i
		}
	}
	if s < 0 {
		return dst
	}
	core := word[s:e]
	first, _ := utf8.DecodeRuneInString(core)
	if noCaps && class(first)&cUpper != 0 {
		return dst
	}
	if special >= 0 && special < e {
		return h.appendSpecial(dst, word, s, e)
	}
	return h.appendPattern(dst, word, s, e)
}

// appendSpecial reports the points of a word with explicit hyphens, dashes
// or soft hyphens between s and e: only those.
func (h *Hyphenator) appendSpecial(dst []Point, word string, s, e int) []Point {
	core := word[s:e]
	hasHyphen := false
	for _, r := range core {
		if isBreakHyphen(r) {
			hasHyphen = true
			break
		}
	}
	total := 0
	c := clusterer{first: true}
	for _, r := range core {
		switch {
		case !isWordRune(r):
			c = clusterer{first: true}
		case c.starts(r):
			total++
		}
	}
	c = clusterer{first: true}
	left := 0
	prevWord := false // the rune before is a word rune
	for i, r := range core {
		switch {
		case isWordRune(r):
			if c.starts(r) {
				left++
			}
			prevWord = true
			continue
		case r == shy:
			if !hasHyphen && prevWord && i+utf8.RuneLen(r) < len(core) {
				next, _ := utf8.DecodeRuneInString(core[i+utf8.RuneLen(r):])
				if isWordRune(next) {
					dst = append(dst, Point{Offset: s + i + utf8.RuneLen(r)})
				}
			}
		case isBreakHyphen(r):
			end := i + utf8.RuneLen(r)
			if end < len(core) {
				next, _ := utf8.DecodeRuneInString(core[end:])
				if isWordRune(next) && left >= h.s.LeftMin && total-left >= h.s.RightMin {
					dst = append(dst, Point{Offset: s + end, Explicit: true})
				}
			}
		}
		prevWord = false
		c = clusterer{first: true}
	}
	return dst
}

// appendPattern hyphenates the first run of word runes from s with the
// patterns and exceptions.
func (h *Hyphenator) appendPattern(dst []Point, word string, s, e int) []Point {
	var (
		lowArr  [4*maxStack + 2]byte
		valArr  [4*maxStack + 3]uint8
		offArr  [maxStack + 1]int32 // original byte offset of each rune
		loffArr [maxStack + 1]int32 // byte offset of each rune in low (after the '.')
		clArr   [maxStack + 1]int16 // clusters before each rune, or -1 inside a cluster
	)
	low, off, loff, cl := lowArr[:0], offArr[:0], loffArr[:0], clArr[:0]
	low = append(low, '.')
	var c clusterer
	c.first = true
	clusters := 0
	upper, lower := 0, 0
	for i, r := range word[s:e] {
		cls := class(r)
		if cls&cWord == 0 {
			break
		}
		switch {
		case cls&cUpper != 0:
			upper++
			r = unicode.ToLower(r)
		case cls&cLower != 0:
			lower++
		}
		off = append(off, int32(s+i))
		loff = append(loff, int32(len(low)))
		if c.startsClass(r, cls) {
			cl = append(cl, int16(min(clusters, 1<<14)))
			clusters++
		} else {
			cl = append(cl, -1)
		}
		low = utf8.AppendRune(low, r)
	}
	if clusters < h.s.MinWord || clusters < h.s.LeftMin+h.s.RightMin {
		return dst
	}
	if lower == 0 && upper >= 2 {
		return dst // an acronym
	}
	n := len(off)
	ok := func(k int) bool {
		left := int(cl[k])
		return left > 0 && left >= h.s.LeftMin && clusters-left >= h.s.RightMin
	}
	if pts, found := h.exc[string(low[1:])]; found {
		for _, k := range pts {
			if int(k) > 0 && int(k) < n && ok(int(k)) {
				dst = append(dst, Point{Offset: int(off[k])})
			}
		}
		return dst
	}
	low = append(low, '.')
	var v []uint8
	if len(low)+1 <= len(valArr) {
		v = valArr[:len(low)+1]
	} else {
		v = make([]uint8, len(low)+1)
	}
	h.t.apply(low, v)
	for k := 1; k < n; k++ {
		if v[loff[k]]&1 == 1 && ok(k) {
			dst = append(dst, Point{Offset: int(off[k])})
		}
	}
	return dst
}

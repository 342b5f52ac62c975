package typeset

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/epaper/epaper/story"
)

// BodyStyle is how a story's body is set in its columns.
type BodyStyle struct {
	Para ParaStyle
	// Crosshead faces are the body family's bold.
	Crosshead Faces
}

// Body sets a story's body blocks at the column measure: paragraphs
// justified with first-line indents (none on the first paragraph or after a
// crosshead), crossheads in bold with a blank line above, quotations
// indented. A dateline opens the first paragraph in bold.
func (s *Setter) Body(st *story.Story, measure float64, bs BodyStyle) []Line {
	var out []Line
	afterHead := true
	s.firstHyphen = false
	for bi, b := range st.Body {
		spans := Smarten(b.Spans)
		if bi == 0 && st.Dateline != "" && b.Kind == story.Paragraph {
			spans = append([]story.Span{{Text: Smarten1(st.Dateline) + ": ", Style: story.Bold}}, spans...)
		}
		var lines []Line
		switch b.Kind {
		case story.Crosshead:
			if len(out) > 0 {
				out = append(out, Line{Kind: BlankLine, Para: bi, Measure: measure})
			}
			ps := bs.Para
			ps.Faces = bs.Crosshead
			ps.Indent, ps.Justify, ps.Hyphenator = 0, false, nil
			lines = s.SetSpans(spans, measure, ps)
			for i := range lines {
				lines[i].Kind = CrossheadLine
			}
			afterHead = true
		case story.Quote:
			ps := bs.Para
			ps.Indent = 0
			ps.Left, ps.Right = bs.Para.Size, bs.Para.Size
			for i := range spans {
				spans[i].Style ^= story.Italic
			}
			lines = s.SetSpans(spans, measure, ps)
			for i := range lines {
				lines[i].Kind = QuoteLine
			}
			afterHead = false
		default:
			ps := bs.Para
			if afterHead {
				ps.Indent = 0
			}
			lines = s.SetSpans(spans, measure, ps)
			afterHead = false
		}
		for i := range lines {
			lines[i].Para = bi
		}
		if len(lines) > 0 {
			lines[0].First = true
			lines[len(lines)-1].Last = true
		}
		out = append(out, lines...)
	}
	return out
}

// Smarten returns spans with typewriter punctuation made typographic.
func Smarten(spans []story.Span) []story.Span {
	out := make([]story.Span, len(spans))
	prev := ' '
	for i, sp := range spans {
		out[i] = sp
		out[i].Text, prev = smarten(sp.Text, prev)
	}
	return out
}

// Smarten1 makes one string's punctuation typographic.
func Smarten1(s string) string {
	t, _ := smarten(s, ' ')
	return t
}

// smarten turns straight quotes into curly ones by what stands before them,
// "--" and "---" into en and em dashes, "..." into an ellipsis, and a space
// after "Rs"/"Sep 22"-style abbreviations into a no-break space.
func smarten(s string, prev rune) (string, rune) {
	if !strings.ContainsAny(s, "'\"-.") {
		if s != "" {
			prev, _ = utf8.DecodeLastRuneInString(s)
		}
		return nbsp(s), prev
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		i += n
		switch {
		case r == '"':
			if isOpenContext(prev) {
				r = '“'
			} else {
				r = '”'
			}
		case r == '\'':
			next := ' '
			if i < len(s) {
				next, _ = utf8.DecodeRuneInString(s[i:])
			}
			if isOpenContext(prev) && !unicode.IsDigit(next) {
				r = '‘'
			} else {
				r = '’'
			}
		case r == '-' && i < len(s) && s[i] == '-':
			if i+1 < len(s) && s[i+1] == '-' {
				r = '—'
				i += 2
			} else {
				r = '–'
				i++
			}
		case r == '.' && i+1 < len(s) && s[i] == '.' && s[i+1] == '.':
			r = '…'
			i += 2
		}
		if r < utf8.RuneSelf {
			b.WriteByte(byte(r))
		} else {
			b.WriteRune(r)
		}
		prev = r
	}
	return nbsp(b.String()), prev
}

func isOpenContext(prev rune) bool {
	return unicode.IsSpace(prev) || strings.ContainsRune("([{—–-/“‘", prev)
}

// nbspAfter are the abbreviations tied to what follows them; the months
// only to a number.
var nbspAfter = map[string]bool{"Rs": false, "Rs.": false, "No.": false, "Mr": false, "Mr.": false, "Mrs": false, "Mrs.": false,
	"Dr": false, "Dr.": false, "Ms": false, "Ms.": false, "St.": false,
	"Jan": true, "Feb": true, "Mar": true, "Apr": true, "Jun": true, "Jul": true, "Aug": true, "Sep": true, "Sept": true,
	"Oct": true, "Nov": true, "Dec": true, "Jan.": true, "Feb.": true, "Aug.": true, "Sept.": true, "Oct.": true, "Nov.": true, "Dec.": true}

// nbsp ties an abbreviation to the number or name after it, so "Rs 500" and
// "Sep 22" never break across lines.
func nbsp(s string) string {
	var out []byte
	last := 0  // s is copied to out up to here
	start := 0 // where the word before a space starts
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			start = i + 1
		case ' ':
			word := s[start:i]
			start = i + 1
			if i+1 >= len(s) || len(word) < 2 || len(word) > 5 {
				continue
			}
			month, ok := nbspAfter[word]
			c := rune(s[i+1])
			if !ok || !(unicode.IsDigit(c) || (!month && unicode.IsUpper(c))) {
				continue
			}
			if out == nil {
				out = make([]byte, 0, len(s)+8)
			}
			out = append(out, s[last:i]...)
			out = append(out, "\u00a0"...)
			last = i + 1
		}
	}
	if out == nil {
		return s
	}
	return string(append(out, s[last:]...))
}

// Paragraph sets one paragraph of a story's body as Body sets it, with the
// breaker's settings changed by tune: make-up sets a paragraph a line
// looser this way to fill a column. It returns nil for crossheads and
// quotations.
func (s *Setter) Paragraph(st *story.Story, bi int, measure float64, bs BodyStyle, tune func(*ParaStyle)) []Line {
	if bi < 0 || bi >= len(st.Body) || st.Body[bi].Kind != story.Paragraph {
		return nil
	}
	spans := Smarten(st.Body[bi].Spans)
	if bi == 0 && st.Dateline != "" {
		spans = append([]story.Span{{Text: Smarten1(st.Dateline) + ": ", Style: story.Bold}}, spans...)
	}
	ps := bs.Para
	if bi == 0 || st.Body[bi-1].Kind == story.Crosshead {
		ps.Indent = 0
	}
	ps.RepeatFirstHyphenDemerits = 0
	if tune != nil {
		tune(&ps)
	}
	lines := s.SetSpans(spans, measure, ps)
	for i := range lines {
		lines[i].Para = bi
	}
	if len(lines) > 0 {
		lines[0].First = true
		lines[len(lines)-1].Last = true
	}
	return lines
}

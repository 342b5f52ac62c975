package typeset

import (
	"strings"
	"unicode"

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
			rs := []rune(s)
			prev = rs[len(rs)-1]
		}
		return nbsp(s), prev
	}
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		next := ' '
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		switch {
		case r == '"':
			if isOpenContext(prev) {
				r = '“'
			} else {
				r = '”'
			}
		case r == '\'':
			if isOpenContext(prev) && !unicode.IsDigit(next) {
				r = '‘'
			} else {
				r = '’'
			}
		case r == '-' && next == '-':
			if i+2 < len(rs) && rs[i+2] == '-' {
				r = '—'
				i += 2
			} else {
				r = '–'
				i++
			}
		case r == '.' && next == '.' && i+2 < len(rs) && rs[i+2] == '.':
			r = '…'
			i += 2
		}
		b.WriteRune(r)
		prev = r
	}
	return nbsp(b.String()), prev
}

func isOpenContext(prev rune) bool {
	return unicode.IsSpace(prev) || strings.ContainsRune("([{—–-/“‘", prev)
}

var nbspAfter = []string{"Rs ", "Rs. ", "No. ", "Mr ", "Mr. ", "Mrs ", "Mrs. ", "Dr ", "Dr. ", "Ms ", "Ms. ", "St. ",
	"Jan ", "Feb ", "Mar ", "Apr ", "Jun ", "Jul ", "Aug ", "Sep ", "Sept ", "Oct ", "Nov ", "Dec ", "Jan. ", "Feb. ", "Aug. ", "Sept. ", "Oct. ", "Nov. ", "Dec. "}

// nbsp ties an abbreviation to the number or name after it, so "Rs 500" and
// "Sep 22" never break across lines.
func nbsp(s string) string {
	if !strings.Contains(s, " ") {
		return s
	}
	for _, a := range nbspAfter {
		for i := 0; ; {
			j := strings.Index(s[i:], a)
			if j < 0 {
				break
			}
			j += i
			end := j + len(a)
			okStart := j == 0 || s[j-1] == ' ' || s[j-1] == '('
			if okStart && end < len(s) && (unicode.IsDigit(rune(s[end])) || unicode.IsUpper(rune(s[end]))) {
				if a[:3] == "Jan" || a[:3] == "Feb" || a[:3] == "Mar" || a[:3] == "Apr" || a[:3] == "Jun" || a[:3] == "Jul" || a[:3] == "Aug" || a[:3] == "Sep" || a[:3] == "Oct" || a[:3] == "Nov" || a[:3] == "Dec" {
					if !unicode.IsDigit(rune(s[end])) {
						i = end
						continue
					}
				}
				s = s[:end-1] + "\u00a0" + s[end:]
				end++
			}
			i = end
		}
	}
	return s
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
	ps.AlternateFirstHyphens = false
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

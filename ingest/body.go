package ingest

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/epaper/epaper/story"
)

var (
	listRE     = regexp.MustCompile(`^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+`)
	ruleRE     = regexp.MustCompile(`^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$`)
	headRE     = regexp.MustCompile(`^\s{0,3}#{1,6}\s+`)
	setextRE   = regexp.MustCompile(`^\s{0,3}(?:=+|-+)\s*$`)
	flatHeadRE = regexp.MustCompile(`^(.*\S)\s+(={3,}|-{3,})$`)
	refLinkRE  = regexp.MustCompile(`\[([^\]]+)\]\[[^\]]*\]`)
	refDefRE   = regexp.MustCompile(`^\s{0,3}\[[^\]]+\]:\s+\S+`)
	autoLinkRE = regexp.MustCompile(`<(https?://[^>\s]+)>`)
	blockTagRE = regexp.MustCompile(`(?is)<(script|style|iframe|object)\b.*?</(script|style|iframe|object)>`)
	commentRE  = regexp.MustCompile(`(?s)<!--.*?-->`)
)

// ParseBody reads the Markdown subset desks write into body blocks:
// paragraphs separated by blank lines, "#" crossheads and underlined ones
// (a line of "=" or "-" under the text, or after it on its own line, as
// CMS exports flatten them: "Next steps ----------"), "> " quotations, list
// items (one paragraph each, with a bullet), *italic*, **bold**, links (their
// text, then the web address in brackets when the text does not give it: a
// reader of the printed page cannot follow the link), inline code as text. HTML tags left over from a CMS are
// dropped; scripts and styles with their content.
func ParseBody(src string) []story.Block {
	src = blockTagRE.ReplaceAllString(src, "")
	src = commentRE.ReplaceAllString(src, "")
	var blocks []story.Block
	var para []string
	kind := story.Paragraph
	flush := func() {
		if len(para) == 0 {
			return
		}
		text := strings.Join(para, " ")
		para = para[:0]
		spans := parseInline(text)
		if len(spans) > 0 {
			blocks = append(blocks, story.Block{Kind: kind, Spans: spans})
		}
		kind = story.Paragraph
	}
	inFence := false
	for _, line := range strings.Split(src, "\n") {
		trim := strings.TrimSpace(line)
		if strings.HasPrefix(trim, "```") || strings.HasPrefix(trim, "~~~") {
			flush()
			inFence = !inFence
			continue
		}
		switch {
		case inFence:
			if trim != "" {
				para = append(para, trim)
			}
		case trim == "":
			flush()
		case len(para) > 0 && kind == story.Paragraph && !strings.HasPrefix(para[0], "• ") && setextRE.MatchString(line) && headLength(para):
			// the text above is a heading underlined
			kind = story.Crosshead
			flush()
		case len(para) == 0 && kind == story.Paragraph && flatHead(trim) != "":
			kind = story.Crosshead
			para = append(para, flatHead(trim))
			flush()
		case ruleRE.MatchString(trim) || refDefRE.MatchString(line):
			flush()
		case headRE.MatchString(line):
			flush()
			kind = story.Crosshead
			para = append(para, strings.TrimRight(headRE.ReplaceAllString(line, ""), "# "))
			flush()
		case strings.HasPrefix(trim, ">"):
			if kind != story.Quote {
				flush()
			}
			kind = story.Quote
			q := strings.TrimSpace(strings.TrimLeft(trim, "> "))
			if q == "" {
				flush()
				kind = story.Quote
			} else {
				para = append(para, q)
			}
		case listRE.MatchString(line):
			flush()
			para = append(para, "• "+listRE.ReplaceAllString(line, ""))
		default:
			if kind == story.Quote && len(para) == 0 {
				kind = story.Paragraph
			}
			para = append(para, trim)
		}
	}
	flush()
	return blocks
}

// maxHead is the longest text, in characters, read as an underlined
// heading: a longer paragraph over a line of dashes is a paragraph and a
// rule, as a desk that types a rule under its text means it.
const maxHead = 120

// headLength tells whether lines are short enough for a heading.
func headLength(lines []string) bool {
	n := len(lines) - 1
	for _, l := range lines {
		n += utf8.RuneCountInString(l)
	}
	return n <= maxHead
}

// flatHead returns the text of an underlined heading flattened onto one
// line, "Savings through reuse ---------------------", or "". The rule must
// be at least half as long as the text, so that a sentence ending in a
// dash written as "---" stays a sentence.
func flatHead(line string) string {
	m := flatHeadRE.FindStringSubmatch(line)
	if m == nil || utf8.RuneCountInString(m[1]) > maxHead || 2*len(m[2]) < utf8.RuneCountInString(m[1]) || strings.HasSuffix(m[1], "-") || strings.HasSuffix(m[1], "=") {
		return ""
	}
	return m[1]
}

// inlineLinks replaces the Markdown links of s by their printed form
// (linkText) and drops its pictures, ![alt](path). Links are read as
// CommonMark reads them: the text in brackets (which may hold balanced
// brackets), then at once the destination in parentheses, either <...> or
// a run without spaces whose own parentheses balance (a Wikipedia address,
// "wiki/Foo_(bar)"), with backslash escapes, and an optional title in
// quotes or parentheses. What is not a whole link stays as it is.
func inlineLinks(s string) string {
	if !strings.Contains(s, "](") {
		return s
	}
	closing := matchBrackets(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c == '\\' && i+1 < len(s) {
			b.WriteString(s[i : i+2])
			i += 2
			continue
		}
		image := c == '!' && i+1 < len(s) && s[i+1] == '['
		if c != '[' && !image {
			b.WriteByte(c)
			i++
			continue
		}
		open := i
		if image {
			open++
		}
		text, url, end, ok := parseLink(s, open, closing[open])
		if !ok {
			b.WriteByte(c)
			i++
			continue
		}
		if !image {
			if strings.Contains(text, "![") {
				// a linked picture: the picture goes, as elsewhere
				text = inlineLinks(text)
			}
			b.WriteString(linkText(text, url))
		}
		i = end
	}
	return b.String()
}

// maxDestination bounds a link's destination and title, in bytes, so that
// a hostile run of "[a]([b]([c](..." costs linear time, not quadratic.
const maxDestination = 2048

// matchBrackets maps the index of each '[' of s to the index of the ']'
// that closes it (balanced, backslash escapes skipped), in one pass.
func matchBrackets(s string) map[int]int {
	closing := map[int]int{}
	var open []int
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '[':
			open = append(open, i)
		case ']':
			if n := len(open); n > 0 {
				closing[open[n-1]] = i
				open = open[:n-1]
			}
		}
	}
	return closing
}

// parseLink reads an inline link whose text is s[i+1:j], between the '['
// at s[i] and the ']' at s[j] that closes it: its text, its destination
// with escapes resolved, and the index after its closing parenthesis.
func parseLink(s string, i, j int) (text, url string, end int, ok bool) {
	if j <= i || j+1 >= len(s) || s[j+1] != '(' {
		return "", "", 0, false
	}
	text = s[i+1 : j]
	limit := min(len(s), j+2+maxDestination)
	k := skipSpaces(s, j+2)
	var dest strings.Builder
	switch {
	case k < len(s) && s[k] == '<':
		k++
		for ; k < limit && s[k] != '>'; k++ {
			if s[k] == '\n' || s[k] == '<' {
				return "", "", 0, false
			}
			if s[k] == '\\' && k+1 < len(s) {
				k++
			}
			dest.WriteByte(s[k])
		}
		if k >= limit {
			return "", "", 0, false
		}
		k++
	default:
		parens := 0
	dest:
		for ; k < limit; k++ {
			switch c := s[k]; {
			case c == '\\' && k+1 < len(s) && isPunct(s[k+1]):
				k++
			case c == '(':
				parens++
			case c == ')':
				if parens == 0 {
					break dest
				}
				parens--
			case c == ' ' || c == '\t' || c == '\n' || c < 0x20:
				break dest
			}
			dest.WriteByte(s[k])
		}
		if parens != 0 || k >= limit {
			return "", "", 0, false
		}
	}
	k = skipSpaces(s, k)
	if k < len(s) && (s[k] == '"' || s[k] == '\'' || s[k] == '(') && k > 0 && (s[k-1] == ' ' || s[k-1] == '\t' || s[k-1] == '\n') {
		closer := s[k]
		if closer == '(' {
			closer = ')'
		}
		k++
		for ; k < limit && s[k] != closer; k++ {
			if s[k] == '\\' {
				k++
			}
		}
		if k >= limit {
			return "", "", 0, false
		}
		k = skipSpaces(s, k+1)
	}
	if k >= len(s) || s[k] != ')' {
		return "", "", 0, false
	}
	return text, dest.String(), k + 1, true
}

func skipSpaces(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') {
		i++
	}
	return i
}

// isPunct tells the ASCII punctuation a backslash escapes.
func isPunct(c byte) bool {
	return strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) >= 0
}

// linkText is a Markdown link as printed: its text, and its address in
// brackets when the address is a web or mail one the text does not show.
func linkText(text, url string) string {
	lower := strings.ToLower(url)
	web := strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://") || strings.HasPrefix(lower, "mailto:")
	bare := strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(lower, "mailto:"), "https://"), "http://"), "www.")
	bare = strings.TrimSuffix(bare, "/")
	if !web || bare == "" || strings.Contains(strings.ToLower(text), bare) {
		return text
	}
	if strings.TrimSpace(text) == "" {
		return url
	}
	return text + " (" + url + ")"
}

// parseInline turns one block's Markdown into styled spans.
func parseInline(s string) []story.Span {
	s = inlineLinks(s)
	s = refLinkRE.ReplaceAllString(s, "$1")
	s = autoLinkRE.ReplaceAllString(s, "$1")
	s = tagRE.ReplaceAllString(s, "")
	// character references are decoded span by span, after the markup is
	// read, so that "&#42;" is an asterisk and never emphasis
	var spans []story.Span
	var cur strings.Builder
	style := story.Regular
	emit := func() {
		if cur.Len() > 0 {
			t := decodeEntities(cur.String())
			if n := len(spans); n > 0 && spans[n-1].Style == style {
				spans[n-1].Text += t
			} else {
				spans = append(spans, story.Span{Text: t, Style: style})
			}
			cur.Reset()
		}
	}
	rs := []rune(s)
	wordChar := func(i int) bool {
		if i < 0 || i >= len(rs) {
			return false
		}
		r := rs[i]
		return r != ' ' && r != '\t'
	}
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '\\' && i+1 < len(rs) && strings.ContainsRune("\\`*_{}[]()#+-.!<>", rs[i+1]):
			cur.WriteRune(rs[i+1])
			i++
		case r == '`':
			// inline code: kept as text
		case (r == '*' || r == '_') && i+1 < len(rs) && rs[i+1] == r:
			// ** or __ toggles bold, only at a word edge
			if r == '_' && wordChar(i-1) && wordChar(i+2) {
				cur.WriteString("__")
				i++
				continue
			}
			emit()
			style ^= story.Bold
			i++
		case r == '*' || r == '_':
			opening := !wordChar(i-1) && wordChar(i+1)
			closing := wordChar(i-1) && !wordChar(i+1)
			if r == '*' && wordChar(i-1) && wordChar(i+1) {
				opening, closing = style&story.Italic == 0, style&story.Italic != 0
			}
			if (opening && style&story.Italic == 0) || (closing && style&story.Italic != 0) {
				emit()
				style ^= story.Italic
			} else {
				cur.WriteRune(r)
			}
		default:
			cur.WriteRune(r)
		}
	}
	emit()
	// tidy whitespace across spans
	out := spans[:0]
	for _, sp := range spans {
		sp.Text = collapseKeepEdges(sp.Text)
		if sp.Text != "" {
			out = append(out, sp)
		}
	}
	if len(out) > 0 {
		out[0].Text = strings.TrimLeft(out[0].Text, " ")
		out[len(out)-1].Text = strings.TrimRight(out[len(out)-1].Text, " ")
		if out[len(out)-1].Text == "" {
			out = out[:len(out)-1]
		}
		if len(out) > 0 && out[0].Text == "" {
			out = out[1:]
		}
	}
	return out
}

// collapseKeepEdges collapses inner whitespace but keeps one space at either
// edge, so "word *it* word" keeps its spaces around the italic span.
func collapseKeepEdges(s string) string {
	if s == "" {
		return s
	}
	lead := s[0] == ' ' || s[0] == '\t'
	tail := s[len(s)-1] == ' ' || s[len(s)-1] == '\t'
	c := collapse(s)
	if c == "" {
		if lead || tail {
			return " "
		}
		return ""
	}
	if lead {
		c = " " + c
	}
	if tail {
		c += " "
	}
	return c
}

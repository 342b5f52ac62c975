package wire

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"path"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/epaper/epaper/story"
)

// lineIndex maps byte offsets to 1-based line numbers.
type lineIndex []int

func newLineIndex(data []byte) lineIndex {
	idx := lineIndex{0}
	for i, b := range data {
		if b == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

// line returns the line of the byte at offset off.
func (l lineIndex) line(off int64) int {
	if off < 0 {
		return 0
	}
	return sort.Search(len(l), func(i int) bool { return int64(l[i]) > off })
}

// normalizeEncoding returns data as UTF-8: a UTF-8 byte order mark is dropped,
// UTF-16 (with a byte order mark) is converted, and XML that declares a
// single-byte encoding (ISO-8859-1, Windows-1252, US-ASCII) is converted.
// The line structure is kept, so line numbers still match the file.
func normalizeEncoding(data []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return data[3:], nil
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}), bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return fromUTF16(data)
	}
	if enc := xmlDeclEncoding(data); enc != "" {
		switch enc {
		case "iso-8859-1", "latin1", "latin-1", "iso8859-1", "l1", "iso_8859-1":
			return fromSingleByte(data, nil), nil
		case "windows-1252", "cp1252", "x-cp1252":
			return fromSingleByte(data, &cp1252), nil
		case "utf-8", "utf8", "us-ascii", "ascii":
		case "utf-16", "utf-16le", "utf-16be":
			// Without a byte order mark the bytes are usually UTF-8 anyway
			// (the declaration is stale); the UTF-8 check catches the rest.
		default:
			return nil, fmt.Errorf("unsupported character encoding %q: save the file as UTF-8", enc)
		}
	}
	return data, nil
}

var xmlDeclRE = regexp.MustCompile(`^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)

func xmlDeclEncoding(data []byte) string {
	head := data
	if len(head) > 200 {
		head = head[:200]
	}
	m := xmlDeclRE.FindSubmatch(head)
	if m == nil {
		return ""
	}
	return strings.ToLower(string(m[1]))
}

func fromUTF16(data []byte) ([]byte, error) {
	if len(data)%2 != 0 {
		return nil, errors.New("invalid UTF-16: odd number of bytes")
	}
	be := data[0] == 0xFE
	u := make([]uint16, 0, len(data)/2-1)
	for i := 2; i+1 < len(data); i += 2 {
		if be {
			u = append(u, uint16(data[i])<<8|uint16(data[i+1]))
		} else {
			u = append(u, uint16(data[i+1])<<8|uint16(data[i]))
		}
	}
	var b bytes.Buffer
	for _, r := range utf16.Decode(u) {
		b.WriteRune(r)
	}
	return b.Bytes(), nil
}

// cp1252 maps the bytes 0x80-0x9F of Windows-1252 to Unicode; the other bytes
// are the same as ISO-8859-1.
var cp1252 = [32]rune{
	'€', 0x81, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0x8D, 'Ž', 0x8F,
	0x90, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0x9D, 'ž', 'Ÿ',
}

func fromSingleByte(data []byte, high *[32]rune) []byte {
	var b bytes.Buffer
	b.Grow(len(data) + len(data)/8)
	for _, c := range data {
		switch {
		case c < 0x80:
			b.WriteByte(c)
		case c < 0xA0 && high != nil:
			b.WriteRune(high[c-0x80])
		default:
			b.WriteRune(rune(c))
		}
	}
	return b.Bytes()
}

// checkText finds invalid UTF-8 and control characters other than tab, line
// feed and carriage return, and says on which line.
func checkText(data []byte) (int, string) {
	line := 1
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\n':
				line++
			case c == '\t' || c == '\r':
			case c < 0x20 || c == 0x7f:
				return line, fmt.Sprintf("control character U+%04X in the text", c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return line, fmt.Sprintf("invalid UTF-8 (byte 0x%02X): the file must be saved as UTF-8", c)
		}
		if unicode.IsControl(r) {
			return line, fmt.Sprintf("control character U+%04X in the text", r)
		}
		i += n
	}
	return 0, ""
}

// badControl reports the first control character of s other than tab, line
// feed and carriage return: the ones a JSON escape or an XML character
// reference can smuggle past checkText.
func badControl(s string) (rune, bool) {
	for _, r := range s {
		if unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' {
			return r, true
		}
	}
	return 0, false
}

// collapse joins runs of white space into single spaces, trims the ends and
// drops invisible format characters that fonts do not draw, keeping the soft
// hyphen and the zero-width (non-)joiners that Indic scripts need. The
// no-break space is kept. Character references left in the text are
// decoded first (see DecodeRefs).
func collapse(s string) string {
	s = DecodeRefs(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if isSpace(r) {
			space = true
			continue
		}
		if dropRune(r) {
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// refRE is a character reference closed by its semicolon: numeric (decimal
// or hex) or named.
var refRE = regexp.MustCompile(`&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});`)

// DecodeRefs decodes the HTML character references in text that is already
// plain text: "India&#8217;s", "&#x20B9;5", "&mdash;". Such references reach
// the text when a CMS escapes its markup twice (XML "&amp;#8217;") or
// writes entities into a plain-text field, and no reader of the page wants
// them printed. Only references closed by a semicolon are decoded, so
// "AT&T" and "a=1&b=2" stay as they are; an unknown name is left alone; a
// reference to no character (zero, a surrogate, beyond U+10FFFF) becomes
// U+FFFD, which collapse and the body builder drop.
func DecodeRefs(s string) string {
	if strings.IndexByte(s, '&') < 0 {
		return s
	}
	return refRE.ReplaceAllStringFunc(s, html.UnescapeString)
}

// isSpace reports white space that collapses; the no-break space does not.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) && r != '\u00a0' && r != '\u202f'
}

// dropRune reports characters that never reach the page: control characters
// and invisible format characters other than the soft hyphen and the joiners.
func dropRune(r rune) bool {
	if unicode.IsControl(r) {
		return true
	}
	if unicode.Is(unicode.Cf, r) {
		return r != '\u00ad' && r != '\u200c' && r != '\u200d'
	}
	return r == utf8.RuneError
}

// blankText reports text with nothing visible in it.
func blankText(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) && !dropRune(r) {
			return false
		}
	}
	return true
}

// MakeID turns a source's identifier (a URI, a GUID, a file name) into an id
// safe for file names and HTML ids: lower-case a-z, 0-9 and hyphens, at most
// 60 characters. An identifier that had to be shortened, or that held
// characters outside ASCII, gets a short hash of the original so that
// different identifiers stay different.
func MakeID(raw string) string {
	raw = strings.TrimSpace(raw)
	s := raw
	for _, p := range []string{"https://", "http://", "urn:", "tag:", "file://"} {
		if len(s) > len(p) && strings.EqualFold(s[:len(p)], p) {
			s = s[len(p):]
			break
		}
	}
	var b strings.Builder
	dash, lossy := false, false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			if r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
				lossy = true
			}
			dash = true
		}
	}
	id := b.String()
	const max, keep = 60, 51
	if len(id) > max {
		// The end of an identifier is usually its most specific part.
		id = id[len(id)-keep:]
		if i := strings.IndexByte(id, '-'); i >= 0 && i < 12 {
			id = id[i+1:]
		}
		lossy = true
	}
	if id == "" {
		return "item-" + shortHash(raw)
	}
	if lossy {
		return strings.Trim(id, "-") + "-" + shortHash(raw)
	}
	return id
}

func shortHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:4])
}

func fileBase(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	b := path.Base(name)
	if e := path.Ext(b); e != "" && e != b {
		b = strings.TrimSuffix(b, e)
	}
	return b
}

// firstNonEmpty returns the first argument that is not blank.
func firstNonEmpty(v ...string) string {
	for _, s := range v {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// maxListed bounds subjects, genres and bylines: no story has more, and the
// bound keeps a hostile file from making the comparisons quadratic.
const maxListed = 100

// appendUnique appends the non-empty values not already in list, comparing
// without regard to case, up to maxListed values.
func appendUnique(list []string, v ...string) []string {
outer:
	for _, s := range v {
		if len(list) >= maxListed {
			break
		}
		s = collapse(s)
		if s == "" {
			continue
		}
		for _, t := range list {
			if strings.EqualFold(s, t) {
				continue outer
			}
		}
		list = append(list, s)
	}
	return list
}

// stripBy drops a leading "By " from a byline: the page adds its own.
func stripBy(s string) string {
	s = collapse(s)
	if len(s) > 3 && strings.EqualFold(s[:3], "by ") {
		return strings.TrimSpace(s[3:])
	}
	return s
}

// priority maps an IPTC urgency (1 most urgent ... 9 least) onto the desk's
// priorities (1 lead ... 5 brief): 1-2 → 1, 3-4 → 2, 5 → 3, 6-7 → 4, 8-9 → 5.
func priority(urgency int) int {
	switch {
	case urgency <= 0 || urgency > 9:
		return 0
	case urgency <= 2:
		return 1
	case urgency <= 4:
		return 2
	case urgency == 5:
		return 3
	case urgency <= 7:
		return 4
	}
	return 5
}

// status normalises a publication status ("usable", "stat:withheld",
// "withdrawn", "cancelled") to StatusUsable, StatusWithheld or
// StatusCanceled; other values are kept as lower-case text.
func status(v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	if i := strings.LastIndexByte(v, ':'); i >= 0 {
		v = v[i+1:]
	}
	switch v {
	case "":
		return ""
	case "usable":
		return StatusUsable
	case "withheld", "withdrawn", "embargoed":
		return StatusWithheld
	case "canceled", "cancelled", "kill", "killed":
		return StatusCanceled
	}
	return v
}

// byRole files a headline of a wire item under the story's headline, deck
// or kicker by its role, the first of each kept; a headline of another role
// goes into alt, which stands in when the item has no main headline.
func byRole(s *story.Story, role, text string, alt *string) {
	switch {
	case text == "":
	case roleIs(role, "sub", "deck", "standfirst", "strap"):
		if s.Deck == "" {
			s.Deck = text
		}
	case roleIs(role, "kicker", "overline", "eyebrow", "label", "flag"):
		if s.Kicker == "" {
			s.Kicker = text
		}
	case role == "" || roleIs(role, "main", "default", "print", "head"):
		if s.Headline == "" {
			s.Headline = text
		}
	default:
		if *alt == "" {
			*alt = text
		}
	}
}

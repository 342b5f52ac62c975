package ingest

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/ingest/wire"
	"github.com/epaper/epaper/problem"
	"github.com/epaper/epaper/story"
	"gopkg.in/yaml.v3"
)

// frontMatter is the desk format's YAML header. Fields are yaml.Nodes where a
// wrong type must be reported with its line.
type frontMatter struct {
	Headline  string      `yaml:"headline"`
	Kicker    string      `yaml:"kicker"`
	Deck      string      `yaml:"deck"`
	Section   string      `yaml:"section"`
	Priority  yaml.Node   `yaml:"priority"`
	Byline    string      `yaml:"byline"`
	Dateline  string      `yaml:"dateline"`
	Published yaml.Node   `yaml:"published"`
	Updated   yaml.Node   `yaml:"updated"`
	Version   yaml.Node   `yaml:"version"`
	Language  string      `yaml:"language"`
	Source    string      `yaml:"source"`
	License   string      `yaml:"license"`
	ID        string      `yaml:"id"`
	Subjects  []string    `yaml:"subjects"`
	Images    []imageNode `yaml:"images"`

	// the desk's keys for tonight, as the desk's plan spells them
	Lead          yaml.Node `yaml:"lead"`
	Page          yaml.Node `yaml:"page"`
	Hold          yaml.Node `yaml:"hold"`
	PrintHeadline string    `yaml:"print_headline"`
	PrintDeck     string    `yaml:"print_deck"`
}

type imageNode struct {
	File    string `yaml:"file"`
	Caption string `yaml:"caption"`
	Credit  string `yaml:"credit"`
	line    int
}

func (i *imageNode) UnmarshalYAML(n *yaml.Node) error {
	type plain imageNode
	var p plain
	if err := n.Decode(&p); err != nil {
		return err
	}
	*i = imageNode(p)
	i.line = n.Line
	return nil
}

var knownKeys = map[string]bool{
	"headline": true, "kicker": true, "deck": true, "section": true, "priority": true,
	"byline": true, "dateline": true, "published": true, "language": true, "source": true,
	"license": true, "id": true, "subjects": true, "images": true, "updated": true, "version": true,
	"lead": true, "page": true, "hold": true, "print_headline": true, "print_deck": true,
}

// ReadMarkdown parses a story in the desk format: YAML front matter between
// "---" lines, then a Markdown body. name is the file's path relative to the
// sources root (slash-separated); image paths are resolved against its folder.
// A published time written without a zone is a time in loc, the edition's
// time zone (UTC when loc is nil): the desk writes the time on its own clock.
// Problems that lose nothing (an unknown key, a missing photo) are warnings;
// problems that leave no usable story are a *problem.Problem naming the line.
func ReadMarkdown(name string, data []byte, loc *time.Location) (*story.Story, []problem.Problem, error) {
	d, probs, err := readMarkdown(name, data, loc)
	return d.story, probs, err
}

// deskStory is a desk story as read, with whether its front matter named
// its id: only then is it one version of that id (see decideVersions).
type deskStory struct {
	story    *story.Story
	explicit bool
}

func readMarkdown(name string, data []byte, loc *time.Location) (deskStory, []problem.Problem, error) {
	fail := func(line int, f string, a ...any) (deskStory, []problem.Problem, error) {
		return deskStory{}, nil, &problem.Problem{File: name, Line: line, Msg: fmt.Sprintf(f, a...)}
	}
	if line, col, bad := checkText(data); bad != "" {
		return fail(line, "%s (column %d)", bad, col)
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	// old Mac files end lines with CR alone, and YAML counts those as lines
	text := strings.ReplaceAll(strings.ReplaceAll(string(data), "\r\n", "\n"), "\r", "\n")
	if !strings.HasPrefix(text, "---\n") {
		return fail(1, "no front matter: a story starts with a line \"---\", then headline, section... and another \"---\"")
	}
	head, body, ok := splitFront(text[4:])
	if !ok {
		return fail(1, "front matter is not closed by a line \"---\"")
	}
	bodyLine := 3 + strings.Count(head, "\n") + 1

	var root yaml.Node
	if err := yaml.Unmarshal([]byte(head), &root); err != nil {
		p := editions.SyntaxError(name, []byte(head), err)
		return fail(p.Line+1, "front matter: %s", p.Msg)
	}
	if n := aliasNode(&root); n != nil {
		return fail(n.Line+1, "front matter: YAML anchors and aliases are not allowed")
	}
	var fm frontMatter
	if err := root.Decode(&fm); err != nil {
		line, msg := yamlLine(err)
		return fail(line+1, "front matter: %s", msg)
	}
	var probs []problem.Problem
	warn := func(line int, f string, a ...any) {
		probs = append(probs, problem.Problem{File: name, Line: line, Msg: fmt.Sprintf(f, a...)})
	}
	if len(root.Content) > 0 && root.Content[0].Kind == yaml.MappingNode {
		m := root.Content[0]
		for i := 0; i+1 < len(m.Content); i += 2 {
			if k := m.Content[i]; !knownKeys[k.Value] {
				warn(k.Line+1, "unknown front matter key %q ignored", k.Value)
			}
		}
	} else if len(root.Content) > 0 {
		return fail(2, "front matter must be key: value lines")
	}
	s := &story.Story{
		ID:       fm.ID,
		File:     name,
		Format:   "markdown",
		Headline: cleanInline(fm.Headline),
		Kicker:   cleanInline(fm.Kicker),
		Deck:     cleanInline(fm.Deck),
		Section:  strings.TrimSpace(fm.Section),
		Byline:   cleanInline(fm.Byline),
		Dateline: cleanInline(fm.Dateline),
		Language: fm.Language,
		Source:   fm.Source,
		License:  fm.License,
		Subjects: fm.Subjects,
		Priority: story.PriorityDefault,
	}
	if s.Headline == "" {
		return fail(keyLine(&root, "headline", 2), "no headline")
	}
	explicit := s.ID != ""
	if !explicit {
		s.ID = Slug(strings.TrimSuffix(path.Base(name), path.Ext(name)))
	}
	if fm.Priority.Kind != 0 {
		p, err := strconv.Atoi(fm.Priority.Value)
		if err != nil || p < 1 || p > 5 {
			return fail(fm.Priority.Line+1, "priority must be a whole number from 1 (lead) to 5 (brief), not %q", fm.Priority.Value)
		}
		s.Priority = p
	}
	if fm.Published.Kind != 0 {
		t, err := ParseTime(fm.Published.Value, loc)
		if err != nil {
			return fail(fm.Published.Line+1, "published: %v", err)
		}
		s.Published = t
	}
	if fm.Updated.Kind != 0 {
		t, err := ParseTime(fm.Updated.Value, loc)
		if err != nil {
			return fail(fm.Updated.Line+1, "updated: %v", err)
		}
		s.Updated = t
	}
	if fm.Version.Kind != 0 {
		v, err := strconv.Atoi(fm.Version.Value)
		if err != nil || v < 1 || v > 1_000_000 {
			return fail(fm.Version.Line+1, "version must be a whole number from 1 (the first version) up, not %q", fm.Version.Value)
		}
		s.Version = v
	}
	s.Desk = deskOf(&fm, warn)
	s.Images = imagesOf(name, fm.Images, warn)
	s.Body = ParseBody(body)
	if len(s.Body) == 0 {
		warn(bodyLine, "the story has no body text")
	}
	return deskStory{story: s, explicit: explicit}, probs, nil
}

// splitFront splits what follows a story's opening "---" line into its
// front matter and its body: the front matter ends at the first line that
// is "---" alone. ok is false when no line closes it.
func splitFront(rest string) (head, body string, ok bool) {
	if strings.HasPrefix(rest, "---\n") || rest == "---" {
		return "", strings.TrimPrefix(strings.TrimPrefix(rest, "---"), "\n"), true
	}
	if end := strings.Index(rest, "\n---\n"); end >= 0 {
		return rest[:end], rest[end+5:], true
	}
	if strings.HasSuffix(rest, "\n---") {
		return rest[:len(rest)-4], "", true
	}
	return "", "", false
}

// imagesOf reads a story's images: each file resolved against the story's
// folder, or a web address kept as it is; an image without a file, or one
// whose path leaves the sources folder, is a warning and is left out.
func imagesOf(name string, nodes []imageNode, warn func(int, string, ...any)) []story.Image {
	var out []story.Image
	for _, im := range nodes {
		line := im.line + 1
		f := strings.TrimSpace(im.File)
		if f == "" {
			warn(line, "image without a file ignored")
			continue
		}
		if strings.Contains(f, "://") {
			out = append(out, story.Image{URL: f, Caption: cleanInline(im.Caption), Credit: cleanInline(im.Credit), Line: line})
			continue
		}
		p, ok := ResolvePath(name, f)
		if !ok {
			warn(line, "image %q leaves the sources folder: left out", f)
			continue
		}
		out = append(out, story.Image{File: p, Caption: cleanInline(im.Caption), Credit: cleanInline(im.Credit), Line: line})
	}
	return out
}

// ResolvePath joins a path named in a story to the story's folder and
// reports whether it stays inside the sources root.
func ResolvePath(storyFile, p string) (string, bool) {
	if path.IsAbs(p) || strings.HasPrefix(p, "\\") || strings.Contains(p, "\\") {
		return "", false
	}
	j := path.Clean(path.Join(path.Dir(storyFile), p))
	if j == ".." || strings.HasPrefix(j, "../") || strings.HasPrefix(j, "/") {
		return "", false
	}
	return j, true
}

// ParseTime reads the published times desks write: RFC 3339, or a date and
// time without a zone, or a date alone. A time without a zone is in loc (UTC
// when loc is nil).
func ParseTime(v string, loc *time.Location) (time.Time, error) {
	v = strings.TrimSpace(v)
	if loc == nil {
		loc = time.UTC
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, v, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date and time like 2023-09-22T13:53:00+05:30", v)
}

// checkText finds invalid UTF-8 and control characters.
func checkText(b []byte) (line, col int, msg string) {
	line, col = 1, 0
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		col++
		switch {
		case r == utf8.RuneError && n <= 1:
			return line, col, fmt.Sprintf("invalid UTF-8 (byte 0x%02x): save the file as UTF-8", b[i])
		case r == '\n':
			line++
			col = 0
		case r == '\t' || r == '\r':
		case r < 0x20 || r == 0x7f:
			return line, col, fmt.Sprintf("control character U+%04X", r)
		}
		i += n
	}
	return 0, 0, ""
}

var yamlLineRE = regexp.MustCompile(`line (\d+): (.*)`)

func yamlLine(err error) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.TrimPrefix(msg, "unmarshal errors:\n  ")
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n, strings.ReplaceAll(m[2], "ingest.", "")
	}
	return 0, msg
}

func aliasNode(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return n
	}
	for _, c := range n.Content {
		if a := aliasNode(c); a != nil {
			return a
		}
	}
	return nil
}

func keyLine(root *yaml.Node, key string, def int) int {
	if len(root.Content) > 0 {
		m := root.Content[0]
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == key {
				return m.Content[i].Line + 1
			}
		}
	}
	return def
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// cleanInline makes a front matter value plain text: HTML tags left over from a
// CMS are dropped, entities decoded, whitespace collapsed.
func cleanInline(s string) string {
	s = tagRE.ReplaceAllString(s, "")
	s = decodeEntities(s)
	return collapse(s)
}

// collapse joins whitespace runs into single spaces and drops invisible
// format characters (direction marks) that fonts do not draw.
func collapse(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		i += n
		if r < utf8.RuneSelf {
			// ASCII, most of any text
			if r == ' ' || r == '\t' || r == '\n' || r == '\v' || r == '\f' || r == '\r' {
				space = true
				continue
			}
		} else if unicode.IsSpace(r) && r != '\u00a0' {
			space = true
			continue
		} else if unicode.Is(unicode.Cf, r) && r != '\u00ad' && r != '\u200c' && r != '\u200d' {
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		if r < utf8.RuneSelf {
			b.WriteByte(byte(r))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// decodeEntities decodes the character references a desk's text carries,
// named and numeric alike ("&rsquo;", "&#8217;", "&#x20B9;"), as the wire
// readers do.
func decodeEntities(s string) string { return wire.DecodeRefs(s) }

// Slug makes a file-name-safe id: lower-case letters, digits and hyphens.
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
		if b.Len() >= 80 {
			break
		}
	}
	if b.Len() == 0 {
		return "story"
	}
	return b.String()
}

// deskOf reads the desk's keys of a story's front matter. A value that
// cannot be read is a warning and is left out, except hold: a story whose
// hold cannot be read is held, since keeping out a story the desk wanted
// in costs less than printing one it wanted out.
func deskOf(fm *frontMatter, warn func(int, string, ...any)) story.Desk {
	d := story.Desk{
		PrintHeadline: cleanInline(fm.PrintHeadline),
		PrintDeck:     cleanInline(fm.PrintDeck),
	}
	flag := func(n *yaml.Node, key string) (v, ok bool) {
		if n.Kind == 0 {
			return false, true
		}
		if err := n.Decode(&v); err != nil || n.Kind != yaml.ScalarNode {
			warn(n.Line+1, "%s must be true or false, not %q", key, n.Value)
			return false, false
		}
		return v, true
	}
	d.Lead, _ = flag(&fm.Lead, "lead")
	hold, ok := flag(&fm.Hold, "hold")
	d.Hold = hold || !ok
	if fm.Page.Kind != 0 {
		k, err := strconv.Atoi(fm.Page.Value)
		if err != nil || k < 1 || k > 1000 {
			warn(fm.Page.Line+1, "page must be a page number like 4, not %q: not pinned", fm.Page.Value)
		} else {
			d.Page = k
		}
	}
	return d
}

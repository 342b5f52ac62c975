package editions

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/epaper/epaper/problem"
	"gopkg.in/yaml.v3"
)

// Edition and ads files are read in two passes: the YAML is parsed into a
// tree of nodes (syntax errors are reported here, with their line), the
// tree's keys are checked against the settings a file may hold (an unknown
// key is reported with the key that was probably meant), and the tree is
// decoded (a value of the wrong kind is reported with its key). Every
// problem names the file and line and speaks of the file's keys, never of
// the Go types behind them.

// parseYAML parses data into a node tree, refusing anchors and aliases.
func parseYAML(name string, data []byte) (*yaml.Node, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, syntaxError(name, data, err)
	}
	if err := checkAliases(name, &root); err != nil {
		return nil, err
	}
	return &root, nil
}

// decodeYAML checks n's keys against v's settings and decodes n into v.
// where names n in messages ("" at the top of the file).
func decodeYAML(name string, n *yaml.Node, v any, where string) problem.List {
	es := checkKeys(name, n, reflect.TypeOf(v).Elem(), where)
	if err := n.Decode(v); err != nil {
		es = append(es, typeErrors(name, n, err, where)...)
	}
	sort.SliceStable(es, func(i, j int) bool { return es[i].Line < es[j].Line })
	return es
}

var lineRE = regexp.MustCompile(`^line (\d+): (.*)$`)

// parserProblems are the messages of yaml.v3's parser (as against its
// scanner): it reports their line counted from 0, and the line is that of
// the construct the parser was in, such as the bracket that opened a flow
// collection.
var parserProblems = map[string]bool{
	"did not find expected <stream-start>":   true,
	"did not find expected <document start>": true,
	"found undefined tag handle":             true,
	"did not find expected node content":     true,
	"did not find expected '-' indicator":    true,
	"did not find expected key":              true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found duplicate %TAG directive":         true,
}

// SyntaxError turns an error of yaml.v3 parsing data into a problem on the
// line where the problem is: yaml.v3 counts the lines of its parser's
// errors from 0, and names the line an unclosed bracket opened on only
// when it is not the first. Story files' front matter is read with it too.
func SyntaxError(name string, data []byte, err error) *problem.Problem {
	return syntaxError(name, data, err)
}

// syntaxError is a YAML syntax error as a problem on the right line.
func syntaxError(name string, data []byte, err error) *problem.Problem {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if msg == "EOF" {
		return &problem.Problem{File: name, Msg: "the file is empty"}
	}
	line := 0
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	if parserProblems[msg] {
		line++ // counted from 0, and 0 is not written
	}
	switch msg {
	case "did not find expected ',' or ']'", "did not find expected ',' or '}'":
		open := byte('[')
		if strings.HasSuffix(msg, "'}'") {
			open = '{'
		}
		if l := unclosed(data, open); l > 0 {
			line = l
		}
		msg = fmt.Sprintf("'%c' on this line is not closed (%s)", open, msg)
	case "found character that cannot start any token":
		if line > 0 && strings.ContainsRune(lineAt(data, line), '\t') {
			msg = "a tab: indent with spaces (" + msg + ")"
		}
	}
	return &problem.Problem{File: name, Line: line, Msg: msg}
}

// lineAt returns line n (from 1) of data.
func lineAt(data []byte, n int) string {
	lines := strings.Split(string(data), "\n")
	if n < 1 || n > len(lines) {
		return ""
	}
	return lines[n-1]
}

// unclosed finds the line of the outermost flow collection opened by open
// ('[' or '{') that is never closed, reading quotes and comments as YAML
// does; 0 when there is none.
func unclosed(data []byte, open byte) int {
	type opened struct {
		c    byte
		line int
	}
	var stack []opened
	line := 1
	var quote byte
	prev := byte('\n') // the last byte that was not a space
	for i := 0; i < len(data); i++ {
		c := data[i]
		if c == '\n' {
			line++
			if quote == 0 {
				prev = '\n'
			}
			continue
		}
		if quote != 0 {
			switch {
			case quote == '"' && c == '\\':
				i++
			case c == quote:
				quote = 0
			}
			continue
		}
		switch c {
		case ' ', '\t':
			continue
		case '#':
			if i == 0 || data[i-1] == ' ' || data[i-1] == '\t' || data[i-1] == '\n' {
				for i < len(data) && data[i] != '\n' {
					i++
				}
				i--
				continue
			}
		case '"', '\'':
			if strings.IndexByte(":-,[{\n", prev) >= 0 {
				quote = c
			}
		case '[', '{':
			// a bracket opens a collection where a value starts
			if strings.IndexByte(":-,[{\n", prev) >= 0 {
				stack = append(stack, opened{c, line})
			}
		case ']', '}':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
		prev = c
	}
	for _, o := range stack {
		if o.c == open {
			return o.line
		}
	}
	return 0
}

// checkAliases refuses YAML anchors and aliases: an edition file has no use
// for them, and they are how "billion laughs" files blow up memory.
func checkAliases(name string, n *yaml.Node) error {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return &problem.Problem{File: name, Line: n.Line, Msg: "YAML anchors and aliases are not allowed in an edition file"}
	}
	for _, c := range n.Content {
		if err := checkAliases(name, c); err != nil {
			return err
		}
	}
	return nil
}

var unmarshalerType = reflect.TypeOf((*yaml.Unmarshaler)(nil)).Elem()

// keysOf returns the keys a struct type reads, from its yaml tags.
func keysOf(t reflect.Type) map[string]reflect.Type {
	keys := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if tag == "-" || !f.IsExported() {
			continue
		}
		if tag == "" {
			tag = strings.ToLower(f.Name)
		}
		keys[tag] = f.Type
	}
	return keys
}

// checkKeys reports every key of n, and of the mappings under it, that the
// settings of type t do not have, with the key that was probably meant.
// Types that read themselves (lengths, routing) are not looked into; a
// value of the wrong kind is left to the decoder.
func checkKeys(name string, n *yaml.Node, t reflect.Type, where string) problem.List {
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return nil
		}
		n = n.Content[0]
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		return nil
	}
	var es problem.List
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return nil
		}
		keys := keysOf(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			ft, ok := keys[k.Value]
			if !ok {
				msg := fmt.Sprintf("unknown key %q", k.Value)
				if m := closest(k.Value, keys); m != "" {
					msg += fmt.Sprintf(" (did you mean %q?)", m)
				} else if h := keyHints[k.Value]; h != "" && where == "" {
					msg += " (" + h + ")"
				}
				es = append(es, &problem.Problem{File: name, Line: k.Line, Msg: prefix(where) + msg})
				continue
			}
			es = append(es, checkKeys(name, v, ft, join(where, k.Value))...)
		}
	case reflect.Slice:
		if n.Kind == yaml.SequenceNode {
			for _, c := range n.Content {
				es = append(es, checkKeys(name, c, t.Elem(), where)...)
			}
		}
	case reflect.Map:
		if n.Kind == yaml.MappingNode {
			for i := 1; i < len(n.Content); i += 2 {
				es = append(es, checkKeys(name, n.Content[i], t.Elem(), where)...)
			}
		}
	}
	return es
}

func prefix(where string) string {
	if where == "" {
		return ""
	}
	return where + ": "
}

func join(where, key string) string {
	if where == "" {
		return key
	}
	return where + ": " + key
}

// keyHints say where a key a paper reaches for in the edition file
// belongs instead.
var keyHints = map[string]string{
	"logo":      "a logo goes in a template's masthead zone: see Page templates in the README",
	"masthead":  "the masthead is a zone of the front page's template: see Page templates in the README",
	"nameplate": "the nameplate is a template's masthead zone, with its logo: see Page templates in the README",
	"zones":     "zones are a template's, in its own file in the templates folder",
}

// closest returns the key nearest to k, when it is near enough to be a
// slip of the keyboard: at most two edits, and fewer than half its letters.
func closest[V any](k string, keys map[string]V) string {
	best, bestD := "", 3
	names := make([]string, 0, len(keys))
	for name := range keys {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		d := editDistance(strings.ToLower(k), name)
		if d < bestD && d*2 < len(name) {
			best, bestD = name, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

var unmarshalRE = regexp.MustCompile("^cannot unmarshal !!(\\w+) (?:`(.*)` )?into (.+)$")

// typeErrors turns the decoder's errors into problems that name the key
// whose value is wrong and say what it should be.
func typeErrors(name string, root *yaml.Node, err error, where string) problem.List {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		var p *problem.Problem
		if errors.As(err, &p) {
			return problem.List{p}
		}
		return problem.List{{File: name, Msg: err.Error()}}
	}
	var es problem.List
	for _, m := range te.Errors {
		e := &problem.Problem{File: name, Msg: m}
		if sm := lineRE.FindStringSubmatch(m); sm != nil {
			e.Line, _ = strconv.Atoi(sm[1])
			e.Msg = sm[2]
		}
		if um := unmarshalRE.FindStringSubmatch(e.Msg); um != nil {
			kind, value, goType := um[1], um[2], um[3]
			key := keyAt(root, e.Line, kind, value)
			what := want(goType)
			if value != "" && (kind == "str" || kind == "int" || kind == "float" || kind == "bool") {
				e.Msg = fmt.Sprintf("%q is not %s", value, what)
			} else {
				e.Msg = fmt.Sprintf("must be %s, not %s", what, kindWord(kind))
			}
			e.Msg = prefix(join(where, key)) + e.Msg
		} else {
			// the settings' own messages (a length without a unit) name
			// the value; the key is on the same line
			if key := keyAt(root, e.Line, "", ""); key != "" {
				e.Msg = prefix(join(where, key)) + e.Msg
			}
		}
		es = append(es, e)
	}
	return es
}

// want says in words what a Go type holds.
func want(goType string) string {
	switch {
	case strings.HasPrefix(goType, "[]"):
		return "a list"
	case strings.HasPrefix(goType, "map["):
		return "a mapping of keys and values"
	case strings.HasPrefix(goType, "int"), strings.HasPrefix(goType, "uint"):
		return "a whole number"
	case strings.HasPrefix(goType, "float"):
		return "a number"
	case goType == "bool":
		return "true or false"
	case goType == "string":
		return "text"
	}
	return "a mapping of keys and values"
}

// kindWord names a YAML node kind.
func kindWord(kind string) string {
	switch kind {
	case "map":
		return "a mapping"
	case "seq":
		return "a list"
	case "str":
		return "text"
	case "null":
		return "empty"
	}
	return "a " + kind
}

// keyAt finds the key path of the value on line whose YAML kind is kind
// and whose text is value (any value when both are ""): "grid: columns".
func keyAt(root *yaml.Node, line int, kind, value string) string {
	var found string
	var walk func(n *yaml.Node, path string) bool
	walk = func(n *yaml.Node, path string) bool {
		switch n.Kind {
		case yaml.DocumentNode, yaml.SequenceNode:
			for _, c := range n.Content {
				if walk(c, path) {
					return true
				}
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				p := join(path, k.Value)
				if v.Line == line && matches(v, kind, value) {
					found = p
					return true
				}
				if walk(v, p) {
					return true
				}
			}
		}
		return false
	}
	walk(root, "")
	return found
}

func matches(v *yaml.Node, kind, value string) bool {
	switch kind {
	case "":
		return v.Kind == yaml.ScalarNode || v.Line > 0
	case "map":
		return v.Kind == yaml.MappingNode
	case "seq":
		return v.Kind == yaml.SequenceNode
	}
	return v.Kind == yaml.ScalarNode && v.Value == value
}

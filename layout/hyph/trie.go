package hyph

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// trie is a byte-level pattern trie in a dense transition table. Patterns are
// stored by the bytes of their UTF-8 letters, so multi-byte scripts need no
// special handling: inter-letter values only ever fall on rune boundaries.
type trie struct {
	class [256]uint8 // byte → column in trans; 0: byte occurs in no pattern
	width int        // columns per node (number of byte classes + 1)
	trans []int32    // node*width + class → child node; 0 = none (the root is never a child)
	ops   []uint32   // node → start<<8 | count into vals; 0 = no pattern ends here
	vals  []op
	// maxLen is the longest pattern in bytes.
	maxLen int
}

// op is one inter-letter value of a pattern: pos bytes after the pattern's
// first byte, value val.
type op struct {
	pos, val uint8
}

// parsePattern splits a TeX pattern such as ".hy3ph" into its letters and
// its non-zero values.
func parsePattern(p string) (letters string, ops []op, err error) {
	var b strings.Builder
	for _, r := range p {
		if r >= '0' && r <= '9' {
			if r != '0' {
				pos := b.Len()
				if pos > 255 {
					return "", nil, fmt.Errorf("hyph: pattern %q too long", p)
				}
				ops = append(ops, op{pos: uint8(pos), val: uint8(r - '0')})
			}
			continue
		}
		if r == utf8.RuneError {
			return "", nil, fmt.Errorf("hyph: pattern %q is not UTF-8", p)
		}
		b.WriteRune(r)
	}
	letters = b.String()
	if letters == "" || len(letters) > 255 {
		return "", nil, fmt.Errorf("hyph: bad pattern %q", p)
	}
	return letters, ops, nil
}

// buildTrie builds the trie from pattern lines. Blank lines and lines
// starting with % are skipped.
func buildTrie(src string) (*trie, error) {
	type pat struct {
		letters string
		ops     []op
	}
	var pats []pat
	t := &trie{}
	used := [256]bool{}
	for _, line := range strings.Split(src, "\n") {
		for _, f := range strings.Fields(line) {
			if strings.HasPrefix(f, "%") {
				break
			}
			letters, ops, err := parsePattern(f)
			if err != nil {
				return nil, err
			}
			for i := 0; i < len(letters); i++ {
				used[letters[i]] = true
			}
			pats = append(pats, pat{letters, ops})
			if len(letters) > t.maxLen {
				t.maxLen = len(letters)
			}
		}
	}
	n := 1
	for c := 0; c < 256; c++ {
		if used[c] {
			t.class[c] = uint8(n)
			n++
		}
	}
	if n > 255 {
		return nil, fmt.Errorf("hyph: too many distinct bytes in patterns")
	}
	t.width = n
	t.trans = make([]int32, t.width)
	t.ops = make([]uint32, 1)
	for _, p := range pats {
		node := int32(0)
		for i := 0; i < len(p.letters); i++ {
			k := int(node)*t.width + int(t.class[p.letters[i]])
			next := t.trans[k]
			if next == 0 {
				next = int32(len(t.ops))
				t.ops = append(t.ops, 0)
				t.trans = append(t.trans, make([]int32, t.width)...)
				t.trans[k] = next
			}
			node = next
		}
		if t.ops[node] != 0 {
			return nil, fmt.Errorf("hyph: duplicate pattern %q", p.letters)
		}
		if len(p.ops) == 0 {
			continue
		}
		t.ops[node] = uint32(len(t.vals))<<8 | uint32(len(p.ops))
		t.vals = append(t.vals, p.ops...)
	}
	return t, nil
}

// apply runs Liang's algorithm over w (the lower-cased word with '.' at both
// ends) and leaves in v[i] the largest value any pattern puts before byte i.
// len(v) must be at least len(w)+1; v is cleared first.
func (t *trie) apply(w []byte, v []uint8) {
	clear(v[:len(w)+1])
	for i := range w {
		node := 0
		for j := i; j < len(w); j++ {
			c := t.class[w[j]]
			if c == 0 {
				break
			}
			node = int(t.trans[node*t.width+int(c)])
			if node == 0 {
				break
			}
			if o := t.ops[node]; o != 0 {
				start, cnt := o>>8, o&0xff
				for _, x := range t.vals[start : start+cnt] {
					if p := i + int(x.pos); x.val > v[p] {
						v[p] = x.val
					}
				}
			}
		}
	}
}

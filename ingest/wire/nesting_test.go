package wire

import (
	"strings"
	"testing"
)

// depthOf is the depth of the deepest element under n.
func depthOf(n *node) int {
	d := 0
	for _, k := range n.Kids {
		d = max(d, depthOf(k))
	}
	if n.isText() {
		return 0
	}
	return d + 1
}

// HTML nested deeper than the HTML parser takes (512 open elements), or
// deeper than the readers walk (maxDepth), keeps its text and loses only
// its nesting: the tree the readers walk is never deeper than maxDepth
// (so reading it costs time in proportion to its size), and no markup is
// ever printed as text.
func TestDeepHTMLFlattened(t *testing.T) {
	for _, n := range []int{maxDepth - 1, maxDepth + 100, 600, 50_000} {
		src := "<p>First paragraph.</p>" + strings.Repeat("<div>", n) + "Deep <b>text</b> here." + strings.Repeat("</div>", n) + "<p>Last paragraph.</p>"
		nodes := htmlNodes(src)
		for _, k := range nodes {
			if d := depthOf(k); d > maxDepth {
				t.Errorf("%d nested: tree %d deep, more than %d", n, d, maxDepth)
			}
		}
		blocks, _ := htmlBlocks(src)
		var got []string
		for _, b := range blocks {
			got = append(got, b.Text())
		}
		want := []string{"First paragraph.", "Deep text here.", "Last paragraph."}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%d nested: blocks %.200q, want %q", n, got, want)
		}
		if txt := htmlText(src); txt != "First paragraph. Deep text here. Last paragraph." {
			t.Errorf("%d nested: text %.200q", n, txt)
		}
	}
}

// A ninjs story whose body nests 50,000 elements is read with its text and
// without its markup.
func TestDeepNinjsBody(t *testing.T) {
	const n = 50_000
	body := "<p>First paragraph.</p>" + strings.Repeat("<div>", n) + "Deep text here." + strings.Repeat("</div>", n)
	res, err := Read("deep.json", []byte(`{"uri": "deep", "headline": "Deep", "body_html": "`+body+`"}`), Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := res.Stories[0].PlainText()
	if strings.Contains(text, "<div") || strings.Contains(text, "div>") {
		t.Fatalf("markup printed: %.200q", text)
	}
	if text != "First paragraph.\n\nDeep text here." {
		t.Errorf("text %.200q", text)
	}
}

// Paragraphs nested too deep stay paragraphs, and a script nested too deep
// stays out of the text.
func TestDeepHTMLKeepsBlocks(t *testing.T) {
	for _, n := range []int{300, 5000} {
		src := strings.Repeat("<div>", n) + "<p>One.</p><script>alert('x')</script><p>Two &amp; <i>three</i>.</p><style>p{}</style>" + strings.Repeat("</div>", n)
		blocks, _ := htmlBlocks(src)
		var got []string
		for _, b := range blocks {
			got = append(got, b.Text())
		}
		if strings.Join(got, "|") != "One.|Two & three." {
			t.Errorf("%d nested: blocks %.300q", n, got)
		}
	}
	// what the parser cannot take even cut down gives its text alone
	if got := tokenText("<p>One</p><script>x()</script><div>Two &amp; three</div>"); got != "One Two & three" {
		t.Errorf("tokenText: %q", got)
	}
}

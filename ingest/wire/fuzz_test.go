package wire

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/epaper/epaper/problem"
)

// seeds adds the testdata files whose names match the patterns, and a few
// malformed inputs, to the fuzzer's corpus.
func seeds(f *testing.F, patterns ...string) {
	for _, pat := range patterns {
		files, err := filepath.Glob(filepath.Join("testdata", pat))
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	for _, s := range []string{
		"", "{", "[]", `{"uri": 1}`, `[{"uri": "x", "headline": "h"}, 3]`,
		"<rss><channel><item><title>t</title><description>&lt;p&gt;x</description></item></channel></rss>",
		"<!DOCTYPE x [<!ENTITY a \"b\">]><rss/>",
		"<nitf><body><body.content><p>a<br/>b</p></body.content></body></nitf>",
		// A picture whose name starts with ".." but lies inside the root.
		`{"uri": "u", "headline": "h", "body_text": "b", "associations": {"p": {"type": "picture", "renditions": {"r": {"href": "../..0"}}}}}`,
	} {
		f.Add([]byte(s))
	}
}

// checkResult asserts what every Read must give, whatever its input: no
// panic (the fuzzer catches that), either a *problem.Problem naming the file or stories
// that are usable.
func checkResult(t *testing.T, data []byte) {
	const name = "fuzz/in.wire"
	root := filepath.FromSlash("/srv/fuzz-root")
	res, err := Read(name, data, Options{Root: root, Dir: filepath.Join(root, "fuzz")})
	_ = Detect(data)
	lines := strings.Count(string(data), "\n") + 1
	if err != nil {
		var e *problem.Problem
		if !errors.As(err, &e) {
			t.Fatalf("error %v is a %T, not *problem.Problem", err, err)
		}
		if e.File != name || e.Line < 0 || e.Line > lines || e.Msg == "" {
			t.Fatalf("bad error %q (file has %d lines)", e.Error(), lines)
		}
		return
	}
	if len(res.Stories) == 0 {
		t.Fatal("no error and no stories")
	}
	for _, w := range res.Warnings {
		if w.File != name || w.Line < 0 || w.Line > lines || w.Msg == "" {
			t.Fatalf("bad warning %v", w)
		}
	}
	for _, s := range res.Stories {
		if strings.TrimSpace(s.Headline) == "" {
			t.Fatal("story without a headline")
		}
		if s.ID == "" || len(s.ID) > 80 || strings.Trim(s.ID, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			t.Fatalf("bad id %q", s.ID)
		}
		if s.File != name || s.Priority < 1 || s.Priority > 5 || s.Body == nil {
			t.Fatalf("bad story %+v", s)
		}
		texts := []string{s.Headline, s.Deck, s.Kicker, s.Byline, s.Dateline}
		texts = append(texts, s.Subjects...)
		for _, b := range s.Body {
			if len(b.Spans) == 0 || blankText(b.Text()) {
				t.Fatalf("empty block %+v", b)
			}
			for _, sp := range b.Spans {
				texts = append(texts, sp.Text)
			}
		}
		for _, img := range s.Images {
			texts = append(texts, img.Caption, img.Credit)
			if (img.File == "") == (img.URL == "") {
				t.Fatalf("image with neither or both of file and URL: %+v", img)
			}
			if img.File != "" {
				rel, err := filepath.Rel(root, img.File)
				if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || !filepath.IsAbs(img.File) {
					t.Fatalf("image %q outside the root %q", img.File, root)
				}
			}
		}
		for _, x := range texts {
			if !utf8.ValidString(x) {
				t.Fatalf("invalid UTF-8 in %q", x)
			}
			if c, bad := badControl(x); bad {
				t.Fatalf("control character U+%04X in %q", c, x)
			}
		}
	}
}

func FuzzRead(f *testing.F) {
	seeds(f, "*/*/*.json", "*/*/*.xml", "own/*")
	f.Fuzz(func(t *testing.T, data []byte) { checkResult(t, data) })
}

func FuzzNinJS(f *testing.F) {
	seeds(f, "iptc/ninjs/*.json", "own/*.json")
	f.Fuzz(func(t *testing.T, data []byte) { checkResult(t, data) })
}

func FuzzNITF(f *testing.F) {
	seeds(f, "iptc/nitf/*.xml", "own/nitf-*.xml")
	f.Fuzz(func(t *testing.T, data []byte) { checkResult(t, data) })
}

func FuzzNewsML(f *testing.F) {
	seeds(f, "iptc/newsml-g2/*.xml", "own/newsml-*.xml")
	f.Fuzz(func(t *testing.T, data []byte) { checkResult(t, data) })
}

func FuzzFeeds(f *testing.F) {
	seeds(f, "own/rss-*.xml", "own/atom-*.xml")
	f.Fuzz(func(t *testing.T, data []byte) { checkResult(t, data) })
}

// FuzzHTMLBody feeds markup straight to the body converter, as feeds and
// ninjs bodies carry it.
func FuzzHTMLBody(f *testing.F) {
	for _, s := range []string{
		"<p>One<br>two</p><h2>X</h2><ul><li>a</li></ul>",
		"<blockquote><p>q</p></blockquote><table><tr><td>a</td></tr></table>",
		"a<br><br>b<figure><img src=\"x.jpg\"><figcaption>c</figcaption></figure>",
		"<pre>a\nb</pre><q>x</q><em class=\"bold\">y</em>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		blocks, _ := htmlBlocks(s)
		for _, b := range blocks {
			if len(b.Spans) == 0 || blankText(b.Text()) {
				t.Fatalf("empty block %+v", b)
			}
			for _, sp := range b.Spans {
				if sp.Text == "" {
					t.Fatalf("empty span in %+v", b)
				}
			}
		}
		_ = htmlText(s)
		_ = plainBlocks(s)
	})
}

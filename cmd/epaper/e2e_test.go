package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"hash/crc32"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/epaper/epaper/publish/manifest"
	"github.com/epaper/epaper/story"

	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/publish"
	"golang.org/x/text/unicode/norm"
)

// needTool skips a test when a command-line tool is missing, unless CI
// asks for every tool test to run.
func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("EPAPER_TOOL_TESTS") == "1" {
			t.Fatalf("%s is not installed", name)
		}
		t.Skipf("%s is not installed", name)
	}
}

var (
	sampleOnce sync.Once
	sampleDir  string
	sampleOut  string
	sampleErr  error
)

// buildSample builds the bundled sample edition once for all tests.
func buildSample(t *testing.T) (dir string, stdout string) {
	t.Helper()
	sampleOnce.Do(func() {
		tmp, err := os.MkdirTemp("", "epaper-e2e-")
		if err != nil {
			sampleErr = err
			return
		}
		var out, errb bytes.Buffer
		sampleErr = run(context.Background(), []string{"epaper", "build", "--out", tmp}, &out, &errb)
		sampleDir = filepath.Join(tmp, "chronicle", editions.SampleDate)
		sampleOut = out.String() + errb.String()
	})
	if sampleErr != nil {
		t.Fatalf("build: %v\n%s", sampleErr, sampleOut)
	}
	return sampleDir, sampleOut
}

func TestMain(m *testing.M) {
	// the builds' default cache of prepared pictures goes into a folder
	// of the tests' own, not the user's
	cache, err := os.MkdirTemp("", "epaper-cache-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", cache)
	code := m.Run()
	if sampleDir != "" {
		os.RemoveAll(filepath.Dir(filepath.Dir(sampleDir)))
	}
	os.RemoveAll(cache)
	os.Exit(code)
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func TestBuildSampleWritesEdition(t *testing.T) {
	dir, out := buildSample(t)
	if !strings.Contains(out, "Edition written to "+dir) && !strings.Contains(out, "Edition written to") {
		t.Errorf("output does not say where the edition is:\n%s", out)
	}
	var m manifest.Manifest
	readJSON(t, filepath.Join(dir, "manifest.json"), &m)
	if len(m.Pages) < 8 {
		t.Fatalf("only %d pages", len(m.Pages))
	}
	for _, p := range m.Pages {
		for _, f := range []string{p.PDF, p.Image, p.Thumbnail} {
			if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() == 0 {
				t.Errorf("page %d: %s missing", p.Number, f)
			}
		}
		if p.Width < 900 || p.Height < 1400 {
			t.Errorf("page %d size %vx%v", p.Number, p.Width, p.Height)
		}
	}
	for _, f := range []string{"edition.pdf", "report.json", "index.html"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	var r publish.Report
	readJSON(t, filepath.Join(dir, "report.json"), &r)
	ed, fsys, _ := editions.Sample()
	_ = ed
	n := 0
	fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, "SOURCES.md") {
			n++
		}
		return nil
	})
	if len(r.Stories) != n {
		t.Fatalf("report accounts for %d of %d story files", len(r.Stories), n)
	}
	for _, s := range r.Stories {
		if s.Status != story.Placed && s.Status != story.Jumped {
			t.Errorf("%s: %s (%s)", s.File, s.Status, s.Reason)
		}
	}
	if len(m.Articles) != n {
		t.Errorf("manifest has %d articles, want %d", len(m.Articles), n)
	}
}

func TestBuildIsDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the sample twice")
	}
	dir, _ := buildSample(t)
	tmp := t.TempDir()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"epaper", "build", "--out", tmp, "--quiet", "--workers", "1"}, &out, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	other := filepath.Join(tmp, "chronicle", editions.SampleDate)
	count := 0
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		a, _ := os.ReadFile(p)
		b, err := os.ReadFile(filepath.Join(other, rel))
		if err != nil {
			t.Errorf("%s only in the first build", rel)
		} else if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two builds", rel)
		}
		count++
		return nil
	})
	if count < 20 {
		t.Fatalf("compared only %d files", count)
	}
}

func TestSamplePDFPassesQpdf(t *testing.T) {
	needTool(t, "qpdf")
	dir, _ := buildSample(t)
	out, err := exec.Command("qpdf", "--check", filepath.Join(dir, "edition.pdf")).CombinedOutput()
	if err != nil || bytes.Contains(out, []byte("WARNING")) {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
}

// words normalises text as the nothing-lost check does: NFKC, lower case,
// hyphens inside words dropped, split on anything not a letter or digit.
func words(s string) []string {
	return strings.FieldsFunc(dropInnerHyphens(strings.ToLower(norm.NFKC.String(s))), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) && !unicode.Is(unicode.Mc, r)
	})
}

// dropInnerHyphens removes hyphens between letters or digits
// ("non-partisan" is "nonpartisan"), leaving those at line ends.
func dropInnerHyphens(s string) string {
	rs := []rune(s)
	out := make([]rune, 0, len(rs))
	for i, r := range rs {
		if (r == '-' || r == '\u2010' || r == '\u2011' || r == '\u00ad') && i > 0 && i+1 < len(rs) && isWordRune(rs[i-1]) && isWordRune(rs[i+1]) {
			continue
		}
		out = append(out, r)
	}
	return string(out)
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

var lineHyphen = regexp.MustCompile(`([\pL\pN]+)[-\x{00ad}\x{2010}]\s*\n\s*([\pL\pN]+)`)

func TestNothingLost(t *testing.T) {
	needTool(t, "pdftotext")
	dir, _ := buildSample(t)
	raw, err := exec.Command("pdftotext", "-raw", "-enc", "UTF-8", filepath.Join(dir, "edition.pdf"), "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	// a word broken at a line end counts both joined and as its two
	// halves: the text alone cannot tell a discretionary hyphen from a
	// word's own ("photo- and videojournalist")
	bag := map[string]int{}
	raw = []byte(dropInnerHyphens(strings.ToLower(norm.NFKC.String(string(raw)))))
	for _, m := range lineHyphen.FindAllStringSubmatch(string(raw), -1) {
		for _, w := range words(m[1] + m[2]) {
			bag[w]++
		}
	}
	text := lineHyphen.ReplaceAllString(string(raw), "$1 $2")
	for _, w := range words(text) {
		bag[w]++
	}
	var m manifest.Manifest
	readJSON(t, filepath.Join(dir, "manifest.json"), &m)
	need := map[string]int{}
	for _, a := range m.Articles {
		for _, w := range words(a.Headline + " " + a.Text) {
			need[w]++
		}
		if !strings.Contains(strings.Join(words(text), " "), strings.Join(words(a.Headline), " ")) {
			t.Errorf("headline %q not in the PDF text", a.Headline)
		}
	}
	// A word the extractor ran together with its neighbour ("AnneVan") is
	// not lost: as the corpus's nothing-lost check does, a missing word
	// found inside a PDF token the stories do not account for counts as
	// merged, and merges are reported, not failed.
	var spare []string
	for w, n := range bag {
		if n > need[w] && len(w) > 3 {
			spare = append(spare, w)
		}
	}
	missing, merged, total := 0, 0, 0
	var examples []string
	for w, n := range need {
		total += n
		if bag[w] >= n {
			continue
		}
		inSpare := false
		for _, sp := range spare {
			if strings.Contains(sp, w) {
				inSpare = true
				break
			}
		}
		if inSpare {
			merged += n - bag[w]
			continue
		}
		missing += n - bag[w]
		if len(examples) < 10 {
			examples = append(examples, w)
		}
	}
	t.Logf("%d words, %d run together by the extractor", total, merged)
	if missing > 0 {
		t.Fatalf("%d of %d words missing from the PDF, e.g. %q", missing, total, examples)
	}
}

func TestBadInputIsReportedNotFatal(t *testing.T) {
	src := t.TempDir()
	write := func(name, body string) {
		p := filepath.Join(src, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	good := "---\nheadline: \"Good story\"\nsection: World\npublished: \"2023-09-22T10:00:00+05:30\"\n---\nA good paragraph of text that reads well.\n"
	write("good.md", good)
	write("nohead.md", "---\nsection: World\npublished: \"2023-09-22T10:00:00+05:30\"\n---\nText.\n")
	write("badutf.md", "---\nheadline: X\nsection: World\n---\nok\n\xff\n")
	write("badphoto.md", "---\nheadline: \"Photo story\"\nsection: World\npublished: \"2023-09-22T11:00:00+05:30\"\nimages:\n  - file: broken.jpg\n    caption: Broken\n---\nA story whose photo is broken.\n")
	write("broken.jpg", "\xff\xd8\xff\xe0 not really a jpeg")
	write("escape.md", "---\nheadline: \"Escape\"\nsection: World\npublished: \"2023-09-22T11:00:00+05:30\"\nimages:\n  - file: ../../etc/passwd\n---\nTrying to leave.\n")
	// hostile input: a picture whose header claims 100000×100000 pixels, a
	// YAML alias bomb, a control character, a file larger than a story may
	// be, a symbolic link out of the stories folder
	write("bomb.md", "---\nheadline: \"Bomb photo\"\nsection: World\npublished: \"2023-09-22T11:00:00+05:30\"\nimages:\n  - file: bomb.png\n---\nA story whose picture is a decompression bomb.\n")
	write("bomb.png", string(pngBomb()))
	write("aliases.md", "---\na: &a [x, x, x, x]\nb: [*a, *a, *a, *a]\nheadline: X\nsection: World\n---\nBody.\n")
	write("bell.md", "---\nheadline: \"Bell\"\nsection: World\n---\nRing \x07 ring.\n")
	write("huge.md", "---\nheadline: \"Huge\"\nsection: World\n---\n"+strings.Repeat("word ", 5<<20))
	outside := filepath.Join(t.TempDir(), "outside.md")
	os.WriteFile(outside, []byte(good), 0o644)
	if err := os.Symlink(outside, filepath.Join(src, "link.md")); err != nil {
		t.Fatal(err)
	}
	edFile := filepath.Join(t.TempDir(), "e.yaml")
	os.WriteFile(edFile, []byte("title: T\nslug: t\ntimezone: Asia/Kolkata\nsections:\n  - { name: World, pages: 1 }\n"), 0o644)
	out := t.TempDir()
	var so, se bytes.Buffer
	err := run(context.Background(), []string{"epaper", "build", "--edition", edFile, "--stories", src, "--date", "2023-09-22", "--out", out, "--no-images", "--quiet"}, &so, &se)
	var we warningsError
	if !errors.As(err, &we) {
		t.Fatalf("want a warnings status, got %v\n%s%s", err, so.String(), se.String())
	}
	var r publish.Report
	readJSON(t, filepath.Join(out, "t", "2023-09-22", "report.json"), &r)
	st := map[string]publish.StoryReport{}
	for _, s := range r.Stories {
		st[s.File] = s
	}
	if st["good.md"].Status != story.Placed || st["badphoto.md"].Status != story.Placed || st["escape.md"].Status != story.Placed {
		t.Errorf("good stories not placed: %+v", st)
	}
	if s := st["nohead.md"]; s.Status != story.Rejected || s.Line != 2 || !strings.Contains(s.Reason, "headline") {
		t.Errorf("nohead.md: %+v", s)
	}
	if s := st["badutf.md"]; s.Status != story.Rejected || s.Line != 6 || !strings.Contains(s.Reason, "UTF-8") {
		t.Errorf("badutf.md: %+v", s)
	}
	warned := strings.Builder{}
	for _, w := range r.Warnings {
		warned.WriteString(w.File + ": " + w.Msg + "\n")
	}
	for _, f := range []string{"aliases.md", "bell.md", "huge.md", "link.md"} {
		if st[f].Status != story.Rejected || st[f].Reason == "" {
			t.Errorf("%s: %+v, want rejected with a reason", f, st[f])
		}
	}
	if st["bomb.md"].Status != story.Placed {
		t.Errorf("bomb.md: %+v, want placed without its picture", st["bomb.md"])
	}
	for _, want := range []string{"broken.jpg", "leaves the sources folder", "bomb.png", "megapixels"} {
		if !strings.Contains(warned.String(), want) {
			t.Errorf("no warning about %s in\n%s", want, warned.String())
		}
	}
}

// pngBomb is a PNG whose header claims 100000×100000 pixels: decoding it
// would take 40 GB.
func pngBomb() []byte {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], 100000)
	binary.BigEndian.PutUint32(ihdr[4:], 100000)
	ihdr[8], ihdr[9] = 8, 6 // 8-bit RGBA
	chunk := func(typ string, data []byte) []byte {
		var b bytes.Buffer
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.WriteString(typ)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
		return b.Bytes()
	}
	out := []byte("\x89PNG\r\n\x1a\n")
	out = append(out, chunk("IHDR", ihdr)...)
	return append(out, chunk("IEND", nil)...)
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"epaper"},
		{"epaper", "build", "--date", "yesterday"},
		{"epaper", "build", "--edition", "x.yaml"},
		{"epaper", "build", "--bogus"},
		{"epaper", "build", "--stories", "/does/not/exist"},
	} {
		var out bytes.Buffer
		err := run(context.Background(), args, &out, &out)
		var ue usageError
		if !errors.As(err, &ue) {
			t.Errorf("%v: want a usage error, got %v", args, err)
		}
	}
}

func TestGatherJSON(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"epaper", "gather", "--json"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	var g gatherOut
	if err := json.Unmarshal(out.Bytes(), &g); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	n := 0
	for _, s := range g.Sections {
		n += len(s.Stories)
	}
	if g.Date != editions.SampleDate || n < 40 || len(g.Files) != n {
		t.Fatalf("date %s, %d stories, %d files", g.Date, n, len(g.Files))
	}
}

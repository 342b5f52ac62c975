package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/epaper/epaper/editions"
)

// The whole-build property: a night drawn at random from the sample's
// stories, the wire samples and hostile files (0 to 400 stories, of any
// size, with pictures good and broken) into any edition file of the
// repository never panics, and either publishes, with every file it was
// given accounted for in report.json and the flatplan's page count, or
// fails with exit 1 and a message, leaving the last published build as it
// was. The short run draws a few nights; EPAPER_PROPERTY_NIGHTS=200 draws
// more by hand, and EPAPER_PROPERTY_SEED repeats one. What a long run
// finds is kept in testdata/hostile, which every run draws from.

// propertyEditions are the edition files of the repository the nights are
// built into.
var propertyEditions = []string{
	"../../editions/sample/edition.yaml",
	"../../editions/sample/edition-templated.yaml",
	"../../editions/sample-mr/edition.yaml",
	"../../ingest/testdata/mixed.yaml",
	"../../bench/reference.yaml",
	"../../bench/scripts/ta/edition.yaml",
	"../../bench/scripts/ur/edition.yaml",
}

// storyExt are the extensions of the files a night's folder offers as
// stories; every such file must be in the report.
var storyExt = map[string]bool{".md": true, ".json": true, ".xml": true, ".nitf": true, ".rss": true, ".atom": true}

func TestPropertyWholeBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds whole editions")
	}
	nights, seed := 8, uint64(20261204)
	if s := os.Getenv("EPAPER_PROPERTY_NIGHTS"); s != "" {
		nights, _ = strconv.Atoi(s)
	}
	if s := os.Getenv("EPAPER_PROPERTY_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	pool := newPool(t)
	out := t.TempDir()
	for i := range nights {
		night := seed + uint64(i)
		t.Run(fmt.Sprint("seed ", night), func(t *testing.T) {
			pool.night(t, night, out)
		})
	}
}

// pool is what nights are drawn from.
type pool struct {
	sample  []string // sample stories, each with its photos beside it
	wire    []string // wire and feed files
	hostile []string // hostile fixtures
	photo   []byte   // a good JPEG
}

func newPool(t *testing.T) *pool {
	p := &pool{}
	glob := func(root string, keep func(string) bool) []string {
		var out []string
		filepath.WalkDir(root, func(f string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && keep(f) {
				out = append(out, f)
			}
			return nil
		})
		sort.Strings(out)
		return out
	}
	isStory := func(f string) bool { return storyExt[filepath.Ext(f)] && !strings.HasSuffix(f, "README.md") }
	p.sample = glob("../../editions/sample/stories", isStory)
	p.sample = append(p.sample, glob("../../editions/sample-mr/stories", isStory)...)
	p.wire = append(glob("../../ingest/testdata/mixed", isStory), glob("../../ingest/wire/testdata/own", isStory)...)
	p.wire = append(p.wire, glob("../../ingest/wire/testdata/iptc", isStory)...)
	p.hostile = glob("testdata/hostile", func(f string) bool { return !strings.HasSuffix(f, "README.md") })
	photos := glob("../../editions/sample/stories/18f/photos", func(f string) bool { return strings.HasSuffix(f, ".jpg") })
	var err error
	if p.photo, err = os.ReadFile(photos[0]); err != nil {
		t.Fatal(err)
	}
	if len(p.sample) < 50 || len(p.wire) < 10 || len(p.hostile) < 10 {
		t.Fatalf("pool of %d sample, %d wire, %d hostile files", len(p.sample), len(p.wire), len(p.hostile))
	}
	return p
}

var publishedLine = regexp.MustCompile(`(?m)^published:.*$`)

// night draws one night, builds it and checks the property.
func (p *pool) night(t *testing.T, seed uint64, out string) {
	r := rand.New(rand.NewPCG(seed, 7))
	edFile, err := filepath.Abs(propertyEditions[r.IntN(len(propertyEditions))])
	if err != nil {
		t.Fatal(err)
	}
	ed, err := editions.LoadFile(edFile)
	if err != nil {
		t.Fatalf("%s: %v", edFile, err)
	}
	n := r.IntN(401)
	if r.IntN(8) == 0 {
		n = r.IntN(3) // an empty or all but empty night
	}
	dir := t.TempDir()
	files := map[string]bool{} // story files written, by slash path
	// an edition that names its sources reads only those: the night is
	// written into the first folder it names
	prefix := ""
	for _, s := range ed.Sources {
		if !s.HasGlob() {
			prefix = strings.Trim(s.Path, "/") + "/"
			break
		}
	}
	write := func(name string, data []byte) {
		name = prefix + name
		f := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(f), 0o755)
		if err := os.WriteFile(f, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if storyExt[filepath.Ext(name)] {
			files[name] = true
		}
	}
	day := "2026-12-04"
	for i := range n {
		switch k := r.IntN(20); {
		case k < 11: // a story of the sample's, published tonight or not
			src := p.sample[r.IntN(len(p.sample))]
			data, _ := os.ReadFile(src)
			when := fmt.Sprintf(`published: "%sT%02d:%02d:00+05:30"`, day, r.IntN(24), r.IntN(60))
			if r.IntN(6) == 0 {
				when = fmt.Sprintf(`published: "2026-11-%02dT10:00:00Z"`, 1+r.IntN(28))
			}
			data = publishedLine.ReplaceAll(data, []byte(when))
			name := fmt.Sprintf("desk/%03d-%s", i, filepath.Base(src))
			write(name, data)
			for _, ph := range photosOf(src) {
				b, _ := os.ReadFile(ph)
				write("desk/photos/"+filepath.Base(ph), b)
			}
		case k < 14: // a wire or feed file
			src := p.wire[r.IntN(len(p.wire))]
			data, _ := os.ReadFile(src)
			write(fmt.Sprintf("wire/%03d-%s", i, filepath.Base(src)), data)
		case k < 18: // a hostile fixture
			src := p.hostile[r.IntN(len(p.hostile))]
			data, _ := os.ReadFile(src)
			write(fmt.Sprintf("hostile/%03d-%s", i, filepath.Base(src)), data)
		default: // a hostile file drawn at random
			for _, f := range p.drawHostile(r, i, ed, day) {
				write(f.name, f.data)
			}
		}
	}
	args := []string{"build", "-q", "--edition", edFile, "--stories", dir, "--date", day, "--out", out}
	if r.IntN(6) != 0 {
		args = append(args, "--no-images") // most nights: the pages, not their pictures
	}
	if r.IntN(3) == 0 {
		args = append(args, "--any-date")
	}
	edDir := filepath.Join(out, ed.Slug, day)
	before := hashTreeIf(t, edDir)
	status, stdout, stderr := epaper(t, args...)
	what := fmt.Sprintf("%s with %d files (%s; repeat with EPAPER_PROPERTY_SEED=%d EPAPER_PROPERTY_NIGHTS=1)", edFile, n, strings.Join(args[1:], " "), seed)
	t.Logf("%s: exit %d", what, status)
	if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine ") {
		t.Fatalf("%s: panicked:\n%s", what, stderr)
	}
	switch status {
	case exitOK, exitWarnings:
		checkReport(t, what, edDir, ed, files)
	case exitFailure:
		// the editions are sound and their ads run: a night fails only
		// when it has nothing to print
		if !strings.Contains(stderr, "no story to print") {
			t.Errorf("%s: exit 1: %s", what, lastLine(stderr))
		}
		if after := hashTreeIf(t, edDir); !sameHashes(before, after) {
			t.Errorf("%s: failed, and the last published build changed", what)
		}
	default:
		t.Fatalf("%s: exit %d\n%s%s", what, status, stdout, stderr)
	}
}

// checkReport checks that a published night accounts for every file it
// was given and has the flatplan's pages.
func checkReport(t *testing.T, what, edDir string, ed *editions.Edition, files map[string]bool) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(edDir, "report.json"))
	if err != nil {
		t.Fatalf("%s: published without a report: %v", what, err)
	}
	var rep struct {
		Summary struct{ Pages int }
		Stories []struct{ File, Status, Reason string }
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatalf("%s: report.json: %v", what, err)
	}
	seen := map[string]bool{}
	for _, s := range rep.Stories {
		seen[s.File] = true
		if s.Status == "" || (s.Status == "held" || s.Status == "rejected") && s.Reason == "" {
			t.Errorf("%s: %s is %q without a reason", what, s.File, s.Status)
		}
	}
	for f := range files {
		if !seen[f] {
			t.Errorf("%s: %s is not in the report", what, f)
		}
	}
	if ed.Overflow != "add-pages" && rep.Summary.Pages != ed.Pages() {
		t.Errorf("%s: %d pages, the flatplan plans %d", what, rep.Summary.Pages, ed.Pages())
	}
}

// photosOf lists the photos beside a sample story.
func photosOf(story string) []string {
	base := strings.TrimSuffix(filepath.Base(story), ".md")
	m, _ := filepath.Glob(filepath.Join(filepath.Dir(story), "photos", base+"*"))
	return m
}

// file is a file of a night's folder.
type file struct {
	name string
	data []byte
}

// drawHostile makes a hostile story of a kind drawn with r, with its
// pictures: sizes and shapes that a fixed file cannot cover.
func (p *pool) drawHostile(r *rand.Rand, i int, ed *editions.Edition, day string) []file {
	section := "Nowhere"
	if len(ed.Sections) > 0 {
		section = ed.Sections[r.IntN(len(ed.Sections))].Name
	}
	head := fmt.Sprintf("---\nheadline: Drawn story %d\nsection: %q\npublished: \"%sT12:00:00+05:30\"\n", i, section, day)
	words := func(n int) string {
		var b strings.Builder
		for j := range n {
			if j > 0 && j%90 == 0 {
				b.WriteString(".\n\n")
			}
			b.WriteString([]string{"the ", "council ", "said ", "roads ", "would ", "open ", "soon "}[r.IntN(7)])
		}
		return b.String()
	}
	name := fmt.Sprintf("drawn/%03d.md", i)
	switch r.IntN(8) {
	case 0: // a story far too long for its pages
		return []file{{name, []byte(head + "---\n" + words(4000+r.IntN(40000)) + "\n")}}
	case 1: // a word longer than any column
		return []file{{name, []byte(head + "---\nThe address was " + strings.Repeat("x", 100+r.IntN(5000)) + " and more.\n")}}
	case 2: // random bytes
		b := make([]byte, r.IntN(4096))
		for j := range b {
			b[j] = byte(r.Uint32())
		}
		return []file{{name, b}}
	case 3: // a photo cut short, and one that is not a picture
		cut := p.photo[:r.IntN(len(p.photo))]
		return []file{
			{name, []byte(head + fmt.Sprintf("images:\n  - { file: photos/cut-%03d.jpg, caption: A cut picture }\n  - { file: photos/text-%03d.jpg }\n---\n", i, i) + words(200) + "\n")},
			{fmt.Sprintf("drawn/photos/cut-%03d.jpg", i), cut},
			{fmt.Sprintf("drawn/photos/text-%03d.jpg", i), []byte("not a picture")},
		}
	case 4: // deep markup in a ninjs body
		depth := 1000 + r.IntN(50000)
		body := strings.Repeat("<div>", depth) + "Deep text &#8217;s &#8377;1.16 lakh crore" + strings.Repeat("</div>", depth)
		js, _ := json.Marshal(map[string]any{"uri": fmt.Sprintf("urn:drawn:%d", i), "headline": "Deep markup", "versioncreated": day + "T10:00:00+05:30", "body_html": body, "subject": []map[string]string{{"name": section}}})
		return []file{{fmt.Sprintf("drawn/%03d.json", i), js}}
	case 5: // a desk's keys gone wrong
		return []file{{name, []byte(head + fmt.Sprintf("page: %d\nlead: %v\nhold: %s\npriority: %d\n---\n", r.IntN(2000)-500, r.IntN(2) == 0, []string{"true", "false", "maybe"}[r.IntN(3)], 1+r.IntN(5)) + words(300) + "\n")}}
	case 6: // the same id as another drawn story
		return []file{{name, []byte(head + fmt.Sprintf("id: drawn-twin\nversion: %d\n---\n", 1+r.IntN(3)) + words(100) + "\n")}}
	default: // a headline and nothing else, or a headline of one long word
		return []file{{name, []byte(head + "---\n" + strings.Repeat("Word", r.IntN(3)) + "\n")}}
	}
}

// hashTreeIf is hashTree of a folder that may not be there yet.
func hashTreeIf(t *testing.T, dir string) map[string]string {
	if _, err := os.Stat(dir); err != nil {
		return nil
	}
	return hashTree(t, dir)
}

func sameHashes(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	return s[strings.LastIndex(s, "\n")+1:]
}

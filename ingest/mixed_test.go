package ingest

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/epaper/epaper/editions"
)

// gatherMixed gathers testdata/mixed for the edition testdata/mixed.yaml.
func gatherMixed(t *testing.T, edit func(*editions.Edition), opt Options) *Result {
	t.Helper()
	ed, err := editions.LoadFile("testdata/mixed.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(ed)
	}
	opt.RootDir = "testdata/mixed"
	if opt.Date == "" {
		opt.Date = "2024-07-03"
	}
	res, err := Gather(context.Background(), os.DirFS("testdata/mixed"), ed, opt)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// decisions maps "file" or "file#item" to the entry.
func decisions(res *Result) map[string]Entry {
	m := map[string]Entry{}
	for _, e := range res.Entries {
		k := e.File
		if e.Item > 0 {
			k += "#" + string(rune('0'+e.Item))
		}
		m[k] = e
	}
	return m
}

func TestGatherMixedFolder(t *testing.T) {
	res := gatherMixed(t, nil, Options{})
	got := decisions(res)
	want := map[string]struct {
		d       Decision
		section string
		reason  string
	}{
		"desk/lake.md":                {Included, "City", ""},
		"desk/old.md":                 {OutsideWindow, "City", "published 2024-07-01 18:00, outside the edition's window 2024-07-02 01:00 to 2024-07-03 01:00"},
		"desk/late.md":                {OutsideWindow, "City", "2024-07-03 02:10"},
		"desk/cricket.md":             {Included, "Sport", `routed by section "Cricket"`},
		"wire/metro-fare-v1.json":     {Superseded, "", "replaced by wire/metro-fare-v2.json (version 2)"},
		"wire/metro-fare-v2.json":     {Included, "City", `routed by subject "transport"`},
		"wire/budget.xml":             {Superseded, "", "wire/budget-correction.json"},
		"wire/budget-correction.json": {Included, "Business", "http://cv.iptc.org/newscodes/mediatopic/04000000"},
		"wire/bridge-v1.json":         {Canceled, "", "canceled by wire/bridge-kill.json (version 2)"},
		"wire/bridge-kill.json":       {Canceled, "", "canceled by its source"},
		"wire/results.nitf":           {Embargoed, "", "embargoed until 2024-07-03 09:00 IST"},
		"wire/chess.txt":              {Included, "Sport", `routed by subject "15000000"`},
		"wire/broken.json":            {Rejected, "", "JSON"},
		"feeds/national.rss#1":        {Duplicate, "", "same headline and text as feeds/city.atom (item 1)"},
		"feeds/national.rss#2":        {Included, "Business", "a section name"},
		"feeds/national.rss#3":        {Included, "City", "routing.default"},
		"feeds/city.atom#1":           {Included, "Nation", "a section name"},
		"feeds/city.atom#2":           {Included, "City", "routing.default"},
	}
	for k, w := range want {
		e, ok := got[k]
		if !ok {
			t.Errorf("%s: no entry", k)
			continue
		}
		if e.Decision != w.d || e.Section != w.section || !strings.Contains(e.Reason, w.reason) {
			t.Errorf("%s: %s %q (%s), want %s %q (%q)", k, e.Decision, e.Section, e.Reason, w.d, w.section, w.reason)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected entry %s: %+v", k, got[k])
		}
	}
	if e := got["wire/broken.json"]; e.Line != 4 || e.Err == nil {
		t.Errorf("broken.json: line %d, err %v", e.Line, e.Err)
	}
	if len(res.Warnings) != 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}

	// the winners carry the newest text, in their sections, by priority
	heads := map[string][]string{}
	for _, s := range res.Sections {
		for _, st := range s.Stories {
			heads[s.Name] = append(heads[s.Name], st.Headline)
		}
	}
	for sec, want := range map[string]string{
		"City":     "Metro fares to rise by 8 per cent from Monday",
		"Business": "State budget raises spending on schools by 12 per cent",
		"Sport":    "Kerala teenager wins national chess title",
		"Nation":   "Monsoon covers the entire country six days early",
	} {
		if !strings.Contains(strings.Join(heads[sec], "|"), want) {
			t.Errorf("%s: %q not in %q", sec, want, heads[sec])
		}
	}
	if n := len(heads["Nation"]); n != 1 {
		t.Errorf("Nation has %d stories, want one copy of the monsoon story", n)
	}
	lake := got["desk/lake.md"].Story
	if len(lake.Images) != 1 || lake.Images[0].File != "desk/photos/lake.jpg" {
		t.Errorf("lake images %+v", lake.Images)
	}
	if s := got["wire/budget-correction.json"].Story; s.Version != 2 || s.Format != "ninjs" {
		t.Errorf("budget winner %+v", s)
	}
}

func TestGatherMixedRouting(t *testing.T) {
	// without routing.default the stories no rule places are held
	res := gatherMixed(t, func(ed *editions.Edition) { ed.Routing.Default = "" }, Options{})
	got := decisions(res)
	for k, reason := range map[string]string{
		"feeds/national.rss#3": "its subjects (Lifestyle) match no routing rule",
		"feeds/city.atom#2":    "the story names none, it has no subjects",
	} {
		if e := got[k]; e.Decision != UnknownSection || !strings.Contains(e.Reason, reason) {
			t.Errorf("%s: %s %q, want unknown-section %q", k, e.Decision, e.Reason, reason)
		}
	}
	if e := got["wire/chess.txt"]; e.Decision != Included || e.Section != "Sport" {
		t.Errorf("chess: %+v", e)
	}
}

func TestGatherMixedAnyDate(t *testing.T) {
	res := gatherMixed(t, nil, Options{AnyDate: true})
	got := decisions(res)
	for _, f := range []string{"desk/old.md", "desk/late.md"} {
		if got[f].Decision != Included {
			t.Errorf("--any-date: %s %s", f, got[f].Decision)
		}
	}
	// the window is off, the embargo is not
	if got["wire/results.nitf"].Decision != Embargoed {
		t.Errorf("results: %s", got["wire/results.nitf"].Decision)
	}
	// a day later the embargo has lifted
	res = gatherMixed(t, nil, Options{AnyDate: true, Date: "2024-07-04"})
	if e := decisions(res)["wire/results.nitf"]; e.Decision != Included || e.Section != "City" {
		t.Errorf("results a day later: %+v", e)
	}
	// and without --any-date it is a day too late
	res = gatherMixed(t, nil, Options{Date: "2024-07-04"})
	if e := decisions(res)["wire/results.nitf"]; e.Decision != OutsideWindow {
		t.Errorf("results a day later, windowed: %+v", e)
	}
}

func TestGatherVersionsAndCancels(t *testing.T) {
	ed, err := editions.Parse("e.yaml", []byte(edYAML))
	if err != nil {
		t.Fatal(err)
	}
	item := func(ver, when, status, head string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(`{"uri": "urn:x:1", "type": "text", "version": "` + ver + `", "versioncreated": "` + when +
			`", "pubstatus": "` + status + `", "headline": "` + head + `", "body_text": "Body of ` + head + `.", "subject": [{"name": "World"}]}`)}
	}
	fsys := fstest.MapFS{
		"a/v1.json": item("1", "2023-09-22T08:00:00+05:30", "usable", "First"),
		"b/v3.json": item("3", "2023-09-22T12:00:00+05:30", "usable", "Third"),
		"c/v2.json": item("2", "2023-09-22T10:00:00+05:30", "canceled", "Killed"),
		"d/v3.json": item("3", "2023-09-22T12:00:00+05:30", "usable", "Third"),
	}
	res, err := Gather(context.Background(), fsys, ed, Options{Date: "2023-09-22"})
	if err != nil {
		t.Fatal(err)
	}
	got := decisions(res)
	// a later usable version reinstates a canceled story
	for f, d := range map[string]Decision{"a/v1.json": Superseded, "b/v3.json": Included, "c/v2.json": Superseded, "d/v3.json": Duplicate} {
		if got[f].Decision != d {
			t.Errorf("%s: %s (%s), want %s", f, got[f].Decision, got[f].Reason, d)
		}
	}
	// a version filed after the cut-off corrects a story first filed
	// inside the window: the story is judged by its first version
	fsys = fstest.MapFS{
		"v1.json": item("1", "2023-09-22T22:00:00+05:30", "usable", "Early"),
		"v2.json": item("2", "2023-09-23T03:00:00+05:30", "usable", "Corrected"),
	}
	res, _ = Gather(context.Background(), fsys, ed, Options{Date: "2023-09-22"})
	got = decisions(res)
	if got["v2.json"].Decision != Included || got["v1.json"].Decision != Superseded {
		t.Errorf("late correction: %+v", res.Entries)
	}
	res, _ = Gather(context.Background(), fsys, ed, Options{Date: "2023-09-23"})
	if e := decisions(res)["v2.json"]; e.Decision != OutsideWindow || !strings.Contains(e.Reason, "first published 2023-09-22 22:00") {
		t.Errorf("correction the next day: %+v", e)
	}
	// the newest version is withheld: nothing runs
	fsys = fstest.MapFS{
		"v1.json": item("1", "2023-09-22T08:00:00+05:30", "usable", "One"),
		"v2.json": item("2", "2023-09-22T09:00:00+05:30", "withheld", "Two"),
	}
	res, _ = Gather(context.Background(), fsys, ed, Options{Date: "2023-09-22"})
	got = decisions(res)
	if got["v1.json"].Decision != Canceled || !strings.Contains(got["v1.json"].Reason, "withheld by v2.json") || got["v2.json"].Decision != Canceled {
		t.Errorf("withheld: %+v", res.Entries)
	}
	// a cancel with neither version nor time still cancels
	fsys = fstest.MapFS{
		"a.json":    item("2", "2023-09-22T08:00:00+05:30", "usable", "Story"),
		"kill.json": {Data: []byte(`{"uri": "urn:x:1", "pubstatus": "canceled", "headline": "KILL", "body_text": "Withdrawn."}`)},
	}
	res, _ = Gather(context.Background(), fsys, ed, Options{Date: "2023-09-22"})
	got = decisions(res)
	if got["a.json"].Decision != Canceled || got["kill.json"].Decision != Canceled {
		t.Errorf("unversioned cancel: %+v", res.Entries)
	}
}

func TestGatherSameNameInTwoFolders(t *testing.T) {
	// desk stories named alike are different stories, not versions
	ed, err := editions.Parse("e.yaml", []byte(edYAML))
	if err != nil {
		t.Fatal(err)
	}
	md := func(head string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\nheadline: " + head + "\nsection: World\npublished: 2023-09-22\n---\nText of " + head + ".\n")}
	}
	res, err := Gather(context.Background(), fstest.MapFS{"a/summit.md": md("A"), "b/summit.md": md("B")}, ed, Options{Date: "2023-09-22"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Sections[1].Stories) != 2 || res.Sections[1].Stories[0].ID == res.Sections[1].Stories[1].ID {
		t.Fatalf("entries %+v", res.Entries)
	}
}

func TestGatherContentSniffing(t *testing.T) {
	ed, err := editions.Parse("e.yaml", []byte(edYAML))
	if err != nil {
		t.Fatal(err)
	}
	nitf := `<?xml version="1.0"?><nitf><head><docdata><doc-id id-string="N1"/><date.issue norm="20230922T100000+0530"/></docdata></head>` +
		`<body><body.head><hedline><hl1>From a text file</hl1></hedline></body.head><body.content><p>Section-less.</p></body.content></body></nitf>`
	fsys := fstest.MapFS{
		"agency/item.txt":     {Data: []byte(nitf)},
		"agency/noext":        {Data: []byte("---\nheadline: No extension\nsection: World\npublished: 2023-09-22\n---\nText.\n")},
		"agency/notes.txt":    {Data: []byte("Just notes, not a story.\n")},
		"agency/config.yaml":  {Data: []byte("a: 1\n")},
		"agency/unknown.json": {Data: []byte(`{"name": "a package.json, not ninjs"}`)},
		"agency/LICENSE.txt":  {Data: []byte("CC0\n")},
		"agency/pic.png":      {Data: []byte("\x89PNG\r\n\x1a\n")},
		"agency/page.xml":     {Data: []byte(`<?xml version="1.0"?><html><body>not a story</body></html>`)},
	}
	res, err := Gather(context.Background(), fsys, ed, Options{Date: "2023-09-22"})
	if err != nil {
		t.Fatal(err)
	}
	got := decisions(res)
	want := map[string]Decision{"agency/item.txt": UnknownSection, "agency/noext": Included, "agency/unknown.json": Rejected, "agency/page.xml": Rejected}
	for f, d := range want {
		if got[f].Decision != d {
			t.Errorf("%s: %s (%s), want %s", f, got[f].Decision, got[f].Reason, d)
		}
	}
	if len(got) != len(want) {
		t.Errorf("entries %v", got)
	}
	if e := got["agency/unknown.json"]; e.Line != 1 || !strings.Contains(e.Reason, "not ninjs") {
		t.Errorf("unknown.json: %+v", e)
	}
}

func TestGatherTooBig(t *testing.T) {
	ed, err := editions.Parse("e.yaml", []byte(edYAML))
	if err != nil {
		t.Fatal(err)
	}
	pad := strings.Repeat("Words of a long story. ", 40)
	fsys := fstest.MapFS{
		"big.md":    {Data: []byte("---\nheadline: Big\nsection: World\npublished: 2023-09-22\n---\n" + pad)},
		"big.xml":   {Data: []byte("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><title>Big</title><description>" + pad + "</description></item></channel></rss>")},
		"feed.txt":  {Data: []byte("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><title>Big</title><description>" + pad + "</description></item></channel></rss>")},
		"big.jpg":   {Data: []byte("\xff\xd8\xff" + pad)},
		"prose.txt": {Data: []byte(pad)},
		"small.md":  {Data: []byte("---\nheadline: Small\nsection: World\npublished: 2023-09-22\n---\nShort.\n")},
	}
	res, err := Gather(context.Background(), fsys, ed, Options{Date: "2023-09-22", MaxFileSize: 300})
	if err != nil {
		t.Fatal(err)
	}
	got := decisions(res)
	for _, f := range []string{"big.md", "big.xml", "feed.txt"} {
		if e := got[f]; e.Decision != Rejected || !strings.Contains(e.Reason, "more than the 300 ") || !strings.Contains(e.Reason, "not read") {
			t.Errorf("%s: %+v", f, e)
		}
	}
	if got["small.md"].Decision != Included || len(got) != 4 {
		t.Errorf("entries %v", got)
	}
}

func TestGatherSourcesKey(t *testing.T) {
	ed, err := editions.Parse("e.yaml", []byte(edYAML+"sources: [desk, \"wire/*.json\", missing, \"feeds/*.rss\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	md := &fstest.MapFile{Data: []byte("---\nheadline: M\nsection: World\npublished: 2023-09-22\n---\nText.\n")}
	js := &fstest.MapFile{Data: []byte(`{"uri": "urn:j", "headline": "J", "versioncreated": "2023-09-22T10:00:00Z", "body_text": "Text j.", "subject": [{"name": "international"}]}`)}
	fsys := fstest.MapFS{"desk/sub/a.md": md, "wire/j.json": js, "wire/old/k.json": js, "other/b.md": md, "c.md": md}
	res, err := Gather(context.Background(), fsys, ed, Options{Date: "2023-09-22"})
	if err != nil {
		t.Fatal(err)
	}
	got := decisions(res)
	if len(got) != 2 || got["desk/sub/a.md"].Decision != Included || got["wire/j.json"].Decision != Included {
		t.Errorf("entries %v", got)
	}
	// a named source that is missing is a warning naming the edition file's line;
	// a glob that matches nothing is not
	if len(res.Warnings) != 1 || res.Warnings[0].File != "e.yaml" || res.Warnings[0].Line != 7 || !strings.Contains(res.Warnings[0].Msg, `"missing"`) {
		t.Errorf("warnings %v", res.Warnings)
	}
}

// symlinkTree makes root/stories with links inside it that lead in and out,
// and returns the stories folder.
func symlinkTree(t *testing.T) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	root := t.TempDir()
	stories := filepath.Join(root, "stories")
	write := func(p, s string) {
		p = filepath.Join(root, p)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, name string) {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Fatal(err)
		}
	}
	story := func(head, extra string) string {
		return "---\nheadline: " + head + "\nsection: World\npublished: 2023-09-22\n" + extra + "---\nThe text of " + head + ".\n"
	}
	write("secret.md", story("Secret", ""))
	write("secret.jpg", "\xff\xd8\xff")
	write("outside/hidden.md", story("Hidden", ""))
	write("stories/ok.md", story("Fine", ""))
	write("stories/sub/real.md", story("Real", ""))
	write("stories/pic.md", story("Picture", "images:\n  - file: photos/leak.jpg\n  - file: photos/fine.jpg\n"))
	write("stories/photos/fine.jpg", "\xff\xd8\xff")
	link("../secret.md", "stories/escape.md")
	link(filepath.Join(root, "secret.md"), "stories/absolute.md")
	link("sub/real.md", "stories/inside.md")
	link("../../secret.jpg", "stories/photos/leak.jpg")
	link("../outside", "stories/linkdir")
	link("sub/../../secret.md", "stories/tricky.md")
	return stories
}

func TestGatherSymlinks(t *testing.T) {
	stories := symlinkTree(t)
	ed, err := editions.Parse("e.yaml", []byte(edYAML))
	if err != nil {
		t.Fatal(err)
	}
	for _, rootDir := range []string{stories, ""} {
		name := "RootDir"
		if rootDir == "" {
			name = "ReadLinkFS"
		}
		t.Run(name, func(t *testing.T) {
			res, err := Gather(context.Background(), os.DirFS(stories), ed, Options{Date: "2023-09-22", RootDir: rootDir})
			if err != nil {
				t.Fatal(err)
			}
			got := decisions(res)
			for _, f := range []string{"escape.md", "absolute.md", "linkdir", "tricky.md"} {
				if e := got[f]; e.Decision != Rejected || !strings.Contains(e.Reason, "leads outside the stories folder") {
					t.Errorf("%s: %s %q", f, e.Decision, e.Reason)
				}
			}
			for f, d := range map[string]Decision{"ok.md": Included, "inside.md": Included, "sub/real.md": Duplicate, "pic.md": Included} {
				if got[f].Decision != d {
					t.Errorf("%s: %s (%s), want %s", f, got[f].Decision, got[f].Reason, d)
				}
			}
			for _, e := range res.Entries {
				if e.Story != nil && strings.Contains(e.Story.Headline, "Secret") || strings.Contains(e.Headline, "Hidden") {
					t.Errorf("read through a link: %+v", e)
				}
			}
			pic := got["pic.md"].Story
			if len(pic.Images) != 1 || pic.Images[0].File != "photos/fine.jpg" {
				t.Errorf("pictures %+v", pic.Images)
			}
			warned := false
			for _, w := range res.Warnings {
				warned = warned || (w.File == "pic.md" && strings.Contains(w.Msg, "photos/leak.jpg") && strings.Contains(w.Msg, "outside the stories folder"))
			}
			if !warned {
				t.Errorf("no warning about the picture link: %v", res.Warnings)
			}
		})
	}
}

func TestGatherEditionSourceThroughLink(t *testing.T) {
	stories := symlinkTree(t)
	ed, err := editions.Parse("e.yaml", []byte(edYAML+"sources: [linkdir, ok.md]\n"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Gather(context.Background(), os.DirFS(stories), ed, Options{Date: "2023-09-22", RootDir: stories})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Entries) != 1 || res.Entries[0].File != "ok.md" {
		t.Errorf("entries %+v", res.Entries)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0].Msg, "leads outside") {
		t.Errorf("warnings %v", res.Warnings)
	}
}

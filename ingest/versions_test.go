package ingest

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/epaper/epaper/editions"
)

// A desk story whose front matter names its id is one version of that
// story: a correction filed as a second file with the same id replaces the
// first (superseded, not renamed and run twice), even when the id is the
// first file's own name. The newer is the higher version, then the later
// updated (or published) time, then the file whose path sorts last.
func TestDeskCorrectionSupersedes(t *testing.T) {
	ed, err := editions.Parse("e.yaml", []byte(edYAML))
	if err != nil {
		t.Fatal(err)
	}
	md := func(front, body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\nheadline: Onion prices\nsection: World\n" + front + "---\n" + body + "\n")}
	}
	const pub = "published: \"2023-09-22T10:00:00+05:30\"\n"
	saved := func(f *fstest.MapFile, hour int) *fstest.MapFile {
		f.ModTime = time.Date(2023, 9, 22, hour, 0, 0, 0, time.UTC)
		return f
	}
	cases := []struct {
		name  string
		fsys  fstest.MapFS
		win   string
		lose  string
		as    Decision
		notes string // in the loser's reason
	}{
		{"same id, no version: the file saved later", fstest.MapFS{
			"mh-onion.md":            saved(md("id: mh-onion\n"+pub, "Onions cost Rs 40 a kilo."), 10),
			"mh-onion-correction.md": saved(md("id: mh-onion\n"+pub, "Onions cost Rs 45 a kilo."), 14),
		}, "mh-onion-correction.md", "mh-onion.md", Superseded, "replaced by mh-onion-correction.md, saved later"},
		{"same id, saved at once: the path that sorts last", fstest.MapFS{
			"onion-1.md": saved(md("id: mh-onion\n"+pub, "Onions cost Rs 45 a kilo."), 10),
			"onion-0.md": saved(md("id: mh-onion\n"+pub, "Onions cost Rs 40 a kilo."), 10),
		}, "onion-1.md", "onion-0.md", Superseded, "replaced by onion-1.md, named to sort later"},
		{"the original without an id key, named as the id", fstest.MapFS{
			"desk/mh-onion.md":     md(pub, "Onions cost Rs 40 a kilo."),
			"desk/z-correction.md": md("id: mh-onion\n"+pub, "Onions cost Rs 45 a kilo."),
		}, "", "", "", ""},
		{"later updated time wins over file order", fstest.MapFS{
			"a.md": md("id: mh-onion\n"+pub+"updated: \"2023-09-22T14:00:00+05:30\"\n", "Onions cost Rs 45 a kilo."),
			"b.md": md("id: mh-onion\n"+pub, "Onions cost Rs 40 a kilo."),
		}, "a.md", "b.md", Superseded, "replaced by a.md"},
		{"higher version wins over time", fstest.MapFS{
			"a.md": md("id: mh-onion\nversion: 2\n"+pub, "Onions cost Rs 45 a kilo."),
			"b.md": md("id: mh-onion\nversion: 1\n"+pub+"updated: \"2023-09-22T18:00:00+05:30\"\n", "Onions cost Rs 40 a kilo."),
		}, "a.md", "b.md", Superseded, "(version 2)"},
		{"the same text twice is a duplicate", fstest.MapFS{
			"a.md": md("id: mh-onion\n"+pub, "Onions cost Rs 40 a kilo."),
			"b.md": md("id: mh-onion\n"+pub, "Onions cost Rs 40 a kilo."),
		}, "b.md", "a.md", Duplicate, "same id and version as b.md"},
	}
	for _, c := range cases {
		res, err := Gather(context.Background(), c.fsys, ed, Options{Date: "2023-09-22"})
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range res.Warnings {
			if strings.Contains(w.Msg, "renamed") {
				t.Errorf("%s: %v", c.name, w)
			}
		}
		got := decisions(res)
		if c.win == "" {
			// the second case: the file named for the id is the original
			if got["desk/z-correction.md"].Decision != Included || got["desk/mh-onion.md"].Decision != Superseded {
				t.Errorf("%s: %+v", c.name, res.Entries)
			}
			continue
		}
		if got[c.win].Decision != Included {
			t.Errorf("%s: %s is %s (%s), want included", c.name, c.win, got[c.win].Decision, got[c.win].Reason)
		}
		if l := got[c.lose]; l.Decision != c.as || !strings.Contains(l.Reason, c.notes) {
			t.Errorf("%s: %s is %s (%s), want %s (%s)", c.name, c.lose, l.Decision, l.Reason, c.as, c.notes)
		}
		if n := len(res.Sections[1].Stories); n != 1 {
			t.Errorf("%s: %d stories run", c.name, n)
		}
		// a guess from the files is noted, for the desk to check
		byFile := strings.Contains(got[c.lose].Reason, "saved later") || strings.Contains(got[c.lose].Reason, "sort later")
		if byFile != (len(res.Notes) == 1) {
			t.Errorf("%s: notes %v", c.name, res.Notes)
		}
	}
}

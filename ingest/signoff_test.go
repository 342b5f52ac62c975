package ingest

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/epaper/epaper/editions"
)

// Agency copy as filed ends with the agency's sign-off and the desk codes of
// the people who handled it: they are left out of the printed body, the
// agency is the credit when there is no byline, and nothing else of the
// text is touched.
func TestAgencySignOff(t *testing.T) {
	ed, err := editions.Parse("e.yaml", []byte(edYAML))
	if err != nil {
		t.Fatal(err)
	}
	md := func(byline, body string) *fstest.MapFile {
		b := ""
		if byline != "" {
			b = "byline: " + byline + "\n"
		}
		return &fstest.MapFile{Data: []byte("---\nheadline: H " + byline + body[:8] + "\nsection: World\npublished: 2023-09-22\n" + b + "---\n" + body)}
	}
	type want struct{ byline, last string }
	cases := map[string]struct {
		file *fstest.MapFile
		want want
	}{
		"ians.md":      {md("", "The minister spoke on Monday.\n\nHe left at noon.\n--IANS\nabc/xyz\n"), want{"IANS", "He left at noon."}},
		"spaced.md":    {md("", "The minister spoke on Tuesday.\n\n-- IANS\n\nrvt/pgh\n"), want{"IANS", "The minister spoke on Tuesday."}},
		"pti.md":       {md("Ravi Kumar", "The court ruled on Wednesday.—PTI ag/sdr\n"), want{"Ravi Kumar", "The court ruled on Wednesday."}},
		"codes.md":     {md("", "The council met on Thursday.\n\nag/sdr\n"), want{"", "The council met on Thursday."}},
		"aftdot.md":    {md("", "The council met on Friday. ksk/vd/arm\n"), want{"", "The council met on Friday."}},
		"hisher.md":    {md("", "Each voter must bring his/her\n"), want{"", "Each voter must bring his/her"}},
		"midtext.md":   {md("", "The IANS report -- IANS said -- was wrong.\n\nThe end came on Saturday.\n"), want{"", "The end came on Saturday."}},
		"andor.md":     {md("", "Tea and/or coffee will be served on Sunday.\n"), want{"", "Tea and/or coffee will be served on Sunday."}},
		"wire.json":    {&fstest.MapFile{Data: []byte(`{"uri": "w1", "headline": "Wire", "subject": [{"name": "World"}], "versioncreated": "2023-09-22T10:00:00+05:30", "body_html": "<p>The match ended in a draw.</p><p>--IANS</p><p>rvt/pgh</p>"}`)}, want{"IANS", "The match ended in a draw."}},
		"uppercase.md": {md("", "The team won by ten runs. AB/CD\n"), want{"", "The team won by ten runs. AB/CD"}},
	}
	fsys := fstest.MapFS{}
	for name, c := range cases {
		fsys[name] = c.file
	}
	res, err := Gather(context.Background(), fsys, ed, Options{Date: "2023-09-22"})
	if err != nil {
		t.Fatal(err)
	}
	notes := map[string]string{}
	for _, n := range res.Notes {
		notes[n.File] = n.Msg
	}
	for _, e := range res.Entries {
		c, ok := cases[e.File]
		if !ok || e.Story == nil {
			t.Errorf("%s: %s %s", e.File, e.Decision, e.Reason)
			continue
		}
		s := e.Story
		body := s.PlainText()
		if s.Byline != c.want.byline {
			t.Errorf("%s: byline %q, want %q", e.File, s.Byline, c.want.byline)
		}
		last := s.Body[len(s.Body)-1].Text()
		if last != c.want.last {
			t.Errorf("%s: last paragraph %q, want %q (body %q)", e.File, last, c.want.last, body)
		}
		changed := !strings.HasSuffix(strings.TrimSpace(string(c.file.Data)), c.want.last) && e.File != "wire.json" || e.File == "wire.json"
		if changed && notes[e.File] == "" {
			t.Errorf("%s: no note of the sign-off left out", e.File)
		}
		if !changed && notes[e.File] != "" {
			t.Errorf("%s: note %q, but nothing was left out", e.File, notes[e.File])
		}
	}
}

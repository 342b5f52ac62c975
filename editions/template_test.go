package editions

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// templateEdition writes an edition naming template "t" for its front page
// and returns its file.
func templateEdition(t *testing.T, tmpl string) string {
	t.Helper()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "templates"), 0o755)
	ed := "title: T\nslug: t\ntimezone: UTC\ntemplates: \"templates\"\nboxes: { weather: \"weather.md\" }\nsections:\n  - { name: Front, pages: 1, template: \"t\" }\n  - { name: World, pages: 2 }\n"
	os.WriteFile(filepath.Join(dir, "e.yaml"), []byte(ed), 0o644)
	os.WriteFile(filepath.Join(dir, "weather.md"), []byte("# Weather\n\nSunny.\n"), 0o644)
	if tmpl != "" {
		os.WriteFile(filepath.Join(dir, "templates", "t.yaml"), []byte(tmpl), 0o644)
	}
	return filepath.Join(dir, "e.yaml")
}

func TestTemplateLoads(t *testing.T) {
	file := templateEdition(t, `zones:
  - { name: masthead, kind: masthead, logo: "logo.png", columns: 1-6, top: 0mm, height: 55mm }
  - { name: lead, kind: stories, pick: lead, columns: 1-3, top: 55mm, height: 220mm }
  - { name: right, kind: stories, columns: 4-6, top: 55mm }
  - { name: bottom, kind: stories, columns: 1-3, top: 275mm }
  - { name: weather, kind: text, box: weather, columns: 6, top: 450mm, height: 40mm }
style: { accent: "#123456", headline_scale: 1.1 }
`)
	ed, err := LoadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	tm := ed.TemplateFor(1)
	if tm == nil || len(tm.Zones) != 5 || tm.Zones[1].From != 0 || tm.Zones[1].To != 2 || !tm.Zones[1].HasHeight || tm.Zones[2].HasHeight {
		t.Fatalf("template %+v", tm)
	}
	if ed.TemplateFor(2) != nil {
		t.Error("page 2 names no template")
	}
}

// A template is checked like the edition file: every problem names the
// template file and the zone's line.
func TestTemplateProblems(t *testing.T) {
	for tmpl, want := range map[string]string{
		"zones:\n  - { name: a, kind: stories, columns: 1-3, top: 0mm, height: 100mm }\n  - { name: b, kind: stories, columns: 2-4, top: 50mm, height: 100mm }\n": `t.yaml:3: zone "b" overlaps zone "a" (line 2)`,
		"zones:\n  - { name: a, kind: stories, columns: 1-7, top: 0mm }\n":                                                                                        `t.yaml:2: zone "a": columns 1-7 are not within the grid's 6 columns`,
		"zones:\n  - { name: a, kind: stories, columns: 1-6, top: 600mm }\n":                                                                                      `t.yaml:2: zone "a": 600`,
		"zones:\n  - { name: a, kind: poster, columns: 1-6, top: 0mm }\n":                                                                                         `t.yaml:2: zone "a": kind "poster"`,
		"zones:\n  - { name: a, kind: stories, pick: \"{x}\", columns: 1-6, top: 0mm }\n":                                                                         `t.yaml:2: zone "a": pick "{x}"`,
		"zones:\n  - { name: a, kind: masthead, logo: logo.gif, columns: 1-6, top: 0mm, height: 40mm }\n":                                                         `t.yaml:2: zone "a": logo "logo.gif" must be PNG or JPEG`,
		"zones:\n  - { name: a, kind: text, box: markets, columns: 6, top: 0mm, height: 40mm }\n":                                                                 `t.yaml:2: zone "a": box "markets" is not among the edition's boxes`,
		"zones:\n  - { name: a, kind: stories, colums: 1-6, top: 0mm }\n":                                                                                         `t.yaml:2`,
		"": `t.yaml`,
		// the default page's type area is 506 mm; the folio takes two lines
		// of a page without a masthead
		"zones:\n  - { name: a, kind: stories, columns: 1-6, top: 400mm, height: 105mm }\n": `zone "a": 400 mm from the top and 105 mm tall is outside the type area, 499 mm tall under the folio`,
		"zones:\n  - { name: a, kind: stories, columns: 4-1, top: 0mm }\n":                  `zone "a": columns 4-1 run backwards`,
		"zones:\n  - { name: a, kind: stories, pick: \"7\", columns: 1-6, top: 0mm }\n":     `pick "7" is not a priority`,
		"zones:\n  - { name: a, kind: stories, pick: \"3-1\", columns: 1-6, top: 0mm }\n":   `pick "3-1" is not a priority`,
		"zones:\n  - { name: a, kind: stories, pick: breifs, columns: 1-6, top: 0mm }\n":    `pick "breifs" is no section and not lead or briefs (did you mean "briefs"?)`,
		"zones:\n  - { name: a, kind: stories, pick: Wrold, columns: 1-6, top: 0mm }\n":     `(did you mean "world"?)`,
		"zones:\n  - { name: a, kind: index, columns: 1-6, top: 0mm, height: 30mm }\n":      `template "t" has no stories zone`,
	} {
		_, err := LoadFile(templateEdition(t, tmpl))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", tmpl, err, want)
		}
	}
	// picks that are right, in any case
	for _, pick := range []string{"Lead", "BRIEFS", "world", "1-2", "a-story-id"} {
		tmpl := "zones:\n  - { name: a, kind: stories, pick: " + pick + ", columns: 1-6, top: 0mm }\n"
		if _, err := LoadFile(templateEdition(t, tmpl)); err != nil {
			t.Errorf("pick %s: %v", pick, err)
		}
	}
	// a template the flatplan names that is not there
	if _, err := LoadFile(templateEdition(t, "")); err == nil || !strings.Contains(err.Error(), `template "t"`) {
		t.Errorf("missing template: %v", err)
	}
}

package editions

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/epaper/epaper/problem"
)

const gathering = good + `sources:
  - desk
  - "wire/*.xml"
routing:
  cricket: Sport
  "medtop:15000000": Sport
  Economy: World
  "subj:11000000": World
  default: Front
window: { start: "18:30", end: "01:00", days_before: 1 }
`

func TestParseGathering(t *testing.T) {
	ed, err := Parse("e.yaml", []byte(gathering))
	if err != nil {
		t.Fatal(err)
	}
	if len(ed.Sources) != 2 || ed.Sources[1].Path != "wire/*.xml" || ed.Sources[1].Line != 15 || !ed.Sources[1].HasGlob() {
		t.Fatalf("sources %+v", ed.Sources)
	}
	if len(ed.Routing.Rules) != 4 || ed.Routing.Default != "Front" || ed.Routing.Rules[0].Line != 17 {
		t.Fatalf("routing %+v", ed.Routing)
	}
	from, to, err := ed.WindowOf("2023-09-22")
	if err != nil {
		t.Fatal(err)
	}
	ist := ed.Loc
	if !from.Equal(time.Date(2023, 9, 21, 18, 30, 0, 0, ist)) || !to.Equal(time.Date(2023, 9, 22, 1, 0, 0, 0, ist)) {
		t.Fatalf("window %v to %v", from, to)
	}
	if ed.Window.IsCalendarDay() {
		t.Fatal("a two-day window is not the calendar day")
	}
}

func TestDefaultWindowIsCalendarDay(t *testing.T) {
	ed, err := Parse("e.yaml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	from, to, _ := ed.WindowOf("2023-09-22")
	if !ed.Window.IsCalendarDay() || from.Format(time.RFC3339) != "2023-09-22T00:00:00+05:30" || to.Format(time.RFC3339) != "2023-09-23T00:00:00+05:30" {
		t.Fatalf("window %v to %v", from, to)
	}
	// partial windows keep the other defaults
	ed, err = Parse("e.yaml", []byte(good+"window: { start: \"06:00\" }\n"))
	if err != nil {
		t.Fatal(err)
	}
	if ed.Window.End != "24:00" || ed.Window.DaysBefore != 0 {
		t.Fatalf("window %+v", ed.Window)
	}
}

func TestRoute(t *testing.T) {
	ed, err := Parse("e.yaml", []byte(gathering))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		section  string
		subjects []string
		want     string
		how      string
	}{
		{"International", nil, "World", ""},
		{"CRICKET", nil, "Sport", `section "CRICKET"`},
		{"", []string{"Bengaluru", "cricket"}, "Sport", `subject "cricket"`},
		{"", []string{"sport"}, "Sport", `subject "sport"`},                                                // the name of medtop:15000000
		{"", []string{"http://cv.iptc.org/newscodes/mediatopic/15000000"}, "Sport", "mediatopic/15000000"}, // its URI
		{"", []string{"15000000"}, "Sport", `"15000000"`},                                                  // a bare NITF subject code
		{"", []string{"subj:15008000"}, "Sport", `"subj:15008000"`},                                        // a subject code under sport
		{"", []string{"politics"}, "World", `subject "politics"`},                                          // the name of subj:11000000
		{"", []string{"medtop:11000000"}, "World", `"medtop:11000000"`},                                    // the same top level
		{"", []string{"economy"}, "World", `"economy"`},                                                    // keys ignore case
		{"", []string{"Tech", "international"}, "World", "a section name"},                                 // a subject that is an alias
		{"Cricket Extra", []string{"weather", "medtop:20000822"}, "Front", "routing.default"},              // nothing matches
		{"", []string{"medtop:20000538"}, "Front", "routing.default"},                                      // detailed media topics have no parent in their code
		{"", []string{"conflict, war and peace", "unrest, conflicts and war"}, "Front", "routing.default"}, // no rule for 16
		{"", []string{"arts, culture and entertainment", "subj:01000000", "medtop:01000000"}, "Front", "default"},
	} {
		got, how, ok := ed.Route(c.section, c.subjects)
		if !ok || got != c.want || !strings.Contains(how, c.how) {
			t.Errorf("Route(%q, %q) = %q %q %v, want %q %q", c.section, c.subjects, got, how, ok, c.want, c.how)
		}
	}
	ed.Routing.Default = ""
	if got, _, ok := ed.Route("", []string{"weather"}); ok {
		t.Errorf("routed to %q without a default", got)
	}
}

func TestGatheringErrorsNameLine(t *testing.T) {
	for _, c := range []struct {
		add  string
		line int
		want string
	}{
		{"sources: [\"../elsewhere\"]\n", 13, "leaves the stories folder"},
		{"sources: [/srv/wire]\n", 13, "absolute path"},
		{"sources:\n  - ok\n  - \"wire/[x\"\n", 15, "not a valid glob"},
		{"sources:\n  - { path: x }\n", 14, "a source is a folder"},
		{"sources: [\"wire\\\\x\"]\n", 13, "write paths with /"},
		{"routing: [a, b]\n", 13, "routing is a mapping"},
		{"routing:\n  cricket: Sports Extra\n", 14, `section "Sports Extra", which is not in the flatplan`},
		{"routing:\n  cricket: Sport\n  Cricket: World\n", 15, "routed on line 14 already"},
		{"routing:\n  cricket: [Sport]\n", 14, "each line is subject: Section"},
		{"routing:\n  default: Lifestyle\n", 14, `default section "Lifestyle"`},
		{"window:\n  start: \"25:00\"\n", 14, "not a time of day"},
		{"window:\n  end: 6pm\n", 14, "not a time like"},
		{"window:\n  start: \"18:00\"\n  end: \"06:00\"\n", 13, "window is empty"},
		{"window:\n  days_before: 30\n", 14, "days_before must be 0 to 7"},
		{"window:\n  days_before: x\n", 14, `window: days_before: "x" is not a whole number`},
		{"window:\n  begin: \"06:00\"\n", 14, `window: unknown key "begin"`},
	} {
		_, err := Parse("e.yaml", []byte(good+c.add))
		if err == nil {
			t.Errorf("%q: accepted", c.add)
			continue
		}
		var es problem.List
		var e *problem.Problem
		switch {
		case errors.As(err, &es):
			e = es[0]
		case errors.As(err, &e):
		default:
			t.Errorf("%q: error %T", c.add, err)
			continue
		}
		if e.Line != c.line || !strings.Contains(e.Msg, c.want) {
			t.Errorf("%q: got %v, want line %d %q", c.add, err, c.line, c.want)
		}
	}
}

func TestSampleHasNoGatheringKeys(t *testing.T) {
	// the sample edition keeps today's meaning: all of its stories folder,
	// the calendar day, no routing
	ed, _, err := Sample()
	if err != nil {
		t.Fatal(err)
	}
	if len(ed.Sources) != 0 || len(ed.Routing.Rules) != 0 || ed.Routing.Default != "" || !ed.Window.IsCalendarDay() {
		t.Fatalf("sample %+v %+v %+v", ed.Sources, ed.Routing, ed.Window)
	}
}

// FuzzEditionParse feeds edition files, good and broken, to Parse: it must
// never panic, and a refusal must be a *problem.Problem or problem.List naming the file.
func FuzzEditionParse(f *testing.F) {
	sample, err := os.ReadFile("sample/edition.yaml")
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		string(sample),
		good,
		gathering,
		"",
		"title: [\n",
		"a: &a [1,2]\nb: *a\n",
		good + "routing: { default: [x] }\n",
		good + "window: { start: 24:00, end: 00:00, days_before: -1 }\n",
		good + "sources: [\"**/[\", 3, {a: b}]\n",
		strings.Replace(good, "6mm", "6", 1),
		"sections:\n  - { name: \"\", pages: 200 }\n  - name: x\n    aliases: [x, x]\n",
		"\xff\xfe\x00t\x00i\x00",
		"title: x\n\tslug: y\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ed, err := Parse("f.yaml", data)
		if err == nil {
			if ed.Loc == nil || len(ed.Sections) == 0 || ed.File != "f.yaml" {
				t.Fatalf("accepted an edition without a time zone or sections: %+v", ed)
			}
			if _, _, err := ed.WindowOf("2024-02-29"); err != nil {
				t.Fatal(err)
			}
			ed.Route("x", []string{"sport", "medtop:15000000"})
			return
		}
		// YAML breaks lines at CR, NEL and the Unicode line and paragraph
		// separators too, and reads UTF-16 (where any code unit may be one)
		lines := strings.Count(string(data), "\n") + strings.Count(string(data), "\r") +
			strings.Count(string(data), "\u0085") + strings.Count(string(data), "\u2028") + strings.Count(string(data), "\u2029") + 2
		if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
			lines += len(data) / 2
		}
		check := func(e *problem.Problem) {
			if e == nil || e.File != "f.yaml" || e.Msg == "" || e.Line < 0 || e.Line > lines {
				t.Fatalf("bad error %#v for %q", e, data)
			}
		}
		var es problem.List
		var e *problem.Problem
		switch {
		case errors.As(err, &es):
			if len(es) == 0 {
				t.Fatal("empty problem.List")
			}
			for _, e := range es {
				check(e)
			}
		case errors.As(err, &e):
			check(e)
		default:
			t.Fatalf("error %T %v is not an edition error", err, err)
		}
	})
}

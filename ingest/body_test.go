package ingest

import (
	"strings"
	"testing"
)

// TestLinksKeepTheirAddress checks that a link prints its text and, when
// the text does not give it, its web address: a reader of the page cannot
// follow it.
func TestLinksKeepTheirAddress(t *testing.T) {
	for in, want := range map[string]string{
		"See [the report](https://www.gsa.gov/x_y_z/report.pdf) now.": "See the report (https://www.gsa.gov/x_y_z/report.pdf) now.",
		"Visit [18f.gsa.gov](https://18f.gsa.gov/) today.":            "Visit 18f.gsa.gov today.",
		"Mail [us](mailto:desk@example.com).":                         "Mail us (mailto:desk@example.com).",
		"An [inside page](/blog/2015/) and [a note](#fn1).":           "An inside page and a note.",
		"A [titled link](https://example.org/a \"Title\") here.":      "A titled link (https://example.org/a) here.",
		"[](https://example.org/only)":                                "https://example.org/only",
		"Angle [brackets](<https://example.org/b>) too.":              "Angle brackets (https://example.org/b) too.",
		"An address <https://example.org/auto> and *stress*.":         "An address https://example.org/auto and stress.",
	} {
		var got strings.Builder
		for _, sp := range parseInline(in) {
			got.WriteString(sp.Text)
		}
		if got.String() != want {
			t.Errorf("%q:\n got %q\nwant %q", in, got.String(), want)
		}
	}
}

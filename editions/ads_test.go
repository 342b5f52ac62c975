package editions

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseAds(t *testing.T) {
	ads, probs, err := ParseAds("desk/ads.yaml", []byte(`ads:
  - { name: "Sunrise Realty", page: 3, position: bottom, columns: 3, height: 80mm, image: "ads/sunrise.jpg" }
  - { name: "Metro", section: "World", position: strip, columns: 6, height: 40mm, image: "ads/metro.png" }
`))
	if err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	if len(ads) != 2 || ads[0].File != "desk/ads/sunrise.jpg" || ads[1].Line != 3 || ads[0].Height < 226 || ads[0].Height > 227 {
		t.Fatalf("%+v", ads)
	}
	for src, want := range map[string]string{
		"ads:\n  - { name: x, page: 1, position: side, columns: 2, height: 5mm, image: a.jpg }\n": "position",
		"ads:\n  - { name: x, position: bottom, columns: 2, height: 5mm, image: a.jpg }\n":        "page or a section",
		"ads:\n  - { name: x, page: 1, columns: 2, height: 5mm, image: ../a.jpg }\n":              "beside the ads file",
		"ads:\n  - { name: x, page: 1, columns: 2, height: 5, image: a.jpg }\n":                   "needs a unit",
		"ads:\n  - { name: x, page: 1, colour: red, height: 5mm, image: a.jpg }\n":                "colour",
	} {
		ads, probs, err := ParseAds("a.yaml", []byte(src))
		if err != nil || len(ads) != 0 || len(probs) != 1 || !strings.Contains(probs[0].Msg, want) || probs[0].String()[:9] != "a.yaml:2:" {
			t.Errorf("want %q at line 2, got %v %v %v", want, ads, probs, err)
		}
	}
}

// Each booked ad is checked against the edition: its columns within the
// grid, its height within the page, its page within the flatplan's pages,
// its section in the flatplan, its position known. A bad entry is a
// problem naming the ads file and its line, and the good entries still
// run.
func TestAdsCheckedAgainstEdition(t *testing.T) {
	dir := t.TempDir()
	ed := `title: T
slug: t
grid: { columns: 6, gutter: 4mm }
sections:
  - { name: Front, pages: 1 }
  - { name: World, pages: 2 }
ads: ads.yaml
`
	ads := `ads:
  - { name: Good, page: 2, position: bottom, columns: 3, height: 80mm, image: a.jpg }
  - { name: Wide, page: 2, position: bottom, columns: 7, height: 80mm, image: a.jpg }
  - { name: Tall, page: 2, position: bottom, columns: 2, height: 600mm, image: a.jpg }
  - { name: Late, page: 4, position: bottom, columns: 2, height: 40mm, image: a.jpg }
  - { name: Lost, section: Sport, position: strip, columns: 6, height: 40mm, image: a.jpg }
  - { name: Side, page: 2, position: side, columns: 2, height: 40mm, image: a.jpg }
  - { name: Bare, page: 2, position: bottom, columns: 2, height: 40, image: a.jpg }
  - { name: Typo, page: 2, position: bottom, colums: 2, height: 40mm, image: a.jpg }
  - { name: Ear, page: 3, position: ear, columns: 1, height: 20mm, image: a.jpg }
  - { name: Also good, section: world, position: strip, columns: 6, height: 30mm, image: a.jpg }
`
	if err := os.WriteFile(filepath.Join(dir, "e.yaml"), []byte(ed), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ads.yaml"), []byte(ads), 0o644); err != nil {
		t.Fatal(err)
	}
	e, err := LoadFile(filepath.Join(dir, "e.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := ReadAds(e)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range b.Ads {
		names = append(names, a.Name)
	}
	if strings.Join(names, ",") != "Good,Also good" {
		t.Errorf("ads kept %q, want Good and Also good", names)
	}
	file := filepath.Join(dir, "ads.yaml")
	want := map[int]string{
		3:  "7 columns: the grid has 6",
		4:  "taller than the page",
		5:  "page 4: the edition has 3 pages",
		6:  `section "Sport" is not in the flatplan`,
		7:  "position must be bottom, strip, top, ear or slot",
		8:  "needs a unit",
		9:  `unknown key "colums" (did you mean "columns"?)`,
		10: "an ear ad goes on the front page",
	}
	got := map[int]string{}
	for _, p := range b.Problems {
		if p.File != file {
			t.Errorf("problem %v names %s, want %s", p, p.File, file)
		}
		got[p.Line] += p.Msg
	}
	for line, w := range want {
		if !strings.Contains(got[line], w) {
			t.Errorf("line %d: %q, want %q", line, got[line], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("problems %v", b.Problems)
	}
}

// FuzzParseAds: an ads file never panics the reader; each entry is booked
// or reported, and a problem names the file.
func FuzzParseAds(f *testing.F) {
	f.Add([]byte("ads:\n  - { name: a, page: 1, position: bottom, columns: 2, height: 40mm, image: a.jpg }\n"))
	f.Add([]byte("ads:\n  - { name: b, section: World, position: strip, height: 4, image: ../b.jpg, colour: red }\n  - 3\n"))
	f.Add([]byte("ads: [ { name: c\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ads, probs, err := ParseAds("a.yaml", data)
		for _, p := range probs {
			if p.File != "a.yaml" {
				t.Errorf("problem %v", p)
			}
		}
		if err != nil && (len(ads) > 0) {
			t.Errorf("ads %v with error %v", ads, err)
		}
	})
}

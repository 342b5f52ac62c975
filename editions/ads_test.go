package editions

import (
	"strings"
	"testing"
)

func TestParseAds(t *testing.T) {
	ads, err := ParseAds("desk/ads.yaml", []byte(`ads:
  - { name: "Sunrise Realty", page: 3, position: bottom, columns: 3, height: 80mm, image: "ads/sunrise.jpg" }
  - { name: "Metro", section: "World", position: strip, columns: 6, height: 40mm, image: "ads/metro.png" }
`))
	if err != nil {
		t.Fatal(err)
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
		_, err := ParseAds("a.yaml", []byte(src))
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "a.yaml:2") {
			t.Errorf("want %q at line 2, got %v", want, err)
		}
	}
}

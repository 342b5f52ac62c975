package display

import (
	"bytes"
	"encoding/gob"
	"reflect"
	"testing"
)

// A text run packed for the snapshot of made-up pages reads back as it was,
// every field to the bit.
func TestTextGobRoundTrip(t *testing.T) {
	runs := []*Text{
		{Font: "Source Serif 4", Size: 9, X: 34.015748031496, Y: 1462.0157, Color: Color{0x22, 0x33, 0x44}, Text: "Electronic",
			Glyphs: []Glyph{{ID: 40, Advance: 611, Rune: 'E'}, {ID: 0xffff, Advance: -12, XOff: -3, YOff: 250, Rune: 'ক'}}, Tracking: 0.18, Expand: -0.015},
		{Font: "Noto Nastaliq Urdu", Size: 12.5, Text: ""},
		{},
	}
	for _, in := range runs {
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(in); err != nil {
			t.Fatal(err)
		}
		out := new(Text)
		if err := gob.NewDecoder(&buf).Decode(out); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(in, out) {
			t.Errorf("packed and read back:\n%+v\nwas\n%+v", out, in)
		}
	}
}

// A packed run cut short or padded is an error, never a panic or a run
// made up of what was left.
func TestTextGobCorrupt(t *testing.T) {
	in := &Text{Font: "F", Size: 9, Text: "ab", Glyphs: []Glyph{{ID: 1, Advance: 500}, {ID: 2, Advance: 400}}, Expand: 0.01}
	b, err := in.GobEncode()
	if err != nil {
		t.Fatal(err)
	}
	for n := range len(b) {
		if err := new(Text).GobDecode(b[:n]); err == nil {
			t.Errorf("cut to %d of %d bytes: no error", n, len(b))
		}
	}
	if err := new(Text).GobDecode(append(b, 0)); err == nil {
		t.Error("a byte too many: no error")
	}
}

func FuzzTextGobDecode(f *testing.F) {
	b, _ := (&Text{Font: "F", Size: 9, Text: "ab", Glyphs: []Glyph{{ID: 1, Advance: 500}}}).GobEncode()
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		// a run read back packs and reads again the same (compared packed:
		// a float may be NaN)
		var x Text
		if x.GobDecode(b) == nil {
			again, _ := x.GobEncode()
			var y Text
			if err := y.GobDecode(again); err != nil {
				t.Fatal(err)
			}
			if third, _ := y.GobEncode(); !bytes.Equal(again, third) {
				t.Error("a run read back does not pack and read the same")
			}
		}
	})
}

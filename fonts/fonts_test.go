package fonts

import "testing"

func TestRegistryFindsBundledFaces(t *testing.T) {
	r, err := NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	for _, fam := range []string{"Source Serif 4", "Newsreader", "Libre Franklin", "Noto Serif Devanagari"} {
		if !r.HasFamily(fam) {
			t.Errorf("family %s missing; have %v", fam, r.Families())
		}
	}
	f, err := r.Face("Source Serif 4", 700, true)
	if err != nil || f.Weight != 700 || !f.Italic {
		t.Fatalf("bold italic: %+v %v", f, err)
	}
	// Libre Franklin has no italic: the nearest upright weight stands in.
	f, err = r.Face("Libre Franklin", 600, true)
	if err != nil || f.Italic || f.Weight != 700 {
		t.Fatalf("fallback: %v %v", f.ID, err)
	}
	if _, err := r.Face("Comic Sans", 400, false); err == nil {
		t.Fatal("unknown family accepted")
	}
}

func TestWidthsAndCoverage(t *testing.T) {
	r, _ := Default()
	f, _ := r.Face("Source Serif 4", 400, false)
	if f.UnitsPerEm == 0 || f.Ascent <= 0 || f.Descent >= 0 {
		t.Fatalf("metrics %+v", f)
	}
	if !f.Has('a') || f.Advance('a') <= 0 || f.Advance('m') <= f.Advance('i') {
		t.Fatal("latin widths wrong")
	}
	if got := f.Width("aa", 10); got != float64(2*f.Advance('a'))/100 {
		t.Fatalf("Width = %v", got)
	}
	if m := f.Missing("abc नमस्ते a"); len(m) == 0 || m[0] != 'न' {
		t.Fatalf("Missing = %q", m)
	}
	d, _ := r.Face("Noto Serif Devanagari", 400, false)
	if !d.Has('न') {
		t.Fatal("devanagari face lacks न")
	}
}

func TestParseRejectsBadFonts(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("OTTO0000000000000"), []byte("hello world, not a font")} {
		if _, err := Parse(b); err == nil {
			t.Errorf("accepted %q", b)
		}
	}
}

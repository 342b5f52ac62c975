package fonts

import (
	"strings"
	"testing"
)

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

// TestBundledFamilies checks every bundled family: its faces parse and
// prepare for the PDF, it has its licence beside it, and its regular and
// bold faces are there.
func TestBundledFamilies(t *testing.T) {
	r, err := NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Libre Franklin", "Newsreader", "Noto Naskh Arabic", "Noto Nastaliq Urdu",
		"Noto Sans Bengali", "Noto Sans Devanagari", "Noto Sans Gujarati", "Noto Sans Gurmukhi",
		"Noto Sans Kannada", "Noto Sans Malayalam", "Noto Sans Oriya", "Noto Sans Tamil", "Noto Sans Telugu",
		"Noto Serif Bengali", "Noto Serif Devanagari", "Noto Serif Gujarati", "Noto Serif Gurmukhi",
		"Noto Serif Kannada", "Noto Serif Malayalam", "Noto Serif Tamil", "Noto Serif Telugu", "Source Serif 4"}
	if got := r.Families(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("families\n %q\nwant\n %q", got, want)
	}
	for _, fam := range want {
		if !strings.Contains(License(fam), "SIL Open Font License, Version 1.1") {
			t.Errorf("%s: no OFL beside its files", fam)
		}
		for _, w := range []int{400, 700} {
			f, err := r.Face(fam, w, false)
			if err != nil || f.Weight != w {
				t.Errorf("%s %d: %v", fam, w, err)
				continue
			}
			if _, err := f.Prepared(); err != nil {
				t.Errorf("%s: %v", f.ID, err)
			}
		}
	}
	// each script's letters are in its faces
	for fam, s := range map[string]string{
		"Noto Serif Bengali": "বাংলা", "Noto Serif Gujarati": "ગુજરાતી", "Noto Serif Gurmukhi": "ਪੰਜਾਬੀ",
		"Noto Serif Kannada": "ಕನ್ನಡ", "Noto Serif Malayalam": "മലയാളം", "Noto Sans Oriya": "ଓଡ଼ିଆ",
		"Noto Serif Tamil": "தமிழ்", "Noto Serif Telugu": "తెలుగు", "Noto Nastaliq Urdu": "اردو",
		"Noto Naskh Arabic": "العربية",
	} {
		f, _ := r.Face(fam, 400, false)
		if m := f.Missing(s); len(m) > 0 {
			t.Errorf("%s lacks %q", fam, string(m))
		}
	}
	if License("Comic Sans") != "" || License("../../etc") != "" {
		t.Error("licence of a family that is not bundled")
	}
}

func TestFallbackOrder(t *testing.T) {
	r, _ := Default()
	fb := r.Fallbacks()
	if len(fb) == 0 || fb[0].Family != "Source Serif 4" {
		t.Fatalf("first fallback %v", fb[0].ID)
	}
	// the first family with a character is the script's serif
	first := func(c rune) string {
		for _, f := range fb {
			if f.Has(c) {
				return f.Family
			}
		}
		return ""
	}
	for c, fam := range map[rune]string{'a': "Source Serif 4", 'क': "Noto Serif Devanagari", 'ক': "Noto Serif Bengali",
		'ب': "Noto Naskh Arabic", 'ے': "Noto Naskh Arabic", 'த': "Noto Serif Tamil", 'ଓ': "Noto Sans Oriya"} {
		if got := first(c); got != fam {
			t.Errorf("%c: %s, want %s", c, got, fam)
		}
	}
}

func TestNameFromFile(t *testing.T) {
	for file, want := range map[string]string{
		"SourceSerif4_700Bold_Italic.ttf": "Source Serif 4", "NotoSerifBengali_400Regular.ttf": "Noto Serif Bengali",
		"LibreFranklin_800ExtraBold.ttf": "Libre Franklin", "Newsreader_400Regular.ttf": "Newsreader",
	} {
		fam, _, _, err := nameFromFile(file)
		if err != nil || fam != want {
			t.Errorf("%s: %q %v, want %q", file, fam, err, want)
		}
	}
}

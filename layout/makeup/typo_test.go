package makeup

import (
	"testing"

	"github.com/epaper/epaper/layout/typeset"
)

// TestCountTypoSpacing checks the letter spacing and expansion figures of
// a column: lines expanded either way, lines letter-spaced, and the most
// letter spacing in ems; Add keeps the largest.
func TestCountTypoSpacing(t *testing.T) {
	frag := []typeset.Frag{{Size: 9}}
	lines := []typeset.Line{
		{Frags: frag, Expand: 0.02, Tracking: 0.09}, // 0.01 em
		{Frags: frag, Expand: -0.005},
		{Frags: frag},
		{Frags: frag, Expand: 0.02, Tracking: 0.18}, // 0.02 em
		{Frags: frag, Kind: typeset.CrossheadLine, Expand: 0.02, Tracking: 0.5},
	}
	var ty Typo
	countTypo(&ty, lines, false)
	if ty.Lines != 4 || ty.Expanded != 3 || ty.Tracked != 2 || ty.TrackMaxEm != 0.02 {
		t.Errorf("%+v", ty)
	}
	all := Typo{TrackMaxEm: 0.015, Tracked: 1}
	all.Add(ty)
	if all.Tracked != 3 || all.TrackMaxEm != 0.02 || all.Expanded != 3 {
		t.Errorf("sum %+v", all)
	}
}

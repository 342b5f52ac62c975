package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/fonts"
)

// An edition that names a TrueType file as one of its fonts, as validation
// accepts, sets its type in that file's face.
func TestEditionFontFile(t *testing.T) {
	dir := t.TempDir()
	reg, err := fonts.Default()
	if err != nil {
		t.Fatal(err)
	}
	face, err := reg.Face("Libre Franklin", 700, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "House Sans.ttf"), face.Data, 0o644); err != nil {
		t.Fatal(err)
	}
	src := "title: T\nslug: t\nfonts: { body: \"source serif 4\", headline: \"Newsreader\", sans: \"House Sans.ttf\" }\nsections:\n  - { name: Front, pages: 1 }\n"
	file := filepath.Join(dir, "e.yaml")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	ed, err := editions.LoadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	tl, err := warmUp(ed, nil)()
	if err != nil {
		t.Fatal(err)
	}
	if got := tl.styles.Sans; got == nil || !strings.HasSuffix(got.Family, "House Sans.ttf") || got.Data == nil || &got.Data[0] == &face.Data[0] {
		t.Errorf("sans face %+v, want the file's", got)
	}
	if tl.styles.Body.Regular.Family != "Source Serif 4" {
		t.Errorf("body %q", tl.styles.Body.Regular.Family)
	}
	// the file stands in for every weight and style of its family
	if tl.styles.SansBold.Family != tl.styles.Sans.Family {
		t.Errorf("sans bold %q", tl.styles.SansBold.Family)
	}
	// the shared registry is not changed by one edition's files
	if reg.HasFamily(tl.styles.Sans.Family) {
		t.Error("the edition's font file was added to the shared registry")
	}
}

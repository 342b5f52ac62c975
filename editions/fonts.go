package editions

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/epaper/epaper/fonts"
	"gopkg.in/yaml.v3"
)

// IsFontFile tells whether a fonts setting names a TrueType file rather
// than a bundled family.
func IsFontFile(name string) bool {
	return strings.HasSuffix(strings.ToLower(name), ".ttf") || strings.ContainsAny(name, `/\`)
}

// checkFonts resolves the edition's fonts: a bundled family, named in any
// case, becomes the registry's spelling of it; a TrueType file is resolved
// against the edition file's folder and must be a font the PDF can embed.
// Anything else is a problem at its key's line, with the family that was
// probably meant.
func (ed *Edition) checkFonts(root *yaml.Node, bad func(line int, f string, a ...any)) {
	reg, err := fonts.Default()
	if err != nil {
		bad(lineOf(root, "fonts"), "fonts: the bundled fonts cannot be read: %v", err)
		return
	}
	families := map[string]string{} // lower case -> as registered
	for _, f := range reg.Families() {
		families[strings.ToLower(f)] = f
	}
	for _, x := range []struct {
		key  string
		name *string
	}{{"body", &ed.Fonts.Body}, {"headline", &ed.Fonts.Headline}, {"sans", &ed.Fonts.Sans}} {
		line := lineOf(root, "fonts", x.key)
		name := strings.TrimSpace(*x.name)
		if IsFontFile(name) {
			p, err := ed.fontFile(name)
			if err != nil {
				bad(line, "fonts: %s: %v", x.key, err)
				continue
			}
			*x.name = p
			continue
		}
		if f, ok := families[strings.ToLower(name)]; ok {
			*x.name = f
			continue
		}
		msg := fmt.Sprintf("fonts: %s: no font family %q", x.key, name)
		if m := closest(strings.ToLower(name), families); m != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", families[m])
		}
		bad(line, "%s; the bundled families are %s, or name a TrueType (.ttf) file", msg, strings.Join(reg.Families(), ", "))
	}
}

// fontFile resolves a font file named in the edition against the edition
// file's folder and checks that it is a TrueType font the PDF can embed.
func (ed *Edition) fontFile(name string) (string, error) {
	p := name
	if !filepath.IsAbs(p) && ed.File != "" {
		p = filepath.Join(filepath.Dir(ed.File), p)
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		return "", fmt.Errorf("font file %q: %v", name, cleanPathError(err))
	}
	if _, err := fonts.Parse(data); err != nil {
		return "", fmt.Errorf("font file %q: %v", name, err)
	}
	return abs, nil
}

// cleanPathError drops the path an os error repeats.
func cleanPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

package editions

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/epaper/epaper/problem"

	"gopkg.in/yaml.v3"
)

// Ad is one booked advertisement from an edition's ads file.
type Ad struct {
	Name string `yaml:"name"`
	// Page is the edition page the ad is booked on; Section books it on
	// that section's first page instead.
	Page    int    `yaml:"page"`
	Section string `yaml:"section"`
	// Position is bottom (a stack at the foot, against the right edge),
	// strip (across the foot), top (across the head) or ear (beside the
	// title on the front page).
	Position string `yaml:"position"`
	Columns  int    `yaml:"columns"`
	Height   Length `yaml:"height"`
	// Image is the artwork, relative to the ads file.
	Image string `yaml:"image"`

	Line int    `yaml:"-"` // where the ad is in the file
	File string `yaml:"-"` // Image resolved against the ads file's folder
}

// adsFile is the ads file: a list of booked ads.
type adsFile struct {
	Ads []Ad `yaml:"ads"`
}

// LoadAds reads an ads file. Paths in it are resolved against its folder.
func LoadAds(file string) ([]Ad, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	return ParseAds(file, data)
}

// ParseAds reads an ads file's YAML; name is used in errors and to resolve
// the artwork's paths.
func ParseAds(name string, data []byte) ([]Ad, error) {
	if len(data) > MaxFileSize {
		return nil, &problem.Problem{File: name, Msg: "file is too large for an ads file"}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(name, err)
	}
	if err := checkAliases(name, &root); err != nil {
		return nil, err
	}
	var f adsFile
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, yamlError(name, err)
	}
	var es problem.List
	lines := adLines(&root)
	for i := range f.Ads {
		a := &f.Ads[i]
		if i < len(lines) {
			a.Line = lines[i]
		}
		bad := func(format string, args ...any) {
			es = append(es, &problem.Problem{File: name, Line: a.Line, Msg: fmt.Sprintf("ad %q: ", a.Name) + fmt.Sprintf(format, args...)})
		}
		switch a.Position {
		case "":
			a.Position = "bottom"
		case "bottom", "strip", "top", "ear":
		default:
			bad("position must be bottom, strip, top or ear, not %q", a.Position)
		}
		if a.Page <= 0 && a.Section == "" {
			bad("needs a page or a section")
		}
		if a.Columns < 0 || a.Columns > 12 {
			bad("columns must be 1 to 12")
		}
		if a.Height <= 0 {
			bad("needs a height, e.g. 80mm")
		}
		if a.Image == "" || path.IsAbs(a.Image) || strings.Contains(a.Image, "..") {
			bad("image %q must be a file beside the ads file", a.Image)
		}
		a.File = path.Join(path.Dir(name), a.Image)
	}
	if len(es) > 0 {
		return nil, es
	}
	return f.Ads, nil
}

func adLines(root *yaml.Node) []int {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "ads" && n.Content[i+1].Kind == yaml.SequenceNode {
			var out []int
			for _, c := range n.Content[i+1].Content {
				out = append(out, c.Line)
			}
			return out
		}
	}
	return nil
}

// AdsSource returns the file system the edition's ads file and artwork are
// read from, and the ads file's name in it: the edition file's folder, or
// the bundled sample. name is "" when the edition books no ads.
func AdsSource(ed *Edition) (fsys fs.FS, name string) {
	if ed.Ads == "" {
		return nil, ""
	}
	if ed.File == sampleEditionFile {
		sub, err := fs.Sub(sampleFS, "sample")
		if err != nil {
			return nil, ""
		}
		return sub, path.Clean(ed.Ads)
	}
	return os.DirFS(filepath.Dir(ed.File)), path.Clean(filepath.ToSlash(ed.Ads))
}

// ReadAds loads the edition's booked ads from its ads file.
func ReadAds(ed *Edition) ([]Ad, fs.FS, error) {
	fsys, name := AdsSource(ed)
	if fsys == nil {
		return nil, nil, nil
	}
	if !fs.ValidPath(name) {
		return nil, nil, &problem.Problem{File: ed.File, Msg: fmt.Sprintf("ads file %q must be inside the edition's folder", ed.Ads)}
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, nil, fmt.Errorf("ads file: %w", err)
	}
	ads, err := ParseAds(name, data)
	return ads, fsys, err
}

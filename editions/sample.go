package editions

import (
	"embed"
	"io/fs"
)

//go:embed sample
var sampleFS embed.FS

//go:embed sample-mr
var sampleMarathiFS embed.FS

// sampleEditionFile names the bundled sample's edition file.
const sampleEditionFile = "sample/edition.yaml"

// SampleDate is the day the bundled sample stories belong to.
const SampleDate = "2020-02-14"

// SampleMarathiDate is the day the bundled Marathi sample stories belong to
// (Human Rights Day: its stories are the Universal Declaration's articles).
const SampleMarathiDate = "2023-12-10"

// Sample returns the bundled sample edition and the file system of its stories.
func Sample() (*Edition, fs.FS, error) {
	return loadSample(sampleFS, "sample")
}

// SampleMarathi returns the bundled Marathi sample edition, set in
// Devanagari, and the file system of its stories.
func SampleMarathi() (*Edition, fs.FS, error) {
	return loadSample(sampleMarathiFS, "sample-mr")
}

// SampleFiles returns the bundled sample's folder as files: edition.yaml,
// ads.yaml and the ads' artwork, stories/ and the notes on their sources.
// epaper serve --watch copies it to disk so that the sample can be edited
// and its pages watched as they change.
func SampleFiles() (fs.FS, error) { return fs.Sub(sampleFS, "sample") }

// SampleMarathiFiles is SampleFiles for the Marathi sample.
func SampleMarathiFiles() (fs.FS, error) { return fs.Sub(sampleMarathiFS, "sample-mr") }

// loadSample reads dir/edition.yaml and dir/stories from an embedded tree.
func loadSample(fsys embed.FS, dir string) (*Edition, fs.FS, error) {
	file := dir + "/edition.yaml"
	data, err := fsys.ReadFile(file)
	if err != nil {
		return nil, nil, err
	}
	ed, err := Parse(file, data)
	if err != nil {
		return nil, nil, err
	}
	stories, err := fs.Sub(fsys, dir+"/stories")
	if err != nil {
		return nil, nil, err
	}
	return ed, stories, nil
}

package editions

import (
	"embed"
	"io/fs"
)

//go:embed sample
var sampleFS embed.FS

// sampleEditionFile names the bundled sample's edition file.
const sampleEditionFile = "sample/edition.yaml"

// SampleDate is the day the bundled sample stories belong to.
const SampleDate = "2020-02-14"

// Sample returns the bundled sample edition and the file system of its stories.
func Sample() (*Edition, fs.FS, error) {
	data, err := sampleFS.ReadFile(sampleEditionFile)
	if err != nil {
		return nil, nil, err
	}
	ed, err := Parse(sampleEditionFile, data)
	if err != nil {
		return nil, nil, err
	}
	stories, err := fs.Sub(sampleFS, "sample/stories")
	if err != nil {
		return nil, nil, err
	}
	return ed, stories, nil
}

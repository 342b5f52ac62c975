// Package benchday reads a day's stories and the sample's body faces for
// the bench commands that set them outside a build.
package benchday

import (
	"os"
	"path/filepath"
	"time"

	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/fonts"
	"github.com/epaper/epaper/ingest"
	"github.com/epaper/epaper/layout/makeup"
	"github.com/epaper/epaper/layout/typeset"
	"github.com/epaper/epaper/story"
)

// Stories reads the Markdown stories of the folders, each folder's in name
// order; a story that cannot be read is left out, as a build would hold it.
func Stories(dirs []string) ([]*story.Story, error) {
	var stories []*story.Story
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.md"))
		if err != nil {
			return nil, err
		}
		for _, name := range files {
			data, err := os.ReadFile(name)
			if err != nil {
				return nil, err
			}
			if s, _, err := ingest.ReadMarkdown(filepath.Base(name), data, time.UTC); err == nil {
				stories = append(stories, s)
			}
		}
	}
	return stories, nil
}

// Faces returns the body faces the bundled sample (and the bench editions)
// set text in, or those of face (a family or a TrueType file) when it is
// given, and the bold faces crossheads take.
func Faces(face string) (body, bold typeset.Faces, err error) {
	ed, _, err := editions.Sample()
	if err != nil {
		return body, bold, err
	}
	if face != "" {
		ed.Fonts.Body = face
	}
	reg, err := fonts.Default()
	if err != nil {
		return body, bold, err
	}
	st, err := makeup.LoadStyles(ed, reg)
	if err != nil {
		return body, bold, err
	}
	body, bold = st.Body, st.Body
	bold.Regular, bold.Italic = body.Bold, body.BoldItalic
	return body, bold, nil
}

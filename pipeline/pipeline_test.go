package pipeline

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/epaper/epaper/editions"
)

// panicFS stands for a stories folder on a broken network file system: it
// panics when a story is opened.
type panicFS struct{ fstest.MapFS }

func (p panicFS) Open(name string) (fs.File, error) {
	if strings.HasSuffix(name, ".md") {
		panic("the file system broke")
	}
	return p.MapFS.Open(name)
}

func (p panicFS) ReadFile(name string) ([]byte, error) {
	f, err := p.Open(name)
	if err != nil {
		return nil, err
	}
	f.Close()
	return p.MapFS.ReadFile(name)
}

// A panic anywhere in a build is the build's error: nothing is
// published, and the caller (the other editions of the night) goes on.
func TestPanicIsTheBuildsError(t *testing.T) {
	ed, _, err := editions.Sample()
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.Edition, cfg.Date, cfg.Out = ed, editions.SampleDate, t.TempDir()
	cfg.Stories = panicFS{fstest.MapFS{"a.md": {Data: []byte("---\nheadline: A\n---\nText.\n")}}}
	res, err := Run(context.Background(), cfg)
	if err == nil || res != nil {
		t.Fatalf("Run = %v, %v; want an error", res, err)
	}
	if !strings.Contains(err.Error(), "the file system broke") {
		t.Errorf("error %q does not carry the panic", err)
	}
	if ents, _ := os.ReadDir(filepath.Join(cfg.Out, ed.Slug)); len(ents) > 1 {
		t.Errorf("something was left in the output folder: %v", ents)
	}
}

package publish

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/ingest"
	"github.com/epaper/epaper/layout/makeup"
	"github.com/epaper/epaper/publish/manifest"
	"github.com/epaper/epaper/story"
)

// A story no section takes is held, and the report says why once.
func TestReportReasonForStoryWithoutSection(t *testing.T) {
	ed, err := editions.Parse("e.yaml", []byte("title: T\nslug: t\ntimezone: UTC\nsections:\n  - { name: World, pages: 1 }\n"))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{"a.md": {Data: []byte("---\nheadline: A story\npublished: \"2023-09-22T10:00:00Z\"\n---\nText.\n")}}
	opt := ingest.DefaultOptions()
	opt.Date = "2023-09-22"
	g, err := ingest.Gather(context.Background(), fsys, ed, opt)
	if err != nil {
		t.Fatal(err)
	}
	rep := NewReport(manifest.EditionInfo{}, g, &makeup.Result{}, nil)
	if len(rep.Stories) != 1 {
		t.Fatalf("stories %+v", rep.Stories)
	}
	s := rep.Stories[0]
	if s.Status != story.Held || !strings.HasPrefix(s.Reason, "no section: ") || strings.Count(s.Reason, "no section") != 1 {
		t.Errorf("held story's reason %q (status %s)", s.Reason, s.Status)
	}
	if rep.Summary.Held != 1 {
		t.Errorf("summary %+v", rep.Summary)
	}
}

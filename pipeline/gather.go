package pipeline

import (
	"context"
	"os"

	"github.com/epaper/epaper/ingest"
)

// gather reads the day's stories for the edition and logs what became of
// each file; its problems go to the report.
func gather(ctx context.Context, cfg Config, w *warner) (*ingest.Result, error) {
	opt := ingest.DefaultOptions()
	opt.Date, opt.AnyDate = cfg.Date, cfg.AnyDate
	// When the stories are a folder on disk, symbolic links are checked
	// against the folder itself. (Interface values of different dynamic
	// types compare unequal without looking inside, so this is safe for
	// any file system.)
	if cfg.StoriesName != "" && cfg.Stories == os.DirFS(cfg.StoriesName) {
		opt.RootDir = cfg.StoriesName
	}
	g, err := ingest.Gather(ctx, cfg.Stories, cfg.Edition, opt)
	if err != nil {
		return nil, err
	}
	w.warn(g.Warnings...)
	slug := cfg.Edition.Slug
	for _, e := range g.Entries {
		switch e.Decision {
		case ingest.Rejected:
			cfg.Log.Warn("story rejected", "edition", slug, "file", e.File, "line", e.Line, "reason", e.Reason)
		case ingest.UnknownSection:
			cfg.Log.Warn("story held", "edition", slug, "file", e.Where(), "reason", e.Reason)
		case ingest.Included, ingest.OutsideWindow:
		default:
			cfg.Log.Info("story left out", "edition", slug, "file", e.Where(), "decision", string(e.Decision), "reason", e.Reason)
		}
	}
	return g, nil
}

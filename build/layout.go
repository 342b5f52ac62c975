package build

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/epaper/epaper/display"
)

// Layout runs the steps of Run up to the display list (gather, photos,
// make-up, prepare photos) and returns the pages as the renderers get them,
// writing nothing. The same configuration gives the document Run renders,
// so tests and benchmarks can draw an edition's pages themselves.
func Layout(ctx context.Context, cfg Config) (*display.Document, error) {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	st := &state{cfg: cfg, tools: warmUp(cfg.Edition)}
	day, err := time.ParseInLocation("2006-01-02", cfg.Date, cfg.Edition.Loc)
	if err != nil {
		return nil, fmt.Errorf("date %q is not YYYY-MM-DD", cfg.Date)
	}
	st.day = day
	for _, s := range []struct {
		name string
		fn   func(context.Context) error
	}{
		{"gather", st.gather},
		{"photos", st.probePhotos},
		{"make-up", st.makeup},
		{"prepare photos", st.preparePhotos},
	} {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := s.fn(ctx); err != nil {
			return nil, fmt.Errorf("%s: %w", s.name, err)
		}
	}
	return st.made.Doc, nil
}

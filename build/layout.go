package build

import (
	"context"
	"fmt"

	"github.com/epaper/epaper/display"
)

// Layout runs the steps of Run up to the display list (gather, photos,
// make-up, prepare photos) and returns the pages as the renderers get them,
// writing nothing. The same configuration gives the document Run renders,
// so tests and benchmarks can draw an edition's pages themselves.
func Layout(ctx context.Context, cfg Config) (*display.Document, error) {
	st, err := newState(cfg)
	if err != nil {
		return nil, err
	}
	for _, s := range st.layoutSteps() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := s.fn(ctx); err != nil {
			return nil, fmt.Errorf("%s: %w", s.name, err)
		}
	}
	return st.made.Doc, nil
}

package pipeline

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/epaper/epaper/problem"
)

// step is one named step of a build.
type step struct {
	name string
	fn   func() error
}

// timer runs steps, records how long each took and logs it, and wraps a
// step's error with its name.
type timer struct {
	log   *slog.Logger
	slug  string
	steps []Step
}

// run runs one step.
func (t *timer) run(name string, fn func() error) error {
	t0 := time.Now()
	err := fn()
	t.done(name, time.Since(t0))
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// record waits for a step that ran in the background and records the time
// it took there rather than the wait.
func (t *timer) record(name string, wait func() (time.Duration, error)) error {
	took, err := wait()
	t.done(name, took)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

func (t *timer) done(name string, took time.Duration) {
	t.steps = append(t.steps, Step{name, took})
	t.log.Debug("step done", "edition", t.slug, "step", name, "took", took)
}

// all runs steps in order until one fails or ctx ends.
func (t *timer) all(ctx context.Context, steps ...step) error {
	for _, s := range steps {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := t.run(s.name, s.fn); err != nil {
			return err
		}
	}
	return nil
}

// warner collects the problems the steps meet, in order, and logs each.
type warner struct {
	cfg Config
	out *[]problem.Problem
}

func (w *warner) warn(ps ...problem.Problem) {
	for _, p := range ps {
		*w.out = append(*w.out, p)
		// a record names only what the problem knows
		args := []any{"edition", w.cfg.Edition.Slug}
		if p.File != "" {
			args = append(args, "file", p.File)
		}
		if p.Line > 0 {
			args = append(args, "line", p.Line)
		}
		if p.Story != "" {
			args = append(args, "story", p.Story)
		}
		w.cfg.Log.Warn(p.Msg, args...)
	}
}

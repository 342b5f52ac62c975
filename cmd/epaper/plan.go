package main

import (
	"fmt"

	"github.com/epaper/epaper/plan"
	"github.com/urfave/cli/v2"
)

// planFlags are the desk's say in a build: its plan for the night and the
// pages it has signed off.
var planFlags = []cli.Flag{
	&cli.StringFlag{Name: "plan", Usage: "the desk's plan for the night (YAML): per story id lead, page, hold, print_headline, print_deck; and lock", TakesFile: true},
	&cli.StringFlag{Name: "lock", Usage: "pages kept exactly as last published, e.g. 1-3 or 1,2,5 (with the plan's lock)"},
}

// deskPlan reads the --plan file and the --lock pages into one plan: the
// pages of both are locked. It returns nil when neither is given.
func deskPlan(planFile, lock string) (*plan.Plan, error) {
	var p *plan.Plan
	if f := planFile; f != "" {
		var err error
		if p, err = plan.Load(f); err != nil {
			return nil, fmt.Errorf("--plan: %w", err)
		}
	}
	if s := lock; s != "" {
		pages, err := plan.ParsePages(s)
		if err != nil {
			return nil, usageError{fmt.Errorf("--lock: %w", err)}
		}
		if p == nil {
			p = &plan.Plan{File: "--lock"}
		}
		if p.Lock, err = plan.Pages(append(p.Lock, pages...)); err != nil {
			return nil, usageError{fmt.Errorf("--lock: %w", err)}
		}
	}
	return p, nil
}

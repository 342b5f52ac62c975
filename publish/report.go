package publish

import (
	"github.com/epaper/epaper/layout/makeup"
	"github.com/epaper/epaper/problem"
	"github.com/epaper/epaper/publish/manifest"
	"github.com/epaper/epaper/story"
)

// Report is report.json: what became of every input, page figures and
// warnings. It holds no timings, so two builds of the same input write the
// same bytes.
type Report struct {
	Edition    manifest.EditionInfo `json:"edition"`
	Summary    Summary              `json:"summary"`
	Typography makeup.Typo          `json:"typography"`
	Stories    []StoryReport        `json:"stories"`
	Pages      []PageReport         `json:"pages"`
	Warnings   []problem.Problem    `json:"warnings"`
	// Notes are decisions worth knowing that are not problems.
	Notes []string `json:"notes"`
	// Ads says where each booked advertisement went.
	Ads []AdReport `json:"ads,omitempty"`
	// Changes are what moved against the edition last published for the
	// same edition and date (absent when nothing did, or on its first
	// build); Previous tells whether there was one.
	Changes  []Change `json:"changes,omitempty"`
	Previous bool     `json:"-"`
}

// AdReport is one booked advertisement: the page it is on, or why it is not.
type AdReport struct {
	Name   string `json:"name"`
	Page   int    `json:"page,omitempty"`
	Placed bool   `json:"placed"`
	Reason string `json:"reason,omitempty"`
}

// Summary counts the stories by status.
type Summary struct {
	Files    int `json:"files"`
	Placed   int `json:"placed"`
	Jumped   int `json:"jumped"`
	Held     int `json:"held"`
	Rejected int `json:"rejected"`
	// Skipped counts stories of other days (held, but not a warning).
	Skipped  int `json:"skipped"`
	Pages    int `json:"pages"`
	Words    int `json:"words"`
	Warnings int `json:"warnings"`
}

// HasWarnings tells whether the nightly job should see a warning status:
// a story held or rejected, or any other warning.
func (s Summary) HasWarnings() bool {
	return s.Held > 0 || s.Rejected > 0 || s.Warnings > 0
}

// StoryReport is one input story file and what became of it.
type StoryReport struct {
	File     string       `json:"file"`
	ID       string       `json:"id,omitempty"`
	Headline string       `json:"headline,omitempty"`
	Section  string       `json:"section,omitempty"`
	Status   story.Status `json:"status"`
	// Reason says why a story was held or rejected; Line is where in the
	// file the problem is.
	Reason string `json:"reason,omitempty"`
	Line   int    `json:"line,omitempty"`
	Pages  []int  `json:"pages,omitempty"`
	Words  int    `json:"words,omitempty"`
}

// PageReport is one page's figures.
type PageReport struct {
	Number   int     `json:"number"`
	Section  string  `json:"section"`
	Stories  int     `json:"stories"`
	WhitePct float64 `json:"white_pct"`
	// HouseAdPct and BriefsPct are the shares of the type area given to a
	// house advertisement and to briefs of other pages' stories.
	HouseAdPct float64     `json:"house_ad_pct"`
	BriefsPct  float64     `json:"briefs_pct"`
	Typography makeup.Typo `json:"typography"`
	// Score rates the page's make-up out of 100, with what it lost points for.
	Score makeup.Score `json:"score"`
}

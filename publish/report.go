package publish

// Report is report.json: what became of every input, page figures and
// warnings. It holds no timings, so two builds of the same input write the
// same bytes.
type Report struct {
	Edition    EditionInfo   `json:"edition"`
	Summary    Summary       `json:"summary"`
	Typography Typography    `json:"typography"`
	Stories    []StoryReport `json:"stories"`
	Pages      []PageReport  `json:"pages"`
	Warnings   []Warning     `json:"warnings"`
	// Notes are decisions worth knowing that are not problems.
	Notes []string `json:"notes"`
	// Ads says where each booked advertisement went.
	Ads []AdReport `json:"ads,omitempty"`
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

// Story statuses.
const (
	Placed   = "placed"
	Jumped   = "jumped"
	Held     = "held"
	Rejected = "rejected"
)

// StoryReport is one input story file and what became of it.
type StoryReport struct {
	File     string `json:"file"`
	ID       string `json:"id,omitempty"`
	Headline string `json:"headline,omitempty"`
	Section  string `json:"section,omitempty"`
	Status   string `json:"status"`
	// Reason says why a story was held or rejected; Line is where in the
	// file the problem is.
	Reason string `json:"reason,omitempty"`
	Line   int    `json:"line,omitempty"`
	Pages  []int  `json:"pages,omitempty"`
	Words  int    `json:"words,omitempty"`
}

// PageReport is one page's figures.
type PageReport struct {
	Number     int        `json:"number"`
	Section    string     `json:"section"`
	Stories    int        `json:"stories"`
	WhitePct   float64    `json:"white_pct"`
	Typography Typography `json:"typography"`
	// Score rates the page's make-up out of 100, with what it lost points for.
	Score PageScore `json:"score"`
}

// PageScore is a page's make-up score and its parts.
type PageScore struct {
	Total         float64 `json:"total"`
	White         float64 `json:"white_pct"`
	Jumps         int     `json:"jumps"`
	OutOfOrder    int     `json:"out_of_order"`
	BumpingHeads  int     `json:"bumping_heads"`
	StackedPhotos int     `json:"stacked_photos"`
}

// Typography are the figures of the body text: lines set, loose and tight
// lines, hyphenated lines and the longest run of them, overfull lines,
// widows and orphans, lines whose glyphs are expanded, lines letter-spaced
// and the most letter spacing of any, in ems.
type Typography struct {
	Lines      int     `json:"lines"`
	Loose      int     `json:"loose"`
	Tight      int     `json:"tight"`
	Hyphenated int     `json:"hyphenated"`
	HyphenRun  int     `json:"hyphen_run"`
	Overfull   int     `json:"overfull"`
	Widows     int     `json:"widows"`
	Orphans    int     `json:"orphans"`
	Expanded   int     `json:"expanded"`
	Tracked    int     `json:"tracked"`
	TrackMaxEm float64 `json:"track_max_em"`
}

// Warning is a problem that did not stop the build.
type Warning struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Story   string `json:"story,omitempty"`
	Message string `json:"message"`
}

// Package manifest is manifest.json: the edition as the e-paper website and
// the viewer read it. It holds plain data only, so the publisher that writes
// it and the viewer that shows it share one definition.
package manifest

// Manifest is manifest.json: what the e-paper website needs to show the
// edition. Lengths are PDF points with the origin at the page's top-left
// corner; file names are relative to the edition folder.
type Manifest struct {
	Edition  EditionInfo `json:"edition"`
	Pages    []PageInfo  `json:"pages"`
	Articles []Article   `json:"articles"`
}

// EditionInfo names the edition.
type EditionInfo struct {
	Title    string `json:"title"`
	Slug     string `json:"slug"`
	Date     string `json:"date"`
	Language string `json:"language"`
	// Direction is "rtl" for an edition written right to left (Urdu,
	// Arabic), whose pages open from the right, else "ltr".
	Direction string `json:"direction"`
	PDF       string `json:"pdf"`
	// Share is the social-share image of the front page, if written.
	Share string `json:"share,omitempty"`
}

// PageInfo is one page of the edition.
type PageInfo struct {
	Number    int      `json:"number"`
	Section   string   `json:"section"`
	Width     float64  `json:"width"`
	Height    float64  `json:"height"`
	PDF       string   `json:"pdf"`
	Image     string   `json:"image"`
	Thumbnail string   `json:"thumbnail"`
	Regions   []Region `json:"regions"`
}

// Region is the box an article (or one part of a jumped article) takes on a page.
type Region struct {
	Article string  `json:"article"`
	X       float64 `json:"x"`
	Y       float64 `json:"y"`
	W       float64 `json:"w"`
	H       float64 `json:"h"`
	// Part is 1 for the first part of an article, 2 for its continuation.
	Part int `json:"part,omitempty"`
	// ContinuesOn / ContinuedFrom are page numbers of the article's other part.
	ContinuesOn   int `json:"continues_on,omitempty"`
	ContinuedFrom int `json:"continued_from,omitempty"`
}

// Article is one story as the article view shows it.
type Article struct {
	ID       string `json:"id"`
	Headline string `json:"headline"`
	// PrintHeadline and PrintDeck are what the page prints, when the desk
	// gave the printed story a headline or deck of its own; Headline and
	// Deck stay the web's.
	PrintHeadline string  `json:"print_headline,omitempty"`
	PrintDeck     string  `json:"print_deck,omitempty"`
	Kicker        string  `json:"kicker,omitempty"`
	Deck          string  `json:"deck,omitempty"`
	Byline        string  `json:"byline"`
	Dateline      string  `json:"dateline,omitempty"`
	Section       string  `json:"section"`
	Pages         []int   `json:"pages"`
	Text          string  `json:"text"`
	Blocks        []Block `json:"blocks,omitempty"`
	Images        []Photo `json:"images,omitempty"`
	Source        string  `json:"source,omitempty"`
	License       string  `json:"license,omitempty"`
}

// Block is a paragraph ("p"), crosshead ("h") or quotation ("quote") of the article view.
type Block struct {
	Kind string `json:"kind"`
	Text string `json:"text"`
}

// Photo is an article's picture as the article view shows it.
type Photo struct {
	File    string `json:"file,omitempty"`
	Caption string `json:"caption,omitempty"`
	Credit  string `json:"credit,omitempty"`
}

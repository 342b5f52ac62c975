// Package wire reads the news industry's wire formats into story.Story: IPTC
// ninjs 1.x, 2.x and 3.x (JSON), NITF 3.x, NewsML-G2 (newsItem, packageItem
// and newsMessage, with inline NITF or XHTML), RSS 2.0 and Atom 1.0 with
// Media RSS.
//
// Read tells the format from the content, never from the file name, and maps
// every format onto the same fields an editor expects: headline, deck, byline,
// dateline, subjects, priority, dates, body blocks and pictures. Input that is
// not what its format says (bad JSON or XML, a headline that is a number, a
// story without a headline, invalid UTF-8, entity declarations) is a *problem.Problem
// naming the file and line; problems that lose nothing essential are
// warnings. Read does no network I/O: pictures named by URL stay URLs.
package wire

import (
	"bytes"
	"fmt"
	"time"

	"github.com/epaper/epaper/problem"

	"github.com/epaper/epaper/story"
)

// Format names a wire format as Detect recognises it.
type Format string

// The formats Read understands. Unknown is the empty string.
const (
	Unknown  Format = ""
	NinJS1   Format = "ninjs1"
	NinJS2   Format = "ninjs2"
	NinJS3   Format = "ninjs3"
	NITF     Format = "nitf"
	NewsMLG2 Format = "newsml-g2"
	RSS      Format = "rss"
	Atom     Format = "atom"
)

// The publication statuses Read puts in Story.Status, whatever the
// format's spelling ("stat:withheld", "cancelled", NITF's "embargoed"
// without a release time). An empty status means the source gave none, which
// IPTC formats define as usable.
const (
	StatusUsable   = "usable"
	StatusWithheld = "withheld"
	StatusCanceled = "canceled"
)

// DefaultMaxBytes bounds the size of one wire file when Options.MaxBytes is
// not set.
const DefaultMaxBytes = 20 << 20

// Options tell Read where the file lives, so that pictures named by relative
// paths can be found and kept inside the sources root.
type Options struct {
	// Root is the sources root, an absolute path. Local pictures must resolve
	// inside it; when empty, Dir is the root.
	Root string
	// Dir is the directory of the file, against which relative picture paths
	// are resolved.
	Dir string
	// MaxBytes bounds the file size; 0 means DefaultMaxBytes.
	MaxBytes int64
	// Location is the time zone assumed for times written without an offset
	// (some NITF and RSS feeds); nil means UTC.
	Location *time.Location
}

// Result is what one file holds: a single item gives one story, a feed, a
// news message or a package gives several, in the order the source gives them.
type Result struct {
	Stories  []story.Story
	Warnings []problem.Problem
}

// Detect tells the wire format of data from its content: JSON objects (or
// arrays of them) in the shape of ninjs 1.x, 2.x or 3.x, and XML documents by
// their root element and namespace. It returns Unknown when data is none of
// them or cannot be parsed far enough to tell.
func Detect(data []byte) Format {
	data, err := normalizeEncoding(data)
	if err != nil {
		return Unknown
	}
	switch firstByte(data) {
	case '{', '[':
		return detectJSON(data)
	case '<':
		return detectXML(data)
	}
	return Unknown
}

// Read parses one wire file. name is the path the caller wants reported: it
// goes into Story.File, warnings and errors. Relative picture references are
// resolved against opts.Dir and must stay inside opts.Root; pictures named by
// http(s) URL are kept as Image.URL and never fetched; local pictures are
// resolved but not opened, so a missing file is for the caller to report.
// Story.Format is the family of the format: "ninjs", "nitf", "newsml-g2",
// "rss" or "atom". A malformed file is a *problem.Problem; a feed or news message whose
// items are partly unreadable gives the readable ones and a warning for each
// of the others.
func Read(name string, data []byte, opts Options) (Result, error) {
	max := opts.MaxBytes
	if max <= 0 {
		max = DefaultMaxBytes
	}
	if int64(len(data)) > max {
		return Result{}, &problem.Problem{File: name, Msg: fmt.Sprintf("file is %d bytes, more than the limit of %d", len(data), max)}
	}
	r := &reader{name: name, opts: opts}
	if r.opts.Location == nil {
		r.opts.Location = time.UTC
	}
	data, err := normalizeEncoding(data)
	if err != nil {
		return Result{}, &problem.Problem{File: name, Line: 1, Msg: err.Error()}
	}
	if line, msg := checkText(data); msg != "" {
		return Result{}, &problem.Problem{File: name, Line: line, Msg: msg}
	}
	r.lines = newLineIndex(data)
	var stories []story.Story
	switch firstByte(data) {
	case '{', '[':
		stories, err = r.readJSON(data)
	case '<':
		stories, err = r.readXML(data)
	case 0:
		err = r.errorf(0, "the file is empty")
	default:
		err = r.errorf(1, "not a wire format: expected JSON (ninjs) or XML (NITF, NewsML-G2, RSS, Atom)")
	}
	if err != nil {
		return Result{Warnings: r.warnings}, err
	}
	for i := range stories {
		finish(&stories[i], name, i, len(stories))
	}
	return Result{Stories: stories, Warnings: r.warnings}, nil
}

// reader carries what every format's reader needs: the file name for
// messages, the options and the warnings so far.
type reader struct {
	name     string
	opts     Options
	lines    lineIndex
	warnings []problem.Problem
}

func (r *reader) warnf(line int, format string, a ...any) {
	r.warnings = append(r.warnings, problem.Problem{File: r.name, Line: line, Msg: fmt.Sprintf(format, a...)})
}

func (r *reader) errorf(line int, format string, a ...any) *problem.Problem {
	return &problem.Problem{File: r.name, Line: line, Msg: fmt.Sprintf(format, a...)}
}

// finish fills what every story needs whatever its format: the file, a
// default priority, a non-nil body and an id.
func finish(s *story.Story, name string, i, n int) {
	s.File = name
	if s.Priority == 0 {
		s.Priority = story.PriorityDefault
	}
	if s.Body == nil {
		s.Body = []story.Block{}
	}
	if s.ID == "" {
		base := fileBase(name)
		if n > 1 {
			base = fmt.Sprintf("%s-%d", base, i+1)
		}
		s.ID = MakeID(base)
	}
}

// firstByte returns the first byte that is not white space, or 0.
func firstByte(data []byte) byte {
	t := bytes.TrimLeft(data, " \t\r\n")
	if len(t) == 0 {
		return 0
	}
	return t[0]
}

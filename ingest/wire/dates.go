package wire

import (
	"fmt"
	"strings"
	"time"
)

// Layouts with an offset or a zone, tried in order.
var zonedLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"20060102T150405Z0700",
	"20060102T150405Z07:00",
	"20060102T150405.999999999Z0700",
	"20060102T1504Z0700",
	time.RFC1123Z,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04 -0700",
	"Mon, 02 Jan 2006 15:04 -0700",
	"2 Jan 2006 15:04:05 -0700",
	"02 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04 -0700",
	"Mon, 2 Jan 06 15:04:05 -0700",
	"Monday, 2 January 2006 15:04:05 -0700",
	"Mon, 2 January 2006 15:04:05 -0700",
	"Mon Jan 2 15:04:05 -0700 2006",
}

// Layouts without an offset: the time is read in Options.Location.
var localLayouts = []string{
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"20060102T150405",
	"20060102T1504",
	"20060102",
	"2006-01-02",
	"Mon, 2 Jan 2006 15:04:05",
	"Mon, 2 Jan 2006 15:04",
	"2 Jan 2006 15:04:05",
	"2 Jan 2006 15:04",
	"Monday, 2 January 2006 15:04:05",
	"Mon, 2 January 2006 15:04:05",
	time.ANSIC,
}

// zoneOffsets are the zone abbreviations RFC 822 dates carry in practice.
// Go's parser accepts any abbreviation but gives unknown ones a zero offset,
// which would put an "IST" (India Standard Time) story five and a half hours
// out; the offsets are therefore applied here.
var zoneOffsets = map[string]string{
	"UT": "+0000", "UTC": "+0000", "GMT": "+0000", "Z": "+0000",
	"IST": "+0530", "NPT": "+0545", "PKT": "+0500", "BST": "+0100",
	"CET": "+0100", "CEST": "+0200", "EET": "+0200", "EEST": "+0300",
	"MSK": "+0300", "GST": "+0400", "SGT": "+0800", "HKT": "+0800",
	"JST": "+0900", "KST": "+0900", "AEST": "+1000", "AEDT": "+1100",
	"EST": "-0500", "EDT": "-0400", "CST": "-0600", "CDT": "-0500",
	"MST": "-0700", "MDT": "-0600", "PST": "-0800", "PDT": "-0700",
}

// parseTime reads the date and time forms wire formats use: ISO 8601 and
// RFC 3339 (ninjs, NewsML-G2, Atom), NITF's basic form (20210516T090004),
// RFC 822 and its variants (RSS). Times without an offset are in loc.
func parseTime(v string, loc *time.Location) (time.Time, error) {
	v = collapse(v)
	if v == "" {
		return time.Time{}, nil
	}
	if loc == nil {
		loc = time.UTC
	}
	w := v
	// A trailing zone abbreviation becomes a numeric offset.
	if i := strings.LastIndexByte(w, ' '); i > 0 {
		if off, ok := zoneOffsets[strings.ToUpper(w[i+1:])]; ok {
			w = w[:i+1] + off
		}
	}
	for _, l := range zonedLayouts {
		if t, err := time.Parse(l, w); err == nil {
			return t, nil
		}
	}
	for _, l := range localLayouts {
		if t, err := time.ParseInLocation(l, w, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date and time this reader knows", v)
}

// time reads an optional date; one that cannot be read is a warning, not an
// error, as the story is still usable.
func (r *reader) time(v string, line int, what string) time.Time {
	if strings.TrimSpace(v) == "" {
		return time.Time{}
	}
	t, err := parseTime(v, r.opts.Location)
	if err != nil {
		r.warnf(line, "%s: %v: ignored", what, err)
		return time.Time{}
	}
	return t
}

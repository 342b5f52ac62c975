package ingest

import (
	"crypto/sha256"
	"fmt"
	"hash"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/epaper/epaper/ingest/wire"
	"github.com/epaper/epaper/problem"
	"github.com/epaper/epaper/story"
)

// cand is a story that was read, waiting for its decision.
type cand struct {
	entry    int // index in Result.Entries
	s        *story.Story
	explicit bool      // the id comes from the source, not the file name
	order    int       // reading order: files sorted by path, items in file order
	saved    time.Time // when a desk file was last saved
	// first is the earliest publication time of the story's versions and
	// copies: the time the window is judged by.
	first time.Time
}

// decide gives every story read its decision, in four passes: versions of
// one id (the newest wins; a cancel cancels them all), copies of the same
// text (one is kept), then the time window and embargo, then the section.
func (g *gatherer) decide(cands []*cand) {
	for _, c := range cands {
		c.first = c.s.Published
	}
	g.decideVersions(cands)
	g.decideCopies(cands)
	g.decideWindow(cands)
}

func (g *gatherer) set(c *cand, d Decision, reason string) {
	e := &g.res.Entries[c.entry]
	e.Decision, e.Reason = d, reason
}

func (g *gatherer) decided(c *cand) bool { return g.res.Entries[c.entry].Decision != "" }

// decideVersions judges the versions of one id from the source together:
// the newest wins, the others are superseded (or duplicates, when the
// same version comes twice), and a cancel cancels them all. The winner
// counts as first published when the first version was. An id is judged
// so when at least one story names it explicitly (a wire uri or guid, a
// front matter id); a desk story whose id comes from its file name then
// counts as a version too, so a correction that names the original's id
// replaces it. Stories whose ids all come from file names are different
// stories, however alike their names.
func (g *gatherer) decideVersions(cands []*cand) {
	set, decided := g.set, g.decided
	named := map[string]bool{}
	for _, c := range cands {
		if c.explicit {
			named[c.s.ID] = true
		}
	}
	byID := map[string][]*cand{}
	var idOrder []string
	for _, c := range cands {
		if !named[c.s.ID] {
			continue
		}
		if _, ok := byID[c.s.ID]; !ok {
			idOrder = append(idOrder, c.s.ID)
		}
		byID[c.s.ID] = append(byID[c.s.ID], c)
	}
	for _, id := range idOrder {
		group := byID[id]
		win := group[0]
		for _, c := range group[1:] {
			if newer(c, win) {
				win = c
			}
		}
		win.first = earliest(group)
		if canceled(win.s) {
			set(win, Canceled, fmt.Sprintf("%s by its source%s", statusWord(win.s), versionNote(win.s)))
			for _, c := range group {
				if c != win {
					set(c, Canceled, fmt.Sprintf("%s by %s%s", statusWord(win.s), g.where(win), versionNote(win.s)))
				}
			}
			continue
		}
		for _, c := range group {
			if c == win {
				continue
			}
			switch {
			case sameVersion(c, win):
				set(c, Duplicate, fmt.Sprintf("same id and version as %s", g.where(win)))
			case desk(c) && desk(win) && c.s.Version == win.s.Version && versionTime(c.s).Equal(versionTime(win.s)):
				how := "saved later"
				if c.saved.Equal(win.saved) {
					how = "named to sort later"
				}
				set(c, Superseded, fmt.Sprintf("replaced by %s, %s", g.where(win), how))
				g.res.Notes = append(g.res.Notes, problem.Problem{File: g.where(c), Story: id,
					Msg: fmt.Sprintf("same id %q as %s, with neither a higher version nor a later updated time: %s runs as the newer (%s)", id, g.where(win), g.where(win), how)})
			default:
				set(c, Superseded, fmt.Sprintf("replaced by %s%s", g.where(win), versionNote(win.s)))
			}
		}
	}
	for _, c := range cands {
		if !decided(c) && canceled(c.s) {
			set(c, Canceled, fmt.Sprintf("%s by its source%s", statusWord(c.s), versionNote(c.s)))
		}
	}

}

// decideCopies keeps one of the stories with the same headline and text
// under different ids (two feeds carrying one agency story): the one with
// the most pictures on disk, then the most pictures, then the first read.
func (g *gatherer) decideCopies(cands []*cand) {
	set, decided := g.set, g.decided
	byText := map[[32]byte][]*cand{}
	var textOrder [][32]byte
	for _, c := range cands {
		if decided(c) || len(c.s.Body) == 0 {
			continue
		}
		k := textKey(c.s)
		if _, ok := byText[k]; !ok {
			textOrder = append(textOrder, k)
		}
		byText[k] = append(byText[k], c)
	}
	for _, k := range textOrder {
		group := byText[k]
		if len(group) < 2 {
			continue
		}
		sort.SliceStable(group, func(i, j int) bool {
			a, b := group[i], group[j]
			if la, lb := localImages(a.s), localImages(b.s); la != lb {
				return la > lb
			}
			if len(a.s.Images) != len(b.s.Images) {
				return len(a.s.Images) > len(b.s.Images)
			}
			return a.order < b.order
		})
		win := group[0]
		first := win.first
		for _, c := range group[1:] {
			if !c.first.IsZero() && (first.IsZero() || c.first.Before(first)) {
				first = c.first
			}
			set(c, Duplicate, fmt.Sprintf("same headline and text as %s", g.where(win)))
		}
		win.first = first
	}

}

// decideWindow includes the stories left that were first published in the
// edition's window, are not embargoed past its cut-off and route to a
// section of its flatplan.
func (g *gatherer) decideWindow(cands []*cand) {
	set, decided := g.set, g.decided
	loc := g.ed.Loc
	if loc == nil {
		loc = time.UTC
	}
	for _, c := range cands {
		if decided(c) {
			continue
		}
		s := c.s
		switch {
		case !g.opt.AnyDate && c.first.IsZero():
			set(c, OutsideWindow, "no published date")
			continue
		case !g.opt.AnyDate && (c.first.Before(g.res.From) || !c.first.Before(g.res.To)):
			set(c, OutsideWindow, g.outsideReason(c, loc))
			continue
		case !s.Embargo.IsZero() && s.Embargo.After(g.res.Cutoff):
			set(c, Embargoed, fmt.Sprintf("embargoed until %s, after the edition's cut-off %s", s.Embargo.In(loc).Format("2006-01-02 15:04 MST"), g.res.Cutoff.In(loc).Format("2006-01-02 15:04 MST")))
			continue
		}
		sec, how, ok := g.ed.Route(s.Section, s.Subjects)
		if !ok {
			set(c, UnknownSection, unroutedReason(s))
			continue
		}
		set(c, Included, how)
		s.Section = sec
		g.res.Entries[c.entry].Section = sec
	}
}

// outsideReason says when a story was published and what the window is.
func (g *gatherer) outsideReason(c *cand, loc *time.Location) string {
	when := c.first.In(loc).Format("2006-01-02 15:04")
	what := "published"
	if !c.first.Equal(c.s.Published) {
		what = "first published"
	}
	if g.ed.Window.IsCalendarDay() {
		return fmt.Sprintf("%s %s, not on %s", what, when, g.opt.Date)
	}
	return fmt.Sprintf("%s %s, outside the edition's window %s to %s", what, when,
		g.res.From.In(loc).Format("2006-01-02 15:04"), g.res.To.In(loc).Format("2006-01-02 15:04"))
}

func unroutedReason(s *story.Story) string {
	subj := ""
	if len(s.Subjects) > 0 {
		subj = fmt.Sprintf("its subjects (%s) match no routing rule", strings.Join(s.Subjects, ", "))
	} else {
		subj = "it has no subjects to route it by"
	}
	if strings.TrimSpace(s.Section) != "" {
		return fmt.Sprintf("section %q is not in the edition's flatplan, %s, and there is no routing.default", s.Section, subj)
	}
	return fmt.Sprintf("the story names none, %s, and there is no routing.default", subj)
}

// where names a story's file and item for reasons.
func (g *gatherer) where(c *cand) string {
	return g.res.Entries[c.entry].Where()
}

// newer tells whether a is a newer version of a story id than b: the
// higher version when both are numbered, else the later version time (the
// updated time, else the published time) when both are dated. A cancel that
// cannot be put in order by either wins, as agencies send cancels after
// the story (often without a version); then a numbered or dated version
// wins over one that is not. Last, between two desk files the one saved
// last wins (a correction is saved after the story), then the one whose
// path sorts last; between other stories the one read first (a feed
// repeats an item it already sent).
func newer(a, b *cand) bool {
	av, bv := a.s.Version, b.s.Version
	at, bt := versionTime(a.s), versionTime(b.s)
	switch {
	case av > 0 && bv > 0 && av != bv:
		return av > bv
	case !at.IsZero() && !bt.IsZero() && !at.Equal(bt):
		return at.After(bt)
	case canceled(a.s) != canceled(b.s):
		return canceled(a.s)
	case av != bv:
		return av > bv
	case at.IsZero() != bt.IsZero():
		return bt.IsZero()
	case desk(a) && desk(b) && !a.saved.Equal(b.saved):
		return a.saved.After(b.saved)
	case desk(a) && desk(b):
		return a.order > b.order
	}
	return a.order < b.order
}

// versionTime is the time a version was made: its updated time when the
// source gives one, else its published time.
func versionTime(s *story.Story) time.Time {
	if !s.Updated.IsZero() {
		return s.Updated
	}
	return s.Published
}

func desk(c *cand) bool { return c.s.Format == "markdown" }

// sameVersion tells whether c is the same version of a story as win, and
// so a duplicate rather than superseded: the same version number and
// time; for desk files, whose versions seldom carry either, also the same
// headline and text.
func sameVersion(c, win *cand) bool {
	if c.s.Version != win.s.Version || !versionTime(c.s).Equal(versionTime(win.s)) {
		return false
	}
	return !desk(c) || !desk(win) || textKey(c.s) == textKey(win.s)
}

func earliest(cs []*cand) time.Time {
	var t time.Time
	for _, c := range cs {
		if p := c.s.Published; !p.IsZero() && (t.IsZero() || p.Before(t)) {
			t = p
		}
	}
	return t
}

func canceled(s *story.Story) bool {
	return s.Status == wire.StatusCanceled || s.Status == wire.StatusWithheld
}

func statusWord(s *story.Story) string {
	if s.Status == wire.StatusWithheld {
		return "withheld"
	}
	return "canceled"
}

func versionNote(s *story.Story) string {
	if s.Version > 0 {
		return fmt.Sprintf(" (version %d)", s.Version)
	}
	return ""
}

func localImages(s *story.Story) int {
	n := 0
	for _, im := range s.Images {
		if im.File != "" {
			n++
		}
	}
	return n
}

// textKey is a story's headline and body reduced to lower-case letters and
// digits separated by single spaces, so that two feeds' copies of one story
// compare equal whatever their markup, quotes and spacing; the key is that
// text's SHA-256, written as it is reduced.
func textKey(s *story.Story) [32]byte {
	k := keyWriter{h: sha256.New()}
	k.add(s.Headline)
	k.space = true
	for _, bl := range s.Body {
		for _, sp := range bl.Spans {
			k.add(sp.Text)
		}
		k.space = true
	}
	k.flush()
	var sum [32]byte
	k.h.Sum(sum[:0])
	return sum
}

type keyWriter struct {
	h     hash.Hash
	buf   []byte
	space bool // a separator is pending
	any   bool // something was written
}

func (k *keyWriter) add(t string) {
	for i := 0; i < len(t); {
		c := t[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			default:
				k.space = true
				continue
			}
			k.sep()
			k.buf = append(k.buf, c)
			continue
		}
		r, n := utf8.DecodeRuneInString(t[i:])
		i += n
		r = unicode.ToLower(r)
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) {
			k.sep()
			k.buf = utf8.AppendRune(k.buf, r)
		} else {
			k.space = true
		}
	}
	if len(k.buf) > 4096 {
		k.flush()
	}
}

// sep writes the pending separator before a letter.
func (k *keyWriter) sep() {
	if k.space && k.any {
		k.buf = append(k.buf, ' ')
	}
	k.space, k.any = false, true
}

func (k *keyWriter) flush() {
	k.h.Write(k.buf)
	k.buf = k.buf[:0]
}

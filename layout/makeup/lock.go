package makeup

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/gob"
	"fmt"
	"io"
	"slices"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/story"
)

// Locked pages: an editor signs pages off, late news arrives, and the
// edition is built again. The pages signed off must come out exactly as
// they were published, while the late stories flow into the others. Each
// build therefore keeps a snapshot of its made-up pages (Snapshot), and a
// rebuild given some of them (Input.Locked) takes those pages as they are:
// their drawing, their stories, the pages their jumped stories continue
// on. Their stories are not set again, and the continuations of their
// jumped stories are set first on the pages they were on.

// Snapshot is an edition's made-up pages as a rebuild needs them to lock
// some: every page's drawing and figures, and the stories on it.
type Snapshot struct {
	Version int
	Pages   []LockedPage
}

// snapshotVersion changes when Snapshot does: a snapshot of another
// version cannot lock pages.
const snapshotVersion = 4

// LockedPage is one page of a snapshot.
type LockedPage struct {
	Page display.Page
	Info PageInfo
	// Stories are the parts of stories the page carries.
	Stories []LockedStory
	// Ads are the booked ads on the page, by name.
	Ads []string
}

// LockedStory is a story, or one part of a jumped story, on a locked page:
// its text as published and the body lines [From, To) the part sets.
type LockedStory struct {
	Story    *story.Story
	Part     int // 0 whole, 1 the first part, 2 the continuation
	From, To int
	JumpTo   int // the page the rest is on, for a first part
	JumpFrom int // the page the first part is on, for a continuation
	Status   story.Status
}

func init() {
	gob.Register(&display.Text{})
	gob.Register(&display.Image{})
	gob.Register(&display.Rect{})
	gob.Register(&display.Line{})
}

// Encode writes the snapshot compressed: a gzip member holding its
// version and page count, then one for each page (EncodePage). Decoded
// pictures (Pix) are not kept: the encoded picture the PDF embeds is. The
// pages share their items with the document, so Encode is called once the
// pictures are prepared.
func (s *Snapshot) Encode(w io.Writer) error {
	return s.EncodeWith(w, s.EncodePage)
}

// EncodeWith is Encode taking each page's bytes from page, which may give
// bytes kept from an earlier EncodePage of the same page (see PageKey).
func (s *Snapshot) EncodeWith(w io.Writer, page func(i int) ([]byte, error)) error {
	head, err := member(snapshotHead{Version: s.Version, Count: len(s.Pages)})
	if err != nil {
		return err
	}
	if _, err := w.Write(head); err != nil {
		return err
	}
	for i := range s.Pages {
		b, err := page(i)
		if err != nil {
			return err
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// EncodePage encodes page i as a gzip member holding a gob stream of its
// own, so that its bytes depend on the page alone: the same page of the
// city editions of a night, or of the build before, is encoded once.
func (s *Snapshot) EncodePage(i int) ([]byte, error) {
	p := s.Pages[i]
	p.Page = stripPix(p.Page)
	return member(&p)
}

// PageKey is what page i holds besides its drawing (its figures, its
// stories and their text, its ads), encoded: with a digest of the drawing
// it names the page's encoding.
func (s *Snapshot) PageKey(i int) ([]byte, error) {
	p := s.Pages[i]
	p.Page = display.Page{}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&p); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// member encodes v as a gob stream in a gzip member.
func member(v any) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	if err != nil {
		return nil, err
	}
	if err := gob.NewEncoder(zw).Encode(v); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// snapshotHead opens an encoded snapshot.
type snapshotHead struct{ Version, Count int }

// DecodeSnapshot reads a snapshot Encode wrote.
func DecodeSnapshot(r io.Reader) (*Snapshot, error) {
	br := bufio.NewReader(r)
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, fmt.Errorf("not a snapshot of made-up pages: %w", err)
	}
	zr.Multistream(false)
	var head snapshotHead
	if err := gob.NewDecoder(zr).Decode(&head); err != nil {
		return nil, fmt.Errorf("not a snapshot of made-up pages: %w", err)
	}
	if head.Version != snapshotVersion {
		return nil, fmt.Errorf("the snapshot is of version %d, this build reads version %d: build once without locks", head.Version, snapshotVersion)
	}
	if head.Count < 0 || head.Count > maxSnapshotPages {
		return nil, fmt.Errorf("not a snapshot of made-up pages: %d pages", head.Count)
	}
	s := &Snapshot{Version: head.Version, Pages: make([]LockedPage, head.Count)}
	for i := range s.Pages {
		// to the end of the member, where gzip checks what it read
		if _, err := io.Copy(io.Discard, zr); err != nil {
			return nil, fmt.Errorf("not a snapshot of made-up pages: %w", err)
		}
		if err := zr.Reset(br); err != nil {
			return nil, fmt.Errorf("not a snapshot of made-up pages: page %d: %w", i+1, err)
		}
		zr.Multistream(false)
		if err := gob.NewDecoder(zr).Decode(&s.Pages[i]); err != nil {
			return nil, fmt.Errorf("not a snapshot of made-up pages: page %d: %w", i+1, err)
		}
	}
	if _, err := io.Copy(io.Discard, zr); err != nil {
		return nil, fmt.Errorf("not a snapshot of made-up pages: %w", err)
	}
	return s, nil
}

// maxSnapshotPages bounds the pages a snapshot may claim, so that a
// damaged file cannot ask for memory it does not hold.
const maxSnapshotPages = 10000

// snapshot records the made-up pages for a later rebuild.
func (m *maker) snapshot(doc *display.Document) *Snapshot {
	s := &Snapshot{Version: snapshotVersion}
	for i, p := range m.pages {
		if p.locked != nil {
			s.Pages = append(s.Pages, *p.locked)
			continue
		}
		lp := LockedPage{Page: doc.Pages[i], Info: p.info}
		for _, laid := range p.mods {
			ls := LockedStory{Story: laid.mod.c.s, Part: laid.part, From: laid.mod.from, To: laid.mod.to, Status: story.Placed}
			if laid.jumpTo != nil {
				ls.JumpTo = *laid.jumpTo
			}
			if laid.jumpFrom != nil {
				ls.JumpFrom = *laid.jumpFrom
			}
			if pl := m.placements[ls.Story.ID]; pl != nil {
				ls.Status = pl.Status
			}
			lp.Stories = append(lp.Stories, ls)
		}
		for _, a := range m.adResults {
			if a.ad == p {
				lp.Ads = append(lp.Ads, a.Name)
			}
		}
		s.Pages = append(s.Pages, lp)
	}
	return s
}

// stripPix copies a page, leaving out the decoded pictures.
func stripPix(p display.Page) display.Page {
	items := make([]display.Item, len(p.Items))
	for i, it := range p.Items {
		if im, ok := it.(*display.Image); ok && im.Pix != nil {
			c := *im
			c.Pix = nil
			it = &c
		}
		items[i] = it
	}
	p.Items = items
	return p
}

// lockPages takes the locked pages of the input as they were published:
// their stories leave the queues, their booked ads are done, and the rest
// of each story jumped from them is bound for the page it was on. A page
// holding the continuation of a story that starts on an unlocked page is
// an error: the start would have to be set again to end where the locked
// page goes on.
func (m *maker) lockPages(in Input, queues [][]*copyItem) error {
	for num, lp := range in.Locked {
		if num < 1 || num > len(m.pages) {
			return fmt.Errorf("page %d cannot be locked: the edition has %d pages", num, len(m.pages))
		}
		p := m.pages[num-1]
		if lp.Info.Section != p.info.Section {
			return fmt.Errorf("page %d cannot be locked: it was a page of %s, the flatplan now makes it %s", num, lp.Info.Section, p.info.Section)
		}
		for _, ls := range lp.Stories {
			if ls.Part == 2 && in.Locked[ls.JumpFrom] == nil {
				return fmt.Errorf("page %d cannot be locked alone: it goes on with %q from page %d, which is not locked", num, ls.Story.ID, ls.JumpFrom)
			}
		}
		p.locked = lp
	}
	for num := range len(m.pages) {
		p := m.pages[num]
		if p.locked == nil {
			continue
		}
		m.unbookAds(p)
		for _, ls := range p.locked.Stories {
			m.lockStory(in, queues, p, ls)
		}
	}
	return nil
}

// lockStory takes one story of a locked page: it runs there as published.
func (m *maker) lockStory(in Input, queues [][]*copyItem, p *page, ls LockedStory) {
	s := ls.Story
	for qi := range queues {
		queues[qi] = slices.DeleteFunc(queues[qi], func(c *copyItem) bool { return c.s.ID == s.ID })
	}
	for _, sec := range in.Sections {
		for _, now := range sec.Stories {
			if now.ID == s.ID && now.Words() != s.Words() {
				m.warn(now, fmt.Sprintf("changed since page %d was locked: the page keeps the story as it was published", p.num))
			}
		}
	}
	pl := m.placements[s.ID]
	if pl == nil {
		pl = &Placement{Story: s, Status: story.Placed, Reason: fmt.Sprintf("on locked page %d, as published", p.num)}
		m.placements[s.ID] = pl
		m.order = append(m.order, s.ID)
	}
	if ls.Part > 0 {
		pl.Status = story.Jumped
	}
	if !slices.Contains(pl.Pages, p.num) {
		pl.Pages = append(pl.Pages, p.num)
		slices.Sort(pl.Pages)
	}
	if ls.Part != 1 || ls.JumpTo < 1 || ls.JumpTo > len(m.pages) || m.pages[ls.JumpTo-1].locked != nil {
		return
	}
	// the rest, as published, goes on where the locked page says it does
	c := m.newCopy(s)
	m.contSeq++
	c.from, c.contID, c.heads, c.lockedPage = ls.To, m.contSeq, c.conts, p
	target := m.pages[ls.JumpTo-1]
	m.lockedConts = append(m.lockedConts, c)
	m.arrivals[target] = append(m.arrivals[target], c)
}

// unbookAds marks the booked ads of a locked page as run: they are in its
// drawing.
func (m *maker) unbookAds(p *page) {
	for i, ad := range m.ads {
		if slices.Contains(p.locked.Ads, ad.Name) {
			m.adDone[i] = true
			m.adResults = append(m.adResults, AdPlacement{Name: ad.Name, Page: p.num, Placed: true, ad: p})
		}
	}
	for _, z := range p.zones {
		for c := range z.closed {
			z.closed[c] = true
			z.colTop[c] = z.bottom[c]
		}
	}
}

// Package viewer writes the static e-paper viewer into an edition folder and
// the archive page that lists the built editions.
//
// The viewer is plain HTML, CSS and JavaScript with no server, no network
// access and no external fonts: it works opened straight from the folder with
// a file:// URL. Browsers block fetch() of file:// URLs, so the manifest goes
// in as a script (manifest.js) that sets window.EPAPER_MANIFEST.
package viewer

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/epaper/epaper/publish/manifest"
)

//go:embed assets
var assets embed.FS

// File names the viewer writes into the edition folder.
const (
	IndexFile    = "index.html"
	CSSFile      = "viewer.css"
	JSFile       = "viewer.js"
	ManifestFile = "manifest.js"
)

var (
	indexTmpl   = template.Must(template.ParseFS(assets, "assets/index.html"))
	archiveTmpl = template.Must(template.ParseFS(assets, "assets/archive.html"))
)

// Write writes index.html and its assets (viewer.css, viewer.js, manifest.js)
// into the edition folder dir, creating dir if needed. m is the edition's
// manifest (the same data as manifest.json, which the caller writes itself).
// The same manifest always gives the same bytes.
func Write(dir string, m *manifest.Manifest) error {
	if m == nil {
		return errors.New("viewer: nil manifest")
	}
	mjs, err := manifestJS(m)
	if err != nil {
		return err
	}
	css, err := assets.ReadFile("assets/viewer.css")
	if err != nil {
		return fmt.Errorf("viewer: %w", err)
	}
	js, err := assets.ReadFile("assets/viewer.js")
	if err != nil {
		return fmt.Errorf("viewer: %w", err)
	}
	page, err := renderIndex(m, css, js, mjs)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("viewer: %w", err)
	}
	for _, f := range []struct {
		name string
		data []byte
	}{
		{CSSFile, css},
		{JSFile, js},
		{ManifestFile, mjs},
		{IndexFile, page}, // last, so that it never points at missing assets
	} {
		if err := writeFile(filepath.Join(dir, f.name), f.data); err != nil {
			return fmt.Errorf("viewer: %w", err)
		}
	}
	return nil
}

// manifestJS returns the contents of manifest.js: one statement that assigns
// the manifest, as JSON, to window.EPAPER_MANIFEST. The JSON escapes '<',
// '>' and '&' (so no "</script" can end an enclosing script element) and the
// line separators U+2028 and U+2029, which older JavaScript engines do not
// accept inside string literals.
func manifestJS(m *manifest.Manifest) ([]byte, error) {
	if m == nil {
		return nil, errors.New("viewer: nil manifest")
	}
	// json.Marshal escapes <, >, & and U+2028/U+2029 already; the explicit
	// replacements below keep that promise should the encoder ever change.
	data, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("viewer: encode manifest: %w", err)
	}
	data = bytes.ReplaceAll(data, []byte("<"), []byte(`\u003c`))
	data = bytes.ReplaceAll(data, []byte("\u2028"), []byte(`\u2028`))
	data = bytes.ReplaceAll(data, []byte("\u2029"), []byte(`\u2029`))
	var b bytes.Buffer
	b.WriteString("window.EPAPER_MANIFEST = ")
	b.Write(data)
	b.WriteString(";\n")
	return b.Bytes(), nil
}

type indexPage struct {
	Lang, Title, Date, DateText, PDF, Share string
	// RTL writes dir="rtl" on the page: the viewer of a right-to-left
	// edition reads from the right and opens its spreads from the right
	RTL               bool
	CSS, JS, Manifest string
	Pages             []manifest.PageInfo
}

func renderIndex(m *manifest.Manifest, css, js, mjs []byte) ([]byte, error) {
	lang := m.Edition.Language
	if lang == "" {
		lang = "en"
	}
	title := m.Edition.Title
	if title == "" {
		title = "E-paper"
	}
	d := indexPage{
		Lang:     lang,
		RTL:      m.Edition.Direction == "rtl",
		Title:    title,
		Date:     m.Edition.Date,
		DateText: longDate(m.Edition.Date),
		PDF:      m.Edition.PDF,
		Share:    m.Edition.Share,
		CSS:      versioned(CSSFile, css),
		JS:       versioned(JSFile, js),
		Manifest: versioned(ManifestFile, mjs),
		Pages:    m.Pages,
	}
	var b bytes.Buffer
	if err := indexTmpl.Execute(&b, d); err != nil {
		return nil, fmt.Errorf("viewer: index.html: %w", err)
	}
	return b.Bytes(), nil
}

// versioned adds a digest of the contents to an asset's URL, so that a
// browser that cached an earlier build of the same edition loads the new one.
func versioned(name string, data []byte) string {
	sum := sha256.Sum256(data)
	return name + "?v=" + hex.EncodeToString(sum[:5])
}

// GeneratorTag is in the head of every archive page WriteArchive writes, so
// that a caller can tell its own page from an index.html someone else put
// in the folder.
const GeneratorTag = `<meta name="generator" content="epaper">`

// ArchiveEntry is one built edition for the archive page.
type ArchiveEntry struct {
	Slug, Title, Date string
	// Path is the edition's viewer relative to the archive root, e.g.
	// "chronicle/2026-11-29/index.html".
	Path string
	// Thumb is the relative path of the front page thumbnail.
	Thumb string
}

type archivePage struct {
	Heading string
	Groups  []archiveGroup
}

type archiveGroup struct {
	Slug, Title string
	Months      []archiveMonth
}

type archiveMonth struct {
	Label   string
	Entries []archiveCard
}

type archiveCard struct {
	Date, DateText, ShortDate, Path, Thumb, Title string
	Latest                                        bool
}

// WriteArchive writes root/index.html listing the editions: one section per
// slug, in the order the slugs first appear in entries, side by side; in each
// section the dates newest first, grouped by month, as cards with the front
// page thumbnail linking to that edition's index.html. The file is replaced
// atomically.
func WriteArchive(root string, entries []ArchiveEntry) error {
	page, err := renderArchive(entries)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return fmt.Errorf("viewer: %w", err)
	}
	if err := writeFile(filepath.Join(root, IndexFile), page); err != nil {
		return fmt.Errorf("viewer: %w", err)
	}
	return nil
}

func renderArchive(entries []ArchiveEntry) ([]byte, error) {
	var order []string
	bySlug := map[string][]ArchiveEntry{}
	for i, e := range entries {
		if e.Path == "" {
			return nil, fmt.Errorf("viewer: archive entry %d (%s %s): empty path", i, e.Slug, e.Date)
		}
		if _, ok := bySlug[e.Slug]; !ok {
			order = append(order, e.Slug)
		}
		bySlug[e.Slug] = append(bySlug[e.Slug], e)
	}
	titles := map[string]bool{}
	d := archivePage{}
	for _, slug := range order {
		es := bySlug[slug]
		sortNewestFirst(es)
		g := archiveGroup{Slug: slug, Title: es[0].Title}
		if g.Title == "" {
			g.Title = slug
		}
		titles[g.Title] = true
		for i, e := range es {
			label := monthLabel(e.Date)
			if n := len(g.Months); n == 0 || g.Months[n-1].Label != label {
				g.Months = append(g.Months, archiveMonth{Label: label})
			}
			mo := &g.Months[len(g.Months)-1]
			mo.Entries = append(mo.Entries, archiveCard{
				Date:      e.Date,
				DateText:  longDate(e.Date),
				ShortDate: shortDate(e.Date),
				Path:      filepath.ToSlash(e.Path),
				Thumb:     filepath.ToSlash(e.Thumb),
				Title:     g.Title,
				Latest:    i == 0,
			})
		}
		d.Groups = append(d.Groups, g)
	}
	d.Heading = "E-paper archive"
	if len(titles) == 1 {
		d.Heading = d.Groups[0].Title + ": e-paper archive"
	}
	var b bytes.Buffer
	if err := archiveTmpl.Execute(&b, d); err != nil {
		return nil, fmt.Errorf("viewer: archive index.html: %w", err)
	}
	return b.Bytes(), nil
}

// sortNewestFirst orders entries by date, newest first; equal dates are
// ordered by path so that the page does not depend on the input order.
func sortNewestFirst(es []ArchiveEntry) {
	slices.SortStableFunc(es, func(a, b ArchiveEntry) int {
		if c := strings.Compare(b.Date, a.Date); c != 0 {
			return c
		}
		return strings.Compare(a.Path, b.Path)
	})
}

func parseDate(s string) (time.Time, bool) {
	t, err := time.Parse("2006-01-02", s)
	return t, err == nil
}

// longDate formats "2026-11-29" as "Sunday, 29 November 2026"; other strings
// are returned unchanged.
func longDate(s string) string {
	if t, ok := parseDate(s); ok {
		return t.Format("Monday, 2 January 2006")
	}
	return s
}

func shortDate(s string) string {
	if t, ok := parseDate(s); ok {
		return t.Format("Mon 2 Jan")
	}
	return s
}

func monthLabel(s string) string {
	if t, ok := parseDate(s); ok {
		return t.Format("January 2006")
	}
	if len(s) >= 7 {
		return s[:7]
	}
	return strings.TrimSpace(s)
}

// writeFile replaces name with data atomically: readers see the old file or
// the new one, never a partial write.
func writeFile(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

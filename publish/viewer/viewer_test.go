package viewer

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/epaper/epaper/publish/manifest"
)

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestWriteFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "chronicle", "2026-11-29")
	m := testManifest()
	if err := Write(dir, m); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{IndexFile, CSSFile, JSFile, ManifestFile} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("missing %s: %v", name, err)
		}
		if fi.Size() == 0 {
			t.Errorf("%s is empty", name)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 4 {
		t.Errorf("dir holds %d files, want 4 (no temporary files left): %v", len(entries), entries)
	}

	index := string(readFile(t, filepath.Join(dir, IndexFile)))
	for _, want := range []string{
		`<html lang="en">`,
		`<h1 class="masthead-title">The Daily Chronicle</h1>`,
		`datetime="2026-11-29">Sunday, 29 November 2026</time>`,
		`href="edition.pdf" download`,
		`data-search`,
		`<script src="manifest.js?v=`,
		`<script src="viewer.js?v=`,
		`<link rel="stylesheet" href="viewer.css?v=`,
		`<main `, `<nav class="strip"`, `<header class="masthead">`,
	} {
		if !strings.Contains(index, want) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	// Nothing may come from elsewhere: no absolute URLs in any asset.
	external := regexp.MustCompile(`(?i)(src|href)\s*=\s*["']?\s*(https?:)?//|@import|url\(\s*["']?(https?:)?//`)
	for _, name := range []string{IndexFile, CSSFile, JSFile} {
		if loc := external.FindString(string(readFile(t, filepath.Join(dir, name)))); loc != "" {
			t.Errorf("%s refers to an external resource: %q", name, loc)
		}
	}
}

// decodeManifestJS checks the shape of manifest.js and returns the manifest it
// holds.
func decodeManifestJS(t *testing.T, js []byte) *manifest.Manifest {
	t.Helper()
	const prefix, suffix = "window.EPAPER_MANIFEST = ", ";\n"
	if !bytes.HasPrefix(js, []byte(prefix)) || !bytes.HasSuffix(js, []byte(suffix)) {
		t.Fatalf("manifest.js is not one assignment: %.80q ... %q", js, js[max(0, len(js)-20):])
	}
	body := js[len(prefix) : len(js)-len(suffix)]
	var got manifest.Manifest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("manifest.js does not hold JSON: %v", err)
	}
	if dec.More() {
		t.Fatal("manifest.js has more than one value")
	}
	return &got
}

func TestManifestJS(t *testing.T) {
	dir := t.TempDir()
	m := testManifest()
	if err := Write(dir, m); err != nil {
		t.Fatal(err)
	}
	js := readFile(t, filepath.Join(dir, ManifestFile))
	got := decodeManifestJS(t, js)
	if !reflect.DeepEqual(got, m) {
		t.Errorf("manifest.js holds\n%+v\nwant\n%+v", got, m)
	}
	// Characters that would end a script element or a JavaScript string
	// literal in older engines never appear raw.
	for _, bad := range []string{"<", ">", "\u2028", "\u2029"} {
		if bytes.Contains(js, []byte(bad)) {
			t.Errorf("manifest.js contains a raw %q", bad)
		}
	}
}

func TestManifestJSEscapesScript(t *testing.T) {
	m := testManifest()
	m.Edition.Title = `Chronicle </script><script>alert(1)</script>`
	m.Articles[0].Headline = "</SCRIPT><!-- and </script > and \u2029"
	js, err := manifestJS(m)
	if err != nil {
		t.Fatal(err)
	}
	if regexp.MustCompile(`(?i)</script|<!--`).Match(js) {
		t.Errorf("manifest.js lets a headline end a script: %s", js)
	}
	if got := decodeManifestJS(t, js); got.Articles[0].Headline != m.Articles[0].Headline {
		t.Errorf("headline came back as %q", got.Articles[0].Headline)
	}

	dir := t.TempDir()
	if err := Write(dir, m); err != nil {
		t.Fatal(err)
	}
	index := string(readFile(t, filepath.Join(dir, IndexFile)))
	if strings.Contains(index, "<script>alert") {
		t.Errorf("index.html does not escape the title:\n%s", index)
	}
	if !strings.Contains(index, "Chronicle &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("index.html does not show the title as text")
	}
}

func TestWriteDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	if err := Write(a, testManifest()); err != nil {
		t.Fatal(err)
	}
	if err := Write(b, testManifest()); err != nil {
		t.Fatal(err)
	}
	// Writing again over an existing build gives the same bytes too.
	if err := Write(b, testManifest()); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{IndexFile, CSSFile, JSFile, ManifestFile} {
		if !bytes.Equal(readFile(t, filepath.Join(a, name)), readFile(t, filepath.Join(b, name))) {
			t.Errorf("%s differs between two writes of the same manifest", name)
		}
	}

	// A different manifest changes manifest.js and its version in index.html.
	m := testManifest()
	m.Articles[1].Headline = "Changed"
	c := t.TempDir()
	if err := Write(c, m); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(readFile(t, filepath.Join(a, IndexFile)), readFile(t, filepath.Join(c, IndexFile))) {
		t.Error("index.html does not follow a change of the manifest")
	}
}

func TestWriteNilManifest(t *testing.T) {
	if err := Write(t.TempDir(), nil); err == nil {
		t.Error("Write(nil) succeeded")
	}
}

func TestWriteMinimalManifest(t *testing.T) {
	// An empty manifest still gives a working page with a notice, not an error.
	dir := t.TempDir()
	if err := Write(dir, &manifest.Manifest{}); err != nil {
		t.Fatal(err)
	}
	index := string(readFile(t, filepath.Join(dir, IndexFile)))
	if !strings.Contains(index, `<html lang="en">`) || strings.Contains(index, `id="edition-pdf"`) {
		t.Errorf("unexpected index.html for an empty manifest:\n%s", index)
	}
	got := decodeManifestJS(t, readFile(t, filepath.Join(dir, ManifestFile)))
	if !reflect.DeepEqual(got, &manifest.Manifest{}) {
		t.Errorf("got %+v", got)
	}
}

func TestWriteArchive(t *testing.T) {
	root := t.TempDir()
	entries := []ArchiveEntry{
		{Slug: "chronicle", Title: "The Daily Chronicle", Date: "2026-10-31", Path: "chronicle/2026-10-31/index.html", Thumb: "chronicle/2026-10-31/thumbs/page-01.jpg"},
		{Slug: "chronicle", Title: "The Daily Chronicle", Date: "2026-11-29", Path: "chronicle/2026-11-29/index.html", Thumb: "chronicle/2026-11-29/thumbs/page-01.jpg"},
		{Slug: "chronicle-delhi", Title: "The Daily Chronicle — Delhi", Date: "2026-11-29", Path: "chronicle-delhi/2026-11-29/index.html", Thumb: "chronicle-delhi/2026-11-29/thumbs/page-01.jpg"},
		{Slug: "chronicle", Title: "The Daily Chronicle", Date: "2026-11-28", Path: "chronicle/2026-11-28/index.html", Thumb: "chronicle/2026-11-28/thumbs/page-01.jpg"},
		{Slug: "chronicle-delhi", Title: "The Daily Chronicle — Delhi", Date: "2026-11-28", Path: "chronicle-delhi/2026-11-28/index.html"},
	}
	if err := WriteArchive(root, entries); err != nil {
		t.Fatal(err)
	}
	page := string(readFile(t, filepath.Join(root, IndexFile)))

	// Slugs in the order they first appear, dates newest first within each.
	order := []string{
		`>The Daily Chronicle</h2>`,
		`<h3>November 2026</h3>`,
		`href="chronicle/2026-11-29/index.html"`,
		`href="chronicle/2026-11-28/index.html"`,
		`<h3>October 2026</h3>`,
		`href="chronicle/2026-10-31/index.html"`,
		`>The Daily Chronicle — Delhi</h2>`,
		`href="chronicle-delhi/2026-11-29/index.html"`,
		`href="chronicle-delhi/2026-11-28/index.html"`,
	}
	at := 0
	for _, want := range order {
		i := strings.Index(page[at:], want)
		if i < 0 {
			t.Fatalf("archive lacks %q after offset %d:\n%s", want, at, page)
		}
		at += i + len(want)
	}
	for _, want := range []string{
		`<img src="chronicle/2026-11-29/thumbs/page-01.jpg" alt="The Daily Chronicle, front page of Sunday, 29 November 2026"`,
		`<li class="latest"><a class="card" href="chronicle/2026-11-29/index.html">`,
		`<time datetime="2026-11-28">Sat 28 Nov</time>`,
		`class="blank" role="img"`, // the entry without a thumbnail
		`<title>E-paper archive</title>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("archive lacks %q", want)
		}
	}
	if n := strings.Count(page, `class="latest"`); n != 2 {
		t.Errorf("%d latest cards, want one per slug", n)
	}

	// The same entries in another order give the same bytes.
	rev := make([]ArchiveEntry, len(entries))
	copy(rev, entries)
	rev[0], rev[3] = rev[3], rev[0]
	root2 := t.TempDir()
	if err := WriteArchive(root2, rev); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(readFile(t, filepath.Join(root2, IndexFile)), []byte(page)) {
		t.Error("archive depends on the order of entries within a slug")
	}
}

func TestWriteArchiveEscapes(t *testing.T) {
	root := t.TempDir()
	err := WriteArchive(root, []ArchiveEntry{{
		Slug: "x", Title: `<script>alert(1)</script>`, Date: "2026-11-29",
		Path: `javascript:alert(1)`, Thumb: `a b/"c".jpg`,
	}})
	if err != nil {
		t.Fatal(err)
	}
	page := string(readFile(t, filepath.Join(root, IndexFile)))
	if strings.Contains(page, "<script>") || strings.Contains(page, `href="javascript:`) {
		t.Errorf("archive does not escape its entries:\n%s", page)
	}
	if !strings.Contains(page, `src="a%20b/%22c%22.jpg"`) {
		t.Errorf("archive does not encode the thumbnail path:\n%s", page)
	}
	if err := WriteArchive(root, []ArchiveEntry{{Slug: "x", Date: "2026-11-29"}}); err == nil {
		t.Error("an entry without a path was accepted")
	}
}

func TestWriteArchiveEmpty(t *testing.T) {
	root := t.TempDir()
	if err := WriteArchive(root, nil); err != nil {
		t.Fatal(err)
	}
	if page := string(readFile(t, filepath.Join(root, IndexFile))); !strings.Contains(page, "No editions have been published yet.") {
		t.Errorf("empty archive:\n%s", page)
	}
}

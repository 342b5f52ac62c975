package publish

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/epaper/epaper/publish/manifest"

	"github.com/epaper/epaper/publish/viewer"
)

// UpdateArchive rewrites the archive pages of the output folder out from
// what is in it: out/index.html lists every edition built under
// out/<slug>/<date>/, the slugs side by side, and out/<slug>/index.html the
// dates of one slug. Each page is rebuilt from the folder listing, not
// patched, and replaced atomically; builds that finish at the same time
// take turns under a lock on the folder, so the last one lists them all.
// An index.html that this package did not write is left alone.
func UpdateArchive(out string) error {
	if out == "" {
		out = "."
	}
	// The lock is on the folder itself, so it leaves no file behind.
	lock, err := acquire(context.Background(), out, "")
	if err != nil {
		return err
	}
	defer release(lock)

	all, err := archiveEntries(out)
	if err != nil {
		return err
	}
	bySlug := map[string][]viewer.ArchiveEntry{}
	var slugs []string
	for _, e := range all {
		if _, ok := bySlug[e.Slug]; !ok {
			slugs = append(slugs, e.Slug)
		}
		rel := e
		rel.Path = strings.TrimPrefix(e.Path, e.Slug+"/")
		if e.Thumb != "" {
			rel.Thumb = strings.TrimPrefix(e.Thumb, e.Slug+"/")
		}
		bySlug[e.Slug] = append(bySlug[e.Slug], rel)
	}
	var errs []error
	for _, slug := range slugs {
		errs = append(errs, writeArchive(filepath.Join(out, slug), bySlug[slug]))
	}
	errs = append(errs, writeArchive(out, all))
	return errors.Join(errs...)
}

// writeArchive writes root/index.html unless someone else's page is there.
// Under the lock, temporary files of earlier writes are leftovers of killed
// builds and are removed first.
func writeArchive(root string, entries []viewer.ArchiveEntry) error {
	if tmps, err := filepath.Glob(filepath.Join(root, "."+viewer.IndexFile+".*.tmp")); err == nil {
		for _, t := range tmps {
			os.Remove(t)
		}
	}
	index := filepath.Join(root, viewer.IndexFile)
	if mine, err := ownIndex(index); err != nil {
		return err
	} else if !mine {
		return fmt.Errorf("%s was not written by epaper: left as it is", index)
	}
	return viewer.WriteArchive(root, entries)
}

// ownIndex tells whether index is missing or an archive page of ours.
func ownIndex(index string) (bool, error) {
	f, err := os.Open(index)
	if errors.Is(err, fs.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	defer f.Close()
	head := make([]byte, 2048)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return false, err
	}
	return bytes.Contains(head[:n], []byte(viewer.GeneratorTag)), nil
}

// archiveEntries lists the editions under out: every out/<slug>/<date>/
// holding a manifest.json, slugs in name order. Folders whose names start
// with a dot (editions being written, moved aside, locks) are not editions.
// Paths are relative to out, with slashes.
func archiveEntries(out string) ([]viewer.ArchiveEntry, error) {
	slugs, err := os.ReadDir(out)
	if err != nil {
		return nil, err
	}
	var all []viewer.ArchiveEntry
	for _, s := range slugs {
		if !s.IsDir() || strings.HasPrefix(s.Name(), ".") {
			continue
		}
		dates, err := os.ReadDir(filepath.Join(out, s.Name()))
		if err != nil {
			return nil, err
		}
		var es []viewer.ArchiveEntry
		for _, d := range dates {
			if !d.IsDir() || !isDate(d.Name()) {
				continue
			}
			dir := filepath.Join(out, s.Name(), d.Name())
			info, first, err := manifestHead(filepath.Join(dir, "manifest.json"))
			if err != nil {
				continue // not an edition folder
			}
			rel := s.Name() + "/" + d.Name() + "/"
			e := viewer.ArchiveEntry{Slug: s.Name(), Title: info.Title, Date: d.Name(), Path: rel + viewer.IndexFile}
			if !exists(filepath.Join(dir, viewer.IndexFile)) {
				// a print run has no viewer: link the PDF
				if info.PDF == "" || !exists(filepath.Join(dir, filepath.FromSlash(info.PDF))) {
					continue
				}
				e.Path = rel + info.PDF
			}
			if first.Thumbnail != "" && exists(filepath.Join(dir, filepath.FromSlash(first.Thumbnail))) {
				e.Thumb = rel + first.Thumbnail
			}
			es = append(es, e)
		}
		if len(es) == 0 {
			continue
		}
		// One title per slug, the newest edition's.
		newest := es[0]
		for _, e := range es {
			if e.Date > newest.Date {
				newest = e
			}
		}
		for i := range es {
			es[i].Title = newest.Title
		}
		all = append(all, es...)
	}
	// City editions of one paper share its title: name them by slug too.
	slugsOf := map[string]map[string]bool{}
	for _, e := range all {
		if slugsOf[e.Title] == nil {
			slugsOf[e.Title] = map[string]bool{}
		}
		slugsOf[e.Title][e.Slug] = true
	}
	for i, e := range all {
		if e.Title == "" {
			all[i].Title = e.Slug
		} else if len(slugsOf[e.Title]) > 1 {
			all[i].Title = e.Title + " (" + e.Slug + ")"
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Slug < all[j].Slug })
	return all, nil
}

func isDate(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// manifestHead reads the edition and the first page of a manifest.json
// without decoding the articles, which are most of its bytes.
func manifestHead(name string) (manifest.EditionInfo, manifest.PageInfo, error) {
	var info manifest.EditionInfo
	var first manifest.PageInfo
	f, err := os.Open(name)
	if err != nil {
		return info, first, err
	}
	defer f.Close()
	dec := json.NewDecoder(bufio.NewReader(f))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return info, first, fmt.Errorf("%s: not a manifest", name)
	}
	haveInfo, havePage := false, false
	for dec.More() && !(haveInfo && havePage) {
		t, err := dec.Token()
		if err != nil {
			return info, first, fmt.Errorf("%s: %w", name, err)
		}
		switch t {
		case "edition":
			if err := dec.Decode(&info); err != nil {
				return info, first, fmt.Errorf("%s: %w", name, err)
			}
			haveInfo = true
		case "pages":
			if t, err := dec.Token(); err != nil || t != json.Delim('[') {
				return info, first, fmt.Errorf("%s: pages is not a list", name)
			}
			if dec.More() {
				if err := dec.Decode(&first); err != nil {
					return info, first, fmt.Errorf("%s: %w", name, err)
				}
			}
			havePage = true
			if haveInfo {
				return info, first, nil
			}
			for dec.More() {
				var skip json.RawMessage
				if err := dec.Decode(&skip); err != nil {
					return info, first, fmt.Errorf("%s: %w", name, err)
				}
			}
			if _, err := dec.Token(); err != nil {
				return info, first, fmt.Errorf("%s: %w", name, err)
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return info, first, fmt.Errorf("%s: %w", name, err)
			}
		}
	}
	if !haveInfo || info.Date == "" && info.Slug == "" {
		return info, first, fmt.Errorf("%s: no edition", name)
	}
	return info, first, nil
}

package pipeline

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/epaper/epaper/layout/makeup"
	"github.com/epaper/epaper/publish"
)

// snapshotFile is where an edition folder keeps its made-up pages, for a
// rebuild that locks some of them.
const snapshotFile = "edition.layout"

// previousFolder is the edition folder last published for this edition
// and date ("" when there is none).
func previousFolder(cfg Config) string {
	dir := filepath.Join(cfg.Out, cfg.Edition.Slug, cfg.Date)
	if _, err := os.Stat(filepath.Join(dir, "report.json")); err != nil {
		return ""
	}
	return dir
}

// lockedPages reads, from the edition last published for this edition and
// date, the pages the desk locked.
func lockedPages(cfg Config) (map[int]*makeup.LockedPage, error) {
	if cfg.Plan == nil || len(cfg.Plan.Lock) == 0 {
		return nil, nil
	}
	dir := filepath.Join(cfg.Out, cfg.Edition.Slug, cfg.Date)
	data, err := os.ReadFile(filepath.Join(dir, snapshotFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("pages %v cannot be locked: no edition of %s for %s has been published in %s", cfg.Plan.Lock, cfg.Edition.Slug, cfg.Date, cfg.Out)
	}
	if err != nil {
		return nil, err
	}
	snap, err := makeup.DecodeSnapshot(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, snapshotFile), err)
	}
	out := map[int]*makeup.LockedPage{}
	for _, n := range cfg.Plan.Lock {
		if n > len(snap.Pages) {
			return nil, fmt.Errorf("page %d cannot be locked: the edition last published had %d pages", n, len(snap.Pages))
		}
		out[n] = &snap.Pages[n-1]
	}
	return out, nil
}

// writeSnapshot keeps the made-up pages in the edition folder.
func writeSnapshot(cfg Config, snap *makeup.Snapshot, digests [][32]byte, folder *publish.Folder) error {
	var buf bytes.Buffer
	page := snap.EncodePage
	if digests != nil {
		// a page's bytes are kept, and taken from the last build or
		// another edition of the run, by its drawing and the rest it holds
		page = func(i int) ([]byte, error) {
			rest, err := snap.PageKey(i)
			if err != nil {
				return nil, err
			}
			d, found, keep := reuse(cfg, key("snapshot page", digests[i], sha256.Sum256(rest)))
			if found {
				return d.a, nil
			}
			d, err = drawOnce(keep, func() (drawn, error) {
				b, err := snap.EncodePage(i)
				return drawn{a: b}, err
			})
			return d.a, err
		}
	}
	if err := snap.EncodeWith(&buf, page); err != nil {
		return err
	}
	return folder.WriteFile(snapshotFile, buf.Bytes())
}

// copyLocked copies a locked page's file from the edition last published,
// so that the page is byte for byte what the desk signed off.
func copyLocked(prev string, name string, folder *publish.Folder) error {
	data, err := os.ReadFile(filepath.Join(prev, filepath.FromSlash(name)))
	if err != nil {
		return fmt.Errorf("locked page: %w", err)
	}
	return folder.WriteFile(name, data)
}

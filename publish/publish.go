// Package publish writes the edition folder. The folder is built beside its
// final place and renamed into it only when complete, so the website never
// sees half an edition: a failed or killed build leaves the previous one as
// it was.
package publish

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/epaper/epaper/internal/work"
)

// Folder is an edition folder being written: files go into a temporary
// folder beside the target until Commit renames it into place.
type Folder struct {
	Target string // <out>/<slug>/<date>
	tmp    string
	lock   *os.File
}

// Begin starts writing the edition folder target. It takes the edition's
// lock (a second build of the same edition and date waits for the first)
// and clears what killed builds left behind.
func Begin(target string) (*Folder, error) {
	return BeginContext(context.Background(), target)
}

// BeginContext is Begin whose wait for the edition's lock ends when ctx
// does: a scheduler stopping the job does not wait out another build.
func BeginContext(ctx context.Context, target string) (*Folder, error) {
	parent := filepath.Dir(target)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	lock, err := acquire(ctx, filepath.Join(parent, "."+filepath.Base(target)+".lock"), "waiting for another build of this edition to finish")
	if err != nil {
		return nil, err
	}
	base := filepath.Base(target)
	// leftovers of earlier builds of this folder that were killed
	if ents, err := os.ReadDir(parent); err == nil {
		restoreMovedAside(target, ents)
		for _, e := range ents {
			n := e.Name()
			if strings.HasPrefix(n, "."+base+".tmp-") || strings.HasPrefix(n, "."+base+".old-") {
				os.RemoveAll(filepath.Join(parent, n))
			}
		}
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-")
	if err != nil {
		release(lock)
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		release(lock)
		return nil, err
	}
	return &Folder{Target: target, tmp: tmp, lock: lock}, nil
}

// restoreMovedAside puts the previous edition back in place when a build was
// killed between the two renames of Commit: the target is missing, and the
// previous edition sits in ".<date>.old-X" next to the new build's
// ".<date>.tmp-X". The pair proves the interruption (the second rename
// removes the tmp folder), so an "old" folder alone, which may be half
// deleted, is never brought back.
func restoreMovedAside(target string, ents []os.DirEntry) {
	if _, err := os.Lstat(target); !errors.Is(err, fs.ErrNotExist) {
		return
	}
	parent, base := filepath.Dir(target), filepath.Base(target)
	names := map[string]bool{}
	for _, e := range ents {
		names[e.Name()] = true
	}
	for _, e := range ents {
		suffix, ok := strings.CutPrefix(e.Name(), "."+base+".old-")
		if ok && names["."+base+".tmp-"+suffix] {
			if os.Rename(filepath.Join(parent, e.Name()), target) == nil {
				syncDir(parent)
			}
			return
		}
	}
}

// Path returns where a file of the folder is being written.
func (f *Folder) Path(name string) string { return filepath.Join(f.tmp, filepath.FromSlash(name)) }

// Dir returns the temporary folder being written.
func (f *Folder) Dir() string { return f.tmp }

// WriteFile writes one file of the folder.
func (f *Folder) WriteFile(name string, data []byte) error {
	p := f.Path(name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// WriteJSON writes v as indented JSON.
func (f *Folder) WriteJSON(name string, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	return f.WriteFile(name, buf.Bytes())
}

// Commit syncs the folder and puts it in place of the previous build.
func (f *Folder) Commit() error {
	defer release(f.lock)
	if err := syncTree(f.tmp); err != nil {
		return err
	}
	old := ""
	if _, err := os.Stat(f.Target); err == nil {
		base := filepath.Base(f.Target)
		old = filepath.Join(filepath.Dir(f.Target), "."+base+".old-"+strings.TrimPrefix(filepath.Base(f.tmp), "."+base+".tmp-"))
		if err := os.Rename(f.Target, old); err != nil {
			return fmt.Errorf("move previous edition aside: %w", err)
		}
	}
	if err := os.Rename(f.tmp, f.Target); err != nil {
		if old != "" {
			os.Rename(old, f.Target)
		}
		return fmt.Errorf("publish: %w", err)
	}
	syncDir(filepath.Dir(f.Target))
	if old != "" {
		os.RemoveAll(old)
	}
	return nil
}

// Abort removes the unfinished folder; the previous edition stays.
func (f *Folder) Abort() {
	os.RemoveAll(f.tmp)
	release(f.lock)
}

// syncTree syncs every file of dir to disk, then its folders, deepest
// first. The files are synced several at once: the file system commits
// their journal entries together, which takes a fraction of the time of
// one sync after another.
func syncTree(dir string) error {
	var files, dirs []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			dirs = append(dirs, p)
		} else {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(files)
	if err := work.Each(context.Background(), syncers, len(files), func(_, i int) error {
		return syncPath(files[i])
	}); err != nil {
		return err
	}
	sort.Sort(sort.Reverse(sort.StringSlice(dirs)))
	for _, p := range dirs {
		if err := syncPath(p); err != nil {
			return err
		}
	}
	return nil
}

// syncers is how many files are synced at once.
const syncers = 16

func syncPath(p string) error {
	fh, err := os.Open(p)
	if err != nil {
		return err
	}
	err = fh.Sync()
	fh.Close()
	if err != nil {
		return fmt.Errorf("sync %s: %w", p, err)
	}
	return nil
}

func syncDir(dir string) {
	if fh, err := os.Open(dir); err == nil {
		fh.Sync()
		fh.Close()
	}
}

// Package watch tells when the files of an edition change, by polling
// their sizes and modification times: no dependency, the same on every
// system, and cheap for a desk's folder of stories (the poll interval
// grows with the time a poll takes, so a large folder costs no more than a
// few per cent of a core). epaper serve --watch rebuilds the edition when
// it reports a change.
//
// Take lists the files under some roots, Diff compares two lists, and
// Debouncer turns the changes seen by successive polls into rebuilds: a
// burst of saves is one rebuild, and a save during a rebuild is one more
// rebuild after it. Debouncer is driven by the times it is given, so tests
// decide what happens when.
package watch

import (
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Stamp is what a poll sees of a file.
type Stamp struct {
	Size    int64
	ModTime time.Time
	Mode    fs.FileMode
}

// Snapshot is the files under the roots a poll looked at, by path.
type Snapshot map[string]Stamp

// Take lists the files under roots: a root that is a file is itself, a
// folder is every file under it, and a root that does not exist lists
// nothing (so its appearance is a change). Names starting with a dot are
// passed over, as gathering passes them over (an editor's swap and backup
// files among them), and so is everything under skip (the output folder,
// should it be inside the stories). Symbolic links are not followed.
func Take(roots []string, skip ...string) Snapshot {
	s := Snapshot{}
	skipped := func(p string) bool {
		for _, k := range skip {
			if k != "" && (p == k || strings.HasPrefix(p, k+string(filepath.Separator))) {
				return true
			}
		}
		return false
	}
	for _, root := range roots {
		root = filepath.Clean(root)
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				// a folder that cannot be read is passed over; the build
				// will say what is wrong with it
				if d != nil && d.IsDir() && p != root {
					return fs.SkipDir
				}
				return nil
			}
			if p != root && strings.HasPrefix(d.Name(), ".") || skipped(p) {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			fi, err := d.Info()
			if err != nil {
				return nil // removed since the folder was read
			}
			s[p] = Stamp{Size: fi.Size(), ModTime: fi.ModTime(), Mode: fi.Mode()}
			return nil
		})
	}
	return s
}

// Diff returns the paths added, removed or changed from a to b, sorted.
func Diff(a, b Snapshot) []string {
	var out []string
	for p, sb := range b {
		if sa, ok := a[p]; !ok || sa.Size != sb.Size || !sa.ModTime.Equal(sb.ModTime) || sa.Mode != sb.Mode {
			out = append(out, p)
		}
	}
	for p := range a {
		if _, ok := b[p]; !ok {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// Debouncer decides when to rebuild from the changes successive polls see:
// once the files have been still for Quiet since the last change seen.
// Polls are not taken while a rebuild runs; the first poll after it sees
// what was saved meanwhile, and so that is one more rebuild.
type Debouncer struct {
	// Quiet is how long after the last change seen the rebuild starts; a
	// poll that sees no change is needed in any case, so a burst of saves
	// that spans two polls is still one rebuild.
	Quiet time.Duration

	pending map[string]bool
	last    time.Time
}

// Poll records the changes one poll saw at now and tells whether to
// rebuild now, with the paths changed since the last rebuild.
func (d *Debouncer) Poll(now time.Time, changed []string) (rebuild bool, paths []string) {
	if len(changed) > 0 {
		if d.pending == nil {
			d.pending = map[string]bool{}
		}
		for _, p := range changed {
			d.pending[p] = true
		}
		d.last = now
		return false, nil
	}
	if len(d.pending) == 0 || now.Sub(d.last) < d.Quiet {
		return false, nil
	}
	for p := range d.pending {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	d.pending = nil
	return true, paths
}

// Interval returns how long to wait between polls when one takes took:
// at least least, and twenty times the poll, so that polling a large
// folder costs at most a twentieth of a core.
func Interval(least, took time.Duration) time.Duration {
	return max(least, 20*took)
}

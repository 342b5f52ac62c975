// Package diskcache keeps records on disk by key within a size limit: the
// pictures a night's builds prepared, for the city editions built after
// the first and for the rebuilds after late news, in this process or the
// next. A record is written beside its place and renamed into it, so a
// reader sees the whole of it or nothing, and carries the SHA-256 of its
// bytes, so a damaged one is never handed out. When the records outgrow
// the limit, those used longest ago are removed (use sets a record's
// modification time).
//
// Several processes may share a folder: each counts what it writes, and
// the count is read from the folder again when it seems over the limit.
package diskcache

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// Cache is a folder of records. Its methods may be called from several
// goroutines.
type Cache struct {
	dir   string
	limit int64

	mu   sync.Mutex
	size int64 // bytes of records, as last counted and since written
	now  func() time.Time
}

// magic starts every record, before the SHA-256 of its data.
const magic = "epaper-cache-1\n"

// Open opens (and makes) the folder dir as a cache of at most limit bytes
// (at least 1 MB) and counts what it holds.
func Open(dir string, limit int64) (*Cache, error) {
	if dir == "" {
		return nil, errors.New("diskcache: no folder")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	c := &Cache{dir: dir, limit: max(limit, 1<<20), now: time.Now}
	// a record can be written, or the folder is of no use
	probe, err := os.CreateTemp(dir, ".probe-*")
	if err != nil {
		return nil, err
	}
	probe.Close()
	os.Remove(probe.Name())
	c.size, _ = c.count()
	if c.size > c.limit {
		c.trim()
	}
	return c, nil
}

// Dir is the cache's folder.
func (c *Cache) Dir() string { return c.dir }

// path is where a key's record lives: a folder per first byte, so that
// no folder holds too many files.
func (c *Cache) path(key [32]byte) string {
	h := hex.EncodeToString(key[:])
	return filepath.Join(c.dir, h[:2], h[2:])
}

// Get returns the data stored under key, and marks it used.
func (c *Cache) Get(key [32]byte) ([]byte, bool) {
	p := c.path(key)
	b, err := os.ReadFile(p)
	if err != nil || len(b) < len(magic)+sha256.Size || !bytes.HasPrefix(b, []byte(magic)) {
		return nil, false
	}
	sum, data := b[len(magic):len(magic)+sha256.Size], b[len(magic)+sha256.Size:]
	if got := sha256.Sum256(data); !bytes.Equal(got[:], sum) {
		os.Remove(p) // damaged: made again by whoever needs it
		return nil, false
	}
	t := c.now()
	os.Chtimes(p, t, t)
	return data, true
}

// Put stores data under key, replacing what was there. A record that
// cannot be written is dropped: the cache only saves work.
func (c *Cache) Put(key [32]byte, data []byte) {
	p := c.path(key)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return
	}
	sum := sha256.Sum256(data)
	_, err = f.Write([]byte(magic))
	if err == nil {
		_, err = f.Write(sum[:])
	}
	if err == nil {
		_, err = f.Write(data)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), p)
	}
	if err != nil {
		os.Remove(f.Name())
		return
	}
	c.mu.Lock()
	c.size += int64(len(magic) + len(sum) + len(data))
	over := c.size > c.limit
	c.mu.Unlock()
	if over {
		c.trim()
	}
}

// entry is a record file found in the folder.
type entry struct {
	path string
	size int64
	used time.Time
}

// list returns the records in the folder.
func (c *Cache) list() ([]entry, error) {
	var out []entry
	err := filepath.WalkDir(c.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == c.dir {
				return err
			}
			return nil // a folder removed while walking
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		out = append(out, entry{p, info.Size(), info.ModTime()})
		return nil
	})
	return out, err
}

// count returns the bytes of the records in the folder.
func (c *Cache) count() (int64, error) {
	es, err := c.list()
	var n int64
	for _, e := range es {
		n += e.size
	}
	return n, err
}

// trim counts the folder again and, when it is over the limit, removes
// the records used longest ago until it holds three quarters of it: room
// for a night's work before the next trim.
func (c *Cache) trim() {
	c.mu.Lock()
	defer c.mu.Unlock()
	es, err := c.list()
	if err != nil {
		return
	}
	var n int64
	for _, e := range es {
		n += e.size
	}
	c.size = n
	if n <= c.limit {
		return
	}
	sort.Slice(es, func(i, j int) bool {
		if !es[i].used.Equal(es[j].used) {
			return es[i].used.Before(es[j].used)
		}
		return es[i].path < es[j].path
	})
	for _, e := range es {
		if c.size <= c.limit*3/4 {
			break
		}
		if os.Remove(e.path) == nil {
			c.size -= e.size
		}
	}
}

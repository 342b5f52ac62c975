package diskcache

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func key(s string) [32]byte { return sha256.Sum256([]byte(s)) }

func TestPutGet(t *testing.T) {
	c, err := Open(t.TempDir(), 10<<20)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Get(key("a")); ok {
		t.Fatal("an empty cache has a record")
	}
	c.Put(key("a"), []byte("alpha"))
	c.Put(key("b"), nil)
	if b, ok := c.Get(key("a")); !ok || string(b) != "alpha" {
		t.Fatalf("got %q %v", b, ok)
	}
	if b, ok := c.Get(key("b")); !ok || len(b) != 0 {
		t.Fatalf("empty record: got %q %v", b, ok)
	}
	c.Put(key("a"), []byte("alpha two"))
	if b, _ := c.Get(key("a")); string(b) != "alpha two" {
		t.Fatalf("replaced record reads %q", b)
	}
	// another Cache on the folder (another process) reads it
	d, err := Open(c.Dir(), 10<<20)
	if err != nil {
		t.Fatal(err)
	}
	if b, ok := d.Get(key("a")); !ok || string(b) != "alpha two" {
		t.Fatalf("a second opening reads %q %v", b, ok)
	}
}

// A record damaged on disk is not handed out, and is removed.
func TestDamagedRecord(t *testing.T) {
	c, err := Open(t.TempDir(), 10<<20)
	if err != nil {
		t.Fatal(err)
	}
	c.Put(key("a"), bytes.Repeat([]byte("x"), 1000))
	p := c.path(key("a"))
	b, _ := os.ReadFile(p)
	b[len(b)-10] ^= 1
	os.WriteFile(p, b, 0o644)
	if _, ok := c.Get(key("a")); ok {
		t.Fatal("a damaged record was handed out")
	}
	if _, err := os.Stat(p); !os.IsNotExist(err) {
		t.Error("the damaged record is still there")
	}
	os.WriteFile(p, []byte("short"), 0o644)
	if _, ok := c.Get(key("a")); ok {
		t.Fatal("a short record was handed out")
	}
}

// Over its limit the cache removes the records used longest ago, down to
// three quarters of it; one used since stays.
func TestLimitKeepsRecentlyUsed(t *testing.T) {
	dir := t.TempDir()
	c, err := Open(dir, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2026, 12, 4, 1, 0, 0, 0, time.UTC)
	c.now = func() time.Time { clock = clock.Add(time.Minute); return clock }
	rec := bytes.Repeat([]byte("p"), 100<<10)
	for i := range 9 {
		c.Put(key(fmt.Sprint(i)), rec)
		t0 := c.now()
		os.Chtimes(c.path(key(fmt.Sprint(i))), t0, t0)
	}
	if _, ok := c.Get(key("0")); !ok { // the oldest, used now
		t.Fatal("record 0 missing before the limit")
	}
	for i := 9; i < 12; i++ {
		c.Put(key(fmt.Sprint(i)), rec)
		t0 := c.now()
		os.Chtimes(c.path(key(fmt.Sprint(i))), t0, t0)
	}
	n, _ := c.count()
	if n > 1<<20 {
		t.Errorf("%d bytes held, over the limit", n)
	}
	if _, ok := c.Get(key("0")); !ok {
		t.Error("the record used last of the old ones was removed")
	}
	if _, ok := c.Get(key("1")); ok {
		t.Error("the record used longest ago is still there")
	}
	if _, ok := c.Get(key("11")); !ok {
		t.Error("the newest record was removed")
	}
	// nothing but records and their folders
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if !d.IsDir() && filepath.Base(p)[0] == '.' {
			t.Errorf("left behind: %s", p)
		}
		return nil
	})
}

func TestOpenFails(t *testing.T) {
	if _, err := Open("", 1<<20); err == nil {
		t.Error("no folder opened")
	}
	f := filepath.Join(t.TempDir(), "file")
	os.WriteFile(f, nil, 0o644)
	if _, err := Open(filepath.Join(f, "sub"), 1<<20); err == nil {
		t.Error("a folder under a file opened")
	}
}

// BenchmarkGet reads a 300 KB record (a prepared picture) back.
func BenchmarkGet(b *testing.B) {
	c, err := Open(b.TempDir(), 64<<20)
	if err != nil {
		b.Fatal(err)
	}
	c.Put(key("p"), bytes.Repeat([]byte("picture "), 300<<10/8))
	for b.Loop() {
		if _, ok := c.Get(key("p")); !ok {
			b.Fatal("no record")
		}
	}
}

package watch

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func write(t *testing.T, p, s string, mod time.Time) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	// a time of the test's choosing: two writes within one tick of the
	// file system's clock would otherwise look alike
	if err := os.Chtimes(p, mod, mod); err != nil {
		t.Fatal(err)
	}
}

func TestTakeAndDiff(t *testing.T) {
	dir := t.TempDir()
	t0 := time.Date(2026, 11, 29, 1, 0, 0, 0, time.UTC)
	stories, out := filepath.Join(dir, "stories"), filepath.Join(dir, "stories", "out")
	ed := filepath.Join(dir, "edition.yaml")
	plan := filepath.Join(dir, "plan.yaml") // not there yet
	write(t, ed, "title: x\n", t0)
	write(t, filepath.Join(stories, "a.md"), "a", t0)
	write(t, filepath.Join(stories, "desk", "b.md"), "b", t0)
	write(t, filepath.Join(stories, ".a.md.swp"), "swap", t0)
	write(t, filepath.Join(stories, ".git", "HEAD"), "x", t0)
	write(t, filepath.Join(out, "chronicle", "index.html"), "x", t0)
	roots := []string{ed, stories, plan}
	s0 := Take(roots, out)
	var got []string
	for p := range s0 {
		got = append(got, p)
	}
	slices.Sort(got)
	want := []string{ed, filepath.Join(stories, "a.md"), filepath.Join(stories, "desk", "b.md")}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("Take lists %q, want %q (no hidden files, nothing of the output)", got, want)
	}
	if d := Diff(s0, Take(roots, out)); len(d) != 0 {
		t.Errorf("nothing changed, Diff says %q", d)
	}

	t1 := t0.Add(time.Second)
	write(t, filepath.Join(stories, "a.md"), "b", t1)                // same size, later
	write(t, filepath.Join(stories, "desk", "b.md"), "bb", t0)       // same time, longer
	write(t, filepath.Join(stories, ".a.md.swp"), "swap2", t1)       // hidden
	write(t, filepath.Join(out, "chronicle", "index.html"), "y", t1) // output
	write(t, plan, "stories: {}\n", t1)                              // appears
	os.Remove(ed)                                                    // goes
	write(t, filepath.Join(stories, "desk", "new", "c.md"), "c", t1) // in a new folder
	d := Diff(s0, Take(roots, out))
	want = []string{ed, plan, filepath.Join(stories, "a.md"), filepath.Join(stories, "desk", "b.md"), filepath.Join(stories, "desk", "new", "c.md")}
	slices.Sort(want)
	if !slices.Equal(d, want) {
		t.Errorf("Diff = %q, want %q", d, want)
	}
}

func TestDebouncer(t *testing.T) {
	t0 := time.Date(2026, 11, 29, 1, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	d := &Debouncer{Quiet: 100 * time.Millisecond}
	if ok, _ := d.Poll(at(0), nil); ok {
		t.Fatal("a rebuild with nothing changed")
	}
	// a burst of saves over three polls
	for i, ms := range []int{50, 100, 150} {
		if ok, _ := d.Poll(at(ms), []string{"a.md", []string{"b.md", "c.md", "a.md"}[i]}); ok {
			t.Fatalf("a rebuild at %d ms, while files still change", ms)
		}
	}
	if ok, _ := d.Poll(at(200), nil); ok {
		t.Fatal("a rebuild 50 ms after the last change: Quiet is 100 ms")
	}
	ok, paths := d.Poll(at(250), nil)
	if !ok || !slices.Equal(paths, []string{"a.md", "b.md", "c.md"}) {
		t.Fatalf("after the burst: rebuild %v with %q, want one rebuild for a.md, b.md, c.md", ok, paths)
	}
	if ok, _ := d.Poll(at(300), nil); ok {
		t.Fatal("a second rebuild for the same burst")
	}
	// The rebuild takes until 2 s; a.md was saved meanwhile: the first
	// poll after it sees that, and one more rebuild follows.
	if ok, _ := d.Poll(at(2000), []string{"a.md"}); ok {
		t.Fatal("rebuilt at once on a change seen after a rebuild")
	}
	if ok, paths := d.Poll(at(2100), nil); !ok || !slices.Equal(paths, []string{"a.md"}) {
		t.Fatalf("the change during the rebuild: rebuild %v with %q", ok, paths)
	}
	// With no quiet time, the first still poll rebuilds.
	d = &Debouncer{}
	d.Poll(at(0), []string{"a.md"})
	if ok, _ := d.Poll(at(0), nil); !ok {
		t.Error("Quiet 0: no rebuild on the first still poll")
	}
}

func TestInterval(t *testing.T) {
	if got := Interval(50*time.Millisecond, time.Millisecond); got != 50*time.Millisecond {
		t.Errorf("a quick poll: %v", got)
	}
	if got := Interval(50*time.Millisecond, 10*time.Millisecond); got != 200*time.Millisecond {
		t.Errorf("a 10 ms poll: %v, want 200 ms", got)
	}
}

package publish

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// holdEnv names the variable that turns the test binary into a build that
// takes an edition's lock, writes half its files and waits to be killed.
const holdEnv = "PUBLISH_TEST_HOLD_LOCK"

func TestMain(m *testing.M) {
	if target := os.Getenv(holdEnv); target != "" {
		f, err := Begin(target)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		for i := range 20 {
			f.WriteFile(fmt.Sprintf("pages/page-%02d.pdf", i), []byte("half a build"))
		}
		fmt.Println("locked", f.Dir())
		time.Sleep(time.Hour)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// writeBuild writes the files of one build: a marker naming the build and
// n page files whose content names the build too.
func writeBuild(t *testing.T, f *Folder, name string, n int) {
	t.Helper()
	if err := f.WriteFile("marker.txt", []byte(name)); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if err := f.WriteFile(fmt.Sprintf("pages/page-%03d.txt", i), []byte(fmt.Sprintf("%s page %d", name, i))); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.WriteFile("only-"+name+"/x.txt", []byte(name)); err != nil {
		t.Fatal(err)
	}
}

// tree reads every file under dir, by slash path relative to dir.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// checkBuild fails unless dir holds exactly the files writeBuild(name, n)
// writes: nothing missing, nothing from another build.
func checkBuild(t *testing.T, dir, name string, n int) {
	t.Helper()
	files := tree(t, dir)
	want := map[string]string{"marker.txt": name, "only-" + name + "/x.txt": name}
	for i := range n {
		want[fmt.Sprintf("pages/page-%03d.txt", i)] = fmt.Sprintf("%s page %d", name, i)
	}
	bad := 0
	for p, b := range files {
		if w, ok := want[p]; !ok || w != b {
			if bad++; bad <= 5 {
				t.Errorf("%s: %s holds %q, want build %s", dir, p, b, name)
			}
		}
	}
	for p := range want {
		if _, ok := files[p]; !ok {
			if bad++; bad <= 5 {
				t.Errorf("%s: %s of build %s is missing", dir, p, name)
			}
		}
	}
	if bad > 5 {
		t.Errorf("%s: %d wrong files in all", dir, bad)
	}
}

// siblings lists the names beside target other than target and its lock.
func siblings(t *testing.T, target string) []string {
	t.Helper()
	ents, err := os.ReadDir(filepath.Dir(target))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if n := e.Name(); n != filepath.Base(target) && n != "."+filepath.Base(target)+".lock" {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

func newTarget(t *testing.T) string {
	return filepath.Join(t.TempDir(), "chronicle", "2020-02-14")
}

// begin calls Begin and fails the test if it does not return within d.
func begin(t *testing.T, target string, d time.Duration) *Folder {
	t.Helper()
	type res struct {
		f   *Folder
		err error
	}
	ch := make(chan res, 1)
	go func() {
		f, err := Begin(target)
		ch <- res{f, err}
	}()
	select {
	case r := <-ch:
		if r.err != nil {
			t.Fatal(r.err)
		}
		return r.f
	case <-time.After(d):
		t.Fatalf("Begin(%s) still waiting after %v", target, d)
	}
	return nil
}

func TestTargetAppearsOnlyOnCommit(t *testing.T) {
	target := newTarget(t)
	f := begin(t, target, 5*time.Second)
	writeBuild(t, f, "A", 30)
	if _, err := os.Stat(target); !os.IsNotExist(err) {
		t.Fatalf("target exists before Commit: %v", err)
	}
	if d := f.Dir(); filepath.Dir(d) != filepath.Dir(target) || !strings.HasPrefix(filepath.Base(d), ".") {
		t.Errorf("files are written in %s, want a hidden folder beside %s", d, target)
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	checkBuild(t, target, "A", 30)
	if s := siblings(t, target); len(s) > 0 {
		t.Errorf("left beside the edition: %v", s)
	}
	fi, err := os.Stat(target)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o755 {
		t.Errorf("edition folder mode %v, want 0755 (the web server reads it)", fi.Mode().Perm())
	}
}

func TestCommitReplacesThePreviousEditionWhole(t *testing.T) {
	target := newTarget(t)
	a := begin(t, target, 5*time.Second)
	writeBuild(t, a, "A", 40)
	if err := a.Commit(); err != nil {
		t.Fatal(err)
	}
	b := begin(t, target, 5*time.Second)
	writeBuild(t, b, "B", 25)
	checkBuild(t, target, "A", 40) // the previous edition is served while B is written
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	checkBuild(t, target, "B", 25) // no page or folder of A is left over
	if s := siblings(t, target); len(s) > 0 {
		t.Errorf("left beside the edition: %v", s)
	}
}

func TestAbortLeavesThePreviousEdition(t *testing.T) {
	target := newTarget(t)
	a := begin(t, target, 5*time.Second)
	writeBuild(t, a, "A", 10)
	if err := a.Commit(); err != nil {
		t.Fatal(err)
	}
	b := begin(t, target, 5*time.Second)
	writeBuild(t, b, "B", 12)
	b.Abort()
	checkBuild(t, target, "A", 10)
	if s := siblings(t, target); len(s) > 0 {
		t.Errorf("Abort left %v", s)
	}
	// Abort released the lock: the next build starts at once.
	c := begin(t, target, 2*time.Second)
	c.Abort()

	// Abort of a first build leaves no edition and nothing beside it.
	first := newTarget(t)
	d := begin(t, first, 5*time.Second)
	writeBuild(t, d, "D", 3)
	d.Abort()
	if _, err := os.Stat(first); !os.IsNotExist(err) {
		t.Errorf("aborted first build published: %v", err)
	}
	if s := siblings(t, first); len(s) > 0 {
		t.Errorf("Abort left %v", s)
	}
}

// mkdirWith makes dir holding one file.
func mkdirWith(t *testing.T, dir, file, content string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, file), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBeginRemovesLeftoversOfKilledBuilds(t *testing.T) {
	target := newTarget(t)
	a := begin(t, target, 5*time.Second)
	writeBuild(t, a, "A", 5)
	if err := a.Commit(); err != nil {
		t.Fatal(err)
	}
	parent := filepath.Dir(target)
	// what killed builds of this edition leave: an unfinished folder, and a
	// previous edition whose removal was cut short
	mkdirWith(t, filepath.Join(parent, ".2020-02-14.tmp-111", "pages"), "page-01.pdf", "half")
	mkdirWith(t, filepath.Join(parent, ".2020-02-14.old-222"), "marker.txt", "older")
	// other days' folders, published or being written, are not this build's to touch
	mkdirWith(t, filepath.Join(parent, ".2020-02-15.tmp-333"), "marker.txt", "tomorrow, being written")
	mkdirWith(t, filepath.Join(parent, "2020-02-13"), "marker.txt", "yesterday")
	mkdirWith(t, filepath.Join(parent, "2020-02-14.tmp-444"), "marker.txt", "not hidden: not a leftover")

	b := begin(t, target, 5*time.Second)
	checkBuild(t, target, "A", 5)
	got := siblings(t, target)
	want := []string{".2020-02-15.tmp-333", "2020-02-13", "2020-02-14.tmp-444", filepath.Base(b.Dir())}
	sort.Strings(want)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("beside the edition after Begin: %v, want %v", got, want)
	}
	b.Abort()
}

// A build killed between Commit's two renames has moved the previous edition
// aside and not yet put the new one in place; the next Begin puts the
// previous edition back, so the website is without it only until then.
func TestBeginRestoresAnEditionMovedAsideByAKilledCommit(t *testing.T) {
	target := newTarget(t)
	parent := filepath.Dir(target)
	mkdirWith(t, filepath.Join(parent, ".2020-02-14.old-555"), "marker.txt", "previous")
	mkdirWith(t, filepath.Join(parent, ".2020-02-14.tmp-555"), "marker.txt", "new, complete")
	f := begin(t, target, 5*time.Second)
	if got := tree(t, target); got["marker.txt"] != "previous" || len(got) != 1 {
		t.Errorf("after Begin the edition holds %v, want the previous edition", got)
	}
	if s := siblings(t, target); len(s) != 1 || s[0] != filepath.Base(f.Dir()) {
		t.Errorf("beside the edition: %v", s)
	}
	f.Abort()
	if got := tree(t, target); got["marker.txt"] != "previous" {
		t.Errorf("after Abort the edition holds %v", got)
	}

	// An "old" folder without its "tmp" twin is what an interrupted removal
	// leaves, perhaps half deleted: it is removed, never published.
	other := newTarget(t)
	mkdirWith(t, filepath.Join(filepath.Dir(other), ".2020-02-14.old-666"), "marker.txt", "half deleted")
	g := begin(t, other, 5*time.Second)
	if _, err := os.Stat(other); !os.IsNotExist(err) {
		t.Errorf("a lone old folder was published: %v", err)
	}
	if s := siblings(t, other); len(s) != 1 {
		t.Errorf("beside the edition: %v", s)
	}
	g.Abort()
}

func TestSecondBuildWaitsForTheFirstToCommit(t *testing.T) {
	target := newTarget(t)
	a := begin(t, target, 5*time.Second)
	writeBuild(t, a, "A", 150)

	began := make(chan *Folder, 1)
	errs := make(chan error, 1)
	go func() {
		b, err := Begin(target)
		if err != nil {
			errs <- err
			return
		}
		began <- b
	}()
	select {
	case <-began:
		t.Fatal("a second build of the same edition began while the first held it")
	case err := <-errs:
		t.Fatal(err)
	case <-time.After(600 * time.Millisecond):
	}
	if err := a.Commit(); err != nil {
		t.Fatal(err)
	}
	var b *Folder
	select {
	case b = <-began:
	case err := <-errs:
		t.Fatal(err)
	case <-time.After(10 * time.Second):
		t.Fatal("the second build still waits after the first committed")
	}
	checkBuild(t, target, "A", 150)
	writeBuild(t, b, "B", 90)
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	checkBuild(t, target, "B", 90)
	if s := siblings(t, target); len(s) > 0 {
		t.Errorf("left beside the edition: %v", s)
	}
}

// Several builds of the same edition racing: each holds the edition alone
// from Begin to Commit, and the edition that stays is wholly the last one's.
func TestRacingBuildsNeverMix(t *testing.T) {
	target := newTarget(t)
	const builds = 4
	var holders, most atomic.Int32
	var mu sync.Mutex
	var order []string
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range builds {
		name := fmt.Sprintf("build%d", i)
		n := 40 + 17*i // a different number of pages each, so a mix shows
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			f, err := Begin(target)
			if err != nil {
				t.Error(err)
				return
			}
			h := holders.Add(1)
			for {
				m := most.Load()
				if h <= m || most.CompareAndSwap(m, h) {
					break
				}
			}
			writeBuild(t, f, name, n)
			holders.Add(-1)
			mu.Lock()
			order = append(order, name)
			mu.Unlock()
			if err := f.Commit(); err != nil {
				t.Error(err)
			}
		}()
	}
	close(start)
	wg.Wait()
	if m := most.Load(); m != 1 {
		t.Errorf("%d builds of the same edition held it at once", m)
	}
	if len(order) != builds {
		t.Fatalf("%d of %d builds finished", len(order), builds)
	}
	last := order[len(order)-1]
	var i int
	fmt.Sscanf(last, "build%d", &i)
	checkBuild(t, target, last, 40+17*i)
	if s := siblings(t, target); len(s) > 0 {
		t.Errorf("left beside the edition: %v", s)
	}
}

func TestDifferentEditionsDoNotWaitForEachOther(t *testing.T) {
	root := t.TempDir()
	held := begin(t, filepath.Join(root, "chronicle", "2020-02-14"), 5*time.Second)
	defer held.Abort()
	for _, other := range []string{
		filepath.Join(root, "chronicle", "2020-02-15"), // same edition, another day
		filepath.Join(root, "mumbai", "2020-02-14"),    // another edition, same day
	} {
		f := begin(t, other, 2*time.Second)
		writeBuild(t, f, "X", 3)
		if err := f.Commit(); err != nil {
			t.Fatal(err)
		}
		checkBuild(t, other, "X", 3)
	}
}

// The kernel drops the lock of a killed build: the next build neither waits
// for it nor keeps what it wrote.
func TestLockOfAKilledBuildIsReleased(t *testing.T) {
	target := newTarget(t)
	prev := begin(t, target, 5*time.Second)
	writeBuild(t, prev, "A", 5)
	if err := prev.Commit(); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), holdEnv+"="+target)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "locked ") {
		t.Fatalf("helper build: %q, %v", line, err)
	}
	killedDir := strings.TrimSpace(strings.TrimPrefix(line, "locked "))

	began := make(chan *Folder, 1)
	go func() {
		f, err := Begin(target)
		if err != nil {
			t.Error(err)
		}
		began <- f
	}()
	select {
	case <-began:
		t.Fatal("Begin did not wait for the build holding the lock")
	case <-time.After(500 * time.Millisecond):
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	var f *Folder
	select {
	case f = <-began:
	case <-time.After(5 * time.Second):
		t.Fatal("Begin still waits after the build holding the lock was killed")
	}
	if f == nil {
		t.FailNow()
	}
	defer f.Abort()
	if _, err := os.Stat(killedDir); !os.IsNotExist(err) {
		t.Errorf("the killed build's folder %s is still there: %v", killedDir, err)
	}
	checkBuild(t, target, "A", 5)
}

func TestBeginGivesUpAfterLockWait(t *testing.T) {
	defer func(d time.Duration) { lockWait = d }(lockWait)
	lockWait = 300 * time.Millisecond
	target := newTarget(t)
	held := begin(t, target, 5*time.Second)
	defer held.Abort()
	t0 := time.Now()
	f, err := Begin(target)
	if err == nil {
		f.Abort()
		t.Fatal("a second Begin succeeded while the first held the lock")
	}
	if !strings.Contains(err.Error(), "giving up") {
		t.Errorf("error %q does not say the build gave up", err)
	}
	if d := time.Since(t0); d > 5*time.Second {
		t.Errorf("gave up after %v", d)
	}
}

// TestBeginContextEndsTheWait: a build waiting for the edition's lock stops
// waiting when it is told to stop.
func TestBeginContextEndsTheWait(t *testing.T) {
	target := filepath.Join(t.TempDir(), "chronicle", "2026-11-29")
	first, err := Begin(target)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Abort()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	t0 := time.Now()
	if f, err := BeginContext(ctx, target); err == nil {
		f.Abort()
		t.Fatal("the second build did not wait for the lock")
	} else if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(t0); d > 3*time.Second {
		t.Fatalf("the wait went on for %v after the stop", d)
	}
}

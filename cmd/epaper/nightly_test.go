package main

// The nightly job as a scheduler sees it: epaper run as a process, killed at
// any moment, run twice at once, run over several editions, judged by its
// exit status and its JSON log lines. The test binary runs main() itself
// when mainEnv is set, so the processes are the real command without a
// separate build step.

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/epaper/epaper/editions"
)

const mainEnv = "EPAPER_TEST_RUN_MAIN"

func init() {
	if os.Getenv(mainEnv) == "1" {
		main()
	}
}

// syncBuffer is a bytes.Buffer a process writes while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// proc is epaper running as a process.
type proc struct {
	cmd            *exec.Cmd
	stdout, stderr *syncBuffer
	done           chan struct{}
	err            error
}

// startEpaper starts "epaper args..." as a process.
func startEpaper(t testing.TB, args ...string) *proc {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	p := &proc{cmd: exec.Command(exe, args...), stdout: &syncBuffer{}, stderr: &syncBuffer{}, done: make(chan struct{})}
	p.cmd.Env = append(os.Environ(), mainEnv+"=1")
	p.cmd.Dir = t.TempDir()
	p.cmd.Stdout, p.cmd.Stderr = p.stdout, p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
	})
	return p
}

// wait waits for the process and returns its exit status, -1 when a signal
// ended it.
func (p *proc) wait(t testing.TB) int {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(5 * time.Minute):
		p.cmd.Process.Kill()
		<-p.done
		t.Fatalf("%v did not finish in 5 minutes\n%s", p.cmd.Args[1:], p.stderr)
	}
	var ee *exec.ExitError
	if errors.As(p.err, &ee) {
		return ee.ExitCode()
	}
	if p.err != nil {
		t.Fatal(p.err)
	}
	return 0
}

func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// epaper runs "epaper args..." to the end.
func epaper(t *testing.T, args ...string) (status int, stdout, stderr string) {
	t.Helper()
	p := startEpaper(t, args...)
	status = p.wait(t)
	return status, p.stdout.String(), p.stderr.String()
}

// hashTree returns the SHA-256 of every file under dir by slash path.
func hashTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	sums := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		s := sha256.Sum256(b)
		sums[filepath.ToSlash(rel)] = hex.EncodeToString(s[:])
		return nil
	})
	if err != nil {
		t.Fatalf("read edition: %v", err)
	}
	return sums
}

// sameTree fails the test when dir is not byte for byte the reference.
func sameTree(t *testing.T, dir string, ref map[string]string, when string) {
	t.Helper()
	got := hashTree(t, dir)
	var diffs []string
	for p, s := range ref {
		switch g, ok := got[p]; {
		case !ok:
			diffs = append(diffs, p+" missing")
		case g != s:
			diffs = append(diffs, p+" differs")
		}
	}
	for p := range got {
		if _, ok := ref[p]; !ok {
			diffs = append(diffs, p+" not in the reference")
		}
	}
	if len(diffs) > 0 {
		sort.Strings(diffs)
		t.Fatalf("%s: %s is not the reference edition (%d of %d files wrong): %s", when, dir, len(diffs), len(ref), strings.Join(diffs[:min(len(diffs), 8)], "; "))
	}
}

// leftovers lists what builds left beside the edition folders under dir:
// everything but the folders and their lock files.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		n := e.Name()
		if strings.HasPrefix(n, ".") && !strings.HasSuffix(n, ".lock") {
			out = append(out, n)
		}
	}
	return out
}

// opened tells whether a build has opened a new edition folder under dir:
// a leftover that was not there before it started.
func opened(t *testing.T, dir string, before []string) bool {
	t.Helper()
	for _, l := range leftovers(t, dir) {
		if !slices.Contains(before, l) {
			return true
		}
	}
	return false
}

// raceEnabled tells whether the test binary, and so every epaper process it
// starts, runs under the race detector, which makes a build of the sample
// edition some fifteen times slower.
func raceEnabled() bool {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range bi.Settings {
		if s.Key == "-race" {
			return s.Value == "true"
		}
	}
	return false
}

// skipUnderRace skips a test that builds the whole sample edition in
// processes several times over; the publish package's tests check the same
// locking and replacing under the race detector.
func skipUnderRace(t *testing.T) {
	t.Helper()
	if raceEnabled() {
		t.Skip("builds the sample edition in several processes: run without -race")
	}
}

var (
	refOnce sync.Once
	refSums map[string]string
)

// reference is the sample edition as one complete build writes it.
func reference(t *testing.T) map[string]string {
	t.Helper()
	dir, _ := buildSample(t)
	refOnce.Do(func() { refSums = hashTree(t, dir) })
	if len(refSums) < 20 {
		t.Fatalf("the reference edition has only %d files", len(refSums))
	}
	return refSums
}

func TestKillNightlyBuildKeepsPreviousEdition(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the sample edition several times")
	}
	skipUnderRace(t)
	ref := reference(t)
	out := t.TempDir()
	parent := filepath.Join(out, "chronicle")
	edition := filepath.Join(parent, editions.SampleDate)

	// The first build times the two halves of a build: up to the moment
	// its edition folder appears, and from then to the end.
	t0 := time.Now()
	p := startEpaper(t, "build", "--out", out, "--quiet")
	for !p.exited() && !opened(t, parent, nil) {
		time.Sleep(2 * time.Millisecond)
	}
	open := time.Since(t0)
	if status := p.wait(t); status != 0 {
		t.Fatalf("first build: status %d\n%s%s", status, p.stdout, p.stderr)
	}
	full := time.Since(t0)
	sameTree(t, edition, ref, "first build")

	// Kills spread over a whole build: the odd ones timed from the start
	// (gathering, make-up), the even ones from the moment the new edition
	// folder appears (rendering, writing, publishing).
	rng := rand.New(rand.NewPCG(2020, 214))
	const kills = 6
	interrupted, whileWriting := 0, 0
	for i := range kills {
		frac := 0.9 * (float64(i/2) + rng.Float64()) / (kills / 2)
		before := leftovers(t, parent)
		p := startEpaper(t, "build", "--out", out, "--quiet")
		var when string
		if i%2 == 0 {
			d := 50*time.Millisecond + time.Duration(frac*float64(full))
			select {
			case <-time.After(d):
			case <-p.done:
			}
			when = fmt.Sprintf("kill %d, %v after the start", i+1, d.Round(time.Millisecond))
		} else {
			for !p.exited() && !opened(t, parent, before) {
				time.Sleep(2 * time.Millisecond)
			}
			d := time.Duration(frac * float64(full-open))
			select {
			case <-time.After(d):
			case <-p.done:
			}
			when = fmt.Sprintf("kill %d, %v after the edition folder was opened", i+1, d.Round(time.Millisecond))
		}
		p.cmd.Process.Signal(syscall.SIGKILL)
		<-p.done
		var ee *exec.ExitError
		if errors.As(p.err, &ee) && ee.ProcessState.Sys().(syscall.WaitStatus).Signal() == syscall.SIGKILL {
			interrupted++
			if opened(t, parent, before) {
				whileWriting++
			}
		} else {
			when += " (the build had finished)"
		}
		t.Log(when)
		sameTree(t, edition, ref, when)
	}
	if interrupted < kills/2 {
		t.Errorf("only %d of %d kills interrupted a build", interrupted, kills)
	}
	if whileWriting == 0 {
		t.Errorf("no kill landed while a new edition folder was being written")
	}

	// SIGTERM, as systemd and Kubernetes stop a job: the build stops and
	// cleans up after itself.
	before := leftovers(t, parent)
	p = startEpaper(t, "build", "--out", out, "--quiet")
	for !p.exited() && !opened(t, parent, before) {
		time.Sleep(2 * time.Millisecond)
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	if status := p.wait(t); status != 0 && status != exitFailure {
		t.Errorf("status %d after SIGTERM, want %d (or 0 when the build had finished)\n%s", status, exitFailure, p.stderr)
	}
	if l := leftovers(t, parent); len(l) > 0 {
		t.Errorf("a build stopped by SIGTERM left %v", l)
	}
	sameTree(t, edition, ref, "after SIGTERM")

	if status, so, se := epaper(t, "build", "--out", out, "--quiet"); status != 0 {
		t.Fatalf("build after the kills: status %d\n%s%s", status, so, se)
	}
	sameTree(t, edition, ref, "build after the kills")
	if l := leftovers(t, parent); len(l) > 0 {
		t.Errorf("left beside the edition after a complete build: %v", l)
	}
}

func TestConcurrentBuildsOfOneEdition(t *testing.T) {
	skipUnderRace(t)
	ref := reference(t)
	out := t.TempDir()
	parent := filepath.Join(out, "chronicle")
	if err := os.MkdirAll(parent, 0o755); err != nil {
		t.Fatal(err)
	}
	// Hold the edition's lock as a third build would, so that both builds
	// are seen waiting; then let them go.
	lock, err := os.OpenFile(filepath.Join(parent, "."+editions.SampleDate+".lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	a := startEpaper(t, "build", "--out", out)
	b := startEpaper(t, "build", "--out", out)
	deadline := time.Now().Add(3 * time.Minute)
	for _, p := range []*proc{a, b} {
		for !strings.Contains(p.stderr.String(), "waiting for another build") {
			if p.exited() || time.Now().After(deadline) {
				t.Fatalf("a build did not wait for the edition's lock\n%s%s", p.stdout, p.stderr)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	if _, err := os.Stat(filepath.Join(parent, editions.SampleDate)); !os.IsNotExist(err) {
		t.Fatalf("an edition was published while the lock was held: %v", err)
	}
	syscall.Flock(int(lock.Fd()), syscall.LOCK_UN)
	for _, p := range []*proc{a, b} {
		if status := p.wait(t); status != 0 {
			t.Errorf("status %d\n%s%s", status, p.stdout, p.stderr)
		}
		if !strings.Contains(p.stdout.String(), "Edition written to") {
			t.Errorf("no \"Edition written to\" in\n%s", p.stdout)
		}
	}
	sameTree(t, filepath.Join(parent, editions.SampleDate), ref, "after two builds at once")
	if l := leftovers(t, parent); len(l) > 0 {
		t.Errorf("left beside the edition: %v", l)
	}
}

// smallEditions writes two one-section editions, alpha and beta, and a
// day's stories for them; it returns the editions folder and the stories
// folder.
func smallEditions(t *testing.T) (eds, stories string) {
	t.Helper()
	eds, stories = t.TempDir(), t.TempDir()
	for slug, title := range map[string]string{"alpha": "Alpha Times", "beta": "Beta Herald"} {
		ed := fmt.Sprintf("title: %q\nslug: %q\ntimezone: \"Asia/Kolkata\"\nsections:\n  - { name: World, pages: 1 }\n", title, slug)
		if err := os.WriteFile(filepath.Join(eds, slug+".yaml"), []byte(ed), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	body := strings.Repeat("A paragraph of ordinary text that reads well enough to set in columns. ", 30)
	for i := 1; i <= 3; i++ {
		st := fmt.Sprintf("---\nheadline: \"Story number %d about the world\"\nsection: World\npublished: \"2023-09-22T1%d:00:00+05:30\"\n---\n%s\n", i, i, body)
		if err := os.WriteFile(filepath.Join(stories, fmt.Sprintf("s%d.md", i)), []byte(st), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return eds, stories
}

const brokenEdition = "title: \"Broken\"\nslug: \"broken\"\nsections:\n  - { name: World, pages: one }\n"

// jsonLines parses every line of a JSON log, failing on any other line.
func jsonLines(t *testing.T, log string) []map[string]any {
	t.Helper()
	var recs []map[string]any
	for i, line := range strings.Split(strings.TrimRight(log, "\n"), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Errorf("log line %d is not JSON: %v\n%s", i+1, err, line)
			continue
		}
		recs = append(recs, rec)
	}
	return recs
}

func TestParallelEditionsOneBroken(t *testing.T) {
	eds, stories := smallEditions(t)
	broken := filepath.Join(eds, "c-broken.yaml")
	if err := os.WriteFile(broken, []byte(brokenEdition), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	status, stdout, stderr := epaper(t, "build", "--all", eds, "--stories", stories, "--date", "2023-09-22", "--out", out, "--no-images", "--log-format", "json")
	if status != exitFailure {
		t.Errorf("status %d, want %d when one edition of three fails", status, exitFailure)
	}
	for _, slug := range []string{"alpha", "beta"} {
		if _, err := os.Stat(filepath.Join(out, slug, "2023-09-22", "manifest.json")); err != nil {
			t.Errorf("edition %s not published beside the broken one: %v", slug, err)
		}
	}
	var folders []string
	ents, _ := os.ReadDir(out)
	for _, e := range ents {
		if e.IsDir() {
			folders = append(folders, e.Name())
		}
	}
	if len(folders) != 2 {
		t.Errorf("folders %q in the output, want alpha and beta", folders)
	}
	// the summary table: a header, a row per edition, the failure naming its file and line
	rows := map[string]string{}
	for _, line := range strings.Split(stdout, "\n") {
		if f := strings.Fields(line); len(f) > 2 {
			rows[f[0]] = line
		}
	}
	if !strings.Contains(rows["EDITION"], "STATUS") {
		t.Errorf("no summary table header in\n%s", stdout)
	}
	for _, slug := range []string{"alpha", "beta"} {
		if f := strings.Fields(rows[slug]); len(f) < 3 || f[2] != "ok" {
			t.Errorf("summary row of %s: %q", slug, rows[slug])
		}
	}
	if r := rows[broken]; !strings.Contains(r, "FAILED") || !strings.Contains(r, "c-broken.yaml:4") {
		t.Errorf("summary row of the broken edition does not say FAILED with its file and line: %q\n%s", r, stdout)
	}
	// JSON log lines, then the status line
	lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "epaper: 1 of 3 editions failed") {
		t.Errorf("last line %q does not say how many editions failed", last)
	}
	var order []string
	for _, rec := range jsonLines(t, strings.Join(lines[:len(lines)-1], "\n")) {
		ed, _ := rec["edition"].(string)
		switch rec["msg"] {
		case "building edition", "edition published":
			order = append(order, fmt.Sprint(rec["msg"], " ", ed))
		case "edition file rejected":
			if f, _ := rec["file"].(string); f != broken {
				t.Errorf("rejection logged for file %q, want %s", f, broken)
			}
		}
	}
	if runtime.NumCPU() >= 2 {
		// both editions start before either is published
		if len(order) != 4 || !strings.HasPrefix(order[0], "building") || !strings.HasPrefix(order[1], "building") {
			t.Errorf("editions were not built in parallel: %q", order)
		}
	}
}

func TestExitStatuses(t *testing.T) {
	eds, stories := smallEditions(t)
	alpha := filepath.Join(eds, "alpha.yaml")
	withReject := t.TempDir()
	for _, name := range []string{"s1.md", "s2.md"} {
		b, _ := os.ReadFile(filepath.Join(stories, name))
		os.WriteFile(filepath.Join(withReject, name), b, 0o644)
	}
	os.WriteFile(filepath.Join(withReject, "nohead.md"), []byte("---\nsection: World\npublished: \"2023-09-22T10:00:00+05:30\"\n---\nA story without a headline.\n"), 0o644)
	broken := filepath.Join(t.TempDir(), "broken.yaml")
	os.WriteFile(broken, []byte(brokenEdition), 0o644)
	empty := t.TempDir()
	onlyRejected := t.TempDir()
	os.WriteFile(filepath.Join(onlyRejected, "nohead.md"), []byte("---\nsection: World\npublished: \"2023-09-22T10:00:00+05:30\"\n---\nNo headline.\n"), 0o644)
	oneColumn := filepath.Join(t.TempDir(), "one.yaml")
	os.WriteFile(oneColumn, []byte("title: \"Narrow\"\nslug: \"alpha\"\ntimezone: \"Asia/Kolkata\"\npage: { width: 100mm, height: 200mm, margins: 10mm }\ngrid: { columns: 1 }\nsections:\n  - { name: World, pages: 4 }\n"), 0o644)

	for _, tc := range []struct {
		name      string
		stories   string
		args      []string
		status    int
		published bool
		stderr    string
	}{
		{"clean edition", stories, []string{"--edition", alpha}, exitOK, true, ""},
		{"story rejected", withReject, []string{"--edition", alpha}, exitWarnings, true, "epaper: warning: for the desk to read: 0 held, 1 rejected"},
		{"bad flag", stories, []string{"--edition", alpha, "--bogus"}, exitUsage, false, "flag provided but not defined"},
		{"bad log format", stories, []string{"--edition", alpha, "--log-format", "xml"}, exitUsage, false, "--log-format"},
		{"bad date", stories, []string{"--edition", alpha, "--date", "22/09/2023"}, exitUsage, false, "--date"},
		{"broken edition file", stories, []string{"--edition", broken}, exitFailure, false, "broken.yaml:4"},
		{"no story for the day", empty, []string{"--edition", alpha}, exitFailure, false, "no story to print for 2023-09-22: the stories folder has no story files"},
		{"only rejected files", onlyRejected, []string{"--edition", alpha}, exitFailure, false, "no story to print for 2023-09-22: 1 file read, 0 stories in them: 1 rejected"},
		{"no story in the window", stories, []string{"--edition", alpha, "--date", "2023-09-25"}, exitFailure, false, "stories are dated 2023-09-22 (3)"},
		{"one-column grid", stories, []string{"--edition", oneColumn}, exitOK, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out := t.TempDir()
			args := append([]string{"build", "--stories", tc.stories, "--date", "2023-09-22", "--out", out, "--no-images", "--quiet"}, tc.args...)
			status, stdout, stderr := epaper(t, args...)
			if status != tc.status {
				t.Errorf("status %d, want %d\n%s%s", status, tc.status, stdout, stderr)
			}
			if stdout != "" {
				t.Errorf("--quiet printed %q", stdout)
			}
			if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine ") {
				t.Errorf("a panic:\n%s", stderr)
			}
			if !strings.Contains(stderr, tc.stderr) {
				t.Errorf("stderr does not say %q:\n%s", tc.stderr, stderr)
			}
			_, err := os.Stat(filepath.Join(out, "alpha", "2023-09-22", "report.json"))
			if tc.published && err != nil {
				t.Errorf("edition not published: %v", err)
			}
			if ents, _ := os.ReadDir(out); !tc.published && len(ents) > 0 {
				t.Errorf("something was written: %v", ents)
			}
		})
	}
}

func TestLogFormatJSON(t *testing.T) {
	eds, stories := smallEditions(t)
	out := t.TempDir()
	status, stdout, stderr := epaper(t, "build", "--edition", filepath.Join(eds, "alpha.yaml"), "--edition", filepath.Join(eds, "beta.yaml"),
		"--stories", stories, "--date", "2023-09-22", "--out", out, "--no-images", "--log-format", "json")
	if status != 0 {
		t.Fatalf("status %d\n%s%s", status, stdout, stderr)
	}
	recs := jsonLines(t, stderr)
	published := map[string]bool{}
	for _, rec := range recs {
		ed, _ := rec["edition"].(string)
		if ed != "alpha" && ed != "beta" {
			t.Errorf("log record without the edition: %v", rec)
		}
		for _, k := range []string{"time", "level", "msg"} {
			if _, ok := rec[k]; !ok {
				t.Errorf("log record without %q: %v", k, rec)
			}
		}
		if rec["msg"] == "edition published" {
			published[ed] = true
			if rec["date"] != "2023-09-22" || rec["dir"] == nil {
				t.Errorf("publication logged without date or folder: %v", rec)
			}
		}
	}
	if !published["alpha"] || !published["beta"] {
		t.Errorf("not every publication logged: %v\n%s", published, stderr)
	}
}

// An edition with nothing to print fails alone: the others of the night
// are built and the table shows each.
func TestAllEditionsOneWithNothingToPrint(t *testing.T) {
	eds, stories := smallEditions(t)
	// its flatplan has no section the stories go to: every story is held
	other := "title: \"Sports Only\"\nslug: \"sport\"\ntimezone: \"Asia/Kolkata\"\nsections:\n  - { name: Sport, pages: 1 }\n"
	if err := os.WriteFile(filepath.Join(eds, "sport.yaml"), []byte(other), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	status, stdout, stderr := epaper(t, "build", "--all", eds, "--stories", stories, "--date", "2023-09-22", "--out", out, "--no-images")
	if status != exitFailure {
		t.Errorf("status %d, want %d", status, exitFailure)
	}
	for _, slug := range []string{"alpha", "beta"} {
		if _, err := os.Stat(filepath.Join(out, slug, "2023-09-22", "report.json")); err != nil {
			t.Errorf("%s not published beside the failing edition: %v", slug, err)
		}
	}
	if !strings.Contains(stdout, "sport") || !strings.Contains(stdout, "FAILED") || !strings.Contains(stdout, "3 unknown-section") {
		t.Errorf("table does not show the failed edition and why:\n%s", stdout)
	}
	if !strings.Contains(stderr, "1 of 3 editions failed") {
		t.Errorf("stderr:\n%s", stderr)
	}
}

// --all leaves out the ads files beside the editions, and refuses an
// edition whose slug another file of the run has: both would write one
// folder.
func TestAllSkipsAdsFilesAndRefusesTwinSlugs(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "editions", "tabloid"))); err != nil {
		t.Fatal(err)
	}
	ed, _ := os.ReadFile(filepath.Join(dir, "edition.yaml"))
	os.WriteFile(filepath.Join(dir, "twin.yaml"), ed, 0o644)
	stories, _ := filepath.Abs(filepath.Join("..", "..", "editions", "sample", "stories"))
	status, stdout, stderr := epaper(t, "build", "--all", dir, "--stories", stories, "--date", "2020-02-14", "--out", t.TempDir(), "--no-images")
	if status != exitFailure || strings.Contains(stdout+stderr, "ads.yaml:") || !strings.Contains(stdout+stderr, `slug "bugle" is `+filepath.Join(dir, "edition.yaml")+"'s too") || !strings.Contains(stdout, "bugle    2020-02-14  warnings  12") {
		t.Fatalf("status %d\n%s%s", status, stdout, stderr)
	}
}

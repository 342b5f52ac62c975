package main

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// validate runs "epaper validate" with args and returns its output and error.
func validate(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), append([]string{"epaper", "validate"}, args...), &out, &out)
	return out.String(), err
}

// status is the exit status main would give err.
func status(err error) int {
	var ue usageError
	var we warningsError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue):
		return exitUsage
	case errors.As(err, &we):
		return exitWarnings
	}
	return exitFailure
}

// listing is every file under dir with its size, to tell that nothing was written.
func listing(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			fi, _ := d.Info()
			b.WriteString(p + " " + fi.ModTime().String() + "\n")
		}
		return nil
	})
	return b.String()
}

func TestValidateSample(t *testing.T) {
	out, err := validate(t)
	if status(err) != exitOK || !strings.Contains(out, "chronicle (sample/edition.yaml) 2020-02-14: 57 stories") || !strings.HasSuffix(strings.TrimSpace(out), ": ok") {
		t.Fatalf("status %d %v\n%s", status(err), err, out)
	}
}

func TestValidateMixedFolder(t *testing.T) {
	before := listing(t, filepath.Dir(mixedStories))
	cwd, _ := os.Getwd()
	cwdBefore := listing(t, cwd)
	out, err := validate(t, "--edition", mixedEdition, "--stories", mixedStories, "--date", "2024-07-03")
	if status(err) != exitWarnings {
		t.Fatalf("status %d (%v), want %d\n%s", status(err), err, exitWarnings, out)
	}
	for _, want := range []string{
		"wire/broken.json:4: rejected: JSON",
		"mixed (" + mixedEdition + ") 2024-07-03: 9 stories in 5 sections on 5 pages, 0 held, 1 rejected, 8 left out",
		// the night's copy leaves Nation's page to briefs
		"page 2 (Nation) has no story",
		"1 other warning",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if listing(t, filepath.Dir(mixedStories)) != before || listing(t, cwd) != cwdBefore {
		t.Error("validate wrote files")
	}
}

func TestValidateProblems(t *testing.T) {
	stories := t.TempDir()
	write := func(name, body string) {
		p := filepath.Join(stories, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	eds := t.TempDir()
	edFile := filepath.Join(eds, "e.yaml")
	os.WriteFile(edFile, []byte("title: T\nslug: t\ntimezone: Asia/Kolkata\nsections:\n  - { name: World, pages: 1 }\n"), 0o644)
	write("good.md", "---\nheadline: Good\nsection: World\npublished: \"2023-09-22T10:00:00+05:30\"\n---\nText.\n")

	// clean
	if out, err := validate(t, "--edition", edFile, "--stories", stories, "--date", "2023-09-22"); status(err) != exitOK || !strings.Contains(out, "1 stories in 1 sections on 1 pages") {
		t.Fatalf("clean: status %d %v\n%s", status(err), err, out)
	}
	// the edition file alone
	if out, err := validate(t, "--edition", edFile); status(err) != exitOK || !strings.Contains(out, "stories not checked") {
		t.Fatalf("edition alone: status %d %v\n%s", status(err), err, out)
	}

	// a bad picture, a story without a section, a rejected story
	write("pic.md", "---\nheadline: Pic\nsection: World\npublished: \"2023-09-22T11:00:00+05:30\"\nimages:\n  - file: broken.jpg\n---\nText with a picture.\n")
	write("broken.jpg", "\xff\xd8\xff\xe0 not a jpeg")
	write("cricket.md", "---\nheadline: Cricket\nsection: Cricket\npublished: \"2023-09-22T12:00:00+05:30\"\n---\nA match.\n")
	write("nohead.md", "---\nsection: World\n---\nText.\n")
	out, err := validate(t, "--edition", edFile, "--stories", stories, "--date", "2023-09-22")
	if status(err) != exitWarnings {
		t.Fatalf("status %d %v\n%s", status(err), err, out)
	}
	for _, want := range []string{
		"pic.md:6: picture broken.jpg left out",
		"cricket.md: held: section \"Cricket\" is not in the edition's flatplan",
		"nohead.md:2: rejected: no headline",
		"2 stories in 1 sections on 1 pages, 1 held, 1 rejected",
		"1 other warning: warnings",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	// an invalid edition file, next to a good one: status 1, every problem with its line
	bad := filepath.Join(eds, "bad.yaml")
	os.WriteFile(bad, []byte("title: T\nslug: t\ntimezone: Asia/Kolkata\nsections:\n  - { name: World, pages: 1 }\nrouting:\n  cricket: Sport\nwindow: { start: \"7pm\" }\n"), 0o644)
	out, err = validate(t, "--edition", edFile, "--edition", bad, "--stories", stories, "--date", "2023-09-22")
	if status(err) != exitFailure {
		t.Fatalf("status %d %v\n%s", status(err), err, out)
	}
	for _, want := range []string{bad + ":7: routing: \"cricket\" goes to section \"Sport\"", bad + ":8: window start", bad + ": invalid edition file (2 problems)", "t (" + edFile + ")"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestValidateUsage(t *testing.T) {
	for _, args := range [][]string{
		{"--date", "22/09/2023"},
		{"--stories", "/does/not/exist"},
		{"--bogus"},
		{"extra"},
	} {
		if out, err := validate(t, args...); status(err) != exitUsage {
			t.Errorf("%v: status %d (%v), want %d\n%s", args, status(err), err, exitUsage, out)
		}
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"epaper", "help", "validate"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	for _, flag := range []string{"--edition", "--stories", "--date", "--any-date", "Exit statuses"} {
		if !strings.Contains(out.String(), flag) {
			t.Errorf("help lacks %s:\n%s", flag, out.String())
		}
	}
}

// validate --plan lays the night out with the desk's plan: a story it
// names that is not there, a pin its page has no room for and a lock beyond
// the edition are warnings naming the plan's lines; a plan that cannot be
// read fails.
func TestValidatePlan(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "plan.yaml")
	os.WriteFile(good, []byte("stories:\n  2019-10-05-four-stabbed-to-death-at-paris-police-headquarters: { lead: true }\n"), 0o644)
	out, err := validate(t, "--plan", good)
	if status(err) != exitOK {
		t.Fatalf("good plan: status %d\n%s", status(err), out)
	}
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("stories:\n  nosuch: { hold: true }\nlock: [1, 40]\n"), 0o644)
	out, err = validate(t, "--plan", bad)
	if status(err) != exitWarnings {
		t.Fatalf("bad plan: status %d\n%s", status(err), out)
	}
	for _, want := range []string{
		bad + ":2: the plan names story \"nosuch\"",
		bad + ":3: lock: page 40 is beyond the edition's 13 pages",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	broken := filepath.Join(dir, "broken.yaml")
	os.WriteFile(broken, []byte("stories:\n  a: { colour: red }\n"), 0o644)
	out, err = validate(t, "--plan", broken)
	if status(err) != exitFailure || !strings.Contains(err.Error(), "broken.yaml:2") {
		t.Fatalf("broken plan: status %d %v\n%s", status(err), err, out)
	}
}

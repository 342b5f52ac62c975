package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// City editions built together, with a cold and a warm cache of prepared
// pictures, are byte for byte what each is built alone without one: the
// work they share (pictures checked and prepared, words shaped, pages
// drawn) depends only on what it is made from.
func TestSharedWorkKeepsEditionsTheSame(t *testing.T) {
	dir, flags, err := copySample("", "")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	src, err := os.ReadFile(flags.edition)
	if err != nil {
		t.Fatal(err)
	}
	cities := filepath.Join(dir, "cities")
	if err := os.Mkdir(cities, 0o755); err != nil {
		t.Fatal(err)
	}
	// the city editions book the sample's ads, from their own folder
	base := filepath.Dir(flags.edition)
	if err := os.CopyFS(filepath.Join(cities, "ads"), os.DirFS(filepath.Join(base, "ads"))); err != nil {
		t.Fatal(err)
	}
	ads, err := os.ReadFile(filepath.Join(base, "ads.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(cities, "ads.yaml"), ads, 0o644)
	slugs := map[string]string{"north": "North Edition", "south": "South Edition"}
	for slug, name := range slugs {
		ed := strings.Replace(string(src), `slug: "chronicle"`, `slug: "`+slug+`"`, 1)
		ed = strings.Replace(ed, `name: "City Edition"`, `name: "`+name+`"`, 1)
		if ed == string(src) || !strings.Contains(ed, slug) || !strings.Contains(ed, `ads: "ads.yaml"`) {
			t.Fatal("the sample's edition file changed: this test's edits do not apply")
		}
		if err := os.WriteFile(filepath.Join(cities, slug+".yaml"), []byte(ed), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	build := func(args ...string) string {
		t.Helper()
		out := t.TempDir()
		all := append([]string{"epaper", "build", "--stories", flags.stories, "--date", flags.date, "--out", out, "-q"}, args...)
		var stdout, stderr strings.Builder
		if err := run(context.Background(), all, &stdout, &stderr); err != nil && !errors.As(err, new(warningsError)) {
			t.Fatalf("%v: %v\n%s", args, err, stderr.String())
		}
		return out
	}
	cache := filepath.Join(t.TempDir(), "cache")
	alone := map[string]string{}
	for slug := range slugs {
		alone[slug] = build("--edition", filepath.Join(cities, slug+".yaml"), "--no-cache")
	}
	cold := build("--all", cities, "--cache", cache)
	records := 0
	filepath.WalkDir(cache, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			records++
		}
		return nil
	})
	if records == 0 {
		t.Fatal("the cache folder holds nothing after a build")
	}
	warm := build("--all", cities, "--cache", cache)
	for slug := range slugs {
		want := hashTree(t, filepath.Join(alone[slug], slug, flags.date))
		for name, out := range map[string]string{"with a cold cache": cold, "with a warm cache": warm} {
			got := hashTree(t, filepath.Join(out, slug, flags.date))
			if len(got) != len(want) {
				t.Errorf("%s %s: %d files, %d built alone", slug, name, len(got), len(want))
			}
			for f, sum := range want {
				if got[f] != sum {
					t.Errorf("%s %s: %s differs from the edition built alone", slug, name, f)
				}
			}
		}
	}
}

// Editions of one night (the same stories and date) are built one at a
// time, each on every core; editions of different stories or dates at
// once.
func TestOneNight(t *testing.T) {
	j := func(stories, date string) job { return job{input: input{storiesName: stories, date: date}} }
	for _, c := range []struct {
		jobs []job
		want bool
	}{
		{[]job{j("day", "2026-12-04"), j("day", "2026-12-04"), j("day", "2026-12-04")}, true},
		{[]job{j("day", "2026-12-04"), j("other", "2026-12-04")}, false},
		{[]job{j("day", "2026-12-04"), j("day", "2026-12-05")}, false},
		{[]job{j("day", "2026-12-04")}, false},
	} {
		if got := oneNight(c.jobs); got != c.want {
			t.Errorf("%v: %v, want %v", c.jobs, got, c.want)
		}
	}
}

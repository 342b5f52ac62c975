package pipeline

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"github.com/epaper/epaper/editions"
)

// Two city editions of the same stories built at once with one Shared:
// the pages they have in common are drawn once, the pictures prepared
// once, and each edition's files are those it gets built alone.
func TestSharedBetweenEditions(t *testing.T) {
	ed, fsys, err := editions.Sample()
	if err != nil {
		t.Fatal(err)
	}
	city := func(slug, name string) Config {
		e := *ed
		e.Slug, e.Name = slug, name
		cfg := DefaultConfig()
		cfg.Edition, cfg.Stories, cfg.Date, cfg.Out = &e, fsys, editions.SampleDate, t.TempDir()
		return cfg
	}
	cities := []Config{city("north", "North Edition"), city("south", "South Edition")}
	alone := make([]map[string][]byte, len(cities))
	for i, cfg := range cities {
		if _, err := Run(context.Background(), cfg); err != nil {
			t.Fatal(err)
		}
		alone[i] = files(t, cfg.Out)
	}
	sh := NewShared(nil, len(cities))
	var wg sync.WaitGroup
	for i := range cities {
		cities[i].Out, cities[i].Shared = t.TempDir(), sh
		wg.Go(func() {
			if _, err := Run(context.Background(), cities[i]); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	st := sh.Stats()
	// page images and the pages' snapshots of both, and the share image:
	// all but the front page (its masthead names the edition) the same
	pages := 0
	for p := range alone[0] {
		if bytes.HasSuffix([]byte(p), []byte(".jpg")) && bytes.Contains([]byte(p), []byte("/page-")) {
			pages++
		}
	}
	if st.Reused < 2*(pages-1) || st.Drawn > 2*pages+4 {
		t.Errorf("%d pages an edition: %d outputs drawn, %d reused; want the pages but the front drawn once", pages, st.Drawn, st.Reused)
	}
	if st.SetMade == 0 || st.SetReused < st.SetMade {
		t.Errorf("stories' bodies and heads: %d set, %d reused; want each set once", st.SetMade, st.SetReused)
	}
	if st.Prepared == 0 || st.PreparedReused < st.Prepared {
		t.Errorf("pictures: %d prepared, %d reused; want each prepared once", st.Prepared, st.PreparedReused)
	}
	for i, cfg := range cities {
		got := files(t, cfg.Out)
		if len(got) != len(alone[i]) {
			t.Errorf("%s: %d files, %d built alone", cfg.Edition.Slug, len(got), len(alone[i]))
		}
		for p, want := range alone[i] {
			if !bytes.Equal(got[p], want) {
				t.Errorf("%s: %s differs from the edition built alone", cfg.Edition.Slug, p)
			}
		}
	}
}

// BenchmarkCities builds three city editions of the bundled sample (each
// its own name, so the front pages differ), with the work shared and each
// on its own: what --all gains from sharing.
func BenchmarkCities(b *testing.B) {
	ed, fsys, err := editions.Sample()
	if err != nil {
		b.Fatal(err)
	}
	build := func(shared bool) {
		var sh *Shared
		if shared {
			sh = NewShared(nil, 3)
		}
		var wg sync.WaitGroup
		for i, name := range []string{"North", "South", "East"} {
			e := *ed
			e.Slug, e.Name = name, name+" Edition"
			cfg := DefaultConfig()
			cfg.Edition, cfg.Stories, cfg.Date, cfg.Out, cfg.Shared = &e, fsys, editions.SampleDate, b.TempDir(), sh
			cfg.Workers = 1
			wg.Go(func() {
				if _, err := Run(context.Background(), cfg); err != nil {
					b.Error(i, err)
				}
			})
		}
		wg.Wait()
	}
	b.Run("shared", func(b *testing.B) {
		for b.Loop() {
			build(true)
		}
	})
	b.Run("alone", func(b *testing.B) {
		for b.Loop() {
			build(false)
		}
	})
}

package pipeline

import (
	"context"
	"testing"

	"github.com/epaper/epaper/editions"
)

func sampleConfig(t testing.TB, images bool) Config {
	ed, fsys, err := editions.Sample()
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.Edition, cfg.Stories, cfg.Date, cfg.Images = ed, fsys, editions.SampleDate, images
	cfg.Out = t.TempDir()
	return cfg
}

// BenchmarkBuildSamplePDF sets the sample edition and writes its PDFs,
// manifest, report and viewer: the build without page images.
func BenchmarkBuildSamplePDF(b *testing.B) {
	cfg := sampleConfig(b, false)
	for i := 0; i < b.N; i++ {
		if _, err := Run(context.Background(), cfg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildSample is the whole build, page images included.
func BenchmarkBuildSample(b *testing.B) {
	cfg := sampleConfig(b, true)
	for i := 0; i < b.N; i++ {
		if _, err := Run(context.Background(), cfg); err != nil {
			b.Fatal(err)
		}
	}
}

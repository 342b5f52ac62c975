package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/render/pdf"
	"github.com/epaper/epaper/render/raster"
)

// These benchmarks compare our page images with poppler's on the sample
// edition: page images 1600 px wide and thumbnails 300 px, JPEG quality
// 82, from raster.RenderAll and from pdftoppm on our PDF. Besides the wall
// time they report the CPU time, which on a busy machine says more.
//
//	go test ./pipeline -run '^$' -bench 'SampleImages|SamplePdftoppm' -benchtime 5x

var (
	benchDocOnce sync.Once
	benchDoc     *display.Document
	benchDocErr  error
)

func sampleDocument(b *testing.B) *display.Document {
	b.Helper()
	benchDocOnce.Do(func() {
		cfg := sampleConfig(b, true)
		var laid *Laid
		laid, benchDocErr = Layout(context.Background(), cfg)
		if benchDocErr == nil {
			benchDoc = laid.Made.Doc
		}
	})
	if benchDocErr != nil {
		b.Fatal(benchDocErr)
	}
	return benchDoc
}

func processCPU() time.Duration {
	var u syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &u) != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// BenchmarkSampleImages draws and encodes every page image and thumbnail
// of the sample edition, with one worker and with one per CPU.
func BenchmarkSampleImages(b *testing.B) {
	doc := sampleDocument(b)
	for _, workers := range []int{1, runtime.NumCPU()} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			s := raster.DefaultSettings()
			s.Workers = workers
			// the glyph cache lives for the process, as in a build: warm it
			if _, err := raster.RenderAll(context.Background(), doc, s); err != nil {
				b.Fatal(err)
			}
			var size int
			cpu := processCPU()
			b.ResetTimer()
			for b.Loop() {
				out, err := raster.RenderAll(context.Background(), doc, s)
				if err != nil {
					b.Fatal(err)
				}
				size = 0
				for _, o := range out {
					size += len(o.Image) + len(o.Thumb)
				}
			}
			n := float64(b.N)
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/n, "ms/edition")
			b.ReportMetric(float64((processCPU()-cpu).Milliseconds())/n, "cpu-ms/edition")
			b.ReportMetric(float64(len(doc.Pages)), "pages")
			b.ReportMetric(float64(size)/float64(len(doc.Pages))/1024, "KB/page")
		})
	}
}

// BenchmarkSamplePdftoppm makes the same images from our PDF with poppler:
// one pdftoppm run for the page images and one for the thumbnails, the
// bleed cropped off as our images leave it out; "procs" runs share the
// pages out over one process per CPU.
func BenchmarkSamplePdftoppm(b *testing.B) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		b.Skip("pdftoppm is not installed")
	}
	doc := sampleDocument(b)
	var buf bytes.Buffer
	if err := pdf.Write(context.Background(), &buf, doc, pdf.DefaultSettings()); err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	file := filepath.Join(dir, "edition.pdf")
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	p := doc.Pages[0]
	args := func(width int, first, last int, prefix string) []string {
		h := int(math.Round(float64(width) * p.Height / p.Width))
		bleed := int(math.Round(p.Bleed * float64(width) / p.Width))
		return []string{"-r", strconv.FormatFloat(72*float64(width)/p.Width, 'f', 4, 64),
			"-x", strconv.Itoa(bleed), "-y", strconv.Itoa(bleed), "-W", strconv.Itoa(width), "-H", strconv.Itoa(h),
			"-f", strconv.Itoa(first), "-l", strconv.Itoa(last),
			"-jpeg", "-jpegopt", "quality=82", file, filepath.Join(dir, prefix)}
	}
	b.Logf("pdftoppm %v", args(1600, 1, len(doc.Pages), "p"))
	b.Logf("pdftoppm %v", args(300, 1, len(doc.Pages), "t"))
	for _, procs := range []int{1, runtime.NumCPU()} {
		b.Run(fmt.Sprintf("procs=%d", procs), func(b *testing.B) {
			var cpu time.Duration
			for b.Loop() {
				n := len(doc.Pages)
				var wg sync.WaitGroup
				var mu sync.Mutex
				var firstErr error
				for k := range procs {
					first, last := k*n/procs+1, (k+1)*n/procs
					if first > last {
						continue
					}
					wg.Go(func() {
						for _, a := range [][]string{args(1600, first, last, "p"), args(300, first, last, "t")} {
							cmd := exec.Command("pdftoppm", a...)
							out, err := cmd.CombinedOutput()
							mu.Lock()
							if err != nil && firstErr == nil {
								firstErr = fmt.Errorf("pdftoppm: %v\n%s", err, out)
							}
							if cmd.ProcessState != nil {
								cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
							}
							mu.Unlock()
						}
					})
				}
				wg.Wait()
				if firstErr != nil {
					b.Fatal(firstErr)
				}
			}
			n := float64(b.N)
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/n, "ms/edition")
			b.ReportMetric(float64(cpu.Milliseconds())/n, "cpu-ms/edition")
			b.ReportMetric(float64(len(doc.Pages)), "pages")
		})
	}
}

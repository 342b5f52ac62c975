package jpg

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkCorpus decodes every JPEG of the folder JPG_CORPUS at each
// scale (a day's photos: bench/README.md); it is skipped without it.
func BenchmarkCorpus(b *testing.B) {
	dir := os.Getenv("JPG_CORPUS")
	if dir == "" {
		b.Skip("JPG_CORPUS names no folder of pictures")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.jpg"))
	var datas [][]byte
	for _, f := range files {
		d, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		datas = append(datas, d)
	}
	for shift := range 4 {
		b.Run("1/"+string(rune('0'+(1<<shift))), func(b *testing.B) {
			for b.Loop() {
				for _, d := range datas {
					if _, err := Decode(d, shift); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

package shape

import (
	"testing"
)

// BenchmarkShape reports the cost of a word shaped (the cache missed) and of
// a word found in the cache, for English and Devanagari running text.
func BenchmarkShape(b *testing.B) {
	for _, c := range []struct {
		name, file, lang, family string
	}{
		{"en", "protosketch.md", "en", serif},
		{"mr", "udhr-mar.txt", "mr", deva},
	} {
		words := corpusWords(b, c.file)
		f := face(b, c.family, 400)
		b.Run(c.name+"/shaped", func(b *testing.B) {
			s := New()
			fi := s.face(f)
			w := s.worker()
			n := 0
			for b.Loop() {
				w.shape(f, fi, words[n%len(words)], c.lang, false)
				n++
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/word")
		})
		b.Run(c.name+"/first", func(b *testing.B) {
			// a word's first sight, once the face is known: through the
			// pair table for Latin, the shaper for Devanagari
			s := New()
			for _, wd := range words {
				s.Shape(f, wd, c.lang)
			}
			n := 0
			for b.Loop() {
				clear(s.cache)
				for _, wd := range words {
					s.Shape(f, wd, c.lang)
				}
				n += len(words)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/word")
		})
		b.Run(c.name+"/cached", func(b *testing.B) {
			s := New()
			for _, wd := range words {
				s.Shape(f, wd, c.lang)
			}
			n := 0
			for b.Loop() {
				s.Shape(f, words[n%len(words)], c.lang)
				n++
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/word")
		})
	}
}

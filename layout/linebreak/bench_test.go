package linebreak

import (
	"math/rand/v2"
	"testing"
)

// benchParagraphs returns a column's worth of paragraphs, 30 to 150 words
// each, and the number of words.
func benchParagraphs() ([][]Item, int) {
	r := rand.New(rand.NewPCG(7, 11))
	var paras [][]Item
	words := 0
	for words < 3000 {
		n := 30 + r.IntN(121)
		paras = append(paras, randomParagraph(r, n))
		words += n
	}
	return paras, words
}

func benchSettings() Settings {
	s := DefaultSettings()
	s.EmergencyStretch = 4
	return s
}

// BenchmarkBreak sets newspaper-column paragraphs (80pt measure, 9pt type)
// and reports words per second.
func BenchmarkBreak(b *testing.B) {
	paras, words := benchParagraphs()
	s := benchSettings()
	width := Uniform(80)
	var br Breaker
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		for _, p := range paras {
			br.Break(p, width, s)
		}
		n += words
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "words/s")
}

// BenchmarkBreakShaped is BenchmarkBreak with an indented first line and
// a narrower run of lines beside a picture.
func BenchmarkBreakShaped(b *testing.B) {
	paras, words := benchParagraphs()
	s := benchSettings()
	width := func(l int) float64 {
		switch {
		case l == 0:
			return 71
		case l >= 3 && l < 9:
			return 60
		}
		return 80
	}
	var br Breaker
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		for _, p := range paras {
			br.Break(p, width, s)
		}
		n += words
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "words/s")
}

// BenchmarkBreakLooseness asks for one line more, which makes the
// algorithm tell every line count apart.
func BenchmarkBreakLooseness(b *testing.B) {
	paras, words := benchParagraphs()
	s := benchSettings()
	s.Looseness = 1
	width := Uniform(80)
	var br Breaker
	n := 0
	for b.Loop() {
		for _, p := range paras {
			br.Break(p, width, s)
		}
		n += words
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "words/s")
}

// Command gaps measures how wide the word spaces of justified body lines
// are set, straight from the typesetter: for the stories in the folders
// given, set in one column of the given width, it prints the share of lines
// (but each paragraph's last) whose spaces are more than 2, 2.5, 3, 4, 6
// and 10 times a space's width, for the default style and for the one
// before loose lines cost more than TeX's badness. A PDF-based measure
// misses the widest: pdftotext splits a line whose gap is wide enough into
// two.
//
//	go run ./bench/gaps -width 135.2 ../shared/corpus/stories/wikinews ../shared/corpus/stories/18f
package main

import (
	"flag"
	"fmt"
	"log"
	"math"
	"sort"

	"github.com/epaper/epaper/bench/internal/benchday"
	"github.com/epaper/epaper/layout/hyph"
	"github.com/epaper/epaper/layout/linebreak"
	"github.com/epaper/epaper/layout/shape"
	"github.com/epaper/epaper/layout/typeset"
)

func main() {
	width := flag.Float64("width", 135.2, "column width in pt (47.7 mm: six columns of a 330 mm page)")
	size := flag.Float64("size", 9, "body size in pt")
	flag.Parse()
	stories, err := benchday.Stories(flag.Args())
	if err != nil {
		log.Fatal(err)
	}
	f, bold, err := benchday.Faces("")
	if err != nil {
		log.Fatal(err)
	}
	ps := typeset.DefaultParaStyle(f, *size)
	ps.Hyphenator = hyph.English()
	ps.Protrusion = 0
	// the defaults before loose lines cost more than TeX's badness: no
	// hyphen ending a first line, evenness judged over spaces and glyphs
	// and weighed less, a cheaper hyphen, letter spacing from 4.5 times
	// the spaces' stretch
	before := ps
	before.Break.LooseDemerits = 0
	before.Break.SpacesFirst = false
	before.Break.EvenDemerits = 1e6
	before.Break.FirstHyphenDemerits = math.Inf(1)
	before.NarrowHyphenPenalty = 300
	before.TrackFrom = 4.5
	fmt.Printf("%d stories at %.1f pt\n", len(stories), *width)
	for _, c := range []struct {
		name string
		ps   typeset.ParaStyle
	}{{"default", ps}, {"before", before}} {
		set := &typeset.Setter{Breaker: &linebreak.Breaker{}, Shaper: shape.New(), Lang: "en"}
		bs := typeset.BodyStyle{Para: c.ps, Crosshead: bold}
		space := f.Regular.Width(" ", *size)
		var gaps []float64
		lines, hyphenated := 0, 0
		for _, s := range stories {
			for _, ln := range set.Body(s, *width, bs) {
				if ln.Kind != typeset.BodyLine {
					continue
				}
				lines++
				if ln.Hyphenated {
					hyphenated++
				}
				if ln.Last {
					continue
				}
				for i := 1; i < len(ln.Frags); i++ {
					p := ln.Frags[i-1]
					if g := ln.Frags[i].X - (p.X + p.Width); g > 1e-6 {
						gaps = append(gaps, g/space)
						break
					}
				}
			}
		}
		sort.Float64s(gaps)
		fmt.Printf("%-15s %d lines, %.1f%% hyphenated; spaces wider than", c.name, lines, 100*float64(hyphenated)/float64(lines))
		for _, x := range []float64{2, 2.5, 3, 4, 6, 10} {
			wider := len(gaps) - sort.Search(len(gaps), func(i int) bool { return gaps[i] > x })
			fmt.Printf("  %g: %.2f%%", x, 100*float64(wider)/float64(len(gaps)))
		}
		fmt.Printf("; widest %.1f\n", gaps[len(gaps)-1])
	}
}

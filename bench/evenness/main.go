// Command evenness measures the grey of justified body text straight from
// the typesetter, with the figures pdfquality.py takes from a PDF: the
// stories in the folders given are set in one column, each paragraph as
// the build sets it, and the lines but each paragraph's last are measured.
// It takes a fraction of a second where the PDF route takes half a minute,
// and sees the lines pdftotext splits in two; its flags change one setting
// of the default style at a time, to find what a figure answers to.
//
//	go run ./bench/evenness /tmp/day114
//	go run ./bench/evenness -expand 0.04 /tmp/day114
//
// Figures (gaps in ems of the body size; pdfquality.py measures in ems of
// the height pdftotext gives a word, 1.37 times the size in Source Serif 4):
//
//	median      the median of the lines' mean word gaps
//	loose       % of lines whose mean gap is above 1.8 times the median
//	tight       % below 0.6 times the median
//	jitter      mean difference of the gaps of neighbouring lines, first
//	            lines left out: pdfquality.py pairs lines that share a left
//	            edge, and an indented first line has its own
//	hyph, run   % of lines ending in a hyphen, the longest run of them
//	expanded    % of lines whose glyphs are widened or narrowed
//	tracked     % of lines letter-spaced
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"sort"

	"github.com/epaper/epaper/bench/internal/benchday"
	"github.com/epaper/epaper/layout/hyph"
	"github.com/epaper/epaper/layout/linebreak"
	"github.com/epaper/epaper/layout/shape"
	"github.com/epaper/epaper/layout/typeset"
	"github.com/epaper/epaper/story"
)

// figures are what evenness reports.
type figures struct {
	Lines    int     `json:"lines"`
	Median   float64 `json:"median_em"`
	Loose    float64 `json:"loose_pct"`
	Tight    float64 `json:"tight_pct"`
	Jitter   float64 `json:"jitter_em"`
	Hyph     float64 `json:"hyph_pct"`
	Run      int     `json:"hyph_run_max"`
	Expanded float64 `json:"expanded_pct"`
	Tracked  float64 `json:"tracked_pct"`
}

func main() {
	width := flag.Float64("width", 135.2, "column width in pt (47.7 mm: six columns of a 330 mm page)")
	size := flag.Float64("size", 9, "body size in pt")
	face := flag.String("face", "", "body family, or a TrueType file (default: the sample's)")
	asJSON := flag.Bool("json", false, "print the figures as JSON")
	// the default style's settings, one flag each
	d := typeset.DefaultParaStyle(typeset.Faces{}, *size)
	stretch := flag.Float64("space-stretch", d.SpaceStretch, "word spaces' stretch, a fraction of a space")
	shrink := flag.Float64("space-shrink", d.SpaceShrink, "word spaces' shrink, a fraction of a space")
	expand := flag.Float64("expand", d.ExpandStretch, "most a line's glyphs widen or narrow, a fraction of their width")
	letter := flag.Float64("letter", d.LetterStretch, "most letter spacing a line may take as a rescue, in ems")
	trackFrom := flag.Float64("track-from", d.TrackFrom, "spaces' stretch, in stretches, beyond which letter spacing rescues a line")
	hyphen := flag.Float64("hyphen-penalty", d.HyphenPenalty, "hyphen penalty")
	narrow := flag.Float64("narrow-hyphen-penalty", d.NarrowHyphenPenalty, "added to the hyphen penalty per em the column is narrower than 19 ems")
	even := flag.Float64("even", d.Break.EvenDemerits, "demerits for neighbouring lines spaced unlike (times the ratios' difference squared)")
	looseRatio := flag.Float64("loose-ratio", d.Break.LooseRatio, "spaces' ratio beyond which a line costs LooseDemerits")
	looseD := flag.Float64("loose-demerits", d.Break.LooseDemerits, "demerits of a loose line")
	firstD := flag.Float64("first-hyphen", d.Break.FirstHyphenDemerits, "demerits of a first line ending in a hyphen")
	repeatD := flag.Float64("repeat-first-hyphen", d.RepeatFirstHyphenDemerits, "added when the first line before ended in one too")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: evenness [flags] FOLDER...")
		flag.PrintDefaults()
		os.Exit(2)
	}
	stories, err := benchday.Stories(flag.Args())
	if err != nil {
		log.Fatal(err)
	}
	body, bold, err := benchday.Faces(*face)
	if err != nil {
		log.Fatal(err)
	}
	ps := typeset.DefaultParaStyle(body, *size)
	ps.Hyphenator = hyph.English()
	ps.Protrusion = 0 // as the bench editions set it: pdfquality.py wants flush lines
	ps.SpaceStretch, ps.SpaceShrink = *stretch, *shrink
	ps.ExpandStretch, ps.ExpandShrink = *expand, *expand
	ps.LetterStretch, ps.TrackFrom = *letter, *trackFrom
	ps.HyphenPenalty, ps.NarrowHyphenPenalty = *hyphen, *narrow
	ps.Break.EvenDemerits = *even
	ps.Break.LooseRatio, ps.Break.LooseDemerits = *looseRatio, *looseD
	ps.Break.FirstHyphenDemerits = *firstD
	ps.RepeatFirstHyphenDemerits = *repeatD
	set := &typeset.Setter{Breaker: &linebreak.Breaker{}, Shaper: shape.New(), Lang: "en"}
	f := measure(set, stories, *width, typeset.BodyStyle{Para: ps, Crosshead: bold})
	if *asJSON {
		json.NewEncoder(os.Stdout).Encode(f)
		return
	}
	fmt.Printf("%d stories, %d lines at %.1f pt: median gap %.3f em, loose %.2f%%, tight %.2f%%, jitter %.4f em, hyphenated %.2f%% (run %d), expanded %.1f%%, letter-spaced %.2f%%\n",
		len(stories), f.Lines, *width, f.Median, f.Loose, f.Tight, f.Jitter, f.Hyph, f.Run, f.Expanded, f.Tracked)
}

// line is what is measured of a justified line.
type line struct {
	gap   float64 // mean word gap, in ems
	at    int     // the line's number among all lines set
	first bool
}

func measure(set *typeset.Setter, stories []*story.Story, width float64, bs typeset.BodyStyle) figures {
	var f figures
	var just []line
	n, hyphens, run, expanded, tracked := 0, 0, 0, 0, 0
	size := bs.Para.Size
	for _, s := range stories {
		n += 2 // stories are not neighbours
		run = 0
		for _, ln := range set.Body(s, width, bs) {
			n++
			if ln.Kind != typeset.BodyLine {
				run = 0
				continue
			}
			f.Lines++
			if ln.Hyphenated {
				hyphens++
				run++
				f.Run = max(f.Run, run)
			} else {
				run = 0
			}
			if ln.Last {
				continue
			}
			// pdfquality.py's justified lines have three words or more
			var sum float64
			gaps := 0
			for i := 1; i < len(ln.Frags); i++ {
				p := ln.Frags[i-1]
				if g := ln.Frags[i].X - (p.X + p.Width); g > 1e-6 {
					sum += g
					gaps++
				}
			}
			if gaps < 2 {
				continue
			}
			if ln.Expand != 0 {
				expanded++
			}
			if ln.Tracking != 0 {
				tracked++
			}
			just = append(just, line{gap: sum / float64(gaps) / size, at: n, first: ln.First})
		}
	}
	if len(just) == 0 {
		return f
	}
	gaps := make([]float64, len(just))
	for i, l := range just {
		gaps[i] = l.gap
	}
	sort.Float64s(gaps)
	f.Median = gaps[len(gaps)/2]
	loose, tight := 0, 0
	for _, g := range gaps {
		if g > 1.8*f.Median {
			loose++
		}
		if g < 0.6*f.Median {
			tight++
		}
	}
	var jit float64
	pairs := 0
	for i := 1; i < len(just); i++ {
		a, b := just[i-1], just[i]
		// neighbours, or a paragraph's last line between them
		if d := b.at - a.at; d >= 1 && d <= 2 && !a.first && !b.first {
			jit += math.Abs(b.gap - a.gap)
			pairs++
		}
	}
	pct := func(k, of int) float64 { return math.Round(1e4*float64(k)/float64(max(of, 1))) / 100 }
	f.Loose, f.Tight = pct(loose, len(just)), pct(tight, len(just))
	f.Jitter = math.Round(1e4*jit/float64(max(pairs, 1))) / 1e4
	f.Hyph = pct(hyphens, f.Lines)
	f.Expanded, f.Tracked = pct(expanded, len(just)), pct(tracked, len(just))
	f.Median = math.Round(1e3*f.Median) / 1e3
	return f
}

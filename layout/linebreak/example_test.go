package linebreak_test

import (
	"fmt"

	"github.com/epaper/epaper/layout/linebreak"
)

func ExampleBreak() {
	// "The night desk works against the clock", one box per word, in a
	// measure of 56pt.
	var items []linebreak.Item
	for i, w := range []float64{14, 20, 18, 22, 30, 14, 24} {
		if i > 0 {
			items = append(items, linebreak.NewGlue(2.5, 1.5, 0.8))
		}
		items = append(items, linebreak.NewBox(w))
	}
	items = linebreak.Finish(items)
	res := linebreak.Break(items, linebreak.Uniform(56), linebreak.DefaultSettings())
	for _, l := range res.Lines {
		fmt.Printf("items %d-%d ratio %.2f\n", l.Start, l.End, l.Ratio)
	}
	// Output:
	// items 0-5 ratio -0.62
	// items 6-9 ratio 1.00
	// items 10-15 ratio 0.00
}

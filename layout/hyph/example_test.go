package hyph_test

import (
	"fmt"

	"github.com/epaper/epaper/layout/hyph"
)

func ExampleHyphenator_Hyphenate() {
	en := hyph.English()
	for _, w := range []string{"hyphenation", "newspaper,", "typesetting", "table", "long-term"} {
		fmt.Println(en.Hyphenate(w, "-"))
	}
	// Output:
	// hy-phen-ation
	// news-pa-per,
	// type-set-ting
	// ta-ble
	// long-term
}

func ExampleHyphenator_Points() {
	for _, p := range hyph.English().Points("“Newspaper”") {
		fmt.Println(p.Offset, p.Explicit)
	}
	fmt.Println(hyph.English().Points("well-known"))
	fmt.Println(hyph.Hindi().Hyphenate("विद्यालय", "-"))
	// Output:
	// 7 false
	// 9 false
	// [{5 true}]
	// विद्या-लय
}

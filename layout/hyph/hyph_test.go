package hyph

import (
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestEnglishKnown(t *testing.T) {
	h := English()
	for _, c := range []struct{ word, want string }{
		{"hyphenation", "hy-phen-ation"},
		{"newspaper", "news-pa-per"},
		{"project", "project"}, // an exception without points
		{"table", "ta-ble"},    // an exception
		{"algorithm", "al-go-rithm"},
		{"typesetting", "type-set-ting"},
		{"paragraph", "para-graph"},
		{"computer", "com-puter"}, // "put-er" would leave two letters
		{"information", "in-for-ma-tion"},
		{"government", "gov-ern-ment"},
		{"photograph", "pho-to-graph"},
		{"nevertheless", "nev-er-the-less"},
		{"justification", "jus-ti-fi-ca-tion"},
		{"breaking", "break-ing"},
		{"international", "in-ter-na-tional"},
		{"Hyphenation", "Hy-phen-ation"},
		{"HyPhEnAtIoN", "Hy-PhEn-AtIoN"},
	} {
		if got := h.Hyphenate(c.word, "-"); got != c.want {
			t.Errorf("Hyphenate(%q) = %q, want %q", c.word, got, c.want)
		}
	}
}

func TestExceptions(t *testing.T) {
	h := English()
	src, err := os.ReadFile("patterns/hyph-en-us.hyp.txt")
	if err != nil {
		t.Fatal(err)
	}
	words := strings.Fields(string(src))
	if len(words) != 14 {
		t.Fatalf("%d exceptions, want 14", len(words))
	}
	for _, spelt := range words {
		plain := strings.ReplaceAll(spelt, "-", "")
		if got := h.Hyphenate(plain, "-"); got != spelt {
			t.Errorf("Hyphenate(%q) = %q, want %q as listed", plain, got, spelt)
		}
	}
	// Without the exception, the patterns would break "project" and "table"
	// elsewhere or not at all; the list wins.
	if pts := h.Points("projects"); pts != nil {
		t.Errorf("projects: %v, want nil", pts)
	}
}

// refLiang is a deliberately naive Liang implementation over a map of
// pattern strings, used to check the trie.
type refLiang struct {
	pats map[string][]int
	exc  map[string][]int
}

func loadRef(t testing.TB) *refLiang {
	t.Helper()
	r := &refLiang{pats: map[string][]int{}, exc: map[string][]int{}}
	src, err := os.ReadFile("patterns/hyph-en-us.pat.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range strings.Fields(string(src)) {
		var letters []byte
		vals := []int{0}
		for i := 0; i < len(p); i++ {
			if p[i] >= '0' && p[i] <= '9' {
				vals[len(vals)-1] = int(p[i] - '0')
			} else {
				letters = append(letters, p[i])
				vals = append(vals, 0)
			}
		}
		r.pats[string(letters)] = vals
	}
	src, err = os.ReadFile("patterns/hyph-en-us.hyp.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range strings.Fields(string(src)) {
		var pts []int
		n := 0
		for i := 0; i < len(e); i++ {
			if e[i] == '-' {
				pts = append(pts, n)
			} else {
				n++
			}
		}
		r.exc[strings.ReplaceAll(e, "-", "")] = pts
	}
	return r
}

// points returns the letter indices of the points of an ASCII word.
func (r *refLiang) points(word string, left, right, minWord int) []int {
	word = strings.ToLower(word)
	if len(word) < minWord {
		return nil
	}
	var raw []int
	if e, ok := r.exc[word]; ok {
		raw = e
	} else {
		w := "." + word + "."
		v := make([]int, len(w)+1)
		for i := 0; i < len(w); i++ {
			for j := i + 1; j <= len(w); j++ {
				if p, ok := r.pats[w[i:j]]; ok {
					for k, x := range p {
						v[i+k] = max(v[i+k], x)
					}
				}
			}
		}
		for k := 1; k < len(word); k++ {
			if v[k+1]%2 == 1 {
				raw = append(raw, k)
			}
		}
	}
	var out []int
	for _, k := range raw {
		if k >= left && len(word)-k >= right {
			out = append(out, k)
		}
	}
	return out
}

func proseWords(t testing.TB) []string {
	t.Helper()
	src, err := os.ReadFile("testdata/prose.txt")
	if err != nil {
		t.Fatal(err)
	}
	return strings.Fields(string(src))
}

// asciiCore strips non-letters around a token and keeps its first run of
// letters, or returns "" when that run is not plain ASCII.
func asciiCore(tok string) (core string, start int) {
	i := 0
	for i < len(tok) && !isASCIILetter(tok[i]) {
		i++
	}
	j := i
	for j < len(tok) && isASCIILetter(tok[j]) {
		j++
	}
	return tok[i:j], i
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func TestAgainstReference(t *testing.T) {
	ref := loadRef(t)
	h := English()
	s := h.Settings()
	extra := []string{
		"supercalifragilisticexpialidocious", "antidisestablishmentarianism",
		"characteristically", "uncopyrightable", "representatives", "democratic",
		"electroencephalography", "incomprehensibilities", "hippopotamus",
		"associates", "declination", "reciprocity", "philanthropic", "retribution",
	}
	checked := 0
	for _, tok := range append(proseWords(t), extra...) {
		core, start := asciiCore(tok)
		if core == "" || strings.ToUpper(core) == core {
			continue
		}
		var want []Point
		for _, k := range ref.points(core, s.LeftMin, s.RightMin, s.MinWord) {
			want = append(want, Point{Offset: start + k})
		}
		if got := h.Points(tok); !reflect.DeepEqual(got, want) {
			t.Errorf("Points(%q) = %v, reference %v", tok, got, want)
		}
		checked++
	}
	if checked < 600 {
		t.Errorf("only %d words checked", checked)
	}
}

func TestMinimums(t *testing.T) {
	h := English()
	if s := h.Settings(); s != (Settings{LeftMin: 2, RightMin: 3, MinWord: 5}) {
		t.Errorf("English settings %+v", s)
	}
	for _, c := range []struct {
		s    Settings
		word string
		want string
	}{
		{Settings{LeftMin: 1, RightMin: 1, MinWord: 1}, "computer", "com-put-er"},
		{Settings{LeftMin: 3, RightMin: 3, MinWord: 5}, "hyphenation", "hyphen-ation"},
		{Settings{LeftMin: 2, RightMin: 5, MinWord: 5}, "hyphenation", "hy-phen-ation"},
		{Settings{LeftMin: 2, RightMin: 6, MinWord: 5}, "hyphenation", "hy-phenation"},
		{Settings{LeftMin: 2, RightMin: 3, MinWord: 12}, "hyphenation", "hyphenation"},
		{Settings{LeftMin: 2, RightMin: 3, MinWord: 11}, "hyphenation", "hy-phen-ation"},
		{Settings{LeftMin: 2, RightMin: 3, MinWord: 5}, "ta-ble", "ta-ble"},
		{Settings{LeftMin: 3, RightMin: 3, MinWord: 5}, "table", "table"},
		{Settings{}, "computer", "com-put-er"}, // zeros are taken as 1
	} {
		hs := h.WithSettings(c.s)
		if got := hs.Hyphenate(c.word, "-"); got != c.want {
			t.Errorf("%+v: Hyphenate(%q) = %q, want %q", c.s, c.word, got, c.want)
		}
	}
	if h.Settings().LeftMin != 2 {
		t.Error("WithSettings changed the shared hyphenator")
	}
}

func TestPunctuation(t *testing.T) {
	h := English()
	base := h.Points("newspaper")
	if len(base) != 2 {
		t.Fatalf("newspaper: %v", base)
	}
	for _, c := range []struct {
		word  string
		shift int
	}{
		{"newspaper,", 0},
		{"newspaper.", 0},
		{"(newspaper)", 1},
		{"\"newspaper\"", 1},
		{"“newspaper”", len("“")},
		{"‘newspaper’,", len("‘")},
		{"newspaper's", 0},
		{"newspaper’s", 0},
		{"[newspaper];", 1},
		{"newspaper!?", 0},
		{"—newspaper", len("—")},
	} {
		got := h.Points(c.word)
		if len(got) != len(base) {
			t.Errorf("Points(%q) = %v", c.word, got)
			continue
		}
		for i := range got {
			if got[i].Offset != base[i].Offset+c.shift || got[i].Explicit {
				t.Errorf("Points(%q) = %v, want %v shifted by %d", c.word, got, base, c.shift)
				break
			}
		}
	}
}

func TestNil(t *testing.T) {
	h := English()
	for _, w := range []string{
		"", "a", "the", "text", "word", // shorter than five letters
		"1990s", "COVID19", "x2y2hyphenation", "3rd", "१२३४५",
		"https://example.com/newspaper", "www.newspaper.com", "WWW.Newspaper.Com",
		"desk@newspaper.com", "and/or", "either/otherwise",
		"UNESCO", "NASA's", // acronyms
		"...", "—", "“”", "--", "project", "presents",
		"o'clock", // only "o" is a word
	} {
		if pts := h.Points(w); pts != nil {
			t.Errorf("Points(%q) = %v, want nil", w, pts)
		}
	}
}

func TestExplicitHyphens(t *testing.T) {
	h := English()
	for _, c := range []struct {
		word string
		want []Point
	}{
		{"long-term", []Point{{5, true}}},
		{"well-known", []Point{{5, true}}},
		{"follow-up", nil}, // "up" is shorter than RightMin
		{"e-mail", nil},    // "e" is shorter than LeftMin
		{"e-mail-based", []Point{{7, true}}},
		{"state-of-the-art", []Point{{6, true}, {9, true}, {13, true}}},
		{"up-to-date", []Point{{3, true}, {6, true}}},
		{"newspaper–television", []Point{{len("newspaper–"), true}}},
		{"newspaper—television", []Point{{len("newspaper—"), true}}},
		{"newspaper‐television", []Point{{len("newspaper‐"), true}}},
		// A no-break hyphen is no break: only the first word is hyphenated.
		{"newspaper‑television", []Point{{4, false}, {6, false}}},
		{"(long-term)", []Point{{6, true}}},
		{"long--term", []Point{{6, true}}},
		{"anti-", nil},
		{"-newspaper", []Point{{5, false}, {7, false}}},
		{"pre-", nil},
	} {
		if got := h.Points(c.word); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Points(%q) = %v, want %v", c.word, got, c.want)
		}
	}
	if got := h.Hyphenate("long-term", "="); got != "long-term" {
		t.Errorf("Hyphenate added a hyphen at an explicit one: %q", got)
	}
}

func TestSoftHyphens(t *testing.T) {
	h := English()
	w := "news\u00adpaper"
	want := []Point{{len("news\u00ad"), false}}
	if got := h.Points(w); !reflect.DeepEqual(got, want) {
		t.Errorf("Points(%q) = %v, want %v", w, got, want)
	}
	w = "a\u00adb\u00adc"
	want = []Point{{3, false}, {6, false}}
	if got := h.Points(w); !reflect.DeepEqual(got, want) {
		t.Errorf("Points(%q) = %v, want %v", w, got, want)
	}
}

func TestNoCapitalized(t *testing.T) {
	h := English()
	if h.PointsNoCaps("Hyphenation") != nil || h.PointsNoCaps("“Hyphenation”") != nil {
		t.Error("PointsNoCaps hyphenated a capitalised word")
	}
	if h.PointsNoCaps("Long-term") != nil {
		t.Error("PointsNoCaps broke a capitalised compound")
	}
	if len(h.PointsNoCaps("hyphenation")) != 2 {
		t.Error("PointsNoCaps refused a lower-case word")
	}
	hs := h.WithSettings(Settings{LeftMin: 2, RightMin: 3, MinWord: 5, NoCapitalized: true})
	if hs.Points("Newspaper") != nil || len(hs.Points("newspaper")) != 2 {
		t.Error("NoCapitalized setting not honoured")
	}
	if len(h.Points("Newspaper")) != 2 {
		t.Error("Points refused a capitalised word")
	}
}

func TestAccents(t *testing.T) {
	h := English()
	// A combining accent stays with its letter.
	w := "hyphe\u0301nation"
	for _, p := range h.Points(w) {
		r, _ := utf8.DecodeRuneInString(w[p.Offset:])
		if unicode.IsMark(r) {
			t.Errorf("point before a combining mark in %q at %d", w, p.Offset)
		}
	}
	// Upper case letters whose lower case is shorter in UTF-8 keep offsets right.
	w = "İnformation"
	pts := h.Points(w)
	if len(pts) == 0 {
		t.Fatalf("Points(%q) = nil", w)
	}
	for _, p := range pts {
		if !utf8.RuneStart(w[p.Offset]) {
			t.Errorf("offset %d not on a rune boundary in %q", p.Offset, w)
		}
	}
	if got := h.Hyphenate(w, "-"); got != "İn-for-ma-tion" {
		t.Errorf("Hyphenate(%q) = %q", w, got)
	}
}

func TestDevanagari(t *testing.T) {
	for _, h := range []*Hyphenator{Hindi(), Marathi()} {
		if s := h.Settings(); s != (Settings{LeftMin: 2, RightMin: 2, MinWord: 4}) {
			t.Errorf("%s settings %+v", h.Language(), s)
		}
		for _, c := range []struct{ word, want string }{
			{"विद्यालय", "विद्या-लय"},          // vi dyā la ya: the conjunct dyā stays whole
			{"महाराष्ट्र", "महा-राष्ट्र"},      // ma hā rā ṣṭra
			{"राजनीति", "राज-नीति"},            // rā ja nī ti
			{"प्रधानमंत्री", "प्रधा-न-मंत्री"}, // pra dhā na maṃ trī
			{"अंतरराष्ट्रीय", "अंत-र-रा-ष्ट्रीय"},
			{"हिन्दी", "हिन्दी"},   // two clusters
			{"मुंबई", "मुंबई"},     // three clusters
			{"संयुक्त", "संयुक्त"}, // three clusters
			{"“विद्यालय”।", "“विद्या-लय”।"},
		} {
			if got := h.Hyphenate(c.word, "-"); got != c.want {
				t.Errorf("%s: Hyphenate(%q) = %q, want %q", h.Language(), c.word, got, c.want)
			}
		}
		// No point ever falls before a sign that belongs to the letter
		// before it, or right after a virama.
		for _, w := range []string{"विद्यालय", "प्रधानमंत्री", "अंतरराष्ट्रीय", "क्‍षत्रियों", "स्वतंत्रता", "उत्तरप्रदेश", "कर्नाटक", "शिक्षामंत्री"} {
			for _, p := range h.Points(w) {
				next, _ := utf8.DecodeRuneInString(w[p.Offset:])
				prev, _ := utf8.DecodeLastRuneInString(w[:p.Offset])
				if extends(next) || joiningVirama(prev) || prev == zwj {
					t.Errorf("%s: point inside a cluster in %q at %d", h.Language(), w, p.Offset)
				}
			}
		}
	}
}

func TestClusters(t *testing.T) {
	count := func(w string) int {
		c := clusterer{first: true}
		n := 0
		for _, r := range w {
			if c.starts(r) {
				n++
			}
		}
		return n
	}
	for _, c := range []struct {
		w string
		n int
	}{
		{"क", 1}, {"कि", 1}, {"क्ष", 1}, {"क्‍ष", 1}, {"क्‌ष", 2}, {"स्त्री", 1},
		{"मंत्री", 2}, {"हिन्दी", 2}, {"क़", 1}, {"कः", 1}, {"ab\u0301c", 3},
	} {
		if got := count(c.w); got != c.n {
			t.Errorf("%q: %d clusters, want %d", c.w, got, c.n)
		}
	}
}

func TestForLanguage(t *testing.T) {
	for tag, want := range map[string]*Hyphenator{
		"en": English(), "en-US": English(), "EN_us": English(), "en-IN": English(),
		"hi": Hindi(), "hi-IN": Hindi(), "mr": Marathi(), "mr-IN": Marathi(),
		"fr": nil, "": nil, "ur": nil, "ar": nil,
	} {
		if got := ForLanguage(tag); got != want {
			t.Errorf("ForLanguage(%q) = %v, want %v", tag, got, want)
		}
	}
}

func TestConcurrent(t *testing.T) {
	words := proseWords(t)
	want := make([][]Point, len(words))
	for i, w := range words {
		want[i] = English().Points(w)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := ForLanguage("en")
			for i, w := range words {
				if got := h.Points(w); !reflect.DeepEqual(got, want[i]) {
					t.Errorf("concurrent Points(%q) = %v, want %v", w, got, want[i])
					return
				}
			}
			Hindi().Points("विद्यालय")
		}()
	}
	wg.Wait()
}

func TestAppendPointsAllocs(t *testing.T) {
	h := English()
	dst := make([]Point, 0, 16)
	words := []string{"hyphenation", "newspaper,", "“Typesetting”", "long-term", "table"}
	allocs := testing.AllocsPerRun(100, func() {
		for _, w := range words {
			dst = h.AppendPoints(dst[:0], w)
		}
	})
	if allocs != 0 {
		t.Errorf("AppendPoints allocates %.1f times per run", allocs)
	}
}

func TestLongWord(t *testing.T) {
	h := English()
	w := strings.Repeat("hyphenation", 20) // past the stack buffers
	pts := h.Points(w)
	if len(pts) < 20 {
		t.Fatalf("long word: %d points", len(pts))
	}
	one := h.Points("hyphenationhyphenation")
	if len(one) == 0 || pts[0] != one[0] {
		t.Errorf("long word starts %v, short %v", pts[:1], one)
	}
}

func TestPatternErrors(t *testing.T) {
	for _, src := range []string{"a1b\na1b", "\xff1", "12"} {
		if _, err := buildTrie(src); err == nil {
			t.Errorf("buildTrie(%q) accepted", src)
		}
	}
	tr, err := buildTrie("% comment\n.a1b % trailing comment\n\n 2c3 ")
	if err != nil || tr.maxLen != 3 {
		t.Fatalf("buildTrie: %v %+v", err, tr)
	}
}

func checkPoints(t *testing.T, h *Hyphenator, word string, pts []Point) {
	t.Helper()
	last := 0
	valid := map[int]bool{}
	for i := range word {
		valid[i] = true
	}
	s := h.Settings()
	for _, p := range pts {
		if p.Offset <= last || p.Offset >= len(word) {
			t.Fatalf("Points(%q) = %v: offsets not increasing inside the word", word, pts)
		}
		if !valid[p.Offset] {
			t.Fatalf("Points(%q) = %v: offset %d not on a rune boundary", word, pts, p.Offset)
		}
		last = p.Offset
		if p.Explicit {
			prev, _ := utf8.DecodeLastRuneInString(word[:p.Offset])
			if !isBreakHyphen(prev) {
				t.Fatalf("Points(%q) = %v: explicit point not after a hyphen", word, pts)
			}
			continue
		}
		prev, _ := utf8.DecodeLastRuneInString(word[:p.Offset])
		if prev == shy {
			continue
		}
		next, _ := utf8.DecodeRuneInString(word[p.Offset:])
		if !isWordRune(prev) || !isWordRune(next) || extends(next) || joiningVirama(prev) {
			t.Fatalf("Points(%q) = %v: point at %d not between clusters", word, pts, p.Offset)
		}
		left, right := 0, 0
		for _, r := range word[:p.Offset] {
			if isWordRune(r) {
				left++
			}
		}
		for _, r := range word[p.Offset:] {
			if isWordRune(r) {
				right++
			}
		}
		if left < s.LeftMin || right < s.RightMin || left+right < s.MinWord {
			t.Fatalf("Points(%q) = %v: minimums %+v broken at %d", word, pts, s, p.Offset)
		}
	}
}

func FuzzPoints(f *testing.F) {
	for _, w := range []string{
		"hyphenation", "newspaper,", "“Typesetting”", "long-term", "news\u00adpaper",
		"विद्यालय", "क्‍षत्रियों", "e-mail", "İnformation", "\xffabc\xfe", "a\u0301\u0301b",
	} {
		f.Add(w)
	}
	hs := []*Hyphenator{English(), Hindi(), Marathi(),
		English().WithSettings(Settings{LeftMin: 1, RightMin: 1, MinWord: 1})}
	f.Fuzz(func(t *testing.T, word string) {
		for _, h := range hs {
			pts := h.Points(word)
			checkPoints(t, h, word, pts)
			if nc := h.PointsNoCaps(word); len(nc) > len(pts) {
				t.Fatalf("PointsNoCaps(%q) = %v has more points than Points %v", word, nc, pts)
			}
		}
	})
}

func BenchmarkPoints(b *testing.B) {
	words := proseWords(b)
	for len(words) < 3000 {
		words = append(words, words...)
	}
	h := English()
	dst := make([]Point, 0, 32)
	b.ResetTimer()
	n := 0
	for b.Loop() {
		for _, w := range words {
			dst = h.AppendPoints(dst[:0], w)
		}
		n += len(words)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/word")
}

func BenchmarkPointsHindi(b *testing.B) {
	words := strings.Fields("भारत के प्रधानमंत्री ने राष्ट्रीय राजधानी में अंतरराष्ट्रीय सम्मेलन का उद्घाटन किया और विद्यालयों में शिक्षा की गुणवत्ता पर ज़ोर दिया")
	h := Hindi()
	dst := make([]Point, 0, 32)
	n := 0
	for b.Loop() {
		for _, w := range words {
			dst = h.AppendPoints(dst[:0], w)
		}
		n += len(words)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/word")
}

// TestIndicLanguages hyphenates words of each Indian language with
// patterns: breaks fall between aksharas, never inside a conjunct, and a
// Tamil consonant with pulli ends a syllable of its own.
func TestIndicLanguages(t *testing.T) {
	for _, c := range []struct{ lang, word, want string }{
		{"bn", "মানবাধিকারের", "মান-বা-ধি-কা-রের"},
		{"bn", "অবিচ্ছেদ্য", "অবি-চ্ছেদ্য"}, // cchhe and dya stay whole
		{"as", "স্বাধীনতা", "স্বাধী-নতা"},
		{"gu", "આંતરરાષ્ટ્રીય", "આંત-ર-રા-ષ્ટ્રીય"},
		{"gu", "ગુજરાતી", "ગુજ-રાતી"},
		{"pa", "ਅਧਿਕਾਰਾਂ", "ਅਧਿ-ਕਾਰਾਂ"},
		{"pa", "ਸੁਤੰਤਰਤਾ", "ਸੁਤੰਤ-ਰਤਾ"},
		{"kn", "ಅಂತರರಾಷ್ಟ್ರೀಯ", "ಅಂತ-ರ-ರಾ-ಷ್ಟ್ರೀಯ"},
		{"kn", "ಕನ್ನಡ", "ಕನ್ನಡ"}, // two aksharas
		{"ml", "മനുഷ്യാവകാശങ്ങൾ", "മനു-ഷ്യാ-വ-കാ-ശ-ങ്ങൾ"},
		{"ml", "മലയാളം", "മല-യാളം"},
		{"ta", "சுதந்திரம்", "சுதந்-தி-ரம்"},
		{"ta", "தமிழ்நாடு", "தமிழ்-நாடு"},
		{"te", "అంతర్జాతీయ", "అంత-ర్జా-తీయ"},
		{"te", "మానవహక్కుల", "మాన-వ-హ-క్కుల"},
		{"or", "ସ୍ୱାଧୀନତା", "ସ୍ୱାଧୀ-ନତା"},
		{"or", "ଭାରତୀୟ", "ଭାର-ତୀୟ"},
	} {
		h := ForLanguage(c.lang)
		if h == nil {
			t.Fatalf("%s: no hyphenator", c.lang)
		}
		if s := h.Settings(); s != indicSettings {
			t.Errorf("%s settings %+v", c.lang, s)
		}
		if got := h.Hyphenate(c.word, "-"); got != c.want {
			t.Errorf("%s: Hyphenate(%q) = %q, want %q", c.lang, c.word, got, c.want)
		}
		for _, p := range h.Points(c.word) {
			prev, _ := utf8.DecodeLastRuneInString(c.word[:p.Offset])
			next, _ := utf8.DecodeRuneInString(c.word[p.Offset:])
			if extends(next) || joiningVirama(prev) || prev == zwj {
				t.Errorf("%s: point inside a cluster in %q at %d", c.lang, c.word, p.Offset)
			}
		}
	}
	if got := strings.Join(Languages(), " "); got != "as bn en gu hi kn ml mr or pa ta te" {
		t.Errorf("Languages() = %s", got)
	}
}

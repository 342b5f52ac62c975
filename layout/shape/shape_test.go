package shape

import (
	"fmt"
	"sync"
	"testing"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/harfbuzz"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/fonts"
)

func face(tb testing.TB, family string, weight int) *fonts.Face {
	tb.Helper()
	reg, err := fonts.Default()
	if err != nil {
		tb.Fatal(err)
	}
	f, err := reg.Face(family, weight, false)
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

const (
	deva  = "Noto Serif Devanagari"
	serif = "Source Serif 4"
	news  = "Newsreader" // 2,000 units per em
)

// hardWord is a word whose shaping is easy to get wrong.
type hardWord struct {
	family string
	weight int
	lang   string
	word   string
	what   string
	rtl    bool
}

// shapeHard shapes a hard word in its direction.
func shapeHard(s *Shaper, f *fonts.Face, h hardWord) ([]display.Glyph, int) {
	if h.rtl {
		return s.ShapeRTL(f, h.word, h.lang)
	}
	return s.Shape(f, h.word, h.lang)
}

const (
	beng  = "Noto Serif Bengali"
	gujr  = "Noto Serif Gujarati"
	guru  = "Noto Serif Gurmukhi"
	knda  = "Noto Serif Kannada"
	mlym  = "Noto Serif Malayalam"
	orya  = "Noto Sans Oriya"
	taml  = "Noto Serif Tamil"
	telu  = "Noto Serif Telugu"
	nasta = "Noto Nastaliq Urdu"
	naskh = "Noto Naskh Arabic"
)

// scriptWords are the hard cases of the other Indian scripts and of Arabic
// script: conjuncts, reph, reordered and two-part vowel signs, Tamil and
// Malayalam ligatures and chillus, Nastaliq's joining and cascade.
var scriptWords = []hardWord{
	{beng, 400, "bn", "ক্ষমতা", "kṣa", false},
	{beng, 400, "bn", "স্বাধীনতা", "sva, i sign", false},
	{beng, 400, "bn", "কৌশল", "two-part au sign around its consonant", false},
	{beng, 400, "bn", "কোন", "two-part o sign", false},
	{beng, 400, "bn", "প্রতিষ্ঠা", "ra-phala, ṣṭha", false},
	{beng, 400, "bn", "অর্থ", "reph", false},
	{beng, 400, "bn", "রূপে", "ra with ū, e sign before", false},
	{beng, 700, "bn", "বৈশিষ্ট্য", "ai sign, ṣṭya, bold", false},
	{beng, 400, "bn", "জ্ঞান", "jña", false},
	{beng, 400, "bn", "উদ্ভব", "dbha", false},
	{gujr, 400, "gu", "પ્રતિષ્ઠા", "ra below, ṣṭha", false},
	{gujr, 400, "gu", "સ્વતંત્રતા", "half sa, tra", false},
	{gujr, 400, "gu", "ક્ષમા", "kṣa", false},
	{gujr, 400, "gu", "ધર્મ", "reph", false},
	{gujr, 400, "gu", "જ્ઞાન", "jña", false},
	{gujr, 400, "gu", "કિંમત", "i sign reordered, anusvara", false},
	{guru, 400, "pa", "ਪ੍ਰਧਾਨ", "subjoined ra", false},
	{guru, 400, "pa", "ਕਿਤਾਬ", "i sign reordered", false},
	{guru, 400, "pa", "ਅਜ਼ਾਦੀ", "nukta", false},
	{guru, 400, "pa", "ਮਨੁੱਖੀ", "addak, u sign", false},
	{guru, 700, "pa", "ਪੰਜਾਬੀ", "tippi, bold", false},
	{knda, 400, "kn", "ಸ್ವಾತಂತ್ರ್ಯ", "subjoined va, tra, ya", false},
	{knda, 400, "kn", "ಕರ್ನಾಟಕ", "reph (arkavattu)", false},
	{knda, 400, "kn", "ಪ್ರತಿಷ್ಠೆ", "ra below, ṣṭhe", false},
	{knda, 400, "kn", "ಕೊಡು", "two-part o sign", false},
	{knda, 400, "kn", "ಶ್ರೀ", "śrī", false},
	{knda, 700, "kn", "ರಾಷ್ಟ್ರೀಯ", "ṣṭra, bold", false},
	{mlym, 400, "ml", "സ്വാതന്ത്ര്യം", "conjuncts, ra below", false},
	{mlym, 400, "ml", "മനുഷ്യൻ", "chillu n", false},
	{mlym, 400, "ml", "പ്രവർത്തനം", "chillu r, tta", false},
	{mlym, 400, "ml", "കൊല്ലം", "two-part o sign, lla", false},
	{mlym, 400, "ml", "ന്റെ", "nta ligature, e sign before", false},
	{mlym, 400, "ml", "ക്ഷേത്രം", "kṣa", false},
	{taml, 400, "ta", "க்ஷ", "kṣa ligature", false},
	{taml, 400, "ta", "ஸ்ரீ", "śrī ligature", false},
	{taml, 400, "ta", "கொடு", "two-part o sign, ṭu ligature", false},
	{taml, 400, "ta", "கௌரவம்", "au sign", false},
	{taml, 400, "ta", "டீ", "ṭī ligature", false},
	{taml, 700, "ta", "தமிழ்நாடு", "pulli, bold", false},
	{telu, 400, "te", "స్వాతంత్ర్యం", "subjoined consonants", false},
	{telu, 400, "te", "క్షమ", "kṣa", false},
	{telu, 400, "te", "శ్రీ", "śrī", false},
	{telu, 400, "te", "కార్యం", "ra below ya", false},
	{telu, 400, "te", "ప్రతిష్ఠ", "ṣṭha", false},
	{telu, 700, "te", "కొత్త", "two-part o, tta, bold", false},
	{orya, 400, "or", "ଓଡ଼ିଶା", "nukta, i sign", false},
	{orya, 400, "or", "ସ୍ୱାଧୀନତା", "sva", false},
	{orya, 400, "or", "କ୍ଷମା", "kṣa", false},
	{orya, 400, "or", "କର୍ମ", "reph", false},
	{orya, 400, "or", "କୋଟି", "two-part o sign", false},
	{nasta, 400, "ur", "لاہور", "lam-alef, joining", true},
	{nasta, 400, "ur", "پاکستان", "joining, kaf", true},
	{nasta, 400, "ur", "شخص", "cascade", true},
	{nasta, 400, "ur", "مستحق", "cascade", true},
	{nasta, 400, "ur", "بھائی", "do-chashmi he, yeh", true},
	{nasta, 400, "ur", "چاہیئے", "heh, hamza, bari yeh", true},
	{nasta, 400, "ur", "ہیں۔", "full stop", true},
	{nasta, 700, "ur", "نستعلیق", "long cascade, bold", true},
	{nasta, 400, "ur", "(آزادی)", "mirrored brackets", true},
	{naskh, 400, "ar", "العربية", "joining", true},
	{naskh, 400, "ar", "لا", "lam-alef ligature", true},
	{naskh, 400, "ar", "مُحَمَّد", "marks", true},
	{naskh, 400, "ur", "پاکستان", "Urdu in Naskh", true},
}

var hardWords = []hardWord{
	{deva, 400, "hi", "प्रधानमंत्री", "ra below, conjunct, anusvara, ī", false},
	{deva, 400, "hi", "क्षत्रिय", "kṣa, tra, i before its consonant", false},
	{deva, 400, "hi", "ज्ञान", "jña", false},
	{deva, 400, "hi", "श्रीमान", "śra with ī", false},
	{deva, 400, "hi", "कार्य", "reph", false},
	{deva, 400, "hi", "धर्म", "reph", false},
	{deva, 400, "hi", "हिंदी", "i sign reordered, anusvara", false},
	{deva, 400, "hi", "किताब", "i sign reordered", false},
	{deva, 400, "hi", "क\u093cिला", "nukta, decomposed", false},
	{deva, 400, "hi", "\u0958िला", "nukta, precomposed", false},
	{deva, 400, "hi", "ज़िंदगी", "nukta with i sign", false},
	{deva, 400, "hi", "चाँद", "candrabindu", false},
	{deva, 400, "hi", "हँसना", "candrabindu", false},
	{deva, 400, "hi", "द्वारा", "dva", false},
	{deva, 400, "hi", "स्वतंत्रता", "half sa, tra", false},
	{deva, 400, "hi", "राष्ट्रीय", "ṣṭra", false},
	{deva, 700, "mr", "महाराष्ट्र", "ṣṭra, bold", false},
	{deva, 400, "mr", "मुंबई", "u sign, anusvara", false},
	{deva, 400, "mr", "ऱ्हास", "Marathi eyelash ra", false},
	{deva, 400, "mr", "सद्सद्विवेकबुद्धीवर", "long word of conjuncts", false},
	{deva, 400, "mr", "कुटुँवातील", "candrabindu over u", false},
	{serif, 400, "en", "office", "ffi ligature", false},
	{serif, 400, "en", "fluffy", "ffl ligature", false},
	{serif, 400, "en", "AVATAR", "kerning", false},
	{serif, 400, "en", "Wave", "kerning", false},
	{news, 700, "en", "Wave", "kerning, 2,000 units per em", false},
	{news, 400, "en", "office", "ligature, 2,000 units per em", false},
}

// allHard is every hard word: Devanagari, Latin and the other scripts.
func allHard() []hardWord { return append(append([]hardWord(nil), hardWords...), scriptWords...) }

func TestAdvanceIsSumOfGlyphs(t *testing.T) {
	s := New()
	for _, h := range allHard() {
		gl, adv := shapeHard(s, face(t, h.family, h.weight), h)
		sum := 0
		for _, g := range gl {
			sum += g.Advance
		}
		if sum != adv || adv <= 0 {
			t.Errorf("%s: advance %d, glyphs sum to %d", h.word, adv, sum)
		}
	}
}

// TestRunesReachGlyphs checks that every glyph's character reaches that
// glyph in the prepared font, the one the PDF embeds.
func TestRunesReachGlyphs(t *testing.T) {
	s := New()
	for _, h := range allHard() {
		f := face(t, h.family, h.weight)
		p, err := f.Prepared()
		if err != nil {
			t.Fatal(err)
		}
		gl, _ := shapeHard(s, f, h)
		for _, g := range gl {
			if g.Rune == 0 || p.Face.GlyphID(g.Rune) != g.ID {
				t.Errorf("%s: glyph %d has U+%04X, which reaches glyph %d", h.word, g.ID, g.Rune, p.Face.GlyphID(g.Rune))
			}
		}
	}
}

func TestLigaturesAndKerning(t *testing.T) {
	s := New()
	f := face(t, serif, 400)
	// Source Serif maps its ligatures to the presentation forms U+FB00–FB04
	// too; the PDF draws them through those.
	for _, c := range []struct {
		word string
		want []rune
	}{
		{"office", []rune{'o', 'ﬃ', 'c', 'e'}},
		{"fluffy", []rune{'ﬂ', 'u', 'ﬀ', 'y'}},
	} {
		gl, _ := s.Shape(f, c.word, "en")
		var got []rune
		for _, g := range gl {
			got = append(got, g.Rune)
			if g.ID != f.GlyphID(g.Rune) {
				t.Errorf("%s: glyph %d is not U+%04X's", c.word, g.ID, g.Rune)
			}
		}
		if string(got) != string(c.want) {
			t.Errorf("%s: glyphs %q, want %q", c.word, string(got), string(c.want))
		}
	}
	gl, adv := s.Shape(f, "AVATAR", "en")
	if adv >= f.Units("AVATAR") {
		t.Errorf("AVATAR: %d units, unkerned %d", adv, f.Units("AVATAR"))
	}
	for i, c := range "AVATAR" {
		if gl[i].Rune != c || gl[i].ID != f.GlyphID(c) {
			t.Errorf("AVATAR glyph %d: %+v", i, gl[i])
		}
	}
	// A word with nothing to kern or join comes out as the plain text.
	gl, adv = s.Shape(f, "nation", "en")
	if adv != f.Units("nation") {
		t.Errorf("nation: %d units, want %d", adv, f.Units("nation"))
	}
	for i, c := range "nation" {
		if gl[i] != (display.Glyph{ID: f.GlyphID(c), Advance: f.Advance(c), Rune: c}) {
			t.Errorf("nation glyph %d: %+v", i, gl[i])
		}
	}
}

func TestDevanagariReorders(t *testing.T) {
	s := New()
	f := face(t, deva, 400)
	gl, _ := s.Shape(f, "कि", "hi")
	if len(gl) != 2 || gl[1].Rune != 'क' || gl[1].ID != f.GlyphID('क') {
		t.Fatalf("कि: %+v", gl)
	}
	if gl[0].ID == f.GlyphID('ि') || gl[0].Rune == 0 {
		// Noto picks an i sign sized to its consonant, a glyph with no
		// character of its own.
		t.Logf("कि: the i sign is the nominal glyph %d", gl[0].ID)
	}
	// A conjunct is a glyph of its own, reached through the PUA.
	gl, _ = s.Shape(f, "क्ष", "hi")
	if len(gl) != 1 || !fonts.IsPUA(gl[0].Rune) {
		t.Errorf("क्ष: %+v", gl)
	}
}

func TestScriptRuns(t *testing.T) {
	for _, c := range []struct {
		word string
		runs []string
	}{
		{"हिंदी", []string{"हिंदी"}},
		{"2023", []string{"2023"}},
		{"भाषण-स्वातंत्र्याचा", []string{"भाषण-स्वातंत्र्याचा"}},
		{"होय।", []string{"होय।"}},
		{"(क)", []string{"(क)"}},
		{"COVID-१९", []string{"COVID-", "१९"}},
		{"१९-COVID", []string{"१९-", "COVID"}},
		{"Delhiमें", []string{"Delhi", "में"}},
	} {
		r := []rune(c.word)
		var got []string
		for start := 0; start < len(r); {
			end, _ := scriptRun(r, start)
			got = append(got, string(r[start:end]))
			start = end
		}
		if fmt.Sprint(got) != fmt.Sprint(c.runs) {
			t.Errorf("%s: runs %q, want %q", c.word, got, c.runs)
		}
	}
	// A mixed word shapes both parts.
	s := New()
	f := face(t, deva, 400)
	gl, _ := s.Shape(f, "Delhiमें", "hi")
	if len(gl) < 7 || gl[0].Rune != 'D' {
		t.Errorf("Delhiमें: %+v", gl)
	}
}

func TestToMilli(t *testing.T) {
	for _, c := range []struct{ v, upem, want int }{
		{500, 1000, 500}, {-37, 1000, -37}, {1001, 2000, 501}, {999, 2000, 500}, {-1001, 2000, -501},
		{1, 2000, 1}, {-1, 2000, -1}, {1229, 2048, 600}, {0, 2048, 0},
	} {
		if got := toMilli(c.v, c.upem); got != c.want {
			t.Errorf("toMilli(%d, %d) = %d, want %d", c.v, c.upem, got, c.want)
		}
	}
}

func TestCache(t *testing.T) {
	s := New()
	f := face(t, deva, 400)
	a, _ := s.Shape(f, "स्वतंत्रता", "hi")
	b, _ := s.Shape(f, "स्वतंत्रता", "hi")
	if &a[0] != &b[0] {
		t.Error("the second call shaped the word again")
	}
	if h, m := s.Stats(); h != 1 || m != 1 {
		t.Errorf("hits %d, misses %d; want 1, 1", h, m)
	}
	// Language and face are part of the key.
	s.Shape(f, "स्वतंत्रता", "mr")
	s.Shape(face(t, deva, 700), "स्वतंत्रता", "hi")
	if h, m := s.Stats(); h != 1 || m != 3 {
		t.Errorf("hits %d, misses %d; want 1, 3", h, m)
	}
	if gl, adv := s.Shape(f, "", "hi"); gl != nil || adv != 0 {
		t.Error("empty word shaped")
	}
}

// TestConcurrent shapes the same words from several goroutines: results
// agree with one goroutine's, and the race detector sees no conflict.
func TestConcurrent(t *testing.T) {
	ref := New()
	s := New()
	faces := make([]*fonts.Face, len(hardWords))
	for i, h := range hardWords {
		faces[i] = face(t, h.family, h.weight)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 100)
	for k := 0; k < 8; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range hardWords {
				n := (i + k) % len(hardWords)
				h := hardWords[n]
				got, _ := s.Shape(faces[n], h.word, h.lang)
				if len(got) == 0 {
					errs <- h.word + ": no glyphs"
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	for _, h := range hardWords {
		f := face(t, h.family, h.weight)
		a, _ := s.Shape(f, h.word, h.lang)
		b, _ := ref.Shape(f, h.word, h.lang)
		if fmt.Sprint(a) != fmt.Sprint(b) {
			t.Errorf("%s: %v, alone %v", h.word, a, b)
		}
	}
}

func TestUnreadableFaceFallsBack(t *testing.T) {
	good := face(t, serif, 400)
	bad := *good
	bad.Data = []byte("not a font")
	s := New()
	gl, adv := s.Shape(&bad, "office", "en")
	if len(gl) != 6 || adv != good.Units("office") || s.Err(&bad) == nil {
		t.Errorf("unreadable face: %d glyphs, %d units, err %v", len(gl), adv, s.Err(&bad))
	}
	if s.Err(good) != nil {
		t.Error(s.Err(good))
	}
}

func TestDigestsFixed(t *testing.T) {
	s := New()
	f := face(t, serif, 400)
	fi := s.face(f)
	if fi.err != nil {
		t.Fatal(fi.err)
	}
	if !fixDigests(harfbuzz.NewFont(font.NewFace(fi.font)), fi.font) {
		t.Fatal("go-text's HarfBuzz font no longer has the digests this package fixes: " +
			"check whether go-text/typesetting#278 is fixed in the version in go.mod and drop digest.go")
	}
	// Source Serif 4 kerns "fl" with "u" in a coverage range v0.3.5's
	// digests lose.
	gl, _ := s.Shape(f, "fluffy", "en")
	if gl[0].Advance != f.GlyphAdvance(gl[0].ID)-10 {
		t.Errorf("fl before u: advance %d, want %d", gl[0].Advance, f.GlyphAdvance(gl[0].ID)-10)
	}
}

// TestDigestRangeAfterFlood: a range added after one that fills a filter
// still reaches the other filters.
func TestDigestRangeAfterFlood(t *testing.T) {
	var d digest
	d.addRange(577, 718) // fills the shift-0 filter
	d.addRange(720, 723)
	d.add(900)
	may := func(g uint16) bool {
		for k, s := range digestShifts {
			if d[k]&(1<<((uint(g)>>s)&63)) == 0 {
				return false
			}
		}
		return true
	}
	for _, g := range []uint16{577, 650, 718, 720, 723, 900} {
		if !may(g) {
			t.Errorf("glyph %d ruled out", g)
		}
	}
	if may(5) {
		t.Error("glyph 5 let through")
	}
}

package makeup

import (
	"testing"
	"time"

	"github.com/epaper/epaper/editions"
	"golang.org/x/text/unicode/norm"
)

func TestLocale(t *testing.T) {
	day := time.Date(2023, 12, 10, 0, 0, 0, 0, time.UTC) // a Sunday
	cases := []struct {
		lang, digits                      string
		date, pages, page, contOn, contFr string
	}{
		{"en", "", "Sunday, December 10, 2023", "12 PAGES", "PAGE 1", "Continued on page 12", "Continued from page 1"},
		{"mr", "", "रविवार, १० डिसेंबर २०२३", "१२ पाने", "पान १", "पुढे पान १२ वर", "पान १ वरून पुढे"},
		{"mr", "western", "रविवार, 10 डिसेंबर 2023", "12 पाने", "पान 1", "पुढे पान 12 वर", "पान 1 वरून पुढे"},
		{"hi", "", "रविवार, १० दिसंबर २०२३", "१२ पृष्ठ", "पृष्ठ १", "शेष पृष्ठ १२ पर", "पृष्ठ १ का शेष"},
		{"fr", "", "Sunday, December 10, 2023", "12 PAGES", "PAGE 1", "Continued on page 12", "Continued from page 1"},
		{"bn", "", "রবিবার, ১০ ডিসেম্বর ২০২৩", "১২ পৃষ্ঠা", "পৃষ্ঠা ১", "এরপর ১২ পৃষ্ঠায়", "১ পৃষ্ঠার পর"},
		{"gu", "", "રવિવાર, ૧૦ ડિસેમ્બર ૨૦૨૩", "૧૨ પાનાં", "પાનું ૧", "અનુસંધાન પાના ૧૨ પર", "પાના ૧ થી ચાલુ"},
		{"pa", "", "ਐਤਵਾਰ, 10 ਦਸੰਬਰ 2023", "12 ਸਫ਼ੇ", "ਸਫ਼ਾ 1", "ਬਾਕੀ ਸਫ਼ਾ 12 ਉੱਤੇ", "ਸਫ਼ਾ 1 ਦੀ ਬਾਕੀ"},
		{"pa", "native", "ਐਤਵਾਰ, ੧੦ ਦਸੰਬਰ ੨੦੨੩", "੧੨ ਸਫ਼ੇ", "ਸਫ਼ਾ ੧", "ਬਾਕੀ ਸਫ਼ਾ ੧੨ ਉੱਤੇ", "ਸਫ਼ਾ ੧ ਦੀ ਬਾਕੀ"},
		{"kn", "", "ಭಾನುವಾರ, 10 ಡಿಸೆಂಬರ್ 2023", "12 ಪುಟಗಳು", "ಪುಟ 1", "ಮುಂದೆ ಪುಟ 12 ರಲ್ಲಿ", "ಪುಟ 1 ರಿಂದ ಮುಂದುವರಿದಿದೆ"},
		{"ml", "", "ഞായറാഴ്ച, 10 ഡിസംബർ 2023", "12 പേജുകൾ", "പേജ് 1", "തുടർച്ച പേജ് 12 ൽ", "പേജ് 1 ൽ നിന്ന് തുടർച്ച"},
		{"or", "", "ରବିବାର, 10 ଡିସେମ୍ବର 2023", "12 ପୃଷ୍ଠା", "ପୃଷ୍ଠା 1", "ଶେଷାଂଶ ପୃଷ୍ଠା 12 ରେ", "ପୃଷ୍ଠା 1 ରୁ"},
		{"ta", "", "ஞாயிறு, 10 டிசம்பர் 2023", "12 பக்கங்கள்", "பக்கம் 1", "தொடர்ச்சி 12ஆம் பக்கம்", "1ஆம் பக்கத் தொடர்ச்சி"},
		{"te", "", "ఆదివారం, 10 డిసెంబర్ 2023", "12 పేజీలు", "పేజీ 1", "మిగతా పేజీ 12 లో", "పేజీ 1 నుంచి"},
		{"ur", "", "اتوار، ۱۰ دسمبر ۲۰۲۳", "۱۲ صفحات", "صفحہ ۱", "بقیہ صفحہ ۱۲ پر", "صفحہ ۱ کا بقیہ"},
		{"ur", "western", "اتوار، 10 دسمبر 2023", "12 صفحات", "صفحہ 1", "بقیہ صفحہ 12 پر", "صفحہ 1 کا بقیہ"},
	}
	for _, c := range cases {
		ed := editions.Default()
		ed.Language, ed.Digits = c.lang, c.digits
		l := localeOf(&ed)
		for _, x := range []struct{ got, want string }{
			{l.date(day), c.date},
			{l.pageCount(12), c.pages},
			{l.pageNumber(1), c.page},
			{l.continuedOn(12), c.contOn},
			{l.continuedFrom(1), c.contFr},
		} {
			if x.got != x.want {
				t.Errorf("%s %s: %q, want %q", c.lang, c.digits, x.got, x.want)
			}
		}
	}
	// the English date is what time.Format wrote before locales
	en := editions.Default()
	if got, want := localeOf(&en).date(day), day.Format("Monday, January 2, 2006"); got != want {
		t.Errorf("English date %q, want %q", got, want)
	}
}

// TestLocaleNames checks the month and weekday names: twelve and seven
// different words, in NFC, so the PDF's text matches what a reader searches.
func TestLocaleNames(t *testing.T) {
	for _, l := range locales {
		seen := map[string]bool{}
		for _, s := range append(l.months[:], l.weekdays[:]...) {
			if s == "" || seen[s] || !norm.NFC.IsNormalString(s) {
				t.Errorf("%s: name %q is empty, repeated or not NFC", l.lang, s)
			}
			seen[s] = true
		}
		for _, s := range []string{l.pages, l.page, l.inside, l.contOn, l.contFrom, l.adLines[0], l.adLines[1]} {
			if !norm.NFC.IsNormalString(s) {
				t.Errorf("%s: %q is not NFC", l.lang, s)
			}
		}
	}
}

// A one-page edition's masthead does not say "1 PAGES".
func TestOnePage(t *testing.T) {
	for lang, want := range map[string]string{"en": "1 PAGE", "mr": "१ पान", "hi": "१ पृष्ठ"} {
		ed := editions.Default()
		ed.Language = lang
		if got := localeOf(&ed).pageCount(1); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
}

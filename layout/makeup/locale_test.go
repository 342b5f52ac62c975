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
	for _, l := range []locale{localeEn, localeMr, localeHi} {
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

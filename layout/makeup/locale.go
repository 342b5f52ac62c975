package makeup

import (
	"strconv"
	"strings"
	"time"

	"github.com/epaper/epaper/editions"
)

// locale is how the page furniture speaks the edition's language: the names
// of months and weekdays, its digits, and its few words of its own (page
// counts, the index, jump lines, the house advertisement).
type locale struct {
	lang string // "en", "mr" or "hi"
	// devanagari writes numbers in Devanagari digits.
	devanagari bool
	months     [12]string
	weekdays   [7]string // Sunday first, as time.Weekday counts
	// pages is the masthead's page count, with %s for the number (onePage
	// when there is one page, where the language says it otherwise); page
	// the front page's number, with %s; inside heads the front-page index.
	pages, onePage, page, inside string
	// contOn and contFrom are the jump lines, with %s for the page.
	contOn, contFrom string
	// adLines are the house advertisement's two lines under the title.
	adLines [2]string
	// alsoToday heads a box of briefs; refer is a brief's refer to the
	// page its story is on, with %s for the page.
	alsoToday, refer string
}

var (
	localeEn = locale{
		lang: "en",
		months: [12]string{"January", "February", "March", "April", "May", "June",
			"July", "August", "September", "October", "November", "December"},
		weekdays: [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
		pages:    "%s PAGES", onePage: "%s PAGE", page: "PAGE %s", inside: "INSIDE",
		contOn: "Continued on page %s", contFrom: "Continued from page %s",
		adLines:   [2]string{"Every page, every morning, on your phone", "Read the e-paper and the archive: ask your news agent"},
		alsoToday: "ALSO IN TODAY'S PAPER", refer: "Page %s ›",
	}
	localeMr = locale{
		lang: "mr",
		months: [12]string{"जानेवारी", "फेब्रुवारी", "मार्च", "एप्रिल", "मे", "जून",
			"जुलै", "ऑगस्ट", "सप्टेंबर", "ऑक्टोबर", "नोव्हेंबर", "डिसेंबर"},
		weekdays: [7]string{"रविवार", "सोमवार", "मंगळवार", "बुधवार", "गुरुवार", "शुक्रवार", "शनिवार"},
		pages:    "%s पाने", onePage: "%s पान", page: "पान %s", inside: "आतील पानांवर",
		contOn: "पुढे पान %s वर", contFrom: "पान %s वरून पुढे",
		adLines:   [2]string{"प्रत्येक पान, रोज सकाळी, तुमच्या फोनवर", "ई-पेपर आणि जुने अंक वाचा: आपल्या वृत्तपत्र विक्रेत्याला विचारा"},
		alsoToday: "आजच्या अंकात", refer: "पान %s ›",
	}
	// The Hindi words are written with the nukta as a separate mark
	// (फ़ is फ + ़), the form NFC keeps.
	localeHi = locale{
		lang: "hi",
		months: [12]string{"जनवरी", "फ\u093cरवरी", "मार्च", "अप्रैल", "मई", "जून",
			"जुलाई", "अगस्त", "सितंबर", "अक्टूबर", "नवंबर", "दिसंबर"},
		weekdays: [7]string{"रविवार", "सोमवार", "मंगलवार", "बुधवार", "गुरुवार", "शुक्रवार", "शनिवार"},
		pages:    "%s पृष्ठ", page: "पृष्ठ %s", inside: "अंदर के पृष्ठों पर",
		contOn: "शेष पृष्ठ %s पर", contFrom: "पृष्ठ %s का शेष",
		adLines:   [2]string{"हर पृष्ठ, हर सुबह, आपके फ\u093cोन पर", "ई-पेपर और पुराने अंक पढ़ें: अपने समाचार-पत्र विक्रेता से पूछें"},
		alsoToday: "आज के अंक में", refer: "पृष्ठ %s ›",
	}
)

// localeOf returns the locale of an edition's language (English for a
// language it has no words for) with the digits the edition asks for.
func localeOf(ed *editions.Edition) *locale {
	lang, _, _ := strings.Cut(strings.ToLower(ed.Language), "-")
	l := localeEn
	switch lang {
	case "mr":
		l = localeMr
	case "hi":
		l = localeHi
	}
	l.devanagari = ed.DevanagariDigits()
	return &l
}

// digits writes the ASCII digits of s in the locale's digits.
func (l *locale) digits(s string) string {
	if !l.devanagari {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			r += '०' - '0'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// num writes a number in the locale's digits.
func (l *locale) num(n int) string { return l.digits(strconv.Itoa(n)) }

// with puts a number into one of the locale's phrases.
func (l *locale) with(phrase string, n int) string {
	return strings.Replace(phrase, "%s", l.num(n), 1)
}

// date writes a day as the masthead and folios show it: "Sunday, December
// 10, 2023" in English, weekday, day, month and year in Marathi and Hindi
// ("रविवार, १० डिसेंबर २०२३").
func (l *locale) date(t time.Time) string {
	wd, mon := l.weekdays[t.Weekday()], l.months[t.Month()-1]
	if l.lang == "en" {
		return wd + ", " + mon + " " + l.num(t.Day()) + ", " + l.num(t.Year())
	}
	return wd + ", " + l.num(t.Day()) + " " + mon + " " + l.num(t.Year())
}

// pageCount is the masthead's "12 PAGES".
func (l *locale) pageCount(n int) string {
	if n == 1 && l.onePage != "" {
		return l.with(l.onePage, n)
	}
	return l.with(l.pages, n)
}

// pageNumber is the front page's "PAGE 1".
func (l *locale) pageNumber(n int) string { return l.with(l.page, n) }

// seePage is a brief's refer to its story's page.
func (l *locale) seePage(page int) string { return l.with(l.refer, page) }

// continuedOn is the jump line at the foot of a story's first part.
func (l *locale) continuedOn(page int) string { return l.with(l.contOn, page) }

// continuedFrom is the jump line over a story's continuation.
func (l *locale) continuedFrom(page int) string { return l.with(l.contFrom, page) }

// earLeft is the masthead's left ear: the edition's name, the weekday and
// the date.
func (l *locale) earLeft(ed *editions.Edition, t time.Time) []string {
	name := ed.Name
	if name == "" {
		name = ed.Title
	}
	return []string{strings.ToUpper(name), l.weekdays[t.Weekday()], l.num(t.Day()) + " " + l.months[t.Month()-1]}
}

// earRight is the masthead's right ear: the page count and the e-paper.
func (l *locale) earRight(ed *editions.Edition, pages int) []string {
	lines := []string{l.pageCount(pages)}
	if ed.Price != "" {
		lines = append(lines, ed.Price)
	}
	return append(lines, l.adLines[0])
}

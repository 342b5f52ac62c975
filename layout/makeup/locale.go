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
	lang string // "en", "mr", "hi", "bn", "ur"...
	// zero is the digit zero numbers are written with: '0', '०', '০'...
	zero rune
	// comma separates the weekday from the date: ", ", or Urdu's "، "
	comma    string
	months   [12]string
	weekdays [7]string // Sunday first, as time.Weekday counts
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
	// The other languages' words are in NFC: Bengali's য় and Gurmukhi's
	// ਫ਼ and ਸ਼ are a letter and a nukta.
	localeBn = locale{
		lang:     "bn",
		months:   [12]string{"জানুয়ারি", "ফেব্রুয়ারি", "মার্চ", "এপ্রিল", "মে", "জুন", "জুলাই", "আগস্ট", "সেপ্টেম্বর", "অক্টোবর", "নভেম্বর", "ডিসেম্বর"},
		weekdays: [7]string{"রবিবার", "সোমবার", "মঙ্গলবার", "বুধবার", "বৃহস্পতিবার", "শুক্রবার", "শনিবার"},
		pages:    "%s পৃষ্ঠা", page: "পৃষ্ঠা %s", inside: "ভিতরের পাতায়",
		contOn: "এরপর %s পৃষ্ঠায়", contFrom: "%s পৃষ্ঠার পর",
		adLines:   [2]string{"প্রতিটি পাতা, প্রতিদিন সকালে, আপনার ফোনে", "ই-পেপার ও পুরোনো সংখ্যা পড়ুন: আপনার সংবাদপত্র বিক্রেতাকে জিজ্ঞাসা করুন"},
		alsoToday: "আজকের সংখ্যায়", refer: "পৃষ্ঠা %s ›",
	}
	localeGu = locale{
		lang:     "gu",
		months:   [12]string{"જાન્યુઆરી", "ફેબ્રુઆરી", "માર્ચ", "એપ્રિલ", "મે", "જૂન", "જુલાઈ", "ઑગસ્ટ", "સપ્ટેમ્બર", "ઑક્ટોબર", "નવેમ્બર", "ડિસેમ્બર"},
		weekdays: [7]string{"રવિવાર", "સોમવાર", "મંગળવાર", "બુધવાર", "ગુરુવાર", "શુક્રવાર", "શનિવાર"},
		pages:    "%s પાનાં", page: "પાનું %s", inside: "અંદરનાં પાનાં પર",
		contOn: "અનુસંધાન પાના %s પર", contFrom: "પાના %s થી ચાલુ",
		adLines:   [2]string{"દરેક પાનું, દરરોજ સવારે, તમારા ફોન પર", "ઈ-પેપર અને જૂના અંકો વાંચો: તમારા અખબાર વિક્રેતાને પૂછો"},
		alsoToday: "આજના અંકમાં", refer: "પાનું %s ›",
	}
	localePa = locale{
		lang:     "pa",
		months:   [12]string{"ਜਨਵਰੀ", "ਫ਼ਰਵਰੀ", "ਮਾਰਚ", "ਅਪ੍ਰੈਲ", "ਮਈ", "ਜੂਨ", "ਜੁਲਾਈ", "ਅਗਸਤ", "ਸਤੰਬਰ", "ਅਕਤੂਬਰ", "ਨਵੰਬਰ", "ਦਸੰਬਰ"},
		weekdays: [7]string{"ਐਤਵਾਰ", "ਸੋਮਵਾਰ", "ਮੰਗਲਵਾਰ", "ਬੁੱਧਵਾਰ", "ਵੀਰਵਾਰ", "ਸ਼ੁੱਕਰਵਾਰ", "ਸ਼ਨਿੱਚਰਵਾਰ"},
		pages:    "%s ਸਫ਼ੇ", page: "ਸਫ਼ਾ %s", inside: "ਅੰਦਰਲੇ ਸਫ਼ਿਆਂ ਉੱਤੇ",
		contOn: "ਬਾਕੀ ਸਫ਼ਾ %s ਉੱਤੇ", contFrom: "ਸਫ਼ਾ %s ਦੀ ਬਾਕੀ",
		adLines:   [2]string{"ਹਰ ਸਫ਼ਾ, ਹਰ ਸਵੇਰ, ਤੁਹਾਡੇ ਫ਼ੋਨ ਉੱਤੇ", "ਈ-ਪੇਪਰ ਅਤੇ ਪੁਰਾਣੇ ਅੰਕ ਪੜ੍ਹੋ: ਆਪਣੇ ਅਖ਼ਬਾਰ ਵਿਕਰੇਤਾ ਨੂੰ ਪੁੱਛੋ"},
		alsoToday: "ਅੱਜ ਦੇ ਅੰਕ ਵਿੱਚ", refer: "ਸਫ਼ਾ %s ›",
	}
	localeKn = locale{
		lang:     "kn",
		months:   [12]string{"ಜನವರಿ", "ಫೆಬ್ರವರಿ", "ಮಾರ್ಚ್", "ಏಪ್ರಿಲ್", "ಮೇ", "ಜೂನ್", "ಜುಲೈ", "ಆಗಸ್ಟ್", "ಸೆಪ್ಟೆಂಬರ್", "ಅಕ್ಟೋಬರ್", "ನವೆಂಬರ್", "ಡಿಸೆಂಬರ್"},
		weekdays: [7]string{"ಭಾನುವಾರ", "ಸೋಮವಾರ", "ಮಂಗಳವಾರ", "ಬುಧವಾರ", "ಗುರುವಾರ", "ಶುಕ್ರವಾರ", "ಶನಿವಾರ"},
		pages:    "%s ಪುಟಗಳು", page: "ಪುಟ %s", inside: "ಒಳಪುಟಗಳಲ್ಲಿ",
		contOn: "ಮುಂದೆ ಪುಟ %s ರಲ್ಲಿ", contFrom: "ಪುಟ %s ರಿಂದ ಮುಂದುವರಿದಿದೆ",
		adLines:   [2]string{"ಪ್ರತಿ ಪುಟ, ಪ್ರತಿ ಬೆಳಿಗ್ಗೆ, ನಿಮ್ಮ ಫೋನಿನಲ್ಲಿ", "ಇ-ಪೇಪರ್ ಮತ್ತು ಹಳೆಯ ಸಂಚಿಕೆಗಳನ್ನು ಓದಿ: ನಿಮ್ಮ ಪತ್ರಿಕೆ ವಿತರಕರನ್ನು ಕೇಳಿ"},
		alsoToday: "ಇಂದಿನ ಸಂಚಿಕೆಯಲ್ಲಿ", refer: "ಪುಟ %s ›",
	}
	localeMl = locale{
		lang:     "ml",
		months:   [12]string{"ജനുവരി", "ഫെബ്രുവരി", "മാർച്ച്", "ഏപ്രിൽ", "മേയ്", "ജൂൺ", "ജൂലൈ", "ഓഗസ്റ്റ്", "സെപ്റ്റംബർ", "ഒക്ടോബർ", "നവംബർ", "ഡിസംബർ"},
		weekdays: [7]string{"ഞായറാഴ്ച", "തിങ്കളാഴ്ച", "ചൊവ്വാഴ്ച", "ബുധനാഴ്ച", "വ്യാഴാഴ്ച", "വെള്ളിയാഴ്ച", "ശനിയാഴ്ച"},
		pages:    "%s പേജുകൾ", page: "പേജ് %s", inside: "ഉള്ളിലെ പേജുകളിൽ",
		contOn: "തുടർച്ച പേജ് %s ൽ", contFrom: "പേജ് %s ൽ നിന്ന് തുടർച്ച",
		adLines:   [2]string{"ഓരോ പേജും, എല്ലാ പ്രഭാതത്തിലും, നിങ്ങളുടെ ഫോണിൽ", "ഇ-പേപ്പറും പഴയ ലക്കങ്ങളും വായിക്കൂ: നിങ്ങളുടെ പത്ര ഏജന്റിനോട് ചോദിക്കൂ"},
		alsoToday: "ഇന്നത്തെ ലക്കത്തിൽ", refer: "പേജ് %s ›",
	}
	localeOr = locale{
		lang:     "or",
		months:   [12]string{"ଜାନୁଆରୀ", "ଫେବୃଆରୀ", "ମାର୍ଚ୍ଚ", "ଅପ୍ରେଲ", "ମେ", "ଜୁନ", "ଜୁଲାଇ", "ଅଗଷ୍ଟ", "ସେପ୍ଟେମ୍ବର", "ଅକ୍ଟୋବର", "ନଭେମ୍ବର", "ଡିସେମ୍ବର"},
		weekdays: [7]string{"ରବିବାର", "ସୋମବାର", "ମଙ୍ଗଳବାର", "ବୁଧବାର", "ଗୁରୁବାର", "ଶୁକ୍ରବାର", "ଶନିବାର"},
		pages:    "%s ପୃଷ୍ଠା", page: "ପୃଷ୍ଠା %s", inside: "ଭିତର ପୃଷ୍ଠାରେ",
		contOn: "ଶେଷାଂଶ ପୃଷ୍ଠା %s ରେ", contFrom: "ପୃଷ୍ଠା %s ରୁ",
		adLines:   [2]string{"ପ୍ରତି ପୃଷ୍ଠା, ପ୍ରତି ସକାଳେ, ଆପଣଙ୍କ ଫୋନରେ", "ଇ-ପେପର ଓ ପୁରୁଣା ସଂଖ୍ୟା ପଢ଼ନ୍ତୁ: ଆପଣଙ୍କ ଖବରକାଗଜ ବିକ୍ରେତାଙ୍କୁ ପଚାରନ୍ତୁ"},
		alsoToday: "ଆଜିର ସଂଖ୍ୟାରେ", refer: "ପୃଷ୍ଠା %s ›",
	}
	localeTa = locale{
		lang:     "ta",
		months:   [12]string{"ஜனவரி", "பிப்ரவரி", "மார்ச்", "ஏப்ரல்", "மே", "ஜூன்", "ஜூலை", "ஆகஸ்ட்", "செப்டம்பர்", "அக்டோபர்", "நவம்பர்", "டிசம்பர்"},
		weekdays: [7]string{"ஞாயிறு", "திங்கள்", "செவ்வாய்", "புதன்", "வியாழன்", "வெள்ளி", "சனி"},
		pages:    "%s பக்கங்கள்", page: "பக்கம் %s", inside: "உள்பக்கங்களில்",
		contOn: "தொடர்ச்சி %sஆம் பக்கம்", contFrom: "%sஆம் பக்கத் தொடர்ச்சி",
		adLines:   [2]string{"ஒவ்வொரு பக்கமும், ஒவ்வொரு காலையும், உங்கள் கைபேசியில்", "இ-பேப்பரையும் பழைய இதழ்களையும் படியுங்கள்: உங்கள் செய்தித்தாள் முகவரிடம் கேளுங்கள்"},
		alsoToday: "இன்றைய இதழில்", refer: "பக்கம் %s ›",
	}
	localeTe = locale{
		lang:     "te",
		months:   [12]string{"జనవరి", "ఫిబ్రవరి", "మార్చి", "ఏప్రిల్", "మే", "జూన్", "జూలై", "ఆగస్టు", "సెప్టెంబర్", "అక్టోబర్", "నవంబర్", "డిసెంబర్"},
		weekdays: [7]string{"ఆదివారం", "సోమవారం", "మంగళవారం", "బుధవారం", "గురువారం", "శుక్రవారం", "శనివారం"},
		pages:    "%s పేజీలు", page: "పేజీ %s", inside: "లోపలి పేజీల్లో",
		contOn: "మిగతా పేజీ %s లో", contFrom: "పేజీ %s నుంచి",
		adLines:   [2]string{"ప్రతి పేజీ, ప్రతి ఉదయం, మీ ఫోనులో", "ఈ-పేపర్, పాత సంచికలు చదవండి: మీ పత్రిక ఏజెంటును అడగండి"},
		alsoToday: "నేటి సంచికలో", refer: "పేజీ %s ›",
	}
	localeUr = locale{
		lang:     "ur",
		months:   [12]string{"جنوری", "فروری", "مارچ", "اپریل", "مئی", "جون", "جولائی", "اگست", "ستمبر", "اکتوبر", "نومبر", "دسمبر"},
		weekdays: [7]string{"اتوار", "پیر", "منگل", "بدھ", "جمعرات", "جمعہ", "ہفتہ"},
		pages:    "%s صفحات", page: "صفحہ %s", inside: "اندر کے صفحات پر",
		contOn: "بقیہ صفحہ %s پر", contFrom: "صفحہ %s کا بقیہ",
		adLines:   [2]string{"ہر صفحہ، ہر صبح، آپ کے فون پر", "ای پیپر اور پرانے شمارے پڑھیں: اپنے اخبار فروش سے پوچھیں"},
		comma:     "،",
		alsoToday: "آج کے شمارے میں", refer: "صفحہ %s",
	}
)

// locales are the languages the furniture speaks, by primary subtag.
var locales = map[string]*locale{"en": &localeEn, "mr": &localeMr, "hi": &localeHi, "bn": &localeBn, "gu": &localeGu,
	"pa": &localePa, "kn": &localeKn, "ml": &localeMl, "or": &localeOr, "ta": &localeTa, "te": &localeTe, "ur": &localeUr}

// localeOf returns the locale of an edition's language (English for a
// language it has no words for) with the digits the edition asks for.
func localeOf(ed *editions.Edition) *locale {
	lang, _, _ := strings.Cut(strings.ToLower(ed.Language), "-")
	l := localeEn
	if p := locales[lang]; p != nil {
		l = *p
	}
	l.zero = ed.DigitZero()
	if l.comma == "" {
		l.comma = ","
	}
	return &l
}

// digits writes the ASCII digits of s in the locale's digits.
func (l *locale) digits(s string) string {
	if l.zero == '0' || l.zero == 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			r += l.zero - '0'
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
// 10, 2023" in English, weekday, day, month and year in the other languages
// ("रविवार, १० डिसेंबर २०२३", "اتوار، ۱۰ دسمبر ۲۰۲۳").
func (l *locale) date(t time.Time) string {
	wd, mon := l.weekdays[t.Weekday()], l.months[t.Month()-1]
	if l.lang == "en" {
		return wd + ", " + mon + " " + l.num(t.Day()) + ", " + l.num(t.Year())
	}
	return wd + l.comma + " " + l.num(t.Day()) + " " + mon + " " + l.num(t.Year())
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
	return append(lines, l.slogan(ed))
}

// slogan is the paper's line in its house ads: the edition's, or the
// language's.
func (l *locale) slogan(ed *editions.Edition) string {
	if ed.Slogan != "" {
		return ed.Slogan
	}
	return l.adLines[0]
}

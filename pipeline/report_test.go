package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/epaper/epaper/display"
	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/internal/jpg"
	"github.com/epaper/epaper/problem"
	"github.com/epaper/epaper/publish"
)

func testJPEG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y * 2), 90, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A build of a day with the inputs that used to go wrong without a word
// says what became of each in report.json, with the file and line: a
// truncated picture left out (and no grey box drawn for it), and one
// whose data is damaged within (found when it is prepared), the booked
// ad on its page, a correction superseding its
// original, an agency's sign-off trimmed; and the text printed is decoded.
// Booked ads are sold: an entry that does not fit the edition or whose
// artwork is broken fails the build with exit 1, naming each ad with the
// ads file and line, rather than go out without it.
func TestBadBookingsFailTheBuild(t *testing.T) {
	dir := t.TempDir()
	ed := "title: T\nslug: t\nsections:\n  - { name: Front, pages: 1 }\n  - { name: World, pages: 1 }\nads: ads.yaml\n"
	ads := `ads:
  - { name: Good, page: 2, position: bottom, columns: 2, height: 40mm, image: ad.jpg }
  - { name: Wide, page: 2, position: bottom, columns: 7, height: 40mm, image: ad.jpg }
  - { name: Broken, page: 1, position: strip, columns: 6, height: 30mm, image: broken.jpg }
`
	art := testJPEG(t, 300, 200)
	for name, data := range map[string][]byte{"e.yaml": []byte(ed), "ads.yaml": []byte(ads), "ad.jpg": art, "broken.jpg": art[:len(art)/2]} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	e, err := editions.LoadFile(filepath.Join(dir, "e.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{"a.md": {Data: []byte("---\nheadline: A story\nsection: World\npublished: \"2026-12-04 10:00\"\n---\nText.\n")}}
	cfg := DefaultConfig()
	cfg.Edition, cfg.Stories, cfg.Date, cfg.Out, cfg.Images, cfg.PDFOnly = e, fsys, "2026-12-04", t.TempDir(), false, true
	_, err = Run(context.Background(), cfg)
	var list problem.List
	if !errors.As(err, &list) || len(list) != 2 {
		t.Fatalf("error %v, want the two ads that cannot run", err)
	}
	for _, want := range []string{"ads.yaml:3: ad \"Wide\" cannot run: 7 columns: the grid has 6", "ads.yaml:4: ad \"Broken\" cannot run: picture broken.jpg"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if ents, _ := os.ReadDir(cfg.Out); len(ents) > 0 {
		t.Errorf("a failed build wrote %v", ents)
	}
}

func TestReportAccountsForEachInput(t *testing.T) {
	dir := t.TempDir()
	ed := `title: T
slug: t
timezone: Asia/Kolkata
fonts: { body: "source serif 4", headline: "newsreader", sans: "Libre Franklin" }
sections:
  - { name: Front, pages: 1 }
  - { name: World, pages: 1 }
ads: ads.yaml
`
	ads := `ads:
  - { name: Good, page: 2, position: bottom, columns: 2, height: 40mm, image: ad.jpg }
`
	art := testJPEG(t, 300, 200)
	for name, data := range map[string][]byte{"e.yaml": []byte(ed), "ads.yaml": []byte(ads), "ad.jpg": art, "broken.jpg": art[:len(art)/2]} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	e, err := editions.LoadFile(filepath.Join(dir, "e.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	body := strings.Repeat("The council met on Tuesday to discuss the budget for roads, schools and parks. ", 12)
	pic := testJPEG(t, 800, 600)
	md := func(front, text string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\nsection: World\npublished: \"2026-12-04 22:30\"\n" + front + "---\n" + text + "\n")}
	}
	// a picture whose structure is whole but whose data is not: a run of
	// 0xff bytes (stuffed) is no Huffman code
	damaged := bytes.Clone(pic)
	sos := bytes.Index(damaged, []byte{0xff, 0xda})
	mid := sos + (len(damaged)-sos)/2
	for i := mid; i < mid+64; i += 2 {
		damaged[i], damaged[i+1] = 0xff, 0
	}
	if jpg.Scan(damaged) != nil {
		t.Fatal("the damaged picture fails the structure check: the test is moot")
	}
	if _, err := jpg.Decode(damaged, 0); err == nil {
		t.Fatal("the damaged picture decodes: the test is moot")
	}
	fsys := fstest.MapFS{
		"photos/ok.jpg":      {Data: pic},
		"photos/trunc.jpg":   {Data: pic[:len(pic)/2]},
		"photos/damaged.jpg": {Data: damaged},
		"pic.md":             md("headline: Pictures\nimages:\n  - file: photos/trunc.jpg\n  - file: photos/damaged.jpg\n  - file: photos/ok.jpg\n", body),
		"onion.md":           md("headline: Onion prices\nid: mh-onion\n", "Onions cost Rs 40. "+body),
		"onion-fix.md":       md("headline: Onion prices\nid: mh-onion\nupdated: \"2026-12-04 23:00\"\n", "Onions cost Rs 45. "+body),
		"agency.md":          md("headline: India&#8217;s plan\n", body+"\n\nThe plan costs &#8377;5 crore.\n--IANS\nabc/xyz\n"),
	}
	cfg := DefaultConfig()
	cfg.Edition, cfg.Stories, cfg.Date, cfg.Out, cfg.Images, cfg.PDFOnly = e, fsys, "2026-12-04", t.TempDir(), false, true
	res, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(res.Dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep publish.Report
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	has := func(what string, ok bool) {
		if !ok {
			t.Errorf("report.json lacks %s:\n%s", what, data)
		}
	}
	find := func(file string, line int, msg string) bool {
		for _, w := range rep.Warnings {
			if strings.HasSuffix(w.File, file) && w.Line == line && strings.Contains(w.Msg, msg) {
				return true
			}
		}
		return false
	}
	has("the truncated picture, at its line", find("pic.md", 6, "photos/trunc.jpg left out"))
	has("the damaged picture, at its line", find("pic.md", 7, "photos/damaged.jpg left out: corrupt picture"))
	for _, w := range rep.Warnings {
		if strings.Contains(w.Msg, "could not be drawn") {
			t.Errorf("a picture drawn as a grey box: %s", w.Msg)
		}
	}
	status := map[string]string{}
	for _, s := range rep.Stories {
		status[s.File] = string(s.Status) + " " + s.Reason
	}
	has("the original superseded by its correction", strings.HasPrefix(status["onion.md"], "held superseded: replaced by onion-fix.md"))
	has("the correction placed", strings.HasPrefix(status["onion-fix.md"], "placed") || strings.HasPrefix(status["onion-fix.md"], "jumped"))
	notes := strings.Join(rep.Notes, "\n")
	has("a note of the sign-off trimmed", strings.Contains(notes, `agency.md: agency sign-off "--IANS abc/xyz" left out of the body; credited to IANS`))
	placedAds := map[string]bool{}
	for _, a := range rep.Ads {
		placedAds[a.Name] = a.Placed
	}
	has("the good ad placed", placedAds["Good"] && len(rep.Ads) == 1)
	// no grey box for the broken picture: only the good one is drawn
	laid, err := Layout(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	pictures := 0
	for _, p := range laid.Made.Doc.Pages {
		for _, it := range p.Items {
			switch x := it.(type) {
			case *display.Image:
				if x.From == display.FromStories {
					pictures++
					if x.Src != "photos/ok.jpg" || x.Data == nil {
						t.Errorf("picture %s drawn (data %d bytes)", x.Src, len(x.Data))
					}
				}
			case *display.Rect:
				if x.Fill != nil && *x.Fill == (display.Color{R: 0xdd, G: 0xdd, B: 0xdd}) {
					t.Errorf("a grey box at %.0f,%.0f", x.X, x.Y)
				}
			}
		}
	}
	// the story's picture, and perhaps the same as the front page's
	// picture of the day
	if pictures < 1 || pictures > 2 {
		t.Errorf("%d story pictures drawn, want the good one (once, or twice as the picture of the day)", pictures)
	}
	for _, s := range laid.Gathered.Stories() {
		for _, txt := range []string{s.Headline, s.PlainText()} {
			if strings.Contains(txt, "&#") || strings.Contains(txt, "IANS") || strings.Contains(txt, "abc/xyz") {
				t.Errorf("%s prints %q", s.File, txt)
			}
		}
	}
}

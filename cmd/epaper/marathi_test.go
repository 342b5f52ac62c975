package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/epaper/epaper/publish/manifest"

	"github.com/epaper/epaper/editions"
	"github.com/epaper/epaper/ingest"
	"golang.org/x/text/unicode/norm"
)

// buildMarathi builds the bundled Marathi sample (epaper build --sample mr)
// into a temporary folder and returns the edition's folder.
func buildMarathi(t *testing.T) string {
	t.Helper()
	tmp := t.TempDir()
	var out, errb bytes.Buffer
	err := run(context.Background(), []string{"epaper", "build", "--sample", "mr", "--out", tmp, "--quiet", "--no-images"}, &out, &errb)
	if err != nil {
		t.Fatalf("build --sample mr: %v\n%s%s", err, out.String(), errb.String())
	}
	return filepath.Join(tmp, "lokvarta", editions.SampleMarathiDate)
}

// devaWords splits text into words as a reader of Devanagari would: on
// spaces and punctuation (the danda । and double danda ॥ among them),
// keeping letters, vowel signs, virama, nukta and digits together. Text is
// NFC; zero-width joiners and non-joiners, which only choose a glyph form,
// are dropped, and so are hyphens inside words ("भाषण-स्वातंत्र्याचा").
func devaWords(s string) []string {
	s = norm.NFC.String(s)
	s = strings.NewReplacer("\u200c", "", "\u200d", "", "\u00ad", "").Replace(s)
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if (r == '-' || r == '\u2010' || r == '\u2011') && i > 0 && i+1 < len(rs) && isDevaWordRune(rs[i-1]) && isDevaWordRune(rs[i+1]) {
			continue
		}
		b.WriteRune(r)
	}
	return strings.FieldsFunc(b.String(), func(r rune) bool { return !isDevaWordRune(r) })
}

func isDevaWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

// devaLineHyphen is a word broken at a line end with a hyphen.
var devaLineHyphen = regexp.MustCompile(`([\pL\pM\pN]+)[-\x{2010}]\s*\n\s*([\pL\pM\pN]+)`)

func TestMarathiSample(t *testing.T) {
	dir := buildMarathi(t)
	pdf := filepath.Join(dir, "edition.pdf")

	t.Run("every story placed", func(t *testing.T) {
		var rep struct {
			Stories []struct {
				File, Status string
			}
		}
		readJSON(t, filepath.Join(dir, "report.json"), &rep)
		_, stories, err := editions.SampleMarathi()
		if err != nil {
			t.Fatal(err)
		}
		files, _ := fs.Glob(stories, "*.md")
		if len(rep.Stories) != len(files) || len(files) < 10 {
			t.Fatalf("report has %d stories, the sample %d files", len(rep.Stories), len(files))
		}
		for _, s := range rep.Stories {
			if s.Status != "placed" && s.Status != "jumped" {
				t.Errorf("%s: %s", s.File, s.Status)
			}
		}
	})

	t.Run("qpdf", func(t *testing.T) {
		needTool(t, "qpdf")
		out, err := exec.Command("qpdf", "--check", pdf).CombinedOutput()
		if err != nil || bytes.Contains(out, []byte("WARNING")) {
			t.Fatalf("qpdf --check: %v\n%s", err, out)
		}
	})

	t.Run("pdftotext gives back every word", func(t *testing.T) {
		needTool(t, "pdftotext")
		raw, err := exec.Command("pdftotext", "-raw", "-enc", "UTF-8", pdf, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		text := norm.NFC.String(string(raw))
		// a word hyphenated at a line end counts whole and as its halves
		have := map[string]int{}
		for _, m := range devaLineHyphen.FindAllStringSubmatch(text, -1) {
			for _, w := range devaWords(m[1] + m[2]) {
				have[w]++
			}
		}
		for _, w := range devaWords(devaLineHyphen.ReplaceAllString(text, "$1 $2")) {
			have[w]++
		}
		// what the desk wrote: every field of every story file printed
		_, stories, err := editions.SampleMarathi()
		if err != nil {
			t.Fatal(err)
		}
		files, _ := fs.Glob(stories, "*.md")
		need := map[string]int{}
		for _, f := range files {
			data, err := fs.ReadFile(stories, f)
			if err != nil {
				t.Fatal(err)
			}
			s, _, err := ingest.ReadMarkdown(f, data, nil)
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			src := []string{s.Kicker, s.Headline, s.Deck, s.Byline}
			for _, b := range s.Body {
				src = append(src, b.Text())
			}
			for _, w := range devaWords(strings.Join(src, "\n")) {
				need[w]++
			}
		}
		// As the English nothing-lost test does, a word the extractor ran
		// together with its neighbour (a PDF token the stories do not
		// account for contains it) is counted as merged and logged, not lost.
		var spare []string
		for w, n := range have {
			if n > need[w] {
				spare = append(spare, w)
			}
		}
		sort.Strings(spare)
		total, missing, merged := 0, 0, 0
		var lost, joined []string
		for w, n := range need {
			total += n
			if have[w] >= n {
				continue
			}
			in := ""
			for _, sp := range spare {
				if len(sp) > len(w) && strings.Contains(sp, w) {
					in = sp
					break
				}
			}
			if in != "" {
				merged += n - have[w]
				joined = append(joined, in)
				continue
			}
			missing += n - have[w]
			lost = append(lost, fmt.Sprintf("%s (%d of %d)", w, have[w], n))
		}
		sort.Strings(lost)
		sort.Strings(joined)
		joined = slices.Compact(joined)
		t.Logf("%d words (%d distinct) of %d stories; %d run together by the extractor %q; %d missing", total, len(need), len(files), merged, joined, missing)
		if total < 1000 {
			t.Fatalf("only %d words in the stories", total)
		}
		// shaped words are placed by their shaped widths, so the extractor
		// sees every word space
		if merged > 0 {
			t.Errorf("%d words run together in the extracted text: %q", merged, joined)
		}
		if missing > 0 {
			if len(lost) > 20 {
				lost = lost[:20]
			}
			t.Fatalf("%d of %d words missing from the PDF text, e.g. %s", missing, total, strings.Join(lost, ", "))
		}
	})

	t.Run("furniture in Marathi", func(t *testing.T) {
		needTool(t, "pdftotext")
		raw, err := exec.Command("pdftotext", "-enc", "UTF-8", "-f", "1", "-l", "2", pdf, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		text := norm.NFC.String(string(raw))
		var m manifest.Manifest
		readJSON(t, filepath.Join(dir, "manifest.json"), &m)
		pages := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r - '0' + '०'
			}
			return r
		}, fmt.Sprint(len(m.Pages)))
		for _, want := range []string{"रविवार, १० डिसेंबर २०२३", pages + " पाने", "पान १", "आतील पानांवर"} {
			if !strings.Contains(text, want) {
				t.Errorf("pages 1-2 lack %q", want)
			}
		}
		for _, english := range []string{"PAGES", "PAGE 1", "INSIDE", "Continued", "December", "Sunday"} {
			if strings.Contains(text, english) {
				t.Errorf("pages 1-2 have the English %q", english)
			}
		}
	})
}

func TestSampleFlag(t *testing.T) {
	for _, args := range [][]string{
		{"epaper", "build", "--sample", "fr"},
		{"epaper", "build", "--sample", "mr", "--edition", "x.yaml", "--stories", "."},
		{"epaper", "gather", "--sample", "xx"},
		{"epaper", "validate", "--sample", "mr", "--edition", "x.yaml"},
	} {
		var out bytes.Buffer
		err := run(context.Background(), args, &out, &out)
		var ue usageError
		if !errors.As(err, &ue) {
			t.Errorf("%v: want a usage error, got %v", args, err)
		}
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"epaper", "validate", "--sample", "mr"}, &out, &out); err != nil {
		t.Fatalf("validate --sample mr: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "sample-mr/edition.yaml") {
		t.Errorf("validate --sample mr checked something else:\n%s", out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"epaper", "gather", "--sample", "mr", "--json"}, &out, &out); err != nil {
		t.Fatalf("gather --sample mr: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "मानवी अधिकारांचा जागतिक जाहीरनामा") {
		t.Errorf("gather --sample mr lacks the Marathi stories:\n%.500s", out.String())
	}
}

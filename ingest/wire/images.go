package wire

import (
	"net/url"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/epaper/epaper/story"
)

// The largest picture worth setting: renditions beyond either bound are
// passed over when a smaller one exists.
const (
	maxPixels     = 4000
	maxImageBytes = 20 << 20
)

// chooseRendition picks the largest rendition that is not over 4000 px on its
// long side nor over 20 MB. Renditions without sizes rank by name (an
// "original" above a "thumbnail"). When every rendition is too large, the
// smallest is taken.
func chooseRendition(rends []rendition) (rendition, bool) {
	var cands []rendition
	for _, r := range rends {
		if strings.TrimSpace(r.href) == "" {
			continue
		}
		if m := strings.ToLower(r.mime); m != "" && !strings.HasPrefix(m, "image/") {
			continue
		}
		cands = append(cands, r)
	}
	if len(cands) == 0 {
		return rendition{}, false
	}
	fits := func(r rendition) bool {
		return max(r.width, r.height) <= maxPixels && r.size <= maxImageBytes
	}
	best, found := rendition{}, false
	for _, r := range cands {
		if !fits(r) {
			continue
		}
		if !found || betterRendition(r, best) {
			best, found = r, true
		}
	}
	if found {
		return best, true
	}
	best = cands[0]
	for _, r := range cands[1:] {
		if r.width*r.height < best.width*best.height || (r.width*r.height == best.width*best.height && r.size < best.size) {
			best = r
		}
	}
	return best, true
}

// betterRendition reports whether a is a better choice than b, both within
// bounds.
func betterRendition(a, b rendition) bool {
	aa, ba := a.width*a.height, b.width*b.height
	if aa != ba {
		return aa > ba
	}
	if a.size != b.size {
		return a.size > b.size
	}
	return renditionRank(a.name) > renditionRank(b.name)
}

func renditionRank(name string) int {
	n := strings.ToLower(name)
	switch {
	case n == "":
		return 1
	case strings.Contains(n, "thumb"), strings.Contains(n, "small"), strings.Contains(n, "preview"),
		strings.Contains(n, "icon"), strings.Contains(n, "tiny"), strings.Contains(n, "mini"):
		return 0
	case strings.Contains(n, "high"), strings.Contains(n, "hires"), strings.Contains(n, "hughres"),
		strings.Contains(n, "original"), strings.Contains(n, "master"), strings.Contains(n, "base"),
		strings.Contains(n, "large"), strings.Contains(n, "full"), strings.Contains(n, "print"):
		return 2
	}
	return 1
}

var schemeRE = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]+):`)

// image turns a picture into a story image: it chooses a rendition and
// resolves its reference. http(s) addresses become URLs (never fetched);
// local paths are resolved against Options.Dir and must stay inside
// Options.Root. Anything else is left out with a warning.
func (r *reader) image(p picture) (story.Image, bool) {
	rend, ok := chooseRendition(p.rends)
	if !ok {
		return story.Image{}, false
	}
	img := story.Image{Caption: collapse(p.caption), Credit: collapse(p.credit), Width: rend.width, Height: rend.height, Line: p.line}
	href := strings.TrimSpace(rend.href)
	scheme := ""
	if m := schemeRE.FindStringSubmatch(href); m != nil {
		scheme = strings.ToLower(m[1])
	}
	switch scheme {
	case "http", "https":
		u, err := url.Parse(href)
		if err != nil || u.Host == "" {
			r.warnf(p.line, "picture %q is not a usable address: left out", href)
			return story.Image{}, false
		}
		img.URL = href
		return img, true
	case "file":
		u, err := url.Parse(href)
		if err != nil {
			r.warnf(p.line, "picture %q is not a usable file address: left out", href)
			return story.Image{}, false
		}
		local := u.Path
		if local == "" {
			local = u.Opaque
		}
		if u.Host != "" && u.Host != "localhost" {
			r.warnf(p.line, "picture %q is on another host: left out", href)
			return story.Image{}, false
		}
		return r.localImage(img, href, local, p.line)
	case "":
		return r.localImage(img, href, href, p.line)
	}
	r.warnf(p.line, "picture %q: only http(s) addresses and local files can be used: left out", href)
	return story.Image{}, false
}

func (r *reader) localImage(img story.Image, href, local string, line int) (story.Image, bool) {
	local = strings.ReplaceAll(local, "\\", "/")
	if strings.ContainsRune(local, 0) || strings.TrimSpace(local) == "" {
		r.warnf(line, "picture %q is not a file name: left out", href)
		return story.Image{}, false
	}
	root := r.opts.Root
	if root == "" {
		root = r.opts.Dir
	}
	if root == "" {
		r.warnf(line, "picture %q: no sources root to find it in: left out", href)
		return story.Image{}, false
	}
	root = filepath.Clean(root)
	p := filepath.FromSlash(local)
	if !filepath.IsAbs(p) {
		dir := r.opts.Dir
		if dir == "" {
			dir = root
		}
		p = filepath.Join(dir, p)
	}
	p = filepath.Clean(p)
	rel, err := filepath.Rel(root, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		r.warnf(line, "picture %q is outside the sources folder: left out", href)
		return story.Image{}, false
	}
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	img.File = p
	return img, true
}

// images resolves pictures, dropping duplicates.
func (r *reader) images(pics []picture) []story.Image {
	var out []story.Image
	seen := map[string]bool{}
	for _, p := range pics {
		img, ok := r.image(p)
		if !ok {
			continue
		}
		key := img.File + "\x00" + img.URL
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, img)
	}
	return out
}

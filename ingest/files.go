package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/epaper/epaper/internal/work"
	"github.com/epaper/epaper/problem"

	"github.com/epaper/epaper/ingest/wire"
	"github.com/epaper/epaper/story"
)

// storyExts are the extensions of files that are stories whatever their
// content: a file with one of them that cannot be read is rejected, not
// passed over. Files with other extensions are read when their content is
// a story (front matter, or a wire format wire.Detect knows).
var storyExts = map[string]bool{
	".md": true, ".markdown": true,
	".json": true, ".ninjs": true,
	".xml": true, ".nitf": true, ".newsml": true, ".g2": true, ".rss": true, ".atom": true,
}

// mediaExts are pictures, documents and other files that are never stories:
// they are passed over unread (a 30 MB photo is not sniffed).
var mediaExts = map[string]bool{
	".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".webp": true, ".tif": true, ".tiff": true,
	".bmp": true, ".heic": true, ".heif": true, ".avif": true, ".svg": true, ".ico": true, ".psd": true,
	".eps": true, ".ai": true, ".pdf": true, ".mp4": true, ".mov": true, ".webm": true, ".mp3": true,
	".wav": true, ".m4a": true, ".zip": true, ".gz": true, ".tgz": true, ".css": true, ".js": true,
	".ttf": true, ".otf": true, ".woff": true, ".woff2": true, ".doc": true, ".docx": true,
}

// sniffBytes is how much of an over-size file is read to tell whether it
// is a story.
const sniffBytes = 4096

// listFiles returns the files the edition reads, sorted: every file under
// the root, or under each of the edition's sources. Hidden files and
// folders are passed over.
func (g *gatherer) listFiles() ([]string, error) {
	seen := map[string]bool{}
	var files []string
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			files = append(files, p)
		}
	}
	walk := func(root string) error {
		return fs.WalkDir(g.fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				g.warn(problem.Problem{File: p, Msg: "cannot read: " + cleanFSError(err)})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if p != root && strings.HasPrefix(d.Name(), ".") {
					return fs.SkipDir
				}
				return nil
			}
			if !strings.HasPrefix(d.Name(), ".") {
				add(p)
			}
			return nil
		})
	}
	srcs := g.ed.Sources
	if len(srcs) == 0 {
		if err := walk("."); err != nil {
			return nil, err
		}
	}
	for _, s := range srcs {
		p := path.Clean(strings.TrimSpace(s.Path))
		var matches []string
		if s.HasGlob() {
			m, err := fs.Glob(g.fsys, p)
			if err != nil {
				g.warn(problem.Problem{File: g.ed.File, Line: s.Line, Msg: fmt.Sprintf("source %q: %v", s.Path, err)})
				continue
			}
			matches = m
		} else {
			matches = []string{p}
		}
		for _, m := range matches {
			if err := g.inside(m); err != nil {
				g.warn(problem.Problem{File: g.ed.File, Line: s.Line, Msg: fmt.Sprintf("source %q: %v: not read", s.Path, err)})
				continue
			}
			fi, err := fs.Stat(g.fsys, m)
			if err != nil {
				if !s.HasGlob() {
					g.warn(problem.Problem{File: g.ed.File, Line: s.Line, Msg: fmt.Sprintf("source %q: no such file or folder in the stories folder", s.Path)})
				}
				continue
			}
			if fi.IsDir() {
				if err := walk(m); err != nil {
					return nil, err
				}
			} else if !strings.HasPrefix(path.Base(m), ".") {
				add(m)
			}
		}
	}
	sort.Strings(files)
	return files, nil
}

// readOne reads one file into stories. It returns no stories and no error
// for files that are not stories (pictures, notes); an error for a story
// file that cannot be used.
func (g *gatherer) readOne(name string) ([]story.Story, error) {
	base := path.Base(name)
	ext := strings.ToLower(path.Ext(base))
	if isDocFile(base) || mediaExts[ext] {
		return nil, nil
	}
	if err := g.inside(name); err != nil {
		return nil, &problem.Problem{File: name, Msg: err.Error() + ": not read"}
	}
	fi, err := fs.Stat(g.fsys, name)
	if err != nil {
		if storyExts[ext] {
			return nil, &problem.Problem{File: name, Msg: cleanFSError(err)}
		}
		return nil, nil
	}
	if fi.IsDir() || !fi.Mode().IsRegular() {
		return nil, nil
	}
	if fi.Size() > g.opt.MaxFileSize {
		if storyExts[ext] || looksLikeStory(g.head(name)) {
			return nil, &problem.Problem{File: name, Msg: fmt.Sprintf("file is %d bytes, more than the %d a story file may have: not read", fi.Size(), g.opt.MaxFileSize)}
		}
		return nil, nil
	}
	data, err := fs.ReadFile(g.fsys, name)
	if err != nil {
		return nil, &problem.Problem{File: name, Msg: cleanFSError(err)}
	}
	if int64(len(data)) > g.opt.MaxFileSize {
		return nil, &problem.Problem{File: name, Msg: fmt.Sprintf("file is more than the %d bytes a story file may have: not read", g.opt.MaxFileSize)}
	}
	switch {
	case ext == ".md" || ext == ".markdown" || hasFrontMatter(data):
		r, ok := g.parsed[name]
		if !ok || !bytes.Equal(r.data, data) {
			r.d, r.probs, r.err = readMarkdown(name, data, g.ed.Loc)
		}
		g.warn(r.probs...)
		if r.err != nil {
			return nil, r.err
		}
		g.desk[name] = deskFile{explicit: r.d.explicit, saved: fi.ModTime()}
		return []story.Story{*r.d.story}, nil
	case wire.Detect(data) != wire.Unknown || storyExts[ext]:
		return g.readWire(name, data)
	}
	return nil, nil
}

// readWire reads a wire file and makes its pictures' paths relative to the
// stories folder, as the Markdown reader's are.
func (g *gatherer) readWire(name string, data []byte) ([]story.Story, error) {
	dir := filepath.Join(g.wireRoot, filepath.FromSlash(path.Dir(name)))
	res, err := wire.Read(name, data, wire.Options{Root: g.wireRoot, Dir: dir, MaxBytes: g.opt.MaxFileSize, Location: g.ed.Loc})
	for _, w := range res.Warnings {
		g.warn(problem.Problem{File: w.File, Line: w.Line, Msg: w.Msg})
	}
	if err != nil {
		if e := (*problem.Problem)(nil); errors.As(err, &e) {
			return nil, e
		}
		return nil, &problem.Problem{File: name, Msg: err.Error()}
	}
	for i := range res.Stories {
		s := &res.Stories[i]
		kept := s.Images[:0]
		for _, im := range s.Images {
			if im.File != "" {
				rel, err := filepath.Rel(g.wireRoot, im.File)
				rel = filepath.ToSlash(rel)
				if err != nil || rel == ".." || strings.HasPrefix(rel, "../") || !fs.ValidPath(rel) {
					g.warn(problem.Problem{File: name, Msg: fmt.Sprintf("picture %s is outside the stories folder: left out", im.File)})
					continue
				}
				im.File = rel
			}
			kept = append(kept, im)
		}
		s.Images = kept
	}
	return res.Stories, nil
}

// head reads the first bytes of a file.
func (g *gatherer) head(name string) []byte {
	f, err := g.fsys.Open(name)
	if err != nil {
		return nil
	}
	defer f.Close()
	b := make([]byte, sniffBytes)
	n, _ := io.ReadFull(f, b)
	return b[:n]
}

// looksLikeStory tells from the first bytes of a file whether it is a story.
func looksLikeStory(head []byte) bool {
	return hasFrontMatter(head) || wire.Detect(head) != wire.Unknown
}

// hasFrontMatter tells whether data starts as a desk story does.
func hasFrontMatter(data []byte) bool {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	return bytes.HasPrefix(data, []byte("---\n")) || bytes.HasPrefix(data, []byte("---\r\n"))
}

// cleanFSError drops the operation and path an fs error repeats, since
// messages name the file already.
func cleanFSError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// errOutside is a path that leads out of the stories folder.
type errOutside struct{ link, target string }

func (e errOutside) Error() string {
	if e.target != "" {
		return fmt.Sprintf("symbolic link %s leads outside the stories folder (to %s)", e.link, e.target)
	}
	return fmt.Sprintf("symbolic link %s leads outside the stories folder", e.link)
}

// inside checks that reading name does not leave the stories folder through
// a symbolic link. With Options.RootDir, the path is resolved on disk with
// filepath.EvalSymlinks; otherwise, when the file system can read links
// (os.DirFS can), they are followed one by one within it, and a link to an
// absolute path counts as leaving. A path that does not exist is not an
// error here: reading it will say so.
func (g *gatherer) inside(name string) error {
	if g.realRoot != "" {
		p := filepath.Join(g.wireRoot, filepath.FromSlash(name))
		real, err := filepath.EvalSymlinks(p)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				// a dangling link: say where it leads when it leads out
				if t, lerr := os.Readlink(p); lerr == nil && filepath.IsAbs(t) && !within(g.realRoot, t) {
					return errOutside{link: name, target: t}
				}
			}
			return nil
		}
		if !within(g.realRoot, real) {
			return errOutside{link: name, target: real}
		}
		return nil
	}
	rl, ok := g.fsys.(fs.ReadLinkFS)
	if !ok {
		return nil
	}
	parts := strings.Split(name, "/")
	var cur []string
	link := name
	for hops := 0; len(parts) > 0; {
		c := parts[0]
		parts = parts[1:]
		switch c {
		case "", ".":
			continue
		case "..":
			if len(cur) == 0 {
				return errOutside{link: link}
			}
			cur = cur[:len(cur)-1]
			continue
		}
		p := path.Join(append(append([]string{}, cur...), c)...)
		fi, err := rl.Lstat(p)
		if err != nil {
			return nil
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			cur = append(cur, c)
			continue
		}
		if hops++; hops > 40 {
			return fmt.Errorf("symbolic link %s: too many links", p)
		}
		t, err := rl.ReadLink(p)
		if err != nil {
			return nil
		}
		ts := filepath.ToSlash(t)
		link = p
		if path.IsAbs(ts) || filepath.IsAbs(t) || filepath.VolumeName(t) != "" {
			return errOutside{link: p, target: t}
		}
		parts = append(strings.Split(ts, "/"), parts...)
	}
	return nil
}

// within tells whether p is root or under it; both are clean absolute paths.
func within(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// checkImages drops pictures whose path leaves the stories folder through
// a symbolic link.
func (g *gatherer) checkImages(s *story.Story) {
	kept := s.Images[:0]
	for _, im := range s.Images {
		if im.File != "" {
			if err := g.inside(im.File); err != nil {
				g.warn(problem.Problem{File: s.File, Msg: fmt.Sprintf("picture %s: %v: left out", im.File, err)})
				continue
			}
		}
		kept = append(kept, im)
	}
	s.Images = kept
}

// virtualRoot stands for the stories folder when it is not a folder on
// disk: wire pictures are resolved against it and made relative again.
var virtualRoot = filepath.Join(string(filepath.Separator), "stories")

// rootsFor returns the root wire pictures are resolved against and the
// stories folder's real path (or "" when there is no folder on disk).
func rootsFor(opt Options) (wireRoot, realRoot string, err error) {
	if opt.RootDir == "" {
		return virtualRoot, "", nil
	}
	abs, err := filepath.Abs(opt.RootDir)
	if err != nil {
		return "", "", err
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return "", "", fmt.Errorf("stories folder %s: %w", opt.RootDir, err)
	}
	return abs, real, nil
}

// parsedMD is a desk story read ahead of its turn.
type parsedMD struct {
	data  []byte
	d     deskStory
	probs []problem.Problem
	err   error
}

// prefetch reads and parses the Markdown desk stories on every core before
// gathering takes them in order; what it finds is used only when the file
// is unchanged when its turn comes.
func (g *gatherer) prefetch(ctx context.Context, files []string) error {
	var md []string
	for _, f := range files {
		if ext := strings.ToLower(path.Ext(f)); (ext == ".md" || ext == ".markdown") && !isDocFile(path.Base(f)) {
			md = append(md, f)
		}
	}
	out := make([]parsedMD, len(md))
	err := work.Each(ctx, runtime.NumCPU(), len(md), func(_, i int) error {
		if g.inside(md[i]) != nil {
			return nil
		}
		fi, err := fs.Stat(g.fsys, md[i])
		if err != nil || !fi.Mode().IsRegular() || fi.Size() > g.opt.MaxFileSize {
			return nil
		}
		data, err := fs.ReadFile(g.fsys, md[i])
		if err != nil {
			return nil
		}
		d, probs, err := readMarkdown(md[i], data, g.ed.Loc)
		out[i] = parsedMD{data: data, d: d, probs: probs, err: err}
		return nil
	})
	g.parsed = map[string]parsedMD{}
	for i, f := range md {
		if out[i].data != nil {
			g.parsed[f] = out[i]
		}
	}
	return err
}

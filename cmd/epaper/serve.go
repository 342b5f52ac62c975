package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/urfave/cli/v2"
)

func serveCommand() *cli.Command {
	return &cli.Command{
		Name:         "serve",
		OnUsageError: commandUsageError,
		Usage:        "preview the output folder in a browser, on this machine only; --watch rebuilds as the desk edits",
		Description: "Serves OUT over HTTP on a loopback address (127.0.0.1, ::1 or localhost)\n" +
			"so the desk can check the archive and the viewer; it is not a web server\n" +
			"for readers. Nothing is cached, so a rebuild shows on the next reload.\n" +
			"With --watch it builds the edition (the flags of epaper build; with no\n" +
			"--edition or --stories, a copy of the bundled sample that can be edited)\n" +
			"into OUT, then again whenever the edition file, its ads, a story or the\n" +
			"plan changes, and the pages open in a browser reload themselves; a build\n" +
			"that fails shows its error there and leaves the last edition in place.\n" +
			"Ctrl-C stops it.",
		Flags: append(append([]cli.Flag{}, editionFlags...),
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Value: "out", Usage: "folder to serve (the --out of epaper build); with --watch, the edition is built into it", TakesFile: true},
			&cli.StringFlag{Name: "addr", Value: "127.0.0.1:8080", Usage: "loopback address and port to listen on (port 0 picks a free one)"},
			&cli.BoolFlag{Name: "watch", Aliases: []string{"w"}, Usage: "build the edition, rebuild it when its files change, and reload the open pages"},
			&cli.StringFlag{Name: "plan", Usage: "with --watch: the desk's plan (YAML), watched and read for each build as epaper build reads it", TakesFile: true},
			&cli.StringFlag{Name: "lock", Usage: "with --watch: pages kept as last published (e.g. 1-3), as epaper build takes them"},
		),
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usageError{fmt.Errorf("serve takes no arguments, got %q", c.Args().Slice())}
			}
			if err := loopbackOnly(c.String("addr")); err != nil {
				return usageError{err}
			}
			dir := c.String("out")
			if c.Bool("watch") {
				return serveWatch(c, dir)
			}
			for _, f := range []string{"edition", "stories", "date", "any-date", "sample", "plan", "lock"} {
				if c.IsSet(f) {
					return usageError{fmt.Errorf("--%s is for --watch: without it, serve only shows what is in --out", f)}
				}
			}
			fi, err := os.Stat(dir)
			if err != nil {
				return usageError{fmt.Errorf("--out: %w", err)}
			}
			if !fi.IsDir() {
				return usageError{fmt.Errorf("--out %s is not a folder", dir)}
			}
			return serve(c.Context, dir, c.String("addr"), preview{handler: previewHandler(dir)}, c.App.Writer)
		},
	}
}

// loopbackOnly refuses an address other machines could reach: the preview
// shows editions before they are meant to be public.
func loopbackOnly(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--addr %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("--addr %q: serve listens on this machine only (127.0.0.1, ::1 or localhost)", addr)
}

// preview is what serve serves, and what runs beside it.
type preview struct {
	handler http.Handler
	// also, when set, runs once serve listens, with its URL, until its
	// context ends; serve ends that context and waits for it to return
	// before it returns itself.
	also func(ctx context.Context, base string)
	// stop, when set, is called as serve shuts down: the live reload's
	// event streams would otherwise hold it up.
	stop func()
}

// serve serves p.handler (the files of dir) on addr until ctx ends, then
// shuts down, letting requests in flight finish for a few seconds.
func serve(ctx context.Context, dir, addr string, p preview, stdout io.Writer) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	abs, _ := filepath.Abs(dir)
	srv := &http.Server{Handler: p.handler, ReadHeaderTimeout: 10 * time.Second}
	if p.stop != nil {
		srv.RegisterOnShutdown(p.stop)
	}
	base := fmt.Sprintf("http://%s/", ln.Addr())
	fmt.Fprintf(stdout, "Serving %s at %s (Ctrl-C stops)\n", abs, base)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	if p.also != nil {
		actx, cancel := context.WithCancel(ctx)
		alsoDone := make(chan struct{})
		go func() {
			defer close(alsoDone)
			p.also(actx, base)
		}()
		defer func() {
			cancel()
			<-alsoDone
		}()
	}
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(stdout, "Stopped.")
	return nil
}

// contentTypes are the types of the files a build writes, fixed here so
// they do not depend on the machine's mime.types.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".json": "application/json",
	".jpg":  "image/jpeg",
	".jpeg": "image/jpeg",
	".png":  "image/png",
	".webp": "image/webp",
	".svg":  "image/svg+xml",
	".pdf":  "application/pdf",
	".txt":  "text/plain; charset=utf-8",
}

// previewHandler serves the files under dir read-only, with caching off (a
// rebuilt edition shows on reload) and without anything whose name starts
// with a dot: editions being written, editions moved aside, locks.
func previewHandler(dir string) http.Handler {
	files := http.FileServer(dotless{http.Dir(dir)})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		for _, seg := range strings.Split(r.URL.Path, "/") {
			if strings.HasPrefix(seg, ".") {
				http.NotFound(w, r)
				return
			}
		}
		h := w.Header()
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		name := path.Base(r.URL.Path)
		if strings.HasSuffix(r.URL.Path, "/") {
			name = "index.html"
		}
		if ct, ok := contentTypes[strings.ToLower(path.Ext(name))]; ok {
			h.Set("Content-Type", ct)
		}
		// Conditional requests would answer 304 from the file's time:
		// with caching off, always send the file.
		r.Header.Del("If-Modified-Since")
		r.Header.Del("If-None-Match")
		files.ServeHTTP(w, r)
	})
}

// dotless hides the files and folders whose names start with a dot, from
// requests and from directory listings.
type dotless struct{ fs http.FileSystem }

func (d dotless) Open(name string) (http.File, error) {
	for _, seg := range strings.Split(name, "/") {
		if strings.HasPrefix(seg, ".") {
			return nil, os.ErrNotExist
		}
	}
	f, err := d.fs.Open(name)
	if err != nil {
		return nil, err
	}
	return dotlessFile{f}, nil
}

type dotlessFile struct{ http.File }

func (f dotlessFile) Readdir(n int) ([]os.FileInfo, error) {
	fis, err := f.File.Readdir(n)
	kept := fis[:0]
	for _, fi := range fis {
		if !strings.HasPrefix(fi.Name(), ".") {
			kept = append(kept, fi)
		}
	}
	return kept, err
}

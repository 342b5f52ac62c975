package main

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The live reload of serve --watch: the server tells the open pages about
// each build over Server-Sent Events, and adds to every HTML page it serves
// the script that listens. Its paths start with a dot, which no file of an
// edition folder does (the preview hides such files), so they cannot clash.
const (
	livePath   = "/.epaper/"
	eventsPath = livePath + "events"
	scriptPath = livePath + "live.js"
)

//go:embed live.js
var liveJS []byte

// buildState is what the open pages are told after each build.
type buildState struct {
	// Published counts the builds published since serve started; a page
	// served after build N reloads when it hears of a later one.
	Published int `json:"published"`
	// Building is true while a build runs.
	Building bool `json:"building"`
	// Error is why the last build failed, "" when it was published.
	Error string `json:"error,omitempty"`
}

// hub holds the latest build state and wakes the pages listening.
type hub struct {
	mu     sync.Mutex
	state  buildState
	subs   map[chan struct{}]bool
	closed chan struct{}
	once   sync.Once
}

func newHub() *hub {
	return &hub{subs: map[chan struct{}]bool{}, closed: make(chan struct{})}
}

// set changes the state and tells every page; a page that has not read the
// last news yet reads only the newest, which is all it needs.
func (h *hub) set(change func(*buildState)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	change(&h.state)
	for c := range h.subs {
		select {
		case c <- struct{}{}:
		default:
		}
	}
}

func (h *hub) current() buildState {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.state
}

// close ends every event stream, so that the server can shut down.
func (h *hub) close() { h.once.Do(func() { close(h.closed) }) }

// keepAlive is how often an idle event stream gets a comment, so that a
// page gone away is noticed.
const keepAlive = 15 * time.Second

// serveEvents streams the build state: once on connecting, then after
// every change.
func (h *hub) serveEvents(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	wake := make(chan struct{}, 1)
	h.mu.Lock()
	h.subs[wake] = true
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		delete(h.subs, wake)
		h.mu.Unlock()
	}()
	hd := w.Header()
	hd.Set("Content-Type", "text/event-stream")
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	// a page reconnects a second after the server went away
	fmt.Fprint(w, "retry: 1000\n\n")
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	send := true // the state is due (not only a keep-alive)
	for {
		if send {
			data, _ := json.Marshal(h.current())
			if _, err := fmt.Fprintf(w, "event: build\ndata: %s\n\n", data); err != nil {
				return
			}
			fl.Flush()
		}
		select {
		case <-wake:
			send = true
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": still here\n\n"); err != nil {
				return
			}
			fl.Flush()
			send = false
		case <-r.Context().Done():
			return
		case <-h.closed:
			return
		}
	}
}

// liveHandler serves the preview of dir with the live reload: the events,
// the script, and the script added to every HTML page.
func liveHandler(dir string, h *hub) http.Handler {
	files := previewHandler(dir)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case eventsPath:
			h.serveEvents(w, r)
			return
		case scriptPath:
			hd := w.Header()
			hd.Set("Content-Type", "text/javascript; charset=utf-8")
			hd.Set("Cache-Control", "no-store")
			hd.Set("X-Content-Type-Options", "nosniff")
			w.Write(liveJS)
			return
		}
		if r.URL.Path == "/favicon.ico" {
			// browsers ask for it of every page served over HTTP; an
			// edition has none, and the answer "nothing" keeps their
			// consoles free of a 404 that is no error of the page
			if _, err := os.Stat(filepath.Join(dir, "favicon.ico")); err != nil {
				w.WriteHeader(http.StatusNoContent)
				return
			}
		}
		// the build a page shows is taken before its file is read: a build
		// published in between makes the page reload once more, never miss
		// the edition it shows
		published := h.current().Published
		rec := &htmlRecorder{w: w, head: r.Method == http.MethodHead}
		if rec.head {
			// the page is read as for GET, so that HEAD gives the length
			// GET sends; net/http sends no body for HEAD
			r = r.Clone(r.Context())
			r.Method = http.MethodGet
		}
		files.ServeHTTP(rec, r)
		rec.finish(published)
	})
}

// htmlRecorder passes a response through, except a whole HTML page, which
// it holds to add the live script to.
type htmlRecorder struct {
	w    http.ResponseWriter
	head bool // a HEAD request: no body is sent
	html bool // holding the body
	code int
	body bytes.Buffer
}

func (rec *htmlRecorder) Header() http.Header { return rec.w.Header() }

func (rec *htmlRecorder) WriteHeader(code int) {
	if rec.code != 0 {
		return
	}
	rec.code = code
	if code == http.StatusOK && strings.HasPrefix(rec.w.Header().Get("Content-Type"), "text/html") {
		rec.html = true
		return
	}
	rec.w.WriteHeader(code)
}

func (rec *htmlRecorder) Write(p []byte) (int, error) {
	if rec.code == 0 {
		rec.WriteHeader(http.StatusOK)
	}
	switch {
	case rec.html:
		return rec.body.Write(p)
	case rec.head:
		return len(p), nil
	}
	return rec.w.Write(p)
}

// finish sends a held page with the script added.
func (rec *htmlRecorder) finish(published int) {
	if !rec.html {
		return
	}
	page := withLiveScript(rec.body.Bytes(), published)
	rec.w.Header().Set("Content-Length", strconv.Itoa(len(page)))
	rec.w.WriteHeader(http.StatusOK)
	if !rec.head {
		rec.w.Write(page)
	}
}

var (
	reCSP     = regexp.MustCompile(`(?i)(<meta\s+http-equiv=["']?content-security-policy["']?\s+content=")([^"]*)(")`)
	reBodyEnd = regexp.MustCompile(`(?i)</body\s*>`)
)

// withLiveScript returns an HTML page with the live script before its
// </body> (or at its end), told which build it shows. The page's content
// security policy, which allows neither the script nor its connection
// back to the server, is widened by just those two, same-origin.
func withLiveScript(page []byte, published int) []byte {
	page = reCSP.ReplaceAllFunc(page, func(m []byte) []byte {
		sm := reCSP.FindSubmatch(m)
		return []byte(string(sm[1]) + allowLive(string(sm[2])) + string(sm[3]))
	})
	tag := fmt.Sprintf(`<script src="%s" data-published="%d"></script>`, scriptPath, published)
	locs := reBodyEnd.FindAllIndex(page, -1)
	if len(locs) == 0 {
		return append(page, tag...)
	}
	at := locs[len(locs)-1][0]
	out := make([]byte, 0, len(page)+len(tag)+1)
	out = append(out, page[:at]...)
	out = append(out, tag...)
	out = append(out, '\n')
	return append(out, page[at:]...)
}

// allowLive adds 'self' to a policy's script-src and connect-src, adding
// those directives when it has none (a policy without them falls back to
// its default-src).
func allowLive(policy string) string {
	dirs := strings.Split(policy, ";")
	need := map[string]bool{"script-src": true, "connect-src": true}
	for i, d := range dirs {
		f := strings.Fields(d)
		if len(f) == 0 || !need[strings.ToLower(f[0])] {
			continue
		}
		need[strings.ToLower(f[0])] = false
		kept := []string{f[0]}
		self := false
		for _, s := range f[1:] {
			switch strings.ToLower(s) {
			case "'none'":
				continue // 'none' goes when anything is allowed
			case "'self'":
				self = true
			}
			kept = append(kept, s)
		}
		if !self {
			kept = append(kept, "'self'")
		}
		dirs[i] = " " + strings.Join(kept, " ")
	}
	out := strings.TrimRight(strings.Join(dirs, ";"), "; ")
	for _, d := range []string{"script-src", "connect-src"} {
		if need[d] {
			out += "; " + d + " 'self'"
		}
	}
	return strings.TrimPrefix(out, " ")
}

package main

import (
	"bufio"
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"

	"github.com/epaper/epaper/internal/diskcache"
	"github.com/epaper/epaper/photo"
	"github.com/urfave/cli/v2"
)

// defaultCacheMB is the size of the cache of prepared pictures: a day's
// pictures of a dozen editions take a few tens of MB.
const defaultCacheMB = 512

// defaultCacheDir is the user's cache folder's epaper folder
// ($XDG_CACHE_HOME/epaper, ~/.cache/epaper), "" when there is none.
func defaultCacheDir() string {
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "epaper")
}

// pictureStore opens the cache folder the flags name, nil for none (a
// folder that cannot be used is logged and the build goes on without it:
// the cache only saves work).
func pictureStore(c *cli.Context, log *slog.Logger) photo.Store {
	dir := c.String("cache")
	if c.Bool("no-cache") || dir == "" {
		return nil
	}
	store, err := diskcache.Open(dir, int64(c.Int("cache-size"))<<20)
	if err != nil {
		log.Warn("prepared pictures are not kept between builds", "cache", dir, "error", err)
		return nil
	}
	return store
}

// setMemoryLimit sets the memory the garbage collector keeps the process
// under: 128 MB and 64 MB for each edition built at once, unless
// GOMEMLIMIT says otherwise. A build holds a few pages, its pictures and
// its stories (a live heap of 60 to 100 MB for a 14-page edition of 114
// to 400 stories) and makes much garbage; main collects it seldom, and
// the limit collects it before the process grows past the bound. It is a
// soft limit: an edition that needs more gets it, at the cost of more
// collections.
func setMemoryLimit(editionsAtOnce int) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(int64(128+64*max(1, editionsAtOnce)) << 20)
}

// peakMemory is the most memory the process has held (its peak resident
// set, VmHWM), 0 where the system does not tell.
func peakMemory() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := bytes.Fields(sc.Bytes())
		if len(f) >= 2 && string(f[0]) == "VmHWM:" {
			kb, err := strconv.ParseInt(string(f[1]), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}

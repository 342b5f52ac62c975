package photo

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"io/fs"
	"reflect"
	"sync"
)

// Store keeps what preparing pictures made between runs, by key: the
// city editions of a night, and the rebuilds after late news, take a
// picture prepared once rather than decode and scale it again. Get returns
// what Put stored under key (false when it has none: never stored, or let
// go); Put may keep or drop what it is given. A Store's methods may be
// called from several goroutines. internal/diskcache is one on disk.
type Store interface {
	Get(key [32]byte) ([]byte, bool)
	Put(key [32]byte, data []byte)
}

// Shared is what the builds of one run share about pictures: each picture
// is checked and prepared once for every edition that uses it, however
// many build at once (a second asking for a picture being prepared waits
// for it), and what was made is kept in the Store, when there is one, for
// the next run. Checks (a few numbers each) are kept for the run; prepared
// pictures in memory up to a bound (the Store keeps the rest). A nil
// *Shared shares nothing.
type Shared struct {
	store Store

	mu       sync.Mutex
	files    map[fileKey][32]byte // digests of the files read, as they stood
	checks   map[[32]byte]*once[checked]
	prepared map[[32]byte]*once[Prepared]
	order    [][32]byte // prepared pictures kept in memory, oldest first
	held     int64      // their bytes
	limit    int64
	stats    SharedStats
}

// SharedStats counts what a Shared made and what it handed out again
// (from memory or its Store) rather than make it twice.
type SharedStats struct {
	Checked, ChecksReused    int
	Prepared, PreparedReused int
}

// Stats returns what sh made and reused so far.
func (sh *Shared) Stats() SharedStats {
	if sh == nil {
		return SharedStats{}
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	return sh.stats
}

// count adds one to a counter under the lock.
func (sh *Shared) count(n *int) {
	sh.mu.Lock()
	*n++
	sh.mu.Unlock()
}

// sharedMemory bounds the prepared pictures a Shared keeps in memory.
const sharedMemory = 64 << 20

// NewShared returns a Shared keeping what it makes in store (nil: for the
// run only).
func NewShared(store Store) *Shared {
	return &Shared{store: store, files: map[fileKey][32]byte{}, checks: map[[32]byte]*once[checked]{}, prepared: map[[32]byte]*once[Prepared]{}, limit: sharedMemory}
}

// once is a value made once, by the first to ask for it.
type once[T any] struct {
	done chan struct{}
	v    T
	err  error
	size int64
}

// checked is the outcome of decoding a picture's data to check it.
type checked struct {
	info Info
	msg  string // why the data does not decode, "" when it does
}

// check returns the check of the picture whose bytes hash to sum, making
// it with do the first time. An error from do (the build cancelled, say)
// is returned and not kept: only what the data itself gave is.
func (sh *Shared) check(sum [32]byte, s Settings, decode bool, do func() (checked, error)) (checked, error) {
	if sh == nil {
		return do()
	}
	key := keyOf(checkKind(decode), sum, checkSettings(s))
	o, first := claim(sh, sh.checks, key)
	if !first {
		<-o.done
		if o.err == nil {
			sh.count(&sh.stats.ChecksReused)
		}
		return o.v, o.err
	}
	defer close(o.done)
	if b, ok := sh.getStore(key); ok {
		if c, err := decodeChecked(b); err == nil {
			o.v = c
			sh.count(&sh.stats.ChecksReused)
			return c, nil
		}
	}
	sh.count(&sh.stats.Checked)
	o.v, o.err = do()
	if o.err != nil {
		sh.mu.Lock()
		delete(sh.checks, key)
		sh.mu.Unlock()
		return o.v, o.err
	}
	sh.putStore(key, encodeChecked(o.v))
	return o.v, nil
}

// prepare returns the picture prepared under key, making it with do the
// first time; a failure is not kept.
func (sh *Shared) prepare(key [32]byte, do func() (Prepared, error)) (Prepared, error) {
	if sh == nil {
		return do()
	}
	o, first := claim(sh, sh.prepared, key)
	if !first {
		<-o.done
		if o.err == nil {
			sh.count(&sh.stats.PreparedReused)
		}
		return o.v, o.err
	}
	if b, ok := sh.getStore(key); ok {
		if p, err := decodePrepared(b); err == nil {
			o.v = p
			sh.count(&sh.stats.PreparedReused)
			sh.keep(key, o, p)
			close(o.done)
			return p, nil
		}
	}
	sh.count(&sh.stats.Prepared)
	o.v, o.err = do()
	if o.err != nil {
		sh.mu.Lock()
		delete(sh.prepared, key)
		sh.mu.Unlock()
		close(o.done)
		return o.v, o.err
	}
	if sh.store != nil {
		if rec := encodePrepared(o.v); rec != nil {
			sh.putStore(key, rec)
		}
	}
	sh.keep(key, o, o.v)
	close(o.done)
	return o.v, nil
}

// claim returns the entry for key, making it when there is none; first
// says the caller made it and must fill it in and close its done.
func claim[T any](sh *Shared, m map[[32]byte]*once[T], key [32]byte) (o *once[T], first bool) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if o, ok := m[key]; ok {
		return o, false
	}
	o = &once[T]{done: make(chan struct{})}
	m[key] = o
	return o, true
}

// keep counts a prepared picture kept in memory and lets the oldest go
// while they are over the bound.
func (sh *Shared) keep(key [32]byte, o *once[Prepared], p Prepared) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	o.size = int64(len(p.Data)) + pixBytes(p.Pix)
	sh.order = append(sh.order, key)
	sh.held += o.size
	for sh.held > sh.limit && len(sh.order) > 1 {
		old := sh.order[0]
		sh.order = sh.order[1:]
		if e, ok := sh.prepared[old]; ok {
			sh.held -= e.size
			delete(sh.prepared, old)
		}
	}
}

func (sh *Shared) getStore(key [32]byte) ([]byte, bool) {
	if sh.store == nil {
		return nil, false
	}
	return sh.store.Get(key)
}

func (sh *Shared) putStore(key [32]byte, b []byte) {
	if sh.store != nil {
		sh.store.Put(key, b)
	}
}

// storeVersion names the form of what is kept in a Store and how it was
// made: changing either changes it, so nothing made another way is used.
const storeVersion = "epaper photo 1"

// keyOf derives a key from a kind of record, a file's digest and what else
// the record depends on.
func keyOf(kind string, sum [32]byte, more ...any) [32]byte {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00", storeVersion, kind)
	h.Write(sum[:])
	for _, m := range more {
		fmt.Fprintf(h, "\x00%#v", m)
	}
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// checkSettings are the settings a check depends on.
func checkSettings(s Settings) Settings {
	return Settings{MaxBytes: s.MaxBytes, MaxPixels: s.MaxPixels, MaxSide: s.MaxSide, MaxDecodeBytes: s.MaxDecodeBytes}
}

// prepareSettings are the settings a prepared picture depends on.
func prepareSettings(s Settings) Settings {
	s.Budget, s.Shared, s.DecodeBudget = nil, nil, 0
	return s
}

// pixBytes is the memory of a prepared picture's pixels.
func pixBytes(img image.Image) int64 {
	switch m := img.(type) {
	case *image.Gray:
		return int64(len(m.Pix))
	case *image.YCbCr:
		return int64(len(m.Y) + len(m.Cb) + len(m.Cr))
	}
	return 0
}

// The records kept in a Store: little-endian numbers, byte strings with
// their length before them.

func encodeChecked(c checked) []byte {
	b := binary.LittleEndian.AppendUint32(nil, uint32(c.info.W))
	b = binary.LittleEndian.AppendUint32(b, uint32(c.info.H))
	b = binary.LittleEndian.AppendUint64(b, uint64(c.info.Bytes))
	b = appendString(b, c.info.Format)
	return appendString(b, c.msg)
}

func decodeChecked(b []byte) (checked, error) {
	r := reader{b: b}
	c := checked{info: Info{W: int(r.u32()), H: int(r.u32()), Bytes: int64(r.u64()), Format: string(r.bytes())}, msg: string(r.bytes())}
	return c, r.done()
}

// Pixels are kept as their kind (0 none, 1 grey, 2 YCbCr 4:2:0), size
// and planes.
func encodePrepared(p Prepared) []byte {
	var flags byte
	if p.Whole {
		flags |= 1
	}
	if p.Light {
		flags |= 2
	}
	b := append([]byte(nil), flags)
	b = appendBytes(b, p.Data)
	switch m := p.Pix.(type) {
	case *image.Gray:
		b = append(b, 1)
		b = binary.LittleEndian.AppendUint32(b, uint32(m.Rect.Dx()))
		b = binary.LittleEndian.AppendUint32(b, uint32(m.Rect.Dy()))
		for y := m.Rect.Min.Y; y < m.Rect.Max.Y; y++ {
			b = append(b, m.Pix[m.PixOffset(m.Rect.Min.X, y):][:m.Rect.Dx()]...)
		}
	case *image.YCbCr:
		if m.SubsampleRatio != image.YCbCrSubsampleRatio420 || m.Rect.Min != (image.Point{}) {
			return nil // not made by Prepare: not kept
		}
		w, h := m.Rect.Dx(), m.Rect.Dy()
		b = append(b, 2)
		b = binary.LittleEndian.AppendUint32(b, uint32(w))
		b = binary.LittleEndian.AppendUint32(b, uint32(h))
		for y := range h {
			b = append(b, m.Y[y*m.YStride:][:w]...)
		}
		for _, plane := range [][]uint8{m.Cb, m.Cr} {
			for y := range (h + 1) / 2 {
				b = append(b, plane[y*m.CStride:][:(w+1)/2]...)
			}
		}
	default:
		b = append(b, 0)
	}
	return b
}

func decodePrepared(b []byte) (Prepared, error) {
	if len(b) == 0 {
		return Prepared{}, errors.New("empty record")
	}
	r := reader{b: b}
	flags := r.byte()
	p := Prepared{Whole: flags&1 != 0, Light: flags&2 != 0, Data: r.bytes()}
	switch r.byte() {
	case 1:
		w, h := int(r.u32()), int(r.u32())
		if !r.fits(w, h, 1) {
			return Prepared{}, errors.New("short record")
		}
		g := image.NewGray(image.Rect(0, 0, w, h))
		copy(g.Pix, r.take(w*h))
		p.Pix = g
	case 2:
		w, h := int(r.u32()), int(r.u32())
		if !r.fits(w, h, 2) {
			return Prepared{}, errors.New("short record")
		}
		m := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
		copy(m.Y, r.take(w*h))
		cw, ch := (w+1)/2, (h+1)/2
		copy(m.Cb, r.take(cw*ch))
		copy(m.Cr, r.take(cw*ch))
		p.Pix = m
	}
	if p.Data == nil {
		return Prepared{}, errors.New("no picture in the record")
	}
	return p, r.done()
}

func appendString(b []byte, s string) []byte { return appendBytes(b, []byte(s)) }

func appendBytes(b, v []byte) []byte {
	b = binary.LittleEndian.AppendUint32(b, uint32(len(v)))
	return append(b, v...)
}

// reader reads a record, noting whether it ran short.
type reader struct {
	b     []byte
	short bool
}

func (r *reader) take(n int) []byte {
	if n < 0 || n > len(r.b) {
		r.short = true
		r.b = nil
		return nil
	}
	v := r.b[:n:n]
	r.b = r.b[n:]
	return v
}

func (r *reader) byte() byte {
	if v := r.take(1); v != nil {
		return v[0]
	}
	return 0
}

func (r *reader) u32() uint32 {
	if v := r.take(4); v != nil {
		return binary.LittleEndian.Uint32(v)
	}
	return 0
}

func (r *reader) u64() uint64 {
	if v := r.take(8); v != nil {
		return binary.LittleEndian.Uint64(v)
	}
	return 0
}

func (r *reader) bytes() []byte { return r.take(int(r.u32())) }

// fits reports whether w×h pixels of the kind (1 grey, 2 YCbCr 4:2:0) are
// left to read, for sizes a page could hold.
func (r *reader) fits(w, h, kind int) bool {
	if w <= 0 || h <= 0 || w > 1<<16 || h > 1<<16 {
		return false
	}
	n := w * h
	if kind == 2 {
		n += 2 * ((w + 1) / 2) * ((h + 1) / 2)
	}
	return n <= len(r.b)
}

func (r *reader) done() error {
	if r.short || len(r.b) != 0 {
		return errors.New("malformed record")
	}
	return nil
}

// fileKey names a file of a folder as it stands: the editions of a run
// read the same pictures, and a file whose size and modification time
// have not changed since a build of the run read it need not be read and
// hashed again to find what was made of it.
type fileKey struct {
	fsys      fs.FS
	name      string
	size, mod int64
}

// statKey names the file name of fsys as it stands; ok is false when it
// cannot be named so: a folder of a kind that is not a path or a pointer
// (and so cannot be told apart from another safely), or a file that is not
// a regular file.
func (sh *Shared) statKey(fsys fs.FS, name string) (k fileKey, ok bool) {
	if sh == nil || fsys == nil {
		return k, false
	}
	if t := reflect.TypeOf(fsys); t.Kind() != reflect.String && t.Kind() != reflect.Pointer {
		return k, false
	}
	st, err := fs.Stat(fsys, name)
	if err != nil || !st.Mode().IsRegular() {
		return k, false
	}
	return fileKey{fsys, name, st.Size(), st.ModTime().UnixNano()}, true
}

// remember notes the digest of the file k names.
func (sh *Shared) remember(k fileKey, sum [32]byte) {
	sh.mu.Lock()
	sh.files[k] = sum
	sh.mu.Unlock()
}

// sumOf returns the digest of the file k names, when a build of the run
// read it as it stands.
func (sh *Shared) sumOf(k fileKey) ([32]byte, bool) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	sum, ok := sh.files[k]
	return sum, ok
}

// checkedFile returns the check of the file k names, when a build of the
// run read it as it stands and its check is done.
func (sh *Shared) checkedFile(k fileKey, s Settings, decode bool) (checked, bool) {
	sum, ok := sh.sumOf(k)
	if !ok {
		return checked{}, false
	}
	o, ok := done(sh, sh.checks, keyOf(checkKind(decode), sum, checkSettings(s)))
	if !ok {
		return checked{}, false
	}
	sh.count(&sh.stats.ChecksReused)
	return o.v, true
}

// preparedDone returns the picture prepared under key, when it is done.
func (sh *Shared) preparedDone(key [32]byte) (Prepared, bool) {
	o, ok := done(sh, sh.prepared, key)
	if !ok {
		return Prepared{}, false
	}
	sh.count(&sh.stats.PreparedReused)
	return o.v, true
}

// done returns the entry of m under key when it is made, without error.
func done[T any](sh *Shared, m map[[32]byte]*once[T], key [32]byte) (*once[T], bool) {
	sh.mu.Lock()
	o, ok := m[key]
	sh.mu.Unlock()
	if !ok {
		return nil, false
	}
	select {
	case <-o.done:
		return o, o.err == nil
	default:
		return nil, false
	}
}

// checkKind is the kind of a check's record: a whole decode or the
// structure alone.
func checkKind(decode bool) string {
	if decode {
		return "check"
	}
	return "structure check"
}

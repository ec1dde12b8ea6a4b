package files

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
)

// Limits bound an archive walk (config files.archives and
// files.max_scan_bytes). A zero field takes its default (DefaultLimits).
type Limits struct {
	MaxDepth int   // nesting levels opened: the archive itself is depth 1, an archive in it depth 2; a compressed stream (gz, bz2, xz, zst) is a level too
	MaxFiles int   // entries in total across all levels
	MaxRatio int   // expanded bytes / compressed bytes of any one archive, and of the whole (checked once over 1 MiB expanded)
	MaxTotal int64 // expanded bytes in total, every level counted
	MaxEntry int64 // one entry's bytes read for inspection (files.max_scan_bytes)
}

// DefaultLimits are the limits a zero Limits field takes.
var DefaultLimits = Limits{MaxDepth: 8, MaxFiles: 10000, MaxRatio: 100, MaxTotal: 1 << 30, MaxEntry: 64 << 20}

// Entry is one file found inside an archive.
type Entry struct {
	Path      string // nested path, levels joined by "!/": "outer.zip!/dir/inner.tar!/x.exe"; "a.7z!/" stands for contents not listed (encrypted headers)
	Data      []byte // its bytes (at most Limits.MaxEntry; valid only during the visit call)
	Size      int64  // its declared size, or the bytes read when larger or undeclared
	Encrypted bool   // its content could not be read (encrypted): Data is nil, Path still checked
}

// Typed errors the caller of Walk branches on (with errors.Is).
var (
	// ErrEncrypted is returned after all names were visited, when any
	// entry (or an archive's list of names) was encrypted.
	ErrEncrypted = errors.New("files: encrypted archive entry")
	// ErrLimit is a limit of Limits reached; the error is a *LimitError
	// telling which.
	ErrLimit = errors.New("files: archive limit reached")
	// ErrBomb is an archive built to expand without bound: zip entries
	// whose data overlap (several central entries sharing local data).
	ErrBomb = errors.New("files: archive bomb")
	// ErrCorrupt is an archive that claims a format and does not parse.
	ErrCorrupt = errors.New("files: corrupt archive")
)

// LimitError tells which limit stopped a walk, and where. It matches
// ErrLimit with errors.Is.
type LimitError struct {
	Limit string // "depth", "files", "total", "ratio", "entry" (an entry over MaxEntry), "dictionary" (a decoder's window too large)
	Path  string // the entry or archive at which it was reached
}

// Error tells the limit and the path.
func (e *LimitError) Error() string {
	return fmt.Sprintf("files: %s: %s limit reached", e.Path, e.Limit)
}

// Unwrap makes a LimitError match ErrLimit.
func (e *LimitError) Unwrap() error { return ErrLimit }

// ratioFloor is the expansion under which ratios are not checked: small
// archives of zeros or repeated text legitimately compress very well.
const ratioFloor = 1 << 20

// maxDictionary bounds the window a decoder may allocate (xz, rar): the
// allocation happens before any byte is expanded, so the byte limits do
// not see it.
const maxDictionary = 128 << 20

// IsArchive reports whether data is an archive Walk opens (for the
// caller's Type): zip (and OOXML, JAR, APK), tar, gzip, bzip2, xz, zstd,
// 7z, rar. It reads the content only.
func IsArchive(data []byte) (format string, ok bool) {
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")), bytes.HasPrefix(data, []byte("PK\x05\x06")):
		return "zip", true
	case bytes.HasPrefix(data, []byte("\x1f\x8b\x08")):
		return "gzip", true
	case len(data) >= 10 && bytes.HasPrefix(data, []byte("BZh")) && data[3] >= '1' && data[3] <= '9' &&
		(bytes.Equal(data[4:10], []byte{0x31, 0x41, 0x59, 0x26, 0x53, 0x59}) || bytes.Equal(data[4:10], []byte{0x17, 0x72, 0x45, 0x38, 0x50, 0x90})):
		return "bzip2", true
	case bytes.HasPrefix(data, []byte("\xfd7zXZ\x00")):
		return "xz", true
	case bytes.HasPrefix(data, []byte("\x28\xb5\x2f\xfd")):
		return "zstd", true
	case bytes.HasPrefix(data, []byte("7z\xbc\xaf\x27\x1c")):
		return "7z", true
	case bytes.HasPrefix(data, []byte("Rar!\x1a\x07\x00")), bytes.HasPrefix(data, []byte("Rar!\x1a\x07\x01\x00")):
		return "rar", true
	case isTar(data):
		return "tar", true
	}
	return "", false
}

// isTar checks the first header block's checksum (the unsigned sum of its
// bytes with the checksum field as spaces) and a name: tar has no magic
// before POSIX ustar, and ustar's is at 257.
func isTar(b []byte) bool {
	if len(b) < 512 || b[0] == 0 {
		return false
	}
	field := bytes.TrimRight(bytes.TrimLeft(b[148:156], " \x00"), " \x00")
	if len(field) == 0 {
		return false
	}
	var want int64
	for _, c := range field {
		if c < '0' || c > '7' {
			return false
		}
		want = want*8 + int64(c-'0')
	}
	var sum int64
	for i, c := range b[:512] {
		if i >= 148 && i < 156 {
			c = ' '
		}
		sum += int64(c)
	}
	return sum == want
}

// Walk opens data as an archive (by content, not by name) and calls visit
// for every entry at every level, recursing into entries that are
// archives themselves; it returns nil if data is no archive. Every byte
// expanded is counted as it comes against lim; the first limit reached
// (a *LimitError, ErrLimit), a bomb (ErrBomb), a corrupt archive
// (ErrCorrupt), ctx's end or visit's error ends the walk. An entry over
// MaxEntry is visited with its head first, then the walk ends on the
// entry limit. Encrypted entries are visited (Encrypted, no Data) and make
// Walk return ErrEncrypted once everything else was visited.
func Walk(ctx context.Context, data []byte, name string, lim Limits, visit func(Entry) error) error {
	format, ok := IsArchive(data)
	if !ok {
		return nil
	}
	w := &walker{ctx: ctx, lim: lim.withDefaults(), visit: visit, top: int64(len(data))}
	if err := w.open(data, name, format, 1); err != nil {
		return err
	}
	if w.encrypted {
		return fmt.Errorf("files: %s: %w", name, ErrEncrypted)
	}
	return nil
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.MaxDepth > 0 {
		d.MaxDepth = l.MaxDepth
	}
	if l.MaxFiles > 0 {
		d.MaxFiles = l.MaxFiles
	}
	if l.MaxRatio > 0 {
		d.MaxRatio = l.MaxRatio
	}
	if l.MaxTotal > 0 {
		d.MaxTotal = l.MaxTotal
	}
	if l.MaxEntry > 0 {
		d.MaxEntry = l.MaxEntry
	}
	return d
}

// walker is one Walk's state: counts across all levels.
type walker struct {
	ctx       context.Context
	lim       Limits
	visit     func(Entry) error
	top       int64 // the outermost archive's size, for the whole's ratio
	files     int
	total     int64
	encrypted bool
}

// level is one archive being read: its path and its own expansion.
type level struct {
	path       string // the archive's nested path
	depth      int
	compressed int64
	expanded   int64
}

// open walks one archive of a known format at depth.
func (w *walker) open(data []byte, p, format string, depth int) error {
	lv := &level{path: p, depth: depth, compressed: max(int64(len(data)), 1)}
	switch format {
	case "zip":
		return w.zip(lv, data)
	case "tar":
		return w.tar(lv, data)
	case "7z":
		return w.sevenZip(lv, data)
	case "rar":
		return w.rar(lv, data)
	default:
		return w.stream(lv, data, format)
	}
}

// corrupt wraps a parse error of the archive at p.
func corrupt(p string, err error) error {
	return fmt.Errorf("files: %s: %w: %w", p, ErrCorrupt, err)
}

// readErr sorts an error met while reading an entry: ours (limits, ctx)
// pass as they are, anything else is the archive's corruption.
func readErr(p string, err error) error {
	var le *LimitError
	if errors.As(err, &le) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return corrupt(p, err)
}

// entry counts one entry against MaxFiles and ctx, before it is read.
func (w *walker) entry(p string) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	w.files++
	if w.files > w.lim.MaxFiles {
		return &LimitError{Limit: "files", Path: p}
	}
	return nil
}

// encryptedEntry visits an entry whose content cannot be read.
func (w *walker) encryptedEntry(p string, size int64) error {
	w.encrypted = true
	return w.visit(Entry{Path: p, Size: size, Encrypted: true})
}

// read expands one entry from r through a meter: at most MaxEntry+1
// bytes are kept; more is the entry limit. declared is the archive's
// word for its size (-1 if none), reported, never trusted.
func (w *walker) read(lv *level, p string, r io.Reader, declared int64) (data []byte, size int64, over bool, err error) {
	m := &meter{w: w, lv: lv, r: r, path: p}
	limit := w.lim.MaxEntry + 1
	buf := make([]byte, 0, min(max(declared, 4<<10), limit, 1<<20))
	for int64(len(buf)) < limit {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, int(min(int64(cap(buf)), limit-int64(cap(buf)))))
		}
		n, rerr := m.Read(buf[len(buf):min(int64(cap(buf)), limit)])
		buf = buf[:len(buf)+n]
		if errors.Is(rerr, io.EOF) {
			break
		}
		if rerr != nil {
			return nil, 0, false, readErr(p, rerr)
		}
	}
	data, size = buf, int64(len(buf))
	if size > w.lim.MaxEntry {
		data, over = data[:w.lim.MaxEntry], true
	}
	if declared > size {
		size = declared
	}
	return data, size, over, nil
}

// found visits an entry read whole (or its head, when over) and opens it
// if it is an archive.
func (w *walker) found(lv *level, p string, data []byte, size int64, over bool) error {
	if err := w.visit(Entry{Path: p, Data: data, Size: size}); err != nil {
		return err
	}
	if over {
		return &LimitError{Limit: "entry", Path: p}
	}
	format, ok := IsArchive(data)
	if !ok {
		return nil
	}
	if lv.depth+1 > w.lim.MaxDepth {
		return &LimitError{Limit: "depth", Path: p}
	}
	return w.open(data, p, format, lv.depth+1)
}

// readEntry reads, visits and opens one entry.
func (w *walker) readEntry(lv *level, p string, r io.Reader, declared int64) error {
	data, size, over, err := w.read(lv, p, r, declared)
	if err != nil {
		return err
	}
	return w.found(lv, p, data, size, over)
}

// meter counts expanded bytes as they are read, against MaxTotal and the
// ratios, and checks ctx.
type meter struct {
	w    *walker
	lv   *level
	r    io.Reader
	path string
}

func (m *meter) Read(p []byte) (int, error) {
	if err := m.w.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := m.r.Read(p)
	w, lv := m.w, m.lv
	w.total += int64(n)
	lv.expanded += int64(n)
	switch {
	case w.total > w.lim.MaxTotal:
		return n, &LimitError{Limit: "total", Path: m.path}
	case lv.expanded > ratioFloor && lv.expanded > int64(w.lim.MaxRatio)*lv.compressed:
		return n, &LimitError{Limit: "ratio", Path: lv.path}
	case w.total > ratioFloor && w.total > int64(w.lim.MaxRatio)*max(w.top, 1):
		return n, &LimitError{Limit: "ratio", Path: m.path}
	}
	return n, err
}

// join nests an entry name under its archive's path.
func join(archive, name string) string {
	return archive + "!/" + strings.TrimLeft(name, "/")
}

// streamName names the one entry of a compressed stream: the archive's
// base name less the suffix (.tgz gives .tar).
func streamName(p string) string {
	base := path.Base(p[strings.LastIndex(p, "!/")+1:])
	lower := strings.ToLower(base)
	for _, s := range []struct{ suffix, repl string }{
		{".tgz", ".tar"}, {".tbz2", ".tar"}, {".tbz", ".tar"}, {".txz", ".tar"}, {".tzst", ".tar"},
		{".gz", ""}, {".bz2", ""}, {".xz", ""}, {".zst", ""}, {".zstd", ""},
	} {
		if strings.HasSuffix(lower, s.suffix) && len(base) > len(s.suffix) {
			return base[:len(base)-len(s.suffix)] + s.repl
		}
	}
	if base == "." || base == "/" || base == "" {
		return "data"
	}
	return base + ".out"
}

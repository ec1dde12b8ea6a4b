package files

import (
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"

	"github.com/bodgit/sevenzip"
	"github.com/nwaples/rardecode/v2"
)

// sevenZip walks a 7z archive. Its files are read in order, each to its
// end (or to the entry limit, which ends the walk), so the decoder of a
// solid folder never skips ahead over bytes the meter did not count.
// Encrypted headers hide the names: the archive is visited as one
// encrypted entry, its path followed by "!/".
func (w *walker) sevenZip(lv *level, data []byte) error {
	var zr *sevenzip.Reader
	err := guard(func() (err error) {
		zr, err = sevenzip.NewReader(bytes.NewReader(data), int64(len(data)))
		return err
	})
	if err != nil {
		if sevenEncrypted(err) {
			return w.encryptedEntry(lv.path+"!/", 0)
		}
		return corrupt(lv.path, err)
	}
	if w.files+len(zr.File) > w.lim.MaxFiles {
		return &LimitError{Limit: "files", Path: lv.path}
	}
	// Refuse on declared sizes before a decoder allocates its window from
	// them: what is read is still counted, never trusted.
	var declared int64
	for _, f := range zr.File {
		declared += size64(f.UncompressedSize)
		if declared > w.lim.MaxTotal || declared < 0 {
			return &LimitError{Limit: "total", Path: lv.path}
		}
	}
	for _, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		p := join(lv.path, f.Name)
		if err := w.entry(p); err != nil {
			return err
		}
		size := size64(f.UncompressedSize)
		var rc io.ReadCloser
		err := guard(func() (err error) {
			rc, err = f.Open()
			return err
		})
		if err != nil {
			if sevenEncrypted(err) {
				if err := w.encryptedEntry(p, size); err != nil {
					return err
				}
				continue
			}
			return corrupt(p, err)
		}
		data, n, over, err := w.read(lv, p, guarded{rc}, size)
		_ = guard(rc.Close) // returns a folder reader to its pool: nothing to report
		if err != nil {
			if sevenEncrypted(err) {
				if err := w.encryptedEntry(p, size); err != nil {
					return err
				}
				continue
			}
			return err
		}
		if !over && f.CRC32 != 0 && crc32.ChecksumIEEE(data) != f.CRC32 {
			// What came out is not what was put in: bytes decrypted with
			// no password can happen to decompress without an error.
			if err := w.encryptedEntry(p, size); err != nil {
				return err
			}
			continue
		}
		if err := w.found(lv, p, data, n, over); err != nil {
			return err
		}
	}
	return nil
}

// size64 is a declared size as an int64, the largest for what does not
// fit.
func size64(n uint64) int64 {
	return int64(min(n, math.MaxInt64)) //nolint:gosec // bounded just now
}

// sevenEncrypted tells sevenzip's errors that involve encryption (it has
// no password to give).
func sevenEncrypted(err error) bool {
	var re *sevenzip.ReadError
	return errors.As(err, &re) && re.Encrypted
}

// rar walks a RAR archive (RAR 1.5 to 5). Encrypted headers hide the
// names: the archive is visited as one encrypted entry, its path followed
// by "!/".
func (w *walker) rar(lv *level, data []byte) error {
	var rr *rardecode.Reader
	err := guard(func() (err error) {
		rr, err = rardecode.NewReader(bytes.NewReader(data), rardecode.MaxDictionarySize(maxDictionary))
		return err
	})
	if err != nil {
		return rarErr(w, lv.path, err)
	}
	for {
		var h *rardecode.FileHeader
		err := guard(func() (err error) {
			h, err = rr.Next()
			return err
		})
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return rarErr(w, lv.path, err)
		}
		if h.IsDir {
			continue
		}
		p := join(lv.path, h.Name)
		if err := w.entry(p); err != nil {
			return err
		}
		size := h.UnPackedSize
		if h.UnKnownSize {
			size = -1
		}
		if h.Encrypted {
			if err := w.encryptedEntry(p, max(size, 0)); err != nil {
				return err
			}
			continue
		}
		data, n, over, err := w.read(lv, p, guarded{rr}, size)
		if errors.Is(err, rardecode.ErrArchivedFileEncrypted) {
			if err := w.encryptedEntry(p, max(size, 0)); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return rarErr(w, p, err)
		}
		if err := w.found(lv, p, data, n, over); err != nil {
			return err
		}
	}
}

// rarErr sorts rardecode's errors: encrypted headers, a window over
// maxDictionary, ours passing through, the rest corruption.
func rarErr(w *walker, p string, err error) error {
	switch {
	case errors.Is(err, rardecode.ErrArchiveEncrypted):
		return w.encryptedEntry(p+"!/", 0)
	case errors.Is(err, rardecode.ErrArchivedFileEncrypted):
		return w.encryptedEntry(p, 0)
	case errors.Is(err, rardecode.ErrDictionaryTooLarge):
		return &LimitError{Limit: "dictionary", Path: p}
	case errors.Is(err, ErrCorrupt):
		return err
	}
	return readErr(p, err)
}

// errPanic is a decoder's panic on malformed input, recovered: the
// archive is corrupt.
var errPanic = errors.New("decoder panicked")

// guard runs a third-party decoder's call, turning its panic on
// malformed input into an error.
func guard(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", errPanic, r)
		}
	}()
	return f()
}

// guarded reads through a third-party decoder under guard.
type guarded struct{ r io.Reader }

func (g guarded) Read(p []byte) (n int, err error) {
	err = guard(func() (err error) {
		n, err = g.r.Read(p)
		return err
	})
	return n, err
}

package files

import (
	"archive/zip"
	"bytes"
	"compress/bzip2"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/klauspost/compress/zstd"
)

// zip walks a zip archive (and so OOXML, ODF, JAR, APK). Its central
// directory is checked for overlapping entries before anything is
// inflated: archive/zip would inflate the same local data once for each
// central entry pointing into it (David Fifield's "better zip bomb").
func (w *walker) zip(lv *level, data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return corrupt(lv.path, err)
	}
	zr.RegisterDecompressor(12, func(r io.Reader) io.ReadCloser { return io.NopCloser(bzip2.NewReader(r)) })
	zr.RegisterDecompressor(93, func(r io.Reader) io.ReadCloser {
		d, err := zstd.NewReader(r, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true), zstd.WithDecoderMaxWindow(maxDictionary))
		if err != nil {
			return io.NopCloser(errReader{err})
		}
		return d.IOReadCloser()
	})
	if err := zipOverlap(lv.path, data, len(zr.File)); err != nil {
		return err
	}
	if w.files+len(zr.File) > w.lim.MaxFiles {
		return &LimitError{Limit: "files", Path: lv.path}
	}
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, "/") {
			continue
		}
		p := join(lv.path, f.Name)
		if err := w.entry(p); err != nil {
			return err
		}
		declared := size64(f.UncompressedSize64)
		if f.Flags&1 != 0 {
			if err := w.encryptedEntry(p, declared); err != nil {
				return err
			}
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return corrupt(p, err)
		}
		err = w.readEntry(lv, p, rc, declared)
		_ = rc.Close() // a reader of bytes: nothing to report
		if err != nil {
			return err
		}
	}
	return nil
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// zipOverlap reads the central directory's local header offsets (n
// records, as archive/zip counted them) and wants every entry's local
// header and data to end before the next entry's local header begins.
func zipOverlap(p string, b []byte, n int) error {
	cd, base, err := zipDirectory(b)
	if err != nil {
		return corrupt(p, err)
	}
	type span struct{ start, end int64 }
	spans := make([]span, 0, n)
	pos := base + cd
	for i := 0; i < n; i++ {
		if pos < 0 || pos+46 > int64(len(b)) || !bytes.Equal(b[pos:pos+4], []byte("PK\x01\x02")) {
			return corrupt(p, errors.New("central directory record out of bounds"))
		}
		r := b[pos:]
		comp := int64(binary.LittleEndian.Uint32(r[20:]))
		uncomp := binary.LittleEndian.Uint32(r[24:])
		nameLen, extraLen, commentLen := int64(binary.LittleEndian.Uint16(r[28:])), int64(binary.LittleEndian.Uint16(r[30:])), int64(binary.LittleEndian.Uint16(r[32:]))
		off := int64(binary.LittleEndian.Uint32(r[42:]))
		if 46+nameLen+extraLen > int64(len(r)) {
			return corrupt(p, errors.New("central directory record out of bounds"))
		}
		comp, off = zip64Fields(r[46+nameLen:46+nameLen+extraLen], uncomp, comp, off)
		pos += 46 + nameLen + extraLen + commentLen
		start := base + off
		if start < 0 || start > int64(len(b))-30 || !bytes.Equal(b[start:start+4], []byte("PK\x03\x04")) {
			return corrupt(p, fmt.Errorf("entry %d: no local header at offset %d", i, off))
		}
		hdr := 30 + int64(binary.LittleEndian.Uint16(b[start+26:])) + int64(binary.LittleEndian.Uint16(b[start+28:]))
		if comp < 0 || comp > int64(len(b)) {
			return corrupt(p, fmt.Errorf("entry %d: compressed size %d out of bounds", i, comp))
		}
		spans = append(spans, span{start, start + hdr + comp})
	}
	slices.SortFunc(spans, func(a, b span) int { return int(min(max(a.start-b.start, -1), 1)) })
	for i, s := range spans {
		next := base + cd
		if i+1 < len(spans) {
			next = spans[i+1].start
		}
		if s.end > next {
			if i+1 < len(spans) {
				return fmt.Errorf("files: %s: %w: zip entries overlap (local data at %d runs to %d, next entry at %d)", p, ErrBomb, s.start, s.end, next)
			}
			return corrupt(p, fmt.Errorf("entry data at %d runs into the central directory", s.start))
		}
	}
	return nil
}

// zip64Fields reads the zip64 extra field (0x0001): the 64-bit values of
// those 32-bit fields that are all ones, in order.
func zip64Fields(extra []byte, uncomp uint32, comp, off int64) (int64, int64) {
	for len(extra) >= 4 {
		id, n := binary.LittleEndian.Uint16(extra), int(binary.LittleEndian.Uint16(extra[2:]))
		if 4+n > len(extra) {
			break
		}
		f := extra[4 : 4+n]
		extra = extra[4+n:]
		if id != 1 {
			continue
		}
		next := func() (int64, bool) {
			if len(f) < 8 {
				return 0, false
			}
			v := binary.LittleEndian.Uint64(f)
			f = f[8:]
			return int64(min(v, math.MaxInt64)), true
		}
		if uncomp == math.MaxUint32 {
			next()
		}
		if comp == math.MaxUint32 {
			if v, ok := next(); ok {
				comp = v
			}
		}
		if off == math.MaxUint32 {
			if v, ok := next(); ok {
				off = v
			}
		}
		break
	}
	return comp, off
}

// zipDirectory finds the central directory: its offset as the end
// record (or the zip64 end record) has it, and the base that data
// prepended to the archive shifts offsets by (as archive/zip reckons it).
func zipDirectory(b []byte) (offset, base int64, err error) {
	lo := max(0, len(b)-(65535+22))
	i := bytes.LastIndex(b[lo:], []byte("PK\x05\x06"))
	if i < 0 || lo+i+22 > len(b) {
		return 0, 0, errors.New("no end of central directory")
	}
	end := int64(lo + i)
	e := b[end:]
	size, offset := int64(binary.LittleEndian.Uint32(e[12:])), int64(binary.LittleEndian.Uint32(e[16:]))
	dirEnd := end
	if loc := end - 20; loc >= 0 && bytes.Equal(b[loc:loc+4], []byte("PK\x06\x07")) {
		z := int64(min(binary.LittleEndian.Uint64(b[loc+8:]), math.MaxInt64))
		if z >= 0 && z+56 <= int64(len(b)) && bytes.Equal(b[z:z+4], []byte("PK\x06\x06")) {
			size = int64(min(binary.LittleEndian.Uint64(b[z+40:]), math.MaxInt64))
			offset = int64(min(binary.LittleEndian.Uint64(b[z+48:]), math.MaxInt64))
			dirEnd = z
		}
	}
	if size < 0 || offset < 0 || size > int64(len(b)) || offset > int64(len(b)) {
		return 0, 0, errors.New("central directory out of bounds")
	}
	if base = dirEnd - size - offset; base < 0 || base > int64(len(b)) {
		base = 0
	}
	return offset, base, nil
}

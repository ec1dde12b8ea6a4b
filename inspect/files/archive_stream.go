package files

import (
	"archive/tar"
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"errors"
	"io"
	"path"
	"strings"

	"github.com/klauspost/compress/zstd"
	"github.com/mikelolasagasti/xz"
)

// stream walks a compressed single stream (gzip, bzip2, xz, zstd): one
// entry, named after the archive less its suffix (gzip: the name its
// header keeps), typed and opened again like any entry.
func (w *walker) stream(lv *level, data []byte, format string) error {
	name := streamName(lv.path)
	var r io.Reader
	switch format {
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return corrupt(lv.path, err)
		}
		if n := path.Base(strings.ReplaceAll(zr.Name, "\\", "/")); zr.Name != "" && n != "." && n != "/" && n != ".." {
			name = n
		}
		r = zr
	case "bzip2":
		r = bzip2.NewReader(bytes.NewReader(data))
	case "xz":
		zr, err := xz.NewReader(bytes.NewReader(data), maxDictionary)
		if err != nil {
			return corrupt(lv.path, err)
		}
		r = &dictLimit{r: guarded{zr}, path: lv.path, is: func(err error) bool { return errors.Is(err, xz.ErrMemlimit) }}
	case "zstd":
		zr, err := zstd.NewReader(bytes.NewReader(data), zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true),
			zstd.WithDecoderMaxWindow(maxDictionary))
		if err != nil {
			return corrupt(lv.path, err)
		}
		defer zr.Close()
		r = &dictLimit{r: zr, path: lv.path, is: func(err error) bool { return errors.Is(err, zstd.ErrWindowSizeExceeded) }}
	default:
		return nil
	}
	p := join(lv.path, name)
	if err := w.entry(p); err != nil {
		return err
	}
	return w.readEntry(lv, p, r, -1)
}

// dictLimit turns a decoder's refusal of a too large window into the
// dictionary limit.
type dictLimit struct {
	r    io.Reader
	path string
	is   func(error) bool
}

func (d *dictLimit) Read(p []byte) (int, error) {
	n, err := d.r.Read(p)
	if err != nil && d.is(err) {
		err = &LimitError{Limit: "dictionary", Path: d.path}
	}
	return n, err
}

// tar walks a tar archive's regular files (links, directories and
// devices carry no content).
func (w *walker) tar(lv *level, data []byte) error {
	tr := tar.NewReader(bytes.NewReader(data))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return corrupt(lv.path, err)
		}
		switch h.Typeflag {
		case tar.TypeDir, tar.TypeSymlink, tar.TypeLink, tar.TypeChar, tar.TypeBlock, tar.TypeFifo:
			continue
		}
		p := join(lv.path, h.Name)
		if err := w.entry(p); err != nil {
			return err
		}
		if err := w.readEntry(lv, p, tr, h.Size); err != nil {
			return err
		}
	}
}

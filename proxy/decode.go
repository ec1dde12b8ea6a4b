package proxy

import (
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"mime"
	"strings"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zlib"
	"github.com/klauspost/compress/zstd"
	"golang.org/x/text/encoding/htmlindex"
)

// errOversize is returned when a body, read or decoded, is larger than
// files.max_scan_bytes.
var errOversize = errors.New("proxy: body larger than files.max_scan_bytes")

// readUpTo reads r up to limit bytes. A body that is longer comes back as
// the bytes read and a reader of the whole body (those bytes, then the
// rest), so nothing is lost whatever the caller decides.
func readUpTo(r io.Reader, limit int64) ([]byte, io.Reader, error) {
	var buf bytes.Buffer
	n, err := buf.ReadFrom(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, nil, err
	}
	if n > limit {
		return buf.Bytes(), io.MultiReader(bytes.NewReader(buf.Bytes()), r), nil
	}
	return buf.Bytes(), nil, nil
}

// decodeContent removes the Content-Encoding codings of a body (applied in
// the order listed, so removed in reverse): gzip, deflate, br, zstd,
// identity. A coding it does not know, a body that does not decode, or one
// that decodes to more than limit bytes is an error.
func decodeContent(raw []byte, encoding string, limit int64) ([]byte, error) {
	if encoding == "" {
		return raw, nil
	}
	codings := strings.Split(encoding, ",")
	out := raw
	for i := len(codings) - 1; i >= 0; i-- {
		c := strings.ToLower(strings.TrimSpace(codings[i]))
		if c == "" || c == "identity" {
			continue
		}
		r, closeFn, err := decoder(c, out)
		if err != nil {
			return nil, fmt.Errorf("proxy: content-encoding %s: %w", c, err)
		}
		var buf bytes.Buffer
		n, err := buf.ReadFrom(io.LimitReader(r, limit+1))
		closeFn()
		if err != nil {
			return nil, fmt.Errorf("proxy: content-encoding %s: %w", c, err)
		}
		if n > limit {
			return nil, errOversize
		}
		out = buf.Bytes()
	}
	return out, nil
}

// decoder returns a reader of one coding's decoded bytes.
func decoder(coding string, b []byte) (io.Reader, func(), error) {
	src := bytes.NewReader(b)
	nop := func() {}
	switch coding {
	case "gzip", "x-gzip":
		r, err := gzip.NewReader(src)
		if err != nil {
			return nil, nop, err
		}
		r.Multistream(true)
		return r, func() { _ = r.Close() }, nil
	case "deflate":
		// RFC 9110: zlib-wrapped; some servers send raw deflate.
		if r, err := zlib.NewReader(src); err == nil {
			return r, func() { _ = r.Close() }, nil
		}
		r := flate.NewReader(bytes.NewReader(b))
		return r, func() { _ = r.Close() }, nil
	case "br":
		return brotli.NewReader(src), nop, nil
	case "zstd":
		// RFC 9659: HTTP zstd windows are at most 8 MiB; the output is
		// bounded by the caller's limit.
		d, err := zstd.NewReader(src, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxWindow(8<<20))
		if err != nil {
			return nil, nop, err
		}
		return d, d.Close, nil
	}
	return nil, nop, fmt.Errorf("unknown coding")
}

// toUTF8 converts a text body in the charset its Content-Type names to
// UTF-8; converted is false when it already was UTF-8 (or ASCII, or named
// no charset). An unknown charset is an error.
//
// JSON and forms are read as they are: RFC 8259 makes JSON UTF-8 whatever
// the parameter says, and servers decode both so; converting would
// inspect a text the server never reads. The WHATWG "replacement"
// encoding (which turns a body into one U+FFFD) is undecodable.
func toUTF8(b []byte, contentType string) (out []byte, converted bool, err error) {
	if lower := strings.ToLower(contentType); !strings.Contains(lower, "charset") || strings.Contains(lower, "charset=utf-8") {
		return b, false, nil // UTF-8 or no charset named: nothing to convert, no parse
	}
	mt, params, _ := mime.ParseMediaType(contentType)
	cs := strings.ToLower(strings.TrimSpace(params["charset"]))
	switch {
	case cs == "", cs == "utf-8", cs == "utf8", cs == "us-ascii", cs == "ascii",
		mt == "application/json", strings.HasSuffix(mt, "+json"), mt == "application/x-www-form-urlencoded":
		return b, false, nil
	}
	enc, err := htmlindex.Get(cs)
	if err == nil {
		if name, _ := htmlindex.Name(enc); name == "replacement" {
			err = errors.New("the replacement encoding")
		}
	}
	if err != nil {
		return nil, false, fmt.Errorf("proxy: charset: %w", err)
	}
	out, err = enc.NewDecoder().Bytes(b)
	if err != nil {
		return nil, false, fmt.Errorf("proxy: charset: %w", err)
	}
	return out, true, nil
}

// withUTF8 rewrites a Content-Type's charset parameter to utf-8 (the body
// was converted to inspect it and is sent changed).
func withUTF8(contentType string) string {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return contentType
	}
	params["charset"] = "utf-8"
	return mime.FormatMediaType(mt, params)
}

// carriesChat reports whether a body of this type may hold chat text:
// images, audio, video, fonts and opaque octet streams do not, and stream
// through unbuffered.
func carriesChat(contentType string) bool {
	if strings.HasPrefix(contentType, "application/json") || strings.HasPrefix(contentType, "application/x-www-form-urlencoded") ||
		strings.HasPrefix(contentType, "text/") {
		return true // the common chat types, without parsing
	}
	mt, _, _ := mime.ParseMediaType(contentType)
	for _, p := range []string{"image/", "video/", "audio/", "font/", "application/font-"} {
		if strings.HasPrefix(mt, p) {
			return false
		}
	}
	switch mt {
	case "application/octet-stream", "application/vnd.ms-fontobject", "application/wasm":
		return false
	}
	return true
}

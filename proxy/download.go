package proxy

import (
	"bufio"
	"bytes"
	"io"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/chatdlp/chatdlp/inspect"
)

// Files downloaded from a chat service (an attachment, a shared file, a
// media URL) go to the file inspector like uploads: a response that is a
// file is read as one (up to files.max_scan_bytes; a larger one streams,
// judged by its head and hash, see inspect.FileStreamer), and a block is
// a block response, never part of the file.

// streamHead is how much of a file too large to hold is read to judge it
// by its head: enough for every type Detect reads (an ISO's volume
// descriptor is at 32 KiB).
const streamHead = 64 << 10

// downloadName is the name of a file a response carries, "" when the
// response is no file: it is one when it says so (Content-Disposition
// attachment or a filename), when its type is a binary application type,
// or when it claims to be an image, audio, video or font and its first
// bytes say otherwise (a program served as a picture).
func downloadName(req *http.Request, resp *http.Response) string {
	name := path.Base(req.URL.Path)
	if name == "/" || name == "." {
		name = "download"
	}
	if cd := resp.Header.Get("Content-Disposition"); cd != "" {
		disp, params, err := mime.ParseMediaType(cd)
		if err == nil && params["filename"] != "" {
			return params["filename"]
		}
		if err == nil && disp == "attachment" {
			return name
		}
	}
	// The media type alone, without parsing (and allocating) parameters.
	base, _, _ := strings.Cut(resp.Header.Get("Content-Type"), ";")
	mt := strings.ToLower(strings.TrimSpace(base))
	switch {
	case mt == "" || isTextual(mt):
		return ""
	case strings.HasPrefix(mt, "application/"):
		return name
	}
	if resp.Header.Get("Content-Encoding") != "" {
		return name // compressed media is unusual: read it as a file
	}
	br := bufio.NewReaderSize(resp.Body, 512)
	head, _ := br.Peek(512)
	resp.Body = readCloser{br, resp.Body}
	sniffed := http.DetectContentType(head)
	if major(sniffed) == major(mt) {
		return ""
	}
	return name
}

// isTextual reports the types of pages, scripts and API answers.
func isTextual(mt string) bool {
	return strings.HasPrefix(mt, "text/") || strings.HasSuffix(mt, "json") || strings.HasSuffix(mt, "+xml") ||
		mt == "application/javascript" || mt == "application/xml" || mt == "application/x-www-form-urlencoded"
}

// major is a media type's top-level type ("image" of "image/png").
func major(mt string) string {
	t, _, _ := strings.Cut(mt, "/")
	return t
}

// streamFile judges a file too large to hold by its head: it streams
// (b.stream), or takes files.oversize (b.out, and b.rest to pass it whole
// when that allows). whole is the entire body, head first.
func (b *body) streamFile(pol *policy, meta *inspect.Meta, name string, head []byte, whole io.Reader) {
	if pol.pipe.Files == nil {
		b.rest, b.out = whole, pol.pipe.Uninspectable(meta, "oversize", nil)
		return
	}
	b.stream, b.out = pol.pipe.StreamFile(meta, name, head, whole)
	if b.stream == nil {
		b.rest = whole
	}
}

// readHead reads the first streamHead bytes of a body known to be larger
// than the scan limit, and returns them and the whole body.
func readHead(r io.Reader) ([]byte, io.Reader, error) {
	head := make([]byte, streamHead)
	n, err := io.ReadFull(r, head)
	if err != nil && err != io.ErrUnexpectedEOF {
		return nil, nil, err
	}
	head = head[:n]
	return head, io.MultiReader(bytes.NewReader(head), r), nil
}

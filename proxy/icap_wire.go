package proxy

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// The ICAP wire (RFC 3507): the request head, the Encapsulated header and
// the HTTP sections it locates, the chunked body with its preview, and the
// replies. Everything here is bounded (max_header_bytes for heads,
// maxChunkLine for chunk lines) and returns an *icapError for input that
// does not parse: the connection answers it with an ICAP 400 and closes.

// icapError is a request chatdlp refuses, with the ICAP status to answer.
type icapError struct {
	status int
	msg    string
}

func (e *icapError) Error() string { return fmt.Sprintf("icap: %d %s", e.status, e.msg) }

func badICAP(format string, args ...any) error {
	return &icapError{status: 400, msg: fmt.Sprintf(format, args...)}
}

// icapRequest is one ICAP request head and its encapsulated HTTP headers.
type icapRequest struct {
	method  string // OPTIONS, REQMOD, RESPMOD
	uri     string
	service string // the URI's path without its slash: reqmod, respmod
	header  http.Header
	sizes   int   // bytes of the head and the encapsulated headers
	preview int64 // Preview bytes announced, -1 without a preview
	allow   bool  // Allow: 204
	closing bool  // Connection: close

	reqHdr, resHdr []byte // raw encapsulated HTTP heads, nil when absent
	hasBody        bool   // req-body or res-body (chunked follows)
}

// Encapsulated section names.
const (
	secReqHdr  = "req-hdr"
	secResHdr  = "res-hdr"
	secReqBody = "req-body"
	secResBody = "res-body"
	secNull    = "null-body"
	secOpt     = "opt-body"
)

// maxChunkLine bounds a chunk-size line (size, extensions) and a trailer line.
const maxChunkLine = 4096

// readICAPRequest reads one request head and its encapsulated HTTP heads
// from br; maxHead bounds them all. io.EOF means the client closed
// between requests.
func readICAPRequest(br *bufio.Reader, maxHead int) (*icapRequest, error) {
	budget := maxHead
	line, err := readLimitedLine(br, &budget)
	if err != nil {
		return nil, err
	}
	parts := strings.Split(line, " ")
	if len(parts) != 3 {
		return nil, badICAP("malformed request line")
	}
	if parts[2] != "ICAP/1.0" {
		return nil, badICAP("unsupported version %q", trimForLog(parts[2]))
	}
	r := &icapRequest{method: parts[0], uri: parts[1], header: http.Header{}, preview: -1}
	u, err := url.Parse(r.uri)
	if err != nil || (u.Scheme != "icap" && u.Scheme != "icaps") || u.Host == "" {
		return nil, badICAP("request URI is not an icap:// URL")
	}
	r.service = strings.Trim(u.Path, "/")
	for {
		line, err := readLimitedLine(br, &budget)
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = badICAP("request head cut short")
			}
			return nil, err
		}
		if line == "" {
			break
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok || name == "" || strings.ContainsAny(name, " \t") {
			return nil, badICAP("malformed header line")
		}
		r.header.Add(name, strings.TrimSpace(value))
	}
	r.sizes = maxHead - budget
	if err := r.parseHeaders(); err != nil {
		return nil, err
	}
	if err := r.readSections(br, budget); err != nil {
		return nil, err
	}
	return r, nil
}

// readLimitedLine reads one CRLF- (or LF-) terminated line, charging its
// bytes to *budget.
func readLimitedLine(br *bufio.Reader, budget *int) (string, error) {
	var buf []byte
	for {
		frag, err := br.ReadSlice('\n')
		*budget -= len(frag)
		if *budget < 0 {
			return "", &icapError{status: 400, msg: "request head too large"}
		}
		buf = append(buf, frag...)
		if err == nil {
			break
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if errors.Is(err, io.EOF) && len(buf) > 0 {
			return "", badICAP("request head cut short")
		}
		return "", err
	}
	buf = bytes.TrimSuffix(bytes.TrimSuffix(buf, []byte("\n")), []byte("\r"))
	if bytes.IndexByte(buf, 0) >= 0 || bytes.IndexByte(buf, '\r') >= 0 {
		return "", badICAP("control character in the request head")
	}
	return string(buf), nil
}

// parseHeaders reads Preview, Allow and Connection.
func (r *icapRequest) parseHeaders() error {
	if v := r.header.Get("Preview"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return badICAP("malformed Preview header")
		}
		r.preview = n
	}
	r.allow = headerHas(r.header, "Allow", "204")
	r.closing = headerHas(r.header, "Connection", "close")
	return nil
}

// section is one entry of the Encapsulated header.
type section struct {
	name string
	off  int
}

// parseEncapsulated parses "req-hdr=0, req-body=412": offsets start at 0
// and grow, every header section comes before the one body entry, which
// is last, and no name repeats.
func parseEncapsulated(v string) ([]section, error) {
	var secs []section
	for part := range strings.SplitSeq(v, ",") {
		name, off, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return nil, badICAP("malformed Encapsulated header")
		}
		n, err := strconv.Atoi(off)
		if err != nil || n < 0 {
			return nil, badICAP("malformed Encapsulated offset")
		}
		switch name {
		case secReqHdr, secResHdr, secReqBody, secResBody, secNull, secOpt:
		default:
			return nil, badICAP("unknown Encapsulated entity %q", trimForLog(name))
		}
		for _, s := range secs {
			if s.name == name {
				return nil, badICAP("Encapsulated entity %s repeated", name)
			}
			if isBodySection(s.name) {
				return nil, badICAP("Encapsulated body entity is not last")
			}
		}
		if len(secs) == 0 && n != 0 || len(secs) > 0 && n < secs[len(secs)-1].off {
			return nil, badICAP("Encapsulated offsets out of order")
		}
		secs = append(secs, section{name, n})
	}
	if len(secs) == 0 || !isBodySection(secs[len(secs)-1].name) {
		return nil, badICAP("Encapsulated header names no body entity")
	}
	return secs, nil
}

func isBodySection(name string) bool {
	return name == secReqBody || name == secResBody || name == secNull || name == secOpt
}

// readSections checks the Encapsulated header against the method and
// reads the HTTP heads it locates (bounded by budget).
func (r *icapRequest) readSections(br *bufio.Reader, budget int) error {
	enc := r.header.Get("Encapsulated")
	if enc == "" {
		if r.method == "OPTIONS" {
			return nil
		}
		return badICAP("no Encapsulated header")
	}
	secs, err := parseEncapsulated(enc)
	if err != nil {
		return err
	}
	var allowed string
	switch r.method {
	case "OPTIONS":
		allowed = "null-body"
	case "REQMOD":
		allowed = "req-hdr req-body null-body"
	case "RESPMOD":
		allowed = "req-hdr res-hdr res-body null-body"
	default:
		return nil // answered 405 by the service
	}
	for i, s := range secs {
		if !strings.Contains(allowed, s.name) {
			return badICAP("Encapsulated entity %s is not allowed in %s", s.name, r.method)
		}
		if isBodySection(s.name) {
			r.hasBody = s.name != secNull
			break
		}
		n := secs[i+1].off - s.off
		if n > budget {
			return &icapError{status: 400, msg: "encapsulated headers too large"}
		}
		budget -= n
		r.sizes += n
		raw := make([]byte, n)
		if _, err := io.ReadFull(br, raw); err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return badICAP("encapsulated headers cut short")
			}
			return err
		}
		if !bytes.HasSuffix(raw, []byte("\r\n\r\n")) && !bytes.HasSuffix(raw, []byte("\n\n")) {
			return badICAP("encapsulated %s does not end with an empty line", s.name)
		}
		if s.name == secReqHdr {
			r.reqHdr = raw
		} else {
			r.resHdr = raw
		}
	}
	if r.method == "REQMOD" && r.reqHdr == nil {
		return badICAP("REQMOD without req-hdr")
	}
	if r.method == "RESPMOD" && r.resHdr == nil {
		return badICAP("RESPMOD without res-hdr")
	}
	return nil
}

// httpRequest parses the encapsulated request head; its body is set by
// the caller.
func parseEncRequest(raw []byte) (*http.Request, error) {
	req, err := http.ReadRequest(bufio.NewReaderSize(bytes.NewReader(raw), len(raw)+16))
	if err != nil {
		return nil, badICAP("encapsulated HTTP request: %v", err)
	}
	req.Body = http.NoBody
	return req, nil
}

// parseEncResponse parses the encapsulated response head (for the
// request req, which may be nil); its body is set by the caller.
func parseEncResponse(raw []byte, req *http.Request) (*http.Response, error) {
	resp, err := http.ReadResponse(bufio.NewReaderSize(bytes.NewReader(raw), len(raw)+16), req)
	if err != nil {
		return nil, badICAP("encapsulated HTTP response: %v", err)
	}
	resp.Body = http.NoBody
	return resp, nil
}

func trimForLog(s string) string {
	if len(s) > 32 {
		s = s[:32]
	}
	return strconv.Quote(s)[1 : len(strconv.Quote(s))-1]
}

// icapBody reads an encapsulated body in ICAP chunks. In a preview, the
// first zero chunk without "ieof" ends the preview and holds the body
// (held): the next Read asks for the rest with "100 Continue" (cont) and
// reads on. Once the reply has begun, cont is nil and a held body reads
// as errHeld.
type icapBody struct {
	br        *bufio.Reader
	cont      func() error // writes 100 Continue
	preview   bool         // reading the preview
	held      bool         // the preview was read; the rest not asked for
	continued bool         // 100 Continue was sent
	eof       bool         // the last chunk was read
	left      int64        // bytes left in the current chunk
	n         int64        // body bytes read
	err       error
}

// errHeld is a read past the preview after the reply began.
var errHeld = errors.New("icap: body read past its preview after the reply began")

func (b *icapBody) Read(p []byte) (int, error) {
	for b.left == 0 {
		switch {
		case b.err != nil:
			return 0, b.err
		case b.eof:
			return 0, io.EOF
		case b.held:
			if err := b.askRest(); err != nil {
				return 0, err
			}
			continue
		}
		if err := b.nextChunk(); err != nil {
			b.err = err
			return 0, err
		}
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.br.Read(p)
	b.left -= int64(n)
	b.n += int64(n)
	if err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		b.err = err
		return n, err
	}
	if b.left == 0 {
		if err := b.crlf(); err != nil {
			b.err = err
		}
	}
	return n, nil
}

// askRest sends 100 Continue for a held body.
func (b *icapBody) askRest() error {
	if !b.held {
		return nil
	}
	if b.cont == nil {
		return errHeld
	}
	b.held, b.continued = false, true
	if err := b.cont(); err != nil {
		b.err = err
		return err
	}
	return nil
}

// Close does nothing: the connection decides what to do with an unread rest.
func (b *icapBody) Close() error { return nil }

// nextChunk reads a chunk-size line. A zero chunk ends the body, or holds
// it at the end of a preview.
func (b *icapBody) nextChunk() error {
	budget := maxChunkLine
	line, err := readLimitedLine(b.br, &budget)
	if err != nil {
		if errors.Is(err, io.EOF) {
			return io.ErrUnexpectedEOF
		}
		return chunkErr(err)
	}
	size, ext, _ := strings.Cut(line, ";")
	size = strings.TrimSpace(size)
	if size == "" || len(size) > 15 {
		return badICAP("malformed chunk size")
	}
	n, err := strconv.ParseInt(size, 16, 64)
	if err != nil || n < 0 {
		return badICAP("malformed chunk size")
	}
	if n > 0 {
		b.left = n
		return nil
	}
	ieof := false
	for e := range strings.SplitSeq(ext, ";") {
		if strings.TrimSpace(e) == "ieof" {
			ieof = true
		}
	}
	if err := b.trailer(); err != nil {
		return err
	}
	if b.preview && !ieof {
		b.preview, b.held = false, true
		return nil
	}
	b.preview, b.eof = false, true
	return nil
}

// skipPreview reads (and drops) what is left of the preview, or of the
// body when the preview held all of it; nothing past the preview.
func (b *icapBody) skipPreview() error {
	for !b.eof && !b.held && b.err == nil {
		if b.left > 0 {
			if _, err := io.CopyN(io.Discard, b, b.left); err != nil {
				return err
			}
			continue
		}
		if err := b.nextChunk(); err != nil {
			b.err = err
		}
	}
	return b.err
}

// trailer skips the trailer lines after the last chunk, up to the empty line.
func (b *icapBody) trailer() error {
	budget := maxChunkLine
	for {
		line, err := readLimitedLine(b.br, &budget)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return io.ErrUnexpectedEOF
			}
			return chunkErr(err)
		}
		if line == "" {
			return nil
		}
	}
}

// crlf reads the line end after a chunk's data.
func (b *icapBody) crlf() error {
	c, err := b.br.ReadByte()
	if err == nil && c == '\r' {
		c, err = b.br.ReadByte()
	}
	if err != nil {
		if errors.Is(err, io.EOF) {
			return io.ErrUnexpectedEOF
		}
		return err
	}
	if c != '\n' {
		return badICAP("chunk data not followed by CRLF")
	}
	return nil
}

func chunkErr(err error) error {
	var ie *icapError
	if errors.As(err, &ie) {
		return badICAP("malformed chunk: %s", ie.msg)
	}
	return err
}

// icapStatusText is the reason phrase of the ICAP statuses we send.
func icapStatusText(code int) string {
	switch code {
	case 100:
		return "Continue"
	case 204:
		return "No Content"
	case 400:
		return "Bad Request"
	case 403:
		return "Forbidden"
	case 404:
		return "ICAP Service Not Found"
	case 405:
		return "Method Not Allowed For Service"
	case 408:
		return "Request Timeout"
	case 500:
		return "Server Error"
	case 501:
		return "Method Not Implemented"
	case 503:
		return "Service Overloaded"
	}
	return "OK"
}

// writeICAPHead writes an ICAP status line and headers (name, value pairs).
func writeICAPHead(w *bufio.Writer, status int, hdrs ...string) {
	fmt.Fprintf(w, "ICAP/1.0 %d %s\r\n", status, icapStatusText(status))
	for i := 0; i+1 < len(hdrs); i += 2 {
		_, _ = w.WriteString(hdrs[i])
		_, _ = w.WriteString(": ")
		_, _ = w.WriteString(hdrs[i+1])
		_, _ = w.WriteString("\r\n")
	}
	_, _ = w.WriteString("\r\n")
}

// httpRequestHead serialises an HTTP request head for encapsulation.
func httpRequestHead(req *http.Request) []byte {
	var b bytes.Buffer
	uri := req.RequestURI
	if uri == "" {
		uri = req.URL.String()
	}
	fmt.Fprintf(&b, "%s %s HTTP/%d.%d\r\n", req.Method, uri, req.ProtoMajor, req.ProtoMinor)
	if req.Host != "" {
		fmt.Fprintf(&b, "Host: %s\r\n", req.Host)
	}
	_ = req.Header.Write(&b)
	b.WriteString("\r\n")
	return b.Bytes()
}

// httpResponseHead serialises an HTTP response head for encapsulation.
func httpResponseHead(resp *http.Response) []byte {
	var b bytes.Buffer
	text := http.StatusText(resp.StatusCode)
	if _, t, ok := strings.Cut(resp.Status, " "); ok {
		text = t
	}
	major, minor := resp.ProtoMajor, resp.ProtoMinor
	if major == 0 {
		major, minor = 1, 1
	}
	fmt.Fprintf(&b, "HTTP/%d.%d %03d %s\r\n", major, minor, resp.StatusCode, text)
	_ = resp.Header.Write(&b)
	b.WriteString("\r\n")
	return b.Bytes()
}

// writeChunked copies r to w in ICAP chunks and the last chunk.
func writeChunked(w *bufio.Writer, r io.Reader, buf []byte) error {
	for {
		n, err := r.Read(buf)
		if n > 0 {
			fmt.Fprintf(w, "%x\r\n", n)
			_, _ = w.Write(buf[:n])
			if _, werr := w.WriteString("\r\n"); werr != nil {
				return werr
			}
		}
		if errors.Is(err, io.EOF) {
			_, werr := w.WriteString("0\r\n\r\n")
			return werr
		}
		if err != nil {
			return err
		}
	}
}

package proxy

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/chatdlp/chatdlp/config"
	"github.com/chatdlp/chatdlp/inspect"
	"github.com/chatdlp/chatdlp/inspect/extract"
	"github.com/chatdlp/chatdlp/rules"
)

// The HTTP wire adapter of the inspection pipeline (see the package doc
// of inspect/extract): a request body on its way out and, for the
// services' message-delivering responses, a response body on its way in,
// are buffered up to files.max_scan_bytes, decoded (Content-Encoding,
// charset), extracted, checked by the policy's inspect.Pipeline, and then
// blocked, rewritten or passed byte for byte.

// newPipeline builds the verdict policy of cfg around the inspector; nil
// when the server has no inspector (Options.Inspector), which turns
// inspection off. The file and link inspectors are built from cfg when
// the server has their builders.
func (s *Server) newPipeline(cfg *config.Config) (*inspect.Pipeline, error) {
	if s.inspector == nil {
		return nil, nil
	}
	p := &inspect.Pipeline{
		Inspector:   s.inspector,
		Files:       s.files,
		OnError:     actionOf(cfg.OnInspectError, rules.ActionBlock),
		OnEncrypted: actionOf(cfg.OnEncrypted, rules.ActionLog),
		OnOversize:  actionOf(cfg.Files.Oversize, rules.ActionBlock),
		Cleartext:   actionOf(cfg.Creds.Cleartext, rules.ActionLog),
		Offers:      offerPolicy(cfg.Tunnels.IRC.DCC),
		Executables: actionOf(cfg.Files.Executables.Action, rules.ActionBlock),
		Log:         s.log.Named("dlp"),
		Metrics:     s.imet,
	}
	var err error
	if s.newFiles != nil {
		if p.Files, err = s.newFiles(cfg); err != nil {
			return nil, err
		}
	}
	if s.newLinks != nil {
		if p.Links, err = s.newLinks(cfg); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// actionOf parses a validated config action, dflt if empty.
func actionOf(s string, dflt rules.Action) rules.Action {
	if a, err := rules.ParseAction(s); err == nil {
		return a
	}
	return dflt
}

// offerPolicy parses a validated tunnels.irc.dcc.
func offerPolicy(s string) inspect.OfferPolicy {
	p, _ := inspect.ParseOfferPolicy(s)
	return p
}

// meta is the pipeline's view of a request.
func (s *Server) meta(st *reqState, r *http.Request, dir rules.Direction) *inspect.Meta {
	return &inspect.Meta{
		Protocol: st.protocol, Service: st.service, Direction: dir, Group: st.group,
		Host: st.host, Method: r.Method, Path: logPath(r.URL.Path), Who: s.who(st),
	}
}

// inspecting reports whether a request's exchange is inspected at all. A
// request whose state is lost while a pipeline is configured is inspected
// with the defaults rather than let through (see inspectRequest).
func (s *Server) inspecting(st *reqState) bool {
	return st != nil && st.action == actionInspect && st.protocol != "websocket" && s.policy().pipe != nil
}

// inspectRequest inspects an outbound body, and the query of a service
// whose API takes message arguments there. It returns the response to send
// instead (a block), or nil to go on with req, whose body it may have
// rewritten (a redaction) or restored byte for byte.
func (s *Server) inspectRequest(req *http.Request, st *reqState) *http.Response {
	if st == nil && s.policy().pipe != nil {
		// Never expected: the exchange lost its state. Fail closed.
		return refusal(req, http.StatusInternalServerError, "request could not be inspected", inspect.NewIncidentID())
	}
	if !s.inspecting(st) {
		return nil
	}
	hasBody := req.Body != nil && req.Body != http.NoBody
	if !hasBody && (req.URL.RawQuery == "" || st.service == "") {
		return nil
	}
	pol := s.policy()
	upload := ""
	if hasBody && !s.sniffChat(req) {
		// A binary body: a raw file upload to a chat service goes to the
		// file inspector; anything else streams through unread.
		if pol.pipe.Files == nil || st.service == "" || req.Method != http.MethodPost && req.Method != http.MethodPut {
			return nil
		}
		upload = uploadName(req)
	}
	meta := s.meta(st, req, rules.DirectionOutbound)
	var body io.Reader = http.NoBody
	if hasBody {
		body = req.Body
	}
	b := s.readBody(body, req.ContentLength, req.Header, req, pol, meta, upload)
	switch {
	case b.readErr != nil:
		st.incident = inspect.NewIncidentID()
		return refusal(req, http.StatusBadRequest, "request body could not be read", st.incident)
	case b.out.Action == rules.ActionBlock:
		if hasBody {
			_ = req.Body.Close()
		}
		return s.blockResponse(req, st, b.out, b.rest != nil)
	}
	st.incident = b.out.Incident
	if !hasBody {
		return nil
	}
	st.changed = st.changed || b.rewrites()
	orig := req.Body // the rest of an oversize body still reads from it
	n := req.ContentLength
	b.install(req.Header, func(r io.Reader, size int64) {
		if size < 0 && (b.rest != nil || b.stream != nil) {
			size = n // passed whole: the length the client gave, if any
		}
		req.Body, req.ContentLength = readCloser{r, orig}, size
		if size >= 0 {
			req.TransferEncoding = nil
		}
	})
	return nil
}

// uploadName names a raw upload: the Content-Disposition filename, a
// filename query parameter (Matrix), or the last path segment.
func uploadName(req *http.Request) string {
	if _, params, err := mime.ParseMediaType(req.Header.Get("Content-Disposition")); err == nil && params["filename"] != "" {
		return params["filename"]
	}
	if n := req.URL.Query().Get("filename"); n != "" {
		return n
	}
	if n := path.Base(req.URL.Path); n != "/" && n != "." {
		return n
	}
	return "upload"
}

// sniffChat reports whether a request body may carry chat. Its type is
// not believed when it says image, audio, video, font or octet stream:
// the first bytes are sniffed, and a body that reads as text is inspected.
func (s *Server) sniffChat(req *http.Request) bool {
	if carriesChat(req.Header.Get("Content-Type")) {
		return true
	}
	br := bufio.NewReaderSize(req.Body, 512)
	head, _ := br.Peek(512)
	req.Body = readCloser{br, req.Body}
	if len(head) == 0 || req.Header.Get("Content-Encoding") != "" {
		return len(head) > 0 // a compressed body cannot be sniffed: inspect it
	}
	sniffed := http.DetectContentType(head)
	return strings.HasPrefix(sniffed, "text/") || looksStructured(head)
}

// looksStructured reports bytes that open like JSON or a form.
func looksStructured(b []byte) bool {
	t := bytes.TrimLeft(b, " \t\r\n")
	return len(t) > 0 && (t[0] == '{' || t[0] == '[' || bytes.IndexByte(t, '=') > 0 && bytes.IndexByte(t, 0) < 0)
}

// inspectResponse inspects an inbound body of a response that delivers
// messages (extract.Reads); any other response passes untouched.
func (s *Server) inspectResponse(req *http.Request, resp *http.Response, st *reqState) *http.Response {
	if !s.inspecting(st) || resp.Body == nil || resp.Body == http.NoBody || req.Method == http.MethodHead {
		return resp
	}
	if !extract.Reads(st.service, req.Method, req.URL.Path) {
		if st.service != "" && s.policy().pipe.Files != nil && resp.StatusCode/100 == 2 {
			if name := downloadName(req, resp); name != "" {
				return s.checkResponse(req, resp, st, name)
			}
		}
		return resp
	}
	return s.checkResponse(req, resp, st, "")
}

// checkResponse reads, inspects and gives back a response body: as chat
// (file ""), or as the file of that name (a download). It returns the
// response to send: resp with its body given back (or rewritten), or a
// block response.
func (s *Server) checkResponse(req *http.Request, resp *http.Response, st *reqState, file string) *http.Response {
	pol := s.policy()
	meta := s.meta(st, req, rules.DirectionInbound)
	b := s.readBody(resp.Body, resp.ContentLength, resp.Header, req, pol, meta, file)
	if b.readErr != nil {
		// The upstream broke off: what was read cannot be passed as the
		// whole answer, whatever on_inspect_error says.
		_ = resp.Body.Close()
		block := *pol.pipe
		block.OnError = rules.ActionBlock
		return s.blockResponse(req, st, block.Uninspectable(meta, "error", b.readErr), true)
	}
	if b.out.Action == rules.ActionBlock {
		_ = resp.Body.Close()
		return s.blockResponse(req, st, b.out, true)
	}
	st.incident = b.out.Incident
	st.changed = st.changed || b.rewrites()
	body, size := resp.Body, resp.ContentLength
	b.install(resp.Header, func(r io.Reader, n int64) {
		if n < 0 && b.stream != nil {
			n = size // a file streamed unchanged: the length the server gave, if any
		}
		resp.Body, resp.ContentLength = readCloser{r, body}, n
		if n >= 0 {
			resp.TransferEncoding = nil
		}
	})
	return resp
}

// readCloser reads from a buffer (and what remains of the body) and
// closes the original body.
type readCloser struct {
	io.Reader
	c io.Closer
}

func (r readCloser) Close() error { return r.c.Close() }

// body is one body read and checked.
type body struct {
	raw       []byte
	rest      io.Reader // the whole body when it was over the limit
	stream    io.Reader // a file over the limit passing through the file inspector
	readErr   error
	out       inspect.Outcome
	redacted  []byte // the body rewritten, when the outcome redacted something
	converted bool   // charset converted to UTF-8
}

// scratches are the memory bodies are extracted in, one per body being
// read; a body's Doc is done with when readBody returns.
var scratches = sync.Pool{New: func() any { return new(extract.Scratch) }}

// readBody reads, decodes, extracts and checks a body of req's exchange
// (the request's own, or its response's; size is its Content-Length, -1
// if unknown); the outcome is in b.out.
// upload, when set, is the name of a raw file upload: the body is read as
// that one file, for the file inspector.
func (s *Server) readBody(r io.Reader, size int64, h http.Header, req *http.Request, pol *policy, meta *inspect.Meta, upload string) *body {
	b := &body{out: inspect.Outcome{Action: rules.ActionAllow}}
	if upload != "" && size > pol.maxScan {
		// A file known to be too large to hold: judged by its head.
		head, whole, err := readHead(r)
		if b.readErr = err; err == nil {
			b.streamFile(pol, meta, upload, head, whole)
		}
		return b
	}
	b.raw, b.rest, b.readErr = readSized(r, size, pol.maxScan)
	if b.readErr != nil {
		return b
	}
	if b.rest != nil && upload != "" {
		b.streamFile(pol, meta, upload, b.raw[:min(len(b.raw), streamHead)], b.rest)
		return b
	}
	if b.rest != nil {
		b.out = pol.pipe.Uninspectable(meta, "oversize", nil)
		return b
	}
	ctype := h.Get("Content-Type")
	decoded, err := decodeContent(b.raw, h.Get("Content-Encoding"), pol.maxScan)
	if err == nil && upload != "" {
		doc := extract.UploadFile(decoded, upload, ctype)
		b.out = pol.pipe.Check(req.Context(), doc, meta)
		b.keep(doc)
		return b
	}
	if err == nil {
		decoded, b.converted, err = toUTF8(decoded, ctype)
	}
	if err != nil {
		reason := "undecodable"
		if errors.Is(err, errOversize) {
			reason = "oversize"
		}
		b.out = pol.pipe.Uninspectable(meta, reason, err)
		return b
	}
	dir := extract.Outbound
	if meta.Direction == rules.DirectionInbound {
		dir = extract.Inbound
	}
	sc := scratches.Get().(*extract.Scratch)
	defer scratches.Put(sc) // the Doc is done with when this returns
	doc, err := extract.Extract(&extract.Input{
		Service: meta.Service, Method: req.Method, Path: req.URL.Path, Query: req.URL.RawQuery,
		ContentType: ctype, Direction: dir, Body: decoded,
		Fixed:   true, // b.raw and a decoded copy are never written to
		Scratch: sc,
	})
	if err != nil {
		b.out = pol.pipe.Uninspectable(meta, "undecodable", err)
		return b
	}
	b.out = pol.pipe.Check(req.Context(), doc, meta)
	b.keep(doc)
	return b
}

// keep takes what the body needs of its checked Doc: the rewritten bytes
// when the outcome redacted something in it.
func (b *body) keep(doc *extract.Doc) {
	if b.out.Action == rules.ActionRedact && doc != nil && doc.Changed() {
		b.redacted = doc.Bytes()
	}
}

// maxPresized bounds the buffer readSized allocates before the bytes
// arrive: a declared Content-Length alone must not make the proxy hold
// files.max_scan_bytes per connection.
const maxPresized = 64 << 10

// readSized is readUpTo for a body of known size: one that declares at
// most maxPresized bytes (and no more than limit) is read into a buffer of
// exactly that size, with no growing and no copy; any other, and one
// that turns out longer than declared, goes through readUpTo.
func readSized(r io.Reader, size, limit int64) ([]byte, io.Reader, error) {
	if size <= 0 || size > min(limit, maxPresized) {
		return readUpTo(r, limit)
	}
	buf := make([]byte, size)
	if _, err := io.ReadFull(r, buf); err != nil {
		return nil, nil, err
	}
	var one [1]byte
	n, err := r.Read(one[:])
	if n == 0 && err == io.EOF {
		return buf, nil, nil
	}
	if err != nil && err != io.EOF {
		return nil, nil, err
	}
	return readUpTo(io.MultiReader(bytes.NewReader(buf), bytes.NewReader(one[:n]), r), limit)
}

// rewrites reports a body that install does not give back byte for byte
// as it came: a redacted document, or a file streamed through the file
// inspector (which may cut it short).
func (b *body) rewrites() bool {
	return b.stream != nil || b.redacted != nil
}

// install gives the message its body back: the redacted document
// (Content-Encoding dropped, Content-Length set, charset now UTF-8), or
// the original bytes as they came.
func (b *body) install(h http.Header, set func(io.Reader, int64)) {
	switch {
	case b.redacted != nil:
		nb := b.redacted
		h.Del("Content-Encoding")
		if b.converted {
			h.Set("Content-Type", withUTF8(h.Get("Content-Type")))
		}
		h.Set("Content-Length", strconv.Itoa(len(nb)))
		set(bytes.NewReader(nb), int64(len(nb)))
	case b.stream != nil:
		set(b.stream, -1)
	case b.rest != nil:
		h.Del("Content-Length")
		set(b.rest, -1)
	default:
		set(bytes.NewReader(b.raw), int64(len(b.raw)))
	}
}

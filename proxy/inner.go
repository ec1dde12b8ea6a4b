package proxy

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.uber.org/zap"
	"golang.org/x/net/http/httpguts"
)

// A tunnel's inner stream (decrypted by MITM, or plain HTTP found in a
// CONNECT tunnel or a transparent flow) is served here, by a loop of our
// own, rather than by the shared http.Server. The shared server starts a
// background read of the connection around every request (to notice a
// client that goes away) and aborts it with two deadline changes when the
// handler returns: on a busy keep-alive connection that, with the rest of
// its per-request machinery, was about a tenth of the proxy's CPU per
// request. This loop parses with net/http's own http.ReadRequest and keeps
// the server's limits (header size, handshake and idle timeouts, Host and
// header validation, Expect: 100-continue, bounded draining of unread
// request bodies, Hijack for WebSocket), and frames responses as it does
// (Content-Length when the handler's whole body fits in 2 KiB, chunked
// otherwise, close-delimited for HTTP/1.0). A client that goes away is
// noticed by a read of its connection only once a request has taken a
// second (innerWatch). A response without a Content-Type is sent without
// one (net/http sniffs one), since a proxy forwards what the upstream said.

const (
	// innerPreHeadBytes is what a handler writes before the response head
	// is sent: a whole body this small gets a Content-Length.
	innerPreHeadBytes = 2 << 10
	// innerDrainBytes is what is read of a request body the handler left
	// unread, so that the connection can serve the next request; more
	// than this closes it.
	innerDrainBytes = 256 << 10
)

var (
	innerReaders = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 4<<10) }}
	innerWriters = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 4<<10) }}
	innerHeads   = sync.Pool{New: func() any { b := make([]byte, 0, innerPreHeadBytes); return &b }}

	errHeadTooLarge = errors.New("request head too large")
	errBodyClosed   = errors.New("http: invalid Read on closed Body")
)

// innerConn is one tunnel's HTTP/1.1 stream being served.
type innerConn struct {
	s      *Server
	c      *clientConn
	lr     headLimit
	br     *bufio.Reader
	ctx    context.Context
	method string // of the last request (a POST may leave a stray CRLF)
	unread bool   // a request body was left unread
	watch  innerWatch
	// handler serves each request: s.serveHTTP (a test handler in
	// FuzzInnerStream).
	handler func(http.ResponseWriter, *http.Request)
}

// headLimit limits what a request head may read from the connection.
type headLimit struct {
	r   io.Reader
	n   int64
	err error // the last read error of the connection
}

func (l *headLimit) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, errHeadTooLarge
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	if err != nil {
		l.err = err
	}
	return n, err
}

// serveInner serves the HTTP/1.1 requests of cc until the client closes,
// a limit ends the connection, a handler hijacks it, or the server shuts
// down.
func (s *Server) serveInner(cc *clientConn) { s.serveInnerWith(cc, s.serveHTTP) }

// serveInnerWith is serveInner with another handler (tests).
func (s *Server) serveInnerWith(cc *clientConn, handler func(http.ResponseWriter, *http.Request)) {
	s.connState(cc, http.StateNew)
	if !s.inner.add(cc) {
		_ = cc.Close()
		s.connState(cc, http.StateClosed)
		return
	}
	h := s.newInnerConn(cc, handler)
	hijacked := h.serve()
	s.inner.done(cc)
	if hijacked {
		// The handler owns the connection and the reader it was given.
		s.connState(cc, http.StateHijacked)
		return
	}
	_ = cc.Close()
	h.br.Reset(nil)
	innerReaders.Put(h.br)
	s.connState(cc, http.StateClosed)
}

func (s *Server) newInnerConn(cc *clientConn, handler func(http.ResponseWriter, *http.Request)) *innerConn {
	h := &innerConn{s: s, c: cc, ctx: connContext(context.Background(), cc), handler: handler}
	h.lr.r = cc
	h.br = innerReaders.Get().(*bufio.Reader)
	h.br.Reset(&h.lr)
	return h
}

// serve runs the request loop; it reports whether a handler hijacked the
// connection.
func (h *innerConn) serve() (hijacked bool) {
	s := h.s
	idle, head := s.limits.IdleTimeout.D(), s.limits.HandshakeTimeout.D()
	for {
		if !s.inner.setBusy(h.c, false) {
			return false
		}
		h.lr.n = int64(s.limits.MaxHeaderBytes) + 4096 // net/http's slop for bufio
		if h.br.Buffered() == 0 {
			_ = h.c.SetReadDeadline(time.Now().Add(idle))
			if _, err := h.br.Peek(1); err != nil {
				return false
			}
		}
		if !s.inner.setBusy(h.c, true) {
			return false
		}
		_ = h.c.SetReadDeadline(time.Now().Add(head))
		req, err := h.readRequest()
		if err != nil {
			h.refuseRequest(err, req)
			return false
		}
		keep, hijacked := h.serveRequest(req)
		if hijacked {
			return true
		}
		if !keep {
			h.lingerIfUnread()
			return false
		}
	}
}

// lingerIfUnread gives the client time to read the last response when
// the stream ends with request bytes unread: closing a socket that has
// unread bytes resets the connection, and the reset can discard the
// response the client has not read yet. It half-closes and reads on for
// at most half a second, as net/http does.
func (h *innerConn) lingerIfUnread() {
	if !h.unread {
		return
	}
	if cw, ok := h.c.Conn.(interface{ CloseWrite() error }); ok {
		_ = cw.CloseWrite()
	}
	_ = h.c.SetReadDeadline(time.Now().Add(500 * time.Millisecond))
	_, _ = io.Copy(io.Discard, h.br)
}

// requestError is a request that gets an error status and ends the
// connection.
type requestError struct {
	status int
	msg    string
}

func (e *requestError) Error() string { return e.msg }

// readRequest reads and checks one request head, as net/http's server
// does. A head that parses but is refused comes with its error.
func (h *innerConn) readRequest() (*http.Request, error) {
	if h.method == http.MethodPost {
		// RFC 7230 section 3.5: tolerate a CRLF after a POST body.
		peek, _ := h.br.Peek(4)
		_, _ = h.br.Discard(leadingCRLF(peek))
	}
	req, err := http.ReadRequest(h.br)
	if err != nil {
		if h.lr.n <= 0 || errors.Is(err, errHeadTooLarge) {
			return nil, &requestError{http.StatusRequestHeaderFieldsTooLarge, "request head too large"}
		}
		return nil, err
	}
	h.lr.n = math.MaxInt64
	h.method = req.Method
	if req.ProtoMajor != 1 {
		return req, &requestError{http.StatusHTTPVersionNotSupported, "unsupported protocol version"}
	}
	if req.ProtoAtLeast(1, 1) && req.Host == "" && req.Method != http.MethodConnect {
		return req, &requestError{http.StatusBadRequest, "missing required Host header"}
	}
	if req.Host != "" && !httpguts.ValidHostHeader(req.Host) {
		return req, &requestError{http.StatusBadRequest, "malformed Host header"}
	}
	for k, vv := range req.Header {
		if !httpguts.ValidHeaderFieldName(k) {
			return req, &requestError{http.StatusBadRequest, "invalid header name"}
		}
		for _, v := range vv {
			if !httpguts.ValidHeaderFieldValue(v) {
				return req, &requestError{http.StatusBadRequest, "invalid header value"}
			}
		}
	}
	req.RemoteAddr = h.c.RemoteAddr().String()
	return req, nil
}

func leadingCRLF(b []byte) int {
	n := 0
	for _, c := range b {
		if c != '\r' && c != '\n' {
			break
		}
		n++
	}
	return n
}

// refuseRequest answers a request that could not be read (req, when its
// head parsed), unless the client simply went away or stalled.
func (h *innerConn) refuseRequest(err error, req *http.Request) {
	var re *requestError
	if !errors.As(err, &re) {
		if h.lr.err != nil {
			// The head broke off (textproto may report the part it
			// got as malformed): nobody to answer, or a stalled client.
			err = h.lr.err
		}
		var ne net.Error
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) ||
			(errors.As(err, &ne) && ne.Timeout()) {
			return
		}
		re = &requestError{http.StatusBadRequest, "malformed request"}
		if strings.Contains(err.Error(), "unsupported transfer encoding") {
			re = &requestError{http.StatusNotImplemented, "unsupported transfer encoding"}
		}
	}
	_ = h.c.SetWriteDeadline(time.Now().Add(h.s.limits.HandshakeTimeout.D()))
	body := re.msg + "\n"
	head := fmt.Sprintf("HTTP/1.1 %d %s\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\nContent-Length: %d\r\n\r\n",
		re.status, http.StatusText(re.status), len(body))
	if req == nil || req.Method != http.MethodHead {
		head += body
	}
	_, _ = io.WriteString(h.c, head)
}

// serveRequest runs the handler for req and finishes its response. keep
// says the connection may serve another request.
func (h *innerConn) serveRequest(req *http.Request) (keep, hijacked bool) {
	ctx, cancel := context.WithCancel(h.ctx)
	defer cancel()
	req = req.WithContext(ctx)
	w := &innerResponse{h: h, req: req, header: make(http.Header), cl: -1}
	w.close = req.Close || !req.ProtoAtLeast(1, 1)
	body := &innerBody{w: w, rc: req.Body}
	if req.Body != nil && req.Body != http.NoBody {
		if expect := req.Header.Get("Expect"); expect != "" {
			if !strings.EqualFold(expect, "100-continue") || !req.ProtoAtLeast(1, 1) {
				w.close = true
				w.WriteHeader(http.StatusExpectationFailed)
				w.finish(body)
				return false, false
			}
			body.expect = true
		}
		req.Body = body
	}
	req.Header.Del("Expect")
	h.watch.start(h, body, cancel)
	ok := h.run(w, req)
	h.watch.stop(h.c)
	if !ok {
		w.release()
		return false, w.hijacked
	}
	if w.hijacked {
		return false, true
	}
	w.finish(body)
	return !w.close, false
}

// run calls the handler; false when it panicked (http.ErrAbortHandler
// cuts the response short on purpose; any other panic is logged).
func (h *innerConn) run(w *innerResponse, req *http.Request) (ok bool) {
	defer func() {
		if v := recover(); v != nil {
			ok = false
			if v != http.ErrAbortHandler { //nolint:errorlint // net/http compares the same way
				h.s.log.Error("panic serving a request", zap.String("event", "proxy.http_error"),
					zap.String("conn_id", h.c.info.id), zap.Any("panic", v), zap.ByteString("stack", debug.Stack()))
			}
		}
	}()
	h.handler(w, req)
	return true
}

// innerWatchAfter is how long a request is handled before its client
// connection is watched for the client going away.
const innerWatchAfter = time.Second

// innerWatch notices a client that goes away while its request is
// handled (it gave up on a slow upstream, a long poll): the request's
// context is cancelled, so the upstream leg is dropped rather than held
// until the upstream answers. It reads the client connection only once
// the request body has been read and the request has taken
// innerWatchAfter, so a quick exchange costs a timer and no read (net/http
// reads in the background around every request).
type innerWatch struct {
	mu       sync.Mutex
	timer    *time.Timer
	h        *innerConn
	body     *innerBody
	cancel   context.CancelFunc
	stopped  bool
	finished chan struct{} // closed when a read in progress returns
}

func (x *innerWatch) start(h *innerConn, body *innerBody, cancel context.CancelFunc) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.h, x.body, x.cancel, x.stopped, x.finished = h, body, cancel, false, nil
	if x.timer == nil {
		x.timer = time.AfterFunc(innerWatchAfter, x.fire)
		return
	}
	x.timer.Reset(innerWatchAfter)
}

// fire reads ahead on the client connection: an error (the client closed
// or reset) cancels the request; bytes (a pipelined request) stay in the
// reader for the loop.
func (x *innerWatch) fire() {
	x.mu.Lock()
	if x.stopped {
		x.mu.Unlock()
		return
	}
	if !x.body.done() {
		// The handler may still read the body: look again later.
		x.timer.Reset(innerWatchAfter)
		x.mu.Unlock()
		return
	}
	h, cancel, finished := x.h, x.cancel, make(chan struct{})
	x.finished = finished
	x.mu.Unlock()
	_, err := h.br.Peek(1)
	x.mu.Lock()
	stopped := x.stopped
	x.finished = nil
	x.mu.Unlock()
	close(finished)
	if err != nil && !stopped {
		cancel()
	}
}

// stop ends the watch of the current request, waiting for a read in
// progress to give the connection back.
func (x *innerWatch) stop(c net.Conn) {
	x.mu.Lock()
	x.stopped = true
	if x.timer != nil {
		x.timer.Stop()
	}
	finished := x.finished
	x.mu.Unlock()
	if finished != nil {
		_ = c.SetReadDeadline(aLongTimeAgo)
		<-finished
		_ = c.SetReadDeadline(time.Time{})
	}
}

// aLongTimeAgo is a read deadline in the past: a read in progress returns.
var aLongTimeAgo = time.Unix(1, 0)

// innerBody is a request body as the handler sees it: it answers
// Expect: 100-continue at the first read, and Close does not read on
// (net/http's would read an unread body to its end).
type innerBody struct {
	w      *innerResponse
	rc     io.ReadCloser
	expect bool        // 100 Continue not yet sent
	eof    atomic.Bool // read to its end (read by the watch too)
	closed bool
	read   bool // a read was made
}

func (b *innerBody) Read(p []byte) (int, error) {
	if b.closed {
		return 0, errBodyClosed
	}
	if b.eof.Load() {
		return 0, io.EOF
	}
	b.read = true
	if b.expect {
		b.expect = false
		if !b.w.sent {
			bw := b.w.writer()
			_, _ = bw.WriteString("HTTP/1.1 100 Continue\r\n\r\n")
			if err := bw.Flush(); err != nil {
				return 0, err
			}
		}
	}
	n, err := b.rc.Read(p)
	if err == io.EOF { //nolint:errorlint // io.Reader's end is io.EOF itself
		b.eof.Store(true)
	}
	return n, err
}

func (b *innerBody) Close() error {
	b.closed = true
	return nil
}

// done reports whether the body was read to its end (or there is none).
func (b *innerBody) done() bool { return b.rc == nil || b.rc == http.NoBody || b.eof.Load() }

// drain reads what the handler left of the body, up to innerDrainBytes;
// false when the connection cannot serve another request.
func (b *innerBody) drain() bool {
	if b.done() {
		return true
	}
	if b.expect {
		// The client waits for 100 Continue before it sends the body:
		// it was not asked for, so the connection cannot be reused.
		return false
	}
	_ = b.w.h.c.SetReadDeadline(time.Now().Add(b.w.h.s.limits.HandshakeTimeout.D()))
	n, err := io.CopyN(io.Discard, b.rc, innerDrainBytes+1)
	if errors.Is(err, io.EOF) {
		b.eof.Store(true)
	}
	return b.eof.Load() && n <= innerDrainBytes
}

// innerResponse is the ResponseWriter of one request on an inner stream.
// It supports Flush, Hijack and the deadlines of http.ResponseController.
type innerResponse struct {
	h        *innerConn
	req      *http.Request
	header   http.Header
	bw       *bufio.Writer
	pre      *[]byte // body written before the head is sent
	status   int     // final status set by WriteHeader
	sent     bool    // the head is in bw
	noBody   bool    // HEAD, 1xx, 204, 304
	chunked  bool
	close    bool  // close the connection after this response
	cl       int64 // declared Content-Length, -1 when none
	n        int64 // body bytes written
	hijacked bool
	err      error // the first write error: the connection is done
}

// Header returns the response header map.
func (w *innerResponse) Header() http.Header { return w.header }

// WriteHeader sets the status; an informational status (other than 101)
// is sent at once and the final one may follow.
func (w *innerResponse) WriteHeader(code int) {
	if w.hijacked || w.status != 0 {
		return
	}
	if code < 100 || code > 999 {
		panic(fmt.Sprintf("invalid WriteHeader code %v", code))
	}
	if code < 200 && code != http.StatusSwitchingProtocols {
		bw := w.writer()
		writeStatusLine(bw, code)
		_ = w.header.Write(bw)
		_, _ = bw.WriteString("\r\n")
		w.fail(bw.Flush())
		return
	}
	w.status = code
}

// Write writes body bytes, sending the head first when it is due.
func (w *innerResponse) Write(p []byte) (int, error) {
	if w.hijacked {
		return 0, http.ErrHijacked
	}
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if w.err != nil {
		return 0, w.err
	}
	if !bodyAllowed(w.status) {
		return 0, http.ErrBodyNotAllowed
	}
	if w.cl < 0 && w.header.Get("Content-Length") != "" && !w.sent {
		w.cl = declaredLength(w.header)
	}
	if w.cl >= 0 && w.n+int64(len(p)) > w.cl {
		return 0, http.ErrContentLength
	}
	if !w.sent {
		if w.pre == nil {
			w.pre = innerHeads.Get().(*[]byte)
		}
		if len(*w.pre)+len(p) <= innerPreHeadBytes {
			*w.pre = append(*w.pre, p...)
			w.n += int64(len(p))
			return len(p), nil
		}
		w.sendHead(false)
	}
	w.n += int64(len(p))
	return w.body(p)
}

// body writes p in the response's framing.
func (w *innerResponse) body(p []byte) (int, error) {
	if w.err != nil {
		return 0, w.err
	}
	if w.noBody || len(p) == 0 {
		return len(p), nil
	}
	bw := w.writer()
	if w.chunked {
		_, _ = bw.WriteString(strconv.FormatInt(int64(len(p)), 16))
		_, _ = bw.WriteString("\r\n")
	}
	n, err := bw.Write(p)
	if w.chunked && err == nil {
		_, err = bw.WriteString("\r\n")
	}
	w.fail(err)
	return n, err
}

func (w *innerResponse) writer() *bufio.Writer {
	if w.bw == nil {
		w.bw = innerWriters.Get().(*bufio.Writer)
		w.bw.Reset(w.h.c)
	}
	return w.bw
}

func (w *innerResponse) fail(err error) {
	if err != nil && w.err == nil {
		w.err, w.close = err, true
	}
}

// sendHead writes the status line and header with the framing of the
// body: final says the handler is done, so what it wrote is all.
func (w *innerResponse) sendHead(final bool) {
	w.sent = true
	if w.status == 0 {
		w.status = http.StatusOK
	}
	h, code := w.header, w.status
	w.noBody = w.req.Method == http.MethodHead || !bodyAllowed(code)
	h.Del("Transfer-Encoding")
	w.cl = declaredLength(h)
	switch {
	case code == http.StatusSwitchingProtocols:
	case code == http.StatusNoContent || code < 200:
		h.Del("Content-Length")
	case w.noBody:
	case w.cl >= 0:
	case final:
		w.cl = w.n
		h["Content-Length"] = []string{strconv.FormatInt(w.n, 10)}
	case w.req.ProtoAtLeast(1, 1):
		w.chunked = true
		h["Transfer-Encoding"] = []string{"chunked"}
	default:
		w.close = true
	}
	if httpguts.HeaderValuesContainsToken(h["Connection"], "close") || w.h.s.inner.shuttingDown() {
		w.close = true
	}
	if w.close && code != http.StatusSwitchingProtocols {
		h["Connection"] = []string{"close"}
	}
	if _, ok := h["Date"]; !ok {
		h["Date"] = []string{time.Now().UTC().Format(http.TimeFormat)}
	}
	bw := w.writer()
	writeStatusLine(bw, code)
	w.fail(h.Write(bw))
	_, _ = bw.WriteString("\r\n")
	if w.pre != nil {
		p := *w.pre
		*w.pre = p[:0]
		_, _ = w.body(p)
	}
}

// declaredLength is the header's Content-Length, or -1 when it has none
// that parses (an invalid one is dropped).
func declaredLength(h http.Header) int64 {
	v := h["Content-Length"]
	if len(v) == 0 {
		return -1
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v[0]), 10, 64)
	if err != nil || n < 0 {
		delete(h, "Content-Length")
		return -1
	}
	return n
}

func bodyAllowed(code int) bool {
	return code >= 200 && code != http.StatusNoContent && code != http.StatusNotModified
}

func writeStatusLine(bw *bufio.Writer, code int) {
	_, _ = bw.WriteString("HTTP/1.1 ")
	_, _ = bw.WriteString(strconv.Itoa(code))
	_ = bw.WriteByte(' ')
	text := http.StatusText(code)
	if text == "" {
		text = "status code " + strconv.Itoa(code)
	}
	_, _ = bw.WriteString(text)
	_, _ = bw.WriteString("\r\n")
}

// FlushError sends the head and what is buffered to the client.
func (w *innerResponse) FlushError() error {
	if w.hijacked {
		return http.ErrHijacked
	}
	if !w.sent {
		w.sendHead(false)
	}
	if w.err == nil {
		w.fail(w.writer().Flush())
	}
	return w.err
}

// Flush is FlushError without the error (http.Flusher).
func (w *innerResponse) Flush() { _ = w.FlushError() }

// SetReadDeadline sets the connection's read deadline
// (http.ResponseController).
func (w *innerResponse) SetReadDeadline(t time.Time) error { return w.h.c.SetReadDeadline(t) }

// SetWriteDeadline sets the connection's write deadline
// (http.ResponseController).
func (w *innerResponse) SetWriteDeadline(t time.Time) error { return w.h.c.SetWriteDeadline(t) }

// EnableFullDuplex is a no-op: the request body stays readable while the
// response is written.
func (w *innerResponse) EnableFullDuplex() error { return nil }

// Hijack hands the connection to the handler, after sending a status it
// set (a WebSocket's 101); the reader keeps what the client sent ahead.
func (w *innerResponse) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if w.hijacked {
		return nil, nil, http.ErrHijacked
	}
	if w.status != 0 && !w.sent {
		w.sendHead(false)
	}
	if w.bw != nil {
		if err := w.bw.Flush(); err != nil {
			return nil, nil, err
		}
	}
	w.release()
	w.hijacked = true
	c := w.h.c
	w.h.watch.stop(c)
	_ = c.SetDeadline(time.Time{})
	return c, bufio.NewReadWriter(w.h.br, bufio.NewWriter(c)), nil
}

// finish ends the response after the handler returned: the head if not
// sent, the chunked terminator, the flush, and the request body drained
// for the next request.
func (w *innerResponse) finish(body *innerBody) {
	if !w.sent {
		w.sendHead(true)
	}
	if w.chunked && w.err == nil {
		_, err := w.writer().WriteString("0\r\n\r\n")
		w.fail(err)
	}
	if w.cl >= 0 && w.n < w.cl && !w.noBody {
		w.close = true // the client must not take a short body as whole
	}
	if w.bw != nil && w.err == nil {
		w.fail(w.bw.Flush())
	}
	w.release()
	if !w.close && !body.drain() {
		w.close = true
	}
	if w.close && !body.done() {
		w.h.unread = true
	}
}

// release returns the response's buffers to their pools.
func (w *innerResponse) release() {
	if w.bw != nil {
		w.bw.Reset(nil)
		innerWriters.Put(w.bw)
		w.bw = nil
	}
	if w.pre != nil {
		*w.pre = (*w.pre)[:0]
		innerHeads.Put(w.pre)
		w.pre = nil
	}
}

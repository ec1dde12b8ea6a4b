package proxy

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// recorder is the ResponseWriter goproxy writes to: it counts bytes and
// keeps the status for the log, and arms a write deadline before every
// write so a client that stops reading is dropped after idle_timeout (a
// global WriteTimeout would cut long downloads instead). It passes through
// Flush and Hijack (WebSocket) and unwraps for http.ResponseController.
type recorder struct {
	http.ResponseWriter
	rc       http.ResponseController
	idle     time.Duration
	status   int
	bytesIn  int64
	bytesOut int64
	wr       *deadline // the connection's (connInfo.wr)
	rd       deadline
	hijacked net.Conn // closed by serveHTTP when goproxy returns
	// broken is the error that cut the upstream's body short: the client
	// must not be told the response is complete (serveHTTP aborts it).
	broken error
}

// init sets up a recorder of w; wr is the write deadline state of w's
// connection.
func (w *recorder) init(rw http.ResponseWriter, idle time.Duration, wr *deadline) {
	w.ResponseWriter, w.rc, w.idle, w.wr = rw, *http.NewResponseController(rw), idle, wr
}

// WriteHeader arms the write deadline too: a deadline left by an earlier
// response on this keep-alive connection must not fail a bodiless one.
// The connection's deadline state is shared by its responses, so one
// armed less than idle/8 ago is still at least 7/8 of idle ahead.
func (w *recorder) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.wr.arm(w.rc.SetWriteDeadline, w.idle, false)
	w.ResponseWriter.WriteHeader(code)
}

func (w *recorder) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.wr.arm(w.rc.SetWriteDeadline, w.idle, false)
	n, err := w.ResponseWriter.Write(p)
	w.bytesOut += int64(n)
	return n, err
}

// copyBufs pools the buffers of ReadFrom (io.Copy would allocate 32 KiB
// per response otherwise, since the recorder hides the server's own
// ReaderFrom).
var copyBufs = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// writerOnly is a recorder without ReadFrom, so io.CopyBuffer does not
// recurse; a pointer, so making it an io.Writer does not allocate.
type writerOnly recorder

func (w *writerOnly) Write(p []byte) (int, error) { return (*recorder)(w).Write(p) }

// ReadFrom copies a response body through Write with a pooled buffer. A
// body that breaks off (the upstream reset mid-body) is recorded in
// broken.
func (w *recorder) ReadFrom(r io.Reader) (int64, error) {
	buf := copyBufs.Get().(*[]byte)
	defer copyBufs.Put(buf)
	src := sourceReader{r: r}
	n, err := io.CopyBuffer((*writerOnly)(w), &src, *buf)
	if src.err != nil {
		w.broken = src.err
	}
	return n, err
}

// sourceReader remembers its reader's error other than io.EOF, to tell a
// broken source from a broken destination.
type sourceReader struct {
	r   io.Reader
	err error
}

func (s *sourceReader) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if err != nil && err != io.EOF {
		s.err = err
	}
	return n, err
}

// Flush sends buffered data to the client (server-sent events, chunked).
func (w *recorder) Flush() { _ = w.rc.Flush() }

// Hijack hands the client connection over (WebSocket after a 101).
func (w *recorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if w.status == 0 {
		w.status = http.StatusSwitchingProtocols
	}
	// net/http clears the deadlines we armed (the session is bounded by
	// the upstream leg's idleConn instead; TestWebSocketUpgrade idles
	// past idle_timeout).
	c, brw, err := w.rc.Hijack()
	w.hijacked = c
	return c, brw, err
}

// Unwrap lets http.ResponseController reach the server's writer.
func (w *recorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// countingBody counts request body bytes and arms a read deadline before
// each read, so a client that stalls mid-upload is dropped after
// idle_timeout; at the end of the body the deadline is cleared (the server
// keeps reading in the background to notice a client that goes away).
type countingBody struct {
	io.ReadCloser
	rec *recorder
	n   atomic.Int64
	eof atomic.Bool
}

func (b *countingBody) Read(p []byte) (int, error) {
	if b.eof.Load() {
		return 0, io.EOF
	}
	b.rec.rd.arm(b.rec.rc.SetReadDeadline, b.rec.idle, false)
	n, err := b.ReadCloser.Read(p)
	b.n.Add(int64(n))
	if err != nil {
		b.eof.Store(true)
		_ = b.rec.rc.SetReadDeadline(time.Time{})
	}
	return n, err
}

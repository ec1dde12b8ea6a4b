package proxy

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chatdlp/chatdlp/inspect"
	"github.com/chatdlp/chatdlp/inspect/extract"
	"github.com/chatdlp/chatdlp/rules"
	"github.com/gobwas/ws"
	"go.uber.org/zap"
)

// The WebSocket wire adapter of the inspection pipeline: an upgraded
// session is relayed by us, not spliced. Each side's frames are read with
// gobwas/ws's frame layer, messages are reassembled (fragments, control
// frames between them, the client's masking), and each complete message
// goes through extract.ExtractSocket and the policy's Pipeline. An allowed
// message is forwarded as the frames it came in, byte for byte; a redacted
// one as one new frame; a blocked one is not delivered and both legs are
// closed with 1008 and a reason naming the incident.
//
// permessage-deflate is taken off the handshake (the client's offer is
// not forwarded, so the server answers without it): every frame then
// carries plain text, at the cost of uncompressed bytes on the wire.

// serveWebSocket relays an upgrade request's session.
func (s *Server) serveWebSocket(w *recorder, r *http.Request, st *reqState) {
	out := r.Clone(r.Context())
	out.RequestURI = ""
	out.Header.Del("Sec-WebSocket-Extensions")
	plainFrames(out)
	s.policy().tenants.apply(st.service, out.Header)
	tr := s.tr
	if s.parent == nil {
		tr = s.pinned.forContext(r.Context())
	}
	resp, err := tr.RoundTrip(out)
	if err != nil {
		f := classifyUpstream(err)
		st.incident, st.upstreamErr = newID(), err
		writeRefusal(w, r, f.status, f.reason, st.incident, nil)
		return
	}
	defer resp.Body.Close()
	up, ok := resp.Body.(io.ReadWriteCloser)
	if resp.StatusCode != http.StatusSwitchingProtocols || !ok {
		copyResponse(w, resp)
		return
	}
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.Header().Del("Sec-WebSocket-Extensions")
	w.WriteHeader(http.StatusSwitchingProtocols)
	conn, brw, err := w.Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	x := s.newRelay(r, st, conn, brw.Reader, up)
	x.run()
	w.bytesIn, w.bytesOut = x.legs[0].n.Load(), x.legs[1].n.Load()
}

// plainFrames asks the server for frames chatdlp can read: Discord's
// gateway compresses its whole stream when the client asks with
// compress=zlib-stream or zstd-stream, so the parameter is taken off the
// upgrade (the client reads uncompressed payloads as well).
func plainFrames(r *http.Request) {
	q := r.URL.Query()
	if q.Has("compress") && q.Has("encoding") {
		q.Del("compress")
		r.URL.RawQuery = q.Encode()
	}
}

// copyResponse sends an upstream answer that is not an upgrade as it is.
func copyResponse(w http.ResponseWriter, resp *http.Response) {
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = io.Copy(w, resp.Body)
}

// wsLeg is one side of a session: where its frames come from, and how
// frames are written to it.
type wsLeg struct {
	name   string    // client or upstream
	r      io.Reader // frames from this side
	w      io.Writer // frames to this side
	mu     sync.Mutex
	masked bool          // frames from this side are masked (the client's); frames to the other side must be
	n      atomic.Int64  // bytes read from this side
	conn   net.Conn      // for read deadlines; nil for the upstream body
	closed bool          // a close frame was written to this side (under mu)
	br     *bufio.Reader // r, when it is buffered (the client's)
	timed  bool          // conn has a read deadline set (a frame's body, or one left from the handshake)

	hdr        teeHeader // frame headers from this side, as read
	hdrScratch [ws.MaxHeaderSize - 2]byte
}

// wsRelay is one relayed session.
type wsRelay struct {
	s     *Server
	st    *reqState
	in    extract.Input // service, path and query of the upgrade
	legs  [2]*wsLeg     // client, upstream
	up    io.Closer
	start time.Time
	moved atomic.Bool // a frame moved either way since the idle watchdog last looked
	once  sync.Once
	done  chan struct{}
	// binarySeen: a binary message was reported unread, per direction
	// (outbound, inbound); each is touched by its own pump only.
	binarySeen [2]bool
	// inputs and metas: each direction's extraction input and pipeline
	// view, reused for every message by that direction's pump.
	inputs [2]extract.Input
	metas  [2]inspect.Meta
	// scratch: each direction's memory for the Doc of its message, reused
	// for the next (kept up to what one chat message needs).
	scratch [2]extract.Scratch
	why     atomic.Value // string: why the session ended
}

// newRelay sets a session up; br holds what the client sent after its
// upgrade request, and reads on from conn.
func (s *Server) newRelay(r *http.Request, st *reqState, conn net.Conn, br *bufio.Reader, up io.ReadWriteCloser) *wsRelay {
	x := &wsRelay{
		s: s, st: st, up: up, start: time.Now(), done: make(chan struct{}),
		in: extract.Input{Service: st.service, Method: "WEBSOCKET", Path: r.URL.Path, Query: r.URL.RawQuery},
	}
	x.legs[0] = &wsLeg{name: "client", r: br, w: conn, masked: true, conn: conn, br: br, timed: true}
	x.legs[1] = &wsLeg{name: "upstream", r: up, w: up}
	for _, l := range x.legs {
		l.hdr.r = l.r
	}
	return x
}

// touch records that a frame moved: a load of a flag the watchdog clears,
// and a store only when it has, so the pumps' hot path reads no clock and
// writes no shared line per frame.
func (x *wsRelay) touch() {
	if !x.moved.Load() {
		x.moved.Store(true)
	}
}

// run relays until either side ends, the policy closes the session, or
// nothing moves for tunnel_idle_timeout.
func (x *wsRelay) run() {
	x.s.tunnels.add(x.legs[0].conn)
	defer x.s.tunnels.done(x.legs[0].conn)
	x.s.met.tunnelOpened("websocket")
	defer x.s.met.tunnelClosed()
	x.event("tunnel open", "tunnel.open")
	errc := make(chan error, 2)
	go func() { errc <- x.pump(x.legs[0], x.legs[1], rules.DirectionOutbound) }()
	go func() { errc <- x.pump(x.legs[1], x.legs[0], rules.DirectionInbound) }()
	go x.watchIdle()
	err := <-errc
	if endReason(err) == "closed" {
		// One side closed: let the other answer its close frame.
		select {
		case err = <-errc:
			errc <- err
		case <-time.After(closeGrace):
		}
	}
	x.stop(endReason(err))
	_ = wait(errc) // the other pump has ended too
	x.event("tunnel close", "tunnel.close", zap.Int64("bytes_out", x.legs[0].n.Load()),
		zap.Int64("bytes_in", x.legs[1].n.Load()), zap.Int64("duration_ms", time.Since(x.start).Milliseconds()),
		zap.String("reason", x.reason()))
}

// wait returns the next pump's error.
func wait(errc <-chan error) error { return <-errc }

func endReason(err error) string {
	var pe *wsProtocolError
	switch {
	case err == nil || errors.Is(err, io.EOF):
		return "closed"
	case errors.As(err, &pe):
		return "protocol error: " + pe.msg
	case errors.Is(err, errPolicyClosed):
		return "policy"
	}
	return "connection error"
}

// stop ends the session once: both legs are closed, and the pumps return.
func (x *wsRelay) stop(why string) {
	x.once.Do(func() {
		x.why.Store(why)
		close(x.done)
		_ = x.legs[0].conn.Close()
		_ = x.up.Close()
	})
}

func (x *wsRelay) reason() string {
	s, _ := x.why.Load().(string)
	return s
}

// watchIdle ends a session with no frame either way for
// tunnel_idle_timeout (the upstream leg has no deadline of its own): it
// looks every eighth of that, so a session ends up to two looks late.
func (x *wsRelay) watchIdle() {
	idle := x.s.limits.TunnelIdleTimeout.D()
	tick := time.NewTicker(max(idle/8, 10*time.Millisecond))
	defer tick.Stop()
	last := time.Now()
	for {
		select {
		case <-x.done:
			return
		case now := <-tick.C:
			if x.moved.Swap(false) {
				last = now
			} else if now.Sub(last) > idle {
				x.stop("idle")
				return
			}
		}
	}
}

func (x *wsRelay) event(msg, event string, more ...zap.Field) {
	f := []zap.Field{zap.String("event", event), zap.String("protocol", "websocket"), zap.String("host", x.st.host),
		zap.String("service", x.st.service), zap.String("path", logPath(x.in.Path))}
	f = append(f, x.s.who(x.st)...)
	x.s.log.Info(msg, append(f, more...)...)
}

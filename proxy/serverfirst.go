package proxy

import (
	"bufio"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"time"
)

// serverFirstWait is how long a tunnel's client may stay silent before
// the proxy takes it for a protocol whose server speaks first (an IRC
// server's NOTICE, SMTP, FTP): then the upstream is dialled and whichever
// side speaks first decides. Clients of client-first protocols (TLS, HTTP,
// most IRC and XMPP clients) write at once.
const serverFirstWait = 500 * time.Millisecond

// ServerMatcher is implemented by a TunnelHandler that also recognises its
// protocol by what the server says first, when the client waits for it.
type ServerMatcher interface {
	MatchServer(peek []byte) bool
}

// firstBytes classifies a tunnel by its client's first bytes, read by
// deadline, which it leaves set on conn. A client silent for
// serverFirstWait goes to serverFirst, unless it has said it speaks HTTP
// (ALPN inside intercepted TLS: a browser's preconnected socket waits for
// its request, not for the server); kindHandled means the tunnel was
// served there.
func (s *Server) firstBytes(conn net.Conn, br *bufio.Reader, info *connInfo, t *tunnelInfo, tl *tunnelLog, isTLS bool, deadline time.Time) peekKind {
	wait := time.Now().Add(serverFirstWait)
	if tc, ok := conn.(*tls.Conn); ok && tc.ConnectionState().NegotiatedProtocol != "" {
		wait = deadline
	}
	if wait.After(deadline) {
		wait = deadline
	}
	_ = conn.SetReadDeadline(wait)
	kind := classify(br)
	_ = conn.SetReadDeadline(deadline)
	switch {
	case kind != kindOther || !time.Now().Before(deadline):
		return kind
	case br.Buffered() > 0: // a slow client: the rest of its first bytes, by the deadline
		return classify(br)
	}
	return s.serverFirst(conn, br, info, t, tl, isTLS, deadline)
}

// serverFirst dials the upstream of a tunnel whose client is silent and
// waits, until deadline, for either side. A client that speaks first is
// classified as usual (the upstream is closed; a handler dials again). A
// server that speaks first is matched against the handlers that know
// their server's greeting; the one that matches is handed the open
// upstream, which replays what was read of it. Another greeting takes
// tunnels.unknown: block closes both sides, allow splices them with
// nothing lost. No byte of either side is consumed before it is relayed.
func (s *Server) serverFirst(conn net.Conn, br *bufio.Reader, info *connInfo, t *tunnelInfo, tl *tunnelLog, isTLS bool, deadline time.Time) peekKind {
	up, err := s.dialUp(s.ctx, t, isTLS)
	if err != nil {
		s.dialFailed(tl, err)
		s.refuseTunnel(conn, tl, "", "upstream dial failed", err)
		return kindHandled
	}
	ubr := bufio.NewReader(up)
	clientFirst, clientErr := race(conn, br, up, ubr, deadline)
	if clientFirst {
		_ = up.Close()
		switch {
		case br.Buffered() > 0:
			_ = conn.SetReadDeadline(deadline)
			return classify(br)
		case errors.Is(clientErr, io.EOF):
			return kindClosed
		}
		return kindOther // nobody spoke in time: tunnels.unknown
	}
	greeting, _ := ubr.Peek(ubr.Buffered())
	pre := &clientConn{Conn: up, r: ubr}
	if name, h := s.registry.matchServer(greeting); h != nil {
		tl.protocol = tunnelProtocol(name, isTLS)
		s.runHandler(h, conn, br, info, t, tl, isTLS, pre)
		return kindHandled
	}
	if s.policy().tunnelUnknown != actionAllow {
		_ = up.Close()
		s.refuseTunnel(conn, tl, "tunnel_unknown", "unknown tunnel protocol (server spoke first)", nil)
		return kindHandled
	}
	tl.action = actionAllow
	s.splice(conn, br, t, tl, isTLS, pre)
	return kindHandled
}

// race peeks at both sides until one has a byte (or fails) or deadline
// passes, then stops the other; it reports whether the client came first
// (also when neither spoke) and the client's error.
func race(conn net.Conn, br *bufio.Reader, up net.Conn, ubr *bufio.Reader, deadline time.Time) (clientFirst bool, clientErr error) {
	_ = conn.SetReadDeadline(deadline)
	_ = up.SetReadDeadline(deadline)
	type result struct {
		client bool
		err    error
	}
	done := make(chan result, 2)
	go func() { _, err := br.Peek(1); done <- result{true, err} }()
	go func() { _, err := ubr.Peek(1); done <- result{false, err} }()
	first := <-done
	now := time.Now()
	_ = conn.SetReadDeadline(now)
	_ = up.SetReadDeadline(now)
	second := <-done
	_ = conn.SetReadDeadline(time.Time{})
	_ = up.SetReadDeadline(time.Time{})
	if !first.client && first.err != nil { // the server failed (closed, reset) before anyone spoke
		first = second
	}
	if first.client {
		return true, first.err
	}
	if second.client {
		clientErr = second.err
	}
	return false, clientErr
}

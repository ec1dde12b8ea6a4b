package proxy

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/netip"
	"time"

	"go.uber.org/zap"
)

// intercept terminates the client's TLS with a leaf from the company CA
// and dispatches the decrypted stream again. The ClientHello is read
// first: its SNI must name the tunnel's host (else the tunnel is refused,
// since the inner stream would be for another host), fills in the host
// when the tunnel was opened for an IP, and may select a bypass or a
// blocked service that the CONNECT host did not show.
func (s *Server) intercept(conn net.Conn, br *bufio.Reader, info *connInfo, t *tunnelInfo, tl *tunnelLog) {
	sni, raw, err := readClientHello(br)
	if err != nil {
		s.refuseTunnel(conn, tl, "tls_hello", "unreadable TLS ClientHello", err)
		return
	}
	replay := io.MultiReader(bytes.NewReader(raw), drained(br, conn))
	if reason := s.adoptSNI(t, normalizeHost(sni)); reason != "" {
		s.refuseTunnel(conn, tl, reason, "refused after ClientHello: "+reason, nil)
		return
	}
	if s.policy().bypass.match(t.host) {
		tl.action = "bypass"
		s.splice(conn, replay, t, tl, false, nil)
		return
	}
	tc, err := s.handshake(conn, replay, t)
	if err != nil {
		// Most often the client does not trust our CA: a client fault.
		tl.protocol = "https"
		s.refuseTunnel(conn, tl, "", "client TLS handshake failed", err)
		return
	}
	tbr := bufio.NewReader(tc)
	kind := s.firstBytes(tc, tbr, info, t, tl, true, time.Now().Add(s.limits.HandshakeTimeout.D()))
	_ = tc.SetReadDeadline(time.Time{})
	switch kind {
	case kindHTTP:
		t.scheme = "https"
		s.handOver(tc, tbr, info, t, tl)
	case kindClosed:
		_ = tc.Close()
	case kindHandled:
	default:
		s.dispatchTunnel(tc, tbr, info, t, tl, true)
	}
}

// adoptSNI reconciles the SNI with the tunnel and returns a refusal
// reason, or "". A tunnel opened for a name requires the same SNI; one
// opened for an IP (CONNECT to an IP, transparent) takes the SNI as its
// host, and that host's service policy applies.
func (s *Server) adoptSNI(t *tunnelInfo, sni string) string {
	_, ipErr := netip.ParseAddr(t.host)
	isIP := ipErr == nil || t.host == ""
	switch {
	case sni == "" && t.host == "":
		return "no_destination"
	case sni == "" || sni == t.host:
		return ""
	case !isIP:
		return "sni_mismatch"
	}
	t.host = sni
	cat := s.policy().services
	t.service = cat.byHost(sni)
	if cat.action(t.service) == actionBlock {
		return "service"
	}
	return ""
}

// handshake completes the client TLS handshake within handshake_timeout.
// ALPN offers only http/1.1: we serve HTTP/1.1 inside the tunnel.
func (s *Server) handshake(conn net.Conn, replay io.Reader, t *tunnelInfo) (*tls.Conn, error) {
	cfg := s.issuer.TLSConfig(t.host).Clone()
	cfg.NextProtos = []string{"http/1.1"}
	cfg.MinVersion = tls.VersionTLS12
	tc := tls.Server(&clientConn{Conn: conn, r: replay}, cfg)
	_ = conn.SetDeadline(time.Now().Add(s.limits.HandshakeTimeout.D()))
	if err := tc.Handshake(); err != nil {
		_ = conn.Close()
		return nil, err
	}
	_ = conn.SetDeadline(time.Time{})
	return tc, nil
}

// refuseTunnel closes a tunnel we will not carry; nothing is forwarded.
func (s *Server) refuseTunnel(conn net.Conn, tl *tunnelLog, kind, msg string, err error) {
	defer conn.Close() // after the log line: a test (or a SIEM) sees the event first
	if kind != "" {
		tl.action, tl.incident = actionBlock, newID()
		s.met.block(kind)
	}
	f := append(tl.fields(), zap.String("event", "tunnel.close"), zap.String("reason", msg))
	if err != nil && !errors.Is(err, io.EOF) {
		f = append(f, zap.Error(err))
	}
	s.log.Warn("tunnel refused", f...)
}

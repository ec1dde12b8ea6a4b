package proxy

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"go.uber.org/zap"
)

// handleConnect answers a CONNECT itself rather than through goproxy:
// the policy is applied before the 200 (a blocked service gets a 403 while
// the host is known), then the connection is hijacked with the server's
// buffered reader, which still holds any bytes the client sent in the same
// packet as its CONNECT (often the TLS ClientHello): nothing is dropped.
func (s *Server) handleConnect(w *recorder, r *http.Request, st *reqState) {
	st.protocol = "tunnel"
	host, port := splitHostPort(r.Host, "443")
	st.host = host
	if host == "" || port == "" || port == "0" {
		s.refuse(w, r, st, http.StatusBadRequest, "CONNECT needs host:port", "bad_request")
		s.logRequest(st, w, r)
		return
	}
	pol := s.policy()
	st.service = pol.services.byHost(host)
	if st.action = pol.services.action(st.service); st.action == actionBlock {
		s.refuse(w, r, st, http.StatusForbidden, "service blocked by policy: "+serviceName(st.service), "service")
		s.logRequest(st, w, r)
		return
	}
	conn, brw, err := w.rc.Hijack()
	if err != nil {
		s.refuse(w, r, st, http.StatusInternalServerError, "cannot take over the connection", "internal")
		s.logRequest(st, w, r)
		return
	}
	_ = conn.SetWriteDeadline(time.Now().Add(s.limits.HandshakeTimeout.D()))
	if _, err := conn.Write([]byte("HTTP/1.1 200 Connection established\r\n\r\n")); err != nil {
		_ = conn.Close()
		return
	}
	_ = conn.SetWriteDeadline(time.Time{})
	t := &tunnelInfo{host: host, port: port, service: st.service, user: st.user, group: st.group}
	if _, err := netip.ParseAddr(host); err == nil {
		t.dial = net.JoinHostPort(host, port) // an IP: SNI may name the host
	}
	s.runTunnel(conn, brw.Reader, st.info, t, pol.bypass.match(host))
}

// runTunnel dispatches a tunnel by its first bytes: a TLS ClientHello is
// intercepted (or spliced when bypassed), plain HTTP goes to the HTTP
// handler, anything else to the registered tunnel handlers and finally
// the tunnels.unknown policy. Shared by CONNECT and transparent HTTPS.
func (s *Server) runTunnel(conn net.Conn, br *bufio.Reader, info *connInfo, t *tunnelInfo, bypass bool) {
	s.tunnels.add(conn)
	defer s.tunnels.done(conn)
	tl := &tunnelLog{s: s, info: info, t: t, start: time.Now(), protocol: "tunnel"}
	if bypass {
		tl.protocol, tl.action = "tunnel", "bypass"
		s.splice(conn, br, t, tl, false, nil)
		return
	}
	switch kind := s.firstBytes(conn, br, info, t, tl, false, time.Now().Add(s.limits.HandshakeTimeout.D())); kind {
	case kindTLS:
		s.intercept(conn, br, info, t, tl)
	case kindHTTP:
		_ = conn.SetReadDeadline(time.Time{})
		t.scheme = "http"
		s.handOver(conn, br, info, t, tl)
	case kindClosed:
		_ = conn.Close()
	case kindHandled:
	default:
		_ = conn.SetReadDeadline(time.Time{})
		s.dispatchTunnel(conn, br, info, t, tl, false)
	}
}

// handOver serves a tunnel's HTTP stream (serveInner) on a goroutine of
// its own, which starts with a small stack: the tunnel's grew in the TLS
// handshake, and an idle keep-alive stream would keep it (15 KiB more per
// idle connection). Its tunnel.close is logged when the stream ends
// (connState).
func (s *Server) handOver(conn net.Conn, r *bufio.Reader, parent *connInfo, t *tunnelInfo, tl *tunnelLog) {
	ci := &connInfo{id: parent.id, mode: modeTunnel, clientIP: parent.clientIP, raw: parent.raw, tun: t, tl: tl}
	tl.protocol = t.scheme
	tl.open()
	go s.serveInner(&clientConn{Conn: conn, r: drained(r, conn), info: ci})
}

// drained returns a reader of what br holds followed by c, so that br's
// 4 KiB buffer is freed once a connection settles (serveInner reads
// through its own): idle keep-alive connections stay small.
func drained(br *bufio.Reader, c net.Conn) io.Reader {
	n := br.Buffered()
	if n == 0 {
		return c
	}
	b, _ := br.Peek(n)
	return io.MultiReader(bytes.NewReader(append([]byte(nil), b...)), c)
}

// connState keeps the connection gauge and ends the tunnel.close of
// MITM and plain-HTTP tunnels served by the http.Server.
func (s *Server) connState(c net.Conn, st http.ConnState) {
	s.met.connState(c, st)
	if st != http.StateClosed && st != http.StateHijacked {
		return
	}
	if cc, ok := c.(*clientConn); ok && cc.info.tl != nil {
		cc.info.tl.close(-1, -1, nil)
	}
}

// tunnelLog writes tunnel.open and tunnel.close for one tunnel.
type tunnelLog struct {
	once     sync.Once
	s        *Server
	info     *connInfo
	t        *tunnelInfo
	start    time.Time
	protocol string
	action   string
	incident string
}

func (l *tunnelLog) fields() []zap.Field {
	f := []zap.Field{
		zap.String("host", l.t.host), zap.String("port", l.t.port), zap.String("service", l.t.service),
		zap.String("protocol", l.protocol), zap.String("client_ip", l.info.clientIP.String()),
		zap.String("user", l.t.user), zap.String("group", l.t.group), zap.String("conn_id", l.info.id),
	}
	if l.action != "" {
		f = append(f, zap.String("action", l.action))
	}
	if l.incident != "" {
		f = append(f, zap.String("incident_id", l.incident))
	}
	return f
}

func (l *tunnelLog) open() {
	l.s.met.tunnelOpened(l.protocol)
	l.s.log.Info("tunnel open", append(l.fields(), zap.String("event", "tunnel.open"))...)
}

// close logs tunnel.close once; in/out < 0 means counted per request
// (proxy.request events) rather than per tunnel.
func (l *tunnelLog) close(in, out int64, err error) {
	l.once.Do(func() {
		l.s.met.tunnelClosed()
		f := append(l.fields(), zap.String("event", "tunnel.close"),
			zap.Int64("duration_ms", time.Since(l.start).Milliseconds()))
		if in >= 0 {
			f = append(f, zap.Int64("bytes_in", in), zap.Int64("bytes_out", out))
		}
		if err != nil {
			f = append(f, zap.Error(err))
		}
		l.s.log.Info("tunnel close", f...)
	})
}

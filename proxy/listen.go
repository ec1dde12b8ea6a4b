package proxy

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"time"

	"go.uber.org/zap"
)

// acceptListener wraps an accepted connection with its connInfo and
// refuses clients outside clients.allow right away with a 403: we are
// never an open proxy, and a refused client holds no goroutine.
type acceptListener struct {
	net.Listener
	s    *Server
	mode connMode
}

func (l *acceptListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if cc := l.s.admit(c, l.mode); cc != nil {
			return cc, nil
		}
	}
}

// admit returns the wrapped connection, or nil after refusing it.
func (s *Server) admit(c net.Conn, mode connMode) *clientConn {
	info := &connInfo{id: newID(), mode: mode, clientIP: addrOf(c.RemoteAddr()), raw: c}
	if mode != modeExplicit && s.outbound.has(c.RemoteAddr()) {
		s.refuseLoop(c, info)
		return nil
	}
	if s.policy().allowed(info.clientIP) {
		return &clientConn{Conn: c, info: info}
	}
	inc := newID()
	s.met.block("client")
	s.log.Warn("client not allowed", zap.String("event", "proxy.request"),
		zap.String("client_ip", info.clientIP.String()), zap.String("conn_id", info.id),
		zap.Int("status", 403), zap.String("incident_id", inc))
	go s.refuseConn(c, inc)
	return nil
}

// refuseConn reads the refused client's request head (bounded by
// handshake_timeout and max_header_bytes), so that it sees a proper 403
// rather than a reset, then closes.
func (s *Server) refuseConn(c net.Conn, inc string) {
	_ = c.SetDeadline(time.Now().Add(s.limits.HandshakeTimeout.D()))
	br := bufio.NewReader(io.LimitReader(c, int64(s.limits.MaxHeaderBytes)))
	if req, err := http.ReadRequest(br); err == nil {
		_ = req.Body.Close()
	}
	writeRawRefusal(c, http.StatusForbidden, "client not allowed", inc)
}

// selfAddrs are the addresses we listen on, to refuse upstream
// destinations that would loop back into the proxy.
type selfAddrs struct {
	mu    sync.Mutex
	ports map[uint16][]netip.Addr // port -> listener IPs (unspecified = any local)
	local []netip.Addr            // interface addresses, read once
	once  sync.Once
}

func (a *selfAddrs) add(addr net.Addr) {
	ap, err := netip.ParseAddrPort(addr.String())
	if err != nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.ports == nil {
		a.ports = map[uint16][]netip.Addr{}
	}
	a.ports[ap.Port()] = append(a.ports[ap.Port()], ap.Addr().Unmap())
}

// isSelf reports whether ip:port is one of our listeners: same port and
// the listener's IP, a loopback or unspecified IP, or a local interface IP
// when the listener is on the unspecified address.
func (s *Server) isSelf(ip netip.Addr, port string) bool {
	a := &s.self
	a.once.Do(func() { a.local = interfaceAddrs() })
	a.mu.Lock()
	defer a.mu.Unlock()
	p, err := strconv.ParseUint(port, 10, 16)
	if err != nil {
		return false
	}
	lips, ok := a.ports[uint16(p)]
	if !ok {
		return false
	}
	ip = ip.Unmap()
	if ip.IsLoopback() || ip.IsUnspecified() {
		return true
	}
	for _, l := range lips {
		if l == ip || (l.IsUnspecified() && contains(a.local, ip)) {
			return true
		}
	}
	return false
}

func interfaceAddrs() []netip.Addr {
	addrs, _ := net.InterfaceAddrs()
	var out []netip.Addr
	for _, a := range addrs {
		if pfx, err := netip.ParsePrefix(a.String()); err == nil {
			out = append(out, pfx.Addr().Unmap())
		}
	}
	return out
}

func contains(list []netip.Addr, ip netip.Addr) bool {
	for _, a := range list {
		if a == ip {
			return true
		}
	}
	return false
}

// tunnelSet tracks hijacked connections (tunnels, MITM handshakes) so that
// Shutdown can wait for them and close them at its deadline.
type tunnelSet struct {
	mu    sync.Mutex
	conns map[net.Conn]struct{}
}

func (t *tunnelSet) add(c net.Conn) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.conns == nil {
		t.conns = map[net.Conn]struct{}{}
	}
	t.conns[c] = struct{}{}
}

func (t *tunnelSet) done(c net.Conn) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.conns, c)
}

func (t *tunnelSet) len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.conns)
}

// wait polls until no tunnel is left or ctx ends (a poll, not a
// WaitGroup: tunnels may still be added while we wait).
func (t *tunnelSet) wait(ctx context.Context) error { return waitEmpty(ctx, t.len) }

// waitEmpty polls count until it is 0 or ctx ends.
func waitEmpty(ctx context.Context, count func() int) error {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for count() > 0 {
		select {
		case <-tick.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

func (t *tunnelSet) closeAll() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for c := range t.conns {
		_ = c.Close()
	}
}

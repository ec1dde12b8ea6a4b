package proxy

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"

	"go.uber.org/zap"
)

// TunnelHandler handles one tunnel protocol (IRC, XMPP...) found inside a
// CONNECT or transparent flow that is not HTTP. Match decides from the
// first bytes the client sent (peek; possibly empty for a protocol where
// the server speaks first); Handle does the work and returns when the
// tunnel ends. Handle owns conn and must close it.
type TunnelHandler interface {
	Match(peek []byte) bool
	Handle(ctx context.Context, conn net.Conn, t Tunnel) error
}

// Tunnel describes a tunnel to its handler. conn given to Handle replays
// the peeked bytes first and drops after tunnel_idle_timeout without
// traffic either way.
type Tunnel struct {
	Host     string // the host the tunnel is for (CONNECT host, SNI or original dst IP)
	Port     string
	Service  string // catalogue name, "" when the host is in no entry
	ClientIP netip.Addr
	User     string
	Group    string
	ConnID   string
	// TLS is true when conn is the decrypted side of a MITM: Dial then
	// returns a verified TLS connection to the upstream (ircs, xmpps).
	TLS bool
	// Dial opens the upstream leg (through upstream.proxy when set; never
	// to the proxy itself).
	Dial func(ctx context.Context) (net.Conn, error)
	// Logger carries the tunnel's fields (conn_id, client_ip, user, group, host).
	Logger *zap.Logger
	// Who is the client's fields for inspection events (client_ip, user,
	// group, conn_id).
	Who []zap.Field
}

type namedHandler struct {
	name string
	h    TunnelHandler
}

type registry struct {
	mu   sync.RWMutex
	list []namedHandler
}

// RegisterTunnel adds a protocol handler; handlers are tried in the order
// registered and the first whose Match accepts the peeked bytes wins. The
// name is the protocol in logs (irc, xmpp...).
func (s *Server) RegisterTunnel(name string, h TunnelHandler) {
	s.registry.mu.Lock()
	defer s.registry.mu.Unlock()
	s.registry.list = append(s.registry.list, namedHandler{name, h})
}

// matchServer returns the first handler that knows its server's greeting.
func (r *registry) matchServer(peek []byte) (string, TunnelHandler) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, nh := range r.list {
		if m, ok := nh.h.(ServerMatcher); ok && m.MatchServer(peek) {
			return nh.name, nh.h
		}
	}
	return "", nil
}

func (r *registry) match(peek []byte) (string, TunnelHandler) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, nh := range r.list {
		if nh.h.Match(peek) {
			return nh.name, nh.h
		}
	}
	return "", nil
}

// dispatchTunnel hands a non-HTTP stream to the first matching handler,
// else applies tunnels.unknown: block closes the connection with nothing
// forwarded, allow splices it byte for byte.
func (s *Server) dispatchTunnel(conn net.Conn, br *bufio.Reader, info *connInfo, t *tunnelInfo, tl *tunnelLog, isTLS bool) {
	peek, _ := br.Peek(br.Buffered())
	if name, h := s.registry.match(peek); h != nil {
		tl.protocol = tunnelProtocol(name, isTLS)
		s.runHandler(h, conn, br, info, t, tl, isTLS, nil)
		return
	}
	if s.policy().tunnelUnknown != actionAllow {
		s.refuseTunnel(conn, tl, "tunnel_unknown", "unknown tunnel protocol", nil)
		return
	}
	tl.action = actionAllow
	s.splice(conn, br, t, tl, isTLS, nil)
}

// tunnelProtocol is a handler's protocol in events: irc inside
// intercepted TLS is ircs.
func tunnelProtocol(name string, isTLS bool) string {
	if name == "irc" && isTLS {
		return "ircs"
	}
	return name
}

// runHandler serves a tunnel with h. pre, when not nil, is the upstream
// already open (its server spoke first): h's first Dial returns it.
func (s *Server) runHandler(h TunnelHandler, conn net.Conn, br *bufio.Reader, info *connInfo, t *tunnelInfo, tl *tunnelLog, isTLS bool, pre net.Conn) {
	act := &activity{}
	act.touch()
	idle := s.limits.TunnelIdleTimeout.D()
	c := &countConn{Conn: newIdleConn(&clientConn{Conn: conn, r: br}, idle, act)}
	tun := Tunnel{
		Host: t.host, Port: t.port, Service: t.service, ClientIP: info.clientIP,
		User: t.user, Group: t.group, ConnID: info.id, TLS: isTLS,
		Dial: func(ctx context.Context) (net.Conn, error) {
			if pre != nil {
				up := pre
				pre = nil
				return newIdleConn(up, idle, act), nil
			}
			up, err := s.dialUp(ctx, t, isTLS)
			if err != nil {
				s.dialFailed(tl, err)
				return nil, err
			}
			return newIdleConn(up, idle, act), nil
		},
		Logger: s.log.With(tl.fields()...),
		Who: []zap.Field{zap.String("client_ip", info.clientIP.String()), zap.String("user", t.user),
			zap.String("group", t.group), zap.String("conn_id", info.id)},
	}
	tl.open()
	err := h.Handle(s.ctx, c, tun)
	_ = c.Close()
	if pre != nil { // never dialled
		_ = pre.Close()
	}
	tl.close(c.in.Load(), c.out.Load(), err)
}

func (s *Server) dialUp(ctx context.Context, t *tunnelInfo, isTLS bool) (net.Conn, error) {
	if isTLS {
		return s.dialTLSTunnel(ctx, t)
	}
	return s.dialTunnel(ctx, t.dialAddr())
}

// splice carries a tunnel byte for byte (bypass, tunnels.unknown: allow),
// replaying what was read from the client so far (r), to pre when the
// upstream is already open, else to a new one.
func (s *Server) splice(conn net.Conn, r io.Reader, t *tunnelInfo, tl *tunnelLog, isTLS bool, pre net.Conn) {
	up := pre
	if up == nil {
		var err error
		if up, err = s.dialUp(s.ctx, t, isTLS); err != nil {
			s.dialFailed(tl, err)
			s.refuseTunnel(conn, tl, "", "upstream dial failed", err)
			return
		}
	}
	act := &activity{}
	act.touch()
	idle := s.limits.TunnelIdleTimeout.D()
	tl.open()
	in, out := splice(newIdleConn(&clientConn{Conn: conn, r: r}, idle, act), newIdleConn(up, idle, act))
	tl.close(in, out, nil)
}

// countConn counts a handler's bytes for tunnel.close.
type countConn struct {
	net.Conn
	in, out atomic.Int64
}

func (c *countConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.in.Add(int64(n))
	return n, err
}

func (c *countConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.out.Add(int64(n))
	return n, err
}

// dialFailed reports an upstream certificate rejected on a tunnel's TLS
// leg as tls.upstream_error (other dial errors go with tunnel.close).
func (s *Server) dialFailed(tl *tunnelLog, err error) {
	if !classifyUpstream(err).certErr {
		return
	}
	tl.incident = newID()
	s.met.upstreamTLSError()
	s.log.Warn("upstream certificate rejected", append(tl.fields(),
		zap.String("event", "tls.upstream_error"), zap.Error(err))...)
}

package proxy

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"
)

// connMode says how a client connection reached the HTTP handler.
type connMode int

const (
	// modeExplicit: a client speaking to us as its proxy (absolute-form
	// requests and CONNECT).
	modeExplicit connMode = iota
	// modeTunnel: the inside of a CONNECT or transparent flow, fixed to one
	// destination (tunnelInfo); decrypted by MITM or plain HTTP.
	modeTunnel
	// modeTransparentHTTP: plain HTTP redirected to us by the firewall;
	// the destination comes from the Host header and the original dst.
	modeTransparentHTTP
)

// connInfo is what we know about one client connection. It travels into
// every request through http.Server.ConnContext.
type connInfo struct {
	id       string
	mode     connMode
	clientIP netip.Addr
	raw      net.Conn    // the accepted TCP connection (for OriginalDst)
	tun      *tunnelInfo // modeTunnel only
	tl       *tunnelLog  // modeTunnel only: its tunnel.close

	mu       sync.Mutex
	authHdr  string // last Proxy-Authorization that verified (explicit mode)
	authUser string
	authPol  *policy // the policy authHdr was verified under

	// cur is the request serveHTTP is serving on this connection, found
	// by roundTrip (stateOf) without a context value and a request copy
	// per request: net/http serves the requests of an HTTP/1.1
	// connection one at a time, and goproxy calls roundTrip within
	// serveHTTP's call.
	cur atomic.Pointer[reqState]
	// wr is the write deadline of the connection, armed by the responses
	// written on it (recorder): kept per connection so that keep-alive
	// responses share its d/8 throttle.
	wr deadline
	// whoFields caches the client fields of events for the last user and
	// group seen on the connection (who).
	whoFields atomic.Pointer[whoCache]
}

// tunnelInfo is the destination a tunnel was opened for. Requests inside
// it must name host (inner Host check); the upstream is dialled at dial
// when set (an IP from CONNECT or SO_ORIGINAL_DST), else at host:port.
type tunnelInfo struct {
	host        string // name requests must carry (CONNECT host, SNI, or dst IP)
	port        string
	dial        string // host:port to dial; "" = host:port
	scheme      string // "https" after MITM, "http" for plain HTTP in a tunnel
	service     string
	user, group string
	transparent bool
}

func (t *tunnelInfo) dialAddr() string {
	if t.dial != "" {
		return t.dial
	}
	return net.JoinHostPort(t.host, t.port)
}

type connInfoKey struct{}

func infoFrom(ctx context.Context) *connInfo {
	ci, _ := ctx.Value(connInfoKey{}).(*connInfo)
	return ci
}

// clientConn is a client connection with what we know about it. Reads go
// through r when set: a bufio.Reader that may hold bytes already received
// (early bytes after CONNECT, peeked protocol bytes), so nothing a client
// sent is ever lost when a connection changes hands.
type clientConn struct {
	net.Conn
	r    io.Reader
	info *connInfo
}

func (c *clientConn) Read(p []byte) (int, error) {
	if c.r != nil {
		return c.r.Read(p)
	}
	return c.Conn.Read(p)
}

// NetConn returns the wrapped connection (used by OriginalDst to reach the
// socket, and by tls.Conn-style unwrapping).
func (c *clientConn) NetConn() net.Conn { return c.Conn }

// readOnlyConn feeds a TLS ClientHello parse from a reader; writes fail
// and nothing reaches the real connection.
type readOnlyConn struct{ r io.Reader }

func (c readOnlyConn) Read(p []byte) (int, error)       { return c.r.Read(p) }
func (c readOnlyConn) Write([]byte) (int, error)        { return 0, io.ErrClosedPipe }
func (c readOnlyConn) Close() error                     { return nil }
func (c readOnlyConn) LocalAddr() net.Addr              { return &net.TCPAddr{} }
func (c readOnlyConn) RemoteAddr() net.Addr             { return &net.TCPAddr{} }
func (c readOnlyConn) SetDeadline(time.Time) error      { return nil }
func (c readOnlyConn) SetReadDeadline(time.Time) error  { return nil }
func (c readOnlyConn) SetWriteDeadline(time.Time) error { return nil }

// newID returns a short random id for connections and incidents.
func newID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func addrOf(a net.Addr) netip.Addr {
	if ta, ok := a.(*net.TCPAddr); ok {
		return ta.AddrPort().Addr().Unmap()
	}
	if ap, err := netip.ParseAddrPort(a.String()); err == nil {
		return ap.Addr().Unmap()
	}
	return netip.Addr{}
}

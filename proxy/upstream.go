package proxy

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"time"

	"github.com/chatdlp/chatdlp/certs"
	"github.com/chatdlp/chatdlp/config"
)

// Upstream timeouts that the configuration does not expose. Dial and TLS
// handshake are bounded by handshake_timeout too (whichever is shorter).
const (
	upstreamDialTimeout = 10 * time.Second
	maxIdleConns        = 1024
	maxIdleConnsPerHost = 64
)

// errLoop is returned when a destination is the proxy itself (a
// transparent client dialling our own port, or a CONNECT to us).
var errLoop = errors.New("proxy: destination is this proxy (loop)")

type dialOverrideKey struct{}

// withDialAddr makes the transport dial addr (an IP:port from CONNECT or
// SO_ORIGINAL_DST) for this request instead of resolving the URL host. The
// TLS server name and certificate check still use the URL host.
func withDialAddr(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, dialOverrideKey{}, addr)
}

// newTransport builds the one http.Transport used for every upstream
// request (goproxy's Tr). Unlike goproxy's default it verifies
// certificates against our roots, requires TLS 1.2, never reads proxy
// settings from the environment, and bounds every phase.
func (s *Server) newTransport(cfg *config.Config) (*http.Transport, error) {
	roots, err := certs.LoadRoots("upstream.roots", cfg.Upstream.Roots)
	if err != nil {
		return nil, err
	}
	s.roots = roots
	tr := &http.Transport{
		DialContext:            s.dialContext,
		TLSClientConfig:        &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:    cfg.Limits.HandshakeTimeout.D(),
		ResponseHeaderTimeout:  cfg.Limits.IdleTimeout.D(), // long-polls wait this long
		IdleConnTimeout:        cfg.Limits.IdleTimeout.D(),
		ExpectContinueTimeout:  time.Second,
		MaxIdleConns:           maxIdleConns,
		MaxIdleConnsPerHost:    maxIdleConnsPerHost,
		MaxResponseHeaderBytes: int64(cfg.Limits.MaxHeaderBytes),
		ForceAttemptHTTP2:      false, // HTTP/1.1 upstream keeps inspection simple
	}
	if cfg.Upstream.Proxy != "" {
		u, err := url.Parse(cfg.Upstream.Proxy)
		if err != nil || u.Host == "" {
			return nil, fmt.Errorf("proxy: upstream.proxy: %q is not a proxy URL", cfg.Upstream.Proxy)
		}
		s.parent = u
		tr.Proxy = http.ProxyURL(u)
	}
	return tr, nil
}

// dialContext dials an upstream: the per-request override if any (unless a
// parent proxy is in use), after refusing addresses that are ourselves.
// The connection drops after tunnel_idle_timeout with no traffic.
func (s *Server) dialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	if o, ok := ctx.Value(dialOverrideKey{}).(string); ok && o != "" && s.parent == nil {
		addr = o
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	ips, err := s.resolve(ctx, host)
	if err != nil {
		return nil, err
	}
	d := net.Dialer{Timeout: min(upstreamDialTimeout, s.limits.HandshakeTimeout.D()), KeepAlive: 30 * time.Second}
	var lastErr error
	for _, ip := range ips {
		if s.isSelf(ip, port) {
			return nil, errLoop
		}
		c, err := d.DialContext(ctx, network, net.JoinHostPort(ip.String(), port))
		if err == nil {
			return newIdleConn(s.outbound.track(c), s.limits.TunnelIdleTimeout.D(), nil), nil
		}
		lastErr = err
	}
	return nil, lastErr
}

func (s *Server) resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	if ip, err := netip.ParseAddr(normalizeHost(host)); err == nil {
		return []netip.Addr{ip.Unmap()}, nil
	}
	ips, err := s.lookup(ctx, "ip", host)
	if err != nil {
		return nil, err
	}
	if len(ips) == 0 {
		return nil, fmt.Errorf("proxy: %s: no address", host)
	}
	for i := range ips {
		ips[i] = ips[i].Unmap()
	}
	return ips, nil
}

// dialTunnel opens the raw upstream leg of a splice or tunnel handler:
// through the parent proxy's CONNECT when one is configured.
func (s *Server) dialTunnel(ctx context.Context, addr string) (net.Conn, error) {
	if s.parent == nil {
		return s.dialContext(ctx, "tcp", addr)
	}
	c, err := s.dialContext(ctx, "tcp", s.parent.Host)
	if err != nil {
		return nil, err
	}
	_ = c.SetDeadline(time.Now().Add(s.limits.HandshakeTimeout.D()))
	req := &http.Request{Method: http.MethodConnect, URL: &url.URL{Opaque: addr}, Host: addr, Header: http.Header{}}
	if err := req.Write(c); err != nil {
		_ = c.Close()
		return nil, err
	}
	if err := readConnectReply(c); err != nil {
		_ = c.Close()
		return nil, fmt.Errorf("proxy: parent proxy: CONNECT %s: %w", addr, err)
	}
	_ = c.SetDeadline(time.Time{})
	return c, nil
}

// readConnectReply reads a CONNECT reply byte by byte, so that not one
// byte the server sends after it is swallowed by a buffer.
func readConnectReply(c net.Conn) error {
	var head []byte
	b := make([]byte, 1)
	for !bytes.HasSuffix(head, []byte("\r\n\r\n")) {
		if len(head) > 16<<10 {
			return errors.New("reply too long")
		}
		if _, err := io.ReadFull(c, b); err != nil {
			return err
		}
		head = append(head, b[0])
	}
	resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(head)), nil)
	if err != nil {
		return err
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	return nil
}

// dialTLSTunnel opens a verified TLS upstream leg for a MITM'd tunnel that
// is not HTTP (ircs, xmpps...).
func (s *Server) dialTLSTunnel(ctx context.Context, t *tunnelInfo) (net.Conn, error) {
	c, err := s.dialTunnel(ctx, t.dialAddr())
	if err != nil {
		return nil, err
	}
	tc := tls.Client(c, &tls.Config{ServerName: t.host, RootCAs: s.roots, MinVersion: tls.VersionTLS12})
	hctx, cancel := context.WithTimeout(ctx, s.limits.HandshakeTimeout.D())
	defer cancel()
	if err := tc.HandshakeContext(hctx); err != nil {
		_ = c.Close()
		return nil, err
	}
	return tc, nil
}

package proxy

import (
	"bufio"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"time"
)

// originalDst reads the pre-NAT destination of a redirected connection
// (OriginalDst: SO_ORIGINAL_DST on linux). A variable so tests can fake it.
var originalDst = OriginalDst

// redirectedDst returns the original destination of c when the firewall
// redirected it (it differs from the address we accepted on).
func redirectedDst(c net.Conn) (netip.AddrPort, bool) {
	dst, err := originalDst(c)
	if err != nil || !dst.IsValid() {
		return netip.AddrPort{}, false
	}
	dst = netip.AddrPortFrom(dst.Addr().Unmap(), dst.Port())
	if la, err := netip.ParseAddrPort(c.LocalAddr().String()); err == nil {
		if netip.AddrPortFrom(la.Addr().Unmap(), la.Port()) == dst {
			return netip.AddrPort{}, false
		}
	}
	return dst, true
}

// ServeTransparentHTTPS serves TLS (or other TCP) redirected by the
// firewall: the destination is the SNI, dialled at the original
// destination; the flow is dispatched exactly as after a CONNECT.
func (s *Server) ServeTransparentHTTPS(l net.Listener) error {
	s.self.add(l.Addr())
	return s.acceptLoop(l, func(c net.Conn) {
		if cc := s.admit(c, modeTunnel); cc != nil {
			go s.serveTransparentTLS(cc)
		}
	})
}

// acceptLoop accepts connections on l until Shutdown (then it returns
// nil) and hands each to serve; a temporary accept error is waited out.
func (s *Server) acceptLoop(l net.Listener, serve func(net.Conn)) error {
	s.trackListener(l)
	defer s.untrackListener(l)
	for {
		c, err := l.Accept()
		if err != nil {
			if s.closing.Load() {
				return nil
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				time.Sleep(10 * time.Millisecond)
				continue
			}
			return err
		}
		serve(c)
	}
}

func (s *Server) serveTransparentTLS(cc *clientConn) {
	t := &tunnelInfo{port: "443", transparent: true}
	if dst, ok := redirectedDst(cc.Conn); ok {
		t.host, t.dial = dst.Addr().String(), dst.String()
		t.port = itoa(dst.Port())
	}
	t.group = s.policy().group(cc.info.clientIP, "")
	s.runTunnel(cc.Conn, bufio.NewReader(cc.Conn), cc.info, t, false)
}

// transparentTarget fills r.URL for a transparent HTTP request: the host
// from the Host header, dialled at the original destination when the
// connection was redirected. A request aimed at the proxy itself is
// refused by the upstream dialer (508 loop).
func (s *Server) transparentTarget(r *http.Request, info *connInfo) (*http.Request, error) {
	host, port := splitHostPort(r.Host, "")
	dst, redirected := redirectedDst(info.raw)
	switch {
	case redirected:
		if host == "" {
			host = dst.Addr().String()
		}
		if port == "" {
			port = itoa(dst.Port())
		}
		r = r.WithContext(withDialAddr(r.Context(), dst.String()))
	case host == "":
		return r, errors.New("no Host header and no original destination")
	case port == "":
		port = "80"
	}
	r.URL.Scheme, r.URL.Host = "http", hostPortFor("http", host, port)
	return r, nil
}

func itoa(p uint16) string { return strconv.Itoa(int(p)) }

package proxy

import (
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"
)

// fakeOriginalDst makes every accepted connection look redirected to dst
// (the real SO_ORIGINAL_DST path is tested in a network namespace by
// transparent_netns_test.go).
func fakeOriginalDst(t *testing.T, dst string) {
	t.Helper()
	old := originalDst
	ap := netip.MustParseAddrPort(dst)
	originalDst = func(net.Conn) (netip.AddrPort, error) { return ap, nil }
	t.Cleanup(func() { originalDst = old })
}

func (e *env) listen(serve func(net.Listener) error) string {
	e.t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		e.t.Fatal(err)
	}
	go func() { _ = serve(l) }()
	e.t.Cleanup(func() { _ = l.Close() })
	return l.Addr().String()
}

// directTo returns a client that dials addr whatever the URL says, as a
// client behind a REDIRECT rule would end up doing.
func directTo(addr string, cfg *tls.Config) *http.Client {
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		TLSClientConfig: cfg,
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "tcp", addr)
		},
	}}
}

func TestTransparentHTTPS(t *testing.T) {
	e := newEnv(t, nil)
	up := tlsUpstream(t, e.up.valid(t, "chat.test"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "hello "+r.Host)
	}))
	fakeOriginalDst(t, up.Listener.Addr().String())
	addr := e.listen(e.srv.ServeTransparentHTTPS)
	c := directTo(addr, &tls.Config{RootCAs: e.pool})
	resp, err := c.Get("https://" + hostPort("chat.test", up) + "/")
	if err != nil {
		t.Fatalf("Get(): %v", err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(b) != "hello "+hostPort("chat.test", up) {
		t.Errorf("Get(): got %d %q", resp.StatusCode, b)
	}
	if resp.TLS.PeerCertificates[0].Issuer.CommonName != "chatdlp test CA" {
		t.Errorf("transparent HTTPS not intercepted: issuer %v", resp.TLS.PeerCertificates[0].Issuer)
	}
}

func TestTransparentHTTP(t *testing.T) {
	e := newEnv(t, nil)
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "plain "+r.Host)
	}))
	defer up.Close()
	t.Run("redirected", func(t *testing.T) {
		fakeOriginalDst(t, up.Listener.Addr().String())
		addr := e.listen(e.srv.ServeTransparentHTTP)
		resp, err := directTo(addr, nil).Get("http://" + hostPort("chat.test", up) + "/x")
		if err != nil {
			t.Fatalf("Get(): %v", err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || string(b) != "plain "+hostPort("chat.test", up) {
			t.Errorf("Get(): got %d %q", resp.StatusCode, b)
		}
	})
	t.Run("loop to the proxy itself", func(t *testing.T) {
		addr := e.listen(e.srv.ServeTransparentHTTP)
		resp, err := directTo(addr, nil).Get("http://" + addr + "/")
		if err != nil {
			t.Fatalf("Get(): %v", err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusLoopDetected {
			t.Errorf("request to the proxy's own address: got %d, want 508", resp.StatusCode)
		}
	})
}

// TestTransparentOwnTrafficLoop: a transparent connection whose source is
// one of the proxy's own upstream connections (a REDIRECT rule catching
// the proxy's output) is refused.
func TestTransparentOwnTrafficLoop(t *testing.T) {
	e := newEnv(t, nil)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	up, err := e.srv.dialContext(context.Background(), "tcp", l.Addr().String())
	if err != nil {
		t.Fatalf("dialContext(): %v", err)
	}
	looped, err := l.Accept() // remote address = the proxy's outbound local address
	if err != nil {
		t.Fatal(err)
	}
	if cc := e.srv.admit(looped, modeTransparentHTTP); cc != nil {
		t.Errorf("admit(own upstream connection): got accepted, want refused")
	}
	_ = up.Close()
	other, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	c2, _ := l.Accept()
	if cc := e.srv.admit(c2, modeTransparentHTTP); cc == nil {
		t.Errorf("admit(ordinary client): got refused")
	}
	if len(e.events("proxy.request")) != 1 {
		t.Errorf("loop refusal events: got %d, want 1", len(e.events("proxy.request")))
	}
}

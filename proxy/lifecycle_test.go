package proxy

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chatdlp/chatdlp/config"
)

func TestReload(t *testing.T) {
	e := newEnv(t, nil)
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer up.Close()
	get := func() int {
		tr := e.transport()
		tr.DisableKeepAlives = true
		resp, err := (&http.Client{Transport: tr}).Get("http://" + hostPort("chat.test", up) + "/")
		if err != nil {
			t.Fatalf("Get(): %v", err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := get(); got != 200 {
		t.Fatalf("before reload: got %d, want 200", got)
	}
	cfg := config.Default()
	cfg.Services.Overrides = map[string]string{"slack": "block"}
	cfg.Services.Hosts = map[string][]string{"slack": {"chat.test"}}
	if err := e.srv.Reload(cfg); err != nil {
		t.Fatalf("Reload(): %v", err)
	}
	if got := get(); got != 403 {
		t.Errorf("after reload blocking slack: got %d, want 403", got)
	}
	bad := config.Default()
	bad.Clients.Auth.Htpasswd = "/nonexistent/htpasswd"
	if err := e.srv.Reload(bad); err == nil {
		t.Errorf("Reload(invalid): got nil error")
	}
	if got := get(); got != 403 {
		t.Errorf("after a refused reload: got %d, want 403 (policy kept)", got)
	}
}

// TestShutdown: an in-flight request completes; Shutdown returns once it
// has, and new connections are refused.
func TestShutdown(t *testing.T) {
	e := newEnv(t, nil)
	release, arrived := make(chan struct{}), make(chan struct{})
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(arrived)
		<-release
		_, _ = io.WriteString(w, "done")
	}))
	defer up.Close()
	type result struct {
		code int
		body string
		err  error
	}
	res := make(chan result, 1)
	go func() {
		resp, err := e.client().Get("http://" + hostPort("chat.test", up) + "/slow")
		if err != nil {
			res <- result{err: err}
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		res <- result{code: resp.StatusCode, body: string(b)}
	}()
	<-arrived // the request is in flight
	done := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		done <- e.srv.Shutdown(ctx)
	}()
	time.Sleep(100 * time.Millisecond)
	close(release)
	if r := <-res; r.err != nil || r.code != 200 || r.body != "done" {
		t.Errorf("in-flight request during Shutdown: got %d %q %v", r.code, r.body, r.err)
	}
	if err := <-done; err != nil {
		t.Errorf("Shutdown(): %v", err)
	}
}

// TestShutdownClosesTunnels: a spliced tunnel still open at Shutdown's
// deadline is closed, and Shutdown reports the deadline.
func TestShutdownClosesTunnels(t *testing.T) {
	e := newEnv(t, func(c *config.Config) { c.Tunnels.Unknown = "allow" })
	addr, _ := echoServer(t)
	_, port, _ := net.SplitHostPort(addr)
	ec := &earlyConn{Conn: e.dialProxy(), head: connectHead("irc.test:" + port)}
	_ = ec.SetDeadline(time.Now().Add(10 * time.Second))
	_, _ = ec.Write([]byte("\x00hello"))
	buf := make([]byte, 6)
	if _, err := io.ReadFull(ec, buf); err != nil {
		t.Fatalf("echo through the tunnel: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if err := e.srv.Shutdown(ctx); err == nil {
		t.Errorf("Shutdown() with an open tunnel: got nil, want the deadline error")
	}
	if _, err := io.Copy(io.Discard, ec); err != nil {
		t.Errorf("tunnel after Shutdown: got %v, want closed (EOF)", err)
	}
}

// TestTunnelIdleTimeout: a spliced tunnel with no traffic either way is
// dropped after tunnel_idle_timeout; traffic in one direction keeps it.
func TestTunnelIdleTimeout(t *testing.T) {
	e := newEnv(t, func(c *config.Config) {
		c.Tunnels.Unknown = "allow"
		c.Limits.TunnelIdleTimeout = config.Duration(400 * time.Millisecond)
	})
	addr, _ := echoServer(t)
	_, port, _ := net.SplitHostPort(addr)
	ec := &earlyConn{Conn: e.dialProxy(), head: connectHead("irc.test:" + port)}
	_ = ec.SetDeadline(time.Now().Add(10 * time.Second))
	buf := make([]byte, 1)
	for range 4 { // 4 x 200ms of traffic: longer than the timeout, never idle
		_, _ = ec.Write([]byte{0})
		if _, err := io.ReadFull(ec, buf); err != nil {
			t.Fatalf("active tunnel dropped: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	start := time.Now()
	if _, err := io.Copy(io.Discard, ec); err != nil {
		t.Fatalf("idle tunnel: got %v, want closed by the proxy", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("idle tunnel closed after %v", d)
	}
}

// TestMetricsAndTunnelEvents: a MITM exchange shows in the metrics and as
// tunnel.open / tunnel.close.
func TestMetricsAndTunnelEvents(t *testing.T) {
	e := newEnv(t, nil)
	up := tlsUpstream(t, e.up.valid(t, "chat.test"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	tr := e.transport()
	resp, err := (&http.Client{Transport: tr}).Get("https://" + hostPort("chat.test", up) + "/")
	if err != nil {
		t.Fatalf("Get(): %v", err)
	}
	resp.Body.Close()
	tr.CloseIdleConnections()
	deadline := time.Now().Add(5 * time.Second)
	for len(e.events("tunnel.close")) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if o, c := len(e.events("tunnel.open")), len(e.events("tunnel.close")); o != 1 || c != 1 {
		t.Errorf("tunnel events: got %d open %d close, want 1 and 1", o, c)
	}
	mfs, err := e.reg.Gather()
	if err != nil {
		t.Fatalf("Gather(): %v", err)
	}
	got := map[string]bool{}
	for _, mf := range mfs {
		got[mf.GetName()] = true
	}
	for _, name := range []string{"chatdlp_requests_total", "chatdlp_request_duration_seconds", "chatdlp_open_connections",
		"chatdlp_tunnels_open", "chatdlp_cert_cache_misses_total", "chatdlp_cert_cache_hits_total"} {
		if !got[name] {
			t.Errorf("metric %s missing", name)
		}
	}
}

// closedAgainListener reports a listener already closed when Shutdown
// closes it, as a listener its owner closed first does.
type closedAgainListener struct{ net.Listener }

func (l closedAgainListener) Close() error {
	_ = l.Listener.Close()
	return &net.OpError{Op: "close", Net: "tcp", Err: net.ErrClosed}
}

// TestShutdownListenerClosedAlready: a listener that is closed already
// when Shutdown closes it is no shutdown error (the owner closing it
// first, a race the transparent tests met).
func TestShutdownListenerClosedAlready(t *testing.T) {
	e := newEnv(t, nil)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- e.srv.ServeTransparentHTTP(closedAgainListener{l}) }()
	addr := l.Addr().String()
	resp, err := directTo(addr, nil).Get("http://" + addr + "/")
	if err != nil {
		t.Fatalf("Get(): %v", err)
	}
	resp.Body.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := e.srv.Shutdown(ctx); err != nil {
		t.Errorf("Shutdown(): %v", err)
	}
	if err := <-done; err != nil {
		t.Errorf("ServeTransparentHTTP(): %v", err)
	}
}

package proxy

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chatdlp/chatdlp/config"
)

// earlyConn sends the CONNECT head in the same write as the first bytes of
// the tunnel (as some clients do with TCP fast open or pipelining), then
// reads the CONNECT reply before handing reads to the caller.
type earlyConn struct {
	net.Conn
	head    []byte
	replied bool
	status  int
}

func (c *earlyConn) Write(p []byte) (int, error) {
	if c.head != nil {
		_, err := c.Conn.Write(append(c.head, p...))
		c.head = nil
		return len(p), err
	}
	return c.Conn.Write(p)
}

func (c *earlyConn) Read(p []byte) (int, error) {
	if !c.replied {
		c.replied = true
		var head []byte
		b := make([]byte, 1)
		for !bytes.HasSuffix(head, []byte("\r\n\r\n")) {
			if _, err := io.ReadFull(c.Conn, b); err != nil {
				return 0, err
			}
			head = append(head, b[0])
		}
		fmt.Sscanf(string(head), "HTTP/1.1 %d", &c.status)
	}
	return c.Conn.Read(p)
}

func connectHead(target string) []byte {
	return []byte(fmt.Sprintf("CONNECT %s HTTP/1.1\r\nHost: %s\r\n\r\n", target, target))
}

// TestConnectEarlyBytes: a ClientHello (and, for plain HTTP, a whole
// request) in the same write as the CONNECT is not lost.
func TestConnectEarlyBytes(t *testing.T) {
	e := newEnv(t, nil)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, "%x", sha256.Sum256(b))
	})
	up := tlsUpstream(t, e.up.valid(t, "chat.test"), h)
	plain := httptest.NewServer(h)
	defer plain.Close()
	body := make([]byte, 100<<10)
	_, _ = rand.Read(body)
	want := fmt.Sprintf("%x", sha256.Sum256(body))

	t.Run("tls", func(t *testing.T) {
		target := hostPort("chat.test", up)
		ec := &earlyConn{Conn: e.dialProxy(), head: connectHead(target)}
		tc := tls.Client(ec, &tls.Config{ServerName: "chat.test", RootCAs: e.pool})
		if got := postOver(t, tc, target, body); got != want {
			t.Errorf("body hash over early-bytes MITM: got %s, want %s", got, want)
		}
	})
	t.Run("plain http", func(t *testing.T) {
		target := hostPort("chat.test", plain)
		ec := &earlyConn{Conn: e.dialProxy(), head: connectHead(target)}
		if got := postOver(t, ec, target, body); got != want {
			t.Errorf("body hash over early-bytes plain tunnel: got %s, want %s", got, want)
		}
	})
}

// postOver writes a POST on c (one write with the CONNECT head) and
// returns the response body.
func postOver(t *testing.T, c net.Conn, host string, body []byte) string {
	t.Helper()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	req, _ := http.NewRequest("POST", "http://"+host+"/p", bytes.NewReader(body))
	var buf bytes.Buffer
	_ = req.Write(&buf)
	if _, err := c.Write(buf.Bytes()); err != nil {
		t.Fatalf("Write(): %v", err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), req)
	if err != nil {
		t.Fatalf("ReadResponse(): %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// TestInnerHostMismatch: inside a tunnel for chat.test, a request for
// another host (Host header, absolute URL or SNI) is refused, never sent.
func TestInnerHostMismatch(t *testing.T) {
	e := newEnv(t, nil)
	var hits atomic.Int32
	up := tlsUpstream(t, e.up.valid(t, "chat.test", "evil.test"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
	}))
	target := hostPort("chat.test", up)
	t.Run("host header", func(t *testing.T) {
		req, _ := http.NewRequest("GET", "https://"+target+"/", nil)
		req.Host = hostPort("evil.test", up)
		resp, err := e.client().Do(req)
		if err != nil {
			t.Fatalf("Do(): %v", err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMisdirectedRequest || resp.Header.Get(incidentHeader) == "" {
			t.Errorf("Do(): got %d, want 421 with an incident", resp.StatusCode)
		}
	})
	t.Run("absolute url in a plain tunnel", func(t *testing.T) {
		plain := httptest.NewServer(up.Config.Handler)
		defer plain.Close()
		ptarget := hostPort("chat.test", plain)
		ec := &earlyConn{Conn: e.dialProxy(), head: connectHead(ptarget)}
		_ = ec.SetDeadline(time.Now().Add(5 * time.Second))
		fmt.Fprintf(ec, "GET http://%s/ HTTP/1.1\r\nHost: %s\r\n\r\n", hostPort("evil.test", plain), ptarget)
		resp, err := http.ReadResponse(bufio.NewReader(ec), nil)
		if err != nil {
			t.Fatalf("ReadResponse(): %v", err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMisdirectedRequest {
			t.Errorf("absolute URL for another host: got %d, want 421", resp.StatusCode)
		}
	})
	t.Run("sni", func(t *testing.T) {
		ec := &earlyConn{Conn: e.dialProxy(), head: connectHead(target)}
		tc := tls.Client(ec, &tls.Config{ServerName: "evil.test", RootCAs: e.pool})
		_ = tc.SetDeadline(time.Now().Add(5 * time.Second))
		if err := tc.Handshake(); err == nil {
			t.Errorf("Handshake() with SNI evil.test in a tunnel for chat.test: got nil error")
		}
	})
	if n := hits.Load(); n != 0 {
		t.Errorf("upstream hits: got %d, want 0", n)
	}
}

// echoServer is a raw TCP upstream that echoes and counts connections.
func echoServer(t *testing.T) (addr string, conns *atomic.Int32) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	conns = &atomic.Int32{}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns.Add(1)
			go func() { _, _ = io.Copy(c, c); _ = c.Close() }()
		}
	}()
	return l.Addr().String(), conns
}

// TestUnknownTunnel: a non-HTTP, non-TLS protocol is closed with nothing
// forwarded under tunnels.unknown: block, and spliced byte for byte under
// allow.
func TestUnknownTunnel(t *testing.T) {
	payload := make([]byte, 256<<10)
	_, _ = rand.Read(payload)
	payload[0] = 0x00 // not TLS, not an HTTP method
	for _, policy := range []string{"block", "allow"} {
		t.Run(policy, func(t *testing.T) {
			e := newEnv(t, func(c *config.Config) { c.Tunnels.Unknown = policy })
			addr, conns := echoServer(t)
			_, port, _ := net.SplitHostPort(addr)
			ec := &earlyConn{Conn: e.dialProxy(), head: connectHead("irc.test:" + port)}
			_ = ec.SetDeadline(time.Now().Add(10 * time.Second))
			go func() { _, _ = ec.Write(payload) }()
			got, _ := io.ReadAll(io.LimitReader(ec, int64(len(payload))))
			if ec.status != 200 {
				t.Fatalf("CONNECT: got %d, want 200", ec.status)
			}
			switch policy {
			case "block":
				if len(got) != 0 || conns.Load() != 0 {
					t.Errorf("blocked tunnel: got %d bytes back and %d upstream conns, want 0/0", len(got), conns.Load())
				}
				if len(e.events("tunnel.close")) != 1 {
					t.Errorf("tunnel.close events: got %d, want 1", len(e.events("tunnel.close")))
				}
			case "allow":
				if !bytes.Equal(got, payload) {
					t.Errorf("spliced echo: got %d bytes (equal=%v), want %d identical", len(got), bytes.Equal(got, payload), len(payload))
				}
			}
		})
	}
}

// pingHandler is a test tunnel protocol: "PING x" gets "PONG x" back.
type pingHandler struct {
	mu  sync.Mutex
	got Tunnel
}

func (h *pingHandler) Match(peek []byte) bool { return bytes.HasPrefix(peek, []byte("PING ")) }

func (h *pingHandler) Handle(_ context.Context, c net.Conn, t Tunnel) error {
	h.mu.Lock()
	h.got = t
	h.mu.Unlock()
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return err
	}
	_, err = io.WriteString(c, strings.Replace(line, "PING", "PONG", 1))
	_ = c.Close()
	return err
}

func TestTunnelRegistry(t *testing.T) {
	e := newEnv(t, nil)
	h := &pingHandler{}
	e.srv.RegisterTunnel("ping", h)
	ec := &earlyConn{Conn: e.dialProxy(), head: connectHead("irc.libera.chat:6667")}
	_ = ec.SetDeadline(time.Now().Add(5 * time.Second))
	_, _ = ec.Write([]byte("PING hello\r\n"))
	got, _ := io.ReadAll(ec)
	if string(got) != "PONG hello\r\n" {
		t.Errorf("handler reply: got %q, want PONG hello", got)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.got.Host != "irc.libera.chat" || h.got.Port != "6667" || h.got.Service != "irc" || h.got.TLS || h.got.Dial == nil {
		t.Errorf("Tunnel: got %+v", h.got)
	}
}

// TestPlainHTTPInTunnel: after an ordinary CONNECT and its 200, plain
// HTTP requests in the tunnel are served as HTTP, keep-alive included.
func TestPlainHTTPInTunnel(t *testing.T) {
	e := newEnv(t, nil)
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "plain "+r.URL.Path)
	}))
	defer up.Close()
	target := hostPort("chat.test", up)
	c := e.dialProxy()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(c, "CONNECT %s HTTP/1.1\r\nHost: %s\r\n\r\n", target, target)
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, &http.Request{Method: "CONNECT"})
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("CONNECT: got %v %v, want 200", resp, err)
	}
	resp.Body.Close()
	for _, path := range []string{"/one", "/two"} {
		fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n", path, target)
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("GET %s in the tunnel: %v", path, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || string(b) != "plain "+path {
			t.Errorf("GET %s in the tunnel: got %d %q", path, resp.StatusCode, b)
		}
	}
}

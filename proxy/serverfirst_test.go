package proxy

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chatdlp/chatdlp/config"
)

// greeter is a raw TCP upstream that speaks first with greeting, then
// echoes; it counts connections.
func greeter(t *testing.T, greeting string) (addr string, conns *atomic.Int32) {
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
			go func() {
				_, _ = io.WriteString(c, greeting)
				_, _ = io.Copy(c, c)
				_ = c.Close()
			}()
		}
	}()
	return l.Addr().String(), conns
}

// TestServerFirstTunnel: a client that waits for its server to speak is
// not left hanging. The server's greeting decides: an IRC server's NOTICE
// goes to the IRC relay (the greeting and the session reach the client),
// any other greeting takes tunnels.unknown (block: closed long before
// handshake_timeout, nothing forwarded; allow: spliced byte for byte).
func TestServerFirstTunnel(t *testing.T) {
	tests := []struct {
		name, greeting, policy string
		wantBack               string // what the client reads after sending "hello\r\n"; "" = closed
		protocol               string
	}{
		{name: "irc notice", greeting: "NOTICE * :*** Looking up your hostname\r\n", policy: "block",
			wantBack: "NOTICE * :*** Looking up your hostname\r\nPRIVMSG #a :hello\r\n", protocol: "irc"},
		{name: "irc numeric", greeting: ":irc.test 020 * :Please wait\r\n", policy: "block",
			wantBack: ":irc.test 020 * :Please wait\r\nPRIVMSG #a :hello\r\n", protocol: "irc"},
		{name: "smtp blocked", greeting: "220 mail.test ESMTP\r\n", policy: "block", protocol: "tunnel"},
		{name: "smtp allowed", greeting: "220 mail.test ESMTP\r\n", policy: "allow",
			wantBack: "220 mail.test ESMTP\r\nPRIVMSG #a :hello\r\n", protocol: "tunnel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, func(c *config.Config) {
				c.Tunnels.Unknown = tt.policy
				c.Limits.HandshakeTimeout = config.Duration(20 * time.Second)
			})
			addr, _ := greeter(t, tt.greeting)
			_, port, _ := net.SplitHostPort(addr)
			c := e.dialProxy()
			defer c.Close()
			start := time.Now()
			_ = c.SetDeadline(start.Add(10 * time.Second))
			if _, err := c.Write(connectHead("127.0.0.1:" + port)); err != nil {
				t.Fatal(err)
			}
			r := bufio.NewReader(c)
			status, _ := r.ReadString('\n')
			for l, _ := r.ReadString('\n'); l != "\r\n" && l != ""; l, _ = r.ReadString('\n') {
			}
			if !strings.Contains(status, " 200 ") {
				t.Fatalf("CONNECT: %q", status)
			}
			if tt.wantBack == "" {
				got, _ := io.ReadAll(r)
				if len(got) != 0 {
					t.Errorf("blocked tunnel: got %q back", got)
				}
			} else {
				greeting := make([]byte, len(tt.greeting))
				if _, err := io.ReadFull(r, greeting); err != nil || string(greeting) != tt.greeting {
					t.Fatalf("greeting: %q %v, want %q", greeting, err, tt.greeting)
				}
				if _, err := c.Write([]byte("PRIVMSG #a :hello\r\n")); err != nil {
					t.Fatal(err)
				}
				rest := make([]byte, len(tt.wantBack)-len(tt.greeting))
				if _, err := io.ReadFull(r, rest); err != nil || !bytes.Equal(append(greeting, rest...), []byte(tt.wantBack)) {
					t.Errorf("session: %q %v, want %q", append(greeting, rest...), err, tt.wantBack)
				}
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("the tunnel took %v: it waited for the handshake timeout", d)
			}
			_ = c.Close()
			deadline := time.Now().Add(5 * time.Second)
			for len(e.events("tunnel.close")) == 0 && time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond)
			}
			closes := e.events("tunnel.close")
			if len(closes) != 1 || closes[0].ContextMap()["protocol"] != tt.protocol {
				t.Errorf("tunnel.close events: %v, want one with protocol %s", closes, tt.protocol)
			}
		})
	}
}

// TestPreconnectedHTTPS: a browser's preconnected socket (TLS done, ALPN
// http/1.1, its request only later) is not taken for a server-first
// protocol: no extra upstream connection is opened while it waits, and
// its request is served when it comes.
func TestPreconnectedHTTPS(t *testing.T) {
	e := newEnv(t, nil)
	var conns atomic.Int32
	up := tlsUpstream(t, e.up.valid(t, "chat.test"), http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, "ok")
	}), func(s *httptest.Server) {
		s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
			if st == http.StateNew {
				conns.Add(1)
			}
		}
	})
	target := hostPort("chat.test", up)
	c := e.dialProxy()
	_ = c.SetDeadline(time.Now().Add(15 * time.Second))
	if _, err := c.Write(connectHead(target)); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(c)
	for l, _ := r.ReadString('\n'); l != "\r\n" && l != ""; l, _ = r.ReadString('\n') {
	}
	tc := tls.Client(&bufConn{Conn: c, r: r}, &tls.Config{RootCAs: e.pool, ServerName: "chat.test", NextProtos: []string{"http/1.1"}})
	if err := tc.Handshake(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(3 * serverFirstWait) // preconnected, idle
	if n := conns.Load(); n != 0 {
		t.Errorf("upstream connections while the client waited: %d, want 0", n)
	}
	if _, err := io.WriteString(tc, "GET / HTTP/1.1\r\nHost: "+target+"\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(tc), nil)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("request after the wait: %v %v", resp, err)
	}
	resp.Body.Close()
}

// bufConn reads through r, what was buffered of c first.
type bufConn struct {
	net.Conn
	r *bufio.Reader
}

func (b *bufConn) Read(p []byte) (int, error) { return b.r.Read(p) }

// TestSlowClientHello: a client that waits longer than serverFirstWait
// after its CONNECT before starting TLS (a slow or loaded machine) is
// served as soon as it speaks: the upstream read started meanwhile is
// stopped at once, not left to run until the upstream gives up (found by
// the soak: 437 of 437 such clients stalled).
func TestSlowClientHello(t *testing.T) {
	e := newEnv(t, nil)
	up := tlsUpstream(t, e.up.valid(t, "chat.test"), http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, "ok")
	}))
	target := hostPort("chat.test", up)
	c := e.dialProxy()
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := c.Write(connectHead(target)); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(c)
	for l, _ := r.ReadString('\n'); l != "\r\n" && l != ""; l, _ = r.ReadString('\n') {
	}
	time.Sleep(serverFirstWait + 300*time.Millisecond) // the upstream is dialled meanwhile
	spoke := time.Now()
	tc := tls.Client(&bufConn{Conn: c, r: r}, &tls.Config{RootCAs: e.pool, ServerName: "chat.test"})
	if err := tc.Handshake(); err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(tc, "GET / HTTP/1.1\r\nHost: "+target+"\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(tc), nil)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("request: %v %v", resp, err)
	}
	resp.Body.Close()
	if d := time.Since(spoke); d > 3*time.Second {
		t.Errorf("served %v after the client spoke, want at once", d)
	}
}

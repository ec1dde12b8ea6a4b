package proxy

import (
	"bufio"
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/chatdlp/chatdlp/config"
)

// TestWebSocketUpgrade: an Upgrade through MITM reaches the upstream and
// the connection then carries bytes both ways (goproxy's WebSocket path
// through our recorder's Hijack).
func TestWebSocketUpgrade(t *testing.T) {
	e := newEnv(t, func(c *config.Config) { c.Limits.IdleTimeout = config.Duration(300 * time.Millisecond) })
	up := tlsUpstream(t, e.up.valid(t, "chat.test"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Upgrade") != "websocket" {
			http.Error(w, "upgrade expected", 400)
			return
		}
		c, brw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		defer c.Close()
		_, _ = io.WriteString(c, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
		_, _ = io.Copy(c, brw)
	}))
	target := hostPort("chat.test", up)
	ec := &earlyConn{Conn: e.dialProxy(), head: connectHead(target)}
	tc := tls.Client(ec, &tls.Config{ServerName: "chat.test", RootCAs: e.pool})
	_ = tc.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(tc, "GET /ws HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n", target)
	br := bufio.NewReader(tc)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("ReadResponse(): %v", err)
	}
	resp.Body.Close() // a 101 has no body: the stream continues on br
	if resp.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("upgrade: got %d, want 101", resp.StatusCode)
	}
	time.Sleep(700 * time.Millisecond) // longer than idle_timeout: a session is not a request
	_, _ = io.WriteString(tc, "frame-bytes")
	got := make([]byte, len("frame-bytes"))
	if _, err := io.ReadFull(br, got); err != nil || string(got) != "frame-bytes" {
		t.Errorf("echo over the upgraded connection: got %q, %v", got, err)
	}
	_ = tc.Close()
	deadline := time.Now().Add(5 * time.Second)
	for len(e.events("proxy.request")) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if ev := e.events("proxy.request"); len(ev) != 1 || ev[0].ContextMap()["protocol"] != "websocket" {
		t.Errorf("proxy.request: got %v, want one websocket request", ev)
	}
}

// TestWebSocketServerClose: when the upstream ends an upgraded connection,
// the proxy closes the client's too (the client may stay silent).
func TestWebSocketServerClose(t *testing.T) {
	e := newEnv(t, nil)
	up := tlsUpstream(t, e.up.valid(t, "chat.test"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		_, _ = io.WriteString(c, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\nbye")
		_ = c.Close()
	}))
	target := hostPort("chat.test", up)
	ec := &earlyConn{Conn: e.dialProxy(), head: connectHead(target)}
	tc := tls.Client(ec, &tls.Config{ServerName: "chat.test", RootCAs: e.pool})
	_ = tc.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(tc, "GET /ws HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n", target)
	br := bufio.NewReader(tc)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("ReadResponse(): %v", err)
	}
	resp.Body.Close()
	rest, err := io.ReadAll(br)
	if err != nil || string(rest) != "bye" {
		t.Errorf("after the upstream closed: got %q, %v, want \"bye\" then EOF", rest, err)
	}
}

package proxy

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/chatdlp/chatdlp/config"
)

// TestIdleHalfOpenConnections: 200 connections that send nothing, half a
// request line, or a CONNECT and then nothing, do not stop another client
// being served, and are all dropped by handshake_timeout.
func TestIdleHalfOpenConnections(t *testing.T) {
	e := newEnv(t, func(c *config.Config) {
		c.Limits.HandshakeTimeout = config.Duration(time.Second)
	})
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "ok")
	}))
	defer up.Close()
	before := runtime.NumGoroutine()
	var idle []net.Conn
	for i := range 200 {
		c := e.dialProxy()
		switch i % 3 {
		case 1:
			_, _ = io.WriteString(c, "GET http://chat.test/ HT")
		case 2:
			_, _ = io.WriteString(c, "CONNECT chat.test:443 HTTP/1.1\r\nHost: chat.test:443\r\n\r\n")
		}
		idle = append(idle, c)
	}
	resp, err := e.client().Get("http://" + hostPort("chat.test", up) + "/")
	if err != nil {
		t.Fatalf("Get() with 200 idle connections open: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("Get(): got %d, want 200", resp.StatusCode)
	}
	for i, c := range idle {
		_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
		_, err := io.Copy(io.Discard, c) // returns at EOF: the proxy closed
		if err != nil {
			t.Fatalf("idle connection %d not closed by the proxy: %v", i, err)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before+30 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before+30 {
		t.Errorf("goroutines: got %d, want about %d after the idle connections were dropped", n, before)
	}
}

// TestKeepAliveIdleAndHeaderLimits: a keep-alive connection is closed
// after idle_timeout between requests, and a header block over
// max_header_bytes is refused with 431.
func TestKeepAliveIdleAndHeaderLimits(t *testing.T) {
	e := newEnv(t, func(c *config.Config) {
		c.Limits.IdleTimeout = config.Duration(300 * time.Millisecond)
		c.Limits.MaxHeaderBytes = 4096
	})
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer up.Close()
	c := e.dialProxy()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	target := "http://" + hostPort("chat.test", up) + "/"
	_, _ = io.WriteString(c, "GET "+target+" HTTP/1.1\r\nHost: "+hostPort("chat.test", up)+"\r\n\r\n")
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("first request: %v %v", resp, err)
	}
	resp.Body.Close()
	start := time.Now()
	if _, err := br.ReadByte(); err != io.EOF {
		t.Errorf("idle keep-alive connection: got %v, want EOF", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("idle keep-alive connection closed after %v, want about 300ms", d)
	}

	c2 := e.dialProxy()
	_ = c2.SetDeadline(time.Now().Add(10 * time.Second))
	_, _ = io.WriteString(c2, "GET "+target+" HTTP/1.1\r\nHost: x\r\nX-Big: "+strings.Repeat("a", 16<<10)+"\r\n\r\n")
	resp, err = http.ReadResponse(bufio.NewReader(c2), nil)
	if err == nil {
		resp.Body.Close()
	}
	if err != nil || resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("oversized header: got %v %v, want 431", resp, err)
	}
}

package proxy

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
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
	for runtime.NumGoroutine() > before+10 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before+10 {
		t.Errorf("goroutines: got %d, want about %d after the idle connections were dropped", n, before)
	}
}

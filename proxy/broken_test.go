package proxy

import (
	"bufio"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestUpstreamBodyBrokenOff: an upstream that resets in the middle of a
// chunked body must not look complete to the client: the proxy ends the
// client's connection without the last chunk, over plain HTTP and inside
// MITM TLS, so the client's read fails.
func TestUpstreamBodyBrokenOff(t *testing.T) {
	e := newEnv(t, nil)
	broken := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(make([]byte, 10000))
		w.(http.Flusher).Flush()
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		_ = buf.Flush()
		_ = conn.Close() // no terminating chunk: the body is cut
	})
	plain := httptest.NewServer(broken)
	t.Cleanup(plain.Close)
	tlsUp := tlsUpstream(t, e.up.valid(t, "files.test"), broken)
	for _, target := range []string{plain.URL + "/f", "https://" + hostPort("files.test", tlsUp) + "/f"} {
		resp, err := e.client().Get(target)
		if err != nil {
			t.Fatalf("%s: %v", target, err)
		}
		n, err := io.Copy(io.Discard, bufio.NewReader(resp.Body))
		resp.Body.Close()
		if err == nil {
			t.Errorf("%s: read %d bytes and a clean end, want an error (the upstream broke off)", target, n)
		}
	}
}

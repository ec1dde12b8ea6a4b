package proxy

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chatdlp/chatdlp/config"
)

// innerStream opens a MITM'd stream to target (CONNECT, then TLS with the
// proxy's leaf): the raw conversation with serveInner.
func innerStream(t *testing.T, e *env, host, target string) (*tls.Conn, *bufio.Reader) {
	t.Helper()
	ec := &earlyConn{Conn: e.dialProxy(), head: connectHead(target)}
	tc := tls.Client(ec, &tls.Config{ServerName: host, RootCAs: e.pool})
	_ = tc.SetDeadline(time.Now().Add(15 * time.Second))
	if err := tc.Handshake(); err != nil {
		t.Fatalf("TLS through the proxy: %v", err)
	}
	return tc, bufio.NewReader(tc)
}

// innerGot is a response read whole.
type innerGot struct {
	status int
	header http.Header
	length int64
	te     []string
	close  bool
}

// readResp reads one response to a request of method and its whole body.
func readResp(t *testing.T, br *bufio.Reader, method string) (innerGot, string) {
	t.Helper()
	resp, err := http.ReadResponse(br, &http.Request{Method: method})
	if err != nil {
		t.Fatalf("ReadResponse(): %v", err)
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatalf("response body: %v", err)
	}
	return innerGot{resp.StatusCode, resp.Header, resp.ContentLength, resp.TransferEncoding, resp.Close}, string(b)
}

// expectClosed checks that the proxy closes the stream (after what was
// already read).
func expectClosed(t *testing.T, br *bufio.Reader, what string) {
	t.Helper()
	if b, err := br.ReadByte(); err == nil {
		t.Errorf("%s: read %q, want the connection closed", what, b)
	}
}

// innerUpstream answers by path: /echo the request body, /big a chunked
// 64 KiB body, /empty 204, /small two flushed bytes without a length.
func innerUpstream(t *testing.T, e *env) string {
	up := tlsUpstream(t, e.up.valid(t, "chat.test"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/echo":
			b, _ := io.ReadAll(r.Body)
			w.Header().Set("X-Method", r.Method)
			_, _ = w.Write(b)
		case "/big":
			w.Header().Set("Content-Type", "text/plain")
			for i := range 64 {
				_, _ = w.Write(bytes.Repeat([]byte{'a' + byte(i%26)}, 1024))
				w.(http.Flusher).Flush()
			}
		case "/empty":
			w.WriteHeader(http.StatusNoContent)
		case "/small":
			_, _ = io.WriteString(w, "hi")
			w.(http.Flusher).Flush()
		default:
			http.NotFound(w, r)
		}
	}))
	return hostPort("chat.test", up)
}

// TestInnerFraming: the requests of one MITM'd keep-alive stream, sent
// one after another and pipelined, each get their response in order, in
// the framing its body needs: a length for a short body, chunked for a
// long one streamed, none for HEAD and 204.
func TestInnerFraming(t *testing.T) {
	e := newEnv(t, nil)
	target := innerUpstream(t, e)
	tc, br := innerStream(t, e, "chat.test", target)
	req := func(method, path, body string) string {
		s := fmt.Sprintf("%s %s HTTP/1.1\r\nHost: %s\r\n", method, path, target)
		if body != "" {
			s += "Content-Length: " + strconv.Itoa(len(body)) + "\r\n"
		}
		return s + "\r\n" + body
	}
	_, _ = io.WriteString(tc, req("POST", "/echo", "hello world"))
	resp, body := readResp(t, br, "POST")
	if resp.status != 200 || body != "hello world" || resp.length != 11 {
		t.Errorf("echo: got %d %q length %d, want 200 %q length 11", resp.status, body, resp.length, "hello world")
	}
	if resp.header.Get("Date") == "" {
		t.Errorf("echo: no Date header")
	}
	_, _ = io.WriteString(tc, req("GET", "/big", ""))
	resp, body = readResp(t, br, "GET")
	if len(body) != 64<<10 || len(resp.te) != 1 || resp.te[0] != "chunked" {
		t.Errorf("big: got %d bytes, transfer encoding %v, want 65536 chunked", len(body), resp.te)
	}
	for i := range 64 {
		if body[i*1024] != 'a'+byte(i%26) {
			t.Fatalf("big: KiB %d starts with %q", i, body[i*1024])
		}
	}
	_, _ = io.WriteString(tc, req("GET", "/small", ""))
	if resp, body = readResp(t, br, "GET"); body != "hi" {
		t.Errorf("small: got %d %q, want %q", resp.status, body, "hi")
	}
	_, _ = io.WriteString(tc, req("HEAD", "/big", ""))
	if resp, body = readResp(t, br, "HEAD"); resp.status != 200 || body != "" {
		t.Errorf("HEAD: got %d %q, want 200 and no body", resp.status, body)
	}
	_, _ = io.WriteString(tc, req("GET", "/empty", ""))
	if resp, body = readResp(t, br, "GET"); resp.status != 204 || body != "" {
		t.Errorf("204: got %d %q", resp.status, body)
	}
	// Three pipelined requests in one write, answered in order (a stray
	// CRLF after a POST body is tolerated, RFC 9112 section 2.2).
	_, _ = io.WriteString(tc, req("POST", "/echo", "one")+"\r\n"+req("PUT", "/echo", "two")+req("PATCH", "/echo", "three"))
	for _, want := range []string{"POST one", "PUT two", "PATCH three"} {
		resp, body = readResp(t, br, "POST")
		if got := resp.header.Get("X-Method") + " " + body; got != want {
			t.Errorf("pipelined: got %q, want %q", got, want)
		}
	}
	// Connection: close is honoured and announced.
	_, _ = io.WriteString(tc, fmt.Sprintf("GET /small HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target))
	if resp, body = readResp(t, br, "GET"); body != "hi" || !resp.close {
		t.Errorf("Connection: close: got %q, close %v, want the body and Connection: close", body, resp.close)
	}
	expectClosed(t, br, "after Connection: close")

	// HTTP/1.0: one request per connection, its body delimited.
	tc, br = innerStream(t, e, "chat.test", target)
	_, _ = io.WriteString(tc, fmt.Sprintf("GET /big HTTP/1.0\r\nHost: %s\r\n\r\n", target))
	if resp, body = readResp(t, br, "GET"); len(body) != 64<<10 || len(resp.te) != 0 {
		t.Errorf("HTTP/1.0: got %d bytes, transfer encoding %v, want 65536 unchunked", len(body), resp.te)
	}
	expectClosed(t, br, "after an HTTP/1.0 request")
	if got := len(e.events("proxy.request")); got != 10 {
		t.Errorf("proxy.request events: got %d, want 10", got)
	}
}

// TestInnerBadRequests: what cannot be served gets its error status and
// the stream ends; nothing reaches the upstream.
func TestInnerBadRequests(t *testing.T) {
	e := newEnv(t, func(c *config.Config) { c.Limits.MaxHeaderBytes = 4096 })
	var hits atomic.Int32
	up := tlsUpstream(t, e.up.valid(t, "chat.test"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	target := hostPort("chat.test", up)
	for _, c := range []struct {
		name, req string
		status    int
	}{
		{"malformed version", "GET / HTTQ/1.1\r\nHost: " + target + "\r\n\r\n", 400},
		{"missing Host", "GET / HTTP/1.1\r\n\r\n", 400},
		{"malformed Host", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400},
		{"header value with a control byte", "GET / HTTP/1.1\r\nHost: " + target + "\r\nX-A: a\x01b\r\n\r\n", 400},
		{"HTTP/2 text", "GET / HTTP/2.0\r\nHost: " + target + "\r\n\r\n", 505},
		{"head over max_header_bytes", "GET / HTTP/1.1\r\nHost: " + target + "\r\nX-Big: " + strings.Repeat("a", 16<<10) + "\r\n\r\n", 431},
		{"unknown transfer coding", "POST / HTTP/1.1\r\nHost: " + target + "\r\nTransfer-Encoding: gzip\r\n\r\n", 501},
		{"two lengths disagreeing", "POST / HTTP/1.1\r\nHost: " + target + "\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400},
		{"unknown expectation", "POST / HTTP/1.1\r\nHost: " + target + "\r\nExpect: 200-ok\r\nContent-Length: 1\r\n\r\nx", 417},
	} {
		t.Run(c.name, func(t *testing.T) {
			tc, br := innerStream(t, e, "chat.test", target)
			_, _ = io.WriteString(tc, c.req)
			resp, _ := readResp(t, br, "GET")
			if resp.status != c.status {
				t.Errorf("got %d, want %d", resp.status, c.status)
			}
			expectClosed(t, br, "after the error")
		})
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("upstream got %d requests, want none", n)
	}
}

// TestInnerExpectContinue: a client that waits for 100 Continue gets it
// when the request is forwarded and its body arrives; a request refused
// before its body is read gets no 100, its answer, and the end of the
// stream (the body it holds back cannot be skipped).
func TestInnerExpectContinue(t *testing.T) {
	e := newEnv(t, nil)
	target := innerUpstream(t, e)
	tc, br := innerStream(t, e, "chat.test", target)
	_, _ = io.WriteString(tc, fmt.Sprintf("POST /echo HTTP/1.1\r\nHost: %s\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n", target))
	line, err := br.ReadString('\n')
	if err != nil || line != "HTTP/1.1 100 Continue\r\n" {
		t.Fatalf("interim response: got %q %v, want 100 Continue", line, err)
	}
	if blank, _ := br.ReadString('\n'); blank != "\r\n" {
		t.Fatalf("interim response: got %q after the status line", blank)
	}
	_, _ = io.WriteString(tc, "12345")
	if resp, body := readResp(t, br, "POST"); resp.status != 200 || body != "12345" {
		t.Errorf("after 100 Continue: got %d %q, want 200 %q", resp.status, body, "12345")
	}
	// Another host than the tunnel's: refused (421) before the body.
	_, _ = io.WriteString(tc, "POST /echo HTTP/1.1\r\nHost: other.test\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
	if resp, _ := readResp(t, br, "POST"); resp.status != http.StatusMisdirectedRequest {
		t.Errorf("refused with Expect: got %d, want 421", resp.status)
	}
	expectClosed(t, br, "after a refusal the body was held back for")
}

// innerPair serves one end of a loopback TCP pair with serveInnerWith
// and handler, as if it were a tunnel's inner stream; it returns the
// client's end.
func innerPair(t *testing.T, e *env, handler func(http.ResponseWriter, *http.Request)) (net.Conn, *bufio.Reader) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	accepted := make(chan struct{})
	go func() {
		c, err := l.Accept()
		close(accepted)
		if err != nil {
			return
		}
		info := &connInfo{id: "test", mode: modeTunnel, tun: &tunnelInfo{host: "chat.test", port: "443", scheme: "https"}}
		e.srv.serveInnerWith(&clientConn{Conn: c, info: info}, handler)
	}()
	c, err := net.DialTimeout("tcp", l.Addr().String(), 5*time.Second)
	if err != nil {
		_ = l.Close()
		t.Fatal(err)
	}
	// Closing the listener before it accepted would reset the connection
	// waiting in its backlog.
	<-accepted
	_ = l.Close()
	t.Cleanup(func() { _ = c.Close() })
	_ = c.SetDeadline(time.Now().Add(15 * time.Second))
	return c, bufio.NewReader(c)
}

// TestInnerUnreadBody: a body the handler does not read is skipped so the
// stream serves the next request, up to 256 KiB; after a longer one the
// answer still arrives whole and the stream ends.
func TestInnerUnreadBody(t *testing.T) {
	e := newEnv(t, nil)
	c, br := innerPair(t, e, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/echo" {
			_, _ = io.Copy(w, r.Body)
			return
		}
		_, _ = io.WriteString(w, "ignored")
	})
	ignored := func(n int) chan struct{} {
		written := make(chan struct{})
		go func() {
			defer close(written)
			_, _ = c.Write(append([]byte(fmt.Sprintf("POST /ignore HTTP/1.1\r\nHost: chat.test\r\nContent-Length: %d\r\n\r\n", n)), make([]byte, n)...))
		}()
		if resp, body := readResp(t, br, "POST"); resp.status != 200 || body != "ignored" {
			t.Fatalf("unread body of %d bytes: got %d %q", n, resp.status, body)
		}
		return written
	}
	<-ignored(100 << 10)
	_, _ = io.WriteString(c, "POST /echo HTTP/1.1\r\nHost: chat.test\r\nContent-Length: 2\r\n\r\nok")
	if resp, body := readResp(t, br, "POST"); resp.status != 200 || body != "ok" {
		t.Errorf("request after a skipped body: got %d %q", resp.status, body)
	}
	ignored(1 << 20)
	expectClosed(t, br, "after an unread 1 MiB body")

	// Through the proxy: a refusal before a 1 MiB body is read.
	target := innerUpstream(t, e)
	tc, tbr := innerStream(t, e, "chat.test", target)
	_, _ = io.WriteString(tc, "POST /echo HTTP/1.1\r\nHost: other.test\r\nContent-Length: 1048576\r\n\r\n")
	go func() { _, _ = tc.Write(make([]byte, 1<<20)) }()
	if resp, _ := readResp(t, tbr, "POST"); resp.status != http.StatusMisdirectedRequest {
		t.Errorf("refused before its body: got %d, want 421", resp.status)
	}
	expectClosed(t, tbr, "after a refusal")
}

// TestInnerTimeouts: an idle MITM'd keep-alive stream is closed after
// idle_timeout, and a request head that stalls after handshake_timeout.
func TestInnerTimeouts(t *testing.T) {
	e := newEnv(t, func(c *config.Config) {
		c.Limits.IdleTimeout = config.Duration(400 * time.Millisecond)
		c.Limits.HandshakeTimeout = config.Duration(time.Second)
	})
	target := innerUpstream(t, e)
	tc, br := innerStream(t, e, "chat.test", target)
	_, _ = io.WriteString(tc, fmt.Sprintf("GET /small HTTP/1.1\r\nHost: %s\r\n\r\n", target))
	readResp(t, br, "GET")
	start := time.Now()
	expectClosed(t, br, "idle stream")
	if d := time.Since(start); d < 300*time.Millisecond || d > 5*time.Second {
		t.Errorf("idle stream closed after %v, want about 400ms", d)
	}
	tc, br = innerStream(t, e, "chat.test", target)
	start = time.Now()
	_, _ = io.WriteString(tc, "GET /small HTTP/1.1\r\nHo")
	expectClosed(t, br, "stalled request head")
	if d := time.Since(start); d < 900*time.Millisecond || d > 5*time.Second {
		t.Errorf("stalled head dropped after %v, want about 1s (handshake_timeout, not idle_timeout)", d)
	}
}

// TestInnerShutdown: Shutdown closes an idle MITM'd stream at once and
// lets a request in flight finish, announcing Connection: close.
func TestInnerShutdown(t *testing.T) {
	e := newEnv(t, nil)
	release, arrived := make(chan struct{}), make(chan struct{})
	up := tlsUpstream(t, e.up.valid(t, "chat.test"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			close(arrived)
			<-release
		}
		_, _ = io.WriteString(w, "done")
	}))
	target := hostPort("chat.test", up)
	idle, idleBR := innerStream(t, e, "chat.test", target)
	_, _ = io.WriteString(idle, fmt.Sprintf("GET / HTTP/1.1\r\nHost: %s\r\n\r\n", target))
	readResp(t, idleBR, "GET")
	busy, busyBR := innerStream(t, e, "chat.test", target)
	_, _ = io.WriteString(busy, fmt.Sprintf("GET /slow HTTP/1.1\r\nHost: %s\r\n\r\n", target))
	<-arrived
	done := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		done <- e.srv.Shutdown(ctx)
	}()
	expectClosed(t, idleBR, "idle stream at Shutdown")
	close(release)
	resp, body := readResp(t, busyBR, "GET")
	if body != "done" || !resp.close {
		t.Errorf("request in flight at Shutdown: got %q, close %v, want %q and Connection: close", body, resp.close, "done")
	}
	expectClosed(t, busyBR, "busy stream after its response")
	if err := <-done; err != nil {
		t.Errorf("Shutdown(): %v", err)
	}
}

// TestInnerClientGone: a client that goes away while its request waits on
// a slow upstream cancels the upstream leg (the upstream sees its request
// end); a client that stays gets the slow answer and its stream serves
// the next request, the watch of its connection stood down.
func TestInnerClientGone(t *testing.T) {
	e := newEnv(t, nil)
	gone := make(chan time.Duration, 1)
	up := tlsUpstream(t, e.up.valid(t, "chat.test"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		switch r.URL.Path {
		case "/hang":
			select {
			case <-r.Context().Done():
				gone <- time.Since(start)
			case <-time.After(20 * time.Second):
			}
		case "/slow":
			time.Sleep(1500 * time.Millisecond)
			_, _ = io.WriteString(w, "slow")
		default:
			_, _ = io.WriteString(w, "quick")
		}
	}))
	target := hostPort("chat.test", up)

	tc, br := innerStream(t, e, "chat.test", target)
	_, _ = io.WriteString(tc, fmt.Sprintf("GET /slow HTTP/1.1\r\nHost: %s\r\n\r\n", target))
	if _, body := readResp(t, br, "GET"); body != "slow" {
		t.Fatalf("slow request: got %q", body)
	}
	_, _ = io.WriteString(tc, fmt.Sprintf("GET /quick HTTP/1.1\r\nHost: %s\r\n\r\n", target))
	if _, body := readResp(t, br, "GET"); body != "quick" {
		t.Errorf("request after a watched one: got %q", body)
	}

	tc, _ = innerStream(t, e, "chat.test", target)
	_, _ = io.WriteString(tc, fmt.Sprintf("GET /hang HTTP/1.1\r\nHost: %s\r\n\r\n", target))
	time.Sleep(200 * time.Millisecond)
	_ = tc.Close()
	select {
	case d := <-gone:
		if d > 3*time.Second {
			t.Errorf("upstream leg dropped after %v, want about a second (the watch), before any upstream timeout", d)
		}
	case <-time.After(10 * time.Second):
		t.Errorf("the upstream leg of a request whose client went away was not dropped")
	}
}

package proxy

import (
	"bufio"
	"bytes"
	"strings"
	"testing"

	"github.com/chatdlp/chatdlp/inspect/extract"
)

// FuzzClassifyBytes: the tunnel classifier never panics, never asks for
// more than 8 bytes, and agrees with the bufio-driven classify.
func FuzzClassifyBytes(f *testing.F) {
	for _, s := range []string{"\x16\x03\x01\x02\x00", "GET / HTTP/1.1\r\n", "PO", "NICK x\r\n", "\x16", "\x16\x02", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		kind, more := classifyBytes(b)
		if more && len(b) >= 8 {
			t.Fatalf("classifyBytes(%q): asks for more after %d bytes", b, len(b))
		}
		if kind == kindTLS && (len(b) < 2 || b[0] != 0x16) {
			t.Fatalf("classifyBytes(%q): TLS without a handshake record", b)
		}
		if len(b) > 0 {
			if got := classify(bufio.NewReader(bytes.NewReader(b))); !more && got != kind {
				t.Fatalf("classify(%q): got %v, want %v", b, got, kind)
			}
		}
	})
}

// FuzzHostSet: matching never panics and a pattern always matches itself
// (wildcards match a name below them).
func FuzzHostSet(f *testing.F) {
	for _, s := range [][2]string{{"*.slack.com", "a.slack.com"}, {"10.0.0.0/8", "10.1.1.1"}, {"Exact.Example.", "exact.example"}, {"::1", "[::1]"}, {"*.", "x"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, host string) {
		hs := newHostSet([]string{pattern})
		_ = hs.match(host)
		p := normalizeHost(pattern)
		if p != "" && p == normalizeHost(p) && !strings.ContainsAny(p, "/*") && !hs.match(p) {
			t.Fatalf("newHostSet(%q).match(%q): got false, want true", pattern, p)
		}
		if strings.HasPrefix(p, "*.") && len(p) > 2 && !strings.ContainsAny(p[2:], "/*") && !hs.match("x"+p[1:]) {
			t.Fatalf("newHostSet(%q).match(%q): got false, want true", pattern, "x"+p[1:])
		}
	})
}

// FuzzParseBasic: Proxy-Authorization decoding never panics and round-trips.
func FuzzParseBasic(f *testing.F) {
	for _, s := range []string{"Basic YWxpY2U6cHc=", "basic   YWxpY2U6", "Bearer x", "Basic !!!"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		user, _, ok := parseBasic(h)
		if ok && user == "" {
			t.Fatalf("parseBasic(%q): ok with an empty user", h)
		}
	})
}

// FuzzReadClientHello: reading a ClientHello from arbitrary bytes never
// panics and never returns more bytes than it was given.
func FuzzReadClientHello(f *testing.F) {
	f.Add([]byte("\x16\x03\x01\x00\x05hello"))
	f.Add([]byte("GET / HTTP/1.1\r\n\r\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, raw, _ := readClientHello(bytes.NewReader(b))
		if !bytes.HasPrefix(b, raw) {
			t.Fatalf("readClientHello: raw is not a prefix of the input")
		}
	})
}

// FuzzByPath: API path identification and log redaction never panic, and
// a Telegram bot token never survives redaction.
func FuzzByPath(f *testing.F) {
	for _, s := range []string{"/api/chat.postMessage", "/api/v4/posts", "/_matrix/client/v3/sync", "/bot1:abc/sendMessage"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		_ = extract.ByPath(p)
		first, _, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/")
		if lp := logPath(p); strings.HasPrefix(first, "bot") && strings.Contains(first, ":") && !strings.HasPrefix(lp, "/bot[redacted]") {
			t.Fatalf("logPath(%q) = %q: a bot token survives", p, lp)
		}
	})
}

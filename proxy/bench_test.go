package proxy

import (
	"bytes"
	"crypto/x509"
	"io"
	"net"
	"net/http"
	neturl "net/url"
	"testing"

	"github.com/chatdlp/chatdlp/config"
	"go.uber.org/zap"
)

// BenchmarkKeepAliveMITM: small chat POSTs over one keep-alive MITM
// connection, the proxy's hot path (compare with cmd/chatdlp-bench for
// goproxy alone).
func BenchmarkKeepAliveMITM(b *testing.B) {
	e := newEnv(b, func(c *config.Config) { c.Log.Level = "info" })
	t := b
	e.srv.log = zap.NewNop()
	up := tlsUpstream(t, e.up.valid(t, "chat.test"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		_, _ = io.WriteString(w, `{"ok":true}`)
	}))
	defer up.Close()
	c := e.client()
	url := "https://" + hostPort("chat.test", up) + "/api/chat.postMessage"
	body := []byte(`{"channel":"C1","text":"hello from the benchmark"}`)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		resp, err := c.Post(url, "application/json", bytes.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

// BenchmarkKeepAliveBaseline is the same load through bare goproxy MITM
// (NewBaseline), the reference the targets are ratios of.
func BenchmarkKeepAliveBaseline(b *testing.B) {
	e := newEnv(b, nil)
	t := b
	up := tlsUpstream(t, e.up.valid(t, "chat.test", "127.0.0.1"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		_, _ = io.WriteString(w, `{"ok":true}`)
	}))
	defer up.Close()
	ca := e.ca.TLSCertificate()
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(e.up.pem)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: NewBaseline(&ca, roots)}
	go func() { _ = srv.Serve(l) }()
	defer srv.Close()
	pu, _ := neturl.Parse("http://" + l.Addr().String())
	tr := e.transport()
	tr.Proxy = http.ProxyURL(pu)
	c := &http.Client{Transport: tr}
	// goproxy dials the URL host itself: use the IP.
	url := "https://" + hostPort("127.0.0.1", up) + "/api/chat.postMessage"
	body := []byte(`{"channel":"C1","text":"hello from the benchmark"}`)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		resp, err := c.Post(url, "application/json", bytes.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

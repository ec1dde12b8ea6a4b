package proxy

import (
	"bytes"
	"crypto/x509"
	"io"
	"net"
	"net/http"
	"net/netip"
	neturl "net/url"
	"slices"
	"testing"
	"time"

	"github.com/chatdlp/chatdlp/config"
	"github.com/chatdlp/chatdlp/inspect"
	"github.com/chatdlp/chatdlp/inspect/urls"
	"github.com/chatdlp/chatdlp/rules"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
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

// slackPost is the chat.postMessage body of cmd/chatdlp-bench: about 300
// bytes of clean text.
var slackPost = []byte(`{"channel":"C0123456789","text":"Hi team, the quarterly numbers are in the shared drive under finance/q3. ` +
	`Please review the draft before Thursday's sync and leave comments inline. Thanks!","as_user":true,` +
	`"unfurl_links":false,"unfurl_media":false,"thread_ts":"1700000000.000100","mrkdwn":true}`)

// builtinInspector is the built-in rule pack and the default URL policy,
// as chatdlp serve loads them.
func builtinInspector(b *testing.B) func(*Options) {
	set, err := rules.Load(nil, true)
	if err != nil {
		b.Fatal(err)
	}
	engine, err := inspect.NewEngine(set, inspect.Options{})
	if err != nil {
		b.Fatal(err)
	}
	cat, err := urls.NewCatalogue(urls.Policy{})
	if err != nil {
		b.Fatal(err)
	}
	links := urls.NewInspector(urls.Options{Catalogue: cat, Shorteners: rules.ActionBlock, Executables: rules.ActionBlock})
	return func(o *Options) {
		o.Inspector = inspect.NewLive(engine)
		o.NewLinks = func(*config.Config) (inspect.LinkInspector, error) { return links, nil }
	}
}

// BenchmarkKeepAliveMITMInspect is BenchmarkKeepAliveMITM with the built-in
// rule pack inspecting a Slack chat.postMessage (identified by its path).
func BenchmarkKeepAliveMITMInspect(b *testing.B) {
	e := newEnvOpts(b, func(c *config.Config) { c.Log.Level = "info" }, builtinInspector(b))
	e.srv.log = zap.NewNop()
	up := tlsUpstream(b, e.up.valid(b, "chat.test"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		_, _ = io.WriteString(w, `{"ok":true}`)
	}))
	defer up.Close()
	c := e.client()
	url := "https://" + hostPort("chat.test", up) + "/api/chat.postMessage"
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		resp, err := c.Post(url, "application/json; charset=utf-8", bytes.NewReader(slackPost))
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
}

// BenchmarkPipelineSlackPost times what inspectRequest does to one Slack
// chat.postMessage once its headers are read: buffer the body, decode,
// extract, Pipeline.Check with the built-in rule pack, and give the body
// back. It reports the p50 and p99 of single calls beside ns/op.
func BenchmarkPipelineSlackPost(b *testing.B) {
	e := newEnvOpts(b, nil, builtinInspector(b))
	e.srv.log = zap.NewNop()
	info := &connInfo{id: "bench", mode: modeTunnel, clientIP: netip.MustParseAddr("127.0.0.1")}
	lat := make([]time.Duration, 0, 1<<16)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		req, _ := http.NewRequest(http.MethodPost, "https://slack.com/api/chat.postMessage", bytes.NewReader(slackPost))
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
		st := &reqState{info: info, protocol: "https", host: "slack.com", service: "slack", action: actionInspect}
		t0 := time.Now()
		block := e.srv.inspectRequest(req, st)
		lat = append(lat, time.Since(t0))
		if block != nil {
			block.Body.Close()
			b.Fatalf("the clean post was blocked")
		}
		if req.ContentLength != int64(len(slackPost)) {
			b.Fatalf("the clean post was not passed whole (length %d)", req.ContentLength)
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*99/100)].Nanoseconds()), "p99-ns")
}

// BenchmarkLogRequest is the proxy.request event of one request with a
// JSON logger at info writing nowhere: the cost of building and encoding it.
func BenchmarkLogRequest(b *testing.B) {
	e := newEnv(b, nil)
	e.srv.log = zap.New(zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(io.Discard), zap.InfoLevel))
	info := &connInfo{id: "0123456789abcdef", mode: modeTunnel, clientIP: netip.MustParseAddr("192.0.2.1")}
	req, _ := http.NewRequest(http.MethodPost, "https://slack.com/api/chat.postMessage", nil)
	st := &reqState{start: time.Now(), info: info, protocol: "https", host: "slack.com", service: "slack", action: actionInspect}
	rec := &recorder{status: 200, bytesIn: 300, bytesOut: 120}
	b.ReportAllocs()
	for b.Loop() {
		e.srv.logRequest(st, rec, req)
	}
}

package proxy

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"sync/atomic"
	"testing"

	"github.com/chatdlp/chatdlp/config"
)

// TestMITMLargeBodies sends 5 MB up and gets 5 MB down through MITM: both
// arrive byte-identical.
func TestMITMLargeBodies(t *testing.T) {
	e := newEnv(t, nil)
	down := make([]byte, 5<<20)
	_, _ = rand.Read(down)
	var gotUp [32]byte
	up := tlsUpstream(t, e.up.valid(t, "chat.test"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		gotUp = sha256.Sum256(b)
		_, _ = w.Write(down)
	}))
	body := make([]byte, 5<<20)
	_, _ = rand.Read(body)
	resp, err := e.client().Post("https://"+hostPort("chat.test", up)+"/upload", "application/octet-stream", bytes.NewReader(body))
	if err != nil {
		t.Fatalf("Post(): %v", err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("ReadAll(): %v", err)
	}
	if resp.StatusCode != 200 {
		t.Fatalf("status: got %d, want 200", resp.StatusCode)
	}
	if gotUp != sha256.Sum256(body) {
		t.Errorf("upload sha256: got %x, want %x", gotUp, sha256.Sum256(body))
	}
	if sha256.Sum256(got) != sha256.Sum256(down) {
		t.Errorf("download: got %d bytes with another sha256, want %d identical", len(got), len(down))
	}
	if resp.TLS == nil || resp.TLS.PeerCertificates[0].Issuer.CommonName != "chatdlp test CA" {
		t.Errorf("client saw issuer %v, want our CA", resp.TLS.PeerCertificates[0].Issuer)
	}
	reqs := e.events("proxy.request")
	if len(reqs) != 1 || reqs[0].ContextMap()["bytes_in"] != int64(5<<20) || reqs[0].ContextMap()["protocol"] != "https" {
		t.Errorf("proxy.request events: got %v", reqs)
	}
}

// TestKeepAliveReuse makes 50 requests: one client connection to the
// proxy and one proxy connection to the upstream serve them all.
func TestKeepAliveReuse(t *testing.T) {
	e := newEnv(t, nil)
	var upConns atomic.Int32
	up := tlsUpstream(t, e.up.valid(t, "chat.test"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "ok")
	}), func(srv *httptest.Server) {
		srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
			if s == http.StateNew {
				upConns.Add(1)
			}
		}
	})
	c := e.client()
	var fresh int
	for i := range 50 {
		trace := &httptrace.ClientTrace{GotConn: func(ci httptrace.GotConnInfo) {
			if !ci.Reused {
				fresh++
			}
		}}
		req, _ := http.NewRequest("GET", "https://"+hostPort("chat.test", up)+"/x", nil)
		req = req.WithContext(httptrace.WithClientTrace(req.Context(), trace))
		resp, err := c.Do(req)
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	if fresh != 1 {
		t.Errorf("client connections: got %d, want 1", fresh)
	}
	if n := upConns.Load(); n != 1 {
		t.Errorf("upstream connections: got %d, want 1", n)
	}
}

// TestBypassShowsRealCertificate: a tls.bypass host is spliced, so the
// client sees the upstream's own certificate.
func TestBypassShowsRealCertificate(t *testing.T) {
	e := newEnv(t, func(c *config.Config) { c.TLS.Bypass = []string{"*.bank.test"} })
	up := tlsUpstream(t, e.up.valid(t, "www.bank.test"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "bank")
	}))
	tr := e.transport()
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(e.up.pem)
	tr.TLSClientConfig = &tls.Config{RootCAs: roots}
	resp, err := (&http.Client{Transport: tr}).Get("https://" + hostPort("www.bank.test", up) + "/")
	if err != nil {
		t.Fatalf("Get(): %v", err)
	}
	defer resp.Body.Close()
	if got := resp.TLS.PeerCertificates[0].Issuer.CommonName; got != "upstream test CA" {
		t.Errorf("issuer: got %q, want the upstream's", got)
	}
	if len(e.events("proxy.request")) != 0 {
		t.Errorf("bypassed traffic was decrypted: %v", e.events("proxy.request"))
	}
}

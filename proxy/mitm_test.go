package proxy

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"sync/atomic"
	"testing"
	"time"

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

// TestConnectToIPWithSNI: a tunnel opened for an IP takes its host from
// the SNI: requests for that name go to the IP (certificate checked for
// the name), a bypassed name is spliced, a blocked service is refused.
func TestConnectToIPWithSNI(t *testing.T) {
	e := newEnv(t, func(c *config.Config) {
		c.TLS.Bypass = []string{"bank.test"}
		c.Services.Hosts = map[string][]string{"discord": {"blocked.test"}}
		c.Services.Overrides = map[string]string{"discord": "block"}
	})
	up := tlsUpstream(t, e.up.valid(t, "chat.test", "bank.test", "blocked.test"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "hello "+r.Host)
	}))
	ipTarget := up.Listener.Addr().String()
	upRoots := x509.NewCertPool()
	upRoots.AppendCertsFromPEM(e.up.pem)
	cases := []struct {
		name, sni string
		roots     *x509.CertPool
		issuer    string // "" = the handshake must fail
	}{
		{"intercepted", "chat.test", e.pool, "chatdlp test CA"},
		{"bypassed", "bank.test", upRoots, "upstream test CA"},
		{"blocked service", "blocked.test", e.pool, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ec := &earlyConn{Conn: e.dialProxy(), head: connectHead(ipTarget)}
			tconn := tls.Client(ec, &tls.Config{ServerName: tc.sni, RootCAs: tc.roots})
			_ = tconn.SetDeadline(time.Now().Add(10 * time.Second))
			err := tconn.Handshake()
			if tc.issuer == "" {
				if err == nil {
					t.Fatalf("Handshake(): got nil error, want the tunnel refused")
				}
				return
			}
			if err != nil {
				t.Fatalf("Handshake(): %v", err)
			}
			if got := tconn.ConnectionState().PeerCertificates[0].Issuer.CommonName; got != tc.issuer {
				t.Errorf("issuer: got %q, want %q", got, tc.issuer)
			}
			_, port, _ := net.SplitHostPort(ipTarget)
			fmt.Fprintf(tconn, "GET / HTTP/1.1\r\nHost: %s:%s\r\n\r\n", tc.sni, port)
			resp, err := http.ReadResponse(bufio.NewReader(tconn), nil)
			if err != nil {
				t.Fatalf("ReadResponse(): %v", err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if want := "hello " + tc.sni + ":" + port; resp.StatusCode != 200 || string(b) != want {
				t.Errorf("GET: got %d %q, want 200 %q", resp.StatusCode, b, want)
			}
		})
	}
}

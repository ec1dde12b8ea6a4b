package proxy

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chatdlp/chatdlp/certs"
	"github.com/chatdlp/chatdlp/config"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"
)

// testCA is a throwaway CA for upstream servers (the test's "public PKI").
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  []byte
}

func newTestCA(t testing.TB) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "upstream test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return &testCA{cert: cert, key: key, pem: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
}

// leaf issues a server certificate for names (DNS or IP), valid
// [notBefore, notAfter]; a nil ca self-signs.
func (ca *testCA) leaf(t testing.TB, notBefore, notAfter time.Time, names ...string) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tmpl := &x509.Certificate{
		SerialNumber: serial, Subject: pkix.Name{CommonName: names[0]},
		NotBefore: notBefore, NotAfter: notAfter,
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, n := range names {
		if ip := net.ParseIP(n); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, n)
		}
	}
	parent, signer := tmpl, key
	if ca != nil {
		parent, signer = ca.cert, ca.key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, signer)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// valid issues a certificate valid now.
func (ca *testCA) valid(t testing.TB, names ...string) tls.Certificate {
	return ca.leaf(t, time.Now().Add(-time.Hour), time.Now().Add(time.Hour), names...)
}

// tlsUpstream starts an HTTPS server with cert.
func tlsUpstream(t testing.TB, cert tls.Certificate, h http.Handler, opts ...func(*httptest.Server)) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	for _, o := range opts {
		o(srv)
	}
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

// env is one proxy under test with its CAs and log observer.
type (
	tlsCert     = tls.Certificate
	tlsCertFunc = func(*testing.T) tls.Certificate
)

type env struct {
	t        testing.TB
	srv      *Server
	addr     string // explicit listener
	proxyURL *url.URL
	ca       *certs.CA
	pool     *x509.CertPool // trusts our MITM CA
	up       *testCA        // upstream CA, in upstream.roots
	logs     *observer.ObservedLogs
	reg      *prometheus.Registry
}

// testConfig is the default config with short limits and the upstream CA
// as the only root.
func testConfig(t testing.TB, up *testCA) *config.Config {
	t.Helper()
	cfg := config.Default()
	rootFile := filepath.Join(t.TempDir(), "roots.pem")
	if err := os.WriteFile(rootFile, up.pem, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg.Upstream.Roots = config.StringList{rootFile}
	cfg.Limits.HandshakeTimeout = config.Duration(2 * time.Second)
	cfg.Limits.IdleTimeout = config.Duration(5 * time.Second)
	cfg.Limits.TunnelIdleTimeout = config.Duration(5 * time.Second)
	return cfg
}

// newEnv starts a proxy on 127.0.0.1:0 with a per-test CA; mutate edits
// the config first. Names ending in .test resolve to 127.0.0.1.
func newEnv(t testing.TB, mutate func(*config.Config)) *env {
	t.Helper()
	return newEnvOpts(t, mutate, nil)
}

// newEnvOpts is newEnv with the server's Options edited by opts (an
// inspector, a file inspector).
func newEnvOpts(t testing.TB, mutate func(*config.Config), opts func(*Options)) *env {
	t.Helper()
	up := newTestCA(t)
	cfg := testConfig(t, up)
	if mutate != nil {
		mutate(cfg)
	}
	ca, err := certs.CreateCA(t.TempDir(), "chatdlp test CA", false)
	if err != nil {
		t.Fatal(err)
	}
	core, logs := observer.New(zap.DebugLevel)
	reg := prometheus.NewRegistry()
	o := Options{Config: cfg, Issuer: certs.NewIssuer(ca, certs.IssuerOptions{CacheSize: 100}),
		Logger: zap.New(core), Registry: reg}
	if opts != nil {
		opts(&o)
	}
	srv, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	srv.lookup = func(ctx context.Context, network, host string) ([]netip.Addr, error) {
		if filepath.Ext(host) == ".test" {
			return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
		}
		return nil, &net.DNSError{Err: "no such host (test)", Name: host, IsNotFound: true}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown(): %v", err)
		}
		if err := <-done; err != nil {
			t.Errorf("Serve(): %v", err)
		}
	})
	pool := x509.NewCertPool()
	pool.AddCert(ca.Certificate())
	u, _ := url.Parse("http://" + l.Addr().String())
	return &env{t: t, srv: srv, addr: l.Addr().String(), proxyURL: u, ca: ca, pool: pool, up: up, logs: logs, reg: reg}
}

// client returns an HTTP client using the proxy and trusting our CA;
// upstream names *.test are dialled by the proxy at 127.0.0.1.
func (e *env) client() *http.Client {
	return &http.Client{Transport: e.transport(), Timeout: 20 * time.Second}
}

func (e *env) transport() *http.Transport {
	tr := &http.Transport{
		Proxy:           http.ProxyURL(e.proxyURL),
		TLSClientConfig: &tls.Config{RootCAs: e.pool},
	}
	e.t.Cleanup(tr.CloseIdleConnections)
	return tr
}

// events returns the logged entries with event == name.
func (e *env) events(name string) []observer.LoggedEntry {
	return e.logs.FilterField(zap.String("event", name)).AllUntimed()
}

// dialProxy opens a raw TCP connection to the proxy.
func (e *env) dialProxy() net.Conn {
	e.t.Helper()
	c, err := net.DialTimeout("tcp", e.addr, 5*time.Second)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { _ = c.Close() })
	return c
}

// hostPort returns name:port of srv's port (name resolves in the proxy).
func hostPort(name string, srv *httptest.Server) string {
	u, _ := url.Parse(srv.URL)
	return net.JoinHostPort(name, u.Port())
}

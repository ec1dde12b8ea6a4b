package proxy

import (
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/elazarl/goproxy"
)

// NewBaseline returns a bare goproxy MITM proxy: every CONNECT is intercepted
// with goproxy's own ConnectMitm and TLSConfigFromCA signing leaves with ca
// (the caller's per-run CA, never goproxy's built-in one), and requests go
// upstream through a transport that verifies servers against roots. It does
// no inspection, no policy and no logging. It exists only as the comparison
// point of cmd/chatdlp-bench and must not serve users.
//
// goproxy signs a new leaf on every CONNECT unless given a CertStore; the
// baseline gets a minimal unbounded one, as any real goproxy deployment
// would have, so the benchmark compares proxies rather than cache policies.
func NewBaseline(ca *tls.Certificate, roots *x509.CertPool) http.Handler {
	p := goproxy.NewProxyHttpServer()
	p.Verbose = false
	p.Logger = baselineLogger{}
	p.CertStore = &baselineCertStore{certs: map[string]*tls.Certificate{}}
	p.Tr = &http.Transport{
		Proxy:               nil, // never from the environment
		DialContext:         (&net.Dialer{Timeout: 10 * time.Second}).DialContext,
		TLSClientConfig:     &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout: 10 * time.Second,
		MaxIdleConnsPerHost: 1024,
		IdleConnTimeout:     2 * time.Minute,
	}
	p.ConnectDial = nil
	mitm := &goproxy.ConnectAction{Action: goproxy.ConnectMitm, TLSConfig: goproxy.TLSConfigFromCA(ca)}
	p.OnRequest().HandleConnectFunc(func(host string, _ *goproxy.ProxyCtx) (*goproxy.ConnectAction, string) {
		return mitm, host
	})
	return p
}

// baselineLogger satisfies goproxy.Logger and drops everything.
type baselineLogger struct{}

func (baselineLogger) Printf(string, ...any) {}

// baselineCertStore caches goproxy's leaves by host name.
type baselineCertStore struct {
	mu    sync.Mutex
	certs map[string]*tls.Certificate
}

// Fetch implements goproxy.CertStorage.
func (s *baselineCertStore) Fetch(host string, gen func() (*tls.Certificate, error)) (*tls.Certificate, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.certs[host]; ok {
		return c, nil
	}
	c, err := gen()
	if err != nil {
		return nil, err
	}
	s.certs[host] = c
	return c, nil
}

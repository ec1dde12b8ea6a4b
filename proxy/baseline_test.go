package proxy

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"log"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"
)

// edgeTestCA makes a throwaway CA for one test.
func edgeTestCA(t testing.TB) (*tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "chatdlp test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return &tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

func TestBaselineMITM(t *testing.T) {
	upstream := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "hello "+r.URL.Path)
	}))
	upstream.Config.ErrorLog = log.New(io.Discard, "", 0)
	defer upstream.Close()
	roots := x509.NewCertPool()
	roots.AddCert(upstream.Certificate())
	ca, caPool := edgeTestCA(t)

	tests := []struct {
		name     string
		roots    *x509.CertPool
		wantErr  bool // goproxy closes the connection on an upstream TLS error
		wantBody string
	}{
		{"trusted upstream", roots, false, "hello /x"},
		{"untrusted upstream", x509.NewCertPool(), true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := httptest.NewServer(NewBaseline(ca, tc.roots))
			defer p.Close()
			pu, _ := url.Parse(p.URL)
			client := &http.Client{Transport: &http.Transport{
				Proxy:           http.ProxyURL(pu),
				TLSClientConfig: &tls.Config{RootCAs: caPool},
			}}
			resp, err := client.Get(upstream.URL + "/x")
			if tc.wantErr {
				if err == nil {
					resp.Body.Close()
					t.Fatalf("GET through baseline to an untrusted upstream: got %d, want an error", resp.StatusCode)
				}
				return
			}
			if err != nil {
				t.Fatalf("GET through baseline: %v", err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if string(body) != tc.wantBody {
				t.Errorf("GET: got body %q, want %q", body, tc.wantBody)
			}
			if resp.TLS == nil || resp.TLS.PeerCertificates[0].Issuer.CommonName != "chatdlp test CA" {
				t.Errorf("GET: the client did not see a leaf from the per-test CA")
			}
		})
	}
}

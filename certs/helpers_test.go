package certs

import (
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// rsaCA is created once: RSA-3072 key generation is slow.
var (
	rsaCAOnce sync.Once
	rsaCADir  string
	rsaCAErr  error
)

// testCA creates an ECDSA CA in a temporary directory.
func testCA(t testing.TB) *CA {
	t.Helper()
	ca, err := CreateCA(t.TempDir(), "test CA", false)
	if err != nil {
		t.Fatalf("CreateCA(): %v", err)
	}
	return ca
}

// sharedRSACADir returns the directory of a shared RSA CA, created on first use.
func sharedRSACADir(t testing.TB) string {
	t.Helper()
	rsaCAOnce.Do(func() {
		rsaCADir, rsaCAErr = os.MkdirTemp("", "certs-rsa-ca-")
		if rsaCAErr == nil {
			_, rsaCAErr = CreateCA(rsaCADir, "test RSA CA", true)
		}
	})
	if rsaCAErr != nil {
		t.Fatalf("CreateCA(rsa): %v", rsaCAErr)
	}
	return rsaCADir
}

// TestMain removes the shared RSA CA directory.
func TestMain(m *testing.M) {
	code := m.Run()
	if rsaCADir != "" {
		_ = os.RemoveAll(rsaCADir)
	}
	os.Exit(code)
}

// writeCA writes a certificate and key as PEM files in dir (key mode 0600).
func writeCA(t testing.TB, dir string, certDER []byte, key crypto.Signer) (certFile, keyFile string) {
	t.Helper()
	keyPEM, err := encodeKeyPEM(key)
	if err != nil {
		t.Fatalf("encodeKeyPEM(): %v", err)
	}
	certFile, keyFile = filepath.Join(dir, CertFileName), filepath.Join(dir, KeyFileName)
	if err := os.WriteFile(certFile, encodeCertPEM(certDER), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, keyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile
}

// selfSigned signs tmpl with a new ECDSA key and returns the DER and key.
func selfSigned(t testing.TB, tmpl *x509.Certificate) ([]byte, crypto.Signer) {
	t.Helper()
	key, err := newKey(false)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatalf("CreateCertificate(): %v", err)
	}
	return der, key
}

// plainTemplate is a valid certificate template that is not a CA.
func plainTemplate() *x509.Certificate {
	now := time.Now()
	return &x509.Certificate{
		SerialNumber: newSerialOrOne(),
		Subject:      pkix.Name{CommonName: "not a CA"},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
	}
}

// newSerialOrOne returns a random serial (the random source cannot fail).
func newSerialOrOne() *big.Int {
	n, _ := newSerial()
	return n
}

// fakeClock is a settable clock for IssuerOptions.Now.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Set(t time.Time)         { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }
func (c *fakeClock) Advance(d time.Duration) { c.Set(c.Now().Add(d)) }

package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// Files of one run's PKI, all in one temporary directory: the proxies' CA
// (the "company CA" both proxies sign leaves with) and a separate upstream CA
// with the upstream server's leaf for 127.0.0.1.
const (
	proxyCACert   = "ca.pem"
	proxyCAKey    = "ca-key.pem"
	upstreamCA    = "upstream-ca.pem"
	upstreamCert  = "upstream.pem"
	upstreamKey   = "upstream-key.pem"
	upstreamIPSAN = "127.0.0.1"
)

// writePKI creates both CAs and the upstream leaf in dir (keys mode 0600).
func writePKI(dir string) error {
	caCert, caKey, err := newCert("chatdlp bench CA", nil, nil, nil)
	if err != nil {
		return err
	}
	upCA, upCAKey, err := newCert("bench upstream CA", nil, nil, nil)
	if err != nil {
		return err
	}
	leaf, leafKey, err := newCert("bench upstream", []net.IP{net.ParseIP(upstreamIPSAN)}, upCA, upCAKey)
	if err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		der  []byte
		typ  string
		mode os.FileMode
	}{
		{proxyCACert, caCert.Raw, "CERTIFICATE", 0o644},
		{proxyCAKey, caKey, "PRIVATE KEY", 0o600},
		{upstreamCA, upCA.Raw, "CERTIFICATE", 0o644},
		{upstreamCert, leaf.Raw, "CERTIFICATE", 0o644},
		{upstreamKey, leafKey, "PRIVATE KEY", 0o600},
	} {
		data := pem.EncodeToMemory(&pem.Block{Type: f.typ, Bytes: f.der})
		if err := os.WriteFile(filepath.Join(dir, f.name), data, f.mode); err != nil {
			return fmt.Errorf("bench: pki: %w", err)
		}
	}
	return nil
}

// newCert makes a CA (ips nil) or a server leaf signed by parent.
func newCert(cn string, ips []net.IP, parent *x509.Certificate, parentKey []byte) (*x509.Certificate, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: cn},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
	}
	signer, signerKey := tmpl, any(key)
	if ips == nil {
		tmpl.IsCA, tmpl.BasicConstraintsValid = true, true
		tmpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature
	} else {
		tmpl.IPAddresses = ips
		tmpl.KeyUsage = x509.KeyUsageDigitalSignature
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
		pk, err := x509.ParsePKCS8PrivateKey(parentKey)
		if err != nil {
			return nil, nil, err
		}
		signer, signerKey = parent, pk
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, signer, &key.PublicKey, signerKey)
	if err != nil {
		return nil, nil, fmt.Errorf("bench: pki: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, err
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	return cert, keyDER, err
}

// loadPool reads a PEM file into a certificate pool.
func loadPool(file string) (*x509.CertPool, error) {
	data, err := os.ReadFile(file) //nolint:gosec // a file this run wrote in its own temporary directory
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(data) {
		return nil, fmt.Errorf("bench: %s: no certificate", file)
	}
	return pool, nil
}

// loadKeyPair reads a PEM certificate and key, with Leaf parsed.
func loadKeyPair(dir, cert, key string) (*tls.Certificate, error) {
	kp, err := tls.LoadX509KeyPair(filepath.Join(dir, cert), filepath.Join(dir, key))
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	return &kp, nil
}

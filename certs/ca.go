// Package certs holds chatdlp's certificate authority and the leaf issuer that
// mints a certificate per intercepted host. It speaks standard-library types
// only (*x509.Certificate, *tls.Certificate, *tls.Config).
package certs

import (
	"crypto"
	"crypto/rand"
	"crypto/sha1" //nolint:gosec // SubjectKeyId method 1 of RFC 5280 4.2.1.2, not a security use.
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// File names CreateCA writes in its directory.
const (
	CertFileName = "ca.pem"
	KeyFileName  = "ca-key.pem"
)

// DefaultCommonName is the CA subject CN used when none is given.
const DefaultCommonName = "chatdlp CA"

// caValidity is the lifetime of a new CA certificate.
const caValidity = 10 * 365 * 24 * time.Hour

// CA is a loaded certificate authority: its certificate and private key.
// It is immutable and safe for concurrent use.
type CA struct {
	cert    *x509.Certificate
	key     crypto.Signer
	certPEM []byte
}

// Certificate returns the CA certificate; Certificate().Raw is its DER form.
// The caller must not modify it.
func (c *CA) Certificate() *x509.Certificate { return c.cert }

// CertPEM returns the CA certificate PEM-encoded, for trust stores.
func (c *CA) CertPEM() []byte { return append([]byte(nil), c.certPEM...) }

// TLSCertificate returns the CA as a tls.Certificate (certificate and key),
// for code that signs with the CA itself, such as a benchmark baseline proxy.
func (c *CA) TLSCertificate() tls.Certificate {
	return tls.Certificate{Certificate: [][]byte{c.cert.Raw}, PrivateKey: c.key, Leaf: c.cert}
}

// CreateCA creates a new CA in dir as ca.pem and ca-key.pem (mode 0600; dir is
// created with mode 0700). The key is ECDSA P-256, or RSA-3072 when useRSA.
// It refuses to overwrite either file.
func CreateCA(dir, commonName string, useRSA bool) (*CA, error) {
	return createCAFiles(filepath.Join(dir, CertFileName), filepath.Join(dir, KeyFileName), commonName, useRSA)
}

// LoadOrCreateCA loads the CA from certFile and keyFile, or creates an ECDSA
// P-256 CA there when neither file exists (created is then true). One file
// without the other is an error: nothing is overwritten.
func LoadOrCreateCA(certFile, keyFile, commonName string) (ca *CA, created bool, err error) {
	certExists, err := exists(certFile)
	if err != nil {
		return nil, false, err
	}
	keyExists, err := exists(keyFile)
	if err != nil {
		return nil, false, err
	}
	switch {
	case certExists && keyExists:
		ca, err = LoadCA(certFile, keyFile)
		return ca, false, err
	case certExists:
		return nil, false, fmt.Errorf("certs: %s exists but its key %s does not", certFile, keyFile)
	case keyExists:
		return nil, false, fmt.Errorf("certs: %s exists but its certificate %s does not", keyFile, certFile)
	}
	ca, err = createCAFiles(certFile, keyFile, commonName, false)
	return ca, err == nil, err
}

// exists reports whether path exists; errors other than "not exist" are returned.
func exists(path string) (bool, error) {
	_, err := os.Stat(path)
	if err == nil {
		return true, nil
	}
	if os.IsNotExist(err) {
		return false, nil
	}
	return false, fmt.Errorf("certs: %w", err)
}

// createCAFiles generates a CA and writes it to certFile and keyFile.
func createCAFiles(certFile, keyFile, commonName string, useRSA bool) (*CA, error) {
	for _, f := range []string{certFile, keyFile} {
		if ok, err := exists(f); err != nil {
			return nil, err
		} else if ok {
			return nil, fmt.Errorf("certs: create CA: %s already exists, refusing to overwrite", f)
		}
	}
	ca, err := newCA(commonName, useRSA, time.Now())
	if err != nil {
		return nil, err
	}
	keyPEM, err := encodeKeyPEM(ca.key)
	if err != nil {
		return nil, err
	}
	if err := writeNew(keyFile, keyPEM, 0o600); err != nil {
		return nil, err
	}
	if err := writeNew(certFile, ca.certPEM, 0o644); err != nil {
		_ = os.Remove(keyFile) // created just above by us; leave no half CA
		return nil, err
	}
	return ca, nil
}

// writeNew writes data to a new file (O_EXCL), creating its directory 0700.
func writeNew(path string, data []byte, mode os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("certs: create CA: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return fmt.Errorf("certs: create CA: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		_ = f.Close()
		_ = os.Remove(path)
		return fmt.Errorf("certs: create CA: %w", err)
	}
	if err := f.Close(); err != nil {
		_ = os.Remove(path)
		return fmt.Errorf("certs: create CA: %w", err)
	}
	return nil
}

// newCA generates a key and a self-signed CA certificate valid from now-1h
// for ten years.
func newCA(commonName string, useRSA bool, now time.Time) (*CA, error) {
	if commonName == "" {
		commonName = DefaultCommonName
	}
	key, err := newKey(useRSA)
	if err != nil {
		return nil, fmt.Errorf("certs: generate CA key: %w", err)
	}
	tmpl, err := caTemplate(commonName, key.Public(), now)
	if err != nil {
		return nil, err
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, fmt.Errorf("certs: sign CA certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("certs: parse CA certificate: %w", err)
	}
	return &CA{cert: cert, key: key, certPEM: encodeCertPEM(der)}, nil
}

// caTemplate is the CA certificate: CA:true, path length 0, CertSign|CRLSign.
func caTemplate(commonName string, pub crypto.PublicKey, now time.Time) (*x509.Certificate, error) {
	serial, err := newSerial()
	if err != nil {
		return nil, err
	}
	ski, err := subjectKeyID(pub)
	if err != nil {
		return nil, err
	}
	notBefore := now.Add(-time.Hour).UTC().Truncate(time.Second)
	return &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: commonName, Organization: []string{"chatdlp"}},
		NotBefore:             notBefore,
		NotAfter:              notBefore.Add(caValidity),
		IsCA:                  true,
		BasicConstraintsValid: true,
		MaxPathLen:            0,
		MaxPathLenZero:        true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		SubjectKeyId:          ski,
	}, nil
}

// subjectKeyID is the SHA-1 of the subjectPublicKey bit string (RFC 5280 method 1).
func subjectKeyID(pub crypto.PublicKey) ([]byte, error) {
	spki, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, fmt.Errorf("certs: subject key id: %w", err)
	}
	var info struct {
		Algorithm pkix.AlgorithmIdentifier
		PublicKey asn1.BitString
	}
	if _, err := asn1.Unmarshal(spki, &info); err != nil {
		return nil, fmt.Errorf("certs: subject key id: %w", err)
	}
	sum := sha1.Sum(info.PublicKey.Bytes) //nolint:gosec // key identifier, not security.
	return sum[:], nil
}

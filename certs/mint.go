package certs

import (
	"crypto"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"net"
	"net/netip"
	"time"
)

// maxCNLen is the upper bound of the X.520 commonName attribute; longer
// names go in the SAN only.
const maxCNLen = 64

// mustLeafKey generates the issuer's ECDSA P-256 leaf key. Since Go 1.24 the
// system random source cannot fail (the runtime aborts instead), so an error
// here is unreachable in practice.
func mustLeafKey() crypto.Signer {
	key, err := newKey(false)
	if err != nil {
		panic(fmt.Sprintf("certs: generate leaf key: %v", err))
	}
	return key
}

// mint signs a new leaf for name (normalized) valid from now-1h for the
// issuer's validity, never beyond the CA's own NotAfter.
func (i *Issuer) mint(name string, now time.Time) (*tls.Certificate, error) {
	ca := i.ca.cert
	if !now.Before(ca.NotAfter) {
		return nil, fmt.Errorf("certs: leaf %s: CA certificate expired on %s", name, ca.NotAfter.UTC().Format(time.RFC3339))
	}
	tmpl, err := leafTemplate(name, now, i.validity, ca)
	if err != nil {
		return nil, err
	}
	key := i.leafKey
	if key == nil {
		if key, err = newKey(false); err != nil {
			return nil, fmt.Errorf("certs: leaf %s: generate key: %w", name, err)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, key.Public(), i.ca.key)
	if err != nil {
		return nil, fmt.Errorf("certs: leaf %s: sign: %w", name, err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("certs: leaf %s: parse: %w", name, err)
	}
	return &tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, nil
}

// leafTemplate is a TLS server certificate for name: an IP SAN for an IP
// literal, else a DNS SAN; the CN repeats the name when it fits.
func leafTemplate(name string, now time.Time, validity time.Duration, ca *x509.Certificate) (*x509.Certificate, error) {
	serial, err := newSerial()
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		NotBefore:             later(now.Add(-backdate), ca.NotBefore),
		NotAfter:              earlier(now.Add(validity), ca.NotAfter),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
	}
	if len(name) <= maxCNLen {
		tmpl.Subject = pkix.Name{CommonName: name}
	}
	if ip, err := netip.ParseAddr(name); err == nil {
		tmpl.IPAddresses = []net.IP{ip.AsSlice()}
	} else {
		tmpl.DNSNames = []string{name}
	}
	return tmpl, nil
}

// later returns the later of a and b.
func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// earlier returns the earlier of a and b.
func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

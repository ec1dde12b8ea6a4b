package certs

import (
	"crypto/x509"
	"fmt"
	"os"
	"runtime"
	"time"
)

// LoadCA loads a CA certificate and its private key from PEM files. It refuses
// a key file that group or others may read or write, a certificate that is not
// a CA (basic constraints CA:true, key usage CertSign), an expired CA, and a
// key that does not match the certificate.
func LoadCA(certFile, keyFile string) (*CA, error) {
	if err := checkKeyFileMode(keyFile); err != nil {
		return nil, err
	}
	certPEM, err := os.ReadFile(certFile)
	if err != nil {
		return nil, fmt.Errorf("certs: load CA: %w", err)
	}
	keyPEM, err := os.ReadFile(keyFile)
	if err != nil {
		return nil, fmt.Errorf("certs: load CA: %w", err)
	}
	return parseCA(certPEM, keyPEM, certFile, keyFile, time.Now())
}

// checkKeyFileMode refuses a key file with any group or other permission bit.
// Windows has no such mode bits and is not checked.
func checkKeyFileMode(keyFile string) error {
	fi, err := os.Stat(keyFile)
	if err != nil {
		return fmt.Errorf("certs: load CA: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("certs: load CA: %s is not a regular file", keyFile)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("certs: load CA: key file %s has mode %04o, accessible by group or others: run `chmod 600 %s`",
			keyFile, fi.Mode().Perm(), keyFile)
	}
	return nil
}

// parseCA parses and checks a CA certificate and key; the file names are for messages.
func parseCA(certPEM, keyPEM []byte, certFile, keyFile string, now time.Time) (*CA, error) {
	cert, err := parseCertPEM(certPEM)
	if err != nil {
		return nil, fmt.Errorf("certs: load CA: %s: %w", certFile, err)
	}
	if err := checkCACert(cert, now); err != nil {
		return nil, fmt.Errorf("certs: load CA: %s: %w", certFile, err)
	}
	key, err := parseKeyPEM(keyPEM)
	if err != nil {
		return nil, fmt.Errorf("certs: load CA: %s: %w", keyFile, err)
	}
	if !publicKeysMatch(cert.PublicKey, key) {
		return nil, fmt.Errorf("certs: load CA: key %s does not match certificate %s", keyFile, certFile)
	}
	return &CA{cert: cert, key: key, certPEM: encodeCertPEM(cert.Raw)}, nil
}

// checkCACert requires a CA certificate that may sign certificates and is
// valid at now.
func checkCACert(cert *x509.Certificate, now time.Time) error {
	if !cert.BasicConstraintsValid || !cert.IsCA {
		return fmt.Errorf("certificate %q is not a CA (basic constraints CA:true missing)", cert.Subject.CommonName)
	}
	if cert.KeyUsage != 0 && cert.KeyUsage&x509.KeyUsageCertSign == 0 {
		return fmt.Errorf("CA certificate %q lacks the certSign key usage", cert.Subject.CommonName)
	}
	if now.After(cert.NotAfter) {
		return fmt.Errorf("CA certificate %q expired on %s: create a new CA", cert.Subject.CommonName,
			cert.NotAfter.UTC().Format(time.RFC3339))
	}
	return nil
}

package certs

import (
	"crypto/x509"
	"fmt"
	"os"
)

// LoadRoots builds a pool of trust anchors from a list of the word
// "system" (the system's roots) and PEM files, as the configuration
// writes them (upstream.roots, files.executables.roots); key names the
// setting in errors. An empty list is an empty pool.
func LoadRoots(key string, roots []string) (*x509.CertPool, error) {
	pool := x509.NewCertPool()
	for _, r := range roots {
		if r == "system" {
			sys, err := x509.SystemCertPool()
			if err != nil {
				return nil, fmt.Errorf("certs: %s: system: %w", key, err)
			}
			pool = sys.Clone()
			break
		}
	}
	for _, r := range roots {
		if r == "system" {
			continue
		}
		pem, err := os.ReadFile(r)
		if err != nil {
			return nil, fmt.Errorf("certs: %s: %w", key, err)
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("certs: %s: %s: no PEM certificate", key, r)
		}
	}
	return pool, nil
}

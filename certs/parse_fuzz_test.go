package certs

import (
	"testing"
	"time"
)

// FuzzParseCA feeds arbitrary certificate and key PEM to the CA loader: it
// must never panic, and anything it accepts is a CA whose key matches.
func FuzzParseCA(f *testing.F) {
	ca, err := newCA("fuzz", false, time.Now())
	if err != nil {
		f.Fatal(err)
	}
	keyPEM, err := encodeKeyPEM(ca.key)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(ca.certPEM, keyPEM) // generated per run: no key is committed
	f.Add(ca.certPEM, []byte("-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n"))
	now := time.Now()
	f.Fuzz(func(t *testing.T, certPEM, keyPEM []byte) {
		got, err := parseCA(certPEM, keyPEM, "ca.pem", "ca-key.pem", now)
		if err != nil {
			return
		}
		c := got.Certificate()
		if !c.IsCA || !publicKeysMatch(c.PublicKey, got.key) {
			t.Fatalf("parseCA(): accepted a non-CA or mismatched key: IsCA=%v", c.IsCA)
		}
	})
}

package certs

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadOrCreateCA(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "chatdlp-ca")
	certFile, keyFile := filepath.Join(dir, CertFileName), filepath.Join(dir, KeyFileName)
	first, created, err := LoadOrCreateCA(certFile, keyFile, "first run")
	if err != nil || !created {
		t.Fatalf("LoadOrCreateCA() first: got created=%v err=%v, want true nil", created, err)
	}
	second, created, err := LoadOrCreateCA(certFile, keyFile, "ignored")
	if err != nil || created {
		t.Fatalf("LoadOrCreateCA() second: got created=%v err=%v, want false nil", created, err)
	}
	if !bytes.Equal(first.Certificate().Raw, second.Certificate().Raw) {
		t.Errorf("LoadOrCreateCA() second: got a different CA, want the one created first")
	}
	if got := second.Certificate().Subject.CommonName; got != "first run" {
		t.Errorf("CommonName: got %q, want %q", got, "first run")
	}
}

func TestLoadOrCreateCAHalfPresent(t *testing.T) {
	tests := []struct{ name, remove string }{
		{"cert without key", KeyFileName},
		{"key without cert", CertFileName},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			certFile, keyFile := created(t, dir)
			if err := os.Remove(filepath.Join(dir, tt.remove)); err != nil {
				t.Fatal(err)
			}
			_, got, err := LoadOrCreateCA(certFile, keyFile, "x")
			if err == nil || !strings.Contains(err.Error(), "does not") {
				t.Fatalf("LoadOrCreateCA(): got %v, want an error naming the missing file", err)
			}
			if got {
				t.Errorf("LoadOrCreateCA(): got created=true, want false")
			}
		})
	}
}

func TestTLSCertificate(t *testing.T) {
	ca := testCA(t)
	tc := ca.TLSCertificate()
	if tc.Leaf != ca.Certificate() || len(tc.Certificate) != 1 || tc.PrivateKey == nil {
		t.Fatalf("TLSCertificate(): got %+v, want the CA cert and key", tc)
	}
}

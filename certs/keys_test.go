package certs

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseKeyPEM(t *testing.T) {
	ec, err := newKey(false)
	if err != nil {
		t.Fatal(err)
	}
	dir := sharedRSACADir(t)
	rsaCA, err := LoadCA(filepath.Join(dir, CertFileName), filepath.Join(dir, KeyFileName))
	if err != nil {
		t.Fatal(err)
	}
	rk := rsaCA.key.(*rsa.PrivateKey)
	sec1, err := x509.MarshalECPrivateKey(ec.(*ecdsa.PrivateKey))
	if err != nil {
		t.Fatal(err)
	}
	_, edKey, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	edPKCS8, err := x509.MarshalPKCS8PrivateKey(edKey)
	if err != nil {
		t.Fatal(err)
	}
	pkcs8, err := encodeKeyPEM(ec)
	if err != nil {
		t.Fatal(err)
	}
	block := func(typ string, der []byte, h map[string]string) []byte {
		return pem.EncodeToMemory(&pem.Block{Type: typ, Headers: h, Bytes: der})
	}
	tests := []struct {
		name, wantErr string
		in            []byte
	}{
		{"pkcs8 ecdsa", "", pkcs8},
		{"sec1 ecdsa after a cert block", "", append(block("CERTIFICATE", []byte{1}, nil), block("EC PRIVATE KEY", sec1, nil)...)},
		{"pkcs1 rsa", "", block("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(rk), nil)},
		{"ed25519", "unsupported key type", block("PRIVATE KEY", edPKCS8, nil)},
		{"legacy encrypted", "encrypted", block("RSA PRIVATE KEY", []byte{1}, map[string]string{"Proc-Type": "4,ENCRYPTED"})},
		{"pkcs8 encrypted", "encrypted", block("ENCRYPTED PRIVATE KEY", []byte{1}, nil)},
		{"no block", "no PEM private key", []byte("hello")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key, err := parseKeyPEM(tt.in)
			if tt.wantErr == "" {
				if err != nil || key == nil {
					t.Fatalf("parseKeyPEM(): got %v, want a key", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("parseKeyPEM(): got %v, want error containing %q", err, tt.wantErr)
			}
		})
	}
}

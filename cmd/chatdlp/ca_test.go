package main

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// parseCertFile parses the first certificate of a PEM file.
func parseCertFile(t testing.TB, path string) *x509.Certificate {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "CERTIFICATE" {
		t.Fatalf("%s: no CERTIFICATE block", path)
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	return cert
}

func TestCAInit(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     []string
		dir     string // relative to the working directory
		wantCN  string
		wantRSA bool
	}{
		{"default", []string{"ca", "init"}, nil, defaultCADir, defaultCAName, false},
		{"flags", []string{"ca", "init", "--dir", "corp-ca", "--name", "Acme Proxy CA"}, nil, "corp-ca", "Acme Proxy CA", false},
		{"rsa", []string{"ca", "init", "-rsa", "-dir", "rsa-ca"}, nil, "rsa-ca", defaultCAName, true},
		{"env", []string{"ca", "init"}, []string{"CHATDLP_DIR=env-ca", "CHATDLP_NAME=Env CA", "CHATDLP_RSA=false"}, "env-ca", "Env CA", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wd := t.TempDir()
			r := chatdlp(t, runOpts{dir: wd, env: tt.env}, tt.args...)
			wantCode(t, r, exitOK)
			certPath := filepath.Join(wd, tt.dir, caCertFile)
			keyPath := filepath.Join(wd, tt.dir, caKeyFile)
			st, err := os.Stat(keyPath)
			if err != nil {
				t.Fatalf("key: %v", err)
			}
			if perm := st.Mode().Perm(); perm != 0o600 {
				t.Errorf("key mode: got %v, want 0600", perm)
			}
			cert := parseCertFile(t, certPath)
			if !cert.IsCA {
				t.Errorf("IsCA: got false, want true")
			}
			if cert.Subject.CommonName != tt.wantCN {
				t.Errorf("CN: got %q, want %q", cert.Subject.CommonName, tt.wantCN)
			}
			switch k := cert.PublicKey.(type) {
			case *rsa.PublicKey:
				if !tt.wantRSA || k.N.BitLen() != 3072 {
					t.Errorf("key: got RSA-%d, want RSA-3072: %v", k.N.BitLen(), tt.wantRSA)
				}
			case *ecdsa.PublicKey:
				if tt.wantRSA || k.Curve.Params().Name != "P-256" {
					t.Errorf("key: got ECDSA %s, want P-256: %v", k.Curve.Params().Name, !tt.wantRSA)
				}
			default:
				t.Errorf("key: got %T", k)
			}
			if !strings.Contains(r.stdout, certPath[len(wd)+1:]) {
				t.Errorf("stdout: got %q, want the certificate path", r.stdout)
			}
		})
	}
}

func TestCAInitRefusesOverwrite(t *testing.T) {
	wd := t.TempDir()
	wantCode(t, chatdlp(t, runOpts{dir: wd}, "ca", "init"), exitOK)
	certPath := filepath.Join(wd, defaultCADir, caCertFile)
	keyPath := filepath.Join(wd, defaultCADir, caKeyFile)
	cert, _ := os.ReadFile(certPath)
	key, _ := os.ReadFile(keyPath)

	r := chatdlp(t, runOpts{dir: wd}, "ca", "init", "--rsa")
	wantCode(t, r, exitError)
	if r.stderr == "" {
		t.Errorf("stderr: got nothing, want a reason")
	}
	cert2, _ := os.ReadFile(certPath)
	key2, _ := os.ReadFile(keyPath)
	if !bytes.Equal(cert, cert2) || !bytes.Equal(key, key2) {
		t.Errorf("ca init twice: the CA files changed, want them untouched")
	}
}

func TestCAExport(t *testing.T) {
	wd := t.TempDir()
	wantCode(t, chatdlp(t, runOpts{dir: wd}, "ca", "init", "--dir", "ca"), exitOK)
	want := parseCertFile(t, filepath.Join(wd, "ca", caCertFile))

	t.Run("pem", func(t *testing.T) {
		r := chatdlp(t, runOpts{dir: wd}, "ca", "export", "--dir", "ca")
		wantCode(t, r, exitOK)
		block, rest := pem.Decode([]byte(r.stdout))
		if block == nil || block.Type != "CERTIFICATE" || len(bytes.TrimSpace(rest)) != 0 {
			t.Fatalf("export: got %q, want one CERTIFICATE block", r.stdout)
		}
		if !bytes.Equal(block.Bytes, want.Raw) {
			t.Errorf("export: got another certificate than ca.pem")
		}
		if strings.Contains(r.stdout, "PRIVATE KEY") {
			t.Errorf("export: got a private key in the output")
		}
	})
	t.Run("der", func(t *testing.T) {
		r := chatdlp(t, runOpts{dir: wd, env: []string{"CHATDLP_DIR=ca"}}, "ca", "export", "--der")
		wantCode(t, r, exitOK)
		if !bytes.Equal([]byte(r.stdout), want.Raw) {
			t.Errorf("export --der: got %d bytes, want the %d DER bytes of ca.pem", len(r.stdout), len(want.Raw))
		}
	})
	t.Run("missing", func(t *testing.T) {
		r := chatdlp(t, runOpts{dir: wd}, "ca", "export", "--dir", "nope")
		wantCode(t, r, exitError)
		if !strings.Contains(r.stderr, "ca init") {
			t.Errorf("stderr: got %q, want a hint to run ca init", r.stderr)
		}
	})
}

package certs

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestCreateLoadRoundtrip(t *testing.T) {
	tests := []struct {
		name   string
		dir    func(t *testing.T) string
		useRSA bool
	}{
		{"ecdsa", func(t *testing.T) string {
			dir := filepath.Join(t.TempDir(), "ca")
			if _, err := CreateCA(dir, "roundtrip", false); err != nil {
				t.Fatalf("CreateCA(): %v", err)
			}
			return dir
		}, false},
		{"rsa", func(t *testing.T) string { return sharedRSACADir(t) }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tt.dir(t)
			ca, err := LoadCA(filepath.Join(dir, CertFileName), filepath.Join(dir, KeyFileName))
			if err != nil {
				t.Fatalf("LoadCA(): got %v, want nil", err)
			}
			checkCAProfile(t, ca.Certificate())
			checkCAKeyType(t, ca, tt.useRSA)
			checkFileModes(t, dir)
			onDisk, err := os.ReadFile(filepath.Join(dir, CertFileName))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(ca.CertPEM(), onDisk) {
				t.Errorf("CertPEM(): differs from %s", CertFileName)
			}
		})
	}
}

// checkCAProfile checks the CA certificate fields the issue asks for.
func checkCAProfile(t *testing.T, c *x509.Certificate) {
	t.Helper()
	if !c.IsCA || !c.BasicConstraintsValid {
		t.Errorf("IsCA: got %v, want true", c.IsCA)
	}
	if c.MaxPathLen != 0 || !c.MaxPathLenZero {
		t.Errorf("MaxPathLen: got %d (zero=%v), want 0", c.MaxPathLen, c.MaxPathLenZero)
	}
	if want := x509.KeyUsageCertSign | x509.KeyUsageCRLSign; c.KeyUsage != want {
		t.Errorf("KeyUsage: got %v, want %v", c.KeyUsage, want)
	}
	if len(c.SubjectKeyId) != 20 {
		t.Errorf("SubjectKeyId: got %d bytes, want 20", len(c.SubjectKeyId))
	}
	if years := c.NotAfter.Sub(c.NotBefore).Hours() / 24 / 365; years < 9.9 || years > 10.1 {
		t.Errorf("validity: got %.2f years, want 10", years)
	}
	if bits := c.SerialNumber.BitLen(); bits < 100 || bits > 128 {
		t.Errorf("serial: got %d bits, want random 128-bit", bits)
	}
}

// checkCAKeyType checks the CA key algorithm and size.
func checkCAKeyType(t *testing.T, ca *CA, useRSA bool) {
	t.Helper()
	switch k := ca.Certificate().PublicKey.(type) {
	case *rsa.PublicKey:
		if !useRSA || k.N.BitLen() != 3072 {
			t.Errorf("key: got RSA-%d, want useRSA=%v RSA-3072", k.N.BitLen(), useRSA)
		}
	case *ecdsa.PublicKey:
		if useRSA || k.Curve != elliptic.P256() {
			t.Errorf("key: got ECDSA %s, want useRSA=%v P-256", k.Curve.Params().Name, useRSA)
		}
	default:
		t.Errorf("key: got %T", k)
	}
}

// checkFileModes checks the key file is 0600.
func checkFileModes(t *testing.T, dir string) {
	t.Helper()
	fi, err := os.Stat(filepath.Join(dir, KeyFileName))
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o600 {
		t.Errorf("key mode: got %04o, want 0600", got)
	}
}

func TestCreateCARefusesOverwrite(t *testing.T) {
	tests := []struct{ name, existing string }{
		{"cert exists", CertFileName},
		{"key exists", KeyFileName},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, tt.existing)
			if err := os.WriteFile(path, []byte("precious"), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := CreateCA(dir, "x", false)
			if err == nil || !strings.Contains(err.Error(), "refusing to overwrite") {
				t.Fatalf("CreateCA(): got %v, want refusing to overwrite", err)
			}
			if got, _ := os.ReadFile(path); string(got) != "precious" {
				t.Errorf("%s: got %q, want it untouched", tt.existing, got)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				t.Errorf("dir: got %d files, want only the existing one", len(entries))
			}
		})
	}
}

func TestCreateCADirMode(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "ca")
	if _, err := CreateCA(dir, "", false); err != nil {
		t.Fatalf("CreateCA(): %v", err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o700 {
		t.Errorf("dir mode: got %04o, want 0700", got)
	}
	ca, err := LoadCA(filepath.Join(dir, CertFileName), filepath.Join(dir, KeyFileName))
	if err != nil {
		t.Fatalf("LoadCA(): %v", err)
	}
	if got := ca.Certificate().Subject.CommonName; got != DefaultCommonName {
		t.Errorf("CommonName: got %q, want %q", got, DefaultCommonName)
	}
}

func TestLoadCARefuses(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string) (certFile, keyFile string)
		want  string
	}{
		{"key mode 0644", func(t *testing.T, dir string) (string, string) {
			c, k := created(t, dir)
			chmod(t, k, 0o644)
			return c, k
		}, "chmod 600"},
		{"key mode 0660", func(t *testing.T, dir string) (string, string) {
			c, k := created(t, dir)
			chmod(t, k, 0o660)
			return c, k
		}, "chmod 600"},
		{"key mode 0602", func(t *testing.T, dir string) (string, string) {
			c, k := created(t, dir)
			chmod(t, k, 0o602)
			return c, k
		}, "chmod 600"},
		{"not a CA", func(t *testing.T, dir string) (string, string) {
			der, key := selfSigned(t, plainTemplate())
			return writeCA(t, dir, der, key)
		}, "not a CA"},
		{"CA without certSign", func(t *testing.T, dir string) (string, string) {
			tmpl := plainTemplate()
			tmpl.IsCA, tmpl.BasicConstraintsValid = true, true
			der, key := selfSigned(t, tmpl)
			return writeCA(t, dir, der, key)
		}, "certSign"},
		{"expired CA", func(t *testing.T, dir string) (string, string) {
			old, err := newCA("old", false, time.Now().Add(-caValidity-48*time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			return writeCA(t, dir, old.cert.Raw, old.key)
		}, "expired"},
		{"key does not match", func(t *testing.T, dir string) (string, string) {
			c, k := created(t, dir)
			other := testCA(t)
			keyPEM, _ := encodeKeyPEM(other.key)
			if err := os.WriteFile(k, keyPEM, 0o600); err != nil {
				t.Fatal(err)
			}
			return c, k
		}, "does not match"},
		{"garbage key", func(t *testing.T, dir string) (string, string) {
			c, k := created(t, dir)
			if err := os.WriteFile(k, []byte("not pem"), 0o600); err != nil {
				t.Fatal(err)
			}
			return c, k
		}, "no PEM private key"},
		{"missing cert", func(t *testing.T, dir string) (string, string) {
			c, k := created(t, dir)
			if err := os.Remove(c); err != nil {
				t.Fatal(err)
			}
			return c, k
		}, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			certFile, keyFile := tt.setup(t, t.TempDir())
			ca, err := LoadCA(certFile, keyFile)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("LoadCA(): got %v, want error containing %q", err, tt.want)
			}
			if ca != nil {
				t.Errorf("LoadCA(): got CA %v with error, want nil", ca)
			}
			if !strings.HasPrefix(err.Error(), "certs: ") {
				t.Errorf("LoadCA(): error %q lacks the certs: prefix", err)
			}
		})
	}
}

// created makes a CA in dir and returns its file names.
func created(t *testing.T, dir string) (certFile, keyFile string) {
	t.Helper()
	if _, err := CreateCA(dir, "t", false); err != nil {
		t.Fatalf("CreateCA(): %v", err)
	}
	return filepath.Join(dir, CertFileName), filepath.Join(dir, KeyFileName)
}

// chmod sets a file mode or fails the test.
func chmod(t *testing.T, path string, mode os.FileMode) {
	t.Helper()
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}

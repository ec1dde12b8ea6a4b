package filestest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// The fixtures are made at test time, never committed: certificates and
// keys from crypto/x509, a Windows program from the Go toolchain
// (GOOS=windows), a minimal PE from its byte layout, and signatures from
// Debian's osslsigncode (listed in .ci/deps). A missing tool fails the
// test: a skipped trust check is no check.

// OsslsigncodeHint is the install hint of a missing osslsigncode.
const OsslsigncodeHint = "osslsigncode not found: apt-get install osslsigncode (it is in .ci/deps)"

// Signers are the certificates and keys the fixtures are signed with.
type Signers struct {
	Dir       string
	Roots     *x509.CertPool    // the trusted root
	RootPEM   string            // the trusted root's PEM file
	Now       time.Time         // the certificates are valid an hour either side
	Trusted   *x509.Certificate // leaf under the trusted root (through an intermediate)
	Untrusted *x509.Certificate // leaf under a CA not in Roots
	Files     map[string][2]string
}

var (
	signersOnce sync.Once
	signersVal  *Signers
	signersErr  error

	exeOnce sync.Once
	exeVal  []byte
	exeErr  error
)

// TestSigners makes (once per test binary) a root, an intermediate, a
// code-signing leaf under them, a code-signing leaf under an untrusted CA
// and a leaf without the code-signing EKU, written as PEM files for
// osslsigncode.
func TestSigners(t testing.TB) *Signers {
	t.Helper()
	if _, err := exec.LookPath("osslsigncode"); err != nil {
		t.Fatal(OsslsigncodeHint)
	}
	signersOnce.Do(func() { signersVal, signersErr = makeSigners() })
	if signersErr != nil {
		t.Fatal(signersErr)
	}
	return signersVal
}

func makeSigners() (*Signers, error) {
	dir, err := os.MkdirTemp("", "chatdlp-authenticode-")
	if err != nil {
		return nil, err
	}
	now := time.Now()
	s := &Signers{Dir: dir, Roots: x509.NewCertPool(), Now: now, Files: map[string][2]string{}}
	serial := int64(1)
	issue := func(tmpl *x509.Certificate, parent *x509.Certificate, parentKey crypto.Signer, key crypto.Signer) (*x509.Certificate, error) {
		serial++
		tmpl.SerialNumber = big.NewInt(serial)
		tmpl.NotBefore, tmpl.NotAfter = now.Add(-time.Hour), now.Add(24*time.Hour)
		if parent == nil {
			parent, parentKey = tmpl, key
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, key.Public(), parentKey)
		if err != nil {
			return nil, err
		}
		return x509.ParseCertificate(der)
	}
	ecKey := func() crypto.Signer { k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader); return k }
	ca := func(cn string) *x509.Certificate {
		return &x509.Certificate{Subject: pkix.Name{CommonName: cn}, IsCA: true, BasicConstraintsValid: true,
			KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign}
	}
	leaf := func(cn string, eku x509.ExtKeyUsage) *x509.Certificate {
		return &x509.Certificate{Subject: pkix.Name{CommonName: cn, Organization: []string{"Acme"}, Country: []string{"GB"}},
			KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{eku}}
	}
	write := func(name string, key crypto.Signer, chain ...*x509.Certificate) error {
		var certs []byte
		for _, c := range chain {
			certs = append(certs, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
		}
		k, err := x509.MarshalPKCS8PrivateKey(key)
		if err != nil {
			return err
		}
		cf, kf := filepath.Join(dir, name+".pem"), filepath.Join(dir, name+".key")
		s.Files[name] = [2]string{cf, kf}
		if err := os.WriteFile(cf, certs, 0o600); err != nil {
			return err
		}
		return os.WriteFile(kf, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: k}), 0o600)
	}

	rootKey, interKey, otherKey := ecKey(), ecKey(), ecKey()
	root, err := issue(ca("chatdlp test root"), nil, nil, rootKey)
	if err != nil {
		return nil, err
	}
	s.Roots.AddCert(root)
	s.RootPEM = filepath.Join(dir, "root.pem")
	if err := os.WriteFile(s.RootPEM, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: root.Raw}), 0o600); err != nil {
		return nil, err
	}
	inter, err := issue(ca("chatdlp test code signing CA"), root, rootKey, interKey)
	if err != nil {
		return nil, err
	}
	other, err := issue(ca("untrusted CA"), nil, nil, otherKey)
	if err != nil {
		return nil, err
	}
	leafKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	if s.Trusted, err = issue(leaf("Acme Code Signing", x509.ExtKeyUsageCodeSigning), inter, interKey, leafKey); err != nil {
		return nil, err
	}
	untrustKey := ecKey() // an ECDSA signer: the other key type
	if s.Untrusted, err = issue(leaf("Acme Code Signing", x509.ExtKeyUsageCodeSigning), other, otherKey, untrustKey); err != nil {
		return nil, err
	}
	serverKey := ecKey()
	server, err := issue(leaf("Acme Web Server", x509.ExtKeyUsageServerAuth), inter, interKey, serverKey)
	if err != nil {
		return nil, err
	}
	for _, w := range []struct {
		name  string
		key   crypto.Signer
		chain []*x509.Certificate
	}{{"trusted", leafKey, []*x509.Certificate{s.Trusted, inter}}, {"untrusted", untrustKey, []*x509.Certificate{s.Untrusted}},
		{"noeku", serverKey, []*x509.Certificate{server, inter}}} {
		if err := write(w.name, w.key, w.chain...); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Sign signs in with osslsigncode as who ("trusted", "untrusted", "noeku")
// with the image digest hash.
func (s *Signers) Sign(t testing.TB, in []byte, who, hash string) []byte {
	t.Helper()
	f, err := os.CreateTemp(s.Dir, "in-*.exe")
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(in); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out := strings.TrimSuffix(f.Name(), ".exe") + "-signed.exe"
	defer os.Remove(out)
	cmd := exec.Command("osslsigncode", "sign", "-certs", s.Files[who][0], "-key", s.Files[who][1],
		"-h", hash, "-in", f.Name(), "-out", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("osslsigncode sign: %v\n%s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// WindowsExe builds (once per test binary) a small Windows program.
func WindowsExe(t testing.TB) []byte {
	t.Helper()
	exeOnce.Do(func() {
		dir, err := os.MkdirTemp("", "chatdlp-winexe-")
		if err != nil {
			exeErr = err
			return
		}
		defer os.RemoveAll(dir)
		if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n\nfunc main() { println(\"hello\") }\n"), 0o600); err != nil {
			exeErr = err
			return
		}
		if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module hello\n\ngo 1.22\n"), 0o600); err != nil {
			exeErr = err
			return
		}
		cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s", "-o", "a.exe", ".")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0", "GOWORK=off", "GOFLAGS=-buildvcs=false")
		if b, err := cmd.CombinedOutput(); err != nil {
			exeErr = fmt.Errorf("go build a Windows program: %w\n%s", err, b)
			return
		}
		exeVal, exeErr = os.ReadFile(filepath.Join(dir, "a.exe"))
	})
	if exeErr != nil {
		t.Fatal(exeErr)
	}
	return exeVal
}

// MinimalPE is a PE32 or PE32+ image from its byte layout: headers and
// one code section that returns.
func MinimalPE(plus bool) []byte {
	b := make([]byte, 0x400)
	le := binary.LittleEndian
	copy(b, "MZ")
	le.PutUint32(b[0x3c:], 0x40)
	copy(b[0x40:], "PE\x00\x00")
	coff := b[0x44:]
	optSize := 224
	machine := uint16(0x14c)
	if plus {
		optSize, machine = 240, 0x8664
	}
	le.PutUint16(coff[0:], machine)
	le.PutUint16(coff[2:], 1) // sections
	le.PutUint16(coff[16:], uint16(optSize))
	le.PutUint16(coff[18:], 0x0102) // executable, 32-bit machine
	opt := b[0x58:]
	le.PutUint32(opt[16:], 0x1000) // entry point
	le.PutUint32(opt[20:], 0x1000) // base of code
	if plus {
		le.PutUint16(opt[0:], 0x20b)
		le.PutUint64(opt[24:], 0x140000000)
		le.PutUint32(opt[108:], 16)
	} else {
		le.PutUint16(opt[0:], 0x10b)
		le.PutUint32(opt[28:], 0x400000)
		le.PutUint32(opt[92:], 16)
	}
	le.PutUint32(opt[32:], 0x1000) // section alignment
	le.PutUint32(opt[36:], 0x200)  // file alignment
	le.PutUint16(opt[40:], 6)      // OS version
	le.PutUint16(opt[48:], 6)      // subsystem version
	le.PutUint32(opt[56:], 0x2000) // size of image
	le.PutUint32(opt[60:], 0x200)  // size of headers
	le.PutUint16(opt[68:], 3)      // console
	sec := b[0x58+optSize:]
	copy(sec, ".text")
	le.PutUint32(sec[8:], 1)       // virtual size
	le.PutUint32(sec[12:], 0x1000) // virtual address
	le.PutUint32(sec[16:], 0x200)  // raw size
	le.PutUint32(sec[20:], 0x200)  // raw offset
	le.PutUint32(sec[36:], 0x60000020)
	b[0x200] = 0xc3 // ret
	return b
}

// SectionInTable is a minimal PE32+ whose second section's raw data is
// past the end of the file, where the certificate table goes when signed:
// the loader would map bytes of the signature, which the image digest
// does not cover.
func SectionInTable() []byte {
	b := MinimalPE(true)
	le := binary.LittleEndian
	le.PutUint16(b[0x46:], 2)
	le.PutUint32(b[0x58+56:], 0x3000) // size of image
	sec := b[0x58+240+40:]
	copy(sec, ".evil")
	le.PutUint32(sec[8:], 0x200)
	le.PutUint32(sec[12:], 0x2000)
	le.PutUint32(sec[16:], 0x200)
	le.PutUint32(sec[20:], uint32(len(b)))
	le.PutUint32(sec[36:], 0x60000020)
	return b
}

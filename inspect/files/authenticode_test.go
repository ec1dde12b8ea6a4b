package files

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	debugpe "debug/pe"
	"encoding/binary"
	"encoding/hex"
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

const osslsigncodeHint = "osslsigncode not found: apt-get install osslsigncode (it is in .ci/deps)"

// signers are the certificates and keys the fixtures are signed with.
type signers struct {
	dir     string
	roots   *x509.CertPool
	now     time.Time
	trusted *x509.Certificate // leaf under the trusted root (through an intermediate)
	untrust *x509.Certificate // leaf under a CA not in roots
	files   map[string][2]string
}

var (
	signersOnce sync.Once
	signersVal  *signers
	signersErr  error

	exeOnce sync.Once
	exeVal  []byte
	exeErr  error
)

// testSigners makes (once per test binary) a root, an intermediate, a
// code-signing leaf under them, a code-signing leaf under an untrusted CA
// and a leaf without the code-signing EKU, written as PEM files for
// osslsigncode.
func testSigners(t testing.TB) *signers {
	t.Helper()
	if _, err := exec.LookPath("osslsigncode"); err != nil {
		t.Fatal(osslsigncodeHint)
	}
	signersOnce.Do(func() { signersVal, signersErr = makeSigners() })
	if signersErr != nil {
		t.Fatal(signersErr)
	}
	return signersVal
}

func makeSigners() (*signers, error) {
	dir, err := os.MkdirTemp("", "chatdlp-authenticode-")
	if err != nil {
		return nil, err
	}
	now := time.Now()
	s := &signers{dir: dir, roots: x509.NewCertPool(), now: now, files: map[string][2]string{}}
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
		s.files[name] = [2]string{cf, kf}
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
	s.roots.AddCert(root)
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
	if s.trusted, err = issue(leaf("Acme Code Signing", x509.ExtKeyUsageCodeSigning), inter, interKey, leafKey); err != nil {
		return nil, err
	}
	untrustKey := ecKey() // an ECDSA signer: the other key type
	if s.untrust, err = issue(leaf("Acme Code Signing", x509.ExtKeyUsageCodeSigning), other, otherKey, untrustKey); err != nil {
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
	}{{"trusted", leafKey, []*x509.Certificate{s.trusted, inter}}, {"untrusted", untrustKey, []*x509.Certificate{s.untrust}},
		{"noeku", serverKey, []*x509.Certificate{server, inter}}} {
		if err := write(w.name, w.key, w.chain...); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// sign signs in with osslsigncode as who ("trusted", "untrusted", "noeku")
// with the image digest hash.
func (s *signers) sign(t testing.TB, in []byte, who, hash string) []byte {
	t.Helper()
	f, err := os.CreateTemp(s.dir, "in-*.exe")
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
	cmd := exec.Command("osslsigncode", "sign", "-certs", s.files[who][0], "-key", s.files[who][1],
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

// windowsExe builds (once per test binary) a small Windows program.
func windowsExe(t testing.TB) []byte {
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

// minimalPE is a PE32 or PE32+ image from its byte layout: headers and
// one code section that returns.
func minimalPE(plus bool) []byte {
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

// sectionInTable is a minimal PE32+ whose second section's raw data is
// past the end of the file, where the certificate table goes when signed:
// the loader would map bytes of the signature, which the image digest
// does not cover.
func sectionInTable() []byte {
	b := minimalPE(true)
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

func spkiOf(c *x509.Certificate) string {
	sum := sha256.Sum256(c.RawSubjectPublicKeyInfo)
	return "spki:" + hex.EncodeToString(sum[:])
}

// signedFixtures are the Windows program unsigned and signed in each way
// the tests need, made once per test binary.
type signedFixtures struct {
	s                        *signers
	unsigned                 []byte
	sha1, sha256, sha384     []byte
	sha512, untrusted, noEKU []byte
	pe32, pe32plus           []byte
	sectionInTable           []byte
}

var (
	fixturesOnce sync.Once
	fixturesVal  signedFixtures
)

func fixtures(t testing.TB) signedFixtures {
	t.Helper()
	s := testSigners(t)
	exe := windowsExe(t)
	fixturesOnce.Do(func() {
		f := signedFixtures{s: s, unsigned: exe}
		f.sha1 = s.sign(t, exe, "trusted", "sha1")
		f.sha256 = s.sign(t, exe, "trusted", "sha256")
		f.sha384 = s.sign(t, exe, "trusted", "sha384")
		f.sha512 = s.sign(t, exe, "trusted", "sha512")
		f.untrusted = s.sign(t, exe, "untrusted", "sha256")
		f.noEKU = s.sign(t, exe, "noeku", "sha256")
		f.pe32 = s.sign(t, minimalPE(false), "trusted", "sha256")
		f.pe32plus = s.sign(t, minimalPE(true), "trusted", "sha256")
		f.sectionInTable = s.sign(t, sectionInTable(), "trusted", "sha256")
		fixturesVal = f
	})
	if fixturesVal.sha256 == nil {
		t.Fatal("fixtures were not made (see the first test that failed)")
	}
	return fixturesVal
}

func clone(b []byte) []byte { return append([]byte(nil), b...) }

// flipCode flips a byte in the middle of the .text section.
func flipCode(t *testing.T, b []byte) []byte {
	t.Helper()
	f, err := debugpe.NewFile(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	text := f.Section(".text")
	if text == nil || text.Size < 2 {
		t.Fatal("no .text section")
	}
	b = clone(b)
	b[text.Offset+text.Size/2] ^= 0xff
	return b
}

// layout is the signed file's PE layout.
func layout(t *testing.T, b []byte) peLayout {
	t.Helper()
	l, err := parsePE(b)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestVerifyAuthenticode(t *testing.T) {
	f := fixtures(t)
	s := f.s
	subject := "CN=Acme Code Signing,O=Acme,C=GB"
	elf := append([]byte("\x7fELF\x02\x01\x01"), make([]byte, 100)...)
	// The embedded image digest altered: the signature over it then fails.
	digestAltered := func() []byte {
		b := clone(f.sha256)
		l := layout(t, b)
		d := imageDigest(b, l, crypto.SHA256)
		i := bytes.Index(b[l.certOff:], d)
		if i < 0 {
			t.Fatal("image digest not found in the signature")
		}
		b[l.certOff+i] ^= 1
		return b
	}
	checksumChanged := func() []byte {
		b := clone(f.sha256)
		b[layout(t, b).checksum] ^= 0xff
		return b
	}
	// Data hidden inside the certificate table (its size grown over it).
	hiddenInTable := func() []byte {
		b := append(clone(f.sha256), bytes.Repeat([]byte("X"), 16)...)
		l := layout(t, f.sha256)
		binary.LittleEndian.PutUint32(b[l.certDir+4:], uint32(l.certSize+16))
		binary.LittleEndian.PutUint32(b[l.certOff:], uint32(l.certSize+16))
		return b
	}
	signerTampered := func() []byte { // a byte of the signature value (the DER's last bytes)
		b := clone(f.pe32plus)
		l := layout(t, b)
		n, err := derLength(b[l.certOff+8:], 0)
		if err != nil {
			t.Fatal(err)
		}
		b[l.certOff+8+n-5] ^= 1
		return b
	}
	truncated := f.sha256[:len(f.sha256)-100]

	for _, c := range []struct {
		name          string
		pe            []byte
		systemRoots   bool // roots nil
		now           time.Time
		signed        bool
		trusted       bool
		problem       string // exact, or a prefix when it ends in "..."
		subject, spki string
		digest        string
	}{
		{name: "unsigned", pe: f.unsigned, problem: "unsigned"},
		{name: "sha256", pe: f.sha256, signed: true, trusted: true, subject: subject, spki: spkiOf(s.trusted), digest: "sha256"},
		{name: "sha1", pe: f.sha1, signed: true, trusted: true, subject: subject, spki: spkiOf(s.trusted), digest: "sha1"},
		{name: "sha384", pe: f.sha384, signed: true, trusted: true, subject: subject, digest: "sha384"},
		{name: "sha512", pe: f.sha512, signed: true, trusted: true, subject: subject, digest: "sha512"},
		{name: "minimal PE32", pe: f.pe32, signed: true, trusted: true, subject: subject},
		{name: "minimal PE32+", pe: f.pe32plus, signed: true, trusted: true, subject: subject},
		{name: "checksum changed (not hashed)", pe: checksumChanged(), signed: true, trusted: true},
		{name: "untrusted CA", pe: f.untrusted, signed: true, problem: "untrusted chain: ...", subject: subject, spki: spkiOf(s.untrust)},
		{name: "system roots", pe: f.sha256, systemRoots: true, signed: true, problem: "untrusted chain: ...", subject: subject},
		{name: "expired", pe: f.sha256, now: s.trusted.NotAfter.Add(time.Hour), signed: true, problem: "untrusted chain: ..."},
		{name: "not yet valid", pe: f.sha256, now: s.trusted.NotBefore.Add(-time.Hour), signed: true, problem: "untrusted chain: ..."},
		{name: "no code-signing EKU", pe: f.noEKU, signed: true, problem: "not a code-signing certificate", subject: "CN=Acme Web Server,O=Acme,C=GB"},
		{name: "code byte flipped", pe: flipCode(t, f.sha256), signed: true, problem: "image hash mismatch", subject: subject},
		{name: "code byte flipped sha1", pe: flipCode(t, f.sha1), signed: true, problem: "image hash mismatch"},
		{name: "code byte flipped PE32", pe: flipCode(t, f.pe32), signed: true, problem: "image hash mismatch"},
		{name: "header byte changed", pe: func() []byte { b := clone(f.sha256); b[0x4e] ^= 1; return b }(), signed: true, problem: "image hash mismatch"},
		{name: "signed digest altered", pe: digestAltered(), signed: true, problem: "signature does not verify"},
		{name: "signature value altered", pe: signerTampered(), signed: true, problem: "signature does not verify"},
		{name: "bytes appended", pe: append(clone(f.sha256), "hidden payload"...), signed: true, problem: "data after the signature"},
		{name: "zeros appended", pe: append(clone(f.sha256), make([]byte, 8)...), signed: true, problem: "data after the signature"},
		{name: "data inside the table", pe: hiddenInTable(), signed: true, problem: "data after the signature"},
		{name: "section data in the table", pe: f.sectionInTable, problem: "malformed PE: section 2's data inside the certificate table"},
		{name: "not PKCS#7", pe: func() []byte {
			b := clone(f.pe32)
			binary.LittleEndian.PutUint16(b[layout(t, b).certOff+6:], 1) // WIN_CERT_TYPE_X509
			return b
		}(), problem: "malformed signature: WIN_CERTIFICATE of type 0x1"},
		{name: "truncated", pe: truncated, problem: "malformed PE: ..."},
		{name: "text", pe: []byte("hello, this is not a program"), problem: "malformed PE: ..."},
		{name: "empty", pe: nil, problem: "malformed PE: ..."},
		{name: "elf", pe: elf, problem: "malformed PE: ..."},
		{name: "bare MZ", pe: append([]byte("MZ"), make([]byte, 200)...), problem: "malformed PE: ..."},
	} {
		t.Run(c.name, func(t *testing.T) {
			roots := s.roots
			if c.systemRoots {
				roots = nil
			}
			now := c.now
			if now.IsZero() {
				now = s.now
			}
			sig := VerifyAuthenticode(c.pe, roots, now)
			if sig.Signed != c.signed || sig.Trusted != c.trusted {
				t.Errorf("Signed, Trusted = %v, %v, want %v, %v (%+v)", sig.Signed, sig.Trusted, c.signed, c.trusted, sig)
			}
			if p, ok := strings.CutSuffix(c.problem, "..."); ok && !strings.HasPrefix(sig.Problem, p) || !ok && sig.Problem != c.problem {
				t.Errorf("Problem = %q, want %q", sig.Problem, c.problem)
			}
			if c.subject != "" && sig.Subject != c.subject {
				t.Errorf("Subject = %q, want %q", sig.Subject, c.subject)
			}
			if c.spki != "" && sig.SPKI != c.spki {
				t.Errorf("SPKI = %q, want %q", sig.SPKI, c.spki)
			}
			if c.digest != "" && sig.Digest != c.digest {
				t.Errorf("Digest = %q, want %q", sig.Digest, c.digest)
			}
			if sig.Trusted {
				if !MatchPublisher(sig, []string{"O=Other", subject}) {
					t.Errorf("MatchPublisher(subject %q) = false", subject)
				}
				if !MatchPublisher(sig, []string{strings.ToUpper(spkiOf(s.trusted))}) {
					t.Errorf("MatchPublisher(spki) = false")
				}
			} else if MatchPublisher(sig, []string{subject, c.spki}) {
				t.Errorf("MatchPublisher matched a signature that is not trusted")
			}
			t.Logf("%+v", sig)
		})
	}
}

// TestAuthenticodeDigestLayout: the image digest leaves out exactly the
// checksum, the Certificate Table entry and the table.
func TestAuthenticodeDigestLayout(t *testing.T) {
	f := fixtures(t)
	b := clone(f.pe32plus)
	l := layout(t, b)
	want := imageDigest(b, l, crypto.SHA256)
	for _, off := range []int{l.checksum, l.checksum + 3, l.certDir, l.certDir + 7, l.certOff, len(b) - 1} {
		c := clone(b)
		c[off] ^= 0x55
		if got := imageDigest(c, l, crypto.SHA256); !bytes.Equal(got, want) {
			t.Errorf("byte %#x is hashed, Authenticode leaves it out", off)
		}
	}
	for _, off := range []int{0, l.checksum - 1, l.checksum + 4, l.certDir - 1, l.certDir + 8, l.certOff - 1} {
		c := clone(b)
		c[off] ^= 0x55
		if got := imageDigest(c, l, crypto.SHA256); bytes.Equal(got, want) {
			t.Errorf("byte %#x is not hashed", off)
		}
	}
}

func TestParsePublishers(t *testing.T) {
	spki := strings.Repeat("ab", 32)
	got, err := ParsePublishers([]string{
		"CN=Acme Code Signing,O=Acme,C=GB",
		" CN=Acme Code Signing, O=Acme, C=GB ",
		"C=GB,O=Acme,CN=Acme Code Signing",
		"cn=Acme Code Signing;o=Acme;c=GB",
		`CN=Acme\, Inc. \"Signing\",O=Acme`,
		`CN=Caf\C3\A9`,
		"CN=Multi+OU=Valued,O=Acme",
		"2.5.4.3=Acme Code Signing,O=Acme,C=GB",
		"CN=#0c0441636d65,O=Acme",
		"SPKI:" + strings.ToUpper(spki),
		"spki:" + spki,
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"CN=Acme Code Signing,O=Acme,C=GB",
		"CN=Acme Code Signing,O=Acme,C=GB",
		"CN=Acme Code Signing,O=Acme,C=GB",
		"CN=Acme Code Signing,O=Acme,C=GB",
		`CN=Acme\, Inc. \"Signing\",O=Acme`,
		"CN=Café",
		"CN=Multi,OU=Valued,O=Acme",
		"CN=Acme Code Signing,O=Acme,C=GB",
		"CN=Acme,O=Acme",
		"spki:" + spki,
		"spki:" + spki,
	}
	for i := range want {
		if i >= len(got) || got[i] != want[i] {
			t.Errorf("entry %d: got %q, want %q", i, got[min(i, len(got)-1)], want[i])
		}
	}
	for _, bad := range []string{"", "  ", "spki:", "spki:xyz", "spki:" + spki[:62], "CN", "XX=foo", "CN=a\\", "CN=",
		"CN=a,", "CN=a,,O=b", `CN=a\zz`, "CN=#zz", "CN=#0c0141 x", "1=a", "01.2=a", "CN=a\"b", "CN=<a>"} {
		if _, err := ParsePublishers([]string{"CN=fine", bad}); err == nil {
			t.Errorf("ParsePublishers(%q): no error", bad)
		} else if !strings.Contains(err.Error(), "trusted_publishers") {
			t.Errorf("ParsePublishers(%q): error %q does not name the key", bad, err)
		}
	}
}

func TestMatchPublisher(t *testing.T) {
	spki := "spki:" + strings.Repeat("cd", 32)
	sig := Signature{Signed: true, Trusted: true, Subject: "CN=Acme Code Signing,O=Acme,C=GB", SPKI: spki}
	for _, c := range []struct {
		list []string
		want bool
	}{
		{[]string{"CN=Acme Code Signing,O=Acme,C=GB"}, true},
		{[]string{"C=GB, O=Acme, CN=Acme Code Signing"}, true},
		{[]string{"CN=acme code signing,O=ACME,C=gb"}, true},
		{[]string{"CN=Acme Code Signing,O=Acme"}, false},
		{[]string{"CN=Acme Code Signing,O=Acme,C=GB,OU=x"}, false},
		{[]string{"CN=Acme Code Signing2,O=Acme,C=GB"}, false},
		{[]string{strings.ToUpper(spki)}, true},
		{[]string{"spki:" + strings.Repeat("ce", 32)}, false},
		{[]string{"not a name", "spki:bad", spki}, true},
		{nil, false},
	} {
		if got := MatchPublisher(sig, c.list); got != c.want {
			t.Errorf("MatchPublisher(%q) = %v, want %v", c.list, got, c.want)
		}
	}
	untrusted := sig
	untrusted.Trusted, untrusted.Problem = false, "untrusted chain: x509: certificate signed by unknown authority"
	if MatchPublisher(untrusted, []string{sig.Subject, spki}) {
		t.Errorf("MatchPublisher matched an untrusted signature")
	}
}

func BenchmarkVerifyAuthenticode(b *testing.B) {
	f := fixtures(b)
	b.SetBytes(int64(len(f.sha256)))
	b.ReportAllocs()
	for b.Loop() {
		if sig := VerifyAuthenticode(f.sha256, f.s.roots, f.s.now); !sig.Trusted {
			b.Fatal(sig.Problem)
		}
	}
}

// FuzzAuthenticode: VerifyAuthenticode never panics, and says why
// whenever it does not trust. Seeds in testdata/fuzz/FuzzAuthenticode
// (a truncated PE, a minimal PE header, garbage) and, made here, small
// signed PE32 and PE32+ images.
func FuzzAuthenticode(f *testing.F) {
	s := testSigners(f)
	f.Add(s.sign(f, minimalPE(false), "trusted", "sha256"))
	f.Add(s.sign(f, minimalPE(true), "trusted", "sha1"))
	f.Add(s.sign(f, minimalPE(true), "untrusted", "sha256"))
	f.Add(minimalPE(true))
	f.Fuzz(func(t *testing.T, b []byte) {
		sig := VerifyAuthenticode(b, s.roots, s.now)
		switch {
		case sig.Trusted && (!sig.Signed || sig.Problem != "" || sig.SPKI == ""):
			t.Errorf("trusted with %+v", sig)
		case !sig.Trusted && sig.Problem == "":
			t.Errorf("not trusted, no problem: %+v", sig)
		}
	})
}

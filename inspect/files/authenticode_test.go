package files

import (
	"bytes"
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	debugpe "debug/pe"
	"encoding/binary"
	"encoding/hex"
	"github.com/chatdlp/chatdlp/inspect/files/filestest"
	"strings"
	"sync"
	"testing"
	"time"
)

func spkiOf(c *x509.Certificate) string {
	sum := sha256.Sum256(c.RawSubjectPublicKeyInfo)
	return "spki:" + hex.EncodeToString(sum[:])
}

// signedFixtures are the Windows program unsigned and signed in each way
// the tests need, made once per test binary.
type signedFixtures struct {
	s                        *filestest.Signers
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
	s := filestest.TestSigners(t)
	exe := filestest.WindowsExe(t)
	fixturesOnce.Do(func() {
		f := signedFixtures{s: s, unsigned: exe}
		f.sha1 = s.Sign(t, exe, "trusted", "sha1")
		f.sha256 = s.Sign(t, exe, "trusted", "sha256")
		f.sha384 = s.Sign(t, exe, "trusted", "sha384")
		f.sha512 = s.Sign(t, exe, "trusted", "sha512")
		f.untrusted = s.Sign(t, exe, "untrusted", "sha256")
		f.noEKU = s.Sign(t, exe, "noeku", "sha256")
		f.pe32 = s.Sign(t, filestest.MinimalPE(false), "trusted", "sha256")
		f.pe32plus = s.Sign(t, filestest.MinimalPE(true), "trusted", "sha256")
		f.sectionInTable = s.Sign(t, filestest.SectionInTable(), "trusted", "sha256")
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
		{name: "sha256", pe: f.sha256, signed: true, trusted: true, subject: subject, spki: spkiOf(s.Trusted), digest: "sha256"},
		{name: "sha1", pe: f.sha1, signed: true, trusted: true, subject: subject, spki: spkiOf(s.Trusted), digest: "sha1"},
		{name: "sha384", pe: f.sha384, signed: true, trusted: true, subject: subject, digest: "sha384"},
		{name: "sha512", pe: f.sha512, signed: true, trusted: true, subject: subject, digest: "sha512"},
		{name: "minimal PE32", pe: f.pe32, signed: true, trusted: true, subject: subject},
		{name: "minimal PE32+", pe: f.pe32plus, signed: true, trusted: true, subject: subject},
		{name: "checksum changed (not hashed)", pe: checksumChanged(), signed: true, trusted: true},
		{name: "untrusted CA", pe: f.untrusted, signed: true, problem: "untrusted chain: ...", subject: subject, spki: spkiOf(s.Untrusted)},
		{name: "system roots", pe: f.sha256, systemRoots: true, signed: true, problem: "untrusted chain: ...", subject: subject},
		{name: "expired", pe: f.sha256, now: s.Trusted.NotAfter.Add(time.Hour), signed: true, problem: "untrusted chain: ..."},
		{name: "not yet valid", pe: f.sha256, now: s.Trusted.NotBefore.Add(-time.Hour), signed: true, problem: "untrusted chain: ..."},
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
			roots := s.Roots
			if c.systemRoots {
				roots = nil
			}
			now := c.now
			if now.IsZero() {
				now = s.Now
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
				if !MatchPublisher(sig, []string{strings.ToUpper(spkiOf(s.Trusted))}) {
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
		if sig := VerifyAuthenticode(f.sha256, f.s.Roots, f.s.Now); !sig.Trusted {
			b.Fatal(sig.Problem)
		}
	}
}

// FuzzAuthenticode: VerifyAuthenticode never panics, and says why
// whenever it does not trust. Seeds in testdata/fuzz/FuzzAuthenticode
// (a truncated PE, a minimal PE header, garbage) and, made here, small
// signed PE32 and PE32+ images.
func FuzzAuthenticode(f *testing.F) {
	s := filestest.TestSigners(f)
	f.Add(s.Sign(f, filestest.MinimalPE(false), "trusted", "sha256"))
	f.Add(s.Sign(f, filestest.MinimalPE(true), "trusted", "sha1"))
	f.Add(s.Sign(f, filestest.MinimalPE(true), "untrusted", "sha256"))
	f.Add(filestest.MinimalPE(true))
	f.Fuzz(func(t *testing.T, b []byte) {
		sig := VerifyAuthenticode(b, s.Roots, s.Now)
		switch {
		case sig.Trusted && (!sig.Signed || sig.Problem != "" || sig.SPKI == ""):
			t.Errorf("trusted with %+v", sig)
		case !sig.Trusted && sig.Problem == "":
			t.Errorf("not trusted, no problem: %+v", sig)
		}
	})
}

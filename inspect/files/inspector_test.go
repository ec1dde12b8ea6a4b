package files

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"github.com/chatdlp/chatdlp/inspect/files/filestest"
	"strings"
	"testing"

	"github.com/chatdlp/chatdlp/inspect/extract"
	"github.com/chatdlp/chatdlp/rules"
)

// TestInspectFileArchives: what an archive holds decides, at any depth:
// an executable by its content, a denied hash, an executable's name when
// the entry is encrypted; an encrypted archive takes
// files.archives.encrypted, one over a limit files.oversize, a bomb is
// blocked, a corrupt one is an inspection error, an allowed hash passes
// whatever it holds.
func TestInspectFileArchives(t *testing.T) {
	notes := []byte("meeting notes")
	denied := sha256.Sum256([]byte("denied document"))
	nested := filestest.Zip(t, zip.Deflate, filestest.File{"docs/a.tar.gz", filestest.Gzip(t, filestest.Tar(t, filestest.File{"in/b.zip", filestest.Zip(t, zip.Deflate, filestest.File{"tool", filestest.ELF()})}))})
	allowed := filestest.Zip(t, zip.Deflate, filestest.File{"tool", filestest.ELF()})
	allowedSum := sha256.Sum256(allowed)
	encryptedTxt := filestest.Zip(t, zip.Deflate, filestest.File{"notes.txt", notes})
	encryptedTxt = setEncrypted(t, encryptedTxt)
	for _, tt := range []struct {
		name   string
		data   []byte
		action rules.Action
		reason string // in the verdict's reason
		err    bool
	}{
		{"clean zip", filestest.Zip(t, zip.Deflate, filestest.File{"notes.txt", notes}), rules.ActionAllow, "", false},
		{"executable three levels down", nested, rules.ActionBlock, "docs/a.tar.gz!/a.tar!/in/b.zip!/tool", false},
		{"denied document inside", filestest.Zip(t, zip.Store, filestest.File{"d.txt", []byte("denied document")}), rules.ActionBlock, "deny list", false},
		{"encrypted executable name", filestest.EncryptedZip(t), rules.ActionBlock, "secret/payload.exe", false},
		{"encrypted, harmless name", encryptedTxt, rules.ActionLog, "encrypted archive", false},
		{"over the files limit", filestest.ManyZip(t, 200), rules.ActionBlock, "files limit", false},
		{"overlap bomb", filestest.OverlapZip(t, 50, 1000), rules.ActionBlock, "bomb", false},
		{"corrupt", append([]byte("PK\x03\x04"), make([]byte, 40)...), rules.ActionAllow, "", true},
		{"allowed hash", allowed, rules.ActionAllow, "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in, err := NewInspector(Options{Executables: rules.ActionBlock, Deny: []string{hex.EncodeToString(denied[:])},
				Allow: []string{hex.EncodeToString(allowedSum[:])}, Archives: Limits{MaxFiles: 100},
				Encrypted: rules.ActionLog, OverLimit: rules.ActionBlock})
			if err != nil {
				t.Fatal(err)
			}
			v, err := in.InspectFile(context.Background(), &extract.File{Name: "upload.zip", Data: tt.data}, nil)
			if (err != nil) != tt.err {
				t.Fatalf("InspectFile(): error %v, want error %v", err, tt.err)
			}
			if tt.err {
				return
			}
			if v.Action != tt.action || !strings.Contains(v.Reason, tt.reason) {
				t.Errorf("InspectFile(): got %v %q, want %v with %q", v.Action, v.Reason, tt.action, tt.reason)
			}
			if v.SHA256 == "" || v.Size != int64(len(tt.data)) {
				t.Errorf("InspectFile(): hash %q size %d: not the archive's own", v.SHA256, v.Size)
			}
		})
	}
}

// setEncrypted sets the encryption flag on every entry of a zip, in its
// local headers and its central directory, as ZipCrypto would.
func setEncrypted(t *testing.T, z []byte) []byte {
	t.Helper()
	out := append([]byte(nil), z...)
	for _, sig := range []struct {
		magic string
		flag  int
	}{{"PK\x03\x04", 6}, {"PK\x01\x02", 8}} {
		for i := 0; ; {
			j := strings.Index(string(out[i:]), sig.magic)
			if j < 0 {
				break
			}
			out[i+j+sig.flag] |= 1
			i += j + 4
		}
	}
	return out
}

// TestInspectFileSignatures: a PE file passes only when its Authenticode
// signature holds (to the configured roots, image hash recomputed) and its
// signer is a trusted publisher, by subject or by key; inside an archive
// too. The verdict names the signer.
func TestInspectFileSignatures(t *testing.T) {
	s := filestest.TestSigners(t)
	exe := filestest.WindowsExe(t)
	signed := s.Sign(t, exe, "trusted", "sha256")
	tampered := append([]byte(nil), signed...)
	tampered[0x400] ^= 0xff // in the first section
	untrusted := s.Sign(t, exe, "untrusted", "sha256")
	subject := s.Trusted.Subject.String()
	spki := sha256.Sum256(s.Trusted.RawSubjectPublicKeyInfo)
	for _, tt := range []struct {
		name       string
		data       []byte
		publishers []string
		action     rules.Action
		reason     string
	}{
		{"trusted publisher by subject", signed, []string{subject}, rules.ActionAllow, "trusted publisher"},
		{"trusted publisher by key", signed, []string{"spki:" + hex.EncodeToString(spki[:])}, rules.ActionAllow, "trusted publisher"},
		{"valid signature, publisher not listed", signed, []string{"CN=Someone Else"}, rules.ActionBlock, "publisher not trusted"},
		{"tampered after signing", tampered, []string{subject}, rules.ActionBlock, "image hash mismatch"},
		{"signed under an unknown CA", untrusted, []string{subject}, rules.ActionBlock, "untrusted chain"},
		{"unsigned", exe, []string{subject}, rules.ActionBlock, "unsigned"},
		{"trusted inside a zip", filestest.Zip(t, zip.Deflate, filestest.File{"app/setup.exe", signed}), []string{subject}, rules.ActionAllow, ""},
		{"tampered inside a zip", filestest.Zip(t, zip.Deflate, filestest.File{"app/setup.exe", tampered}), []string{subject}, rules.ActionBlock, "app/setup.exe"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in, err := NewInspector(Options{Executables: rules.ActionBlock, Roots: s.Roots, Publishers: tt.publishers,
				Encrypted: rules.ActionBlock, OverLimit: rules.ActionBlock})
			if err != nil {
				t.Fatal(err)
			}
			v, err := in.InspectFile(context.Background(), &extract.File{Name: "setup.exe", Data: tt.data}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if v.Action != tt.action || !strings.Contains(v.Reason, tt.reason) {
				t.Errorf("InspectFile(): got %v %q, want %v with %q", v.Action, v.Reason, tt.action, tt.reason)
			}
			if v.Type == "pe" && bytes.Contains(tt.data, []byte("Acme")) && v.Signer != subject {
				t.Errorf("InspectFile(): signer %q, want %q", v.Signer, subject)
			}
		})
	}
	if _, err := NewInspector(Options{Publishers: []string{"XX=nobody"}}); err == nil {
		t.Errorf("NewInspector(bad publisher): no error")
	}
}

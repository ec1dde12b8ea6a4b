package files

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"testing"

	"github.com/chatdlp/chatdlp/inspect/extract"
	"github.com/chatdlp/chatdlp/rules"
)

// Fixtures are built here from the formats' byte layouts, never committed
// as binaries.

func pe() []byte {
	b := make([]byte, 0x100)
	copy(b, "MZ")
	binary.LittleEndian.PutUint32(b[0x3c:], 0x80)
	copy(b[0x80:], "PE\x00\x00")
	return b
}

func bareMZ() []byte {
	b := make([]byte, 0x100)
	copy(b, "MZ this is text that starts with MZ")
	return b
}

func zipOf(t *testing.T, names ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, n := range names {
		f, err := w.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		_, _ = f.Write([]byte("content of " + n))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func at(off int, s string) []byte {
	b := make([]byte, off+len(s)+16)
	copy(b[off:], s)
	return b
}

func TestDetect(t *testing.T) {
	ole := append([]byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}, make([]byte, 504)...)
	tests := []struct {
		name string
		data []byte
		file string
		want string
		exec bool
	}{
		{"pe", pe(), "report.pdf", "pe", true},
		{"bare MZ is no program", bareMZ(), "notes.txt", "", false},
		{"elf", append([]byte("\x7fELF\x02\x01\x01"), make([]byte, 64)...), "", "elf", true},
		{"mach-o 64", append([]byte{0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1}, make([]byte, 32)...), "", "macho", true},
		{"fat mach-o", append([]byte{0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2}, make([]byte, 64)...), "", "macho-fat", true},
		{"java class is not fat mach-o", append([]byte{0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 0x34}, make([]byte, 64)...), "A.class", "", false},
		{"dex", append([]byte("dex\n035\x00"), make([]byte, 100)...), "", "dex", true},
		{"iso", at(0x8001, "CD001"), "disk.img", "iso", true},
		{"lnk", append([]byte{0x4c, 0, 0, 0, 0x01, 0x14, 0x02, 0, 0, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0x46}, make([]byte, 60)...), "", "lnk", true},
		{"msi by name", ole, "setup.msi", "msi", true},
		{"ole with vba", append(append([]byte{}, ole...), utf16("_VBA_PROJECT")...), "budget.xls", "office-macro", true},
		{"plain ole document", ole, "budget.xls", "", false},
		{"apk", zipOf(t, "AndroidManifest.xml", "classes.dex"), "app.zip", "apk", true},
		{"jar with manifest", zipOf(t, "META-INF/MANIFEST.MF", "a/B.class"), "lib.zip", "jar", true},
		{"jar without manifest", zipOf(t, "a/B.class"), "x.zip", "jar", true},
		{"docm", zipOf(t, "[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"), "memo.docx", "office-macro", true},
		{"plain zip", zipOf(t, "a.txt", "b.txt"), "a.zip", "", false},
		{"shebang", []byte("#!/bin/sh\nrm -rf /\n"), "notes", "script", true},
		{"powershell by name", []byte("Write-Host hi"), "run.ps1", "script", true},
		{"batch with a trailing dot", []byte("@echo off"), "run.bat.", "script", true},
		{"hta", []byte("<html><head><HTA:APPLICATION id=x></head></html>"), "page.html", "script", true},
		{"desktop entry", []byte("[Desktop Entry]\nExec=sh -c x\n"), "x", "script", true},
		{"text", []byte("hello, the minutes are attached"), "minutes.txt", "", false},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "a.png", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Detect(tt.data, tt.file)
			if got.Executable != tt.exec || tt.want != "" && got.Name != tt.want {
				t.Errorf("Detect(): %+v, want %q executable=%v", got, tt.want, tt.exec)
			}
		})
	}
}

func TestInspectFile(t *testing.T) {
	sum := sha256.Sum256(pe())
	h := hex.EncodeToString(sum[:])
	text := []byte("just the minutes")
	ts := sha256.Sum256(text)
	for _, tt := range []struct {
		name        string
		allow, deny []string
		data        []byte
		want        rules.Action
	}{
		{"untrusted executable", nil, nil, pe(), rules.ActionBlock},
		{"allowed by hash", []string{h}, nil, pe(), rules.ActionAllow},
		{"deny wins", []string{h}, []string{h}, pe(), rules.ActionBlock},
		{"denied text", nil, []string{hex.EncodeToString(ts[:])}, text, rules.ActionBlock},
		{"text", nil, nil, text, rules.ActionAllow},
	} {
		t.Run(tt.name, func(t *testing.T) {
			i, err := New(rules.ActionBlock, tt.allow, tt.deny)
			if err != nil {
				t.Fatal(err)
			}
			v, err := i.InspectFile(context.Background(), &extract.File{Name: "f", Data: tt.data}, nil)
			if err != nil || v.Action != tt.want || v.SHA256 == "" || v.Size != int64(len(tt.data)) {
				t.Errorf("InspectFile(): %+v %v, want %v", v, err, tt.want)
			}
		})
	}
	if _, err := New(rules.ActionBlock, []string{"not-a-hash"}, nil); err == nil {
		t.Errorf("New(): a bad allow_sha256 accepted")
	}
}

// FuzzDetect: Detect never panics on any bytes and name.
func FuzzDetect(f *testing.F) {
	f.Add(pe(), "a.exe")
	f.Add([]byte("PK\x03\x04"), "a.zip")
	f.Add(append([]byte{0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2}, 1), "")
	f.Fuzz(func(t *testing.T, b []byte, name string) {
		Detect(b, name)
	})
}

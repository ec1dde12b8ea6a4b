package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// minimalPE is a PE image's headers from the format's layout: "MZ", and
// "PE\0\0" where e_lfanew points.
func minimalPE() []byte {
	b := make([]byte, 0x200)
	copy(b, "MZ")
	binary.LittleEndian.PutUint32(b[0x3c:], 0x80)
	copy(b[0x80:], "PE\x00\x00")
	return b
}

// TestServeFileUploads: a file uploaded with a chat message goes through
// the file inspector: an executable is refused (files.executables.action
// block by default) and never reaches the service, a document passes;
// each gets a file.verdict event with its type, size and sha256.
func TestServeFileUploads(t *testing.T) {
	s := startInspectServe(t)
	upload := func(t *testing.T, file string, data []byte) int {
		t.Helper()
		var body bytes.Buffer
		w := multipart.NewWriter(&body)
		_ = w.WriteField("channel", "C024BE91L")
		_ = w.WriteField("initial_comment", "here you go")
		fw, _ := w.CreateFormFile("file", file)
		_, _ = fw.Write(data)
		_ = w.Close()
		resp, err := s.client.Post(s.api, w.FormDataContentType(), &body)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, tt := range []struct {
		name, file string
		data       []byte
		status     int
		fileType   string
	}{
		{"executable renamed as a document", "minutes.pdf", minimalPE(), http.StatusForbidden, "pe"},
		{"document", "minutes.txt", []byte("the minutes of today's meeting"), http.StatusOK, "text/plain; charset=utf-8"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			from := s.p.logs.len()
			_, before := s.sink.last()
			if status := upload(t, tt.file, tt.data); status != tt.status {
				t.Errorf("status %d, want %d", status, tt.status)
			}
			_, after := s.sink.last()
			if delivered := after > before; delivered != (tt.status == http.StatusOK) {
				t.Errorf("delivered %v, want %v", delivered, tt.status == http.StatusOK)
			}
			v, _ := s.p.logs.wait(t, from, "file.verdict", "")
			if v["file_name"] != tt.file || v["file_type"] != tt.fileType || v["file_sha256"] == "" || v["file_size"] != float64(len(tt.data)) {
				t.Errorf("file.verdict: %v", v)
			}
		})
	}

	// files.* apply on reload: the document's hash put on the deny list
	// blocks its next upload.
	t.Run("deny list reloaded", func(t *testing.T) {
		doc := []byte("the minutes of today's meeting")
		sum := sha256.Sum256(doc)
		cfg, err := os.ReadFile(filepath.Join(s.wd, "chatdlp.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		from := s.p.logs.len()
		writeFileAtomic(t, filepath.Join(s.wd, "chatdlp.yaml"),
			string(cfg)+"files: {executables: {deny_sha256: ["+hex.EncodeToString(sum[:])+"]}}\n")
		s.p.signal(t, syscall.SIGHUP)
		s.p.logs.wait(t, from, "config.reload", "info")
		if status := upload(t, "minutes.txt", doc); status != http.StatusForbidden {
			t.Errorf("after the reload: status %d, want 403", status)
		}
	})
}

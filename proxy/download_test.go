package proxy

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"testing"

	"github.com/chatdlp/chatdlp/config"
	"github.com/chatdlp/chatdlp/inspect/files"
	"github.com/chatdlp/chatdlp/rules"
)

// testPE is a minimal PE image of n bytes: what Detect takes for a program.
func testPE(n int) []byte {
	pe := make([]byte, n)
	copy(pe, "MZ")
	binary.LittleEndian.PutUint32(pe[0x3c:], 0x80)
	copy(pe[0x80:], "PE\x00\x00")
	return pe
}

// randomFile is n bytes of noise behind an MP4 header: a large file that
// is no executable and no archive.
func randomFile(n int, seed uint64) []byte {
	b := make([]byte, n)
	r := rand.New(rand.NewPCG(seed, seed))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	copy(b, "\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41")
	return b
}

// TestDownloads: a file a chat service serves (an attachment, a binary
// type, or a program dressed as an image) goes to the file inspector: an
// executable is a block response and none of its bytes reach the client;
// anything else arrives byte for byte. A file over files.max_scan_bytes
// streams, judged by its head (an executable's takes files.oversize) and
// its hash (a denied one never arrives whole). Large uploads are judged
// the same way. Sites that are no chat service are not read.
func TestDownloads(t *testing.T) {
	const limit = 256 << 10
	pe, bigPE := testPE(0x400), testPE(limit*2)
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{7}, 1000)...)
	big, denied := randomFile(limit*3+77, 1), randomFile(limit*3, 2)
	sum := sha256.Sum256(denied)
	fi, err := files.New(rules.ActionBlock, nil, []string{hex.EncodeToString(sum[:])})
	if err != nil {
		t.Fatal(err)
	}
	e := newEnvOpts(t, func(c *config.Config) {
		c.Services.Hosts = map[string][]string{"slack": {"files.chat.test"}}
		c.Files.MaxScanBytes = limit
	}, func(o *Options) {
		o.Inspector = inspectEnv(t, nil).srv.inspector
		o.Files = fi
	})
	served := map[string]struct {
		body        []byte
		ctype, disp string
		chunked     bool
	}{
		"/exe":         {pe, "application/octet-stream", "attachment; filename=\"invoice.pdf\"", false},
		"/picture.png": {pe, "image/png", "", false},
		"/cat.png":     {png, "image/png", "", false},
		"/big.mp4":     {big, "application/octet-stream", "attachment", false},
		"/chunked.mp4": {big, "application/octet-stream", "attachment", true},
		"/denied.mp4":  {denied, "application/octet-stream", "attachment", false},
		"/big.exe":     {bigPE, "application/x-msdownload", "", false},
	}
	var mu sync.Mutex
	var uploaded [][]byte
	up := tlsUpstream(t, e.up.valid(t, "files.chat.test", "web.test"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut {
			b, err := io.ReadAll(r.Body)
			if err == nil {
				mu.Lock()
				uploaded = append(uploaded, b)
				mu.Unlock()
			}
			return
		}
		f := served[r.URL.Path]
		w.Header().Set("Content-Type", f.ctype)
		if f.disp != "" {
			w.Header().Set("Content-Disposition", f.disp)
		}
		if !f.chunked {
			w.Header().Set("Content-Length", strconv.Itoa(len(f.body)))
		}
		_, _ = w.Write(f.body)
	}))

	for _, tt := range []struct {
		name, host, path string
		status           int
		whole            bool // the body arrives byte for byte
	}{
		{"executable attachment", "files.chat.test", "/exe", http.StatusForbidden, false},
		{"executable served as an image", "files.chat.test", "/picture.png", http.StatusForbidden, false},
		{"image", "files.chat.test", "/cat.png", http.StatusOK, true},
		{"large file streams", "files.chat.test", "/big.mp4", http.StatusOK, true},
		{"large file of unknown length streams", "files.chat.test", "/chunked.mp4", http.StatusOK, true},
		{"large denied file cut short", "files.chat.test", "/denied.mp4", http.StatusOK, false},
		{"large executable takes oversize", "files.chat.test", "/big.exe", http.StatusForbidden, false},
		{"executable from another site", "web.test", "/exe", http.StatusOK, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := e.client().Get("https://" + hostPort(tt.host, up) + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			got, readErr := io.ReadAll(resp.Body)
			want := served[tt.path].body
			if resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.status)
			}
			switch {
			case tt.whole && (readErr != nil || !bytes.Equal(got, want)):
				t.Errorf("got %d bytes (err %v), want the %d served byte for byte", len(got), readErr, len(want))
			case !tt.whole && bytes.Equal(got, want):
				t.Errorf("the whole file reached the client")
			case !tt.whole && tt.status == http.StatusForbidden && bytes.Contains(got, []byte("PE\x00\x00")):
				t.Errorf("the block response carries the file's bytes")
			}
		})
	}

	t.Run("uploads", func(t *testing.T) {
		for _, tt := range []struct {
			name   string
			body   []byte
			status int
		}{
			{"large upload streams", big, http.StatusOK},
			{"large executable upload takes oversize", bigPE, http.StatusForbidden},
		} {
			mu.Lock()
			before := len(uploaded)
			mu.Unlock()
			req, _ := http.NewRequest(http.MethodPut, "https://"+hostPort("files.chat.test", up)+"/upload/v1/f.bin", bytes.NewReader(tt.body))
			req.Header.Set("Content-Type", "application/octet-stream")
			resp, err := e.client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			mu.Lock()
			n := len(uploaded) - before
			mu.Unlock()
			if resp.StatusCode != tt.status {
				t.Errorf("%s: status %d, want %d", tt.name, resp.StatusCode, tt.status)
			}
			if tt.status == http.StatusOK && (n != 1 || !bytes.Equal(uploaded[len(uploaded)-1], tt.body)) {
				t.Errorf("%s: the upload did not arrive byte for byte", tt.name)
			}
			if tt.status != http.StatusOK && n != 0 {
				t.Errorf("%s: the refused upload reached the service", tt.name)
			}
		}
	})
}

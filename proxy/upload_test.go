package proxy

import (
	"bytes"
	"encoding/binary"
	"io"
	"net/http"
	"sync"
	"testing"

	"github.com/chatdlp/chatdlp/config"
	"github.com/chatdlp/chatdlp/inspect/files"
	"github.com/chatdlp/chatdlp/rules"
)

// TestRawUploads: a binary body sent to a chat service (an upload URL, a
// media endpoint) goes to the file inspector: an executable is refused and
// never reaches the service, an image passes byte for byte; a binary body
// to a site that is no chat service (by host or API path) streams through
// unread.
func TestRawUploads(t *testing.T) {
	pe := make([]byte, 0x200)
	copy(pe, "MZ")
	binary.LittleEndian.PutUint32(pe[0x3c:], 0x80)
	copy(pe[0x80:], "PE\x00\x00")
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{7}, 1000)...)
	fi, err := files.New(rules.ActionBlock, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	e := newEnvOpts(t, func(c *config.Config) {
		c.Services.Hosts = map[string][]string{"matrix": {"chat.test"}}
	}, func(o *Options) {
		o.Inspector = inspectEnv(t, nil).srv.inspector
		o.Files = fi
	})
	var mu sync.Mutex
	var got [][]byte
	up := tlsUpstream(t, e.up.valid(t, "chat.test", "files.test"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, b)
		mu.Unlock()
		_, _ = io.WriteString(w, `{"content_uri":"mxc://chat.test/x"}`)
	}))
	for _, tt := range []struct {
		name, host, path string
		body             []byte
		status           int
	}{
		{"executable to a chat service", "chat.test", "/_matrix/media/v3/upload?filename=invoice.pdf", pe, http.StatusForbidden},
		{"image to a chat service", "chat.test", "/_matrix/media/v3/upload?filename=cat.png", png, http.StatusOK},
		{"executable to another site", "files.test", "/upload/invoice.pdf", pe, http.StatusOK},
	} {
		t.Run(tt.name, func(t *testing.T) {
			mu.Lock()
			before := len(got)
			mu.Unlock()
			req, _ := http.NewRequest(http.MethodPost, "https://"+hostPort(tt.host, up)+tt.path, bytes.NewReader(tt.body))
			req.Header.Set("Content-Type", "application/octet-stream")
			resp, err := e.client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.status)
			}
			mu.Lock()
			defer mu.Unlock()
			switch {
			case tt.status != http.StatusOK && len(got) != before:
				t.Errorf("the refused upload reached the service")
			case tt.status == http.StatusOK && (len(got) != before+1 || !bytes.Equal(got[len(got)-1], tt.body)):
				t.Errorf("the upload did not arrive byte for byte")
			}
		})
	}
}

package proxy

import (
	"bytes"
	"io"
	"net"
	"net/netip"
	"testing"
	"time"
)

// FuzzICAPRequest: whatever bytes an ICAP client sends, the connection
// never panics, ends once the client has closed, and writes only ICAP
// replies.
func FuzzICAPRequest(f *testing.F) {
	body := slackJSON("I am EMP-123456, card " + luhnCard)
	long := slackJSON(string(bytes.Repeat([]byte("lorem "), 900)))
	for _, m := range []icapMsg{
		{httpReq: withLen(icapSlackHead, body), body: body, preview: -1, allow204: true},
		{httpReq: icapSlackHead + "\r\nTransfer-Encoding: chunked", body: body, preview: 0, chunks: []int{2, 9}},
		{httpReq: withLen(icapSlackHead, body), body: body, preview: 4096},
		{httpReq: withLen(icapSlackHead, long), body: long, preview: 4096},
		{method: "RESPMOD", httpReq: "GET https://slack.test/api/conversations.history HTTP/1.1\r\nHost: slack.test",
			httpResp: "HTTP/1.1 200 OK\r\nContent-Type: application/json", body: `{"ok":true,"messages":[{"text":"EMP-123456"}]}`, preview: 10},
		{httpReq: "GET http://example.test/ HTTP/1.1\r\nHost: example.test", preview: -1},
	} {
		f.Add(m.build())
	}
	f.Add([]byte("OPTIONS icap://127.0.0.1/reqmod ICAP/1.0\r\nEncapsulated: null-body=0\r\n\r\n"))
	f.Add([]byte(badChunk(body)))
	e := newICAPEnv(f, nil)
	f.Fuzz(func(t *testing.T, in []byte) {
		client, server := net.Pipe()
		done := make(chan struct{})
		go func() {
			e.srv.serveICAPConn(server, netip.MustParseAddr("127.0.0.1"))
			close(done)
		}()
		var out bytes.Buffer
		read := make(chan struct{})
		go func() { _, _ = io.Copy(&out, client); close(read) }()
		go func() {
			_, _ = client.Write(in)
			// The input is all read: a connection waiting for more (the
			// next request, the rest after a 100 Continue) is closed.
			select {
			case <-done:
			case <-time.After(5 * time.Millisecond):
				_ = client.Close()
			}
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("connection did not end on %q", in)
		}
		_ = client.Close()
		<-read
		if out.Len() > 0 && !bytes.HasPrefix(out.Bytes(), []byte("ICAP/1.0 ")) {
			t.Fatalf("reply %q is not ICAP", out.Bytes())
		}
	})
}

package proxy

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/gobwas/ws"
)

// FuzzWebSocketRelay: whatever bytes a client sends after its upgrade,
// the relay never panics, ends, and forwards to the upstream only whole,
// masked frames (what it passes is frames, never a broken one).
func FuzzWebSocketRelay(f *testing.F) {
	f.Add(clientFrame(ws.OpText, true, "hello"))
	f.Add(append(clientFrame(ws.OpText, false, "hel"), append(clientFrame(ws.OpPing, true, "p"), clientFrame(ws.OpContinuation, true, "lo")...)...))
	f.Add(clientFrame(ws.OpText, true, "card 4012 8888 8888 1881"))
	f.Add(clientFrame(ws.OpBinary, true, "\x00\x01"))
	f.Add([]byte("\x81\x05hello")) // unmasked
	f.Add(clientFrame(ws.OpClose, true, "\x03\xe8"))
	e := inspectEnv(f, nil)
	grace := closeGrace
	closeGrace = 10 * time.Millisecond
	f.Cleanup(func() { closeGrace = grace })
	f.Fuzz(func(t *testing.T, in []byte) {
		client, clientPeer := net.Pipe()
		up, upPeer := net.Pipe()
		var forwarded bytes.Buffer
		drained := make(chan struct{})
		go func() { _, _ = io.Copy(&forwarded, upPeer); close(drained) }()
		go func() { _, _ = io.Copy(io.Discard, clientPeer) }()
		go func() { _, _ = clientPeer.Write(in); _ = clientPeer.Close() }()
		r, _ := http.NewRequest(http.MethodGet, "https://chat.test/socket", nil)
		st := &reqState{info: &connInfo{}, service: "", host: "chat.test", action: actionInspect}
		x := e.srv.newRelay(r, st, client, bufio.NewReader(client), up)
		done := make(chan struct{})
		go func() { x.run(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("relay did not end on %q", in)
		}
		_ = upPeer.Close()
		<-drained
		for rd := bytes.NewReader(forwarded.Bytes()); rd.Len() > 0; {
			h, err := ws.ReadHeader(rd)
			if err != nil || !h.Masked || int64(rd.Len()) < h.Length {
				t.Fatalf("forwarded %q: not whole masked frames (%v, %+v)", forwarded.Bytes(), err, h)
			}
			_, _ = rd.Seek(h.Length, io.SeekCurrent)
		}
	})
}

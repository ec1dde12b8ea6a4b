package proxy

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chatdlp/chatdlp/config"
	"github.com/coder/websocket"
	"github.com/gobwas/ws"
)

// wsEcho is a wss server that echoes every message and records what it
// got; say, when set, is sent to each new client first.
type wsEcho struct {
	mu   sync.Mutex
	got  []string
	say  string
	exts []string // Sec-WebSocket-Extensions offers seen
}

func (e *wsEcho) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	e.exts = append(e.exts, r.Header.Get("Sec-WebSocket-Extensions"))
	say := e.say
	e.mu.Unlock()
	c, err := websocket.Accept(w, r, &websocket.AcceptOptions{CompressionMode: websocket.CompressionContextTakeover})
	if err != nil {
		return
	}
	defer c.CloseNow()
	c.SetReadLimit(8 << 20)
	ctx := r.Context()
	if say != "" {
		_ = c.Write(ctx, websocket.MessageText, []byte(say))
	}
	for {
		typ, msg, err := c.Read(ctx)
		if err != nil {
			return
		}
		e.mu.Lock()
		e.got = append(e.got, string(msg))
		e.mu.Unlock()
		if err := c.Write(ctx, typ, msg); err != nil {
			return
		}
	}
}

func (e *wsEcho) received() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.got...)
}

// wsDial opens a WebSocket to url through the proxy, trusting its CA.
func (e *env) wsDial(t *testing.T, url string, compress bool) *websocket.Conn {
	t.Helper()
	opts := &websocket.DialOptions{HTTPClient: e.client()}
	if compress {
		opts.CompressionMode = websocket.CompressionContextTakeover
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, resp, err := websocket.Dial(ctx, url, opts)
	if resp != nil && resp.Body != nil {
		resp.Body.Close()
	}
	if err != nil {
		t.Fatalf("websocket.Dial(%s): %v", url, err)
	}
	c.SetReadLimit(8 << 20)
	t.Cleanup(func() { c.CloseNow() })
	return c
}

func wsRoundTrip(t *testing.T, c *websocket.Conn, msg string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := c.Write(ctx, websocket.MessageText, []byte(msg)); err != nil {
		return "", err
	}
	_, got, err := c.Read(ctx)
	return string(got), err
}

func TestWebSocketInspected(t *testing.T) {
	e := inspectEnv(t, nil)
	echo := &wsEcho{}
	up := tlsUpstream(t, e.up.valid(t, "chat.test"), echo)
	url := "wss://" + hostPort("chat.test", up) + "/socket"
	t.Run("clean messages are echoed intact, permessage-deflate offered", func(t *testing.T) {
		c := e.wsDial(t, url, true)
		for _, msg := range []string{`{"type":"message","channel":"C1","text":"lunch?"}`, "plain text", strings.Repeat("long chat ", 100000)} {
			got, err := wsRoundTrip(t, c, msg)
			if err != nil || got != msg {
				t.Fatalf("echo of %d bytes: got %d bytes, %v", len(msg), len(got), err)
			}
		}
		echo.mu.Lock()
		defer echo.mu.Unlock()
		if last := echo.exts[len(echo.exts)-1]; last != "" {
			t.Errorf("upstream saw Sec-WebSocket-Extensions %q, want the offer taken off", last)
		}
	})
	t.Run("a card is not delivered and both legs close with 1008", func(t *testing.T) {
		c := e.wsDial(t, url, false)
		before := len(echo.received())
		_, err := wsRoundTrip(t, c, `{"type":"message","channel":"C1","text":"card 4012 8888 8888 1881"}`)
		var ce websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != websocket.StatusPolicyViolation || !strings.Contains(ce.Reason, "incident") {
			t.Fatalf("after a card: %v, want close 1008 naming the incident", err)
		}
		if got := echo.received(); len(got) != before {
			t.Errorf("the card reached the server: %q", got[len(got)-1])
		}
		blocks := e.events("dlp.block")
		if len(blocks) == 0 || blocks[len(blocks)-1].ContextMap()["protocol"] != "websocket" || !strings.Contains(ce.Reason, blocks[len(blocks)-1].ContextMap()["incident_id"].(string)) {
			t.Errorf("dlp.block: %v, want a websocket event with the incident in the close reason", blocks)
		}
	})
	t.Run("a redaction rewrites the message", func(t *testing.T) {
		c := e.wsDial(t, url, false)
		got, err := wsRoundTrip(t, c, `{"text":"I am EMP-123456"}`)
		if err != nil || got != `{"text":"I am ******3456"}` {
			t.Errorf("echo: got %q, %v, want the redacted message", got, err)
		}
	})
	t.Run("message after message in one session, each read afresh", func(t *testing.T) {
		// Each direction reuses one Scratch for its messages' Docs: a
		// message of another shape, and a redaction after a larger one,
		// must come out as if read alone.
		c := e.wsDial(t, url, false)
		for _, tt := range []struct{ send, want string }{
			{`{"event":"posted","data":{"post":"{\"message\":\"hi\",\"props\":{\"attachments\":[{\"text\":\"a\"},{\"text\":\"b\"}]}}"}}`, ""},
			{`{"text":"I am EMP-123456"}`, `{"text":"I am ******3456"}`},
			{`{"a":{"b":["x","y",{"c":"z"}]},"text":"clean"}`, ""},
			{`["I am EMP-654321", {"n": 1}]`, `["I am ******4321", {"n": 1}]`},
			{`{"text":"EMP-111111 and EMP-222222","text":"EMP-333333"}`, `{"text":"******1111 and ******2222","text":"******3333"}`},
		} {
			want := tt.want
			if want == "" {
				want = tt.send
			}
			got, err := wsRoundTrip(t, c, tt.send)
			if err != nil || got != want {
				t.Fatalf("echo of %q: got %q, %v, want %q", tt.send, got, err, want)
			}
		}
	})
}

func TestWebSocketInboundBlocked(t *testing.T) {
	e := inspectEnv(t, nil)
	echo := &wsEcho{say: `{"type":"message","text":"the Project Zephyr launch date"}`}
	up := tlsUpstream(t, e.up.valid(t, "chat.test"), echo)
	c := e.wsDial(t, "wss://"+hostPort("chat.test", up)+"/socket", false)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, msg, err := c.Read(ctx)
	if websocket.CloseStatus(err) != websocket.StatusPolicyViolation {
		t.Errorf("inbound blocked message: got %q, %v, want close 1008", msg, err)
	}
}

// rawWS opens a WebSocket by hand through the proxy's MITM, for frames a
// library client would not send.
func rawWS(t *testing.T, e *env, target string) (*tls.Conn, *bufio.Reader) {
	t.Helper()
	ec := &earlyConn{Conn: e.dialProxy(), head: connectHead(target)}
	tc := tls.Client(ec, &tls.Config{ServerName: "chat.test", RootCAs: e.pool})
	_ = tc.SetDeadline(time.Now().Add(15 * time.Second))
	fmt.Fprintf(tc, "GET /socket HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n", target)
	br := bufio.NewReader(tc)
	resp, err := http.ReadResponse(br, nil)
	if err != nil || resp.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("upgrade: %v %v", resp, err)
	}
	resp.Body.Close()
	return tc, br
}

// clientFrame is a masked client frame.
func clientFrame(op ws.OpCode, fin bool, payload string) []byte {
	b := frame(op, []byte(payload), true)
	if !fin {
		b[0] &^= 0x80
	}
	return b
}

func TestWebSocketFragmentsAndPings(t *testing.T) {
	e := inspectEnv(t, nil)
	echo := &wsEcho{}
	up := tlsUpstream(t, e.up.valid(t, "chat.test"), echo)
	tc, br := rawWS(t, e, hostPort("chat.test", up))
	// "hello world" in three fragments, a ping between them.
	for _, f := range [][]byte{
		clientFrame(ws.OpText, false, "hello "), clientFrame(ws.OpPing, true, "p1"),
		clientFrame(ws.OpContinuation, false, "wor"), clientFrame(ws.OpContinuation, true, "ld"),
	} {
		if _, err := tc.Write(f); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for len(got) < 2 {
		h, err := ws.ReadHeader(br)
		if err != nil {
			t.Fatalf("reading frames: %v (got %q)", err, got)
		}
		p := make([]byte, h.Length)
		_, _ = io.ReadFull(br, p)
		got = append(got, fmt.Sprintf("%v:%s", h.OpCode, p))
	}
	if got[0] != fmt.Sprintf("%v:p1", ws.OpPong) || got[1] != fmt.Sprintf("%v:hello world", ws.OpText) {
		t.Errorf("frames back: %q, want the pong then the reassembled echo", got)
	}
	// A card split across fragments is caught too.
	for _, f := range [][]byte{clientFrame(ws.OpText, false, "card 4012 8888 "), clientFrame(ws.OpContinuation, true, "8888 1881")} {
		_, _ = tc.Write(f)
	}
	h, err := ws.ReadHeader(br)
	if err != nil || h.OpCode != ws.OpClose {
		t.Fatalf("after a split card: %v %v, want a close frame", h, err)
	}
	p := make([]byte, h.Length)
	_, _ = io.ReadFull(br, p)
	if code, _ := ws.ParseCloseFrameData(p); code != ws.StatusPolicyViolation {
		t.Errorf("close code %d, want 1008", code)
	}
}

func TestWebSocketProtocolErrorsAndStalls(t *testing.T) {
	e := inspectEnv(t, func(c *config.Config) { c.Limits.IdleTimeout = config.Duration(500 * time.Millisecond) })
	up := tlsUpstream(t, e.up.valid(t, "chat.test"), &wsEcho{})
	target := hostPort("chat.test", up)
	t.Run("an unmasked client frame closes with 1002", func(t *testing.T) {
		tc, br := rawWS(t, e, target)
		_, _ = tc.Write(frame(ws.OpText, []byte("hi"), false))
		h, err := ws.ReadHeader(br)
		if err != nil || h.OpCode != ws.OpClose {
			t.Fatalf("got %v %v, want a close frame", h, err)
		}
		p := make([]byte, h.Length)
		_, _ = io.ReadFull(br, p)
		if code, _ := ws.ParseCloseFrameData(p); code != ws.StatusProtocolError {
			t.Errorf("close code %d, want 1002", code)
		}
	})
	t.Run("a client that stalls inside a frame is dropped", func(t *testing.T) {
		tc, br := rawWS(t, e, target)
		f := clientFrame(ws.OpText, true, "a message that never ends")
		_, _ = tc.Write(f[:8]) // the header and a little
		start := time.Now()
		_, err := io.ReadAll(br)
		if err != nil && !strings.Contains(err.Error(), "EOF") && !strings.Contains(err.Error(), "closed") {
			t.Logf("read: %v", err)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("dropped after %v, want about idle_timeout", d)
		}
		var closed bool
		for _, ev := range e.events("tunnel.close") {
			if ev.ContextMap()["protocol"] == "websocket" {
				closed = true
			}
		}
		if !closed {
			t.Errorf("no tunnel.close for the websocket")
		}
	})
}

func TestWebSocketGatewaysAndSocketIO(t *testing.T) {
	e := inspectEnv(t, nil)
	var query string
	var mu sync.Mutex
	echo := &wsEcho{}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		query = r.URL.RawQuery
		mu.Unlock()
		echo.ServeHTTP(w, r)
	})
	up := tlsUpstream(t, e.up.valid(t, "gateway.discord.test"), h)
	t.Run("discord gateway asked for plain frames", func(t *testing.T) {
		c := e.wsDial(t, "wss://"+hostPort("gateway.discord.test", up)+"/?v=10&encoding=json&compress=zlib-stream", false)
		msg := `{"op":3,"d":{"status":"online","activities":[{"name":"Custom Status","state":"lunch"}]}}`
		if got, err := wsRoundTrip(t, c, msg); err != nil || got != msg {
			t.Fatalf("echo: %q %v", got, err)
		}
		mu.Lock()
		defer mu.Unlock()
		if strings.Contains(query, "compress") || !strings.Contains(query, "encoding=json") {
			t.Errorf("upstream query %q, want compress taken off", query)
		}
	})
	t.Run("socket.io event with a card is blocked", func(t *testing.T) {
		c := e.wsDial(t, "wss://"+hostPort("gateway.discord.test", up)+"/socket.io/?EIO=4&transport=websocket", false)
		_, err := wsRoundTrip(t, c, `42["message",{"room":"general","text":"card 4012 8888 8888 1881"}]`)
		if websocket.CloseStatus(err) != websocket.StatusPolicyViolation {
			t.Errorf("socket.io card: %v, want close 1008", err)
		}
	})
}

// TestWebSocketServiceGateways: each service's socket, through the real
// proxy with a real client, to a local fake gateway shaped after its
// protocol: a clean message passes intact, a card (inbound: a code name
// blocked both ways) closes the socket with 1008 and never reaches the
// other side. $TEXT is the message text.
func TestWebSocketServiceGateways(t *testing.T) {
	gateways := []struct {
		service, path string
		send          string // a client message (outbound), or
		say           string // a message the server pushes (inbound)
	}{
		{service: "slack", path: "/websocket/x", send: `{"type":"message","channel":"C024BE91L","text":"$TEXT","id":1}`},
		{service: "discord", path: "/?v=10&encoding=json", say: `{"t":"MESSAGE_CREATE","s":2,"op":0,"d":{"id":"1","channel_id":"2","author":{"id":"3","username":"a"},"content":"$TEXT"}}`},
		{service: "mattermost", path: "/api/v4/websocket", say: `{"event":"posted","data":{"channel_type":"O","post":"{\"id\":\"p1\",\"user_id\":\"u1\",\"channel_id\":\"c1\",\"message\":\"$TEXT\"}"},"broadcast":{"channel_id":"c1"},"seq":3}`},
		{service: "rocketchat", path: "/websocket", send: `{"msg":"method","method":"sendMessage","params":[{"_id":"m1","rid":"GENERAL","msg":"$TEXT"}],"id":"14"}`},
		{service: "teams", path: "/chathub", send: "{\"type\":1,\"target\":\"SendMessage\",\"arguments\":[\"$TEXT\"]}\x1e"},
		{service: "", path: "/socket.io/?EIO=4&transport=websocket", send: `42["chat message",{"text":"$TEXT"}]`},
	}
	hosts := map[string][]string{}
	for _, g := range gateways {
		if g.service != "" {
			hosts[g.service] = []string{g.service + ".test"}
		}
	}
	e := inspectEnv(t, func(c *config.Config) { c.Services.Hosts = hosts })
	for _, g := range gateways {
		name := g.service
		if name == "" {
			name = "socket.io"
		}
		host := strings.TrimPrefix(name+".test", ".")
		for _, tt := range []struct {
			name, text string
			blocked    bool
		}{{"clean", "lunch at noon?", false}, {"card", "card 4012 8888 8888 1881", true}} {
			if tt.blocked && g.say != "" {
				// Inbound, the built-in card rule does not apply (outbound
				// only); the test's code-name rule applies both ways.
				tt.name, tt.text = "code name", "the Project Zephyr launch date"
			}
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				msg := strings.ReplaceAll(g.send+g.say, "$TEXT", tt.text)
				echo := &wsEcho{}
				if g.say != "" {
					echo.say = msg
				}
				up := tlsUpstream(t, e.up.valid(t, host), echo)
				c := e.wsDial(t, "wss://"+hostPort(host, up)+g.path, false)
				var got string
				var err error
				if g.send != "" {
					got, err = wsRoundTrip(t, c, msg)
				} else {
					ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
					defer cancel()
					var b []byte
					_, b, err = c.Read(ctx)
					got = string(b)
				}
				if tt.blocked {
					if websocket.CloseStatus(err) != websocket.StatusPolicyViolation {
						t.Errorf("got %q, %v, want close 1008", got, err)
					}
					if r := echo.received(); len(r) > 0 {
						t.Errorf("the card reached the server: %q", r)
					}
					return
				}
				if err != nil || got != msg {
					t.Errorf("got %q, %v, want %q intact", got, err, msg)
				}
			})
		}
	}
}

func TestWebSocketBinaryReportedUnread(t *testing.T) {
	e := inspectEnv(t, nil)
	up := tlsUpstream(t, e.up.valid(t, "chat.test"), &wsEcho{})
	c := e.wsDial(t, "wss://"+hostPort("chat.test", up)+"/socket", false)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for range 3 {
		if err := c.Write(ctx, websocket.MessageBinary, []byte{0x83, 0xa1, 'x'}); err != nil {
			t.Fatal(err)
		}
		if typ, b, err := c.Read(ctx); err != nil || typ != websocket.MessageBinary || len(b) != 3 {
			t.Fatalf("binary echo: %v %q %v", typ, b, err)
		}
	}
	var unread []string
	for _, ev := range e.events("dlp.uninspectable") {
		m := ev.ContextMap()
		unread = append(unread, fmt.Sprint(m["reason"], "/", m["action"], "/", m["direction"]))
	}
	// One per direction per session: outbound, then the echo inbound.
	if len(unread) != 2 || unread[0] != "binary/allow/outbound" || unread[1] != "binary/allow/inbound" {
		t.Errorf("dlp.uninspectable: %q, want one binary/allow event each way", unread)
	}
}

// TestWebSocketTunnelIdle: an inspected session with no frame either way
// for tunnel_idle_timeout is ended; frames either way keep it open.
func TestWebSocketTunnelIdle(t *testing.T) {
	e := inspectEnv(t, func(c *config.Config) { c.Limits.TunnelIdleTimeout = config.Duration(600 * time.Millisecond) })
	up := tlsUpstream(t, e.up.valid(t, "chat.test"), &wsEcho{})
	tc, br := rawWS(t, e, hostPort("chat.test", up))
	for range 4 { // 1.2 s of traffic, a frame every 300 ms
		time.Sleep(300 * time.Millisecond)
		if _, err := tc.Write(clientFrame(ws.OpText, true, "still here")); err != nil {
			t.Fatalf("write while active: %v", err)
		}
		if h, err := ws.ReadHeader(br); err != nil || h.OpCode != ws.OpText {
			t.Fatalf("echo while active: %v %v", h, err)
		}
		_, _ = io.CopyN(io.Discard, br, int64(len("still here")))
	}
	start := time.Now()
	_, _ = io.ReadAll(br) // silent now: the session ends
	if d := time.Since(start); d < 500*time.Millisecond || d > 5*time.Second {
		t.Errorf("idle session ended after %v, want about tunnel_idle_timeout (600ms)", d)
	}
}

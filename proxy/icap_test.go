package proxy

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chatdlp/chatdlp/config"
	"github.com/chatdlp/chatdlp/inspect"
	"github.com/chatdlp/chatdlp/rules"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"
)

// icapEnv is inspectEnv with an ICAP listener.
type icapEnv struct {
	*env
	icapAddr string
}

// inboundCardRule removes card numbers from the messages delivered to
// users too (the built-in payment-card rule is outbound only).
const inboundCardRule = `rules:
  - id: inbound-card
    description: Card number delivered to a user
    severity: high
    pattern: '\b(?:\d[ -]?){12,18}\d\b'
    validator: luhn
    action: block
    direction: inbound
    examples:
      match: ["pay with 4012 8888 8888 1881"]
      no_match: ["order 4012 8888 8888 1882"]
`

func newICAPEnv(t testing.TB, mutate func(*config.Config)) *icapEnv {
	t.Helper()
	dir := t.TempDir()
	for name, text := range map[string]string{"redact.yaml": redactRule, "card.yaml": inboundCardRule} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	set, err := rules.Load([]string{filepath.Join(dir, "*.yaml")}, true)
	if err != nil {
		t.Fatal(err)
	}
	engine, err := inspect.NewEngine(set, inspect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e := newEnvOpts(t, mutate, func(o *Options) { o.Inspector = inspect.NewLive(engine) })
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = e.srv.ServeICAP(l) }()
	return &icapEnv{env: e, icapAddr: l.Addr().String()}
}

// icapClient is one raw ICAP connection.
type icapClient struct {
	t  testing.TB
	c  net.Conn
	br *bufio.Reader
}

func (e *icapEnv) dial(t testing.TB) *icapClient {
	t.Helper()
	c, err := net.DialTimeout("tcp", e.icapAddr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	_ = c.SetDeadline(time.Now().Add(20 * time.Second))
	return &icapClient{t: t, c: c, br: bufio.NewReader(c)}
}

func (c *icapClient) send(b []byte) {
	c.t.Helper()
	if _, err := c.c.Write(b); err != nil {
		c.t.Fatal(err)
	}
}

// icapMsg is a request to build: an encapsulated HTTP request (and
// response for RESPMOD) with a body sent in chunks.
type icapMsg struct {
	method   string // REQMOD (default) or RESPMOD
	service  string // default: reqmod or respmod
	headers  []string
	httpReq  string // request head (CRLF lines, without the empty line)
	httpResp string // RESPMOD: response head
	body     string
	chunks   []int // sizes of the chunks the body is cut into (default: one)
	preview  int   // bytes of the body sent as preview; -1: none
	allow204 bool
}

// build writes the ICAP request; with a preview shorter than the body,
// only the preview is written (rest() gives the remainder).
func (m icapMsg) build() []byte {
	if m.method == "" {
		m.method = "REQMOD"
	}
	if m.service == "" {
		m.service = strings.ToLower(m.method)
	}
	reqHdr := m.httpReq + "\r\n\r\n"
	var enc string
	heads := reqHdr
	kind := "req"
	if m.method == "RESPMOD" {
		heads += m.httpResp + "\r\n\r\n"
		enc = fmt.Sprintf("req-hdr=0, res-hdr=%d, ", len(reqHdr))
		kind = "res"
	} else {
		enc = "req-hdr=0, "
	}
	if m.body == "" && m.preview < 0 {
		enc += fmt.Sprintf("null-body=%d", len(heads))
	} else {
		enc += fmt.Sprintf("%s-body=%d", kind, len(heads))
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s icap://127.0.0.1:1344/%s ICAP/1.0\r\nHost: 127.0.0.1:1344\r\nEncapsulated: %s\r\n", m.method, m.service, enc)
	if m.allow204 {
		b.WriteString("Allow: 204\r\n")
	}
	if m.preview >= 0 {
		fmt.Fprintf(&b, "Preview: %d\r\n", m.preview)
	}
	for _, h := range m.headers {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("\r\n")
	b.WriteString(heads)
	if m.body == "" && m.preview < 0 {
		return b.Bytes()
	}
	body := m.body
	if m.preview >= 0 && m.preview < len(body) {
		b.WriteString(chunked(body[:m.preview], m.chunks))
		b.WriteString("0\r\n\r\n")
		return b.Bytes()
	}
	b.WriteString(chunked(body, m.chunks))
	if m.preview >= 0 {
		b.WriteString("0; ieof\r\n\r\n")
	} else {
		b.WriteString("0\r\n\r\n")
	}
	return b.Bytes()
}

// rest is the body after the preview, chunked and terminated.
func (m icapMsg) rest() []byte {
	return []byte(chunked(m.body[m.preview:], nil) + "0\r\n\r\n")
}

func chunked(s string, sizes []int) string {
	var b strings.Builder
	for _, n := range sizes {
		if n > len(s) {
			n = len(s)
		}
		if n == 0 {
			continue
		}
		fmt.Fprintf(&b, "%x; ext=1\r\n%s\r\n", n, s[:n])
		s = s[n:]
	}
	if s != "" {
		fmt.Fprintf(&b, "%x\r\n%s\r\n", len(s), s)
	}
	return b.String()
}

// icapReply is a reply read whole.
type icapReply struct {
	status   int
	header   http.Header
	req      *http.Request  // encapsulated req-hdr
	resp     *http.Response // encapsulated res-hdr
	rawHead  string         // the encapsulated head as sent
	body     string
	hasBody  bool
	incident string
}

// read reads one reply (100 Continue included).
func (c *icapClient) read() icapReply {
	c.t.Helper()
	line, err := c.br.ReadString('\n')
	if err != nil {
		c.t.Fatalf("reply: %v", err)
	}
	parts := strings.SplitN(strings.TrimSpace(line), " ", 3)
	if len(parts) < 2 || parts[0] != "ICAP/1.0" {
		c.t.Fatalf("reply line %q", line)
	}
	r := icapReply{header: http.Header{}}
	r.status, _ = strconv.Atoi(parts[1])
	for {
		l, err := c.br.ReadString('\n')
		if err != nil {
			c.t.Fatalf("reply head: %v", err)
		}
		l = strings.TrimRight(l, "\r\n")
		if l == "" {
			break
		}
		k, v, _ := strings.Cut(l, ":")
		r.header.Add(k, strings.TrimSpace(v))
	}
	if r.status != 200 || r.header.Get("Encapsulated") == "" || r.header.Get("Methods") != "" {
		return r
	}
	secs, err := parseEncapsulated(r.header.Get("Encapsulated"))
	if err != nil {
		c.t.Fatalf("reply Encapsulated %q: %v", r.header.Get("Encapsulated"), err)
	}
	for i, s := range secs {
		if isBodySection(s.name) {
			r.hasBody = s.name != secNull
			break
		}
		raw := make([]byte, secs[i+1].off-s.off)
		if _, err := io.ReadFull(c.br, raw); err != nil {
			c.t.Fatalf("reply %s: %v", s.name, err)
		}
		r.rawHead = string(raw)
		if s.name == secReqHdr {
			r.req, err = http.ReadRequest(bufio.NewReader(bytes.NewReader(raw)))
		} else {
			var resp *http.Response
			resp, err = http.ReadResponse(bufio.NewReader(bytes.NewReader(raw)), nil)
			if err == nil {
				_ = resp.Body.Close() // the body follows in ICAP chunks
				r.resp = resp
			}
		}
		if err != nil {
			c.t.Fatalf("reply %s %q: %v", s.name, raw, err)
		}
	}
	if r.hasBody {
		b, err := io.ReadAll(&icapBody{br: c.br})
		if err != nil {
			c.t.Fatalf("reply body: %v", err)
		}
		r.body = string(b)
	}
	if r.resp != nil {
		r.incident = r.resp.Header.Get(incidentHeader)
	}
	return r
}

// roundTrip sends m and reads the reply (answering no 100 Continue).
func (c *icapClient) roundTrip(m icapMsg) icapReply {
	c.t.Helper()
	c.send(m.build())
	return c.read()
}

// closed reports the server closed the connection.
func (c *icapClient) closed() bool {
	_ = c.c.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err := c.br.ReadByte()
	return err != nil
}

const icapSlackHead = "POST https://slack.test/api/chat.postMessage HTTP/1.1\r\nHost: slack.test\r\nContent-Type: application/json"

func slackJSON(text string) string {
	b, _ := json.Marshal(map[string]string{"channel": "C024BE91L", "text": text})
	return string(b)
}

func withLen(head, body string) string {
	return head + "\r\nContent-Length: " + strconv.Itoa(len(body))
}

func TestICAPOptions(t *testing.T) {
	e := newICAPEnv(t, nil)
	c := e.dial(t)
	for _, svc := range []string{"reqmod", "respmod"} {
		c.send([]byte("OPTIONS icap://127.0.0.1:1344/" + svc + " ICAP/1.0\r\nHost: 127.0.0.1\r\nEncapsulated: null-body=0\r\n\r\n"))
		r := c.read()
		want := map[string]string{"Methods": strings.ToUpper(svc), "Allow": "204", "Preview": "4096", "Transfer-Preview": "*",
			"Max-Connections": "1024", "Options-TTL": "3600", "Encapsulated": "null-body=0", "ISTag": e.srv.ISTag()}
		if r.status != 200 {
			t.Fatalf("OPTIONS %s: %d", svc, r.status)
		}
		for k, v := range want {
			if got := r.header.Get(k); got != v {
				t.Errorf("OPTIONS %s: %s = %q, want %q", svc, k, got, v)
			}
		}
		if r.header.Get("Service") == "" || !strings.HasPrefix(r.header.Get("ISTag"), `"chatdlp-`) {
			t.Errorf("OPTIONS %s: Service %q ISTag %q", svc, r.header.Get("Service"), r.header.Get("ISTag"))
		}
	}
}

func TestICAPReqmod(t *testing.T) {
	e := newICAPEnv(t, func(c *config.Config) { c.Clients.Groups = map[string][]string{"finance": {"alice"}} })
	c := e.dial(t) // one persistent connection for every case
	user := "X-Authenticated-User: " + base64.StdEncoding.EncodeToString([]byte("alice"))
	clean := slackJSON("lunch at noon?")

	t.Run("clean 204", func(t *testing.T) {
		r := c.roundTrip(icapMsg{httpReq: withLen(icapSlackHead, clean), body: clean, preview: -1, allow204: true})
		if r.status != 204 {
			t.Fatalf("status %d, want 204", r.status)
		}
	})
	t.Run("clean echoed without Allow 204", func(t *testing.T) {
		r := c.roundTrip(icapMsg{httpReq: withLen(icapSlackHead, clean), body: clean, preview: -1, chunks: []int{3, 5, 1}})
		if r.status != 200 || r.req == nil || r.body != clean || r.rawHead != withLen(icapSlackHead, clean)+"\r\n\r\n" {
			t.Fatalf("got %d %q %q, want the request echoed", r.status, r.rawHead, r.body)
		}
	})
	t.Run("card blocked in Slack's shape", func(t *testing.T) {
		body := slackJSON("my card is " + luhnCard)
		r := c.roundTrip(icapMsg{httpReq: withLen(icapSlackHead, body), body: body, preview: -1, allow204: true,
			headers: []string{"X-Client-IP: 10.9.8.7", user}})
		if r.status != 200 || r.resp == nil || r.resp.StatusCode != 403 || !strings.Contains(r.body, `"ok":false`) || r.incident == "" {
			t.Fatalf("got %d %+v %q, want an encapsulated 403 in Slack's shape", r.status, r.resp, r.body)
		}
		if n, _ := strconv.Atoi(r.resp.Header.Get("Content-Length")); n != len(r.body) {
			t.Errorf("Content-Length %d for %d bytes", n, len(r.body))
		}
		var found bool
		for _, ev := range e.events("dlp.block") {
			m := ev.ContextMap()
			if m["incident_id"] == r.incident {
				found = true
				for k, v := range map[string]string{"via": "icap", "protocol": "https", "service": "slack", "host": "slack.test",
					"client_ip": "10.9.8.7", "user": "alice", "group": "finance", "path": "/api/chat.postMessage", "method": "POST"} {
					if m[k] != v {
						t.Errorf("dlp.block %s = %v, want %q", k, m[k], v)
					}
				}
			}
		}
		if !found {
			t.Errorf("no dlp.block event for incident %s", r.incident)
		}
		var reqs []observer.LoggedEntry
		for i := 0; i < 100 && len(reqs) == 0; i++ { // written after the reply
			time.Sleep(10 * time.Millisecond)
			reqs = e.logs.FilterField(zap.String("icap_method", "REQMOD")).FilterField(zap.String("incident_id", r.incident)).AllUntimed()
		}
		if len(reqs) != 1 || reqs[0].ContextMap()["via"] != "icap" {
			t.Errorf("want one proxy.request line with via icap for the block, got %v", reqs)
		}
	})
	t.Run("redacted", func(t *testing.T) {
		body := slackJSON("I am EMP-123456, hi")
		r := c.roundTrip(icapMsg{httpReq: withLen(icapSlackHead, body) + "\r\nContent-Encoding: identity", body: body, preview: -1, allow204: true})
		if r.status != 200 || r.req == nil || !strings.Contains(r.body, `"I am ******3456, hi"`) {
			t.Fatalf("got %d %q, want the redacted request", r.status, r.body)
		}
		if r.req.ContentLength != int64(len(r.body)) || r.req.Host != "slack.test" || r.req.URL.String() != "https://slack.test/api/chat.postMessage" {
			t.Errorf("redacted head %q for a body of %d", r.rawHead, len(r.body))
		}
	})
	t.Run("chunked HTTP body", func(t *testing.T) {
		body := slackJSON("I am EMP-123456, hi")
		r := c.roundTrip(icapMsg{httpReq: icapSlackHead + "\r\nTransfer-Encoding: chunked", body: body, preview: -1, allow204: true,
			chunks: []int{1, 1, 7, 20}})
		if r.status != 200 || !strings.Contains(r.body, "******3456") || r.req.ContentLength != int64(len(r.body)) ||
			strings.Contains(r.rawHead, "Transfer-Encoding") {
			t.Fatalf("got %d %q %q", r.status, r.rawHead, r.body)
		}
	})
	t.Run("preview with ieof", func(t *testing.T) {
		r := c.roundTrip(icapMsg{httpReq: withLen(icapSlackHead, clean), body: clean, preview: 4096})
		if r.status != 204 {
			t.Fatalf("clean in a whole preview: %d, want 204", r.status)
		}
		body := slackJSON("card " + luhnCard)
		r = c.roundTrip(icapMsg{httpReq: withLen(icapSlackHead, body), body: body, preview: 4096})
		if r.status != 200 || r.resp == nil || r.resp.StatusCode != 403 {
			t.Fatalf("card in a whole preview: %d %+v", r.status, r.resp)
		}
	})
	t.Run("preview then 100 Continue", func(t *testing.T) {
		body := slackJSON(strings.Repeat("lorem ipsum ", 500) + "card " + luhnCard)
		m := icapMsg{httpReq: withLen(icapSlackHead, body), body: body, preview: 4096, chunks: []int{1000, 3096}}
		c.send(m.build())
		if r := c.read(); r.status != 100 {
			t.Fatalf("after the preview: %d, want 100 Continue", r.status)
		}
		c.send(m.rest())
		if r := c.read(); r.status != 200 || r.resp == nil || r.resp.StatusCode != 403 {
			t.Fatalf("after the rest: %d %+v, want the block", r.status, r.resp)
		}
		// Clean and long, without Allow: 204: echoed whole.
		body = slackJSON(strings.Repeat("lorem ipsum ", 500))
		m = icapMsg{httpReq: withLen(icapSlackHead, body), body: body, preview: 4096}
		c.send(m.build())
		if r := c.read(); r.status != 100 {
			t.Fatalf("after the preview: %d, want 100 Continue", r.status)
		}
		c.send(m.rest())
		if r := c.read(); r.status != 200 || r.body != body {
			t.Fatalf("clean after the rest: %d, %d bytes, want it echoed", r.status, len(r.body))
		}
	})
	t.Run("binary judged in the preview", func(t *testing.T) {
		png := "\x89PNG\r\n\x1a\n" + strings.Repeat("\x00\x01\x02", 3000)
		head := withLen("POST https://slack.test/api/files.upload HTTP/1.1\r\nHost: slack.test\r\nContent-Type: image/png", png)
		r := c.roundTrip(icapMsg{httpReq: head, body: png, preview: 4096})
		if r.status != 204 {
			t.Fatalf("binary: %d, want 204 in the preview", r.status)
		}
	})
	t.Run("no body", func(t *testing.T) {
		r := c.roundTrip(icapMsg{httpReq: "GET https://slack.test/api/conversations.list HTTP/1.1\r\nHost: slack.test", preview: -1, allow204: true})
		if r.status != 204 {
			t.Fatalf("GET: %d, want 204", r.status)
		}
	})
	t.Run("blocked service", func(t *testing.T) {
		r := c.roundTrip(icapMsg{httpReq: "GET http://web.telegram.org/ HTTP/1.1\r\nHost: web.telegram.org", preview: -1, allow204: true})
		if r.status != 200 || r.resp == nil || r.resp.StatusCode != 403 || !strings.Contains(r.body, "service blocked") {
			t.Fatalf("telegram: %d %+v %q, want a 403", r.status, r.resp, r.body)
		}
	})
}

func TestICAPRespmod(t *testing.T) {
	e := newICAPEnv(t, nil)
	c := e.dial(t)
	history := `{"ok":true,"messages":[{"type":"message","user":"U1","text":"hello","ts":"1.1"},` +
		`{"type":"message","user":"U2","text":"pay with ` + luhnCard + `","ts":"1.2"},` +
		`{"type":"message","user":"U2","text":"the Project Zephyr launch date","ts":"1.3"},` +
		`{"type":"message","user":"U3","text":"I am EMP-654321","ts":"1.4"}],"has_more":false}`
	get := "GET https://slack.test/api/conversations.history?channel=C9 HTTP/1.1\r\nHost: slack.test"
	resp := withLen("HTTP/1.1 200 OK\r\nContent-Type: application/json", history)
	r := c.roundTrip(icapMsg{method: "RESPMOD", httpReq: get, httpResp: resp, body: history, preview: 4096, allow204: true})
	if r.status != 200 || r.resp == nil || r.resp.StatusCode != 200 {
		t.Fatalf("got %d %+v", r.status, r.resp)
	}
	var got struct {
		OK       bool `json:"ok"`
		Messages []struct{ User, Text string }
	}
	if err := json.Unmarshal([]byte(r.body), &got); err != nil {
		t.Fatalf("body %q: %v", r.body, err)
	}
	for _, m := range got.Messages {
		if strings.Contains(m.Text, "8888") || strings.Contains(m.Text, "Zephyr") {
			t.Errorf("delivered %q", m.Text)
		}
	}
	if !got.OK || len(got.Messages) < 2 || got.Messages[0].Text != "hello" || got.Messages[len(got.Messages)-1].Text != "I am ******4321" {
		t.Errorf("history: got %+v", got)
	}
	if n, _ := strconv.Atoi(r.resp.Header.Get("Content-Length")); n != len(r.body) {
		t.Errorf("Content-Length %d for %d bytes", n, len(r.body))
	}
	// A response that delivers no messages passes: 204.
	page := "<html>hello</html>"
	r = c.roundTrip(icapMsg{method: "RESPMOD", httpReq: "GET https://slack.test/ HTTP/1.1\r\nHost: slack.test",
		httpResp: withLen("HTTP/1.1 200 OK\r\nContent-Type: text/html", page), body: page, preview: 4096, allow204: true})
	if r.status != 204 {
		t.Errorf("page: %d, want 204", r.status)
	}
}

func TestICAPMalformed(t *testing.T) {
	e := newICAPEnv(t, func(c *config.Config) { c.Limits.MaxHeaderBytes = 4096 })
	good := slackJSON("hi")
	tests := []struct {
		name   string
		in     string
		status int
	}{
		{"garbage", "hello\r\n\r\n", 400},
		{"bad version", "REQMOD icap://x/reqmod HTTP/1.1\r\n\r\n", 400},
		{"not icap url", "REQMOD http://x/reqmod ICAP/1.0\r\n\r\n", 400},
		{"no Encapsulated", "REQMOD icap://x/reqmod ICAP/1.0\r\nHost: x\r\n\r\n", 400},
		{"bad Encapsulated", "REQMOD icap://x/reqmod ICAP/1.0\r\nEncapsulated: req-hdr=5, req-body=1\r\n\r\n", 400},
		{"body not last", "REQMOD icap://x/reqmod ICAP/1.0\r\nEncapsulated: req-body=0, req-hdr=3\r\n\r\n", 400},
		{"res-hdr in REQMOD", "REQMOD icap://x/reqmod ICAP/1.0\r\nEncapsulated: res-hdr=0, null-body=10\r\n\r\n", 400},
		{"bad http head", "REQMOD icap://x/reqmod ICAP/1.0\r\nEncapsulated: req-hdr=0, null-body=10\r\n\r\nGARBAGE\r\n\r\n", 400},
		{"head too large", "REQMOD icap://x/reqmod ICAP/1.0\r\nX-Big: " + strings.Repeat("a", 5000) + "\r\n\r\n", 400},
		{"bad Preview", "REQMOD icap://x/reqmod ICAP/1.0\r\nPreview: -3\r\nEncapsulated: null-body=0\r\n\r\n", 400},
		{"bad chunk", badChunk(good), 400},
		{"unknown service", "OPTIONS icap://x/other ICAP/1.0\r\nEncapsulated: null-body=0\r\n\r\n", 404},
		{"wrong method for service", "RESPMOD icap://x/reqmod ICAP/1.0\r\nEncapsulated: res-hdr=0, null-body=19\r\n\r\nHTTP/1.1 200 OK\r\n\r\n", 405},
		{"unknown method", "FOO icap://x/reqmod ICAP/1.0\r\nEncapsulated: null-body=0\r\n\r\n", 501},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := e.dial(t)
			c.send([]byte(tt.in))
			r := c.read()
			if r.status != tt.status || r.header.Get("Connection") != "close" || r.header.Get("X-Chatdlp-Error") == "" {
				t.Errorf("got %d %v, want %d with a reason and Connection: close", r.status, r.header, tt.status)
			}
			if !c.closed() {
				t.Errorf("connection left open")
			}
		})
	}
	// A body cut short: the connection closes, nothing is answered.
	c := e.dial(t)
	m := icapMsg{httpReq: withLen(icapSlackHead, good), body: good, preview: -1}
	b := m.build()
	c.send(b[:len(b)-8])
	_ = c.c.(*net.TCPConn).CloseWrite()
	if !c.closed() {
		t.Errorf("cut body: connection left open")
	}
}

// badChunk is a REQMOD whose chunk size is not hex.
func badChunk(body string) string {
	head := withLen(icapSlackHead, body) + "\r\n\r\n"
	return "REQMOD icap://x/reqmod ICAP/1.0\r\nEncapsulated: req-hdr=0, req-body=" + strconv.Itoa(len(head)) + "\r\n\r\n" +
		head + "zz\r\n" + body + "\r\n0\r\n\r\n"
}

func TestICAPClientsAllow(t *testing.T) {
	e := newICAPEnv(t, func(c *config.Config) { c.Clients.Allow = []string{"10.0.0.0/8"} })
	c := e.dial(t)
	c.send([]byte("OPTIONS icap://x/reqmod ICAP/1.0\r\nEncapsulated: null-body=0\r\n\r\n"))
	if r := c.read(); r.status != 403 || !c.closed() {
		t.Errorf("got %d, want 403 and closed", r.status)
	}
}

func TestICAPISTagChangesOnReload(t *testing.T) {
	e := newICAPEnv(t, nil)
	c := e.dial(t)
	options := func() string {
		c.send([]byte("OPTIONS icap://x/reqmod ICAP/1.0\r\nEncapsulated: null-body=0\r\n\r\n"))
		return c.read().header.Get("ISTag")
	}
	before := options()
	cfg := testConfig(t, e.up)
	if err := e.srv.Reload(cfg); err != nil {
		t.Fatal(err)
	}
	after := options()
	if before == "" || before == after || after != e.srv.ISTag() {
		t.Errorf("ISTag %s before the reload, %s after", before, after)
	}
	// The tag of a reply is the tag of the policy that decided it.
	r := c.roundTrip(icapMsg{httpReq: withLen(icapSlackHead, slackJSON("hi")), body: slackJSON("hi"), preview: -1, allow204: true})
	if r.status != 204 || r.header.Get("ISTag") != after {
		t.Errorf("reply %d ISTag %s, want 204 with %s", r.status, r.header.Get("ISTag"), after)
	}
}

// TestICAPShutdown: Shutdown closes an idle ICAP connection at once.
func TestICAPShutdown(t *testing.T) {
	e := newICAPEnv(t, nil)
	c := e.dial(t)
	c.send([]byte("OPTIONS icap://x/reqmod ICAP/1.0\r\nEncapsulated: null-body=0\r\n\r\n"))
	if r := c.read(); r.status != 200 {
		t.Fatalf("OPTIONS: %d", r.status)
	}
	start := time.Now()
	e.srv.icap.closeIdle()
	if !c.closed() || time.Since(start) > 3*time.Second {
		t.Errorf("idle connection not closed at shutdown")
	}
}

// BenchmarkICAPReqmod: round trips of a small clean chat POST on one
// keep-alive ICAP connection.
func BenchmarkICAPReqmod(b *testing.B) {
	e := newICAPEnv(b, nil)
	c := e.dial(b)
	body := string(slackPost) // the chat.postMessage of cmd/chatdlp-bench
	msg := icapMsg{httpReq: withLen(icapSlackHead, body), body: body, preview: 4096, allow204: true}.build()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_ = c.c.SetDeadline(time.Now().Add(10 * time.Second))
		c.send(msg)
		if r := c.read(); r.status != 204 {
			b.Fatalf("status %d", r.status)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

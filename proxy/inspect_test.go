package proxy

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/chatdlp/chatdlp/config"
	"github.com/chatdlp/chatdlp/inspect"
	"github.com/chatdlp/chatdlp/inspect/extract"
	"github.com/chatdlp/chatdlp/rules"
	"github.com/klauspost/compress/zstd"
)

// redactRule is an admin rule that redacts an employee number, keeping
// its last 4 characters, and one that blocks a code name both ways.
const redactRule = `rules:
  - id: employee-number
    description: Employee number
    severity: medium
    pattern: '\bEMP-\d{6}\b'
    keywords: [emp-]
    action: redact
    keep_last: 4
    direction: both
    examples:
      match: ["I am EMP-123456"]
      no_match: ["EMP-12"]
  - id: project-zephyr
    description: Code name that must not be discussed, either way
    severity: high
    pattern: '(?i)\bproject[- ]zephyr\b'
    keywords: [zephyr]
    action: block
    direction: both
    examples:
      match: ["news on project zephyr"]
      no_match: ["a zephyr wind"]
`

// inspectEnv is a proxy with the built-in rule pack plus redactRule.
func inspectEnv(t testing.TB, mutate func(*config.Config)) *env {
	t.Helper()
	file := filepath.Join(t.TempDir(), "rules.yaml")
	if err := os.WriteFile(file, []byte(redactRule), 0o600); err != nil {
		t.Fatal(err)
	}
	set, err := rules.Load([]string{file}, true)
	if err != nil {
		t.Fatal(err)
	}
	engine, err := inspect.NewEngine(set, inspect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return newEnvOpts(t, mutate, func(o *Options) { o.Inspector = inspect.NewLive(engine) })
}

// fakeChat is a local chat API: it records what reaches it and answers
// each path with a canned response.
type fakeChat struct {
	mu        sync.Mutex
	got       []received
	responses map[string]string // path -> JSON response body
	encode    string            // Content-Encoding of responses
}

type received struct {
	path, encoding, ctype string
	body                  []byte
}

func (f *fakeChat) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.got = append(f.got, received{r.URL.Path, r.Header.Get("Content-Encoding"), r.Header.Get("Content-Type"), b})
	resp, ok := f.responses[r.URL.Path]
	f.mu.Unlock()
	if !ok {
		resp = `{"ok":true}`
	}
	w.Header().Set("Content-Type", "application/json")
	out := []byte(resp)
	if f.encode != "" {
		w.Header().Set("Content-Encoding", f.encode)
		out = compress(nil, f.encode, out)
	}
	_, _ = w.Write(out)
}

func (f *fakeChat) last() (received, int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.got) == 0 {
		return received{}, 0
	}
	return f.got[len(f.got)-1], len(f.got)
}

// compress encodes b with a Content-Encoding.
func compress(t testing.TB, enc string, b []byte) []byte {
	var buf bytes.Buffer
	switch enc {
	case "gzip":
		w := gzip.NewWriter(&buf)
		_, _ = w.Write(b)
		_ = w.Close()
	case "br":
		w := brotli.NewWriter(&buf)
		_, _ = w.Write(b)
		_ = w.Close()
	case "zstd":
		w, _ := zstd.NewWriter(&buf)
		_, _ = w.Write(b)
		_ = w.Close()
	default:
		if t != nil {
			t.Fatalf("compress: unknown %q", enc)
		}
	}
	return buf.Bytes()
}

type post struct {
	name, path, ctype, encoding, body string
	header                            map[string]string
}

// reply is a response read whole.
type reply struct {
	StatusCode int
	Header     http.Header
}

// send posts through the proxy to the fake at host (its own name).
func (e *env) send(t *testing.T, base string, p post) (reply, []byte) {
	t.Helper()
	body := []byte(p.body)
	if p.encoding != "" {
		body = compress(t, p.encoding, body)
	}
	req, err := http.NewRequest(http.MethodPost, base+p.path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", p.ctype)
	if p.encoding != "" {
		req.Header.Set("Content-Encoding", p.encoding)
	}
	for k, v := range p.header {
		req.Header.Set(k, v)
	}
	resp, err := e.client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return reply{resp.StatusCode, resp.Header}, b
}

const (
	luhnCard    = "4012 8888 8888 1881"
	nonLuhnCard = "4012 8888 8888 1882"
)

func TestSlackPostInspected(t *testing.T) {
	e := inspectEnv(t, nil)
	fake := &fakeChat{}
	up := tlsUpstream(t, e.up.valid(t, "slack.test"), fake)
	base := "https://" + hostPort("slack.test", up)
	form := "token=xoxc-1111-2222-3333-abcdefabcdef&channel=C024BE91L&text="
	tests := []struct {
		post
		blocked  bool
		wantBody string // what reaches the fake ("" = the body as sent)
	}{
		{post{name: "clean json", path: "/api/chat.postMessage", ctype: "application/json",
			body: `{"channel":"C024BE91L",  "text":"lunch at noon?"}`}, false, ""},
		{post{name: "clean form keeps its token", path: "/api/chat.postMessage", ctype: "application/x-www-form-urlencoded",
			body: form + "lunch+at+noon%3F"}, false, ""},
		{post{name: "card in json", path: "/api/chat.postMessage", ctype: "application/json",
			body: `{"channel":"C024BE91L","text":"my card ` + luhnCard + `"}`}, true, ""},
		{post{name: "card in form", path: "/api/chat.postMessage", ctype: "application/x-www-form-urlencoded",
			body: form + "card+" + strings.ReplaceAll(luhnCard, " ", "+")}, true, ""},
		{post{name: "card in blocks", path: "/api/chat.postMessage", ctype: "application/json",
			body: `{"channel":"C1","blocks":[{"type":"rich_text","elements":[{"type":"rich_text_section","elements":[{"type":"text","text":"card ` + luhnCard + `"}]}]}]}`}, true, ""},
		{post{name: "card in an edit", path: "/api/chat.update", ctype: "application/json",
			body: `{"channel":"C1","ts":"1.2","text":"fixed: ` + luhnCard + `"}`}, true, ""},
		{post{name: "non-luhn passes", path: "/api/chat.postMessage", ctype: "application/json",
			body: `{"channel":"C1","text":"order ` + nonLuhnCard + `"}`}, false, ""},
		{post{name: "gzip card", path: "/api/chat.postMessage", ctype: "application/json", encoding: "gzip",
			body: `{"channel":"C1","text":"card ` + luhnCard + `"}`}, true, ""},
		{post{name: "br card", path: "/api/chat.postMessage", ctype: "application/json", encoding: "br",
			body: `{"channel":"C1","text":"card ` + luhnCard + `"}`}, true, ""},
		{post{name: "zstd card", path: "/api/chat.postMessage", ctype: "application/json", encoding: "zstd",
			body: `{"channel":"C1","text":"card ` + luhnCard + `"}`}, true, ""},
		{post{name: "gzip clean arrives compressed as sent", path: "/api/chat.postMessage", ctype: "application/json", encoding: "gzip",
			body: `{"channel":"C1","text":"hello"}`}, false, ""},
		{post{name: "redact json", path: "/api/chat.postMessage", ctype: "application/json",
			body: `{"channel":"C1", "text":"I am EMP-123456, hi"}`}, false, `{"channel":"C1", "text":"I am ******3456, hi"}`},
		{post{name: "redact gzip form", path: "/api/chat.postMessage", ctype: "application/x-www-form-urlencoded", encoding: "gzip",
			body: form + "I+am+EMP-123456"}, false, form + "I+am+%2A%2A%2A%2A%2A%2A3456"},
		{post{name: "unknown path is read generically", path: "/api/chat.somethingNew", ctype: "application/json",
			body: `{"channel":"C1","x":{"y":"card ` + luhnCard + `"}}`}, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, before := fake.last()
			resp, body := e.send(t, base, tt.post)
			got, after := fake.last()
			inc := resp.Header.Get(incidentHeader)
			if tt.blocked {
				if resp.StatusCode != http.StatusForbidden || inc == "" {
					t.Fatalf("status %d incident %q, want 403 with an incident", resp.StatusCode, inc)
				}
				var shape struct {
					OK    *bool  `json:"ok"`
					Error string `json:"error"`
				}
				if err := json.Unmarshal(body, &shape); err != nil || shape.OK == nil || *shape.OK || !strings.Contains(shape.Error, inc) {
					t.Errorf("block body %s: want Slack's {\"ok\":false,\"error\":…} naming the incident", body)
				}
				if after != before {
					t.Errorf("the blocked message reached the service: %q", got.body)
				}
				return
			}
			if resp.StatusCode != http.StatusOK || after != before+1 {
				t.Fatalf("status %d, delivered %d, want 200 and delivered", resp.StatusCode, after-before)
			}
			want := []byte(tt.wantBody)
			if tt.wantBody == "" {
				want = []byte(tt.body)
				if tt.encoding != "" {
					want = compress(t, tt.encoding, want)
				}
				if got.encoding != tt.encoding {
					t.Errorf("Content-Encoding upstream %q, want %q", got.encoding, tt.encoding)
				}
			}
			if !bytes.Equal(got.body, want) {
				t.Errorf("upstream got %q, want %q", got.body, want)
			}
		})
	}
}

func TestInspectEvents(t *testing.T) {
	e := inspectEnv(t, nil)
	up := tlsUpstream(t, e.up.valid(t, "slack.test"), &fakeChat{})
	base := "https://" + hostPort("slack.test", up)
	resp, _ := e.send(t, base, post{path: "/api/chat.postMessage", ctype: "application/json",
		body: `{"channel":"C024BE91L","text":"card ` + luhnCard + `"}`})
	inc := resp.Header.Get(incidentHeader)
	blocks := e.events("dlp.block")
	findings := e.events("dlp.finding")
	if len(blocks) != 1 || len(findings) != 1 {
		t.Fatalf("events: %d dlp.block, %d dlp.finding, want 1 and 1", len(blocks), len(findings))
	}
	f := findings[0].ContextMap()
	for k, want := range map[string]any{
		"incident_id": inc, "service": "slack", "channel": "C024BE91L", "direction": "outbound",
		"rule_id": "payment-card", "action": "block", "evidence": "4012***********1881", "protocol": "https",
	} {
		if f[k] != want {
			t.Errorf("dlp.finding %s: got %v, want %v", k, f[k], want)
		}
	}
	if b := blocks[0].ContextMap(); b["incident_id"] != inc || b["rule_id"] != "payment-card" {
		t.Errorf("dlp.block: got %v", b)
	}
	for _, entry := range e.logs.All() {
		line, _ := json.Marshal(entry.ContextMap())
		if bytes.Contains(line, []byte("8888 8888")) {
			t.Errorf("a log line holds the card number: %s", line)
		}
	}
}

func TestInspectBodies(t *testing.T) {
	e := inspectEnv(t, func(c *config.Config) { c.Files.MaxScanBytes = 4096 })
	fake := &fakeChat{}
	up := tlsUpstream(t, e.up.valid(t, "slack.test"), fake)
	base := "https://" + hostPort("slack.test", up)
	big := `{"channel":"C1","text":"` + strings.Repeat("a", 5000) + `"}`
	corrupt := post{path: "/api/chat.postMessage", ctype: "application/json", body: `{"text":"hi"}`}
	tests := []struct {
		name    string
		p       post
		raw     []byte // body bytes as sent when set (overrides p.body/encoding)
		status  int
		reason  string
		arrives bool
	}{
		{"over max_scan_bytes", post{path: "/api/chat.postMessage", ctype: "application/json", body: big}, nil, 403, "oversize", false},
		{"corrupt gzip", corrupt, []byte("\x1f\x8b\x08\x00garbage"), 403, "undecodable", false},
		{"unknown encoding", post{path: "/api/chat.postMessage", ctype: "application/json", header: map[string]string{"Content-Encoding": "lzw9"}, body: `{"text":"hi"}`}, nil, 403, "undecodable", false},
		{"gzip bomb over the limit", corrupt, compress(t, "gzip", []byte(strings.Repeat("a", 100000))), 403, "oversize", false},
		{"image streams", post{path: "/upload", ctype: "image/png", body: "\x89PNG\r\n\x1a\n" + strings.Repeat("\x00\x89PNG", 2000)}, nil, 200, "", true},
		{"html split by tags", post{path: "/forum/post", ctype: "text/html; charset=utf-8", body: "<p>card 4012<b> 8888</b> 8888 1881</p>"}, nil, 403, "", false},
		{"html in json, entities", post{path: "/v1/users/ME/conversations/19:x/messages", ctype: "application/json",
			body: `{"content":"<div>card&#32;4012&nbsp;8888 <span>8888</span> 1881</div>","messagetype":"RichText/Html"}`}, nil, 403, "", false},
		{"latin-1 text", post{path: "/api/chat.postMessage", ctype: "text/plain; charset=iso-8859-1", body: "caf\xe9 card " + luhnCard}, nil, 403, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, before := fake.last()
			var resp reply
			if tt.raw != nil {
				req, _ := http.NewRequest(http.MethodPost, base+tt.p.path, bytes.NewReader(tt.raw))
				req.Header.Set("Content-Type", tt.p.ctype)
				req.Header.Set("Content-Encoding", "gzip")
				r, err := e.client().Do(req)
				if err != nil {
					t.Fatal(err)
				}
				r.Body.Close()
				resp = reply{r.StatusCode, r.Header}
			} else {
				resp, _ = e.send(t, base, tt.p)
			}
			_, after := fake.last()
			if resp.StatusCode != tt.status || (after > before) != tt.arrives {
				t.Errorf("status %d arrived %v, want %d arrived %v", resp.StatusCode, after > before, tt.status, tt.arrives)
			}
			if tt.reason != "" {
				found := false
				for _, ev := range e.events("dlp.uninspectable") {
					if ev.ContextMap()["reason"] == tt.reason && ev.ContextMap()["incident_id"] == resp.Header.Get(incidentHeader) {
						found = true
					}
				}
				if !found {
					t.Errorf("no dlp.uninspectable with reason %s for incident %s", tt.reason, resp.Header.Get(incidentHeader))
				}
			}
		})
	}
}

func TestSlackHistoryInbound(t *testing.T) {
	for _, enc := range []string{"", "gzip"} {
		t.Run("encoding="+enc, func(t *testing.T) {
			e := inspectEnv(t, nil)
			history := `{"ok":true,"messages":[{"type":"message","user":"U1","text":"hello","ts":"1.1"},` +
				`{"type":"message","user":"U2","text":"the Project Zephyr launch date","ts":"1.2"},` +
				`{"type":"message","user":"U3","text":"I am EMP-654321","ts":"1.3"}],"has_more":false}`
			fake := &fakeChat{responses: map[string]string{"/api/conversations.history": history}, encode: enc}
			up := tlsUpstream(t, e.up.valid(t, "slack.test"), fake)
			resp, err := e.client().Get("https://" + hostPort("slack.test", up) + "/api/conversations.history?channel=C9")
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			var got struct {
				OK       bool `json:"ok"`
				Messages []struct{ User, Text string }
			}
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatalf("response %q: %v", b, err)
			}
			if !got.OK || len(got.Messages) != 2 || got.Messages[0].Text != "hello" || got.Messages[1].Text != "I am ******4321" {
				t.Errorf("history: got %+v, want hello and the redacted message, the card message removed", got)
			}
			if resp.ContentLength != int64(len(b)) && resp.ContentLength != -1 {
				t.Errorf("Content-Length %d for %d bytes", resp.ContentLength, len(b))
			}
			if len(e.events("dlp.redact")) != 1 {
				t.Errorf("want one dlp.redact event")
			}
		})
	}
}

func TestBlockPageForNavigation(t *testing.T) {
	e := inspectEnv(t, nil)
	fake := &fakeChat{}
	up := tlsUpstream(t, e.up.valid(t, "forum.test"), fake)
	resp, body := e.send(t, "https://"+hostPort("forum.test", up), post{path: "/reply", ctype: "application/x-www-form-urlencoded",
		body:   "subject=hi&message=card+" + strings.ReplaceAll(luhnCard, " ", "+"),
		header: map[string]string{"Accept": "text/html,application/xhtml+xml", "Sec-Fetch-Mode": "navigate"}})
	inc := resp.Header.Get(incidentHeader)
	if resp.StatusCode != http.StatusForbidden || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("status %d %s, want a 403 HTML page", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, want := range []string{"Blocked by company policy", "payment-card", inc} {
		if !bytes.Contains(body, []byte(want)) {
			t.Errorf("block page lacks %q:\n%s", want, body)
		}
	}
	if bytes.Contains(body, []byte("8888 8888")) || bytes.Contains(body, []byte("8888+8888")) { // not "8888": the incident id may hold that
		t.Errorf("block page shows the matched value")
	}
	if _, n := fake.last(); n != 0 {
		t.Errorf("the blocked form reached the site")
	}
}

// recordingFiles is a file inspector that records what reaches it and
// blocks executables by their name.
type recordingFiles struct {
	mu  sync.Mutex
	got []string
}

func (r *recordingFiles) InspectFile(_ context.Context, f *extract.File, _ *inspect.Meta) (inspect.FileVerdict, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, f.Path+"="+f.Name+":"+string(f.Data))
	if strings.HasSuffix(f.Name, ".exe") {
		return inspect.FileVerdict{Action: rules.ActionBlock, Reason: "executable"}, nil
	}
	return inspect.FileVerdict{Action: rules.ActionAllow}, nil
}

func TestMultipartFilesReachTheFileInspector(t *testing.T) {
	files := &recordingFiles{}
	e := inspectEnv(t, nil)
	e.srv.files = files
	if err := e.srv.Reload(config.Default()); err != nil { // rebuild the pipeline with the file inspector
		t.Fatal(err)
	}
	fake := &fakeChat{}
	up := tlsUpstream(t, e.up.valid(t, "discord.test"), fake)
	base := "https://" + hostPort("discord.test", up)
	multipart := func(name, data string) string {
		return "--XyZ\r\nContent-Disposition: form-data; name=\"payload_json\"\r\nContent-Type: application/json\r\n\r\n{\"content\":\"here you go\"}\r\n" +
			"--XyZ\r\nContent-Disposition: form-data; name=\"files[0]\"; filename=\"" + name + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + data + "\r\n--XyZ--\r\n"
	}
	ctype := "multipart/form-data; boundary=XyZ"
	resp, _ := e.send(t, base, post{path: "/api/v10/channels/123/messages", ctype: ctype, body: multipart("notes.txt", "just notes")})
	if resp.StatusCode != http.StatusOK {
		t.Errorf("clean upload: status %d", resp.StatusCode)
	}
	resp, _ = e.send(t, base, post{path: "/api/v10/channels/123/messages", ctype: ctype, body: multipart("run.exe", "MZ\x90\x00")})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("executable upload: status %d, want 403", resp.StatusCode)
	}
	files.mu.Lock()
	defer files.mu.Unlock()
	if len(files.got) != 2 || files.got[0] != "files[0]=notes.txt:just notes" || files.got[1] != "files[0]=run.exe:MZ\x90\x00" {
		t.Errorf("file inspector got %q", files.got)
	}
	if _, n := fake.last(); n != 1 {
		t.Errorf("delivered %d uploads, want only the clean one", n)
	}
}

// TestInspectionCannotBeSidestepped: what a client claims about a body
// does not take it past inspection, and an oversize body that policy
// allows arrives whole.
func TestInspectionCannotBeSidestepped(t *testing.T) {
	e := inspectEnv(t, func(c *config.Config) { c.Files.MaxScanBytes = 4096; c.Files.Oversize = "allow" })
	fake := &fakeChat{}
	up := tlsUpstream(t, e.up.valid(t, "mm.test"), fake)
	base := "https://" + hostPort("mm.test", up)
	card := `{"channel_id":"c1","message":"card ` + luhnCard + `"}`
	tests := []struct {
		name    string
		p       post
		status  int
		arrives bool
	}{
		{"json sent as an image", post{path: "/api/v4/posts", ctype: "image/png", body: card}, 403, false},
		{"json sent as an octet stream", post{path: "/api/v4/posts", ctype: "application/octet-stream", body: card}, 403, false},
		{"an Upgrade header on a post", post{path: "/api/v4/posts", ctype: "application/json", body: card,
			header: map[string]string{"Upgrade": "websocket", "Connection": "Upgrade"}}, 403, false},
		{"slack arguments in the query", post{path: "/api/chat.postMessage?channel=C1&text=card+" + strings.ReplaceAll(luhnCard, " ", "+"),
			ctype: "application/json", body: `{}`}, 403, false},
		{"a real image still streams", post{path: "/upload", ctype: "image/png", body: "\x89PNG\r\n\x1a\n" + strings.Repeat("\x00\x01", 100)}, 200, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, before := fake.last()
			resp, _ := e.send(t, base, tt.p)
			_, after := fake.last()
			if resp.StatusCode != tt.status || (after > before) != tt.arrives {
				t.Errorf("status %d arrived %v, want %d arrived %v", resp.StatusCode, after > before, tt.status, tt.arrives)
			}
		})
	}
	t.Run("an oversize body allowed by files.oversize arrives whole", func(t *testing.T) {
		big := `{"channel_id":"c1","message":"` + strings.Repeat("x", 10000) + `"}`
		resp, _ := e.send(t, base, post{path: "/api/v4/posts", ctype: "application/json", body: big})
		got, _ := fake.last()
		if resp.StatusCode != http.StatusOK || string(got.body) != big {
			t.Errorf("status %d, upstream got %d bytes, want 200 and the %d bytes", resp.StatusCode, len(got.body), len(big))
		}
	})
}

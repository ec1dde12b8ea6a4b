package main

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// inspectRules are the admin rules of the in-flight tests: one redacts,
// one logs (goodRule's project-falcon).
const inspectRules = `rules:
  - id: employee-number
    description: Employee number
    severity: medium
    pattern: '\bEMP-\d{6}\b'
    keywords: [emp-]
    action: redact
    keep_last: 4
    examples:
      match: ["I am EMP-123456"]
      no_match: ["EMP-12"]
`

// chatSink is a local Slack-like API that records the messages it gets.
type chatSink struct {
	mu    sync.Mutex
	texts []string
	delay time.Duration
}

func (c *chatSink) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var m struct{ Text string }
	b, _ := io.ReadAll(r.Body)
	_ = json.Unmarshal(b, &m)
	c.mu.Lock()
	d := c.delay
	c.mu.Unlock()
	time.Sleep(d)
	c.mu.Lock()
	c.texts = append(c.texts, m.Text)
	c.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{"ok":true}`)
}

func (c *chatSink) last() (string, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.texts) == 0 {
		return "", 0
	}
	return c.texts[len(c.texts)-1], len(c.texts)
}

// inspectServe runs `chatdlp serve` with the rules above in front of a
// chat sink and returns a client that trusts `chatdlp ca export`.
type inspectServe struct {
	p      *serveProc
	wd     string
	sink   *chatSink
	api    string // the sink's chat.postMessage URL
	client *http.Client
	proxy  string
}

func startInspectServe(t testing.TB) *inspectServe {
	t.Helper()
	wd := t.TempDir()
	sink := &chatSink{}
	up := httptest.NewTLSServer(sink)
	t.Cleanup(up.Close)
	roots := filepath.Join(wd, "upstream.pem")
	writePEM(t, roots, up.Certificate().Raw)
	proxyAddr, adminAddr := freePort(t), freePort(t)
	cfgPath := filepath.Join(wd, "chatdlp.yaml")
	writeFileAtomic(t, cfgPath, serveConfig(proxyAddr, adminAddr, roots))
	if err := os.Mkdir(filepath.Join(wd, "rules"), 0o750); err != nil {
		t.Fatal(err)
	}
	writeFileAtomic(t, filepath.Join(wd, "rules", "corp.yaml"), goodRule)
	writeFileAtomic(t, filepath.Join(wd, "rules", "redact.yaml"), inspectRules)
	p := startServe(t, runOpts{dir: wd}, "--config", cfgPath)
	p.logs.wait(t, 0, "proxy.start", "info")
	client := proxyClient(t, wd, proxyAddr, 30*time.Second)
	return &inspectServe{p: p, wd: wd, sink: sink, api: up.URL + "/api/chat.postMessage", client: client, proxy: proxyAddr}
}

// proxyClient is an HTTP client using the chatdlp serve at proxyAddr,
// trusting the CA it made in wd/ca (read with `chatdlp ca export`).
func proxyClient(t testing.TB, wd, proxyAddr string, timeout time.Duration) *http.Client {
	t.Helper()
	ca := chatdlp(t, runOpts{dir: wd}, "ca", "export", "--dir", "ca")
	pool := x509.NewCertPool()
	if ca.code != 0 || !pool.AppendCertsFromPEM([]byte(ca.stdout)) {
		t.Fatalf("ca export: exit %d %s", ca.code, ca.stderr)
	}
	pu, _ := url.Parse("http://" + proxyAddr)
	return &http.Client{Timeout: timeout, Transport: &http.Transport{
		Proxy: http.ProxyURL(pu), TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12},
	}}
}

func writePEM(t testing.TB, path string, der []byte) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}

// reply is a response read whole.
type reply struct {
	StatusCode int
	Header     http.Header
}

// post sends a Slack chat.postMessage with text through the proxy.
func (s *inspectServe) post(t testing.TB, text string) (reply, string) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"channel": "C024BE91L", "text": text})
	resp, err := s.client.Post(s.api, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatalf("post: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return reply{resp.StatusCode, resp.Header}, string(b)
}

// scanActions runs `chatdlp scan` on text with the same rules and returns
// the actions of its findings.
func scanActions(t testing.TB, wd, text string) []string {
	t.Helper()
	r := chatdlp(t, runOpts{dir: wd, stdin: text}, "scan", "--service", "slack", "--rules", "rules/*.yaml", "-")
	var actions []string
	for line := range strings.SplitSeq(strings.TrimSpace(r.stdout), "\n") {
		if line == "" {
			continue
		}
		var f struct{ Action string }
		if err := json.Unmarshal([]byte(line), &f); err != nil {
			t.Fatalf("scan output %q: %v", line, err)
		}
		actions = append(actions, f.Action)
	}
	if (r.code == 3) != (len(actions) > 0) {
		t.Fatalf("scan: exit %d with %d findings; stderr %s", r.code, len(actions), r.stderr)
	}
	return actions
}

// TestServeInspectsChat drives one table of messages through `chatdlp
// scan` and through the running proxy: both must reach the same decision.
func TestServeInspectsChat(t *testing.T) {
	s := startInspectServe(t)
	tests := []struct {
		name, text string
		action     string // the decision: allow, log, redact, block
		delivered  string // what the service gets ("" when blocked)
	}{
		{"clean", "lunch at noon?", "allow", "lunch at noon?"},
		{"luhn-valid card", "my card is 4012 8888 8888 1881", "block", ""},
		{"not luhn-valid", "order 4012 8888 8888 1882", "allow", "order 4012 8888 8888 1882"},
		{"aws key", "key AKIAIOSFODNN7EXAMPL3 for prod", "block", ""},
		{"redacted", "I am EMP-123456, hi", "redact", "I am ******3456, hi"},
		{"logged", "status of falcon-2025", "log", "status of falcon-2025"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			scanned := "allow"
			for _, a := range scanActions(t, s.wd, tt.text) {
				if rank(a) > rank(scanned) {
					scanned = a
				}
			}
			if scanned != tt.action {
				t.Errorf("scan: got %s, want %s", scanned, tt.action)
			}
			_, before := s.sink.last()
			resp, body := s.post(t, tt.text)
			got, after := s.sink.last()
			if tt.action == "block" {
				if resp.StatusCode != http.StatusForbidden || resp.Header.Get("X-Chatdlp-Incident") == "" || !strings.Contains(body, `"ok":false`) {
					t.Errorf("proxy: got %d %q, want a 403 in Slack's shape with an incident", resp.StatusCode, body)
				}
				if after != before {
					t.Errorf("proxy: the blocked message reached the service")
				}
				return
			}
			if resp.StatusCode != http.StatusOK || after != before+1 || got != tt.delivered {
				t.Errorf("proxy: got %d, service got %q, want 200 and %q", resp.StatusCode, got, tt.delivered)
			}
		})
	}
	s.p.logs.checkEvents(t)
}

func rank(a string) int {
	return map[string]int{"allow": 0, "log": 1, "redact": 2, "block": 3}[a]
}

// TestServeReloadEnforcesNextMessage: a rule added to the rules directory
// applies to the next message, and the reload drops no request in flight.
func TestServeReloadEnforcesNextMessage(t *testing.T) {
	s := startInspectServe(t)
	if resp, _ := s.post(t, "about project kestrel"); resp.StatusCode != http.StatusOK {
		t.Fatalf("before the rule: status %d", resp.StatusCode)
	}
	_, next := s.p.logs.wait(t, 0, "rules.reload", "info")
	// A slow request is in flight while the rules reload.
	s.sink.mu.Lock()
	s.sink.delay = 1500 * time.Millisecond
	s.sink.mu.Unlock()
	inflight := make(chan int, 1)
	go func() {
		body, _ := json.Marshal(map[string]string{"channel": "C1", "text": "slow one"})
		resp, err := s.client.Post(s.api, "application/json", bytes.NewReader(body))
		if err != nil {
			inflight <- 0
			return
		}
		resp.Body.Close()
		inflight <- resp.StatusCode
	}()
	time.Sleep(200 * time.Millisecond)
	// Its keyword "pk" is too short for the engine's fast search: the rule
	// loads, after a warning that names it.
	rule := strings.NewReplacer("project-falcon", "project-kestrel", `\bfalcon-\d{4}\b`, `\bproject kestrel\b`,
		"[falcon]", "[kestrel, pk]", "action: log", "action: block", "status of falcon-2025", "about project kestrel").Replace(goodRule)
	writeFileAtomic(t, filepath.Join(s.wd, "rules", "kestrel.yaml"), rule)
	reload := next
	s.p.signal(t, syscall.SIGHUP)
	for {
		ev, n := s.p.logs.wait(t, next, "rules.reload", "info")
		next = n
		if strings.Contains(fmt.Sprint(ev["files"]), "kestrel.yaml") {
			break
		}
	}
	if ev, _ := s.p.logs.wait(t, reload, "rules.reload", "warn"); ev["rule_id"] != "project-kestrel" || !strings.Contains(fmt.Sprint(ev["reason"]), `keyword "pk"`) ||
		!strings.HasSuffix(fmt.Sprint(ev["at"]), "kestrel.yaml:2") {
		t.Errorf("reload warning: got %v, want one for the keyword pk of project-kestrel at kestrel.yaml:2", ev)
	}
	if code := <-inflight; code != http.StatusOK {
		t.Errorf("request in flight during the reload: status %d, want 200", code)
	}
	s.sink.mu.Lock()
	s.sink.delay = 0
	s.sink.mu.Unlock()
	if resp, _ := s.post(t, "about project kestrel"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("after the reload: status %d, want 403", resp.StatusCode)
	}
}

// TestServeCurlBlocked: curl, trusting the exported CA, posts a card to a
// Slack-like API and gets Slack's error shape with the incident header.
func TestServeCurlBlocked(t *testing.T) {
	s := startInspectServe(t)
	if _, err := exec.LookPath("curl"); err != nil {
		t.Fatalf("curl is not installed: run `make deps`: %v", err)
	}
	script := `curl -sS --max-time 30 -D - --proxy "http://$PROXY" --cacert <("$CHATDLP" ca export --dir ca) ` +
		`-H 'Content-Type: application/json' --data '{"channel":"C1","text":"card 4012 8888 8888 1881"}' "$URL"`
	cmd := exec.Command("bash", "-c", script)
	cmd.Dir = s.wd
	cmd.Env = append(os.Environ(), "PROXY="+s.proxy, "CHATDLP="+binPath, "URL="+s.api, "NO_PROXY=", "no_proxy=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("curl: %v\n%s", err, out)
	}
	o := string(out)
	if !strings.Contains(o, " 403") || !strings.Contains(strings.ToLower(o), "x-chatdlp-incident:") || !strings.Contains(o, `"ok":false`) {
		t.Errorf("curl got:\n%s\nwant a 403 with X-Chatdlp-Incident and Slack's error body", o)
	}
	if _, n := s.sink.last(); n != 0 {
		t.Errorf("the card reached the service")
	}
}

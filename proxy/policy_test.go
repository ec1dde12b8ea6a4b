package proxy

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chatdlp/chatdlp/config"
	"golang.org/x/crypto/bcrypt"
)

// rawConnect sends a CONNECT on a fresh connection and returns the reply.
func (e *env) rawConnect(target, extra string) (*http.Response, *bufio.Reader) {
	e.t.Helper()
	c := e.dialProxy()
	fmt.Fprintf(c, "CONNECT %s HTTP/1.1\r\nHost: %s\r\n%s\r\n", target, target, extra)
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		e.t.Fatalf("CONNECT %s: %v", target, err)
	}
	return resp, br
}

func TestClientNotAllowed(t *testing.T) {
	e := newEnv(t, func(c *config.Config) { c.Clients.Allow = []string{"10.0.0.0/8"} })
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("upstream reached by a refused client")
	}))
	defer up.Close()
	resp, err := e.client().Get("http://" + hostPort("chat.test", up) + "/")
	if err != nil {
		t.Fatalf("Get(): %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || resp.Header.Get(incidentHeader) == "" {
		t.Errorf("Get(): got %d, want 403 with an incident", resp.StatusCode)
	}
}

func writeHtpasswd(t *testing.T, lines ...string) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "htpasswd")
	if err := os.WriteFile(f, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

func bcryptLine(t *testing.T, user, pass string) string {
	h, err := bcrypt.GenerateFromPassword([]byte(pass), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	return user + ":" + string(h)
}

func TestProxyAuth(t *testing.T) {
	file := writeHtpasswd(t, bcryptLine(t, "alice", "s3cret-pw"))
	e := newEnv(t, func(c *config.Config) {
		c.Clients.Auth.Htpasswd = file
		c.Clients.Groups = map[string][]string{"finance": {"alice"}, "lan": {"127.0.0.0/8"}}
	})
	up := tlsUpstream(t, e.up.valid(t, "chat.test"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Proxy-Authorization") != "" {
			t.Errorf("Proxy-Authorization forwarded upstream")
		}
		_, _ = io.WriteString(w, "ok")
	}))
	plain := httptest.NewServer(up.Config.Handler)
	defer plain.Close()
	cases := []struct {
		name   string
		user   *url.Userinfo
		target string
		want   int
	}{
		{"no credentials http", nil, "http://" + hostPort("chat.test", plain) + "/", 407},
		{"wrong password http", url.UserPassword("alice", "nope"), "http://" + hostPort("chat.test", plain) + "/", 407},
		{"unknown user http", url.UserPassword("bob", "s3cret-pw"), "http://" + hostPort("chat.test", plain) + "/", 407},
		{"good http", url.UserPassword("alice", "s3cret-pw"), "http://" + hostPort("chat.test", plain) + "/", 200},
		{"good https", url.UserPassword("alice", "s3cret-pw"), "https://" + hostPort("chat.test", up) + "/", 200},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tr := e.transport()
			pu := *e.proxyURL
			pu.User = tc.user
			tr.Proxy = http.ProxyURL(&pu)
			resp, err := (&http.Client{Transport: tr}).Get(tc.target)
			if err != nil {
				t.Fatalf("Get(): %v", err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Fatalf("Get(): got %d, want %d", resp.StatusCode, tc.want)
			}
			if tc.want == 407 && resp.Header.Get("Proxy-Authenticate") == "" {
				t.Errorf("407 without Proxy-Authenticate")
			}
		})
	}
	// An HTTPS CONNECT without credentials is refused before the tunnel.
	resp, _ := e.rawConnect(hostPort("chat.test", up), "")
	resp.Body.Close()
	if resp.StatusCode != 407 {
		t.Errorf("CONNECT without credentials: got %d, want 407", resp.StatusCode)
	}
	for _, ent := range e.logs.AllUntimed() {
		line := fmt.Sprint(ent.Message, ent.ContextMap())
		if strings.Contains(line, "s3cret") || strings.Contains(line, "Basic ") || strings.Contains(line, "YWxpY2U6") {
			t.Errorf("a log line carries credentials: %s", line)
		}
	}
	var finance int
	for _, ev := range e.events("proxy.request") {
		if m := ev.ContextMap(); m["user"] == "alice" && m["group"] == "finance" {
			finance++
		}
	}
	if finance != 2 {
		t.Errorf("proxy.request with user alice, group finance: got %d, want 2", finance)
	}
}

func TestHtpasswdOnlyBcrypt(t *testing.T) {
	cfg := config.Default()
	cfg.Clients.Auth.Htpasswd = writeHtpasswd(t, "bob:$apr1$x7oF6P8.$Ls7oxM4kKkKMGUCtPjS2X1")
	if _, err := newPolicy(cfg); err == nil {
		t.Errorf("newPolicy(MD5 htpasswd): got nil error, want a refusal")
	}
}

func TestServiceBlocked(t *testing.T) {
	e := newEnv(t, func(c *config.Config) {
		c.Services.Overrides = map[string]string{"slack": "block", "mattermost": "block", "discord": "block"}
		c.Services.Hosts = map[string][]string{"mattermost": {"chat.corp.test"}}
	})
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "ok")
	}))
	defer up.Close()
	cases := []struct {
		name, target string
		want         int
	}{
		{"slack by host", "http://files.slack.com/x", 403},
		{"telegram by default", "http://t.me/x", 403},
		{"discord's upload bucket", "http://discord-attachments-uploads-prd.storage.googleapis.com/x", 403},
		{"configured host", "http://" + hostPort("chat.corp.test", up) + "/", 403},
		{"mattermost by path", "http://" + hostPort("self.test", up) + "/api/v4/posts", 403},
		{"unlisted host inspected", "http://" + hostPort("self.test", up) + "/hello", 200},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := e.client().Get(tc.target)
			if err != nil {
				t.Fatalf("Get(): %v", err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Errorf("Get(%s): got %d, want %d", tc.target, resp.StatusCode, tc.want)
			}
		})
	}
	for _, target := range []string{"slack.com:443", "web.whatsapp.com:443", "chat.corp.test:8443"} {
		resp, _ := e.rawConnect(target, "")
		resp.Body.Close()
		if resp.StatusCode != 403 || resp.Header.Get(incidentHeader) == "" {
			t.Errorf("CONNECT %s: got %d, want 403 with an incident", target, resp.StatusCode)
		}
	}
}

func TestServiceIdentify(t *testing.T) {
	cat := newServiceCatalogue("inspect", map[string]string{"telegram": "allow"}, map[string][]string{"Matrix": {"10.1.2.3", "*.corp.example"}})
	cases := []struct {
		host, path, service, action string
	}{
		{"app.slack.com", "/", "slack", "inspect"},
		{"slack.com", "/", "slack", "inspect"},
		{"notslack.com", "/", "", "inspect"},
		{"chat.corp.example", "/", "matrix", "inspect"},
		{"10.1.2.3", "/", "matrix", "inspect"},
		{"x.example", "/api/chat.postMessage", "slack", "inspect"},
		{"x.example", "/api/v4/posts", "mattermost", "inspect"},
		{"x.example", "/_matrix/client/v3/sync", "matrix", "inspect"},
		{"x.example", "/api/v9/channels/1/messages", "discord", "inspect"},
		{"web.telegram.org", "/", "telegram", "allow"},
		{"web.whatsapp.com", "/", "whatsapp", "block"},
		{"irc.libera.chat", "", "irc", "inspect"},
	}
	for _, tc := range cases {
		t.Run(tc.host+tc.path, func(t *testing.T) {
			s := cat.identify(tc.host, tc.path)
			if s != tc.service || cat.action(s) != tc.action {
				t.Errorf("identify(%q, %q): got %q/%q, want %q/%q", tc.host, tc.path, s, cat.action(s), tc.service, tc.action)
			}
		})
	}
}

func TestHostSet(t *testing.T) {
	hs := newHostSet([]string{"*.bank.example", "exact.example", "10.0.0.0/8", "::1", "Upper.Example."})
	cases := []struct {
		host string
		want bool
	}{
		{"www.bank.example", true}, {"a.b.bank.example", true}, {"bank.example", false},
		{"xbank.example", false}, {"exact.example", true}, {"EXACT.example.", true},
		{"sub.exact.example", false}, {"10.2.3.4", true}, {"11.0.0.1", false},
		{"[::1]", true}, {"upper.example", true}, {"", false},
	}
	for _, tc := range cases {
		if got := hs.match(tc.host); got != tc.want {
			t.Errorf("match(%q): got %v, want %v", tc.host, got, tc.want)
		}
	}
}

func TestLogPath(t *testing.T) {
	cases := []struct{ in, want string }{
		{"/api/chat.postMessage", "/api/chat.postMessage"},
		{"/bot123456:AAE-secret_token/sendMessage", "/bot[redacted]/sendMessage"},
		{"/services/T000/B000/XXXXsecret", "/services/T000/B000/[redacted]"},
		{"/api/webhooks/1234/tok-en", "/api/webhooks/1234/[redacted]"},
		{"/api/webhooks/1234", "/api/webhooks/1234"},
		{"/api/v10/webhooks/1234/tok-en", "/api/v10/webhooks/1234/[redacted]"},
		{"/hooks/k3y", "/hooks/[redacted]"},
		{"/hooks/id/tok3n", "/hooks/[redacted]"},
		{"/webhookb2/g@t/IncomingWebhook/s3cret/g2", "/webhookb2/g@t/IncomingWebhook/[redacted]"},
		{"/workflows/T1/A1/123/s3cret", "/workflows/T1/[redacted]"},
		{"/api/v4/posts", "/api/v4/posts"},
	}
	for _, tc := range cases {
		if got := logPath(tc.in); got != tc.want {
			t.Errorf("logPath(%q): got %q, want %q", tc.in, got, tc.want)
		}
	}
}

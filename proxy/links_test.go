package proxy

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/chatdlp/chatdlp/config"
	"github.com/chatdlp/chatdlp/inspect"
	"github.com/chatdlp/chatdlp/inspect/urls"
	"github.com/chatdlp/chatdlp/rules"
)

// TestLinksInFlight: links in chat messages through the proxy, both ways,
// with short links expanded against local redirect chains: a clean link
// passes, a short link is masked (urls.shorteners.action redact), also
// when its expansion is refused (a private address) or slow, one that
// expands to a denied domain or a denied domain itself blocks the
// message, and a short link in a history answer is masked on its way in.
func TestLinksInFlight(t *testing.T) {
	short := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, _ := net.SplitHostPort(r.Host)
		switch host + r.URL.Path {
		case "bit.ly/docs":
			w.Header().Set("Location", "https://docs.example/page")
		case "bit.ly/deny":
			w.Header().Set("Location", "https://login.denied.example/")
		case "bit.ly/private":
			w.Header().Set("Location", "http://10.1.2.3/admin")
		case "bit.ly/slow":
			select {
			case <-time.After(3 * time.Second):
			case <-r.Context().Done():
			}
			return
		default:
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(http.StatusFound)
	}))
	t.Cleanup(short.Close)
	_, port, _ := net.SplitHostPort(short.Listener.Addr().String())
	link := func(path string) string { return "http://bit.ly:" + port + "/" + path }

	e := newEnvOpts(t, func(c *config.Config) {
		c.URLs.Shorteners.Action = "redact"
		c.URLs.Deny = []string{"denied.example"}
	}, func(o *Options) {
		o.Inspector = inspectEnv(t, nil).srv.inspector
		o.NewLinks = func(c *config.Config) (inspect.LinkInspector, error) {
			cat, err := urls.NewCatalogue(urls.Policy{Deny: c.URLs.Deny})
			if err != nil {
				return nil, err
			}
			a, _ := rules.ParseAction(c.URLs.Shorteners.Action)
			exp := urls.NewExpander(urls.Expander{MaxHops: 3, Timeout: 500 * time.Millisecond, AllowLoopback: true,
				IsShortener: cat.ShortenerHost, Resolve: func(context.Context, string) ([]netip.Addr, error) {
					return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
				}})
			return urls.NewInspector(urls.Options{Catalogue: cat, Shorteners: a, Executables: rules.ActionBlock, Expander: exp}), nil
		}
	})
	fake := &fakeChat{responses: map[string]string{
		"/api/conversations.history": `{"ok":true,"messages":[{"user":"U1","text":"read ` + link("docs") + ` first"}]}`,
	}}
	up := tlsUpstream(t, e.up.valid(t, "slack.test"), fake)
	base := "https://" + hostPort("slack.test", up)
	for _, tt := range []struct {
		name, text string
		blocked    bool
		masked     string // a link that must not arrive
	}{
		{"clean link", "see https://docs.example/page", false, ""},
		{"short link masked", "see " + link("docs") + " today", false, link("docs")},
		{"expansion to a private address refused, link masked", "see " + link("private"), false, link("private")},
		{"slow expansion, link masked", "see " + link("slow"), false, link("slow")},
		{"short link to a denied domain", "see " + link("deny"), true, ""},
		{"denied domain", "log in at https://www.denied.example/login", true, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, before := fake.last()
			r, _ := e.send(t, base, post{path: "/api/chat.postMessage", ctype: "application/json",
				body: `{"channel":"C1","text":"` + tt.text + `"}`})
			got, after := fake.last()
			switch {
			case tt.blocked && (r.StatusCode != http.StatusForbidden || after != before):
				t.Errorf("status %d, delivered %v: want blocked", r.StatusCode, after != before)
			case !tt.blocked && (r.StatusCode != http.StatusOK || after != before+1):
				t.Errorf("status %d: want delivered", r.StatusCode)
			case !tt.blocked && tt.masked != "" && (strings.Contains(string(got.body), tt.masked) || !strings.Contains(string(got.body), "see ****")):
				t.Errorf("delivered %s: want the short link masked", got.body)
			case !tt.blocked && tt.masked == "" && string(got.body) != `{"channel":"C1","text":"`+tt.text+`"}`:
				t.Errorf("delivered %s: want it unchanged", got.body)
			}
		})
	}
	t.Run("short link inbound", func(t *testing.T) {
		resp, err := e.client().Get(base + "/api/conversations.history?channel=C1")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b := new(strings.Builder)
		_, _ = io.Copy(b, resp.Body)
		if strings.Contains(b.String(), "bit.ly") || !strings.Contains(b.String(), "read ****") {
			t.Errorf("history: %s, want the short link masked", b)
		}
	})
}

package proxy

import (
	"io"
	"net/http"
	"testing"

	"github.com/chatdlp/chatdlp/config"
)

func TestTenantRestrictions(t *testing.T) {
	e := newEnv(t, func(c *config.Config) {
		c.Services.Hosts = map[string][]string{"microsoft-login": {"login.test"}, "slack": {"slack.test"}}
		c.Services.Tenants.Slack = config.SlackTenants{Workspaces: []string{"T0123ABCD", "T0999"}, Requester: "T0123ABCD"}
		c.Services.Tenants.Microsoft = config.MicrosoftTenants{Tenants: []string{"contoso.com"}, Context: "00000000-0000-0000-0000-000000000001"}
	})
	seen := make(chan http.Header, 1)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen <- r.Header.Clone() })
	slack := tlsUpstream(t, e.up.valid(t, "slack.test"), h)
	login := tlsUpstream(t, e.up.valid(t, "login.test"), h)
	other := tlsUpstream(t, e.up.valid(t, "other.test"), h)
	tests := []struct {
		name, url string
		want      map[string]string
	}{
		{"slack", "https://" + hostPort("slack.test", slack) + "/api/users.list",
			map[string]string{"X-Slack-Allowed-Workspaces": "T0123ABCD,T0999", "X-Slack-Allowed-Workspaces-Requester": "T0123ABCD", "Restrict-Access-To-Tenants": ""}},
		{"microsoft sign-in", "https://" + hostPort("login.test", login) + "/common/oauth2/authorize",
			map[string]string{"Restrict-Access-To-Tenants": "contoso.com", "Restrict-Access-Context": "00000000-0000-0000-0000-000000000001", "X-Slack-Allowed-Workspaces": ""}},
		{"other host untouched", "https://" + hostPort("other.test", other) + "/",
			map[string]string{"X-Slack-Allowed-Workspaces": "evil", "Restrict-Access-To-Tenants": "evil.example"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, tt.url, nil)
			// A client's own copies must be replaced, never passed through.
			req.Header.Set("X-Slack-Allowed-Workspaces", "evil")
			req.Header.Set("Restrict-Access-To-Tenants", "evil.example")
			resp, err := e.client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			got := <-seen
			for k, want := range tt.want {
				if want == "" {
					want = map[string]string{"X-Slack-Allowed-Workspaces": "evil", "Restrict-Access-To-Tenants": "evil.example"}[k]
				}
				if got.Get(k) != want || len(got.Values(k)) > 1 {
					t.Errorf("upstream %s: got %q, want %q", k, got.Values(k), want)
				}
			}
		})
	}
}

package proxy

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestUpstreamCertificateErrors: an expired, wrong-host or self-signed
// upstream gives the client a 502 with a reason and an incident id, and a
// tls.upstream_error event with the same id.
func TestUpstreamCertificateErrors(t *testing.T) {
	hello := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "secret") })
	cases := []struct {
		name   string
		cert   func(e *env) tlsCertFunc
		reason string
	}{
		{"expired", func(e *env) tlsCertFunc {
			return func(t *testing.T) tlsCert {
				return e.up.leaf(t, time.Now().Add(-48*time.Hour), time.Now().Add(-24*time.Hour), "chat.test")
			}
		}, "not valid: expired"},
		{"wrong host", func(e *env) tlsCertFunc {
			return func(t *testing.T) tlsCert { return e.up.valid(t, "other.test") }
		}, "wrong host name"},
		{"self-signed", func(e *env) tlsCertFunc {
			return func(t *testing.T) tlsCert { return (*testCA)(nil).valid(t, "chat.test") }
		}, "unknown authority"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil)
			up := tlsUpstream(t, tc.cert(e)(t), hello)
			resp, err := e.client().Get("https://" + hostPort("chat.test", up) + "/a?q=1")
			if err != nil {
				t.Fatalf("Get(): %v", err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			inc := resp.Header.Get(incidentHeader)
			if resp.StatusCode != http.StatusBadGateway || inc == "" {
				t.Fatalf("response: got %d incident %q, want 502 with an incident", resp.StatusCode, inc)
			}
			if !strings.Contains(string(body), tc.reason) || !strings.Contains(string(body), inc) || strings.Contains(string(body), "secret") {
				t.Errorf("body: got %q, want reason %q and incident %s", body, tc.reason, inc)
			}
			ev := e.events("tls.upstream_error")
			if len(ev) != 1 {
				t.Fatalf("tls.upstream_error events: got %d, want 1", len(ev))
			}
			m := ev[0].ContextMap()
			if m["incident_id"] != inc || m["host"] != "chat.test" || m["error"] == nil {
				t.Errorf("tls.upstream_error fields: got %v", m)
			}
		})
	}
}

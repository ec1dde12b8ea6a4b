package proxy

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chatdlp/chatdlp/config"
	"github.com/prometheus/client_golang/prometheus"
)

func newAdminServer(t *testing.T, listen string, ready *atomic.Bool) (*httptest.Server, *Admin) {
	t.Helper()
	cfg := config.Default()
	cfg.Listen = listen
	cfg.PAC.Direct = []string{"*.intranet.example"}
	reg := prometheus.NewRegistry()
	c := prometheus.NewCounter(prometheus.CounterOpts{Name: "chatdlp_test_requests_total", Help: "test"})
	reg.MustRegister(c)
	c.Add(3)
	h := NewAdmin(cfg, reg, ready.Load)
	a, ok := h.(*Admin)
	if !ok {
		t.Fatalf("NewAdmin(): got %T, want *Admin", h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, a
}

func adminGet(t *testing.T, url, host string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(body)
}

func TestAdminEndpoints(t *testing.T) {
	var ready atomic.Bool
	srv, _ := newAdminServer(t, "10.9.8.7:3128", &ready)
	tests := []struct {
		name, path  string
		ready       bool
		wantCode    int
		wantType    string
		wantContain string
	}{
		{"healthz", "/healthz", false, 200, "text/plain", "ok"},
		{"readyz not ready", "/readyz", false, 503, "text/plain", "not ready"},
		{"readyz ready", "/readyz", true, 200, "text/plain", "ready"},
		{"metrics", "/metrics", true, 200, "text/plain", "chatdlp_test_requests_total 3"},
		{"proxy.pac", "/proxy.pac", true, 200, PACContentType, `"PROXY 10.9.8.7:3128"`},
		{"wpad.dat", "/wpad.dat", true, 200, PACContentType, `shExpMatch(host, "*.intranet.example")`},
		{"unknown path", "/nope", true, 404, "text/plain", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ready.Store(tc.ready)
			code, hdr, body := adminGet(t, srv.URL+tc.path, "")
			if code != tc.wantCode {
				t.Errorf("GET %s: got %d, want %d", tc.path, code, tc.wantCode)
			}
			if ct := hdr.Get("Content-Type"); !strings.HasPrefix(ct, tc.wantType) {
				t.Errorf("GET %s Content-Type: got %q, want %q", tc.path, ct, tc.wantType)
			}
			if !strings.Contains(body, tc.wantContain) {
				t.Errorf("GET %s: got body\n%s\nwant it to contain %q", tc.path, body, tc.wantContain)
			}
		})
	}
}

func TestAdminRefusesWrites(t *testing.T) {
	var ready atomic.Bool
	srv, _ := newAdminServer(t, "127.0.0.1:8080", &ready)
	resp, err := http.Post(srv.URL+"/healthz", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /healthz: got %d, want %d", resp.StatusCode, http.StatusMethodNotAllowed)
	}
}

func TestAdminPACUnspecifiedListen(t *testing.T) {
	var ready atomic.Bool
	srv, a := newAdminServer(t, "0.0.0.0:8080", &ready)
	tests := []struct {
		name, host, want string
	}{
		{"Host header names the proxy", "proxy.corp.example:9090", `"PROXY proxy.corp.example:8080"`},
		{"forged Host falls back to the local address", "a;b", `"PROXY 127.0.0.1:8080"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, body := adminGet(t, srv.URL+"/proxy.pac", tc.host)
			if !strings.Contains(body, tc.want) {
				t.Errorf("GET /proxy.pac Host %q: got\n%s\nwant %s", tc.host, body, tc.want)
			}
		})
	}
	cfg := config.Default()
	cfg.Listen = "192.0.2.1:3128"
	a.Reload(cfg)
	if _, _, body := adminGet(t, srv.URL+"/proxy.pac", ""); !strings.Contains(body, `"PROXY 192.0.2.1:3128"`) {
		t.Errorf("GET /proxy.pac after Reload: got\n%s\nwant PROXY 192.0.2.1:3128", body)
	}
}

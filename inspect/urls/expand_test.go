package urls

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"
)

// shortServer is a local server that plays every host: routes are keyed
// by host (no port) and path; it records what it was asked.
type shortServer struct {
	*httptest.Server
	port   string
	mu     sync.Mutex
	routes map[string]http.HandlerFunc
	asked  []string // "METHOD host/path"
}

func newShortServer(t *testing.T) *shortServer {
	s := &shortServer{routes: map[string]http.HandlerFunc{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, _ := net.SplitHostPort(r.Host)
		key := host + r.URL.Path
		s.mu.Lock()
		s.asked = append(s.asked, r.Method+" "+key)
		h := s.routes[key]
		s.mu.Unlock()
		if r.Header.Get("Cookie") != "" || !strings.HasPrefix(r.UserAgent(), "Mozilla/5.0") {
			http.Error(w, "cookie or user agent", http.StatusBadRequest)
			return
		}
		if h == nil {
			http.NotFound(w, r)
			return
		}
		h(w, r)
	}))
	t.Cleanup(s.Close)
	_, s.port, _ = net.SplitHostPort(s.Listener.Addr().String())
	return s
}

// url is http://host:port/path on the test server.
func (s *shortServer) url(hostPath string) string {
	host, path, _ := strings.Cut(hostPath, "/")
	return "http://" + host + ":" + s.port + "/" + path
}

func (s *shortServer) redirect(from, to string, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.routes[from] = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", to)
		w.Header().Set("Set-Cookie", "track=1")
		w.WriteHeader(code)
		_, _ = w.Write([]byte(strings.Repeat("x", 64<<10)))
	}
}

func (s *shortServer) route(key string, h http.HandlerFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.routes[key] = h
}

func (s *shortServer) askedFor(host string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, a := range s.asked {
		if _, k, _ := strings.Cut(a, " "); k == host || strings.HasPrefix(k, host+"/") {
			out = append(out, a)
		}
	}
	return out
}

// testResolver maps every name to 127.0.0.1 but a few that stand for a
// name rebound to a forbidden address.
func testResolver(_ context.Context, host string) ([]netip.Addr, error) {
	switch host {
	case "rebind.bit.ly":
		return []netip.Addr{netip.MustParseAddr("10.0.0.1")}, nil
	case "meta.bit.ly":
		return []netip.Addr{netip.MustParseAddr("169.254.169.254")}, nil
	case "meta6.bit.ly":
		return []netip.Addr{netip.MustParseAddr("fd00:ec2::254")}, nil
	}
	return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
}

func testCatalogue(t *testing.T) *Catalogue {
	c, err := NewCatalogue(Policy{Deny: []string{"denied.example"}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestExpand(t *testing.T) {
	cat := testCatalogue(t)
	srv := newShortServer(t)
	u := srv.url
	srv.redirect("bit.ly/a", u("t.co/b"), http.StatusMovedPermanently)
	srv.redirect("t.co/b", "http://final.example:"+srv.port+"/c", http.StatusFound)
	srv.redirect("bit.ly/loop1", u("t.co/loop2"), http.StatusFound)
	srv.redirect("t.co/loop2", u("bit.ly/loop1"), http.StatusFound)
	srv.redirect("bit.ly/priv", "http://10.0.0.1/x", http.StatusFound)
	srv.redirect("bit.ly/rebind", "http://rebind.bit.ly/x", http.StatusFound)
	srv.redirect("bit.ly/meta", "http://169.254.169.254/latest/meta-data/", http.StatusFound)
	srv.redirect("bit.ly/metaname", "http://meta.bit.ly/latest/meta-data/", http.StatusFound)
	srv.redirect("bit.ly/meta6", "http://meta6.bit.ly/", http.StatusFound)
	srv.redirect("bit.ly/cgnat", "https://[::ffff:100.64.1.2]/", http.StatusFound)
	srv.redirect("bit.ly/deny", u("denied.example/x"), http.StatusFound)
	srv.redirect("bit.ly/rel", "/rel2", http.StatusSeeOther)
	srv.redirect("bit.ly/rel2", "https://final.example/done#frag", http.StatusPermanentRedirect)
	for i := 1; i <= 5; i++ {
		srv.redirect("t.co/h"+string(rune('0'+i)), u("t.co/h"+string(rune('1'+i))), http.StatusFound)
	}
	srv.route("bit.ly/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	srv.route("t.co/get405", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			w.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Location", "https://final.example/from-get")
		w.WriteHeader(http.StatusMovedPermanently)
	})
	srv.route("bit.ly/ok", func(w http.ResponseWriter, r *http.Request) {})

	for _, tc := range []struct {
		name      string
		in        string
		final     string
		hops      []string
		err       error
		notAsked  string // a host the server must not have been asked for
		loopback  *bool  // AllowLoopback, true unless set
		maxHops   int
		timeout   time.Duration
		maxTime   time.Duration
		wantAsked []string
	}{
		{name: "two hops to a final URL", in: u("bit.ly/a"), final: "http://final.example:" + srv.port + "/c",
			hops: []string{u("bit.ly/a"), u("t.co/b")}, notAsked: "final.example"},
		{name: "not a shortener: not contacted", in: u("example.org/x"), final: u("example.org/x"), notAsked: "example.org"},
		{name: "no redirect", in: u("bit.ly/ok"), final: u("bit.ly/ok"), hops: []string{u("bit.ly/ok")}},
		{name: "loop", in: u("bit.ly/loop1"), final: u("bit.ly/loop1"), err: ErrLoop},
		{name: "private address literal", in: u("bit.ly/priv"), final: "http://10.0.0.1/x", err: ErrBlockedAddress,
			timeout: 300 * time.Millisecond, maxTime: 250 * time.Millisecond},
		{name: "name resolving to a private address", in: u("bit.ly/rebind"), final: "http://rebind.bit.ly/x", err: ErrBlockedAddress,
			timeout: 300 * time.Millisecond, maxTime: 250 * time.Millisecond},
		{name: "metadata address literal", in: u("bit.ly/meta"), final: "http://169.254.169.254/latest/meta-data/", err: ErrBlockedAddress},
		{name: "name resolving to metadata", in: u("bit.ly/metaname"), err: ErrBlockedAddress},
		{name: "name resolving to IPv6 metadata", in: u("bit.ly/meta6"), err: ErrBlockedAddress},
		{name: "mapped CGNAT literal", in: u("bit.ly/cgnat"), err: ErrBlockedAddress},
		{name: "denied domain is returned, not contacted", in: u("bit.ly/deny"), final: u("denied.example/x"),
			hops: []string{u("bit.ly/deny")}, notAsked: "denied.example"},
		{name: "relative Location, fragment dropped", in: u("bit.ly/rel"), final: "https://final.example/done",
			hops: []string{u("bit.ly/rel"), u("bit.ly/rel2")}},
		{name: "slow hop times out", in: u("bit.ly/slow"), final: u("bit.ly/slow"), err: ErrTimeout,
			timeout: 200 * time.Millisecond, maxTime: 2 * time.Second},
		{name: "too many hops", in: u("t.co/h1"), final: u("t.co/h4"), err: ErrTooManyHops, maxHops: 3,
			hops: []string{u("t.co/h1"), u("t.co/h2"), u("t.co/h3")}},
		{name: "HEAD 405 then GET", in: u("t.co/get405"), final: "https://final.example/from-get",
			hops: []string{u("t.co/get405")}, wantAsked: []string{"HEAD t.co/get405", "GET t.co/get405"}},
		{name: "loopback refused", in: "http://bit.ly/x", final: "http://bit.ly/x", err: ErrBlockedAddress, loopback: new(false)},
		{name: "odd port refused", in: u("bit.ly/a"), final: u("bit.ly/a"), err: ErrBlockedPort, loopback: new(false)},
		{name: "not a URL", in: "ftp://bit.ly/x", final: "ftp://bit.ly/x", err: ErrBadURL},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := NewExpander(Expander{
				MaxHops: tc.maxHops, Timeout: cmpOr(tc.timeout, 5*time.Second),
				AllowLoopback: tc.loopback == nil || *tc.loopback,
				IsShortener:   cat.ShortenerHost, Resolve: testResolver,
			})
			defer e.Close()
			began := time.Now()
			final, hops, err := e.Expand(context.Background(), tc.in)
			took := time.Since(began)
			if tc.err == nil && err != nil || tc.err != nil && !errors.Is(err, tc.err) {
				t.Fatalf("Expand(%s) error %v, want %v", tc.in, err, tc.err)
			}
			var ee *ExpandError
			if err != nil && !errors.As(err, &ee) {
				t.Errorf("error %T is not an *ExpandError", err)
			}
			if tc.final != "" && final != tc.final {
				t.Errorf("final %q, want %q", final, tc.final)
			}
			if tc.hops != nil && strings.Join(hops, " ") != strings.Join(tc.hops, " ") {
				t.Errorf("hops %q, want %q", hops, tc.hops)
			}
			if tc.notAsked != "" {
				if got := srv.askedFor(tc.notAsked); len(got) > 0 {
					t.Errorf("%s was contacted: %q", tc.notAsked, got)
				}
			}
			if tc.maxTime > 0 && took > tc.maxTime {
				t.Errorf("took %v, want under %v", took, tc.maxTime)
			}
			if tc.wantAsked != nil {
				if got := srv.askedFor("t.co/get405"); strings.Join(got, ",") != strings.Join(tc.wantAsked, ",") {
					t.Errorf("server asked %q, want %q", got, tc.wantAsked)
				}
			}
		})
	}
	if !cat.Denied("denied.example") {
		t.Error("the denied final URL is not Denied by the catalogue")
	}
}

func TestExpandCache(t *testing.T) {
	// The environment's proxy is never used (Proxy: nil): it would refuse.
	t.Setenv("HTTP_PROXY", "http://127.0.0.1:9")
	t.Setenv("http_proxy", "http://127.0.0.1:9")
	srv := newShortServer(t)
	srv.redirect("bit.ly/c", "https://final.example/", http.StatusFound)
	srv.redirect("bit.ly/bad", "http://10.0.0.1/", http.StatusFound)
	e := NewExpander(Expander{AllowLoopback: true, IsShortener: testCatalogue(t).ShortenerHost, Resolve: testResolver, CacheSize: 2})
	defer e.Close()
	for range 3 {
		if final, _, err := e.Expand(context.Background(), srv.url("bit.ly/c")); err != nil || final != "https://final.example/" {
			t.Fatalf("Expand = %q, %v", final, err)
		}
		if _, _, err := e.Expand(context.Background(), srv.url("bit.ly/bad")); !errors.Is(err, ErrBlockedAddress) {
			t.Fatalf("Expand bad = %v", err)
		}
	}
	if got := srv.askedFor("bit.ly"); len(got) != 2 {
		t.Errorf("server asked %q, want each URL once (cached)", got)
	}
}

func TestBlocked(t *testing.T) {
	for _, tc := range []struct {
		ip      string
		blocked bool
	}{
		{"10.0.0.1", true}, {"172.16.5.4", true}, {"192.168.1.1", true}, {"127.0.0.1", true}, {"::1", true},
		{"169.254.169.254", true}, {"fe80::1", true}, {"100.64.0.1", true}, {"100.100.100.200", true},
		{"fc00::1", true}, {"fd00:ec2::254", true}, {"0.0.0.0", true}, {"::", true}, {"224.0.0.1", true},
		{"ff02::1", true}, {"255.255.255.255", true}, {"::ffff:10.0.0.1", true}, {"64:ff9b::a00:1", true},
		{"2002:a00:1::", true}, {"168.63.129.16", true},
		{"93.184.216.34", false}, {"2606:2800:220:1:248:1893:25c8:1946", false}, {"64:ff9b::5db8:d822", false},
		{"100.128.0.1", false}, {"8.8.8.8", false},
	} {
		t.Run(tc.ip, func(t *testing.T) {
			if got := blocked(netip.MustParseAddr(tc.ip)); got != tc.blocked {
				t.Errorf("blocked(%s) = %v, want %v", tc.ip, got, tc.blocked)
			}
		})
	}
}

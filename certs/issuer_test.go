package certs

import (
	"crypto/x509"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestLeafVerifies(t *testing.T) {
	ca := testCA(t)
	iss := NewIssuer(ca, IssuerOptions{})
	pool := x509.NewCertPool()
	pool.AddCert(ca.Certificate())
	tests := []struct {
		name, host, verifyAs string
		wantIP               bool
	}{
		{"dns", "chat.example.com", "chat.example.com", false},
		{"dns with port and case", "Chat.Example.com:443", "chat.example.com", false},
		{"ipv4", "127.0.0.1", "127.0.0.1", true},
		{"ipv6 with port", "[::1]:8443", "::1", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := iss.Leaf(tt.host)
			if err != nil {
				t.Fatalf("Leaf(%q): %v", tt.host, err)
			}
			leaf := c.Leaf
			opts := x509.VerifyOptions{Roots: pool, DNSName: tt.verifyAs, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
			if _, err := leaf.Verify(opts); err != nil {
				t.Fatalf("Verify(%q): got %v, want nil", tt.verifyAs, err)
			}
			if gotIP := len(leaf.IPAddresses) == 1; gotIP != tt.wantIP || (tt.wantIP && len(leaf.DNSNames) != 0) {
				t.Errorf("SANs: got DNS %v IP %v, want IP SAN only=%v", leaf.DNSNames, leaf.IPAddresses, tt.wantIP)
			}
			if tt.wantIP && !leaf.IPAddresses[0].Equal(net.ParseIP(tt.verifyAs)) {
				t.Errorf("IP SAN: got %v, want %s", leaf.IPAddresses[0], tt.verifyAs)
			}
			if !tt.wantIP && (len(leaf.DNSNames) != 1 || leaf.DNSNames[0] != tt.verifyAs) {
				t.Errorf("DNS SAN: got %v, want [%s]", leaf.DNSNames, tt.verifyAs)
			}
			if _, err := leaf.Verify(x509.VerifyOptions{Roots: pool, DNSName: "other.example"}); err == nil {
				t.Errorf("Verify(other.example): got nil, want a name mismatch")
			}
		})
	}
}

func TestLeafProfile(t *testing.T) {
	ca := testCA(t)
	clock := &fakeClock{t: time.Now()}
	iss := NewIssuer(ca, IssuerOptions{Now: clock.Now, Validity: 48 * time.Hour})
	c, err := iss.Leaf("chat.example.com")
	if err != nil {
		t.Fatalf("Leaf(): %v", err)
	}
	leaf := c.Leaf
	if leaf.IsCA || leaf.KeyUsage != x509.KeyUsageDigitalSignature {
		t.Errorf("leaf: got IsCA %v KeyUsage %v, want false DigitalSignature", leaf.IsCA, leaf.KeyUsage)
	}
	if got, want := leaf.NotBefore, clock.Now().Add(-time.Hour).Truncate(time.Second); !got.Equal(want) {
		t.Errorf("NotBefore: got %v, want %v", got, want)
	}
	if got, want := leaf.NotAfter, clock.Now().Add(48*time.Hour).Truncate(time.Second); !got.Equal(want) {
		t.Errorf("NotAfter: got %v, want %v", got, want)
	}
	if string(leaf.AuthorityKeyId) != string(ca.Certificate().SubjectKeyId) {
		t.Errorf("AuthorityKeyId: got %x, want the CA's SubjectKeyId %x", leaf.AuthorityKeyId, ca.Certificate().SubjectKeyId)
	}
	if len(c.Certificate) != 1 {
		t.Errorf("chain: got %d certificates, want the leaf only", len(c.Certificate))
	}
}

func TestLeafRejectsInvalidHost(t *testing.T) {
	iss := NewIssuer(testCA(t), IssuerOptions{})
	for _, host := range []string{"", "*.example.com", "bad host", "[::1"} {
		t.Run(host, func(t *testing.T) {
			if c, err := iss.Leaf(host); err == nil {
				t.Fatalf("Leaf(%q): got %v, want an error", host, c.Leaf.DNSNames)
			}
		})
	}
	if got := iss.Stats(); got.Errors != 4 || got.Misses != 0 || got.Size != 0 {
		t.Errorf("Stats(): got %+v, want 4 errors and nothing minted", got)
	}
}

func TestLeafCacheHit(t *testing.T) {
	iss := NewIssuer(testCA(t), IssuerOptions{})
	first, err := iss.Leaf("chat.example.com")
	if err != nil {
		t.Fatal(err)
	}
	for _, host := range []string{"chat.example.com", "CHAT.example.com:443", "chat.example.com."} {
		got, err := iss.Leaf(host)
		if err != nil || got != first {
			t.Errorf("Leaf(%q): got %p %v, want the cached %p", host, got, err, first)
		}
	}
	if got, want := iss.Stats(), (IssuerStats{Hits: 3, Misses: 1, Size: 1}); got != want {
		t.Errorf("Stats(): got %+v, want %+v", got, want)
	}
}

func TestLeafConcurrentMissMintsOnce(t *testing.T) {
	iss := NewIssuer(testCA(t), IssuerOptions{})
	const n = 100
	var (
		wg    sync.WaitGroup
		start = make(chan struct{})
		got   [n]any
		errs  [n]error
	)
	for k := range n {
		wg.Go(func() {
			<-start
			c, err := iss.Leaf("new.example.com")
			got[k], errs[k] = c, err
		})
	}
	close(start)
	wg.Wait()
	for k := range n {
		if errs[k] != nil || got[k] != got[0] {
			t.Fatalf("Leaf() #%d: got %p %v, want the same certificate as #0", k, got[k], errs[k])
		}
	}
	st := iss.Stats()
	if st.Misses != 1 || st.Hits+st.Shared != n-1 || st.Size != 1 {
		t.Errorf("Stats(): got %+v, want 1 miss and %d hits+shared", st, n-1)
	}
}

func TestLeafExpiryRemint(t *testing.T) {
	ca := testCA(t)
	clock := &fakeClock{t: time.Now()}
	iss := NewIssuer(ca, IssuerOptions{Now: clock.Now, Validity: 8 * 24 * time.Hour}) // renew in the last 2 days
	steps := []struct {
		name      string
		advance   time.Duration
		wantSame  bool
		wantStats IssuerStats
	}{
		{"first mint", 0, false, IssuerStats{Misses: 1, Size: 1}},
		{"day 5 cached", 5 * 24 * time.Hour, true, IssuerStats{Hits: 1, Misses: 1, Size: 1}},
		{"day 6.5 renewed", 36 * time.Hour, false, IssuerStats{Hits: 1, Misses: 2, Size: 1}},
		{"day 7 cached", 12 * time.Hour, true, IssuerStats{Hits: 2, Misses: 2, Size: 1}},
		{"after expiry renewed", 9 * 24 * time.Hour, false, IssuerStats{Hits: 2, Misses: 3, Size: 1}},
	}
	var prev any
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			clock.Advance(s.advance)
			c, err := iss.Leaf("chat.example.com")
			if err != nil {
				t.Fatalf("Leaf(): %v", err)
			}
			if same := any(c) == prev; same != s.wantSame {
				t.Errorf("Leaf(): got same=%v, want %v", same, s.wantSame)
			}
			if !clock.Now().Before(c.Leaf.NotAfter) {
				t.Errorf("Leaf(): NotAfter %v is not after now %v", c.Leaf.NotAfter, clock.Now())
			}
			if got := iss.Stats(); got != s.wantStats {
				t.Errorf("Stats(): got %+v, want %+v", got, s.wantStats)
			}
			prev = c
		})
	}
}

func TestLeafNeverOutlivesCA(t *testing.T) {
	start := time.Now()
	ca, err := newCA("ending", false, start.Add(-caValidity+49*time.Hour)) // CA ends at start+48h
	if err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{t: start}
	iss := NewIssuer(ca, IssuerOptions{Now: clock.Now})
	first, err := iss.Leaf("chat.example.com")
	if err != nil {
		t.Fatalf("Leaf(): %v", err)
	}
	if !first.Leaf.NotAfter.Equal(ca.Certificate().NotAfter) {
		t.Errorf("NotAfter: got %v, want the CA's %v", first.Leaf.NotAfter, ca.Certificate().NotAfter)
	}
	clock.Advance(47 * time.Hour)
	if again, err := iss.Leaf("chat.example.com"); err != nil || again != first {
		t.Errorf("Leaf() near CA expiry: got %p %v, want the cached %p (renewal cannot extend it)", again, err, first)
	}
	clock.Advance(2 * time.Hour)
	if _, err := iss.Leaf("chat.example.com"); err == nil || !strings.Contains(err.Error(), "CA certificate expired") {
		t.Errorf("Leaf() after CA expiry: got %v, want CA certificate expired", err)
	}
}

func TestLeafCacheBounded(t *testing.T) {
	iss := NewIssuer(testCA(t), IssuerOptions{CacheSize: 2})
	for _, h := range []string{"a.example", "b.example", "c.example", "a.example"} {
		if _, err := iss.Leaf(h); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := iss.Stats(), (IssuerStats{Misses: 4, Size: 2}); got != want {
		t.Errorf("Stats(): got %+v, want %+v (a.example evicted, then minted again)", got, want)
	}
}

func TestIssuerOptionDefaults(t *testing.T) {
	tests := []struct {
		name string
		in   time.Duration
		want time.Duration
	}{
		{"zero", 0, DefaultValidity},
		{"negative", -time.Hour, DefaultValidity},
		{"set", time.Hour, time.Hour},
		{"capped", 1000 * 24 * time.Hour, MaxValidity},
	}
	ca := testCA(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NewIssuer(ca, IssuerOptions{Validity: tt.in}).validity; got != tt.want {
				t.Errorf("NewIssuer(Validity: %v).validity: got %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

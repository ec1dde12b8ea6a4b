package proxy

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"testing"
)

// TestOriginalDst redirects loopback connections inside a private network
// namespace with nftables and checks that OriginalDst recovers the address
// the client dialled, for IPv4, IPv6 and IPv4 on a dual-stack listener.
func TestOriginalDst(t *testing.T) {
	requireNetAdmin(t, "ip", "nft")
	ns := newNetns(t, "cdod")
	var v4, v6, dual net.Listener
	inNetns(t, ns, func() {
		v4, _ = net.Listen("tcp4", "127.0.0.1:0")
		v6, _ = net.Listen("tcp6", "[::1]:0")
		dual, _ = net.Listen("tcp", ":0")
	})
	for _, l := range []net.Listener{v4, v6, dual} {
		if l == nil {
			t.Fatal("listen in namespace failed")
		}
		t.Cleanup(func() { l.Close() })
	}
	netnsRun(t, fmt.Sprintf(`table inet chatdlp_od {
  chain out {
    type nat hook output priority -100; policy accept;
    ip daddr 127.0.0.1 tcp dport 1111 redirect to :%d
    ip6 daddr ::1 tcp dport 1111 redirect to :%d
    ip daddr 127.0.0.2 tcp dport 1112 redirect to :%d
  }
}`, listenerPort(v4), listenerPort(v6), listenerPort(dual)), "ip", "netns", "exec", ns, "nft", "-f", "-")

	tests := []struct {
		name     string
		l        net.Listener
		dial     string
		want     string
		redirect bool
	}{
		{"ipv4 redirected", v4, "127.0.0.1:1111", "127.0.0.1:1111", true},
		{"ipv6 redirected", v6, "[::1]:1111", "[::1]:1111", true},
		{"ipv4 on dual-stack listener", dual, "127.0.0.2:1112", "127.0.0.2:1112", true},
		{"ipv4 direct", v4, v4.Addr().String(), v4.Addr().String(), false},
		{"ipv6 direct", v6, v6.Addr().String(), v6.Addr().String(), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			server := acceptInNetns(t, ns, tc.l, tc.dial)
			got, err := OriginalDst(server)
			if err != nil {
				t.Fatalf("OriginalDst(): %v", err)
			}
			if got != netip.MustParseAddrPort(tc.want) {
				t.Errorf("OriginalDst(): got %v, want %v", got, tc.want)
			}
			if r := IsRedirected(server, got); r != tc.redirect {
				t.Errorf("IsRedirected(%v): got %v, want %v", got, r, tc.redirect)
			}
			wrapped := tls.Server(server, &tls.Config{})
			if got2, err := OriginalDst(wrapped); err != nil || got2 != got {
				t.Errorf("OriginalDst(*tls.Conn): got %v, %v, want %v", got2, err, got)
			}
		})
	}
}

func TestOriginalDstNotTCP(t *testing.T) {
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	if _, err := OriginalDst(a); err == nil {
		t.Errorf("OriginalDst(net.Pipe): got nil error, want one")
	}
}

func TestOriginalDstNoConntrack(t *testing.T) {
	// In the root namespace of a test machine conntrack may or may not track
	// loopback; either answer is fine, but never a wrong address or a panic.
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	c, err := net.Dial("tcp4", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s, err := l.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := OriginalDst(s)
	switch {
	case errors.Is(err, ErrNoOriginalDst):
	case err != nil:
		t.Errorf("OriginalDst(): got %v, want ErrNoOriginalDst or the local address", err)
	case got.String() != l.Addr().String():
		t.Errorf("OriginalDst(): got %v, want %v", got, l.Addr())
	}
}

// acceptInNetns dials addr from inside ns and returns the accepted server side.
func acceptInNetns(t *testing.T, ns string, l net.Listener, addr string) net.Conn {
	t.Helper()
	var c net.Conn
	var err error
	inNetns(t, ns, func() { c, err = net.Dial("tcp", addr) })
	if err != nil {
		t.Fatalf("dial %s in %s: %v", addr, ns, err)
	}
	t.Cleanup(func() { c.Close() })
	s, err := l.Accept()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func listenerPort(l net.Listener) int { return l.Addr().(*net.TCPAddr).Port }

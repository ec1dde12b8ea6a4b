//go:build linux

package proxy

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chatdlp/chatdlp/certs"
	"github.com/chatdlp/chatdlp/config"
	"github.com/chatdlp/chatdlp/inspect"
	"github.com/chatdlp/chatdlp/rules"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap/zaptest"
)

// Transparent mode, for real. Two private network namespaces joined by a
// veth pair:
//
//	client ns  veth0 10.200.0.2/24 --- veth0 10.200.0.1/24  router ns
//	                 fd00:200::2/64        fd00:200::1/64
//	           default via 10.200.0.1,                      lo 10.201.0.1/32, fd00:201::1/128
//	           fd00:200::1                                  (the "upstream")
//
// In the router namespace nftables REDIRECTs tcp/80 and tcp/443 (and IRC's
// tcp/6667, to the same listener as 443) arriving on veth0 to chatdlp's
// transparent listeners; ngircd listens on 10.201.0.1:6667; TLS and plain HTTP upstreams
// listen on 10.201.0.1 and fd00:201::1. curl runs in the client namespace trusting only the
// chatdlp CA. The proxy, its upstreams and the firewall all live in the
// router namespace: the test binary re-runs itself there ("ip netns exec")
// as TestTransparentNetnsChild, because a Go process cannot move all its
// threads into a namespace. The addresses exist only inside these namespaces.
const (
	netnsChildEnv  = "CHATDLP_NETNS_CHILD" // "router-ns client-ns"
	netnsUpstream  = "10.201.0.1"
	netnsUpstream6 = "fd00:201::1"
	netnsProxyHTTP = 8081
	netnsProxyTLS  = 8443
)

func TestTransparentNetns(t *testing.T) {
	requireNetAdmin(t, "ip", "nft", "curl")
	router, client := newNetns(t, "cdr"), newNetns(t, "cdc")
	netnsRun(t, "", "ip", "-n", router, "link", "add", "veth0", "type", "veth", "peer", "name", "veth0", "netns", client)
	for _, c := range [][]string{
		{"-n", router, "addr", "add", "10.200.0.1/24", "dev", "veth0"},
		{"-n", router, "addr", "add", netnsUpstream + "/32", "dev", "lo"},
		{"-n", router, "link", "set", "veth0", "up"},
		{"-n", client, "addr", "add", "10.200.0.2/24", "dev", "veth0"},
		{"-n", client, "link", "set", "veth0", "up"},
		{"-n", client, "route", "add", "default", "via", "10.200.0.1"},
		{"-n", router, "addr", "add", "fd00:200::1/64", "dev", "veth0", "nodad"},
		{"-n", router, "addr", "add", netnsUpstream6 + "/128", "dev", "lo"},
		{"-n", client, "addr", "add", "fd00:200::2/64", "dev", "veth0", "nodad"},
		{"-n", client, "-6", "route", "add", "default", "via", "fd00:200::1"},
	} {
		netnsRun(t, "", "ip", c...)
	}
	netnsRun(t, fmt.Sprintf(`table inet chatdlp_transparent {
  chain prerouting {
    type nat hook prerouting priority dstnat; policy accept;
    iifname "veth0" tcp dport 80 redirect to :%d
    iifname "veth0" tcp dport 443 redirect to :%d
    iifname "veth0" tcp dport 6667 redirect to :%d
  }
}`, netnsProxyHTTP, netnsProxyTLS, netnsProxyTLS), "ip", "netns", "exec", router, "nft", "-f", "-")

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ip", "netns", "exec", router, os.Args[0],
		"-test.run=^TestTransparentNetnsChild$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), netnsChildEnv+"="+router+" "+client)
	out, err := cmd.CombinedOutput()
	t.Logf("child in %s:\n%s", router, out)
	if err != nil {
		t.Fatalf("transparent test in namespace %s: %v", router, err)
	}
	if !strings.Contains(string(out), "--- PASS: TestTransparentNetnsChild") {
		t.Fatalf("transparent test in namespace %s did not run", router)
	}
}

// TestTransparentNetnsChild is the half of TestTransparentNetns that runs
// inside the router namespace; on its own it has nothing to do.
func TestTransparentNetnsChild(t *testing.T) {
	spec := os.Getenv(netnsChildEnv)
	if spec == "" {
		t.Skip("runs only as the child of TestTransparentNetns, inside its namespace")
	}
	client := strings.Fields(spec)[1]
	dir := t.TempDir()
	upCA := startNetnsUpstreams(t, dir)
	caFile := startNetnsProxy(t, dir, upCA)
	tests := []struct {
		name     string
		args     []string
		wantBody string // "" means curl must fail
	}{
		{"https by name, client trusts the chatdlp CA", []string{"--cacert", caFile,
			"--resolve", "upstream.test:443:" + netnsUpstream, "https://upstream.test/hello"},
			"tls sni=upstream.test host=upstream.test path=/hello from=" + netnsUpstream},
		{"https by IP without SNI", []string{"--cacert", caFile, "https://" + netnsUpstream + "/ip"},
			"tls sni= host=" + netnsUpstream + " path=/ip from=" + netnsUpstream},
		{"plain http", []string{"--resolve", "upstream.test:80:" + netnsUpstream, "http://upstream.test/plain"},
			"plain host=upstream.test path=/plain from=" + netnsUpstream},
		{"https by name over IPv6", []string{"--cacert", caFile,
			"--resolve", "upstream6.test:443:[" + netnsUpstream6 + "]", "https://upstream6.test/six"},
			"tls sni=upstream6.test host=upstream6.test path=/six from=" + netnsUpstream6},
		// Same name as the IPv4 case, another original destination: the
		// request must reach the IPv6 address, not a connection pooled by name.
		{"https by the IPv4 case's name over IPv6", []string{"--cacert", caFile,
			"--resolve", "upstream.test:443:[" + netnsUpstream6 + "]", "https://upstream.test/six"},
			"tls sni=upstream.test host=upstream.test path=/six from=" + netnsUpstream6},
		{"https by IPv6 literal without SNI", []string{"--cacert", caFile, "https://[" + netnsUpstream6 + "]/six"},
			"tls sni= host=[" + netnsUpstream6 + "] path=/six from=" + netnsUpstream6},
		{"https is re-signed: the upstream CA alone is refused", []string{"--cacert", upCA,
			"--resolve", "upstream.test:443:" + netnsUpstream, "https://upstream.test/hello"}, ""},
	}
	t.Run("irc redirected to the tunnel listener", func(t *testing.T) { netnsIRC(t, dir, client) })
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"netns", "exec", client, "curl", "-sS", "--max-time", "20", "--noproxy", "*"}, tc.args...)
			out, err := exec.Command("ip", args...).CombinedOutput()
			if tc.wantBody == "" {
				if err == nil {
					t.Errorf("curl %v: got success %q, want a certificate failure", tc.args, out)
				}
				return
			}
			if err != nil {
				t.Fatalf("curl %v: %v\n%s", tc.args, err, out)
			}
			if string(out) != tc.wantBody {
				t.Errorf("curl %v: got %q, want %q", tc.args, out, tc.wantBody)
			}
		})
	}
}

// startNetnsUpstreams serves TLS on 10.201.0.1:443 and [fd00:201::1]:443 (a
// leaf for the SNI, or for the IP dialled, from a per-test upstream CA) and
// plain HTTP on 10.201.0.1:80. Each echoes
// what it saw, including the peer, which must be the proxy, not the client.
// It returns the upstream CA's PEM file.
func startNetnsUpstreams(t *testing.T, dir string) string {
	t.Helper()
	upCA, err := certs.CreateCA(filepath.Join(dir, "upstream-ca"), "upstream test CA", false)
	if err != nil {
		t.Fatal(err)
	}
	upIssuer := certs.NewIssuer(upCA, certs.IssuerOptions{})
	echo := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		peer, _, _ := net.SplitHostPort(r.RemoteAddr)
		if r.TLS != nil {
			fmt.Fprintf(w, "tls sni=%s host=%s path=%s from=%s", r.TLS.ServerName, r.Host, r.URL.Path, peer)
			return
		}
		fmt.Fprintf(w, "plain host=%s path=%s from=%s", r.Host, r.URL.Path, peer)
	})
	tlsCfg := &tls.Config{GetCertificate: func(h *tls.ClientHelloInfo) (*tls.Certificate, error) {
		if h.ServerName == "" { // by IP: a leaf for the address dialled
			local, _, _ := net.SplitHostPort(h.Conn.LocalAddr().String())
			return upIssuer.Leaf(local)
		}
		return upIssuer.Leaf(h.ServerName)
	}}
	for _, s := range []struct {
		addr string
		tls  *tls.Config
	}{
		{net.JoinHostPort(netnsUpstream, "443"), tlsCfg}, {net.JoinHostPort(netnsUpstream, "80"), nil},
		{net.JoinHostPort(netnsUpstream6, "443"), tlsCfg},
	} {
		l, err := net.Listen("tcp", s.addr)
		if err != nil {
			t.Fatal(err)
		}
		if s.tls != nil {
			l = tls.NewListener(l, s.tls)
		}
		srv := &http.Server{Handler: echo, ReadHeaderTimeout: 10 * time.Second}
		go func() { _ = srv.Serve(l) }()
		t.Cleanup(func() { srv.Close() })
	}
	file := filepath.Join(dir, "upstream-ca.pem")
	if err := os.WriteFile(file, upCA.CertPEM(), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// startNetnsProxy runs chatdlp's transparent listeners on :8081 and :8443
// with a fresh CA and the built-in rule pack, trusting only the upstream CA; it returns the chatdlp CA
// certificate file.
func startNetnsProxy(t *testing.T, dir, upCA string) string {
	t.Helper()
	ca, err := certs.CreateCA(filepath.Join(dir, "chatdlp-ca"), "chatdlp test CA", false)
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Transparent = config.Transparent{HTTP: fmt.Sprintf(":%d", netnsProxyHTTP), HTTPS: fmt.Sprintf(":%d", netnsProxyTLS)}
	cfg.Upstream.Roots = config.StringList{upCA}
	cfg.Clients.Allow = []string{"10.200.0.0/24", "fd00:200::/64"}
	set, err := rules.Load(nil, true)
	if err != nil {
		t.Fatal(err)
	}
	engine, err := inspect.NewEngine(set, inspect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Options{Config: cfg, Issuer: certs.NewIssuer(ca, certs.IssuerOptions{}),
		Logger: zaptest.NewLogger(t), Registry: prometheus.NewRegistry(), Inspector: inspect.NewLive(engine)})
	if err != nil {
		t.Fatal(err)
	}
	lh, err := net.Listen("tcp", cfg.Transparent.HTTP)
	if err != nil {
		t.Fatal(err)
	}
	ls, err := net.Listen("tcp", cfg.Transparent.HTTPS)
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = s.ServeTransparentHTTP(lh) }()
	go func() { _ = s.ServeTransparentHTTPS(ls) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = s.Shutdown(ctx)
	})
	file := filepath.Join(dir, "chatdlp-ca.pem")
	if err := os.WriteFile(file, ca.CertPEM(), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// netnsIRC runs ngircd on 10.201.0.1:6667 and, in the client namespace, a
// client scripted in bash (/dev/tcp) that registers and posts a card: the
// redirected flow is read as IRC, so the client is welcomed and its card
// is answered with chatdlp's NOTICE.
func netnsIRC(t *testing.T, dir, client string) {
	bin, err := exec.LookPath("ngircd")
	if err != nil {
		t.Fatalf("ngircd is not installed (make test installs it): %v", err)
	}
	conf := filepath.Join(dir, "ngircd.conf")
	if err := os.WriteFile(conf, []byte("[Global]\n\tName = irc.netns.test\n\tListen = "+netnsUpstream+
		"\n\tPorts = 6667\n[Options]\n\tDNS = no\n\tIdent = no\n\tPAM = no\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ircd := exec.Command(bin, "-n", "-f", conf)
	if err := ircd.Start(); err != nil {
		t.Fatalf("start ngircd: %v", err)
	}
	t.Cleanup(func() { _ = ircd.Process.Kill(); _ = ircd.Wait() })
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		c, err := net.DialTimeout("tcp", netnsUpstream+":6667", time.Second)
		if err == nil {
			_ = c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("ngircd did not listen: %v", err)
		}
	}
	script := `exec 3<>/dev/tcp/` + netnsUpstream + `/6667
printf 'NICK carol\r\nUSER carol 0 * :carol\r\n' >&3
sleep 1
printf 'PRIVMSG carol :card 4012 8888 8888 1881\r\n' >&3
timeout 3 cat <&3`
	out, _ := exec.Command("ip", "netns", "exec", client, "bash", "-c", script).CombinedOutput()
	if !strings.Contains(string(out), " 001 carol ") {
		t.Fatalf("no welcome through the redirect: %q", out)
	}
	// The card, not "8888": the notice's random incident id may hold that.
	if !strings.Contains(string(out), ":chatdlp NOTICE carol :") || strings.Contains(string(out), "4012 8888 8888 1881") {
		t.Errorf("the card was not blocked with a notice: %q", out)
	}
}

package main

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// roundRobin is a small L4 load balancer: each new connection goes to the
// next backend, bytes spliced both ways.
func roundRobin(t testing.TB, backends []string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	var next atomic.Int64
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			b, err := net.DialTimeout("tcp", backends[int(next.Add(1)-1)%len(backends)], 5*time.Second)
			if err != nil {
				_ = c.Close()
				continue
			}
			go func() { _, _ = io.Copy(b, c); _ = b.(*net.TCPConn).CloseWrite() }()
			go func() { _, _ = io.Copy(c, b); _ = c.Close(); _ = b.Close() }()
		}
	}()
	return ln.Addr().String()
}

// TestScaleOut: three chatdlp instances share one CA and one rules
// directory behind a round-robin load balancer and keep no state between
// requests: any instance serves any request with the same certificate
// chain, and one change to the rules file is enforced by every instance.
func TestScaleOut(t *testing.T) {
	sink := &chatSink{}
	up := httptest.NewTLSServer(sink)
	t.Cleanup(up.Close)
	shared := t.TempDir()
	if r := chatdlp(t, runOpts{dir: shared}, "ca", "init", "--dir", "ca"); r.code != 0 {
		t.Fatalf("ca init: %s", r.stderr)
	}
	if err := os.Mkdir(filepath.Join(shared, "rules"), 0o750); err != nil {
		t.Fatal(err)
	}
	writeFileAtomic(t, filepath.Join(shared, "rules", "corp.yaml"), goodRule)
	roots := filepath.Join(shared, "upstream.pem")
	writePEM(t, roots, up.Certificate().Raw)

	var procs []*serveProc
	var addrs []string
	for i := range 3 {
		wd := t.TempDir()
		proxyAddr, adminAddr := freePort(t), freePort(t)
		cfg := fmt.Sprintf(`listen: %s
admin: %s
ca: {cert: %s, key: %s}
upstream: {roots: [%s]}
rules: [%s]
log: {level: debug}
`, proxyAddr, adminAddr, filepath.Join(shared, "ca", "ca.pem"), filepath.Join(shared, "ca", "ca-key.pem"), roots,
			filepath.Join(shared, "rules", "*.yaml"))
		writeFileAtomic(t, filepath.Join(wd, "chatdlp.yaml"), cfg)
		p := startServe(t, runOpts{dir: wd}, "--config", filepath.Join(wd, "chatdlp.yaml"))
		p.logs.wait(t, 0, "proxy.start", "info")
		procs, addrs = append(procs, p), append(addrs, proxyAddr)
		t.Logf("instance %d on %s", i, proxyAddr)
	}
	lb := roundRobin(t, addrs)
	caPEM, err := os.ReadFile(filepath.Join(shared, "ca", "ca.pem"))
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	pu, _ := url.Parse("http://" + lb)
	// A new connection per request: the balancer spreads them.
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{Proxy: http.ProxyURL(pu),
		TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}, DisableKeepAlives: true}}
	post := func(t *testing.T, text string) int {
		t.Helper()
		body, _ := json.Marshal(map[string]string{"channel": "C1", "text": text})
		resp, err := client.Post(up.URL+"/api/chat.postMessage", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	// served counts the requests each instance logged from line from on.
	served := func(from []int, event string) []int {
		n := make([]int, len(procs))
		for i, p := range procs {
			for k := from[i]; ; {
				ev, next := p.logs.find(k, event, "")
				if ev == nil {
					break
				}
				n[i]++
				k = next
			}
		}
		return n
	}
	marks := func() []int {
		m := make([]int, len(procs))
		for i, p := range procs {
			m[i] = p.logs.len()
		}
		return m
	}

	before := marks()
	for range 6 {
		if code := post(t, "about project kestrel"); code != http.StatusOK {
			t.Fatalf("before the rule: status %d", code)
		}
	}
	if n := served(before, "proxy.request"); n[0] == 0 || n[1] == 0 || n[2] == 0 {
		t.Fatalf("requests per instance %v: the balancer did not reach all three", n)
	}

	// One change to the shared rules directory; every instance reloads it.
	reloaded := marks()
	rule := strings.NewReplacer("project-falcon", "project-kestrel", `\bfalcon-\d{4}\b`, `\bproject kestrel\b`,
		"[falcon]", "[kestrel]", "action: log", "action: block", "status of falcon-2025", "about project kestrel").Replace(goodRule)
	writeFileAtomic(t, filepath.Join(shared, "rules", "kestrel.yaml"), rule)
	for i, p := range procs {
		for k := reloaded[i]; ; {
			ev, next := p.logs.wait(t, k, "rules.reload", "info")
			k = next
			if strings.Contains(fmt.Sprint(ev["files"]), "kestrel.yaml") {
				break
			}
		}
	}
	after := marks()
	for range 6 {
		if code := post(t, "about project kestrel"); code != http.StatusForbidden {
			t.Errorf("after the rule: status %d, want 403", code)
		}
	}
	if n := served(after, "dlp.block"); n[0] == 0 || n[1] == 0 || n[2] == 0 {
		t.Errorf("blocks per instance %v: every instance must enforce the new rule", n)
	}
}

package main

import (
	"bytes"
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkSquidICAPvsProxy compares, in one run, the same keep-alive
// chat workload (Slack chat.postMessage, 8 clients) through Squid with
// ssl-bump asking `chatdlp icap`, and through chatdlp's own proxy
// (`chatdlp serve`), both inspecting with the same rules against the same
// upstream. Targets take turns in short rounds; it reports each one's
// median req/s, the median per-round ratio, and chatdlp against itself
// (A/A: the noise floor). Run it once:
//
//	go test ./cmd/chatdlp -run XXX -bench SquidICAPvsProxy -benchtime 1x
func BenchmarkSquidICAPvsProxy(b *testing.B) {
	ic := startICAP(b)
	sq := startSquid(b, ic.icap, ic.upstreamCA)
	wd := ic.wd
	roots := filepath.Join(wd, "upstream-ca.pem")
	if err := os.WriteFile(roots, ic.upstreamCA, 0o600); err != nil {
		b.Fatal(err)
	}
	proxyAddr, adminAddr := freePort(b), freePort(b)
	cfg := filepath.Join(wd, "serve.yaml")
	writeFileAtomic(b, cfg, fmt.Sprintf("listen: %s\nadmin: %s\nca: {cert: ca/ca.pem, key: ca/ca-key.pem}\nupstream: {roots: [%s]}\nrules: [rules/*.yaml]\nlog: {level: info}\n",
		proxyAddr, adminAddr, roots))
	p := startServe(b, runOpts{dir: wd}, "--config", cfg)
	p.logs.wait(b, 0, "proxy.start", "info")
	direct := proxyClient(b, wd, proxyAddr, 30*time.Second)
	pu, _ := url.Parse("http://" + sq.addr)
	viaSquid := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{Proxy: http.ProxyURL(pu),
		TLSClientConfig: &tls.Config{RootCAs: sq.bumpCA, MinVersion: tls.VersionTLS12}, MaxIdleConnsPerHost: 16}}
	for _, c := range []*http.Client{direct, viaSquid} {
		c.Transport.(*http.Transport).MaxIdleConnsPerHost = 16
	}
	ipAPI := strings.Replace(ic.api, "slack.test", "127.0.0.1", 1)
	targets := []struct {
		name   string
		client *http.Client
		api    string
	}{{"squid+icap", viaSquid, ic.api}, {"chatdlp", direct, ipAPI}, {"chatdlp-aa", direct, ipAPI}}
	const rounds, turn, clients = 8, 700 * time.Millisecond, 8
	rates := make([][]float64, len(targets))
	for r := range rounds {
		for k := range targets {
			i := (k + r) % len(targets)
			n, err := load(targets[i].client, targets[i].api, clients, turn)
			if err != nil {
				b.Fatalf("%s: %v", targets[i].name, err)
			}
			rates[i] = append(rates[i], float64(n)/turn.Seconds())
		}
	}
	ratio := func(a, c int) float64 {
		var rs []float64
		for r := range rounds {
			rs = append(rs, rates[a][r]/rates[c][r])
		}
		return median(rs)
	}
	b.ReportMetric(median(rates[0]), "squid-icap-req/s")
	b.ReportMetric(median(rates[1]), "chatdlp-req/s")
	b.ReportMetric(ratio(0, 1), "squid-icap/chatdlp")
	b.ReportMetric(ratio(2, 1), "aa")
}

// load posts clean chat messages from n keep-alive clients for d and
// returns how many were answered 200.
func load(c *http.Client, api string, n int, d time.Duration) (int64, error) {
	var done atomic.Int64
	var firstErr error
	var once sync.Once
	stop := time.Now().Add(d)
	var wg sync.WaitGroup
	body := []byte(`{"channel":"C024BE91L","text":"Hi team, the quarterly numbers are in the shared drive. Please review the draft before Thursday."}`)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(stop) {
				resp, err := c.Post(api, "application/json", bytes.NewReader(body))
				if err == nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("status %d", resp.StatusCode)
					}
				}
				if err != nil {
					once.Do(func() { firstErr = err })
					return
				}
				done.Add(1)
			}
		}()
	}
	wg.Wait()
	return done.Load(), firstErr
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}

package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"
)

// chatBody is a Slack chat.postMessage JSON body of about 300 bytes.
var chatBody = []byte(`{"channel":"C0123456789","text":"Hi team, the quarterly numbers are in the shared drive under finance/q3. ` +
	`Please review the draft before Thursday's sync and leave comments inline. Thanks!","as_user":true,` +
	`"unfurl_links":false,"unfurl_media":false,"thread_ts":"1700000000.000100","mrkdwn":true}`)

// target is one way of reaching the upstream: directly or through a proxy.
type target struct {
	name     string
	proxy    string         // host:port of the proxy, "" for direct
	roots    *x509.CertPool // what the client trusts: the upstream CA, or the proxies' CA
	upstream string         // host:port of the origin
}

// transport builds a client transport for t.
func (t target) transport(keepAlive bool, conns int) *http.Transport {
	tr := &http.Transport{
		TLSClientConfig:     &tls.Config{RootCAs: t.roots, MinVersion: tls.VersionTLS12},
		DisableKeepAlives:   !keepAlive,
		MaxIdleConnsPerHost: conns,
		MaxConnsPerHost:     conns,
		DisableCompression:  true,
		TLSHandshakeTimeout: 30 * time.Second,
	}
	if t.proxy != "" {
		tr.Proxy = http.ProxyURL(&url.URL{Scheme: "http", Host: t.proxy})
	}
	return tr
}

// loadResult is the outcome of one load run.
type loadResult struct {
	requests, errors int
	elapsed          time.Duration
	lat              []time.Duration // sorted
	firstErr         error
}

// merge adds the figures of another run of the same test.
func (r *loadResult) merge(o loadResult) {
	r.requests += o.requests
	r.errors += o.errors
	r.elapsed += o.elapsed
	r.lat = append(r.lat, o.lat...)
	r.firstErr = cmpOr(r.firstErr, o.firstErr)
}

// rps is the request rate over the measured time.
func (r loadResult) rps() float64 { return float64(r.requests) / r.elapsed.Seconds() }

// percentile returns the p-th percentile latency (0 < p < 100).
func (r loadResult) percentile(p float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	return r.lat[min(len(r.lat)-1, int(float64(len(r.lat))*p/100))]
}

// runPosts sends chat POSTs from conc workers for d and measures them. With
// keepAlive false every request opens a new connection (and, through a
// proxy, a new CONNECT and MITM handshake).
func runPosts(t target, keepAlive bool, conc int, d time.Duration) loadResult {
	tr := t.transport(keepAlive, conc)
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	u := "https://" + t.upstream + "/api/chat.postMessage"
	for range 3 { // warm up: leaf caches, connection pools
		_ = post(client, u)
	}
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var mu sync.Mutex
	var res loadResult
	var wg sync.WaitGroup
	start := time.Now()
	for range conc {
		wg.Go(func() {
			var lat []time.Duration
			var errs int
			var firstErr error
			for ctx.Err() == nil {
				t0 := time.Now()
				if err := post(client, u); err != nil {
					errs++
					firstErr = cmpOr(firstErr, err)
					continue
				}
				lat = append(lat, time.Since(t0))
			}
			mu.Lock()
			res.lat = append(res.lat, lat...)
			res.errors += errs
			res.firstErr = cmpOr(res.firstErr, firstErr)
			mu.Unlock()
		})
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	res.requests = len(res.lat)
	slices.Sort(res.lat)
	return res
}

// post sends one chat message and reads the whole reply.
func post(c *http.Client, u string) error {
	resp, err := c.Post(u, "application/json; charset=utf-8", bytes.NewReader(chatBody))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}

// download fetches n bytes once and returns the throughput in MB/s (10^6).
func download(t target, n int64) (float64, error) {
	tr := t.transport(true, 1)
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 5 * time.Minute}
	u := fmt.Sprintf("https://%s/download?bytes=%d", t.upstream, n)
	if _, err := fetch(client, fmt.Sprintf("https://%s/download?bytes=1", t.upstream)); err != nil {
		return 0, err
	}
	t0 := time.Now()
	got, err := fetch(client, u)
	if err != nil {
		return 0, err
	}
	if got != n {
		return 0, fmt.Errorf("bench: download: got %d bytes, want %d", got, n)
	}
	return float64(n) / 1e6 / time.Since(t0).Seconds(), nil
}

func fetch(c *http.Client, u string) (int64, error) {
	resp, err := c.Get(u)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("bench: download: status %d", resp.StatusCode)
	}
	return io.Copy(io.Discard, resp.Body)
}

func cmpOr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

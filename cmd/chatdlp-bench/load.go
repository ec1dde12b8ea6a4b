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

// chatBody is a Slack chat.postMessage JSON body of about 300 bytes: clean
// text that no built-in rule flags, so chatdlp inspects it and passes it.
var chatBody = []byte(`{"channel":"C0123456789","text":"Hi team, the quarterly numbers are in the shared drive under finance/q3. ` +
	`Please review the draft before Thursday's sync and leave comments inline. Thanks!","as_user":true,` +
	`"unfurl_links":false,"unfurl_media":false,"thread_ts":"1700000000.000100","mrkdwn":true}`)

// secretBody is a chat.postMessage that the built-in aws-access-key-id
// rule blocks: the check that the chatdlp target really inspects.
var secretBody = []byte(`{"channel":"C0123456789","text":"aws creds for the sandbox: AKIAUJZDEGXDNCF32EPF"}`)

// chatPath is Slack's Web API method: the upstream (127.0.0.1, a host in
// no catalogue entry) is identified as Slack by it.
const chatPath = "/api/chat.postMessage"

// target is one way of reaching the upstream: directly or through a proxy.
type target struct {
	name     string
	proxy    string         // host:port of the proxy, "" for direct
	roots    *x509.CertPool // what the client trusts: the upstream CA, or the proxies' CA
	upstream string         // host:port of the origin
	child    *child         // the proxy's process, nil for direct
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

// cpu returns the CPU time the target's proxy has used so far; ok is false
// for the direct target or when it cannot be read.
func (t target) cpu() (time.Duration, bool) {
	if t.child == nil {
		return 0, false
	}
	d, err := t.child.cpuTime()
	return d, err == nil
}

// turn is one target's turn of a load test in one round.
type turn struct {
	requests, errors int
	elapsed          time.Duration
	lat              []time.Duration // sorted
	cpu              time.Duration   // the proxy's CPU time in the turn; -1 unknown
	others           float64         // cores busy with other processes than the bench's own
	firstErr         error
}

// rps is the request rate over the turn.
func (r turn) rps() float64 { return float64(r.requests) / r.elapsed.Seconds() }

// percentile returns the p-th percentile latency (0 < p < 100).
func (r turn) percentile(p float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	return r.lat[min(len(r.lat)-1, int(float64(len(r.lat))*p/100))]
}

// cpuPerRequest is the proxy's CPU time per request in microseconds, or
// NaN when unknown.
func (r turn) cpuPerRequest() float64 {
	if r.cpu < 0 || r.requests == 0 {
		return nan
	}
	return float64(r.cpu) / float64(time.Microsecond) / float64(r.requests)
}

// poster sends chat posts to one target with one client for a whole test,
// so a keep-alive test reuses its connections from round to round.
type poster struct {
	t      target
	client *http.Client
	tr     *http.Transport
	url    string
	conc   int
}

func newPoster(t target, keepAlive bool, conc int) *poster {
	tr := t.transport(keepAlive, conc)
	return &poster{t: t, tr: tr, client: &http.Client{Transport: tr, Timeout: 30 * time.Second},
		url: "https://" + t.upstream + chatPath, conc: conc}
}

func (p *poster) close() { p.tr.CloseIdleConnections() }

// run sends chat posts from p.conc workers for d and measures them, with
// the proxy's CPU time over the turn.
func (p *poster) run(d time.Duration) turn {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var mu sync.Mutex
	var res turn
	var wg sync.WaitGroup
	cpu0, okCPU := p.t.cpu()
	busy0 := othersBusy(p.t.child)
	start := time.Now()
	for range p.conc {
		wg.Go(func() {
			lat := make([]time.Duration, 0, 256)
			var errs int
			var firstErr error
			for ctx.Err() == nil {
				t0 := time.Now()
				if err := post(p.client, p.url, chatBody, http.StatusOK); err != nil {
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
	res.others = othersBusy(p.t.child).since(busy0, res.elapsed)
	res.cpu = -1
	if cpu1, ok := p.t.cpu(); ok && okCPU {
		res.cpu = cpu1 - cpu0
	}
	res.requests = len(res.lat)
	slices.Sort(res.lat)
	return res
}

// post sends one chat message, reads the whole reply and checks its status.
func post(c *http.Client, u string, body []byte, want int) error {
	resp, err := c.Post(u, "application/json; charset=utf-8", bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != want {
		return fmt.Errorf("status %d, want %d", resp.StatusCode, want)
	}
	return nil
}

// downloader fetches the download of one target, one connection reused.
type downloader struct {
	t      target
	tr     *http.Transport
	client *http.Client
}

func newDownloader(t target) (*downloader, error) {
	tr := t.transport(true, 1)
	d := &downloader{t: t, tr: tr, client: &http.Client{Transport: tr, Timeout: 5 * time.Minute}}
	if _, err := fetch(d.client, fmt.Sprintf("https://%s/download?bytes=1", t.upstream)); err != nil {
		tr.CloseIdleConnections()
		return nil, err
	}
	return d, nil
}

func (d *downloader) close() { d.tr.CloseIdleConnections() }

// run fetches n bytes once and returns the throughput in MB/s (10^6),
// from path (/download, or chatFilePath: a file chatdlp inspects).
func (d *downloader) run(path string, n int64) (float64, error) {
	t0 := time.Now()
	got, err := fetch(d.client, fmt.Sprintf("https://%s%s?bytes=%d", d.t.upstream, path, n))
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

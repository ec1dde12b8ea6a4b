package main

import (
	"bufio"
	"context"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chatdlp/chatdlp/proxy"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// The soak (-soak DURATION): one chatdlp child, inspecting as the
// "chatdlp" target does, between -soak-clients concurrent clients and the
// soak's upstream children (soak_faults.go), for the whole duration. The
// clients (soak_clients.go) send chat posts, WebSocket and IRC messages,
// upload and download files, and provoke the upstreams' faults. The run
// passes (soak_check.go) when no allowed message or file was lost or
// changed on its way, every blocked one was blocked, nothing failed that
// was not a fault, the proxy's goroutines went back to their idle count
// and its RSS stayed bounded, and a probe got an answer every second.

func init() {
	roles["soakup"] = serveSoakUpstream
	roles["soakbadtls"] = serveBadTLS
	roles["soak-chatdlp"] = serveSoakChatdlp
}

// soakDebugFile names the file in the run's directory where the chatdlp
// child of pid writes the address of its debug listener.
func soakDebugFile(dir string, pid int) string {
	return filepath.Join(dir, "soak-debug-"+strconv.Itoa(pid))
}

// serveSoakChatdlp is the "chatdlp" child with a debug listener beside the
// proxy: GET /metrics (its registry, with the Go and process collectors:
// go_goroutines, process_resident_memory_bytes) and GET /goroutines (the
// goroutine profile, debug=1: stacks grouped with their counts).
func serveSoakChatdlp(dir string, l net.Listener) error {
	opts, err := chatdlpOptions(dir, l.Addr().String(), true)
	if err != nil {
		return err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	opts.Registry = reg
	s, err := proxy.New(opts)
	if err != nil {
		return err
	}
	dl, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /goroutines", func(w http.ResponseWriter, _ *http.Request) {
		_ = pprof.Lookup("goroutine").WriteTo(w, 1)
	})
	go func() { _ = serveHTTP(dl, mux) }()
	file := soakDebugFile(dir, os.Getpid())
	if err := os.WriteFile(file+".tmp", []byte(dl.Addr().String()), 0o600); err != nil {
		return err
	}
	if err := os.Rename(file+".tmp", file); err != nil {
		return err
	}
	return s.Serve(l)
}

// soakChildren are the processes of a soak.
type soakChildren struct {
	up, badTLS, irc, proxy *child
	debug                  string // host:port of the proxy's debug listener
}

func (c *soakChildren) stop() {
	for _, ch := range []*child{c.proxy, c.up, c.badTLS, c.irc} {
		if ch != nil {
			ch.stop()
		}
	}
}

func startSoakChildren(dir string) (*soakChildren, error) {
	c := &soakChildren{}
	var err error
	for _, s := range []struct {
		role string
		ch   **child
	}{{"soakup", &c.up}, {"soakbadtls", &c.badTLS}, {"ircecho", &c.irc}, {"soak-chatdlp", &c.proxy}} {
		if *s.ch, err = spawn(s.role, dir); err != nil {
			c.stop()
			return nil, err
		}
	}
	file := soakDebugFile(dir, c.proxy.cmd.Process.Pid)
	// The child loads the built-in pack before it listens: about 6 s of
	// a test build under -race alone, three times that on a CI machine's
	// two busy cores.
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if b, err := os.ReadFile(file); err == nil {
			c.debug = string(b)
			return c, nil
		}
		if time.Now().After(deadline) {
			c.stop()
			return nil, fmt.Errorf("bench: soak: the chatdlp child wrote no debug address")
		}
	}
}

// runSoak runs the soak of o and writes its report to w; it returns
// whether every pass criterion held.
func runSoak(o options, w io.Writer) (bool, error) {
	raiseNoFile()
	dir, err := os.MkdirTemp("", "chatdlp-soak-")
	if err != nil {
		return false, fmt.Errorf("bench: %w", err)
	}
	defer os.RemoveAll(dir)
	if err := setChildEnv(o); err != nil {
		return false, err
	}
	if err := writePKI(dir); err != nil {
		return false, err
	}
	ch, err := startSoakChildren(dir)
	if err != nil {
		return false, err
	}
	defer ch.stop()
	caRoots, err := loadPool(filepath.Join(dir, proxyCACert))
	if err != nil {
		return false, err
	}
	upRoots, err := loadPool(filepath.Join(dir, upstreamCA))
	if err != nil {
		return false, err
	}
	s := &soak{
		t:       target{name: "chatdlp", proxy: ch.proxy.addr, roots: caRoots, upstream: ch.up.addr, child: ch.proxy},
		ircAddr: ch.irc.addr, badTLS: ch.badTLS.addr, debug: ch.debug,
		st: newSoakStats(), clients: o.soakClients, dur: o.soak,
		upRoots: upRoots,
	}
	res := s.run()
	res.received, err = fetchReceived(ch.up.addr, upRoots)
	if err != nil {
		return false, err
	}
	return res.report(w, s), nil
}

// soak is one soak run.
type soak struct {
	t               target
	upRoots         *x509.CertPool // to ask the upstream directly
	ircAddr, badTLS string
	debug           string
	st              *soakStats
	clients         int
	dur             time.Duration
	seq             atomic.Int64 // ids of messages and files
}

// soakSample is one reading of the proxy child.
type soakSample struct {
	at         time.Duration // since the load started
	goroutines int
	rssKiB     int64
}

// soakResult is what a run measured, checked by soak_check.go.
type soakResult struct {
	elapsed                      time.Duration
	warmUp                       time.Duration
	idle0, steady, end           soakSample // idle before the load, after the warm-up, idle after it
	peakGoroutines               int
	peakRSSKiB                   int64 // VmHWM
	drained                      time.Duration
	samples                      []soakSample
	probeOK, probeFail           int
	probeMax, probeP50           time.Duration
	probeFirstErr                error
	received                     soakReceived
	goroutineDump, sampleFailure string
	slowDrainDump                string // the goroutines 5 s into a drain that took longer
	mix                          soakMix
}

// run primes the proxy, reads its idle state, runs the load for s.dur
// while sampling and probing, then lets the proxy drain.
func (s *soak) run() *soakResult {
	res := &soakResult{mix: soakMixOf(s.clients)}
	s.prime()
	res.idle0 = s.settle(10*time.Second, -1, nil)
	warmUp := min(max(s.dur/5, 2*time.Second), 30*time.Second)
	res.warmUp = warmUp
	every := min(max(s.dur/20, time.Second), 5*time.Second)

	start := time.Now()
	end := start.Add(s.dur)
	stop := make(chan struct{})
	var bg sync.WaitGroup
	var mu sync.Mutex
	steadyTaken := false
	bg.Go(func() { // sampler
		ticks(stop, every, func() {
			sm, err := s.sample(time.Since(start))
			mu.Lock()
			if err != nil {
				res.sampleFailure = err.Error()
			} else {
				res.samples = append(res.samples, sm)
				res.peakGoroutines = max(res.peakGoroutines, sm.goroutines)
				if !steadyTaken && sm.at >= warmUp {
					res.steady, steadyTaken = sm, true
				}
			}
			mu.Unlock()
		})
	})
	var lat []time.Duration
	bg.Go(func() { // probe
		ticks(stop, time.Second, func() {
			d, err := s.probe()
			mu.Lock()
			if err != nil {
				res.probeFail++
				res.probeFirstErr = cmpOr(res.probeFirstErr, err)
			} else {
				res.probeOK++
				lat = append(lat, d)
			}
			res.probeMax = max(res.probeMax, d)
			mu.Unlock()
		})
	})
	s.load(end)
	res.elapsed = time.Since(start)
	close(stop)
	bg.Wait()
	if !steadyTaken && len(res.samples) > 0 {
		res.steady = res.samples[0]
	}
	if len(lat) > 0 {
		res.probeP50 = percentileOf(lat, 50)
	}
	t0 := time.Now()
	res.end = s.settle(30*time.Second, res.idle0.goroutines+goroutineMargin(res.idle0.goroutines), &res.slowDrainDump)
	res.drained = time.Since(t0)
	res.samples = append(res.samples, res.end)
	if hwm, err := s.t.child.hwmKiB(); err == nil {
		res.peakRSSKiB = hwm
	}
	if res.end.goroutines > res.idle0.goroutines+goroutineMargin(res.idle0.goroutines) {
		res.goroutineDump = s.goroutines()
	}
	return res
}

// goroutineMargin is how many goroutines more than idle before the load
// the proxy may have once it has drained.
func goroutineMargin(idle int) int { return max(10, idle/10) }

// settle waits until the proxy's goroutines are at most target (or, with
// target < 0, the same in three readings 300 ms apart), or until maxWait,
// and returns the last reading. It has the upstream close its idle
// connections before every reading (they are the proxy's pool). If it
// takes over 5 s, slow gets the proxy's goroutines then.
func (s *soak) settle(maxWait time.Duration, target int, slow *string) soakSample {
	start := time.Now()
	deadline := start.Add(maxWait)
	var last soakSample
	same := 0
	for {
		s.closeUpstreamIdle()
		sm, err := s.sample(0)
		if err == nil {
			if target >= 0 && sm.goroutines <= target {
				return sm
			}
			if sm.goroutines == last.goroutines {
				same++
			} else {
				same = 0
			}
			last = sm
			if target < 0 && same >= 2 {
				return sm
			}
		}
		if time.Now().After(deadline) {
			return last
		}
		if slow != nil && *slow == "" && time.Since(start) > 5*time.Second {
			*slow = s.goroutines()
		}
		time.Sleep(300 * time.Millisecond)
	}
}

// closeUpstreamIdle asks the upstream, directly, to close its idle
// connections.
func (s *soak) closeUpstreamIdle() {
	tr := target{roots: s.upRoots}.transport(false, 1)
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	if resp, err := c.Post("https://"+s.t.upstream+"/soak/drain", "", nil); err == nil {
		_ = resp.Body.Close()
	}
}

// sample reads the proxy's goroutines (go_goroutines on its debug
// listener) and RSS (/proc).
func (s *soak) sample(at time.Duration) (soakSample, error) {
	sm := soakSample{at: at}
	c := &http.Client{Timeout: 10 * time.Second}
	resp, err := c.Get("http://" + s.debug + "/metrics")
	if err != nil {
		return sm, err
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	found := false
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "go_goroutines "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				return sm, err
			}
			sm.goroutines, found = int(f), true
		}
	}
	if !found {
		return sm, fmt.Errorf("bench: soak: no go_goroutines in the proxy's metrics")
	}
	sm.rssKiB, err = s.t.child.rssKiB()
	return sm, err
}

// goroutines returns the proxy's goroutine profile (the biggest groups).
func (s *soak) goroutines() string {
	c := &http.Client{Timeout: 10 * time.Second}
	resp, err := c.Get("http://" + s.debug + "/goroutines")
	if err != nil {
		return err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	return string(b)
}

// probe fetches /probe through the proxy on a new connection.
func (s *soak) probe() (time.Duration, error) {
	tr := s.t.transport(false, 1)
	defer tr.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	t0 := time.Now()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "https://"+s.t.upstream+"/probe", nil)
	resp, err := tr.RoundTrip(req)
	if err != nil {
		return time.Since(t0), err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	d := time.Since(t0)
	if err == nil && (resp.StatusCode != http.StatusOK || string(b) != "ok") {
		err = fmt.Errorf("status %d %q", resp.StatusCode, b)
	}
	return d, err
}

// fetchReceived asks the upstream, directly, what arrived.
func fetchReceived(upstream string, roots *x509.CertPool) (soakReceived, error) {
	var out soakReceived
	tr := target{roots: roots}.transport(false, 1)
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr, Timeout: time.Minute}
	resp, err := c.Get("https://" + upstream + "/soak/received")
	if err != nil {
		return out, fmt.Errorf("bench: soak: the upstream's record: %w", err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return out, fmt.Errorf("bench: soak: the upstream's record: %w", err)
	}
	return out, nil
}

// ticks calls fn every d until stop is closed.
func ticks(stop <-chan struct{}, d time.Duration, fn func()) {
	tick := time.NewTicker(d)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		fn()
	}
}

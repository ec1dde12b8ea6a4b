package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/coder/websocket"
)

// The soak's clients. Each runs one kind of traffic in a loop until the
// run ends (an operation started before the end finishes):
//
//   - poster: Slack chat.postMessage on its own keep-alive connection; one
//     in ten carries a card number and must get 403;
//   - ws: Mattermost WebSocket sessions of 20-200 echoed messages, one in
//     fifty with a card (the proxy closes the session with 1008);
//   - irc: IRC sessions of 20-200 echoed lines, one in fifty with a card
//     (the proxy answers a NOTICE and drops the line);
//   - uploader: Mattermost file uploads of 100 KB-4 MB of random bytes;
//     one in eight is abandoned after half its body (the client vanishes);
//   - downloader: Mattermost file downloads of 100 KB-2 MB, checked by
//     sha256;
//   - faulter: the upstreams' faults in turn (reset, hang, trickle, TLS
//     handshake failure, malformed response).
//
// Every post and upload carries an id (X-Soak-Id); what the client sent,
// and whether it must arrive, is kept to compare with the upstream's
// record at the end.

// soakCard is a Luhn-valid card number the built-in pack blocks.
const soakCard = "4012 8888 8888 1881"

// soakMix is how many clients of each kind a run has.
type soakMix struct {
	posters, ws, irc, uploaders, downloaders, faulters int
}

// soakKinds are the client kinds by index modulo 20: 40% posters, 15%
// WebSocket, 15% IRC, 10% uploaders, 5% downloaders, 15% faulters.
var soakKinds = [20]string{
	"post", "post", "post", "post", "post", "post", "post", "post",
	"ws", "ws", "ws", "irc", "irc", "irc", "upload", "upload", "download", "fault", "fault", "fault",
}

func soakMixOf(n int) soakMix {
	var m soakMix
	for i := range n {
		switch soakKinds[i%len(soakKinds)] {
		case "post":
			m.posters++
		case "ws":
			m.ws++
		case "irc":
			m.irc++
		case "upload":
			m.uploaders++
		case "download":
			m.downloaders++
		case "fault":
			m.faulters++
		}
	}
	return m
}

// soakWant is what the upstream must have of one id.
type soakWant struct {
	kind   string // "post", "upload"
	sha    string // of what was sent
	size   int64
	arrive bool // false: blocked or abandoned, must never arrive whole
}

// soakStats are the counts of a run, shared by its clients.
type soakStats struct {
	mu          sync.Mutex
	ok          map[string]int // outcomes as they should be, by kind
	faults      map[string]int // a fault's outcome ("reset: status 502")
	unexpected  map[string]int // anything else, by kind and class
	passedOff   map[string]int // broken upstream responses a client got as a complete 200, by fault
	examples    []string       // the first unexpected errors in full
	passedOffEx []string       // the first broken responses passed off
	stalled     int            // slow-hello clients not served in time
	stalledEx   []string
	want        map[string]soakWant
	requests    atomic.Int64 // HTTP requests, probes and faults included
	upBytes     atomic.Int64
	downBytes   atomic.Int64
}

func newSoakStats() *soakStats {
	return &soakStats{ok: map[string]int{}, faults: map[string]int{}, unexpected: map[string]int{}, passedOff: map[string]int{}, want: map[string]soakWant{}}
}

func (st *soakStats) good(kind string) {
	st.mu.Lock()
	st.ok[kind]++
	st.mu.Unlock()
}

func (st *soakStats) fault(kind, outcome string) {
	st.mu.Lock()
	st.faults[kind+": "+outcome]++
	st.mu.Unlock()
}

// truncated counts a broken upstream response the client received as a
// complete 200 of n bytes.
func (st *soakStats) truncated(kind string, n int) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.passedOff[kind]++
	if len(st.passedOffEx) < 3 {
		st.passedOffEx = append(st.passedOffEx, fmt.Sprintf("fault %s: the client got a complete 200 of %d bytes", kind, n))
	}
}

func (st *soakStats) bad(kind string, err error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.unexpected[kind+": "+errClass(err)]++
	if len(st.examples) < 10 {
		st.examples = append(st.examples, kind+": "+err.Error())
	}
}

func (st *soakStats) expect(id string, w soakWant) {
	st.mu.Lock()
	st.want[id] = w
	st.mu.Unlock()
}

// statusError is a response with a status other than the one expected.
type statusError struct{ code int }

func (e statusError) Error() string { return "status " + strconv.Itoa(e.code) }

// errClass is a short name for an error, to count errors by kind.
func errClass(err error) string {
	var se statusError
	var ne net.Error
	var ce websocket.CloseError
	switch {
	case errors.As(err, &se):
		return se.Error()
	case errors.As(err, &ce):
		return "websocket close " + strconv.Itoa(int(ce.Code))
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "unexpected EOF"
	case errors.Is(err, io.EOF):
		return "EOF"
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	}
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 {
		s = s[i+2:]
	}
	if len(s) > 60 {
		s = s[:60]
	}
	return s
}

// soakClient is one client's state.
type soakClient struct {
	s   *soak
	i   int
	rng *rand.Rand
	tr  *http.Transport
	hc  *http.Client
}

func (s *soak) newClient(i int) *soakClient {
	tr := s.t.transport(true, 1)
	return &soakClient{s: s, i: i, rng: rand.New(rand.NewPCG(uint64(i), uint64(time.Now().UnixNano()))), //nolint:gosec // load, not secrets
		tr: tr, hc: &http.Client{Transport: tr, Timeout: 60 * time.Second}}
}

func (c *soakClient) close() { c.tr.CloseIdleConnections() }

func (s *soak) nextID(prefix string) string {
	return prefix + strconv.FormatInt(s.seq.Add(1), 10)
}

// prime runs every kind of operation once before the load, so that the
// idle reading after it is of a proxy that has served each.
func (s *soak) prime() {
	c := s.newClient(0)
	defer c.close()
	c.post(false)
	c.post(true)
	c.upload(200<<10, false)
	c.download()
	for _, f := range soakFaultKinds {
		c.fault(f)
	}
	if ws, err := c.wsDial(); err == nil {
		c.wsEcho(ws, false)
		_ = ws.Close(websocket.StatusNormalClosure, "")
	}
	if irc, err := dialIRC(s.t, s.ircAddr, "prime"); err == nil {
		c.ircLine(irc, false)
		_ = irc.Close()
	}
}

// load runs the clients until end.
func (s *soak) load(end time.Time) {
	var wg sync.WaitGroup
	for i := range s.clients {
		kind := soakKinds[i%len(soakKinds)]
		wg.Go(func() {
			c := s.newClient(i + 1)
			defer c.close()
			time.Sleep(time.Duration(c.rng.IntN(500)) * time.Millisecond) // stagger the start
			switch kind {
			case "post":
				for time.Now().Before(end) {
					c.post(c.rng.IntN(10) == 0)
				}
			case "ws":
				c.wsSessions(end)
			case "irc":
				c.ircSessions(end)
			case "upload":
				for time.Now().Before(end) {
					c.upload(c.fileSize(4<<20), c.rng.IntN(8) == 0)
				}
			case "download":
				for time.Now().Before(end) {
					c.download()
				}
			case "fault":
				for k := c.i; time.Now().Before(end); k++ {
					c.fault(soakFaultKinds[k%len(soakFaultKinds)])
					time.Sleep(50 * time.Millisecond)
				}
			}
		})
	}
	wg.Wait()
}

// fileSize is log-uniform between 100 KB and max.
func (c *soakClient) fileSize(maxSize int) int {
	return int(100e3 * math.Exp(c.rng.Float64()*math.Log(float64(maxSize)/100e3)))
}

func sha(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// post sends one chat.postMessage; with card it must be blocked (403).
func (c *soakClient) post(card bool) {
	st := c.s.st
	id := c.s.nextID("p")
	text := "msg " + id + ": Hi team, the quarterly numbers are in the shared drive under finance/q3. Please review before Thursday."
	kind := "post"
	if card {
		text = "msg " + id + ": please charge the order to card " + soakCard + ", thanks"
		kind = "post card"
	}
	body := []byte(`{"channel":"C0123456789","text":"` + text + `","as_user":true,"client_msg_id":"` + id + `"}`)
	want := http.StatusOK
	if card {
		want = http.StatusForbidden
	}
	sent := soakWant{kind: kind, sha: sha(body), size: int64(len(body)), arrive: !card}
	if card {
		st.expect(id, sent) // must never arrive, whatever the client saw
	}
	req, _ := http.NewRequest(http.MethodPost, "https://"+c.s.t.upstream+chatPath, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set(soakIDHeader, id)
	st.requests.Add(1)
	if err := c.do(req, want, nil); err != nil {
		st.bad(kind, err)
		return
	}
	if !card {
		st.expect(id, sent) // the client saw it accepted: it must have arrived
	}
	st.good(kind)
}

// do sends req and reads the whole response; an error unless its status
// is want. check, when set, judges the body.
func (c *soakClient) do(req *http.Request, want int, check func([]byte) error) error {
	ctx, ph := tracePhases(req.Context())
	resp, err := c.hc.Do(req.WithContext(ctx))
	if err != nil {
		return ph.wrap(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return ph.wrap(err)
	}
	if resp.StatusCode != want {
		return statusError{resp.StatusCode}
	}
	if check != nil {
		return check(b)
	}
	return nil
}

// upload sends a file of n random bytes to Mattermost; vanish abandons it
// after half its body.
func (c *soakClient) upload(n int, vanish bool) {
	st := c.s.st
	id := c.s.nextID("f")
	data := soakFileBytes(c.rng.Uint64(), n)
	u := "https://" + c.s.t.upstream + soakMattermostUpload + "?channel_id=4xp9fdt77pncbef59f4k1qe83o&filename=" + id + ".bin"
	sent := soakWant{kind: "upload", sha: sha(data), size: int64(n), arrive: !vanish}
	st.requests.Add(1)
	if vanish {
		sent.kind = "upload abandoned"
		st.expect(id, sent)
		if err := c.vanish(u, id, data); err != nil {
			st.bad("upload abandoned", err)
			return
		}
		st.good("upload abandoned")
		return
	}
	req, _ := http.NewRequest(http.MethodPost, u, bytes.NewReader(data))
	req.Header.Set("Content-Type", "application/octet-stream")
	req.Header.Set(soakIDHeader, id)
	if err := c.do(req, http.StatusCreated, nil); err != nil {
		st.bad("upload", err)
		return
	}
	st.expect(id, sent)
	st.upBytes.Add(int64(n))
	st.good("upload")
}

// vanish opens its own connection through the proxy, sends the upload's
// head and half its body, and closes the connection.
func (c *soakClient) vanish(u, id string, data []byte) error {
	conn, err := c.s.dialMITM()
	if err != nil {
		return err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	req, _ := http.NewRequest(http.MethodPost, u, nil)
	head := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/octet-stream\r\n%s: %s\r\nContent-Length: %d\r\n\r\n",
		req.URL.RequestURI(), c.s.t.upstream, soakIDHeader, id, len(data))
	if _, err := io.WriteString(conn, head); err != nil {
		return err
	}
	_, err = conn.Write(data[:len(data)/2])
	return err
}

// dialMITM opens a TLS connection to the upstream through the proxy.
func (s *soak) dialMITM() (*tls.Conn, error) {
	raw, br, err := dialTunnel(s.t, s.t.upstream, "")
	if err != nil {
		return nil, err
	}
	if br.Buffered() > 0 {
		_ = raw.Close()
		return nil, fmt.Errorf("bench: soak: bytes after the CONNECT reply")
	}
	host, _, _ := net.SplitHostPort(s.t.upstream)
	tc := tls.Client(raw, &tls.Config{RootCAs: s.t.roots, ServerName: host, MinVersion: tls.VersionTLS12})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := tc.HandshakeContext(ctx); err != nil {
		_ = raw.Close()
		return nil, err
	}
	return tc, nil
}

// download fetches a file of 100 KB-2 MB from Mattermost and checks it.
func (c *soakClient) download() {
	st := c.s.st
	id := c.s.nextID("d")
	seed, n := c.rng.Uint64(), c.fileSize(2<<20)
	want := sha(soakFileBytes(seed, n))
	req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("https://%s%s/%s?seed=%d&bytes=%d", c.s.t.upstream, soakMattermostUpload, id, seed, n), nil)
	st.requests.Add(1)
	err := c.do(req, http.StatusOK, func(b []byte) error {
		if len(b) != n || sha(b) != want {
			return fmt.Errorf("corrupted: %d bytes, want %d", len(b), n)
		}
		return nil
	})
	if err != nil {
		st.bad("download", err)
		return
	}
	st.downBytes.Add(int64(n))
	st.good("download")
}

// soakFaultKinds are the faults a faulter provokes in turn.
var soakFaultKinds = []string{"reset", "hang", "trickle", "tls", "malformed", "reset-chunked", "slow-hello"}

// fault provokes one fault and counts its outcome: an error or a 5xx is
// what a fault should give (the trickle excepted: it must arrive whole),
// and at once but for the hang (a timeout there is the client giving up).
func (c *soakClient) fault(kind string) {
	st := c.s.st
	st.requests.Add(1)
	if kind == "slow-hello" {
		c.slowHello()
		return
	}
	tr := c.s.t.transport(false, 1) // a fault may break its connection: a new one each
	defer tr.CloseIdleConnections()
	timeout := 10 * time.Second
	u := "https://" + c.s.t.upstream + "/fault/" + kind
	switch kind {
	case "hang":
		timeout = 1500 * time.Millisecond
	case "trickle":
		timeout = 30 * time.Second
	case "tls":
		u = "https://" + c.s.badTLS + "/"
	case "malformed":
		v := c.rng.IntN(len(soakMalformed))
		u += "?v=" + strconv.Itoa(v)
		kind += "-" + strconv.Itoa(v)
	case "reset-chunked":
		u = "https://" + c.s.t.upstream + "/fault/reset?chunked=1"
	}
	hc := &http.Client{Transport: tr, Timeout: timeout}
	ctx, ph := tracePhases(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	resp, err := hc.Do(req)
	var body []byte
	if err == nil {
		body, err = io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if err == nil && resp.StatusCode != http.StatusOK {
			err = statusError{resp.StatusCode}
		}
	}
	var se statusError
	if err != nil && !errors.As(err, &se) {
		err = ph.wrap(err)
	}
	if kind == "trickle" {
		if err == nil && !bytes.Equal(body, soakTrickle) {
			err = fmt.Errorf("trickle: %d bytes differ", len(body))
		}
		if err != nil {
			st.bad("fault trickle", err)
			return
		}
		st.fault(kind, "whole")
		return
	}
	if err == nil {
		// The upstream broke off or answered no HTTP, and the client got
		// a complete 200: the proxy passed off a broken response as whole.
		st.truncated(kind, len(body))
		return
	}
	if errors.As(err, &se) && se.code < 500 {
		st.bad("fault "+kind, err)
		return
	}
	if kind != "hang" && errClass(err) == "timeout" {
		// The fault is at once: a proxy still silent after 10 s is stuck.
		st.bad("fault "+kind, err)
		return
	}
	st.fault(kind, errClass(err))
}

// soakSlowHelloWait is how long a slow client waits after the CONNECT
// reply before its ClientHello: longer than the proxy's serverFirstWait
// (500 ms), after which it dials the upstream to see whether the server
// speaks first. soakSlowHelloMax is how long the whole exchange may take.
const (
	soakSlowHelloWait = 800 * time.Millisecond
	soakSlowHelloMax  = 5 * time.Second
)

// slowHello is a client slow to start TLS (a busy or far-away one): it
// sends CONNECT, waits soakSlowHelloWait, then does its TLS handshake and
// fetches /probe, which must be answered within soakSlowHelloMax.
func (c *soakClient) slowHello() {
	st := c.s.st
	t0 := time.Now()
	err := func() error {
		raw, br, err := dialTunnel(c.s.t, c.s.t.upstream, "")
		if err != nil {
			return err
		}
		defer raw.Close()
		if br.Buffered() > 0 {
			return fmt.Errorf("bytes after the CONNECT reply")
		}
		time.Sleep(soakSlowHelloWait)
		_ = raw.SetDeadline(t0.Add(soakSlowHelloMax)) // then it gives up
		host, _, _ := net.SplitHostPort(c.s.t.upstream)
		tc := tls.Client(raw, &tls.Config{RootCAs: c.s.t.roots, ServerName: host, MinVersion: tls.VersionTLS12})
		if err := tc.Handshake(); err != nil {
			return fmt.Errorf("TLS handshake: %w", err)
		}
		if _, err := io.WriteString(tc, "GET /probe HTTP/1.1\r\nHost: "+c.s.t.upstream+"\r\nConnection: close\r\n\r\n"); err != nil {
			return err
		}
		resp, err := http.ReadResponse(bufio.NewReader(tc), nil)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err == nil && (resp.StatusCode != http.StatusOK || string(b) != "ok") {
			err = fmt.Errorf("status %d %q", resp.StatusCode, b)
		}
		return err
	}()
	d := time.Since(t0)
	switch {
	case err == nil && d <= soakSlowHelloMax:
		st.fault("slow-hello", "served")
	case errClass(err) == "timeout":
		st.mu.Lock()
		st.stalled++
		if len(st.stalledEx) < 3 {
			st.stalledEx = append(st.stalledEx, fmt.Sprintf("fault slow-hello: not served, gave up after %s: %v", d.Round(time.Millisecond), err))
		}
		st.mu.Unlock()
	default:
		st.bad("fault slow-hello", err)
	}
}

// wsDial opens a WebSocket session through the proxy.
func (c *soakClient) wsDial() (*websocket.Conn, error) {
	c.s.st.requests.Add(1)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ctx, ph := tracePhases(ctx)
	ws, resp, err := websocket.Dial(ctx, "wss://"+c.s.t.upstream+wsPath, &websocket.DialOptions{HTTPClient: c.hc})
	if resp != nil && resp.Body != nil {
		_ = resp.Body.Close()
	}
	if err != nil {
		return nil, ph.wrap(err)
	}
	return ws, nil
}

// phases follows a request through its phases (httptrace), to say where
// one that failed stopped: through a proxy, "connected to the proxy" is
// the CONNECT exchange.
type phases struct {
	t0   time.Time
	last atomic.Value // string
}

func tracePhases(ctx context.Context) (context.Context, *phases) {
	p := &phases{t0: time.Now()}
	p.last.Store("start")
	at := func(what string) {
		p.last.Store(fmt.Sprintf("%s at %s", what, time.Since(p.t0).Round(time.Millisecond)))
	}
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GetConn:              func(string) { at("waiting for a connection") },
		ConnectStart:         func(string, string) { at("dialling the proxy") },
		ConnectDone:          func(string, string, error) { at("connected to the proxy") },
		TLSHandshakeStart:    func() { at("TLS handshake start") },
		TLSHandshakeDone:     func(tls.ConnectionState, error) { at("TLS handshake done") },
		GotConn:              func(i httptrace.GotConnInfo) { at(fmt.Sprintf("got a connection (reused %t)", i.Reused)) },
		WroteHeaders:         func() { at("request headers sent") },
		WroteRequest:         func(httptrace.WroteRequestInfo) { at("request sent") },
		GotFirstResponseByte: func() { at("first response byte") },
	}), p
}

// wrap adds the last phase reached to err.
func (p *phases) wrap(err error) error {
	return fmt.Errorf("%w (last: %s; failed at %s)", err, p.last.Load(), time.Since(p.t0).Round(time.Millisecond))
}

// wsSessions runs WebSocket sessions until end.
func (c *soakClient) wsSessions(end time.Time) {
	for time.Now().Before(end) {
		ws, err := c.wsDial()
		if err != nil {
			c.s.st.bad("ws dial", err)
			time.Sleep(100 * time.Millisecond)
			continue
		}
		open := true
		for n := 20 + c.rng.IntN(180); open && n > 0 && time.Now().Before(end); n-- {
			open = c.wsEcho(ws, c.rng.IntN(50) == 0)
		}
		if open {
			_ = ws.Close(websocket.StatusNormalClosure, "")
		} else {
			_ = ws.CloseNow()
		}
	}
}

// wsEcho sends one message and reads its echo; a card must close the
// session with 1008. It reports whether the session is still open.
func (c *soakClient) wsEcho(ws *websocket.Conn, card bool) bool {
	st := c.s.st
	id := c.s.nextID("w")
	text := "msg " + id + ": the quarterly numbers are in the shared drive under finance/q3"
	if card {
		text = "msg " + id + ": charge card " + soakCard + " please"
	}
	msg := []byte(`{"seq":1,"action":"post","data":{"channel_id":"4xp9fdt77pncbef59f4k1qe83o","message":"` + text + `"}}`)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := ws.Write(ctx, websocket.MessageText, msg)
	var got []byte
	if err == nil {
		_, got, err = ws.Read(ctx)
	}
	var ce websocket.CloseError
	switch {
	case card && errors.As(err, &ce) && ce.Code == websocket.StatusPolicyViolation:
		st.good("ws card")
		return false
	case card:
		st.bad("ws card", cmpOr(err, errors.New("echoed, not blocked")))
		return false
	case err != nil:
		st.bad("ws", err)
		return false
	case !bytes.Equal(got, msg):
		st.bad("ws", fmt.Errorf("corrupted echo: %d bytes, want %d", len(got), len(msg)))
		return false
	}
	st.good("ws")
	return true
}

// ircSessions runs IRC sessions until end.
func (c *soakClient) ircSessions(end time.Time) {
	for time.Now().Before(end) {
		s, err := dialIRC(c.s.t, c.s.ircAddr, "s"+strconv.Itoa(c.i))
		if err != nil {
			c.s.st.bad("irc dial", err)
			time.Sleep(100 * time.Millisecond)
			continue
		}
		open := true
		for n := 20 + c.rng.IntN(180); open && n > 0 && time.Now().Before(end); n-- {
			open = c.ircLine(s, c.rng.IntN(50) == 0)
		}
		_ = s.Close()
	}
}

// ircLine sends one PRIVMSG and reads its echo; a card must be answered
// by chatdlp's NOTICE instead. It reports whether the session is usable.
func (c *soakClient) ircLine(s *ircSession, card bool) bool {
	st := c.s.st
	id := c.s.nextID("i")
	text := "msg " + id + ": " + ircText
	if card {
		text = "msg " + id + ": charge card " + soakCard + " please"
	}
	_ = s.c.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := io.WriteString(s.c, "PRIVMSG #bench :"+text+"\r\n"); err != nil {
		st.bad("irc", err)
		return false
	}
	line, err := s.r.ReadString('\n')
	switch {
	case err != nil:
		st.bad(map[bool]string{false: "irc", true: "irc card"}[card], err)
		return false
	case card && strings.HasPrefix(line, ":chatdlp NOTICE "):
		st.good("irc card")
		return true
	case card:
		st.bad("irc card", fmt.Errorf("not blocked: %q", line))
		return false
	case line != ":echo!e@bench PRIVMSG #bench :"+text+"\r\n":
		st.bad("irc", fmt.Errorf("corrupted echo: %q", line))
		return false
	}
	st.good("irc")
	return true
}

// percentileOf returns the p-th percentile of d (sorted in place).
func percentileOf(d []time.Duration, p float64) time.Duration {
	slices.Sort(d)
	return d[min(len(d)-1, int(float64(len(d))*p/100))]
}

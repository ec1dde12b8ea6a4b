package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
)

// The WebSocket test: a wss echo server in the upstream child at
// Mattermost's socket path, reached through every target by
// -concurrency connections, each sending a chat message and reading its
// echo in a loop. chatdlp relays and inspects every message
// (proxy/websocket.go); chatdlp-noinspect and goproxy splice the upgraded
// connection. A second pass offers permessage-deflate (context takeover):
// goproxy passes the offer, chatdlp takes it off, and the bytes on the
// client's TCP connection per message show what that costs. A third
// measurement holds many idle sessions through a fresh proxy child and
// reads its RSS growth per session.

// wsPath is Mattermost's WebSocket endpoint: the upstream (127.0.0.1) is
// identified by it, and the default service action inspects.
const wsPath = "/api/v4/websocket"

// wsMessage is a clean chat message of about 250 bytes, JSON text with the
// same keys every time and a sequence number that changes: repetitive
// enough that permessage-deflate with context takeover compresses it well,
// as it does a real client's stream of events.
func wsMessage(seq int) []byte {
	return []byte(`{"seq":` + strconv.Itoa(seq) + `,"action":"post","data":{"channel_id":"4xp9fdt77pncbef59f4k1qe83o",` +
		`"message":"Hi team, the quarterly numbers are in the shared drive under finance/q3. Please review before Thursday.",` +
		`"props":{"from_bot":false},"root_id":""}}`)
}

// wsSecret is a message the built-in aws-access-key-id rule blocks.
var wsSecret = []byte(`{"seq":1,"action":"post","data":{"message":"aws creds for the sandbox: AKIAUJZDEGXDNCF32EPF"}}`)

// serveWSEcho accepts a WebSocket (permessage-deflate with context
// takeover when the client offers it) and echoes every message.
func serveWSEcho(w http.ResponseWriter, r *http.Request) {
	c, err := websocket.Accept(w, r, &websocket.AcceptOptions{CompressionMode: websocket.CompressionContextTakeover})
	if err != nil {
		return
	}
	defer func() { _ = c.CloseNow() }()
	ctx := context.Background()
	for {
		typ, msg, err := c.Read(ctx)
		if err != nil {
			return
		}
		if err := c.Write(ctx, typ, msg); err != nil {
			return
		}
	}
}

// countConn counts the bytes read and written on a client's TCP
// connection (to the proxy, or to the upstream for direct).
type countConn struct {
	net.Conn
	n *atomic.Int64
}

func (c countConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.n.Add(int64(n))
	return n, err
}

func (c countConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.n.Add(int64(n))
	return n, err
}

// wsHTTPClient is an HTTP/1.1 client through t whose every TCP connection
// adds its bytes to wire.
func wsHTTPClient(t target, wire *atomic.Int64) (*http.Client, *http.Transport) {
	tr := t.transport(true, 0)
	d := &net.Dialer{Timeout: 30 * time.Second}
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return countConn{Conn: c, n: wire}, nil
	}
	return &http.Client{Transport: tr}, tr
}

// wsDial opens a session to the echo server through client; it returns the
// Sec-WebSocket-Extensions the handshake answered.
func wsDial(client *http.Client, t target, compress bool) (*websocket.Conn, string, error) {
	mode := websocket.CompressionDisabled
	if compress {
		mode = websocket.CompressionContextTakeover
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, resp, err := websocket.Dial(ctx, "wss://"+t.upstream+wsPath, &websocket.DialOptions{HTTPClient: client, CompressionMode: mode})
	var ext string
	if resp != nil {
		ext = resp.Header.Get("Sec-WebSocket-Extensions")
		if resp.Body != nil {
			_ = resp.Body.Close()
		}
	}
	if err != nil {
		return nil, "", err
	}
	return c, ext, nil
}

// wsEcho sends msg and reads its echo.
func wsEcho(c *websocket.Conn, msg []byte) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.Write(ctx, websocket.MessageText, msg); err != nil {
		return err
	}
	_, got, err := c.Read(ctx)
	if err != nil {
		return err
	}
	if len(got) != len(msg) {
		return fmt.Errorf("bench: websocket: echo of %d bytes, want %d", len(got), len(msg))
	}
	return nil
}

// wsLoad is one target's sessions for a whole test, reused from round to
// round.
type wsLoad struct {
	t     target
	tr    *http.Transport
	wire  atomic.Int64
	conns []*websocket.Conn
	ext   string // what the handshake answered to the extension offer
	seq   atomic.Int64
}

func newWSLoad(t target, conc int, compress bool) (*wsLoad, error) {
	l := &wsLoad{t: t}
	var client *http.Client
	client, l.tr = wsHTTPClient(t, &l.wire)
	for range conc {
		c, ext, err := wsDial(client, t, compress)
		if err != nil {
			l.close()
			return nil, fmt.Errorf("bench: %s: websocket dial: %w", t.name, err)
		}
		l.ext = ext
		l.conns = append(l.conns, c)
	}
	return l, nil
}

func (l *wsLoad) close() {
	for _, c := range l.conns {
		_ = c.CloseNow()
	}
	l.tr.CloseIdleConnections()
}

// wsTurn is one target's turn of the WebSocket test.
type wsTurn struct {
	msgs, errors int
	wire         int64 // bytes on the clients' TCP connections, both ways
	elapsed      time.Duration
	cpu          time.Duration // -1 unknown
	others       float64
	firstErr     error
}

func (r wsTurn) rate() float64 { return float64(r.msgs) / r.elapsed.Seconds() }

// cpuPerMsg is the proxy's CPU time per echoed message in µs, NaN unknown.
func (r wsTurn) cpuPerMsg() float64 {
	if r.cpu < 0 || r.msgs == 0 {
		return nan
	}
	return float64(r.cpu) / float64(time.Microsecond) / float64(r.msgs)
}

// wirePerMsg is the bytes on the wire per message each way: an echo is one
// message out and one back.
func (r wsTurn) wirePerMsg() float64 {
	if r.msgs == 0 {
		return nan
	}
	return float64(r.wire) / float64(2*r.msgs)
}

// run echoes messages on every session for d. A session that fails is
// dropped for the rest of the test.
func (l *wsLoad) run(d time.Duration) wsTurn {
	var res wsTurn
	var mu sync.Mutex
	var wg sync.WaitGroup
	cpu0, okCPU := l.t.cpu()
	busy0 := othersBusy(l.t.child)
	wire0 := l.wire.Load()
	start := time.Now()
	end := start.Add(d)
	for i, c := range l.conns {
		if c == nil {
			continue
		}
		wg.Go(func() {
			n := 0
			var err error
			for time.Now().Before(end) {
				if err = wsEcho(c, wsMessage(int(l.seq.Add(1)))); err != nil {
					break
				}
				n++
			}
			mu.Lock()
			defer mu.Unlock()
			res.msgs += n
			if err != nil {
				res.errors++
				res.firstErr = cmpOr(res.firstErr, err)
				_ = c.CloseNow()
				l.conns[i] = nil
			}
		})
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	res.wire = l.wire.Load() - wire0
	res.others = othersBusy(l.t.child).since(busy0, res.elapsed)
	res.cpu = -1
	if cpu1, ok := l.t.cpu(); ok && okCPU {
		res.cpu = cpu1 - cpu0
	}
	return res
}

// checkWSInspection makes sure chatdlp relays and inspects the socket: a
// message with an AWS key closes it with 1008 there, and is echoed by the
// others (which splice).
func checkWSInspection(targets []target) error {
	for _, t := range targets {
		client, tr := wsHTTPClient(t, new(atomic.Int64))
		c, _, err := wsDial(client, t, false)
		if err != nil {
			return fmt.Errorf("bench: %s: websocket dial: %w", t.name, err)
		}
		err = wsEcho(c, wsSecret)
		_ = c.CloseNow()
		tr.CloseIdleConnections()
		var ce websocket.CloseError
		blocked := errors.As(err, &ce) && ce.Code == websocket.StatusPolicyViolation
		switch {
		case t.name == "chatdlp" && !blocked:
			return fmt.Errorf("bench: chatdlp: a websocket message with a secret, want close 1008: %w", err)
		case t.name != "chatdlp" && err != nil:
			return fmt.Errorf("bench: %s: a websocket message with a secret: %w", t.name, err)
		}
	}
	return nil
}

// measureWebSocket runs the echo test on every target, without and with
// permessage-deflate offered, interleaved in rounds.
func (r *report) measureWebSocket(targets []target) error {
	if err := checkWSInspection(targets); err != nil {
		return err
	}
	for _, compress := range []bool{false, true} {
		if err := r.measureWSEcho(targets, compress); err != nil {
			return err
		}
	}
	return nil
}

func (r *report) measureWSEcho(targets []target, compress bool) error {
	what := "ws echo"
	if compress {
		what = "ws deflate echo"
	}
	n, rounds := len(targets), r.opts.rounds
	rate := newSeries(what+" msg/s", true, false, n, rounds)
	cpu := newSeries(what+" proxy CPU µs/msg", false, false, n, rounds)
	wire := newSeries(what+" wire B/msg", false, false, n, rounds)
	others := newSeries(what+" others' load (cores)", false, false, n, rounds)
	others.diag = true
	loads := make([]*wsLoad, n)
	for i, t := range targets {
		l, err := newWSLoad(t, r.opts.concurrency, compress)
		if err != nil {
			return err
		}
		defer l.close()
		loads[i] = l
		l.run(min(r.opts.round, 300*time.Millisecond)) // warm up
		if compress {
			r.wsExt = append(r.wsExt, fmt.Sprintf("%s %q", t.name, l.ext))
		}
	}
	errs := make([]tally, n)
	interleave(n, rounds, func(round, i int) {
		res := steadyTurn(r, func() wsTurn { return loads[i].run(r.opts.round) }, func(t wsTurn) float64 { return t.others })
		rate.vals[i][round] = res.rate()
		cpu.vals[i][round] = res.cpuPerMsg()
		wire.vals[i][round] = res.wirePerMsg()
		others.vals[i][round] = res.others
		errs[i].add(res.errors, res.firstErr)
	})
	r.tallied(targets, what, errs)
	r.series = append(r.series, rate, cpu)
	if compress {
		r.series = append(r.series, wire)
	}
	r.series = append(r.series, others)
	return nil
}

// wsIdleLimit is how many idle sessions fit in the descriptors of one
// process: the proxy holds two per session (client and upstream).
func wsIdleLimit(want int, noFile uint64) int {
	if noFile == 0 || noFile > 1<<30 {
		return want
	}
	return max(0, min(want, (int(noFile)-200)/2)) //nolint:gosec // bounded above
}

// measureWSIdle holds n idle WebSocket sessions through a fresh child of
// each proxy, one proxy at a time, and reads its RSS before and with them.
func (r *report) measureWSIdle(dir, upstream string, n int) error {
	r.wsIdleN = wsIdleLimit(n, r.noFile)
	for _, role := range []string{"goproxy", "chatdlp"} {
		targets, children, err := startTargets(dir, upstream, role)
		if err != nil {
			return err
		}
		res := runWSIdle(children[0], targets[1], r.wsIdleN)
		stopAll(children)
		r.wsIdle = append(r.wsIdle, namedIdle{role, res})
	}
	return nil
}

// runWSIdle opens n sessions through t (32 handshakes at a time), lets
// the proxy settle and reads its VmRSS, then closes them.
func runWSIdle(p *child, t target, n int) idleResult {
	client, tr := wsHTTPClient(t, new(atomic.Int64))
	defer tr.CloseIdleConnections()
	return holdIdle(p, n, func() (*websocket.Conn, error) {
		c, _, err := wsDial(client, t, false)
		if err == nil {
			err = wsEcho(c, wsMessage(1))
		}
		return c, err
	}, func(c *websocket.Conn) { _ = c.CloseNow() })
}

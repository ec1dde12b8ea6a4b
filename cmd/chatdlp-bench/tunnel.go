package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// The tunnel tests (IRC, XMPP): an echo server of the protocol in its own
// child answers every chat message with the same text from another user,
// as a channel would deliver it. -concurrency clients, directly or through
// CONNECT to a proxy, each send a message and read its echo in a loop.
// chatdlp relays and inspects both (proxy/irc.go, proxy/xmpp.go);
// chatdlp-noinspect relays the same stream message by message without an
// inspector (the uninspected relay), twice: chatdlp-noinspect-aa is these
// tests' A/A noise floor. goproxy is left out: it intercepts every CONNECT
// as TLS. A second measurement holds many idle connections through a
// fresh chatdlp child and reads its RSS growth per connection.

// tunnelProto is one tunnel protocol's test.
type tunnelProto struct {
	name, role, unit string // "irc", the echo server's child role, what one message is ("line")
	dial             func(t target, addr string, i int) (echoSession, error)
	check            func(targets []target, addr string) error // chatdlp blocks a card, the others relay it
}

// echoSession is one client connection of a tunnel test.
type echoSession interface {
	echo(seq int) error
	Close() error
}

// dialTunnel connects to addr through t's proxy (CONNECT, with the
// protocol's first bytes, hello, in the same write) or directly, and
// returns the connection and a reader of what follows the CONNECT reply.
func dialTunnel(t target, addr, hello string) (net.Conn, *bufio.Reader, error) {
	dst := addr
	if t.proxy != "" {
		dst = t.proxy
		hello = "CONNECT " + addr + " HTTP/1.1\r\nHost: " + addr + "\r\n\r\n" + hello
	}
	c, err := net.DialTimeout("tcp", dst, 30*time.Second)
	if err != nil {
		return nil, nil, err
	}
	r := bufio.NewReader(c)
	_ = c.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := io.WriteString(c, hello); err != nil {
		_ = c.Close()
		return nil, nil, err
	}
	if t.proxy != "" {
		resp, err := http.ReadResponse(r, &http.Request{Method: http.MethodConnect})
		if resp != nil {
			_ = resp.Body.Close() // a CONNECT reply has no body: the tunnel follows
		}
		if err != nil || resp.StatusCode != http.StatusOK {
			_ = c.Close()
			return nil, nil, fmt.Errorf("bench: CONNECT %s: %v %w", addr, statusOf(resp), err)
		}
	}
	_ = c.SetDeadline(time.Time{})
	return c, r, nil
}

func statusOf(resp *http.Response) string {
	if resp == nil {
		return "no response"
	}
	return resp.Status
}

// tunnelRoles are the tunnel tests' proxies.
var tunnelRoles = []string{"chatdlp-noinspect", "chatdlp-noinspect", "chatdlp"}

// echoLoad is one target's sessions for a whole test.
type echoLoad struct {
	t     target
	conns []echoSession
	seq   atomic.Int64
}

func newEchoLoad(p tunnelProto, t target, addr string, conc int) (*echoLoad, error) {
	l := &echoLoad{t: t}
	for i := range conc {
		s, err := p.dial(t, addr, i)
		if err != nil {
			l.close()
			return nil, fmt.Errorf("bench: %s: %s: %w", t.name, p.name, err)
		}
		l.conns = append(l.conns, s)
	}
	return l, nil
}

func (l *echoLoad) close() {
	for _, s := range l.conns {
		if s != nil {
			_ = s.Close()
		}
	}
}

// run echoes on every session for d; msgs counts echoes (two messages
// relayed each). A session that fails is dropped.
func (l *echoLoad) run(d time.Duration) wsTurn {
	var res wsTurn
	var mu sync.Mutex
	var wg sync.WaitGroup
	cpu0, okCPU := l.t.cpu()
	busy0 := othersBusy(l.t.child)
	start := time.Now()
	end := start.Add(d)
	for i, s := range l.conns {
		if s == nil {
			continue
		}
		wg.Go(func() {
			n := 0
			var err error
			for time.Now().Before(end) {
				if err = s.echo(int(l.seq.Add(1))); err != nil {
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
				_ = s.Close()
				l.conns[i] = nil
			}
		})
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	res.others = othersBusy(l.t.child).since(busy0, res.elapsed)
	res.cpu = -1
	if cpu1, ok := l.t.cpu(); ok && okCPU {
		res.cpu = cpu1 - cpu0
	}
	return res
}

// tunnelResult is a tunnel test's figures, printed in a section of its
// own (its targets are not the other tests').
type tunnelResult struct {
	proto      tunnelProto
	names      []string
	rate, cpu  *series
	idle       idleResult
	idleN      int
	blockCheck error
}

// measureTunnel runs p's echo test, interleaved in rounds, then its idle
// connections.
func (r *report) measureTunnel(p tunnelProto, dir, upstream string) error {
	echo, err := spawn(p.role, dir)
	if err != nil {
		return err
	}
	defer echo.stop()
	targets, children, err := startTargets(dir, upstream, tunnelRoles...)
	if err != nil {
		return err
	}
	defer stopAll(children)
	res := &tunnelResult{proto: p}
	for _, t := range targets {
		res.names = append(res.names, t.name)
	}
	res.blockCheck = p.check(targets, echo.addr)
	n, rounds := len(targets), r.opts.rounds
	res.rate = newSeries(p.name+" echo "+p.unit+"s/s", true, false, n, rounds)
	res.cpu = newSeries(p.name+" proxy CPU µs/"+p.unit, false, false, n, rounds)
	loads := make([]*echoLoad, n)
	for i, t := range targets {
		l, err := newEchoLoad(p, t, echo.addr, r.opts.concurrency)
		if err != nil {
			return err
		}
		defer l.close()
		loads[i] = l
		l.run(min(r.opts.round, 300*time.Millisecond)) // warm up
	}
	errs := make([]tally, n)
	interleave(n, rounds, func(round, i int) {
		t := steadyTurn(r, func() wsTurn { return loads[i].run(r.opts.round) }, func(t wsTurn) float64 { return t.others })
		res.rate.vals[i][round] = 2 * t.rate() // an echo is two messages relayed
		res.cpu.vals[i][round] = t.cpuPerMsg() / 2
		errs[i].add(t.errors, t.firstErr)
	})
	r.tallied(targets, p.name+" echo", errs)
	res.idleN = wsIdleLimit(r.opts.tunnelIdle, r.noFile)
	res.idle, err = runTunnelIdle(p, dir, upstream, echo.addr, res.idleN)
	r.tunnels = append(r.tunnels, res)
	return err
}

// runTunnelIdle holds n open, idle connections of p through a fresh
// chatdlp child and reads its RSS before and with them.
func runTunnelIdle(p tunnelProto, dir, upstream, addr string, n int) (idleResult, error) {
	targets, children, err := startTargets(dir, upstream, "chatdlp")
	if err != nil {
		return idleResult{}, err
	}
	defer stopAll(children)
	var seq atomic.Int64
	return holdIdle(children[0], n, func() (echoSession, error) {
		return p.dial(targets[1], addr, int(seq.Add(1)))
	}, func(s echoSession) { _ = s.Close() }), nil
}

// printTunnels writes a section per tunnel test.
func (r *report) printTunnels(w io.Writer) {
	for _, res := range r.tunnels {
		p := res.proto
		fmt.Fprintf(w, "\n%s: each echo relays two %ss (a message out, the channel's copy in); chatdlp-noinspect is the relay without inspection, twice (A/A)\n", p.name, p.unit)
		if res.blockCheck != nil {
			fmt.Fprintf(w, "  inspection check failed: %v\n", res.blockCheck)
		}
		idx := func(s *series, name string) []float64 { return s.vals[indexOf(res.names, name)] }
		for _, s := range []*series{res.rate, res.cpu} {
			fmt.Fprintf(w, "  %s:", s.label)
			for i, name := range res.names {
				fmt.Fprintf(w, " %s %s", name, num(summarise(s.vals[i]).median))
			}
			fmt.Fprintln(w)
			for _, pair := range [][2]string{{"chatdlp", "chatdlp-noinspect"}, {"chatdlp-noinspect", "direct"}, {"chatdlp-noinspect-aa", "chatdlp-noinspect"}} {
				fmt.Fprintf(w, "    %s/%s %s\n", pair[0], pair[1], fmtRatio(summarise(ratios(idx(s, pair[0]), idx(s, pair[1])))))
			}
		}
		got := summarise(ratios(idx(res.rate, "chatdlp"), idx(res.rate, "chatdlp-noinspect")))
		aa := summarise(ratios(idx(res.rate, "chatdlp-noinspect-aa"), idx(res.rate, "chatdlp-noinspect")))
		check(w, fmt.Sprintf("chatdlp %s relay >= 0.8x the uninspected relay %ss/s (%s, A/A %s)", p.name, p.unit, fmtRatio(got), fmtRatio(aa)),
			got.median >= 0.8)
		fmt.Fprintf(w, "  idle %s: chatdlp %d/%d open, %s/conn\n", p.name, res.idle.opened, res.idleN, perConn(res.idle))
		if res.idle.firstErr != nil {
			fmt.Fprintf(w, "  first error: %v\n", res.idle.firstErr)
		}
	}
}

func indexOf(names []string, name string) int {
	for i, n := range names {
		if n == name {
			return i
		}
	}
	return 0
}

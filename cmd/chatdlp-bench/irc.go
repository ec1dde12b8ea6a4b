package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The IRC test: an IRC echo server in its own child ("ircecho") answers
// every PRIVMSG with the same text from another user, as a channel would
// deliver it. -concurrency clients, directly or through CONNECT to a
// proxy, each send a chat line and read its echo in a loop. chatdlp relays
// and inspects both lines (proxy/irc.go); chatdlp-noinspect relays the
// same stream line by line without an inspector (the uninspected relay),
// twice: chatdlp-noinspect-aa is this test's A/A noise floor. goproxy is
// left out: it intercepts every CONNECT as TLS. A second measurement holds
// many idle IRC connections through a fresh chatdlp child and reads its
// RSS growth per connection.

// ircText is a clean chat line's text (about 200 bytes).
const ircText = "Hi team, the quarterly numbers are in the shared drive under finance/q3. " +
	"Please review the draft before Thursday's sync and leave comments inline. Thanks! #"

// serveIRCEcho is the IRC echo server: a PRIVMSG comes back from "echo";
// other lines (NICK, USER) get nothing.
func serveIRCEcho(_ string, l net.Listener) error {
	for {
		c, err := l.Accept()
		if err != nil {
			return err
		}
		go func() {
			defer c.Close()
			r, w := bufio.NewReader(c), bufio.NewWriter(c)
			for {
				line, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if rest, ok := strings.CutPrefix(line, "PRIVMSG "); ok {
					_, _ = w.WriteString(":echo!e@bench PRIVMSG " + rest)
				}
				if r.Buffered() == 0 && w.Flush() != nil {
					return
				}
			}
		}()
	}
}

// ircSession is one client's IRC connection, registered.
type ircSession struct {
	c net.Conn
	r *bufio.Reader
}

// dialIRC opens a session to addr through t's proxy (CONNECT, and the
// registration in the same write), or directly.
func dialIRC(t target, addr, nick string) (*ircSession, error) {
	dst := addr
	if t.proxy != "" {
		dst = t.proxy
	}
	c, err := net.DialTimeout("tcp", dst, 30*time.Second)
	if err != nil {
		return nil, err
	}
	s := &ircSession{c: c, r: bufio.NewReader(c)}
	hello := "NICK " + nick + "\r\nUSER " + nick + " 0 * :bench\r\n"
	if t.proxy != "" {
		hello = "CONNECT " + addr + " HTTP/1.1\r\nHost: " + addr + "\r\n\r\n" + hello
	}
	_ = c.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := io.WriteString(c, hello); err != nil {
		_ = c.Close()
		return nil, err
	}
	if t.proxy != "" {
		resp, err := http.ReadResponse(s.r, &http.Request{Method: http.MethodConnect})
		if resp != nil {
			_ = resp.Body.Close() // a CONNECT reply has no body: the tunnel follows
		}
		if err != nil || resp.StatusCode != http.StatusOK {
			_ = c.Close()
			return nil, fmt.Errorf("bench: irc: CONNECT: %v %w", statusOf(resp), err)
		}
	}
	_ = c.SetDeadline(time.Time{})
	return s, nil
}

func statusOf(resp *http.Response) string {
	if resp == nil {
		return "no response"
	}
	return resp.Status
}

// echo sends one chat line and reads its echo.
func (s *ircSession) echo(seq int) error {
	_ = s.c.SetDeadline(time.Now().Add(30 * time.Second))
	text := ircText + strconv.Itoa(seq)
	if _, err := io.WriteString(s.c, "PRIVMSG #bench :"+text+"\r\n"); err != nil {
		return err
	}
	line, err := s.r.ReadString('\n')
	if err != nil {
		return err
	}
	if !strings.HasSuffix(line, text+"\r\n") {
		return fmt.Errorf("bench: irc: echo %q", line)
	}
	return nil
}

// ircLoad is one target's sessions for the whole test.
type ircLoad struct {
	t     target
	conns []*ircSession
	seq   int
	mu    sync.Mutex
}

func newIRCLoad(t target, addr string, conc int) (*ircLoad, error) {
	l := &ircLoad{t: t}
	for i := range conc {
		s, err := dialIRC(t, addr, "b"+strconv.Itoa(i))
		if err != nil {
			l.close()
			return nil, fmt.Errorf("bench: %s: irc: %w", t.name, err)
		}
		l.conns = append(l.conns, s)
	}
	return l, nil
}

func (l *ircLoad) close() {
	for _, s := range l.conns {
		if s != nil {
			_ = s.c.Close()
		}
	}
}

func (l *ircLoad) next() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seq++
	return l.seq
}

// run echoes lines on every session for d; msgs counts echoes (two lines
// relayed each). A session that fails is dropped.
func (l *ircLoad) run(d time.Duration) wsTurn {
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
				if err = s.echo(l.next()); err != nil {
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
				_ = s.c.Close()
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

// ircResult is the IRC test's figures, printed in a section of its own
// (its targets are not the other tests').
type ircResult struct {
	names      []string
	rate, cpu  *series
	idle       idleResult
	idleN      int
	blockCheck error
}

// ircRoles are the IRC test's proxies: the uninspected relay twice (A/A),
// then chatdlp inspecting.
var ircRoles = []string{"chatdlp-noinspect", "chatdlp-noinspect", "chatdlp"}

// measureIRC runs the IRC echo test, interleaved in rounds, then the idle
// connections.
func (r *report) measureIRC(dir, upstream string) error {
	echo, err := spawn("ircecho", dir)
	if err != nil {
		return err
	}
	defer echo.stop()
	targets, children, err := startTargets(dir, upstream, ircRoles...)
	if err != nil {
		return err
	}
	defer stopAll(children)
	res := &ircResult{}
	for _, t := range targets {
		res.names = append(res.names, t.name)
	}
	res.blockCheck = checkIRCInspection(targets, echo.addr)
	n, rounds := len(targets), r.opts.rounds
	res.rate = newSeries("irc echo lines/s", true, false, n, rounds)
	res.cpu = newSeries("irc proxy CPU µs/line", false, false, n, rounds)
	loads := make([]*ircLoad, n)
	for i, t := range targets {
		l, err := newIRCLoad(t, echo.addr, r.opts.concurrency)
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
		res.rate.vals[i][round] = 2 * t.rate() // an echo is two lines relayed
		res.cpu.vals[i][round] = t.cpuPerMsg() / 2
		errs[i].add(t.errors, t.firstErr)
	})
	r.tallied(targets, "irc echo", errs)
	res.idleN = wsIdleLimit(r.opts.ircIdle, r.noFile)
	res.idle, err = runIRCIdle(dir, upstream, echo.addr, res.idleN)
	r.irc = res
	return err
}

// checkIRCInspection makes sure chatdlp inspects: a line with a card is
// answered by chatdlp's NOTICE there, and echoed through the others.
func checkIRCInspection(targets []target, addr string) error {
	for _, t := range targets {
		s, err := dialIRC(t, addr, "check")
		if err != nil {
			return err
		}
		_ = s.c.SetDeadline(time.Now().Add(30 * time.Second))
		_, err = io.WriteString(s.c, "PRIVMSG #bench :card 4012 8888 8888 1881\r\n")
		line, rerr := s.r.ReadString('\n')
		_ = s.c.Close()
		blocked := strings.HasPrefix(line, ":chatdlp NOTICE ")
		switch {
		case errors.Join(err, rerr) != nil:
			return fmt.Errorf("bench: %s: irc check: %w", t.name, errors.Join(err, rerr))
		case t.name == "chatdlp" && !blocked:
			return fmt.Errorf("bench: chatdlp: a card over IRC was not blocked: %q", line)
		case t.name != "chatdlp" && blocked:
			return fmt.Errorf("bench: %s: a card over IRC was blocked: %q", t.name, line)
		}
	}
	return nil
}

// runIRCIdle holds n registered, idle IRC connections through a fresh
// chatdlp child and reads its RSS before and with them.
func runIRCIdle(dir, upstream, addr string, n int) (idleResult, error) {
	targets, children, err := startTargets(dir, upstream, "chatdlp")
	if err != nil {
		return idleResult{}, err
	}
	defer stopAll(children)
	t := targets[1]
	var seq sync.Mutex
	i := 0
	return holdIdle(children[0], n, func() (net.Conn, error) {
		seq.Lock()
		i++
		nick := "i" + strconv.Itoa(i)
		seq.Unlock()
		s, err := dialIRC(t, addr, nick)
		if err != nil {
			return nil, err
		}
		return s.c, nil
	}, func(c net.Conn) { _ = c.Close() }), nil
}

// printIRC writes the IRC section.
func (r *report) printIRC(w io.Writer) {
	res := r.irc
	if res == nil {
		return
	}
	fmt.Fprintln(w, "\nIRC: each echo relays two lines (a PRIVMSG out, the channel's copy in); chatdlp-noinspect is the line relay without inspection, twice (A/A)")
	if res.blockCheck != nil {
		fmt.Fprintf(w, "  inspection check failed: %v\n", res.blockCheck)
	}
	for _, s := range []*series{res.rate, res.cpu} {
		fmt.Fprintf(w, "  %s:", s.label)
		for i, name := range res.names {
			fmt.Fprintf(w, " %s %s", name, num(summarise(s.vals[i]).median))
		}
		fmt.Fprintln(w)
		idx := func(name string) []float64 { return s.vals[indexOf(res.names, name)] }
		for _, p := range [][2]string{{"chatdlp", "chatdlp-noinspect"}, {"chatdlp-noinspect", "direct"}, {"chatdlp-noinspect-aa", "chatdlp-noinspect"}} {
			fmt.Fprintf(w, "    %s/%s %s\n", p[0], p[1], fmtRatio(summarise(ratios(idx(p[0]), idx(p[1])))))
		}
	}
	check(w, fmt.Sprintf("chatdlp IRC relay >= 0.8x the uninspected relay lines/s (%s, A/A %s)",
		fmtRatio(summarise(ratios(res.rate.vals[3], res.rate.vals[1]))), fmtRatio(summarise(ratios(res.rate.vals[2], res.rate.vals[1])))),
		summarise(ratios(res.rate.vals[3], res.rate.vals[1])).median >= 0.8)
	fmt.Fprintf(w, "  idle IRC: chatdlp %s (-irc-idle %d)\n", perConn(res.idle), res.idleN)
}

func indexOf(names []string, name string) int {
	for i, n := range names {
		if n == name {
			return i
		}
	}
	return 0
}

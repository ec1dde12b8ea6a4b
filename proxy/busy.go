package proxy

import (
	"context"
	"net"
	"sync"
	"sync/atomic"
)

// busyConns tracks connections that serve one request at a time (ICAP
// clients, tunnels' HTTP/1.1 streams): Shutdown closes the idle ones at
// once and waits for the busy ones to finish their exchange.
type busyConns struct {
	mu      sync.Mutex
	conns   map[net.Conn]bool // busy
	closing atomic.Bool       // set under mu; read without it by shuttingDown
}

// add tracks c, busy until it waits for its first request; false when
// the server is shutting down and c must close.
func (t *busyConns) add(c net.Conn) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closing.Load() {
		return false
	}
	if t.conns == nil {
		t.conns = map[net.Conn]bool{}
	}
	t.conns[c] = true
	return true
}

func (t *busyConns) count() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.conns)
}

// setBusy marks c busy (a request is arriving) or idle; false when the
// server is shutting down and c must close.
func (t *busyConns) setBusy(c net.Conn, busy bool) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closing.Load() {
		return false
	}
	t.conns[c] = busy
	return true
}

func (t *busyConns) done(c net.Conn) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.conns, c)
}

// shuttingDown reports whether closeIdle was called (once per response:
// no lock).
func (t *busyConns) shuttingDown() bool { return t.closing.Load() }

func (t *busyConns) closeIdle() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.closing.Store(true)
	for c, busy := range t.conns {
		if !busy {
			_ = c.Close()
		}
	}
}

func (t *busyConns) closeAll() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for c := range t.conns {
		_ = c.Close()
	}
}

// wait polls until no connection is left or ctx ends.
func (t *busyConns) wait(ctx context.Context) error { return waitEmpty(ctx, t.count) }

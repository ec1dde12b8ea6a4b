package proxy

import (
	"context"
	"net"
	"sync"
	"time"
)

// busyConns tracks connections that serve one request at a time (ICAP
// clients, tunnels' HTTP/1.1 streams): Shutdown closes the idle ones at
// once and waits for the busy ones to finish their exchange.
type busyConns struct {
	mu      sync.Mutex
	conns   map[net.Conn]bool // busy
	closing bool
}

// add tracks c, busy until it waits for its first request; false when
// the server is shutting down and c must close.
func (t *busyConns) add(c net.Conn) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closing {
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
	if t.closing {
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

// shuttingDown reports whether closeIdle was called.
func (t *busyConns) shuttingDown() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.closing
}

func (t *busyConns) closeIdle() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.closing = true
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
func (t *busyConns) wait(ctx context.Context) error {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for t.count() > 0 {
		select {
		case <-tick.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

package proxy

import (
	"errors"
	"io"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// activity is the last time any byte moved in either direction of a
// tunnel. Both sides of a splice share one, so a tunnel that is busy in one
// direction only (a download, a silent IRC client) is not idle.
type activity struct{ last atomic.Int64 }

func (a *activity) touch()               { a.last.Store(time.Now().UnixNano()) }
func (a *activity) since() time.Duration { return time.Duration(time.Now().UnixNano() - a.last.Load()) }

// idleConn drops a connection after d with no traffic either way. Every
// Read and Write arms a deadline d ahead; a Read that times out while the
// other direction was active re-arms and goes on. This bounds every
// goroutine blocked on a hijacked or upstream connection.
type idleConn struct {
	net.Conn
	d   time.Duration
	act *activity
	rd  deadline
	wr  deadline
	// held is set while a caller's own read deadline is in force (see
	// SetReadDeadline): Read then neither re-arms nor retries.
	held atomic.Bool
}

// SetReadDeadline sets a caller's read deadline, which overrides the idle
// timeout until it is cleared with the zero time: a read stopped on purpose
// (race stops the side that did not speak first) must return, not be
// re-armed because the connection was recently active.
func (c *idleConn) SetReadDeadline(t time.Time) error {
	c.held.Store(!t.IsZero())
	if t.IsZero() {
		c.rd.armed.Store(0) // the next Read arms the idle deadline again
	}
	return c.Conn.SetReadDeadline(t)
}

// deadline re-arms a connection deadline at most every d/8: moving a
// runtime timer on every small read costs more than the idle check is
// worth on a keep-alive hot path. The effective timeout is between 7/8 d
// and d.
type deadline struct{ armed atomic.Int64 }

func (dl *deadline) arm(set func(time.Time) error, d time.Duration, force bool) {
	now := time.Now()
	if !force && now.UnixNano()-dl.armed.Load() < int64(d/8) {
		return
	}
	dl.armed.Store(now.UnixNano())
	_ = set(now.Add(d))
}

func newIdleConn(c net.Conn, d time.Duration, act *activity) *idleConn {
	if act == nil {
		act = &activity{}
		act.touch()
	}
	return &idleConn{Conn: c, d: d, act: act}
}

func (c *idleConn) Read(p []byte) (int, error) {
	if c.held.Load() {
		n, err := c.Conn.Read(p)
		if n > 0 {
			c.act.touch()
		}
		return n, err
	}
	force := false
	for {
		c.rd.arm(c.Conn.SetReadDeadline, c.d, force)
		n, err := c.Conn.Read(p)
		if n > 0 {
			c.act.touch()
		}
		if err != nil && n == 0 && errors.Is(err, os.ErrDeadlineExceeded) && c.act.since() < c.d {
			force = true
			continue
		}
		return n, err
	}
}

func (c *idleConn) Write(p []byte) (int, error) {
	c.wr.arm(c.Conn.SetWriteDeadline, c.d, false)
	n, err := c.Conn.Write(p)
	if n > 0 {
		c.act.touch()
	}
	return n, err
}

// NetConn returns the wrapped connection.
func (c *idleConn) NetConn() net.Conn { return c.Conn }

// splice copies both ways until either side ends, then closes both. It
// returns the bytes sent by the client (in) and to it (out).
func splice(client, upstream net.Conn) (in, out int64) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		out, _ = io.Copy(client, upstream)
		closeWrite(client)
	}()
	in, _ = io.Copy(upstream, client)
	closeWrite(upstream)
	wg.Wait()
	_ = client.Close()
	_ = upstream.Close()
	return in, out
}

// closeWrite half-closes when the connection supports it (so a client's
// EOF reaches the server while the response still flows back), else closes.
func closeWrite(c net.Conn) {
	for range 8 {
		switch cc := c.(type) {
		case interface{ CloseWrite() error }:
			_ = cc.CloseWrite()
			return
		case interface{ NetConn() net.Conn }:
			c = cc.NetConn()
		default:
			_ = c.Close()
			return
		}
	}
	_ = c.Close()
}

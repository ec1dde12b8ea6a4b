package proxy

import (
	"net"
	"sync"
	"time"

	"go.uber.org/zap"
)

// outboundSet remembers the local address of every upstream connection
// we have open. A transparent listener that accepts a connection coming
// from one of them is looking at its own traffic, redirected back by a
// firewall rule that forgot to exclude the proxy (the classic transparent
// proxy loop): it is refused at once instead of multiplying.
type outboundSet struct{ m sync.Map }

// track records c and returns it wrapped so that Close forgets it.
func (o *outboundSet) track(c net.Conn) net.Conn {
	key := c.LocalAddr().String()
	o.m.Store(key, struct{}{})
	return &forgetConn{Conn: c, forget: func() { o.m.Delete(key) }}
}

func (o *outboundSet) has(remote net.Addr) bool {
	_, ok := o.m.Load(remote.String())
	return ok
}

type forgetConn struct {
	net.Conn
	once   sync.Once
	forget func()
}

func (c *forgetConn) Close() error {
	c.once.Do(c.forget)
	return c.Conn.Close()
}

// NetConn returns the wrapped connection.
func (c *forgetConn) NetConn() net.Conn { return c.Conn }

// refuseLoop closes a transparent connection that is our own upstream
// traffic coming back.
func (s *Server) refuseLoop(c net.Conn, info *connInfo) {
	inc := newID()
	s.met.block("loop")
	s.log.Error("transparent connection from this proxy's own upstream connection: firewall loop",
		zap.String("event", "proxy.request"), zap.String("client_ip", info.clientIP.String()),
		zap.String("conn_id", info.id), zap.Int("status", 508), zap.String("incident_id", inc))
	_ = c.SetDeadline(time.Now().Add(time.Second))
	_ = c.Close()
}

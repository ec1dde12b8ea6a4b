//go:build !linux

package proxy

import (
	"errors"
	"net"
	"net/netip"
)

// ErrNoOriginalDst is returned by OriginalDst when the connection carries no
// NAT record; on this platform that is always.
var ErrNoOriginalDst = errors.New("proxy: no original destination (transparent mode needs linux)")

// OriginalDst needs linux netfilter; elsewhere it always fails, and the
// transparent listeners fall back to Host / SNI.
func OriginalDst(c net.Conn) (netip.AddrPort, error) {
	return netip.AddrPort{}, ErrNoOriginalDst
}

// IsRedirected reports whether dst differs from the local address of c.
func IsRedirected(c net.Conn, dst netip.AddrPort) bool {
	la, ok := c.LocalAddr().(*net.TCPAddr)
	return !ok || la.AddrPort() != dst
}

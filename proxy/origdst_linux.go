package proxy

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"syscall"

	"golang.org/x/sys/unix"
)

// ip6tSOOriginalDst is IP6T_SO_ORIGINAL_DST from linux/netfilter_ipv6/ip6_tables.h
// (golang.org/x/sys/unix does not define it). It has the same value as
// SO_ORIGINAL_DST but is read at level SOL_IPV6.
const ip6tSOOriginalDst = 80

// ErrNoOriginalDst is returned by OriginalDst when the connection carries no
// netfilter NAT record: it was not redirected (or conntrack is not loaded).
var ErrNoOriginalDst = errors.New("proxy: no original destination (connection not redirected)")

// OriginalDst returns the destination a client dialled before an iptables or
// nftables REDIRECT/DNAT sent the connection to our transparent listener. It
// reads SO_ORIGINAL_DST (IPv4, including IPv4 clients on a dual-stack socket)
// or IP6T_SO_ORIGINAL_DST (IPv6) from the connection's socket. c must be a
// *net.TCPConn, or wrap one and expose it with a NetConn() method (as
// *tls.Conn does).
//
// For a connection that was not redirected the kernel reports the address the
// client dialled, which is our own listener: callers compare the result with
// c.LocalAddr() to detect a direct connection (see IsRedirected).
func OriginalDst(c net.Conn) (netip.AddrPort, error) {
	sc, err := origDstConn(c)
	if err != nil {
		return netip.AddrPort{}, err
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return netip.AddrPort{}, fmt.Errorf("proxy: original destination: %w", err)
	}
	v6 := origDstIsIPv6(c.LocalAddr())
	var dst netip.AddrPort
	var serr error
	if err := raw.Control(func(fd uintptr) { dst, serr = getsockoptOriginalDst(int(fd), v6) }); err != nil {
		return netip.AddrPort{}, fmt.Errorf("proxy: original destination: %w", err)
	}
	if serr != nil {
		if errors.Is(serr, unix.ENOENT) || errors.Is(serr, unix.ENOPROTOOPT) {
			return netip.AddrPort{}, ErrNoOriginalDst
		}
		return netip.AddrPort{}, fmt.Errorf("proxy: original destination: %w", serr)
	}
	return dst, nil
}

// IsRedirected reports whether dst, from OriginalDst, differs from the local
// address c was accepted on, that is whether the client meant another host.
func IsRedirected(c net.Conn, dst netip.AddrPort) bool {
	la, ok := c.LocalAddr().(*net.TCPAddr)
	if !ok {
		return true
	}
	return la.AddrPort() != dst && netip.AddrPortFrom(la.AddrPort().Addr().Unmap(), la.AddrPort().Port()) != dst
}

// origDstConn unwraps c down to a connection with a file descriptor.
func origDstConn(c net.Conn) (syscall.Conn, error) {
	for range 8 {
		if tc, ok := c.(*net.TCPConn); ok {
			return tc, nil
		}
		nc, ok := c.(interface{ NetConn() net.Conn })
		if !ok {
			break
		}
		c = nc.NetConn()
	}
	return nil, fmt.Errorf("proxy: original destination: %T is not a TCP connection", c)
}

// origDstIsIPv6 reports whether a local address is a true IPv6 one (not IPv4-mapped).
func origDstIsIPv6(a net.Addr) bool {
	ta, ok := a.(*net.TCPAddr)
	return ok && ta.IP.To4() == nil
}

// getsockoptOriginalDst reads the NAT record of a socket. The kernel writes a struct
// sockaddr_in (16 bytes) or sockaddr_in6 (28 bytes); the x/sys helpers for
// IPv6Mreq (20 bytes) and IPv6MTUInfo (32 bytes) give buffers of a fitting
// size without unsafe.
func getsockoptOriginalDst(fd int, v6 bool) (netip.AddrPort, error) {
	if v6 {
		info, err := unix.GetsockoptIPv6MTUInfo(fd, unix.SOL_IPV6, ip6tSOOriginalDst)
		if err != nil {
			return netip.AddrPort{}, err
		}
		sa := info.Addr
		var pb [2]byte // Port holds network byte order in memory
		binary.NativeEndian.PutUint16(pb[:], sa.Port)
		port := binary.BigEndian.Uint16(pb[:])
		return netip.AddrPortFrom(netip.AddrFrom16(sa.Addr).Unmap(), port), nil
	}
	mreq, err := unix.GetsockoptIPv6Mreq(fd, unix.SOL_IP, unix.SO_ORIGINAL_DST)
	if err != nil {
		return netip.AddrPort{}, err
	}
	b := mreq.Multiaddr // sockaddr_in: family(2) port(2, big endian) addr(4)
	port := binary.BigEndian.Uint16(b[2:4])
	return netip.AddrPortFrom(netip.AddrFrom4([4]byte(b[4:8])), port), nil
}

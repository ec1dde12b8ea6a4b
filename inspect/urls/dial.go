package urls

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"syscall"
)

// dial connects for the expander's transport. Without a Resolve hook the
// net.Dialer resolves the name itself; either way its Control function
// checks each address just before it is dialled, after resolution, so a
// name that resolves (or rebinds) to a forbidden address is never
// connected to.
func (e *Expander) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	d := &net.Dialer{Timeout: e.Timeout, Control: e.control}
	host, port, err := net.SplitHostPort(addr)
	if err != nil || e.Resolve == nil {
		return d.DialContext(ctx, network, addr)
	}
	var ips []netip.Addr
	if ip, err := netip.ParseAddr(host); err == nil {
		ips = []netip.Addr{ip}
	} else if ips, err = e.Resolve(ctx, host); err != nil {
		return nil, &net.OpError{Op: "dial", Net: network, Err: err}
	}
	var errs []error
	for _, ip := range ips {
		c, err := d.DialContext(ctx, network, net.JoinHostPort(ip.String(), port))
		if err == nil {
			return c, nil
		}
		errs = append(errs, err)
	}
	if len(errs) == 0 {
		return nil, &net.OpError{Op: "dial", Net: network, Err: fmt.Errorf("no address for %s", host)}
	}
	return nil, errors.Join(errs...)
}

// control refuses to dial an address the expander must not reach.
func (e *Expander) control(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: %q", ErrBlockedAddress, address)
	}
	return e.allowed(ap.Addr(), ap.Port())
}

// allowed checks an address and port about to be dialled.
func (e *Expander) allowed(ip netip.Addr, port uint16) error {
	ip = ip.Unmap()
	if e.AllowLoopback && ip.IsLoopback() {
		return nil // tests: a local server on any port
	}
	if blocked(ip) {
		return fmt.Errorf("%w: %s", ErrBlockedAddress, ip)
	}
	if port != 80 && port != 443 {
		return fmt.Errorf("%w: %d", ErrBlockedPort, port)
	}
	return nil
}

// special are the ranges netip's predicates do not name.
var special = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),         // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),     // CGNAT (and Alibaba's metadata 100.100.100.200)
	netip.MustParsePrefix("192.0.0.0/24"),      // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"),     // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),       // reserved, broadcast
	netip.MustParsePrefix("168.63.129.16/32"),  // Azure wire server
	netip.MustParsePrefix("fd00:ec2::254/128"), // AWS metadata over IPv6 (also in fc00::/7)
	netip.MustParsePrefix("100::/64"),          // discard
}

// embedded are IPv6 ranges that carry an IPv4 address: it is checked too.
var embedded = []struct {
	p   netip.Prefix
	off int
}{
	{netip.MustParsePrefix("64:ff9b::/96"), 12},   // NAT64
	{netip.MustParsePrefix("64:ff9b:1::/48"), 12}, // local NAT64
	{netip.MustParsePrefix("2002::/16"), 2},       // 6to4
	{netip.MustParsePrefix("::/96"), 12},          // IPv4-compatible (deprecated)
}

// blocked reports whether ip is one the expander never dials: private,
// loopback, link-local (169.254.169.254 included), CGNAT, ULA
// (fd00:ec2::254 included), unspecified, multicast, reserved, or an IPv6
// address carrying such an IPv4 one.
func blocked(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() || ip.IsUnspecified() || ip.IsLoopback() || ip.IsPrivate() ||
		ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsInterfaceLocalMulticast() ||
		ip.IsMulticast() {
		return true
	}
	for _, p := range special {
		if p.Contains(ip) {
			return true
		}
	}
	if ip.Is6() {
		b := ip.As16()
		for _, x := range embedded {
			if x.p.Contains(ip) {
				return blocked(netip.AddrFrom4([4]byte(b[x.off : x.off+4])))
			}
		}
	}
	return false
}

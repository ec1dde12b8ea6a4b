package proxy

import (
	"net"
	"net/netip"
	"strings"
)

// hostSet matches host names and addresses against patterns written by an
// administrator: an exact name ("slack.com"), a wildcard ("*.slack.com",
// which matches any name below slack.com but not slack.com itself, as in a
// certificate SAN), an IP address or a CIDR prefix. Names are compared
// case-insensitively and without a trailing dot.
type hostSet struct {
	exact    map[string]bool
	suffixes []string // ".slack.com" for "*.slack.com"
	prefixes []netip.Prefix
}

// newHostSet compiles patterns; an empty or malformed pattern is ignored
// (config validation reports those before we get here).
func newHostSet(patterns []string) *hostSet {
	s := &hostSet{exact: map[string]bool{}}
	for _, p := range patterns {
		s.add(p)
	}
	return s
}

func (s *hostSet) add(p string) {
	p = normalizeHost(p)
	switch {
	case p == "":
	case strings.HasPrefix(p, "*."):
		if len(p) > 2 {
			s.suffixes = append(s.suffixes, p[1:])
		}
	case strings.Contains(p, "/"):
		if pfx, err := netip.ParsePrefix(p); err == nil {
			s.prefixes = append(s.prefixes, pfx.Masked())
		}
	default:
		if a, err := netip.ParseAddr(p); err == nil {
			s.prefixes = append(s.prefixes, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
			return
		}
		s.exact[p] = true
	}
}

// match reports whether host (a name or an IP literal, without port)
// matches one of the patterns.
func (s *hostSet) match(host string) bool {
	if s == nil {
		return false
	}
	h := normalizeHost(host)
	if h == "" {
		return false
	}
	if a, err := netip.ParseAddr(h); err == nil {
		a = a.Unmap()
		for _, p := range s.prefixes {
			if p.Contains(a) {
				return true
			}
		}
		return false
	}
	if s.exact[h] {
		return true
	}
	for _, suf := range s.suffixes {
		if len(h) > len(suf) && strings.HasSuffix(h, suf) {
			return true
		}
	}
	return false
}

// normalizeHost lowercases, strips brackets of IPv6 literals, a trailing
// dot and surrounding space.
func normalizeHost(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	h = strings.TrimRight(h, ".")
	if strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
		h = h[1 : len(h)-1]
	}
	return h
}

// splitHostPort splits "host:port" or a bare host, filling in defPort when
// the port is missing. The host is normalized.
func splitHostPort(hostport, defPort string) (host, port string) {
	if h, p, err := net.SplitHostPort(hostport); err == nil {
		if p == "" {
			p = defPort
		}
		return normalizeHost(h), p
	}
	return normalizeHost(hostport), defPort
}

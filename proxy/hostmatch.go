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
// case-insensitively and without a trailing dot. Each pattern carries a
// tag (the service catalogue uses one set for all services). A lookup is
// a few map probes, one per label of the host, whatever the number of
// patterns: it runs on every request.
type hostSet struct {
	exact    map[string]string
	wild     map[string]string // "slack.com" for "*.slack.com"
	prefixes []taggedPrefix
}

type taggedPrefix struct {
	prefix netip.Prefix
	tag    string
}

// newHostSet compiles patterns; an empty or malformed pattern is ignored
// (config validation reports those before we get here).
func newHostSet(patterns []string) *hostSet {
	s := &hostSet{exact: map[string]string{}, wild: map[string]string{}}
	for _, p := range patterns {
		s.add(p, "")
	}
	return s
}

// add records pattern p with tag; the first tag given for a pattern stays.
func (s *hostSet) add(p, tag string) {
	p = normalizeHost(p)
	switch {
	case p == "":
	case strings.HasPrefix(p, "*."):
		if _, dup := s.wild[p[2:]]; !dup && len(p) > 2 {
			s.wild[p[2:]] = tag
		}
	case strings.Contains(p, "/"):
		if pfx, err := netip.ParsePrefix(p); err == nil {
			s.prefixes = append(s.prefixes, taggedPrefix{pfx.Masked(), tag})
		}
	default:
		if a, err := netip.ParseAddr(p); err == nil {
			s.prefixes = append(s.prefixes, taggedPrefix{netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()), tag})
			return
		}
		if _, dup := s.exact[p]; !dup {
			s.exact[p] = tag
		}
	}
}

// match reports whether host (a name or an IP literal, without port)
// matches one of the patterns.
func (s *hostSet) match(host string) bool {
	_, ok := s.lookup(host)
	return ok
}

// lookup returns the tag of the most specific pattern host matches: an
// exact name, else the longest wildcard, else the first prefix.
func (s *hostSet) lookup(host string) (string, bool) {
	if s == nil {
		return "", false
	}
	h := normalizeHost(host)
	if h == "" {
		return "", false
	}
	if a, err := netip.ParseAddr(h); err == nil {
		a = a.Unmap()
		for _, p := range s.prefixes {
			if p.prefix.Contains(a) {
				return p.tag, true
			}
		}
		return "", false
	}
	if tag, ok := s.exact[h]; ok {
		return tag, true
	}
	for i := strings.IndexByte(h, '.'); i >= 0 && i < len(h)-1; {
		if tag, ok := s.wild[h[i+1:]]; ok {
			return tag, true
		}
		j := strings.IndexByte(h[i+1:], '.')
		if j < 0 {
			break
		}
		i += j + 1
	}
	return "", false
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

package certs

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
)

// Limits on DNS names (RFC 1035 2.3.4).
const (
	maxNameLen  = 253
	maxLabelLen = 63
)

// NormalizeHost returns the canonical name a leaf certificate is issued for:
// host with any port removed ("example.com:443", "[::1]:443"), IPv6 brackets
// and IPv6 zone removed, lower-cased, without a trailing dot. An IP literal is
// returned in its canonical text form (IPv4-mapped IPv6 unmapped). A DNS name
// must be ASCII (IDNs arrive as punycode A-labels), at most 253 bytes, with
// non-empty labels of at most 63 letters, digits, '-' or '_', and a last label
// that is not all digits. Anything else is an error.
func NormalizeHost(host string) (string, error) {
	h, err := stripPort(host)
	if err != nil {
		return "", fmt.Errorf("certs: host %q: %w", host, err)
	}
	h = strings.TrimSuffix(h, ".")
	if looksLikeIP(h) {
		if ip, err := netip.ParseAddr(h); err == nil {
			return ip.Unmap().WithZone("").String(), nil
		}
	}
	name, err := normalizeDNSName(h)
	if err != nil {
		return "", fmt.Errorf("certs: host %q: %w", host, err)
	}
	return name, nil
}

// looksLikeIP reports whether h may be an IP literal: it has a colon (IPv6)
// or only digits and dots (IPv4). It spares names the cost of a failed parse.
func looksLikeIP(h string) bool {
	if strings.IndexByte(h, ':') >= 0 {
		return true
	}
	return strings.Trim(h, "0123456789.") == ""
}

// stripPort removes a ":port" suffix and IPv6 brackets. A host with two or
// more colons and no brackets is taken as a bare IPv6 literal.
func stripPort(host string) (string, error) {
	if host == "" {
		return "", errors.New("empty host name")
	}
	if host[0] == '[' {
		end := strings.IndexByte(host, ']')
		if end < 0 {
			return "", errors.New("missing ']' in IPv6 literal")
		}
		if err := checkPort(host[end+1:]); err != nil {
			return "", err
		}
		inner := host[1:end]
		if _, err := netip.ParseAddr(inner); err != nil {
			return "", errors.New("invalid IP literal in brackets")
		}
		return inner, nil
	}
	switch strings.Count(host, ":") {
	case 0:
		return host, nil
	case 1:
		i := strings.IndexByte(host, ':')
		return host[:i], checkPort(host[i:])
	default:
		if _, err := netip.ParseAddr(host); err != nil {
			return "", errors.New("invalid IPv6 literal")
		}
		return host, nil
	}
}

// checkPort accepts "" or ":" followed by at most five digits.
func checkPort(s string) error {
	if s == "" {
		return nil
	}
	if s[0] != ':' || len(s) > 6 {
		return errors.New("invalid port")
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return errors.New("invalid port")
		}
	}
	return nil
}

// normalizeDNSName lower-cases and validates a DNS name (no trailing dot).
// A name that is already lower-case is returned without allocating.
func normalizeDNSName(h string) (string, error) {
	if h == "" {
		return "", errors.New("empty host name")
	}
	if len(h) > maxNameLen {
		return "", errors.New("host name longer than 253 bytes")
	}
	labelStart, allDigits, upper := 0, true, false
	for i := 0; i < len(h); i++ {
		switch c := h[i]; {
		case c == '.':
			if err := checkLabel(i - labelStart); err != nil {
				return "", err
			}
			labelStart, allDigits = i+1, true
			continue
		case c >= '0' && c <= '9':
			continue
		case c >= 'A' && c <= 'Z':
			upper = true
		case c >= 'a' && c <= 'z', c == '-', c == '_':
		default:
			return "", fmt.Errorf("invalid character %q in host name", c)
		}
		allDigits = false
	}
	if err := checkLabel(len(h) - labelStart); err != nil {
		return "", err
	}
	if allDigits {
		return "", errors.New("numeric top-level label (not an IP address either)")
	}
	if upper {
		return strings.ToLower(h), nil // ASCII only, checked above
	}
	return h, nil
}

// checkLabel validates the length of one DNS label.
func checkLabel(n int) error {
	switch {
	case n == 0:
		return errors.New("empty label in host name")
	case n > maxLabelLen:
		return errors.New("label longer than 63 bytes in host name")
	}
	return nil
}

package urls

import (
	_ "embed"
	"fmt"
	"net/netip"
	"strings"

	"golang.org/x/net/idna"
)

// shortenerList is the bundled list of URL shortener domains: see the
// header of shorteners.txt for its source and licence (CC BY-SA 4.0,
// shorteners.LICENSE).
//
//go:embed shorteners.txt
var shortenerList string

// Policy is the URL configuration: urls.shorteners.extra_domains
// (ShortenerExtra), urls.shorteners.allow (ShortenerAllow) and urls.deny
// (Deny), documented in docs/inspection.md. Entries are domain names
// (Unicode or punycode, any case, a trailing dot allowed); a name covers
// its subdomains. Deny entries may also be IP addresses.
type Policy struct {
	ShortenerExtra []string // domains taken as shorteners besides the bundled list
	ShortenerAllow []string // domains never taken as shorteners (wins over both lists)
	Deny           []string // domains whose links are denied
}

// Catalogue decides about a link's host: whether it is a URL shortener
// and whether it is denied. It is compiled from a Policy and the bundled
// shortener list, is immutable and safe for concurrent use.
type Catalogue struct {
	shorteners map[string]struct{}
	allow      map[string]struct{}
	deny       map[string]struct{}
}

// NewCatalogue compiles p with the bundled shortener list. It returns an
// error naming the configuration key and entry of the first entry that
// is not a domain name (a URL, a path, a wildcard, an empty entry...).
func NewCatalogue(p Policy) (*Catalogue, error) {
	c := &Catalogue{
		shorteners: make(map[string]struct{}, 1600),
		allow:      make(map[string]struct{}, len(p.ShortenerAllow)),
		deny:       make(map[string]struct{}, len(p.Deny)),
	}
	for line := range strings.SplitSeq(shortenerList, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		d, err := domainEntry(line, false)
		if err != nil {
			return nil, fmt.Errorf("bundled shorteners.txt: %w", err)
		}
		c.shorteners[d] = struct{}{}
	}
	for _, set := range []struct {
		key     string
		entries []string
		into    map[string]struct{}
		ip      bool
	}{
		{"urls.shorteners.extra_domains", p.ShortenerExtra, c.shorteners, false},
		{"urls.shorteners.allow", p.ShortenerAllow, c.allow, false},
		{"urls.deny", p.Deny, c.deny, true},
	} {
		for i, e := range set.entries {
			d, err := domainEntry(e, set.ip)
			if err != nil {
				return nil, fmt.Errorf("%s[%d]: %w", set.key, i, err)
			}
			set.into[d] = struct{}{}
		}
	}
	return c, nil
}

// configLookup is lookup that also refuses empty or over-long labels.
var configLookup = idna.New(idna.MapForLookup(), idna.BidiRule(), idna.Transitional(false), idna.VerifyDNSLength(true))

// domainEntry checks and normalises one configured domain.
func domainEntry(e string, ipOK bool) (string, error) {
	s := strings.TrimSpace(e)
	switch {
	case s == "":
		return "", fmt.Errorf("empty entry: a domain name such as example.com is needed")
	case strings.Contains(s, "://"):
		return "", fmt.Errorf("%q is a URL: give its domain name only (e.g. example.com)", e)
	case strings.ContainsAny(s, "/?#@ \t"):
		return "", fmt.Errorf("%q is not a domain name: give the host only, no path, user or space", e)
	case strings.Contains(s, "*"):
		return "", fmt.Errorf("%q: no wildcards; a domain covers its subdomains already", e)
	}
	if a, err := netip.ParseAddr(strings.Trim(s, "[]")); err == nil {
		if !ipOK {
			return "", fmt.Errorf("%q is an IP address: a domain name is needed here", e)
		}
		return a.Unmap().String(), nil
	}
	if strings.Contains(s, ":") {
		return "", fmt.Errorf("%q is not a domain name: no port", e)
	}
	ascii, err := configLookup.ToASCII(strings.TrimSuffix(s, "."))
	if err != nil {
		return "", fmt.Errorf("%q is not a valid domain name: %w", e, err)
	}
	if !strings.Contains(ascii, ".") {
		return "", fmt.Errorf("%q is a single label: give a full domain name (e.g. example.com)", e)
	}
	return ascii, nil
}

// Shortener reports whether l goes to a URL shortener: its host, or a
// parent domain of it down to its registrable domain, is in the bundled
// list or urls.shorteners.extra_domains, and none of them is in
// urls.shorteners.allow.
func (c *Catalogue) Shortener(l Link) bool {
	return c.shortener(l.Host, l.Domain)
}

// ShortenerHost is Shortener for a bare host (any case, Unicode or
// punycode): the form Expander.IsShortener takes.
func (c *Catalogue) ShortenerHost(host string) bool {
	h := NormalizeHost(host)
	return c.shortener(h, registrable(h))
}

func (c *Catalogue) shortener(host, domain string) bool {
	if host == "" {
		return false
	}
	if domain == "" {
		domain = registrable(host)
	}
	if within(c.allow, host, domain) {
		return false
	}
	return within(c.shorteners, host, domain)
}

// Denied reports whether host (any case, Unicode or punycode, a trailing
// dot allowed) equals a urls.deny entry or is a subdomain of one.
func (c *Catalogue) Denied(host string) bool {
	h := NormalizeHost(host)
	if h == "" || len(c.deny) == 0 {
		return false
	}
	return within(c.deny, h, "")
}

// Len returns how many shortener domains the catalogue knows (bundled and
// extra), for a startup log line.
func (c *Catalogue) Len() int { return len(c.shorteners) }

// within reports whether host or one of its parent domains is in set;
// with stop set, parents shorter than stop (a registrable domain) are
// not looked at, so that a list entry such as "co.uk" never matches.
func within(set map[string]struct{}, host, stop string) bool {
	if _, err := netip.ParseAddr(host); err == nil {
		_, ok := set[host]
		return ok
	}
	for h := host; ; {
		if _, ok := set[h]; ok {
			return true
		}
		if h == stop {
			return false
		}
		k := strings.IndexByte(h, '.')
		if k < 0 {
			return false
		}
		h = h[k+1:]
	}
}

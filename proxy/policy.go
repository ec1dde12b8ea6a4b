package proxy

import (
	"encoding/base64"
	"fmt"
	"net/netip"
	"sort"
	"strings"

	"github.com/chatdlp/chatdlp/config"
	"github.com/chatdlp/chatdlp/inspect"
	htpasswd "github.com/tg123/go-htpasswd"
)

// policy is everything Reload may change: who may connect, which hosts are
// bypassed, the service catalogue and the unknown-tunnel action. It is built
// whole from a config and swapped atomically, so a connection always sees
// one consistent version.
type policy struct {
	allow         []netip.Prefix
	auth          *htpasswd.File // nil: no proxy authentication
	groupPrefixes []groupPrefix  // longest prefix first
	groupUsers    map[string]string
	bypass        *hostSet
	services      *serviceCatalogue
	tunnelUnknown string
	pipe          *inspect.Pipeline // nil: no inspection
	maxScan       int64             // files.max_scan_bytes
	tenants       tenantHeaders
	istag         string // ICAP ISTag of this policy (see Server.newPolicy)
}

type groupPrefix struct {
	prefix netip.Prefix
	group  string
}

// newPolicy compiles the policy parts of cfg. The htpasswd file is read
// here: only bcrypt entries are accepted (MD5/SHA/crypt/plain are refused
// as too weak), and a file with none is an error.
func newPolicy(cfg *config.Config) (*policy, error) {
	p := &policy{
		groupUsers:    map[string]string{},
		bypass:        newHostSet(cfg.TLS.Bypass),
		services:      newServiceCatalogue(cfg.Services.Default, cfg.Services.Overrides, cfg.Services.Hosts),
		tunnelUnknown: cfg.Tunnels.Unknown,
		maxScan:       int64(cfg.Files.MaxScanBytes),
		tenants:       newTenantHeaders(cfg.Services.Tenants),
	}
	for _, s := range cfg.Clients.Allow {
		pfx, err := parsePrefix(s)
		if err != nil {
			return nil, fmt.Errorf("proxy: clients.allow: %w", err)
		}
		p.allow = append(p.allow, pfx)
	}
	if err := p.compileGroups(cfg.Clients.Groups); err != nil {
		return nil, err
	}
	if f := cfg.Clients.Auth.Htpasswd; f != "" {
		var bad []string
		file, err := htpasswd.New(f, []htpasswd.PasswdParser{htpasswd.AcceptBcrypt}, func(err error) {
			bad = append(bad, err.Error())
		})
		if err != nil {
			return nil, fmt.Errorf("proxy: clients.auth.htpasswd: %w", err)
		}
		if len(bad) > 0 {
			return nil, fmt.Errorf("proxy: clients.auth.htpasswd: %s: only bcrypt entries are accepted (%d refused)", f, len(bad))
		}
		p.auth = file
	}
	return p, nil
}

// compileGroups splits clients.groups entries into CIDRs/IPs and user names.
func (p *policy) compileGroups(groups map[string][]string) error {
	for g, members := range groups {
		for _, m := range members {
			if pfx, err := parsePrefix(m); err == nil {
				p.groupPrefixes = append(p.groupPrefixes, groupPrefix{pfx, g})
				continue
			}
			if strings.Contains(m, "/") {
				return fmt.Errorf("proxy: clients.groups.%s: %q is not a CIDR", g, m)
			}
			p.groupUsers[m] = g
		}
	}
	sort.Slice(p.groupPrefixes, func(i, j int) bool {
		a, b := p.groupPrefixes[i], p.groupPrefixes[j]
		if a.prefix.Bits() != b.prefix.Bits() {
			return a.prefix.Bits() > b.prefix.Bits()
		}
		return a.group < b.group
	})
	return nil
}

func parsePrefix(s string) (netip.Prefix, error) {
	if pfx, err := netip.ParsePrefix(s); err == nil {
		return pfx.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%q is not a CIDR or an IP address", s)
	}
	return netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()), nil
}

// allowed reports whether a client address may use the proxy at all.
func (p *policy) allowed(ip netip.Addr) bool {
	ip = ip.Unmap()
	for _, pfx := range p.allow {
		if pfx.Contains(ip) {
			return true
		}
	}
	return false
}

// group returns the client's group: by authenticated user first, then by
// the longest matching CIDR.
func (p *policy) group(ip netip.Addr, user string) string {
	if g, ok := p.groupUsers[user]; ok && user != "" {
		return g
	}
	ip = ip.Unmap()
	for _, gp := range p.groupPrefixes {
		if gp.prefix.Contains(ip) {
			return gp.group
		}
	}
	return ""
}

// authenticate checks a Proxy-Authorization header value and returns the
// user. ok is true when no authentication is configured.
func (p *policy) authenticate(header string) (user string, ok bool) {
	if p.auth == nil {
		return "", true
	}
	user, pass, found := parseBasic(header)
	if !found || !p.auth.Match(user, pass) {
		return "", false
	}
	return user, true
}

// parseBasic decodes "Basic base64(user:pass)".
func parseBasic(h string) (user, pass string, ok bool) {
	const prefix = "basic "
	if len(h) < len(prefix) || !strings.EqualFold(h[:len(prefix)], prefix) {
		return "", "", false
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(h[len(prefix):]))
	if err != nil {
		return "", "", false
	}
	user, pass, ok = strings.Cut(string(raw), ":")
	return user, pass, ok && user != ""
}

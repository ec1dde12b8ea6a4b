package proxy

import (
	"encoding/json"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
)

// PACContentType is the media type browsers expect for /proxy.pac and /wpad.dat.
const PACContentType = "application/x-ns-proxy-autoconfig"

// PAC generates the proxy auto-config script for a listen address and the
// pac.direct list.
//
// The script sends DIRECT:
//   - plain host names (no dot: isPlainHostName, and no colon, so an IPv6
//     literal is not taken for one by engines whose isPlainHostName only
//     looks for dots), "localhost" and "*.localhost";
//   - loopback IP literals (127.0.0.0/8, ::1);
//   - hosts matching a pac.direct entry. An entry is a shell expression for
//     shExpMatch ("*.intranet.example", "10.1.*"); an entry "*.example" also
//     matches the bare domain "example" (an administrator who writes
//     "*.intranet.example" means the intranet, apex included). An IPv4 CIDR
//     ("10.0.0.0/8") matches IPv4 literals in it, without a DNS lookup.
//
// Everything else goes to "PROXY host:port" with no DIRECT fallback: chatdlp
// is a DLP control, so a browser that cannot reach it fails closed.
//
// proxyHost is the host written into the PROXY directive; the listen port is
// kept. Callers pass the listen host, or when it is unspecified (0.0.0.0, ::
// or empty) the name the client used to fetch the PAC file (see pacProxyHost).
func PAC(proxyHost, listenPort string, direct []string) string {
	var b strings.Builder
	b.WriteString("// chatdlp proxy auto-config (generated from listen and pac.direct)\n")
	b.WriteString("function FindProxyForURL(url, host) {\n")
	b.WriteString("  host = host.toLowerCase();\n")
	b.WriteString("  if (host.charAt(0) == \"[\") host = host.substring(1, host.length - 1);\n")
	b.WriteString("  if ((isPlainHostName(host) && host.indexOf(\":\") < 0) || host == \"localhost\" || shExpMatch(host, \"*.localhost\")) return \"DIRECT\";\n")
	b.WriteString("  if (/^127\\.\\d+\\.\\d+\\.\\d+$/.test(host) || host == \"::1\") return \"DIRECT\";\n")
	writeDirect(&b, direct)
	fmt.Fprintf(&b, "  return %s;\n}\n", pacJSString("PROXY "+net.JoinHostPort(proxyHost, listenPort)))
	return b.String()
}

// writeDirect writes one test per pac.direct entry.
func writeDirect(b *strings.Builder, direct []string) {
	for _, d := range direct {
		d = strings.ToLower(strings.TrimSpace(d))
		if d == "" {
			continue
		}
		if p, err := netip.ParsePrefix(d); err == nil && p.Addr().Is4() {
			p = p.Masked()
			fmt.Fprintf(b, "  if (/^\\d+\\.\\d+\\.\\d+\\.\\d+$/.test(host) && isInNet(host, %s, %s)) return \"DIRECT\";\n",
				pacJSString(p.Addr().String()), pacJSString(pacMask4(p.Bits())))
			continue
		}
		fmt.Fprintf(b, "  if (shExpMatch(host, %s)", pacJSString(d))
		if apex, ok := strings.CutPrefix(d, "*."); ok && !strings.ContainsAny(apex, "*?[") {
			fmt.Fprintf(b, " || host == %s", pacJSString(apex))
		}
		b.WriteString(") return \"DIRECT\";\n")
	}
}

// pacMask4 returns the dotted netmask of an IPv4 prefix length.
func pacMask4(bits int) string {
	m := net.CIDRMask(bits, 32)
	return strconv.Itoa(int(m[0])) + "." + strconv.Itoa(int(m[1])) + "." +
		strconv.Itoa(int(m[2])) + "." + strconv.Itoa(int(m[3]))
}

// pacJSString quotes s as a JavaScript string literal. JSON strings are JS
// strings; encoding/json also escapes <, >, &, U+2028 and U+2029.
func pacJSString(s string) string {
	q, _ := json.Marshal(s) // a string always marshals
	return string(q)
}

// pacProxyHost picks the host for the PROXY directive: the listen host when
// it names an address or a name, else the host part of the PAC request's Host
// header (the name the client already reaches the admin listener by), else
// the local address the request arrived on.
func pacProxyHost(listenHost, reqHost, localAddr string) string {
	if !pacUnspecified(listenHost) {
		return listenHost
	}
	if h := pacHostOnly(reqHost); pacValidHost(h) {
		return h
	}
	if h := pacHostOnly(localAddr); h != "" && !pacUnspecified(h) {
		return h
	}
	return "127.0.0.1"
}

// pacUnspecified reports whether a listen host binds every address.
func pacUnspecified(h string) bool {
	if h == "" {
		return true
	}
	a, err := netip.ParseAddr(h)
	return err == nil && a.IsUnspecified()
}

// pacHostOnly strips an optional port and IPv6 brackets from a Host header value.
func pacHostOnly(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return h
	}
	return strings.TrimSuffix(strings.TrimPrefix(hostport, "["), "]")
}

// pacValidHost accepts a DNS name or an IP literal, so a forged Host header can
// never add a directive (such as "; DIRECT") to the script.
func pacValidHost(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	if a, err := netip.ParseAddr(h); err == nil {
		return a.Zone() == ""
	}
	for _, r := range h {
		ok := r == '.' || r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !ok {
			return false
		}
	}
	return true
}

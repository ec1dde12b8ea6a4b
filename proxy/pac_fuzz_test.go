package proxy

import (
	"strings"
	"testing"
)

// FuzzPAC feeds arbitrary pac.direct entries and Host headers to the PAC
// generator: whatever they hold, the script keeps its shape (one line per
// entry, the PROXY directive last and naming a clean host), so no entry or
// header can inject code or a directive.
func FuzzPAC(f *testing.F) {
	for _, s := range [][2]string{
		{"*.intranet.example", "proxy.corp.example:9090"},
		{"10.0.0.0/8", "[2001:db8::1]:9090"},
		{"evil\"); return \"DIRECT\"; //", "x; DIRECT"},
		{"a\nb\u2028c</script>", "host\r\nX: y"},
	} {
		f.Add(s[0], s[1])
	}
	base := strings.Count(PAC("p", "1", nil), "\n")
	f.Fuzz(func(t *testing.T, entry, reqHost string) {
		host := pacProxyHost("0.0.0.0", reqHost, "10.0.0.5:9090")
		if !pacValidHost(host) {
			t.Fatalf("pacProxyHost(%q): got %q, not a host", reqHost, host)
		}
		script := PAC(host, "8080", []string{entry})
		lines := strings.Split(strings.TrimSuffix(script, "\n"), "\n")
		want := base
		if strings.TrimSpace(entry) != "" {
			want++
		}
		if len(lines) != want {
			t.Fatalf("PAC(%q): got %d lines, want %d:\n%s", entry, len(lines), want, script)
		}
		if last := lines[len(lines)-2]; last != `  return "PROXY `+pacJoin(host)+`";` {
			t.Fatalf("PAC(%q): got last directive %q", entry, last)
		}
	})
}

func pacJoin(host string) string {
	if strings.Contains(host, ":") {
		return "[" + host + "]:8080"
	}
	return host + ":8080"
}

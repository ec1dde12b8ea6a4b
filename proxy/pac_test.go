package proxy

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// pacStubs implements the PAC helper functions the generated script uses, as
// browsers define them, so node can run the script.
const pacStubs = `
function isPlainHostName(h) { return h.indexOf(".") < 0; } // the oldest definition: dots only
function shExpMatch(s, p) {
  var re = "^" + p.replace(/[.+^${}()|\\\[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".") + "$";
  return new RegExp(re).test(s);
}
function ip4(s) { return s.split(".").reduce(function (a, o) { return a * 256 + Number(o); }, 0); }
function isInNet(h, net, mask) { var m = ip4(mask); return (ip4(h) & m) >>> 0 === (ip4(net) & m) >>> 0; }
`

func TestPACRunsInNode(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("node not found (needed to run the generated PAC): %v", err)
		}
		t.Skipf("node not found, cannot run the generated PAC: %v", err)
	}
	script := PAC("proxy.corp.example", "8080", []string{"*.intranet.example", "build?.lab.example", "10.0.0.0/8", "Wiki.Corp.Example", `evil"); return "DIRECT"; //`})
	tests := []struct {
		name, url, host, want string
	}{
		{"plain host name", "http://intranet/", "intranet", "DIRECT"},
		{"localhost", "http://localhost:3000/", "localhost", "DIRECT"},
		{"dev localhost subdomain", "http://app.localhost/", "app.localhost", "DIRECT"},
		{"loopback v4", "http://127.0.0.1/", "127.0.0.1", "DIRECT"},
		{"loopback v4 other", "http://127.3.2.1/", "127.3.2.1", "DIRECT"},
		{"loopback v6", "http://[::1]/", "::1", "DIRECT"},
		{"loopback v6 bracketed", "http://[::1]/", "[::1]", "DIRECT"},
		{"direct wildcard", "https://hr.intranet.example/", "hr.intranet.example", "DIRECT"},
		{"direct wildcard deep", "https://a.b.intranet.example/", "a.b.intranet.example", "DIRECT"},
		{"direct wildcard apex", "https://intranet.example/", "intranet.example", "DIRECT"},
		{"direct wildcard upper case", "https://HR.Intranet.Example/", "HR.Intranet.Example", "DIRECT"},
		{"direct lookalike", "https://intranet.example.evil.test/", "intranet.example.evil.test", "PROXY proxy.corp.example:8080"},
		{"direct suffix lookalike", "https://badintranet.example/", "badintranet.example", "PROXY proxy.corp.example:8080"},
		{"direct question mark", "http://build7.lab.example/", "build7.lab.example", "DIRECT"},
		{"direct exact name", "http://wiki.corp.example/", "wiki.corp.example", "DIRECT"},
		{"direct cidr", "http://10.20.30.40/", "10.20.30.40", "DIRECT"},
		{"outside cidr", "http://11.0.0.1/", "11.0.0.1", "PROXY proxy.corp.example:8080"},
		{"injected entry stays a string", "https://slack.com/", "slack.com", "PROXY proxy.corp.example:8080"},
		{"chat service", "https://slack.com/api/chat.postMessage", "slack.com", "PROXY proxy.corp.example:8080"},
		{"public v6", "https://[2001:db8::1]/", "2001:db8::1", "PROXY proxy.corp.example:8080"},
	}
	cases, err := json.Marshal(pacCasesJS(tests))
	if err != nil {
		t.Fatal(err)
	}
	prog := pacStubs + script + `
var cases = ` + string(cases) + `;
console.log(JSON.stringify(cases.map(function (c) { return FindProxyForURL(c[0], c[1]); })));
`
	file := filepath.Join(t.TempDir(), "proxy.pac.js")
	if err := os.WriteFile(file, []byte(prog), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(node, file).CombinedOutput()
	if err != nil {
		t.Fatalf("node: %v\n%s\nscript:\n%s", err, out, script)
	}
	var got []string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("node output %q: %v", out, err)
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got[i] != tc.want {
				t.Errorf("FindProxyForURL(%q, %q): got %q, want %q", tc.url, tc.host, got[i], tc.want)
			}
		})
	}
}

func pacCasesJS(tests []struct{ name, url, host, want string }) [][2]string {
	out := make([][2]string, len(tests))
	for i, tc := range tests {
		out[i] = [2]string{tc.url, tc.host}
	}
	return out
}

func TestPACProxyHost(t *testing.T) {
	tests := []struct {
		name, listen, reqHost, local, want string
	}{
		{"listen address wins", "10.1.2.3", "admin.corp:9090", "10.1.2.3:9090", "10.1.2.3"},
		{"listen name wins", "proxy.corp", "other:9090", "", "proxy.corp"},
		{"unspecified v4 uses Host", "0.0.0.0", "proxy.corp.example:9090", "10.0.0.5:9090", "proxy.corp.example"},
		{"unspecified v6 uses Host", "::", "[2001:db8::5]:9090", "", "2001:db8::5"},
		{"empty uses Host without port", "", "wpad.corp.example", "", "wpad.corp.example"},
		{"forged Host falls back to local address", "0.0.0.0", `x; DIRECT"`, "10.0.0.5:9090", "10.0.0.5"},
		{"no Host and no local address", "0.0.0.0", "", "", "127.0.0.1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := pacProxyHost(tc.listen, tc.reqHost, tc.local); got != tc.want {
				t.Errorf("pacProxyHost(%q, %q, %q): got %q, want %q", tc.listen, tc.reqHost, tc.local, got, tc.want)
			}
		})
	}
}

func TestPACDirective(t *testing.T) {
	tests := []struct {
		name, host, listenerPort, want string
	}{
		{"v4", "10.1.2.3", "8080", `return "PROXY 10.1.2.3:8080";`},
		{"v6 bracketed", "2001:db8::1", "3128", `return "PROXY [2001:db8::1]:3128";`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := PAC(tc.host, tc.listenerPort, nil); !strings.Contains(got, tc.want) {
				t.Errorf("PAC(%q, %q): got\n%s\nwant it to contain %s", tc.host, tc.listenerPort, got, tc.want)
			}
		})
	}
}

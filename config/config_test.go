package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		yaml    string
		wantErr string
		check   func(t *testing.T, c *Config)
	}{
		{name: "empty is the default", yaml: "", check: func(t *testing.T, c *Config) {
			if c.Listen != "127.0.0.1:8080" || c.Admin != "127.0.0.1:9090" {
				t.Errorf("Parse(): got listen %q admin %q, want the embedded default", c.Listen, c.Admin)
			}
			if !c.UseBuiltinRules() || c.OnInspectError != "block" {
				t.Errorf("Parse(): default must load built-in rules and fail closed")
			}
		}},
		{name: "unknown key names its line", yaml: "listen: 127.0.0.1:1\nlimits:\n  idle_timout: 3s\n", wantErr: "line 3"},
		{name: "durations and sizes", yaml: "limits:\n  idle_timeout: 3s\n  max_header_bytes: 32KiB\nfiles:\n  max_scan_bytes: 1MiB\n", check: func(t *testing.T, c *Config) {
			if c.Limits.IdleTimeout.D() != 3*time.Second || c.Limits.MaxHeaderBytes != 32<<10 || c.Files.MaxScanBytes != 1<<20 {
				t.Errorf("Parse(): got %v %v %v", c.Limits.IdleTimeout.D(), c.Limits.MaxHeaderBytes, c.Files.MaxScanBytes)
			}
			if c.Limits.HandshakeTimeout.D() != 10*time.Second {
				t.Errorf("Parse(): unset key lost its default: %v", c.Limits.HandshakeTimeout.D())
			}
		}},
		{name: "bad duration", yaml: "limits:\n  idle_timeout: soon\n", wantErr: "line 2"},
		{name: "bad size", yaml: "limits:\n  max_header_bytes: lots\n", wantErr: "line 2"},
		{name: "bad cidr", yaml: "clients:\n  allow: [10.0.0.0/33]\n", wantErr: "clients.allow"},
		{name: "bad enum", yaml: "services:\n  default: maybe\n", wantErr: "services.default"},
		{name: "roots scalar", yaml: "upstream:\n  roots: system\n", check: func(t *testing.T, c *Config) {
			if len(c.Upstream.Roots) != 1 || c.Upstream.Roots[0] != "system" {
				t.Errorf("Parse(): got roots %v", c.Upstream.Roots)
			}
		}},
		{name: "roots list", yaml: "upstream:\n  roots: [system, extra.pem]\n", check: func(t *testing.T, c *Config) {
			if len(c.Upstream.Roots) != 2 {
				t.Errorf("Parse(): got roots %v", c.Upstream.Roots)
			}
		}},
		{name: "builtin_rules false", yaml: "builtin_rules: false\n", check: func(t *testing.T, c *Config) {
			if c.UseBuiltinRules() {
				t.Errorf("Parse(): builtin_rules: false ignored")
			}
		}},
		{name: "second document", yaml: "listen: 127.0.0.1:1\n---\nlisten: 127.0.0.1:2\n", wantErr: "second YAML document"},
		{name: "spec sketch", yaml: specSketch, check: func(t *testing.T, c *Config) {
			if c.Transparent.HTTPS != ":8443" || c.Services.Overrides["telegram"] != "block" || c.Files.Archives.MaxTotal != 512<<20 {
				t.Errorf("Parse(): spec sketch decoded wrongly: %+v", c)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse([]byte(tt.yaml))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Parse(): got error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(): got error %v", err)
			}
			tt.check(t, c)
		})
	}
}

func TestLoadFileNamesPath(t *testing.T) {
	p := filepath.Join(t.TempDir(), "chatdlp.yaml")
	if err := os.WriteFile(p, []byte("bogus: 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := LoadFile(p)
	if err == nil || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), "line 1") {
		t.Fatalf("LoadFile(): got %v, want an error naming the file and line", err)
	}
}

func TestParsePrefixes(t *testing.T) {
	ps, err := ParsePrefixes([]string{"10.0.0.0/8", "192.0.2.7", "::1"})
	if err != nil || len(ps) != 3 || ps[1].Bits() != 32 || ps[2].Bits() != 128 {
		t.Fatalf("ParsePrefixes(): got %v, %v", ps, err)
	}
	if _, err := ParsePrefixes([]string{"nope"}); err == nil {
		t.Fatal("ParsePrefixes(): want error for a bad entry")
	}
}

// specSketch is the configuration sketch from SPEC.md, less its comments.
const specSketch = `
listen: 127.0.0.1:8080
transparent:
  http: ":8081"
  https: ":8443"
admin: 127.0.0.1:9090
icap: {listen: 127.0.0.1:1344}
pac: {direct: ["*.intranet.example"]}
limits:
  handshake_timeout: 10s
  idle_timeout: 2m
  tunnel_idle_timeout: 30m
  max_header_bytes: 64KiB
  match_timeout: 100ms
ca: {cert: chatdlp-ca/ca.pem, key: chatdlp-ca/ca-key.pem}
upstream:
  roots: system
  proxy: ""
clients:
  allow: [127.0.0.0/8, 10.0.0.0/8]
  auth: {htpasswd: ""}
  groups: {finance: [10.1.0.0/16]}
tls:
  bypass: ["*.bank.example"]
services:
  default: inspect
  overrides: {telegram: block, whatsapp: block}
  hosts: {mattermost: [chat.corp.example]}
tunnels:
  unknown: block
rules: [rules/*.yaml]
files:
  max_scan_bytes: 64MiB
  oversize: block
  archives: {max_depth: 4, max_files: 10000, max_ratio: 100, max_total: 512MiB, encrypted: block}
  executables:
    action: block
    trusted_publishers: []
    allow_sha256: []
    deny_sha256: []
urls:
  shorteners: {action: block, extra_domains: [], expand: false}
  expand: {max_hops: 3, timeout: 2s}
creds: {cleartext: log}
on_inspect_error: block
log: {level: info, file: "", evidence: masked}
`

func TestExecutablesHashes(t *testing.T) {
	c := Default()
	c.Files.Executables.AllowSHA256 = []string{strings.Repeat("ab", 32)}
	c.Files.Executables.DenySHA256 = []string{"not-a-hash"}
	err := c.Validate()
	if err == nil || !strings.Contains(err.Error(), "files.executables.deny_sha256") || strings.Contains(err.Error(), "allow_sha256") {
		t.Errorf("Validate(): %v, want the deny_sha256 entry refused", err)
	}
}

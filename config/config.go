// Package config holds chatdlp's configuration: the chatdlp.yaml schema, the
// embedded default, strict decoding and validation. Load decodes, fills
// defaults and validates before any listener opens (caddy's load, provision,
// validate); nothing here opens a socket or reads a rule file.
package config

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Config is the whole of chatdlp.yaml. Every key is optional; Default gives
// the embedded default described in SPEC.md.
type Config struct {
	Listen         string      `yaml:"listen"`
	Transparent    Transparent `yaml:"transparent"`
	Admin          string      `yaml:"admin"`
	ICAP           ICAP        `yaml:"icap"`
	PAC            PAC         `yaml:"pac"`
	Limits         Limits      `yaml:"limits"`
	CA             CA          `yaml:"ca"`
	Upstream       Upstream    `yaml:"upstream"`
	Clients        Clients     `yaml:"clients"`
	TLS            TLS         `yaml:"tls"`
	Services       Services    `yaml:"services"`
	Tunnels        Tunnels     `yaml:"tunnels"`
	Rules          []string    `yaml:"rules"`
	BuiltinRules   *bool       `yaml:"builtin_rules"`
	Files          Files       `yaml:"files"`
	URLs           URLs        `yaml:"urls"`
	Creds          Creds       `yaml:"creds"`
	OnEncrypted    string      `yaml:"on_encrypted"`
	OnInspectError string      `yaml:"on_inspect_error"`
	Log            Log         `yaml:"log"`

	// Path is the file the configuration was read from ("" for the embedded default).
	Path string `yaml:"-"`
}

// Transparent configures listeners for packets redirected by iptables/nftables.
type Transparent struct {
	HTTP  string `yaml:"http"`
	HTTPS string `yaml:"https"`
}

// ICAP configures `chatdlp icap`.
type ICAP struct {
	Listen string `yaml:"listen"`
}

// PAC configures the generated /proxy.pac.
type PAC struct {
	Direct []string `yaml:"direct"`
}

// Limits bounds every connection.
type Limits struct {
	HandshakeTimeout  Duration `yaml:"handshake_timeout"`
	IdleTimeout       Duration `yaml:"idle_timeout"`
	TunnelIdleTimeout Duration `yaml:"tunnel_idle_timeout"`
	MaxHeaderBytes    ByteSize `yaml:"max_header_bytes"`
	MatchTimeout      Duration `yaml:"match_timeout"`
}

// CA names the company CA files.
type CA struct {
	Cert string `yaml:"cert"`
	Key  string `yaml:"key"`
}

// Upstream configures connections to origin servers.
type Upstream struct {
	// Roots lists trust anchors: the word "system" and/or PEM files.
	Roots StringList `yaml:"roots"`
	// Proxy is an optional parent proxy URL.
	Proxy string `yaml:"proxy"`
}

// Clients says who may use the proxy.
type Clients struct {
	Allow  []string            `yaml:"allow"`
	Auth   Auth                `yaml:"auth"`
	Groups map[string][]string `yaml:"groups"`
}

// Auth configures Basic proxy authentication.
type Auth struct {
	Htpasswd string `yaml:"htpasswd"`
}

// TLS configures interception.
type TLS struct {
	Bypass []string `yaml:"bypass"`
}

// Services is the policy for the chat service catalogue.
type Services struct {
	Default   string              `yaml:"default"`
	Overrides map[string]string   `yaml:"overrides"`
	Hosts     map[string][]string `yaml:"hosts"`
	Tenants   Tenants             `yaml:"tenants"`
}

// Tenants are the tenant restrictions added to outgoing requests.
type Tenants struct {
	Slack     SlackTenants     `yaml:"slack"`
	Microsoft MicrosoftTenants `yaml:"microsoft"`
}

// SlackTenants: X-Slack-Allowed-Workspaces and its requester, on every
// Slack request.
type SlackTenants struct {
	Workspaces []string `yaml:"workspaces"`
	Requester  string   `yaml:"requester"`
}

// MicrosoftTenants: Restrict-Access-To-Tenants and Restrict-Access-Context,
// on every Microsoft sign-in request.
type MicrosoftTenants struct {
	Tenants []string `yaml:"tenants"`
	Context string   `yaml:"context"`
}

// Tunnels is the policy for non-HTTP tunnels.
type Tunnels struct {
	Unknown string `yaml:"unknown"`
	IRC     IRC    `yaml:"irc"`
}

// IRC is the policy for IRC tunnels.
type IRC struct {
	DCC string `yaml:"dcc"` // inspect (offers checked by file name), block or allow
}

// Files configures file inspection.
type Files struct {
	MaxScanBytes ByteSize    `yaml:"max_scan_bytes"`
	Oversize     string      `yaml:"oversize"`
	Archives     Archives    `yaml:"archives"`
	Executables  Executables `yaml:"executables"`
}

// Archives bounds archive expansion.
type Archives struct {
	MaxDepth  int      `yaml:"max_depth"`
	MaxFiles  int      `yaml:"max_files"`
	MaxRatio  int      `yaml:"max_ratio"`
	MaxTotal  ByteSize `yaml:"max_total"`
	Encrypted string   `yaml:"encrypted"`
}

// Executables is the policy for executables.
type Executables struct {
	Action            string     `yaml:"action"`
	Roots             StringList `yaml:"roots"` // code-signing trust anchors: "system" and/or PEM files
	TrustedPublishers []string   `yaml:"trusted_publishers"`
	AllowSHA256       []string   `yaml:"allow_sha256"`
	DenySHA256        []string   `yaml:"deny_sha256"`
}

// URLs is the policy for links.
type URLs struct {
	Shorteners Shorteners `yaml:"shorteners"`
	Expand     Expand     `yaml:"expand"`
	Deny       []string   `yaml:"deny"` // domains whose links (and their subdomains') are blocked
}

// Shorteners is the policy for shortened URLs.
type Shorteners struct {
	Action       string   `yaml:"action"`
	ExtraDomains []string `yaml:"extra_domains"`
	Allow        []string `yaml:"allow"` // first-party short domains that are not treated as shorteners
	Expand       bool     `yaml:"expand"`
}

// Expand bounds shortened-URL expansion.
type Expand struct {
	MaxHops       int      `yaml:"max_hops"`
	Timeout       Duration `yaml:"timeout"`
	AllowLoopback bool     `yaml:"allow_loopback"` // tests only: 127.0.0.0/8 and ::1 on any port may be contacted
}

// Creds is the policy for clear-text credentials.
type Creds struct {
	Cleartext string `yaml:"cleartext"`
}

// Log configures logging.
type Log struct {
	Level    string `yaml:"level"`
	File     string `yaml:"file"`
	Evidence string `yaml:"evidence"`
}

// Default returns the embedded default configuration.
func Default() *Config {
	return &Config{
		Listen: "127.0.0.1:8080",
		Admin:  "127.0.0.1:9090",
		ICAP:   ICAP{Listen: "127.0.0.1:1344"},
		Limits: Limits{
			HandshakeTimeout:  Duration(10 * time.Second),
			IdleTimeout:       Duration(2 * time.Minute),
			TunnelIdleTimeout: Duration(30 * time.Minute),
			MaxHeaderBytes:    64 << 10,
			MatchTimeout:      Duration(100 * time.Millisecond),
		},
		CA:       CA{Cert: "chatdlp-ca/ca.pem", Key: "chatdlp-ca/ca-key.pem"},
		Upstream: Upstream{Roots: StringList{"system"}},
		Clients:  Clients{Allow: []string{"127.0.0.0/8", "::1/128"}},
		Services: Services{Default: "inspect"},
		Tunnels:  Tunnels{Unknown: "block", IRC: IRC{DCC: "inspect"}},
		Files: Files{
			MaxScanBytes: 64 << 20,
			Oversize:     "block",
			Archives:     Archives{MaxDepth: 4, MaxFiles: 10000, MaxRatio: 100, MaxTotal: 512 << 20, Encrypted: "block"},
			Executables:  Executables{Action: "block", Roots: StringList{"system"}},
		},
		URLs: URLs{
			Shorteners: Shorteners{Action: "block"},
			Expand:     Expand{MaxHops: 3, Timeout: Duration(2 * time.Second)},
		},
		Creds:          Creds{Cleartext: "log"},
		OnEncrypted:    "log",
		OnInspectError: "block",
		Log:            Log{Level: "info", Evidence: "masked"},
	}
}

// UseBuiltinRules reports whether the built-in rule pack is loaded (default true).
func (c *Config) UseBuiltinRules() bool { return c.BuiltinRules == nil || *c.BuiltinRules }

// LoadFile reads, decodes strictly and validates the file at path on top of Default.
func LoadFile(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	c, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("config: %s: %w", path, err)
	}
	c.Path = path
	return c, nil
}

// Parse decodes YAML strictly (an unknown key is an error naming its line) on
// top of Default, then validates.
func Parse(data []byte) (*Config, error) {
	c := Default()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, fmt.Errorf("line %d: a second YAML document is not allowed", extra.Line)
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// Validate checks values that decoding cannot: addresses, CIDRs, enums.
func (c *Config) Validate() error {
	var errs []error
	check := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	check(addr("listen", c.Listen, false))
	check(addr("admin", c.Admin, true))
	check(addr("icap.listen", c.ICAP.Listen, true))
	check(addr("transparent.http", c.Transparent.HTTP, true))
	check(addr("transparent.https", c.Transparent.HTTPS, true))
	for _, s := range c.Clients.Allow {
		check(cidr("clients.allow", s))
	}
	for g, list := range c.Clients.Groups {
		for _, s := range list {
			if strings.Contains(s, "/") {
				check(cidr("clients.groups."+g, s))
			}
		}
	}
	check(oneOf("services.default", c.Services.Default, "inspect", "allow", "block"))
	for s, v := range c.Services.Overrides {
		check(oneOf("services.overrides."+s, v, "inspect", "allow", "block"))
	}
	if t := c.Services.Tenants.Slack; len(t.Workspaces) > 0 != (t.Requester != "") {
		errs = append(errs, fmt.Errorf("services.tenants.slack: workspaces and requester go together"))
	}
	if t := c.Services.Tenants.Microsoft; len(t.Tenants) > 0 != (t.Context != "") {
		errs = append(errs, fmt.Errorf("services.tenants.microsoft: tenants and context go together"))
	}
	check(oneOf("tunnels.unknown", c.Tunnels.Unknown, "allow", "block"))
	check(oneOf("tunnels.irc.dcc", c.Tunnels.IRC.DCC, "inspect", "block", "allow"))
	check(oneOf("files.oversize", c.Files.Oversize, "allow", "log", "block"))
	check(oneOf("files.archives.encrypted", c.Files.Archives.Encrypted, "allow", "log", "block"))
	check(oneOf("files.executables.action", c.Files.Executables.Action, "allow", "log", "block"))
	for key, list := range map[string][]string{"allow_sha256": c.Files.Executables.AllowSHA256, "deny_sha256": c.Files.Executables.DenySHA256} {
		for _, h := range list {
			if b, err := hex.DecodeString(strings.TrimSpace(h)); err != nil || len(b) != 32 {
				errs = append(errs, fmt.Errorf("files.executables.%s: %q is not a sha256 in hex", key, h))
			}
		}
	}
	check(oneOf("urls.shorteners.action", c.URLs.Shorteners.Action, "allow", "log", "redact", "block"))
	if c.URLs.Expand.MaxHops < 1 || c.URLs.Expand.MaxHops > 10 {
		errs = append(errs, fmt.Errorf("urls.expand.max_hops: %d is not between 1 and 10", c.URLs.Expand.MaxHops))
	}
	if c.URLs.Expand.Timeout.D() <= 0 {
		errs = append(errs, fmt.Errorf("urls.expand.timeout: must be positive"))
	}
	check(oneOf("creds.cleartext", c.Creds.Cleartext, "log", "block"))
	check(oneOf("on_inspect_error", c.OnInspectError, "allow", "block"))
	check(oneOf("on_encrypted", c.OnEncrypted, "log", "block"))
	if c.Files.MaxScanBytes <= 0 {
		errs = append(errs, fmt.Errorf("files.max_scan_bytes: must be positive"))
	}
	check(oneOf("log.level", c.Log.Level, "debug", "info", "warn", "error"))
	check(oneOf("log.evidence", c.Log.Evidence, "masked", "sha256", "none"))
	for _, d := range []struct {
		name string
		v    Duration
	}{
		{"limits.handshake_timeout", c.Limits.HandshakeTimeout},
		{"limits.idle_timeout", c.Limits.IdleTimeout},
		{"limits.tunnel_idle_timeout", c.Limits.TunnelIdleTimeout},
		{"limits.match_timeout", c.Limits.MatchTimeout},
	} {
		if d.v <= 0 {
			errs = append(errs, fmt.Errorf("%s: must be positive", d.name))
		}
	}
	if c.Limits.MaxHeaderBytes < 1024 {
		errs = append(errs, fmt.Errorf("limits.max_header_bytes: must be at least 1KiB"))
	}
	if c.CA.Cert == "" || c.CA.Key == "" {
		errs = append(errs, fmt.Errorf("ca: cert and key are required"))
	}
	if len(c.Upstream.Roots) == 0 {
		errs = append(errs, fmt.Errorf("upstream.roots: at least one of system or a PEM file"))
	}
	return errors.Join(errs...)
}

func addr(key, v string, optional bool) error {
	if v == "" {
		if optional {
			return nil
		}
		return fmt.Errorf("%s: address required", key)
	}
	if _, _, err := net.SplitHostPort(v); err != nil {
		return fmt.Errorf("%s: %q is not host:port", key, v)
	}
	return nil
}

func cidr(key, v string) error {
	if _, err := netip.ParsePrefix(v); err != nil {
		if _, err2 := netip.ParseAddr(v); err2 != nil {
			return fmt.Errorf("%s: %q is not a CIDR or an IP address", key, v)
		}
	}
	return nil
}

func oneOf(key, v string, allowed ...string) error {
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	return fmt.Errorf("%s: %q is not one of %s", key, v, strings.Join(allowed, ", "))
}

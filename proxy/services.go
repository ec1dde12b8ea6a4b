package proxy

import (
	"regexp"
	"sort"
	"strings"
)

// catalogue is the built-in list of chat services by host. A host may be an
// exact name or a *.wildcard (see hostSet). Administrators add hosts with
// services.hosts and change a service's action with services.overrides.
var catalogue = map[string][]string{
	"slack": {"slack.com", "*.slack.com", "*.slack-edge.com", "*.slack-msgs.com",
		"*.slack-files.com", "*.slack-imgs.com", "slack-redir.net"},
	"teams": {"teams.microsoft.com", "*.teams.microsoft.com", "teams.live.com",
		"*.teams.live.com", "*.teams.cloud.microsoft", "*.ng.msg.teams.microsoft.com",
		"api.spaces.skype.com"},
	"discord": {"discord.com", "*.discord.com", "discord.gg", "discordapp.com",
		"*.discordapp.com", "*.discordapp.net", "discord.media", "*.discord.media"},
	"googlechat": {"chat.google.com", "chat.googleapis.com", "dynamite-preprod.sandbox.googleapis.com"},
	"mattermost": {"*.cloud.mattermost.com", "community.mattermost.com"},
	"matrix":     {"matrix.org", "*.matrix.org", "app.element.io", "*.element.io", "*.modular.im"},
	"rocketchat": {"*.rocket.chat", "open.rocket.chat"},
	"zulip":      {"*.zulipchat.com", "zulipchat.com", "chat.zulip.org"},
	"skype": {"web.skype.com", "*.skype.com", "*.skypeassets.com",
		"*.gateway.messenger.live.com"},
	// Telegram, WhatsApp and Signal encrypt messages end to end inside TLS
	// (MTProto secret chats, the Signal protocol): even after MITM chatdlp
	// sees only ciphertext, so they cannot be inspected and default to
	// block (builtinOverrides). An administrator may override that.
	"telegram": {"telegram.org", "*.telegram.org", "t.me", "*.t.me", "telegram.me",
		"*.telegram.me", "telesco.pe", "*.tdesktop.com"},
	"whatsapp": {"whatsapp.com", "*.whatsapp.com", "whatsapp.net", "*.whatsapp.net", "wa.me"},
	"signal": {"signal.org", "*.signal.org", "*.signal.art", "signal.me",
		"*.whispersystems.org"},
	"irc": {"irc.libera.chat", "*.libera.chat", "irc.oftc.net", "*.oftc.net",
		"irc.efnet.org", "*.efnet.org", "irc.rizon.net", "*.rizon.net",
		"irc.quakenet.org", "*.quakenet.org", "irc.undernet.org", "*.undernet.org",
		"irc.dal.net", "*.dal.net", "irc.hackint.org", "irc.snoonet.org",
		"irc.ircnet.com", "web.libera.chat", "kiwiirc.com", "*.kiwiirc.com",
		"irccloud.com", "*.irccloud.com"},
	"xmpp": {"jabber.org", "*.jabber.org", "xmpp.jp", "jabber.de", "*.jabber.de",
		"conversations.im", "*.conversations.im", "jabber.ccc.de", "jabber.at",
		"404.city", "yax.im", "movim.eu", "*.movim.eu", "jabb.im", "xabber.org", "*.xabber.org"},
}

// builtinOverrides are the actions the catalogue applies unless
// services.overrides says otherwise (see the note on telegram above).
var builtinOverrides = map[string]string{
	"telegram": actionBlock,
	"whatsapp": actionBlock,
	"signal":   actionBlock,
}

// Service actions, as written in services.default and services.overrides.
const (
	actionInspect = "inspect"
	actionAllow   = "allow"
	actionBlock   = "block"
)

// pathSignatures identify a service by its API path when the host is in no
// catalogue entry (self-hosted Mattermost, Rocket.Chat, Matrix homeservers,
// an enterprise Slack domain...). Checked in order, first match wins.
var pathSignatures = []struct {
	service string
	re      *regexp.Regexp
}{
	{"slack", regexp.MustCompile(`^/api/(chat|conversations|files|users|reactions|im|channels)\.[A-Za-z]+$`)},
	{"mattermost", regexp.MustCompile(`^/api/v4/(posts|channels|users|files|teams|websocket)(/|$)`)},
	{"rocketchat", regexp.MustCompile(`^/api/v1/(chat|rooms|channels|groups|im|method\.call)[./]`)},
	{"zulip", regexp.MustCompile(`^/(api/v1|json)/(messages|users/me|register|events)(/|$)`)},
	{"matrix", regexp.MustCompile(`^/_matrix/(client|media|federation)/`)},
	{"discord", regexp.MustCompile(`^/api/(v\d+/)?(channels|guilds|gateway|users/@me)(/|$)`)},
	{"teams", regexp.MustCompile(`^/v1/users/ME/(conversations|endpoints)(/|$)`)},
	{"googlechat", regexp.MustCompile(`^/v1/spaces(/|$)`)},
	{"telegram", regexp.MustCompile(`^/bot[0-9]+:[A-Za-z0-9_-]+/[A-Za-z]+$`)},
}

// serviceCatalogue resolves hosts and paths to service names and actions.
// It is immutable once built; Reload swaps a new one in.
type serviceCatalogue struct {
	hosts   *hostSet // tagged with the service name
	actions map[string]string
	dflt    string
}

// newServiceCatalogue merges the built-in catalogue with services.hosts and
// services.overrides; unknown service names in hosts define new services.
func newServiceCatalogue(dflt string, overrides map[string]string, extra map[string][]string) *serviceCatalogue {
	if dflt == "" {
		dflt = actionInspect
	}
	c := &serviceCatalogue{hosts: newHostSet(nil), actions: map[string]string{}, dflt: dflt}
	all := map[string][]string{}
	for name, hosts := range catalogue {
		all[name] = append(all[name], hosts...)
	}
	for name, hosts := range extra {
		all[strings.ToLower(name)] = append(all[strings.ToLower(name)], hosts...)
	}
	names := make([]string, 0, len(all))
	for name := range all {
		names = append(names, name)
	}
	sort.Strings(names) // a pattern listed by two services goes to the first
	for _, name := range names {
		for _, h := range all[name] {
			c.hosts.add(h, name)
		}
	}
	for name, a := range builtinOverrides {
		c.actions[name] = a
	}
	for name, a := range overrides {
		c.actions[strings.ToLower(name)] = a
	}
	return c
}

// byHost returns the service a host belongs to, or "".
func (c *serviceCatalogue) byHost(host string) string {
	name, _ := c.hosts.lookup(host)
	return name
}

// pathPrefixes gate the signatures: most paths match none, cheaply.
var pathPrefixes = []string{"/api/", "/_matrix/", "/json/", "/v1/", "/bot"}

// byPath returns the service an API path identifies, or "".
func byPath(path string) string {
	gated := false
	for _, p := range pathPrefixes {
		if strings.HasPrefix(path, p) {
			gated = true
			break
		}
	}
	if !gated {
		return ""
	}
	for _, sig := range pathSignatures {
		if sig.re.MatchString(path) {
			return sig.service
		}
	}
	return ""
}

// identify returns the service of a request: by host first, then by path.
func (c *serviceCatalogue) identify(host, path string) string {
	if s := c.byHost(host); s != "" {
		return s
	}
	if path == "" {
		return ""
	}
	return byPath(path)
}

// action returns the configured action for a service ("" = a host in no
// entry, which also takes services.default).
func (c *serviceCatalogue) action(service string) string {
	if a, ok := c.actions[service]; ok && service != "" {
		return a
	}
	return c.dflt
}

package inspect

import (
	"path"
	"strings"

	"github.com/chatdlp/chatdlp/inspect/extract"
	"github.com/chatdlp/chatdlp/rules"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// OfferPolicy is what happens to a file offered for a transfer that does
// not pass through the proxy as an IRC DCC offer: tunnels.irc.dcc. Other
// offers (XMPP upload slots, stream-initiation and Jingle file offers) are
// always read by name.
type OfferPolicy uint8

// Offer policies. The zero value inspects.
const (
	OffersInspect OfferPolicy = iota // by file name: an executable's takes Pipeline.Executables; a direct chat takes OnError
	OffersBlock                      // every offer is dropped
	OffersAllow                      // every offer passes
)

// ParseOfferPolicy reads inspect, block or allow.
func ParseOfferPolicy(s string) (OfferPolicy, bool) {
	switch s {
	case "inspect", "":
		return OffersInspect, true
	case "block":
		return OffersBlock, true
	case "allow":
		return OffersAllow, true
	}
	return OffersInspect, false
}

// executableExts are the file name extensions of programs, scripts,
// installers and shortcuts that run when opened (Windows, macOS, Linux,
// Android, Java). The files feature reads content; an offer has only a name.
var executableExts = map[string]bool{
	".exe": true, ".com": true, ".scr": true, ".pif": true, ".cpl": true, ".dll": true, ".sys": true, ".msi": true,
	".msp": true, ".msix": true, ".appx": true, ".bat": true, ".cmd": true, ".ps1": true, ".psm1": true, ".vbs": true,
	".vbe": true, ".js": true, ".jse": true, ".wsf": true, ".wsh": true, ".hta": true, ".lnk": true, ".url": true,
	".reg": true, ".jar": true, ".apk": true, ".dex": true, ".app": true, ".dmg": true, ".pkg": true, ".command": true,
	".sh": true, ".run": true, ".bin": true, ".elf": true, ".desktop": true, ".deb": true, ".rpm": true, ".appimage": true,
	".iso": true, ".img": true, ".vhd": true, ".vhdx": true, ".docm": true, ".xlsm": true, ".pptm": true, ".dotm": true,
	".xlam": true, ".ppam": true, ".chm": true, ".scf": true, ".inf": true, ".gadget": true, ".application": true,
}

// ExecutableName reports whether a file name is that of something that
// runs when opened, by its extension (trailing dots and spaces, which
// Windows ignores, ignored too).
func ExecutableName(name string) bool {
	name = strings.TrimRight(strings.ToLower(name), ". ")
	return executableExts[path.Ext(name)]
}

// offer decides a file offered for a direct transfer and writes its
// file.verdict event.
func (c *checker) offer(m *extract.Message, f *extract.File) (rules.Action, cause) {
	action, reason := rules.ActionAllow, ""
	policy := c.p.Offers // tunnels.irc.dcc is for DCC; other offers are read by name
	if !strings.HasPrefix(f.Offer, "dcc-") {
		policy = OffersInspect
	}
	switch {
	case policy == OffersAllow:
	case policy == OffersBlock:
		action, reason = rules.ActionBlock, "file offers are not allowed"
	case f.Offer == "dcc-chat":
		// A direct chat connection would carry messages past inspection.
		action, reason = c.p.OnError, "direct chat connections cannot be inspected"
	case ExecutableName(f.Name):
		action, reason = c.p.Executables, "executable file offered"
	}
	if action > rules.ActionAllow {
		c.ensureIncident()
	}
	lvl := zapcore.InfoLevel
	if action == rules.ActionBlock {
		lvl = zapcore.WarnLevel
	}
	c.p.event(lvl, "file offered", "file.verdict", c.meta, c.out.Incident,
		zap.String("channel", m.Channel), zap.String("sender", m.User), zap.String("offer", f.Offer),
		zap.String("file_name", f.Name), zap.Int64("file_size", f.Size), zap.String("peer", f.Peer),
		zap.String("action", action.String()), zap.String("reason", reason))
	return action, cause{reason: reason}
}

// cleartext reports a password sent on a plaintext leg (creds.cleartext)
// and returns the creds.cleartext action. The password is never at hand:
// the extractor keeps only how it was sent and for which account.
func (c *checker) cleartext(m *extract.Message) (rules.Action, cause) {
	c.ensureIncident()
	c.p.Metrics.cleartext(c.meta)
	c.p.event(zapcore.WarnLevel, "password sent in clear text", "creds.cleartext", c.meta, c.out.Incident,
		zap.String("mechanism", m.Credential.Mechanism), zap.String("account", m.Credential.User),
		zap.String("channel", m.Channel), zap.String("action", c.p.Cleartext.String()))
	return c.p.Cleartext, cause{reason: "password sent in clear text"}
}

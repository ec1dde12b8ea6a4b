package extract

import (
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
)

// irc: IRC as clients and servers speak it through a tunnel (RFC 1459,
// RFC 2812, IRCv3 message tags). The wire adapter reads one line at a
// time; ExtractIRC reads it. A line carries a message's text in PRIVMSG
// and NOTICE (with CTCP ACTION inside), TOPIC, and the reasons of PART,
// QUIT and KICK; a DCC offer inside a CTCP is a file offered for a
// transfer that does not pass through the proxy; PASS, OPER, SASL PLAIN
// AUTHENTICATE, IRCv3 REGISTER and the NickServ (and QuakeNet Q)
// commands carry passwords. NICK and keyed JOIN lines are texts too,
// command included ("NICK [USA|XP]123456", "JOIN #c key"), so that rules
// scoped to the irc service can tell a bot's announcements from messages. The hosts of the public networks are in
// the catalogue's irc entry.
var ircService = &Service{Name: "irc", Hosts: []string{"irc.libera.chat", "*.libera.chat", "irc.oftc.net", "*.oftc.net",
	"irc.efnet.org", "*.efnet.org", "irc.rizon.net", "*.rizon.net",
	"irc.quakenet.org", "*.quakenet.org", "irc.undernet.org", "*.undernet.org",
	"irc.dal.net", "*.dal.net", "irc.hackint.org", "irc.snoonet.org",
	"irc.ircnet.com", "web.libera.chat", "kiwiirc.com", "*.kiwiirc.com",
	"irccloud.com", "*.irccloud.com"}}

// IRCMaxLine is the longest IRC line read: 8191 bytes of IRCv3 tags and
// the 512 of the message (RFC 1459), its CR LF included.
const IRCMaxLine = 8191 + 512

// IRCLine is one IRC line split into its fields.
type IRCLine struct {
	Tags    string   // IRCv3 message tags, without the '@'
	Source  string   // the prefix, without the ':' (nick!user@host or a server)
	Command string   // upper-cased command or numeric
	Params  []string // middle parameters and the trailing one
	at      []int    // offset in the line of each parameter's text
}

// Errors of lines that ParseIRC cannot split.
var (
	errIRCLine = errors.New("extract: irc: line without a command")
	// ErrIRCBreak is the error of a line with a CR, LF or NUL inside: a
	// server could split it where the proxy did not.
	ErrIRCBreak = errors.New("extract: irc: CR, LF or NUL inside a line")
)

// ParseIRC splits one line (its CR LF or LF, if any, is ignored).
func ParseIRC(line string) (IRCLine, error) {
	var l IRCLine
	b := &ircParams{} // one allocation for the usual few parameters
	l.Params, l.at = b.p[:0], b.a[:0]
	s := strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	if strings.ContainsAny(s, "\r\n\x00") {
		return l, ErrIRCBreak
	}
	i := 0
	word := func() string { // the next space-separated word
		for i < len(s) && s[i] == ' ' {
			i++
		}
		j := i
		for i < len(s) && s[i] != ' ' {
			i++
		}
		return s[j:i]
	}
	if strings.HasPrefix(s, "@") {
		l.Tags = word()[1:]
	}
	for i < len(s) && s[i] == ' ' {
		i++
	}
	if i < len(s) && s[i] == ':' {
		l.Source = word()[1:]
	}
	l.Command = strings.ToUpper(word())
	if l.Command == "" {
		return l, errIRCLine
	}
	for {
		for i < len(s) && s[i] == ' ' {
			i++
		}
		if i >= len(s) {
			return l, nil
		}
		if s[i] == ':' {
			l.at = append(l.at, i+1)
			l.Params = append(l.Params, s[i+1:])
			return l, nil
		}
		l.at = append(l.at, i)
		l.Params = append(l.Params, word())
	}
}

// ircParams backs the parameters of a line.
type ircParams struct {
	p [6]string
	a [6]int
}

// Nick is the nick of the line's source ("" for a server or no source).
func (l *IRCLine) Nick() string {
	nick, _, found := strings.Cut(l.Source, "!")
	if !found && strings.Contains(nick, ".") {
		return "" // a server name
	}
	return nick
}

// param returns the i-th parameter, or "".
func (l *IRCLine) param(i int) string {
	if i < len(l.Params) {
		return l.Params[i]
	}
	return ""
}

// Credential is a password a line sends: how, and for which account when
// the line says. The password itself is never kept.
type Credential struct {
	Mechanism string // pass, oper, sasl-plain, register, nickserv, q-auth
	User      string
}

// ExtractIRC reads one IRC line (in.Body, with its line ending) going
// in.Direction. It returns a Doc of one message, or of none for a line
// that carries no text, credential or offer (PING, MODE, numerics...).
// The message's parts are the texts with mIRC formatting codes taken out;
// a redacted part is written back without them, the rest of the line
// byte for byte.
func ExtractIRC(in *Input) (*Doc, error) {
	line := in.text()
	l, err := ParseIRC(line)
	if err != nil {
		return nil, err
	}
	// A line's doc, message, tree and first text in one allocation: a
	// relay reads a line at a time.
	a := &ircDoc{}
	a.root = node{kind: kindRaw, end: len(line), raw: line, kids: a.kids[:0], keys: a.keys[:0]}
	a.d.root = &a.root
	m := &a.m
	m.Parts = a.parts[:0]
	if in.Direction == Inbound {
		m.User = l.Nick()
	}
	ircRead(&l, line, in.Direction, a)
	if len(m.Parts) == 0 && len(m.Files) == 0 && m.Credential == nil {
		return &a.d, nil
	}
	a.msgs[0] = m
	a.d.Messages = a.msgs[:]
	return &a.d, nil
}

// ircDoc holds what ExtractIRC makes of a line with one text.
type ircDoc struct {
	d     Doc
	m     Message
	root  node
	msgs  [1]*Message
	parts [1]*Part
	kids  [1]*node
	keys  [1]string
	text  node
	part  Part
	used  bool // text and part are taken
}

// ircRead fills m from the line's command.
func ircRead(l *IRCLine, line string, dir Direction, a *ircDoc) {
	m := &a.m
	end := len(strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r"))
	text := func(path string, i int) { // parameter i to the end of the line, as a text
		if i < len(l.at) {
			ircText(a, path, line, l.at[i], end)
		}
	}
	switch l.Command {
	case "PRIVMSG", "NOTICE":
		m.Channel = l.param(0)
		if len(l.Params) < 2 {
			return
		}
		if dir == Outbound {
			if m.Credential = serviceLogin(l.param(0), l.param(1)); m.Credential != nil {
				return
			}
		}
		if strings.HasPrefix(l.param(1), "\x01") {
			ircCTCP(line[l.at[1]:end], l.at[1], a)
			return
		}
		text("text", 1)
	case "TOPIC":
		m.Channel = l.param(0)
		text("topic", 1)
	case "PART":
		m.Channel = l.param(0)
		text("reason", 1)
	case "KICK":
		m.Channel = l.param(0)
		text("reason", 2)
	case "QUIT":
		text("reason", 0)
	case "NICK": // "NICK <nick>", read-only: a redaction there blocks
		if len(l.Params) >= 1 {
			m.Parts = append(m.Parts, &Part{Path: "nick", Text: "NICK " + line[l.at[0]:end]})
		}
	case "JOIN": // "JOIN <channels> <keys>", read-only too
		if len(l.Params) >= 2 && dir == Outbound {
			m.Parts = append(m.Parts, &Part{Path: "join", Text: "JOIN " + line[l.at[0]:end]})
		}
	default:
		if dir == Outbound {
			m.Credential = ircLogin(l)
		}
	}
}

// ircLogin is the credential a client command sends, or nil.
func ircLogin(l *IRCLine) *Credential {
	switch l.Command {
	case "PASS":
		return &Credential{Mechanism: "pass"}
	case "OPER":
		return &Credential{Mechanism: "oper", User: l.param(0)}
	case "REGISTER": // IRCv3 account-registration: REGISTER <account> <email> <password>
		if len(l.Params) >= 3 {
			return &Credential{Mechanism: "register", User: l.param(0)}
		}
	case "AUTHENTICATE":
		return saslPlain(l.param(0))
	case "NS", "NICKSERV":
		return serviceLogin("NickServ", strings.Join(l.Params, " "))
	}
	return nil
}

// saslPlain reads a SASL PLAIN response (authzid NUL authcid NUL passwd,
// base64); nil for anything else (a mechanism name, "+", "*").
func saslPlain(payload string) *Credential {
	b, err := base64.StdEncoding.DecodeString(payload)
	if err != nil {
		return nil
	}
	f := strings.Split(string(b), "\x00")
	if len(f) != 3 || f[2] == "" {
		return nil
	}
	return &Credential{Mechanism: "sasl-plain", User: f[1]}
}

// serviceLogin reads a message to NickServ (or QuakeNet's Q) that sends
// a password; nil for any other message.
func serviceLogin(target, text string) *Credential {
	svc, _, _ := strings.Cut(target, "@")
	if !strings.EqualFold(svc, "nickserv") && !strings.EqualFold(svc, "q") {
		return nil // most messages: no words split
	}
	svc = strings.ToLower(svc)
	args := strings.Fields(text)
	if len(args) < 2 {
		return nil
	}
	verb := strings.ToUpper(args[0])
	switch {
	case svc == "nickserv" && verb == "IDENTIFY" && len(args) >= 3:
		return &Credential{Mechanism: "nickserv", User: args[1]}
	case svc == "nickserv" && (verb == "IDENTIFY" || verb == "REGISTER" || verb == "GHOST" || verb == "RECOVER" || verb == "RELEASE"):
		return &Credential{Mechanism: "nickserv"}
	case svc == "nickserv" && verb == "SET" && len(args) >= 3 && strings.EqualFold(args[1], "PASSWORD"):
		return &Credential{Mechanism: "nickserv"}
	case svc == "q" && (verb == "AUTH" || verb == "HELLO") && len(args) >= 3:
		return &Credential{Mechanism: "q-auth", User: args[1]}
	}
	return nil
}

// ircCTCP reads a CTCP request or reply (ctcp, at offset at of the
// line): a DCC offer, or a text (ACTION and any other CTCP whose
// arguments could carry one).
func ircCTCP(ctcp string, at int, a *ircDoc) {
	body := strings.TrimSuffix(ctcp[1:], "\x01")
	verb, args, _ := strings.Cut(body, " ")
	if strings.EqualFold(verb, "DCC") {
		if f := ParseDCC(args); f != nil {
			a.m.Files = append(a.m.Files, f)
		}
		return
	}
	if args == "" {
		return
	}
	start := at + 1 + len(verb) + 1
	ircText(a, "ctcp/"+strings.ToLower(verb), a.root.raw, start, start+len(args))
}

// ircText adds line[start:end] as a part, mIRC codes taken out, that a
// redaction rewrites in place.
func ircText(a *ircDoc, path, line string, start, end int) {
	if start < 0 || start >= end {
		return
	}
	raw := line[start:end]
	t := StripIRCFormatting(raw)
	if strings.TrimSpace(t) == "" {
		return
	}
	n, p := &a.text, &a.part
	if a.used {
		n, p = &node{}, &Part{}
	}
	a.used = true
	*n = node{kind: kindText, start: start, end: end, raw: raw, text: raw}
	a.root.adopt(n, path)
	*p = Part{Path: path, Text: t, n: n}
	a.m.Parts = append(a.m.Parts, p)
}

// StripIRCFormatting removes mIRC formatting: bold, italics, underline,
// strikethrough, monospace, reverse, reset, and colour codes with their
// numbers (\x03NN,NN) or hex values (\x04RRGGBB,RRGGBB).
func StripIRCFormatting(s string) string {
	if !strings.ContainsAny(s, "\x02\x03\x04\x0f\x11\x16\x1d\x1e\x1f") {
		return s
	}
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case 0x02, 0x0f, 0x11, 0x16, 0x1d, 0x1e, 0x1f:
		case 0x03:
			i = skipColour(s, i, 2, isDigit)
		case 0x04:
			i = skipColour(s, i, 6, isHex)
		default:
			sb.WriteByte(c)
		}
	}
	return sb.String()
}

// skipColour skips a colour code's foreground and optional background
// (each up to width characters that ok accepts) after s[i]; it returns
// the index of the code's last byte.
func skipColour(s string, i, width int, ok func(byte) bool) int {
	run := func(j int) int {
		k := j
		for k < len(s) && k-j < width && ok(s[k]) {
			k++
		}
		return k
	}
	j := run(i + 1)
	if j == i+1 {
		return i
	}
	if j+1 < len(s) && s[j] == ',' && ok(s[j+1]) {
		j = run(j + 1)
	}
	return j - 1
}

func isHex(c byte) bool { return isDigit(c) || c|0x20 >= 'a' && c|0x20 <= 'f' }

// ParseDCC reads the arguments of a CTCP DCC request: SEND <file> <ip>
// <port> [<size>], CHAT chat <ip> <port>, RESUME and ACCEPT <file> <port>
// <position>. A file name may be quoted. The offer is a File with no
// data: its Offer names the DCC type, Peer the address the transfer would
// use. nil when args is no DCC offer.
func ParseDCC(args string) *File {
	kind, rest, _ := strings.Cut(strings.TrimSpace(args), " ")
	kind = strings.ToUpper(kind)
	name, rest := dccName(strings.TrimSpace(rest))
	f := strings.Fields(rest)
	switch kind {
	case "SEND", "TSEND", "SSEND":
		if len(f) < 2 {
			return nil
		}
		out := &File{Path: "dcc", Name: name, Offer: "dcc-send", Peer: dccPeer(f[0], f[1])}
		if len(f) >= 3 {
			out.Size, _ = strconv.ParseInt(f[2], 10, 64)
		}
		return out
	case "CHAT", "SCHAT":
		if len(f) < 2 {
			return nil
		}
		return &File{Path: "dcc", Offer: "dcc-chat", Peer: dccPeer(f[0], f[1])}
	case "RESUME", "ACCEPT":
		if len(f) < 1 {
			return nil
		}
		return &File{Path: "dcc", Name: name, Offer: "dcc-" + strings.ToLower(kind)}
	}
	return nil
}

// dccName takes the file name off the front of s (quoted, or one word).
func dccName(s string) (name, rest string) {
	if strings.HasPrefix(s, `"`) {
		if end := strings.IndexByte(s[1:], '"'); end >= 0 {
			return s[1 : end+1], s[end+2:]
		}
	}
	name, rest, _ = strings.Cut(s, " ")
	return name, rest
}

// dccPeer is host:port of a DCC offer; the host is an IPv4 address as a
// 32-bit number (the classic form), or an address as written.
func dccPeer(host, port string) string {
	if n, err := strconv.ParseUint(host, 10, 32); err == nil {
		host = strconv.Itoa(int(n>>24)) + "." + strconv.Itoa(int(n>>16&0xff)) + "." + strconv.Itoa(int(n>>8&0xff)) + "." + strconv.Itoa(int(n&0xff))
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	return host + ":" + port
}

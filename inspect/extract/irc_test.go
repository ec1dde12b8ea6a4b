package extract

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestParseIRC(t *testing.T) {
	tests := []struct {
		line                    string
		tags, source, cmd, nick string
		params                  []string
	}{
		{line: "PRIVMSG #ops :hello there\r\n", cmd: "PRIVMSG", params: []string{"#ops", "hello there"}},
		{line: "@time=2026-12-04T08:00:00.000Z;msgid=abc :alice!a@example.org privmsg #ops :hi :)\n",
			tags: "time=2026-12-04T08:00:00.000Z;msgid=abc", source: "alice!a@example.org", cmd: "PRIVMSG", nick: "alice", params: []string{"#ops", "hi :)"}},
		{line: ":irc.example.net 001 bob :Welcome", source: "irc.example.net", cmd: "001", params: []string{"bob", "Welcome"}},
		{line: "NICK   bob", cmd: "NICK", params: []string{"bob"}},
		{line: "USER bob 0 * :Bob Example", cmd: "USER", params: []string{"bob", "0", "*", "Bob Example"}},
		{line: "PRIVMSG #a :", cmd: "PRIVMSG", params: []string{"#a", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			l, err := ParseIRC(tt.line)
			if err != nil {
				t.Fatalf("ParseIRC(): %v", err)
			}
			if l.Tags != tt.tags || l.Source != tt.source || l.Command != tt.cmd || l.Nick() != tt.nick || !slices.Equal(l.Params, tt.params) {
				t.Errorf("ParseIRC(): got %q %q %q %q %q, want %q %q %q %q %q", l.Tags, l.Source, l.Command, l.Nick(), l.Params,
					tt.tags, tt.source, tt.cmd, tt.nick, tt.params)
			}
		})
	}
	for _, bad := range []string{"", "\r\n", "   ", "@tags-only", ":source-only ", "PRIVMSG #a :x\ry\r\n", "PRIVMSG #a :x\ny", "PRIVMSG #a :\x00"} {
		if _, err := ParseIRC(bad); err == nil {
			t.Errorf("ParseIRC(%q): no error, want one", bad)
		}
	}
}

func TestExtractIRC(t *testing.T) {
	tests := []struct {
		name     string
		line     string
		dir      Direction
		parts    []string // path=text
		channel  string
		user     string
		cred     *Credential
		offer    *File
		redacted string // the line after every part is replaced by "#"s of its length; "" to skip
	}{
		{name: "privmsg", line: "PRIVMSG #ops :card 4111 1111 1111 1111 thanks\r\n", parts: []string{"text=card 4111 1111 1111 1111 thanks"}, channel: "#ops",
			redacted: "PRIVMSG #ops :" + strings.Repeat("#", 31) + "\r\n"},
		{name: "inbound privmsg with tags", line: "@msgid=1 :alice!a@h PRIVMSG #ops :hi bob\r\n", dir: Inbound, parts: []string{"text=hi bob"}, channel: "#ops", user: "alice",
			redacted: "@msgid=1 :alice!a@h PRIVMSG #ops :######\r\n"},
		{name: "notice to a nick", line: "NOTICE carol :psst\n", parts: []string{"text=psst"}, channel: "carol"},
		{name: "formatting stripped", line: "PRIVMSG #a :\x02bold\x02 \x0304,12red\x03 \x04ff00ffhex\x0f end\r\n", parts: []string{"text=bold red hex end"}, channel: "#a",
			redacted: "PRIVMSG #a :################\r\n"},
		{name: "ctcp action", line: "PRIVMSG #a :\x01ACTION pastes 4111111111111111\x01\r\n", parts: []string{"ctcp/action=pastes 4111111111111111"}, channel: "#a",
			redacted: "PRIVMSG #a :\x01ACTION " + strings.Repeat("#", 23) + "\x01\r\n"},
		{name: "ctcp version request", line: "PRIVMSG bob :\x01VERSION\x01\r\n", channel: "bob"},
		{name: "topic", line: "TOPIC #a :new topic\r\n", parts: []string{"topic=new topic"}, channel: "#a"},
		{name: "part reason", line: "PART #a :bye now\r\n", parts: []string{"reason=bye now"}, channel: "#a"},
		{name: "kick reason", line: "KICK #a mallory :spam\r\n", parts: []string{"reason=spam"}, channel: "#a"},
		{name: "quit reason", line: "QUIT :gone home\r\n", parts: []string{"reason=gone home"}},
		{name: "nick", line: "NICK [USA|XP]123456\r\n", parts: []string{"nick=NICK [USA|XP]123456"}},
		{name: "keyed join", line: "JOIN #bots s3cretkey\r\n", parts: []string{"join=JOIN #bots s3cretkey"}},
		{name: "plain join", line: "JOIN #ops\r\n"},
		{name: "ping", line: "PING :irc.example.net\r\n"},
		{name: "pass", line: "PASS hunter2\r\n", cred: &Credential{Mechanism: "pass"}},
		{name: "oper", line: "OPER admin hunter2\r\n", cred: &Credential{Mechanism: "oper", User: "admin"}},
		{name: "nickserv identify", line: "PRIVMSG NickServ :IDENTIFY hunter2\r\n", cred: &Credential{Mechanism: "nickserv"}, channel: "NickServ"},
		{name: "nickserv identify account", line: "PRIVMSG nickserv@services.example :identify bob hunter2\r\n", cred: &Credential{Mechanism: "nickserv", User: "bob"}, channel: "nickserv@services.example"},
		{name: "ns alias", line: "NS IDENTIFY hunter2\r\n", cred: &Credential{Mechanism: "nickserv"}},
		{name: "nickserv register", line: "NICKSERV REGISTER hunter2 bob@example.com\r\n", cred: &Credential{Mechanism: "nickserv"}},
		{name: "nickserv help is text", line: "PRIVMSG NickServ :HELP IDENTIFY\r\n", parts: []string{"text=HELP IDENTIFY"}, channel: "NickServ"},
		{name: "quakenet auth", line: "PRIVMSG Q@CServe.quakenet.org :AUTH bob hunter2\r\n", cred: &Credential{Mechanism: "q-auth", User: "bob"}, channel: "Q@CServe.quakenet.org"},
		{name: "ircv3 register", line: "REGISTER bob bob@example.com hunter2\r\n", cred: &Credential{Mechanism: "register", User: "bob"}},
		{name: "sasl plain", line: "AUTHENTICATE Ym9iAGJvYgBodW50ZXIy\r\n", cred: &Credential{Mechanism: "sasl-plain", User: "bob"}},
		{name: "sasl mechanism", line: "AUTHENTICATE PLAIN\r\n"},
		{name: "inbound pass is no credential", line: "PASS hunter2\r\n", dir: Inbound},
		{name: "dcc send", line: "PRIVMSG bob :\x01DCC SEND setup.exe 3232235777 5000 123456\x01\r\n", channel: "bob",
			offer: &File{Path: "dcc", Name: "setup.exe", Offer: "dcc-send", Size: 123456, Peer: "192.168.1.1:5000"}},
		{name: "dcc send quoted name", line: "PRIVMSG bob :\x01DCC SEND \"my setup.exe\" ::1 5000 10\x01\r\n", channel: "bob",
			offer: &File{Path: "dcc", Name: "my setup.exe", Offer: "dcc-send", Size: 10, Peer: "[::1]:5000"}},
		{name: "dcc chat", line: "PRIVMSG bob :\x01DCC CHAT chat 2130706433 6000\x01\r\n", channel: "bob",
			offer: &File{Path: "dcc", Offer: "dcc-chat", Peer: "127.0.0.1:6000"}},
		{name: "dcc resume", line: "PRIVMSG bob :\x01DCC RESUME setup.exe 5000 1024\x01\r\n", channel: "bob",
			offer: &File{Path: "dcc", Name: "setup.exe", Offer: "dcc-resume"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ExtractIRC(&Input{Service: "irc", Direction: tt.dir, Body: []byte(tt.line)})
			if err != nil {
				t.Fatalf("ExtractIRC(): %v", err)
			}
			if got := string(d.Bytes()); got != tt.line {
				t.Fatalf("Bytes() unchanged: got %q, want the line", got)
			}
			if got := paths(d); !slices.Equal(got, tt.parts) {
				t.Errorf("ExtractIRC() parts: got %q, want %q", got, tt.parts)
			}
			if tt.parts == nil && tt.cred == nil && tt.offer == nil {
				if len(d.Messages) != 0 {
					t.Errorf("ExtractIRC(): %d messages, want none", len(d.Messages))
				}
				return
			}
			if len(d.Messages) != 1 {
				t.Fatalf("ExtractIRC(): %d messages, want 1", len(d.Messages))
			}
			m := d.Messages[0]
			if m.Channel != tt.channel || m.User != tt.user {
				t.Errorf("ExtractIRC(): channel %q user %q, want %q %q", m.Channel, m.User, tt.channel, tt.user)
			}
			if (m.Credential == nil) != (tt.cred == nil) || m.Credential != nil && *m.Credential != *tt.cred {
				t.Errorf("ExtractIRC() credential: got %+v, want %+v", m.Credential, tt.cred)
			}
			switch {
			case tt.offer == nil && len(m.Files) > 0:
				t.Errorf("ExtractIRC() files: got %+v, want none", *m.Files[0])
			case tt.offer != nil && (len(m.Files) != 1 || !reflect.DeepEqual(m.Files[0], tt.offer)):
				t.Errorf("ExtractIRC() files: got %v, want %+v", m.Files, *tt.offer)
			}
			if tt.redacted == "" {
				return
			}
			for _, p := range m.Parts {
				if !d.Replace(p, strings.Repeat("#", len(p.Text))) {
					t.Fatalf("Replace(%s): false", p.Path)
				}
			}
			if got := string(d.Bytes()); got != tt.redacted {
				t.Errorf("Bytes() redacted: got %q, want %q", got, tt.redacted)
			}
		})
	}
}

func TestStripIRCFormatting(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                        "plain",
		"\x034111\x03 1111":            "11 1111", // a colour takes at most two digits
		"\x03,5x":                      ",5x",     // a comma without a foreground is text
		"4111\x1f1111\x1d1111\x161111": "4111111111111111",
		"\x0399,99a\x04abcdefb":        "ab",
		"\x03":                         "",
	} {
		if got := StripIRCFormatting(in); got != want {
			t.Errorf("StripIRCFormatting(%q): got %q, want %q", in, got, want)
		}
	}
}

// FuzzExtractIRC: ExtractIRC never panics; an unchanged line renders byte
// for byte; a line whose parts are all replaced still parses to the same
// command and parameters count, on one line; DCC offers parse on their own.
func FuzzExtractIRC(f *testing.F) {
	for _, s := range []string{"PRIVMSG #ops :hi\r\n", "@a=b :n!u@h PRIVMSG #c :\x01ACTION x\x01\r\n",
		"PRIVMSG b :\x01DCC SEND \"a b.exe\" 3232235777 5000 12\x01\n", "KICK #a b :\x0304,5reason\r\n",
		"AUTHENTICATE Ym9iAGJvYgBodW50ZXIy\r\n", "JOIN #a,#b k1,k2\r\n", "PRIVMSG NickServ :IDENTIFY a b\r\n"} {
		f.Add([]byte(s), false)
	}
	f.Fuzz(func(t *testing.T, line []byte, inbound bool) {
		dir := Outbound
		if inbound {
			dir = Inbound
		}
		d, err := ExtractIRC(&Input{Service: "irc", Direction: dir, Body: line})
		if err != nil {
			return
		}
		if got := d.Bytes(); string(got) != string(line) {
			t.Fatalf("Bytes() unchanged: %q, want %q", got, line)
		}
		before, _ := ParseIRC(string(line))
		for _, m := range d.Messages {
			for _, p := range m.Parts {
				d.Replace(p, strings.Repeat("*", len(p.Text)))
			}
			for _, fl := range m.Files {
				if fl.Offer == "" {
					t.Fatalf("a file of an IRC line that is no offer: %+v", fl)
				}
			}
		}
		out := string(d.Bytes())
		if strings.Count(out, "\n") != strings.Count(string(line), "\n") || strings.Count(out, "\r") > strings.Count(string(line), "\r") {
			t.Fatalf("redacted %q: line breaks changed in %q", line, out)
		}
		after, err := ParseIRC(out)
		if err != nil || after.Command != before.Command || after.Source != before.Source || after.Tags != before.Tags {
			t.Fatalf("redacted %q to %q: %q %q %q, was %q %q %q", line, out, after.Tags, after.Source, after.Command, before.Tags, before.Source, before.Command)
		}
	})
}

// FuzzParseDCC: ParseDCC never panics, and an offer it reads is of a DCC kind.
func FuzzParseDCC(f *testing.F) {
	for _, s := range []string{"SEND setup.exe 3232235777 5000 123", `SEND "a b" ::1 1 2`, "CHAT chat 1 2", "RESUME x 1 2", "ACCEPT x 1 2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, args string) {
		if o := ParseDCC(args); o != nil && !strings.HasPrefix(o.Offer, "dcc-") {
			t.Fatalf("ParseDCC(%q): offer %q", args, o.Offer)
		}
	})
}

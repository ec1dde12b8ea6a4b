package inspect

import (
	"context"
	"strings"
	"testing"

	"github.com/chatdlp/chatdlp/inspect/extract"
	"github.com/chatdlp/chatdlp/rules"
	"go.uber.org/zap"
)

func ircDoc(t *testing.T, line string) *extract.Doc {
	t.Helper()
	d, err := extract.ExtractIRC(&extract.Input{Service: "irc", Direction: extract.Outbound, Body: []byte(line)})
	if err != nil {
		t.Fatalf("ExtractIRC(%q): %v", line, err)
	}
	return d
}

// TestPipelineCleartext: a password on a plaintext leg is a creds.cleartext
// event (mechanism and account, never the password) taking creds.cleartext;
// on an encrypted leg nothing is reported.
func TestPipelineCleartext(t *testing.T) {
	for _, tt := range []struct {
		name      string
		plaintext bool
		policy    rules.Action
		want      rules.Action
		events    int
	}{
		{"plaintext, log", true, rules.ActionLog, rules.ActionAllow, 1}, // logged, passed
		{"plaintext, block", true, rules.ActionBlock, rules.ActionBlock, 1},
		{"tls leg", false, rules.ActionBlock, rules.ActionAllow, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, logs := pipelineFor(t)
			p.Cleartext = tt.policy
			meta := &Meta{Protocol: "irc", Service: "irc", Direction: rules.DirectionOutbound, Plaintext: tt.plaintext}
			out := p.Check(context.Background(), ircDoc(t, "PRIVMSG NickServ :IDENTIFY bob hunter2\r\n"), meta)
			if out.Action != tt.want {
				t.Errorf("Check(): action %v, want %v", out.Action, tt.want)
			}
			ev := logs.FilterField(zap.String("event", "creds.cleartext")).All()
			if len(ev) != tt.events {
				t.Fatalf("creds.cleartext events: %d, want %d", len(ev), tt.events)
			}
			for _, e := range logs.All() {
				for k, v := range e.ContextMap() {
					if s, ok := v.(string); ok && strings.Contains(s, "hunter2") {
						t.Errorf("event %s field %s carries the password", e.Message, k)
					}
				}
			}
			if tt.events == 1 {
				f := ev[0].ContextMap()
				if f["mechanism"] != "nickserv" || f["account"] != "bob" || f["action"] != tt.policy.String() {
					t.Errorf("creds.cleartext fields: %v", f)
				}
			}
		})
	}
}

// TestPipelineOffers: DCC offers by tunnels.irc.dcc; under inspect an
// executable's name takes files.executables.action and a direct chat takes
// on_inspect_error.
func TestPipelineOffers(t *testing.T) {
	send := func(name string) string { return "PRIVMSG bob :\x01DCC SEND " + name + " 2130706433 5000 1000\x01\r\n" }
	for _, tt := range []struct {
		name   string
		policy OfferPolicy
		line   string
		want   rules.Action
	}{
		{"executable", OffersInspect, send("setup.exe"), rules.ActionBlock},
		{"executable, trailing dot", OffersInspect, send("setup.EXE."), rules.ActionBlock},
		{"document", OffersInspect, send("report.pdf"), rules.ActionAllow},
		{"direct chat", OffersInspect, "PRIVMSG bob :\x01DCC CHAT chat 2130706433 5000\x01\r\n", rules.ActionBlock},
		{"block all", OffersBlock, send("report.pdf"), rules.ActionBlock},
		{"allow all", OffersAllow, send("setup.exe"), rules.ActionAllow},
		{"xmpp upload of an executable under dcc allow", OffersAllow, "", rules.ActionBlock},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, logs := pipelineFor(t)
			p.Offers, p.Executables = tt.policy, rules.ActionBlock
			meta := &Meta{Protocol: "irc", Service: "irc", Direction: rules.DirectionOutbound}
			var d *extract.Doc
			if tt.line == "" {
				x, err := extract.ExtractXMPP(&extract.Input{Direction: extract.Outbound,
					Body: []byte(`<iq type='get' to='upload.chat.test' id='u1'><request xmlns='urn:xmpp:http:upload:0' filename='setup.exe' size='1'/></iq>`)})
				if err != nil {
					t.Fatal(err)
				}
				d = x
			} else {
				d = ircDoc(t, tt.line)
			}
			out := p.Check(context.Background(), d, meta)
			if out.Action != tt.want {
				t.Errorf("Check(): action %v, want %v", out.Action, tt.want)
			}
			ev := logs.FilterField(zap.String("event", "file.verdict")).All()
			if len(ev) != 1 || ev[0].ContextMap()["action"] != tt.want.String() {
				t.Errorf("file.verdict events: %v", ev)
			}
		})
	}
}

package inspect

import (
	"context"
	"strings"
	"testing"

	"github.com/chatdlp/chatdlp/inspect/extract"
	"github.com/chatdlp/chatdlp/rules"
	"go.uber.org/zap"
)

// wordLinks is a link inspector that acts on every occurrence of its
// words: a stand-in for the URL inspector.
type wordLinks map[string]rules.Action

func (w wordLinks) InspectLinks(_ context.Context, text string, _ *Meta) []LinkFinding {
	var out []LinkFinding
	for word, a := range w {
		for i := 0; ; {
			j := strings.Index(text[i:], word)
			if j < 0 {
				break
			}
			out = append(out, LinkFinding{Start: i + j, End: i + j + len(word), Event: "url.shortener",
				RuleID: "url-shortener", Action: a, URL: "https://" + word})
			i += j + len(word)
		}
	}
	return out
}

// TestPipelineLinks: the link inspector's findings take part in the
// verdict like rule findings: a redacted link is masked in place, a
// blocked one blocks the body (or removes an inbound message), each has
// its url.* event, and rule findings in the same message still count.
func TestPipelineLinks(t *testing.T) {
	for _, tt := range []struct {
		name, body string
		dir        extract.Direction
		want       rules.Action
		wantBody   string
		events     int
	}{
		{"redacted link", `{"text":"see bit.ly/x now"}`, extract.Outbound, rules.ActionRedact, `{"text":"see ******** now"}`, 1},
		{"redact beside a rule", `{"text":"bit.ly/x EMP-123456"}`, extract.Outbound, rules.ActionRedact, `{"text":"******** ********56"}`, 1},
		{"blocked link", `{"text":"go to evil.example"}`, extract.Outbound, rules.ActionBlock, "", 1},
		{"logged links pass", `{"text":"t.co/a and t.co/b"}`, extract.Outbound, rules.ActionAllow, "", 2},
		{"no link", `{"text":"hello"}`, extract.Outbound, rules.ActionAllow, "", 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, logs := pipelineFor(t)
			p.Links = wordLinks{"bit.ly/x": rules.ActionRedact, "evil.example": rules.ActionBlock,
				"t.co/a": rules.ActionLog, "t.co/b": rules.ActionLog}
			d := jsonDoc(t, tt.body, tt.dir, "", "/x")
			out := p.Check(context.Background(), d, &Meta{Direction: rules.DirectionOutbound})
			if out.Action != tt.want {
				t.Fatalf("Check(): got %v, want %v", out.Action, tt.want)
			}
			want := tt.wantBody
			if want == "" {
				want = tt.body
			}
			if got := string(d.Bytes()); got != want {
				t.Errorf("Bytes(): got %s, want %s", got, want)
			}
			ev := logs.FilterField(zap.String("event", "url.shortener"))
			if ev.Len() != tt.events {
				t.Errorf("url.shortener events: got %d, want %d", ev.Len(), tt.events)
			}
			for _, e := range ev.All() {
				if e.ContextMap()["incident_id"] == "" || e.ContextMap()["url"] == "" {
					t.Errorf("event without incident or url: %v", e.ContextMap())
				}
			}
		})
	}
}

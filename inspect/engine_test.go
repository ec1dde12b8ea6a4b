package inspect

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chatdlp/chatdlp/rules"
)

// spec builds a test rule on Go's regexp; runs counts how often it ran.
func spec(id, pattern string, action rules.Action, runs *int) ruleSpec {
	re := regexp.MustCompile(pattern)
	return ruleSpec{
		id: id, severity: rules.SeverityHigh, action: action, minCount: 1,
		direction: rules.DirectionOutbound, prefilter: true, pattern: pattern,
		find: func(text string, _ where, _ time.Duration) ([]span, error) {
			if runs != nil {
				*runs++
			}
			var out []span
			for _, m := range re.FindAllStringIndex(text, -1) {
				out = append(out, span{m[0], m[1]})
			}
			return out, nil
		},
	}
}

func out(m string) Message { return Message{Text: m, Direction: rules.DirectionOutbound} }

type found struct {
	id   string
	orig string
}

func TestInspectEvasions(t *testing.T) {
	card := spec("card", `\b\d(?:[ -]?\d){12,18}\b`, rules.ActionBlock, nil)
	card.validator = "luhn"
	aws := spec("aws-key", `\bAKIA[0-9A-Z]{16}\b`, rules.ActionBlock, nil)
	e := newEngine([]ruleSpec{card, aws}, Options{})
	key := "AKIAIOSFODNN7EXAMPLE"
	tests := []struct {
		name, text string
		want       []found
	}{
		{"plain", "card 4012 8888 8888 1881 thanks", []found{{"card", "4012 8888 8888 1881"}}},
		{"zero-width", "4012\u200b8888\u200b8888\u200b1881", []found{{"card", "4012\u200b8888\u200b8888\u200b1881"}}},
		{"full-width", "pay ４０１２８８８８８８８８１８８１ now", []found{{"card", "４０１２８８８８８８８８１８８１"}}},
		{"html split", "<div><b>4012</b> 8888 <i>8888</i> 1881</div>", []found{{"card", "4012</b> 8888 <i>8888</i> 1881"}}},
		{"html attribute", `<span title="4012 8888 8888 1881">see title</span>`, []found{{"card", "4012 8888 8888 1881"}}},
		{"html attribute entity", `<a href='x?c=4012%208888%208888%201881'>link</a>`, []found{{"card", "x?c=4012%208888%208888%201881"}}},
		{"entities", "4012&#32;8888&nbsp;8888&#x20;1881", []found{{"card", "4012&#32;8888&nbsp;8888&#x20;1881"}}},
		{"irc colours", "\x02\x03044012\x03 8888 \x1f8888\x0f 1881", []found{{"card", "4012\x03 8888 \x1f8888\x0f 1881"}}},
		{"percent", "q=4012%208888%208888%201881", []found{{"card", "4012%208888%208888%201881"}}},
		{"base64 key", "cfg: " + b64std("aws_access_key_id = "+key) + " ok", []found{{"aws-key", b64std("aws_access_key_id = " + key)}}},
		{"full-width key", "ＡＫＩＡIOSFODNN7EXAMPLE", []found{{"aws-key", "ＡＫＩＡIOSFODNN7EXAMPLE"}}},
		{"clean", "lunch at 12:30? order 1234", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := e.Inspect(context.Background(), out(tt.text))
			if err != nil {
				t.Fatalf("Inspect(): %v", err)
			}
			var got []found
			for _, f := range v.Findings {
				got = append(got, found{f.RuleID, tt.text[f.Start:f.End]})
			}
			if len(got) != len(tt.want) || (len(got) > 0 && got[0] != tt.want[0]) {
				t.Errorf("Inspect(%q): got %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestInspectVerdict(t *testing.T) {
	blk := spec("b-block", `BLK`, rules.ActionBlock, nil)
	red := spec("a-redact", `RED\d`, rules.ActionRedact, nil)
	logr := spec("c-log", `LOG`, rules.ActionLog, nil)
	two := spec("d-two", `TWO`, rules.ActionBlock, nil)
	two.minCount = 2
	e := newEngine([]ruleSpec{blk, red, logr, two}, Options{})
	tests := []struct {
		name, text string
		want       rules.Action
		ids        string
	}{
		{"none", "hello", rules.ActionAllow, ""},
		{"log", "a LOG", rules.ActionLog, "c-log"},
		{"redact over log", "LOG RED1", rules.ActionRedact, "c-log,a-redact"},
		{"block over all", "RED1 LOG BLK", rules.ActionBlock, "a-redact,c-log,b-block"},
		{"min_count not met", "TWO", rules.ActionAllow, ""},
		{"min_count met", "TWO TWO", rules.ActionBlock, "d-two,d-two"},
		{"same start ordered by id", "RED1", rules.ActionRedact, "a-redact"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := e.Inspect(context.Background(), out(tt.text))
			if err != nil {
				t.Fatalf("Inspect(): %v", err)
			}
			if v.Action != tt.want || ids(v) != tt.ids {
				t.Errorf("Inspect(%q): got %v %q, want %v %q", tt.text, v.Action, ids(v), tt.want, tt.ids)
			}
		})
	}
}

func ids(v Verdict) string {
	var s []string
	for _, f := range v.Findings {
		s = append(s, f.RuleID)
	}
	return strings.Join(s, ",")
}

func TestInspectOverlapOrder(t *testing.T) {
	a := spec("b", `4012 8888`, rules.ActionRedact, nil)
	b := spec("a", `8888 1881`, rules.ActionRedact, nil)
	c := spec("c", `4012`, rules.ActionLog, nil)
	e := newEngine([]ruleSpec{a, b, c}, Options{})
	v, err := e.Inspect(context.Background(), out("4012 8888 1881"))
	if err != nil {
		t.Fatalf("Inspect(): %v", err)
	}
	if got := ids(v); got != "b,c,a" {
		t.Errorf("Inspect(): got %q, want %q", got, "b,c,a")
	}
	if got := Redact("4012 8888 1881", v.Findings); got != "**************" {
		t.Errorf("Redact(): got %q, want all masked", got)
	}
}

func TestInspectScope(t *testing.T) {
	r := spec("r", `HIT`, rules.ActionBlock, nil)
	r.services, r.groups = []string{"slack", "irc"}, []string{"finance"}
	in := spec("in", `HIT`, rules.ActionLog, nil)
	in.direction = rules.DirectionInbound
	both := spec("both", `HIT`, rules.ActionLog, nil)
	both.direction = rules.DirectionBoth
	// Keyword rules in different scopes give each scope its own automaton.
	kwSlack := spec("kw-slack", `\d{4}`, rules.ActionLog, nil)
	kwSlack.keywords, kwSlack.prefilter, kwSlack.services = []string{"orchid"}, true, []string{"slack"}
	kwTeams := spec("kw-teams", `\d{4}`, rules.ActionLog, nil)
	kwTeams.keywords, kwTeams.prefilter, kwTeams.services = []string{"tulip"}, true, []string{"teams"}
	e := newEngine([]ruleSpec{r, in, both, kwSlack, kwTeams}, Options{})
	tests := []struct {
		name string
		m    Message
		ids  string
	}{
		{"in scope", Message{Text: "HIT", Direction: rules.DirectionOutbound, Service: "Slack", Group: "finance"}, "both,r"},
		{"other service", Message{Text: "HIT", Direction: rules.DirectionOutbound, Service: "teams", Group: "finance"}, "both"},
		{"other group", Message{Text: "HIT", Direction: rules.DirectionOutbound, Service: "irc", Group: "sales"}, "both"},
		{"inbound", Message{Text: "HIT", Direction: rules.DirectionInbound, Service: "irc", Group: "finance"}, "both,in"},
		{"slack keyword", Message{Text: "orchid 1234 tulip", Direction: rules.DirectionOutbound, Service: "slack"}, "kw-slack"},
		{"teams keyword", Message{Text: "orchid 1234 tulip", Direction: rules.DirectionOutbound, Service: "teams"}, "kw-teams"},
		{"no keyword scope", Message{Text: "orchid 1234 tulip", Direction: rules.DirectionOutbound, Service: "irc"}, ""},
	}
	// The second pass is served from the scope cache.
	for pass := range 2 {
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%s/%d", tt.name, pass), func(t *testing.T) {
				v, err := e.Inspect(context.Background(), tt.m)
				if err != nil {
					t.Fatalf("Inspect(): %v", err)
				}
				if got := ids(v); got != tt.ids {
					t.Errorf("Inspect(): got %q, want %q", got, tt.ids)
				}
			})
		}
	}
}

func TestInspectGates(t *testing.T) {
	var kwRuns, litRuns, digitRuns, optOutRuns int
	kw := spec("kw", `\d{4}`, rules.ActionLog, &kwRuns)
	kw.keywords = []string{"pin"}
	lit := spec("lit", `ghp_[A-Za-z0-9]{36}`, rules.ActionBlock, &litRuns)
	dig := spec("dig", `\b(?:\d[ -]?){13,19}\b`, rules.ActionBlock, &digitRuns)
	dig.validator = "luhn"
	opt := spec("opt", `\d{4}`, rules.ActionLog, &optOutRuns)
	opt.keywords, opt.prefilter = []string{"pin"}, false
	e := newEngine([]ruleSpec{kw, lit, dig, opt}, Options{})
	for _, text := range []string{"hello world", "meet at 10:30", "my PIN is 1234", "GHP_ nope"} {
		if _, err := e.Inspect(context.Background(), out(text)); err != nil {
			t.Fatalf("Inspect(): %v", err)
		}
	}
	// kw runs only where "pin" occurs; lit has its leading literal in
	// "GHP_ nope" but no match there, which the anchored relaxed regex rules
	// out; dig needs a 13-digit run; opt-out has no gate at all.
	if kwRuns != 1 || litRuns != 0 || digitRuns != 0 || optOutRuns != 4 {
		t.Errorf("runs: got kw=%d lit=%d digits=%d opt-out=%d, want 1 0 0 4", kwRuns, litRuns, digitRuns, optOutRuns)
	}
}

func TestInspectErrors(t *testing.T) {
	slow := spec("slow", `x`, rules.ActionBlock, nil)
	slow.find = func(string, where, time.Duration) ([]span, error) {
		return nil, &rules.TimeoutError{RuleID: "slow"}
	}
	e := newEngine([]ruleSpec{slow}, Options{})
	secret := "x 4012888888881881"
	_, err := e.Inspect(context.Background(), out(secret))
	if _, ok := errors.AsType[*rules.TimeoutError](err); !ok || strings.Contains(err.Error(), "4012") {
		t.Errorf("Inspect(): got %v, want a TimeoutError without the text", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ok := newEngine([]ruleSpec{spec("x", `x`, rules.ActionLog, nil)}, Options{})
	if _, err := ok.Inspect(ctx, out(secret)); !errors.Is(err, context.Canceled) {
		t.Errorf("Inspect(cancelled): got %v, want context.Canceled", err)
	}
	if _, err := NewLive(nil).Inspect(context.Background(), out(secret)); err == nil {
		t.Errorf("Live.Inspect() with no engine: got nil error, want one")
	}
}

func TestInspectTooLarge(t *testing.T) {
	e := newEngine([]ruleSpec{spec("r", `x`, rules.ActionBlock, nil)}, Options{})
	_, err := e.Inspect(context.Background(), out(strings.Repeat("x", MaxText+1)))
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Inspect(%d bytes): got %v, want ErrTooLarge", MaxText+1, err)
	}
	if v, err := e.Inspect(context.Background(), out("x")); err != nil || v.Action != rules.ActionBlock {
		t.Fatalf("Inspect(small): %v, %v", v.Action, err)
	}
}

// TestMaxLengthRule: a rule with max_length (password-answer's kind)
// reads a short message and not a long one, in the engine as in rules.
func TestMaxLengthRule(t *testing.T) {
	e := engineFromYAML(t, `rules:
  - id: short-only
    severity: high
    action: block
    pattern: '(?i)\Ait''s (?<value>\S{8,64})\s*\z'
    keywords: ["it's"]
    max_length: 60
    prefilter: false
    validator: unlabelled-password
`)
	for _, tc := range []struct {
		text string
		want int
	}{
		{"it's G9?F6Lzv&Q5Ai", 1},
		{"it's iPhone15", 0},
		{"it's G9?F6Lzv&Q5Ai" + strings.Repeat(" ", 60), 0},
	} {
		v, err := e.Inspect(context.Background(), Message{Text: tc.text, Direction: rules.DirectionOutbound})
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Findings) != tc.want {
			t.Errorf("Inspect(%q): %d findings, want %d", tc.text, len(v.Findings), tc.want)
		}
	}
	// The built-in password-answer reads the answer in a short message.
	b := builtinEngine(t)
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"it's G9?F6Lzv&Q5Ai\ncheers", true},
		{"it's G9?F6Lzv&Q5Ai\ncheers\n" + strings.Repeat("standup moved to 10:30 tomorrow\n", 10), false},
	} {
		v, err := b.Inspect(context.Background(), Message{Text: tc.text, Direction: rules.DirectionOutbound})
		if err != nil {
			t.Fatal(err)
		}
		got := slices.ContainsFunc(v.Findings, func(f Finding) bool { return f.RuleID == "password-answer" })
		if got != tc.want {
			t.Errorf("built-in Inspect(%d bytes): password-answer %v, want %v", len(tc.text), got, tc.want)
		}
	}
}

package inspect

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chatdlp/chatdlp/rules"
)

// loadedSets caches rules.Load per argument list: Load's backtracking probe
// is slow under -race.
var loadedSets sync.Map // string -> *rules.Set

func loadEngine(t testing.TB, builtin bool, opts Options, files ...string) (*Engine, *rules.Set) {
	t.Helper()
	key := fmt.Sprint(builtin, files)
	var set *rules.Set
	if v, ok := loadedSets.Load(key); ok {
		set = v.(*rules.Set)
	}
	var err error
	if set == nil {
		set, err = rules.Load(files, builtin)
		loadedSets.Store(key, set)
	}
	if err != nil {
		t.Fatalf("rules.Load(%v): %v", files, err)
	}
	e, err := NewEngine(set, opts)
	if err != nil {
		t.Fatalf("NewEngine(): %v", err)
	}
	return e, set
}

func TestEngineFromRuleFiles(t *testing.T) {
	e, _ := loadEngine(t, false, Options{}, "testdata/rules/basic.yaml")
	key := "AKIAIOSFODNN7EXAMPLE"
	tests := []struct {
		name string
		m    Message
		want rules.Action
		ids  string
	}{
		{"clean", out("see you at 10:30, order 1234 5678"), rules.ActionAllow, ""},
		{"card redacts", out("card 4012 8888 8888 1881"), rules.ActionRedact, "t-card"},
		{"html card", out("<p>card <b>4012</b> 8888 8888 1881</p>"), rules.ActionRedact, "t-card"},
		{"key blocks over card", out("4012 8888 8888 1881 and " + key), rules.ActionBlock, "t-card,t-aws"},
		{"base64 key", out("blob " + b64std("id="+key+" x")), rules.ActionBlock, "t-aws"},
		{"keyword gate", out("PASSWORD: hunter2hunter2"), rules.ActionBlock, "t-password"},
		{"min_count", out("SEC-1001 SEC-1002"), rules.ActionAllow, ""},
		{"min_count met inbound", Message{Text: "SEC-1001 SEC-1002 SEC-1003", Direction: rules.DirectionInbound}, rules.ActionLog, "t-ticket,t-ticket,t-ticket"},
		{"default outbound only", Message{Text: key, Direction: rules.DirectionInbound}, rules.ActionAllow, ""},
		{"scope miss", Message{Text: "PROJECT-ORCHID", Direction: rules.DirectionOutbound, Service: "slack"}, rules.ActionAllow, ""},
		{"scope hit", Message{Text: "PROJECT-ORCHID", Direction: rules.DirectionOutbound, Service: "slack", Group: "finance"}, rules.ActionBlock, "t-slack-only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := e.Inspect(context.Background(), tt.m)
			if err != nil {
				t.Fatalf("Inspect(): %v", err)
			}
			if v.Action != tt.want || ids(v) != tt.ids {
				t.Errorf("Inspect(%q): got %v %q, want %v %q", tt.m.Text, v.Action, ids(v), tt.want, tt.ids)
			}
		})
	}
}

func TestEngineRedactCard(t *testing.T) {
	e, _ := loadEngine(t, false, Options{}, "testdata/rules/basic.yaml")
	text := "pay with <b>4012</b>\u200b8888 8888 1881 please"
	v, err := e.Inspect(context.Background(), out(text))
	if err != nil {
		t.Fatalf("Inspect(): %v", err)
	}
	want := "pay with <b>****</b>***********1881 please"
	if got := Redact(text, v.Findings); got != want {
		t.Errorf("Redact(): got %q, want %q", got, want)
	}
	if got := v.Findings[0].Evidence.String(); got != "4012**********1881" {
		t.Errorf("Evidence: got %q, want %q", got, "4012**********1881")
	}
}

// TestEngineTimeout: a legal but slow rule on a 1 MB message comes back
// within about the timeout as an inspection error that names the rule and
// not the message.
// The rule is parsed, not loaded: Load's backtracking probe has a wall-clock
// budget that a quadratic rule can overrun under -race.
func TestEngineTimeout(t *testing.T) {
	data, err := os.ReadFile("testdata/slow.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rs, err := rules.Parse(data, "testdata/slow.yaml")
	if err != nil {
		t.Fatalf("rules.Parse(): %v", err)
	}
	e, err := NewEngine(&rules.Set{Rules: rs}, Options{MatchTimeout: 20 * time.Millisecond})
	if err != nil {
		t.Fatalf("NewEngine(): %v", err)
	}
	text := strings.Repeat("abcdefghij", 100_000) + "1x" // no match: quadratic backtracking
	start := time.Now()
	_, err = e.Inspect(context.Background(), Message{Text: text, Direction: rules.DirectionOutbound})
	if _, ok := errors.AsType[*rules.TimeoutError](err); !ok {
		t.Fatalf("Inspect(1 MB): got %v, want a *rules.TimeoutError", err)
	}
	if strings.Contains(err.Error(), "abcdefghij") || !strings.Contains(err.Error(), "t-slow") {
		t.Errorf("Inspect(1 MB): error %q must name the rule and not quote the text", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Inspect(1 MB): took %v", d)
	}
}

// TestGatesLoseNothing runs every rule's match examples (test rules and the
// built-in pack) through the engine and checks each finding Rule.Match
// reports is also found: no prefilter or gate may drop a true match.
//
// CHATDLP_BENCH_RULES (a glob) adds rule files, e.g. a pack in progress.
func TestGatesLoseNothing(t *testing.T) {
	files := []string{"testdata/rules/basic.yaml"}
	if g := os.Getenv("CHATDLP_BENCH_RULES"); g != "" {
		files = append(files, g)
	}
	e, set := loadEngine(t, true, Options{MatchTimeout: slowMachine}, files...)
	for _, r := range set.Rules {
		for _, ex := range r.Examples.Match {
			t.Run(r.ID, func(t *testing.T) {
				want, err := r.Match(ex, 0)
				if err != nil {
					t.Fatalf("Match(): %v", err)
				}
				if len(want) < max(1, r.MinCount) {
					return // the example relies on context the engine adds (none today)
				}
				m := Message{Text: ex, Direction: r.Direction, Service: first(r.Services), Group: first(r.Groups)}
				if m.Direction == rules.DirectionBoth {
					m.Direction = rules.DirectionOutbound
				}
				v, err := e.Inspect(context.Background(), m)
				if err != nil {
					t.Fatalf("Inspect(): %v", err)
				}
				for _, w := range want {
					if !hasFinding(v, r.ID, w.Start, w.End) {
						t.Errorf("Inspect(%q): rule %s [%d,%d) not found; got %q", ex, r.ID, w.Start, w.End, ids(v))
					}
				}
			})
		}
	}
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

func hasFinding(v Verdict, id string, s, e int) bool {
	for _, f := range v.Findings {
		if f.RuleID == id && f.Start <= s && f.End >= e {
			return true
		}
	}
	return false
}

func TestLiveSwap(t *testing.T) {
	e1, _ := loadEngine(t, false, Options{}, "testdata/rules/basic.yaml")
	e2, err := NewEngine(&rules.Set{}, Options{})
	if err != nil {
		t.Fatalf("NewEngine(): %v", err)
	}
	l := NewLive(e1)
	key := out("AKIAIOSFODNN7EXAMPLE")
	if v, err := l.Inspect(context.Background(), key); err != nil || v.Action != rules.ActionBlock {
		t.Fatalf("Live.Inspect(): got %v, %v, want block", v.Action, err)
	}
	l.Store(e2)
	if v, err := l.Inspect(context.Background(), key); err != nil || v.Action != rules.ActionAllow {
		t.Fatalf("Live.Inspect() after Store: got %v, %v, want allow", v.Action, err)
	}
	if l.Load() != e2 {
		t.Errorf("Live.Load(): got another engine")
	}
}

func TestNewEngineNil(t *testing.T) {
	if _, err := NewEngine(nil, Options{}); err == nil {
		t.Errorf("NewEngine(nil): got nil error, want one")
	}
}

// TestGatesMatchNaive: on the benchmark corpus and the labelled corpus
// (../testdata/corpus) with the built-in pack,
// every match Rule.Match finds on the normalised text is also a finding of
// the engine (whose prefilter and gates skip most rules), but a fallback
// rule's where another rule's finding overlaps it.
func TestGatesMatchNaive(t *testing.T) {
	e, set := loadEngine(t, true, Options{MatchTimeout: slowMachine})
	checked := 0
	msgs := chatCorpus(300)
	for _, name := range []string{"positives.jsonl", "negatives.jsonl", "evasion.jsonl"} {
		for _, c := range readCorpus(t, name) {
			msgs = append(msgs, c.Text)
		}
	}
	for _, msg := range msgs {
		v, err := e.Inspect(context.Background(), out(msg))
		if err != nil {
			t.Fatalf("Inspect(): %v", err)
		}
		n := normalize(msg)
		for _, r := range set.Rules {
			if !r.Direction.Applies(rules.DirectionOutbound) || len(r.Services) > 0 || len(r.Groups) > 0 {
				continue
			}
			ms, err := r.Match(n.s, slowMachine)
			if err != nil {
				t.Fatalf("Match(): %v", err)
			}
			if len(ms) < max(1, r.MinCount) {
				continue
			}
			for _, m := range ms {
				s, end := n.span(m.Start, m.End)
				if r.Fallback && overlapsOther(v, set, s, end) {
					continue // reported only where no other rule's finding is
				}
				checked++
				if !hasFinding(v, r.ID, s, end) {
					t.Errorf("rule %s [%d,%d) found by Match, not by the engine: %q", r.ID, s, end, msg)
				}
			}
		}
		n.put()
	}
	if checked == 0 {
		t.Fatalf("no naive match in the corpus: the test checks nothing")
	}
}

// overlapsOther reports a finding in v of a rule of set without fallback
// that overlaps [start,end).
func overlapsOther(v Verdict, set *rules.Set, start, end int) bool {
	for _, f := range v.Findings {
		if f.Start < end && start < f.End && !slices.ContainsFunc(set.Rules, func(r *rules.Rule) bool { return r.ID == f.RuleID && r.Fallback }) {
			return true
		}
	}
	return false
}

// TestEngineConcurrent shares one engine between goroutines (run with
// -race) and checks each gets the verdict a lone call gets.
func TestEngineConcurrent(t *testing.T) {
	e, _ := loadEngine(t, true, Options{})
	msgs := chatCorpus(40)
	want := make([]rules.Action, len(msgs))
	for i, m := range msgs {
		v, err := e.Inspect(context.Background(), out(m))
		if err != nil {
			t.Fatalf("Inspect(): %v", err)
		}
		want[i] = v.Action
	}
	var wg sync.WaitGroup
	errs := make(chan string, 4*len(msgs))
	for range 4 {
		wg.Go(func() {
			for i, m := range msgs {
				if v, err := e.Inspect(context.Background(), out(m)); err != nil || v.Action != want[i] {
					errs <- fmt.Sprintf("message %d: got %v, %v, want %v", i, v.Action, err, want[i])
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for msg := range errs {
		t.Error(msg)
	}
}

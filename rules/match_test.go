package rules

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// mustRule parses a one-rule file or fails the test.
func mustRule(t *testing.T, body string) *Rule {
	t.Helper()
	rules, err := Parse([]byte("rules:\n  - id: t-rule\n"+body), "t.yaml")
	if err != nil {
		t.Fatalf("Parse(): %v", err)
	}
	return rules[0]
}

func TestMatchByteOffsets(t *testing.T) {
	r := mustRule(t, "    severity: low\n    action: log\n    pattern: '\\d{4}'\n")
	tests := []struct {
		name, text string
		want       []string
	}{
		{"ascii", "id 1234 and 5678", []string{"1234", "5678"}},
		{"accents before", "café résumé 1234 naïve 5678", []string{"1234", "5678"}},
		{"cjk and emoji", "番号🙂1234、電話5678", []string{"1234", "5678"}},
		{"invalid utf8", "\xff\xfe1234\xc3", []string{"1234"}},
		{"none", "nothing here", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, err := r.Match(tt.text, time.Second)
			if err != nil {
				t.Fatalf("Match(): %v", err)
			}
			var got []string
			for _, m := range ms {
				got = append(got, tt.text[m.Start:m.End])
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("Match(): got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMatchSemantics(t *testing.T) {
	card := mustRule(t, `    severity: high
    action: block
    pattern: '\b(?:\d[ -]?){13,19}\b'
    keywords: [card]
    proximity: 10
    validator: luhn
`)
	noGate := mustRule(t, "    severity: low\n    action: log\n    pattern: 'sk_[a-z]{4}'\n    keywords: [stripe]\n    prefilter: false\n")
	tests := []struct {
		name  string
		rule  *Rule
		text  string
		match int
		find  int // FindAll (no keyword gate)
	}{
		{"keyword near valid card", card, "my card: 4012 8888 8888 1881", 1, 1},
		{"keyword case-insensitive", card, "CARD 4012888888881881", 1, 1},
		{"no keyword", card, "number 4012 8888 8888 1881", 0, 0},
		{"keyword too far", card, "card " + strings.Repeat("x", 20) + " 4012 8888 8888 1881", 0, 0},
		{"keyword after", card, "4012 8888 8888 1881 is my card", 1, 1},
		{"luhn fails", card, "card 4012 8888 8888 1882", 0, 0},
		{"prefilter off, no keyword", noGate, "key sk_abcd", 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, err := tt.rule.Match(tt.text, time.Second)
			if err != nil || len(ms) != tt.match {
				t.Errorf("Match(): got %d matches (%v), want %d", len(ms), err, tt.match)
			}
			fs, err := tt.rule.FindAll(tt.text, time.Second)
			if err != nil || len(fs) != tt.find {
				t.Errorf("FindAll(): got %d matches (%v), want %d", len(fs), err, tt.find)
			}
		})
	}
}

func TestMatchTimeout(t *testing.T) {
	// Legal and fine on chat-sized text, but quadratic: hopeless on 1 MB.
	r := mustRule(t, "    severity: low\n    action: log\n    pattern: '(\\w)\\w*\\1x'\n")
	secret := "s3cr3t-" + strings.Repeat("a", 1<<20)
	const timeout = 50 * time.Millisecond
	start := time.Now()
	_, err := r.Match(secret, timeout)
	elapsed := time.Since(start)
	var te *TimeoutError
	if !errors.As(err, &te) {
		t.Fatalf("Match(1 MB): got %v, want *TimeoutError", err)
	}
	if te.RuleID != "t-rule" {
		t.Errorf("TimeoutError.RuleID: got %q, want t-rule", te.RuleID)
	}
	if strings.Contains(err.Error(), "s3cr3t") || strings.Contains(err.Error(), "aaaa") || len(err.Error()) > 200 {
		t.Errorf("TimeoutError.Error(): got %q, want no input text", err)
	}
	// A generous bound: regexp2 checks its clock every 100 ms.
	if elapsed > 5*time.Second {
		t.Errorf("Match(1 MB): took %v, want about %v", elapsed, timeout)
	}
}

func TestMatchConcurrentTimeouts(t *testing.T) {
	r := mustRule(t, "    severity: low\n    action: log\n    pattern: '\\d+'\n")
	done := make(chan bool)
	for i := 0; i < 4; i++ {
		go func(d time.Duration) {
			for j := 0; j < 50; j++ {
				if ms, err := r.Match("a 12 b 345", d); err != nil || len(ms) != 2 {
					t.Errorf("Match(): got %v, %v, want 2 matches", ms, err)
				}
			}
			done <- true
		}(time.Duration(i+1) * time.Second)
	}
	for i := 0; i < 4; i++ {
		<-done
	}
}

// TestWindow: n characters either side, whole characters, ASCII or not.
func TestWindow(t *testing.T) {
	for _, tc := range []struct {
		text          string
		start, end, n int
		wantS, wantE  int
	}{
		{"abcdefgh", 3, 4, 2, 1, 6},
		{"abcdefgh", 1, 7, 5, 0, 8},
		{"aéb€c", 3, 4, 1, 1, 7}, // é (2 bytes) before b, € (3 bytes) after it
		{"aéb€c", 3, 4, 2, 0, 8},
		{"€€€x€€€", 9, 10, 2, 3, 16},
	} {
		s, e := Window(tc.text, tc.start, tc.end, tc.n)
		if s != tc.wantS || e != tc.wantE {
			t.Errorf("Window(%q, %d, %d, %d) = %d, %d, want %d, %d", tc.text, tc.start, tc.end, tc.n, s, e, tc.wantS, tc.wantE)
		}
	}
}

// TestKeywordNear: a keyword counts near a match, or inside it as a word
// of its own, but not as a piece of a longer word inside the match, unless
// it is six letters or more and ends a word outside the value (the tail
// of a compound).
func TestKeywordNear(t *testing.T) {
	for _, tc := range []struct {
		window             string
		start, end, vs, ve int
		want               bool
	}{
		{"bic deutdeff", 4, 12, 4, 12, true},
		{"/bicxirccl/", 1, 10, 1, 10, false},
		{"swift: bicxirccl", 7, 16, 7, 16, true},
		{"passport no x1234567", 0, 20, 12, 20, true},
		{"the bicycle is bright", 12, 20, 12, 20, true},                      // outside the match, as before
		{"inn 7707083893", 4, 14, 4, 14, true},                               // overlapping the match, as written
		{"123:aaxyz", 0, 9, 0, 9, true},                                      // not letters alone
		{"code fuer den medikamentenschrank ist 48172", 0, 43, 38, 43, true}, // a compound's tail
		{"code: xmedikamentenschrank", 0, 26, 6, 26, false},                  // in the value
		{"code fuer den schrankwand ist 48172", 0, 35, 30, 35, false},        // not the tail
		{"code to investigate is 48213", 0, 28, 23, 28, false},               // "gate": too short
	} {
		if got := keywordNear(tc.window, []string{"bic", "swift", "passport", "inn 7", ":aa", "schrank", "gate"}, tc.start, tc.end, tc.vs, tc.ve); got != tc.want {
			t.Errorf("keywordNear(%q, %d, %d, %d, %d) = %v, want %v", tc.window, tc.start, tc.end, tc.vs, tc.ve, got, tc.want)
		}
	}
}

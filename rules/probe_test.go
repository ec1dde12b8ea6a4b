package rules

import (
	"strings"
	"testing"
	"time"
)

func TestProbe(t *testing.T) {
	tests := []struct {
		name, pattern string
		examples      []string
		bad           bool
	}{
		{"nested plus", `(a+)+$`, nil, true},
		{"overlapping alternation", `(a|aa)+$`, nil, true},
		{"word groups", `(\w+\s?)+$`, nil, true},
		{"counted dot star", `(.*a){20}`, nil, true},
		{"nested star digits", `^(\d*)*x`, nil, true},
		{"card", `\b(?:\d[ -]?){13,19}\b`, []string{"card 4012 8888 8888 1881"}, false},
		{"aws key", `\b(?:AKIA|ASIA)[0-9A-Z]{16}\b`, []string{"AKIAIOSFODNN7EXAMPLE"}, false},
		{"email", `(?i)\b[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}\b`, []string{"bob@example.com"}, false},
		{"password assignment", `(?i)(?:password|passwd|pwd)\s*[:=]\s*\S{6,}`, []string{"password=hunter22"}, false},
		{"private key", `-----BEGIN (?:RSA |EC |OPENSSH )?PRIVATE KEY-----[\s\S]{20,}?-----END`, nil, false},
		{"domain", `(?:[a-z0-9]+\.)+[a-z]{2,}`, []string{"a.b.example.com"}, false},
		{"slow but legal backreference", `(\w)\w*\1x`, nil, false},
		{"cubic backreference", `(\w+)\d+\1`, []string{"ab12ab"}, false},
		{"jwt", `\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}`, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // most of the time is spent waiting for timeouts
			r := &Rule{ID: "probe-test", Pattern: tt.pattern, Examples: Examples{Match: tt.examples}}
			re, err := compilePattern(tt.pattern)
			if err != nil {
				t.Fatal(err)
			}
			r.setRegex(re)
			start := time.Now()
			msg := runProbe(r)
			t.Logf("%s: %v: %s", tt.pattern, time.Since(start), msg)
			if got := msg != ""; got != tt.bad {
				t.Errorf("runProbe(%q): got %q, want rejected=%v", tt.pattern, msg, tt.bad)
			}
			if tt.bad && !strings.HasPrefix(msg, "catastrophic backtracking") {
				t.Errorf("runProbe(%q): got %q, want a catastrophic backtracking problem", tt.pattern, msg)
			}
		})
	}
}

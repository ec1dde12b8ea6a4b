package rules

import (
	"fmt"
	"time"
)

// exampleTimeout bounds one example run; generous, since examples are short
// and a load on a busy machine must not fail spuriously.
const exampleTimeout = time.Second

// verifyAll runs every rule's examples and the backtracking probe.
func verifyAll(rules []*Rule) []Problem {
	var ps []Problem
	for _, r := range rules {
		ps = append(ps, verify(r)...)
	}
	return ps
}

func verify(r *Rule) []Problem {
	var ps []Problem
	add := func(msg string) {
		ps = append(ps, Problem{File: r.Pos.File, Line: r.Pos.Line, ID: r.ID, Message: msg})
	}
	for _, ex := range r.Examples.Match {
		if n, err := countMatches(r, ex); err != nil {
			add(fmt.Sprintf("match example %s: %v", quoteShort(ex), err))
		} else if n < r.MinCount {
			add(fmt.Sprintf("match example %s: %d findings, want at least %d", quoteShort(ex), n, r.MinCount))
		}
	}
	for _, ex := range r.Examples.NoMatch {
		if n, err := countMatches(r, ex); err != nil {
			add(fmt.Sprintf("no_match example %s: %v", quoteShort(ex), err))
		} else if n >= r.MinCount {
			add(fmt.Sprintf("no_match example %s: %d findings, want fewer than %d", quoteShort(ex), n, r.MinCount))
		}
	}
	if msg := probe(r); msg != "" {
		add(msg)
	}
	return ps
}

func countMatches(r *Rule, text string) (int, error) {
	ms, err := r.Match(text, exampleTimeout)
	if err != nil {
		return 0, fmt.Errorf("match timed out")
	}
	return len(ms), nil
}

// quoteShort quotes an example for a problem line, cut to 60 bytes.
func quoteShort(s string) string {
	if len(s) > 60 {
		cut := 60
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		return fmt.Sprintf("%q…", s[:cut])
	}
	return fmt.Sprintf("%q", s)
}

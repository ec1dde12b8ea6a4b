package rules

import (
	"fmt"
	"runtime"

	"golang.org/x/sync/errgroup"
)

// exampleTimeout bounds one example run. Examples are short; using the
// default timeout reuses the copy of the regex compiled at load.
const exampleTimeout = DefaultMatchTimeout

// verifyAll runs every rule's examples and the backtracking probe, rules in
// parallel (one per CPU), problems in rule order.
func verifyAll(rules []*Rule) []Problem {
	out := make([][]Problem, len(rules))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, r := range rules {
		g.Go(func() error {
			out[i] = verify(r)
			return nil
		})
	}
	_ = g.Wait() // the goroutines return no errors
	var ps []Problem
	for _, p := range out {
		ps = append(ps, p...)
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

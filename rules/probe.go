package rules

import (
	"fmt"
	"github.com/dlclark/regexp2/v2"
	"sync"
	"sync/atomic"
	"time"
)

const (
	// probeBudget is what one adversarial input may cost a pattern before
	// the probe looks closer. The inputs are runs of about 128 characters:
	// a linear, quadratic or cubic pattern needs well under a millisecond
	// (more under -race), an exponential one never finishes.
	probeBudget = DefaultMatchTimeout
	// probeConfirm is the budget of the confirming second run.
	probeConfirm = time.Second
	// probeWall caps the time spent probing one pattern (a pattern slow
	// everywhere but never over budget is left alone).
	probeWall = 10 * time.Second
	maxCached = 4096
)

var (
	probeCache  sync.Map // pattern -> probe result ("" = passed)
	probeCached atomic.Int64
)

// probe returns "" when the rule's pattern survives every adversarial input
// within probeBudget, else the problem. Results are cached per pattern.
func probe(r *Rule) string {
	if v, ok := probeCache.Load(r.Pattern); ok {
		return v.(string)
	}
	msg := runProbe(r)
	if probeCached.Add(1) <= maxCached {
		probeCache.Store(r.Pattern, msg)
	}
	return msg
}

func runProbe(r *Rule) (msg string) {
	defer func() {
		if v := recover(); v != nil {
			msg = ""
		}
	}()
	re := r.regexFor(probeBudget) // the copy compiled at load: probeBudget == DefaultMatchTimeout
	var slow *regexp2.Regexp
	start := time.Now()
	for _, in := range probeInputs(patternShape(r.Pattern), r.Examples.Match, probeRun) {
		if time.Since(start) > probeWall {
			return ""
		}
		if !overBudget(re, in) {
			continue
		}
		// Confirm with a 10x larger budget: a quadratic or cubic pattern
		// finishes a probe input easily even on a loaded machine under
		// -race, an exponential one never does.
		if slow == nil {
			var err error
			if slow, err = compilePattern(r.Pattern); err != nil {
				return ""
			}
			slow.MatchTimeout = probeConfirm
		}
		if overBudget(slow, in) {
			return fmt.Sprintf("catastrophic backtracking: a %d-byte input (%s) takes over %v", len(in), describe(in), probeConfirm)
		}
	}
	return ""
}

// overBudget reports whether the regex exceeds its MatchTimeout (or its
// backtracking stack) on in.
func overBudget(re *regexp2.Regexp, in string) bool {
	_, err := re.FindAllStringIndex(in, -1)
	return err != nil
}

// describe summarises a probe input without reproducing it: "1024×'a' then '!'".
func describe(in string) string {
	rs := []rune(in)
	if len(rs) == 0 {
		return "empty"
	}
	n := 0
	for n < len(rs) && rs[n] == rs[0] {
		n++
	}
	if n == len(rs) {
		return fmt.Sprintf("%d×%q", n, rs[0])
	}
	if n == len(rs)-1 {
		return fmt.Sprintf("%d×%q then %q", n, rs[0], rs[n])
	}
	return fmt.Sprintf("%q…", string(rs[:min(len(rs), 12)]))
}

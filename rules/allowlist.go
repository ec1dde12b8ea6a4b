package rules

import (
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/dlclark/regexp2/v2"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/unicode/norm"
)

// Allowlist is a rule's list of matched values it never reports: exact
// values, compared after AllowKey normalisation, and regexp2 patterns run
// over MatchedValue under the match timeout.
type Allowlist struct {
	Values   []string
	Patterns []string
}

// allowlist is an Allowlist compiled.
type allowlist struct {
	values map[string]bool // AllowKey of each value
	pats   []*allowPattern
}

// allowPattern is one compiled allowlist pattern, with a copy per match
// timeout (as Rule keeps for its own regex).
type allowPattern struct {
	src   string
	re    *regexp2.Regexp // MatchTimeout = DefaultMatchTimeout
	timed sync.Map        // time.Duration -> *regexp2.Regexp
}

// MatchedValue is the value a match stands for: the match with the ':' or
// '=' an assignment-shaped rule starts at, and surrounding spaces, tabs and
// quotes, trimmed. Allowlists and the password and aws-secret validators
// judge it.
func MatchedValue(s string) string {
	s = strings.TrimLeft(s, " \t")
	if s != "" && (s[0] == ':' || s[0] == '=') {
		s = s[1:]
	}
	return strings.Trim(s, " \t\"'`")
}

// AllowKey normalises a value for comparison with allowlist values:
// Unicode NFKC, lowercased, with whitespace, hyphens and dots removed, so
// "4000 0000 0000 0002" and "4000-0000-0000-0002" are the same value.
func AllowKey(s string) string {
	s = strings.ToLower(norm.NFKC.String(s))
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' || r == '.' {
			return -1
		}
		return r
	}, s)
}

// allows reports whether the matched text m is allowlisted. A pattern that
// exceeds timeout is a *TimeoutError for rule id.
func (a *allowlist) allows(id, m string, timeout time.Duration) (bool, error) {
	if a == nil {
		return false, nil
	}
	v := MatchedValue(m)
	if len(a.values) > 0 && a.values[AllowKey(v)] {
		return true, nil
	}
	for _, p := range a.pats {
		ok, err := p.regexFor(timeout).MatchString(v)
		if err != nil {
			return false, &TimeoutError{RuleID: id}
		}
		if ok {
			return true, nil
		}
	}
	return false, nil
}

// regexFor returns the pattern compiled with MatchTimeout timeout.
func (p *allowPattern) regexFor(timeout time.Duration) *regexp2.Regexp {
	if timeout <= 0 || timeout == DefaultMatchTimeout {
		return p.re
	}
	if c, ok := p.timed.Load(timeout); ok {
		return c.(*regexp2.Regexp)
	}
	re, err := compilePattern(p.src)
	if err != nil { // cannot happen: it compiled at load
		return p.re
	}
	re.MatchTimeout = timeout
	c, _ := p.timed.LoadOrStore(timeout, re)
	return c.(*regexp2.Regexp)
}

// setAllowlist decodes `allowlist: {values: [...], patterns: [...]}`,
// strictly; the line of each pattern is kept for compile's problems.
func setAllowlist(r *Rule, v *yaml.Node) string {
	if v.Kind != yaml.MappingNode {
		return "want a mapping with values and patterns lists"
	}
	seen := map[string]bool{}
	for j := 0; j+1 < len(v.Content); j += 2 {
		k, val := v.Content[j], v.Content[j+1]
		var dst *[]string
		switch k.Value {
		case "values":
			dst = &r.Allowlist.Values
		case "patterns":
			dst = &r.Allowlist.Patterns
			r.allowLines = r.allowLines[:0]
			for _, item := range val.Content {
				r.allowLines = append(r.allowLines, item.Line)
			}
		default:
			return fmt.Sprintf("unknown key %q (want values, patterns)", k.Value)
		}
		if seen[k.Value] {
			return fmt.Sprintf("duplicate key %q", k.Value)
		}
		seen[k.Value] = true
		if val.Kind != yaml.SequenceNode {
			return k.Value + ": want a list of strings"
		}
		out := make([]string, 0, len(val.Content))
		for _, item := range val.Content {
			if item.Kind != yaml.ScalarNode || item.Tag == "!!null" {
				return k.Value + ": want a list of strings"
			}
			if item.Value == "" {
				return k.Value + ": empty entry"
			}
			out = append(out, item.Value)
		}
		*dst = out
	}
	return ""
}

// compileAllowlist compiles r.Allowlist; each pattern that does not compile
// or matches every value is a problem at its line.
func (d *ruleDecoder) compileAllowlist() {
	r := d.rule
	if len(r.Allowlist.Values) == 0 && len(r.Allowlist.Patterns) == 0 {
		return
	}
	a := &allowlist{}
	if len(r.Allowlist.Values) > 0 {
		a.values = make(map[string]bool, len(r.Allowlist.Values))
		for _, v := range r.Allowlist.Values {
			a.values[AllowKey(MatchedValue(v))] = true
		}
	}
	for i, src := range r.Allowlist.Patterns {
		line := r.Pos.Line
		if i < len(r.allowLines) {
			line = r.allowLines[i]
		}
		re, err := compilePattern(src)
		if err != nil {
			d.add(line, "allowlist: patterns[%d] does not compile: %v", i, err)
			continue
		}
		re.MatchTimeout = DefaultMatchTimeout
		if ok, _ := re.MatchString("Zq7#kW2p"); ok {
			if ok2, _ := re.MatchString("4012888888881881"); ok2 {
				d.add(line, "allowlist: patterns[%d] matches any value", i)
				continue
			}
		}
		a.pats = append(a.pats, &allowPattern{src: src, re: re})
	}
	r.allow = a
}

package rules

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/dlclark/regexp2/v2"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/unicode/norm"
)

// Allowlist is a rule's list of matches it never reports: exact values,
// compared after AllowKey normalisation; regexp2 patterns run over
// MatchedValue, and line patterns over the line the value lies in, under
// the match timeout; and the named allowlists of its file it uses (see
// README "Rules").
type Allowlist struct {
	Values   []string
	Patterns []string
	Lines    []string
	Use      []string
}

// empty reports whether a lists nothing.
func (a *Allowlist) empty() bool {
	return len(a.Values) == 0 && len(a.Patterns) == 0 && len(a.Lines) == 0 && len(a.Use) == 0
}

// allowlist is an Allowlist compiled, with the named allowlists it uses
// merged in.
type allowlist struct {
	values map[string]bool // AllowKey of each value
	pats   []*allowPattern
	lines  []*allowPattern
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

// allows reports whether the finding m of text is allowlisted. A pattern
// that exceeds timeout is a *TimeoutError for rule id.
func (a *allowlist) allows(id, text string, m Match, timeout time.Duration) (bool, error) {
	if a == nil {
		return false, nil
	}
	v := MatchedValue(text[m.Start:m.End])
	if len(a.values) > 0 && a.values[AllowKey(v)] {
		return true, nil
	}
	if ok, err := anyMatch(a.pats, v, timeout); ok || err != nil {
		return ok, timeoutFor(id, err)
	}
	if len(a.lines) == 0 {
		return false, nil
	}
	ok, err := anyMatch(a.lines, lineAround(text, m.Start, m.End), timeout)
	return ok, timeoutFor(id, err)
}

// anyMatch reports whether one of pats matches s.
func anyMatch(pats []*allowPattern, s string, timeout time.Duration) (bool, error) {
	for _, p := range pats {
		ok, err := p.regexFor(timeout).MatchString(s)
		if err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}

// timeoutFor is err, a regexp2 timeout, as a *TimeoutError for rule id.
func timeoutFor(id string, err error) error {
	if err != nil {
		return &TimeoutError{RuleID: id}
	}
	return nil
}

// maxLineBytes bounds the line an allowlist's line patterns read: at most
// so many bytes on either side of the value.
const maxLineBytes = 128

// ValueMark stands for the value in the line an allowlist's line patterns
// read: U+FFFC OBJECT REPLACEMENT CHARACTER, `\uFFFC` in a pattern.
const ValueMark = "\uFFFC"

// lineAround is the line of text holding text[start:end], with that
// value replaced by ValueMark: what line patterns read, the words around
// a value and where it stands, not the value (a password "Pirate22" on a
// line is no advice about pirates).
func lineAround(text string, start, end int) string {
	a, b := lineBounds(text, start, end)
	return text[a:start] + ValueMark + text[end:b]
}

// lineBounds is where the line of text holding text[start:end] begins
// and ends: after the newline before start, at the newline at or after
// end (a value spanning lines gives them all), at most maxLineBytes on
// either side, cut at character boundaries.
func lineBounds(text string, start, end int) (a, b int) {
	lo, hi := max(0, start-maxLineBytes), min(len(text), end+maxLineBytes)
	a, b = lo, hi
	if i := strings.LastIndexByte(text[lo:start], '\n'); i >= 0 {
		a = lo + i + 1
	} else {
		for !RuneBoundary(text, a) {
			a++
		}
	}
	if i := strings.IndexByte(text[end:hi], '\n'); i >= 0 {
		b = end + i
		if b > end && text[b-1] == '\r' {
			b-- // a CRLF line ends before its \r
		}
	} else {
		for !RuneBoundary(text, b) {
			b--
		}
	}
	return a, b
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

// allowAt is the line of each entry of an Allowlist's lists, for
// problems.
type allowAt struct {
	patterns, lines, use []int
}

// setAllowlist decodes a rule's `allowlist:` (values, patterns, lines,
// use), strictly.
func setAllowlist(r *Rule, v *yaml.Node) string {
	return decodeAllowlist(v, &r.Allowlist, &r.allowAt, true)
}

// decodeAllowlist decodes an allowlist mapping into a, with the line of
// each entry into at; use is a key only where withUse.
func decodeAllowlist(v *yaml.Node, a *Allowlist, at *allowAt, withUse bool) string {
	want := "values, patterns, lines"
	if withUse {
		want += ", use"
	}
	if v.Kind != yaml.MappingNode {
		return "want a mapping of " + want + " lists"
	}
	seen := map[string]bool{}
	for j := 0; j+1 < len(v.Content); j += 2 {
		k, val := v.Content[j], v.Content[j+1]
		var dst *[]string
		var lines *[]int
		switch k.Value {
		case "values":
			dst = &a.Values
		case "patterns":
			dst, lines = &a.Patterns, &at.patterns
		case "lines":
			dst, lines = &a.Lines, &at.lines
		case "use":
			if withUse {
				dst, lines = &a.Use, &at.use
				break
			}
			fallthrough
		default:
			return fmt.Sprintf("unknown key %q (want %s)", k.Value, want)
		}
		if seen[k.Value] {
			return fmt.Sprintf("duplicate key %q", k.Value)
		}
		seen[k.Value] = true
		if val.Kind != yaml.SequenceNode {
			return k.Value + ": want a list of strings"
		}
		out := make([]string, 0, len(val.Content))
		var at []int
		for _, item := range val.Content {
			if item.Kind != yaml.ScalarNode || item.Tag == "!!null" {
				return k.Value + ": want a list of strings"
			}
			if item.Value == "" {
				return k.Value + ": empty entry"
			}
			out = append(out, item.Value)
			at = append(at, item.Line)
		}
		*dst = out
		if lines != nil {
			*lines = at
		}
	}
	return ""
}

// A namedAllowlist is an entry of a rule file's `allowlists:`, which the
// file's rules name in `use`.
type namedAllowlist struct {
	compiled *allowlist
}

// parseAllowlists decodes and compiles a rule file's `allowlists:`
// mapping (name: allowlist); problems name the allowlist.
func parseAllowlists(v *yaml.Node, file string) (map[string]*namedAllowlist, []Problem) {
	var ps []Problem
	add := func(line int, format string, args ...any) {
		ps = append(ps, Problem{File: file, Line: line, Message: "allowlists: " + fmt.Sprintf(format, args...)})
	}
	if v.Kind != yaml.MappingNode {
		ps = append(ps, Problem{File: file, Line: v.Line, Message: "`allowlists:` must be a mapping of names to allowlists"})
		return nil, ps
	}
	named := map[string]*namedAllowlist{}
	for j := 0; j+1 < len(v.Content); j += 2 {
		k, val := v.Content[j], v.Content[j+1]
		name := k.Value
		switch {
		case k.Kind != yaml.ScalarNode || !idRE.MatchString(name) || len(name) > 100:
			add(k.Line, "%q is not a kebab-case name", name)
			continue
		case named[name] != nil:
			add(k.Line, "duplicate name %q", name)
			continue
		}
		// A name whose allowlist has a problem is known all the same: the
		// rules that use it get no second problem for it.
		named[name] = &namedAllowlist{compiled: &allowlist{}}
		if val.Kind == yaml.AliasNode {
			add(k.Line, "%s: YAML aliases are not supported", name)
			continue
		}
		var a Allowlist
		var at allowAt
		if msg := decodeAllowlist(val, &a, &at, false); msg != "" {
			add(k.Line, "%s: %s", name, msg)
			continue
		}
		named[name].compiled = compileAllowlist(&a, &at, k.Line, func(line int, format string, args ...any) {
			add(line, "%s: "+format, append([]any{name}, args...)...)
		})
	}
	return named, ps
}

// compileAllowlist compiles the lists of a (not its use); each pattern
// that does not compile, or allows anything, is a problem at its line
// (line when unknown) given to add.
func compileAllowlist(a *Allowlist, at *allowAt, line int, add func(line int, format string, args ...any)) *allowlist {
	c := &allowlist{}
	if len(a.Values) > 0 {
		c.values = make(map[string]bool, len(a.Values))
		for _, v := range a.Values {
			c.values[AllowKey(MatchedValue(v))] = true
		}
	}
	c.pats = compileAllowPatterns("patterns", a.Patterns, at.patterns, line, add, func(re *regexp2.Regexp) bool {
		ok, _ := re.MatchString("Zq7#kW2p")
		ok2, _ := re.MatchString("4012888888881881")
		return ok && ok2
	}, "matches any value")
	c.lines = compileAllowPatterns("lines", a.Lines, at.lines, line, add, func(re *regexp2.Regexp) bool {
		for _, l := range plainLines {
			if ok, _ := re.MatchString(l); !ok {
				return false
			}
		}
		return true
	}, "matches any line")
	return c
}

// plainLines are lines around a value that say nothing about it: a line
// pattern matching them all allows any value.
var plainLines = []string{ValueMark, " " + ValueMark, "card " + ValueMark, "the card is " + ValueMark + " thanks", "Karte: " + ValueMark, ValueMark + " ok"}

// compileAllowPatterns compiles the allowlist patterns srcs of list key;
// one that does not compile or of which any says it allows everything
// is a problem at its line.
func compileAllowPatterns(key string, srcs []string, at []int, line int, add func(line int, format string, args ...any), any func(*regexp2.Regexp) bool, anyMsg string) []*allowPattern {
	var out []*allowPattern
	for i, src := range srcs {
		l := line
		if i < len(at) {
			l = at[i]
		}
		re, err := compilePattern(src)
		if err != nil {
			add(l, "allowlist: %s[%d] does not compile: %v", key, i, err)
			continue
		}
		re.MatchTimeout = DefaultMatchTimeout
		if any(re) {
			add(l, "allowlist: %s[%d] %s", key, i, anyMsg)
			continue
		}
		out = append(out, &allowPattern{src: src, re: re})
	}
	return out
}

// compileAllowlist compiles the rule's allowlist, with the named
// allowlists of its file it uses merged in; an unknown name is a problem
// at its line.
func (d *ruleDecoder) compileAllowlist() {
	r := d.rule
	if r.Allowlist.empty() {
		return
	}
	c := compileAllowlist(&r.Allowlist, &r.allowAt, r.Pos.Line, d.add)
	seen := map[string]bool{}
	for i, name := range r.Allowlist.Use {
		l := r.Pos.Line
		if i < len(r.allowAt.use) {
			l = r.allowAt.use[i]
		}
		n := d.named[name]
		switch {
		case n == nil:
			d.add(l, "allowlist: use: no allowlist %q in this file's `allowlists:`", name)
		case seen[name]:
			d.add(l, "allowlist: use: %q twice", name)
		default:
			c = c.merge(n.compiled)
		}
		seen[name] = true
	}
	r.allow = c
}

// merge returns a with the entries of b added (a new allowlist; a and b
// are shared by other rules and stay as they are).
func (a *allowlist) merge(b *allowlist) *allowlist {
	out := &allowlist{
		pats:  append(slices.Clip(a.pats), b.pats...),
		lines: append(slices.Clip(a.lines), b.lines...),
	}
	if len(a.values)+len(b.values) > 0 {
		out.values = make(map[string]bool, len(a.values)+len(b.values))
		maps.Copy(out.values, a.values)
		maps.Copy(out.values, b.values)
	}
	return out
}

package rules

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dlclark/regexp2/v2"
	"github.com/dlclark/regexp2/v2/syntax"
)

// regexOptions are the options every pattern is compiled with. RE2 mode gives
// Go/gitleaks semantics (ASCII \d \w \s \b, (?P<name>…), $ at end of text)
// while keeping regexp2's lookarounds, backreferences and possessive
// quantifiers. Case-insensitivity is inline: (?i).
const regexOptions = regexp2.RE2

// compilePattern compiles a rule pattern; it never panics (a panic inside
// regexp2 becomes an error).
func compilePattern(pattern string) (re *regexp2.Regexp, err error) {
	defer func() {
		if v := recover(); v != nil {
			re, err = nil, errors.New("regexp2 failed on this pattern")
		}
	}()
	if fast := fastEscapes(pattern); fast != pattern {
		if re, err := regexp2.Compile(fast, regexOptions); err == nil {
			return re, nil
		}
	}
	return regexp2.Compile(pattern, regexOptions)
}

// Match applies the full semantics of the rule to text: keyword presence
// (unless Prefilter is false or the rule has no keywords), then the regex,
// the validator and keyword proximity. It returns every accepted match;
// the caller applies MinCount. A regex that exceeds timeout (<= 0 means
// DefaultMatchTimeout) returns *TimeoutError.
func (r *Rule) Match(text string, timeout time.Duration) ([]Match, error) {
	if r.Prefilter && len(r.Keywords) > 0 && !containsKeyword(strings.ToLower(text), r.Keywords) {
		return nil, nil
	}
	return r.FindAll(text, timeout)
}

// tooLong reports a text longer than the rule reads (MaxLength).
func (r *Rule) tooLong(text string) bool { return r.MaxLength > 0 && len(text) > r.MaxLength }

// FindAll is Match without the keyword-presence gate: the caller (the
// engine's prefilter) has already established it. Proximity and the
// validator still apply.
func (r *Rule) FindAll(text string, timeout time.Duration) ([]Match, error) {
	if r.tooLong(text) {
		return nil, nil
	}
	var out []Match
	err := r.each(text, timeout, func(s, e int) (bool, error) {
		v, ok, err := r.accept(text, s, e, timeout)
		if ok {
			out = append(out, v)
		}
		return ok, err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// hides reports whether a match the rule rejects (validator, proximity,
// allowlist) hides the matches that overlap it, as a regex's matches do
// one another: not for a rule with keyword proximity, whose matches far
// from a keyword must not hide one near it (the engine tries such a rule
// near its keywords only).
func (r *Rule) hides() bool { return r.Proximity <= 0 || len(r.Keywords) == 0 }

// each calls yield with the non-empty matches of the regex in text, in
// order: after a match yield accepts, from its end; after one it rejects,
// from its end too if the rule hides (Rule.hides), else from the
// character after its start. An error from yield stops it.
func (r *Rule) each(text string, timeout time.Duration, yield func(s, e int) (bool, error)) error {
	if r.hides() {
		idx, err := r.findIndex(text, timeout)
		if err != nil {
			return err
		}
		for _, m := range idx {
			if m[1] <= m[0] {
				continue
			}
			if _, err := yield(m[0], m[1]); err != nil {
				return err
			}
		}
		return nil
	}
	re := r.regexFor(timeout)
	for pos := 0; pos <= len(text); {
		s, e, err := r.next(re, text, pos)
		if err != nil {
			return err
		}
		if s < 0 {
			return nil
		}
		ok := false
		if e > s {
			if ok, err = yield(s, e); err != nil {
				return err
			}
		}
		if ok {
			pos = e
		} else if s < len(text) {
			_, size := utf8.DecodeRuneInString(text[s:])
			pos = s + size
		} else {
			return nil
		}
	}
	return nil
}

// next is the first match of re in text at or after byte pos, s = -1 if
// none, with findIndex's handling of timeouts and panics.
func (r *Rule) next(re *regexp2.Regexp, text string, pos int) (s, e int, err error) {
	defer func() {
		if v := recover(); v != nil {
			s, e, err = -1, -1, fmt.Errorf("rules: %s: regexp2 failed on a message", r.ID)
		}
	}()
	m, err := re.FindStringMatchStartingAt(text, pos)
	if err != nil {
		return -1, -1, &TimeoutError{RuleID: r.ID}
	}
	if m == nil {
		return -1, -1, nil
	}
	i, n := m.ByteRange()
	return i, i + n, nil
}

// findIndex runs the regex. regexp2 only fails on a timeout or its
// backtracking-stack limit, and its error text quotes the whole input: both
// become a *TimeoutError naming the rule only. A panic inside regexp2 is an
// error too, never a crash.
func (r *Rule) findIndex(text string, timeout time.Duration) ([][]int, error) {
	return r.run(r.regexFor(timeout), text, -1)
}

// run finds up to n matches of re (all if n < 0), with findIndex's
// handling of timeouts and panics.
func (r *Rule) run(re *regexp2.Regexp, text string, n int) (idx [][]int, err error) {
	err = r.guard(func() (e error) {
		idx, e = re.FindAllStringIndex(text, n)
		return e
	})
	if err != nil {
		return nil, err
	}
	return idx, nil
}

// guard runs one call of the regex engine: its error (a timeout) comes
// back as a *TimeoutError, and its panic as an error naming the rule only.
func (r *Rule) guard(call func() error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("rules: %s: regexp2 failed on a message", r.ID)
		}
	}()
	if call() != nil {
		return &TimeoutError{RuleID: r.ID}
	}
	return nil
}

// Span is the byte range [Start, End) of a text.
type Span struct{ Start, End int }

// Local reports whether the rule's pattern reads nothing of the text but
// its match and the characters on either side of it (\b, \B): no anchors,
// lookarounds or conditionals. FindAllIn is exact for such a rule.
func (r *Rule) Local() bool { return r.local }

// LeftLocal reports whether the rule's pattern reads nothing before its
// match but the character next to it: no lookbehinds or start anchors
// (lookaheads and $ are allowed). FindAllIn is exact for such a rule with
// spans that run to the end of the text.
func (r *Rule) LeftLocal() bool { return r.leftLocal }

// FindAllIn is FindAll for a caller that knows every match of the regex
// (before the validator) lies inside one of spans (sorted, disjoint): the
// regex runs on each span with one character of context on either side, so
// \b and \B at the span's ends read right. For a Local rule it finds what
// FindAll finds there, reading a fraction of the text.
//
// A match reaching into the context is none of the text's (it lies outside
// the spans), but it may exist only because the context is cut short (a
// \b at its end reads the end of the span's text) and hide a real match
// that overlaps it: then FindAllIn gives FindAll's answer instead.
func (r *Rule) FindAllIn(text string, spans []Span, timeout time.Duration) ([]Match, error) {
	if r.tooLong(text) {
		return nil, nil
	}
	var out []Match
	prev := 0 // where the last span ended
	for _, sp := range spans {
		a, b := max(0, sp.Start), min(len(text), sp.End)
		if a >= b {
			continue
		}
		// A span cut inside a character is widened to whole characters
		// (regexp2 would read the cut bytes as characters of their own),
		// never back over the span before it.
		for !RuneBoundary(text, a) {
			a--
		}
		for !RuneBoundary(text, b) {
			b++
		}
		a, prev = max(a, prev), max(prev, b)
		if a >= b {
			continue
		}
		ca, cb := Window(text, a, b, 1)
		outside := false
		err := r.each(text[ca:cb], timeout, func(s, e int) (bool, error) {
			s, e = ca+s, ca+e
			if s < a || e > b {
				outside = true
				return false, errOutside
			}
			v, ok, err := r.accept(text, s, e, timeout)
			if ok {
				out = append(out, v)
			}
			return ok, err
		})
		if outside {
			return r.FindAll(text, timeout)
		}
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// errOutside stops FindAllIn at a match reaching into a span's context.
var errOutside = errors.New("rules: match outside its span")

// FindAllFrom is FindAll for a LeftLocal rule whose every match (before
// the validator) starts at one of starts (sorted): the regex is tried
// anchored at each start past the last match, with the text before it but
// one character (for \b) cut off. A rule whose matches begin only at its
// leading literals reads the text from those alone, not from every
// position to the end.
func (r *Rule) FindAllFrom(text string, starts []int, timeout time.Duration) ([]Match, error) {
	return r.FindAllFromWithin(text, starts, -1, timeout)
}

// FindAllFromWithin is FindAllFrom where a match and what its lookaheads
// read after it lie within the within bytes from its start (within < 0:
// anywhere): each anchored try is given the text up to there, not to its
// end. The caller bounds within by the longest match and the lookaheads'
// reach (LookaheadReach), so the matches are those of FindAllFrom; the
// bound keeps a try from costing the length of the rest of the text.
func (r *Rule) FindAllFromWithin(text string, starts []int, within int, timeout time.Duration) ([]Match, error) {
	if r.tooLong(text) {
		return nil, nil
	}
	if !r.leftLocal && r.opening == nil {
		return r.FindAll(text, timeout)
	}
	var out []Match
	pos := 0 // where the last match ended
	for _, st := range starts {
		if st < pos || st > len(text) || !RuneBoundary(text, st) {
			continue // no match begins inside a character
		}
		ca, v := st, anchoredAt0
		if st > 0 {
			// One character before the match for its opening lookbehind
			// or \b, or what the lookbehinds inside it read (Behind).
			n := 1
			if r.opening != nil {
				n = max(n, r.opening.Behind)
			}
			ca, _ = Window(text, st, st, n)
			v = anchoredAt1
			if n > 1 {
				v += utf8.RuneCountInString(text[ca:st]) - 1
			}
		}
		re, ok := r.variant(timeout, v)
		if !ok {
			return r.FindAll(text, timeout)
		}
		end := len(text)
		if within >= 0 && st+within < end {
			end = st + within
			for end < len(text) && !RuneBoundary(text, end) {
				end++
			}
		}
		e, val, err := r.anchoredFirst(re, text[ca:end])
		if err != nil {
			return nil, err
		}
		s, e := st, ca+e
		if e <= s {
			continue // FindAll passes over empty matches too (no match: e is ca)
		}
		value := Match{Start: s, End: e}
		if val.End > 0 {
			value = Match{Start: ca + val.Start, End: ca + val.End}
		}
		f, ok, err := r.acceptValue(text, s, e, value, timeout)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, f)
		}
		if ok || r.hides() {
			pos = e
		}
	}
	return out, nil
}

// RuneBoundary reports whether a character of text begins (or text ends)
// at i, as regexp2 decodes it: an invalid byte is a character of its own.
func RuneBoundary(text string, i int) bool {
	for k := 1; k <= utf8.UTFMax-1 && k <= i; k++ {
		if utf8.RuneStart(text[i-k]) {
			_, size := utf8.DecodeRuneInString(text[i-k:])
			return size <= k
		}
	}
	return true
}

// anchoredFirst is where the first match of re (a variant anchored at
// the start of text) ends, 0 if there is none, and where the rule has a
// value group that took part, its span (else an empty Match). The pattern
// reads nothing before text (the variant starts at most one character
// before the match) and text holds what it reads after, so the group is
// the one the regex finds there in the whole text: valueSpan need not run
// it again. A rule without a value group asks for no groups.
func (r *Rule) anchoredFirst(re *regexp2.Regexp, text string) (end int, value Match, err error) {
	if r.valueGroup == 0 || r.valueWhole {
		idx, err := r.findFirst(re, text)
		if err != nil || idx == nil {
			return 0, Match{}, err
		}
		return idx[1], Match{}, nil
	}
	m, err := r.firstMatch(re, text)
	if err != nil || m == nil {
		return 0, Match{}, err
	}
	i, n := m.ByteRange()
	if g := m.GroupByNumber(r.valueGroup); g != nil && len(g.Captures) > 0 {
		if gi, gn := g.ByteRange(); gn > 0 && gi >= 0 && gi+gn <= len(text) {
			value = Match{Start: gi, End: gi + gn}
		}
	}
	return i + n, value, nil
}

// findFirst is the first match of re only, nil if none.
func (r *Rule) findFirst(re *regexp2.Regexp, text string) ([]int, error) {
	all, err := r.run(re, text, 1)
	if err != nil || len(all) == 0 {
		return nil, err
	}
	return all[0], nil
}

// firstMatch is the first match of re in text, with its groups; nil if
// none. Timeouts and panics are handled as run handles them.
func (r *Rule) firstMatch(re *regexp2.Regexp, text string) (m *regexp2.Match, err error) {
	err = r.guard(func() (e error) {
		m, e = re.FindStringMatch(text)
		return e
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// LookaheadReach is, for a pattern whose only reads outside its match are
// \b, \B, lookaheads and one lookbehind, the most characters a lookahead
// reads from where it stands; -1 for any other pattern or an unbounded
// lookahead. With the lookbehind bounded by its leading literal (the
// engine's gates establish it), such a rule may run on a span from that
// literal to the longest match plus this reach (FindAllIn).
func (r *Rule) LookaheadReach() int { return r.reach }

// lookaheadReach computes LookaheadReach.
func lookaheadReach(pattern string) int { return lookaheadReachOf(parseTree(pattern)) }

// parseTree parses pattern as regexp2 does, nil if it does not parse.
func parseTree(pattern string) *syntax.RegexTree {
	tree, err := syntax.Parse(fastEscapes(pattern), syntax.ParseOptions{RegexOptions: syntax.RE2})
	if err != nil || tree.Root == nil {
		return nil
	}
	return tree
}

// lookaheadReachOf is lookaheadReach of a parsed pattern (nil: -1).
func lookaheadReachOf(tree *syntax.RegexTree) int {
	if tree == nil {
		return -1
	}
	reach, behind := 0, 0
	inner := innerBehinds(tree.Root, openingBehind(tree.Root))
	var walk func(n *syntax.RegexNode) bool
	walk = func(n *syntax.RegexNode) bool {
		if need, ok := inner[n]; ok && need <= 0 {
			// It reads inside the match, and a \b at its end the
			// character after its place.
			reach = max(reach, 1)
			return true
		}
		switch n.T {
		case syntax.NtBol, syntax.NtBeginning, syntax.NtStart, syntax.NtEol, syntax.NtEndZ, syntax.NtEnd,
			syntax.NtBackRefCond, syntax.NtExprCond, syntax.NtGrapheme, syntax.NtUnknown, syntax.NtRef:
			return false
		case syntax.NtPosLook, syntax.NtNegLook:
			if n.Options&syntax.RightToLeft != 0 {
				behind++
				return behind == 1 // nothing inside it may look further
			}
			w := maxWidth(n)
			if w < 0 {
				return false
			}
			reach = max(reach, w)
		}
		for _, c := range n.Children {
			if !walk(c) {
				return false
			}
		}
		return true
	}
	if !walk(tree.Root) {
		return -1
	}
	return reach
}

// maxWidth is the most characters n can read, -1 if unbounded. A
// lookaround counts as if it consumed what it reads: an upper bound.
func maxWidth(n *syntax.RegexNode) int { return widthOf(n, false) }

// widthOf is maxWidth; with ends, an end anchor ($, \Z, \z) counts as
// reading one character (the one after its place, if any).
func widthOf(n *syntax.RegexNode, ends bool) int {
	const unbounded = -1
	switch n.T {
	case syntax.NtOne, syntax.NtNotone, syntax.NtSet:
		return 1
	case syntax.NtMulti:
		return len(n.Str)
	case syntax.NtEol, syntax.NtEndZ, syntax.NtEnd:
		if ends {
			return 1
		}
		return unbounded
	case syntax.NtEmpty, syntax.NtNothing, syntax.NtBoundary, syntax.NtNonboundary,
		syntax.NtECMABoundary, syntax.NtNonECMABoundary, syntax.NtUpdateBumpalong, syntax.NtResetCapture:
		return 0
	case syntax.NtOneloop, syntax.NtNotoneloop, syntax.NtSetloop, syntax.NtOnelazy, syntax.NtNotonelazy,
		syntax.NtSetlazy, syntax.NtOneloopatomic, syntax.NtNotoneloopatomic, syntax.NtSetloopatomic:
		if n.N < 0 || n.N >= 1<<20 {
			return unbounded
		}
		return n.N
	case syntax.NtLoop, syntax.NtLazyloop:
		if n.N < 0 || n.N >= 1<<20 || len(n.Children) != 1 {
			return unbounded
		}
		w := widthOf(n.Children[0], ends)
		if w < 0 || (w > 0 && n.N > (1<<20)/w) {
			return unbounded
		}
		return w * n.N
	case syntax.NtConcatenate:
		sum := 0
		for _, c := range n.Children {
			w := widthOf(c, ends)
			if w < 0 {
				return unbounded
			}
			sum += w
		}
		return sum
	case syntax.NtAlternate:
		most := 0
		for _, c := range n.Children {
			w := widthOf(c, ends)
			if w < 0 {
				return unbounded
			}
			most = max(most, w)
		}
		return most
	case syntax.NtCapture, syntax.NtGroup, syntax.NtAtomic, syntax.NtPosLook, syntax.NtNegLook:
		if len(n.Children) != 1 {
			return unbounded
		}
		return widthOf(n.Children[0], ends)
	}
	return unbounded
}

// isLocal parses pattern as regexp2 does and looks for anything that reads
// beyond a match: anchors, lookarounds, conditionals, \G, \X.
func isLocal(pattern string) bool { return readsOf(parseTree(pattern), false) }

// isLeftLocal is isLocal but for what reads after a match: lookaheads and
// end anchors are allowed, lookbehinds and start anchors are not.
func isLeftLocal(pattern string) bool { return readsOf(parseTree(pattern), true) }

// OpensWithBoundary reports whether every match of the rule's pattern
// begins at a word boundary (\b first in each alternative): no match
// starts between two word characters, so a leading literal found inside a
// word ("mit " in commit) starts none.
func (r *Rule) OpensWithBoundary() bool { return r.opensBound }

// opensWithBoundary computes OpensWithBoundary.
func opensWithBoundary(pattern string) bool { return opensWithBoundaryOf(parseTree(pattern)) }

// opensWithBoundaryOf is opensWithBoundary of a parsed pattern.
func opensWithBoundaryOf(tree *syntax.RegexTree) bool {
	if tree == nil {
		return false
	}
	var opens func(n *syntax.RegexNode) bool
	opens = func(n *syntax.RegexNode) bool {
		switch n.T {
		case syntax.NtBoundary:
			return true
		case syntax.NtConcatenate, syntax.NtCapture, syntax.NtGroup, syntax.NtAtomic:
			return len(n.Children) > 0 && opens(n.Children[0])
		case syntax.NtAlternate:
			for _, c := range n.Children {
				if !opens(c) {
					return false
				}
			}
			return len(n.Children) > 0
		}
		return false
	}
	return opens(tree.Root)
}

// readsOf reports that a parsed pattern reads nothing
// before a match but the character next to it (\b), and, unless right, nothing
// after it either.
func readsOf(tree *syntax.RegexTree, right bool) bool {
	if tree == nil {
		return false
	}
	var ok func(n *syntax.RegexNode) bool
	ok = func(n *syntax.RegexNode) bool {
		switch n.T {
		case syntax.NtBol, syntax.NtBeginning, syntax.NtStart,
			syntax.NtBackRefCond, syntax.NtExprCond, syntax.NtGrapheme, syntax.NtUnknown:
			return false
		case syntax.NtEol, syntax.NtEndZ, syntax.NtEnd:
			if !right {
				return false
			}
		case syntax.NtPosLook, syntax.NtNegLook:
			if !right || n.Options&syntax.RightToLeft != 0 { // a lookbehind
				return false
			}
		}
		for _, c := range n.Children {
			if !ok(c) {
				return false
			}
		}
		return true
	}
	return tree.Root != nil && ok(tree.Root)
}

// accept applies the validator, proximity and the allowlist to the match
// text[start:end] and returns the finding: the match, or its `value` group
// when the pattern names one (the validator and the allowlist judge that
// group). An allowlist pattern or the group's lookup over its time budget
// is a *TimeoutError.
func (r *Rule) accept(text string, start, end int, timeout time.Duration) (Match, bool, error) {
	m := Match{Start: start, End: end}
	if r.valueGroup > 0 && !r.valueWhole {
		vs, ve, err := r.valueSpan(text, start, end, timeout)
		if err != nil {
			return m, false, err
		}
		m = Match{Start: vs, End: ve}
	}
	return r.acceptValue(text, start, end, m, timeout)
}

// acceptValue is accept with the match's value span m already found.
func (r *Rule) acceptValue(text string, start, end int, m Match, timeout time.Duration) (Match, bool, error) {
	if r.validate != nil && !r.validate(text[m.Start:m.End]) {
		return m, false, nil
	}
	if r.Proximity > 0 && len(r.Keywords) > 0 {
		ws, we := Window(text, start, end, r.Proximity)
		if !keywordNear(strings.ToLower(text[ws:we]), r.Keywords, start-ws, end-ws, m.Start-ws, m.End-ws) {
			return m, false, nil
		}
	}
	if r.allow != nil {
		allowed, err := r.allow.allows(r.ID, text, m, timeout)
		return m, !allowed && err == nil, err
	}
	return m, true, nil
}

// valueSpan finds the `value` group of the match text[start:end]: the
// regex run again from start, on a window of valueContext characters
// around the match so that lookarounds read what they read the first time
// (regexp2 indexes the whole string it is given: on a long message the
// window keeps this at the size of the match), and on the whole text when
// the window's match comes out different. The group may lie in a
// lookbehind, before the match. A match that comes out different, or a
// group that took no part, leaves the whole match.
func (r *Rule) valueSpan(text string, start, end int, timeout time.Duration) (vs, ve int, err error) {
	ws, we := Window(text, start, end, valueContext)
	if ws > 0 || we < len(text) {
		vs, ve, err = r.valueSpanIn(text[ws:we], start-ws, end-ws, timeout)
		if err != nil || vs != start-ws || ve != end-ws {
			return vs + ws, ve + ws, err
		}
	}
	return r.valueSpanIn(text, start, end, timeout)
}

// valueContext is how many characters around a match valueSpan gives
// the regex to read first.
const valueContext = 256

// valueSpanIn is valueSpan on exactly text.
func (r *Rule) valueSpanIn(text string, start, end int, timeout time.Duration) (vs, ve int, err error) {
	defer func() {
		if v := recover(); v != nil {
			vs, ve, err = start, end, nil
		}
	}()
	m, err := r.regexFor(timeout).FindStringMatchStartingAt(text, start)
	if err != nil {
		return start, end, &TimeoutError{RuleID: r.ID}
	}
	if m == nil {
		return start, end, nil
	}
	if i, n := m.ByteRange(); i != start || i+n != end {
		return start, end, nil
	}
	g := m.GroupByNumber(r.valueGroup)
	if g == nil || len(g.Captures) == 0 {
		return start, end, nil
	}
	i, n := g.ByteRange()
	if n == 0 || i < 0 || i+n > len(text) {
		return start, end, nil
	}
	return i, i + n, nil
}

// Window widens [start,end) of text by n characters (runes) on each
// side: the span keyword proximity reads around a match.
func Window(text string, start, end, n int) (int, int) {
	for i := 0; i < n && start > 0; i++ {
		if text[start-1] < utf8.RuneSelf {
			start-- // ASCII: a byte a character
			continue
		}
		_, size := utf8.DecodeLastRuneInString(text[:start])
		start -= size
	}
	for i := 0; i < n && end < len(text); i++ {
		if text[end] < utf8.RuneSelf {
			end++
			continue
		}
		_, size := utf8.DecodeRuneInString(text[end:])
		end += size
	}
	return start, end
}

// keywordNear reports whether lowered, the window around a match at
// [start,end) whose value is [vs,ve), holds one of the (lowercase)
// keywords, but not a keyword of letters that is a piece of a longer word
// inside the match: the "bic" of a token BICXIRCCLSB names nothing. One of
// minCompoundTail letters or more that ends a word outside the value does
// count: the tail of a compound names what it is (the "schrank" of "der
// Code für den Medikamentenschrank ist 48172"). (Keywords written to
// overlap the match, "inn 7" or ":aa", count as before.)
func keywordNear(lowered string, keywords []string, start, end, vs, ve int) bool {
	for _, k := range keywords {
		for i := 0; ; {
			j := strings.Index(lowered[i:], k)
			if j < 0 {
				break
			}
			a, b := i+j, i+j+len(k)
			before := a > 0 && isLetterByte(lowered[a-1])
			after := b < len(lowered) && isLetterByte(lowered[b])
			tail := before && !after && len(k) >= minCompoundTail && (b <= vs || a >= ve)
			piece := a >= start && b <= end && lettersOnlyASCII(k) && (before || after) && !tail
			if !piece {
				return true
			}
			i = a + 1
		}
	}
	return false
}

// minCompoundTail is the shortest keyword that counts as the last part of
// a longer word (keywordNear): "tresor" of Schlüsseltresor, not "gate" of
// investigate.
const minCompoundTail = 6

func isLetterByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func lettersOnlyASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isLetterByte(s[i]) {
			return false
		}
	}
	return s != ""
}

// containsKeyword reports whether lowered contains any of the (lowercase) keywords.
func containsKeyword(lowered string, keywords []string) bool {
	for _, k := range keywords {
		if strings.Contains(lowered, k) {
			return true
		}
	}
	return false
}

// regexFor returns the rule's regex with MatchTimeout set to timeout, from a
// small per-rule cache: one compiled copy per distinct timeout value, so that
// no goroutine ever writes MatchTimeout on a shared *Regexp.
func (r *Rule) regexFor(timeout time.Duration) *regexp2.Regexp {
	re, _ := r.variant(timeout, plain)
	return re
}

// Variants of a rule's regex: as written, anchored at the start of the
// text, and anchored after one character of the text (read as context by
// \b); anchoredAt1+k-1 is anchored after k characters (Opening.Behind).
const (
	plain = iota
	anchoredAt0
	anchoredAt1
)

// variantPattern is the source of variant v of pattern.
func variantPattern(pattern string, v int) string {
	switch {
	case v == anchoredAt0:
		return `\A(?:` + pattern + `)`
	case v == anchoredAt1:
		return `\A(?s:.)(?:` + pattern + `)`
	case v > anchoredAt1:
		return `\A(?s:.{` + strconv.Itoa(v-anchoredAt1+1) + `})(?:` + pattern + `)`
	}
	return pattern
}

type timedKey struct {
	timeout time.Duration
	variant int
}

// variant returns variant v of the rule's regex with MatchTimeout set to
// timeout, cached per rule; false if it does not compile (an anchored
// variant of a pattern regexp2 reads differently once wrapped).
func (r *Rule) variant(timeout time.Duration, v int) (*regexp2.Regexp, bool) {
	if timeout <= 0 {
		timeout = DefaultMatchTimeout
	}
	key := timedKey{timeout, v}
	if c, ok := r.timed.m.Load(key); ok {
		re, _ := c.(*regexp2.Regexp)
		return re, re != nil
	}
	re, err := compilePattern(variantPattern(r.Pattern, v))
	if err != nil {
		if v == plain { // cannot happen: the same pattern compiled at load
			return r.re, true
		}
		re = nil
	} else {
		re.MatchTimeout = timeout
	}
	r.timed.n.Lock()
	defer r.timed.n.Unlock()
	if r.timed.size < maxTimedCopies {
		if c, loaded := r.timed.m.LoadOrStore(key, re); loaded {
			re, _ = c.(*regexp2.Regexp)
		} else {
			r.timed.size++
		}
	}
	return re, re != nil
}

// setRegex installs the load-time compiled regex, with DefaultMatchTimeout.
func (r *Rule) setRegex(re *regexp2.Regexp) {
	re.MatchTimeout = DefaultMatchTimeout
	r.re = re
	tree := parseTree(r.Pattern) // once, for every analysis below
	r.local = readsOf(tree, false)
	r.leftLocal = readsOf(tree, true)
	r.opening = openingOfTree(tree)
	r.opensBound = opensWithBoundaryOf(tree)
	r.reach = lookaheadReachOf(tree)
	r.valueGroup = max(0, re.GroupNumberFromName("value"))
	r.valueWhole = r.valueGroup > 0 && valueIsMatchOf(tree, r.valueGroup)
	r.timed = &timedCache{size: 1}
	r.timed.m.Store(timedKey{DefaultMatchTimeout, plain}, re)
}

package inspect

import (
	"regexp/syntax"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of the required-literal analysis.
const (
	maxLitSet   = 32 // largest set of alternative literals kept
	minLitLen   = 3  // shorter literals gate nothing useful
	maxClassLen = 8  // a character class this small is expanded
)

// requiredLiterals returns a set of lowercase strings one of which must
// occur in any text the pattern matches, or nil if it cannot tell. The
// pattern is read with Go's regexp/syntax: regexp2-only syntax (lookaround,
// backreferences, atomic groups, (?x)) fails to parse and yields nil, so the
// result is always a necessary condition, never a guess. Case is dropped:
// the automaton that looks for the literals ignores ASCII case.
func requiredLiterals(pattern string) []string {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	a := analyse(re.Simplify())
	best := a.best()
	if minLen(best) < minLitLen {
		return nil
	}
	for _, s := range best {
		if !isASCII(s) {
			return nil // the automaton folds ASCII case only
		}
	}
	return best
}

// litInfo is what is known of a sub-expression: exact is the finite set of
// strings it matches (nil if unknown or too large); req is a set one member
// of which every match contains (nil if none known).
type litInfo struct {
	exact, req []string
}

// best returns the more selective of exact and req.
func (a litInfo) best() []string {
	if a.exact != nil && minLen(a.exact) >= minLen(a.req) {
		return a.exact
	}
	return a.req
}

func analyse(re *syntax.Regexp) litInfo {
	switch re.Op {
	case syntax.OpLiteral:
		return litInfo{exact: []string{strings.ToLower(string(re.Rune))}}
	case syntax.OpCharClass:
		return litInfo{exact: classStrings(re.Rune)}
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText,
		syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return litInfo{exact: []string{""}}
	case syntax.OpCapture:
		return analyse(re.Sub[0])
	case syntax.OpQuest:
		if a := analyse(re.Sub[0]); a.exact != nil && len(a.exact) < maxLitSet {
			return litInfo{exact: dedupe(append(a.exact, ""))}
		}
	case syntax.OpPlus:
		return litInfo{req: analyse(re.Sub[0]).best()}
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return litInfo{req: analyse(re.Sub[0]).best()}
		}
	case syntax.OpConcat:
		return analyseConcat(re.Sub)
	case syntax.OpAlternate:
		return analyseAlternate(re.Sub)
	}
	return litInfo{}
}

// analyseConcat builds exact strings left to right by cross product while
// the sets stay small, and keeps the most selective required set seen.
func analyseConcat(subs []*syntax.Regexp) litInfo {
	cur, req, exact := []string{""}, []string(nil), true
	consider := func(set []string) {
		if set != nil && minLen(set) > minLen(req) {
			req = set
		}
	}
	for _, sub := range subs {
		a := analyse(sub)
		consider(a.req)
		switch {
		case a.exact == nil:
			consider(cur)
			cur, exact = nil, false
		case cur != nil && len(cur)*len(a.exact) <= maxLitSet:
			cur = cross(cur, a.exact)
		default:
			consider(cur)
			cur, exact = a.exact, false
		}
	}
	consider(cur)
	if exact {
		return litInfo{exact: cur, req: req}
	}
	return litInfo{req: req}
}

// analyseAlternate unions the branches: exact if all are, and a required
// set only if every branch has one.
func analyseAlternate(subs []*syntax.Regexp) litInfo {
	var exact, req []string
	exactOK, reqOK := true, true
	for _, sub := range subs {
		a := analyse(sub)
		if a.exact == nil {
			exactOK = false
		}
		exact = append(exact, a.exact...)
		b := a.best()
		if b == nil {
			reqOK = false
		}
		req = append(req, b...)
	}
	out := litInfo{}
	if exactOK && len(exact) <= maxLitSet {
		out.exact = dedupe(exact)
	}
	if reqOK && len(req) <= maxLitSet {
		out.req = dedupe(req)
	}
	return out
}

// classStrings expands a small character class into its runes, lowercased.
func classStrings(ranges []rune) []string {
	n := 0
	for i := 0; i+1 < len(ranges); i += 2 {
		n += int(ranges[i+1]-ranges[i]) + 1
		if n > maxClassLen {
			return nil
		}
	}
	var out []string
	for i := 0; i+1 < len(ranges); i += 2 {
		for r := ranges[i]; r <= ranges[i+1]; r++ {
			if r == 'ſ' || r == 'K' {
				continue // case folding's s and k: NFKC leaves neither in the text
			}
			out = append(out, strings.ToLower(string(r)))
		}
	}
	return dedupe(out)
}

func cross(a, b []string) []string {
	out := make([]string, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, x+y)
		}
	}
	return dedupe(out)
}

func dedupe(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}

// prefixFree is the sorted set without the literals another of it starts
// ("code" leads every match "codes" leads): as leading literals, the
// rest say where a match may start as well, with fewer patterns (but
// less of what follows a literal: fitLitSet prefers it to cutting).
func prefixFree(set []string) []string {
	set = dedupe(set)
	out := set[:0]
	for _, s := range set {
		// Sorted: a literal's extensions follow it, before any other.
		if len(out) > 0 && strings.HasPrefix(s, out[len(out)-1]) {
			continue
		}
		out = append(out, s)
	}
	return out
}

// minLen is the shortest member's length in runes; 0 for a nil set.
func minLen(set []string) int {
	if len(set) == 0 {
		return 0
	}
	m := -1
	for _, s := range set {
		if n := utf8.RuneCountInString(s); m < 0 || n < m {
			m = n
		}
	}
	return m
}

// leadingLiterals returns the lowercase literals one of which every match
// of the Go pattern starts with (after zero-width assertions), or nil.
func leadingLiterals(pattern string) []string {
	set, _ := leadingLiteralsCut(pattern)
	return set
}

// leadingLiteralsCut is leadingLiterals, and whether an alternation's
// literals were more than maxLitSet and cut to a shorter length
// (fitLitSet): "pass" for every password word, which prose is full of.
func leadingLiteralsCut(pattern string) ([]string, bool) {
	set, cut := leadingSet(pattern)
	for _, s := range set {
		if !isASCII(s) {
			return nil, cut
		}
	}
	return set, cut
}

// leadingLiteralsAnyCase is leadingLiterals for a pattern whose leading
// literals may hold letters beyond ASCII ("tür", "bâtiment"): the
// prefilter folds ASCII letters only, so a literal with such a letter
// comes twice, in its lowercase and its uppercase spelling (ASCII
// letters folded): "tür" and "tÜr" find Tür, tür and TÜR, as keywords
// with such letters are added.
func leadingLiteralsAnyCase(pattern string) []string {
	set, cut := leadingSet(pattern)
	var out []string
	for _, s := range set {
		if cut && !isASCII(s) {
			return nil // cut to a length in bytes: perhaps inside a character
		}
		low := strings.ToLower(s)
		out = append(out, low)
		if isASCII(low) {
			continue
		}
		up := strings.Map(func(r rune) rune {
			if r < utf8.RuneSelf {
				return unicode.ToLower(r)
			}
			return unicode.ToUpper(r)
		}, low)
		if up != low {
			out = append(out, up)
		}
	}
	return prefixFree(dedupe(out))
}

// leadingSet is the literals every match of the Go pattern opens with,
// of minLitLen bytes or more (nil if any is shorter or none is known),
// and whether they were cut to a shorter length (fitLitSet).
func leadingSet(pattern string) ([]string, bool) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil, false
	}
	cut := false
	set := leading(re.Simplify(), &cut)
	if minLen(set) < minLitLen {
		return nil, cut
	}
	return set, cut
}

func leading(re *syntax.Regexp, cut *bool) []string {
	switch re.Op {
	case syntax.OpCapture:
		return leading(re.Sub[0], cut)
	case syntax.OpConcat:
		cur := []string{""}
		for _, sub := range re.Sub {
			switch sub.Op {
			case syntax.OpWordBoundary, syntax.OpBeginLine, syntax.OpBeginText, syntax.OpEmptyMatch:
				continue
			}
			a := analyse(sub)
			if a.exact != nil && len(cur)*len(a.exact) <= maxLitSet {
				cur = cross(cur, a.exact)
				continue
			}
			if len(cur) == 1 && cur[0] == "" {
				return leading(sub, cut) // the first element: its own prefix
			}
			// What has been read so far, then the leading literals of this
			// element (an alternation factored by the parser: c(?:lave|ontra…)).
			if l := leading(sub, cut); l != nil && len(cur)*len(l) <= maxLitSet {
				cur = cross(cur, l)
			}
			break
		}
		return cur
	case syntax.OpAlternate:
		// Every match of an alternation starts with a leading literal of
		// one of its branches: the union, if every branch has some.
		if a := analyse(re).exact; a != nil {
			return a
		}
		var out []string
		for _, sub := range re.Sub {
			l := leading(sub, cut)
			if l == nil {
				return nil
			}
			out = append(out, l...)
		}
		return fitLitSet(dedupe(out), cut)
	}
	return analyse(re).exact
}

// fitLitSet returns set, or, when it holds more than maxLitSet literals,
// the literals cut to the longest length (at least minLitLen) that brings
// it within the bound: a prefix of a leading literal leads every match the
// literal does. Nil if no length does.
func fitLitSet(set []string, cut *bool) []string {
	if len(set) <= maxLitSet {
		return set
	}
	if pf := prefixFree(set); len(pf) <= maxLitSet {
		return pf // nothing cut: what follows a literal still tells more
	}
	*cut = true
	longest := 0
	for _, s := range set {
		longest = max(longest, len(s))
	}
	for n := longest - 1; n >= minLitLen; n-- {
		cut := make([]string, 0, len(set))
		for _, s := range set {
			cut = append(cut, s[:min(n, len(s))])
		}
		if cut = dedupe(cut); len(cut) <= maxLitSet {
			return cut
		}
	}
	return nil
}

// requiredBytes returns ASCII bytes (not letters: the prefilter folds case)
// each of which occurs in every match of the Go pattern: the '@' and ':'
// of user:password@host. A text lacking one cannot match, which a byte
// search tells faster than any regex.
func requiredBytes(pattern string) []byte {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	var set [128]bool
	reqBytes(re.Simplify(), &set)
	var out []byte
	for c, ok := range set {
		if ok {
			out = append(out, byte(c))
		}
	}
	return out
}

// reqBytes marks in set the bytes every match of re contains.
func reqBytes(re *syntax.Regexp, set *[128]bool) {
	switch re.Op {
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			markByte(set, r)
		}
	case syntax.OpCharClass:
		if len(re.Rune) == 2 && re.Rune[0] == re.Rune[1] {
			markByte(set, re.Rune[0])
		}
	case syntax.OpCapture, syntax.OpPlus:
		reqBytes(re.Sub[0], set)
	case syntax.OpRepeat:
		if re.Min >= 1 {
			reqBytes(re.Sub[0], set)
		}
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			reqBytes(sub, set)
		}
	case syntax.OpAlternate:
		var common [128]bool
		for i, sub := range re.Sub {
			var s [128]bool
			reqBytes(sub, &s)
			for c := range s {
				common[c] = s[c] && (i == 0 || common[c])
			}
		}
		for c, ok := range common {
			if ok {
				set[c] = true
			}
		}
	}
}

// markByte marks r in set if it is an ASCII non-letter.
func markByte(set *[128]bool, r rune) {
	if r >= 0 && r < 128 && !(r|0x20 >= 'a' && r|0x20 <= 'z') {
		set[r] = true
	}
}

// needsDigit reports whether every match of the Go pattern holds an ASCII
// digit: a national identifier's does, a password's need not.
func needsDigit(pattern string) bool {
	re, err := syntax.Parse(pattern, syntax.Perl)
	return err == nil && reqDigit(re.Simplify())
}

// reqDigit reports whether every match of re holds a character of a class
// of digits alone ([0-9], \d, [1-9], 7).
func reqDigit(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			if r >= '0' && r <= '9' {
				return true
			}
		}
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i] < '0' || re.Rune[i+1] > '9' {
				return false
			}
		}
		return len(re.Rune) > 0
	case syntax.OpCapture, syntax.OpPlus:
		return reqDigit(re.Sub[0])
	case syntax.OpRepeat:
		return re.Min >= 1 && reqDigit(re.Sub[0])
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			if reqDigit(sub) {
				return true
			}
		}
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			if !reqDigit(sub) {
				return false
			}
		}
		return len(re.Sub) > 0
	}
	return false
}

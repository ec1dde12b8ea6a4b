package inspect

import (
	"fmt"
	"math/bits"
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode"
)

// Derivatives: for a rule whose matches all start with one of its leading
// literals, the pattern that must match right after a literal L is the
// Brzozowski derivative of the relaxed pattern by L. Anchored, it is
// usually one-pass, which Go's regexp runs several times faster than the
// backtracker the whole anchored pattern needs (an alternation of literals
// with shared prefixes is never one-pass).

// maxDeriveSteps bounds the nodes visited while deriving by one literal:
// a derivative of a long chain of optional parts can grow combinatorially.
const maxDeriveSteps = 1 << 16

// maxDerivedLen bounds a derivative's source text; a longer one is not
// used (derivatives of nested repetitions can grow).
const maxDerivedLen = 16384

// deriveLiteral compiles the derivative of the Go pattern by lit, every
// letter of lit in either case (text is matched case-insensitively by the
// prefilter), anchored after one byte of context (the literal's last byte)
// so a leading \b reads right. It returns nil if the derivative cannot
// match (lit never starts a match) or is not worth compiling.
func deriveLiteral(pattern, lit string) (*regexp.Regexp, *nextBytes) {
	return deriveLiteralCut(pattern, lit, false)
}

// deriveLiteralCut is deriveLiteral, the derivative cut at its value group
// (cutAtValue) if cut: a looser gate, for a rule that is tried anchored at
// its literals, where a gate passed in vain costs one anchored try.
func deriveLiteralCut(pattern, lit string, cut bool) (*regexp.Regexp, *nextBytes) {
	if lit == "" {
		return nil, nil
	}
	d, ok := deriveText(pattern, lit)
	if !ok {
		return nil, nil
	}
	g := d
	if cut {
		g = cutAtValue(d)
	}
	src := reString(g)
	if len(src) > maxDerivedLen {
		// Too long to compile: the whole pattern is run, but the bytes
		// after the literal still rule most places out.
		return nil, followers(d)
	}
	out, err := regexp.Compile(`\A(?s:.)(?:` + src + `)`)
	if err != nil {
		return nil, nil
	}
	return out, followers(d)
}

// cutAtValue is re up to the end of its value group: in a concatenation,
// what comes before the element that holds a group named "value" and that
// element, cut the same way; each alternative of an alternation is cut on
// its own. Every match of re begins with a match of the result (a superset
// of the openings), which is all a gate needs: the label and the value
// are what tell a secret from prose, and what may follow the value (the
// rest of a line, a remark, more lines) only makes the text Go's
// backtracker is given long.
func cutAtValue(re *syntax.Regexp) *syntax.Regexp {
	if !holdsValue(re) {
		return re
	}
	switch re.Op {
	case syntax.OpCapture:
		if re.Name == "value" {
			return re
		}
		c := *re
		c.Sub = []*syntax.Regexp{cutAtValue(re.Sub[0])}
		c.Sub0 = [1]*syntax.Regexp{}
		return &c
	case syntax.OpAlternate:
		c := *re
		c.Sub = make([]*syntax.Regexp, len(re.Sub))
		for i, sub := range re.Sub {
			c.Sub[i] = cutAtValue(sub)
		}
		return &c
	case syntax.OpConcat:
		var subs []*syntax.Regexp
		for _, sub := range re.Sub {
			if holdsValue(sub) {
				subs = append(subs, cutAtValue(sub))
				break
			}
			subs = append(subs, sub)
		}
		return &syntax.Regexp{Op: syntax.OpConcat, Flags: re.Flags, Sub: subs}
	}
	return re // a repetition or an option holding the value: kept whole
}

// holdsValue reports whether re has a group named "value".
func holdsValue(re *syntax.Regexp) bool {
	if re.Op == syntax.OpCapture && re.Name == "value" {
		return true
	}
	for _, sub := range re.Sub {
		if holdsValue(sub) {
			return true
		}
	}
	return false
}

// nextBytes is what the two bytes after a literal may be for the pattern
// to match there, over ASCII (a non-ASCII byte is always let through): a
// table check that spares most calls to the derivative's regexp ("token
// refresh" fails at the 'r').
type nextBytes struct {
	first [2]uint64      // bytes that may come first
	open  [2]uint64      // first bytes after which anything may follow
	then  [128][2]uint64 // by first byte: bytes that may come second
	// prefix is what each of the bytes after the literal must be where the
	// derivative opens with a fixed run of classes ([A-Za-z0-9]{14}\. after
	// "pat"): "pattern" fails at its fifth byte without a regexp call.
	prefix [][2]uint64
	// reach and goal, where hasGoal: every match holds a byte of goal, and
	// the bytes before its first are bytes of reach (reachSets). After
	// "https://", a URL with a password (user:pass@) reaches '@' through
	// [^\s@/?#'"] and ':'; "https://grafana.internal/d/x" fails at its
	// '/' without a regexp call.
	reach, goal [2]uint64
	hasGoal     bool
}

// maxReach bounds how far allows looks for a goal byte: past it, it lets
// the match be tried.
const maxReach = 256

// maxPrefix bounds nextBytes.prefix.
const maxPrefix = 24

func bitOf(set *[2]uint64, c byte) bool { return set[c>>6]&(1<<(c&63)) != 0 }

func setBit(set *[2]uint64, c byte) { set[c>>6] |= 1 << (c & 63) }

// allows reports whether the bytes at text[q:] may continue a match.
func (nb *nextBytes) allows(text string, q int) bool {
	if nb == nil || q >= len(text) || text[q] >= 0x80 {
		return true
	}
	c1 := text[q]
	switch {
	case !bitOf(&nb.first, c1):
		return false
	case bitOf(&nb.open, c1) || q+1 >= len(text) || text[q+1] >= 0x80:
		return true
	case !bitOf(&nb.then[c1], text[q+1]):
		return false
	}
	for k, set := range nb.prefix {
		if q+k >= len(text) {
			return false // a byte every match has is missing
		}
		if c := text[q+k]; c >= 0x80 {
			return true
		} else if !bitOf(&set, c) {
			return false
		}
	}
	if nb.hasGoal {
		end := min(len(text), q+maxReach)
		for i := q; i < end; i++ {
			switch c := text[i]; {
			case c >= 0x80 || bitOf(&nb.goal, c):
				return true
			case !bitOf(&nb.reach, c):
				return false
			}
		}
		return end < len(text) // the goal byte is missing
	}
	return true
}

// maxGoal bounds the bytes of a goal set: a wide one ([A-Za-z]) is found
// at once and rules nothing out.
const maxGoal = 4

// reachSets finds, in the run of classes and literals d opens with (each
// once, or repeated: a concatenation), the last that every match holds
// and whose set has at most maxGoal ASCII bytes (the goal), and the union
// of the sets before it (the reach): the bytes a match is made of until it
// holds a byte of the goal. Zero-width assertions are skipped (a
// superset); anything else ends the run. ok is false if there is no goal.
func reachSets(d *syntax.Regexp) (reach, goal [2]uint64, ok bool) {
	var seen [2]uint64
	var walk func(d *syntax.Regexp) bool
	item := func(set [2]uint64, mandatory bool) {
		if n := popcount2(set); mandatory && n > 0 && n <= maxGoal {
			reach, goal, ok = seen, set, true
		}
		seen[0] |= set[0]
		seen[1] |= set[1]
	}
	walk = func(d *syntax.Regexp) bool {
		switch d.Op {
		case syntax.OpConcat:
			for _, sub := range d.Sub {
				if !walk(sub) {
					return false
				}
			}
			return true
		case syntax.OpCapture:
			return walk(d.Sub[0])
		case syntax.OpWordBoundary, syntax.OpNoWordBoundary:
			return true
		case syntax.OpLiteral:
			for _, r := range d.Rune {
				if r >= 0x80 {
					return false
				}
				var set [2]uint64
				firstBytes(&syntax.Regexp{Op: syntax.OpLiteral, Rune: []rune{r}, Flags: d.Flags}, &set)
				item(set, true)
			}
			return true
		case syntax.OpCharClass:
			var set [2]uint64
			firstBytes(d, &set)
			item(set, true)
			return true
		case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
			sub := d.Sub[0]
			if sub.Op != syntax.OpCharClass && (sub.Op != syntax.OpLiteral || len(sub.Rune) != 1) {
				return false
			}
			var set [2]uint64
			firstBytes(sub, &set)
			item(set, d.Op == syntax.OpPlus || d.Op == syntax.OpRepeat && d.Min >= 1)
			return true
		}
		return false
	}
	walk(d)
	return reach, goal, ok
}

func popcount2(set [2]uint64) int { return bits.OnesCount64(set[0]) + bits.OnesCount64(set[1]) }

// literalPrefix returns the prefix sets (prefixSets) of what pattern must
// match after the ASCII literal lit, nil if there is no fixed run.
// With lit "", the bytes every match of pattern opens with.
func literalPrefix(pattern, lit string) [][2]uint64 {
	d, ok := deriveText(pattern, lit)
	if !ok || d.Op == syntax.OpNoMatch {
		return nil
	}
	pre, _ := prefixSets(d, nil)
	return pre
}

// deriveText parses the Go pattern and derives it by the ASCII text lit,
// byte by byte (OpNoMatch once lit cannot start a match); false when the
// pattern does not parse, lit is not ASCII, or the derivative grew too
// much (a?a?a?…).
func deriveText(pattern, lit string) (*syntax.Regexp, bool) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil || !isASCII(lit) {
		return nil, false
	}
	d := re.Simplify()
	budget := maxDeriveSteps
	for i := 0; i < len(lit) && d.Op != syntax.OpNoMatch; i++ {
		if d = deriveByte(d, lit[i], &budget); budget < 0 {
			return nil, false
		}
	}
	return d, true
}

// prefixSets returns the byte sets of the fixed run of classes and
// literals d opens with (a concatenation, as Simplify writes x{n}), up to
// maxPrefix; zero-width assertions are skipped (a superset), and anything
// else ends the run.
func prefixSets(d *syntax.Regexp, out [][2]uint64) ([][2]uint64, bool) {
	switch d.Op {
	case syntax.OpConcat:
		for _, sub := range d.Sub {
			var ok bool
			if out, ok = prefixSets(sub, out); !ok {
				return out, false
			}
		}
		return out, true
	case syntax.OpCapture:
		return prefixSets(d.Sub[0], out)
	case syntax.OpWordBoundary, syntax.OpNoWordBoundary, syntax.OpBeginLine, syntax.OpEndLine:
		return out, true
	case syntax.OpLiteral:
		for _, r := range d.Rune {
			if len(out) >= maxPrefix {
				return out, false
			}
			var set [2]uint64
			firstBytes(&syntax.Regexp{Op: syntax.OpLiteral, Rune: []rune{r}, Flags: d.Flags}, &set)
			if r >= 0x80 {
				return out, false
			}
			out = append(out, set)
		}
		return out, true
	case syntax.OpCharClass:
		if len(out) >= maxPrefix {
			return out, false
		}
		var set [2]uint64
		firstBytes(d, &set)
		return append(out, set), true
	}
	return out, false
}

// followers computes the nextBytes of a derivative d, or nil where they
// constrain nothing (d matches the empty string) or cost too much.
func followers(d *syntax.Regexp) *nextBytes {
	if nullable(d) {
		return nil
	}
	nb := &nextBytes{}
	for c := range 128 {
		budget := maxDeriveSteps
		d1 := deriveByte(d, byte(c), &budget)
		if budget < 0 {
			return nil
		}
		if d1.Op == syntax.OpNoMatch {
			continue
		}
		setBit(&nb.first, byte(c))
		if nullable(d1) {
			setBit(&nb.open, byte(c))
			continue
		}
		firstBytes(d1, &nb.then[c])
	}
	if pre, _ := prefixSets(d, nil); len(pre) > 2 {
		nb.prefix = pre
	}
	nb.reach, nb.goal, nb.hasGoal = reachSets(d)
	return nb
}

// firstBytes adds to set every ASCII byte a non-empty match of re may start
// with (case variants included where re folds case).
func firstBytes(re *syntax.Regexp, set *[2]uint64) {
	switch re.Op {
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return
		}
		r := re.Rune[0]
		fold := re.Flags&syntax.FoldCase != 0
		for c := range 128 {
			if rune(c) == r || (fold && runeMatches(r, byte(c), true)) {
				setBit(set, byte(c))
			}
		}
	case syntax.OpCharClass:
		for c := range 128 {
			if classHas(re.Rune, rune(c)) {
				setBit(set, byte(c))
			}
		}
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		set[0], set[1] = ^uint64(0), ^uint64(0)
		if re.Op == syntax.OpAnyCharNotNL {
			set[0] &^= 1 << '\n'
		}
	case syntax.OpCapture, syntax.OpPlus, syntax.OpStar, syntax.OpQuest, syntax.OpRepeat:
		firstBytes(re.Sub[0], set)
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			firstBytes(sub, set)
			if !nullable(sub) {
				return
			}
		}
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			firstBytes(sub, set)
		}
	}
}

var (
	noMatch    = &syntax.Regexp{Op: syntax.OpNoMatch}
	emptyMatch = &syntax.Regexp{Op: syntax.OpEmptyMatch}
)

// deriveByte is the derivative of re by the ASCII byte c in either case:
// what may follow c in a match of re. Zero-width assertions read as true
// (the result only ever widens). re is simplified: no OpRepeat.
func deriveByte(re *syntax.Regexp, c byte, budget *int) *syntax.Regexp {
	if *budget--; *budget < 0 {
		return noMatch // the caller gives up on this derivative
	}
	switch re.Op {
	case syntax.OpLiteral:
		if len(re.Rune) == 0 || !runeMatches(re.Rune[0], c, re.Flags&syntax.FoldCase != 0) {
			return noMatch
		}
		if len(re.Rune) == 1 {
			return emptyMatch
		}
		return &syntax.Regexp{Op: syntax.OpLiteral, Flags: re.Flags, Rune: re.Rune[1:]}
	case syntax.OpCharClass:
		if classHas(re.Rune, rune(c)) || classHas(re.Rune, otherCase(c)) {
			return emptyMatch
		}
		return noMatch
	case syntax.OpAnyChar:
		return emptyMatch
	case syntax.OpAnyCharNotNL:
		if c == '\n' {
			return noMatch
		}
		return emptyMatch
	case syntax.OpCapture:
		return deriveByte(re.Sub[0], c, budget)
	case syntax.OpConcat:
		if len(re.Sub) == 0 {
			return noMatch
		}
		alts := []*syntax.Regexp{concat(deriveByte(re.Sub[0], c, budget), re.Sub[1:]...)}
		if nullable(re.Sub[0]) {
			alts = append(alts, deriveByte(concat(emptyMatch, re.Sub[1:]...), c, budget))
		}
		return alternate(alts...)
	case syntax.OpAlternate:
		alts := make([]*syntax.Regexp, 0, len(re.Sub))
		for _, sub := range re.Sub {
			alts = append(alts, deriveByte(sub, c, budget))
		}
		return alternate(alts...)
	case syntax.OpStar, syntax.OpPlus:
		star := re
		if re.Op == syntax.OpPlus {
			star = &syntax.Regexp{Op: syntax.OpStar, Flags: re.Flags, Sub: re.Sub}
		}
		return concat(deriveByte(re.Sub[0], c, budget), star)
	case syntax.OpQuest:
		return deriveByte(re.Sub[0], c, budget)
	}
	return noMatch // empty matches and assertions consume nothing
}

// nullable reports whether re can match the empty string (assertions read
// as true).
func nullable(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText,
		syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary, syntax.OpStar, syntax.OpQuest:
		return true
	case syntax.OpLiteral:
		return len(re.Rune) == 0
	case syntax.OpCapture, syntax.OpPlus:
		return nullable(re.Sub[0])
	case syntax.OpRepeat:
		return re.Min == 0 || nullable(re.Sub[0])
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			if !nullable(sub) {
				return false
			}
		}
		return true
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			if nullable(sub) {
				return true
			}
		}
	}
	return false
}

// concat is first followed by rest, simplified.
func concat(first *syntax.Regexp, rest ...*syntax.Regexp) *syntax.Regexp {
	var subs []*syntax.Regexp
	for _, r := range append([]*syntax.Regexp{first}, rest...) {
		switch r.Op {
		case syntax.OpNoMatch:
			return noMatch
		case syntax.OpEmptyMatch:
			continue
		case syntax.OpConcat:
			subs = append(subs, r.Sub...)
			continue
		}
		subs = append(subs, r)
	}
	switch len(subs) {
	case 0:
		return emptyMatch
	case 1:
		return subs[0]
	}
	return &syntax.Regexp{Op: syntax.OpConcat, Sub: subs}
}

// alternate is any of alts, simplified.
func alternate(alts ...*syntax.Regexp) *syntax.Regexp {
	var subs []*syntax.Regexp
	for _, r := range alts {
		if r.Op != syntax.OpNoMatch {
			subs = append(subs, r)
		}
	}
	switch len(subs) {
	case 0:
		return noMatch
	case 1:
		return subs[0]
	}
	return &syntax.Regexp{Op: syntax.OpAlternate, Sub: subs}
}

// runeMatches reports a literal rune r matching byte c in either case.
func runeMatches(r rune, c byte, fold bool) bool {
	for _, x := range []rune{rune(c), otherCase(c)} {
		if r == x {
			return true
		}
		if fold {
			for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
				if f == x {
					return true
				}
			}
		}
	}
	return false
}

// otherCase is c in the other ASCII case, or c.
func otherCase(c byte) rune {
	switch {
	case c >= 'a' && c <= 'z':
		return rune(c - 'a' + 'A')
	case c >= 'A' && c <= 'Z':
		return rune(c - 'A' + 'a')
	}
	return rune(c)
}

// classHas reports r in a class's sorted range pairs.
func classHas(ranges []rune, r rune) bool {
	for i := 0; i+1 < len(ranges); i += 2 {
		if r >= ranges[i] && r <= ranges[i+1] {
			return true
		}
	}
	return false
}

// reString prints a simplified or derived pattern as Go syntax. It stands
// in for syntax.Regexp.String, which checks every rune of a large class
// for case folding (hundreds of milliseconds for [^...]).
func reString(re *syntax.Regexp) string {
	var b strings.Builder
	writeRe(&b, re)
	return b.String()
}

func writeRe(b *strings.Builder, re *syntax.Regexp) {
	switch re.Op {
	case syntax.OpNoMatch:
		b.WriteString(`[^\x00-\x{10FFFF}]`)
	case syntax.OpEmptyMatch:
		b.WriteString(`(?:)`)
	case syntax.OpLiteral:
		q := regexp.QuoteMeta(string(re.Rune))
		if re.Flags&syntax.FoldCase != 0 {
			q = "(?i:" + q + ")"
		}
		b.WriteString(q)
	case syntax.OpCharClass:
		if len(re.Rune) == 0 {
			b.WriteString(`[^\x00-\x{10FFFF}]`)
			return
		}
		b.WriteByte('[')
		for i := 0; i+1 < len(re.Rune); i += 2 {
			fmt.Fprintf(b, `\x{%x}`, re.Rune[i])
			if re.Rune[i+1] != re.Rune[i] {
				fmt.Fprintf(b, `-\x{%x}`, re.Rune[i+1])
			}
		}
		b.WriteByte(']')
	case syntax.OpAnyCharNotNL:
		b.WriteString(`(?-s:.)`)
	case syntax.OpAnyChar:
		b.WriteString(`(?s:.)`)
	case syntax.OpBeginLine:
		b.WriteString(`(?m:^)`)
	case syntax.OpEndLine:
		b.WriteString(`(?m:$)`)
	case syntax.OpBeginText:
		b.WriteString(`\A`)
	case syntax.OpEndText:
		b.WriteString(`\z`)
	case syntax.OpWordBoundary:
		b.WriteString(`\b`)
	case syntax.OpNoWordBoundary:
		b.WriteString(`\B`)
	case syntax.OpCapture:
		b.WriteString("(?:")
		writeRe(b, re.Sub[0])
		b.WriteByte(')')
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest:
		b.WriteString("(?:")
		writeRe(b, re.Sub[0])
		b.WriteString(map[syntax.Op]string{syntax.OpStar: ")*", syntax.OpPlus: ")+", syntax.OpQuest: ")?"}[re.Op])
	case syntax.OpRepeat:
		b.WriteString("(?:")
		writeRe(b, re.Sub[0])
		if re.Max < 0 {
			fmt.Fprintf(b, "){%d,}", re.Min)
		} else {
			fmt.Fprintf(b, "){%d,%d}", re.Min, re.Max)
		}
	case syntax.OpConcat:
		b.WriteString("(?:")
		for _, sub := range re.Sub {
			writeRe(b, sub)
		}
		b.WriteByte(')')
	case syntax.OpAlternate:
		b.WriteString("(?:")
		for i, sub := range re.Sub {
			if i > 0 {
				b.WriteByte('|')
			}
			writeRe(b, sub)
		}
		b.WriteByte(')')
	default:
		b.WriteString(`(?s:.*)`) // not produced by Simplify; anything, to stay wide
	}
}

package inspect

import (
	"errors"
	"regexp"
	"regexp/syntax"
	"strings"
)

// errNoRelax means a pattern has syntax relax does not translate; the rule
// then simply has no regex gate.
var errNoRelax = errors.New("inspect: pattern not relaxable")

// relaxPattern rewrites a regexp2 (RE2-mode) pattern into a Go regexp that
// matches somewhere in every text the original matches somewhere: a
// necessary condition that Go's linear-time engine checks far faster than
// regexp2 runs the real pattern (regexp2 pays per start position, and a
// leading lookbehind makes that dear). The rewrite only ever widens:
//   - a lookbehind opening the pattern becomes a plain group (what it
//     asserts precedes the match, so it is in the text right before it);
//   - so does one after a short prefix without groups or alternation, as in
//     [:=](?<=\bpass\s*[:=]), and the prefix is dropped: the lookbehind
//     ends where the prefix does, so its text is followed by the rest;
//   - every other lookaround is dropped;
//   - a backreference becomes (?s:.*); atomic groups and possessive
//     quantifiers become ordinary ones;
//   - \s and \S spell regexp2's RE2 class, \v counted in where that widens;
//   - \b and \B are dropped (regexp2's are Unicode-aware, Go's are not).
//
// Anything else Go does not parse (class subtraction, conditionals,
// comments, (?x), \Z...) returns errNoRelax.
func relaxPattern(p string) (string, error) { return relax(p, true) }

// relax is relaxPattern; with capCounts false, counted repetition is kept
// as written (for analysis, not for running).
func relax(p string, capCounts bool) (string, error) {
	r := relaxer{p: p, named: namedGroup.MatchString(p), uncapped: !capCounts, fold: foldFlag.MatchString(p)}
	if err := r.run(); err != nil {
		return "", err
	}
	out := r.out.String()
	if _, err := regexp.Compile(out); err != nil {
		return "", errNoRelax
	}
	return out, nil
}

// namedGroup finds a named group: regexp2 numbers those after the unnamed
// ones, so backreferences are not resolved when there is one.
var namedGroup = regexp.MustCompile(`\(\?(?:P?<[A-Za-z_]|')`)

// run translates the whole pattern: leading flags, a leading lookbehind
// kept as a group, then the rest.
func (r *relaxer) run() error {
	r.leadingFlags()
	if j := lookbehindAfterPrefix(r.p, r.i); j > r.i {
		r.i = j // the prefix lies inside what the lookbehind asserts
	}
	if strings.HasPrefix(r.p[r.i:], "(?<=") {
		end, err := groupEnd(r.p, r.i)
		if err != nil {
			return err
		}
		inner := relaxer{p: r.p[r.i+4 : end-1], named: r.named, uncapped: r.uncapped, fold: r.fold}
		if err := inner.run(); err != nil {
			return err
		}
		r.out.WriteString("(?:" + inner.out.String() + ")")
		r.count, r.groups = inner.count, inner.groups
		r.i = end
	}
	return r.rest()
}

// lookbehindAfterPrefix returns where a lookbehind starts when p[i:]
// opens with a prefix of plain atoms (literals, escapes, classes and their
// quantifiers: no group, no alternation) followed by "(?<=", else -1.
func lookbehindAfterPrefix(p string, i int) int {
	for i < len(p) {
		switch p[i] {
		case '\\':
			i += 2
		case '[':
			end := classEnd(p, i)
			if end < 0 {
				return -1
			}
			i = end
		case '(':
			if strings.HasPrefix(p[i:], "(?<=") {
				return i
			}
			return -1
		case '|', ')':
			return -1
		default:
			i++
		}
	}
	return -1
}

// classEnd returns the index just past the class opening at p[i], or -1.
func classEnd(p string, i int) int {
	i++
	if i < len(p) && p[i] == '^' {
		i++
	}
	if i < len(p) && p[i] == ']' {
		i++
	}
	for i < len(p) {
		switch p[i] {
		case '\\':
			i += 2
		case '[':
			return -1 // subtraction or POSIX class: not a plain atom
		case ']':
			return i + 1
		default:
			i++
		}
	}
	return -1
}

type relaxer struct {
	p      string
	i      int
	out    strings.Builder
	open   []openGroup // groups not yet closed
	groups []string    // relaxed text of closed capture groups, by number-1
	named  bool        // the pattern has named groups (numbering differs)
	count  int         // capture groups opened so far
	// uncapped keeps {n,m} as written instead of capping it at maxRepeat.
	uncapped bool
	// prevWord: the element just translated matches one or more ASCII word
	// characters and nothing else.
	prevWord bool
	// fold: the pattern turns on case folding somewhere.
	fold bool
	// negClass: the class being copied is negated.
	negClass bool
}

type openGroup struct {
	at      int // offset in out just after '('
	capture int // group number, 0 if not capturing
}

// leadingFlags copies inline flag groups such as (?i) or (?im).
func (r *relaxer) leadingFlags() {
	for strings.HasPrefix(r.p[r.i:], "(?") {
		j := r.i + 2
		for j < len(r.p) && strings.IndexByte("imsU-", r.p[j]) >= 0 {
			j++
		}
		if j == r.i+2 || j >= len(r.p) || r.p[j] != ')' {
			return
		}
		r.out.WriteString(r.p[r.i : j+1])
		r.i = j + 1
	}
}

// rest translates the pattern from r.i to its end.
func (r *relaxer) rest() error {
	for r.i < len(r.p) {
		var err error
		switch c := r.p[r.i]; {
		case c == '\\' && r.i+1 < len(r.p) && (r.p[r.i+1] == 'b' || r.p[r.i+1] == 'B'):
			// zero width: the element before stays the one before
		case c == '*' || c == '+' || c == '?' || c == '{':
			// a quantifier: wordAtom has taken it into account
		default:
			_, r.prevWord = r.wordAtom(r.i)
		}
		switch c := r.p[r.i]; c {
		case '\\':
			err = r.escape(false)
		case '[':
			err = r.class()
		case '(':
			err = r.group()
		case '{':
			r.brace()
		case ')':
			r.closeGroup()
		case '*', '+', '?':
			r.out.WriteByte(c)
			r.i++
			r.possessive()
		default:
			r.out.WriteByte(c)
			r.i++
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// escape translates the escape at r.i, inside a class or not.
func (r *relaxer) escape(inClass bool) error {
	if r.i+1 >= len(r.p) {
		return errNoRelax
	}
	e := r.p[r.i+1]
	switch {
	case e >= '1' && e <= '9' && !inClass:
		j := r.i + 1
		n := 0
		for j < len(r.p) && isDigit(r.p[j]) {
			n = n*10 + int(r.p[j]-'0')
			j++
		}
		r.i = j
		r.out.WriteString(r.backref(n))
		return nil
	case e == 'k' && !inClass:
		end := strings.IndexAny(r.p[r.i:], ">'}")
		if end < 0 {
			return errNoRelax
		}
		r.i += end + 1
		r.out.WriteString("(?s:.*)")
		return nil
	case (e == 'b' || e == 'B') && !inClass:
		// regexp2's \b reads Unicode word characters (letters, marks), Go's
		// ASCII ones. They agree where one side of the assertion is a
		// pattern element that only matches ASCII word characters; anywhere
		// else the assertion is dropped.
		if _, next := r.wordAtom(r.i + 2); r.prevWord || next {
			r.out.WriteString(r.p[r.i : r.i+2])
		}
	case e == 's':
		// Whether regexp2's RE2-mode \s holds \v (v2.13 says no) only
		// decides how wide the relaxed pattern is: \v is in where \s
		// widens, out where it narrows.
		switch {
		case !inClass:
			r.out.WriteString(`[\t\n\v\f\r ]`)
		case r.negClass:
			r.out.WriteString(`\t\n\f\r `)
		default:
			r.out.WriteString(`\t\n\v\f\r `)
		}
	case e == 'S':
		if inClass {
			return errNoRelax
		}
		r.out.WriteString(`[^\t\n\f\r ]`)
	case e == 'x':
		// Two hex digits mean the same to both; Go's \x{...} may not.
		if r.i+3 >= len(r.p) || !isHex(r.p[r.i+2]) || !isHex(r.p[r.i+3]) {
			return errNoRelax
		}
		r.out.WriteString(r.p[r.i : r.i+4])
		r.i += 2
	case isAlnum(e) && !strings.ContainsRune(sameEscapes, rune(e)):
		// An escape regexp2 and Go read differently, or one only one of
		// them has (\Q...\E quotes to Go): no relaxed pattern.
		return errNoRelax
	default:
		r.out.WriteString(r.p[r.i : r.i+2])
	}
	r.i += 2
	return nil
}

// sameEscapes are the letter and digit escapes (after the backslash)
// that mean the same in regexp2's RE2 mode and in Go, besides those the
// relaxer rewrites: classes, control characters, text anchors, Unicode
// properties, and \0 (NUL).
const sameEscapes = "dDwWtnrfvaAzpP0"

// class copies a character class, refusing regexp2's subtraction.
func (r *relaxer) class() error {
	// A class of a shorthand and its complement, the usual "any character
	// at all", is any character.
	for _, all := range []string{`[\s\S]`, `[\S\s]`, `[\d\D]`, `[\D\d]`, `[\w\W]`, `[\W\w]`} {
		if strings.HasPrefix(r.p[r.i:], all) {
			r.out.WriteString(`(?s:.)`)
			r.i += len(all)
			return nil
		}
	}
	r.out.WriteByte('[')
	r.i++
	r.negClass = false
	if r.i < len(r.p) && r.p[r.i] == '^' {
		r.out.WriteByte('^')
		r.i++
		r.negClass = true
	}
	if r.i < len(r.p) && r.p[r.i] == ']' {
		r.out.WriteString(`\]`)
		r.i++
	}
	for r.i < len(r.p) {
		switch c := r.p[r.i]; {
		case c == '\\':
			if err := r.escape(true); err != nil {
				return err
			}
			continue
		case c == ']':
			r.out.WriteByte(']')
			r.i++
			return nil
		case c == '-' && r.i+1 < len(r.p) && r.p[r.i+1] == '[':
			return errNoRelax
		case c == '[' && r.i+1 < len(r.p) && r.p[r.i+1] == ':':
			return errNoRelax // POSIX classes differ
		default:
			r.out.WriteByte(c)
		}
		r.i++
	}
	return errNoRelax
}

// group handles '(' : lookarounds are dropped, atomic groups made plain.
func (r *relaxer) group() error {
	rest := r.p[r.i:]
	switch {
	case strings.HasPrefix(rest, "(?="), strings.HasPrefix(rest, "(?!"),
		strings.HasPrefix(rest, "(?<="), strings.HasPrefix(rest, "(?<!"):
		end, err := groupEnd(r.p, r.i)
		if err != nil {
			return err
		}
		// Its capture groups still take numbers; what they hold is
		// unknown, so backreferences to them read anything.
		n, ok := countCaptures(r.p[r.i:end])
		if !ok {
			return errNoRelax
		}
		for range n {
			r.nextGroup()
		}
		r.i = end
		if r.i < len(r.p) && strings.IndexByte("*+?{", r.p[r.i]) >= 0 {
			return errNoRelax // a quantified lookaround: leave it alone
		}
	case strings.HasPrefix(rest, "(?>"):
		r.out.WriteString("(?:")
		r.i += 3
		r.open = append(r.open, openGroup{at: r.out.Len()})
	default:
		capture := 0
		if !strings.HasPrefix(rest, "(?") {
			capture = r.nextGroup()
		}
		r.out.WriteByte('(')
		r.i++
		r.open = append(r.open, openGroup{at: r.out.Len(), capture: capture})
	}
	return nil
}

// nextGroup numbers the next unnamed capture group.
func (r *relaxer) nextGroup() int {
	r.count++
	return r.count
}

// closeGroup copies ')' and records a closed capture group's text.
func (r *relaxer) closeGroup() {
	r.out.WriteByte(')')
	r.i++
	if len(r.open) == 0 {
		return
	}
	g := r.open[len(r.open)-1]
	r.open = r.open[:len(r.open)-1]
	if g.capture > 0 {
		for len(r.groups) < g.capture {
			r.groups = append(r.groups, "")
		}
		txt := r.out.String()
		r.groups[g.capture-1] = txt[g.at : len(txt)-1]
	}
}

// backref is what \n becomes: the group's own (relaxed) pattern when it is
// known and closed, else anything.
//
// The group's pattern stands for the text it captured only where it reads
// nothing around that text and its flags are those of the group: so a
// group with assertions (\b, ^, ...) gives anything, and the copy turns
// on case folding (if the pattern does anywhere) and . matching \n, which
// the group may have had where the backreference does not.
func (r *relaxer) backref(n int) string {
	if r.named || n > len(r.groups) || r.groups[n-1] == "" || hasAssertion(r.groups[n-1]) {
		return "(?s:.*)"
	}
	g, flags := r.groups[n-1], ""
	if r.fold {
		flags += "i"
	}
	if strings.IndexByte(g, '.') >= 0 {
		flags += "s"
	}
	return "(?" + flags + ":" + g + ")"
}

// hasAssertion reports whether the Go pattern p holds a zero-width
// assertion (or does not parse).
func hasAssertion(p string) bool {
	re, err := syntax.Parse(p, syntax.Perl)
	if err != nil {
		return true
	}
	var walk func(*syntax.Regexp) bool
	walk = func(re *syntax.Regexp) bool {
		switch re.Op {
		case syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
			syntax.OpWordBoundary, syntax.OpNoWordBoundary:
			return true
		}
		for _, sub := range re.Sub {
			if walk(sub) {
				return true
			}
		}
		return false
	}
	return walk(re)
}

// countCaptures counts the capture groups opening in p (a '(' not
// followed by '?', outside classes and escapes); false if a class does not
// parse as a plain one, leaving the count unknown.
func countCaptures(p string) (int, bool) {
	n := 0
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '\\':
			i++
		case '[':
			end := classEnd(p, i)
			if end < 0 {
				return 0, false
			}
			i = end - 1
		case '(':
			if i+1 >= len(p) || p[i+1] != '?' {
				n++
			}
		}
	}
	return n, true
}

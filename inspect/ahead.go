package inspect

import (
	"regexp/syntax"
	"unicode/utf8"
)

// classAhead is a lookahead of the shape "a run of one class, then one
// character of another" ((?=[^\s"'`<>]{0,29}\d)), or "a run, then up to j
// characters of a third class and one of the last or the end"
// ((?=[^\s]{8,30}(?:[.,;)]{0,2}(?:\s|$)))), read with a loop over the
// characters instead of Go's backtracker, which tries every split of a
// counted run and spent microseconds on each place a near rule is tried.
// It answers as the regexp it replaces, on the same input.
type classAhead struct {
	run, tail, last runeClass
	m, n            int  // the run's counts
	j               int  // the tail's most characters (0: no tail)
	end             bool // the end of the input stands for last
}

// runeClass is a character class: a bitmap for ASCII, ranges beyond.
type runeClass struct {
	ascii  [2]uint64
	ranges []rune // pairs lo, hi, above 0x7f
}

// newRuneClass is the class re stands for: a class (the parser folds
// its case into its ranges) or one character of a set case.
func newRuneClass(re *syntax.Regexp) (runeClass, bool) {
	var c runeClass
	ranges := re.Rune
	switch {
	case re.Op == syntax.OpLiteral && len(re.Rune) == 1 && re.Flags&syntax.FoldCase == 0:
		ranges = []rune{re.Rune[0], re.Rune[0]}
	case re.Op != syntax.OpCharClass:
		return c, false
	}
	for i := 0; i+1 < len(ranges); i += 2 {
		lo, hi := ranges[i], ranges[i+1]
		for r := lo; r <= hi && r < utf8.RuneSelf; r++ {
			c.ascii[r/64] |= 1 << (r % 64)
		}
		if hi >= utf8.RuneSelf {
			c.ranges = append(c.ranges, max(lo, utf8.RuneSelf), hi)
		}
	}
	return c, true
}

func (c *runeClass) has(r rune) bool {
	if r < utf8.RuneSelf {
		return c.ascii[r/64]&(1<<(r%64)) != 0
	}
	for i := 0; i < len(c.ranges); i += 2 {
		if r >= c.ranges[i] && r <= c.ranges[i+1] {
			return true
		}
	}
	return false
}

// compileClassAhead reads src (Go syntax, unanchored) as a classAhead;
// false if it has another shape.
func compileClassAhead(src string) (*classAhead, bool) {
	re, err := syntax.Parse(src, syntax.Perl)
	if err != nil || re.Op != syntax.OpConcat || len(re.Sub) < 2 || len(re.Sub) > 3 {
		return nil, false
	}
	a := &classAhead{}
	r := re.Sub[0]
	if r.Op != syntax.OpRepeat || r.Max < 0 || r.Min > r.Max {
		return nil, false
	}
	var ok bool
	if a.run, ok = newRuneClass(r.Sub[0]); !ok {
		return nil, false
	}
	a.m, a.n = r.Min, r.Max
	rest := re.Sub[1:]
	if len(rest) == 2 {
		t := rest[0]
		switch {
		case t.Op == syntax.OpRepeat && t.Min == 0 && t.Max > 0:
			a.j = t.Max
		case t.Op == syntax.OpQuest:
			a.j = 1
		default:
			return nil, false
		}
		if a.tail, ok = newRuneClass(t.Sub[0]); !ok {
			return nil, false
		}
		rest = rest[1:]
	}
	switch last := rest[0]; {
	case last.Op == syntax.OpAlternate && len(last.Sub) == 2 && last.Sub[1].Op == syntax.OpEndText:
		a.last, ok = newRuneClass(last.Sub[0])
		a.end = true
	case last.Op == syntax.OpEndText:
		a.end, ok = true, true
	default:
		a.last, ok = newRuneClass(last)
	}
	if !ok {
		return nil, false
	}
	return a, true
}

// matches reports whether the lookahead holds at the start of s.
func (a *classAhead) matches(s string) bool {
	i := 0
	for k := 0; ; k++ {
		if k >= a.m && a.tailAt(s, i) {
			return true
		}
		if k == a.n || i == len(s) {
			return false
		}
		r, w := decodeRune(s, i)
		if !a.run.has(r) {
			return false
		}
		i += w
	}
}

// tailAt reports whether up to j tail characters and a last one (or the
// end) follow at s[i:].
func (a *classAhead) tailAt(s string, i int) bool {
	for t := 0; ; t++ {
		if i == len(s) {
			return a.end
		}
		r, w := decodeRune(s, i)
		if a.last.has(r) {
			return true
		}
		if t == a.j || !a.tail.has(r) {
			return false
		}
		i += w
	}
}

// decodeRune is the character at s[i] as Go's regexp reads it (an invalid
// byte is utf8.RuneError, one byte long).
func decodeRune(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

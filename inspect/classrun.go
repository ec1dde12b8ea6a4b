package inspect

import (
	"regexp/syntax"
)

// classRun is a gate for a pattern that is, but for zero-width assertions,
// one ASCII character class repeated at least n times (a 40-character AWS
// secret, a long token): the text needs a run of n such characters.
type classRun struct {
	in [256]bool
	n  int
}

// minClassRun is the shortest repetition worth a gate.
const minClassRun = 16

// classRunGate derives the gate from the relaxed, uncapped pattern, or nil.
func classRunGate(pattern string) *classRun {
	p, err := relax(pattern, false)
	if err != nil {
		return nil
	}
	re, err := syntax.Parse(p, syntax.Perl)
	if err != nil {
		return nil
	}
	var rep *syntax.Regexp
	for _, sub := range flatConcat(re) {
		switch sub.Op {
		case syntax.OpWordBoundary, syntax.OpNoWordBoundary, syntax.OpBeginLine, syntax.OpEndLine,
			syntax.OpBeginText, syntax.OpEndText, syntax.OpEmptyMatch:
			continue
		case syntax.OpRepeat, syntax.OpPlus:
			if rep != nil {
				return nil
			}
			rep = sub
		default:
			return nil
		}
	}
	if rep == nil || rep.Op != syntax.OpRepeat || rep.Min < minClassRun || rep.Sub[0].Op != syntax.OpCharClass {
		return nil
	}
	g := &classRun{n: rep.Min}
	cls := rep.Sub[0].Rune
	for i := 0; i+1 < len(cls); i += 2 {
		if cls[i+1] >= 0x80 {
			return nil // the gate reads bytes: ASCII classes only
		}
		for c := cls[i]; c <= cls[i+1]; c++ {
			g.in[c] = true
		}
	}
	return g
}

// flatConcat returns the elements of a top-level concatenation (through
// capture groups), or re alone.
func flatConcat(re *syntax.Regexp) []*syntax.Regexp {
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	if re.Op == syntax.OpConcat {
		return re.Sub
	}
	return []*syntax.Regexp{re}
}

// pass reports a run of at least n class characters in text.
func (g *classRun) pass(text string) bool {
	run := 0
	for i := 0; i < len(text); i++ {
		if g.in[text[i]] {
			if run++; run >= g.n {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// opensWithWordStart reports a Go pattern whose every match begins with \b
// and then a character of an ASCII word-only class or literal, so it
// starts where a word does.
func opensWithWordStart(pattern string) bool {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return false
	}
	subs := flatConcat(re)
	if len(subs) < 2 || subs[0].Op != syntax.OpWordBoundary {
		return false
	}
	return wordFirst(subs[1])
}

// wordFirst reports that every match of re is non-empty and begins with an
// ASCII word character.
func wordFirst(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpLiteral:
		return len(re.Rune) > 0 && isWordRune(re.Rune[0]) && re.Flags&syntax.FoldCase == 0
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for c := re.Rune[i]; c <= re.Rune[i+1]; c++ {
				if !isWordRune(c) {
					return false
				}
			}
		}
		return len(re.Rune) > 0
	case syntax.OpCapture, syntax.OpPlus:
		return wordFirst(re.Sub[0])
	case syntax.OpRepeat:
		return re.Min >= 1 && wordFirst(re.Sub[0])
	case syntax.OpConcat:
		return len(re.Sub) > 0 && wordFirst(re.Sub[0])
	}
	return false
}

// isWordRune is an ASCII word character.
func isWordRune(r rune) bool {
	return r == '_' || (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
}

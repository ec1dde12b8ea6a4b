package inspect

import (
	"regexp/syntax"
)

// classRun is a gate for a pattern every match of which holds one ASCII
// character class repeated at least n times (a 40-character AWS secret,
// a long token, the 64 hex digits of an Airtable token after its id): the
// text needs a run of n such characters.
type classRun struct {
	in [256]bool
	n  int
	// b64 is set when the class lies in the base64 alphabets and n is at
	// least minBase64Run: a run needs a base64 run, which the text's
	// bitmap tells without reading the text.
	b64 bool
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
	// The longest repeat of a class among the elements every match
	// concatenates: each match holds a run of it.
	var rep *syntax.Regexp
	for _, sub := range flatConcat(re) {
		if sub.Op == syntax.OpRepeat && sub.Min >= minClassRun && sub.Sub[0].Op == syntax.OpCharClass && (rep == nil || sub.Min > rep.Min) {
			rep = sub
		}
	}
	if rep == nil {
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
	g.b64 = g.n >= minBase64Run
	for c := range g.in {
		g.b64 = g.b64 && (!g.in[c] || b64Char[c])
	}
	return g
}

// passFacts is pass read from the text's base64 bitmap when the class
// allows: only base64 runs of n or more bytes are scanned.
func (g *classRun) passFacts(text string, facts *textFacts) bool {
	m := facts.bits.b64
	if !g.b64 || len(m)*64 < len(text) {
		return g.pass(text)
	}
	// A run of the class lies inside a base64 run at least as long, and a
	// run of 31 or more bits covers an aligned 16-bit chunk of the bitmap.
	if g.n >= 31 && !hasFull16(m) {
		return false
	}
	for _, r := range facts.base64Runs(len(text)) {
		if r.end-r.start >= g.n && g.pass(text[r.start:r.end]) {
			return true
		}
	}
	return false
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

// pass reports a run of at least n class characters in text. It looks at
// the last byte of each window of n: a byte outside the class there rules
// out every run through it, and a byte inside is scanned back from to the
// run's start, so ordinary prose costs about one byte in n/word length.
func (g *classRun) pass(text string) bool {
	n := g.n
	for end := n - 1; end < len(text); {
		// text[start:end+1] is the window; find its last byte outside.
		j := end
		for j > end-n && g.in[text[j]] {
			j--
		}
		if j == end-n {
			return true // n class bytes in a row
		}
		end = j + n
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

// hasFull16 reports an aligned 16-bit chunk of m with every bit set.
func hasFull16(m []uint64) bool {
	for _, w := range m {
		const c = 0xffff
		if w&c == c || w>>16&c == c || w>>32&c == c || w>>48 == c {
			return true
		}
	}
	return false
}

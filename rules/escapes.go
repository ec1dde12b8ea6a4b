package rules

import (
	"regexp"
	"strings"
)

// extendedFlag finds an inline flag group that turns on x (free spacing,
// "#" comments): (?x), (?ix:…), (?i-x…) too, conservatively.
var extendedFlag = regexp.MustCompile(`\(\?[a-zA-Z-]*x[a-zA-Z-]*[:)]`)

// fastEscapes rewrites \S, \D and \W outside character classes as [^\s],
// [^\d] and [^\w]: the same sets, but regexp2 builds the case-insensitive
// form of the bare escapes by folding every code point of the negated set,
// which costs 50-300 ms per escape under (?i); the bracketed forms cost
// microseconds. (One visible difference, on purpose: regexp2's bare (?i)\W
// also matches k and s, the fold partners of the non-word KELVIN SIGN and
// LONG S; [^\w] matches non-word characters only.) Patterns that may hold
// (?x) comments (an inline flag group with x) are left alone; elsewhere "#"
// is a literal, as in "dial 4471#". The rewrite is only used when it
// compiles (see compilePattern).
func fastEscapes(p string) string {
	if extendedFlag.MatchString(p) || !strings.ContainsAny(p, "SDW") || !strings.Contains(p, `\`) {
		return p
	}
	var b strings.Builder
	depth := 0 // character class nesting (.NET subtraction: [a-z-[aeiou]])
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\' && i+1 < len(p):
			n := p[i+1]
			if n == 'Q' { // \Q…\E quotes everything up to \E
				end := strings.Index(p[i+2:], `\E`)
				if end < 0 {
					b.WriteString(p[i:])
					return b.String()
				}
				b.WriteString(p[i : i+2+end+2])
				i += 2 + end + 1
				continue
			}
			if depth == 0 && (n == 'S' || n == 'D' || n == 'W') {
				b.WriteString(`[^\` + strings.ToLower(string(n)) + `]`)
			} else {
				b.WriteByte(c)
				b.WriteByte(n)
			}
			i++
			continue
		case c == '[' && depth == 0:
			depth = 1
			b.WriteByte(c)
			i = copyClassStart(&b, p, i+1) - 1
			continue
		case c == '[' && i+1 < len(p) && p[i+1] == ':': // POSIX [:alpha:]
			if end := strings.Index(p[i:], ":]"); end > 0 {
				b.WriteString(p[i : i+end+2])
				i += end + 1
				continue
			}
		case c == '[' && i > 0 && p[i-1] == '-':
			depth++
		case c == ']' && depth > 0:
			depth--
		}
		b.WriteByte(c)
	}
	return b.String()
}

// copyClassStart copies a class's leading "^" and a leading literal "]",
// returning the index after them.
func copyClassStart(b *strings.Builder, p string, i int) int {
	if i < len(p) && p[i] == '^' {
		b.WriteByte('^')
		i++
	}
	if i < len(p) && p[i] == ']' {
		b.WriteByte(']')
		i++
	}
	return i
}

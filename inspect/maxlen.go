package inspect

import (
	"regexp/syntax"
	"unicode"
	"unicode/utf8"
)

// maxLenCap: a bound above this is treated as no bound.
const maxLenCap = 1 << 16

// relaxedMaxLen is the longest match, in bytes, of the uncapped relaxed
// form of pattern, or -1 if matches are unbounded or it has none. Every
// match of the pattern starts a match of that form at most this long (the
// form only drops assertions and widens), so a gate may look no further.
func relaxedMaxLen(pattern string) int {
	n, _ := relaxedMaxLens(pattern)
	return n
}

// relaxedMaxLens is relaxedMaxLen, and the same in characters (which is
// the bound in bytes over ASCII text).
func relaxedMaxLens(pattern string) (bytes, chars int) {
	p, err := relax(pattern, false)
	if err != nil {
		return -1, -1
	}
	re, err := syntax.Parse(p, syntax.Perl)
	if err != nil {
		return -1, -1
	}
	return maxMatchLen(re, runeMaxLen), maxMatchLen(re, func(rune, bool) int { return 1 })
}

// maxMatchLen is the longest match of re, -1 if unbounded, each character
// counted by width (UTF-8 bytes, or 1).
func maxMatchLen(re *syntax.Regexp, width func(r rune, fold bool) int) int {
	switch re.Op {
	case syntax.OpNoMatch, syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine,
		syntax.OpBeginText, syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return 0
	case syntax.OpLiteral:
		n := 0
		for _, r := range re.Rune {
			n += width(r, re.Flags&syntax.FoldCase != 0)
		}
		return n
	case syntax.OpCharClass:
		if len(re.Rune) == 0 {
			return 0
		}
		return width(re.Rune[len(re.Rune)-1], false)
	case syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		return width(unicode.MaxRune, false)
	case syntax.OpCapture, syntax.OpQuest:
		return maxMatchLen(re.Sub[0], width)
	case syntax.OpStar, syntax.OpPlus:
		if maxMatchLen(re.Sub[0], width) == 0 {
			return 0
		}
		return -1
	case syntax.OpRepeat:
		n := maxMatchLen(re.Sub[0], width)
		switch {
		case n == 0:
			return 0
		case n < 0 || re.Max < 0:
			return -1
		}
		return capLen(n * re.Max)
	case syntax.OpConcat, syntax.OpAlternate:
		total := 0
		for _, sub := range re.Sub {
			n := maxMatchLen(sub, width)
			if n < 0 {
				return -1
			}
			if re.Op == syntax.OpConcat {
				total += n
			} else {
				total = max(total, n)
			}
		}
		return capLen(total)
	}
	return -1
}

func capLen(n int) int {
	if n > maxLenCap {
		return -1
	}
	return n
}

// runeMaxLen is the UTF-8 length of r, or with case folding the longest
// of its fold orbit (k also matches the 3-byte Kelvin sign).
func runeMaxLen(r rune, fold bool) int {
	n := runeLen(r)
	if fold {
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			n = max(n, runeLen(f))
		}
	}
	return n
}

// runeLen is r's UTF-8 length; invalid runes read as one byte each.
func runeLen(r rune) int {
	if n := utf8.RuneLen(r); n > 0 {
		return n
	}
	return utf8.UTFMax
}

package inspect

import (
	"regexp"
	"strconv"
	"strings"
)

// brace copies {n}, {n,} or {n,m} (then drops a possessive '+'), or a
// literal '{'.
func (r *relaxer) brace() {
	j := r.i + 1
	for j < len(r.p) && (isDigit(r.p[j]) || r.p[j] == ',') {
		j++
	}
	if j < len(r.p) && r.p[j] == '}' && j > r.i+1 && isDigit(r.p[r.i+1]) {
		// Go reads a count with a leading zero ({02}) as literal text.
		q := canonicalCount(r.p[r.i+1 : j])
		if r.uncapped {
			r.out.WriteString("{" + q + "}")
		} else {
			r.out.WriteString(capRepeat(q))
		}
		r.i = j + 1
		r.possessive()
		return
	}
	r.out.WriteString(`\{`)
	r.i++
}

// canonicalCount writes the inside of {n}, {n,} or {n,m} without leading
// zeros.
func canonicalCount(q string) string {
	trim := func(n string) string {
		if t := strings.TrimLeft(n, "0"); t != "" || n == "" {
			return t
		}
		return "0"
	}
	lo, hi, comma := strings.Cut(q, ",")
	if !comma {
		return trim(lo)
	}
	return trim(lo) + "," + trim(hi)
}

// maxRepeat bounds counted repetition in a relaxed pattern: X{n,m} becomes
// X{min(n,maxRepeat),} (a superset), which keeps Go's program small enough
// for its fast backtracker instead of the slow NFA.
const maxRepeat = 4

// capRepeat rewrites the inside of {...}.
func capRepeat(q string) string {
	lo, hi, comma := strings.Cut(q, ",")
	n, err := strconv.Atoi(lo)
	if err != nil {
		return "{" + q + "}"
	}
	if !comma && n <= maxRepeat {
		return "{" + q + "}"
	}
	if comma && hi != "" {
		if m, err := strconv.Atoi(hi); err == nil && m <= maxRepeat {
			return "{" + q + "}"
		}
	}
	return "{" + strconv.Itoa(min(n, maxRepeat)) + ",}"
}

// possessive skips the '+' that makes the quantifier just copied
// possessive, keeping a lazy '?' as is.
func (r *relaxer) possessive() {
	if r.i < len(r.p) && r.p[r.i] == '?' {
		r.out.WriteByte('?')
		r.i++
		return
	}
	if r.i < len(r.p) && r.p[r.i] == '+' {
		r.i++
	}
}

// groupEnd returns the index just past the ')' closing the group that
// opens at p[i], skipping escapes and classes.
func groupEnd(p string, i int) (int, error) {
	depth := 0
	for ; i < len(p); i++ {
		switch p[i] {
		case '\\':
			i++
		case '[':
			j := i + 1
			if j < len(p) && p[j] == '^' {
				j++
			}
			if j < len(p) && p[j] == ']' {
				j++
			}
			for j < len(p) && p[j] != ']' {
				if p[j] == '\\' {
					j++
				}
				j++
			}
			i = j
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				return i + 1, nil
			}
		}
	}
	return 0, errNoRelax
}

// foldFlag finds an inline flag group that turns on case folding, under
// which an ASCII letter also matches a non-ASCII one (k and K, the Kelvin
// sign; s and ſ).
var foldFlag = regexp.MustCompile(`\(\?[a-zA-Z-]*i`)

// wordAtom parses the element at p[i] with its quantifier and reports
// where it ends and whether it matches only ASCII word characters, at
// least one: a digit, _, \d, \w, a class of those, or (without case
// folding) an ASCII letter. An element that may match nothing (?, *, {0,})
// does not count.
func (r *relaxer) wordAtom(i int) (int, bool) {
	p := r.p
	if i >= len(p) {
		return i, false
	}
	letters := !r.fold
	end, word := i+1, false
	switch c := p[i]; {
	case c == '\\':
		if i+1 >= len(p) {
			return len(p), false
		}
		end, word = i+2, p[i+1] == 'd' || p[i+1] == 'w'
	case c == '[':
		if end = classEnd(p, i); end < 0 {
			return len(p), false
		}
		word = wordClass(p[i+1:end-1], letters)
	case c == '_' || isDigit(c):
		word = true
	case isLetter(c):
		word = letters
	case c == '(' || c == ')' || c == '|':
		return i, false
	}
	if end < len(p) {
		switch q := p[end]; {
		case q == '?' || q == '*':
			word = false
		case q == '{' && strings.HasPrefix(p[end:], "{0"):
			word = false
		}
	}
	return end, word
}

// wordClass reports whether a class body holds only ASCII word characters.
func wordClass(body string, letters bool) bool {
	if body == "" || body[0] == '^' {
		return false
	}
	ok := func(c byte) bool { return c == '_' || isDigit(c) || (letters && isLetter(c)) }
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case c == '\\':
			if i+1 >= len(body) || (body[i+1] != 'd' && body[i+1] != 'w') {
				return false
			}
			i++
		case c == '-' && i > 0 && i+1 < len(body):
			lo, hi := body[i-1], body[i+1]
			if !sameRange(lo, hi) {
				return false
			}
			i++
		case !ok(c):
			return false
		}
	}
	return true
}

// sameRange: lo-hi lies within one of 0-9, A-Z, a-z.
func sameRange(lo, hi byte) bool {
	in := func(a, b byte) bool { return lo >= a && hi <= b && lo <= hi }
	return in('0', '9') || in('A', 'Z') || in('a', 'z')
}

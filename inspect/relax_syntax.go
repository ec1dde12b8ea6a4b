package inspect

import (
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
		r.out.WriteString(capRepeat(r.p[r.i+1 : j]))
		r.i = j + 1
		r.possessive()
		return
	}
	r.out.WriteString(`\{`)
	r.i++
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

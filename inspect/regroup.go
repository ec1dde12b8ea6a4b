package inspect

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"
)

// Regrouped numbers. A number written in groups of an unusual size, or
// with slashes between its groups ("55 01 17 44 48 64 10 98", "5420 /
// 6461 / 2629 / 3258", "SIN 1 3 9 5 2 0 3 1 6", "DE9-870-930-…"), hides
// from rules written for the shapes numbers are printed in. Such a number
// is inspected once more with its groups joined, in the text around it
// (so that keywords before it still count), and a finding in the joined
// digits covers the whole number in the original. The message itself is
// not changed: every rule, the admin's included, still sees it as sent.
//
// A number printed in its usual groups (4-4-4-4, 3-2-4, 3-3-4, an IBAN's
// fours), or with two kinds of separator (SNILS 123-456-789 01), is left
// alone: the rules read those as they are. Three groups of three are
// joined: a Canadian SIN is printed so, and so is a US SSN grouped wrongly
// to pass for one.

// regroup is one number written in irregular groups: [start,end) of the
// normalised text and its groups joined.
type regroup struct {
	start, end int
	joined     string
}

const (
	regroupMinDigits = 9  // fewer digits are no identifier the pack knows (nor a date)
	regroupMaxGroup  = 6  // the longest group (4-6-5 Amex)
	regroupBefore    = 64 // text kept before the number (keywords)
	regroupAfter     = 32 // and after it
)

// regroupRuns finds the irregularly grouped numbers of s: around the digit
// runs of f (runs of [0-9 .-] with enough digits) and around the slashes
// between digits.
func regroupRuns(s string, f *textFacts, out []regroup) []regroup {
	n0 := len(out)
	// scanned: the text before it has been read for numbers. Each byte is
	// read a bounded number of times, however many runs and slashes a
	// region has (a 64 MiB "1/2/3/…" stays linear).
	scanned := 0
	add := func(i int) {
		if i < scanned {
			return
		}
		from := i
		for from > scanned && isGroupByte(s[from-1]) {
			from--
		}
		g, ok, reached := groupsAt(s, from)
		if ok {
			out = append(out, g)
		}
		scanned = max(scanned, reached, i+1)
	}
	for _, r := range f.runs {
		if r.regroup {
			add(r.start)
		}
	}
	scanned = 0
	// Slashes with a digit either side and another slash close after
	// (three groups or more), which scanText records.
	for _, i := range f.groupSlashes {
		add(i)
	}
	// The runs and the slashes may find a number twice.
	found := out[n0:]
	slices.SortFunc(found, func(a, b regroup) int { return a.start - b.start })
	return slices.CompactFunc(out, func(a, b regroup) bool { return a.start == b.start && a.end == b.end })
}

// mayRegroup is a quick look at a digit run (of [0-9 .-]): it may be an
// irregularly grouped number unless it is digits alone, or groups of
// digits in a regular shape with one separator and no slash or digit
// after it (a letter before it, as in an IBAN, may only join the first
// group to a prefix, which the shape of the rest still tells).
func mayRegroup(s string, r digitRunSpan) bool {
	if r.end-r.start == r.digits {
		return false // no separators
	}
	if digitNear(s, r.end, 1) || (r.end < len(s) && s[r.end] == '/') || (r.end+1 < len(s) && s[r.end+1] == '/') {
		return true
	}
	var lens [24]int
	n, l := 0, 0
	var sep byte
	start, end := r.start, r.end
	for !isDigit(s[start]) {
		start++
	}
	for !isDigit(s[end-1]) {
		end--
	}
	for i := start; i < end; i++ {
		c := s[i]
		if isDigit(c) {
			l++
			continue
		}
		if l == 0 || n == len(lens)-1 || (sep != 0 && c != sep) {
			return true // two separators in a row, too many groups, or mixed
		}
		sep, lens[n], n, l = c, l, n+1, 0
	}
	if l > 0 {
		lens[n], n = l, n+1
	}
	return n >= 3 && !regularShape(lens[:n], "")
}

// digitNear reports whether s has a digit at i, or after one space at i
// (stepping by dir).
func digitNear(s string, i, dir int) bool {
	if i >= 0 && i < len(s) && s[i] == ' ' {
		i += dir
	}
	return i >= 0 && i < len(s) && isDigit(s[i])
}

func isGroupByte(c byte) bool {
	return isDigit(c) || (c >= 'A' && c <= 'Z') || c == ' ' || c == '-' || c == '.' || c == '/'
}

// groupsAt parses a number from the first group at or after from (and
// reports how far it read): groups
// of digits and capitals (each with a digit), but a first group of two
// capitals (IBAN, NINO prefix) and a last one of one capital (NINO
// suffix), all separated alike by a space, '-', '.' or '/' (these two
// with a space either side or none). It reports the number when it has
// three groups or more, regroupMinDigits digits or more and an irregular
// shape.
func groupsAt(s string, from int) (g regroup, ok bool, reached int) {
	i := from
	for i < len(s) && isGroupByte(s[i]) {
		if isAlnumUpper(s[i]) && (i == 0 || !isAlnumUpper(s[i-1])) {
			if g, end, ok := parseGroups(s, i); ok {
				return g, true, g.end
			} else if end > i {
				i = end
				continue
			}
		}
		i++
	}
	return regroup{}, false, i
}

func isAlnumUpper(c byte) bool { return isDigit(c) || (c >= 'A' && c <= 'Z') }

// parseGroups parses groups from s[i] (a group start); end is where the
// first group ended when there is no number there.
func parseGroups(s string, i int) (g regroup, end int, ok bool) {
	if i > 0 && (isLowerLetter(s[i-1]) || s[i-1] == '_') {
		return regroup{}, i + 1, false // inside a word
	}
	var lens [24]int
	var joined [24 * regroupMaxGroup]byte
	n, nj, digits := 0, 0, 0
	sep := ""
	j, last := i, i // the next group's start, the last group's end
	for {
		k := j
		d := 0
		for k < len(s) && isAlnumUpper(s[k]) && k-j <= regroupMaxGroup {
			if isDigit(s[k]) {
				d++
			}
			k++
		}
		glen := k - j
		if glen == 0 || glen > regroupMaxGroup || (k < len(s) && (isLowerLetter(s[k]) || s[k] == '_')) {
			break
		}
		first, lettersOnly := n == 0, d == 0
		if lettersOnly && !(first && glen == 2) && glen != 1 {
			break
		}
		if n == len(lens) {
			return regroup{}, k, false
		}
		lens[n] = glen
		if lettersOnly {
			lens[n] = 0 // a letter prefix or suffix: no part of the shape
		}
		copy(joined[nj:], s[j:k])
		n, nj, digits = n+1, nj+glen, digits+d
		j, last = k, k
		if lettersOnly && !first {
			break // a one-letter suffix ends the number
		}
		// The separator: the same every time.
		m := sepAt(s, j)
		if m == "" || (sep != "" && m != sep) || j+len(m) >= len(s) || !isAlnumUpper(s[j+len(m)]) {
			break
		}
		sep = m
		j += len(m)
	}
	// A number whose groups go on with another separator is printed in a
	// mixed shape (SNILS 123-456-789 01): that is its own format.
	if m := sepAt(s, last); m != "" && last+len(m) < len(s) && isDigit(s[last+len(m)]) {
		return regroup{}, last, false
	}
	if i >= 2 && sepAt(s, i-1) != "" && isDigit(s[i-2]) {
		return regroup{}, last, false
	}
	// Nor a number that is part of a path or a longer token (/a/123/456/789).
	if i >= 2 && (s[i-1] == '/' || s[i-1] == '-' || s[i-1] == '.') && isAlnum(s[i-2]) {
		return regroup{}, last, false
	}
	if last+1 < len(s) && (s[last] == '/' || s[last] == '-' || s[last] == '.') && isAlnum(s[last+1]) {
		return regroup{}, last, false
	}
	if n < 3 || digits < regroupMinDigits || regularShape(lens[:n], sep) {
		return regroup{}, last, false
	}
	return regroup{start: i, end: last, joined: string(joined[:nj])}, last, true
}

func isLowerLetter(c byte) bool { return c >= 'a' && c <= 'z' }

// sepAt returns the separator at s[j:]: " ", "-", ".", "/", or " - ",
// " / ", or "".
func sepAt(s string, j int) string {
	if j >= len(s) {
		return ""
	}
	switch s[j] {
	case '-', '.', '/':
		return s[j : j+1]
	case ' ':
		if j+2 < len(s) && (s[j+1] == '-' || s[j+1] == '/') && s[j+2] == ' ' {
			return s[j : j+3]
		}
		return " "
	}
	return ""
}

// regularShape reports whether the group lengths (0 for a letter prefix or
// suffix, skipped) are a shape numbers are printed in: groups of four
// with a shorter last one (cards, IBANs, Aadhaar), 3-2-4 (US SSN), 3-3-4 (NHS number, phones), 4-6-5 and
// 4-6-4 (Amex, Diners). Slashes are never a number's own separators.
func regularShape(lens []int, sep string) bool {
	if strings.Contains(sep, "/") {
		return false
	}
	// The groups of digits: a letter prefix or suffix is 0.
	if lens[0] == 0 {
		lens = lens[1:]
	}
	if len(lens) > 0 && lens[len(lens)-1] == 0 {
		lens = lens[:len(lens)-1]
	}
	if len(lens) < 2 {
		return true
	}
	fours := true
	for _, l := range lens[:len(lens)-1] {
		fours = fours && l == 4
	}
	if fours && lens[len(lens)-1] <= 4 {
		return true
	}
	if len(lens) != 3 {
		return false
	}
	switch [3]int(lens) {
	case [3]int{3, 2, 4}, [3]int{3, 3, 4}, [3]int{4, 6, 5}, [3]int{4, 6, 4}:
		return true
	}
	return false
}

// inspectRegroup inspects one regrouped number with its groups joined, in
// the text around it; what is found in the joined digits and not already
// found by the same rule covers the number in the original.
func (e *Engine) inspectRegroup(ctx context.Context, sc *scoped, n *normText, g regroup, found []Finding) ([]Finding, error) {
	s := n.s
	a := max(0, g.start-regroupBefore)
	for a > 0 && !utf8.RuneStart(s[a]) {
		a++
	}
	b := min(len(s), g.end+regroupAfter)
	for b < len(s) && !utf8.RuneStart(s[b]) {
		b--
	}
	before, after := s[a:g.start], s[g.end:b]
	part := before + g.joined + after
	p, q := len(before), len(before)+len(g.joined)
	// Offsets of part to offsets of n.s: the joined digits stand for the
	// whole number.
	toS := func(x int, isEnd bool) int {
		switch {
		case x < p || (isEnd && x == p):
			return a + x
		case x < q || (isEnd && x == q):
			if isEnd {
				return g.end
			}
			return g.start
		default:
			return g.end + x - q
		}
	}
	pn := normalize(part)
	defer pn.put()
	toOrig := func(x, y int) (int, int) {
		x, y = pn.span(x, y)
		return n.span(toS(x, false), toS(y, true))
	}
	mark := len(found)
	found, err := e.inspectText(ctx, sc, pn, toOrig, len(n.s), found)
	if err != nil {
		return found, err
	}
	os, oe := n.span(g.start, g.end)
	kept := found[:mark]
	for _, f := range found[mark:] {
		if f.End <= os || f.Start >= oe || foundAlready(kept[:mark], f) {
			continue
		}
		kept = append(kept, f)
	}
	return kept, nil
}

// foundAlready reports whether a finding of f's rule overlaps f.
func foundAlready(found []Finding, f Finding) bool {
	for _, o := range found {
		if o.RuleID == f.RuleID && o.Start < f.End && f.Start < o.End {
			return true
		}
	}
	return false
}

package inspect

import (
	"context"
	"strings"
	"unicode/utf8"
)

// typoWindow is a stretch [start,end) of the normalised text to inspect
// once more, with the slips in it replaced by the words meant, by the
// rules in rules (bits by rule index). Slips whose stretches overlap
// share one, so a message full of slips is read again a bounded number
// of times per byte.
type typoWindow struct {
	start, end int
	fixes      []typoFix
	words      []string // the word meant, per fix
	rules      []uint64
}

// add puts fx (word meant w, rules rs) in the window, which then reaches
// at least to end.
func (t *typoWindow) add(fx typoFix, w string, rs []uint64, end int) {
	t.fixes = append(t.fixes, fx)
	t.words = append(t.words, w)
	t.end = max(t.end, end)
	if t.rules == nil {
		t.rules = make([]uint64, len(rs))
	}
	for i := range rs {
		t.rules[i] |= rs[i]
	}
}

// typoPiece is a piece of the text inspected again: [at, at+len) of it
// comes from [start,end) of the normalised text, copied or, for a word
// meant, in place of a slip.
type typoPiece struct {
	at, start, end int
	meant          bool
}

// inspectWindow inspects t's text with its slips replaced, by t's rules,
// and appends the findings not already made, mapped to the original.
// Findings at a cut edge of the window are dropped: there a number or a
// token may be cut short, or a lookaround miss what it reads.
func (e *Engine) inspectWindow(ctx context.Context, sc *scoped, n *normText, t *typoWindow, found []Finding) ([]Finding, error) {
	s := n.s
	a0, b := snapToSpace(s, t.start, t.end)
	a := a0
	var sb strings.Builder
	var pieces []typoPiece
	copyTo := func(to int) {
		if to > a {
			pieces = append(pieces, typoPiece{at: sb.Len(), start: a, end: to})
			sb.WriteString(s[a:to])
			a = to
		}
	}
	for i, fx := range t.fixes {
		copyTo(fx.start)
		pieces = append(pieces, typoPiece{at: sb.Len(), start: fx.start, end: fx.end, meant: true})
		sb.WriteString(t.words[i])
		a = fx.end
	}
	copyTo(b)
	part := sb.String()
	a = a0
	// Offsets of part to offsets of n.s: a word meant stands for the slip.
	toS := func(x int, isEnd bool) int {
		k := len(pieces) - 1
		for k > 0 && (pieces[k].at > x || isEnd && pieces[k].at == x) {
			k--
		}
		p := pieces[k]
		switch {
		case p.meant && isEnd:
			return p.end
		case p.meant:
			return p.start
		}
		return min(p.start+x-p.at, p.end)
	}
	pn := normalize(part)
	defer pn.put()
	toOrig := func(x, y int) (int, int) {
		x, y = pn.span(x, y)
		return n.span(toS(x, false), toS(y, true))
	}
	sub := &scoped{active: sc.active, sc: sc.sc, mask: t.rules, always: make([]uint64, len(t.rules))}
	for i := range sub.always {
		sub.always[i] = sc.always[i] & t.rules[i]
	}
	mark := len(found)
	found, err := e.inspectText(ctx, sub, pn, toOrig, len(n.s), found)
	if err != nil {
		return found, err
	}
	lo, hi := 0, n.origLen
	if a > 0 {
		lo, _ = n.span(min(a+typoEdge, b), b)
	}
	if b < len(s) {
		_, hi = n.span(a, max(b-typoEdge, a))
	}
	kept := found[:mark]
	for _, f := range found[mark:] {
		if f.Start < lo || f.End > hi || foundAlready(kept[:mark], f) {
			continue
		}
		kept = append(kept, f)
	}
	return kept, nil
}

// snapToSpace widens [a,b) of s to whitespace, by at most typoEdge bytes
// each side, so that the window cuts no word or number when it can, and
// never a character.
func snapToSpace(s string, a, b int) (int, int) {
	for k := 0; k < typoEdge && a > 0 && !isSpace(s[a-1]); k++ {
		a--
	}
	for a < len(s) && !utf8.RuneStart(s[a]) {
		a++
	}
	for k := 0; k < typoEdge && b < len(s) && !isSpace(s[b]); k++ {
		b++
	}
	for b < len(s) && !utf8.RuneStart(s[b]) {
		b++
	}
	return a, b
}

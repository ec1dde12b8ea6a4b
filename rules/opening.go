package rules

import (
	"github.com/dlclark/regexp2/v2/syntax"
)

// Opening is what a rule's pattern reads before its match, for a pattern
// that reads at most the one character before it: a LeftLocal pattern
// (\b), or one that opens with a lookbehind of one character,
// `(?<=^|[\s"'(])…` or `(?<![\w@])…`, as a rule for a value that stands
// as a word of its own does. Such a rule may be tried anchored where a
// match may start (FindAllFromWithin) and still find what FindAll finds.
type Opening struct {
	// After holds the bytes a match may follow: the character before it,
	// or, for a character of several bytes, its last byte (every byte of
	// 0x80 and above is set whatever the lookbehind says).
	After [256]bool
	// AtStart: a match may begin the text.
	AtStart bool
	// Reach is LookaheadReach of the pattern without its opening
	// lookbehind, where an end anchor ($, \z) reads the character after
	// its place: how many characters past its match the pattern reads, -1
	// if unbounded. A try given Reach+1 characters more than the longest
	// match reads what it reads on the whole text.
	Reach int
	// Behind is how many characters before its match a lookbehind inside
	// the pattern may read (`…{0,96}?(?=\d)(?<=\bis )\d{4}` where the
	// words before "is" may be fewer than its width): a try is given that
	// many characters before the match, or one if Behind is 0 or 1.
	Behind int
}

// Opening returns what the rule reads before its match, ok false if it
// may read more than the one character before it.
func (r *Rule) Opening() (Opening, bool) {
	if r.opening == nil {
		return Opening{}, false
	}
	return *r.opening, true
}

// openingOf computes Opening for pattern, nil if it reads more before a
// match than one character.
func openingOf(pattern string) *Opening { return openingOfTree(parseTree(pattern)) }

// openingOfTree is openingOf a parsed pattern.
func openingOfTree(tree *syntax.RegexTree) *Opening {
	if tree == nil {
		return nil
	}
	o := &Opening{}
	behind := openingBehind(tree.Root)
	if behind == nil {
		for c := range o.After {
			o.After[c] = true // \b reads the character before: any may precede
		}
		o.AtStart = true
	} else if !behindBytes(behind, o) {
		return nil
	}
	inner := innerBehinds(tree.Root, behind)
	for _, need := range inner {
		o.Behind = max(o.Behind, need)
	}
	if o.Behind > maxBehind || !readsAfterOnly(tree.Root, behind, inner) {
		return nil
	}
	o.Reach = reachSkipping(tree.Root, behind, inner)
	return o
}

// maxBehind is the most characters before a match an Opening's inner
// lookbehinds may read (Opening.Behind).
const maxBehind = 32

// innerBehinds are the lookbehinds of root (skip excepted) that stand
// after the match has consumed a character, are of bounded width and hold
// nothing reading elsewhere (anchors, lookarounds, references), each with the most characters before the match it may
// read: its width, one more for a \b at its far end, less the fewest
// characters every path through the pattern consumes before it (0 or
// less: it reads inside the match only). `…{0,96}?(?=\d)(?<=(?::|\bis) )`
// checks the words before the digits only where the digits are. Nil if
// there are none.
func innerBehinds(root, skip *syntax.RegexNode) map[*syntax.RegexNode]int {
	var in map[*syntax.RegexNode]int
	var walk func(n *syntax.RegexNode, done int) int
	walk = func(n *syntax.RegexNode, done int) int {
		switch n.T {
		case syntax.NtConcatenate:
			for _, c := range n.Children {
				done = walk(c, done)
			}
			return done
		case syntax.NtAlternate:
			least := -1
			for _, c := range n.Children {
				if d := walk(c, done); least < 0 || d < least {
					least = d
				}
			}
			return max(least, done)
		case syntax.NtCapture, syntax.NtGroup, syntax.NtAtomic:
			if len(n.Children) == 1 {
				return walk(n.Children[0], done)
			}
		case syntax.NtPosLook, syntax.NtNegLook:
			if n != skip && done > 0 && n.Options&syntax.RightToLeft != 0 && len(n.Children) == 1 && plainBody(n.Children[0]) {
				if w := widthOf(n.Children[0], false); w >= 0 {
					if in == nil {
						in = map[*syntax.RegexNode]int{}
					}
					in[n] = w + 1 - done
				}
			}
			return done
		case syntax.NtLoop, syntax.NtLazyloop:
			if len(n.Children) == 1 {
				walk(n.Children[0], done) // its first turn: later ones stand further on
			}
		}
		return done + minWidth(n)
	}
	walk(root, 0)
	return in
}

// plainBody reports a lookbehind's body that reads only its own width,
// and \b or \B at either end: no anchors, lookarounds, references or
// conditionals.
func plainBody(n *syntax.RegexNode) bool {
	switch n.T {
	case syntax.NtBol, syntax.NtBeginning, syntax.NtStart, syntax.NtEol, syntax.NtEndZ, syntax.NtEnd,
		syntax.NtPosLook, syntax.NtNegLook, syntax.NtRef, syntax.NtBackRefCond, syntax.NtExprCond,
		syntax.NtGrapheme, syntax.NtUnknown:
		return false
	}
	for _, c := range n.Children {
		if !plainBody(c) {
			return false
		}
	}
	return true
}

// minWidth is the fewest characters n consumes: a lower bound, 0 where
// unknown. Lookarounds, anchors and boundaries consume none.
func minWidth(n *syntax.RegexNode) int {
	switch n.T {
	case syntax.NtOne, syntax.NtNotone, syntax.NtSet:
		return 1
	case syntax.NtMulti:
		return len(n.Str)
	case syntax.NtOneloop, syntax.NtNotoneloop, syntax.NtSetloop, syntax.NtOnelazy, syntax.NtNotonelazy,
		syntax.NtSetlazy, syntax.NtOneloopatomic, syntax.NtNotoneloopatomic, syntax.NtSetloopatomic:
		return max(n.M, 0)
	case syntax.NtLoop, syntax.NtLazyloop:
		if len(n.Children) != 1 || n.M <= 0 {
			return 0
		}
		return min(n.M*minWidth(n.Children[0]), 1<<20)
	case syntax.NtConcatenate:
		sum := 0
		for _, c := range n.Children {
			sum = min(sum+minWidth(c), 1<<20)
		}
		return sum
	case syntax.NtAlternate:
		least := -1
		for _, c := range n.Children {
			if w := minWidth(c); least < 0 || w < least {
				least = w
			}
		}
		return max(least, 0)
	case syntax.NtCapture, syntax.NtGroup, syntax.NtAtomic:
		if len(n.Children) == 1 {
			return minWidth(n.Children[0])
		}
	}
	return 0
}

// openingBehind is the lookbehind every match of root opens with, nil if
// none: the first node of the pattern, through groups and captures.
func openingBehind(n *syntax.RegexNode) *syntax.RegexNode {
	for {
		switch n.T {
		case syntax.NtCapture, syntax.NtGroup, syntax.NtConcatenate:
			if len(n.Children) == 0 {
				return nil
			}
			n = n.Children[0]
		case syntax.NtPosLook, syntax.NtNegLook:
			if n.Options&syntax.RightToLeft == 0 || len(n.Children) != 1 {
				return nil
			}
			return n
		default:
			return nil
		}
	}
}

// behindBytes fills o from a lookbehind of one character: a positive one
// of alternatives that are each a character, a class, ^ or \A; a negative
// one of one character or class. It reports false for any other.
func behindBytes(n *syntax.RegexNode, o *Opening) bool {
	body := n.Children[0]
	alts := []*syntax.RegexNode{body}
	if body.T == syntax.NtAlternate {
		alts = body.Children
	}
	neg := n.T == syntax.NtNegLook
	if neg && len(alts) != 1 {
		return false
	}
	var in [256]bool
	for _, a := range alts {
		switch a.T {
		case syntax.NtBeginning:
			if neg {
				return false
			}
			o.AtStart = true
		case syntax.NtBol:
			if neg {
				return false
			}
			o.AtStart, in['\n'] = true, true
		case syntax.NtOne, syntax.NtNotone, syntax.NtSet:
			for c := range 0x80 {
				in[c] = in[c] || charIn(a, rune(c))
			}
		default:
			return false
		}
	}
	for c := range 0x80 {
		o.After[c] = in[c] != neg
	}
	for c := 0x80; c < 0x100; c++ {
		o.After[c] = true
	}
	o.AtStart = o.AtStart || neg // nothing before the text is no excluded character
	return true
}

// charIn reports whether the one-character node n matches c.
func charIn(n *syntax.RegexNode, c rune) bool {
	fold := n.Options&syntax.IgnoreCase != 0
	has := func(c rune) bool {
		switch n.T {
		case syntax.NtOne:
			return n.Ch == c
		case syntax.NtNotone:
			return n.Ch != c
		}
		return n.Set.CharIn(c)
	}
	if has(c) {
		return true
	}
	if fold && c >= 'A' && c <= 'Z' {
		return has(c + 'a' - 'A')
	}
	return fold && c >= 'a' && c <= 'z' && has(c-'a'+'A')
}

// readsAfterOnly is isLeftLocal over the tree, skip (the opening
// lookbehind) and the lookbehinds of inner (innerBehinds, which
// Opening.Behind provides for) excepted.
func readsAfterOnly(n, skip *syntax.RegexNode, inner map[*syntax.RegexNode]int) bool {
	if _, ok := inner[n]; ok || n == skip {
		return true
	}
	switch n.T {
	case syntax.NtBol, syntax.NtBeginning, syntax.NtStart,
		syntax.NtBackRefCond, syntax.NtExprCond, syntax.NtGrapheme, syntax.NtUnknown:
		return false
	case syntax.NtPosLook, syntax.NtNegLook:
		if n.Options&syntax.RightToLeft != 0 {
			return false
		}
	}
	for _, c := range n.Children {
		if !readsAfterOnly(c, skip, inner) {
			return false
		}
	}
	return true
}

// reachSkipping is lookaheadReach over the tree, skip excepted; a
// lookbehind of inner reads at most the one character after its place (a
// \b at its end).
func reachSkipping(n, skip *syntax.RegexNode, inner map[*syntax.RegexNode]int) int {
	if n == skip {
		return 0
	}
	if _, ok := inner[n]; ok {
		return 1
	}
	reach := 0
	switch n.T {
	case syntax.NtEol, syntax.NtEndZ, syntax.NtEnd:
		return 1
	case syntax.NtRef:
		return -1
	case syntax.NtPosLook, syntax.NtNegLook:
		if reach = widthOf(n, true); reach < 0 {
			return -1
		}
	}
	for _, c := range n.Children {
		w := reachSkipping(c, skip, inner)
		if w < 0 {
			return -1
		}
		reach = max(reach, w)
	}
	return reach
}

// valueIsMatch reports a pattern whose match is its group number g: the
// pattern is that group, with lookarounds before and after it only.
func valueIsMatch(pattern string, g int) bool { return valueIsMatchOf(parseTree(pattern), g) }

// valueIsMatchOf is valueIsMatch of a parsed pattern.
func valueIsMatchOf(tree *syntax.RegexTree, g int) bool {
	if tree == nil {
		return false
	}
	n := tree.Root
	for (n.T == syntax.NtCapture && n.M == 0 || n.T == syntax.NtGroup) && len(n.Children) == 1 {
		n = n.Children[0] // the whole match's group, a plain group
	}
	parts := []*syntax.RegexNode{n}
	if n.T == syntax.NtConcatenate {
		parts = n.Children
	}
	found := false
	for _, c := range parts {
		switch {
		case c.T == syntax.NtPosLook || c.T == syntax.NtNegLook || c.T == syntax.NtEmpty:
		case c.T == syntax.NtCapture && c.M == g && !found:
			found = true
		default:
			return false
		}
	}
	return found
}

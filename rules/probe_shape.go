package rules

import (
	"strings"

	"github.com/dlclark/regexp2/v2/syntax"
)

// leaf is one character-consuming node of the pattern; repeats is true when
// it is a loop or sits inside one.
type leaf struct {
	node    *syntax.RegexNode
	repeats bool
}

func isLeaf(n *syntax.RegexNode) bool {
	switch n.T {
	case syntax.NtOne, syntax.NtNotone, syntax.NtSet, syntax.NtMulti:
		return true
	}
	return isLoopLeaf(n)
}

func isLoopLeaf(n *syntax.RegexNode) bool {
	switch n.T {
	case syntax.NtOneloop, syntax.NtOnelazy, syntax.NtOneloopatomic,
		syntax.NtNotoneloop, syntax.NtNotonelazy, syntax.NtNotoneloopatomic,
		syntax.NtSetloop, syntax.NtSetlazy, syntax.NtSetloopatomic:
		return true
	}
	return false
}

func (l leaf) accepts(c rune) bool {
	n := l.node
	fold := n.Options&syntax.IgnoreCase != 0
	eq := func(a, b rune) bool { return a == b || (fold && strings.EqualFold(string(a), string(b))) }
	switch n.T {
	case syntax.NtOne, syntax.NtOneloop, syntax.NtOnelazy, syntax.NtOneloopatomic:
		return eq(c, n.Ch)
	case syntax.NtNotone, syntax.NtNotoneloop, syntax.NtNotonelazy, syntax.NtNotoneloopatomic:
		return !eq(c, n.Ch)
	case syntax.NtSet, syntax.NtSetloop, syntax.NtSetlazy, syntax.NtSetloopatomic:
		return n.Set != nil && n.Set.Contains(c)
	case syntax.NtMulti:
		for _, m := range n.Str {
			if eq(c, m) {
				return true
			}
		}
	}
	return false
}

// skeleton writes a short string the pattern likely matches (or at least
// walks far into): literals as written, one accepted character per set,
// loops at their minimum count (at least once), first alternatives, no
// lookarounds. It gives the probe a prefix that reaches the pattern's loops.
func skeleton(b *strings.Builder, n *syntax.RegexNode, depth int) {
	if n == nil || depth > 100 || b.Len() > 256 {
		return
	}
	switch {
	case n.T == syntax.NtOne:
		b.WriteRune(n.Ch)
	case n.T == syntax.NtMulti:
		b.WriteString(string(n.Str))
	case n.T == syntax.NtNotone || n.T == syntax.NtSet:
		b.WriteRune(sample(leaf{node: n}))
	case isLoopLeaf(n):
		b.WriteString(strings.Repeat(string(sample(leaf{node: n})), min(max(n.M, 1), 32)))
	case n.T == syntax.NtAlternate && len(n.Children) > 0:
		skeleton(b, n.Children[0], depth+1)
	case n.T == syntax.NtLoop || n.T == syntax.NtLazyloop:
		for i := 0; i < min(max(n.M, 1), 32) && len(n.Children) > 0; i++ {
			skeleton(b, n.Children[0], depth+1)
		}
	case n.T == syntax.NtConcatenate || n.T == syntax.NtCapture || n.T == syntax.NtGroup || n.T == syntax.NtAtomic:
		for _, c := range n.Children {
			skeleton(b, c, depth+1)
		}
	}
}

// sample returns an ordinary character the leaf accepts, preferring
// letters and digits.
func sample(l leaf) rune {
	for _, c := range "a0Az9_-. :=/@\n" {
		if l.accepts(c) {
			return c
		}
	}
	for _, c := range probePalette {
		if l.accepts(c) {
			return c
		}
	}
	return 'a'
}

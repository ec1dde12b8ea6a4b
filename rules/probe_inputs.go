package rules

import (
	"strings"
	"unicode/utf8"

	"github.com/dlclark/regexp2/v2/syntax"
)

// Adversarial inputs for the backtracking probe. A pattern is seen through
// its leaves (literal chars, sets, single-char loops): characters accepted by
// the same leaves behave alike, so the probe keeps one representative per
// class and builds, from those: long runs of one class ended by each class
// (or nothing), alternations of two classes, runs shaped by the pattern's
// counted loops ({20} -> 19 separated occurrences), and the rule's own
// match examples repeated. Catastrophic patterns blow up on some of them.

const (
	probeRun       = 512 // length of a run, in characters
	probeRunSmall  = 128 // the same inputs shrunk, to tell exponential from quadratic
	maxProbeClass  = 24
	maxProbeInputs = 800
)

// probePalette is the candidate alphabet, plus the pattern's literals.
var probePalette = func() []rune {
	rs := []rune{'\t', '\n', '\r'}
	for c := rune(0x20); c < 0x7f; c++ {
		rs = append(rs, c)
	}
	return append(rs, 'é', 'Ж', '€', '\u00a0', '\u200b', '٣', '🙂')
}()

// leaf is one character-consuming node of the pattern.
type leaf struct {
	node *syntax.RegexNode
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

// shape is what the probe knows of a pattern.
type shape struct {
	leaves []leaf
	counts []int // M of loops with M >= 2
	lits   []rune
}

func patternShape(pattern string) shape {
	var s shape
	tree, err := syntax.Parse(pattern, syntax.ParseOptions{RegexOptions: syntax.RegexOptions(regexOptions)})
	if err != nil || tree == nil {
		return s
	}
	walk(tree.Root, 0, &s)
	return s
}

func walk(n *syntax.RegexNode, depth int, s *shape) {
	if n == nil || depth > 200 {
		return
	}
	switch n.T {
	case syntax.NtOne, syntax.NtOneloop, syntax.NtOnelazy, syntax.NtOneloopatomic,
		syntax.NtNotone, syntax.NtNotoneloop, syntax.NtNotonelazy, syntax.NtNotoneloopatomic:
		s.leaves = append(s.leaves, leaf{n})
		s.lits = append(s.lits, n.Ch)
	case syntax.NtSet, syntax.NtSetloop, syntax.NtSetlazy, syntax.NtSetloopatomic:
		s.leaves = append(s.leaves, leaf{n})
	case syntax.NtMulti:
		s.leaves = append(s.leaves, leaf{n})
		s.lits = append(s.lits, n.Str...)
	case syntax.NtLoop, syntax.NtLazyloop:
		if n.M >= 2 && n.M <= 64 {
			s.counts = append(s.counts, n.M)
		}
	}
	for _, c := range n.Children {
		walk(c, depth+1, s)
	}
}

// classes returns one representative character per class of characters
// accepted by the same leaves; the class accepted by no leaf comes first.
func (s shape) classes() []rune {
	seen := map[string]bool{}
	var reps []rune
	for _, c := range append(append([]rune(nil), probePalette...), s.lits...) {
		sig := make([]byte, len(s.leaves))
		for i, l := range s.leaves {
			if l.accepts(c) {
				sig[i] = 1
			}
		}
		if k := string(sig); !seen[k] && len(reps) < maxProbeClass {
			seen[k] = true
			reps = append(reps, c)
		}
	}
	return reps
}

// probeInputs builds the adversarial inputs for a rule, with runs of about
// run characters. The list's order and length do not depend on run.
func probeInputs(pattern string, examples []string, run int) []string {
	s := patternShape(pattern)
	reps := s.classes()
	var in []string
	add := func(x string) {
		if len(in) < maxProbeInputs {
			in = append(in, x)
		}
	}
	for _, c := range reps {
		run := strings.Repeat(string(c), run)
		add(run)
		for _, t := range reps {
			add(run + string(t))
		}
	}
	for _, x := range reps {
		for _, y := range reps {
			pair := strings.Repeat(string(x)+string(y), run/2)
			add(pair)
			add(pair + string(reps[0]))
			for _, k := range s.counts {
				gap := strings.Repeat(string(y), run/k)
				add(strings.Repeat(string(x)+gap, k-1))
			}
		}
	}
	for _, ex := range examples {
		for _, x := range exampleVariants(ex, run) {
			add(x)
		}
	}
	return in
}

// exampleVariants repeats an example (and the example without its last
// character, which often makes the tail fail) to about run characters.
func exampleVariants(ex string, run int) []string {
	n := max(utf8.RuneCountInString(ex), 1)
	cut := ex
	if _, size := utf8.DecodeLastRuneInString(ex); size < len(ex) {
		cut = ex[:len(ex)-size]
	}
	times := run/n + 1
	return []string{
		strings.Repeat(ex, times),
		strings.Repeat(ex+" ", times),
		strings.Repeat(cut, times) + "!",
	}
}

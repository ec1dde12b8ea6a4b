package rules

import (
	"strings"
	"unicode/utf8"

	"github.com/dlclark/regexp2/v2/syntax"
)

// Adversarial inputs for the backtracking probe. A pattern is seen through
// its leaves (literal chars, sets, single-char loops): characters accepted by
// the same leaves behave alike, so the probe keeps one representative per
// class. Backtracking blows up inside loops, so runs are built from the
// classes of the leaves that can repeat: long runs of one class ended by
// each class (or nothing), alternations of two classes, runs shaped by the
// pattern's counted loops ({20} -> 19 separated occurrences), the same runs
// after a prefix that reaches the loop (a skeleton match of the pattern, and
// each match example), and the examples repeated.

const (
	probeRun       = 128 // length of a run, in characters
	maxProbeClass  = 24
	maxProbeInputs = 600
)

// probePalette is the candidate alphabet, plus the pattern's literals.
var probePalette = func() []rune {
	rs := []rune{'\t', '\n', '\r'}
	for c := rune(0x20); c < 0x7f; c++ {
		rs = append(rs, c)
	}
	return append(rs, 'é', 'Ж', '€', '\u00a0', '\u200b', '٣', '🙂')
}()

// shape is what the probe knows of a pattern.
type shape struct {
	leaves   []leaf
	counts   []int // M of loops with M >= 2
	lits     []rune
	skeleton string
}

func patternShape(pattern string) shape {
	var s shape
	tree, err := syntax.Parse(fastEscapes(pattern), syntax.ParseOptions{RegexOptions: syntax.RegexOptions(regexOptions)})
	if err != nil || tree == nil {
		return s
	}
	s.walk(tree.Root, 0, false)
	var b strings.Builder
	skeleton(&b, tree.Root, 0)
	s.skeleton = b.String()
	return s
}

func (s *shape) walk(n *syntax.RegexNode, depth int, inLoop bool) {
	if n == nil || depth > 200 {
		return
	}
	if isLeaf(n) {
		s.leaves = append(s.leaves, leaf{node: n, repeats: inLoop || (isLoopLeaf(n) && n.N > 1)})
		s.lits = append(s.lits, n.Ch)
		s.lits = append(s.lits, n.Str...)
	}
	if n.T == syntax.NtLoop || n.T == syntax.NtLazyloop {
		if n.M >= 2 && n.M <= 64 {
			s.counts = append(s.counts, n.M)
		}
		inLoop = inLoop || n.N > 1
	}
	for _, c := range n.Children {
		s.walk(c, depth+1, inLoop)
	}
}

// classes returns one representative character per class of characters
// accepted by the same leaves (only the repeating leaves when loops is
// true); the class accepted by no leaf comes first.
func (s shape) classes(loops bool) []rune {
	seen := map[string]bool{}
	var reps []rune
	for _, c := range append(append([]rune(nil), probePalette...), s.lits...) {
		sig := make([]byte, 0, len(s.leaves))
		for _, l := range s.leaves {
			if !loops || l.repeats {
				sig = append(sig, boolByte(l.accepts(c)))
			}
		}
		if k := string(sig); !seen[k] && len(reps) < maxProbeClass {
			seen[k] = true
			reps = append(reps, c)
		}
	}
	return reps
}

func boolByte(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// probeInputs builds the adversarial inputs for a rule, with runs of about
// run characters.
func probeInputs(s shape, examples []string, run int) []string {
	all, loops := s.classes(false), s.classes(true)
	var in []string
	add := func(x string) {
		if len(in) < maxProbeInputs {
			in = append(in, x)
		}
	}
	prefixes := append([]string{"", s.skeleton}, examples...)
	for pi, prefix := range prefixes {
		for _, c := range loops {
			r := prefix + strings.Repeat(string(c), run)
			add(r)
			for ti, t := range all {
				if pi == 0 || ti == 0 || t == '!' {
					add(r + string(t))
				}
			}
		}
	}
	for _, x := range loops {
		for _, y := range loops {
			pair := strings.Repeat(string(x)+string(y), run/2)
			add(pair)
			add(pair + string(all[0]))
			for _, k := range s.counts {
				add(strings.Repeat(string(x)+strings.Repeat(string(y), run/k), k-1))
			}
		}
	}
	for _, ex := range append(examples, s.skeleton) {
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

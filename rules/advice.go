package rules

import "fmt"

// minFastKeyword is the shortest keyword the engine finds on its fast
// path: a shorter one puts every message of the rule's scope on a slower
// search (README, "Rules stay fast…").
const minFastKeyword = 3

// Slow returns, for the rules of files (globs allowed) that load, what
// would make the engine slower for every message and is not a problem:
// a keyword shorter than three bytes ('7z' made BenchmarkInspect about
// three times slower). `rules check` prints them as warnings; the proxy
// loads such rules.
// The files are read and parsed only: Check has run the examples and the
// backtracking probe already.
func Slow(files []string) []Problem {
	paths, _, _ := expand(files)
	var rs []*Rule
	for _, p := range paths {
		r, _ := readRuleFile(p)
		rs = append(rs, r...)
	}
	return slowIn(rs)
}

// Slow is the package function Slow for a loaded set's own files: the
// proxy logs them. The built-in pack is left out: an admin cannot change
// it, and its benchmarks already include its few short keywords ("cc";
// IRC's "!l").
func (s *Set) Slow() []Problem {
	files := map[string]bool{}
	for _, f := range s.Files {
		files[f] = true
	}
	var own []*Rule
	for _, r := range s.Rules {
		if files[r.Pos.File] {
			own = append(own, r)
		}
	}
	return slowIn(own)
}

// slowIn is Slow for rules already read.
func slowIn(rs []*Rule) []Problem {
	var out []Problem
	for _, r := range rs {
		for _, kw := range r.Keywords {
			if len(kw) < minFastKeyword {
				out = append(out, Problem{File: r.Pos.File, Line: r.Pos.Line, ID: r.ID,
					Message: fmt.Sprintf("keyword %q is shorter than %d bytes: every message the rule may see takes the engine's slower search; quote it with the text around it ('7z ', '.7z')", kw, minFastKeyword)})
			}
		}
	}
	sortProblems(out)
	return out
}

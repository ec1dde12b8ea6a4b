package rules

import "fmt"

// minFastKeyword is the shortest keyword the engine finds on its fast
// path: a shorter one puts every message of the rule's scope on a slower
// search (README, "Rules stay fast…").
const minFastKeyword = 3

// Slow returns, for the rules of files (globs allowed) that load, what
// would make the engine slower for every message and is not a problem:
// a keyword shorter than three bytes ('7z' made every message six times
// slower to inspect). `rules check` prints them as warnings; the proxy
// loads such rules.
func Slow(files []string) []Problem {
	set, _ := load(files, false)
	var out []Problem
	for _, r := range set.Rules {
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

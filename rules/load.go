package rules

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Load reads the rule files (each entry a path or a glob), and, when builtin
// is true, the embedded pack. A user rule with the id of a built-in rule
// replaces it; duplicate ids among user files are errors. Every rule is
// compiled, linted, its examples run and its pattern probed for catastrophic
// backtracking (the built-in pack is verified by its tests and by Check);
// any problem fails the whole load with Problems.
func Load(files []string, builtin bool) (*Set, error) {
	set, ps := load(files, builtin)
	if err := errOrNil(ps); err != nil {
		return nil, err
	}
	return set, nil
}

// Check runs everything Load runs, plus, when builtin is true, the built-in
// pack's examples and probe, and returns every problem sorted by file and
// line: what `chatdlp rules check` prints.
func Check(files []string, builtin bool) []Problem {
	_, ps := load(files, builtin)
	if builtin {
		if b, err := Builtin(); err == nil {
			ps = append(ps, verifyAll(b)...)
		}
	}
	sortProblems(ps)
	return ps
}

func load(files []string, builtin bool) (*Set, []Problem) {
	base := func() ([]*Rule, error) { return nil, nil }
	if builtin {
		base = Builtin
	}
	return loadOver(files, base)
}

// loadOver loads the user files over the base rules.
func loadOver(files []string, base func() ([]*Rule, error)) (*Set, []Problem) {
	paths, unmatched, ps := expand(files)
	var user []*Rule
	for _, p := range paths {
		rs, fps := readRuleFile(p)
		ps = append(ps, fps...)
		user = append(user, rs...)
	}
	user, dups := uniqueIDs(user)
	ps = append(ps, dups...)
	ps = append(ps, verifyAll(user)...)
	b, err := base()
	if err != nil {
		var bps Problems
		if !errors.As(err, &bps) {
			bps = Problems{{File: "rules/builtin", Message: err.Error()}}
		}
		ps = append(ps, bps...)
	}
	return &Set{Rules: override(b, user), Files: paths, Unmatched: unmatched}, ps
}

// override returns base without the rules whose id appears in user, then user.
func override(base, user []*Rule) []*Rule {
	ids := make(map[string]bool, len(user))
	for _, r := range user {
		ids[r.ID] = true
	}
	out := make([]*Rule, 0, len(base)+len(user))
	for _, r := range base {
		if !ids[r.ID] {
			out = append(out, r)
		}
	}
	return append(out, user...)
}

func readRuleFile(path string) ([]*Rule, []Problem) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, []Problem{{File: path, Line: 0, Message: "cannot read: " + pathErr(err)}}
	}
	return parseFile(data, path)
}

// Unmatched returns the entries of files that are globs matching no file:
// what Load reports in Set.Unmatched, for callers (such as `rules check`)
// that do not keep a Set.
func Unmatched(files []string) []string {
	_, unmatched, _ := expand(files)
	return unmatched
}

// expand resolves paths and globs, sorted and deduplicated. A missing plain
// path is a problem; a glob matching nothing is not, wherever it points (its
// directory may be empty or not created yet): it is returned in unmatched so
// that the caller can warn.
func expand(files []string) (paths, unmatched []string, ps []Problem) {
	seen := map[string]bool{}
	for _, f := range files {
		matches, p := expandOne(f)
		switch {
		case p != nil:
			ps = append(ps, *p)
		case len(matches) == 0:
			unmatched = append(unmatched, f)
		}
		for _, m := range matches {
			if !seen[m] {
				seen[m] = true
				paths = append(paths, m)
			}
		}
	}
	return paths, unmatched, ps
}

func expandOne(f string) ([]string, *Problem) {
	if !isGlob(f) {
		if _, err := os.Stat(f); err != nil {
			return nil, &Problem{File: f, Line: 0, Message: "cannot read: " + pathErr(err)}
		}
		return []string{f}, nil
	}
	matches, err := filepath.Glob(f)
	if err != nil {
		return nil, &Problem{File: f, Line: 0, Message: "bad glob: " + err.Error()}
	}
	sort.Strings(matches)
	return matches, nil
}

func isGlob(f string) bool { return strings.ContainsAny(f, "*?[") }

// pathErr describes a file error without repeating the path.
func pathErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Sprintf("%s: %v", pe.Op, pe.Err)
	}
	return err.Error()
}

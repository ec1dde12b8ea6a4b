package rules

import (
	"embed"
	"io/fs"
	"path"
	"sort"
	"sync"
)

// builtinFiles is the embedded built-in pack, rules/builtin/*.yaml.
//
//go:embed builtin/*.yaml
var builtinFiles embed.FS

var builtinOnce = sync.OnceValues(loadBuiltin)

// Builtin returns the embedded built-in pack, parsed and compiled once per
// process. The pack's examples and backtracking probe run in its tests and
// in Check(…, true), not on every start: the pack cannot change after the
// build. The returned slice is the caller's; the rules are shared and
// immutable.
func Builtin() ([]*Rule, error) {
	rules, err := builtinOnce()
	if err != nil {
		return nil, err
	}
	return append([]*Rule(nil), rules...), nil
}

func loadBuiltin() ([]*Rule, error) {
	names, err := fs.Glob(builtinFiles, "builtin/*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var rules []*Rule
	var ps []Problem
	for _, name := range names {
		data, err := fs.ReadFile(builtinFiles, name)
		if err != nil {
			return nil, err
		}
		rs, fps := parseFile(data, path.Join("rules", name))
		rules = append(rules, rs...)
		ps = append(ps, fps...)
	}
	rules, dups := uniqueIDs(rules)
	ps = append(ps, dups...)
	if err := errOrNil(ps); err != nil {
		return nil, err
	}
	return rules, nil
}

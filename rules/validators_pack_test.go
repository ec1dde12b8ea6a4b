package rules

import (
	"errors"
	"testing"
)

// TestBuiltinPackFiles loads the built-in pack's YAML from disk exactly as
// `chatdlp rules check` checks it (schema, compile, every rule's match and
// no_match examples, the backtracking probe), then checks the pack's house
// rules: examples on both sides, keywords (but on a rule of the
// chosen-password validator) and a description on every rule.
func TestBuiltinPackFiles(t *testing.T) {
	set, err := Load([]string{"builtin/*.yaml"}, false)
	if ps, ok := errors.AsType[Problems](err); ok {
		for _, p := range ps {
			t.Errorf("Load(builtin): %s", p)
		}
		return
	}
	if err != nil {
		t.Fatalf("Load(builtin): %v", err)
	}
	if len(set.Rules) < 25 {
		t.Errorf("Load(builtin): got %d rules, want the full pack", len(set.Rules))
	}
	for _, r := range set.Rules {
		t.Run(r.ID, func(t *testing.T) {
			if len(r.Examples.Match) < 2 || len(r.Examples.NoMatch) < 2 {
				t.Errorf("examples: got %d match, %d no_match; want >= 2 of each", len(r.Examples.Match), len(r.Examples.NoMatch))
			}
			// A rule that stands on its value's shape alone (the
			// chosen-password validator) has no context word to want.
			if len(r.Keywords) == 0 && r.Validator != "chosen-password" {
				t.Errorf("keywords: got none; want the rule's literal prefixes or context words")
			}
			if r.Description == "" {
				t.Errorf("description: got empty")
			}
		})
	}
}

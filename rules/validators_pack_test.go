package rules

import (
	"path/filepath"
	"testing"
)

// TestBuiltinPackFiles checks the built-in pack's YAML on disk exactly as
// `chatdlp rules check` would: schema, compile, every rule's match and
// no_match examples, and the backtracking probe.
func TestBuiltinPackFiles(t *testing.T) {
	files, err := filepath.Glob("builtin/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("Glob(builtin/*.yaml): got %v, %v; want files", files, err)
	}
	for _, p := range Check(files, false) {
		t.Errorf("Check(): %s", p)
	}
}

// TestBuiltinPackShape checks the pack's house rules: examples on both
// sides, at least two each, and keywords on every rule that can have them.
func TestBuiltinPackShape(t *testing.T) {
	set, err := Load([]string{"builtin/*.yaml"}, false)
	if err != nil {
		t.Fatalf("Load(builtin): %v", err)
	}
	for _, r := range set.Rules {
		t.Run(r.ID, func(t *testing.T) {
			if len(r.Examples.Match) < 1 || len(r.Examples.NoMatch) < 2 {
				t.Errorf("examples: got %d match, %d no_match; want >= 1 and >= 2", len(r.Examples.Match), len(r.Examples.NoMatch))
			}
			if len(r.Keywords) == 0 {
				t.Errorf("keywords: got none; want the rule's literal prefixes or context words")
			}
			if r.Description == "" {
				t.Errorf("description: got empty")
			}
		})
	}
}

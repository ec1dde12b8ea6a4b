package rules

import (
	"strings"
	"testing"
	"time"
)

func TestBuiltin(t *testing.T) {
	start := time.Now()
	rules, err := Builtin()
	if err != nil {
		t.Fatalf("Builtin(): %v", err)
	}
	t.Logf("Builtin(): %d rules in %v", len(rules), time.Since(start))
	if len(rules) == 0 {
		t.Fatal("Builtin(): got no rules, want the embedded pack")
	}
	for _, r := range rules {
		if !strings.HasPrefix(r.Pos.File, "rules/builtin/") {
			t.Errorf("Builtin(): rule %s from %q, want rules/builtin/…", r.ID, r.Pos.File)
		}
	}
	rules[0] = nil // the caller's copy
	again, err := Builtin()
	if err != nil || again[0] == nil {
		t.Fatalf("Builtin(): second call got %v, %v; want an unshared slice", again, err)
	}
}

func TestLoadOverridesBuiltin(t *testing.T) {
	base, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	victim := base[0]
	file := t.TempDir() + "/override.yaml"
	writeFile(t, file, "rules:\n  - id: "+victim.ID+"\n    severity: low\n    pattern: 'zzz-[0-9]{3}'\n    action: log\n")
	set, err := Load([]string{file}, true)
	if err != nil {
		t.Fatalf("Load(): %v", err)
	}
	if len(set.Rules) != len(base) {
		t.Fatalf("Load(): got %d rules, want %d (one replaced)", len(set.Rules), len(base))
	}
	var n int
	for _, r := range set.Rules {
		if r.ID == victim.ID {
			n++
			if r.Pattern != "zzz-[0-9]{3}" || r.Action != ActionLog {
				t.Errorf("override %s: got pattern %q action %v, want the user rule", r.ID, r.Pattern, r.Action)
			}
		}
	}
	if n != 1 {
		t.Errorf("override %s: got %d rules with that id, want 1", victim.ID, n)
	}
}

func TestCheckBuiltin(t *testing.T) {
	for _, p := range Check(nil, true) {
		t.Errorf("Check(nil, true): %s", p)
	}
}

package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// badRules has an unknown key, a pattern that backtracks catastrophically and
// a rule whose example does not match.
const badRules = `rules:
  - id: unknown-key
    severity: low
    pattern: 'abc'
    action: log
    colour: red
    examples: {match: [abc], no_match: [xyz]}
  - id: nested-quantifier
    severity: low
    pattern: '^(a+)+$'
    prefilter: false
    action: log
    examples: {match: [aaa], no_match: [b]}
  - id: failing-example
    severity: low
    pattern: '\bfoo\b'
    action: log
    examples: {match: [bar], no_match: [baz]}
`

func TestRulesCheck(t *testing.T) {
	wd := t.TempDir()
	if err := os.WriteFile(filepath.Join(wd, "bad.yaml"), []byte(badRules), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(wd, "good.yaml"), []byte(goodRule), 0o600); err != nil {
		t.Fatal(err)
	}
	problemLine := regexp.MustCompile(`^bad\.yaml:\d+: [a-z0-9-]+: \S.*$`)

	t.Run("built-in pack", func(t *testing.T) {
		r := chatdlp(t, runOpts{dir: wd}, "rules", "check")
		wantCode(t, r, exitOK)
		if r.stdout != "" {
			t.Errorf("stdout: got %q, want nothing", r.stdout)
		}
	})
	t.Run("good file", func(t *testing.T) {
		wantCode(t, chatdlp(t, runOpts{dir: wd}, "rules", "check", "good.yaml"), exitOK)
	})
	t.Run("bad file", func(t *testing.T) {
		r := chatdlp(t, runOpts{dir: wd}, "rules", "check", "bad.yaml", "good.yaml")
		wantCode(t, r, exitError)
		lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
		for _, l := range lines {
			if !problemLine.MatchString(l) {
				t.Errorf("problem line: got %q, want file:line: rule-id: problem", l)
			}
		}
		for _, id := range []string{"unknown-key", "nested-quantifier", "failing-example"} {
			if !strings.Contains(r.stdout, ": "+id+": ") {
				t.Errorf("problems: got %q, want one for %s", r.stdout, id)
			}
		}
	})
	t.Run("missing file", func(t *testing.T) {
		r := chatdlp(t, runOpts{dir: wd}, "rules", "check", "nope.yaml")
		wantCode(t, r, exitError)
	})
	// A keyword under three bytes loads, but slows every message: a
	// warning on stderr naming the rule, and the exit code stays 0.
	t.Run("short keyword", func(t *testing.T) {
		short := strings.Replace(goodRule, "keywords: [falcon]", "keywords: [falcon, '7z']", 1)
		if short == goodRule {
			t.Fatal("goodRule has no keywords: [falcon] to replace")
		}
		if err := os.WriteFile(filepath.Join(wd, "short.yaml"), []byte(short), 0o600); err != nil {
			t.Fatal(err)
		}
		r := chatdlp(t, runOpts{dir: wd}, "rules", "check", "short.yaml")
		wantCode(t, r, exitOK)
		if want := `warning: short.yaml:2: project-falcon: keyword "7z" is shorter than 3 bytes`; !strings.Contains(r.stderr, want) {
			t.Errorf("stderr: got %q, want it to contain %q", r.stderr, want)
		}
		if r := chatdlp(t, runOpts{dir: wd}, "rules", "check", "good.yaml"); strings.Contains(r.stderr, "shorter than") {
			t.Errorf("stderr of good.yaml: got %q, want no keyword warning", r.stderr)
		}
	})
	// As in the proxy, a glob that matches nothing (even in a missing
	// directory) is a warning, not a problem.
	for _, glob := range []string{"none-*.yaml", "nodir/*.yaml"} {
		t.Run("glob matching nothing "+glob, func(t *testing.T) {
			r := chatdlp(t, runOpts{dir: wd}, "rules", "check", "good.yaml", glob)
			wantCode(t, r, exitOK)
			if want := "warning: rules glob \"" + glob + "\" matches no file"; !strings.Contains(r.stderr, want) {
				t.Errorf("stderr: got %q, want it to contain %q", r.stderr, want)
			}
		})
	}
}

package rules

import (
	"strings"
	"testing"
	"time"
)

const allowHead = "rules:\n  - id: test-card\n    severity: high\n    action: block\n    pattern: '\\b\\d{4}(?:[ -]?\\d{4}){3}\\b'\n    validator: luhn\n"

func TestAllowlistParseAndMatch(t *testing.T) {
	rs, err := Parse([]byte(allowHead+"    allowlist:\n      values: [\"4000 0000 0000 0002\"]\n      patterns: ['^4111']\n"), "f.yaml")
	if err != nil {
		t.Fatalf("Parse(): %v", err)
	}
	r := rs[0]
	tests := []struct {
		text string
		want int
	}{
		{"card 4000 0000 0000 0002", 0},
		{"card 4000-0000-0000-0002", 0}, // same value once normalised
		{"card 4000000000000002", 0},
		{"card 4111 1111 1111 1111", 0}, // pattern
		{"card 4012 8888 8888 1881", 1},
	}
	for _, tc := range tests {
		ms, err := r.Match(tc.text, time.Second)
		if err != nil || len(ms) != tc.want {
			t.Errorf("Match(%q): got %d findings, %v; want %d", tc.text, len(ms), err, tc.want)
		}
	}
}

func TestAllowlistErrors(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"unknown key", allowHead + "    allowlist:\n      value: [x]\n", `f.yaml:7: test-card: allowlist: unknown key "value"`},
		{"not a mapping", allowHead + "    allowlist: [x]\n", "f.yaml:7: test-card: allowlist: want a mapping"},
		{"not a list", allowHead + "    allowlist:\n      patterns: 'x'\n", "f.yaml:7: test-card: allowlist: patterns: want a list of strings"},
		{"empty entry", allowHead + "    allowlist:\n      values: ['']\n", "f.yaml:7: test-card: allowlist: values: empty entry"},
		{"bad pattern at its line", allowHead + "    allowlist:\n      patterns:\n        - '^ok$'\n        - '(x'\n", "f.yaml:10: test-card: allowlist: patterns[1] does not compile"},
		{"matches anything", allowHead + "    allowlist:\n      patterns: ['.']\n", "f.yaml:8: test-card: allowlist: patterns[0] matches any value"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.yaml), "f.yaml")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Parse(): got %v, want %q", err, tc.want)
			}
		})
	}
}

// TestCheckAllowlistRunsExamples: a bad allowlist pattern is a problem, and
// the rule's examples are still run by Check.
func TestCheckAllowlistRunsExamples(t *testing.T) {
	file := t.TempDir() + "/r.yaml"
	writeFile(t, file, allowHead+"    allowlist:\n      patterns: ['(x']\n    examples:\n      match: ['no card here']\n      no_match: ['4012 8888 8888 1881']\n")
	ps := Check([]string{file}, false)
	var text []string
	for _, p := range ps {
		text = append(text, p.String())
	}
	all := strings.Join(text, "\n")
	for _, want := range []string{"allowlist: patterns[0] does not compile", "match example \"no card here\"", "no_match example \"4012 8888 8888 1881\""} {
		if !strings.Contains(all, want) {
			t.Errorf("Check(): got\n%s\nwant a problem containing %q", all, want)
		}
	}
	if _, err := Load([]string{file}, false); err == nil {
		t.Error("Load(): got no error for a bad allowlist pattern")
	}
}

func TestMatchedValueAndAllowKey(t *testing.T) {
	for in, want := range map[string]string{`: "s3cret!"`: "s3cret!", "=abc": "abc", "AKIAX": "AKIAX", " = 'q' ": "q"} {
		if got := MatchedValue(in); got != want {
			t.Errorf("MatchedValue(%q) = %q, want %q", in, got, want)
		}
	}
	if AllowKey("４０００ 0000-0000.0002") != "4000000000000002" || AllowKey("ChangeMe") != "changeme" {
		t.Errorf("AllowKey: got %q, %q", AllowKey("４０００ 0000-0000.0002"), AllowKey("ChangeMe"))
	}
}

// TestValueGroup: a pattern's group named value is the finding, and what
// the validator and the allowlist judge; it may lie in a lookbehind.
func TestValueGroup(t *testing.T) {
	const yaml = "rules:\n  - id: pw\n    severity: high\n    action: block\n    pattern: '(?i)\\bpassword is (?<value>\\S+)|to log in(?<=use (?<value>\\S+) to log in)'\n    validator: password\n    allowlist:\n      values: [Hunter22!]\n"
	rs, err := Parse([]byte(yaml), "f.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r := rs[0]
	tests := []struct {
		text string
		want []Match
	}{
		{"the password is Summer2024!", []Match{{16, 27}}},
		{"use Winter2025# to log in", []Match{{4, 15}}},
		{"the password is required", nil},  // the validator judges "required"
		{"the password is hunter22!", nil}, // allowlisted
	}
	for _, tc := range tests {
		got, err := r.Match(tc.text, time.Second)
		if err != nil || len(got) != len(tc.want) || (len(got) > 0 && got[0] != tc.want[0]) {
			t.Errorf("Match(%q) = %v, %v; want %v", tc.text, got, err, tc.want)
		}
	}
}

package rules

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
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

// parseCase is a rule file and a problem Parse must report for it.
type parseCase struct{ name, yaml, want string }

// checkParseProblems runs Parse on each case and wants its problem.
func checkParseProblems(t *testing.T, tests []parseCase) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.yaml), "f.yaml")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Parse(): got %v, want %q", err, tc.want)
			}
		})
	}
}

func TestAllowlistErrors(t *testing.T) {
	tests := []parseCase{
		{"unknown key", allowHead + "    allowlist:\n      value: [x]\n", `f.yaml:7: test-card: allowlist: unknown key "value"`},
		{"not a mapping", allowHead + "    allowlist: [x]\n", "f.yaml:7: test-card: allowlist: want a mapping"},
		{"not a list", allowHead + "    allowlist:\n      patterns: 'x'\n", "f.yaml:7: test-card: allowlist: patterns: want a list of strings"},
		{"empty entry", allowHead + "    allowlist:\n      values: ['']\n", "f.yaml:7: test-card: allowlist: values: empty entry"},
		{"bad pattern at its line", allowHead + "    allowlist:\n      patterns:\n        - '^ok$'\n        - '(x'\n", "f.yaml:10: test-card: allowlist: patterns[1] does not compile"},
		{"matches anything", allowHead + "    allowlist:\n      patterns: ['.']\n", "f.yaml:8: test-card: allowlist: patterns[0] matches any value"},
	}
	checkParseProblems(t, tests)
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

// TestAllowlistLines: a line pattern drops the matches on a line it
// matches, not those of the other lines of the text, and reads the whole
// line however long the value's neighbourhood.
func TestAllowlistLines(t *testing.T) {
	rs, err := Parse([]byte(allowHead+"    allowlist:\n      lines: ['(?i)\\btest cards?\\b']\n"), "f.yaml")
	if err != nil {
		t.Fatalf("Parse(): %v", err)
	}
	r := rs[0]
	tests := []struct {
		text string
		want int
	}{
		{"test card 4012 8888 8888 1881", 0},
		{"4012 8888 8888 1881 is a test card", 0},
		{"card 4012 8888 8888 1881", 1},
		{"test cards below\n4012 8888 8888 1881", 1}, // another line
		{"4012 8888 8888 1881\nthat was no test card, 4012 8888 8888 1881", 1},
		{"card 4012 8888 8888 1881", 1},
		{strings.Repeat("x", 3000) + " test card 4012 8888 8888 1881", 0},
		{"test card " + strings.Repeat("x", 3000) + " 4012 8888 8888 1881", 1}, // past maxLineBytes
	}
	for _, tc := range tests {
		ms, err := r.Match(tc.text, time.Second)
		if err != nil || len(ms) != tc.want {
			t.Errorf("Match(%.60q): got %d findings, %v; want %d", tc.text, len(ms), err, tc.want)
		}
	}
}

func TestLineAround(t *testing.T) {
	long := strings.Repeat("é", maxLineBytes) // two bytes each: a cut lands mid-character
	tests := []struct {
		text       string
		start, end int
		want       string
	}{
		{"abc", 1, 2, "a\uFFFCc"},
		{"a\nbcd\ne", 3, 4, "b\uFFFCd"},
		{"a\nbc\nde\nf", 3, 6, "b\uFFFCe"},  // a value across lines
		{"a\r\nbcd\r\ne", 4, 5, "b\uFFFCd"}, // a CRLF line ends before its \r
		{"ab\n", 3, 3, "\uFFFC"},
		{"x" + long + "v" + long + "x", 1 + len(long), 2 + len(long), ""},
	}
	for _, tc := range tests {
		got := lineAround(tc.text, tc.start, tc.end)
		if tc.start > len(long) { // the long case: its shape, not its text
			a, b := lineBounds(tc.text, tc.start, tc.end)
			if !utf8.ValidString(got) || a < 2 || b > len(tc.text)-2 || b-a > 2*maxLineBytes+1 || got != tc.text[a:tc.start]+ValueMark+tc.text[tc.end:b] {
				t.Errorf("lineAround(long): bounds %d, %d of %d bytes, valid %v", a, b, len(tc.text), utf8.ValidString(got))
			}
			continue
		}
		if got != tc.want {
			t.Errorf("lineAround(%q, %d, %d) = %q, want %q", tc.text, tc.start, tc.end, got, tc.want)
		}
	}
}

const namedFile = `allowlists:
  test-cards:
    values: ["4000 0000 0000 0002"]
    lines: ['(?i)\bsandbox\b']
  more:
    patterns: ['^4111']
rules:
  - id: card-a
    severity: high
    action: block
    pattern: '\b\d{4}(?:[ -]?\d{4}){3}\b'
    validator: luhn
    allowlist:
      use: [test-cards, more]
  - id: card-b
    severity: high
    action: block
    pattern: '\b\d{16}\b'
    validator: luhn
    allowlist:
      values: ["4012888888881881"]
      use: [test-cards]
`

// TestNamedAllowlists: rules of a file share its named allowlists, each
// with its own entries too.
func TestNamedAllowlists(t *testing.T) {
	rs, err := Parse([]byte(namedFile), "f.yaml")
	if err != nil {
		t.Fatalf("Parse(): %v", err)
	}
	tests := []struct {
		rule int
		text string
		want int
	}{
		{0, "card 4000 0000 0000 0002", 0},     // test-cards' value
		{0, "sandbox: 4012 8888 8888 1881", 0}, // test-cards' line
		{0, "card 4111 1111 1111 1111", 0},     // more's pattern
		{0, "card 4012 8888 8888 1881", 1},
		{1, "card 4000000000000002", 0},
		{1, "card 4012888888881881", 0}, // its own value
		{1, "card 4111111111111111", 1}, // more is not card-b's
		{1, "sandbox 4111111111111111", 0},
	}
	for _, tc := range tests {
		ms, err := rs[tc.rule].Match(tc.text, time.Second)
		if err != nil || len(ms) != tc.want {
			t.Errorf("%s Match(%q): got %d findings, %v; want %d", rs[tc.rule].ID, tc.text, len(ms), err, tc.want)
		}
	}
}

func TestNamedAllowlistErrors(t *testing.T) {
	rule := "rules:\n  - id: r\n    severity: low\n    action: log\n    pattern: 'a+'\n"
	tests := []parseCase{
		{"unknown name", rule + "    allowlist:\n      use: [nope]\n", `f.yaml:7: r: allowlist: use: no allowlist "nope" in this file's`},
		{"not a mapping", "allowlists: [x]\n" + rule, "f.yaml:1: `allowlists:` must be a mapping"},
		{"bad name", "allowlists:\n  Bad_Name: {values: [x]}\n" + rule, `f.yaml:2: allowlists: "Bad_Name" is not a kebab-case name`},
		{"duplicate name", "allowlists:\n  a: {values: [x]}\n  a: {values: [y]}\n" + rule, "f.yaml:3: allowlists: duplicate name \"a\""},
		{"use inside", "allowlists:\n  a: {use: [b]}\n" + rule, `f.yaml:2: allowlists: a: unknown key "use" (want values, patterns, lines)`},
		{"bad pattern at its line", "allowlists:\n  a:\n    lines:\n      - 'ok'\n      - '(x'\n" + rule, "f.yaml:5: allowlists: a: allowlist: lines[1] does not compile"},
		{"any line", "allowlists:\n  a:\n    lines: ['.*']\n" + rule, "f.yaml:3: allowlists: a: allowlist: lines[0] matches any line"},
		{"any spaced line", allowHead + "    allowlist:\n      lines: ['\\s|\\uFFFC']\n", "f.yaml:8: test-card: allowlist: lines[0] matches any line"},
		{"use twice", "allowlists:\n  a: {values: [x]}\n" + rule + "    allowlist:\n      use: [a, a]\n", `f.yaml:9: r: allowlist: use: "a" twice`},
		{"duplicate key", "allowlists: {}\nallowlists: {}\n" + rule, `f.yaml:2: duplicate key "allowlists"`},
		{"unknown top key", "allowlist: {}\n" + rule, "unknown key \"allowlist\" (want `rules:`, `allowlists:`)"},
	}
	checkParseProblems(t, tests)
}

// TestAllowlistLinesSkipValue: line patterns read the words around the
// value and where it stands (ValueMark), not the value.
func TestAllowlistLinesSkipValue(t *testing.T) {
	rs, err := Parse([]byte(allowHead+"    allowlist:\n      lines: ['8888', 'card \\uFFFC is$']\n"), "f.yaml")
	if err != nil {
		t.Fatalf("Parse(): %v", err)
	}
	for text, want := range map[string]int{"card 4012 8888 8888 1881": 1, "the card 4012 8888 8888 1881 is": 0, "the card 4012 8888 8888 1881 is\r\nok": 0, "the card 4012 8888 8888 1881 is ok": 1} {
		if ms, err := rs[0].Match(text, time.Second); err != nil || len(ms) != want {
			t.Errorf("Match(%q): got %d findings, %v; want %d", text, len(ms), err, want)
		}
	}
}

// TestNamedAllowlistProblemOnce: a rule using a named allowlist that has a
// problem gets no second problem for it.
func TestNamedAllowlistProblemOnce(t *testing.T) {
	f := "allowlists:\n  a: {lines: ['(x']}\nrules:\n  - id: r\n    severity: low\n    action: log\n    pattern: 'a+'\n    allowlist:\n      use: [a]\n"
	_, err := Parse([]byte(f), "f.yaml")
	if err == nil || !strings.Contains(err.Error(), "allowlists: a: allowlist: lines[0] does not compile") || strings.Contains(err.Error(), "no allowlist") {
		t.Errorf("Parse(): got %v, want only the allowlist's own problem", err)
	}
}

package rules

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
)

func TestParseValid(t *testing.T) {
	data, err := os.ReadFile("testdata/cards.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rules, err := Parse(data, "cards.yaml")
	if err != nil {
		t.Fatalf("Parse(): got error %v", err)
	}
	if len(rules) != 2 {
		t.Fatalf("Parse(): got %d rules, want 2", len(rules))
	}
	card, secret := rules[0], rules[1]
	checks := []struct {
		name      string
		got, want any
	}{
		{"id", card.ID, "test-card"},
		{"line", card.Pos, Pos{File: "cards.yaml", Line: 2}},
		{"severity", card.Severity, SeverityHigh},
		{"action", card.Action, ActionRedact},
		{"keywords lowercased", strings.Join(card.Keywords, ","), "card,visa"},
		{"proximity", card.Proximity, 30},
		{"keep_last", card.KeepLast, 4},
		{"min_count default", card.MinCount, 1},
		{"direction default", card.Direction, DirectionOutbound},
		{"prefilter default", card.Prefilter, true},
		{"fallback default", card.Fallback, false},
		{"validator", card.Validator, "luhn"},
		{"examples", len(card.Examples.NoMatch), 2},
		{"direction", secret.Direction, DirectionBoth},
		{"services", strings.Join(secret.Services, ","), "slack"},
		{"groups", strings.Join(secret.Groups, ","), "finance"},
		{"second line", secret.Pos.Line, 14},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("Parse(): got %v, want %v", c.got, c.want)
			}
		})
	}
}

func TestParseFallback(t *testing.T) {
	rs, err := Parse([]byte("rules:\n  - id: catch-all\n    severity: low\n    action: log\n    pattern: 'x+'\n    fallback: true\n"), "f.yaml")
	if err != nil || len(rs) != 1 || !rs[0].Fallback {
		t.Fatalf("Parse(fallback: true): got %v, %v; want one rule with Fallback", rs, err)
	}
}

func TestParseErrors(t *testing.T) {
	const head = "rules:\n  - id: bad-rule\n    severity: high\n    action: block\n"
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown key", head + "    pattern: 'x+'\n    colour: red\n", "f.yaml:6: bad-rule: unknown key \"colour\""},
		{"fallback not a bool", head + "    pattern: 'x+'\n    fallback: maybe\n", "f.yaml:6: bad-rule: fallback:"},
		{"duplicate key", head + "    pattern: 'x+'\n    pattern: 'y+'\n", "f.yaml:6: bad-rule: duplicate key \"pattern\""},
		{"bad pattern", head + "    pattern: '(x'\n", "f.yaml:2: bad-rule: pattern does not compile"},
		{"empty pattern", head + "    pattern: ''\n", "f.yaml:2: bad-rule: empty pattern"},
		{"matches empty", head + "    pattern: 'x*'\n", "f.yaml:2: bad-rule: pattern matches the empty string"},
		{"missing pattern", head, "f.yaml:2: bad-rule: missing pattern"},
		{"bad severity", "rules:\n  - id: bad-rule\n    severity: huge\n    action: block\n    pattern: x\n", "f.yaml:3: bad-rule: severity: unknown severity \"huge\""},
		{"bad action", "rules:\n  - id: bad-rule\n    severity: low\n    action: shred\n    pattern: x\n", "f.yaml:4: bad-rule: action: unknown action \"shred\""},
		{"bad direction", head + "    pattern: x\n    direction: sideways\n", "f.yaml:6: bad-rule: direction: unknown direction"},
		{"bad id", "rules:\n  - id: Bad_Rule\n    severity: low\n    action: log\n    pattern: x\n", "f.yaml:2: rules[0]: id: \"Bad_Rule\" is not a kebab-case id"},
		{"missing id", "rules:\n  - severity: low\n    action: log\n    pattern: x\n", "f.yaml:2: rules[0]: missing id"},
		{"proximity type", head + "    pattern: x\n    proximity: near\n", "f.yaml:6: bad-rule: proximity: want an integer"},
		{"negative proximity", head + "    pattern: x\n    proximity: -1\n    keywords: [x]\n", "f.yaml:6: bad-rule: proximity: must be at least 0"},
		{"min_count zero", head + "    pattern: x\n    min_count: 0\n", "f.yaml:6: bad-rule: min_count: must be at least 1"},
		{"negative max_length", head + "    pattern: x\n    max_length: -5\n", "f.yaml:6: bad-rule: max_length: must be at least 0"},
		{"max_length type", head + "    pattern: x\n    max_length: short\n", "f.yaml:6: bad-rule: max_length: want an integer"},
		{"keywords scalar", head + "    pattern: x\n    keywords: card\n", "f.yaml:6: bad-rule: keywords: want a list of strings"},
		{"empty keyword", head + "    pattern: x\n    keywords: ['']\n", "f.yaml:6: bad-rule: keywords: empty entry"},
		{"prefilter type", head + "    pattern: x\n    prefilter: maybe\n", "f.yaml:6: bad-rule: prefilter: want true or false"},
		{"unknown validator", head + "    pattern: x\n    validator: crc64\n", "f.yaml:2: bad-rule: validator: unknown validator"},
		{"keep_last without redact", head + "    pattern: x\n    keep_last: 4\n", "f.yaml:2: bad-rule: keep_last applies only to action redact"},
		{"proximity without keywords", head + "    pattern: x\n    proximity: 10\n", "f.yaml:2: bad-rule: proximity needs keywords"},
		{"examples key", head + "    pattern: x\n    examples: {matches: [x]}\n", "f.yaml:6: bad-rule: examples: unknown key \"matches\""},
		{"duplicate id", head + "    pattern: x\n" + strings.Replace(head, "rules:\n", "", 1) + "    pattern: y\n", "f.yaml:6: bad-rule: duplicate id (first defined at f.yaml:2)"},
		{"rule not mapping", "rules:\n  - just-a-string\n", "f.yaml:2: rules[0]: rule must be a mapping"},
		{"top-level unknown", "rule:\n  - id: x\n", "f.yaml:1: unknown key \"rule\""},
		{"rules not list", "rules: {id: x}\n", "f.yaml:1: `rules:` must be a list"},
		{"empty file", "", "f.yaml:1: empty file"},
		{"bad yaml", "rules:\n  - id: [\n", "f.yaml:2: invalid YAML"},
		{"alias", "x: &a {}\nrules: []\n", "f.yaml:1: unknown key \"x\""},
		{"two documents", "rules: []\n---\nrules: []\n", "f.yaml:2: invalid YAML: more than one YAML document"},
		{"alias rule", "rules:\n  - &r {id: a, severity: low, action: log, pattern: b}\n  - *r\n", "f.yaml:3: rules[1]: rule must be a mapping"},
		{"merge key", "rules:\n  - <<: {id: a}\n    severity: low\n", "f.yaml:2: rules[0]: unknown key \"<<\""},
		{"tabs", "rules:\n\t- id: x\n", "f.yaml:2: invalid YAML"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml), "f.yaml")
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("Parse(): got %v, want Problems", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse(): got %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

// TestKeywordSpacesKept: a quoted keyword keeps the spaces around it ("cf "
// is cf and then a space); plain ones have none to keep.
func TestKeywordSpacesKept(t *testing.T) {
	rs, err := Parse([]byte(`rules:
  - id: kw-spaces
    severity: low
    pattern: '\d{4}'
    keywords: ["cf ", " bsn", plain, "  "]
    action: log
`), "kw.yaml")
	if err == nil {
		t.Fatalf("Parse: an all-space keyword was accepted (rules %v)", rs)
	}
	rs, err = Parse([]byte(`rules:
  - id: kw-spaces
    severity: low
    pattern: '\d{4}'
    keywords: ["CF ", " bsn", Plain]
    action: log
`), "kw.yaml")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if got, want := rs[0].Keywords, []string{"cf ", " bsn", "plain"}; !slices.Equal(got, want) {
		t.Errorf("keywords %q, want %q", got, want)
	}
}

// TestMaxLength: a rule with max_length reads texts up to that many bytes
// and no longer one, through every way of running it.
func TestMaxLength(t *testing.T) {
	rs, err := Parse([]byte(`rules:
  - id: short-only
    severity: low
    action: log
    pattern: '\bsecret-\d{4}\b'
    max_length: 40
`), "f.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r := rs[0]
	if r.MaxLength != 40 {
		t.Fatalf("MaxLength = %d, want 40", r.MaxLength)
	}
	short := "it is secret-1234 ok"
	long := short + strings.Repeat(" padding", 10)
	for _, tc := range []struct {
		text string
		want int
	}{{short, 1}, {long, 0}} {
		ms, err := r.FindAll(tc.text, 0)
		if err != nil || len(ms) != tc.want {
			t.Errorf("FindAll(%d bytes) = %v, %v; want %d findings", len(tc.text), ms, err, tc.want)
		}
		ms, err = r.Match(tc.text, 0)
		if err != nil || len(ms) != tc.want {
			t.Errorf("Match(%d bytes) = %v, %v; want %d findings", len(tc.text), ms, err, tc.want)
		}
		ms, err = r.FindAllIn(tc.text, []Span{{Start: 0, End: len(tc.text)}}, 0)
		if err != nil || len(ms) != tc.want {
			t.Errorf("FindAllIn(%d bytes) = %v, %v; want %d findings", len(tc.text), ms, err, tc.want)
		}
		ms, err = r.FindAllFrom(tc.text, []int{6}, 0)
		if err != nil || len(ms) != tc.want {
			t.Errorf("FindAllFrom(%d bytes) = %v, %v; want %d findings", len(tc.text), ms, err, tc.want)
		}
	}
}

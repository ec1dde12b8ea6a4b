package inspect

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chatdlp/chatdlp/rules"
)

// referenceTimeout bounds rules.Rule.Match in checkCustom.
const referenceTimeout = 200 * time.Millisecond

// customValidators are the validators FuzzEngineCustom gives its rules.
var customValidators = []string{"", "luhn", "entropy:3", "iban", "ssn", "jwt", "nino", "aba", "verhoeff", "nhs"}

// FuzzEngineCustom drives an arbitrary admin rule through the whole
// engine (prefilter, gates, relaxed patterns, spans): on a text the
// normaliser leaves as it is, the engine finds exactly what the rule's
// own regex, validator and keywords find (rules.Rule.Match).
func FuzzEngineCustom(f *testing.F) {
	for _, s := range [][4]string{
		{`\b\d{3}-\d{2}-\d{4}\b`, "ssn", "4", "my ssn 078-05-1120 or 123-45-6789"},
		{`(?i)token[:=]\s*[a-z0-9]{8,}`, "", "0", "TOKEN= abcdef123 token:xyz"},
		{`\b[A-Z]{2}\d{2}[A-Z0-9]{11,30}\b`, "", "3", "GB82WEST12345698765432 and DE89370400440532013000"},
		{`(?<=key=)[a-f0-9]{16}`, "key", "2", "key=0123456789abcdef key=zz"},
		{`\b4\d{12}(?:\d{3})?\b`, "", "1", "4012888888881881 4111111111111111"},
		{`ab|b\b|\bab`, "", "0", "aab ab b"},
		{`(?i)[:=](?<=\b(?:secret|token)[ \t]{0,3}[:=])[ \t]{0,3}[A-Za-z0-9/+]{8}(?![A-Za-z0-9/+=])`, "", "0", "token= abcdefgh secret:ABCDEFGH1 token:x secret = 12345678"},
		{`(?<=\bkey=)[a-f0-9]{4}(?=[^a-f0-9]{0,3}x)`, "", "0", "key=abcd  x key=0123x key=ffff"},
	} {
		f.Add(s[0], s[1], s[2][0]-'0', s[3])
	}
	f.Fuzz(func(t *testing.T, pattern, keyword string, v uint8, text string) {
		if len(pattern) > 80 || len(text) > 400 || !plainASCII(pattern) || !plainASCII(keyword) {
			return
		}
		checkCustom(t, pattern, keyword, customValidators[int(v)%len(customValidators)], text)
	})
}

// TestEngineCustom: rules whose gates once lost findings.
func TestEngineCustom(t *testing.T) {
	for _, c := range [][3]string{
		// A pattern opening with an optional counted repeat: its first
		// bytes are those after it too.
		{`\s{0,2}[A-Z]{2}\d{2}[A-Z0-9]{11,30}`, "iban", "iban:GB82WEST12345698765432"},
		{`[ ]{0,2}[A-Z]{2}\d{2}[A-Z0-9]{11,30}`, "iban", "GB82WEST12345698765432"},
		{`(?:x){0,1}[A-Z]{2}\d{2}[A-Z0-9]{11,30}`, "iban", "GB82WEST12345698765432"},
		{`(?:sk_){0,1}live_[a-z0-9]{30,}`, "", "key live_abcdefghijabcdefghijabcdefghij0"},
		{`\b[a-z]{0,2}\d{16}\b`, "luhn", "card 4111111111111111 here"},
		{`(?:x){0,1}abcd[0-9]{4}`, "", "abcd1234"},
		// Leading literals tried anchored.
		{`(?:x|)abcd\S+`, "", "xabcdef abcdzz"},
		{`(?i)(?:ab)?cdef\S*`, "", "ABcdefg CDEF"},
		{`abcd(?:\S+)?$`, "", "abcdef abcdzz"},
		{`(?s)-----BEGIN[^-]*-----.*?-----END`, "", "x -----BEGIN K----- a -----BEGIN K----- b -----END"},
		// A lookbehind from the leading literal, bounded lookaheads: spans.
		{`(?i)[:=](?<=\b(?:secret|token)[ \t]{0,3}[:=])[ \t]{0,3}[A-Za-z0-9/+]{8}(?![A-Za-z0-9/+=])`, "", "token= abcdefgh secret:ABCDEFGH1 token:x secret = 12345678"},
		{`(?<=\bkey=)[a-f0-9]{4}(?=[^a-f0-9]{0,3}x)`, "", "key=abcd  x key=0123x key=ffff"},
		{`[:=](?<=\bpw[:=])\w{3}(?=\w{0,40}!)`, "", "pw=abc" + strings.Repeat("d", 38) + "! pw:xyz" + strings.Repeat("z", 41) + "!"},
	} {
		checkCustom(t, c[0], "", c[1], c[2])
	}
}

// checkCustom builds a one-rule set from pattern, keyword and validator
// and, on a text the normaliser leaves as it is, compares the engine's
// findings with the rule's own (rules.Rule.Match).
func checkCustom(t *testing.T, pattern, keyword, validator, text string) {
	t.Helper()
	checkCustomNear(t, pattern, keyword, validator, 0, text)
}

// checkCustomNear is checkCustom with the keyword wanted within proximity
// characters of a match (0: anywhere), which may send the rule down the
// engine's near path (near.go).
func checkCustomNear(t *testing.T, pattern, keyword, validator string, proximity int, text string) {
	t.Helper()
	doc := fmt.Sprintf("rules:\n  - id: fz\n    description: fuzz\n    severity: high\n    action: block\n    pattern: '%s'\n",
		strings.ReplaceAll(pattern, "'", "''"))
	if validator != "" {
		doc += "    validator: " + validator + "\n"
	}
	if kw := strings.TrimSpace(keyword); kw != "" && !strings.ContainsAny(kw, "'[]{},:#&*!|>%@`\"") {
		doc += "    keywords: ['" + kw + "']\n"
		if proximity > 0 {
			doc += fmt.Sprintf("    proximity: %d\n", proximity)
		}
	}
	rs, err := rules.Parse([]byte(doc), "fuzz.yaml")
	if err != nil || len(rs) != 1 {
		return
	}
	e, err := NewEngine(&rules.Set{Rules: rs}, Options{MatchTimeout: slowMachine})
	if err != nil {
		t.Fatalf("NewEngine(%q): %v", pattern, err)
	}
	n := normalize(text)
	plain := n.start == nil && n.s == text && len(n.attrs) == 0 && len(base64Segments(n.s, &n.facts)) == 0
	n.put()
	if !plain {
		return
	}
	// A catastrophic pattern ((.*)*0) can take regexp2 seconds on the
	// whole text, where the engine's gates spare it: the reference gets a
	// short budget and the input is passed over if it runs out.
	want, err := rs[0].Match(text, referenceTimeout)
	if err != nil {
		return
	}
	got, err := e.Inspect(context.Background(), Message{Text: text, Direction: rules.DirectionOutbound})
	if err != nil {
		return
	}
	var g []rules.Match
	for _, fd := range got.Findings {
		g = append(g, rules.Match{Start: fd.Start, End: fd.End})
	}
	if !slices.Equal(g, want) {
		t.Fatalf("rule %q (%s) on %q: engine finds %v, the rule itself %v", pattern, doc, text, g, want)
	}
}

// plainASCII reports printable ASCII (a pattern or keyword a YAML
// single-quoted scalar holds as is).
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

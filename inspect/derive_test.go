package inspect

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
	"testing"
	"time"
)

func TestDeriveLiteral(t *testing.T) {
	tests := []struct {
		pattern, lit string
		match        []string // texts from the literal's last byte on
		noMatch      []string
	}{
		{`(?i)(?:password|pass)["']?[ \t]{0,3}[:=]\S{4,}`, "pass", []string{"s=hunter22", "sword:abcd", "s' =abcd", "S=abcd"}, []string{"s reset", "sed", "swordfish"}},
		{`(?:AKIA|ASIA)[A-Z2-7]{4,}\b`, "akia", []string{"AIOSF", "AABCD2 "}, []string{"Aiosf", "AAB"}},
		{`\bgh[pousr]_[A-Za-z0-9]{4,}\b`, "ghp_", []string{"_abcd"}, []string{"_ab", "_abcd_"}},
		{`(?i)token\b`, "token", []string{"n", "n x"}, []string{"ns"}},
		{`ab|cd`, "x", nil, []string{"x", "xab"}},
	}
	for _, tt := range tests {
		d, next := deriveLiteral(tt.pattern, tt.lit)
		if d == nil {
			t.Fatalf("deriveLiteral(%q, %q) = nil", tt.pattern, tt.lit)
		}
		for _, s := range tt.match {
			if !d.MatchString(s) {
				t.Errorf("derivative of %q by %q (%s) does not match %q", tt.pattern, tt.lit, d, s)
			}
			if !next.allows(s, 1) {
				t.Errorf("next bytes of %q by %q refuse %q", tt.pattern, tt.lit, s[1:])
			}
		}
		for _, s := range tt.noMatch {
			if d.MatchString(s) {
				t.Errorf("derivative of %q by %q (%s) matches %q", tt.pattern, tt.lit, d, s)
			}
		}
	}
}

// FuzzDerive checks a derivative is sound: whenever the anchored pattern
// has a match spanning a literal the text starts with (in any case), the
// derivative matches the rest with the literal's last byte before it.
func FuzzDerive(f *testing.F) {
	f.Add(`(?i)(?:password|pass)["']?[ \t]{0,3}[:=]\S{4,}`, "pass", "WORD = x1234", uint8(3))
	f.Add(`(?:AKIA|ASIA)[A-Z2-7]{4,}\b`, "akia", "IOSFODNN7", uint8(0xff))
	f.Add(`\bx(?:y|z\b)+\d*$`, "xz", " 12", uint8(1))
	f.Add(`a*(?:b|)c?d{2,3}`, "aab", "cdd", uint8(0))
	f.Fuzz(func(t *testing.T, pattern, lit, rest string, caseBits uint8) {
		if lit == "" || !isASCII(lit) || len(lit) > 40 {
			return
		}
		re, err := regexp.Compile(`\A(?:` + pattern + `)`)
		if err != nil {
			return
		}
		re.Longest()
		b := []byte(lit)
		for i := range b {
			if caseBits&(1<<(i%8)) != 0 {
				b[i] = byte(otherCase(b[i]))
			}
		}
		text := string(b) + rest
		if m := re.FindStringIndex(text); m == nil || m[1] < len(lit) {
			return // no match that spans the literal
		}
		d, next := deriveLiteral(pattern, lit)
		if d == nil {
			return // not derived: the caller falls back to the full pattern
		}
		if !next.allows(text, len(lit)) {
			t.Fatalf("%q matches %q but the bytes after %q are refused", pattern, text, lit)
		}
		if !d.MatchString(text[len(lit)-1:]) {
			t.Fatalf("%q matches %q but its derivative by %q (%s) does not match %q", pattern, text, lit, d, text[len(lit)-1:])
		}
	})
}

// TestDeriveBudget: a pattern whose derivative grows combinatorially is
// given up on quickly (the gate then uses the whole pattern).
func TestDeriveBudget(t *testing.T) {
	var b strings.Builder
	for i := range 60 { // distinct optional classes, which the parser cannot merge
		fmt.Fprintf(&b, `[a\x{%x}]?`, 0x100+i)
	}
	p := b.String() + strings.Repeat("a", 60)
	start := time.Now()
	d, _ := deriveLiteral(p, strings.Repeat("a", 40))
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("deriveLiteral took %v", took)
	}
	if d != nil && !d.MatchString(strings.Repeat("a", 81)) {
		t.Errorf("derivative %s rejects a match", d)
	}
}

// TestCutAtValue: a gate reads a derivative only up to the end of its
// value group.
func TestCutAtValue(t *testing.T) {
	for _, tt := range []struct{ pattern, want string }{
		{`a[ ]?:(?P<value>\w+)x`, `a ?:(?P<value>[0-9A-Z_a-z]+)`},
		{`(?:a(?P<value>\d+)|bc)d`, `(?:a(?P<value>[0-9]+)|bc)`},
		{`a(?:b(?P<value>\d+)c)?d`, `a(?:b(?P<value>[0-9]+)c)?`},
		{`a(?P<other>b)(?P<value>c)d`, `a(?P<other>b)(?P<value>c)`},
		{`abc`, `abc`},
	} {
		re, err := syntax.Parse(tt.pattern, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		got := strings.ReplaceAll(cutAtValue(re.Simplify()).String(), "(?:)", "")
		if got != tt.want {
			t.Errorf("cutAtValue(%q) = %s, want %s", tt.pattern, got, tt.want)
		}
	}
}

// TestNextBytes: the two bytes after a literal refuse what cannot continue
// a match, before any regexp runs.
func TestNextBytes(t *testing.T) {
	_, next := deriveLiteral(`(?i)(?:password|pass)["']?[ \t]{0,3}[:=][ \t]{0,3}\S{4,}`, "password")
	if next == nil {
		t.Fatal("no next bytes")
	}
	for s, want := range map[string]bool{
		"password reset": false, "password: x": true, "password=x": true, "password'=": true,
		"password": true, "password ": true, "passwordé": true, "passwordx": false, "password\t\t:": true,
	} {
		if got := next.allows(s, len("password")); got != want {
			t.Errorf("allows(%q) = %v, want %v", s, got, want)
		}
	}
}

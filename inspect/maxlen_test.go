package inspect

import (
	"regexp"
	"strings"
	"testing"
)

func TestRelaxedMaxLen(t *testing.T) {
	tests := []struct {
		pattern string
		want    int
	}{
		{`abc`, 3},
		{`\bAKIA[0-9A-Z]{16}\b`, 20},
		{`(?i)k`, 3}, // the Kelvin sign
		{`é?x|yy`, 3},
		{`[^a]`, 4},
		{`a+`, -1},
		{`(?:)*x`, 1},
		{`(a)\1`, 2},
		{`(?i)[:=](?<=\bpwd["']?[ \t]{0,3}[:=])[ \t]{0,3}\S{6,128}`, 3*1 + 1 + 3 + 1 + 3 + 128*4},
		{`x{1000}{1000}`, -1},
		{`a(?=b)`, 1},
		{`[a-z-[aeiou]]`, -1},
	}
	for _, tt := range tests {
		if got := relaxedMaxLen(tt.pattern); got != tt.want {
			t.Errorf("relaxedMaxLen(%q) = %d, want %d", tt.pattern, got, tt.want)
		}
	}
	for p, want := range map[string]int{`(?i)k`: 1, `[^a]{3}`: 3, `é?x|yy`: 2, `a+`: -1,
		`(?i)[:=](?<=\bpwd["']?[ \t]{0,3}[:=])[ \t]{0,3}\S{6,128}`: 3 + 1 + 3 + 1 + 3 + 128} {
		if _, got := relaxedMaxLens(p); got != want {
			t.Errorf("relaxedMaxLens(%q): %d characters, want %d", p, got, want)
		}
	}
}

// TestMaxLenBoundsMatches checks the bound against real matches.
func TestMaxLenBoundsMatches(t *testing.T) {
	texts := []string{"KKKK", "aaaa", "pwd = hunter2hunter2", "é é x yy", strings.Repeat("Z", 50)}
	for _, p := range []string{`(?i)k+`, `(?i)kk`, `(?i)pwd\s*=\s*\S{6,12}`, `é?x|yy`, `[A-Z]{4,9}`} {
		n := relaxedMaxLen(p)
		re := regexp.MustCompile(p)
		for _, s := range texts {
			for _, m := range re.FindAllString(s, -1) {
				if n >= 0 && len(m) > n {
					t.Errorf("%q matched %q (%d bytes), bound %d", p, m, len(m), n)
				}
			}
		}
	}
}

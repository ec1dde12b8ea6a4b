package inspect

import (
	"regexp"
	"testing"

	"github.com/dlclark/regexp2/v2"
)

func TestRelaxPattern(t *testing.T) {
	tests := []struct{ in, want string }{
		{`(?i)(?<=\bpass\s*[:=])(?![*x]{4})[^\s"']{6,}`, `(?i)(?:pass[\t\n\v\f\r ]*[:=])[^\t\n\f\r "']{4,}`},
		{`\b\d{3}([- ])\d{2}\1\d{4}\b`, `\b\d{3}([- ])\d{2}(?:[- ])\d{4}\b`},
		{`(?<=(a))(b)\2\1\3`, `(?:(a))(b)(?:b)(?:a)(?s:.*)`},
		{`(?<n>a)\1`, `(?<n>a)(?s:.*)`},
		{`(a\1)`, `(a(?s:.*))`},
		// A backreference copies its group with the flags it may have had
		// and only when the group reads nothing around its text; groups
		// inside dropped lookarounds keep their numbers.
		{`(?i:(a))\1`, `(?i:(a))(?i:a)`},
		{`(?s:(.))\1`, `(?s:(.))(?s:.)`},
		{`(\ba)\1`, `(\ba)(?s:.*)`},
		{`(^a)\1`, `(^a)(?s:.*)`},
		{`(?=(a))a(b)\1\2`, `a(b)(?s:.*)(?:b)`},
		{`(?=[(])(b)\1`, `(b)(?:b)`},
		{`a++b*+c{2}+d?+e+?`, `a+b*c{2}d?e+?`},
		{`(?>ab|a)c`, `(?:ab|a)c`},
		{`x(?=y)z(?<!w)`, `xz`},
		{`(?i)[:=](?<=\bpwd[:=])\s*\S{6,}`, `(?i)(?:pwd[:=])[\t\n\v\f\r ]*[^\t\n\f\r ]{4,}`},
		{`\d+[a\]](?<=x\d[a\]])y`, `(?:x\d[a\]])y`},
		{`a|b(?<=b)c`, `a|bc`},
		{`a{02}b{00,010}c{1,}`, `a{2}b{0,}c{1,}`},
		{`\b.\b\w+?\b[a-c_]\b[^a]\b[a-]\bx?\b`, `.\b\w+?\b[a-c_]\b[^a][a-]x?`},
		{`(?i)\bk\b[0-9]{0,2}\b_`, `(?i)k[0-9]{0,2}\b_`},
		{`(a)(?<=a)b`, `(a)b`},
		{`[\S]`, ""},
		{`[a-z-[aeiou]]`, ""},
		{`(?x) a b`, ""},
		{`a{,3}`, `a\{,3}`},
		{`[]a]\S+`, `[\]a][^\t\n\f\r ]+`},
		{`(?=a)*b`, ""},
		// Escapes Go reads otherwise, or regexp2 only: none relaxed.
		{`\Q0`, ""},
		{`a\Qb\E`, ""},
		{`\x{41}`, ""},
		{`\e\cA`, ""},
		{`[\b]`, ""},
		{`\x41\.\0\t`, `\x41\.\0\t`},
		{`a[\s\S]{4,8}?b[\w\W]c`, `a(?s:.){4,}?b(?s:.)c`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := relaxPattern(tt.in)
			if tt.want == "" {
				if err == nil {
					t.Errorf("relaxPattern(%q): got %q, want an error", tt.in, got)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("relaxPattern(%q): got %q, %v, want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

// FuzzRelax checks the relaxed Go pattern matches wherever regexp2 does.
func FuzzRelax(f *testing.F) {
	f.Add(`(?i)(?<=\bpass\s*[:=])[^\s]{3,}`, "PASS = hunter22")
	f.Add(`\b\d{3}([- ])\d{2}\1\d{4}\b`, "ssn 078-05-1120")
	f.Add(`a++(?=b)`, "aaab")
	f.Add(`[^\s"']{3,}|\S\s`, "\v\v\v \v\f")
	f.Add(`(?i)[:=](?<=\btoken["']?[ \t]{0,3}[:=])[ \t]{0,3}\w{8,}`, "TOKEN: 'abcdefgh1'")
	f.Add(`-----BEGIN[ A-Z]{0,9}KEY-----[\s\S]{4,64}?-----END`, "-----BEGIN RSA KEY-----\nMIIB\x00é\n-----END")
	f.Fuzz(func(t *testing.T, pattern, text string) {
		re2, err := regexp2.Compile(pattern, regexp2.RE2)
		if err != nil {
			return
		}
		relaxed, err := relaxPattern(pattern)
		if err != nil {
			return
		}
		m, err := re2.MatchString(text)
		if err != nil || !m {
			return
		}
		if !regexp.MustCompile(relaxed).MatchString(text) {
			t.Fatalf("regexp2 %q matches %q but relaxed %q does not", pattern, text, relaxed)
		}
	})
}

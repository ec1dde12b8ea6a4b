package rules

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/dlclark/regexp2/v2"
)

func TestFastEscapes(t *testing.T) {
	tests := []struct{ in, want string }{
		{`(?i)\S+`, `(?i)[^\s]+`},
		{`\D\W\S`, `[^\d][^\w][^\s]`},
		{`[\S]\S`, `[\S][^\s]`},
		{`[^\]\S]x\S`, `[^\]\S]x[^\s]`},
		{`[]\S]\S`, `[]\S][^\s]`},
		{`[a-z-[aeiou]\S]\S`, `[a-z-[aeiou]\S][^\s]`},
		{`[[:alpha:]\S]\S`, `[[:alpha:]\S][^\s]`},
		{`\\S`, `\\S`},
		{`\Q\S\E\S`, `\Q\S\E[^\s]`},
		{`\Q\S`, `\Q\S`},
		{`(?x)\S # comment`, `(?x)\S # comment`},
		{`(?ix:\S) # comment`, `(?ix:\S) # comment`},
		{`(?i)\d{4}#\S`, `(?i)\d{4}#[^\s]`},
		{`[*#]\D`, `[*#][^\d]`},
		{`\s\d\w`, `\s\d\w`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := fastEscapes(tt.in); got != tt.want {
				t.Errorf("fastEscapes(%q): got %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestFastEscapesSameMatches checks the rewrite against the original on
// random text. The one intended difference: regexp2's bare (?i)\W also
// matches k, K, s and S, whose case-fold partners U+212A KELVIN SIGN and
// U+017F LONG S are non-word characters; [^\w] does not. So no
// case-insensitive \W is compared here. (Few patterns: under -race each
// original (?i)\S costs seconds to compile, which is the point of the rewrite.)
func TestFastEscapesSameMatches(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const all = "aAbZ09 _-\n\t!é€KkßſΣς.@"
	tests := []struct{ pattern, alphabet string }{
		{`(?im)^\s*[!.@](?:login|auth)\s+\S{3,}\s*$`, all},
		{`\D+\W\d`, all},
		{`[a\]]\W+\D`, all},
		{`[^\S\n]+\S`, all},
	}
	for _, tt := range tests {
		p, alphabet := tt.pattern, []rune(tt.alphabet)
		orig, err := regexp2.Compile(p, regexOptions)
		if err != nil {
			t.Fatal(err)
		}
		fast, err := compilePattern(p)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 300; i++ {
			rs := make([]rune, rng.IntN(40))
			for j := range rs {
				rs[j] = alphabet[rng.IntN(len(alphabet))]
			}
			text := string(rs)
			a, _ := orig.FindAllStringIndex(text, -1)
			b, _ := fast.FindAllStringIndex(text, -1)
			if fmt.Sprint(a) != fmt.Sprint(b) {
				t.Fatalf("%q on %q: original %v, rewritten %v", p, text, a, b)
			}
		}
	}
}

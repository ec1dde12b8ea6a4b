package inspect

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// classAheadSources are lookaheads of the shapes classAhead reads, as the
// relaxer writes them (Go syntax), with and without a tail.
var classAheadSources = []string{
	`[^\t\n\f\r "'` + "`" + `<>]{8,30}(?:[.,;:!?)*"'` + "`" + `]{0,2}(?:[\t\n\v\f\r "'` + "`" + `<>]|$))`,
	`[^\t\n\f\r "'` + "`" + `<>]{0,29}[A-Za-z]`,
	`[^\t\n\f\r "'` + "`" + `<>]{0,29}[!#$%&*+=?@^~_A-Z]`,
	`[^\t\n\f\r "'` + "`" + `<>]{0,29}\d`,
	`[A-Za-z0-9_+-]{0,19}[A-Z]`,
	`[A-Za-z_]{0,3}[0-9+-]`,
	`(?i)[a-zé]{2,4}[k-m]`,
	`[^ ]{1,3}[.!]?$`,
	`[^ ]{0,5}[,;]{0,1}(?:[ ]|$)`,
	`\w{3,6}$`,
}

// classAheadAlphabet mixes the bytes the classes above split on, letters
// of both cases, digits, non-ASCII characters and an invalid byte.
var classAheadAlphabet = []string{"a", "Z", "k", "K", "7", " ", "\t", "\n", "\"", "'", "`", "<", ">", ".", ",", ";", "!", "_", "+", "-", "#", "é", "É", "🔑", "\xff", "ß"}

func randomAheadText(rng *rand.Rand) string {
	var b strings.Builder
	for range rng.IntN(40) {
		b.WriteString(classAheadAlphabet[rng.IntN(len(classAheadAlphabet))])
	}
	return b.String()
}

// TestClassAheadAgreesWithRegexp: classAhead answers as Go's regexp,
// anchored, on the same input.
func TestClassAheadAgreesWithRegexp(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, src := range classAheadSources {
		a, ok := compileClassAhead(src)
		if !ok {
			t.Fatalf("compileClassAhead(%q) = false, want a class ahead", src)
		}
		re := regexp.MustCompile(`\A(?:` + src + `)`)
		held := 0
		for range 20000 {
			s := randomAheadText(rng)
			want := re.MatchString(s)
			if got := a.matches(s); got != want {
				t.Fatalf("%q on %q: classAhead %v, regexp %v", src, s, got, want)
			}
			if want {
				held++
			}
		}
		if held == 0 || held == 20000 {
			t.Errorf("%q held on %d of 20000 texts: the test says nothing", src, held)
		}
	}
}

// TestClassAheadOtherShapes: what classAhead cannot read stays with the
// regexp.
func TestClassAheadOtherShapes(t *testing.T) {
	for _, src := range []string{
		`[a-z]+x`,           // an unbounded run
		`[a-z]{2,4}`,        // no class after the run
		`([a-z]){2,4}[0-9]`, // a group
		`abc`,
		`[a-z]{2,4}[0-9][0-9]`,
		`[a-z]{2,4}xy`,           // two characters after the run
		`[a-z]{2,4}[,;]+[ ]`,     // an unbounded tail
		`[a-z]{2,4}[,;]{1,2}[ ]`, // a tail that must occur
		`(?m)[a-z]{2,4}$`,        // end of line, not of text
	} {
		if _, ok := compileClassAhead(src); ok {
			t.Errorf("compileClassAhead(%q) = true, want false", src)
		}
	}
}

// FuzzClassAhead: classAhead and Go's regexp agree on any input.
func FuzzClassAhead(f *testing.F) {
	for i := range classAheadSources {
		f.Add(i, "Tr0ub4dor&3 ")
		f.Add(i, "https://grafana.example.com/d/abc123/latency?orgId=1")
		f.Add(i, "é\xff🔑Kz_9.\"")
	}
	type pair struct {
		a  *classAhead
		re *regexp.Regexp
	}
	var ps []pair
	for _, src := range classAheadSources {
		a, ok := compileClassAhead(src)
		if !ok {
			f.Fatalf("compileClassAhead(%q) = false", src)
		}
		ps = append(ps, pair{a, regexp.MustCompile(`\A(?:` + src + `)`)})
	}
	f.Fuzz(func(t *testing.T, i int, s string) {
		p := ps[uint(i)%uint(len(ps))]
		if got, want := p.a.matches(s), p.re.MatchString(s); got != want {
			t.Fatalf("%v on %q: classAhead %v, regexp %v", p.re, s, got, want)
		}
	})
}

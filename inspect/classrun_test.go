package inspect

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestClassRunPassSkips checks the skipping scan against a byte-by-byte one.
func TestClassRunPassSkips(t *testing.T) {
	g := classRunGate(`[A-Za-z0-9/+]{40}`)
	naive := func(text string) bool {
		run := 0
		for i := 0; i < len(text); i++ {
			if g.in[text[i]] {
				if run++; run >= g.n {
					return true
				}
			} else {
				run = 0
			}
		}
		return false
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for k := 0; k < 20000; k++ {
		var b strings.Builder
		for n := rng.IntN(300); b.Len() < n; {
			if rng.IntN(8) == 0 {
				b.WriteByte(" .-_é"[rng.IntN(5)])
			} else {
				b.WriteByte("aB3/+"[rng.IntN(5)])
			}
		}
		if got, want := g.pass(b.String()), naive(b.String()); got != want {
			t.Fatalf("pass(%q) = %v, want %v", b.String(), got, want)
		}
		var facts textFacts
		scanText(b.String(), &facts)
		if got, want := g.passFacts(b.String(), &facts), naive(b.String()); got != want {
			t.Fatalf("passFacts(%q) = %v, want %v", b.String(), got, want)
		}
	}
}

package inspect

import (
	"math/rand/v2"
	"testing"
)

// TestSampleBlocks checks the vector kernel against triHash2 at every
// even position (and for no bit at the odd ones) of random texts and tables.
func TestSampleBlocks(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const alphabet = "abcXYZ \x00\xff:=-_0189"
	for round := range 200 {
		var tab [1 << (triBits2 - 6)]uint64
		for i := range tab {
			tab[i] = rng.Uint64() & rng.Uint64() & rng.Uint64()
		}
		b := make([]byte, rng.IntN(300))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		text := string(b)
		out := make([]uint64, len(text)/64+1)
		n := sampleBlocks(text, &tab, out)
		if !vectorSample {
			if n != 0 {
				t.Fatalf("no vector unit, but %d blocks", n)
			}
			continue
		}
		if want := max(0, (len(text)-3)/64); n != want {
			t.Fatalf("round %d: %d blocks of a %d-byte text, want %d", round, n, len(text), want)
		}
		for p := range 64 * n {
			h := triHash2(uint32(text[p]) | uint32(text[p+1])<<8 | uint32(text[p+2])<<16)
			want := p%2 == 0 && tab[h/64]>>(h%64)&1 == 1
			if got := out[p/64]>>(p%64)&1 == 1; got != want {
				t.Fatalf("round %d position %d (%q): %v, want %v", round, p, text[p:p+3], got, want)
			}
		}
	}
}

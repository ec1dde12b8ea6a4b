package inspect

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// checkClassify compares classify, on this CPU's kernel and on the table
// one, with the classes of each byte, and the bit searches with loops.
func checkClassify(t *testing.T, s string) {
	t.Helper()
	var c, g classBits
	fl := classify(s, &c)
	gfl := classifyWith(s, &g, classifyGeneric)
	if want := refScanFlags(s); fl != want || gfl != want {
		t.Errorf("classify(%q): flags %04b (table %04b), want %04b", s, fl, gfl, want)
	}
	bit := func(m []uint64, i int) bool { return m[i/64]>>(i%64)&1 != 0 }
	for i := 0; i < len(s); i++ {
		k := byteClass[s[i]]
		for _, cb := range []*classBits{&c, &g} {
			for p, m := range [][]uint64{cb.digit, cb.run, cb.b64, cb.letter, cb.space, cb.high, cb.sep} {
				if bit(m, i) != (k>>p&1 != 0) {
					t.Fatalf("classify(%q): byte %d (%q): plane %d wrong", s, i, s[i], p)
				}
			}
		}
	}
	for _, m := range [][]uint64{c.digit, c.run, c.b64} {
		for i := 0; i <= len(s); i++ {
			ns, nc, pc := len(s), len(s), -1
			for j := i; j < len(s); j++ {
				if bit(m, j) {
					ns = j
					break
				}
			}
			for j := i; j < len(s); j++ {
				if !bit(m, j) {
					nc = j
					break
				}
			}
			for j := i - 1; j >= 0; j-- {
				if !bit(m, j) {
					pc = j
					break
				}
			}
			if got := nextSet(m, i, len(s)); got != ns {
				t.Fatalf("nextSet(%d) in %q: %d, want %d", i, s, got, ns)
			}
			if got := nextClear(m, i, len(s)); got != nc {
				t.Fatalf("nextClear(%d) in %q: %d, want %d", i, s, got, nc)
			}
			if got := prevClear(m, i); got != pc {
				t.Fatalf("prevClear(%d) in %q: %d, want %d", i, s, got, pc)
			}
			for lo := 0; lo <= i; lo += 1 + lo/5 {
				ls := lo - 1
				for j := i - 1; j >= lo; j-- {
					if bit(m, j) {
						ls = j
						break
					}
				}
				if got := lastSetBefore(m, lo, i); got != ls {
					t.Fatalf("lastSetBefore(%d, %d) in %q: %d, want %d", lo, i, s, got, ls)
				}
			}
			for j := i; j <= len(s); j += 1 + j/7 {
				n := 0
				for k := i; k < j; k++ {
					if bit(m, k) {
						n++
					}
				}
				if got := popRange(m, i, j); got != n {
					t.Fatalf("popRange(%d, %d) in %q: %d, want %d", i, j, s, got, n)
				}
			}
		}
	}
}

func TestClassify(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := "09/:@AZ[`az{+-._*~@&; \t\n\v\f\r\x00\x02\x0e\x10\x1f\x7f\x80\xff<&%=,é"
	for n := range 300 {
		var b strings.Builder
		for range n {
			b.WriteByte(alphabet[r.IntN(len(alphabet))])
		}
		checkClassify(t, b.String())
	}
	for c := range 256 {
		checkClassify(t, strings.Repeat(string(rune(0)), 70)+string([]byte{byte(c)})+strings.Repeat("a", 63))
	}
}

func FuzzClassify(f *testing.F) {
	f.Add(strings.Repeat("card 4012 8888 8888 1881 ", 6))
	f.Add(strings.Repeat("R&D <p>95%</p> \x03 12 ＧＢ\t\r\n\x7f", 5))
	f.Fuzz(func(t *testing.T, s string) { checkClassify(t, s) })
}

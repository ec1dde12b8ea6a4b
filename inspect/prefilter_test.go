package inspect

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/chatdlp/chatdlp/rules"
)

// naiveHits finds every occurrence of every pattern, ASCII case-insensitively.
func naiveHits(pats []string, text string) []hit {
	var out []hit
	lower := strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + 32
		}
		return r
	}, text)
	if len(lower) != len(text) {
		lower = asciiLower(text)
	}
	for id, p := range pats {
		if p == "" {
			continue
		}
		for i := 0; i+len(p) <= len(lower); i++ {
			if lower[i:i+len(p)] == p {
				out = append(out, hit{id: id, start: off32(i)})
			}
		}
	}
	return out
}

func sortedHits(h []hit) []hit {
	h = slices.Clone(h)
	slices.SortFunc(h, func(a, b hit) int {
		if a.start != b.start {
			return int(a.start - b.start)
		}
		return a.id - b.id
	})
	return h
}

// checkScan compares the prefilter with a naive search, for the whole
// pattern set and for a scope of every other pattern, with 3-byte patterns
// found by vector (where there is one) and by bigram, and the sampled
// trigrams tested by vector (where there is one) and one by one.
func checkScan(t *testing.T, pats []string, text string) {
	t.Helper()
	checkScanOnce(t, pats, text)
	defer func(v, w bool) { vectorThrees, vectorSample = v, w }(vectorThrees, vectorSample)
	vectorSample = false
	checkScanOnce(t, pats, text)
	vectorThrees = false
	checkScanOnce(t, pats, text)
}

func checkScanOnce(t *testing.T, pats []string, text string) {
	t.Helper()
	pb := newPrefilterBuilder()
	ids := make([]int, len(pats))
	for i, p := range pats {
		ids[i] = pb.add(p)
	}
	pf := pb.build()
	var odd []int
	for i := 0; i < pf.n; i += 2 {
		odd = append(odd, i)
	}
	for _, sc := range []*scanner{pf.all, pf.scannerFor([]byte{1}, func() []int { return odd })} {
		want := naiveHits(pf.pats, text)
		if sc != pf.all {
			want = slices.DeleteFunc(want, func(h hit) bool { return h.id%2 == 1 })
		}
		h := pf.scan(sc, text)
		got := sortedHits(h.at)
		for _, x := range got {
			if h.bits[x.id/64]&(1<<(x.id%64)) == 0 {
				t.Errorf("hit %v not in the bitset", x)
			}
		}
		h.put()
		if !slices.Equal(got, sortedHits(want)) {
			t.Fatalf("scan(%q) over %q: got %v, want %v", text, pf.pats, got, sortedHits(want))
		}
	}
}

func TestPrefilterScan(t *testing.T) {
	pats := []string{"password", "pass", "pwd", "ss", "word", "sk_live_", "eyj", ".eyj", "dl", "!", "https://hooks.slack.com/services/t", "aba"}
	for _, text := range []string{
		"", "x", "pa", "PASSWORD=hunter2", "my pAsSwOrD and pwd", "ss", "sss", "eyJhbGciOi.eyJzdWIi",
		"download !dl", "see https://HOOKS.slack.com/services/T000/B000", "abababa", "trailing pas",
		"\xff\xfe password \x00", strings.Repeat("pass", 100),
	} {
		checkScan(t, pats, text)
		// Without patterns under 3 bytes every other position is read.
		checkScan(t, []string{"password", "pass", "pwd", "word", "sk_live_", "eyj", ".eyj", "aba", "https://hooks.slack.com/services/t"}, text)
		checkScan(t, []string{"abcd", "xyz", "bcd"}, text+" abcd xabcd xyz wxyz")
	}
}

// TestPrefilterEveryByte: when every byte value occurs in some pattern no
// separator exists and the text is scanned whole.
func TestPrefilterEveryByte(t *testing.T) {
	var pats []string
	for c := range 256 {
		pats = append(pats, string([]byte{byte(c), 'x'}))
	}
	pats = append(pats, "pass")
	checkScan(t, pats, "a pass \x00x \xffx AX")
}

// TestPrefilterTooManySlots: a pattern set too large for the sampled index
// is searched by regions, reading every position.
func TestPrefilterTooManySlots(t *testing.T) {
	defer func(n int) { maxSlots = n }(maxSlots)
	maxSlots = 3
	pats := []string{"password", "pass", "pwd", "word", "sk_live_"}
	if sc := newScanner(pats, []int{0, 1, 2, 3, 4}); sc.sampled || sc.ac == nil {
		t.Fatalf("newScanner over %d patterns: sampled %v, want the regions search", len(pats), sc.sampled)
	}
	checkScan(t, pats, "my PASSWORD and pwd, sk_live_x wordpass")
}

// TestPrefilterThrees: 3-byte patterns anywhere in texts of every length
// around the vector kernel's blocks, more than its 8 buckets, and the
// kernel's own tables.
func TestPrefilterThrees(t *testing.T) {
	pats := []string{"pwd", "aws", "eyj", "ss#", "aba", "rtn", "nhs", "ssn"}
	for n := 60; n < 200; n += 7 {
		b := []byte(strings.Repeat("x", n))
		for i, p := range pats {
			copy(b[(i*37)%(n-3):], strings.ToUpper(p))
		}
		copy(b[n-3:], "Pwd")
		checkScan(t, pats, string(b))
		checkScan(t, append(slices.Clone(pats), "tcp"), string(b)+" tcp")
	}
	if vectorThrees {
		sc := newScanner(pats, []int{0, 1, 2, 3, 4, 5, 6, 7})
		if sc.teddy == nil || sc.three {
			t.Fatalf("newScanner(%q): 3-byte patterns not found by vector", pats)
		}
	}
}

func TestPrefilterLongPattern(t *testing.T) {
	long := strings.Repeat("ab", 200) + "c"
	checkScan(t, []string{long, "abc"}, "xx"+long+"yy"+long[:300])
}

func FuzzPrefilter(f *testing.F) {
	f.Add("password\npass\nss\n!dl", "my PASSWORD is !DL pass")
	f.Add("ab\nb\nabc\nbca", "abcabcab")
	f.Add("https://hooks.slack.com\neyj\n.eyj", "see HTTPS://hooks.slack.com eyJ.eyJ")
	f.Fuzz(func(t *testing.T, patterns, text string) {
		pats := strings.Split(patterns, "\n")
		if len(pats) > 64 {
			pats = pats[:64]
		}
		checkScan(t, pats, text)
		long := slices.DeleteFunc(slices.Clone(pats), func(p string) bool { return len(p) < 3 })
		checkScan(t, long, text) // every other position
	})
}

// TestPrefilterManyThrees: more 3-byte patterns of common letters than
// one vector pass takes, with shared first bytes (grouped into one bucket)
// and mixes of two patterns' bytes in the text, which must not be
// reported.
func TestPrefilterManyThrees(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const letters = "etaoinshrdlucmwfgyp:#-"
	var pats []string
	seen := map[string]bool{}
	for len(pats) < 50 {
		p := string([]byte{letters[r.IntN(len(letters))], letters[r.IntN(len(letters))], letters[r.IntN(len(letters))]})
		if !seen[p] {
			seen[p] = true
			pats = append(pats, p)
		}
	}
	pats = append(pats, "pwd", "pw:", "pw=", "password", "ssn", "ss#")
	for range 40 {
		var b strings.Builder
		for b.Len() < 300 {
			switch r.IntN(4) {
			case 0:
				b.WriteString(strings.ToUpper(pats[r.IntN(len(pats))]))
			case 1:
				// The first byte of one pattern, the rest of another.
				x, y := pats[r.IntN(len(pats))], pats[r.IntN(len(pats))]
				b.WriteString(x[:1] + y[1:])
			default:
				b.WriteByte(letters[r.IntN(len(letters))])
			}
		}
		checkScan(t, pats, b.String())
	}
	if vectorThrees {
		ids := make([]int, len(pats))
		for i := range ids {
			ids[i] = i
		}
		sc := newScanner(pats, ids)
		if len(sc.teddy) < 2 || sc.three {
			t.Fatalf("newScanner: %d vector passes (three %v), want 2 or more for 55 patterns of 3 bytes", len(sc.teddy), sc.three)
		}
	}
}

// TestPrefilterNeighbourPair: a sampled position is a candidate only where
// the four bytes of a pattern's sampled pair of trigrams are there (from
// it or from the position before), not where each trigram occurs in other
// words: late holds lat (of latvian's pair) and then ate (of rate:'s).
func TestPrefilterNeighbourPair(t *testing.T) {
	pats := []string{"latvian id", "rate:"}
	sc := newScanner(pats, []int{0, 1})
	if !sc.sampled {
		t.Fatalf("newScanner(%q): not the sampled search", pats)
	}
	for _, c := range []struct {
		text string
		s    int
		want bool
	}{
		{"latvian", 0, true},  // the pair from s
		{" latvian", 2, true}, // from s-1
		{"LATVIAN", 0, true},  // case folded
		{"rate:", 0, true},
		{"late", 0, false},
		{"template", 4, false},
	} {
		if got := sc.neighbour(c.text, c.s); got != c.want {
			t.Errorf("neighbour(%q, %d) = %v, want %v", c.text, c.s, got, c.want)
		}
	}
	checkScan(t, pats, "a late template: LATVIAN ID 1 at the RATE: 3")
}

// TestThreeTablesPack: the built-in pack's 3-byte patterns (outbound) take
// one pass of the kernel, placed so that it flags few positions of the
// bench chat corpus (each flag costs a bigram test; a second pass would
// cost more than about one every 48 bytes).
func TestThreeTablesPack(t *testing.T) {
	e := builtinEngine(t)
	active, _ := e.scope(Message{Direction: rules.DirectionOutbound})
	var threes []string
	for _, id := range scopeIDs(active) {
		if p := e.pf.pats[id]; len(p) == 3 {
			threes = append(threes, p)
		}
	}
	tabs := threeTables(threes)
	if len(threes) <= 8 || len(tabs) != 1 {
		t.Fatalf("threeTables: %d patterns of 3 bytes in %d passes, want more than 8 in 1", len(threes), len(tabs))
	}
	flags := func(s string, p int) bool {
		bits := byte(0xff)
		for k := range 3 {
			c := s[p+k] | 0x20
			bits &= tabs[0][2*k][c&0xf] & tabs[0][2*k+1][c>>4]
		}
		return bits != 0
	}
	for _, p := range threes {
		if !flags(p, 0) || !flags(strings.ToUpper(p), 0) {
			t.Errorf("threeTables: %q not flagged", p)
		}
	}
	flagged, n := 0, 0
	for _, m := range chatCorpus(benchCorpusSize) {
		for p := 0; p+3 <= len(m); p++ {
			if flags(m, p) {
				flagged++
			}
		}
		n += len(m)
	}
	if flagged*100 > n {
		t.Errorf("threeTables: %d positions flagged of %d, want under 1 in 100", flagged, n)
	}
}

// TestRareOffset: the sampled pair of trigrams avoids common English ones
// (rat, ate) and the prefix of links, and punctuation is rarer than letters.
func TestRareOffset(t *testing.T) {
	for _, c := range []struct {
		p    string
		want int
	}{
		{"ratelimit", 2},        // tel, eli
		{"https://www.x-y", 11}, // .x-, x-y
		{"api-key", 1},          // pi-, i-k
	} {
		if got := rareOffset(c.p); got != c.want {
			t.Errorf("rareOffset(%q) = %d, want %d", c.p, got, c.want)
		}
	}
}

// TestBuiltinScannerSampled fails when the built-in pack's patterns for
// web chat no longer fit the sampled search: one keyword of two bytes
// ('pw' where the pack writes 'pw ', 'pw:' and 'pw=') sends every message
// to the regions search, and BenchmarkInspect was 1.6 times slower for it.
// (IRC's scope has the bots' two-byte commands, "!l", and its own.)
func TestBuiltinScannerSampled(t *testing.T) {
	e := builtinEngine(t)
	for _, service := range []string{"", "slack", "teams"} {
		sc := e.scopeOf(Message{Text: "x", Direction: rules.DirectionOutbound, Service: service})
		if sc.sc == nil || !sc.sc.sampled {
			var short []string
			for _, id := range scopeIDs(sc.active) {
				if p := e.pf.pats[id]; len(p) < 3 {
					short = append(short, p)
				}
			}
			t.Errorf("service %q: the built-in pack's scanner is not the sampled search (patterns shorter than 3 bytes: %q)", service, short)
		}
	}
}

package inspect

import (
	"math"
	mbits "math/bits"
	"slices"
	"strings"
	"unsafe"

	ahocorasick "github.com/coregx/ahocorasick"
)

// scanner finds a fixed set of patterns, ASCII case-insensitively.
//
// With no pattern under 3 bytes it reads every other position: a pattern
// of 4 or more bytes shows there one of two adjacent trigrams, at offsets
// k and k+1, picked to be rare in prose. A position whose trigram is in a
// 64K-bit hashed table, and whose four bytes (or those from the position
// before) are a pattern's pair in another (neighbour), is looked up in an
// index of the patterns by pair and their offsets, and each is compared
// with the text where it would start (sampled). With
// AVX2 the second hash of every even position is tested by vector, 64
// positions at a time (sampleBlocks, searchVector). Patterns
// of 3 bytes are found at every position by a vector pass (threeBlocks),
// or without one by their trigram or their last two bytes at the sampled
// positions.
//
// Else every position is read: hashed trigrams (ASCII case folded) and
// the first bytes of short patterns say which stretch around a position a
// pattern may cover. The marked stretches are lowercased into one buffer,
// separated by a byte no pattern holds, and one Aho-Corasick pass over it
// finds every occurrence (regions).
type scanner struct {
	ids   []int    // pattern index → prefilter id
	pats  []string // by pattern index, lowercase
	heads []head   // by pattern index

	sampled bool // the sampled search, else regions

	// The sampled search.
	start   [1<<slotBits + 1]uint16     // slots of hash h (pairHash, slotTri): slots[start[h]:start[h+1]]
	slots   []slot                      // patterns by sampled pair (3-byte ones by trigram)
	tri2b   [1 << (triBits2 - 6)]uint64 // a second, independent hash of the same trigrams
	quads   [1 << (quadBits - 6)]uint64 // hashed 4 bytes at each pattern's sampled pair of trigrams (neighbour)
	bi2     [1 << 16 / 64]uint64        // folded last two bytes of 3-byte patterns
	threes  []three                     // the 3-byte patterns, by keyHash of their key
	threeAt [1<<8 + 1]uint16            // threes of keyHash h: threes[threeAt[h]:threeAt[h+1]]
	three   bool                        // some pattern has 3 bytes, found by bigram (bi2)
	teddy   []*[6][32]byte              // or found by vector (threeBlocks), one pass per table; nil if not

	// The regions search.
	ac    *ahocorasick.Automaton // nil when there are no patterns
	sep   byte                   // occurs in no pattern
	tri   [1 << triBits]uint8    // longest pattern (≥3 bytes) by trigram hash, 0 if none
	short bool                   // some pattern is shorter than 3 bytes
	uni   [256]uint8             // patterns of 1-2 bytes by first byte (folded): longest
	long  int                    // the longest pattern, which 255 in tri or uni stands for
}

// head is the first (up to) 8 bytes of a pattern as a little-endian word,
// for check: a text word w holds them if (w|fold)&mask == word. fold has
// the case bit where the pattern has a (lowercase) letter.
type head struct {
	word, fold, mask uint64
	n                uint32 // the pattern's length
}

func headOf(p string) head {
	hd := head{n: uint32(len(p))} //nolint:gosec // patterns are short
	for i := 0; i < len(p) && i < 8; i++ {
		hd.word |= uint64(p[i]) << (8 * i)
		hd.mask |= 0xff << (8 * i)
		if p[i] >= 'a' && p[i] <= 'z' {
			hd.fold |= 0x20 << (8 * i)
		}
	}
	return hd
}

// slot is a pattern holding its sampled pair of trigrams, the four bytes
// key (case bits set), at offset off; or a 3-byte pattern found by its
// trigram (sampled search without threeBlocks), key its three bytes with
// their case bits set, so never those of a pair.
type slot struct {
	pat uint16
	off uint8
	n   uint8  // bytes of k8: the pattern's from off, 4 to 8 (pairs only)
	key uint32 // the folded sampled pair (or trigram)
	k8  uint64 // the pattern's folded bytes from off, up to 8 (pairs only)
}

// wide is the slot's k8 mask: its n bytes.
func (e *slot) wide() uint64 { return ^uint64(0) >> (64 - 8*uint(e.n)) }

// foldedFrom is p's bytes from off, up to 8, folded as pairHash folds
// them (bit 5 set), and how many.
func foldedFrom(p string, off int) (uint64, uint8) {
	n := min(8, len(p)-off)
	var x uint64
	for i := range n {
		x |= uint64(p[off+i]|0x20) << (8 * i)
	}
	return x, uint8(n) //nolint:gosec // at most 8
}

// three is a 3-byte pattern and the folded key of its last two bytes.
type three struct {
	key uint32
	pat uint16
}

// maxSlots bounds the sampled index (16-bit offsets); a larger pattern set
// is searched by regions. A variable for tests.
var maxSlots = 1<<16 - 1

const (
	triBits  = 13
	triBits2 = 16
	quadBits = 16
	slotBits = 11
)

// quadHash hashes the four bytes of x, ASCII case folded as triHash
// folds them.
func quadHash(x uint32) uint32 {
	return (x | 0x20202020) * 0xcc9e2d51 >> (32 - quadBits)
}

// pairHash hashes the four bytes of x, ASCII case folded, into the slots
// index (independent of quadHash).
func pairHash(x uint32) uint32 {
	return (x | 0x20202020) * 0x9e3779b1 >> (32 - slotBits)
}

// slotTri hashes a trigram (low 24 bits of x) into the slots index.
func slotTri(x uint32) uint32 { return triHash(x) >> (triBits - slotBits) }

// triHash2 is a second, independent hash of a trigram: a position is a
// candidate only if both hashes name a pattern trigram, which rules out
// nearly all of triHash's collisions with common text.
func triHash2(x uint32) uint32 {
	return ((x | 0x202020) & 0xffffff) * 0x85ebca6b >> (32 - triBits2)
}

// biKey is the two bytes in the low 16 bits of x, case folded.
func biKey(x uint32) uint32 { return (x | 0x2020) & 0xffff }

// keyHash hashes a biKey to 8 bits (threeAt).
func keyHash(k uint32) uint32 { return k * 0x9e3779b1 >> 24 }

// threesOf returns the 3-byte patterns whose key may be k: a short list
// to compare keys with.
func (sc *scanner) threesOf(k uint32) []three {
	h := keyHash(k)
	return sc.threes[sc.threeAt[h]:sc.threeAt[h+1]]
}

// triHash hashes the three bytes in the low 24 bits of x, ASCII case
// folded by setting bit 5 of each (which also merges some punctuation: the
// filter only ever errs towards more candidates).
func triHash(x uint32) uint32 {
	return ((x | 0x202020) & 0xffffff) * 0x9e3779b1 >> (32 - triBits)
}

// load32 reads s[i:i+4] little-endian (one unaligned load).
func load32(s string, i int) uint32 {
	s = s[i : i+4]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

// maxBack bounds a sampled trigram's offset in its pattern.
const maxBack = 200

// rareOffset picks k for the trigrams at k and k+1 of p (len ≥ 4) so
// that they are as rare as can be in ordinary text.
func rareOffset(p string) int {
	tri := func(k int) int {
		c := commonness[p[k]|0x20] + commonness[p[k+1]|0x20] + commonness[p[k+2]|0x20]
		t := strings.ToLower(p[k : k+3])
		if strings.Contains(urlPrefix, t) {
			c += 100 // every link in chat has it
		}
		if commonTrigrams[t] {
			c += 20 // as common as a letter more
		}
		return c
	}
	best, bestCost := 0, 1<<30
	for k := 0; k+4 <= len(p) && k < maxBack; k++ {
		if c := max(tri(k), tri(k+1)); c < bestCost {
			best, bestCost = k, c
		}
	}
	return best
}

// commonTrigrams are the most frequent trigrams of English words: a pair
// holding one is sampled at every word that has it.
var commonTrigrams = func() map[string]bool {
	m := map[string]bool{}
	for _, t := range strings.Fields(`the and ing ion tio ent ati for her ter hat tha ere ate his con
		res ver all ons nce men ith ted ers pro thi wit are ess not ive was ect rea com eve per int
		est sta cti ica ist ear ain one our iti rat ble ity nte ove ort ase str tra ine ill ome man
		pre ous out`) {
		m[t] = true
	}
	return m
}()

// urlPrefix holds the trigrams of the links chat is full of.
const urlPrefix = "https://www."

// commonness weighs bytes by how often they occur in chat text: space and
// letters most, digits less; other punctuation, which keys and tokens are
// full of, weighs nothing. Between windows of letters the first (the
// start of a word) wins.
var commonness = func() (w [256]int) {
	for c := 'a'; c <= 'z'; c++ {
		w[c] = 20
	}
	w[' '] = 30
	for c := '0'; c <= '9'; c++ {
		w[c] = 8
	}
	w['.'], w[','] = 10, 10
	return w
}()

func newScanner(pats []string, ids []int) *scanner {
	sc := &scanner{}
	var used [256]bool
	for _, id := range ids {
		p := pats[id]
		if p == "" {
			continue
		}
		sc.pats = append(sc.pats, p)
		sc.heads = append(sc.heads, headOf(p))
		sc.ids = append(sc.ids, id)
		for i := 0; i < len(p); i++ {
			used[p[i]] = true
		}
		l := uint8(min(len(p), 255))
		sc.long = max(sc.long, len(p)+1)
		if len(p) >= 3 {
			h := triHash(uint32(p[0]) | uint32(p[1])<<8 | uint32(p[2])<<16)
			sc.tri[h] = max(sc.tri[h], l)
		} else {
			sc.short = true
			c := p[0] | 0x20
			sc.uni[c] = max(sc.uni[c], l)
		}
	}
	if len(sc.pats) == 0 {
		return sc
	}
	if !sc.short && sc.index() {
		sc.sampled = true
		return sc
	}
	for c := range 256 {
		if !used[c] {
			sc.sep = byte(c)
			break
		}
	}
	ac, err := ahocorasick.NewBuilder().
		SetMatchKind(ahocorasick.LeftmostLongest).
		AddStrings(sc.pats).
		Build()
	if err != nil {
		// Only an empty pattern list fails, ruled out above; without an
		// automaton the scanner would miss patterns, so fail loudly.
		panic("inspect: prefilter: " + err.Error())
	}
	sc.ac = ac
	if !used[sc.sep] {
		return sc
	}
	// Every byte value occurs in some pattern: no separator exists, and
	// scan falls back to one region, the whole text.
	sc.sep, sc.short = 0, true
	for c := range 256 {
		sc.uni[c] = 255
	}
	return sc
}

// index builds the sampled search's index of patterns (all of 3 bytes or
// more) by their sampled pair (3-byte patterns without threeBlocks by
// their trigram); false if it would be too large.
func (sc *scanner) index() bool {
	type keyed struct {
		h uint32
		s slot
	}
	var all []keyed
	tri := func(p string, off int) uint32 {
		x := uint32(p[off]) | uint32(p[off+1])<<8 | uint32(p[off+2])<<16
		h2 := triHash2(x)
		sc.tri2b[h2/64] |= 1 << (h2 % 64)
		return x
	}
	var threes []string
	for _, p := range sc.pats {
		if len(p) == 3 {
			threes = append(threes, p)
		}
	}
	if vectorThrees && len(threes) > 0 && len(threes) <= maxVectorThrees {
		sc.teddy = threeTables(threes)
	}
	for pat, p := range sc.pats {
		if pat >= maxSlots {
			return false
		}
		if len(p) == 3 {
			k := biKey(uint32(p[1]) | uint32(p[2])<<8)
			sc.threes = append(sc.threes, three{key: k, pat: uint16(pat)}) //nolint:gosec // below maxSlots
			sc.bi2[k/64] |= 1 << (k % 64)
			if sc.teddy != nil {
				continue
			}
			sc.three = true
			x := tri(p, 0)
			all = append(all, keyed{slotTri(x), slot{pat: uint16(pat), key: x | 0x202020}}) //nolint:gosec // below maxSlots
			continue
		}
		k := rareOffset(p)
		tri(p, k)
		tri(p, k+1)
		x := load32(p, k)
		q := quadHash(x)
		sc.quads[q/64] |= 1 << (q % 64)
		k8, n := foldedFrom(p, k)
		all = append(all, keyed{pairHash(x), slot{pat: uint16(pat), off: uint8(k), n: n, key: x | 0x20202020, k8: k8}}) //nolint:gosec // bounded: maxSlots, maxBack
	}
	if len(all) > maxSlots {
		return false
	}
	slices.SortStableFunc(sc.threes, func(a, b three) int { return int(keyHash(a.key)) - int(keyHash(b.key)) })
	for _, t := range sc.threes {
		sc.threeAt[keyHash(t.key)+1]++
	}
	for h := 1; h < len(sc.threeAt); h++ {
		sc.threeAt[h] += sc.threeAt[h-1]
	}
	for _, e := range all {
		sc.start[e.h+1]++
	}
	for h := 1; h < len(sc.start); h++ {
		sc.start[h] += sc.start[h-1]
	}
	sc.slots = make([]slot, len(all))
	next := sc.start
	for _, e := range all {
		sc.slots[next[e.h]] = e.s
		next[e.h]++
	}
	return true
}

// search appends to h every occurrence of the scanner's patterns in text
// (sampled search).
func (sc *scanner) search(text string, h *hitSet) {
	if sc.teddy != nil {
		sc.searchThrees(text, h)
	}
	if vectorSample && !sc.three {
		sc.searchVector(text, h)
		return
	}
	for s := 0; s < len(text); {
		// The candidate is among the next three positions (those of hits),
		// or there is none before the end.
		var hits uint
		s, hits = sc.nextSampled(text, s)
		if hits == 0 {
			// Near the end: each of the last positions in full.
			for end := min(s+6, len(text)); s < end; s += 2 {
				if sc.candidate(text, s) {
					sc.verify(text, s, h)
				}
			}
			continue
		}
		for ; hits != 0; hits &= hits - 1 {
			p := s + 2*mbits.TrailingZeros(hits)
			if sc.three || sc.neighbour(text, p) {
				sc.verify(text, p, h)
			}
		}
		s += 6
	}
}

// paddedTail copies the text's last positions into h.tail followed by pad
// zero bytes, for a kernel that reads past each block, and returns them.
func (h *hitSet) paddedTail(last string, pad int) string {
	h.tail = append(append(h.tail[:0], last...), make([]byte, pad)...)
	// The buffer is not changed while the kernel reads it.
	return unsafe.String(&h.tail[0], len(h.tail)) //nolint:gosec // see above
}

// searchVector is search's sampled part by vector: the second hash of
// the trigram at every even position is tested 64 positions at a time
// (sampleBlocks), and where it is set and the four bytes from it or from
// the position before are a pattern's sampled pair (neighbour), the
// position is verified. The last positions are
// copied to a padded buffer first; a trigram that runs into the padding
// may only add candidates, which neighbour and verify reject.
func (sc *scanner) searchVector(text string, h *hitSet) {
	need := len(text)/64 + 2
	h.sample = slices.Grow(h.sample[:0], need)[:need]
	n := sampleBlocks(text, &sc.tri2b, h.sample)
	tail := h.paddedTail(text[n*64:], 70)
	blocks := n + sampleBlocks(tail, &sc.tri2b, h.sample[n:])
	quads := &sc.quads
	// From position 1 to last, the 8 bytes from p-1 are in the text.
	last := len(text) - 7
	for b, t := range h.sample[:blocks] {
		// The pairs at every set position first, without a branch on
		// their outcome (a third pass or so, which no predictor guesses),
		// then the verifications: of the pair from p-1 (bit i of c0) and
		// of the one from p (of c1), in the order of the text.
		var c0, c1 uint64
		if base := b * 64; base >= 1 && base+63 <= last {
			c0, c1 = pairBits(text[base-1:base+63+7], t, quads)
		} else {
			for w := t; w != 0; w &= w - 1 {
				i := mbits.TrailingZeros64(w)
				p := base + i
				if p >= 1 && p+3 <= len(text) && sc.inQuads(load32(text, p-1)) {
					c0 |= 1 << i
				}
				if p+4 <= len(text) && sc.inQuads(load32(text, p)) {
					c1 |= 1 << i
				}
			}
		}
		for c := c0 | c1; c != 0; c &= c - 1 {
			i := mbits.TrailingZeros64(c)
			p := b*64 + i
			if c0&(1<<i) != 0 {
				sc.verifyPair(text, p-1, h)
			}
			if c1&(1<<i) != 0 {
				sc.verifyPair(text, p, h)
			}
		}
	}
}

// pairBits is searchVector's test of the positions set in t (bit i for
// position i+1 of text, which holds 8 bytes from each): whether the 4
// bytes from i (bit i of c0) and from i+1 (of c1) may be a pattern's pair.
// The loop on a slice of the block alone keeps its values in registers
// (inside searchVector two of them were spilled: 6% of the prefilter's
// time).
func pairBits(text string, t uint64, quads *[1 << (quadBits - 6)]uint64) (c0, c1 uint64) {
	for ; t != 0; t &= t - 1 {
		i := mbits.TrailingZeros64(t)
		x := load64(text, i)                                  // the 4 bytes at p-1 and at p
		h0, h1 := quadHash(uint32(x)), quadHash(uint32(x>>8)) //nolint:gosec // their low bytes
		c0 |= quads[h0/64] >> (h0 % 64) & 1 << i
		c1 |= quads[h1/64] >> (h1 % 64) & 1 << i
	}
	return c0, c1
}

// maxVectorThrees is the most 3-byte patterns searched by vector; more
// are found by bigram. Each pass of the kernel has eight buckets (bits);
// patterns share a bucket from the ninth on (a shared bucket also flags a
// mix of its patterns' bytes, which the bigram key and check then reject).
const maxVectorThrees = 64

// threePassRate is what one more pass of the kernel must save to be
// run: flagged positions per byte of prose (a pass reads every byte for
// about as long as the bigram key takes to reject a flagged position
// every 48 bytes).
const threePassRate = 1.0 / 48

// threeTables builds the nibble tables of threeBlocks, one per pass, for
// up to maxVectorThrees patterns of 3 bytes, with the case bit set as the
// kernel sets it in the text. Patterns share the eight buckets of a pass
// (placeThrees); a pass is added while it flags threePassRate fewer
// positions of prose or more.
func threeTables(pats []string) []*[6][32]byte {
	bucket, rate := placeThrees(pats, 1)
	for passes := 2; passes*8 <= len(pats)+7; passes++ {
		b, r := placeThrees(pats, passes)
		if rate-r < threePassRate {
			break
		}
		bucket, rate = b, r
	}
	passes := 1
	for _, b := range bucket {
		passes = max(passes, b/8+1)
	}
	tabs := make([]*[6][32]byte, passes)
	for i := range tabs {
		tabs[i] = new([6][32]byte)
	}
	for i, p := range pats {
		tab, bit := tabs[bucket[i]/8], byte(1)<<(bucket[i]%8)
		for k := range 3 {
			c := p[k] | 0x20
			for lane := range 2 {
				tab[2*k][16*lane+int(c&0xf)] |= bit
				tab[2*k+1][16*lane+int(c>>4)] |= bit
			}
		}
	}
	return tabs
}

// nibbles are the nibbles a bucket of threeBlocks holds: per byte k, the
// low (2k) and the high (2k+1) ones. The bucket flags every triple of
// bytes whose nibbles it holds, a mix of its patterns' bytes included.
type nibbles [6]uint16

func nibblesOf(p string) (n nibbles) {
	for k := range 3 {
		c := p[k] | 0x20
		n[2*k] |= 1 << (c & 0xf)
		n[2*k+1] |= 1 << (c >> 4)
	}
	return n
}

// rate estimates how often the bucket flags a position of prose: the
// product, over its three bytes, of the frequency of the bytes it allows
// there (byteFreq, the bytes taken as independent).
func (n nibbles) rate() float64 {
	r := 1.0
	for k := range 3 {
		f := 0.0
		for lo := n[2*k]; lo != 0; lo &= lo - 1 {
			for hi := n[2*k+1]; hi != 0; hi &= hi - 1 {
				f += byteFreq[mbits.TrailingZeros16(hi)<<4|mbits.TrailingZeros16(lo)]
			}
		}
		r *= f
	}
	return r
}

// placeThrees puts each 3-byte pattern in one of the 8*passes buckets,
// so as to flag the fewest positions of prose: first each where it adds
// the least (sorted, patterns with a common start meet), then, while a
// move lowers the sum, each to its best bucket. It returns the buckets by
// pattern and the sum of their rates.
func placeThrees(pats []string, passes int) ([]int, float64) {
	buckets := make([]nibbles, 8*passes)
	bucket := make([]int, len(pats))
	for i := range bucket {
		bucket[i] = -1 // not placed yet
	}
	of := func(b, skip int) (n nibbles) { // bucket b's nibbles without pattern skip
		for i, p := range pats {
			if bucket[i] == b && i != skip {
				pn := nibblesOf(p)
				for j := range n {
					n[j] |= pn[j]
				}
			}
		}
		return n
	}
	used := func(n nibbles) float64 {
		if n == (nibbles{}) {
			return 0
		}
		return n.rate()
	}
	// best is the bucket where pattern i adds least to buckets (which do
	// not hold it), and what it adds.
	best := func(i int) (int, float64) {
		pn := nibblesOf(pats[i])
		b, cost := 0, math.Inf(1)
		for j, n := range buckets {
			u := n
			for k := range u {
				u[k] |= pn[k]
			}
			if c := used(u) - used(n); c < cost {
				b, cost = j, c
			}
		}
		return b, cost
	}
	order := make([]int, len(pats))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(pats[a], pats[b]) })
	for _, i := range order {
		b, _ := best(i)
		bucket[i] = b
		buckets[b] = of(b, -1)
	}
	for range 16 {
		moved := false
		for _, i := range order {
			from := bucket[i]
			rest := of(from, i)
			stay := used(buckets[from]) - used(rest)
			buckets[from] = rest
			b, cost := best(i)
			if cost >= stay*(1-1e-9) {
				b = from
			}
			moved = moved || b != from
			bucket[i] = b
			buckets[b] = of(b, -1)
		}
		if !moved {
			break
		}
	}
	sum := 0.0
	for _, n := range buckets {
		sum += used(n)
	}
	return bucket, sum
}

// byteFreq is roughly how often each byte, case bit set, occurs in chat
// text: letters by their frequency in English, space, line breaks,
// digits and common punctuation; any other byte seldom.
var byteFreq = func() (f [256]float64) {
	for c := range f {
		f[c|0x20] += 0.0002
	}
	const letters = "etaoinshrdlcumwfgypbvkjxqz"
	percent := [...]float64{12.7, 9.1, 8.2, 7.5, 7.0, 6.7, 6.3, 6.1, 6.0, 4.3, 4.0, 2.8, 2.8, 2.4, 2.4, 2.2, 2.0, 2.0, 1.9, 1.5, 1.0, 0.8, 0.15, 0.15, 0.1, 0.07}
	for i := range letters {
		f[letters[i]] += 0.75 * percent[i] / 100
	}
	f[' '] += 0.15
	for c := '0'; c <= '9'; c++ {
		f[c] += 0.003
	}
	for _, c := range ".,:-/'" {
		f[c|0x20] += 0.004
	}
	f['\n'|0x20] += 0.02 // the kernel sees a line break as '*'
	return f
}()

// searchThrees finds every occurrence of the 3-byte patterns by vector,
// 64 positions at a time, one pass per table; the last positions are
// copied to a padded buffer first, as the kernel reads two bytes past
// each block.
func (sc *scanner) searchThrees(text string, h *hitSet) {
	need := len(text)/64 + 3
	h.threes = slices.Grow(h.threes[:0], need)[:need]
	n := threeBlocks(text, sc.teddy[0], h.threes)
	tailLen := len(text) - n*64
	tail := h.paddedTail(text[n*64:], 130)
	m := threeBlocks(tail, sc.teddy[0], h.threes[n:])
	if len(sc.teddy) > 1 {
		h.pass = slices.Grow(h.pass[:0], need)[:need]
		for _, tab := range sc.teddy[1:] {
			threeBlocks(text, tab, h.pass)
			threeBlocks(tail, tab, h.pass[n:])
			for i := range h.threes[:n+m] {
				h.threes[i] |= h.pass[i]
			}
		}
	}
	for b, bits := range h.threes[:n+m] {
		for ; bits != 0; bits &= bits - 1 {
			p := b*64 + mbits.TrailingZeros64(bits)
			if p-n*64 >= tailLen {
				break
			}
			if p+3 > len(text) {
				continue
			}
			// Only the patterns ending in the two bytes after p.
			k := biKey(uint32(text[p+1]) | uint32(text[p+2])<<8)
			if sc.bi2[k/64]&(1<<(k%64)) == 0 {
				continue
			}
			for _, t := range sc.threesOf(k) {
				if t.key == k {
					sc.check(text, p, int(t.pat), h)
				}
			}
		}
	}
}

// candidate reports whether the trigram at s (even) may be in the index,
// or its two bytes may end a 3-byte pattern. Where the index holds only
// patterns of 4 bytes or more, their trigrams come in adjacent pairs: the
// pair's four bytes must be at s or at s-1 (neighbour).
func (sc *scanner) candidate(text string, s int) bool {
	if s+2 > len(text) {
		return false
	}
	x := uint32(text[s]) | uint32(text[s+1])<<8
	if k := biKey(x); sc.three && sc.bi2[k/64]&(1<<(k%64)) != 0 {
		return true
	}
	if s+3 > len(text) || !sc.inTri2(x|uint32(text[s+2])<<16) {
		return false
	}
	return sc.three || sc.neighbour(text, s)
}

// neighbour reports whether a pattern's sampled pair of trigrams may
// occur with one of them at s (s+3 <= len(text)): the four bytes from s,
// or from s-1, are those of the pair in some pattern of the index. Every
// pattern of 4 bytes or more holds its pair at an offset k and k+1, one
// of which falls on the sampled (even) s. Testing the pair rather than
// each trigram alone rules out the prose around common trigrams (late
// for lat and ate).
func (sc *scanner) neighbour(text string, s int) bool {
	return (s+4 <= len(text) && sc.inQuads(load32(text, s))) ||
		(s >= 1 && sc.inQuads(load32(text, s-1)))
}

// inQuads reports whether the four bytes of x may be a sampled pair of
// the index, by their hash.
func (sc *scanner) inQuads(x uint32) bool {
	h := quadHash(x)
	return sc.quads[h/64]&(1<<(h%64)) != 0
}

// inTri2 reports whether the trigram in the low 24 bits of x may be a
// pattern trigram of the index, by its second hash.
func (sc *scanner) inTri2(x uint32) bool {
	h := triHash2(x)
	return sc.tri2b[h/64]&(1<<(h%64)) != 0
}

// nextSampled returns a position from s (even) and, unless it is near the
// end (then hits is 0), which of the three sampled positions from it (bit
// i for s+2i) may be candidates: the second trigram hash names a pattern
// trigram, or (with 3-byte patterns found by bigram) the bigram key names
// a pattern's last two bytes. No sampled position before it is a
// candidate. Each 8-byte load serves three positions; the hashes of all
// three are tested before any branch.
func (sc *scanner) nextSampled(text string, s int) (int, uint) {
	tri2, bi := &sc.tri2b, &sc.bi2
	tri := func(x uint64) uint {
		h := triHash2(uint32(x)) //nolint:gosec // its low bytes
		return uint(tri2[h/64] >> (h % 64) & 1)
	}
	two := func(x uint64) uint {
		k := biKey(uint32(x)) //nolint:gosec // its low bytes
		return uint(bi[k/64] >> (k % 64) & 1)
	}
	if !sc.three {
		for ; s+8 <= len(text); s += 6 {
			x := load64(text, s)
			if m := tri(x) | tri(x>>16)<<1 | tri(x>>32)<<2; m != 0 {
				return s, m
			}
		}
	} else {
		for ; s+8 <= len(text); s += 6 {
			x := load64(text, s)
			if m := (tri(x) | two(x)) | (tri(x>>16)|two(x>>16))<<1 | (tri(x>>32)|two(x>>32))<<2; m != 0 {
				return s, m
			}
		}
	}
	return s, 0
}

// verify compares with the text the patterns the index names at the
// sampled position s, and records those that occur: those with their
// pair from s or from s-1 and, without threeBlocks, the 3-byte patterns
// from s (by trigram) or s-1 (by their last two bytes).
func (sc *scanner) verify(text string, s int, h *hitSet) {
	if s+4 <= len(text) && sc.inQuads(load32(text, s)) {
		sc.verifyPair(text, s, h)
	}
	if s >= 1 && s+3 <= len(text) && sc.inQuads(load32(text, s-1)) {
		sc.verifyPair(text, s-1, h)
	}
	if !sc.three {
		return
	}
	if s+3 <= len(text) {
		x := uint32(text[s]) | uint32(text[s+1])<<8 | uint32(text[s+2])<<16
		t, key := slotTri(x), x|0x202020
		for _, e := range sc.slots[sc.start[t]:sc.start[t+1]] {
			if e.key == key {
				sc.check(text, s, int(e.pat), h)
			}
		}
	}
	if s >= 1 && s+2 <= len(text) {
		k := biKey(uint32(text[s]) | uint32(text[s+1])<<8)
		if sc.bi2[k/64]&(1<<(k%64)) == 0 {
			return
		}
		for _, t := range sc.threesOf(k) {
			if t.key == k {
				sc.check(text, s-1, int(t.pat), h)
			}
		}
	}
}

// verifyPair compares with the text the patterns whose sampled pair the
// index names at the four bytes from at (at+4 <= len(text)), and records
// those that occur. Where eight bytes follow, a pattern's are compared
// from its pair on first: many share a pair ("pass" of 30 patterns, in
// every "password"), and check reads each pattern's head from memory.
func (sc *scanner) verifyPair(text string, at int, h *hitSet) {
	x := load32(text, at)
	t, key := pairHash(x), x|0x20202020
	slots := sc.slots[sc.start[t]:sc.start[t+1]]
	if at+8 <= len(text) {
		x8 := load64(text, at) | 0x2020202020202020
		for i := range slots {
			e := &slots[i]
			if e.key == key && (x8^e.k8)&e.wide() == 0 {
				sc.check(text, at-int(e.off), int(e.pat), h)
			}
		}
		return
	}
	for _, e := range slots {
		if e.key == key {
			sc.check(text, at-int(e.off), int(e.pat), h)
		}
	}
}

// check records pattern pat if it occurs at text[at].
func (sc *scanner) check(text string, at, pat int, h *hitSet) {
	hd := &sc.heads[pat] // one cache line: the head and the length
	if at < 0 || at+int(hd.n) > len(text) {
		return
	}
	if at+8 <= len(text) {
		// The first 8 bytes at once, folded where the pattern has a letter.
		if (load64(text, at)|hd.fold)&hd.mask != hd.word {
			return
		}
		if hd.n <= 8 {
			h.add(sc.ids[pat], at)
			return
		}
	}
	p := sc.pats[pat]
	t := text[at : at+len(p)]
	for i := 0; i < len(p); i++ {
		if lowerASCII[t[i]] != p[i] {
			return
		}
	}
	h.add(sc.ids[pat], at)
}

// region is one lowercased stretch of text in the scan buffer.
type region struct{ buf, bufEnd, text int }

// regions lowercases into buf every stretch of text where a pattern may
// occur, each followed by the separator.
func (sc *scanner) regions(text string, buf []byte, regs []region) ([]byte, []region) {
	start, end := -1, -1
	for i := 0; i < len(text); i++ {
		i = sc.next(text, i)
		if i < 0 {
			break
		}
		l := max(sc.tri[triAt(text, i)], sc.uniAt(text, i))
		ln := int(l)
		if l == 255 {
			ln = sc.long
		}
		e := min(i+ln, len(text))
		if i < end {
			end = max(end, e)
			continue
		}
		buf, regs = sc.appendRegion(buf, regs, text, start, end)
		start, end = i, e
	}
	buf, regs = sc.appendRegion(buf, regs, text, start, end)
	return buf, regs
}

// next returns the first position from i where a pattern may start, or -1.
func (sc *scanner) next(text string, i int) int {
	tri := &sc.tri
	if !sc.short {
		if i+2 >= len(text) {
			return -1
		}
		x := uint32(text[i]) | uint32(text[i+1])<<8
		for j := i + 2; j < len(text); j++ {
			x |= uint32(text[j]) << 16
			if tri[triHash(x)] != 0 {
				return j - 2
			}
			x >>= 8
		}
		return -1
	}
	for ; i < len(text); i++ {
		if sc.uni[text[i]|0x20] != 0 || (i+2 < len(text) && tri[triAt(text, i)] != 0) {
			return i
		}
	}
	return -1
}

// triAt is the trigram hash at text[i], 0 past the end (whose entry may be
// set: callers test the uni table too).
func triAt(text string, i int) uint32 {
	if i+2 >= len(text) {
		return 1<<triBits - 1
	}
	return triHash(uint32(text[i]) | uint32(text[i+1])<<8 | uint32(text[i+2])<<16)
}

// uniAt is the longest short pattern that may start at text[i].
func (sc *scanner) uniAt(text string, i int) uint8 {
	if !sc.short {
		return 0
	}
	return sc.uni[text[i]|0x20]
}

// appendRegion lowercases text[start:end] into buf and records it.
func (sc *scanner) appendRegion(buf []byte, regs []region, text string, start, end int) ([]byte, []region) {
	if start < 0 {
		return buf, regs
	}
	b := len(buf)
	for _, c := range []byte(text[start:end]) {
		buf = append(buf, lowerASCII[c])
	}
	return append(buf, sc.sep), append(regs, region{buf: b, bufEnd: len(buf), text: start})
}

package inspect

import (
	"strings"

	ahocorasick "github.com/coregx/ahocorasick"
)

// scanner finds a fixed set of patterns. A q-gram filter marks where one
// of them may occur: hashed trigrams (ASCII case folded) say which
// stretch around a position a pattern may cover. With no pattern under 3
// bytes it reads every other position (sampledRegions), else every one.
// The marked stretches are lowercased into one buffer, separated by a byte
// no pattern holds, and one Aho-Corasick pass over it finds every
// occurrence.
type scanner struct {
	ac  *ahocorasick.Automaton // nil when there are no patterns
	ids []int                  // automaton pattern index → prefilter id
	sep byte                   // occurs in no pattern

	tri   [1 << triBits]uint8 // longest pattern (≥3 bytes) by trigram hash, 0 if none
	short bool                // some pattern is shorter than 3 bytes
	uni   [256]uint8          // patterns of 1-2 bytes by first byte (folded): longest
	long  int                 // the longest pattern, which 255 in tri or uni stands for

	// Without short patterns only every other position is read. A pattern
	// of 4 or more bytes shows there one of two trigrams at offsets k and
	// k+1, picked to be rare in prose; one of 3 bytes its trigram or its
	// last two bytes. Entries are how far before (high byte) and after
	// (low byte, 255: long) the position such a pattern may reach.
	tri2  [1 << triBits]uint16
	bi2   [1 << 16 / 64]uint64        // folded last two bytes of 3-byte patterns (reach: 1 back, 2 on)
	tri2b [1 << (triBits2 - 6)]uint64 // a second, independent hash of the same trigrams
	three bool                        // some pattern has 3 bytes (bi2 is in use)
}

const (
	triBits  = 13
	triBits2 = 16
)

// triHash2 is a second, independent hash of a trigram: a position is a
// candidate only if both hashes name a pattern trigram, which rules out
// nearly all of triHash's collisions with common text.
func triHash2(x uint32) uint32 {
	return ((x | 0x202020) & 0xffffff) * 0x85ebca6b >> (32 - triBits2)
}

// biKey is the two bytes in the low 16 bits of x, case folded.
func biKey(x uint32) uint32 { return (x | 0x2020) & 0xffff }

// biReach is the sampled-table entry of a bigram hit: a 3-byte pattern
// starting one byte before.
const biReach = 1<<8 | 2

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

// mergeReach widens a sampled-table entry to reach back and fwd bytes.
func mergeReach(v uint16, back, fwd int) uint16 {
	b := max(v>>8, uint16(min(back, 255)))  //nolint:gosec // clamped to a byte
	f := max(v&0xff, uint16(min(fwd, 255))) //nolint:gosec // clamped to a byte
	return b<<8 | f
}

// maxBack bounds a sampled trigram's offset in its pattern.
const maxBack = 200

// rareOffset picks k for the trigrams at k and k+1 of p (len ≥ 4) so
// that they are as rare as can be in ordinary text.
func rareOffset(p string) int {
	tri := func(k int) int {
		c := commonness[p[k]|0x20] + commonness[p[k+1]|0x20] + commonness[p[k+2]|0x20]
		if strings.Contains(urlPrefix, strings.ToLower(p[k:k+3])) {
			c += 100 // every link in chat has it
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
	var mine []string
	for _, id := range ids {
		p := pats[id]
		if p == "" {
			continue
		}
		mine = append(mine, p)
		sc.ids = append(sc.ids, id)
		for i := 0; i < len(p); i++ {
			used[p[i]] = true
		}
		l := uint8(min(len(p), 255))
		sc.long = max(sc.long, len(p)+1)
		if len(p) >= 3 {
			h := triHash(uint32(p[0]) | uint32(p[1])<<8 | uint32(p[2])<<16)
			sc.tri[h] = max(sc.tri[h], l)
			if len(p) == 3 {
				sc.three = true
				sc.tri2[h] = mergeReach(sc.tri2[h], 1, 3)
				x := uint32(p[0]) | uint32(p[1])<<8 | uint32(p[2])<<16
				h2 := triHash2(x)
				sc.tri2b[h2/64] |= 1 << (h2 % 64)
				b := biKey(uint32(p[1]) | uint32(p[2])<<8)
				sc.bi2[b/64] |= 1 << (b % 64)
			} else {
				k := rareOffset(p)
				for _, o := range []int{k, k + 1} {
					x := uint32(p[o]) | uint32(p[o+1])<<8 | uint32(p[o+2])<<16
					h := triHash(x)
					sc.tri2[h] = mergeReach(sc.tri2[h], k+1, len(p)-k)
					h2 := triHash2(x)
					sc.tri2b[h2/64] |= 1 << (h2 % 64)
				}
			}
		} else {
			sc.short = true
			c := p[0] | 0x20
			sc.uni[c] = max(sc.uni[c], l)
		}
	}
	if len(mine) == 0 {
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
		AddStrings(mine).
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

// region is one lowercased stretch of text in the scan buffer.
type region struct{ buf, bufEnd, text int }

// regions lowercases into buf every stretch of text where a pattern may
// occur, each followed by the separator.
func (sc *scanner) regions(text string, buf []byte, regs, spans []region) ([]byte, []region, []region) {
	if !sc.short {
		return sc.sampledRegions(text, buf, regs, spans)
	}
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
	return buf, regs, spans
}

// sampledRegions is regions reading every other position (no pattern is
// shorter than 3 bytes). A marked stretch may reach back before earlier
// ones, so stretches are merged as intervals before any is lowercased.
func (sc *scanner) sampledRegions(text string, buf []byte, regs, iv []region) ([]byte, []region, []region) {
	for s := 0; ; s += 2 {
		var v uint16
		if s, v = sc.nextSampled(text, s); v == 0 {
			break
		}
		fwd := int(v & 0xff)
		if fwd == 255 {
			fwd = sc.long
		}
		i, e := max(s-int(v>>8), 0), min(s+fwd, len(text))
		for len(iv) > 0 && i <= iv[len(iv)-1].bufEnd {
			last := iv[len(iv)-1]
			i, e = min(i, last.text), max(e, last.bufEnd)
			iv = iv[:len(iv)-1]
		}
		iv = append(iv, region{text: i, bufEnd: e})
	}
	for _, r := range iv {
		buf, regs = sc.appendRegion(buf, regs, text, r.text, r.bufEnd)
	}
	return buf, regs, iv
}

// nextSampled returns the first even position from s (even) where a
// pattern may start there or one byte before, and the longest such
// pattern plus one; 0 if there is none.
func (sc *scanner) nextSampled(text string, s int) (int, uint16) {
	tri, tri2, bi := &sc.tri2, &sc.tri2b, &sc.bi2
	if !sc.three {
		for ; s+4 <= len(text); s += 2 {
			x := load32(text, s)
			if v := tri[triHash(x)]; v != 0 && tri2[triHash2(x)/64]&(1<<(triHash2(x)%64)) != 0 {
				return s, v
			}
		}
	} else {
		for ; s+4 <= len(text); s += 2 {
			x := load32(text, s)
			t, b := tri[triHash(x)], uint16(0)
			if k := biKey(x); bi[k/64]&(1<<(k%64)) != 0 {
				b = biReach
			}
			if t != 0 && tri2[triHash2(x)/64]&(1<<(triHash2(x)%64)) == 0 {
				t = 0
			}
			if t|b != 0 {
				return s, reachMax(t, b)
			}
		}
	}
	for ; s+2 <= len(text); s += 2 {
		x := uint32(text[s]) | uint32(text[s+1])<<8
		var v uint16
		if s+3 <= len(text) {
			x |= uint32(text[s+2]) << 16
			v = tri[triHash(x)]
		}
		if sc.three {
			if k := biKey(x); bi[k/64]&(1<<(k%64)) != 0 {
				v = reachMax(v, biReach)
			}
		}
		if v != 0 {
			return s, v
		}
	}
	return s, 0
}

// reachMax merges two sampled-table entries.
func reachMax(a, b uint16) uint16 {
	return max(a&0xff00, b&0xff00) | max(a&0xff, b&0xff)
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

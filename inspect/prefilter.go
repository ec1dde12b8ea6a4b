package inspect

import (
	"sync"

	ahocorasick "github.com/coregx/ahocorasick"
)

// prefilter tells which of every rule's keywords and required literals
// occur in a text, ASCII case-insensitively, and where. Patterns have ids;
// the rules that apply to a message (its scope) get a scanner over their
// own patterns only, built once per distinct scope and cached.
type prefilter struct {
	pats []string // lowercase, by id
	n    int
	all  *scanner // every pattern: the fallback when the cache is full

	mu     sync.RWMutex
	scoped map[string]*scanner // by the active rules' bitmask

	sets sync.Pool // *hitSet
}

// maxScopes bounds the scanner cache; further scopes use the full scanner,
// which finds a superset of their patterns.
const maxScopes = 256

type prefilterBuilder struct {
	ids      map[string]int
	patterns []string
}

func newPrefilterBuilder() *prefilterBuilder {
	return &prefilterBuilder{ids: map[string]int{}}
}

// add registers a pattern, matched ASCII case-insensitively, and returns
// its id.
func (b *prefilterBuilder) add(p string) int {
	p = asciiLower(p)
	if id, ok := b.ids[p]; ok {
		return id
	}
	b.ids[p] = len(b.patterns)
	b.patterns = append(b.patterns, p)
	return len(b.patterns) - 1
}

func (b *prefilterBuilder) build() *prefilter {
	pf := &prefilter{pats: b.patterns, n: len(b.patterns), scoped: map[string]*scanner{}}
	words := (pf.n + 63) / 64
	pf.sets.New = func() any { return &hitSet{bits: make([]uint64, words), pf: pf} }
	all := make([]int, pf.n)
	for i := range all {
		all[i] = i
	}
	pf.all = newScanner(pf.pats, all)
	return pf
}

// scannerFor returns the scanner over the patterns of the rules set in
// key (a bitmask over the engine's rules); ids lists those patterns.
func (pf *prefilter) scannerFor(key []byte, ids func() []int) *scanner {
	pf.mu.RLock()
	sc, ok := pf.scoped[string(key)]
	full := len(pf.scoped) >= maxScopes
	pf.mu.RUnlock()
	if ok {
		return sc
	}
	if full {
		return pf.all
	}
	sc = newScanner(pf.pats, ids())
	pf.mu.Lock()
	defer pf.mu.Unlock()
	if old, ok := pf.scoped[string(key)]; ok {
		return old
	}
	if len(pf.scoped) < maxScopes {
		pf.scoped[string(key)] = sc
	}
	return sc
}

// scanner finds a fixed set of patterns. A q-gram filter marks each
// position where one of them may start (a hash of the three bytes there,
// ASCII case folded, names the longest pattern that may); the overlapping
// marked regions are lowercased into one buffer, separated by a byte no
// pattern holds, and one Aho-Corasick pass over it finds every occurrence.
type scanner struct {
	ac  *ahocorasick.Automaton // nil when there are no patterns
	ids []int32                // automaton pattern index → prefilter id
	sep byte                   // occurs in no pattern

	tri   [1 << triBits]uint8 // longest pattern (≥3 bytes) by trigram hash, 0 if none
	short bool                // some pattern is shorter than 3 bytes
	uni   [256]uint8          // patterns of 1-2 bytes by first byte (folded): longest
	long  int                 // the longest pattern, which 255 in tri or uni stands for

	// Without short patterns only every other position is read: a
	// pattern of 4 or more bytes shows its first or second trigram there,
	// one of 3 bytes its trigram or its last two bytes. Entries are the
	// longest such pattern plus one, as it may start one byte before.
	tri2  [1 << triBits]uint8
	bi2   [1 << biBits]uint8
	three bool // some pattern has 3 bytes (bi2 is in use)
}

const (
	triBits = 13
	biBits  = 12
)

// biHash hashes the two bytes in the low 16 bits of x, case folded.
func biHash(x uint32) uint32 {
	return ((x | 0x2020) & 0xffff) * 0x9e3779b1 >> (32 - biBits)
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
		sc.ids = append(sc.ids, int32(id))
		for i := 0; i < len(p); i++ {
			used[p[i]] = true
		}
		l := uint8(min(len(p), 255))
		sc.long = max(sc.long, len(p)+1)
		if len(p) >= 3 {
			h := triHash(uint32(p[0]) | uint32(p[1])<<8 | uint32(p[2])<<16)
			sc.tri[h] = max(sc.tri[h], l)
			l1 := uint8(min(len(p)+1, 255))
			sc.tri2[h] = max(sc.tri2[h], l1)
			if len(p) == 3 {
				sc.three = true
				b := biHash(uint32(p[1]) | uint32(p[2])<<8)
				sc.bi2[b] = max(sc.bi2[b], l1)
			} else {
				h = triHash(uint32(p[1]) | uint32(p[2])<<8 | uint32(p[3])<<16)
				sc.tri2[h] = max(sc.tri2[h], l1)
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

// scan returns the set of pattern ids occurring in text, with every
// occurrence (overlapping ones included, so "pass" is seen inside
// "password").
func (pf *prefilter) scan(sc *scanner, text string) *hitSet {
	h := pf.sets.Get().(*hitSet)
	if sc.ac == nil || len(text) == 0 {
		return h
	}
	h.buf, h.regions = sc.regions(text, h.buf[:0], h.regions[:0])
	if len(h.buf) == 0 {
		return h
	}
	r := 0
	for _, m := range sc.ac.FindAllOverlapping(h.buf) {
		for m.Start >= h.regions[r].bufEnd {
			r++
		}
		reg := h.regions[r]
		id := sc.ids[m.PatternID]
		h.bits[id/64] |= 1 << (id % 64)
		h.at = append(h.at, hit{id: id, start: int32(reg.text + m.Start - reg.buf)})
	}
	return h
}

// region is one lowercased stretch of text in the scan buffer.
type region struct{ buf, bufEnd, text int }

// regions lowercases into buf every stretch of text where a pattern may
// occur, each followed by the separator.
func (sc *scanner) regions(text string, buf []byte, regs []region) ([]byte, []region) {
	if !sc.short {
		return sc.sampledRegions(text, buf, regs)
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
	return sc.appendRegion(buf, regs, text, start, end)
}

// sampledRegions is regions reading every other position (no pattern is
// shorter than 3 bytes).
func (sc *scanner) sampledRegions(text string, buf []byte, regs []region) ([]byte, []region) {
	start, end := -1, -1
	for s := 0; ; s += 2 {
		var l uint8
		if s, l = sc.nextSampled(text, s); l == 0 {
			break
		}
		ln := int(l)
		if l == 255 {
			ln = sc.long
		}
		i := max(s-1, 0)
		e := min(i+ln, len(text))
		if i < end {
			end = max(end, e)
			continue
		}
		buf, regs = sc.appendRegion(buf, regs, text, start, end)
		start, end = i, e
	}
	return sc.appendRegion(buf, regs, text, start, end)
}

// nextSampled returns the first even position from s (even) where a
// pattern may start there or one byte before, and the longest such
// pattern plus one; 0 if there is none.
func (sc *scanner) nextSampled(text string, s int) (int, uint8) {
	tri, bi := &sc.tri2, &sc.bi2
	if !sc.three {
		for ; s+4 <= len(text); s += 2 {
			if l := tri[triHash(load32(text, s))]; l != 0 {
				return s, l
			}
		}
	} else {
		for ; s+4 <= len(text); s += 2 {
			x := load32(text, s)
			if l := max(tri[triHash(x)], bi[biHash(x)]); l != 0 {
				return s, l
			}
		}
	}
	for ; s+2 <= len(text); s += 2 {
		x := uint32(text[s]) | uint32(text[s+1])<<8
		var l uint8
		if s+3 <= len(text) {
			x |= uint32(text[s+2]) << 16
			l = tri[triHash(x)]
		}
		if sc.three {
			l = max(l, bi[biHash(x)])
		}
		if l != 0 {
			return s, l
		}
	}
	return s, 0
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
		if c-'A' < 26 {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return append(buf, sc.sep), append(regs, region{buf: b, bufEnd: len(buf), text: start})
}

// hit is one occurrence of a pattern.
type hit struct{ id, start int32 }

// hitSet is a bitset of pattern ids with their occurrences.
type hitSet struct {
	bits    []uint64
	at      []hit // every occurrence
	pf      *prefilter
	buf     []byte   // scan's lowercased regions
	regions []region // scan's regions
}

// any reports whether one of ids occurred.
func (h *hitSet) any(ids []int) bool {
	for _, id := range ids {
		if h.bits[id/64]&(1<<(id%64)) != 0 {
			return true
		}
	}
	return false
}

// put clears h and returns it to its prefilter's pool.
func (h *hitSet) put() {
	clear(h.bits)
	h.at = h.at[:0]
	h.pf.sets.Put(h)
}

// asciiLower lowercases the ASCII letters of s.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c-'A' < 26 {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

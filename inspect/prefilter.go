package inspect

import (
	"github.com/chatdlp/chatdlp/rules"
	"slices"
	"sync"
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

// scan returns the set of pattern ids occurring in text, with every
// occurrence (overlapping ones included, so "pass" is seen inside
// "password").
func (pf *prefilter) scan(sc *scanner, text string) *hitSet {
	h := pf.sets.Get().(*hitSet)
	if sc.sampled {
		sc.search(text, h)
		return h
	}
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
		h.add(sc.ids[m.PatternID], reg.text+m.Start-reg.buf)
	}
	return h
}

// add records an occurrence of pattern id at text offset at.
func (h *hitSet) add(id, at int) {
	h.bits[id/64] |= 1 << (id % 64)
	h.at = append(h.at, hit{id: id, start: off32(at)})
}

// hit is one occurrence of a pattern.
type hit struct {
	id    int
	start int32
}

// hitSet is a bitset of pattern ids with their occurrences.
type hitSet struct {
	bits    []uint64
	at      []hit // every occurrence
	pf      *prefilter
	buf     []byte   // scan's lowercased regions
	regions []region // scan's regions
	threes  []uint64 // scan's 3-byte pattern bitmaps (scanner.searchThrees)
	rules   []uint64 // touched's bitset
	tail    []byte   // scan's padded copy of the text's end
	pass    []uint64 // a further pass's bitmaps, ORed into threes
	sample  []uint64 // scan's trigram bitmaps (scanner.searchVector)
	// near's scratch (nearStarts): windows, leads, words and starts of
	// the rule being planned; starts lives until the rule has run.
	nearWins, nearWords []rules.Span
	nearLeads           []int
	nearStarts          []int
}

// touched returns a bitset over n rules of those listed in byID for a
// pattern that occurred; it lives until put.
func (h *hitSet) touched(byID [][]int, n int) []uint64 {
	words := (n + 63) / 64
	h.rules = slices.Grow(h.rules[:0], words)[:words]
	clear(h.rules)
	for _, x := range h.at {
		for _, r := range byID[x.id] {
			h.rules[r/64] |= 1 << (r % 64)
		}
	}
	return h.rules
}

// idMask is a set of pattern ids as the words of a bitset over them that
// hold one: a rule's keywords are tested a word at a time (anyOf), not an
// id at a time.
type idMask []maskWord

type maskWord struct {
	w int
	m uint64
}

// maskOf is the idMask of ids.
func maskOf(ids []int) idMask {
	var out idMask
	for _, id := range slices.Sorted(slices.Values(ids)) {
		w, m := id/64, uint64(1)<<(id%64)
		if n := len(out); n > 0 && out[n-1].w == w {
			out[n-1].m |= m
			continue
		}
		out = append(out, maskWord{w, m})
	}
	return out
}

// anyOf reports whether one of the ids of m occurred.
func (h *hitSet) anyOf(m idMask) bool {
	for _, x := range m {
		if h.bits[x.w]&x.m != 0 {
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
		b[i] = lowerASCII[c]
	}
	return string(b)
}

// lowerASCII maps ASCII capitals to lowercase and every other byte to itself.
var lowerASCII = func() (t [256]byte) {
	for c := range 256 {
		t[c] = byte(c)
		if c >= 'A' && c <= 'Z' {
			t[c] = byte(c) + 'a' - 'A'
		}
	}
	return t
}()

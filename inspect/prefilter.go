package inspect

import (
	"sync"
	"unsafe"

	ahocorasick "github.com/petar-dambovaliev/aho-corasick"
)

// prefilter is one ASCII-case-insensitive Aho-Corasick automaton over every
// rule's keywords and required literals; one pass over a text tells which
// of them occur.
type prefilter struct {
	ac    ahocorasick.AhoCorasick
	n     int
	words sync.Pool // *hitSet
}

type prefilterBuilder struct {
	ids      map[string]int
	patterns []string
}

func newPrefilterBuilder() *prefilterBuilder {
	return &prefilterBuilder{ids: map[string]int{}}
}

// add registers a lowercase pattern and returns its id.
func (b *prefilterBuilder) add(p string) int {
	if id, ok := b.ids[p]; ok {
		return id
	}
	b.ids[p] = len(b.patterns)
	b.patterns = append(b.patterns, p)
	return len(b.patterns) - 1
}

func (b *prefilterBuilder) build() *prefilter {
	pf := &prefilter{n: len(b.patterns)}
	words := (pf.n + 63) / 64
	pf.words.New = func() any { return &hitSet{bits: make([]uint64, words), pf: pf} }
	if pf.n > 0 {
		builder := ahocorasick.NewAhoCorasickBuilder(ahocorasick.Opts{
			AsciiCaseInsensitive: true,
			MatchKind:            ahocorasick.StandardMatch,
			DFA:                  true,
		})
		pf.ac = builder.Build(b.patterns)
	}
	return pf
}

// scan returns the set of pattern ids occurring in text (overlapping
// occurrences included, so "pass" is seen inside "password").
func (pf *prefilter) scan(text string) *hitSet {
	h := pf.words.Get().(*hitSet)
	if pf.n == 0 || len(text) == 0 {
		return h
	}
	// The automaton only reads the haystack; no copy of the text is made.
	hay := unsafe.Slice(unsafe.StringData(text), len(text))
	it := pf.ac.IterOverlappingByte(hay)
	for m := it.Next(); m != nil; m = it.Next() {
		p := m.Pattern()
		h.bits[p/64] |= 1 << (p % 64)
		h.at = append(h.at, hit{id: int32(p), start: int32(m.Start())})
	}
	return h
}

// hit is one occurrence of a pattern.
type hit struct{ id, start int32 }

// hitSet is a bitset of pattern ids.
type hitSet struct {
	bits []uint64
	at   []hit // every occurrence, in text order
	pf   *prefilter
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
	h.pf.words.Put(h)
}

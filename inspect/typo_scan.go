package inspect

import (
	"math/bits"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/chatdlp/chatdlp/rules"
)

// typoSlips appends to out the words of s (normalised; f its facts) that
// are slips of a word of v and either end in the typoBefore characters
// before one of nums (where numbers begin) or hold one of at (offsets of
// keywords or literals found inside a longer word), in order; a word that
// is a slip of two words of v is read as each.
func (v *typoVocab) typoSlips(s string, f *textFacts, nums, at []int, out []typoFix) []typoFix {
	t := typoScan{v: v, s: s, out: out, letter: f.bits.letter, high: f.bits.high[:len(f.bits.letter)]}
	for _, p := range nums {
		t.before(p)
	}
	// Each word once, however many keywords it holds: a long run of
	// letters full of them is read in linear time.
	slices.Sort(at)
	done := 0
	for _, p := range at {
		if p < done {
			continue
		}
		done = wordEnd(t.letter, t.high, p, len(s))
		t.word(wordStart(t.letter, t.high, p), done)
	}
	slices.SortFunc(t.out, func(a, b typoFix) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return int(a.word - b.word)
	})
	return slices.Compact(t.out)
}

// typoScan is typoSlips' state.
type typoScan struct {
	v            *typoVocab
	s            string
	out          []typoFix
	letter, high []uint64 // the text's class bits
}

// before reads the words that end in the typoBefore characters before p:
// on the 64 bytes before p as bits (bit 63 is p-1), where they are ASCII.
func (t *typoScan) before(p int) {
	x, h := bitsBefore(t.letter, p), bitsBefore(t.high, p)
	if h>>(64-typoBefore) != 0 {
		t.beforeSlow(p) // characters of more than a byte
		return
	}
	x |= h
	// The last letters of words, in the last typoBefore bits.
	for ends := (x &^ (x >> 1)) >> (64 - typoBefore) << (64 - typoBefore); ends != 0; {
		k := 63 - bits.LeadingZeros64(ends)
		ends &^= 1 << k
		e := p - 63 + k
		below := ^x & (1<<k - 1)
		if below == 0 {
			t.word(wordStart(t.letter, t.high, e-1), e) // begins further back
			continue
		}
		if n := k + 1 - bits.Len64(below); n >= typoShortLen {
			t.word(e-n, e)
		}
	}
}

// beforeSlow is before where the bytes before p are not all ASCII: the
// words are walked back to typoBefore characters.
func (t *typoScan) beforeSlow(p int) {
	from, _ := rules.Window(t.s, p, p, typoBefore)
	for i := p; ; {
		e := lastWordByte(t.letter, t.high, i, from) + 1
		if e <= from {
			return
		}
		a := wordStart(t.letter, t.high, e-1)
		t.word(a, e)
		i = a
	}
}

// bitsBefore is bits [p-64,p) of m, bit 63 that of p-1 (0 before m).
func bitsBefore(m []uint64, p int) uint64 {
	q := p - 64
	w, o := q>>6, uint(q&63)
	return word(m, w)>>o | word(m, w+1)<<(64-o)
}

// word reads s[i:e], a run of letters and non-ASCII bytes: a word of
// ASCII letters by its first 8 bytes and the filter, else its runs of
// letters one by one (slowSlips).
func (t *typoScan) word(i, e int) {
	n := e - i
	if n < typoShortLen {
		return
	}
	if w := uint(i) / 64; w == uint(e-1)/64 && t.high[w]>>(uint(i)%64)&(1<<uint(n)-1) != 0 ||
		w != uint(e-1)/64 && popRange(t.high, i, e) > 0 {
		t.slowSlips(i, e)
		return
	}
	if n > t.v.maxLen {
		return
	}
	var head uint64
	if i+8 <= len(t.s) {
		u := t.s[i : i+8]
		head = uint64(u[0]) | uint64(u[1])<<8 | uint64(u[2])<<16 | uint64(u[3])<<24 |
			uint64(u[4])<<32 | uint64(u[5])<<40 | uint64(u[6])<<48 | uint64(u[7])<<56
	} else {
		for k := range min(n, 8) {
			head |= uint64(t.s[i+k]) << (8 * k)
		}
	}
	// The case bit set lowercases a letter; the bytes past the word go.
	k := typoKey((head|0x2020202020202020)&headMask[min(n, 8)], n)
	if hasSlip(t.v.slips, k>>(64-typoBits)) && hasSlip(t.v.slips, typoKey2(k)) && hasSlip(t.v.slips, typoKey3(k)) {
		t.asciiFixes(i, e)
	}
}

// asciiFixes is fixes for the word of ASCII letters s[i:e].
//
//go:noinline
func (t *typoScan) asciiFixes(i, e int) {
	var buf [typoMaxLen + 1]rune
	w := buf[:0]
	for _, c := range []byte(t.s[i:e]) {
		w = append(w, rune(c|0x20))
	}
	t.out = t.v.fixes(w, i, e, t.out)
}

// headMask keeps the first n bytes of 8.
var headMask = func() (m [9]uint64) {
	for n := range m {
		m[n] = ^uint64(0) >> (64 - 8*n)
	}
	m[0] = 0
	return m
}()

// lastWordByte is the last offset in [from,i) of a letter or a non-ASCII
// byte, -1 if none.
func lastWordByte(letter, high []uint64, i, from int) int {
	if i <= from {
		return -1
	}
	i--
	w := i / 64
	x := (letter[w] | high[w]) << (63 - i%64)
	for x == 0 {
		if w--; w < 0 || w*64+63 < from {
			return -1
		}
		x = letter[w] | high[w]
		i = w*64 + 63
	}
	if i -= bits.LeadingZeros64(x); i >= from {
		return i
	}
	return -1
}

// wordStart is the start of the run of letter|high bits through i.
func wordStart(letter, high []uint64, i int) int {
	w := i / 64
	x := ^(letter[w] | high[w]) << (63 - i%64)
	for x == 0 {
		if w--; w < 0 {
			return 0
		}
		x = ^(letter[w] | high[w])
		i = w*64 + 63
	}
	return i - bits.LeadingZeros64(x) + 1
}

// wordEnd is the end of the run of letter|high bits from i, at most n.
func wordEnd(letter, high []uint64, i, n int) int {
	w := i / 64
	x := ^(letter[w] | high[w]) >> (i % 64) << (i % 64)
	for x == 0 {
		if w++; w >= len(letter) {
			return n
		}
		x = ^(letter[w] | high[w])
	}
	return min(w*64+bits.TrailingZeros64(x), n)
}

// slowSlips reads the words of s[i:e], a run of letters and non-ASCII
// bytes: its runs of letters.
func (t *typoScan) slowSlips(i, e int) {
	s := t.s
	for i < e {
		r, size := utf8.DecodeRuneInString(s[i:e])
		if !unicode.IsLetter(r) {
			i += size
			continue
		}
		j := i
		var buf [typoMaxLen + 1]rune
		w := buf[:0]
		for j < e {
			r, size := utf8.DecodeRuneInString(s[j:e])
			if !unicode.IsLetter(r) {
				break
			}
			if len(w) < len(buf) {
				w = append(w, unicode.ToLower(r))
			}
			j += size
		}
		if n := len(w); n >= typoShortLen && n <= t.v.maxLen && t.v.maybeSlip(runesHead(w), n) {
			t.out = t.v.fixes(w, i, j, t.out)
		}
		i = j
	}
}

// runesHead is typoKey's head of a word: the first 8 bytes of its UTF-8.
func runesHead(w []rune) uint64 {
	var b [8 + utf8.UTFMax]byte
	n := 0
	for _, r := range w {
		if n >= 8 {
			break
		}
		n += utf8.EncodeRune(b[n:], r)
	}
	return load64Padded(b[:min(n, 8)])
}

// fixes appends a fix of s[i:e] (its lowercase runes w) for each word of
// v it is a slip of, unless it is a word of v itself.
func (v *typoVocab) fixes(w []rune, i, e int, out []typoFix) []typoFix {
	var near [4]int32
	for _, k := range v.slipsFor(w, near[:0]) {
		out = append(out, typoFix{i, e, k})
	}
	return out
}

package inspect

import (
	"math/bits"
	"slices"
	"unicode/utf8"
)

// The filter of slips. Every slip of every keyword word (slipsOf) is
// hashed, with typoKey, by its first 8 bytes and its length into a Bloom
// filter of three bits; a word of a message whose key misses a bit is no
// slip. The few that have all three are looked up exactly (slipsFor)
// among the keyword words of about their length that share their first
// or their last letter.

// build fills near and the Bloom filter of the slips.
func (v *typoVocab) build() {
	v.slips = new([1 << typoBits / 64]uint64)
	var buf []rune
	var enc []byte
	for i, w := range v.words {
		n := len(w.runes)
		v.maxLen = max(v.maxLen, n+1)
		for m := n - 1; m <= n+1; m++ {
			first, last := nearKey(w.runes[0], false, m), nearKey(w.runes[n-1], true, m)
			v.near[first] = append(v.near[first], int32(i)) //nolint:gosec // see add
			v.near[last] = append(v.near[last], int32(i))   //nolint:gosec // see add
		}
		slipsOf(w.runes, buf, func(s []rune) {
			if len(s) < typoMinLen && !shortSlip(s, w.runes) || containsRunes(s, w.runes) {
				return
			}
			enc = enc[:0]
			for _, r := range s {
				enc = utf8.AppendRune(enc, r)
			}
			if _, ok := v.index[string(enc)]; ok {
				return // a keyword word itself
			}
			h := typoKey(load64Padded(enc), len(s))
			setSlip(v.slips, h>>(64-typoBits))
			setSlip(v.slips, typoKey2(h))
			setSlip(v.slips, typoKey3(h))
		})
	}
}

func setSlip(t *[1 << typoBits / 64]uint64, i uint64) { t[i/64%(1<<typoBits/64)] |= 1 << (i % 64) }

func hasSlip(t *[1 << typoBits / 64]uint64, i uint64) bool {
	return t[i/64%(1<<typoBits/64)]>>(i%64)&1 != 0
}

// shortSlip reports whether s, a slip of w shorter than typoMinLen, is
// one read: w of typoMinLen letters with a letter inside it dropped, its
// first and last kept (a word of four letters that is a slip of one of
// five at an end is most often a word: pass of passe, card of ecard).
func shortSlip(s, w []rune) bool {
	return len(s) == typoShortLen && len(w) == typoMinLen && s[0] == w[0] && s[len(s)-1] == w[len(w)-1]
}

// containsRunes reports whether s holds w: a stray letter before or after
// a word leaves the word in the text, which the keyword already matches.
func containsRunes(s, w []rune) bool {
	return len(s) == len(w)+1 && (equalRunes(s[1:], w) || equalRunes(s[:len(w)], w))
}

// slipsOf calls f with every slip of w that typoEdit takes (some more than
// once), in a buffer f must not keep.
func slipsOf(w, buf []rune, f func([]rune)) {
	n := len(w)
	emit := func(parts ...[]rune) {
		buf = buf[:0]
		for _, p := range parts {
			buf = append(buf, p...)
		}
		f(buf)
	}
	one := make([]rune, 1)
	for i := range n {
		emit(w[:i], w[i+1:]) // dropped
		if i+1 < n {
			emit(w[:i], w[i+1:i+2], w[i:i+1], w[i+2:]) // swapped
		}
		for _, r := range nearKeys(w[i]) {
			one[0] = r
			emit(w[:i], one, w[i+1:]) // struck instead
		}
	}
	for i := 0; i <= n; i++ {
		prev, next := rune(-1), rune(-1)
		if i > 0 {
			prev = w[i-1]
		}
		if i < n {
			next = w[i]
		}
		for _, r := range strayKeys(prev, next) {
			one[0] = r
			emit(w[:i], one, w[i:]) // struck as well
		}
	}
}

// nearKeys lists the letters r2 != r with keysNear(r, r2).
func nearKeys(r rune) []rune {
	var out []rune
	b := baseLetter(r)
	if isLowerASCII(r) {
		for m := keyNeighbours[r-'a']; m != 0; m &= m - 1 {
			out = append(out, 'a'+rune(bits.TrailingZeros32(m))) //nolint:gosec // below 26
		}
	}
	if b != r {
		out = append(out, b)
	}
	if isLowerASCII(b) {
		for _, a := range accented[b-'a'] {
			if a != r {
				out = append(out, a)
			}
		}
	}
	return out
}

// strayKeys lists the letters x with strayKey(x, prev, next).
func strayKeys(prev, next rune) []rune {
	var out []rune
	for _, r := range []rune{prev, next} {
		if r >= 0 && !slices.Contains(out, r) {
			out = append(out, r)
		}
		if r < 0 {
			continue
		}
		for _, x := range nearKeys(r) {
			if !slices.Contains(out, x) {
				out = append(out, x)
			}
		}
	}
	return out
}

// typoKey hashes a word of n letters by its first 8 bytes (UTF-8,
// lowercase, zero-padded as load64Padded gives them).
func typoKey(head uint64, n int) uint64 {
	return (head + uint64(n)*0x9e3779b97f4a7c15) * 0xbf58476d1ce4e5b9 //nolint:gosec // n is small
}

// typoKey2 and typoKey3 are the Bloom filter's second and third bits for
// key h.
func typoKey2(h uint64) uint64 { return (h ^ h>>29) * 0x94d049bb133111eb >> (64 - typoBits) }

func typoKey3(h uint64) uint64 { return (h ^ h>>31) * 0xd6e8feb86659fd93 >> (64 - typoBits) }

// load64Padded reads the first 8 bytes of b little-endian, zeros past
// its end.
func load64Padded(b []byte) uint64 {
	var x uint64
	for i := 0; i < len(b) && i < 8; i++ {
		x |= uint64(b[i]) << (8 * i)
	}
	return x
}

// maybeSlip reports whether a word of n letters whose first 8 bytes are
// head may be a slip of a keyword word: false for all but a few words
// that are not.
func (v *typoVocab) maybeSlip(head uint64, n int) bool {
	h := typoKey(head, n)
	return hasSlip(v.slips, h>>(64-typoBits)) && hasSlip(v.slips, typoKey2(h)) && hasSlip(v.slips, typoKey3(h))
}

// nearKey keys typoVocab.near: a letter, whether it ends the word, and
// the length of the word looked up.
func nearKey(r rune, last bool, n int) uint64 {
	k := uint64(r)<<8 | uint64(n) //nolint:gosec // a rune, a short length
	if last {
		k |= 1 << 7
	}
	return k
}

// slipsFor appends to out the words w (lowercase) is a slip of; none if
// it is a word itself.
func (v *typoVocab) slipsFor(w []rune, out []int32) []int32 {
	n := len(w)
	if n < typoShortLen || n > v.maxLen {
		return out
	}
	n0 := len(out)
	for _, key := range [2]uint64{nearKey(w[0], false, n), nearKey(w[n-1], true, n)} {
		for _, i := range v.near[key] {
			k := v.words[i].runes
			if len(k) == n && equalRunes(k, w) {
				return out[:n0] // a word itself
			}
			if !slices.Contains(out[n0:], i) && !containsRunes(w, k) && (n >= typoMinLen || shortSlip(w, k)) && typoEdit(w, k) {
				out = append(out, i)
			}
		}
	}
	return out
}

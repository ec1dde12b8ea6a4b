package inspect

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Slips of the hand. A typist who means a word and types another one
// letter off most often swaps two letters, drops one, doubles one, or
// strikes a key next to the one meant, instead of it or as well; or
// leaves an accent off. typoEdit takes those (Damerau distance 1, with a
// struck letter a neighbour on the keyboard) and no others: a letter
// changed for any other turns keywords into everyday words ("logic" for
// login, in every other message of the benchmark's chat; "taken" for
// token, "greet" for green, "drives" for driver), which are no slips, and
// each would cost a second inspection of about half a message's.

// keyboardRows are the letter rows of the layouts people type the pack's
// languages on: QWERTY, QWERTZ (German, Czech, Slovak...) and AZERTY
// (French, Belgian). Each row sits about half a key right of the one
// above, so a key touches two keys of its row and two of each row beside.
var keyboardRows = [...][3]string{
	{"qwertyuiop", "asdfghjkl", "zxcvbnm"},
	{"qwertzuiop", "asdfghjkl", "yxcvbnm"},
	{"azertyuiop", "qsdfghjklm", "wxcvbn"},
}

// keyNeighbours has, per letter a-z, the letters next to it on some
// layout (bit c-'a').
var keyNeighbours = func() (t [26]uint32) {
	bit := func(c byte) uint32 { return 1 << (c - 'a') }
	for _, rows := range keyboardRows {
		for r, row := range rows {
			for c := range len(row) {
				k := row[c] - 'a'
				near := func(r2, c2 int) {
					if r2 >= 0 && r2 < len(rows) && c2 >= 0 && c2 < len(rows[r2]) {
						t[k] |= bit(rows[r2][c2])
					}
				}
				near(r, c-1)
				near(r, c+1)
				near(r-1, c)
				near(r-1, c+1)
				near(r+1, c-1)
				near(r+1, c)
			}
		}
	}
	return t
}()

// isLowerASCII reports whether r is a lowercase ASCII letter.
func isLowerASCII(r rune) bool { return r >= 'a' && r <= 'z' }

// keysNear reports whether a typist who meant a could strike b instead
// (both lowercase): the same letter with or without an accent, or a
// neighbour on the keyboard.
func keysNear(a, b rune) bool {
	if baseLetter(a) == baseLetter(b) {
		return true
	}
	return isLowerASCII(a) && isLowerASCII(b) && keyNeighbours[a-'a']>>(b-'a')&1 != 0
}

// strayKey reports whether x, typed between prev and next (either may be
// -1 at an end of the word), is a stray keystroke: one of them doubled,
// or a key next to one of them.
func strayKey(x, prev, next rune) bool {
	return x == prev || x == next || (prev >= 0 && keysNear(prev, x)) || (next >= 0 && keysNear(next, x))
}

// typoEdit reports whether w (lowercase) is v (lowercase) with one slip:
// two adjacent letters swapped, a letter dropped, a stray key added, or a
// key struck for a near one (keysNear).
func typoEdit(w, v []rune) bool {
	i := 0
	for i < len(w) && i < len(v) && w[i] == v[i] {
		i++
	}
	switch len(w) - len(v) {
	case 0:
		if i == len(w) {
			return false // the same word
		}
		if equalRunes(w[i+1:], v[i+1:]) {
			return keysNear(v[i], w[i])
		}
		return i+1 < len(w) && w[i] == v[i+1] && w[i+1] == v[i] && equalRunes(w[i+2:], v[i+2:])
	case -1:
		return equalRunes(w[i:], v[i+1:])
	case 1:
		prev, next := rune(-1), rune(-1)
		if i > 0 {
			prev = w[i-1]
		}
		if i+1 < len(w) {
			next = w[i+1]
		}
		return equalRunes(w[i+1:], v[i:]) && strayKey(w[i], prev, next)
	}
	return false
}

func equalRunes(a, b []rune) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// baseLetter is r without its accent (é, è, ë → e; ñ → n; č → c), for the
// Latin letters that decompose so; else r.
func baseLetter(r rune) rune {
	if r < utf8.RuneSelf || r >= rune(len(latinBase))+latinFirst {
		return r
	}
	if b := latinBase[r-latinFirst]; b != 0 {
		return rune(b)
	}
	return r
}

// latinFirst is the first rune of latinBase.
const latinFirst = 0xc0

// latinBase maps U+00C0..U+024F (Latin-1 letters and Latin Extended-A and
// B) to the lowercase ASCII letter they decompose to, 0 where none.
var latinBase = func() (t [0x250 - latinFirst]byte) {
	for i := range t {
		r := rune(i + latinFirst)
		if !unicode.IsLetter(r) {
			continue
		}
		d := norm.NFD.String(string(unicode.ToLower(r)))
		if c := d[0]; len(d) > 1 && c >= 'a' && c <= 'z' {
			t[i] = c
		}
	}
	return t
}()

// accented lists, per ASCII letter, the lowercase letters of latinBase
// that are it with an accent.
var accented = func() (t [26][]rune) {
	for i, b := range latinBase {
		r := rune(i + latinFirst)
		if b != 0 && unicode.IsLower(r) {
			t[b-'a'] = append(t[b-'a'], r)
		}
	}
	return t
}()

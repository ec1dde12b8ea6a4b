package inspect

import (
	"math/bits"
	"strings"
)

// textFacts are what one pass over a text learns: which normalisation
// stages may apply (flags), the digit runs the checksum validators need,
// and where the IBAN and NINO shapes start. The pass reads eight bytes at a
// time and stops only at digits, so ordinary chat costs little more than a
// memory scan.
type textFacts struct {
	flags  uint8
	runs   []digitRunSpan
	shapes [2][]int
}

// reset empties f, keeping its slices' storage.
func (f *textFacts) reset() {
	f.flags = 0
	f.runs = f.runs[:0]
	f.shapes[0], f.shapes[1] = f.shapes[0][:0], f.shapes[1][:0]
}

// SWAR constants: a byte value repeated in every byte of a word.
const (
	ones uint64 = 0x0101010101010101
	hi   uint64 = 0x8080808080808080
	lo7  uint64 = 0x7f7f7f7f7f7f7f7f
)

// load64 reads s[i:i+8] little-endian (one unaligned load).
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// hasByte reports whether a byte of x equals c.
func hasByte(x uint64, c byte) bool {
	t := x ^ (ones * uint64(c))
	return (t-ones)&^t&hi != 0
}

// digitBytes has the high bit set in each byte of x that is '0'..'9'.
func digitBytes(x uint64) uint64 {
	y := x & lo7
	return (y + ones*(0x80-'0')) &^ (y + ones*(0x80-'9'-1)) &^ x & hi
}

// below20 has the high bit set in each byte of x below 0x20.
func below20(x uint64) uint64 {
	return ^((x & lo7) + ones*(0x80-0x20)) &^ x & hi
}

// scanText computes the facts of s into f (reset first).
func scanText(s string, f *textFacts) {
	f.reset()
	// Rare bytes are searched for with IndexByte (vectorised), not per word.
	if strings.IndexByte(s, '<') >= 0 || strings.IndexByte(s, '&') >= 0 {
		f.flags |= flagHTML
	}
	if strings.IndexByte(s, '%') >= 0 {
		f.flags |= flagPct
	}
	for i := 0; i < len(s); {
		var fl uint8
		i, fl = nextDigit(s, i)
		f.flags |= fl
		if i < len(s) {
			i = f.digits(s, i)
		}
	}
}

// nextDigit returns the index of the first digit in s at or after i (or
// len(s)) and the non-ASCII and control flags of the bytes before it.
func nextDigit(s string, i int) (int, uint8) {
	var fl uint8
	for ; i+8 <= len(s); i += 8 {
		x := load64(s, i)
		if x&hi != 0 {
			fl |= flagHigh
		}
		if below20(x) != 0 || hasByte(x, 0x7f) {
			for k := i; k < i+8; k++ {
				fl |= byteFlags[s[k]] & flagCtrl
			}
		}
		if d := digitBytes(x); d != 0 {
			return i + bits.TrailingZeros64(d)/8, fl
		}
	}
	for ; i < len(s); i++ {
		if isDigit(s[i]) {
			return i, fl
		}
		fl |= byteFlags[s[i]] & (flagHigh | flagCtrl)
	}
	return i, fl
}

// digits handles the digit at s[j], the first of its run of [0-9 .-]: it
// records the run if it holds minRunDigits digits, and the IBAN/NINO
// shapes that start with the two letters before j (whitespace skipped).
// It returns the end of the run.
func (f *textFacts) digits(s string, j int) int {
	if p1 := prevNonSpace(s, j); p1 >= 0 && isLetter(s[p1]) {
		if p0 := prevNonSpace(s, p1); p0 >= 0 && isLetter(s[p0]) {
			f.shapesAt(s, p0, j)
		}
	}
	start := j
	for start > 0 && runClass[s[start-1]] == rcSep {
		start--
	}
	end, n := j, 0
	for ; end < len(s); end++ {
		c := runClass[s[end]]
		if c == rcOther {
			break
		}
		if c == rcDigit {
			n++
		}
	}
	if n >= minRunDigits {
		f.runs = append(f.runs, digitRunSpan{start, end, n})
	}
	return end
}

// shapesAt records the IBAN and NINO shapes opening with the letters at
// p0 and the one after it, and continuing with the digit at s[j]:
// whitespace skipped, one more digit and 11 alphanumerics (IBAN), or five
// more digits and A-D (NINO).
func (f *textFacts) shapesAt(s string, p0, j int) {
	var c [13]byte
	n := 0
	for k := j; k < len(s) && n < len(c); k++ {
		if isSpace(s[k]) {
			continue
		}
		c[n] = s[k]
		n++
		if !isAlnum(s[k]) {
			break // breaks both shapes
		}
	}
	if n < 2 || !isDigit(c[1]) {
		return
	}
	if n == len(c) && allOf(c[2:], isAlnum) {
		f.shapes[shapeIBAN] = append(f.shapes[shapeIBAN], p0)
	}
	if n >= 7 && allOf(c[:6], isDigit) && isAtoD(c[6]) {
		f.shapes[shapeNINO] = append(f.shapes[shapeNINO], p0)
	}
}

func allOf(b []byte, ok func(byte) bool) bool {
	for _, c := range b {
		if !ok(c) {
			return false
		}
	}
	return true
}

// prevNonSpace is the last index before i that is not ASCII whitespace, or
// -1.
func prevNonSpace(s string, i int) int {
	for i--; i >= 0 && isSpace(s[i]); i-- {
	}
	return i
}

// nextHigh is the index of the first non-ASCII byte of s at or after i,
// or len(s).
func nextHigh(s string, i int) int {
	for ; i+8 <= len(s); i += 8 {
		if x := load64(s, i) & hi; x != 0 {
			return i + bits.TrailingZeros64(x)/8
		}
	}
	for ; i < len(s) && s[i] < 0x80; i++ {
	}
	return i
}

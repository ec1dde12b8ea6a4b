package inspect

import (
	"math/bits"
	"slices"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// classBits are bitmaps of a text, one bit per byte and 64 bytes to a
// word (byte i is bit i%64 of word i/64), one per class of byteClass.
// One vectorised pass (classifyBlocks) builds them with the normalisation
// flags; digit runs, shapes and base64 runs are then found by bit
// arithmetic, 64 bytes at a time.
type classBits struct {
	digit  []uint64 // [0-9]
	run    []uint64 // [0-9 .-], what a digit run is made of
	b64    []uint64 // [A-Za-z0-9+/_-], the base64 alphabets
	letter []uint64 // [A-Za-z]
	space  []uint64 // ASCII whitespace, as isSpace
	high   []uint64 // non-ASCII bytes
	sep    []uint64 // ':' '=', where a label may end ("Kennwotr :")
	planes []uint64 // the storage of all seven, in that order
	pad    [64]byte // the last, partial block, padded for the kernel
}

// Bits of byteClass, in the order of the planes.
const (
	clsDigit = 1 << iota
	clsRun
	clsB64
	clsLetter
	clsSpace
	clsHigh
	clsSep
	numPlanes = iota
)

var byteClass = func() (t [256]uint8) {
	for c := range 256 {
		b := byte(c)
		if isDigit(b) {
			t[c] |= clsDigit
		}
		if isDigit(b) || c == ' ' || c == '.' || c == '-' {
			t[c] |= clsRun
		}
		if b64Char[c] {
			t[c] |= clsB64
		}
		if isLetter(b) {
			t[c] |= clsLetter
		}
		if isSpace(b) {
			t[c] |= clsSpace
		}
		if c >= utf8.RuneSelf {
			t[c] |= clsHigh
		}
		if c == ':' || c == '=' {
			t[c] |= clsSep
		}
	}
	return t
}()

// classAndFlags is byteClass in the low byte and byteFlags in the high
// one, for classifyGeneric.
var classAndFlags = func() (t [256]uint16) {
	for c := range 256 {
		t[c] = uint16(byteClass[c]) | uint16(byteFlags[c])<<8
	}
	return t
}()

// classify fills c with the bitmaps of s and returns the byte flags of s
// (the union of byteFlags over its bytes).
func classify(s string, c *classBits) uint8 { return classifyWith(s, c, classifyBlocks) }

// spaces64 pads the last block for the kernel.
var spaces64 = strings.Repeat(" ", 64)

// classifyWith is classify on the given classifyBlocks kernel.
func classifyWith(s string, c *classBits, kernel func(string, []uint64, int) uint8) uint8 {
	nw := (len(s) + 63) / 64
	c.planes = slices.Grow(c.planes[:0], numPlanes*nw)[:numPlanes*nw]
	plane := func(k int) []uint64 { return c.planes[k*nw : (k+1)*nw : (k+1)*nw] }
	c.digit, c.run, c.b64, c.letter, c.space, c.high, c.sep = plane(0), plane(1), plane(2), plane(3), plane(4), plane(5), plane(6)
	full := len(s) / 64
	var fl uint8
	if full > 0 {
		fl = kernel(s[:full*64], c.planes, nw)
	}
	if tail := s[full*64:]; tail != "" {
		// The kernel classifies the tail padded with spaces, which set no
		// flag, into the block's words; the padding's class bits are
		// masked off.
		n := copy(c.pad[:], tail)
		copy(c.pad[n:], spaces64)
		fl |= kernel(unsafe.String(&c.pad[0], len(c.pad)), c.planes[full:], nw) //nolint:gosec // c.pad is not changed while the kernel reads it
		keep := uint64(1)<<n - 1
		for k := range numPlanes {
			c.planes[k*nw+full] &= keep
		}
	}
	return fl
}

// classifyGeneric is classifyBlocks by table, for CPUs without AVX2: the
// classes of 8 bytes are packed into a word whose bit matrix, transposed,
// gives each plane's 8 bits at once.
func classifyGeneric(s string, planes []uint64, stride int) uint8 {
	var fl uint8
	for b := range len(s) / 64 {
		var w [numPlanes]uint64
		for i := 0; i < 64; i += 8 {
			blk := s[b*64+i : b*64+i+8]
			var x uint64
			var f uint16
			for k := range 8 {
				v := classAndFlags[blk[k]]
				x |= uint64(v&0xff) << (8 * k)
				f |= v
			}
			fl |= uint8(f >> 8) //nolint:gosec // the flags byte
			x = transpose8(x)
			for p := range numPlanes {
				w[p] |= (x >> (8 * p) & 0xff) << i
			}
		}
		for k := range numPlanes {
			planes[k*stride+b] = w[k]
		}
	}
	return fl
}

// transpose8 transposes the 8x8 bit matrix in x (row r is byte r, column
// c is bit c of it): bit r of byte c of the result is bit c of byte r.
func transpose8(x uint64) uint64 {
	t := (x ^ x>>7) & 0x00aa00aa00aa00aa
	x ^= t ^ t<<7
	t = (x ^ x>>14) & 0x0000cccc0000cccc
	x ^= t ^ t<<14
	t = (x ^ x>>28) & 0x00000000f0f0f0f0
	return x ^ t ^ t<<28
}

// nextSet is the first i' >= i below n whose bit is set in m, or n.
func nextSet(m []uint64, i, n int) int {
	if i >= n {
		return n
	}
	w := i / 64
	x := m[w] >> (i % 64) << (i % 64)
	for x == 0 {
		if w++; w*64 >= n {
			return n
		}
		x = m[w]
	}
	return min(w*64+bits.TrailingZeros64(x), n)
}

// lastSetBefore is the last i' in [lo, i) whose bit is set in m, or
// lo-1.
func lastSetBefore(m []uint64, lo, i int) int {
	for i > lo {
		w := (i - 1) / 64
		if x := m[w] & (^uint64(0) >> (63 - (i-1)%64)); x != 0 {
			if p := w*64 + 63 - bits.LeadingZeros64(x); p >= lo {
				return p
			}
			return lo - 1
		}
		i = w * 64
	}
	return lo - 1
}

// nextClear is the first i' >= i below n whose bit is clear in m, or n.
func nextClear(m []uint64, i, n int) int {
	if i >= n {
		return n
	}
	w := i / 64
	x := ^m[w] >> (i % 64) << (i % 64)
	for x == 0 {
		if w++; w*64 >= n {
			return n
		}
		x = ^m[w]
	}
	return min(w*64+bits.TrailingZeros64(x), n)
}

// prevClear is the last i' < i whose bit is clear in m, or -1.
func prevClear(m []uint64, i int) int {
	if i <= 0 {
		return -1
	}
	i--
	w := i / 64
	x := ^m[w] << (63 - i%64)
	for x == 0 {
		if w--; w < 0 {
			return -1
		}
		x = ^m[w]
		i = w*64 + 63
	}
	return i - bits.LeadingZeros64(x)
}

// popRange counts the set bits of m in [i, j).
func popRange(m []uint64, i, j int) int {
	n := 0
	for i < j {
		w, o := i/64, i%64
		x := m[w] >> o
		if rest := j - i; rest < 64-o {
			x &= 1<<rest - 1
			i = j
		} else {
			i += 64 - o
		}
		n += bits.OnesCount64(x)
	}
	return n
}

// word is m[w], 0 outside m.
func word(m []uint64, w int) uint64 {
	if w < 0 || w >= len(m) {
		return 0
	}
	return m[w]
}

// runsFrom returns the first i' >= i where n set bits of m begin, or end;
// bits of m before i are not counted. n is minRunDigits (9) or
// minBase64Run (24).
func runsFrom(m []uint64, i, end, n int) int {
	w := i / 64
	if w*64 >= end {
		return end
	}
	lo := m[w] >> (i % 64) << (i % 64) // bits before i not counted
	starts := runStarts24
	if n == minRunDigits {
		starts = runStarts9
	}
	for {
		if lo != 0 {
			if x := starts(lo, word(m, w+1)); x != 0 {
				return min(w*64+bits.TrailingZeros64(x), end)
			}
		}
		if w++; w*64 >= end {
			return end
		}
		lo = m[w]
	}
}

// shr shifts the 128-bit value hi:lo right by k (0 < k < 64).
func shr(lo, hi uint64, k uint) (uint64, uint64) { return lo>>k | hi<<(64-k), hi >> k }

// runStarts9 marks the bits of lo where 9 set bits begin, reading on into
// hi, the next word.
func runStarts9(lo, hi uint64) uint64 {
	a, ah := shr(lo, hi, 1)
	a, ah = a&lo, ah&hi // 2 set bits begin
	b, bh := shr(a, ah, 2)
	b, bh = b&a, bh&ah // 4
	c, _ := shr(b, bh, 4)
	c &= b // 8
	d, _ := shr(lo, hi, 8)
	return c & d // 8 and the 9th
}

// runStarts24 marks the bits of lo where 24 set bits begin, reading on
// into hi, the next word.
func runStarts24(lo, hi uint64) uint64 {
	a, ah := shr(lo, hi, 1)
	a, ah = a&lo, ah&hi // 2 set bits begin
	b, bh := shr(a, ah, 2)
	b, bh = b&a, bh&ah // 4
	c, ch := shr(b, bh, 4)
	c, ch = c&b, ch&bh // 8
	d, _ := shr(c, ch, 8)
	d &= c // 16
	e, _ := shr(c, ch, 16)
	return d & e // 16, then 8 more
}

package inspect

import (
	"math/bits"
	"strings"

	"github.com/chatdlp/chatdlp/rules"
)

// textFacts are what one pass over a text learns: which normalisation
// stages may apply (flags), the digit runs the checksum validators need,
// and where the IBAN and NINO shapes start. The pass classifies the bytes
// into bitmaps (classify, vectorised) and then visits only the runs of
// digits, so ordinary chat costs little more than a memory scan.
type textFacts struct {
	flags  uint8
	runs   []digitRunSpan
	shapes [2][]int
	// slashes are where the numbers of groups of digits joined by a slash
	// begin ("575913/4150", "925104 / 4715") that hold minRunDigits
	// digits, their digits before the slash fewer (then runs has them):
	// the typo pass looks for a keyword before them.
	slashes []int
	// groupSlashes are the slashes with a digit either side (a space
	// between allowed) and another slash close after: where regroupRuns
	// looks for a number written with slashes between its groups.
	groupSlashes []int
	// labels are the ':' and '=' that may end a label naming a value
	// (labelEnds), for the typo pass. They and each run's regroup are
	// read here, while the text and its planes are in cache.
	labels []int
	bits   classBits // of the text, for base64Segments

	// b64Runs are the runs of at least minBase64Run base64 characters,
	// found on first use (base64Runs): both the base64 stage and the
	// class-run gates of long tokens read them.
	b64Runs  []span
	b64Found bool
}

// reset empties f, keeping its slices' storage.
func (f *textFacts) reset() {
	f.flags = 0
	f.runs = f.runs[:0]
	f.shapes[0], f.shapes[1] = f.shapes[0][:0], f.shapes[1][:0]
	f.slashes = f.slashes[:0]
	f.groupSlashes = f.groupSlashes[:0]
	f.labels = f.labels[:0]
	f.b64Runs, f.b64Found = f.b64Runs[:0], false
}

// base64Runs returns the runs of at least minBase64Run base64 characters
// of the text of f, n bytes long.
func (f *textFacts) base64Runs(n int) []span {
	if f.b64Found {
		return f.b64Runs
	}
	m := f.bits.b64
	for i := runsFrom(m, 0, n, minBase64Run); i < n; i = runsFrom(m, i, n, minBase64Run) {
		j := nextClear(m, i, n)
		f.b64Runs = append(f.b64Runs, span{i, j})
		i = j
	}
	f.b64Found = true
	return f.b64Runs
}

// SWAR constants: a byte value repeated in every byte of a word.
const (
	ones uint64 = 0x0101010101010101
	hi   uint64 = 0x8080808080808080
)

// load64 reads s[i:i+8] little-endian (one unaligned load).
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// scanText computes the facts of s into f (reset first).
func scanText(s string, f *textFacts) {
	f.reset()
	f.flags = classify(s, &f.bits)
	b := &f.bits
	// A recorded run holds minRunDigits digits, so it is at least that
	// long: only runs of the run class that long are visited.
	for i := runsFrom(b.run, 0, len(s), minRunDigits); i < len(s); i = runsFrom(b.run, i, len(s), minRunDigits) {
		end := nextClear(b.run, i, len(s))
		if n := popRange(b.digit, i, end); n >= minRunDigits {
			r := digitRunSpan{start: i, end: end, digits: n}
			r.regroup = mayRegroup(s, r)
			f.runs = append(f.runs, r)
		}
		i = end
	}
	// The planes over the digit plane's words, for the bounds checks.
	b64, letter, run := b.b64[:len(b.digit)], b.letter[:len(b.digit)], b.run[:len(b.digit)]
	for w, d := range b.digit {
		if d == 0 {
			continue
		}
		for c := shapeCandidates(b, w); c != 0; c &= c - 1 {
			j := w*64 + bits.TrailingZeros64(c)
			if p1 := prevNonSpace(s, j); p1 >= 0 && isLetter(s[p1]) {
				if p0 := prevNonSpace(s, p1); p0 >= 0 && isLetter(s[p0]) {
					f.shapesAt(s, p0, p1, j)
				}
			}
		}
		// '+', '/' and '_': the bytes of the base64 alphabets that are
		// neither letters nor of a digit run.
		if x := b64[w] &^ (letter[w] | run[w]); x != 0 {
			f.slashesIn(s, b, w, x)
		}
	}
	f.labels = labelEnds(s, f, f.labels)
}

// slashesIn records the numbers joined by the slashes among x, the bytes
// '+', '/' and '_' of word w of the planes, that come after a digit or a
// space.
//
//go:noinline
func (f *textFacts) slashesIn(s string, b *classBits, w int, x uint64) {
	x &= b.digit[w]<<1 | word(b.digit, w-1)>>63 | b.space[w]<<1 | word(b.space, w-1)>>63
	for ; x != 0; x &= x - 1 {
		if j := w*64 + bits.TrailingZeros64(x); j < len(s) && s[j] == '/' {
			f.slashAt(s, j)
			if digitNear(s, j-1, -1) && digitNear(s, j+1, 1) && strings.Contains(s[j+1:min(len(s), j+regroupMaxGroup+4)], "/") {
				f.groupSlashes = append(f.groupSlashes, j)
			}
		}
	}
}

// slashAt records in slashes the start of the number joined by the slash
// at s[j] if it holds minRunDigits digits or more, fewer of them before
// the slash, and does not go on from a word (a code, as in typoTriggers).
func (f *textFacts) slashAt(s string, j int) {
	i := j
	if i > 0 && s[i-1] == ' ' {
		i--
	}
	start, n := i, 0
	for start > 0 && isRunByte(s[start-1]) {
		if start--; isDigit(s[start]) {
			n++
		}
	}
	for start < i && !isDigit(s[start]) {
		start++
	}
	if n == 0 || n >= minRunDigits || start > 0 && (isLetter(s[start-1]) || start > 1 && s[start-1] == '-' && isLetter(s[start-2])) {
		return
	}
	k := j + 1
	if k < len(s) && s[k] == ' ' {
		k++
	}
	for ; k < len(s) && isRunByte(s[k]) && n < minRunDigits; k++ {
		if isDigit(s[k]) {
			n++
		}
	}
	if n >= minRunDigits {
		f.slashes = append(f.slashes, start)
	}
}

// isRunByte reports whether c is of what a digit run is made of: [0-9 .-].
func isRunByte(c byte) bool { return isDigit(c) || c == ' ' || c == '.' || c == '-' }

// shapeCandidates marks, in word w, the digits where an IBAN or NINO shape
// may go on: after a letter or whitespace, and before a digit or
// whitespace. The shapes need two letters before (whitespace skipped) and
// another digit after, which shapesAt checks.
func shapeCandidates(b *classBits, w int) uint64 {
	d := b.digit[w]
	// Bit j of the shifts up is bit j-1 of the plane; of those down, bit j+1.
	before := b.letter[w]<<1 | word(b.letter, w-1)>>63 | b.space[w]<<1 | word(b.space, w-1)>>63
	after := b.digit[w]>>1 | word(b.digit, w+1)<<63 | b.space[w]>>1 | word(b.space, w+1)<<63
	return d & before & after
}

// shapesAt records the IBAN and NINO shapes opening with the letters at
// p0 and p1, and continuing with the digit at s[j]: whitespace skipped,
// one more digit and 11 alphanumerics (IBAN), or five more digits and A-D
// (NINO). The letters must be what the iban and nino validators accept
// there: a country with IBANs ("to 300 messages" is no shape), a prefix
// that NINOs are issued with.
func (f *textFacts) shapesAt(s string, p0, p1, j int) {
	pre := shapePrefix[s[p0]&31][s[p1]&31]
	if pre == 0 {
		return
	}
	iban, nino := pre&1 != 0, pre&2 != 0
	// c holds the next 13 bytes but whitespace; reading stops after the
	// first that breaks both shapes, so when 13 were read, the first 12
	// are letters or digits.
	var c [13]byte
	n := 0
	for k := j; k < len(s) && n < len(c); k++ {
		b := s[k]
		kind := byteKind[b]
		if kind == kindSpace {
			continue
		}
		c[n] = b
		n++
		if kind == kindOther || (n == 2 && kind != kindDigit) {
			break // breaks both shapes
		}
	}
	if n < 2 || !isDigit(c[1]) {
		return
	}
	if iban && n == len(c) && byteKind[c[12]] != kindOther {
		f.shapes[shapeIBAN] = append(f.shapes[shapeIBAN], p0)
	}
	if nino && n >= 7 && isAtoD(c[6]) && isDigit(c[2]) && isDigit(c[3]) && isDigit(c[4]) && isDigit(c[5]) {
		f.shapes[shapeNINO] = append(f.shapes[shapeNINO], p0)
	}
}

// shapePrefix is, for two ASCII letters (either case, by their low five
// bits: A and a are 1), 1 if they are an IBAN country and 2 if they may
// open a NINO.
var shapePrefix = func() (t [32][32]uint8) {
	for a := byte('A'); a <= 'Z'; a++ {
		for b := byte('A'); b <= 'Z'; b++ {
			if rules.IBANCountry(a, b) {
				t[a&31][b&31] |= 1
			}
			if rules.NINOPrefix(a, b) {
				t[a&31][b&31] |= 2
			}
		}
	}
	return t
}()

// Kinds of byte for shapesAt.
const (
	kindOther = iota
	kindSpace // isSpace
	kindDigit
	kindLetter // ASCII
)

var byteKind = func() (t [256]uint8) {
	for c := range 256 {
		switch b := byte(c); {
		case isSpace(b):
			t[c] = kindSpace
		case isDigit(b):
			t[c] = kindDigit
		case isLetter(b):
			t[c] = kindLetter
		}
	}
	return t
}()

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

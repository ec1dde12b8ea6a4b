package inspect

import (
	"strings"

	"github.com/chatdlp/chatdlp/rules"
)

// Reference implementations of the facts scanText computes, one simple
// loop each, for FuzzScanText to compare against.

func refScanFlags(s string) uint8 {
	var f uint8
	for i := 0; i < len(s); i++ {
		f |= byteFlags[s[i]]
	}
	return f
}

func refDigitRuns(s string) []digitRunSpan {
	var runs []digitRunSpan
	for i := 0; i < len(s); {
		for i < len(s) && runClass[s[i]] == rcOther {
			i++
		}
		start, digits := i, 0
		for ; i < len(s); i++ {
			c := runClass[s[i]]
			if c == rcOther {
				break
			}
			if c == rcDigit {
				digits++
			}
		}
		if digits >= minRunDigits {
			r := digitRunSpan{start: start, end: i, digits: digits}
			r.regroup = mayRegroup(s, r)
			runs = append(runs, r)
		}
	}
	return runs
}

// refShapes finds the shapes in the text with ASCII whitespace removed and
// returns the original offset of each occurrence's first character; the
// letters must be an IBAN country or a NINO prefix.
func refShapes(s string) (out [2][]int) {
	var prev [2]int
	letters := 0
	for i := 0; i < len(s); i++ {
		switch {
		case isSpace(s[i]):
		case isLetter(s[i]):
			prev[0], prev[1] = prev[1], i
			letters++
		case isDigit(s[i]):
			if letters >= 2 {
				prefix := [2]bool{rules.IBANCountry(s[prev[0]], s[prev[1]]), rules.NINOPrefix(s[prev[0]], s[prev[1]])}
				for k, sh := range shapes {
					if prefix[k] && shapeFrom(s, prev[0], sh) {
						out[k] = append(out[k], prev[0])
					}
				}
			}
			letters = 0
		default:
			letters = 0
		}
	}
	return out
}

// Shapes the iban and nino validators need once whitespace is removed (as
// they remove it): two letters, two digits and 11 more letters or digits;
// two letters, six digits and a letter A-D.
var (
	ibanShape = []shapeStep{{isLetter, 2}, {isDigit, 2}, {isAlnum, 11}}
	ninoShape = []shapeStep{{isLetter, 2}, {isDigit, 6}, {isAtoD, 1}}
	shapes    = [2][]shapeStep{ibanShape, ninoShape}
)

// shapeStep is n characters of one class.
type shapeStep struct {
	ok func(byte) bool
	n  int
}

// shapeFrom checks the shape from s[p], skipping whitespace.
func shapeFrom(s string, p int, shape []shapeStep) bool {
	for _, st := range shape {
		for range st.n {
			for p < len(s) && isSpace(s[p]) {
				p++
			}
			if p >= len(s) || !st.ok(s[p]) {
				return false
			}
			p++
		}
	}
	return true
}

// refBase64Segments finds the runs of base64 characters one byte at a
// time.
func refBase64Segments(s string) []b64Segment {
	var segs []b64Segment
	for i := 0; i < len(s); {
		if !b64Char[s[i]] {
			i++
			continue
		}
		j := i
		for j < len(s) && b64Char[s[j]] {
			j++
		}
		if j-i < minBase64Run {
			i = j
			continue
		}
		seg, ok := segmentAt(s, i, j)
		if ok {
			segs = append(segs, seg)
		}
		i = seg.end
	}
	return segs
}

// segmentsOf is base64Segments of s on its own bitmaps.
func segmentsOf(s string) []b64Segment {
	var f textFacts
	scanText(s, &f)
	return base64Segments(s, &f)
}

// refSlashes finds, one slash at a time, the numbers scanText records in
// slashes: a '/' after a digit or whitespace, the run of [0-9 .-] before
// it with a digit and fewer than minRunDigits, not going on from a word,
// and with the run after it (one space skipped) minRunDigits digits in
// all; where the first digit before it is.
func refSlashes(s string) []int {
	var out []int
	isRun := func(c byte) bool { return strings.IndexByte("0123456789 .-", c) >= 0 }
	for j := 1; j < len(s); j++ {
		if s[j] != '/' || !isDigit(s[j-1]) && !isSpace(s[j-1]) {
			continue
		}
		a := j
		for a > 0 && isRun(s[a-1]) {
			a--
		}
		left := strings.Count(strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return 'd'
			}
			return -1
		}, s[a:j]), "d")
		if left == 0 || left >= minRunDigits {
			continue
		}
		start := a + strings.IndexAny(s[a:j], "0123456789")
		if start > 0 && (isLetter(s[start-1]) || start > 1 && s[start-1] == '-' && isLetter(s[start-2])) {
			continue
		}
		b := j + 1
		if b < len(s) && s[b] == ' ' {
			b++
		}
		right := 0
		for ; b < len(s) && isRun(s[b]); b++ {
			if isDigit(s[b]) {
				right++
			}
		}
		if left+right >= minRunDigits {
			out = append(out, start)
		}
	}
	return out
}

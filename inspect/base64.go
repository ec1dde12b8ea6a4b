package inspect

import (
	"encoding/base64"
	"unicode/utf8"
)

// minBase64Run is the shortest run of base64 characters that is decoded.
const minBase64Run = 24

// b64Segment is the decoded text of one base64 run found at [start,end) of
// the normalised text.
type b64Segment struct {
	text       string
	start, end int
}

// base64Segments decodes each run of at least minBase64Run base64
// characters (standard or URL alphabet, padding optional) whose decoding is
// printable UTF-8 text. One level only: the decoded text is not searched
// for base64 again.
func base64Segments(s string) []b64Segment { return base64Runs(s, skipNoRun) }

// base64Runs is base64Segments with skip, which returns a position at or
// after i before which no run can begin (skipNoRun, or for tests none).
func base64Runs(s string, skip func(s string, i int) int) []b64Segment {
	var segs []b64Segment
	for i := 0; ; {
		if i = skip(s, i); i+minBase64Run > len(s) {
			break
		}
		// A run of minBase64Run starting at i covers s[p]: look there
		// first, then back, and skip whole windows of ordinary words.
		p := i + minBase64Run - 1
		if !b64Char[s[p]] {
			i = p + 1
			continue
		}
		k := p - 1
		for k >= i && b64Char[s[k]] {
			k--
		}
		if k >= i {
			i = k + 1
			continue
		}
		j := p + 1
		for j < len(s) && b64Char[s[j]] {
			j++
		}
		end := j
		for end < len(s) && end-j < 2 && s[end] == '=' {
			end++
		}
		if dec, ok := decodeBase64(s[i:j]); ok {
			segs = append(segs, b64Segment{text: dec, start: i, end: end})
		}
		i = end
	}
	return segs
}

var b64Char = func() (t [256]bool) {
	for _, c := range "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_" {
		t[c] = true
	}
	return t
}()

// decodeBase64 decodes an unpadded run and keeps it only if it reads as text.
func decodeBase64(run string) (string, bool) {
	if len(run)%4 == 1 {
		run = run[:len(run)-1]
	}
	enc := base64.RawStdEncoding
	for i := 0; i < len(run); i++ {
		if run[i] == '-' || run[i] == '_' {
			enc = base64.RawURLEncoding
			break
		}
	}
	dec, err := enc.DecodeString(run)
	if err != nil || !printable(dec) {
		return "", false
	}
	return string(dec), true
}

// printable reports valid UTF-8 with no control characters but whitespace.
func printable(b []byte) bool {
	if !utf8.Valid(b) {
		return false
	}
	for _, c := range b {
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f {
			return false
		}
	}
	return true
}

// skipNoRun returns a position at or after i before which no run of
// minBase64Run base64 characters starting at or after i can begin, or
// len(s). Such a run covers two whole aligned 8-byte words, so words are
// read whole and pairs holding a byte no base64 run has are passed over.
func skipNoRun(s string, i int) int {
	for w := (i + 7) &^ 7; w+16 <= len(s); {
		switch {
		case notBase64(load64(s, w+8)):
			w += 16 // neither pair holding word w+8 qualifies
		case notBase64(load64(s, w)):
			w += 8
		default:
			return max(i, w-7)
		}
	}
	return len(s)
}

// notBase64 reports a byte in x that is in no base64 run: non-ASCII, below
// '+' (space, controls, punctuation), '.', ',' or ':'. Other such bytes
// pass; the exact scan rules them out.
func notBase64(x uint64) bool {
	below := ^((x & lo7) + ones*(0x80-'+')) &^ x & hi
	return x&hi != 0 || below != 0 || hasByte(x, '.') || hasByte(x, ',') || hasByte(x, ':')
}

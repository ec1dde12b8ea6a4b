package inspect

import (
	"encoding/base64"
	"unicode/utf8"
	"unsafe"
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
// for base64 again. f holds the facts of s (scanText).
func base64Segments(s string, f *textFacts) []b64Segment {
	var segs []b64Segment
	for _, r := range f.base64Runs(len(s)) {
		if seg, ok := segmentAt(s, r.start, r.end); ok {
			segs = append(segs, seg)
		}
	}
	return segs
}

// segmentAt decodes the base64 run s[i:j]: the segment it makes, with the
// '=' padding after it, and whether it reads as text (its end is set
// either way).
func segmentAt(s string, i, j int) (b64Segment, bool) {
	end := j
	for end < len(s) && end-j < 2 && s[end] == '=' {
		end++
	}
	dec, ok := decodeBase64(s[i:j])
	return b64Segment{text: dec, start: i, end: end}, ok
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
	// Most runs decode to binary, not text: decode into a buffer on the
	// stack and copy out only what reads as text. Decode reads src alone.
	var buf [512]byte
	dst := buf[:]
	if n := enc.DecodedLen(len(run)); n > len(buf) {
		dst = make([]byte, n)
	}
	src := unsafe.Slice(unsafe.StringData(run), len(run)) //nolint:gosec // read only, as the string's bytes
	n, err := enc.Decode(dst, src)
	if err != nil || !printable(dst[:n]) {
		return "", false
	}
	return string(dst[:n]), true
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

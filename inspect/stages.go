package inspect

import (
	"html"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// hasIRCControl reports whether s holds an IRC formatting code.
func hasIRCControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if ircCode(s[i]) {
			return true
		}
	}
	return false
}

func ircCode(c byte) bool {
	switch c {
	case 0x02, 0x03, 0x04, 0x0f, 0x11, 0x16, 0x1d, 0x1e, 0x1f:
		return true
	}
	return false
}

// stripIRC drops IRC formatting: bold, italic, underline, reverse, reset,
// monospace, strikethrough, \x03 colours (up to 2 digits, optionally a comma
// and up to 2 more) and \x04 hex colours (6 hex digits, optionally ,6 more).
func stripIRC(in string, b *mapBuilder) {
	last := 0
	for i := 0; i < len(in); {
		c := in[i]
		if !ircCode(c) {
			i++
			continue
		}
		b.copy(in, last, i)
		switch c {
		case 0x03:
			i = skipColour(in, i+1, isDigit, 1, 2)
		case 0x04:
			i = skipColour(in, i+1, isHex, 6, 6)
		default:
			i++
		}
		last = i
	}
	b.copy(in, last, len(in))
}

// skipColour skips "fg[,bg]" where each part is min..max bytes of class ok.
func skipColour(in string, i int, ok func(byte) bool, lo, hi int) int {
	n := runOf(in, i, ok, hi)
	if n < lo {
		return i
	}
	i += n
	if i < len(in) && in[i] == ',' {
		if m := runOf(in, i+1, ok, hi); m >= lo {
			i += 1 + m
		}
	}
	return i
}

// runOf counts up to hi bytes of class ok from in[i].
func runOf(in string, i int, ok func(byte) bool, hi int) int {
	n := 0
	for i+n < len(in) && n < hi && ok(in[i+n]) {
		n++
	}
	return n
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isHex(c byte) bool { return isDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'f') }

// hasPercentEscape reports a %XX escape.
func hasPercentEscape(s string) bool {
	for i := strings.IndexByte(s, '%'); i >= 0 && i+2 < len(s); {
		if isHex(s[i+1]) && isHex(s[i+2]) {
			return true
		}
		j := strings.IndexByte(s[i+1:], '%')
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

// needsFold reports a non-ASCII island that NFKC would change or that holds
// an invisible character. high is the non-ASCII plane of s (classBits), or
// nil.
func needsFold(s string, high []uint64) bool {
	next := func(i int) int {
		if high != nil {
			return nextSet(high, i, len(s))
		}
		return nextHigh(s, i)
	}
	for i := next(0); i < len(s); i = next(i) {
		from := max(i-1, 0)
		to := i
		for to < len(s) && s[to] >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[to:])
			if invisible(r) || r == dottedCapitalI || r == keycap {
				return true
			}
			to += n
		}
		if norm.NFKC.QuickSpanString(s[from:min(to+1, len(s))]) != min(to+1, len(s))-from {
			return true
		}
		i = to
	}
	return false
}

// decodePercent decodes %XX escapes; each decoded byte maps to its escape.
func decodePercent(in string, b *mapBuilder) {
	last := 0
	for i := 0; i < len(in); {
		if in[i] == '+' && i > 0 && i+1 < len(in) && isDigit(in[i-1]) && isDigit(in[i+1]) {
			// A form-encoded space between digits (card=4012+8888+…).
			b.copy(in, last, i)
			b.emit(" ", i, i+1)
			i++
			last = i
			continue
		}
		if !isEscape(in, i) {
			i++
			continue
		}
		// A run of escapes is decoded when it reads as UTF-8: %E2%82%AC is
		// €, but %Ea in smbclient -U user%EajH… is a password's bytes.
		var dec [64]byte
		n, j := 0, i
		for ; n < len(dec) && isEscape(in, j); j += 3 {
			dec[n] = unhex(in[j+1])<<4 | unhex(in[j+2])
			n++
		}
		if !utf8.Valid(dec[:n]) {
			i = j
			continue
		}
		b.copy(in, last, i)
		for k := range n {
			b.emitBytes(dec[k:k+1], i+3*k, i+3*k+3)
		}
		i = j
		last = i
	}
	b.copy(in, last, len(in))
}

// isEscape reports whether in[i:] starts with a percent-escape, %XX.
func isEscape(in string, i int) bool {
	return i+2 < len(in) && in[i] == '%' && isHex(in[i+1]) && isHex(in[i+2])
}

func unhex(c byte) byte {
	if isDigit(c) {
		return c - '0'
	}
	return c | 0x20 - 'a' + 10
}

// foldUnicode applies NFKC (full-width digits and letters, ligatures,
// no-break spaces) and removes zero-width and bidi control characters.
// Only non-ASCII islands go through the normaliser: a boundary between two
// ASCII bytes is always a normalisation boundary.
func foldUnicode(in string, b *mapBuilder) {
	last := 0
	for i := 0; i < len(in); {
		if in[i] < utf8.RuneSelf {
			i++
			continue
		}
		from := i
		if from > last {
			from-- // the ASCII byte before may compose with what follows
		}
		to := i
		for to < len(in) && in[to] >= utf8.RuneSelf {
			to++
		}
		b.copy(in, last, from)
		foldKeycaps(in, from, to, b)
		last, i = to, to
	}
	b.copy(in, last, len(in))
}

// keycap is the combining enclosing keycap that, after a digit, "#" or "*"
// and an emoji variation selector, makes an emoji of it: "4️⃣" is
// "4\uFE0F\u20E3".
const (
	keycap     = 0x20e3
	keycapSeq  = "\u20e3"
	emojiStyle = "\ufe0f"
)

// foldKeycaps folds in[from:to] as foldIsland does and reads a keycap emoji
// as its character: "4️⃣8️⃣0️⃣6️⃣" is 4806, each digit mapped to its whole
// emoji so that a redaction covers it.
func foldKeycaps(in string, from, to int, b *mapBuilder) {
	for {
		k := strings.Index(in[from:to], keycapSeq)
		if k < 0 {
			foldIsland(in, from, to, b)
			return
		}
		p, q := from+k, from+k+len(keycapSeq)
		if strings.HasSuffix(in[from:p], emojiStyle) {
			p -= len(emojiStyle)
		}
		if p > from && (isDigit(in[p-1]) || in[p-1] == '#' || in[p-1] == '*') {
			foldIsland(in, from, p-1, b)
			b.emitBytes([]byte{in[p-1]}, p-1, q)
		} else {
			foldIsland(in, from, p, b)
		}
		from = q
	}
}

// foldIsland normalises in[from:to], segment by segment. A long
// decomposition can come out in several pieces before the input position
// moves: pieces are held until it does, so every byte maps to a non-empty
// input range.
func foldIsland(in string, from, to int, b *mapBuilder) {
	var it norm.Iter
	it.InitString(norm.NFKC, in[from:to])
	pending, at := b.pending[:0], 0
	for !it.Done() {
		seg := it.Next()
		for len(seg) > 0 {
			r, n := utf8.DecodeRune(seg)
			switch {
			case r == dottedCapitalI:
				pending = append(pending, 'I')
			case !invisible(r):
				pending = append(pending, seg[:n]...)
			}
			seg = seg[n:]
		}
		if q := it.Pos(); q > at {
			b.emitBytes(pending, from+at, from+q)
			pending, at = pending[:0], q
		}
	}
	b.emitBytes(pending, from+at, to)
	b.pending = pending
}

// dottedCapitalI (İ) lowercases to ASCII 'i' for regexp2's (?i), which ASCII
// keyword matching and Go's case folding do not see: it is folded to 'I'.
const dottedCapitalI = 0x130

// invisible reports zero-width and bidi control characters.
func invisible(r rune) bool {
	switch {
	case r >= 0x200b && r <= 0x200f, r == 0x2060, r == 0xfeff, r == 0x00ad,
		r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// entity decodes an HTML character reference at in[i] ('&'), returning the
// decoded text and the reference's length, or 0 if there is none.
func entity(in string, i int) (string, int) {
	j := i + 1
	for j < len(in) && j-i <= 32 && (isAlnum(in[j]) || in[j] == '#') {
		j++
	}
	if j >= len(in) || in[j] != ';' || j == i+1 {
		return "", 0
	}
	ref := in[i : j+1]
	dec := html.UnescapeString(ref)
	if dec == ref {
		return "", 0
	}
	return dec, len(ref)
}

func isAlnum(c byte) bool { return isDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'z') }

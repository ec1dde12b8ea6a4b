package inspect

import "strings"

// Markdown and Slack formatting split a value as HTML tags do: *4012*
// *8888*, 4012`8888`8888`1881, AKIA~IOSF~ODNN…, 4012_8888. The markdown
// stage removes the markers (* _ ~ `) that sit between two digits, between
// two letters or digits when another of the same marker is in the word
// (not _, which joins snake_case words; a lone * in a word is the value's
// own character, as in OucO*NZvHLZg), or at the
// edge of a group of digits alone, so the value reads whole again. Markers around
// words (**Note:**, _see below_) stay, and so do a ~ or _ inside a token
// shaped like an Azure AD client secret (abc8Q~…), whose alphabet holds them.

// maxMarkRun is the longest run of markers removed (``` opens a code block).
const maxMarkRun = 3

func isMark(c byte) bool { return c == '*' || c == '_' || c == '~' || c == '`' }

func isAlnumByte(c byte) bool { return isDigit(c) || isLetter(c) }

// markRun returns the run of markers around s[i] (a marker).
func markRun(s string, i int) (int, int) {
	a, b := i, i+1
	for a > 0 && isMark(s[a-1]) {
		a--
	}
	for b < len(s) && isMark(s[b]) {
		b++
	}
	return a, b
}

// removableMarks reports whether the markers s[a:b] split a value.
func removableMarks(s string, a, b int) bool {
	if b-a > maxMarkRun {
		return false
	}
	var prev, next byte = ' ', ' '
	if a > 0 {
		prev = s[a-1]
	}
	if b < len(s) {
		next = s[b]
	}
	// _ also joins words and base64url tokens (snake_case, AIza…0_7f):
	// next to it, a digit counts only in a token of digits alone.
	under := strings.IndexByte(s[a:b], '_') >= 0
	before := isDigit(prev) && (!under || digitToken(s, a-1, -1))
	after := isDigit(next) && (!under || digitToken(s, b, 1))
	var split bool
	switch {
	case before && after:
		split = true
	case isAlnumByte(prev) && isAlnumByte(next):
		// Formatting comes in pairs: a lone * or ~ between letters
		// (Hello*World4, OucO*NZvHLZg), the only one of its word, is a
		// character of the value.
		split = !under && (isDigit(prev) && isDigit(next) || pairedMark(s, a, b))
	// At a group's edge, only a group of digits alone: the * ending
	// Sonne2025* is the password's own.
	case before:
		split = edgeByte(next) && digitToken(s, a-1, -1)
	case after:
		split = edgeByte(prev) && digitToken(s, b, 1)
	}
	return split && !inClientSecret(s, a, b)
}

// pairedMark reports whether the word (between whitespace) of the marker
// run s[a:b] holds another marker of * ~ `: AKIA`Z2B`TQ, ghp_…4*unB…E*sx,
// AKIA`UJZD`EGXD~NCF3.
func pairedMark(s string, a, b int) bool {
	other := func(c byte) bool { return c == '*' || c == '~' || c == '`' }
	for i := a - 1; i >= 0 && !isSpace(s[i]); i-- {
		if other(s[i]) {
			return true
		}
	}
	for i := b; i < len(s) && !isSpace(s[i]); i++ {
		if other(s[i]) {
			return true
		}
	}
	return false
}

// secretByte is a character of an Azure AD client secret (the URL
// unreserved set).
func secretByte(c byte) bool {
	return isAlnumByte(c) || c == '_' || c == '~' || c == '.' || c == '-'
}

// inClientSecret reports whether the markers s[a:b] are characters of a
// token shaped like an Azure AD client secret, as the azure-client-secret
// rule reads one: 3 characters, 8Q~ and 34 more (or 7Q~ and 31), a full
// stop after it allowed. Such a token keeps its ~ and _; whatever it
// hides is then the rule's finding, so no evasion gets through.
func inClientSecret(s string, a, b int) bool {
	for i := a; i < b; i++ {
		if !secretByte(s[i]) {
			return false
		}
	}
	st, en := a, b
	for st > 0 && secretByte(s[st-1]) {
		st--
	}
	for en < len(s) && secretByte(s[en]) {
		en++
	}
	shaped := func(n int) bool {
		return (n == 40 && s[st+3] == '8' || n == 37 && s[st+3] == '7') && s[st+4] == 'Q' && s[st+5] == '~'
	}
	return shaped(en-st) || s[en-1] == '.' && shaped(en-st-1)
}

// digitToken reports whether the run of letters and digits through s[i],
// read from i in direction dir (-1 or 1), holds digits only.
func digitToken(s string, i, dir int) bool {
	for ; i >= 0 && i < len(s) && isAlnumByte(s[i]); i += dir {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// edgeByte is what may stand outside emphasis around a group of digits.
func edgeByte(c byte) bool {
	return isSpace(c) || strings.IndexByte(".,;:!?()[]-/", c) >= 0
}

// hasMarkdownSplit reports a marker the markdown stage would remove. Each
// marker is looked for with a byte search (most text has none of them),
// and only its occurrences are judged.
func hasMarkdownSplit(s string) bool {
	for _, m := range [...]byte{'*', '`', '~', '_'} {
		for i := strings.IndexByte(s, m); i >= 0; {
			a, e := markRun(s, i)
			if removableMarks(s, a, e) {
				return true
			}
			j := strings.IndexByte(s[e:], m)
			if j < 0 {
				break
			}
			i = e + j
		}
	}
	return false
}

// joinMarkdown removes the markers that split a value (see removableMarks).
func joinMarkdown(in string, b *mapBuilder) {
	last := 0
	for i := 0; i < len(in); {
		if !isMark(in[i]) {
			i++
			continue
		}
		a, e := markRun(in, i)
		if removableMarks(in, a, e) {
			b.copy(in, last, a)
			last = e
		}
		i = e
	}
	b.copy(in, last, len(in))
}

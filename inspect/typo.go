package inspect

import (
	"context"
	"math/bits"
	"strings"
	"unicode/utf8"

	"github.com/chatdlp/chatdlp/rules"
)

// Keywords typed with a slip. A keyword mistyped ("scoial insurance
// number", "burgerservcienummer", "passwodr") no longer gates the rule
// that needs it, nor matches where the rule's pattern spells it, and the
// value it names is missed. A word of the message one slip of the hand
// (typoEdit) away from a word of the rules' keywords (typoVocab), and no
// such word itself, is read as the word meant: the text around it is
// inspected once more with that word in its place, by the rules that
// have it and could then match, and what they find and was not found
// already is added, at offsets of the original (a finding over the word
// meant covers the word as typed). The message itself is not changed:
// every rule, the admin's included, still sees it as sent.
//
// Slips are looked for where a keyword could name a value, which keeps
// the pass to a few words of most messages: the words in the typoBefore
// characters before a number of nine digits or more (those scanText
// records: runs, and groups joined by a slash, 575913/4150), unless the
// number goes on from a word (1Z999AA10123456784, INV-2024-00917: a code,
// which no keyword names); the words in the typoBefore characters before
// a ':' or '=' that may end a label (labelEnds: "Kennwotr für den Router
// :", "PASWORD="; the classify kernel marks them, so a message without
// one costs nothing); and a word holding a keyword or literal of
// four letters or more that is part of a longer keyword word ("pass" in
// passwodr). Before a number, a word of four letters is read too, as a
// word of five with a letter inside dropped ("pesl", "rdné"), by the
// rules that check the number with a validator (typoRules). A slip of a
// keyword that names a password with no keyword letters left ("psase")
// before "is" or "es" and no number after it is not looked for: that
// would take reading the words before every "is" of every message.
// Each word is passed over after a few bit tests of a filter built with
// the engine; one read as a slip is inspected again only if one of its
// rules has the rest of the keyword around it ("scoial" only before
// "insurance number"), passes its gates on the message, and, if its
// keywords must be near a value with digits, has a digit that near.

// typoFix is a word of the normalised text, [start,end), read as a slip
// of keyword word word.
type typoFix struct {
	start, end int
	word       int32
}

const (
	// typoBefore is how far before a number (in characters) a keyword
	// naming it is looked for: "my medicae card no is 4984…" needs 21, the
	// pack's proximities allow 30 to 60.
	typoBefore = 32
	// typoReach is how far either side of a slip (in characters) the text
	// is inspected again: keywords lie up to a rule's proximity from a
	// value, and a password follows its keyword after some words
	// ("passowrd for jenkins is now …").
	typoReach = 200
	// typoEdge is how many bytes at a cut edge of the text inspected
	// again hold no finding: there a number may be cut short, or a
	// lookaround miss what it reads.
	typoEdge = 32
)

// inspectTypos inspects the text around the words read as slips once
// more, each with the word meant in its place, by the rules that have it
// in a keyword and could then match; findings not already made are
// added, at offsets of the original (a finding over a word meant covers
// the word as typed).
func (e *Engine) inspectTypos(ctx context.Context, sc *scoped, n *normText, hits *hitSet, found []Finding) ([]Finding, error) {
	var numsBuf, atBuf [16]int
	nums, at := e.typoTriggers(n, hits, numsBuf[:0], atBuf[:0])
	if len(nums) == 0 && len(at) == 0 {
		return found, nil
	}
	fixes := e.typo.typoSlips(n.s, &n.facts, nums, at, nil)
	if len(fixes) == 0 {
		return found, nil
	}
	f := newFeatures(n.s, &n.facts)
	// A slip of two words (passort: passwort, passport) is read as the
	// first in the windows of the others, and as the second in a window of
	// its own.
	var win *typoWindow
	var again []*typoWindow
	last := -1
	flush := func() error {
		if win == nil {
			return nil
		}
		var err error
		found, err = e.inspectWindow(ctx, sc, n, win, found)
		win = nil
		return err
	}
	for _, fx := range fixes {
		rs := e.typoRules(sc, n.s, &f, fx)
		if rs == nil {
			continue
		}
		a, b := rules.Window(n.s, fx.start, fx.end, typoReach)
		w := e.typo.words[fx.word].text
		switch {
		case fx.start == last:
			t := &typoWindow{start: a, end: b}
			t.add(fx, w, rs, b)
			again = append(again, t)
			continue
		case win != nil && a < win.end:
		default:
			if err := flush(); err != nil {
				return found, err
			}
			win = &typoWindow{start: a, end: b}
		}
		win.add(fx, w, rs, b)
		last = fx.start
	}
	if err := flush(); err != nil {
		return found, err
	}
	for _, t := range again {
		var err error
		if found, err = e.inspectWindow(ctx, sc, n, t, found); err != nil {
			return found, err
		}
	}
	return found, nil
}

// typoTriggers appends to nums the starts of the numbers a keyword may
// name (runs of nine digits or more, but not a code: a number going on
// from a word, directly or by a hyphen; and the numbers joined by a slash
// scanText records) and the ':' and '=' that may end a label naming a
// value (labelEnds), and to at the offsets of the
// keywords and literals found inside a longer word (innerPatterns) that
// is not a longer keyword ("pass" in passwodr, not in password).
func (e *Engine) typoTriggers(n *normText, hits *hitSet, nums, at []int) ([]int, []int) {
	s := n.s
	for _, r := range n.facts.runs {
		d := r.start
		for !isDigit(s[d]) {
			d++
		}
		if d > 0 && (isLetter(s[d-1]) || d > 1 && s[d-1] == '-' && isLetter(s[d-2])) {
			continue
		}
		nums = append(nums, r.start)
	}
	nums = append(nums, n.facts.slashes...)
	nums = append(nums, n.facts.labels...)
	lp := e.typo.letterPats
	for i, h := range hits.at {
		if h.id >= len(lp) || lp[h.id] == 0 {
			continue
		}
		p, q := int(h.start), int(h.start)+int(lp[h.id])
		if (p > 0 && isWordLetter(s[p-1]) || q < len(s) && isWordLetter(s[q])) && !insideHit(hits.at, i, e.pf.pats) {
			at = append(at, p)
		}
	}
	return nums, at
}

// maxLabelEnds is how many ':' and '=' of a message labelEnds takes, and
// maxLabelSeps how many it looks at: a label names its value near the
// start of a chat message, and a paste of code or config, full of them,
// spells its keys as code does.
const (
	maxLabelEnds = 4
	maxLabelSeps = 6
)

// labelEnds appends to nums the first maxLabelEnds ':' and '=' among the
// first maxLabelSeps of s (sep its bits, f the text's facts) that may end
// a label naming a value
// ("Kennwotr für den Router : Gartenzaun!88", "PASWORD=x7Hq…"): not one
// in a URL's scheme (https://) or query (?from=now-6h), in a time or a
// port (10:30, host:5432), or in an operator (==, :=, <=); and only before a value a label names
// that prose does not: a token of five bytes or more, not all letters
// (labelValue). "reminder: the standup", "notes: 1)" are passed over.
func labelEnds(s string, f *textFacts, nums []int) []int {
	n, seen := 0, 0
	digit := f.bits.digit
	for w, x := range f.bits.sep {
		if x == 0 {
			continue
		}
		last := false
		if c := bits.OnesCount64(x); seen+c >= maxLabelSeps {
			for k := seen + c - maxLabelSeps; k > 0; k-- {
				x &^= 1 << (63 - bits.LeadingZeros64(x)) // past the first maxLabelSeps
			}
			last = true
		} else {
			seen += c
		}
		x &^= digit[w]<<1 | word(digit, w-1)>>63 // not after a digit: 10:30, host:5432
		for ; x != 0; x &= x - 1 {
			p := w*64 + bits.TrailingZeros64(x)
			if p == 0 || notLabelEnd[s[p-1]] {
				continue
			}
			i := p + 1
			if i < len(s) {
				switch s[i] {
				case '/', ':', '=':
					continue
				case ' ':
					i++
				}
			}
			if !labelValue(s, f, i) {
				continue
			}
			if isLetter(s[p-1]) {
				// Not a URL's query (?from=now-6h&to=now).
				if a := wordStart(f.bits.letter, f.bits.high, p-1); a > 0 && (s[a-1] == '?' || s[a-1] == '&') {
					continue
				}
			}
			nums = append(nums, p)
			if n++; n == maxLabelEnds {
				return nums
			}
		}
		if last {
			break
		}
	}
	return nums
}

// notLabelEnd are the bytes after which a ':' or '=' is not a label's end:
// digits (a time, a port) and operators.
var notLabelEnd = func() (t [256]bool) {
	for _, c := range []byte(":=<>!+-*/0123456789") {
		t[c] = true
	}
	return t
}()

// labelValue reports whether a token that a label may name begins at i in
// s, after a quote: five bytes or more up to the next space (or 64), not
// all ASCII letters.
func labelValue(s string, f *textFacts, i int) bool {
	if i < len(s) && (s[i] == '"' || s[i] == '\'' || s[i] == '`') {
		i++
	}
	if i+5 > len(s) {
		return false
	}
	// The bytes from i as bits, bit 0 that of i: the token ends at the
	// first space, or at the end of s.
	w, o := i>>6, uint(i&63)
	sp := f.bits.space[w] >> o
	if o > 59 && w+1 < len(f.bits.space) {
		sp |= f.bits.space[w+1] << (64 - o)
	}
	if sp&31 != 0 {
		return false // fewer than five
	}
	lt := f.bits.letter[w] >> o
	if o != 0 && w+1 < len(f.bits.space) {
		sp |= f.bits.space[w+1] << (64 - o)
		lt |= f.bits.letter[w+1] << (64 - o)
	}
	if r := len(s) - i; r < 64 {
		sp |= ^uint64(0) << r
	}
	return ^lt&(1<<bits.TrailingZeros64(sp)-1) != 0
}

// insideNear is how many hits either side of one insideHit compares it
// with: hits are recorded in about the order of the text, so a longer
// pattern over the same letters is recorded close by.
const insideNear = 8

// insideHit reports whether hit i lies inside a longer one near it.
func insideHit(at []hit, i int, pats []string) bool {
	p, q := int(at[i].start), int(at[i].start)+len(pats[at[i].id])
	for _, h := range at[max(0, i-insideNear):min(len(at), i+insideNear+1)] {
		if a, b := int(h.start), int(h.start)+len(pats[h.id]); a <= p && b >= q && b-a > q-p {
			return true
		}
	}
	return false
}

// isWordLetter reports whether c is an ASCII letter or a byte of a
// non-ASCII character.
func isWordLetter(c byte) bool { return isLetter(c) || c >= utf8.RuneSelf }

// typoRules returns the bits (by rule index) of the active rules that
// have fx's word in a keyword and could match with it in place of the
// slip, nil if none. A slip of fewer than typoMinLen letters is read only
// by rules whose every match holds a digit and is checked by a
// validator: the number it names, not the word, tells it from a word of
// its own.
func (e *Engine) typoRules(sc *scoped, s string, f *features, fx typoFix) []uint64 {
	var rs []uint64
	short := utf8.RuneCountInString(s[fx.start:fx.end]) < typoMinLen
	for _, o := range e.typo.words[fx.word].owners {
		r := e.rules[o.rule]
		if sc.mask[r.idx/64]>>(r.idx%64)&1 == 0 || short && (r.validator == "" || !r.needsDigit) ||
			!keywordAround(s, fx, o) || !e.mayMatchNear(r, s, f, fx, o) {
			continue
		}
		if rs == nil {
			rs = make([]uint64, len(sc.mask))
		}
		rs[r.idx/64] |= 1 << (r.idx % 64)
	}
	return rs
}

// keywordAround reports whether the rest of o's keyword is around the
// slip fx in s.
func keywordAround(s string, fx typoFix, o typoOwner) bool {
	return fx.start >= len(o.before) && strings.EqualFold(s[fx.start-len(o.before):fx.start], o.before) &&
		fx.end+len(o.after) <= len(s) && strings.EqualFold(s[fx.end:fx.end+len(o.after)], o.after)
}

// mayMatchNear applies r's gates other than its keywords to the message,
// and, when its keywords must be near a match that holds a digit, looks
// for a digit that near the slip.
func (e *Engine) mayMatchNear(r *engineRule, s string, f *features, fx typoFix, o typoOwner) bool {
	if !r.gate.pass(f) || (r.run != nil && !r.run.passFacts(s, f.facts)) || f.facts.flags&r.needFlags != r.needFlags {
		return false
	}
	for _, c := range r.needBytes {
		if strings.IndexByte(s, c) < 0 {
			return false
		}
	}
	if r.proximity <= 0 || !r.needsDigit || r.maxChars < 0 {
		return true
	}
	a, b := rules.Window(s, fx.start-len(o.before), fx.end+len(o.after), r.proximity+r.maxChars)
	return popRange(f.facts.bits.digit, a, b) > 0
}

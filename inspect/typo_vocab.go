package inspect

import (
	"regexp/syntax"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// typoVocab is what the typo pass knows of the rules' keywords: their
// words, the rules that have each, and a filter of the slips of each
// (typoEdit) that passes over a word of a message in at most three bit
// tests. Built once per engine.
type typoVocab struct {
	words []typoWord
	index map[string]int32 // word → its index in words
	// near lists, by first and by last letter and a length, the words a
	// word of that length beginning or ending with that letter may be a
	// slip of: a slip never changes both ends of a word this long.
	near map[uint64][]int32
	// slips is a Bloom filter (three bits) of typoKey over every slip of
	// every word.
	slips  *[1 << typoBits / 64]uint64
	maxLen int // the longest slip, in letters
	// letterPats has, by prefilter id, the length of a pattern that may
	// be what a slip leaves of a word (innerPatterns), 0 for the others.
	letterPats []uint8
}

// innerPatterns returns, by prefilter id, the length of each pattern of
// four ASCII letters or more that is part of a longer word of v ("pass"
// of password), 0 for the others: found inside a longer word of a
// message, it may be what a slip left of that word ("passwodr").
func (v *typoVocab) innerPatterns(pats []string) []uint8 {
	out := make([]uint8, len(pats))
	for id, p := range pats {
		if len(p) < 4 || len(p) >= typoMaxLen || !lettersOnly(p) || !isASCII(p) {
			continue
		}
		for _, w := range v.words {
			if len(w.text) > len(p) && strings.Contains(w.text, p) {
				out[id] = uint8(len(p)) //nolint:gosec // below typoMaxLen
				break
			}
		}
	}
	return out
}

// typoWord is one word of the keywords and the rules that have it.
type typoWord struct {
	text   string
	runes  []rune
	owners []typoOwner
}

// typoOwner is a rule with a keyword holding the word, and what of the
// keyword comes before and after it ("social " and " number" for
// insurance in "social insurance number").
type typoOwner struct {
	rule          int
	before, after string
}

const (
	// typoMinLen is the fewest letters of a keyword word, and of a word
	// read as a slip of one but for typoShortLen. A word of four letters
	// one slip from a keyword word is too often a word of its own (card
	// for ecard, pass for passe, 54 and 6 times in the corpora's
	// negatives), and "birth" and "passe" have five.
	typoMinLen = 5
	// typoShortLen is the fewest letters of a word read as a slip before
	// a number: a word of five with a letter inside it dropped ("pesl",
	// "rdné"), its first and last kept, and only by the rules that check
	// the number it names (shortSlip).
	typoShortLen = typoMinLen - 1
	typoMaxLen   = 30 // the most letters of a keyword word (the pack's longest has 21)
	typoBits     = 20 // the Bloom filter's size: 2^20 bits
)

// newTypoVocab gathers the words of the rules' keywords: the space
// separated parts of letters alone, of typoMinLen letters or more, and
// the words of a rule's match examples that the last part of a keyword
// only begins ("contrase" stands for contraseña, "rodn" for rodné). Keywords
// with other characters (hooks.slack.com, !download, sk-proj-) are
// written, not typed. Nil when no rule has such a word.
func newTypoVocab(rules []*engineRule) *typoVocab {
	v := &typoVocab{index: map[string]int32{}, near: map[uint64][]int32{}}
	for _, r := range rules {
		words := exampleWords(r.examples)
		for _, kw := range r.keywords {
			parts := strings.Split(kw, " ")
			for j, p := range parts {
				if !lettersOnly(p) {
					continue
				}
				before, after := strings.Join(parts[:j], " "), strings.Join(parts[j+1:], " ")
				if before != "" {
					before += " "
				}
				if after != "" {
					after = " " + after
				}
				v.add(p, typoOwner{r.idx, before, after})
				if after != "" || slices.Contains(words, p) {
					continue
				}
				for _, w := range words {
					// A word the keyword begins, but not its plural, which
					// the keyword matches as it is.
					if strings.HasPrefix(w, p) && lettersOnly(w) && w != p+"s" {
						v.add(w, typoOwner{r.idx, before, after})
					}
				}
			}
		}
	}
	if len(v.words) == 0 {
		return nil
	}
	// A rule whose pattern spells a keyword word needs it spelled right
	// too: it reads the word as its keywords' rules do.
	for _, r := range rules {
		for _, w := range patternWords(relaxedSource(r)) {
			if _, ok := v.index[w]; ok {
				v.add(w, typoOwner{rule: r.idx})
			}
		}
	}
	v.build()
	return v
}

// patternWords are the words (letters alone) that the Go pattern
// matches literally somewhere: pass(?:word)? gives pass and password.
func patternWords(pattern string) []string {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	var out []string
	emit := func(set []string) {
		for _, s := range set {
			for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
				if !slices.Contains(out, w) {
					out = append(out, w)
				}
			}
		}
	}
	var walk func(re *syntax.Regexp)
	walk = func(re *syntax.Regexp) {
		if a := analyse(re).exact; a != nil {
			emit(a)
			return
		}
		if re.Op != syntax.OpConcat {
			for _, sub := range re.Sub {
				walk(sub)
			}
			return
		}
		// The longest runs of literal parts, joined ([Pp]assword is one
		// word, not p and assword).
		cur := []string{""}
		for _, sub := range re.Sub {
			a := analyse(sub).exact
			if a != nil && len(cur)*len(a) <= maxLitSet {
				cur = cross(cur, a)
				continue
			}
			emit(cur)
			cur = []string{""}
			if a != nil {
				cur = a
			} else {
				walk(sub)
			}
		}
		emit(cur)
	}
	walk(re.Simplify())
	return out
}

// exampleWords are the words of the texts, lowercased: runs of letters
// with neither a letter nor a digit nor '_' next to them (not the letters
// of a token such as AKIA…7EXAMPLE).
func exampleWords(texts []string) []string {
	var out []string
	for _, t := range texts {
		t = strings.ToLower(t)
		for i := 0; i < len(t); {
			r, n := utf8.DecodeRuneInString(t[i:])
			if !unicode.IsLetter(r) {
				i += n
				continue
			}
			j := i
			for j < len(t) {
				r, n := utf8.DecodeRuneInString(t[j:])
				if !unicode.IsLetter(r) {
					break
				}
				j += n
			}
			prev, _ := utf8.DecodeLastRuneInString(t[:i])
			next, _ := utf8.DecodeRuneInString(t[j:])
			if !isTokenRune(prev) && !isTokenRune(next) && !slices.Contains(out, t[i:j]) {
				out = append(out, t[i:j])
			}
			i = j
		}
	}
	return out
}

// isTokenRune is a letter, a digit or '_': what joins letters into a token.
func isTokenRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' }

// lettersOnly reports whether s is lowercase letters of a script with
// case, typed a key a letter (not 身份 or الهوية, typed through an
// input method).
func lettersOnly(s string) bool {
	for _, r := range s {
		if !unicode.IsLower(r) {
			return false
		}
	}
	return s != ""
}

// add records that rule o.rule has the word w in a keyword.
func (v *typoVocab) add(w string, o typoOwner) {
	if n := utf8.RuneCountInString(w); n < typoMinLen || n >= typoMaxLen {
		return
	}
	i, ok := v.index[w]
	if !ok {
		i = int32(len(v.words)) //nolint:gosec // a rule set's keyword words
		v.index[w] = i
		v.words = append(v.words, typoWord{text: w, runes: []rune(w)})
	}
	if !slices.Contains(v.words[i].owners, o) {
		v.words[i].owners = append(v.words[i].owners, o)
	}
}

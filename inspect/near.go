// The near path: a rule for a value standing near one of its keywords
// (keywords with proximity, and a pattern that reads at most the one
// character before its match, rules.Opening) is tried anchored only where
// a match may start within its proximity of a keyword, not over the text.

package inspect

import (
	"math/bits"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/chatdlp/chatdlp/rules"
)

// nearPlan is how a near rule is gated and where it is tried.
type nearPlan struct {
	opening rules.Opening
	kw      []bool // by automaton id: one of the rule's keywords
	// lead: by automaton id, the literals every match opens with (after
	// the opening lookbehind), nil if unknown: a match starts at one.
	lead     []bool
	leadIDs  []int
	leadMask idMask // leadIDs as a bitset
	// word: the validator takes one word (between whitespace, quotes,
	// backticks, < and >) of a shape only, which the word around it has
	// too (wordShapes): a match must overlap such a word. Nil if not.
	word *wordShape
	// whole: the rule has no keyword; its window is the whole text.
	whole bool
	// valueOpens: the value group opens every match, so with word a
	// match starts inside a word of the shape.
	valueOpens bool
	// match is the rule's relaxed pattern without its opening lookbehind,
	// tried anchored where a match may start; nil if none.
	match *engineRule
	// aheads are the positive lookaheads the pattern opens with, in Go
	// syntax with their counts as written: each holds where a match starts.
	aheads []ahead
}

// An ahead is a lookahead a match opens with, anchored, and the longest
// text it reads (bytes). cls reads it instead of re where it has the shape.
type ahead struct {
	re               *regexp.Regexp
	cls              *classAhead
	maxLen, maxChars int // and one more, for $
}

// holds reports whether the lookahead matches at p. Go's backtracker is
// given only what it may read: its cost grows with the length of its input.
func (a ahead) holds(text string, p int) bool {
	end := min(len(text), p+a.maxChars)
	if nextHigh(text[:end], p) < end {
		end = min(len(text), p+a.maxLen) // not ASCII: a character may take 4 bytes
	}
	if a.cls != nil {
		return a.cls.matches(text[p:end])
	}
	return a.re.MatchString(text[p:end])
}

// leadingAheads are the positive lookaheads pattern opens with (after its
// flags, among its other leading lookarounds), each relaxed into Go syntax
// with its counts kept, anchored, where its longest match is bounded: a
// necessary condition at the place a match starts that the relaxed
// pattern, which drops lookarounds and caps counts, does not check. Where
// a lookahead spells out a value's length ((?=[^\s]{8,30}\s)), it rules out
// the longer words before regexp2 is run.
func leadingAheads(pattern string) []ahead {
	flags := leadingFlags.FindString(pattern)
	rest := pattern[len(flags):]
	var out []ahead
	for {
		var kind string
		for _, open := range []string{"(?=", "(?!", "(?<=", "(?<!"} {
			if strings.HasPrefix(rest, open) {
				kind = open
				break
			}
		}
		if kind == "" {
			return out
		}
		end, err := groupEnd(rest, 0)
		if err != nil {
			return out
		}
		body := rest[len(kind) : end-1]
		rest = rest[end:]
		if kind != "(?=" {
			continue // zero-width too: the next one holds at the same place
		}
		src, err := relax(flags+body, false)
		if err != nil {
			continue
		}
		re, err := regexp.Compile(`\A(?:` + src + `)`)
		if err != nil {
			continue
		}
		if n, c := relaxedMaxLens(flags + body); n >= 0 && c >= 0 {
			cls, _ := compileClassAhead(src)
			out = append(out, ahead{re: re, cls: cls, maxLen: n + 1, maxChars: c + 1})
		}
	}
}

// prepareNear gives r its near plan where it qualifies, before the
// automaton is built (the literals a match opens with go into it):
// keywords with a proximity, all of them in the automaton, a pattern read
// at most one character before its match, a match and lookaheads of
// bounded length, and no better place to try it (a leading literal, a
// digit run or a shape of its validator).
func prepareNear(r *engineRule, pb *prefilterBuilder, leads bool) {
	word := wordShapes[validatorName(r.validator)]
	// A rule with no keyword at all whose validator takes one word of a
	// shape is tried the same way, with the whole text as its window: at
	// the words of that shape only.
	whole := len(r.keywords) == 0 && r.proximity <= 0 && word != nil
	if r.opening == nil || !whole && (r.proximity <= 0 || !r.kwGated || len(r.kwIDs) == 0) || len(r.kwPlain)+len(r.kwOther) > 0 ||
		r.maxLen < 0 || r.maxChars < 0 || r.opening.Reach < 0 ||
		leads || r.windowed || r.anchored != nil {
		return
	}
	p := &nearPlan{opening: *r.opening, word: word, whole: whole, match: openingStripped(r.pattern), aheads: leadingAheads(r.pattern)}
	if p.match != nil {
		src := leadingFlags.ReplaceAllString(p.match.relaxed.String(), "")
		p.valueOpens = strings.HasPrefix(src, "(?P<value>") || strings.HasPrefix(src, "(?<value>")
		if lits := leadingLiteralsAnyCase(relaxedSource(p.match)); lits != nil {
			for _, l := range lits {
				p.leadIDs = append(p.leadIDs, pb.add(l))
			}
		}
	}
	if p.word != nil {
		r.gate.pwToken = false // the words near its keywords (or all) are looked at instead
	}
	r.near = p
}

// finishNear indexes r's keywords and literals by automaton id (n ids).
func finishNear(r *engineRule, n int) {
	if r.near == nil {
		return
	}
	r.near.kw = make([]bool, n)
	for _, id := range r.kwIDs {
		r.near.kw[id] = true
	}
	if len(r.near.leadIDs) > 0 {
		r.near.lead = make([]bool, n)
		for _, id := range r.near.leadIDs {
			r.near.lead[id] = true
		}
	}
}

// openingStripped is a rule for pattern without the lookbehind it opens
// with, with its relaxed pattern anchored (engineRule.matchAt); nil if
// it has none. The relaxer would keep that lookbehind as a group, read
// from the character before the match: without it, the bytes a match
// opens with rule most places out.
func openingStripped(pattern string) *engineRule {
	flags := leadingFlags.FindString(pattern)
	rest := pattern[len(flags):]
	if strings.HasPrefix(rest, "(?<=") || strings.HasPrefix(rest, "(?<!") {
		end, err := groupEnd(rest, 0)
		if err != nil {
			return nil
		}
		rest = rest[end:]
	}
	m := &engineRule{ruleSpec: ruleSpec{pattern: flags + rest}}
	src, err := relaxPattern(m.pattern)
	if err != nil {
		return nil
	}
	m.relaxed = regexp.MustCompile(src) // relaxPattern compiled it already
	m.maxLen, m.maxChars = relaxedMaxLens(m.pattern)
	if !m.anchor() {
		return nil
	}
	return m
}

// nearStarts lists, sorted, where a match of near rule r may start: within
// its proximity of one of its keywords (a match at most maxChars long,
// whose window of proximity characters either side holds the keyword),
// after a character its opening lookbehind admits, at a literal it opens
// with, overlapping a word of its validator's shape, and where the
// lookaheads it opens with hold (or, without any, its relaxed pattern
// matches anchored). The regex and the proximity check decide; these only
// rule places out.
func nearStarts(r *engineRule, hits *hitSet, pats []string, text string, facts *textFacts) []int {
	wins, leads := hits.nearWins[:0], hits.nearLeads[:0]
	defer func() { hits.nearWins, hits.nearLeads = wins[:0], leads[:0] }()
	if r.near.whole {
		wins = append(wins, rules.Span{Start: 0, End: len(text) + 1})
	}
	for _, h := range hits.at {
		if r.near.lead != nil && r.near.lead[h.id] {
			leads = append(leads, int(h.start))
		}
		if r.near.whole || !r.near.kw[h.id] {
			continue
		}
		ks := int(h.start)
		ke := ks + len(pats[h.id])
		a := charsBack(text, facts.bits.high, ke, r.proximity+r.maxChars)
		b := charsFwd(text, facts.bits.high, ks, r.proximity)
		wins = append(wins, rules.Span{Start: a, End: b + 1})
	}
	if len(wins) == 0 || r.near.lead != nil && len(leads) == 0 {
		return nil
	}
	wins = mergeSpans(wins, len(text)+1)
	var words []rules.Span
	if r.near.word != nil {
		reach := r.maxLen // a match may start before the word it overlaps
		if r.near.valueOpens && r.near.lead == nil {
			reach = 0 // it starts inside one
		}
		words = shapedWords(hits.nearWords[:0], text, facts, wins, reach, r.near.word)
		hits.nearWords = words[:0]
		if len(words) == 0 {
			return nil
		}
	}
	starts := hits.nearStarts[:0]
	defer func() { hits.nearStarts = starts[:0] }()
	try := func(p int) {
		if p == 0 && !r.near.opening.AtStart || p > 0 && !r.near.opening.After[text[p-1]] {
			return
		}
		if !rules.RuneBoundary(text, p) {
			return // no match begins inside a character
		}
		for _, a := range r.near.aheads {
			if !a.holds(text, p) {
				return
			}
		}
		// Where the pattern opens with lookaheads, they hold its
		// constraints; what the relaxed pattern adds (it drops them, and
		// caps counts) costs more than the places it rules out.
		if len(r.near.aheads) == 0 && r.near.match != nil && !r.near.match.matchAt(text, p) {
			return
		}
		starts = append(starts, p)
	}
	switch {
	case r.near.lead != nil:
		slices.Sort(leads)
		w := 0
		for _, p := range slices.Compact(leads) {
			for w < len(wins) && wins[w].End <= p {
				w++
			}
			if w == len(wins) {
				break
			}
			if p >= wins[w].Start && (words == nil || overlaps(words, p, p+r.maxLen)) {
				try(p)
			}
		}
	case words != nil && r.near.valueOpens:
		// A match opens with its value, which lies in a word of the
		// shape, but for what rules.MatchedValue trims before it (spaces
		// and tabs, one ':' or '=', spaces, tabs and quotes): it starts
		// there or inside the word.
		w, next := 0, 0 // next: the first place not yet tried
		for _, wd := range words {
			q := trimmedBefore(text, wd.Start, " \t\"'`")
			if q > 0 && (text[q-1] == ':' || text[q-1] == '=') {
				q = trimmedBefore(text, q-1, " \t")
			}
			for w < len(wins) && wins[w].End <= q {
				w++
			}
			for p := max(q, next); p < wd.End; p++ {
				next = p + 1
				for w < len(wins) && wins[w].End <= p {
					w++
				}
				if w == len(wins) {
					return starts
				}
				if p >= wins[w].Start {
					try(p)
				}
			}
		}
	default:
		k := 0
		for _, win := range wins {
			for p := win.Start; p < win.End; p++ {
				if words != nil {
					for k < len(words) && words[k].End <= p {
						k++
					}
					if k == len(words) {
						return starts
					}
					if words[k].Start >= p+r.maxLen {
						p = words[k].Start - r.maxLen // the loop's p++ lands on the first place in reach
						continue
					}
				}
				try(p)
			}
		}
	}
	return starts
}

// trimmedBefore is where the bytes of set right before i begin.
func trimmedBefore(text string, i int, set string) int {
	for i > 0 && strings.IndexByte(set, text[i-1]) >= 0 {
		i--
	}
	return i
}

// overlaps reports whether one of spans (sorted, disjoint) overlaps [a,b).
func overlaps(spans []rules.Span, a, b int) bool {
	i, _ := slices.BinarySearchFunc(spans, a, func(s rules.Span, a int) int { return s.End - 1 - a })
	return i < len(spans) && spans[i].Start < b
}

// A wordShape is what a validator needs of the one word its value lies
// in: some length, and a shape that holds for any text holding a value
// that has it. marks and may are necessary conditions of the shape: a
// word of it holds a byte of once or two of twice (bits of a block of the
// class planes), and its byte counts satisfy may.
type wordShape struct {
	minLen int // bytes
	marks  func(cb *classBits, w int) (once, twice uint64)
	may    func(wordCounts) bool
	shape  func(string) bool
}

// wordCounts are the bytes of a word by class: all, ASCII letters,
// digits and non-ASCII bytes (a word holds no space).
type wordCounts struct{ n, letters, digits, high int }

// wordShapes are the validators that take one word of a shape, by name.
var wordShapes = map[string]*wordShape{
	// rules.UnlabelledPasswordShape: an ASCII word has a letter, and a
	// digit or 12 bytes with two symbols; other words are read whole.
	"unlabelled-password": {minLen: 8, shape: rules.UnlabelledPasswordShape,
		marks: func(cb *classBits, w int) (uint64, uint64) {
			return cb.digit[w] | cb.high[w], ^(cb.letter[w] | cb.digit[w] | cb.high[w] | cb.space[w])
		},
		may: func(c wordCounts) bool {
			return c.high > 0 || c.letters > 0 && (c.digits > 0 || c.n >= 12 && c.n-c.letters >= 2)
		}},
	// rules.ChosenPasswordShape, which holds for the word around a value
	// that opens it or follows a backtick and ends before a quote (the
	// rule's): in the value's piece, unlabelled-password's shape, four
	// letters or more, and a symbol, two digits or a digit for a letter:
	// a digit, or two symbols without one.
	"chosen-password": {minLen: 8, shape: rules.ChosenPasswordShape,
		marks: func(cb *classBits, w int) (uint64, uint64) {
			return cb.digit[w], ^(cb.letter[w] | cb.digit[w] | cb.high[w] | cb.space[w])
		},
		may: func(c wordCounts) bool {
			return c.letters >= 4 && (c.digits >= 1 || c.n-c.letters-c.digits >= 1)
		}},
	// rules.WordNumberShape: five letters (or non-ASCII bytes) before two
	// digits.
	"word-number": {minLen: 7, shape: rules.WordNumberShape,
		marks: func(cb *classBits, w int) (uint64, uint64) { return 0, cb.digit[w] },
		may:   func(c wordCounts) bool { return c.digits >= 2 && c.letters+c.high >= 5 }},
	// rules.PassphraseShape: three letters (ASCII, or bytes of other
	// characters), and one of [+/_-] (the base64 bytes other than letters
	// and digits) or two digits; a join; and a digit or two joins.
	"passphrase": {minLen: 5, shape: rules.PassphraseShape, // "ab-cde", "abc.12"
		marks: func(cb *classBits, w int) (uint64, uint64) {
			return cb.b64[w] &^ (cb.letter[w] | cb.digit[w]), cb.digit[w]
		},
		may: func(c wordCounts) bool {
			joins := c.n - c.letters - c.digits - c.high
			return c.letters+c.high >= 3 && joins > 0 && (c.digits > 0 || joins >= 2)
		}},
}

// validatorName is the name of a validator spec ("entropy:3.5" → "entropy").
func validatorName(spec string) string {
	name, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(spec)), ":")
	return strings.ReplaceAll(name, "_", "-")
}

// shapedWords appends to out the words of shape ws that overlap the
// windows or start within reach bytes after one, in order. A word here
// runs between whitespace: it holds the word between quotes, backticks, <
// and > that the validator judges, and has the shape when that one has
// it. Only the words holding ws's marks are read: 64 bytes at a time, the
// bits of those words' ends come from adding the marks to the word bits
// (the carry of a word holding one runs out of it, onto the space after).
func shapedWords(out []rules.Span, text string, facts *textFacts, wins []rules.Span, reach int, ws *wordShape) []rules.Span {
	cb, n := &facts.bits, len(text)
	from := 0 // where the last word read ends
	for _, win := range wins {
		a := max(win.Start, from)
		for a > 0 && a < n && !isSpace(text[a]) && !isSpace(text[a-1]) {
			a-- // to the start of the word a is in
		}
		end := min(n, win.End+reach)
		if a >= end {
			continue
		}
		stop := end // the words that start before end end by stop
		if !isSpace(text[end-1]) {
			stop = nextSet(cb.space, end, n)
		}
		var carry, fillIn uint64
		for w := a / 64; w*64 <= stop; w++ {
			var word, q uint64
			if w*64 < n {
				word = ^cb.space[w] & spanMask(w, a, stop)
				once, twice := ws.marks(cb, w)
				q = once & word
				if twice &= word; twice != 0 || fillIn != 0 {
					// The bits of twice after another of the same word.
					g := segFill(twice|fillIn&word&1, word)
					q |= twice & (g<<1 | fillIn)
					fillIn = g >> 63
				}
			}
			sum, c := bits.Add64(word, q, carry)
			carry = c
			for after := sum &^ word; after != 0; after &= after - 1 {
				e := w*64 + bits.TrailingZeros64(after)
				st := lastSetBefore(cb.space, a, e-1) + 1 // the word's start, a at the least
				if e-st < ws.minLen {
					continue
				}
				c := wordCounts{n: e - st, letters: popRange(cb.letter, st, e), digits: popRange(cb.digit, st, e), high: popRange(cb.high, st, e)}
				if ws.may(c) && ws.shape(text[st:e]) {
					out = append(out, rules.Span{Start: st, End: e})
				}
			}
		}
		from = stop
	}
	return out
}

// segFill is the bits of word at or after a bit of m in the same run of
// set bits (within the block): a segmented prefix or, in six doublings.
func segFill(m, word uint64) uint64 {
	g, p := m, word
	for d := uint(1); d < 64; d *= 2 {
		g |= p & (g << d)
		p &= p << d
	}
	return g
}

// spanMask is the bits of block i (bytes 64i to 64i+63) in [a,b).
func spanMask(i, a, b int) uint64 {
	m := ^uint64(0)
	if lo := a - 64*i; lo > 0 {
		m <<= uint(lo)
	}
	if hi := b - 64*i; hi < 64 {
		if hi <= 0 {
			return 0
		}
		m &= 1<<uint(hi) - 1
	}
	return m
}

// nearWhere is where r's regex runs: anchored at its near starts, each try
// given the longest match and what its lookaheads read after it.
func nearWhere(r *engineRule, starts []int, text string) where {
	if len(starts) == 0 {
		return where{starts: []int{}, within: 0}
	}
	within := r.maxLen + (r.near.opening.Reach+1)*utf8.UTFMax
	within = min(within, charsAfter(text, starts, r.maxChars+r.near.opening.Reach+1))
	return where{starts: starts, within: within}
}

// charsBack is where n characters before i start, or earlier: the bytes
// counted back until those that are not non-ASCII (the class bitmap's
// high plane) make n, so that every byte of a multi-byte character counts
// for none but one, at most, is a character of its own.
func charsBack(text string, high []uint64, i, n int) int {
	j := max(0, i-n)
	for j > 0 {
		c := i - j - popRange(high, j, i) // at most the characters in [j,i)
		if c >= n {
			break
		}
		j = max(0, j-(n-c))
	}
	for j > 0 && j < len(text) && !utf8.RuneStart(text[j]) {
		j--
	}
	return j
}

// charsFwd is where n characters after i end, or later, as charsBack.
func charsFwd(text string, high []uint64, i, n int) int {
	j := min(len(text), i+n)
	for j < len(text) {
		c := j - i - popRange(high, i, j)
		if c >= n {
			break
		}
		j = min(len(text), j+(n-c))
	}
	for j < len(text) && !utf8.RuneStart(text[j]) {
		j++
	}
	return j
}

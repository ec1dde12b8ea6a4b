// Rule plans: how each rule is gated (keywords, required and leading
// literals, validator shapes, a relaxed Go regex) and the gate checks.

package inspect

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"unicode/utf8"
)

// engineRule is a ruleSpec with its gates resolved.
type engineRule struct {
	ruleSpec
	kwIDs     []int    // automaton ids of keywords, one must occur (keyword gate)
	kwOther   []string // non-ASCII keywords with case, tested on the lowercased text
	kwPlain   []string // non-ASCII keywords without case (आधार), tested as is
	litIDs    []int    // automaton ids of required literals, one must occur
	kwMask    idMask   // kwIDs as a bitset (hitSet.anyOf)
	litMask   idMask   // litIDs as a bitset
	gate      gate
	kwGated   bool
	litGated  bool
	relaxed   *regexp.Regexp   // Go superset of the pattern, nil if none
	anchored  *regexp.Regexp   // the same, anchored, tried where a match may start
	afterOne  *regexp.Regexp   // anchored after one byte of context, so \b reads it
	lead      []bool           // by automaton id: the pattern's leading literals
	after     []*regexp.Regexp // by automaton id: what must follow that literal, nil if unknown
	next      []*nextBytes     // by automaton id: the two bytes that may follow it, nil if any
	windowed  bool             // relaxed runs on each digit run, not the text
	wordStart bool             // every match starts a word (\b then a word character)
	run       *classRun        // a long run of one class the pattern needs
	idx       int              // position in Engine.rules
	pfIDs     []int            // every prefilter pattern the rule registered
	needsHit  bool             // passes only if one of its ASCII keywords or literals occurs
	behind    bool             // reads before a match only back to its leading literal (whereFor)
	afterMax  []int            // by automaton id: the longest match of after (cut at the value), in bytes, -1 if unbounded
	afterLen  []int            // the same in characters: the bound where the text is ASCII
	maxLen    int              // longest match of the relaxed pattern in bytes, -1 if unbounded
	maxChars  int              // the same in characters: the bound in bytes over ASCII
	first     *[2]uint64       // the ASCII bytes a match may start with, nil if any (anchor)
	opens     [][2]uint64      // the bytes every match opens with, one set each (anchor)

	writtenSrc  string // written's result
	writtenDone bool
	needBytes   []byte    // ASCII non-letters every match contains (requiredBytes), but
	needFlags   uint8     // those a byte flag tells (textFacts.flags): all must be set
	needsDigit  bool      // every match of the relaxed pattern holds a digit (typo pass)
	near        *nearPlan // tried near its keywords only (near.go), nil if not
}

// newEngine resolves every rule's gates and builds the shared automaton.
func newEngine(specs []ruleSpec, opts Options) *Engine {
	e := &Engine{timeout: opts.MatchTimeout, mode: opts.Evidence, scopes: map[scopeKey]*scoped{}}
	if e.timeout <= 0 {
		e.timeout = DefaultMatchTimeout
	}
	pb := newPrefilterBuilder()
	var leadIDs []leadID
	for _, s := range specs {
		r := &engineRule{ruleSpec: s, gate: validatorGate(s.validator), run: classRunGate(s.pattern), idx: len(e.rules)}
		if p, err := relaxPattern(s.pattern); err == nil {
			r.relaxed = regexp.MustCompile(p) // relaxPattern compiled it already
		}
		onRun := gatedOnRun(r)
		if s.prefilter && len(s.keywords) > 0 && !onRun {
			r.kwGated = true
			for _, kw := range s.keywords {
				switch {
				case isASCII(kw), len(kw) >= 3 && strings.ToUpper(kw) == strings.ToLower(kw):
					// A keyword without case (护照, جواز) is its own folded
					// form: the prefilter finds it byte for byte.
					r.kwIDs = append(r.kwIDs, pb.add(kw))
				case len(kw) >= 3:
					// Non-ASCII letters with case (sécu, Führerschein): the
					// prefilter folds ASCII only, so it looks for the
					// lowercase and the uppercase spelling (SÉCU, Sécu,
					// sécu), not a lowercased copy of every message.
					r.kwIDs = append(r.kwIDs, pb.add(strings.ToLower(kw)), pb.add(strings.ToUpper(kw)))
				case strings.ToUpper(kw) == strings.ToLower(kw):
					r.kwPlain = append(r.kwPlain, kw)
				default:
					r.kwOther = append(r.kwOther, strings.ToLower(kw))
				}
			}
		}
		r.maxLen, r.maxChars = relaxedMaxLens(s.pattern)
		r.needsDigit = needsDigit(relaxedSource(r))
		bare := leadingFlags.ReplaceAllString(s.pattern, "")
		lookbehind := strings.HasPrefix(bare, "(?<=") || lookbehindAfterPrefix(bare, 0) >= 0
		for _, c := range requiredBytes(relaxedSource(r)) {
			if fl := exactFlag(c); fl != 0 {
				r.needFlags |= fl
			} else {
				r.needBytes = append(r.needBytes, c)
			}
		}
		if onRun {
			// Gated on its class run and its relaxed pattern, which Go
			// finds by the literal it opens with (see gatedOnRun).
			r.pfIDs = nil
			e.rules = append(e.rules, r)
			continue
		}
		if lits := requiredLiterals(relaxedSource(r)); lits != nil {
			r.litGated = true
			for _, l := range lits {
				r.litIDs = append(r.litIDs, pb.add(l))
			}
		}
		hasLead := false
		if lead := leadingLiterals(relaxedSource(r)); lead != nil && r.anchor() {
			hasLead = true
			for _, l := range lead {
				leadIDs = append(leadIDs, leadID{r, pb.add(l)})
			}
		} else if r.relaxed != nil && !lookbehind {
			r.placeRelaxed()
		}
		prepareNear(r, pb, hasLead)
		r.behind = lookbehind && r.maxLen >= 0 && s.reach >= 0 // and leading literals, below
		r.pfIDs = slices.Concat(r.kwIDs, r.litIDs)
		if r.near != nil {
			r.pfIDs = append(r.pfIDs, r.near.leadIDs...) // in every scope the rule is in
		}
		e.rules = append(e.rules, r)
	}
	for _, l := range leadIDs {
		l.r.pfIDs = append(l.r.pfIDs, l.id)
	}
	e.pf = pb.build()
	for _, r := range e.rules {
		if r.fallback {
			if e.fallback == nil {
				e.fallback = map[string]bool{}
			}
			e.fallback[r.id] = true
		}
	}
	if e.typo = newTypoVocab(e.rules); e.typo != nil {
		e.typo.letterPats = e.typo.innerPatterns(e.pf.pats)
	}
	e.byID = make([][]int, e.pf.n)
	for _, r := range e.rules {
		r.kwMask, r.litMask = maskOf(r.kwIDs), maskOf(r.litIDs)
		if r.near != nil {
			r.near.leadMask = maskOf(r.near.leadIDs)
		}
		r.needsHit = r.litGated || (r.kwGated && len(r.kwPlain) == 0 && len(r.kwOther) == 0)
		for _, id := range slices.Compact(slices.Sorted(slices.Values(r.pfIDs))) {
			e.byID[id] = append(e.byID[id], r.idx)
		}
	}
	for _, l := range leadIDs {
		if l.r.lead == nil {
			l.r.lead = make([]bool, e.pf.n)
		}
		l.r.lead[l.id] = true
		if l.r.after == nil {
			l.r.after, l.r.next = make([]*regexp.Regexp, e.pf.n), make([]*nextBytes, e.pf.n)
		}
		// A rule tried anchored at its literals (whereFor) is gated up to
		// its value only: a pass in vain costs one try there, where for a
		// rule run over the whole text it costs a scan of it.
		cut := l.r.leftLocal
		l.r.after[l.id], l.r.next[l.id] = deriveLiteralCut(relaxedSource(l.r), e.pf.pats[l.id], cut)
		if l.r.afterMax == nil {
			l.r.afterMax, l.r.afterLen = make([]int, e.pf.n), make([]int, e.pf.n)
		}
		// The derivative caps counts as the relaxed pattern does; how far
		// its match reaches is read off the pattern as written.
		l.r.afterMax[l.id], l.r.afterLen[l.id] = -1, -1
		if w, ok := deriveText(l.r.written(), e.pf.pats[l.id]); ok && w.Op != syntax.OpNoMatch {
			c := w
			if cut {
				c = cutAtValue(w)
			}
			l.r.afterMax[l.id] = maxMatchLen(c, runeMaxLen)
			l.r.afterLen[l.id] = maxMatchLen(c, func(rune, bool) int { return 1 })
		}
		if nb := l.r.next[l.id]; nb != nil {
			// The relaxed pattern caps counts ({14} runs as {4,}); the
			// bytes after the literal are read off the pattern as written.
			if pre := literalPrefix(l.r.written(), e.pf.pats[l.id]); len(pre) > len(nb.prefix) {
				nb.prefix = pre
			}
		}
	}
	for _, r := range e.rules {
		// A rule opening with a lookbehind that starts at its leading
		// literal ([:=](?<=\bpassword…[:=])…) reads nothing before that
		// literal; with its lookaheads bounded too, it runs on spans.
		r.behind = r.behind && r.lead != nil
		finishNear(r, e.pf.n)
	}
	return e
}

// leadingFlags matches inline flag groups opening a pattern, as (?i).
var leadingFlags = regexp.MustCompile(`^(?:\(\?[imsU-]+\))+`)

type leadID struct {
	r  *engineRule
	id int
}

// passes applies r's keyword, literal and structural gates; features and
// the lowercased text are computed at most once per text.
func (e *Engine) passes(r *engineRule, hits *hitSet, text string, f *features, lower *string) bool {
	// The bit tests first: the keyword test may lowercase the text.
	if r.litGated && !hits.anyOf(r.litMask) {
		return false
	}
	if r.near != nil && r.near.lead != nil && !hits.anyOf(r.near.leadMask) {
		return false // a match opens with one of its leads (nearStarts)
	}
	if r.kwGated && !hits.anyOf(r.kwMask) && !containsAnyOf(text, r.kwPlain) && !containsLower(text, r.kwOther, lower) {
		return false
	}
	if !r.gate.pass(f) || (r.run != nil && !r.run.passFacts(text, f.facts)) {
		return false
	}
	if f.facts.flags&r.needFlags != r.needFlags {
		return false
	}
	for _, c := range r.needBytes {
		if strings.IndexByte(text, c) < 0 {
			return false
		}
	}
	switch {
	case r.near != nil:
		f.nearRule, f.nearStarts = r, nearStarts(r, hits, e.pf.pats, text, f.facts)
		return len(f.nearStarts) > 0
	case r.lead != nil:
		return anchoredMatch(r, hits, text, e.pf.pats)
	case r.windowed:
		return windowMatch(r, f, text)
	case r.anchored != nil:
		return shapeMatch(r, f, text)
	}
	return r.relaxed == nil || r.relaxed.MatchString(text)
}

// shapeMatch tries r's anchored relaxed pattern where its validator's shape
// starts, and at the whitespace just before (a match may begin with it);
// where the gate also admits a long digit run (orDigits), at each word
// start inside such a run.
func shapeMatch(r *engineRule, f *features, text string) bool {
	for _, p := range f.shapeStarts(r.gate.shape) {
		for q := p; q >= 0 && (q == p || isSpace(text[q])); q-- {
			if r.matchAt(text, q) {
				return true
			}
		}
	}
	if r.gate.orDigits > 0 {
		for _, run := range f.digitRuns() {
			if run.digits < r.gate.orDigits {
				continue
			}
			for p := run.start; p < run.end; p++ {
				if isWordByte(text[p]) && (p == 0 || !isWordByte(text[p-1])) && r.matchAt(text, p) {
					return true
				}
			}
		}
	}
	return false
}

// windowMatch tries r's relaxed pattern on each digit run long enough for
// its validator, with one byte of context each side so \b reads right.
//
// A pattern opening with \b and a word character can only match where a
// word starts: there the anchored form is tried instead, which Go runs
// several times faster than an unanchored search.
func windowMatch(r *engineRule, f *features, text string) bool {
	for _, run := range f.digitRuns() {
		if run.digits < r.gate.minDigits {
			continue
		}
		from, to := max(0, run.start-1), min(len(text), run.end+1)
		if !r.wordStart {
			if r.relaxed.MatchString(text[from:to]) {
				return true
			}
			continue
		}
		window := text[:to]
		for p := run.start; p < to; p++ {
			if isWordByte(text[p]) && (p == 0 || !isWordByte(text[p-1])) && r.matchAt(window, p) {
				return true
			}
		}
	}
	return false
}

// isWordByte is an ASCII word character, as Go's \b reads them.
func isWordByte(c byte) bool { return isAlnum(c) || c == '_' }

// anchoredMatch tries r's relaxed pattern only where one of its leading
// literals occurs: every match starts at such an occurrence, so this is
// the unanchored test without scanning every position. (A \b before the
// literal reads the byte before it.)
func anchoredMatch(r *engineRule, hits *hitSet, text string, pats []string) bool {
	var tried [4]int32 // recent starts: "pass" and "password" share one
	n := 0
	for _, h := range hits.at {
		if !r.lead[h.id] || slices.Contains(tried[:min(n, len(tried))], h.start) {
			continue
		}
		p := int(h.start)
		if r.insideWord(text, p) {
			continue
		}
		q := p + len(pats[h.id])
		switch d := r.after[h.id]; {
		case !r.next[h.id].allows(text, q):
		case d != nil:
			// What follows the literal, its last byte as context, as far
			// as a match of d reaches (and a character more, for \b):
			// Go's backtracker costs the length of what it is given.
			w := r.window(text, p)[q-1:]
			if m := r.afterLen[h.id]; m >= 0 && m+utf8.UTFMax < len(w) && nextHigh(w[:m+utf8.UTFMax], 0) == m+utf8.UTFMax {
				w = w[:m+utf8.UTFMax] // ASCII: a character is a byte
			} else if m := r.afterMax[h.id]; m >= 0 && m+utf8.UTFMax < len(w) {
				w = w[:m+utf8.UTFMax]
			}
			if d.MatchString(w) {
				return true
			}
		case r.matchAt(text, p):
			return true
		}
		tried[n%len(tried)] = h.start
		n++
	}
	return false
}

// insideWord reports a leading literal at p that starts no match: every
// match opens with \b (rules.Rule.OpensWithBoundary), and p lies between
// two word characters ("mit " in commit).
func (r *engineRule) insideWord(text string, p int) bool {
	return r.opensBound && p > 0 && isWordByte(text[p-1]) && isWordByte(text[p])
}

// gatedOnRun reports a rule whose every match opens with a literal of
// three bytes or fewer, which prose is full of ("pat" of path, patch,
// pattern), and holds a run of a base64 class of minRunGate or more
// (Airtable's pat, 14 characters, '.' and 64 hex digits), and whose
// keywords are those literals: the text's base64 bitmap rules it out at
// once where no such run is, and where one is, its relaxed pattern, which
// Go finds by the literal it opens with. The prefilter then looks for no
// literal of it: a three-byte one costs a check at each of its
// occurrences.
func gatedOnRun(r *engineRule) bool {
	if r.run == nil || !r.run.b64 || r.run.n < minRunGate || r.relaxed == nil || !r.prefilter {
		return false
	}
	lead := leadingLiterals(r.relaxed.String())
	if lead == nil {
		return false
	}
	for _, l := range lead {
		if len(l) > 3 {
			return false
		}
	}
	for _, kw := range r.keywords {
		if !slices.Contains(lead, strings.ToLower(kw)) {
			return false
		}
	}
	return true
}

// minRunGate is the shortest class run gatedOnRun takes for a gate: one
// that prose rarely holds.
const minRunGate = 48

// placeRelaxed decides where a rule without leading literals tries its
// relaxed pattern: at the starts of the iban/nino shapes (anchored), or on
// the digit runs a digit validator confines a match to (windowed). Else not
// at all: unanchored over the whole text, Go's engine is no faster than
// regexp2, except where regexp2 evaluates a lookbehind at every position.
func (r *engineRule) placeRelaxed() {
	switch {
	case r.gate.shape >= 0:
		r.anchor()
		r.relaxed = nil
	case r.gate.minDigits > 0:
		r.windowed = true
		if r.wordStart = opensWithWordStart(r.relaxed.String()); r.wordStart && !r.anchor() {
			r.windowed, r.wordStart = false, false // anchor dropped the relaxed pattern
		}
	default:
		r.relaxed = nil
	}
}

// anchor compiles the anchored forms of the relaxed pattern, and the
// ASCII bytes a match may start with. Where they do not compile (which
// the relaxer's output should never cause), the rule is left without its
// relaxed pattern: gated less, never wrongly.
func (r *engineRule) anchor() bool {
	a, err := regexp.Compile(`\A(?:` + r.relaxed.String() + `)`)
	b, err2 := regexp.Compile(`\A(?s:.)(?:` + r.relaxed.String() + `)`)
	if err != nil || err2 != nil {
		r.relaxed = nil
		return false
	}
	r.anchored, r.afterOne = a, b
	if re, err := syntax.Parse(r.relaxed.String(), syntax.Perl); err == nil && !nullable(re.Simplify()) {
		r.first = new([2]uint64)
		firstBytes(re.Simplify(), r.first)
	}
	// The bytes every match opens with, read off the pattern as written
	// (the relaxed one caps counts): \d{3}[- ]\d{2} rules out most places
	// without a regexp call.
	if pre := literalPrefix(r.written(), ""); len(pre) > 1 {
		r.opens = pre
	}
	return true
}

// matchAt reports whether the relaxed pattern matches starting at p, with
// the byte before p as context for \b (a non-ASCII one reads as a non-word
// character, as it is to RE2's ASCII \b).
//
// Where the relaxed pattern's matches are bounded, only that much text (and
// one byte after, for \b) is given to Go's backtracker, whose set-up cost
// grows with the length of its input.
func (r *engineRule) matchAt(text string, p int) bool {
	if r.first != nil && (p >= len(text) || text[p] < 0x80 && !bitOf(r.first, text[p])) {
		return false // no match starts with that byte, or at the end
	}
	for k, set := range r.opens {
		if p+k >= len(text) {
			return false
		}
		if c := text[p+k]; c >= 0x80 {
			break
		} else if !bitOf(&set, c) {
			return false
		}
	}
	text = r.window(text, p)
	if p == 0 {
		return r.anchored.MatchString(text)
	}
	return r.afterOne.MatchString(text[p-1:])
}

// window cuts text after the longest match of the relaxed pattern from p
// and one byte more (for \b), where that is bounded.
func (r *engineRule) window(text string, p int) string {
	switch {
	case r.maxChars >= 0 && nextHigh(text[:min(len(text), p+r.maxChars+1)], p) >= min(len(text), p+r.maxChars+1):
		return text[:min(len(text), p+r.maxChars+1)] // ASCII: a character is a byte
	case r.maxLen >= 0:
		return text[:min(len(text), p+r.maxLen+1)]
	}
	return text
}

// written is r's pattern relaxed into Go syntax with its counts as written
// (relax without capping), "" if it has none; computed once.
func (r *engineRule) written() string {
	if !r.writtenDone {
		r.writtenDone = true
		r.writtenSrc, _ = relax(r.pattern, false)
	}
	return r.writtenSrc
}

// relaxedSource is the Go-syntax form of r's pattern, "" if there is none.
func relaxedSource(r *engineRule) string {
	if r.relaxed == nil {
		return ""
	}
	return r.relaxed.String()
}

func containsAnyOf(text string, kws []string) bool {
	for _, kw := range kws {
		if strings.Contains(text, kw) {
			return true
		}
	}
	return false
}

// containsLower tests non-ASCII keywords with case on the lowercased text,
// lowercased once per text and never for ASCII text, which cannot hold them.
func containsLower(text string, kws []string, lower *string) bool {
	if len(kws) == 0 || isASCII(text) {
		return false
	}
	if *lower == "" {
		*lower = strings.ToLower(text)
	}
	for _, kw := range kws {
		if strings.Contains(*lower, kw) {
			return true
		}
	}
	return false
}

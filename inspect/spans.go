package inspect

import (
	"slices"
	"unicode/utf8"

	"github.com/chatdlp/chatdlp/rules"
)

// where says where a rule's regex runs: on the whole text (the zero
// value), on spans of it (rules.Rule.FindAllIn) or anchored at starts
// (rules.Rule.FindAllFrom).
type where struct {
	spans  []rules.Span
	starts []int
	within int // with starts: the bytes from a start a match and its lookaheads read, -1 unbounded
}

func (w where) whole() bool { return w.spans == nil && w.starts == nil }

// maxSpanLen: a leading-literal rule whose matches are at most this long
// runs on the stretch after each literal; a longer or unbounded one is
// tried anchored at each literal instead.
const maxSpanLen = 512

// whereFor says where r's regex need run, for a rule that passed its
// gates. A local rule (see rules.Rule.Local) starts every match at a
// leading literal, inside a digit run its validator confines it to, or at
// a shape, and a bounded one is at most maxLen long: its regex need only
// run there. A leading-literal rule that reads nothing before its match
// (rules.Rule.LeftLocal) is tried anchored at each literal. One whose
// lookbehind starts at its leading literal, and whose lookaheads read a
// bounded stretch (rules.Rule.LookaheadReach), runs on the spans from each
// literal.
func whereFor(r *engineRule, hits *hitSet, f *features, text string) where {
	if r.near != nil {
		if f.nearRule != r {
			f.nearRule, f.nearStarts = r, nearStarts(r, hits, hits.pf.pats, text, f.facts)
		}
		return nearWhere(r, f.nearStarts, text)
	}
	if r.lead != nil && r.leftLocal && (!r.local || r.maxLen < 0 || r.maxLen > maxSpanLen) {
		starts := leadStarts(r, hits, text)
		within := -1
		if r.maxLen >= 0 && r.reach >= 0 {
			// The longest match, what the lookaheads read past it (in
			// characters, as bytes of the longest encoding), and one
			// character for a \b after it.
			within = r.maxLen + (r.reach+1)*utf8.UTFMax
			if r.maxChars >= 0 {
				// As many characters, in bytes as the text spells them:
				// regexp2 decodes what it is given, so a shorter
				// stretch costs less.
				within = min(within, charsAfter(text, starts, r.maxChars+r.reach+1))
			}
		}
		return where{starts: starts, within: within}
	}
	if r.behind {
		// From each leading literal (where the lookbehind starts) to the
		// longest match, plus what the lookaheads read after it (in
		// characters, counted here as bytes of the longest encoding).
		return where{spans: mergeSpans(leadSpans(r, hits, r.maxLen+r.reach*utf8.UTFMax), len(text))}
	}
	if !r.local {
		return where{}
	}
	var spans []rules.Span
	switch {
	case r.lead != nil:
		spans = leadSpans(r, hits, r.maxLen)
	case r.windowed:
		for _, run := range f.digitRuns() {
			if run.digits >= r.gate.minDigits {
				spans = append(spans, rules.Span{Start: run.start, End: run.end})
			}
		}
	case r.anchored != nil && r.gate.shape >= 0 && r.maxLen >= 0:
		for _, p := range f.shapeStarts(r.gate.shape) {
			q := p
			for q > 0 && isSpace(text[q-1]) {
				q--
			}
			spans = append(spans, rules.Span{Start: q, End: p + r.maxLen})
		}
		if r.gate.orDigits > 0 {
			for _, run := range f.digitRuns() {
				if run.digits >= r.gate.orDigits {
					spans = append(spans, rules.Span{Start: run.start, End: run.end})
				}
			}
		}
	default:
		return where{}
	}
	return where{spans: mergeSpans(spans, len(text))}
}

// leadSpans are the stretches of n bytes from each occurrence of r's
// leading literals.
func leadSpans(r *engineRule, hits *hitSet, n int) []rules.Span {
	var spans []rules.Span
	for _, h := range hits.at {
		if r.lead[h.id] {
			spans = append(spans, rules.Span{Start: int(h.start), End: int(h.start) + n})
		}
	}
	return spans
}

// leadStarts lists, sorted, where r's leading literals occur.
func leadStarts(r *engineRule, hits *hitSet, text string) []int {
	starts := []int{}
	for _, h := range hits.at {
		if p := int(h.start); r.lead[h.id] && !r.insideWord(text, p) {
			starts = append(starts, p)
		}
	}
	slices.Sort(starts)
	return slices.Compact(starts)
}

// mergeSpans sorts spans, clips them to [0,n) and joins those that
// overlap or touch.
func mergeSpans(spans []rules.Span, n int) []rules.Span {
	slices.SortFunc(spans, func(a, b rules.Span) int { return a.Start - b.Start })
	out := spans[:0]
	for _, s := range spans {
		s.Start, s.End = max(0, s.Start), min(n, s.End)
		if k := len(out); k > 0 && s.Start <= out[k-1].End {
			out[k-1].End = max(out[k-1].End, s.End)
			continue
		}
		out = append(out, s)
	}
	return out
}

// charsAfter is the most bytes that n characters from a start take in
// text (fewer where the text ends).
func charsAfter(text string, starts []int, n int) int {
	most := 0
	for _, st := range starts {
		i, k := st, 0
		for i < len(text) && k < n {
			if h := nextHigh(text[:min(len(text), i+n-k)], i); h > i {
				k += h - i // ASCII: a byte a character
				i = h
				continue
			}
			_, size := utf8.DecodeRuneInString(text[i:])
			i += size
			k++
		}
		most = max(most, i-st)
	}
	return most
}

package inspect

import (
	"slices"

	"github.com/chatdlp/chatdlp/rules"
)

// spansFor returns the stretches of text every match of r lies in, for a
// rule that passed its gates, or nil for the whole text. A local rule
// (see rules.Rule.Local) starts every match at a leading literal, inside a
// digit run its validator confines it to, or at a shape, and a bounded one
// is at most maxLen long: its regex need only run there.
func spansFor(r *engineRule, hits *hitSet, f *features, text string) []rules.Span {
	if !r.local {
		return leftSpan(r, hits, len(text))
	}
	var spans []rules.Span
	switch {
	case r.lead != nil && r.maxLen >= 0:
		for _, h := range hits.at {
			if r.lead[h.id] {
				spans = append(spans, rules.Span{Start: int(h.start), End: int(h.start) + r.maxLen})
			}
		}
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
	default:
		return leftSpan(r, hits, len(text))
	}
	return mergeSpans(spans, len(text))
}

// leftSpan is, for a leading-literal rule that reads nothing before its
// match (rules.Rule.LeftLocal: lookaheads allowed), the text from the
// first literal on; nil otherwise.
func leftSpan(r *engineRule, hits *hitSet, n int) []rules.Span {
	if !r.leftLocal || r.lead == nil {
		return nil
	}
	first := -1
	for _, h := range hits.at {
		if r.lead[h.id] && (first < 0 || int(h.start) < first) {
			first = int(h.start)
		}
	}
	if first <= 0 {
		return nil
	}
	return []rules.Span{{Start: first, End: n}}
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

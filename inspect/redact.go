package inspect

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/chatdlp/chatdlp/rules"
)

// Redact returns text with the span of every finding whose Action is
// ActionRedact masked; findings with any other action are left alone, so a
// caller can pass a whole Verdict's findings. Overlapping or touching spans
// merge into one, which keeps the KeepLast of the finding that ends last
// (the smallest, if several end there). Within a span each rune becomes one
// '*' (so UTF-8 stays valid) except the last KeepLast runes; a span never
// stays wholly in clear. HTML tags inside a span are kept as they are and
// do not count as characters. Offsets outside text are clamped.
func Redact(text string, findings []Finding) string {
	spans := redactSpans(text, findings)
	if len(spans) == 0 {
		return text
	}
	var sb strings.Builder
	sb.Grow(len(text))
	last := 0
	for _, s := range spans {
		sb.WriteString(text[last:s.start])
		maskSpan(&sb, text[s.start:s.end], s.keep)
		last = s.end
	}
	sb.WriteString(text[last:])
	return sb.String()
}

type redactSpan struct{ start, end, keep int }

// redactSpans returns the merged, sorted spans to mask.
func redactSpans(text string, findings []Finding) []redactSpan {
	var spans []redactSpan
	for _, f := range findings {
		s, e := max(0, min(f.Start, len(text))), max(0, min(f.End, len(text)))
		if f.Action == rules.ActionRedact && s < e {
			spans = append(spans, redactSpan{s, e, max(0, f.KeepLast)})
		}
	}
	slices.SortFunc(spans, func(a, b redactSpan) int { return a.start - b.start })
	out := spans[:0]
	for _, s := range spans {
		if n := len(out); n > 0 && s.start <= out[n-1].end {
			top := &out[n-1]
			switch {
			case s.end > top.end:
				top.end, top.keep = s.end, s.keep
			case s.end == top.end:
				top.keep = min(top.keep, s.keep)
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

// maskSpan writes span with all but its last keep content runes starred.
func maskSpan(sb *strings.Builder, span string, keep int) {
	n := contentRunes(span)
	if keep >= n {
		keep = 0
	}
	seen := 0
	for i := 0; i < len(span); {
		if span[i] == '<' {
			if t, _ := tagAt(span, i); t > 0 {
				sb.WriteString(span[i : i+t])
				i += t
				continue
			}
		}
		_, size := utf8.DecodeRuneInString(span[i:])
		if seen >= n-keep {
			sb.WriteString(span[i : i+size])
		} else {
			sb.WriteByte('*')
		}
		seen++
		i += size
	}
}

// contentRunes counts the runes of span outside HTML tags.
func contentRunes(span string) int {
	n := 0
	for i := 0; i < len(span); {
		if span[i] == '<' {
			if t, _ := tagAt(span, i); t > 0 {
				i += t
				continue
			}
		}
		_, size := utf8.DecodeRuneInString(span[i:])
		n++
		i += size
	}
	return n
}

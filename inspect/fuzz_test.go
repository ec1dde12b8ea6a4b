package inspect

import (
	"context"
	"testing"
	"unicode/utf8"

	"github.com/chatdlp/chatdlp/rules"
)

// FuzzNormalize checks the offset map: every normalised byte maps to a
// non-empty range inside the original, both ends monotonic, and valid
// UTF-8 in gives valid UTF-8 out.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"card 4012 8888 8888 1881", "4012\u200b8888", "<b>4012</b> 8888&amp;", "\x0304,12hi\x02", "a%20b%E2%80%8B", "ＡＫＩＡ", "bike store 4\ufe0f\u20e38\ufe0f\u20e3", "#\u20e3 ４\ufe0f\u20e3 \u20e3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := normalize(s)
		defer n.put()
		checkMap(t, s, n)
		for _, a := range n.attrs {
			if a.start < 0 || a.end > len(s) || a.start >= a.end {
				t.Fatalf("attribute [%d,%d) of %d", a.start, a.end, len(s))
			}
		}
		if utf8.ValidString(s) && !utf8.ValidString(n.s) && !containsAny(s, '%', '%') {
			t.Fatalf("normalize(%q) = %q: invalid UTF-8", s, n.s)
		}
		for _, seg := range base64Segments(n.s, &n.facts) {
			if seg.start < 0 || seg.end > len(n.s) || seg.start >= seg.end {
				t.Fatalf("base64 segment [%d,%d) of %d", seg.start, seg.end, len(n.s))
			}
		}
	})
}

// FuzzInspect runs the engine on arbitrary text: findings lie inside the
// text, in order, and redaction keeps valid UTF-8 valid.
func FuzzInspect(f *testing.F) {
	e, _ := loadEngine(f, false, Options{}, "testdata/rules/basic.yaml")
	for _, s := range []string{"card 4012 8888 8888 1881", "<b>4012</b>\u200b8888 8888 1881", "QUtJQUlPU0ZPRE5ON0VYQU1QTEUgaGVsbG8gd29ybGQ=", "password=hunter2hunter2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := e.Inspect(context.Background(), Message{Text: s, Direction: rules.DirectionOutbound})
		if err != nil {
			t.Fatalf("Inspect(): %v", err)
		}
		for i, fd := range v.Findings {
			if fd.Start < 0 || fd.End > len(s) || fd.Start > fd.End {
				t.Fatalf("finding [%d,%d) outside text of %d", fd.Start, fd.End, len(s))
			}
			if i > 0 && compareFindings(v.Findings[i-1], fd) > 0 {
				t.Fatalf("findings out of order")
			}
		}
		red := make([]Finding, len(v.Findings))
		for i, fd := range v.Findings {
			fd.Action = rules.ActionRedact
			red[i] = fd
		}
		if out := Redact(s, red); utf8.ValidString(s) && !utf8.ValidString(out) {
			t.Fatalf("Redact(%q) = %q: invalid UTF-8", s, out)
		}
	})
}

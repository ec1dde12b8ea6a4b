package inspect

import (
	"testing"
	"unicode/utf8"
)

// FuzzNormalize checks the offset map: every normalised byte maps to a
// non-empty range inside the original, both ends monotonic, and valid
// UTF-8 in gives valid UTF-8 out.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"card 4012 8888 8888 1881", "4012\u200b8888", "<b>4012</b> 8888&amp;", "\x0304,12hi\x02", "a%20b%E2%80%8B", "ＡＫＩＡ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := normalize(s)
		defer n.put()
		checkMap(t, s, n)
		if utf8.ValidString(s) && !utf8.ValidString(n.s) && !containsAny(s, '%', '%') {
			t.Fatalf("normalize(%q) = %q: invalid UTF-8", s, n.s)
		}
		for _, seg := range base64Segments(n.s) {
			if seg.start < 0 || seg.end > len(n.s) || seg.start >= seg.end {
				t.Fatalf("base64 segment [%d,%d) of %d", seg.start, seg.end, len(n.s))
			}
		}
	})
}

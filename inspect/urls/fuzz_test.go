package urls

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzExtract checks that Extract never panics and that its links are
// well formed: offsets within the text, in order, not overlapping, Raw
// the text between them, a host and an absolute URL for each.
func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"see https://example.com/a?b=c, thanks",
		"<https://bit.ly/abc|docs.google.com> <@U1> <#C1|x>",
		`<a href="https://t.co/x">click</a> <A HREF='hxxps://evil[.]example'>x`,
		"hxxps://evil[.]example/x evil(dot)example hXXp[:]//a[dot]b.com",
		"bit。ly/abc t｡co/z ＥＸＡＭＰＬＥ．com",
		"https://аpple.com xn--pple-43d.com https://bücher.example",
		"bob@example.com 1.2.3 report.pdf 10.0.0.1/x http://[::1]:8/",
		"example.com/r?u=http://x.example (a.example/b_(c)) [x.example]",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		prev := 0
		for i, l := range Extract(text) {
			if l.Start < prev || l.Start >= l.End || l.End > len(text) {
				t.Fatalf("link %d [%d:%d] out of order or bounds (previous end %d, len %d)", i, l.Start, l.End, prev, len(text))
			}
			prev = l.End
			if text[l.Start:l.End] != l.Raw {
				t.Fatalf("link %d Raw %q, text %q", i, l.Raw, text[l.Start:l.End])
			}
			if l.Host == "" || l.Domain == "" || !strings.Contains(l.URL, "://") {
				t.Fatalf("link %d incomplete: %+v", i, l)
			}
			if utf8.ValidString(text) && !utf8.ValidString(l.Raw) {
				t.Fatalf("link %d Raw %q cuts a character", i, l.Raw)
			}
		}
	})
}

// TestExtractLinear feeds Extract about 1 MB of each input that would
// make a careless scanner quadratic (unanchored searches, anchors with no
// end tag, '<' with no '>'): each must finish in well under a second; the
// bound is loose for a loaded machine.
func TestExtractLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("1 MB inputs")
	}
	for _, tc := range []struct{ name, unit string }{
		{"anchors", "<a href=https://x.example>"},
		{"paths", `a.com/"`},
		{"schemes", `http://"`},
		{"slack", "<https://x.example|"},
		{"dots", "a."},
		{"defang", "hxxp[.]"},
		{"labels", "a-."},
		{"lt", "<"},
		{"emails", "a@b.com"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := strings.Repeat(tc.unit, (1<<20)/len(tc.unit))
			began := time.Now()
			Extract(text)
			// Linear: 1 MB takes about 3 s under -race on a loaded 2-core
			// machine; a quadratic scan would take hours.
			if took := time.Since(began); took > 15*time.Second {
				t.Errorf("Extract of 1 MB of %q took %v", tc.unit, took)
			}
		})
	}
}

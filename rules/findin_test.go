package rules

import (
	"slices"
	"testing"
	"time"
	"unicode/utf8"
)

func TestIsLocal(t *testing.T) {
	for p, want := range map[string]bool{
		`\b\d{3}-\d{2}-\d{4}\b`:   true,
		`(?i)ghp_[A-Za-z0-9]{36}`: true,
		`[^\s"']{6,}(\d)\1`:       true,
		`^password`:               false,
		`token$`:                  false,
		`(?<=key=)\w+`:            false,
		`\w+(?!@)`:                false,
		`\Aab`:                    false,
		`(?(1)a|b)`:               false,
		`[^^$]+`:                  true,
		`(`:                       false,
	} {
		if got := isLocal(p); got != want {
			t.Errorf("isLocal(%q) = %v, want %v", p, got, want)
		}
	}
	for p, want := range map[string]bool{
		`\w+(?!@)`:     true,
		`token$`:       true,
		`a(?=b{2,})`:   true,
		`(?<=key=)\w+`: false,
		`(?<!x)y`:      false,
		`^password`:    false,
		`\Aab`:         false,
		`\b\d{4}\b`:    true,
	} {
		if got := isLeftLocal(p); got != want {
			t.Errorf("isLeftLocal(%q) = %v, want %v", p, got, want)
		}
	}
}

// TestFindAllIn checks that spans covering FindAll's matches (exactly, or
// widened) give the same matches, for every local built-in rule on its
// examples inside other text.
func TestFindAllIn(t *testing.T) {
	rs, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	local := 0
	for _, r := range rs {
		if !r.Local() || r.HasValueGroup() { // findings are groups, not the regex's matches
			continue
		}
		local++
		for _, ex := range slices.Concat(r.Examples.Match, r.Examples.NoMatch) {
			for _, text := range []string{ex, "héllo wörld 🎉 " + ex + " ü " + ex + " end", ex + "x" + ex} {
				want, err := r.FindAll(text, time.Second)
				if err != nil {
					t.Fatal(err)
				}
				for _, widen := range []int{0, 1, 5} {
					var spans []Span
					for _, m := range want {
						s := Span{max(0, m.Start-widen), min(len(text), m.End+widen)}
						if n := len(spans); n > 0 && s.Start <= spans[n-1].End {
							spans[n-1].End = s.End
							continue
						}
						spans = append(spans, s)
					}
					got, err := r.FindAllIn(text, spans, time.Second)
					if err != nil {
						t.Fatal(err)
					}
					if !slices.Equal(got, want) {
						t.Errorf("%s: FindAllIn(%q, %v) = %v, want %v", r.ID, text, spans, got, want)
					}
				}
			}
		}
	}
	if local < 10 {
		t.Errorf("only %d built-in rules are local", local)
	}
}

// TestFindAllInContext: a match the cut-short context makes up (a \b at
// the text's edge) must not hide the real one it overlaps.
func TestFindAllInContext(t *testing.T) {
	for _, tt := range []struct {
		pattern, text string
		spans         []Span
	}{
		{`\bab|b`, "aab", []Span{{2, 3}}},                  // \bab from the left context
		{`ab\w\b|ab`, "abcd xx", []Span{{0, 2}}},           // \b at the end of the right context
		{`\b[a-z]?\d{4}|\d{4}`, "xa4111 ", []Span{{2, 6}}}, // a letter before a digit run
	} {
		re, err := compilePattern(tt.pattern)
		if err != nil {
			t.Fatal(err)
		}
		r := &Rule{ID: "context", Pattern: tt.pattern}
		r.setRegex(re)
		if !r.Local() {
			t.Fatalf("%q is not local", tt.pattern)
		}
		want, err := r.FindAll(tt.text, time.Second)
		if err != nil || len(want) == 0 {
			t.Fatalf("FindAll(%q) = %v, %v", tt.text, want, err)
		}
		got, err := r.FindAllIn(tt.text, tt.spans, time.Second)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("%q: FindAllIn(%q, %v) = %v, %v, want %v", tt.pattern, tt.text, tt.spans, got, err, want)
		}
	}
}

// FuzzFindAllIn: for a local pattern, spans holding every match of the
// regex (widened by a few bytes, merged) find exactly what FindAll finds;
// for one with an Opening, so do anchored tries where it admits a match.
func FuzzFindAllIn(f *testing.F) {
	f.Add(`\bab|b`, "aab", uint8(0))
	f.Add(`ab\w\b|ab`, "abcd xx", uint8(1))
	f.Add(`\b[a-z]?\d{4}|\d{4}`, "xa4111 é 1234", uint8(2))
	f.Add(`(?i)ghp_[a-z0-9]{4,}\b`, "token GHP_abcd1234 ghp_x", uint8(3))
	f.Add(`(?i)\b(?:postgres|mysql)://\w+:(?!pass@)[^\s@]+@\S+$`, "x postgres://a:b@h mysql://u:pass@h", uint8(1))
	// A value group (its span is the finding) that takes part or not.
	f.Add(`(?i)pass(?:word)?[:=](?<value>\S{4,})`, "x password=abcd1 PASS:wxyz9", uint8(5))
	f.Add(`(?i)(?:key=(?<value>\w+)|tok_\w+)\b`, "a key=abc1 tok_xyz key=", uint8(6))
	// Lookbehinds inside the match that read before it (Opening.Behind).
	f.Add(`(?<=\s)x\d(?<!ab\sx\d)`, "ab x1 x2", uint8(0))
	f.Add(`(?<=^|\s)ab\S{0,9}?(?=\d)(?<=\b(?:is|sigue) )\d{2}`, "x ab is 12 ab, sigue 34", uint8(1))
	f.Fuzz(func(t *testing.T, pattern, text string, widen uint8) {
		if len(pattern) > 64 || len(text) > 256 {
			return
		}
		re, err := compilePattern(pattern)
		if err != nil {
			return
		}
		r := &Rule{ID: "fuzz", Pattern: pattern}
		r.setRegex(re)
		if o, ok := r.Opening(); ok {
			checkOpeningAnchored(t, r, o, text)
		}
		if r.LeftLocal() {
			checkLeftLocal(t, r, text, int(widen%4))
			checkFindFrom(t, r, text, 3+int(widen%13))
		}
		if !r.Local() {
			return
		}
		raw, err := r.findIndex(text, time.Second)
		if err != nil {
			return
		}
		w := int(widen % 4)
		var spans []Span
		for _, m := range raw {
			s := Span{max(0, m[0]-w), min(len(text), m[1]+w)}
			if n := len(spans); n > 0 && s.Start <= spans[n-1].End {
				spans[n-1].End = max(spans[n-1].End, s.End)
				continue
			}
			spans = append(spans, s)
		}
		want, err := r.FindAll(text, time.Second)
		if err != nil {
			return
		}
		got, err := r.FindAllIn(text, spans, time.Second)
		if err != nil {
			return
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%q on %q: FindAllIn(%v) = %v, FindAll = %v", pattern, text, spans, got, want)
		}
	})
}

// checkLeftLocal: for a left-local rule, one span from the first match of
// the regex (or a few bytes before) to the end finds what FindAll finds.
func checkLeftLocal(t *testing.T, r *Rule, text string, w int) {
	t.Helper()
	raw, err := r.findIndex(text, time.Second)
	if err != nil || len(raw) == 0 {
		return
	}
	want, err := r.FindAll(text, time.Second)
	if err != nil {
		return
	}
	spans := []Span{{max(0, raw[0][0]-w), len(text)}}
	got, err := r.FindAllIn(text, spans, time.Second)
	if err != nil {
		return
	}
	if !slices.Equal(got, want) {
		t.Fatalf("%q on %q: FindAllIn(%v) = %v, FindAll = %v", r.Pattern, text, spans, got, want)
	}
}

// checkFindFrom: for a left-local rule, trying the regex anchored at every
// start of a match of it (and at every step-th position besides) finds
// what FindAll finds.
func checkFindFrom(t *testing.T, r *Rule, text string, step int) {
	t.Helper()
	raw, err := r.findIndex(text, time.Second)
	if err != nil {
		return
	}
	want, err := r.FindAll(text, time.Second)
	if err != nil {
		return
	}
	var starts []int
	for _, m := range raw {
		starts = append(starts, m[0])
	}
	for p := 0; p <= len(text); p += step {
		starts = append(starts, p)
	}
	slices.Sort(starts)
	starts = slices.Compact(starts)
	got, err := r.FindAllFrom(text, starts, time.Second)
	if err != nil {
		return
	}
	if !slices.Equal(got, want) {
		t.Fatalf("%q on %q: FindAllFrom(%v) = %v, FindAll = %v", r.Pattern, text, starts, got, want)
	}
	// Within the pattern's longest match and the lookaheads' reach (as
	// the engine bounds it) from each start, the tries find the same. (Not
	// the longest match found in text: with none, a try cut short may
	// match where the whole text does not, "[a-z0-9]{4,}\b" on "0000_0".)
	tree := parseTree(r.Pattern)
	if tree == nil {
		return
	}
	if reach, w := r.LookaheadReach(), maxWidth(tree.Root); reach >= 0 && w >= 0 {
		within := (w + reach + 1) * utf8.UTFMax
		got, err := r.FindAllFromWithin(text, starts, within, time.Second)
		if err != nil {
			return
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%q on %q: FindAllFromWithin(%v, %d) = %v, FindAll = %v", r.Pattern, text, starts, within, got, want)
		}
	}
}

// TestOpensWithBoundary: patterns whose every match begins at \b.
func TestOpensWithBoundary(t *testing.T) {
	for _, tt := range []struct {
		pattern string
		want    bool
	}{
		{`\bpw (?:for|to)\b\S+`, true},
		{`(?i)(?:\bpass\w*|\bpw)[:=]\S+`, true},
		{`(?i)\b(?:a|b)c|\bd`, true},
		{`(?i)(?:\bpass|pw)[:=]`, false}, // one alternative without it
		{`x\bpass`, false},
		{`(?<=\bpass)[:=]\S+`, false},
		{`\Bpass`, false},
	} {
		re, err := compilePattern(tt.pattern)
		if err != nil {
			t.Fatal(err)
		}
		r := &Rule{ID: "t", Pattern: tt.pattern}
		r.setRegex(re)
		if got := r.OpensWithBoundary(); got != tt.want {
			t.Errorf("OpensWithBoundary(%q) = %v, want %v", tt.pattern, got, tt.want)
		}
	}
}

func TestLookaheadReach(t *testing.T) {
	for _, tt := range []struct {
		pattern string
		want    int
	}{
		{`abc\d+`, 0},
		{`[:=](?<=\bkey[:=])\w{8}(?![A-Za-z0-9])`, 1},
		{`(?=[a-z]{0,12}\d)\w+`, 13},
		{`x(?!ab|c{2,5}d)`, 6},
		{`x(?=\w*y)`, -1},     // unbounded
		{`(?<=a)b(?<=b)`, -1}, // two lookbehinds
		{`^abc`, -1},          // an anchor
		{`(a)\1`, -1},         // a backreference
		{`x(?=(?:ab){3})`, 6}, // a counted group
		{`x(?=(?!y{4})z)`, 5}, // nested lookarounds count as read
		{`(?i)\bpass(?=.{0,3}:)`, 4},
	} {
		re, err := compilePattern(tt.pattern)
		if err != nil {
			t.Fatalf("compile %q: %v", tt.pattern, err)
		}
		r := &Rule{ID: "t", Pattern: tt.pattern}
		r.setRegex(re)
		if got := r.LookaheadReach(); got != tt.want {
			t.Errorf("LookaheadReach(%q) = %d, want %d", tt.pattern, got, tt.want)
		}
	}
}

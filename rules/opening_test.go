package rules

import (
	"slices"
	"testing"
	"time"
)

func TestOpening(t *testing.T) {
	for _, tt := range []struct {
		pattern        string
		ok, atStart    bool
		after, notAftr string // bytes a match may and may not follow
		reach, behind  int
	}{
		{pattern: `\b\d{4}\b`, ok: true, atStart: true, after: "a 1-", reach: 0},
		{pattern: `(?<=^|[\s"'])(?<value>\S{8})`, ok: true, atStart: true, after: " \t\n\"'", notAftr: "ax1(-", reach: 0},
		{pattern: `(?<=[(*])x(?=y{3})`, ok: true, after: "(*", notAftr: " a", reach: 3},
		{pattern: `(?<![\w@])[a-z]{4}(?![\w])`, ok: true, atStart: true, after: " -.(", notAftr: "aZ0_@", reach: 1},
		{pattern: `(?m)(?<=^|\t)x`, ok: true, atStart: true, after: "\t\n", notAftr: " a", reach: 0},
		{pattern: `(?i)(?<=[q])x`, ok: true, after: "qQ", notAftr: "x ", reach: 0},
		{pattern: `(?<=[\s])\d+(?=\s|$)`, ok: true, after: " ", notAftr: "a", reach: 1},   // $ reads the next character
		{pattern: `(?<=key=)\w+`, ok: false},                                              // more than one character
		{pattern: `(?<=\s)a(?<=a)`, ok: true, after: " ", reach: 1, behind: 1},            // a lookbehind inside the match (and a \b before it)
		{pattern: `(?<=\s)(?<!x)a`, ok: false},                                            // a second one before the match
		{pattern: `^abc`, ok: false},                                                      // an anchor outside the lookbehind
		{pattern: `x(?<=\sx)`, ok: true, atStart: true, after: " a", reach: 1, behind: 2}, // not opening: it reads one before x
		{pattern: `(?<=\s)ab\w{0,9}?(?=\d)(?<=\b(?:is|sigue siendo) )\d`, ok: true, after: " ", reach: 1, behind: 12},
		{pattern: `(?<=\s)ab(?<=(?=b)ab)`, ok: false},                 // a lookaround inside it
		{pattern: `(?<=\s)ab(?<=\s\w*)`, ok: false},                   // unbounded
		{pattern: `(?<!^)x`, ok: false},                               // a negative ^
		{pattern: `(?<=\s)x(?=\w*)`, ok: true, after: " ", reach: -1}, // unbounded lookahead
	} {
		re, err := compilePattern(tt.pattern)
		if err != nil {
			t.Fatalf("compile %q: %v", tt.pattern, err)
		}
		r := &Rule{ID: "t", Pattern: tt.pattern}
		r.setRegex(re)
		o, ok := r.Opening()
		if ok != tt.ok {
			t.Errorf("Opening(%q): ok = %v, want %v", tt.pattern, ok, tt.ok)
			continue
		}
		if !ok {
			continue
		}
		if o.AtStart != tt.atStart || o.Reach != tt.reach || o.Behind != tt.behind {
			t.Errorf("Opening(%q) = AtStart %v Reach %d Behind %d, want %v %d %d", tt.pattern, o.AtStart, o.Reach, o.Behind, tt.atStart, tt.reach, tt.behind)
		}
		for _, c := range []byte(tt.after) {
			if !o.After[c] {
				t.Errorf("Opening(%q): a match may follow %q, After says no", tt.pattern, c)
			}
		}
		for _, c := range []byte(tt.notAftr) {
			if o.After[c] {
				t.Errorf("Opening(%q): no match follows %q, After says one may", tt.pattern, c)
			}
		}
		if !o.After[0xc3] || !o.After[0xa9] {
			t.Errorf("Opening(%q): After must admit every non-ASCII byte", tt.pattern)
		}
	}
}

// TestOpeningAnchored: a rule with an Opening, tried anchored at every
// place its After admits, finds what FindAll finds.
func TestOpeningAnchored(t *testing.T) {
	texts := []string{
		"pw: Tulpe#Regen88, or (Gelule!Nuit42) and \"x9!kQ2mz\" café Ab3$efgh",
		"aaaa bbbb\ncccc 1234 é1234 (5678) *9012 x3456",
		"",
		"Ab3$efgh",
		"x0 ab x1 cd x2 ab\tx3 x4, abis 12 ab is 34 é abé sigue siendo 56 ab, sigue siendo 78",
	}
	for _, p := range []string{
		// Lookbehinds inside the match that read before it (Behind).
		`x(?<=\sx)\d`,
		`(?<=\s)x\d(?<!ab\sx\d)`,
		`(?<=^|\s)ab\S{0,9}?(?=\d)(?<=\b(?:is|sigue siendo) )\d{2}`,
		`(?<=^|\s)ab[^\d]{0,30}?(?=\d)(?<!\bsigue siendo )\d{2}`,
		`(?<=^|[\s"'(*])(?<value>[^\s"'()]{4,12}?)(?=[)",.]?(?:\s|$))`,
		`(?<![\w])\d{4}(?![\w])`,
		`(?m)(?<=^|[ (])[a-c]{4}`,
		`(?<=[\s(*])\d{4}\)?`,
	} {
		re, err := compilePattern(p)
		if err != nil {
			t.Fatal(err)
		}
		r := &Rule{ID: "t", Pattern: p}
		r.setRegex(re)
		o, ok := r.Opening()
		if !ok {
			t.Fatalf("Opening(%q): none", p)
		}
		for _, text := range texts {
			checkOpeningAnchored(t, r, o, text)
		}
	}
}

// checkOpeningAnchored: for a rule with an Opening, trying the pattern
// anchored at every place its opening admits finds what FindAll finds.
func checkOpeningAnchored(t *testing.T, r *Rule, o Opening, text string) {
	t.Helper()
	want, err := r.FindAll(text, time.Second)
	if err != nil {
		return
	}
	var starts []int
	for i := 0; i <= len(text); i++ {
		if RuneBoundary(text, i) && (i == 0 && o.AtStart || i > 0 && o.After[text[i-1]]) {
			starts = append(starts, i)
		}
	}
	got, err := r.FindAllFromWithin(text, starts, -1, time.Second)
	if err != nil {
		return
	}
	if !slices.Equal(got, want) {
		t.Errorf("%q on %q: anchored %v, FindAll %v", r.Pattern, text, got, want)
	}
}

// TestProximityNoHiding: for a rule with keyword proximity, a match far
// from its keywords does not hide one near them that overlaps it; for a
// rule without, regex matches hide one another as ever.
func TestProximityNoHiding(t *testing.T) {
	text := "aaaa-bbbbcccc key"
	rs, err := Parse([]byte(`rules:
  - id: near
    description: d
    severity: high
    action: block
    pattern: '[a-z]{4}-?[a-z]{4}'
    keywords: [key]
    proximity: 5
  - id: plain
    description: d
    severity: high
    action: block
    pattern: '[a-z]{4}-?[a-z]{4}'
`), "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// "aaaa-bbbb" is more than 5 characters from "key"; "bbbbcccc", which
	// overlaps it, is not.
	if got := mustFindAll(t, rs[0], text); !slices.Equal(got, []Match{{Start: 5, End: 13}}) {
		t.Errorf("near: FindAll = %v, want [{5 13}] (bbbbcccc) once aaaa-bbbb is dropped", got)
	}
	if got := mustFindAll(t, rs[1], text); !slices.Equal(got, []Match{{Start: 0, End: 9}}) {
		t.Errorf("plain: FindAll = %v, want [{0 9}] and nothing overlapping it", got)
	}
	if got, err := rs[0].FindAllFromWithin(text, []int{0, 5}, -1, time.Second); err != nil || !slices.Equal(got, []Match{{Start: 5, End: 13}}) {
		t.Errorf("near: FindAllFromWithin = %v, %v, want [{5 13}]", got, err)
	}
	spans, err := rs[0].FindAllIn(text, []Span{{0, len(text)}}, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(spans, mustFindAll(t, rs[0], text)) {
		t.Errorf("near: FindAllIn = %v, FindAll %v", spans, mustFindAll(t, rs[0], text))
	}
}

func mustFindAll(t *testing.T, r *Rule, text string) []Match {
	t.Helper()
	ms, err := r.FindAll(text, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

func TestValueIsMatch(t *testing.T) {
	for p, want := range map[string]bool{
		`(?<=\s)(?!x)(?<value>\w+)(?=\s)`:  true,
		`(?<value>\w+)`:                    true,
		`(?i)(?<value>ab)(?=c)`:            true,
		`pw:\s*(?<value>\S+)`:              false,
		`(?<value>\w+)!`:                   false,
		`(?<value>a)|b`:                    false,
		`(?<=\s)(?<value>\w+)(?<x>y)?`:     false,
		`(?<=\s)(?:(?<value>\w+)|(?<v>x))`: false,
	} {
		re, err := compilePattern(p)
		if err != nil {
			t.Fatal(err)
		}
		r := &Rule{ID: "t", Pattern: p}
		r.setRegex(re)
		if r.valueWhole != want {
			t.Errorf("valueWhole(%q) = %v, want %v", p, r.valueWhole, want)
		}
	}
}

package inspect

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// TestRegroupRuns: which numbers are joined, and into what.
func TestRegroupRuns(t *testing.T) {
	tests := []struct {
		text, want string // want: the joined groups, "" for none
	}{
		{"my card number is 55 01 17 44 48 64 10 98", "5501174448641098"},
		{"card 4 6 5 2 8 5 5 2 9 1 8 2 0 9 6 7 ok", "4652855291820967"},
		{"card 5420 / 6461 / 2629 / 3258 exp 09/28", "5420646126293258"},
		{"IBAN: DE65 / 0068 / 5843 / 1940 / 7056 / 60", "DE65006858431940705660"},
		{"IBAN: DE9-870-930-027-095-350-023-2", "DE98709300270953500232"},
		{"SIN 1138/7829/2", "113878292"},
		{"SSN 080-882-036", "080882036"},
		{"NHS 584-666-784-8", "5846667848"},
		// Printed in their usual groups: the rules read them as they are.
		{"card 4012 8888 8888 1881", ""},
		{"SSN 123-45-6789", ""},
		{"NHS 943 476 5919", ""},
		{"Amex 3782 822463 10005", ""},
		{"IBAN GB82 WEST 1234 5698 7654 32", ""},
		// Two kinds of separator: a format of its own (SNILS).
		{"SNILS: 376-252-047 84", ""},
		// Too few digits or groups, inside words, dates, plain digits.
		{"on 12/05/2024 at 10.30", ""},
		{"order 12345678901234", ""},
		{"v1.2.3.4 build 5", ""},
		{"abc12 34 56 78 90", ""},
		{"see https://example.com/a/b/c/123/456/789", ""},
	}
	for _, tc := range tests {
		n := normalize(tc.text)
		got := regroupRuns(n.s, &n.facts, nil)
		n.put()
		var joined []string
		for _, g := range got {
			joined = append(joined, g.joined)
		}
		if strings.Join(joined, ",") != tc.want {
			t.Errorf("regroupRuns(%q) = %q, want %q", tc.text, joined, tc.want)
		}
	}
}

// TestRegroupFindings: a number found in its joined groups is one finding
// over the whole number in the original, and one already found as written
// is not reported twice.
func TestRegroupFindings(t *testing.T) {
	e, _ := loadEngine(t, true, Options{})
	for _, tc := range []struct {
		text, rule, span string
	}{
		{"hi, my card number is 55 01 17 44 48 64 10 98 thanks", "payment-card", "55 01 17 44 48 64 10 98"},
		{"card 5420 / 6461 / 2629 / 3258 exp 09/28", "payment-card", "5420 / 6461 / 2629 / 3258"},
		{"meine IBAN: DE65 / 0068 / 5843 / 1940 / 7056 / 60", "iban", "DE65 / 0068 / 5843 / 1940 / 7056 / 60"},
		{"SSN 080-882-036", "us-ssn-unformatted", "080-882-036"},
	} {
		v, err := e.Inspect(context.Background(), out(tc.text))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range v.Findings {
			if f.RuleID == tc.rule {
				got = append(got, tc.text[f.Start:f.End])
			}
		}
		if len(got) != 1 || got[0] != tc.span {
			t.Errorf("%q: %s findings %q, want one over %q (all: %+v)", tc.text, tc.rule, got, tc.span, v.Findings)
		}
	}
	// Found as written (a Canadian SIN, 3-3-3) and again in the joined
	// digits: one finding.
	v, err := e.Inspect(context.Background(), out("my SIN is 193 456 787"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range v.Findings {
		if f.RuleID == "canada-sin" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("SIN 193 456 787: %d canada-sin findings, want 1 (%+v)", n, v.Findings)
	}
}

func FuzzRegroup(f *testing.F) {
	f.Add("card 5420 / 6461 / 2629 / 3258 exp 09/28")
	f.Add("IBAN: DE9-870-930-027-095-350-023-2")
	f.Add("1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8")
	f.Add("A/1/2/3/4/5/6/7/8/9/B")
	f.Fuzz(func(t *testing.T, text string) {
		n := normalize(text)
		defer n.put()
		// scanText's groupSlashes are every slash with a digit either
		// side (a space between allowed) and a slash close after.
		var want []int
		for i := 0; i < len(n.s); i++ {
			if n.s[i] == '/' && digitNear(n.s, i-1, -1) && digitNear(n.s, i+1, 1) && strings.Contains(n.s[i+1:min(len(n.s), i+regroupMaxGroup+4)], "/") {
				want = append(want, i)
			}
		}
		if !slices.Equal(n.facts.groupSlashes, want) {
			t.Fatalf("normalize(%q).facts.groupSlashes = %v, want %v", text, n.facts.groupSlashes, want)
		}
		last := 0
		for _, g := range regroupRuns(n.s, &n.facts, nil) {
			if g.start < last || g.end <= g.start || g.end > len(n.s) {
				t.Fatalf("regroupRuns(%q): bad span [%d,%d) after %d", text, g.start, g.end, last)
			}
			last = g.end
			var digits strings.Builder
			for _, c := range []byte(n.s[g.start:g.end]) {
				if isAlnumUpper(c) {
					digits.WriteByte(c)
				}
			}
			if digits.String() != g.joined {
				t.Fatalf("regroupRuns(%q): joined %q, want the groups of %q", text, g.joined, n.s[g.start:g.end])
			}
		}
	})
}

// TestRegroupLinear: long runs of groups and slashes are read in linear
// time (a quadratic walk back from every slash would not finish here).
func TestRegroupLinear(t *testing.T) {
	for _, unit := range []string{"1/", "12 / ", "1 ", "AB12-", "9.", "DE1/2 "} {
		text := strings.Repeat(unit, 2<<20/len(unit))
		n := normalize(text)
		got := regroupRuns(n.s, &n.facts, nil)
		n.put()
		for i := 1; i < len(got); i++ {
			if got[i].start < got[i-1].end {
				t.Fatalf("%q…: numbers overlap: [%d,%d) and [%d,%d)", unit, got[i-1].start, got[i-1].end, got[i].start, got[i].end)
			}
		}
	}
}

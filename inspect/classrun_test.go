package inspect

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/chatdlp/chatdlp/rules"
)

// TestClassRunPassSkips checks the skipping scan against a byte-by-byte one.
func TestClassRunPassSkips(t *testing.T) {
	g := classRunGate(`[A-Za-z0-9/+]{40}`)
	naive := func(text string) bool {
		run := 0
		for i := 0; i < len(text); i++ {
			if g.in[text[i]] {
				if run++; run >= g.n {
					return true
				}
			} else {
				run = 0
			}
		}
		return false
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for k := 0; k < 20000; k++ {
		var b strings.Builder
		for n := rng.IntN(300); b.Len() < n; {
			if rng.IntN(8) == 0 {
				b.WriteByte(" .-_é"[rng.IntN(5)])
			} else {
				b.WriteByte("aB3/+"[rng.IntN(5)])
			}
		}
		if got, want := g.pass(b.String()), naive(b.String()); got != want {
			t.Fatalf("pass(%q) = %v, want %v", b.String(), got, want)
		}
		var facts textFacts
		scanText(b.String(), &facts)
		if got, want := g.passFacts(b.String(), &facts), naive(b.String()); got != want {
			t.Fatalf("passFacts(%q) = %v, want %v", b.String(), got, want)
		}
	}
}

// TestGatedOnRun: a rule opening with a three-byte literal of prose
// ("pat") and holding a long run of a base64 class registers no literal
// with the prefilter, and is still found, and only where the run is.
func TestGatedOnRun(t *testing.T) {
	e := builtinEngine(t)
	for _, r := range e.rules {
		if got, want := r.prefilter && r.run != nil && r.pfIDs == nil, r.id == "airtable-token"; got != want {
			t.Errorf("%s: gated on its run alone = %v, want %v", r.id, got, want)
		}
	}
	tok := "patoAXgUZPNbWPKSe.df2092e6ec2ce22ee948f03326310422883c70b9795a202a4606be413041ef32"
	for text, want := range map[string]bool{
		"AIRTABLE_TOKEN=" + tok:                               true,
		"the path to the patch is in the pattern " + tok[:40]: false,
		"sha256 " + tok[18:] + " of the path":                 false,
	} {
		v, err := e.Inspect(context.Background(), Message{Text: text, Direction: rules.DirectionOutbound})
		if err != nil {
			t.Fatal(err)
		}
		got := slices.ContainsFunc(v.Findings, func(f Finding) bool { return f.RuleID == "airtable-token" })
		if got != want {
			t.Errorf("Inspect(%q): airtable-token found = %v, want %v", text, got, want)
		}
	}
}

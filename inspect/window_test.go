package inspect

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/chatdlp/chatdlp/rules"
)

func TestOpensWithWordStart(t *testing.T) {
	for p, want := range map[string]bool{
		`\b\d{3}([- ])\d{2}\b`: true,
		`\b[2-9]\d{3}`:         true,
		`\b(?:\d[ -]?){13,19}`: true,
		`\b\d*x`:               false,
		`\b[-\d]`:              false,
		`\d{9}`:                false,
		`(?i)\bk`:              false,
		`\bé`:                  false,
	} {
		if got := opensWithWordStart(p); got != want {
			t.Errorf("opensWithWordStart(%q) = %v, want %v", p, got, want)
		}
	}
}

// FuzzGates checks the gates are sound over the built-in pack: whenever a
// rule's own regex and validator find a match in a normalised text, the
// rule passes its gates (keywords, literals, shapes, digit runs, relaxed
// patterns at word starts and literal hits), whatever the scope's scanner,
// and running its regex on the spans the gates name finds the same.
func FuzzGates(f *testing.F) {
	for _, s := range append(slices.Clone(chatHits), "ssn 078-05-1120 and INV-2024-00917", "x9123-456-7890y 2345 6789 0123",
		"token: 'abcd1234efgh5678ijkl'", "PWD=Xk9#mQ2$vL7!", "0000000000A000000000",
		"postgres://admin:S3cr3tPassw0rd@db.internal:5432/prod José, Zoë", "mongodb://üser:pässwörd€€€€€€€€€€€€€€@höst.example/db?x=é",
		"aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY; secret: x token=ab1cd2ef3gh4ij5kl6",
		"it's G9?F6Lzv&Q5Ai\ncheers", "here:\n```\nX5&Py9r%D_SFOh%M\n```", "Hast du es?\nNee\nOk, hier: 'MO@wu++#AuT4O#-zi' 🙂") {
		f.Add(s)
	}
	set, err := rules.Load(nil, true)
	if err != nil {
		f.Fatal(err)
	}
	e, err := NewEngine(set, Options{MatchTimeout: slowMachine})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := normalize(s)
		defer n.put()
		for _, dir := range []rules.Direction{rules.DirectionOutbound, rules.DirectionInbound} {
			scope := e.scopeOf(Message{Direction: dir, Service: "irc"})
			active, sc := scope.active, scope.sc
			hits := e.pf.scan(sc, n.s)
			feat := newFeatures(n.s, &n.facts)
			lower := ""
			for _, r := range active {
				ms, err := r.find(n.s, where{}, slowMachine)
				if err != nil {
					continue
				}
				ok := e.passes(r, hits, n.s, &feat, &lower)
				if len(ms) > 0 && !ok {
					t.Fatalf("%s matches %q (normalised %q) but fails its gates", r.id, s, n.s)
				}
				if touched := hits.touched(e.byID, len(e.rules)); len(ms) > 0 && r.needsHit && touched[r.idx/64]&(1<<(r.idx%64)) == 0 {
					t.Fatalf("%s matches %q (normalised %q) but none of its patterns occurs", r.id, s, n.s)
				}
				// Where the rule runs on spans only, it finds the same.
				if w := whereFor(r, hits, &feat, n.s); ok && !w.whole() {
					if got, _ := r.find(n.s, w, slowMachine); !slices.Equal(got, ms) {
						t.Fatalf("%s on %q: %+v finds %v, the whole text %v", r.id, n.s, w, got, ms)
					}
				}
			}
			hits.put()
		}
	})
}

// TestDigitsNeeded: a validator's digit gate is sound only if the
// validator accepts no value with fewer digits, and a run is recorded only
// from minRunDigits on.
func TestDigitsNeeded(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for name, need := range digitsNeeded {
		v, err := rules.LookupValidator(name)
		if err != nil {
			t.Fatal(err)
		}
		if need < minRunDigits {
			t.Errorf("%s needs %d digits, below minRunDigits %d", name, need, minRunDigits)
		}
		for n := 1; n < need; n++ {
			for range 2000 {
				b := make([]byte, n)
				for i := range b {
					b[i] = byte('0' + rng.IntN(10))
				}
				if v(string(b)) {
					t.Errorf("%s accepts %q, %d digits, but its gate needs %d", name, b, n, need)
					break
				}
			}
		}
	}
	if g := validatorGate("verhoeff"); g.minDigits != 0 {
		t.Errorf("verhoeff gate needs %d digits; it accepts 1428570", g.minDigits)
	}
}

package inspect

import (
	"flag"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
)

// The third corpus (testdata/corpus3) is written apart from the rules:
// chat turns from templates of how people write, filled by
// @faker-js/faker (`cd testdata/corpus3/gen && npm ci && node
// generate.mjs`). Each message has a category and the rule ids that count
// as finding it.
const corpus3Dir = "../testdata/corpus3"

// corpus3Examples is how many missed or wrongly reported messages the
// tests log per category or rule (go test -run Corpus3 -v -corpus3-examples 1000).
var corpus3Examples = flag.Int("corpus3-examples", 3, "examples logged per category or rule by the Corpus3 tests")

// pendingCategories3 are categories whose rules other branches are adding.
// They are reported, not scored; the test fails once their rules are in
// the pack, so that the entry is removed.
var pendingCategories3 = map[string]bool{}

// corpus3Gap is a measured shortfall of the current pack on a category.
type corpus3Gap struct{ precision, recall float64 }

// knownGaps3 are categories the current pack does not yet reach 0.99 on,
// with the measured figures: the test holds them at those figures (a drop
// fails) and fails once both reach 0.99, so that the entry is removed.
// "negative" is the share of hard negatives without a finding; "evasion"
// the evasion recall.
//
// Measured in an earlier session on main 50717c1 (details and examples in
// testdata/corpus3/README.md); these are findings for the rule authors,
// not targets. Since the typo pass (inspect/typo.go), which reads a
// keyword typed with a slip where it names a number (one joined by a
// slash too, and after a word of four letters where a validator checks
// the number) or keeps a keyword inside it, what is left is the slips it
// does not look for.
// Empty since the slips before a label's ':' are read (two password slips
// before "es"/"est" are still missed: password recall 0.990).
var knownGaps3 = map[string]corpus3Gap{}

// cat2Score counts messages: n of the category, found by one of its
// rules, and wrong: messages of other categories or negatives on which one
// of its rules fired without being acceptable there.
type cat2Score struct{ n, found, wrong int }

func (s cat2Score) recall() float64    { return ratio(s.found, s.n) }
func (s cat2Score) precision() float64 { return ratio(s.found, s.found+s.wrong) }

// corpus3Eval scores the third corpus.
type corpus3Eval struct {
	cats     map[string]*cat2Score
	ruleCats map[string][]string // rule id → categories listing it
	misses   map[string][]string // category → examples of missed texts
	extras   map[string][]string // rule id → examples of wrong findings
	negQuiet int
	negN     int
}

func newCorpus3Eval(cases ...[]corpusCase) *corpus3Eval {
	ev := &corpus3Eval{cats: map[string]*cat2Score{}, ruleCats: map[string][]string{}, misses: map[string][]string{}, extras: map[string][]string{}}
	for _, cs := range cases {
		for _, c := range cs {
			if c.Category == "negative" {
				continue
			}
			if ev.cats[c.Category] == nil {
				ev.cats[c.Category] = &cat2Score{}
			}
			for _, id := range c.Rules {
				if !slices.Contains(ev.ruleCats[id], c.Category) {
					ev.ruleCats[id] = append(ev.ruleCats[id], c.Category)
				}
			}
		}
	}
	return ev
}

// add scores one positive or negative with the rule ids found.
func (ev *corpus3Eval) add(c corpusCase, got []string) {
	if c.Category == "negative" {
		ev.negN++
		if len(got) == 0 {
			ev.negQuiet++
		}
	} else {
		s := ev.cats[c.Category]
		s.n++
		if slices.ContainsFunc(c.Rules, func(id string) bool { return slices.Contains(got, id) }) {
			s.found++ // not anyFound: got also scores the wrong findings below
		} else {
			ev.misses[c.Category] = append(ev.misses[c.Category], c.Text)
		}
	}
	wrongCats := map[string]bool{}
	for _, id := range got {
		if slices.Contains(c.Rules, id) || slices.Contains(c.Also, id) {
			continue
		}
		ev.extras[id] = append(ev.extras[id], fmt.Sprintf("[%s] %s", strings.Trim(c.Category+"/"+c.Kind, "/"), c.Text))
		for _, cat := range ev.ruleCats[id] {
			wrongCats[cat] = true
		}
	}
	for cat := range wrongCats {
		ev.cats[cat].wrong++
	}
}

// TestCorpus3PrecisionRecall runs the built-in pack over the third corpus
// and reports precision and recall per category; each must be >= 0.99
// unless the category is pending or a known gap.
func TestCorpus3PrecisionRecall(t *testing.T) {
	e, set := loadEngine(t, true, Options{MatchTimeout: slowMachine})
	pos := readCorpusIn(t, corpus3Dir, "positives.jsonl")
	neg := readCorpusIn(t, corpus3Dir, "negatives.jsonl")
	ev := newCorpus3Eval(pos, neg)
	for _, c := range slices.Concat(pos, neg) {
		ev.add(c, withoutFallbacks(c.Rules, foundIDs(t, e, c)))
	}
	inPack := map[string]bool{}
	for _, r := range set.Rules {
		inPack[r.ID] = true
	}
	checkPending(t, ev, inPack)

	cats := make([]string, 0, len(ev.cats))
	for cat := range ev.cats {
		cats = append(cats, cat)
	}
	sort.Strings(cats)
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-22s %5s %5s %7s %5s %9s  %s\n", "category", "n", "found", "recall", "wrong", "precision", "status")
	for _, cat := range cats {
		s := ev.cats[cat]
		status := "ok"
		switch {
		case pendingCategories3[cat]:
			status = "pending (rules not in pack)"
		default:
			status = gateCorpus3(t, cat, s.precision(), s.recall())
		}
		fmt.Fprintf(&b, "%-22s %5d %5d %7.3f %5d %9.3f  %s\n", cat, s.n, s.found, s.recall(), s.wrong, s.precision(), status)
	}
	quiet := ratio(ev.negQuiet, ev.negN)
	fmt.Fprintf(&b, "%-22s %5d %5d quiet %.3f  %s\n", "negative", ev.negN, ev.negQuiet, quiet, gateCorpus3(t, "negative", quiet, 1))
	t.Log(b.String())
	logCorpus3Examples(t, "missed", ev.misses)
	logCorpus3Examples(t, "unexpected rule", ev.extras)
}

// checkPending fails when a pending category's rules are in the pack.
func checkPending(t *testing.T, ev *corpus3Eval, inPack map[string]bool) {
	t.Helper()
	for id, cats := range ev.ruleCats {
		for _, cat := range cats {
			if pendingCategories3[cat] && inPack[id] {
				t.Errorf("category %s: rule %s is in the pack now; remove it from pendingCategories3", cat, id)
			}
		}
	}
	for cat := range pendingCategories3 {
		if ev.cats[cat] == nil {
			t.Errorf("pending category %s: not in the corpus", cat)
		}
	}
}

// gateCorpus3 checks one category's figures against 0.99 or its known gap and
// returns its status for the table.
func gateCorpus3(t *testing.T, cat string, precision, recall float64) string {
	t.Helper()
	const want, eps = 0.99, 0.0005 // eps: the gaps are written to three places
	g, known := knownGaps3[cat]
	if !known {
		if precision < want || recall < want {
			t.Errorf("category %s: precision %.3f recall %.3f, want >= %.2f", cat, precision, recall, want)
			return "FAIL"
		}
		return "ok"
	}
	if precision >= want && recall >= want {
		t.Errorf("category %s: precision %.3f recall %.3f reach %.2f; remove it from knownGaps3", cat, precision, recall, want)
		return "gap closed"
	}
	if precision < g.precision-eps || recall < g.recall-eps {
		t.Errorf("category %s: precision %.3f recall %.3f, below the known gap's %.3f / %.3f", cat, precision, recall, g.precision, g.recall)
		return "FAIL (worse than known gap)"
	}
	return fmt.Sprintf("known gap (%.3f / %.3f)", g.precision, g.recall)
}

// logCorpus3Examples logs the count and up to three examples per key.
func logCorpus3Examples(t *testing.T, what string, m map[string][]string) {
	t.Helper()
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		ex := m[k]
		var b strings.Builder
		fmt.Fprintf(&b, "%s %s: %d", what, k, len(ex))
		for _, x := range ex[:min(*corpus3Examples, len(ex))] {
			fmt.Fprintf(&b, "\n    %q", x)
		}
		t.Log(b.String())
	}
}

// anyFound reports whether one of c's rules is found in c.
func anyFound(t *testing.T, e *Engine, c corpusCase) bool {
	t.Helper()
	got := withoutFallbacks(c.Rules, foundIDs(t, e, c))
	return slices.ContainsFunc(c.Rules, func(id string) bool { return slices.Contains(got, id) })
}

// TestCorpus3Evasion reports the evasion recall of the third corpus per
// category and evasion kind; the total must be >= 0.97. Pending
// categories are not scored.
func TestCorpus3Evasion(t *testing.T) {
	e, _ := loadEngine(t, true, Options{MatchTimeout: slowMachine})
	byKind := map[string]*cat2Score{}
	var total, plainFound cat2Score // plainFound: cases whose undisguised text is found
	misses := map[string][]string{}
	for _, c := range readCorpusIn(t, corpus3Dir, "evasion.jsonl") {
		if pendingCategories3[c.Category] {
			continue
		}
		found := anyFound(t, e, c)
		plain := c
		plain.Text = c.Plain
		if anyFound(t, e, plain) {
			plainFound.n++
			if found {
				plainFound.found++
			}
		}
		for _, k := range []string{"kind " + c.Evasion, "category " + c.Category} {
			if byKind[k] == nil {
				byKind[k] = &cat2Score{}
			}
			byKind[k].n++
			if found {
				byKind[k].found++
			}
		}
		total.n++
		if found {
			total.found++
		} else {
			misses[c.Category+"/"+c.Evasion] = append(misses[c.Category+"/"+c.Evasion], c.Text)
		}
	}
	keys := make([]string, 0, len(byKind))
	for k := range byKind {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "\n%-30s %4d / %4d  %.3f", k, byKind[k].found, byKind[k].n, byKind[k].recall())
	}
	t.Logf("evasion recall %d / %d = %.3f; where the undisguised text is found %d / %d = %.3f%s",
		total.found, total.n, total.recall(), plainFound.found, plainFound.n, plainFound.recall(), b.String())
	logCorpus3Examples(t, "evasion missed", misses)
	const want, eps = 0.97, 0.0005
	g, known := knownGaps3["evasion"]
	switch {
	case !known && total.recall() < want:
		t.Errorf("evasion recall: got %.3f, want >= %.2f", total.recall(), want)
	case known && total.recall() >= want:
		t.Errorf("evasion recall %.3f reaches %.2f; remove it from knownGaps3", total.recall(), want)
	case known && total.recall() < g.recall-eps:
		t.Errorf("evasion recall: got %.3f, below the known gap's %.3f", total.recall(), g.recall)
	}
}

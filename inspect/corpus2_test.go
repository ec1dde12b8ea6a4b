package inspect

import (
	"maps"
	"slices"
	"testing"
)

// The second corpus (testdata/corpus2 at the module root) is written from
// another angle than the rules and the first corpus: chat turns made from
// templates of how people talk, filled with @faker-js/faker's locale data
// (testdata/corpus2/gen/generate.mjs, run by hand; its output is
// committed). Each message carries one sensitive value of a category; the
// category is found when the pack reports any of its rule ids.
const corpus2Dir = "../testdata/corpus2"

// knownGaps2 are the categories of the second corpus below target, with
// the recall measured; the test fails when one does better, so that the
// figure is raised. A rule change that lowers a category is a regression,
// whatever it does to the first corpus.
var knownGaps2 = map[string]float64{}

// pendingCategories2 are categories whose rules are not in the built-in
// pack yet: reported, not scored. The test fails once their rules are in,
// so that they are scored from then on.
var pendingCategories2 = map[string]bool{}

// TestCorpus2 reports precision and recall per category and evasion
// recall on the second corpus, and fails below 0.99 (0.97 for evasion).
// A finding outside the message's category counts against precision.
func TestCorpus2(t *testing.T) {
	e, set := loadEngine(t, true, Options{MatchTimeout: slowMachine})
	inPack := map[string]bool{}
	for _, r := range set.Rules {
		inPack[r.ID] = true
	}
	type tally struct{ tp, fn, fp, n int }
	byCat := map[string]*tally{}
	cat := func(c string) *tally {
		if byCat[c] == nil {
			byCat[c] = &tally{}
		}
		return byCat[c]
	}
	for _, name := range []string{"positives.jsonl", "negatives.jsonl"} {
		for i, c := range readCorpusIn(t, corpus2Dir, name) {
			pending := pendingCategories2[c.Category]
			for _, id := range c.Rules {
				if inPack[id] == pending {
					t.Fatalf("%s:%d: category %s: rule %s in the pack %v, pending %v", name, i+1, c.Category, id, inPack[id], pending)
				}
			}
			if pending {
				cat(c.Category).n++
				continue
			}
			got := withoutFallbacks(c.Rules, foundIDs(t, e, c))
			tl := cat(c.Category)
			tl.n++
			var extra []string
			for _, id := range got {
				if !slices.Contains(c.Rules, id) {
					extra = append(extra, id)
				}
			}
			hit := slices.ContainsFunc(got, func(id string) bool { return slices.Contains(c.Rules, id) })
			switch {
			case c.Category == "negative":
			case hit:
				tl.tp++
			default:
				tl.fn++
			}
			if len(extra) > 0 {
				tl.fp++
			}
			if (c.Category != "negative" && !hit) || len(extra) > 0 {
				t.Logf("%s:%d (%s %s): found %v", name, i+1, c.Category, c.Kind, got)
			}
		}
	}
	for _, c := range slices.Sorted(maps.Keys(byCat)) {
		tl := byCat[c]
		if c == "negative" {
			fpRate := ratio(tl.fp, tl.n)
			t.Logf("%-22s n %4d  false positives %d (%.3f)", c, tl.n, tl.fp, fpRate)
			if 1-fpRate < 0.99 {
				t.Errorf("negatives: %d of %d with a finding, want under 1%%", tl.fp, tl.n)
			}
			continue
		}
		if pendingCategories2[c] {
			t.Logf("%-22s n %4d  pending (rules not in the pack)", c, tl.n)
			continue
		}
		p, r := ratio(tl.tp, tl.tp+tl.fp), ratio(tl.tp, tl.tp+tl.fn)
		t.Logf("%-22s n %4d  precision %.3f recall %.3f", c, tl.n, p, r)
		if gap, ok := knownGaps2[c]; ok {
			if r > gap {
				t.Errorf("category %s: recall %.3f is above its known gap %.3f: update knownGaps2", c, r, gap)
			}
			continue
		}
		if p < 0.99 || r < 0.99 {
			t.Errorf("category %s: precision %.3f recall %.3f, want >= 0.99", c, p, r)
		}
	}
	var found, total int
	for _, c := range readCorpusIn(t, corpus2Dir, "evasion.jsonl") {
		total++
		got := withoutFallbacks(c.Rules, foundIDs(t, e, c))
		if slices.ContainsFunc(got, func(id string) bool { return slices.Contains(c.Rules, id) }) {
			found++
		} else {
			t.Logf("evasion (%s %s) missed: found %v", c.Category, c.Kind, got)
		}
	}
	t.Logf("evasion: %d of %d (%.3f)", found, total, ratio(found, total))
	if ratio(found, total) < 0.97 {
		t.Errorf("evasion recall %.3f, want >= 0.97", ratio(found, total))
	}
}

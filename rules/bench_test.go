package rules

import (
	"strings"
	"testing"
)

// benchText is a 2 KB chat message with one card number.
var benchText = strings.Repeat("Hi team, the deploy went fine, the dashboard is green again. ", 32) + "card 4012 8888 8888 1881"

func BenchmarkRuleMatch(b *testing.B) {
	rules, err := Builtin()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(benchText)))
	for b.Loop() {
		for _, r := range rules {
			if _, err := r.Match(benchText, DefaultMatchTimeout); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkBuiltinParse(b *testing.B) {
	for b.Loop() {
		if _, err := loadBuiltin(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCheckBuiltin(b *testing.B) {
	for b.Loop() {
		probeCache.Clear()
		probeCached.Store(0)
		if ps := Check(nil, true); len(ps) != 0 {
			b.Fatal(ps)
		}
	}
}

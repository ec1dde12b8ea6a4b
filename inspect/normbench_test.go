package inspect

import (
	"testing"

	"github.com/chatdlp/chatdlp/rules"
)

// Benchmarks of the engine's stages on the same corpus as BenchmarkInspect.

func BenchmarkNormalize(b *testing.B) {
	msgs, avg := benchCorpus()
	runBench(b, avg, len(msgs), func(i int) {
		n := normalize(msgs[i])
		_ = base64Segments(n.s, &n.facts)
		f := newFeatures(n.s, &n.facts)
		_ = f.maxDigitRun()
		n.put()
	})
}

func BenchmarkPrefilterScan(b *testing.B) {
	e, err := NewEngine(benchSet(b), Options{})
	if err != nil {
		b.Fatal(err)
	}
	active, key := e.scope(Message{Direction: rules.DirectionOutbound})
	sc := e.pf.scannerFor(key, func() []int { return scopeIDs(active) })
	msgs, avg := benchCorpus()
	runBench(b, avg, len(msgs), func(i int) { e.pf.scan(sc, msgs[i]).put() })
}

func BenchmarkScanText(b *testing.B) {
	msgs, avg := benchCorpus()
	var f textFacts
	runBench(b, avg, len(msgs), func(i int) { scanText(msgs[i], &f) })
}

func BenchmarkClassify(b *testing.B) {
	msgs, avg := benchCorpus()
	var c classBits
	runBench(b, avg, len(msgs), func(i int) { classify(msgs[i], &c) })
}

package inspect

import "testing"

// Benchmarks of the engine's stages on the same corpus as BenchmarkInspect.

func BenchmarkNormalize(b *testing.B) {
	msgs, avg := benchCorpus()
	runBench(b, avg, len(msgs), func(i int) {
		n := normalize(msgs[i])
		_ = base64Segments(n.s)
		f := newFeatures(n.s)
		_ = f.maxDigitRun()
		n.put()
	})
}

func BenchmarkPrefilterScan(b *testing.B) {
	e, err := NewEngine(benchSet(b), Options{})
	if err != nil {
		b.Fatal(err)
	}
	msgs, avg := benchCorpus()
	runBench(b, avg, len(msgs), func(i int) { e.pf.scan(msgs[i]).put() })
}

package inspect

import "testing"

func BenchmarkNormalize(b *testing.B) {
	msgs := chatCorpus(200)
	total := 0
	for _, m := range msgs {
		total += len(m)
	}
	b.SetBytes(int64(total / len(msgs)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		n := normalize(msgs[i%len(msgs)])
		_ = base64Segments(n.s)
		f := newFeatures(n.s)
		_ = f.maxDigitRun()
		n.put()
		i++
	}
}

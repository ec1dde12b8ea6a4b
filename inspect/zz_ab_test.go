package inspect

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/chatdlp/chatdlp/rules"
)

// BenchmarkZZAB: engines of ZZA and ZZB rule globs, interleaved; x = B/A.
func BenchmarkZZAB(b *testing.B) {
	var engines [3]*Engine
	for i, g := range []string{os.Getenv("ZZA"), os.Getenv("ZZA"), os.Getenv("ZZB")} {
		set, err := rules.Load([]string{g}, false)
		if err != nil {
			b.Fatal(err)
		}
		e, err := NewEngine(set, Options{})
		if err != nil {
			b.Fatal(err)
		}
		engines[i] = e
	}
	msgs, _ := benchCorpus()
	ctx := context.Background()
	const turn = 100
	run := func(e *Engine, from int) time.Duration {
		start := time.Now()
		for i := range turn {
			e.Inspect(ctx, Message{Text: msgs[(from+i)%len(msgs)], Direction: rules.DirectionOutbound})
		}
		return time.Since(start)
	}
	for _, e := range engines {
		run(e, 0)
	}
	var with, aa []float64
	round := 0
	for b.Loop() {
		var d [3]time.Duration
		for k := range engines {
			j := (k + round) % len(engines)
			d[j] = run(engines[j], round*turn)
		}
		with = append(with, float64(d[2])/float64(d[0]))
		aa = append(aa, float64(d[1])/float64(d[0]))
		round++
	}
	slices.Sort(with)
	slices.Sort(aa)
	q := func(s []float64, f float64) float64 { return s[int(f*float64(len(s)-1))] }
	b.ReportMetric(q(with, 0.5), "x-BA")
	b.ReportMetric(q(with, 0.25), "x-q1")
	b.ReportMetric(q(with, 0.75), "x-q3")
	b.ReportMetric(q(aa, 0.5), "x-aa")
}

package inspect

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/chatdlp/chatdlp/rules"
)

// Benchmarks over a deterministic corpus of ~2 KB chat messages (see
// benchcorpus_test.go) with the built-in pack, or with the rule files
// named by the glob in CHATDLP_BENCH_RULES:
//
//	go test -run '^$' -bench 'Inspect' -benchtime 3s -cpu 1 ./inspect/
//
// BenchmarkInspect is the engine; BenchmarkInspectNaive runs every rule's
// regex (and validator) over every raw message, with no normalisation,
// prefilter or gate: the ratio of their ns/op is the prefilter's gain.
// BenchmarkInspectVsNaive runs both on each message in turn and reports
// that ratio directly (x-faster).
// Both report p99-ns, the 99th percentile of per-message latency, and, as
// the machine may be shared, cpu-ns/op, cpu-MB/s and p99-cpu-ns from the
// thread's CPU clock, which do not count time spent waiting for a core.

const benchCorpusSize = 500

// naiveTimeout is generous: on a loaded machine the naive baseline's slow
// lookbehind patterns can overrun the default per-match budget.
const naiveTimeout = 10 * time.Second

func benchSet(b *testing.B) *rules.Set {
	b.Helper()
	var files []string
	builtin := true
	if g := os.Getenv("CHATDLP_BENCH_RULES"); g != "" {
		files, builtin = []string{g}, false
	}
	set, err := rules.Load(files, builtin)
	if err != nil {
		b.Fatalf("rules.Load(): %v", err)
	}
	if len(set.Rules) == 0 {
		b.Fatalf("no rules: the built-in pack is empty; set CHATDLP_BENCH_RULES to a glob of rule files")
	}
	return set
}

func benchCorpus() ([]string, int64) {
	msgs := chatCorpus(benchCorpusSize)
	var total int64
	for _, m := range msgs {
		total += int64(len(m))
	}
	return msgs, total / int64(len(msgs))
}

// benchFuncs returns the engine over the bench rule set and the naive
// baseline, each inspecting one message as an outbound chat message.
func benchFuncs(b *testing.B) (engine, naive func(string)) {
	set := benchSet(b)
	e, err := NewEngine(set, Options{})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	engine = func(m string) {
		if _, err := e.Inspect(ctx, Message{Text: m, Direction: rules.DirectionOutbound}); err != nil {
			b.Fatal(err)
		}
	}
	naive = func(m string) {
		for _, r := range set.Rules {
			if _, err := r.FindAll(m, naiveTimeout); err != nil {
				b.Fatal(err)
			}
		}
	}
	return engine, naive
}

func BenchmarkInspect(b *testing.B) {
	engine, _ := benchFuncs(b)
	msgs, avg := benchCorpus()
	runBench(b, avg, len(msgs), func(i int) { engine(msgs[i]) })
}

// BenchmarkInspectShort is BenchmarkInspect over short chat messages
// (the hard negatives of testdata/corpus: a line or two each), where the
// rules limited to short messages (max_length) run too.
func BenchmarkInspectShort(b *testing.B) {
	engine, _ := benchFuncs(b)
	msgs := shortCorpus(b)
	var total int64
	for _, m := range msgs {
		total += int64(len(m))
	}
	runBench(b, total/int64(len(msgs)), len(msgs), func(i int) { engine(msgs[i]) })
}

// shortCorpus reads the texts of testdata/corpus/negatives.jsonl.
func shortCorpus(b *testing.B) []string {
	b.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "corpus", "negatives.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	var msgs []string
	for line := range strings.SplitSeq(strings.TrimSpace(string(data)), "\n") {
		var v struct{ Text string }
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			b.Fatal(err)
		}
		msgs = append(msgs, v.Text)
	}
	return msgs
}

func BenchmarkInspectNaive(b *testing.B) {
	_, naive := benchFuncs(b)
	msgs, avg := benchCorpus()
	runBench(b, avg, len(msgs), func(i int) { naive(msgs[i]) })
}

// BenchmarkInspectVsNaive runs the engine and the naive baseline on each
// message in turn and reports the ratio of their times (x-faster), so that
// both see the same load on a shared machine. The baseline's rune buffers
// leave the caches colder for the engine than BenchmarkInspect has them:
// the ratio errs low.
func BenchmarkInspectVsNaive(b *testing.B) {
	engine, naive := benchFuncs(b)
	msgs, avg := benchCorpus()
	b.SetBytes(avg)
	var te, tn time.Duration
	i := 0
	for b.Loop() {
		m := msgs[i%len(msgs)]
		t0 := time.Now()
		engine(m)
		t1 := time.Now()
		naive(m)
		te, tn = te+t1.Sub(t0), tn+time.Since(t1)
		i++
	}
	if te > 0 && i > 0 {
		b.ReportMetric(float64(te.Nanoseconds())/float64(i), "engine-ns/msg")
		b.ReportMetric(float64(tn.Nanoseconds())/float64(i), "naive-ns/msg")
		b.ReportMetric(float64(tn)/float64(te), "x-faster")
	}
}

// runBench reports MB/s (through SetBytes) and the 99th-percentile
// latency. Wall time is taken for every message; the thread's CPU clock is
// a system call (about a microsecond), so it is read around one message in
// cpuSampleEvery only, which keeps it out of the throughput figures.
func runBench(b *testing.B, avg int64, n int, inspect func(i int)) {
	b.SetBytes(avg)
	b.ReportAllocs()
	lat := make([]time.Duration, 0, 1<<16)
	cpuLat := make([]time.Duration, 0, 1<<12)
	i := 0
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	cpu0 := threadCPU()
	for b.Loop() {
		sample := i%cpuSampleEvery == 0 && len(cpuLat) < cap(cpuLat)
		var c0 time.Duration
		if sample {
			c0 = threadCPU()
		}
		start := time.Now()
		inspect(i % n)
		if len(lat) < cap(lat) {
			lat = append(lat, time.Since(start))
		}
		if sample {
			cpuLat = append(cpuLat, threadCPU()-c0)
		}
		i++
	}
	if cpu := threadCPU() - cpu0; cpu > 0 && i > 0 {
		// CPU time of this thread only: on a shared machine wall time
		// also counts waiting for a core.
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(i), "cpu-ns/op")
		b.ReportMetric(float64(avg)*float64(i)/cpu.Seconds()/1e6, "cpu-MB/s")
	}
	if len(lat) > 0 {
		b.ReportMetric(p99(lat), "p99-ns")
	}
	if len(cpuLat) > 0 {
		b.ReportMetric(p99(cpuLat), "p99-cpu-ns")
	}
}

// cpuSampleEvery: one message in this many is timed on the CPU clock.
const cpuSampleEvery = 8

func p99(d []time.Duration) float64 {
	slices.Sort(d)
	return float64(d[len(d)*99/100].Nanoseconds())
}

// threadCPU returns the CPU time used so far by the calling OS thread
// (clock_gettime(CLOCK_THREAD_CPUTIME_ID), a real system call).
func threadCPU() time.Duration {
	var ts syscall.Timespec
	if _, _, e := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTime, uintptr(unsafe.Pointer(&ts)), 0); e != 0 {
		return 0
	}
	return time.Duration(ts.Nano())
}

// clockThreadCPUTime is CLOCK_THREAD_CPUTIME_ID (Linux).
const clockThreadCPUTime = 3

// TestBenchCorpusFindings checks the benchmark corpus does what it claims:
// mostly clean, with hits. It runs on the test rules, so it needs no pack.
func TestBenchCorpusFindings(t *testing.T) {
	e, _ := loadEngine(t, false, Options{}, filepath.Join("testdata", "rules", "basic.yaml"))
	hits := 0
	msgs := chatCorpus(100)
	for _, m := range msgs {
		v, err := e.Inspect(context.Background(), out(m))
		if err != nil {
			t.Fatalf("Inspect(): %v", err)
		}
		if v.Action != rules.ActionAllow {
			hits++
		}
	}
	if hits == 0 || hits > len(msgs)/4 {
		t.Errorf("corpus: got %d of %d messages with findings, want some but few", hits, len(msgs))
	}
}

// BenchmarkRuleCost times each rule of the bench set on its own over the
// bench corpus (long) and over the short corpus of BenchmarkInspectShort
// (short): its gates, and its regex where they pass. It logs the ten
// costliest, ns per message (run with -v): the place to look when
// BenchmarkInspect or BenchmarkInspectShort grows with a new rule. It
// reports the costliest as max-rule-ns/msg.
func BenchmarkRuleCost(b *testing.B) {
	b.Run("long", func(b *testing.B) {
		msgs, _ := benchCorpus()
		ruleCost(b, msgs)
	})
	b.Run("short", func(b *testing.B) { ruleCost(b, shortCorpus(b)) })
}

func ruleCost(b *testing.B, msgs []string) {
	set := benchSet(b)
	e, err := NewEngine(set, Options{})
	if err != nil {
		b.Fatal(err)
	}
	sc := e.scopeOf(Message{Text: "x", Direction: rules.DirectionOutbound})
	// Once over the corpus first: a rule's regex variants compile on first
	// use (one set per timeout: the loop below uses the engine's), which
	// is not its cost per message.
	for _, m := range msgs {
		if _, err := e.Inspect(context.Background(), Message{Text: m, Direction: rules.DirectionOutbound}); err != nil {
			b.Fatal(err)
		}
	}
	cost := make([]time.Duration, len(e.rules))
	n := 0
	for b.Loop() {
		m := msgs[n%len(msgs)]
		n++
		nt := normalize(m)
		hits := e.pf.scan(sc.sc, nt.s)
		f := newFeatures(nt.s, &nt.facts)
		lower := ""
		touched := hits.touched(e.byID, len(e.rules))
		for _, r := range sc.active {
			if r.needsHit && touched[r.idx/64]&(1<<(r.idx%64)) == 0 || r.maxLength > 0 && len(nt.s) > r.maxLength {
				continue
			}
			t0 := time.Now()
			if e.passes(r, hits, nt.s, &f, &lower) {
				if _, err := r.find(nt.s, whereFor(r, hits, &f, nt.s), e.timeout); err != nil {
					b.Fatal(err)
				}
			}
			cost[r.idx] += time.Since(t0)
		}
		hits.put()
		nt.put()
	}
	order := make([]int, len(cost))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(x, y int) int { return int(cost[y] - cost[x]) })
	for _, i := range order[:min(10, len(order))] {
		b.Logf("%-28s %8.0f ns/msg", e.rules[i].id, float64(cost[i].Nanoseconds())/float64(n))
	}
	if len(order) > 0 {
		b.ReportMetric(float64(cost[order[0]].Nanoseconds())/float64(n), "max-rule-ns/msg")
	}
}

// BenchmarkInspectWithout is what some rules cost BenchmarkInspect, as a
// ratio that resolves a few percent on a shared machine: the bench set's
// engine (with), a second engine of the same set (A/A), and one without
// the rules named in CHATDLP_BENCH_WITHOUT (comma-separated ids; none: a
// second A/A) inspect the bench corpus in turns of 100 messages, in an
// order rotated every round, in one process. It reports the medians over
// the rounds of with/without (x-with) and of A/A (x-aa), and the quartiles
// of x-with. With CHATDLP_BENCH_CORPUS=short it reads the short messages
// of BenchmarkInspectShort instead (for rules limited by max_length):
//
//	CHATDLP_BENCH_WITHOUT=password-nearby,passphrase-nearby \
//	  go test -run '^$' -bench InspectWithout -benchtime 200x -cpu 1 ./inspect/
func BenchmarkInspectWithout(b *testing.B) {
	set := benchSet(b)
	drop := map[string]bool{}
	for id := range strings.SplitSeq(os.Getenv("CHATDLP_BENCH_WITHOUT"), ",") {
		if id = strings.TrimSpace(id); id != "" {
			drop[id] = true
		}
	}
	without := &rules.Set{Files: set.Files}
	for _, r := range set.Rules {
		if !drop[r.ID] {
			without.Rules = append(without.Rules, r)
		}
	}
	if len(without.Rules) != len(set.Rules)-len(drop) {
		b.Fatalf("CHATDLP_BENCH_WITHOUT names rules the set does not hold: %v", drop)
	}
	var engines [3]*Engine // with, with again (A/A), without
	for i, s := range []*rules.Set{set, set, without} {
		e, err := NewEngine(s, Options{})
		if err != nil {
			b.Fatal(err)
		}
		engines[i] = e
	}
	msgs, _ := benchCorpus()
	if os.Getenv("CHATDLP_BENCH_CORPUS") == "short" {
		msgs = shortCorpus(b)
	}
	ctx := context.Background()
	const turn = 100
	run := func(e *Engine, from int) time.Duration {
		start := time.Now()
		for i := range turn {
			if _, err := e.Inspect(ctx, Message{Text: msgs[(from+i)%len(msgs)], Direction: rules.DirectionOutbound}); err != nil {
				b.Fatal(err)
			}
		}
		return time.Since(start)
	}
	for _, e := range engines { // compile regex variants first
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
		with = append(with, float64(d[0])/float64(d[2]))
		aa = append(aa, float64(d[0])/float64(d[1]))
		round++
	}
	slices.Sort(with)
	slices.Sort(aa)
	q := func(s []float64, f float64) float64 { return s[int(f*float64(len(s)-1))] }
	b.ReportMetric(q(with, 0.5), "x-with")
	b.ReportMetric(q(with, 0.25), "x-with-q1")
	b.ReportMetric(q(with, 0.75), "x-with-q3")
	b.ReportMetric(q(aa, 0.5), "x-aa")
}

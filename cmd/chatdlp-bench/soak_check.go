package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
)

// soakIntegrity is the comparison of what the clients sent with what the
// upstream recorded.
type soakIntegrity struct {
	arrived       map[string]int // allowed ids that arrived intact, by kind
	lost          int            // allowed (the client got its success) and never arrived
	corrupted     int            // arrived with another sha256 or size
	duplicated    int            // arrived more than once
	leaked        int            // blocked (must not arrive) and arrived
	blocked       map[string]int // must not arrive and did not, by kind
	unaccounted   int            // arrived, and the client saw an error (counted there)
	examples      []string
	partialUpload int64
}

func checkIntegrity(want map[string]soakWant, got soakReceived) soakIntegrity {
	in := soakIntegrity{arrived: map[string]int{}, blocked: map[string]int{}, partialUpload: got.Partial}
	example := func(format string, a ...any) {
		if len(in.examples) < 10 {
			in.examples = append(in.examples, fmt.Sprintf(format, a...))
		}
	}
	for _, id := range slices.Sorted(maps.Keys(want)) {
		w := want[id]
		a, ok := got.Items[id]
		switch {
		case !w.arrive && ok:
			in.leaked++
			example("%s %s: must not arrive, arrived (%d bytes)", w.kind, id, a.Size)
		case !w.arrive:
			in.blocked[w.kind]++
		case !ok:
			in.lost++
			example("%s %s: the client got its success, the upstream never got it", w.kind, id)
		case a.SHA != w.sha || a.Size != w.size:
			in.corrupted++
			example("%s %s: sent %d bytes sha256 %.12s, arrived %d bytes sha256 %.12s", w.kind, id, w.size, w.sha, a.Size, a.SHA)
		case a.Count > 1:
			in.duplicated++
			example("%s %s: arrived %d times", w.kind, id, a.Count)
		default:
			in.arrived[w.kind]++
		}
	}
	for id := range got.Items {
		if _, ok := want[id]; !ok {
			in.unaccounted++
		}
	}
	return in
}

// soakRSSLimit: the proxy's RSS may grow by less than this, or by less
// than soakRSSShare of its RSS at the steady start (under load, and
// after the drain).
//
// Variables for the tests: under -race (race_test.go) the proxy's shadow
// memory grows with the heap it touches and is not given back, so a short
// soak of a race build grows by tens of MiB that a plain build does not
// (+72 MiB, +25%, where the plain build measured +4 MiB under load and
// +0.1 MiB after the drain).
var (
	soakRSSLimit int64 = 64 << 10 // KiB
	soakRSSShare       = 0.20
)

// report writes the run's figures and checks, and returns whether every
// check passed.
func (r *soakResult) report(w io.Writer, s *soak) bool {
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	in := checkIntegrity(st.want, r.received)
	m := r.mix
	fmt.Fprintf(w, "chatdlp soak: %s of load (%s warm-up), %d clients: %d chat posters, %d WebSocket, %d IRC, %d uploaders, %d downloaders, %d fault clients\n",
		r.elapsed.Round(time.Second), r.warmUp, s.clients, m.posters, m.ws, m.irc, m.uploaders, m.downloaders, m.faulters)
	ok := st.ok
	fmt.Fprintf(w, "  requests   %d HTTP requests and WebSocket handshakes (faults included, probes not)\n", st.requests.Load())
	fmt.Fprintf(w, "  messages   chat posts %d allowed, %d blocked (403); WebSocket %d echoed, %d blocked (1008); IRC %d echoed, %d blocked (NOTICE)\n",
		ok["post"], ok["post card"], ok["ws"], ok["ws card"], ok["irc"], ok["irc card"])
	fmt.Fprintf(w, "  files      uploads %d (%s), %d abandoned mid-body; downloads %d (%s), sha256 checked\n",
		ok["upload"], mib(st.upBytes.Load()), ok["upload abandoned"], ok["download"], mib(st.downBytes.Load()))
	fmt.Fprintf(w, "  upstream   arrived intact: %s; lost %d, corrupted %d, duplicated %d, blocked or abandoned yet arrived %d; never arrived as they must not: %s; uploads cut off mid-body %d; arrivals of failed requests %d\n",
		kindCounts(in.arrived), in.lost, in.corrupted, in.duplicated, in.leaked, kindCounts(in.blocked), in.partialUpload, in.unaccounted)
	faults, nFaults, passedOff := 0, map[string]int{}, 0
	for k, n := range st.faults {
		faults += n
		nFaults[baseFault(strings.SplitN(k, ":", 2)[0])] += n
	}
	nFaults["slow-hello"] += st.stalled
	for k, n := range st.passedOff {
		passedOff += n
		nFaults[baseFault(k)] += n
	}
	fmt.Fprintf(w, "  faults     %d provoked; outcomes as expected: %s; broken responses passed off as a complete 200: %s; slow-hello stalled %d\n",
		faults+passedOff+st.stalled, kindCounts(st.faults), kindCounts(st.passedOff), st.stalled)
	unexpected := 0
	for _, n := range st.unexpected {
		unexpected += n
	}
	for _, e := range append(st.passedOffEx, st.stalledEx...) {
		fmt.Fprintf(w, "    %s\n", e)
	}
	fmt.Fprintf(w, "  unexpected %d: %s\n", unexpected, kindCounts(st.unexpected))
	for _, e := range st.examples {
		fmt.Fprintf(w, "    %s\n", e)
	}
	for _, e := range in.examples {
		fmt.Fprintf(w, "    %s\n", e)
	}
	first, last := r.loadThirds()
	fmt.Fprintf(w, "  goroutines idle before %d; under load %d then %d (medians as below); peak %d; idle after %d (drained in %s)\n",
		r.idle0.goroutines, first.goroutines, last.goroutines, r.peakGoroutines, r.end.goroutines, r.drained.Round(100*time.Millisecond))
	growLoad, shareLoad := growth(first.rssKiB, last.rssKiB)
	growEnd, shareEnd := growth(first.rssKiB, r.end.rssKiB)
	fmt.Fprintf(w, "  RSS        idle before %s; under load (medians of the first and last thirds after the warm-up) %s then %s (%+.1f MiB, %+.0f%%); after the drain %s (%+.1f MiB, %+.0f%%); peak (VmHWM) %s\n",
		kib(r.idle0.rssKiB), kib(first.rssKiB), kib(last.rssKiB), float64(growLoad)/1024, 100*shareLoad,
		kib(r.end.rssKiB), float64(growEnd)/1024, 100*shareEnd, kib(r.peakRSSKiB))
	fmt.Fprintf(w, "  samples   ")
	step := max(1, len(r.samples)/40) // about 40 of them on a long run, and the last
	for i, sm := range r.samples {
		if i%step == 0 || i == len(r.samples)-1 {
			fmt.Fprintf(w, " %s:%d/%s", sm.at.Round(time.Second), sm.goroutines, kib(sm.rssKiB))
		}
	}
	fmt.Fprintln(w, " (time: goroutines/RSS; the last is after the drain)")
	fmt.Fprintf(w, "  probe      %d answered, %d failed; p50 %s, max %s\n", r.probeOK, r.probeFail, ms3(r.probeP50), ms3(r.probeMax))
	if r.probeFirstErr != nil {
		fmt.Fprintf(w, "    first failure: %v\n", r.probeFirstErr)
	}
	if r.sampleFailure != "" {
		fmt.Fprintf(w, "  sampling failed: %s\n", r.sampleFailure)
	}

	pass := true
	checkSoak := func(name string, good bool) {
		pass = pass && good
		check(w, name, good)
	}
	traffic := ok["post"] > 0 && ok["ws"] > 0 && ok["irc"] > 0 && ok["upload"] > 0 && ok["download"] > 0
	checkSoak(fmt.Sprintf("every kind of traffic ran (posts %d, ws %d, irc %d, uploads %d, downloads %d)",
		ok["post"], ok["ws"], ok["irc"], ok["upload"], ok["download"]), traffic)
	checkSoak(fmt.Sprintf("no allowed message or file lost, corrupted or duplicated (lost %d, corrupted %d, duplicated %d)",
		in.lost, in.corrupted, in.duplicated), in.lost+in.corrupted+in.duplicated == 0)
	checkSoak(fmt.Sprintf("every blocked message blocked, no abandoned upload arrived (%d arrived; blocked: posts %d, ws %d, irc %d)",
		in.leaked, ok["post card"], ok["ws card"], ok["irc card"]), in.leaked == 0 && ok["post card"] > 0)
	var missing []string
	for _, k := range soakFaultKinds {
		if nFaults[k] == 0 {
			missing = append(missing, k)
		}
	}
	checkSoak(fmt.Sprintf("every fault provoked with its expected outcome (none: %s)", cmpStr(strings.Join(missing, ","), "-")), len(missing) == 0)
	checkSoak(fmt.Sprintf("no unexpected errors (%d)", unexpected), unexpected == 0)
	checkSoak(fmt.Sprintf("no broken upstream response passed off as a complete 200 (%d)", passedOff), passedOff == 0)
	checkSoak(fmt.Sprintf("a client slow to start TLS after CONNECT served within %s (%d of %d stalled)", soakSlowHelloMax, st.stalled, nFaults["slow-hello"]),
		st.stalled == 0)
	limit := r.idle0.goroutines + goroutineMargin(r.idle0.goroutines)
	checkSoak(fmt.Sprintf("goroutines back to idle after the load: %d <= %d (idle before %d)", r.end.goroutines, limit, r.idle0.goroutines),
		r.sampleFailure == "" && r.end.goroutines > 0 && r.end.goroutines <= limit)
	rssOK := func(grow int64, share float64) bool { return grow < soakRSSLimit || share < soakRSSShare }
	checkSoak(fmt.Sprintf("RSS growth bounded (< %d MiB or < %.0f%%): under load %+.1f MiB (%+.0f%%), after the drain %+.1f MiB (%+.0f%%)",
		soakRSSLimit>>10, 100*soakRSSShare, float64(growLoad)/1024, 100*shareLoad, float64(growEnd)/1024, 100*shareEnd),
		first.rssKiB > 0 && rssOK(growLoad, shareLoad) && rssOK(growEnd, shareEnd))
	checkSoak(fmt.Sprintf("the proxy answered a probe every second: %d/%d, max %s", r.probeOK, r.probeOK+r.probeFail, ms3(r.probeMax)),
		r.probeFail == 0 && r.probeOK > 0)
	if r.slowDrainDump != "" {
		fmt.Fprintf(w, "  the proxy's goroutines 5 s into the drain (biggest groups first):\n%s\n", indent(topGoroutines(r.slowDrainDump, 5)))
	}
	if r.goroutineDump != "" {
		fmt.Fprintf(w, "  the proxy's goroutines after the drain (biggest groups first):\n%s\n", indent(topGoroutines(r.goroutineDump, 5)))
	}
	return pass
}

// loadThirds returns the medians (RSS and goroutines apart) of the
// samples taken under load after the warm-up: of the first third of
// them, the steady start, and of the last third, the end of the load.
func (r *soakResult) loadThirds() (first, last soakSample) {
	var loaded []soakSample
	for _, sm := range r.samples {
		if sm.at >= r.warmUp {
			loaded = append(loaded, sm) // the sample after the drain has at 0
		}
	}
	if len(loaded) == 0 {
		return r.steady, r.steady
	}
	n := max(1, len(loaded)/3)
	return medianSample(loaded[:n]), medianSample(loaded[len(loaded)-n:])
}

func medianSample(s []soakSample) soakSample {
	rss := make([]int64, len(s))
	g := make([]int, len(s))
	for i, sm := range s {
		rss[i], g[i] = sm.rssKiB, sm.goroutines
	}
	slices.Sort(rss)
	slices.Sort(g)
	return soakSample{at: s[len(s)/2].at, rssKiB: rss[len(s)/2], goroutines: g[len(s)/2]}
}

// growth is to - from, in KiB and as a share of from.
func growth(from, to int64) (int64, float64) {
	return to - from, float64(to-from) / float64(max(1, from))
}

// baseFault is the fault kind of a counted outcome's kind
// ("malformed-2" is a "malformed").
func baseFault(k string) string {
	if strings.HasPrefix(k, "malformed-") {
		return "malformed"
	}
	return k
}

// kindCounts formats counts by key, sorted: "a 3, b 1"; "-" when none.
func kindCounts(m map[string]int) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return cmpStr(strings.Join(parts, ", "), "-")
}

func cmpStr(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

func ms3(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

func indent(s string) string {
	return "    " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n    ")
}

// topGoroutines returns the first n groups of a debug=1 goroutine profile
// (pprof lists the biggest first).
func topGoroutines(dump string, n int) string {
	groups := strings.Split(dump, "\n\n")
	if len(groups) > n+1 {
		groups = groups[:n+1] // the header and n groups
	}
	return strings.Join(groups, "\n\n")
}

package main

import (
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// series is one metric of one test: a value per target per round (NaN
// where unknown, such as the direct target's proxy CPU).
type series struct {
	label  string
	higher bool        // higher is better (throughput) or lower (latency, cost)
	max    bool        // summarised by the maximum over rounds (memory): no ratios
	diag   bool        // a condition of the run, not a figure of the targets: no ratios
	vals   [][]float64 // [target][round]
}

// report collects every figure of a run.
type report struct {
	opts   options
	noFile uint64
	names  []string // targets in column order
	series []*series
	errs   []string
	leaf   *leafResult
	// retried counts turns run again because others loaded the machine;
	// disturbed, those still loaded after maxRetries.
	retried, disturbed int
	idle               []namedIdle
	insp               *inspectResult
	wsExt              []string // per target: the extension its deflate handshake answered
	wsIdleN            int      // idle WebSocket sessions asked of each proxy (capped by RLIMIT_NOFILE)
	wsIdle             []namedIdle
	tunnels            []*tunnelResult
}

type namedIdle struct {
	name string
	res  idleResult
}

// ratioPairs are the comparisons the report makes, numerator first; the
// A/A pair (goproxy-aa/goproxy) is printed beside each as the noise floor.
var ratioPairs = [][2]string{
	{"chatdlp", "goproxy"},
	{"chatdlp-noinspect", "goproxy"},
	{"chatdlp", "chatdlp-noinspect"},
	{"chatdlp", "direct"},
}

var aaPair = [2]string{"goproxy-aa", "goproxy"}

// value is a target's summary of s: the median over rounds, or the maximum.
func (r *report) value(s *series, name string) float64 {
	i := slices.Index(r.names, name)
	if i < 0 {
		return nan
	}
	sp := summarise(s.vals[i])
	if s.max {
		return sp.hi
	}
	return sp.median
}

// ratio is the spread over rounds of the per-round ratio num/den of s.
func (r *report) ratio(s *series, pair [2]string) spread {
	i, j := slices.Index(r.names, pair[0]), slices.Index(r.names, pair[1])
	if i < 0 || j < 0 || s.max {
		return summarise(nil)
	}
	return summarise(ratios(s.vals[i], s.vals[j]))
}

// find returns the series whose label starts with prefix.
func (r *report) find(prefix string) *series {
	for _, s := range r.series {
		if strings.HasPrefix(s.label, prefix) {
			return s
		}
	}
	return nil
}

// print writes the tables, the inspection latency, the leaf and idle
// figures and the targets of the issue.
func (r *report) print(w io.Writer) {
	fmt.Fprintf(w, "chatdlp-bench: %d rounds of %s per target (downloads: %d rounds), concurrency %d, download %s, idle %d, chatdlp log %q, GOMAXPROCS %d, RLIMIT_NOFILE %d\n",
		r.opts.rounds, r.opts.round, r.opts.downloadRounds, r.opts.concurrency, mib(r.opts.download), r.opts.idle,
		r.opts.chatdlpLog, runtime.GOMAXPROCS(0), r.noFile)
	fmt.Fprintln(w, "chatdlp inspects with the built-in rule pack; chatdlp-noinspect has no inspector; goproxy is bare goproxy MITM")
	if len(r.series) > 0 {
		r.printValues(w)
		r.printRatios(w)
		fmt.Fprintf(w, "turns run again because other processes kept > %.2f cores busy: %d; still disturbed after %d tries: %d\n",
			r.opts.maxOthers, r.retried, maxRetries, r.disturbed)
	}
	for _, e := range r.errs {
		fmt.Fprintln(w, e)
	}
	if in := r.insp; in != nil {
		fmt.Fprintf(w, "\ninspection of one chat post (in process, %d times): extract p50 %s p99 %s max %s; Pipeline.Check p50 %s p99 %s max %s; both p99 %s\n",
			in.n, us(in.extract[0]), us(in.extract[1]), us(in.extract[2]), us(in.check[0]), us(in.check[1]), us(in.check[2]), us(in.extractAndCheckP99))
	}
	if r.leaf != nil {
		fmt.Fprintf(w, "\nleaf certificate (certs.Issuer.Leaf): new host %s avg over %d hosts, cached %s avg\n",
			r.leaf.newHost, r.leaf.hosts, r.leaf.cached)
	}
	for _, id := range r.idle {
		fmt.Fprintf(w, "idle MITM keep-alive: %-8s %d/%d open, RSS %s before, %s with them (%s/conn)\n",
			id.name, id.res.opened, r.opts.idle, kib(id.res.rssBefore), kib(id.res.rssWith), perConn(id.res))
		if id.res.firstErr != nil {
			fmt.Fprintf(w, "  first error: %v\n", id.res.firstErr)
		}
	}
	if len(r.wsExt) > 0 {
		fmt.Fprintf(w, "ws deflate: client offers permessage-deflate (context takeover); wire B/msg counts TLS and framing on the client's TCP connection, both ways, per message each way (message %d bytes); handshake answered: %s\n",
			len(wsMessage(1000)), strings.Join(r.wsExt, ", "))
	}
	for _, id := range r.wsIdle {
		fmt.Fprintf(w, "idle WebSocket: %-8s %d/%d open (-ws-idle %d), RSS %s before, %s with them (%s/conn)\n",
			id.name, id.res.opened, r.wsIdleN, r.opts.wsIdle, kib(id.res.rssBefore), kib(id.res.rssWith), perConn(id.res))
		if id.res.firstErr != nil {
			fmt.Fprintf(w, "  first error: %v\n", id.res.firstErr)
		}
	}
	r.printTargets(w)
	r.printTunnels(w)
}

// printValues writes each target's median over the rounds.
func (r *report) printValues(w io.Writer) {
	fmt.Fprintln(w, "\nper target: median over rounds (max where marked)")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "metric\t")
	for _, n := range r.names {
		fmt.Fprintf(tw, "%s\t", n)
	}
	fmt.Fprintln(tw)
	for _, s := range r.series {
		fmt.Fprintf(tw, "%s\t", s.label)
		for _, n := range r.names {
			fmt.Fprintf(tw, "%s\t", num(r.value(s, n)))
		}
		fmt.Fprintln(tw)
	}
	_ = tw.Flush()
}

// printRatios writes, for each metric, the median over rounds of each
// per-round ratio with its interquartile range, and the A/A ratio's.
func (r *report) printRatios(w io.Writer) {
	fmt.Fprintln(w, "\nratios: median over rounds of the per-round ratio [interquartile range];")
	fmt.Fprintln(w, "A/A = goproxy-aa/goproxy, two identical proxies: the noise floor, median [IQR] (min-max)")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "metric\t")
	for _, p := range ratioPairs {
		fmt.Fprintf(tw, "%s/%s\t", p[0], p[1])
	}
	fmt.Fprintln(tw, "A/A\t")
	for _, s := range r.series {
		if s.max || s.diag {
			continue
		}
		fmt.Fprintf(tw, "%s\t", s.label)
		for _, p := range ratioPairs {
			fmt.Fprintf(tw, "%s\t", fmtRatio(r.ratio(s, p)))
		}
		aa := r.ratio(s, aaPair)
		if aa.n == 0 {
			fmt.Fprintln(tw, "-\t")
			continue
		}
		fmt.Fprintf(tw, "%s (%.2f-%.2f)\t\n", fmtRatio(aa), aa.lo, aa.hi)
	}
	_ = tw.Flush()
}

func fmtRatio(s spread) string {
	if s.n == 0 {
		return "-"
	}
	return fmt.Sprintf("%.3fx [%.3f-%.3f]", s.median, s.q1, s.q3)
}

// printTargets compares with the targets; it reports, never fails.
func (r *report) printTargets(w io.Writer) {
	fmt.Fprintln(w, "\ntargets (reported, not asserted):")
	if s := r.find("keep-alive POST req/s"); s != nil {
		r.checkRatio(w, "chatdlp (inspecting) >= 0.9x goproxy keep-alive req/s", s, ratioPairs[0], 0.9)
	}
	if s := r.find("ws echo msg/s"); s != nil {
		r.checkRatio(w, "chatdlp WebSocket relay >= 0.8x chatdlp-noinspect splice msg/s", s, ratioPairs[2], 0.8)
		r.checkRatio(w, "chatdlp WebSocket relay >= 0.8x goproxy splice msg/s", s, ratioPairs[0], 0.8)
	}
	if s := r.find("download"); s != nil && !s.max {
		r.checkRatio(w, "chatdlp download >= 0.9x goproxy MB/s", s, ratioPairs[0], 0.9)
	}
	if s := r.find("chat file download"); s != nil && !s.max {
		r.checkRatio(w, "chatdlp chat file download (file inspector streaming) >= 0.8x goproxy MB/s", s, ratioPairs[0], 0.8)
	}
	for _, s := range r.series {
		if s.max && strings.HasPrefix(s.label, "download") {
			v := r.value(s, "chatdlp")
			check(w, fmt.Sprintf("chatdlp download extra RSS < 32 MiB (%.1f MiB)", v), !math.IsNaN(v) && v < 32)
		}
		if s.max && strings.HasPrefix(s.label, "chat file download") {
			v := r.value(s, "chatdlp")
			check(w, fmt.Sprintf("chatdlp chat file download extra RSS < 64 MiB (%.1f MiB)", v), !math.IsNaN(v) && v < 64)
		}
	}
	if r.leaf != nil {
		check(w, "new leaf < 1 ms", r.leaf.newHost > 0 && r.leaf.newHost < time.Millisecond)
		check(w, "cached leaf ~0 (< 10 µs)", r.leaf.cached > 0 && r.leaf.cached < 10*time.Microsecond)
	}
	for _, id := range r.idle {
		if id.name == "chatdlp" {
			check(w, fmt.Sprintf("%d idle MITM conns < 1 GiB RSS", r.opts.idle),
				id.res.opened == r.opts.idle && id.res.rssWith < 1<<20)
		}
	}
}

func (r *report) checkRatio(w io.Writer, what string, s *series, pair [2]string, min float64) {
	sp, aa := r.ratio(s, pair), r.ratio(s, aaPair)
	if sp.n == 0 {
		return
	}
	detail := fmt.Sprintf("%.3fx", sp.median)
	if aa.n > 0 {
		detail += fmt.Sprintf(", A/A %.3fx", aa.median)
	}
	check(w, fmt.Sprintf("%s (%s)", what, detail), sp.median >= min)
}

func check(w io.Writer, what string, ok bool) {
	verdict := "met"
	if !ok {
		verdict = "NOT met"
	}
	fmt.Fprintf(w, "  %-70s %s\n", what, verdict)
}

func num(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	return fmt.Sprintf("%.2f", v)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func us(d time.Duration) string { return fmt.Sprintf("%.1fµs", float64(d)/float64(time.Microsecond)) }

func mib(n int64) string { return fmt.Sprintf("%.1fMiB", float64(n)/(1<<20)) }

func kib(n int64) string { return fmt.Sprintf("%.1fMiB", float64(n)/1024) }

func perConn(r idleResult) string {
	if r.opened == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1fKiB", float64(r.rssWith-r.rssBefore)/float64(r.opened))
}

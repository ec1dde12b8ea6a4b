package main

import (
	"fmt"
	"io"
	"runtime"
	"slices"
	"text/tabwriter"
	"time"
)

// report collects every figure of a run.
type report struct {
	opts         options
	noFile       uint64
	names        []string // targets in column order: direct, goproxy, chatdlp
	keepAlive    []loadResult
	newConn      []loadResult
	downloads    []float64 // MB/s
	downloadErrs []error
	leaf         leafResult
	idle         []namedIdle
}

type namedIdle struct {
	name string
	res  idleResult
}

// row is one line of the table: a value per target.
type row struct {
	label  string
	values []float64
	higher bool // higher is better (throughput) or lower (latency)
}

func (r *report) rows() []row {
	var ka, kaP50, kaP99, nc, ncP50, ncP99 []float64
	for i := range r.names {
		ka = append(ka, r.keepAlive[i].rps())
		kaP50 = append(kaP50, ms(r.keepAlive[i].percentile(50)))
		kaP99 = append(kaP99, ms(r.keepAlive[i].percentile(99)))
		nc = append(nc, r.newConn[i].rps())
		ncP50 = append(ncP50, ms(r.newConn[i].percentile(50)))
		ncP99 = append(ncP99, ms(r.newConn[i].percentile(99)))
	}
	return []row{
		{"keep-alive POST req/s", ka, true},
		{"keep-alive POST p50 ms", kaP50, false},
		{"keep-alive POST p99 ms", kaP99, false},
		{"new-conn POST req/s", nc, true},
		{"new-conn POST p50 ms", ncP50, false},
		{"new-conn POST p99 ms", ncP99, false},
		{fmt.Sprintf("download %s MB/s", mib(r.opts.download)), r.downloads, true},
	}
}

// print writes the table, the ratios and the targets of the issue.
func (r *report) print(w io.Writer) {
	fmt.Fprintf(w, "chatdlp-bench: duration %s, concurrency %d, download %s, idle %d, GOMAXPROCS %d, RLIMIT_NOFILE %d\n\n",
		r.opts.duration, r.opts.concurrency, mib(r.opts.download), r.opts.idle, runtime.GOMAXPROCS(0), r.noFile)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "metric\t")
	for _, n := range r.names {
		fmt.Fprintf(tw, "%s\t", n)
	}
	fmt.Fprint(tw, "chatdlp/goproxy\tchatdlp/direct\t\n")
	for _, row := range r.rows() {
		fmt.Fprintf(tw, "%s\t", row.label)
		for _, v := range row.values {
			fmt.Fprintf(tw, "%.2f\t", v)
		}
		fmt.Fprintf(tw, "%s\t%s\t\n", r.ratio(row, "goproxy"), r.ratio(row, "direct"))
	}
	_ = tw.Flush()
	r.printErrors(w)
	fmt.Fprintf(w, "\nleaf certificate (certs.Issuer.Leaf): new host %s avg over %d hosts, cached %s avg\n",
		r.leaf.newHost, r.leaf.hosts, r.leaf.cached)
	for _, id := range r.idle {
		fmt.Fprintf(w, "idle MITM keep-alive: %-8s %d/%d open, RSS %s before, %s with them (%s/conn)\n",
			id.name, id.res.opened, r.opts.idle, kib(id.res.rssBefore), kib(id.res.rssWith), perConn(id.res))
		if id.res.firstErr != nil {
			fmt.Fprintf(w, "  first error: %v\n", id.res.firstErr)
		}
	}
	r.printTargets(w)
}

func (r *report) ratio(row row, base string) string {
	i, j := slices.Index(r.names, "chatdlp"), slices.Index(r.names, base)
	if i < 0 || j < 0 || row.values[j] == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2fx", row.values[i]/row.values[j])
}

func (r *report) printErrors(w io.Writer) {
	for i, n := range r.names {
		for _, lr := range []struct {
			what string
			res  loadResult
		}{{"keep-alive", r.keepAlive[i]}, {"new-conn", r.newConn[i]}} {
			if lr.res.errors > 0 {
				fmt.Fprintf(w, "%s %s: %d errors, first: %v\n", n, lr.what, lr.res.errors, lr.res.firstErr)
			}
		}
		if r.downloadErrs[i] != nil {
			fmt.Fprintf(w, "%s download: %v\n", n, r.downloadErrs[i])
		}
	}
}

// printTargets compares with the targets; it reports, never fails.
func (r *report) printTargets(w io.Writer) {
	rows := r.rows()
	g, c := slices.Index(r.names, "goproxy"), slices.Index(r.names, "chatdlp")
	if g < 0 || c < 0 {
		return
	}
	fmt.Fprintln(w, "\ntargets (reported, not asserted):")
	check(w, "chatdlp >= 0.9x goproxy keep-alive req/s", rows[0].values[c] >= 0.9*rows[0].values[g])
	dl := rows[6].values
	check(w, "chatdlp download within 10% of goproxy", dl[g] > 0 && dl[c] >= 0.9*dl[g])
	check(w, "new leaf < 1 ms", r.leaf.newHost > 0 && r.leaf.newHost < time.Millisecond)
	check(w, "cached leaf ~0 (< 10 µs)", r.leaf.cached > 0 && r.leaf.cached < 10*time.Microsecond)
	for _, id := range r.idle {
		if id.name == "chatdlp" {
			check(w, fmt.Sprintf("%d idle MITM conns < 1 GiB RSS", r.opts.idle),
				id.res.opened == r.opts.idle && id.res.rssWith < 1<<20)
		}
	}
}

func check(w io.Writer, what string, ok bool) {
	verdict := "met"
	if !ok {
		verdict = "NOT met"
	}
	fmt.Fprintf(w, "  %-45s %s\n", what, verdict)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func mib(n int64) string { return fmt.Sprintf("%.1fMiB", float64(n)/(1<<20)) }

func kib(n int64) string { return fmt.Sprintf("%.1fMiB", float64(n)/1024) }

func perConn(r idleResult) string {
	if r.opened == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1fKiB", float64(r.rssWith-r.rssBefore)/float64(r.opened))
}

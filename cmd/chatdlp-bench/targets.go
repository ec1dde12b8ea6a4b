package main

import (
	"fmt"
	"path/filepath"
	"slices"
	"time"
)

// startTargets starts one proxy child per role and returns the direct target
// followed by one target per proxy, and the children (stop them with stopAll).
func startTargets(dir, upstream string, roles ...string) ([]target, []*child, error) {
	upRoots, err := loadPool(filepath.Join(dir, upstreamCA))
	if err != nil {
		return nil, nil, err
	}
	caRoots, err := loadPool(filepath.Join(dir, proxyCACert))
	if err != nil {
		return nil, nil, err
	}
	targets := []target{{name: "direct", roots: upRoots, upstream: upstream}}
	var children []*child
	for _, role := range roles {
		c, err := spawn(role, dir)
		if err != nil {
			stopAll(children)
			return nil, nil, err
		}
		children = append(children, c)
		name := role
		if slices.ContainsFunc(targets, func(t target) bool { return t.name == role }) {
			name += "-aa" // a second instance: the A/A noise floor
		}
		targets = append(targets, target{name: name, proxy: c.addr, roots: caRoots, upstream: upstream, child: c})
	}
	return targets, children, nil
}

func stopAll(children []*child) {
	for _, c := range children {
		c.stop()
	}
}

// interleave calls fn for every target in every round. Each round visits
// the targets in another order, rotated by one per round and reversed
// every other cycle, so that no target always runs first, last or after
// the same one: a neighbour's burst or a drift of the machine falls on
// all of them alike, and per-round ratios compare turns run seconds apart.
func interleave(n, rounds int, fn func(round, i int)) {
	for r := range rounds {
		for k := range n {
			i := (k + r) % n
			if (r/n)%2 == 1 {
				i = (n - 1 - k + r) % n
			}
			fn(r, i)
		}
	}
}

// newSeries makes a series for n targets and rounds rounds, all unknown.
func newSeries(label string, higher, useMax bool, n, rounds int) *series {
	s := &series{label: label, higher: higher, max: useMax, vals: make([][]float64, n)}
	for i := range s.vals {
		s.vals[i] = make([]float64, rounds)
		for j := range s.vals[i] {
			s.vals[i][j] = nan
		}
	}
	return s
}

// A turn during which other processes kept more than -max-others cores
// busy is run again, up to maxRetries times, retryPause apart: a
// neighbour's burst then falls between turns rather than in one.
const (
	maxRetries = 3
	retryPause = 300 * time.Millisecond
)

// measurePosts runs the chat-post test (keep-alive or a new connection per
// request) on every target, interleaved in rounds of one turn each.
func (r *report) measurePosts(targets []target, keepAlive bool) {
	what := "new-conn"
	if keepAlive {
		what = "keep-alive"
	}
	n, rounds := len(targets), r.opts.rounds
	rps := newSeries(what+" POST req/s", true, false, n, rounds)
	p50 := newSeries(what+" POST p50 ms", false, false, n, rounds)
	p99 := newSeries(what+" POST p99 ms", false, false, n, rounds)
	cpu := newSeries(what+" proxy CPU µs/req", false, false, n, rounds)
	others := newSeries(what+" others' load (cores)", false, false, n, rounds)
	others.diag = true
	posters := make([]*poster, n)
	for i, t := range targets {
		posters[i] = newPoster(t, keepAlive, r.opts.concurrency)
		defer posters[i].close()
		posters[i].run(min(r.opts.round, 300*time.Millisecond)) // warm up: connections, leaf caches, heaps
	}
	errs := make([]tally, n)
	interleave(n, rounds, func(round, i int) {
		res := steadyTurn(r, func() turn { return posters[i].run(r.opts.round) }, func(t turn) float64 { return t.others })
		rps.vals[i][round] = res.rps()
		p50.vals[i][round] = ms(res.percentile(50))
		p99.vals[i][round] = ms(res.percentile(99))
		cpu.vals[i][round] = res.cpuPerRequest()
		others.vals[i][round] = res.others
		errs[i].add(res.errors, res.firstErr)
	})
	r.tallied(targets, what, errs)
	r.series = append(r.series, rps, p50, p99, cpu, others)
}

// steadyTurn runs one turn, and runs it again (up to maxRetries times)
// while other processes kept more than -max-others cores busy.
func steadyTurn[T any](r *report, run func() T, others func(T) float64) T {
	res := run()
	for try := 1; r.opts.maxOthers > 0 && others(res) > r.opts.maxOthers; try++ {
		if try > maxRetries {
			r.disturbed++
			break
		}
		r.retried++
		time.Sleep(retryPause)
		res = run()
	}
	return res
}

// tally counts a target's errors over its turns.
type tally struct {
	errors   int
	firstErr error
}

func (t *tally) add(n int, err error) {
	t.errors += n
	t.firstErr = cmpOr(t.firstErr, err)
}

// tallied reports the targets that had errors in the test what.
func (r *report) tallied(targets []target, what string, errs []tally) {
	for i, e := range errs {
		if e.errors > 0 {
			r.errs = append(r.errs, fmt.Sprintf("%s %s: %d errors, first: %v", targets[i].name, what, e.errors, e.firstErr))
		}
	}
}

// measureDownloads fetches the download once per target per round,
// as a plain download and as a file shared in a chat service (which
// chatdlp streams through its file inspector), and records MB/s and the
// proxy's peak RSS over its RSS before each.
func (r *report) measureDownloads(targets []target) {
	n, rounds := len(targets), r.opts.downloadRounds
	dls := make([]*downloader, n)
	for i, t := range targets {
		d, err := newDownloader(t)
		if err != nil {
			r.errs = append(r.errs, fmt.Sprintf("%s download: %v", t.name, err))
			continue
		}
		defer d.close()
		dls[i] = d
	}
	for _, kind := range []struct{ label, path string }{{"download", "/download"}, {"chat file download", chatFilePath}} {
		mbps := newSeries(fmt.Sprintf("%s %s MB/s", kind.label, mib(r.opts.download)), true, false, n, rounds)
		rss := newSeries(fmt.Sprintf("%s %s proxy extra RSS MiB (max)", kind.label, mib(r.opts.download)), false, true, n, rounds)
		errs := make([]error, n)
		interleave(n, rounds, func(round, i int) {
			if dls[i] == nil {
				return
			}
			v, extra, err := dls[i].measure(kind.path, r.opts.download)
			if err != nil {
				errs[i] = cmpOr(errs[i], err)
				return
			}
			mbps.vals[i][round], rss.vals[i][round] = v, extra
		})
		for i, err := range errs {
			if err != nil {
				r.errs = append(r.errs, fmt.Sprintf("%s %s: %v", targets[i].name, kind.label, err))
			}
		}
		r.series = append(r.series, mbps, rss)
	}
}

// measure runs one download and returns its MB/s and the proxy's peak RSS
// over its RSS before, in MiB (NaN when there is no proxy child).
func (d *downloader) measure(path string, n int64) (float64, float64, error) {
	c := d.t.child
	var before int64 = -1
	if c != nil {
		if v, err := c.rssKiB(); err == nil && c.resetHWM() == nil {
			before = v
		}
	}
	v, err := d.run(path, n)
	if err != nil {
		return 0, 0, err
	}
	extra := nan
	if before >= 0 {
		if hwm, err := c.hwmKiB(); err == nil {
			extra = float64(hwm-before) / 1024
		}
	}
	return v, extra, nil
}

// checkInspection makes sure the chatdlp target inspects: a message with
// an AWS access key id is refused (403) by it and passed by the others.
// A chatdlp that passed it would make the comparison meaningless.
func checkInspection(targets []target) error {
	for _, t := range targets {
		want := 200
		if t.name == "chatdlp" {
			want = 403
		}
		p := newPoster(t, true, 1)
		err := post(p.client, p.url, secretBody, want)
		p.close()
		if err != nil {
			return fmt.Errorf("bench: %s: a message with a secret: %w", t.name, err)
		}
	}
	return nil
}

// measureIdle holds n idle MITM connections through a fresh child of each
// proxy, one proxy at a time.
func (r *report) measureIdle(dir, upstream string, n int) error {
	for _, role := range []string{"goproxy", "chatdlp"} {
		targets, children, err := startTargets(dir, upstream, role)
		if err != nil {
			return err
		}
		res := runIdle(children[0], targets[1], n)
		stopAll(children)
		r.idle = append(r.idle, namedIdle{role, res})
	}
	return nil
}

package main

import (
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
		targets = append(targets, target{name: name, proxy: c.addr, roots: caRoots, upstream: upstream})
	}
	return targets, children, nil
}

func stopAll(children []*child) {
	for _, c := range children {
		c.stop()
	}
}

// measureLoad runs the keep-alive, new-connection and download tests on
// every target. The load time is split into rounds that alternate the
// targets (in alternating order), so a neighbour's burst on a shared machine
// hits all of them alike;
// the download keeps the best of the rounds.
func (r *report) measureLoad(targets []target) {
	rounds := r.opts.rounds
	per := r.opts.duration / time.Duration(rounds)
	r.keepAlive = make([]loadResult, len(targets))
	r.newConn = make([]loadResult, len(targets))
	r.downloads = make([]float64, len(targets))
	r.downloadErrs = make([]error, len(targets))
	for _, t := range targets {
		r.names = append(r.names, t.name)
	}
	for round := range rounds {
		for k := range targets {
			i := k
			if round%2 == 1 { // alternate the order: no target always runs first
				i = len(targets) - 1 - k
			}
			t := targets[i]
			r.keepAlive[i].merge(runPosts(t, true, r.opts.concurrency, per))
			r.newConn[i].merge(runPosts(t, false, r.opts.concurrency, per))
			mbps, err := download(t, r.opts.download)
			r.downloads[i] = max(r.downloads[i], mbps)
			r.downloadErrs[i] = cmpOr(r.downloadErrs[i], err)
		}
	}
	for i := range targets {
		slices.Sort(r.keepAlive[i].lat)
		slices.Sort(r.newConn[i].lat)
	}
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

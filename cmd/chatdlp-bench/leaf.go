package main

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/chatdlp/chatdlp/certs"
)

// leafResult is the cost of certs.Issuer.Leaf.
type leafResult struct {
	hosts           int
	newHost, cached time.Duration // average per call
}

// measureLeaf times Issuer.Leaf on n hosts it has never seen, then on the
// same hosts again (cache hits), with the run's CA. The issuer is used
// directly, in this process: this is the cost chatdlp pays per new host.
func (r *report) measureLeaf(dir string, n int) error {
	ca, err := certs.LoadCA(filepath.Join(dir, proxyCACert), filepath.Join(dir, proxyCAKey))
	if err != nil {
		return fmt.Errorf("bench: leaf: %w", err)
	}
	iss := certs.NewIssuer(ca, certs.IssuerOptions{CacheSize: 2 * n})
	hosts := make([]string, n)
	for i := range hosts {
		hosts[i] = fmt.Sprintf("h%d.chat.bench.example", i)
	}
	timeAll := func() (time.Duration, error) {
		t0 := time.Now()
		for _, h := range hosts {
			if _, err := iss.Leaf(h); err != nil {
				return 0, fmt.Errorf("bench: leaf %s: %w", h, err)
			}
		}
		return time.Since(t0) / time.Duration(n), nil
	}
	r.leaf = &leafResult{hosts: n}
	if r.leaf.newHost, err = timeAll(); err != nil {
		return err
	}
	r.leaf.cached, err = timeAll()
	return err
}

package proxy

import (
	"context"
	"net/http"
	"sync"
)

// maxPinnedTransports bounds the transports kept for dial overrides.
const maxPinnedTransports = 256

// pinnedTransports keeps one transport per dial override (an original
// destination from CONNECT-to-IP or SO_ORIGINAL_DST). http.Transport pools
// connections by URL host, so without this two transparent flows with the
// same SNI but different original addresses could share a pooled
// connection and a request would reach the wrong server.
type pinnedTransports struct {
	mu   sync.Mutex
	base *http.Transport
	m    map[string]*http.Transport
}

// forContext returns the transport for the request's dial override, or
// base when there is none.
func (p *pinnedTransports) forContext(ctx context.Context) *http.Transport {
	addr, _ := ctx.Value(dialOverrideKey{}).(string)
	if addr == "" {
		return p.base
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if tr, ok := p.m[addr]; ok {
		return tr
	}
	if p.m == nil || len(p.m) >= maxPinnedTransports {
		p.closeLocked()
		p.m = make(map[string]*http.Transport)
	}
	tr := p.base.Clone()
	p.m[addr] = tr
	return tr
}

// closeIdle closes the idle connections of every pinned transport.
func (p *pinnedTransports) closeIdle() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closeLocked()
}

func (p *pinnedTransports) closeLocked() {
	for _, tr := range p.m {
		tr.CloseIdleConnections()
	}
}

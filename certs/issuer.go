package certs

import (
	"crypto"
	"crypto/tls"
	"fmt"
	"sync/atomic"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/sync/singleflight"
)

// Issuer defaults and limits.
const (
	DefaultCacheSize = 4096
	DefaultValidity  = 7 * 24 * time.Hour
	// MaxValidity caps IssuerOptions.Validity (the CA/Browser Forum and Apple
	// limit for TLS server certificates is 398 days).
	MaxValidity = 397 * 24 * time.Hour
	// backdate is how far before "now" a leaf becomes valid, for client clock skew.
	backdate = time.Hour
)

// IssuerOptions configures NewIssuer. The zero value is usable.
type IssuerOptions struct {
	// CacheSize bounds the number of cached leaves (LRU); <= 0 means DefaultCacheSize.
	CacheSize int
	// Validity is a leaf's lifetime; <= 0 means DefaultValidity, at most MaxValidity.
	// A leaf never outlives the CA. A cached leaf within Validity/4 of its
	// expiry is minted again.
	Validity time.Duration
	// Now is the clock; nil means time.Now. Tests inject their own.
	Now func() time.Time
}

// IssuerStats are the issuer's counters, for metrics.
type IssuerStats struct {
	Hits   uint64 // leaves served from the cache
	Misses uint64 // leaves minted (a new host, or an expiring leaf renewed)
	Shared uint64 // calls that waited for a concurrent mint of the same host
	Errors uint64 // calls that failed (invalid host name, signing error)
	Size   int    // leaves in the cache now
}

// Issuer mints leaf certificates signed by a CA, one per host name, and
// caches them. It is safe for concurrent use.
type Issuer struct {
	ca       *CA
	validity time.Duration
	renew    time.Duration
	now      func() time.Time
	leafKey  crypto.Signer // shared by all leaves; see newLeafKeyPolicy
	cache    *lru.Cache[string, *tls.Certificate]
	group    singleflight.Group

	hits, misses, shared, errors atomic.Uint64
}

// NewIssuer returns an Issuer signing with ca. It panics only if the system
// random source fails while generating the leaf key.
func NewIssuer(ca *CA, opts IssuerOptions) *Issuer {
	if opts.CacheSize <= 0 {
		opts.CacheSize = DefaultCacheSize
	}
	if opts.Validity <= 0 {
		opts.Validity = DefaultValidity
	}
	opts.Validity = min(opts.Validity, MaxValidity)
	if opts.Now == nil {
		opts.Now = time.Now
	}
	cache, err := lru.New[string, *tls.Certificate](opts.CacheSize)
	if err != nil {
		panic(fmt.Sprintf("certs: lru.New(%d): %v", opts.CacheSize, err)) // size > 0 above: unreachable
	}
	return &Issuer{
		ca:       ca,
		validity: opts.Validity,
		renew:    opts.Validity / 4,
		now:      opts.Now,
		leafKey:  mustLeafKey(),
		cache:    cache,
	}
}

// Leaf returns a certificate for host (see NormalizeHost): a DNS SAN for a
// name, an IP SAN for an IP literal. It comes from the cache unless absent or
// close to expiry; concurrent misses for one host mint once.
func (i *Issuer) Leaf(host string) (*tls.Certificate, error) {
	name, err := NormalizeHost(host)
	if err != nil {
		i.errors.Add(1)
		return nil, err
	}
	now := i.now()
	if c, ok := i.cache.Get(name); ok && i.fresh(c, now) {
		i.hits.Add(1)
		return c, nil
	}
	ran := false // singleflight reports shared=true to the caller that ran fn too
	v, err, _ := i.group.Do(name, func() (any, error) {
		ran = true
		return i.mintAndCache(name, now)
	})
	if !ran {
		i.shared.Add(1)
	}
	if err != nil {
		i.errors.Add(1)
		return nil, err
	}
	return v.(*tls.Certificate), nil
}

// mintAndCache mints a leaf for name unless a flight that just ended cached
// a fresh one, and caches it.
func (i *Issuer) mintAndCache(name string, now time.Time) (*tls.Certificate, error) {
	if c, ok := i.cache.Peek(name); ok && i.fresh(c, now) {
		i.hits.Add(1)
		return c, nil
	}
	c, err := i.mint(name, now)
	if err != nil {
		return nil, err
	}
	i.misses.Add(1)
	i.cache.Add(name, c)
	return c, nil
}

// fresh reports whether a cached leaf may still be served at now: not
// expired, and not within the renewal window unless renewing could not
// extend it (it already ends with the CA).
func (i *Issuer) fresh(c *tls.Certificate, now time.Time) bool {
	notAfter := c.Leaf.NotAfter
	if !now.Before(notAfter) {
		return false
	}
	return notAfter.Sub(now) > i.renew || !notAfter.Before(i.ca.cert.NotAfter)
}

// Stats returns the issuer's counters and cache size.
func (i *Issuer) Stats() IssuerStats {
	return IssuerStats{
		Hits:   i.hits.Load(),
		Misses: i.misses.Load(),
		Shared: i.shared.Load(),
		Errors: i.errors.Load(),
		Size:   i.cache.Len(),
	}
}

// TLSConfig returns a server configuration for an intercepted connection:
// TLS 1.2 minimum, ALPN http/1.1 only, and a certificate named from the
// client's SNI or, when the client sends none, from fallbackHost (the
// CONNECT or original-destination host).
func (i *Issuer) TLSConfig(fallbackHost string) *tls.Config {
	return &tls.Config{
		MinVersion: tls.VersionTLS12,
		NextProtos: []string{"http/1.1"},
		GetCertificate: func(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
			host := hello.ServerName
			if host == "" {
				host = fallbackHost
			}
			return i.Leaf(host)
		},
	}
}

package urls

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/sync/singleflight"
)

// Reasons an expansion stops; an Expand error wraps one of them (or a
// network error) in an *ExpandError, so errors.Is tells the reason.
var (
	ErrBadURL         = errors.New("not an absolute http or https URL")
	ErrTooManyHops    = errors.New("too many redirects")
	ErrLoop           = errors.New("redirect loop")
	ErrBlockedAddress = errors.New("address not allowed (private, loopback, link-local, CGNAT, ULA, multicast, unspecified or metadata)")
	ErrBlockedPort    = errors.New("port not allowed (80 and 443 only)")
	ErrTimeout        = errors.New("timed out")
)

// ExpandError is an expansion that stopped: at which URL, after how many
// requests, and why (Err wraps one of the Err* reasons or a network error).
type ExpandError struct {
	URL string // the URL that was not (or could not be) contacted
	Hop int    // requests made before it
	Err error
}

func (e *ExpandError) Error() string {
	return fmt.Sprintf("urls: expansion stopped at %s after %d hops: %v", e.URL, e.Hop, e.Err)
}

// Unwrap returns the reason.
func (e *ExpandError) Unwrap() error { return e.Err }

// Expander follows short links hop by hop (urls.shorteners.expand,
// urls.expand.* in docs/inspection.md). Build it with NewExpander; its
// fields are read-only afterwards. It is safe for concurrent use.
//
// Only hosts IsShortener accepts are contacted, with HEAD (GET when HEAD
// gets 405 or 501); redirects are never followed by the HTTP client: each
// Location is checked before it is contacted. Every address dialled is
// checked after DNS resolution, in the dialer's Control function.
type Expander struct {
	MaxHops       int           // requests per expansion; default 5
	Timeout       time.Duration // for a whole expansion; default 5s
	AllowLoopback bool          // tests only: 127.0.0.0/8 and ::1, on any port, may be dialled
	// IsShortener says whether a host (IDNA ASCII, lower case, no port)
	// may be contacted; nil contacts nothing. Catalogue.ShortenerHost fits.
	IsShortener func(host string) bool
	CacheSize   int           // results kept (LRU); default 4096
	CacheTTL    time.Duration // how long a result is kept; default 1h
	FailureTTL  time.Duration // how long a failure is kept; default 1m
	UserAgent   string        // default: a generic browser-like one
	// Resolve, when set, replaces DNS: the addresses a host name is
	// dialled at (tests map names such as bit.ly to 127.0.0.1 with it).
	// The address check applies to what it returns all the same.
	Resolve func(ctx context.Context, host string) ([]netip.Addr, error)

	client *http.Client
	cache  *lru.Cache[string, result]
	flight *singleflight.Group
}

type result struct {
	final   string
	hops    []string
	err     error
	expires time.Time
}

// maxBody is how much of a response body is read (and dropped) so that
// its connection can be reused; the rest is never read.
const maxBody = 4 << 10

// NewExpander returns an Expander configured as c (defaults filled in).
func NewExpander(c Expander) *Expander {
	e := &Expander{
		MaxHops: c.MaxHops, Timeout: c.Timeout, AllowLoopback: c.AllowLoopback,
		IsShortener: c.IsShortener, CacheSize: c.CacheSize, CacheTTL: c.CacheTTL,
		FailureTTL: c.FailureTTL, UserAgent: c.UserAgent, Resolve: c.Resolve,
		flight: &singleflight.Group{},
	}
	e.MaxHops = cmpOr(e.MaxHops, 5)
	e.Timeout = cmpOr(e.Timeout, 5*time.Second)
	e.CacheSize = cmpOr(e.CacheSize, 4096)
	e.CacheTTL = cmpOr(e.CacheTTL, time.Hour)
	e.FailureTTL = cmpOr(e.FailureTTL, time.Minute)
	e.UserAgent = cmpOr(e.UserAgent, "Mozilla/5.0 (compatible)")
	e.cache, _ = lru.New[string, result](e.CacheSize) // only fails for a size <= 0
	e.client = &http.Client{
		Transport: &http.Transport{
			Proxy:                  nil, // never the environment's proxy
			DialContext:            e.dial,
			ForceAttemptHTTP2:      true,
			TLSClientConfig:        &tls.Config{MinVersion: tls.VersionTLS12},
			TLSHandshakeTimeout:    e.Timeout,
			ResponseHeaderTimeout:  e.Timeout,
			MaxResponseHeaderBytes: 32 << 10,
			DisableCompression:     true,
			MaxIdleConns:           16,
			IdleConnTimeout:        30 * time.Second,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		// No Jar: no cookies are kept or sent.
	}
	return e
}

func cmpOr[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// Close closes the idle connections.
func (e *Expander) Close() { e.client.CloseIdleConnections() }

// Expand follows rawURL while it goes to shorteners and returns the final
// URL and the URLs contacted, in order. A URL whose host is not a
// shortener is not contacted: it is the final URL (that is success, and
// rawURL itself when it is not a short link). URLs are returned
// normalised: host in IDNA ASCII lower case, fragment dropped. On
// error, final is the URL
// the expansion stopped at (not contacted, or contacted without answer)
// and err is an *ExpandError wrapping the reason: ErrTooManyHops,
// ErrLoop, ErrBlockedAddress, ErrBlockedPort, ErrTimeout, ErrBadURL or a
// network error. Results, failures included, are cached.
func (e *Expander) Expand(ctx context.Context, rawURL string) (final string, hops []string, err error) {
	if r, ok := e.cache.Get(rawURL); ok && time.Now().Before(r.expires) {
		return r.final, slices.Clone(r.hops), r.err
	}
	ch := e.flight.DoChan(rawURL, func() (any, error) {
		// Bounded by Timeout, not by the first caller's context: the
		// result is shared with every caller waiting for it.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), e.Timeout)
		defer cancel()
		r := e.expand(ctx, rawURL)
		r.expires = time.Now().Add(e.CacheTTL)
		if r.err != nil {
			r.expires = time.Now().Add(e.FailureTTL)
		}
		e.cache.Add(rawURL, r)
		return r, nil
	})
	select {
	case res := <-ch:
		r, _ := res.Val.(result)
		return r.final, slices.Clone(r.hops), r.err
	case <-ctx.Done():
		return rawURL, nil, &ExpandError{URL: rawURL, Err: timeoutErr(ctx, ctx.Err())}
	}
}

func (e *Expander) expand(ctx context.Context, rawURL string) result {
	cur, err := target(rawURL)
	if err != nil {
		return result{final: rawURL, err: &ExpandError{URL: rawURL, Err: err}}
	}
	seen := make(map[string]bool)
	var hops []string
	for {
		s := cur.String()
		stop := func(err error) result {
			return result{final: s, hops: hops, err: &ExpandError{URL: s, Hop: len(hops), Err: err}}
		}
		if ip, err := netip.ParseAddr(cur.Hostname()); err == nil && blocked(ip) && !(e.AllowLoopback && ip.IsLoopback()) {
			return stop(fmt.Errorf("%w: %s", ErrBlockedAddress, ip))
		}
		if e.IsShortener == nil || !e.IsShortener(cur.Hostname()) {
			return result{final: s, hops: hops}
		}
		switch {
		case seen[s]:
			return stop(ErrLoop)
		case len(hops) >= e.MaxHops:
			return stop(fmt.Errorf("%w: more than %d", ErrTooManyHops, e.MaxHops))
		case !e.AllowLoopback && cur.Port() != "" && cur.Port() != "80" && cur.Port() != "443":
			return stop(fmt.Errorf("%w: %s", ErrBlockedPort, cur.Port()))
		}
		seen[s] = true
		hops = append(hops, s)
		next, err := e.hop(ctx, cur)
		if err != nil {
			hops = hops[:len(hops)-1] // not answered
			return stop(timeoutErr(ctx, err))
		}
		if next == nil {
			return result{final: s, hops: hops}
		}
		cur = next
	}
}

// target parses an absolute http(s) URL and normalises its host.
func target(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadURL, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return nil, fmt.Errorf("%w: %q", ErrBadURL, raw)
	}
	h := NormalizeHost(u.Hostname())
	if h == "" {
		return nil, fmt.Errorf("%w: host of %q", ErrBadURL, raw)
	}
	if ip, err := netip.ParseAddr(h); err == nil && ip.Is6() {
		h = "[" + h + "]"
	}
	if p := u.Port(); p != "" {
		h += ":" + p
	}
	u.Host, u.Fragment, u.RawFragment = h, "", ""
	return u, nil
}

// hop asks u once (HEAD, then GET on 405 or 501) and returns where it
// redirects to, or nil when it does not.
func (e *Expander) hop(ctx context.Context, u *url.URL) (*url.URL, error) {
	status, loc, err := e.ask(ctx, http.MethodHead, u)
	if err == nil && (status == http.StatusMethodNotAllowed || status == http.StatusNotImplemented) {
		status, loc, err = e.ask(ctx, http.MethodGet, u)
	}
	if err != nil {
		return nil, err
	}
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
	default:
		return nil, nil
	}
	if loc == "" {
		return nil, nil
	}
	next, err := u.Parse(loc)
	if err != nil {
		return nil, fmt.Errorf("%w: Location %q: %w", ErrBadURL, loc, err)
	}
	return target(next.String())
}

// ask sends one request and returns the status and Location; the body is
// read up to maxBody and closed.
func (e *Expander) ask(ctx context.Context, method string, u *url.URL) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, method, u.String(), nil)
	if err != nil {
		return 0, "", fmt.Errorf("%w: %w", ErrBadURL, err)
	}
	req.Header.Set("User-Agent", e.UserAgent)
	req.Header.Set("Accept", "*/*")
	resp, err := e.client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxBody))
	return resp.StatusCode, resp.Header.Get("Location"), nil
}

// timeoutErr marks err as ErrTimeout when it is one.
func timeoutErr(ctx context.Context, err error) error {
	var ne net.Error
	if errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) ||
		(errors.As(err, &ne) && ne.Timeout()) {
		return fmt.Errorf("%w: %w", ErrTimeout, err)
	}
	return err
}

// Package proxy is chatdlp's TLS-terminating forward proxy: the explicit
// listener (plain HTTP and CONNECT), the transparent listeners, MITM with
// the company CA, upstream verification, client and service policy, and
// the registry of tunnel protocol handlers.
//
// Design: connections are accepted and routed by our own code. The HTTP
// exchanges a client makes with us first-hand (explicit proxy requests,
// CONNECT, transparent HTTP) are served by one http.Server; the HTTP/1.1
// stream inside a tunnel (decrypted by MITM, or plain HTTP in CONNECT) is
// served by a request loop of our own (inner.go), which keeps the
// server's limits without its per-request background read. Both hand every request to one handler (serveHTTP),
// which hands the upstream leg to goproxy's ProxyHttpServer. We take
// CONNECT out of goproxy because its hijack path drops bytes the client
// sent with the CONNECT, picks the inner Host over the tunnel's, closes on
// upstream certificate errors instead of answering, and sets no deadlines
// on hijacked connections. Owning the accept and CONNECT path gives us
// header/idle limits everywhere and a buffered reader we can peek without
// loss. goproxy is the only dependency that stays internal: no exported
// name mentions it.
package proxy

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"sync"
	"sync/atomic"

	"github.com/chatdlp/chatdlp/certs"
	"github.com/chatdlp/chatdlp/config"
	"github.com/chatdlp/chatdlp/inspect"
	"github.com/elazarl/goproxy"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"
)

// Options are what New needs. Config and Issuer are required; Logger and
// Registry default to a no-op logger and no metrics registration.
type Options struct {
	Config   *config.Config
	Issuer   *certs.Issuer
	Logger   *zap.Logger
	Registry prometheus.Registerer
	// Inspector inspects chat messages (an *inspect.Live that reloads
	// swap); nil turns inspection off.
	Inspector inspect.Inspector
	// Files inspects file parts; nil leaves them uninspected unless
	// NewFiles makes one.
	Files inspect.FileInspector
	// NewFiles, when set, builds the file inspector of each configuration
	// (at start and at every reload: files.executables, files.archives)
	// in place of Files.
	NewFiles func(*config.Config) (inspect.FileInspector, error)
	// NewLinks, when set, builds the link inspector of each configuration
	// (urls.*); nil leaves links uninspected.
	NewLinks func(*config.Config) (inspect.LinkInspector, error)
}

// Server is the proxy. Create it with New, serve listeners with Serve,
// ServeTransparentHTTP and ServeTransparentHTTPS, stop it with Shutdown.
type Server struct {
	log    *zap.Logger
	issuer *certs.Issuer
	limits config.Limits
	pol    atomic.Pointer[policy]
	gp     *goproxy.ProxyHttpServer
	tr     *http.Transport
	pinned pinnedTransports
	hs     *http.Server
	met    *metrics
	imet   *inspect.Metrics

	inspector inspect.Inspector
	files     inspect.FileInspector
	newFiles  func(*config.Config) (inspect.FileInspector, error)
	newLinks  func(*config.Config) (inspect.LinkInspector, error)

	roots  *x509.CertPool
	lookup func(ctx context.Context, network, host string) ([]netip.Addr, error) // DNS; tests replace it
	parent *url.URL

	ctx       context.Context // handlers' context, cancelled at a forced shutdown
	cancel    context.CancelFunc
	lmu       sync.Mutex
	listeners map[net.Listener]struct{} // raw-accept listeners (transparent HTTPS)
	self      selfAddrs
	outbound  outboundSet
	tunnels   tunnelSet
	registry  registry
	closing   atomic.Bool
	icap      busyConns     // ICAP client connections (ServeICAP)
	inner     busyConns     // tunnels' HTTP/1.1 streams (serveInner)
	gen       atomic.Uint64 // policies built: the ISTag's generation
	boot      string        // random per process: the ISTag's seed
}

// New builds a server from opts; nothing listens until Serve.
func New(opts Options) (*Server, error) {
	if opts.Config == nil || opts.Issuer == nil {
		return nil, errors.New("proxy: new: Config and Issuer are required")
	}
	log := opts.Logger
	if log == nil {
		log = zap.NewNop()
	}
	cfg := opts.Config
	s := &Server{log: log, issuer: opts.Issuer, limits: cfg.Limits,
		listeners: map[net.Listener]struct{}{}, inspector: opts.Inspector, files: opts.Files,
		newFiles: opts.NewFiles, newLinks: opts.NewLinks}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.boot = newID()
	s.lookup = net.DefaultResolver.LookupNetIP
	var err error
	if s.met, err = newMetrics(opts.Registry, opts.Issuer); err != nil {
		return nil, err
	}
	if s.imet, err = inspect.NewMetrics(opts.Registry); err != nil {
		return nil, err
	}
	pol, err := s.newPolicy(cfg)
	if err != nil {
		return nil, err
	}
	s.pol.Store(pol)
	if s.tr, err = s.newTransport(cfg); err != nil {
		return nil, err
	}
	s.pinned.base = s.tr
	s.gp = s.newGoproxy()
	s.RegisterTunnel("irc", ircHandler{s})
	s.RegisterTunnel("xmpp", xmppHandler{s})
	s.hs = &http.Server{
		Handler:           http.HandlerFunc(s.serveHTTP),
		ReadHeaderTimeout: cfg.Limits.HandshakeTimeout.D(),
		IdleTimeout:       cfg.Limits.IdleTimeout.D(),
		MaxHeaderBytes:    int(cfg.Limits.MaxHeaderBytes),
		ConnContext:       connContext,
		ConnState:         s.connState,
		ErrorLog:          zap.NewStdLog(log.Named("http").With(zap.String("event", "proxy.http_error"))),
		// An empty map disables HTTP/2 on client connections: we speak
		// HTTP/1.1 inside MITM (ALPN offers only http/1.1).
		TLSNextProto: map[string]func(*http.Server, *tls.Conn, http.Handler){},
	}
	return s, nil
}

// connContext puts the connection's info in the context of its requests,
// and for a tunnel whose upstream is dialled at a fixed address (CONNECT
// to an IP, transparent HTTPS) that address too: set once per connection
// rather than copied into every request (route).
func connContext(ctx context.Context, c net.Conn) context.Context {
	cc, ok := c.(*clientConn)
	if !ok {
		return ctx
	}
	ctx = context.WithValue(ctx, connInfoKey{}, cc.info)
	if t := cc.info.tun; cc.info.mode == modeTunnel && t != nil && t.dial != "" {
		ctx = withDialAddr(ctx, t.dial)
	}
	return ctx
}

func (s *Server) policy() *policy { return s.pol.Load() }

// Serve runs the explicit proxy on l until Shutdown; it returns nil after
// a graceful shutdown.
func (s *Server) Serve(l net.Listener) error {
	return s.serveHTTPListener(l, modeExplicit)
}

// ServeTransparentHTTP serves plain HTTP redirected by the firewall: the
// destination is the Host header, dialled at the original destination
// (SO_ORIGINAL_DST) when the connection was redirected.
func (s *Server) ServeTransparentHTTP(l net.Listener) error {
	return s.serveHTTPListener(l, modeTransparentHTTP)
}

func (s *Server) serveHTTPListener(l net.Listener, mode connMode) error {
	s.self.add(l.Addr())
	err := s.hs.Serve(&acceptListener{Listener: l, s: s, mode: mode})
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Reload swaps the client, service, bypass, tunnel and inspection policy
// of cfg in atomically; listeners, limits, CA and upstream roots stay as they are
// (a restart changes those). An invalid cfg leaves the running policy.
func (s *Server) Reload(cfg *config.Config) error {
	pol, err := s.newPolicy(cfg)
	if err != nil {
		return fmt.Errorf("proxy: reload: %w", err)
	}
	s.pol.Store(pol)
	return nil
}

// Shutdown stops accepting, waits for in-flight requests and tunnels, and
// at ctx's deadline closes whatever is left.
func (s *Server) Shutdown(ctx context.Context) error {
	s.closing.Store(true)
	s.closeListeners()
	s.inner.closeIdle()
	s.icap.closeIdle()
	errc := make(chan error, 1)
	go func() {
		err := s.hs.Shutdown(ctx)
		if errors.Is(err, net.ErrClosed) {
			// A listener closed already (by closeListeners, or by its
			// owner before Shutdown) is what shutting down wants: the
			// http.Server still waited for its connections to finish.
			err = nil
		}
		errc <- err
	}()
	tunErr := errors.Join(s.tunnels.wait(ctx), s.icap.wait(ctx), s.inner.wait(ctx))
	err := <-errc
	if err != nil || tunErr != nil {
		s.cancel()
		s.tunnels.closeAll()
		s.icap.closeAll()
		s.inner.closeAll()
		_ = s.hs.Close()
	}
	s.cancel()
	s.tr.CloseIdleConnections()
	s.pinned.closeIdle()
	if err == nil {
		err = tunErr
	}
	if err != nil {
		return fmt.Errorf("proxy: shutdown: %w", err)
	}
	return nil
}

func (s *Server) trackListener(l net.Listener) {
	s.lmu.Lock()
	defer s.lmu.Unlock()
	s.listeners[l] = struct{}{}
}

func (s *Server) untrackListener(l net.Listener) {
	s.lmu.Lock()
	defer s.lmu.Unlock()
	delete(s.listeners, l)
}

func (s *Server) closeListeners() {
	s.lmu.Lock()
	defer s.lmu.Unlock()
	for l := range s.listeners {
		_ = l.Close()
	}
}

// newPolicy compiles cfg's policy with the server's inspection pipeline.
func (s *Server) newPolicy(cfg *config.Config) (*policy, error) {
	p, err := newPolicy(cfg)
	if err != nil {
		return nil, err
	}
	if p.pipe, err = s.newPipeline(cfg); err != nil {
		return nil, err
	}
	p.istag = icapISTag(s.boot, s.gen.Add(1))
	return p, nil
}

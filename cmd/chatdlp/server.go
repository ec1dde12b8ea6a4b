package main

import (
	"fmt"
	"net/http"
	"sync/atomic"

	"github.com/chatdlp/chatdlp/certs"
	"github.com/chatdlp/chatdlp/config"
	"github.com/chatdlp/chatdlp/inspect"
	"github.com/chatdlp/chatdlp/proxy"
	"github.com/chatdlp/chatdlp/rules"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"
)

// server is a running `chatdlp serve`: the validated parts, the listeners and
// what reloads swap.
type server struct {
	mode    runMode
	cfgPath string
	cfg     *config.Config // the running configuration; only the run loop touches it
	sink    *logSink
	log     *zap.Logger

	proxy    *proxy.Server
	admin    *proxy.Admin
	live     *inspect.Live
	registry *prometheus.Registry
	metrics  *serveMetrics

	ready     atomic.Bool
	closing   atomic.Bool
	listeners []*listener
	adminSrv  *http.Server
	serveErrs chan error    // a listener that stopped on its own
	changes   chan struct{} // a config or rule file changed
	stopWatch func()        // stops the file watcher
	watched   []string      // files the watcher watches; nil before the first watch
}

// newServer builds and validates everything a configuration names (rules,
// CA, htpasswd, policies) without opening a listener.
func newServer(cfg *config.Config, sink *logSink, mode runMode) (*server, error) {
	s := &server{
		mode:      mode,
		cfgPath:   cfg.Path,
		cfg:       cfg,
		sink:      sink,
		log:       sink.logger.Named("serve"),
		live:      inspect.NewLive(nil),
		registry:  prometheus.NewRegistry(),
		serveErrs: make(chan error, 8),
		changes:   make(chan struct{}, 1),
		stopWatch: func() {},
	}
	s.metrics = newServeMetrics(s.registry, s.log)
	engine, set, err := buildEngine(cfg)
	if err != nil {
		return nil, err
	}
	load := s.loadCA
	if mode == modeICAP {
		load = ephemeralCA
	}
	issuer, err := load(cfg)
	if err != nil {
		return nil, err
	}
	p, err := proxy.New(proxy.Options{Config: cfg, Issuer: issuer, Logger: sink.logger.Named("proxy"),
		Registry: s.registry, Inspector: s.live, NewFiles: newFiles, NewLinks: newLinks})
	if err != nil {
		return nil, err
	}
	s.proxy = p
	admin, ok := proxy.NewAdmin(cfg, s.registry, s.ready.Load).(*proxy.Admin)
	if !ok {
		return nil, fmt.Errorf("serve: admin handler has an unexpected type")
	}
	s.admin = admin
	s.live.Store(engine)
	s.logRules(set)
	return s, nil
}

// runMode is what a server serves.
type runMode int

const (
	modeProxy runMode = iota // `chatdlp serve`: listen, transparent.*, admin
	modeICAP                 // `chatdlp icap`: icap.listen, admin
)

// loadCA loads the company CA, creating it on first run, and builds the
// certificate issuer.
func (s *server) loadCA(cfg *config.Config) (*certs.Issuer, error) {
	ca, created, err := certs.LoadOrCreateCA(cfg.CA.Cert, cfg.CA.Key, defaultCAName)
	if err != nil {
		return nil, err
	}
	if created {
		s.log.Warn("created a new company CA: install its certificate in clients' trust stores (chatdlp ca export)",
			zap.String("event", "ca.create"), zap.String("cert", cfg.CA.Cert), zap.String("key", cfg.CA.Key))
	}
	return certs.NewIssuer(ca, certs.IssuerOptions{}), nil
}

// buildEngine loads the configured rule files (plus the built-in pack unless
// builtin_rules: false) and compiles the inspection engine.
func buildEngine(cfg *config.Config) (*inspect.Engine, *rules.Set, error) {
	set, err := rules.Load(cfg.Rules, cfg.UseBuiltinRules())
	if err != nil {
		return nil, nil, err
	}
	mode, err := inspect.ParseEvidenceMode(cfg.Log.Evidence)
	if err != nil {
		return nil, nil, fmt.Errorf("log.evidence: %w", err)
	}
	engine, err := inspect.NewEngine(set, inspect.Options{MatchTimeout: cfg.Limits.MatchTimeout.D(), Evidence: mode})
	if err != nil {
		return nil, nil, err
	}
	return engine, set, nil
}

// logRules reports the rule set now enforcing (README, event rules.reload),
// after a warning for each configured glob that matched no file (its
// directory may be empty or not created yet: the proxy runs without it)
// and for each keyword too short for the engine's fast search.
func (s *server) logRules(set *rules.Set) {
	for _, g := range set.Unmatched {
		s.log.Warn("rules glob matches no file", zap.String("event", "rules.reload"), zap.String("glob", g))
	}
	for _, p := range set.Slow() {
		s.log.Warn("rule keyword slows inspection", zap.String("event", "rules.reload"), zap.String("rule_id", p.ID),
			zap.String("at", fmt.Sprintf("%s:%d", p.File, p.Line)), zap.String("reason", p.Message))
	}
	s.metrics.rules.Set(float64(len(set.Rules)))
	s.log.Info("rules loaded", zap.String("event", "rules.reload"),
		zap.Int("count", len(set.Rules)), zap.Strings("files", set.Files), zap.Bool("builtin", s.cfg.UseBuiltinRules()))
}

package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"

	"github.com/chatdlp/chatdlp/certs"
	"github.com/chatdlp/chatdlp/config"
	"github.com/chatdlp/chatdlp/inspect"
	"github.com/chatdlp/chatdlp/inspect/files"
	"github.com/chatdlp/chatdlp/inspect/urls"
	"github.com/chatdlp/chatdlp/proxy"
	"github.com/chatdlp/chatdlp/rules"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// envLog is the log level of the chatdlp children ("" or "none": no
// logger at all); set by -chatdlp-log.
const envLog = "CHATDLP_BENCH_LOG"

// serveChatdlp runs chatdlp's explicit proxy in process (proxy.New) with the
// run's CA and the upstream CA as its only root, inspecting chat with the
// full built-in rule pack as `chatdlp serve` does (see buildEngine there).
func serveChatdlp(dir string, l net.Listener) error { return serveChatdlpWith(dir, l, true) }

// serveChatdlpNoInspect is the same proxy with no inspector
// (Options.Inspector nil): the cost of the proxy foundation alone.
func serveChatdlpNoInspect(dir string, l net.Listener) error { return serveChatdlpWith(dir, l, false) }

func serveChatdlpWith(dir string, l net.Listener, inspecting bool) error {
	opts, err := chatdlpOptions(dir, l.Addr().String(), inspecting)
	if err != nil {
		return err
	}
	s, err := proxy.New(opts)
	if err != nil {
		return err
	}
	return s.Serve(l)
}

// chatdlpOptions are the proxy.Options of a chatdlp child listening on
// listen, with a fresh registry.
func chatdlpOptions(dir, listen string, inspecting bool) (proxy.Options, error) {
	ca, err := certs.LoadCA(filepath.Join(dir, proxyCACert), filepath.Join(dir, proxyCAKey))
	if err != nil {
		return proxy.Options{}, err
	}
	cfg := config.Default()
	cfg.Listen = listen
	cfg.CA = config.CA{Cert: filepath.Join(dir, proxyCACert), Key: filepath.Join(dir, proxyCAKey)}
	cfg.Upstream.Roots = config.StringList{filepath.Join(dir, upstreamCA)}
	cfg.BuiltinRules = &inspecting
	cfg.Files.MaxScanBytes = benchMaxScan
	log, err := childLogger(os.Getenv(envLog))
	if err != nil {
		return proxy.Options{}, err
	}
	opts := proxy.Options{Config: cfg, Issuer: certs.NewIssuer(ca, certs.IssuerOptions{}),
		Registry: prometheus.NewRegistry(), Logger: log}
	if inspecting {
		engine, err := builtinEngine(cfg)
		if err != nil {
			return proxy.Options{}, err
		}
		opts.Inspector = inspect.NewLive(engine)
		if opts.Files, err = files.New(rules.ActionBlock, nil, nil); err != nil {
			return proxy.Options{}, err
		}
		// The URL policy of the default configuration: short links
		// blocked, not expanded.
		cat, err := urls.NewCatalogue(urls.Policy{})
		if err != nil {
			return proxy.Options{}, err
		}
		links := urls.NewInspector(urls.Options{Catalogue: cat, Shorteners: rules.ActionBlock, Executables: rules.ActionBlock})
		opts.NewLinks = func(*config.Config) (inspect.LinkInspector, error) { return links, nil }
	}
	return opts, nil
}

// builtinEngine compiles the built-in rule pack as chatdlp serve does.
func builtinEngine(cfg *config.Config) (*inspect.Engine, error) {
	set, err := rules.Load(nil, true)
	if err != nil {
		return nil, err
	}
	mode, err := inspect.ParseEvidenceMode(cfg.Log.Evidence)
	if err != nil {
		return nil, err
	}
	return inspect.NewEngine(set, inspect.Options{MatchTimeout: cfg.Limits.MatchTimeout.D(), Evidence: mode})
}

// childLogger is chatdlp's JSON logger at level, writing to nowhere (the
// cost of building and encoding the events, not of a disk), or no logger.
func childLogger(level string) (*zap.Logger, error) {
	if level == "" || level == "none" {
		return nil, nil
	}
	lvl, err := zapcore.ParseLevel(level)
	if err != nil {
		return nil, fmt.Errorf("bench: -chatdlp-log: %w", err)
	}
	enc := zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig())
	return zap.New(zapcore.NewCore(enc, zapcore.AddSync(io.Discard), lvl)), nil
}

// benchMaxScan is the chatdlp targets' files.max_scan_bytes: below the
// default -download size, so that the chat file download streams through
// the file inspector (what its targets are about) rather than being held
// whole; chat posts are far smaller.
const benchMaxScan = 16 << 20

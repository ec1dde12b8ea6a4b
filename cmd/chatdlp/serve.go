package main

import (
	"context"
	"errors"
	"flag"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/chatdlp/chatdlp/config"
	"github.com/peterbourgon/ff/v3/ffcli"
	"go.uber.org/zap"
)

// shutdownGrace bounds a graceful shutdown: open requests get this long to finish.
const shutdownGrace = 15 * time.Second

func (a *app) serveCommand() *ffcli.Command {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	cfgPath := fs.String("config", "", "chatdlp.yaml (default: the embedded default)")
	c := a.command(&ffcli.Command{
		Name:       "serve",
		ShortUsage: "chatdlp serve [--config FILE]",
		ShortHelp:  "run the proxy",
		LongHelp: "Run the proxy. With no config file it runs on the embedded default: explicit proxy on\n" +
			"127.0.0.1:8080, admin on 127.0.0.1:9090, CA in ./chatdlp-ca/ (created on first run),\n" +
			"built-in rule pack, JSON logs to stdout. SIGHUP or a change to the config or a rule file\n" +
			"reloads; SIGTERM or SIGINT shuts down gracefully.",
		FlagSet: fs,
	})
	c.Exec = func(ctx context.Context, args []string) error {
		if err := noArgs(c, args); err != nil {
			return err
		}
		return a.serve(ctx, *cfgPath, modeProxy)
	}
	return c
}

// serve loads and validates everything, opens the listeners of mode (the
// proxy's, or the ICAP service's), then runs until SIGTERM/SIGINT,
// reloading on SIGHUP and file changes.
func (a *app) serve(ctx context.Context, cfgPath string, mode runMode) error {
	boot, err := newLogger(config.Default().Log, a.stdout)
	if err != nil {
		return err
	}
	cfg, err := loadConfig(cfgPath)
	if err != nil {
		logConfigError(boot.logger, cfgPath, err)
		return &exitErr{code: exitError, err: err}
	}
	sink, err := newLogger(cfg.Log, a.stdout)
	if err != nil {
		logConfigError(boot.logger, cfgPath, err)
		return &exitErr{code: exitError, err: err}
	}
	defer func() { _ = sink.logger.Sync(); _ = sink.close() }()
	undo := zap.RedirectStdLog(sink.logger.Named("stdlog"))
	defer undo()

	srv, err := newServer(cfg, sink, mode)
	if err != nil {
		logConfigError(sink.logger, cfgPath, err)
		return &exitErr{code: exitError, err: err}
	}
	return srv.run(ctx)
}

// loadConfig reads path, or returns the embedded default when path is empty.
func loadConfig(path string) (*config.Config, error) {
	if path == "" {
		return config.Default(), nil
	}
	return config.LoadFile(path)
}

// logConfigError logs a refused configuration (SPEC event config.error).
func logConfigError(l *zap.Logger, path string, err error) {
	l.Error("configuration refused", zap.String("event", "config.error"), zap.String("config", path), zap.Error(err))
}

// signals delivers SIGHUP, SIGTERM and SIGINT until stop is called.
func signals() (<-chan os.Signal, func()) {
	ch := make(chan os.Signal, 4)
	signal.Notify(ch, syscall.SIGHUP, syscall.SIGTERM, syscall.SIGINT)
	return ch, func() { signal.Stop(ch) }
}

// run serves until a terminating signal, then shuts down within shutdownGrace.
func (s *server) run(ctx context.Context) error {
	sigs, stop := signals()
	defer stop()
	if err := s.start(); err != nil {
		return &exitErr{code: exitError, err: err}
	}
	s.watch(ctx)
	var failed error
loop:
	for {
		select {
		case sig := <-sigs:
			if sig == syscall.SIGHUP {
				s.reload(ctx, "sighup")
				continue
			}
			s.log.Info("shutting down", zap.String("event", "proxy.stop"), zap.String("signal", sig.String()))
			break loop
		case <-s.changes:
			s.reload(ctx, "file_change")
		case err := <-s.serveErrs:
			s.log.Error("listener failed", zap.String("event", "proxy.stop"), zap.Error(err))
			failed = err
			break loop
		case <-ctx.Done():
			break loop
		}
	}
	return s.shutdown(failed)
}

// shutdown stops accepting, lets open requests finish within shutdownGrace,
// and reports failed (a listener error) as the command's error.
func (s *server) shutdown(failed error) error {
	s.ready.Store(false)
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	err := s.stopListeners(ctx)
	if err != nil && !errors.Is(err, context.DeadlineExceeded) {
		s.log.Warn("shutdown", zap.String("event", "proxy.stop"), zap.Error(err))
	}
	s.log.Info("stopped", zap.String("event", "proxy.stop"))
	if failed != nil {
		return &exitErr{code: exitError, err: failed}
	}
	return nil
}

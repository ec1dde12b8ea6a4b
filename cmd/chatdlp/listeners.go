package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"go.uber.org/zap"
)

// adminHeaderTimeout bounds how long an admin client may take to send headers.
const adminHeaderTimeout = 10 * time.Second

// listener is one open socket and what serves it.
type listener struct {
	name  string // config key: listen, transparent.http, transparent.https, admin
	ln    net.Listener
	serve func(net.Listener) error
}

// start opens every configured listener (all or none), starts serving them,
// marks the server ready and logs proxy.start.
func (s *server) start() error {
	s.adminSrv = &http.Server{Handler: s.admin, ReadHeaderTimeout: adminHeaderTimeout, ErrorLog: zap.NewStdLog(s.log.Named("admin"))}
	type want struct {
		name, addr string
		serve      func(net.Listener) error
	}
	wanted := []want{
		{"listen", s.cfg.Listen, s.proxy.Serve},
		{"transparent.http", s.cfg.Transparent.HTTP, s.proxy.ServeTransparentHTTP},
		{"transparent.https", s.cfg.Transparent.HTTPS, s.proxy.ServeTransparentHTTPS},
		{"admin", s.cfg.Admin, s.adminSrv.Serve},
	}
	if s.mode == modeICAP {
		wanted = []want{{"icap.listen", s.cfg.ICAP.Listen, s.proxy.ServeICAP}, {"admin", s.cfg.Admin, s.adminSrv.Serve}}
	}
	for _, w := range wanted {
		if w.addr == "" {
			continue
		}
		ln, err := net.Listen("tcp", w.addr)
		if err != nil {
			s.closeListeners()
			s.log.Error("cannot listen", zap.String("event", "proxy.start"), zap.String("listener", w.name), zap.Error(err))
			return fmt.Errorf("serve: %s: %w", w.name, err)
		}
		s.listeners = append(s.listeners, &listener{name: w.name, ln: ln, serve: w.serve})
	}
	for _, l := range s.listeners {
		go s.serveOne(l)
	}
	s.ready.Store(true)
	s.logStart()
	return nil
}

// serveOne serves l until it is closed; an error before shutdown is reported
// to the run loop.
func (s *server) serveOne(l *listener) {
	err := l.serve(l.ln)
	if s.closing.Load() || err == nil || errors.Is(err, http.ErrServerClosed) || errors.Is(err, net.ErrClosed) {
		return
	}
	s.serveErrs <- fmt.Errorf("serve: %s: %w", l.name, err)
}

// logStart logs the proxy.start event with the addresses actually bound.
func (s *server) logStart() {
	fields := []zap.Field{zap.String("event", "proxy.start"), zap.String("version", currentBuild().Version), zap.String("config", s.cfgPath)}
	for _, l := range s.listeners {
		fields = append(fields, zap.String(l.name, l.ln.Addr().String()))
	}
	s.log.Info("proxy started", fields...)
}

// stopListeners shuts the proxy and the admin server down gracefully within ctx.
func (s *server) stopListeners(ctx context.Context) error {
	s.closing.Store(true)
	s.stopWatch()
	errs := []error{s.proxy.Shutdown(ctx), s.adminSrv.Shutdown(ctx)}
	s.closeListeners()
	return errors.Join(errs...)
}

// closeListeners closes every open socket; closing one twice is harmless.
func (s *server) closeListeners() {
	for _, l := range s.listeners {
		_ = l.ln.Close()
	}
}

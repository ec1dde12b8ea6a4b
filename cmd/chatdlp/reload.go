package main

import (
	"context"
	"slices"

	"github.com/chatdlp/chatdlp/config"
	"github.com/chatdlp/chatdlp/rules"
	"go.uber.org/zap"
)

// reload re-reads the configuration and the rules and swaps them in as one.
// Anything invalid is refused with an error event and the running
// configuration and rules stay.
func (s *server) reload(ctx context.Context, reason string) {
	cfg, err := loadConfig(s.cfgPath)
	if err != nil {
		s.metrics.reloads.WithLabelValues("config_error").Inc()
		s.log.Error("new configuration refused; the running one stays", zap.String("event", "config.error"),
			zap.String("config", s.cfgPath), zap.String("reason", reason), zap.Error(err))
		return
	}
	engine, set, err := buildEngine(cfg)
	if err != nil {
		s.metrics.reloads.WithLabelValues("rules_error").Inc()
		s.log.Error("new rules refused; the running rules stay", zap.String("event", "rules.reload"),
			zap.String("reason", reason), zap.Error(err))
		return
	}
	if err := s.proxy.Reload(cfg); err != nil {
		s.metrics.reloads.WithLabelValues("config_error").Inc()
		s.log.Error("new configuration refused; the running one stays", zap.String("event", "config.error"),
			zap.String("config", s.cfgPath), zap.String("reason", reason), zap.Error(err))
		return
	}
	s.live.Store(engine)
	s.admin.Reload(cfg)
	s.warnRestartOnly(cfg)
	s.applyLogLevel(cfg)
	s.cfg = cfg
	s.metrics.reloads.WithLabelValues("ok").Inc()
	s.logRules(set)
	s.log.Info("configuration reloaded", zap.String("event", "config.reload"), zap.String("config", s.cfgPath), zap.String("reason", reason))
	s.watch(ctx)
}

// applyLogLevel applies a new log.level at once.
func (s *server) applyLogLevel(cfg *config.Config) {
	if err := s.sink.level.UnmarshalText([]byte(cfg.Log.Level)); err != nil {
		s.log.Warn("log.level not applied", zap.String("event", "config.error"), zap.Error(err))
	}
}

// warnRestartOnly names the keys that changed but only apply on restart:
// listening sockets, limits, the CA, upstream trust and the log file.
func (s *server) warnRestartOnly(cfg *config.Config) {
	old := s.cfg
	var changed []string
	for _, c := range []struct {
		key     string
		changed bool
	}{
		{"listen", old.Listen != cfg.Listen},
		{"icap.listen", old.ICAP != cfg.ICAP},
		{"admin", old.Admin != cfg.Admin},
		{"transparent", old.Transparent != cfg.Transparent},
		{"limits", connLimits(old.Limits) != connLimits(cfg.Limits)},
		{"ca", old.CA != cfg.CA},
		{"upstream", old.Upstream.Proxy != cfg.Upstream.Proxy || !slices.Equal(old.Upstream.Roots, cfg.Upstream.Roots)},
		{"log.file", old.Log.File != cfg.Log.File},
	} {
		if c.changed {
			changed = append(changed, c.key)
		}
	}
	if len(changed) > 0 {
		s.log.Warn("changed keys apply on restart only", zap.String("event", "config.reload"), zap.Strings("keys", changed))
	}
}

// connLimits are the limits the proxy's connections keep until a restart;
// match_timeout applies on reload (the rules engine is rebuilt).
func connLimits(l config.Limits) config.Limits {
	l.MatchTimeout = 0
	return l
}

// watch starts watching the config file and the rule files, or restarts
// the watcher when the list of files changed; a change is delivered to the
// run loop, which reloads. The new watcher starts before the old one stops,
// so a change made meanwhile is not lost.
func (s *server) watch(ctx context.Context) {
	files := append([]string{}, s.cfg.Rules...)
	if s.cfgPath != "" {
		files = append(files, s.cfgPath)
	}
	if (s.watched != nil && slices.Equal(files, s.watched)) || s.closing.Load() {
		return
	}
	stopOld := s.stopWatch
	s.watched, s.stopWatch = files, func() {}
	if len(files) > 0 {
		wctx, cancel := context.WithCancel(ctx)
		s.stopWatch = cancel
		go func() {
			err := rules.Watch(wctx, files, s.notifyChange)
			if err != nil && wctx.Err() == nil {
				s.log.Warn("file watch stopped; SIGHUP still reloads", zap.String("event", "config.error"), zap.Error(err))
			}
		}()
	}
	stopOld()
}

// notifyChange asks the run loop to reload; changes arriving while one is
// pending merge into it.
func (s *server) notifyChange() {
	select {
	case s.changes <- struct{}{}:
	default:
	}
}

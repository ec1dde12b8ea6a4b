package main

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"go.uber.org/zap"
)

// serveMetrics are the metrics cmd/chatdlp owns; the proxy registers its own.
type serveMetrics struct {
	rules   prometheus.Gauge
	reloads *prometheus.CounterVec
}

// newServeMetrics registers the process, Go runtime, build and reload metrics.
func newServeMetrics(reg prometheus.Registerer, log *zap.Logger) *serveMetrics {
	b := currentBuild()
	build := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        "chatdlp_build_info",
		Help:        "Version, commit and Go version of the running chatdlp (always 1).",
		ConstLabels: prometheus.Labels{"version": b.Version, "commit": b.Commit, "goversion": b.Go},
	})
	build.Set(1)
	m := &serveMetrics{
		rules: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "chatdlp_rules_loaded",
			Help: "Number of DLP rules enforcing now.",
		}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "chatdlp_reloads_total",
			Help: "Reloads of the configuration and rules, by result (ok, config_error, rules_error).",
		}, []string{"result"}),
	}
	for _, c := range []prometheus.Collector{
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		build, m.rules, m.reloads,
	} {
		if err := reg.Register(c); err != nil {
			log.Warn("metric not registered", zap.String("event", "proxy.start"), zap.Error(err))
		}
	}
	return m
}

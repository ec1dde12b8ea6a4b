package inspect

import (
	"fmt"
	"time"

	"github.com/chatdlp/chatdlp/rules"
	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the inspection series: findings by rule and action, blocks
// by service, and the time to inspect a body.
type Metrics struct {
	findings   *prometheus.CounterVec
	blocks     *prometheus.CounterVec
	cleartexts *prometheus.CounterVec
	latency    *prometheus.HistogramVec
	byProtocol map[string]prometheus.Observer // latency of the common protocols, looked up once
}

// NewMetrics creates the series and registers them on reg (nil: not
// registered).
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	m := &Metrics{
		findings: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "chatdlp_findings_total", Help: "Rule findings in inspected messages, by rule and action.",
		}, []string{"rule_id", "action"}),
		blocks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "chatdlp_dlp_blocks_total", Help: "Messages and bodies blocked by inspection, by service.",
		}, []string{"service"}),
		cleartexts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "chatdlp_cleartext_credentials_total", Help: "Passwords seen on a plaintext leg to the server, by protocol.",
		}, []string{"protocol"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "chatdlp_inspection_duration_seconds", Help: "Time to inspect one body or message, by protocol.",
			Buckets: prometheus.ExponentialBuckets(0.00001, 4, 10),
		}, []string{"protocol"}),
	}
	m.byProtocol = map[string]prometheus.Observer{}
	for _, p := range []string{"http", "https", "websocket", "irc", "ircs", "xmpp"} {
		m.byProtocol[p] = m.latency.WithLabelValues(p)
	}
	if reg == nil {
		return m, nil
	}
	for _, c := range []prometheus.Collector{m.findings, m.blocks, m.cleartexts, m.latency} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("inspect: metrics: %w", err)
		}
	}
	return m, nil
}

func (m *Metrics) finding(rule string, a rules.Action) {
	if m != nil {
		m.findings.WithLabelValues(rule, a.String()).Inc()
	}
}

func (m *Metrics) cleartext(meta *Meta) {
	if m != nil {
		m.cleartexts.WithLabelValues(meta.Protocol).Inc()
	}
}

func (m *Metrics) block(meta *Meta) {
	if m != nil {
		m.blocks.WithLabelValues(serviceLabel(meta.Service)).Inc()
	}
}

func (m *Metrics) observe(meta *Meta, d time.Duration) {
	if m == nil {
		return
	}
	if o, ok := m.byProtocol[meta.Protocol]; ok {
		o.Observe(d.Seconds())
		return
	}
	m.latency.WithLabelValues(meta.Protocol).Observe(d.Seconds())
}

func serviceLabel(s string) string {
	if s == "" {
		return "unlisted"
	}
	return s
}

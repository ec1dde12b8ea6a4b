package proxy

import (
	"errors"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/chatdlp/chatdlp/certs"
	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the proxy's Prometheus series, registered on
// Options.Registry (nothing is registered when it is nil).
type metrics struct {
	requests    *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	blocks      *prometheus.CounterVec
	conns       prometheus.Gauge
	tunnels     prometheus.Gauge
	tunnelsAll  *prometheus.CounterVec
	upstreamTLS prometheus.Counter
}

func newMetrics(reg prometheus.Registerer, issuer *certs.Issuer) (*metrics, error) {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "chatdlp_requests_total", Help: "HTTP requests handled, by protocol and status code.",
		}, []string{"protocol", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "chatdlp_request_duration_seconds", Help: "Time from request to end of response.",
			Buckets: prometheus.ExponentialBuckets(0.001, 4, 10),
		}, []string{"protocol"}),
		blocks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "chatdlp_blocks_total", Help: "Requests and tunnels refused, by reason.",
		}, []string{"reason"}),
		conns: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "chatdlp_open_connections", Help: "Client HTTP connections open (plain and decrypted).",
		}),
		tunnels: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "chatdlp_tunnels_open", Help: "Spliced or handled tunnels open.",
		}),
		tunnelsAll: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "chatdlp_tunnels_total", Help: "Tunnels opened, by protocol (https, http, websocket, irc, ircs, xmpp, tunnel).",
		}, []string{"protocol"}),
		upstreamTLS: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "chatdlp_upstream_tls_errors_total", Help: "Upstream certificates rejected.",
		}),
	}
	if reg == nil {
		return m, nil
	}
	for _, c := range []prometheus.Collector{m.requests, m.duration, m.blocks, m.conns, m.tunnels,
		m.tunnelsAll, m.upstreamTLS, certCollector{issuer}} {
		if err := reg.Register(c); err != nil {
			var are prometheus.AlreadyRegisteredError
			if !errors.As(err, &are) {
				return nil, err
			}
		}
	}
	return m, nil
}

func (m *metrics) request(protocol string, code int, d time.Duration) {
	m.requests.WithLabelValues(protocol, strconv.Itoa(code)).Inc()
	m.duration.WithLabelValues(protocol).Observe(d.Seconds())
}

func (m *metrics) block(reason string) { m.blocks.WithLabelValues(reason).Inc() }
func (m *metrics) upstreamTLSError()   { m.upstreamTLS.Inc() }
func (m *metrics) tunnelOpened(protocol string) {
	m.tunnels.Inc()
	m.tunnelsAll.WithLabelValues(protocol).Inc()
}
func (m *metrics) tunnelClosed() { m.tunnels.Dec() }

// connState counts open client connections; a hijacked connection leaves
// the count (a tunnel, or a MITM stream that comes back as a new one).
func (m *metrics) connState(_ net.Conn, st http.ConnState) {
	switch st {
	case http.StateNew:
		m.conns.Inc()
	case http.StateHijacked, http.StateClosed:
		m.conns.Dec()
	}
}

// certCollector exports the issuer's leaf cache counters at scrape time.
type certCollector struct{ issuer *certs.Issuer }

var (
	certHitsDesc   = prometheus.NewDesc("chatdlp_cert_cache_hits_total", "Leaf certificates served from cache.", nil, nil)
	certMissesDesc = prometheus.NewDesc("chatdlp_cert_cache_misses_total", "Leaf certificates issued.", nil, nil)
	certSizeDesc   = prometheus.NewDesc("chatdlp_cert_cache_size", "Leaf certificates cached.", nil, nil)
)

func (c certCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- certHitsDesc
	ch <- certMissesDesc
	ch <- certSizeDesc
}

func (c certCollector) Collect(ch chan<- prometheus.Metric) {
	st := c.issuer.Stats()
	ch <- prometheus.MustNewConstMetric(certHitsDesc, prometheus.CounterValue, float64(st.Hits))
	ch <- prometheus.MustNewConstMetric(certMissesDesc, prometheus.CounterValue, float64(st.Misses))
	ch <- prometheus.MustNewConstMetric(certSizeDesc, prometheus.GaugeValue, float64(st.Size))
}

package proxy

import (
	"io"
	"net"
	"net/http"
	"sync/atomic"

	"github.com/chatdlp/chatdlp/config"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Admin serves the admin listener: /healthz, /readyz, /metrics, /proxy.pac
// and /wpad.dat. NewAdmin returns one; Reload swaps the configuration the PAC
// file is generated from.
type Admin struct {
	cfg     atomic.Pointer[config.Config]
	ready   func() bool
	metrics http.Handler
	mux     *http.ServeMux
}

var _ http.Handler = (*Admin)(nil)

// NewAdmin returns the admin handler. gatherer backs /metrics; ready backs
// /readyz (nil means always ready). The PAC file is generated from cfg.Listen
// and cfg.PAC.Direct on each request (see PAC). The returned handler is an
// *Admin: callers that reload the configuration call Reload on it.
func NewAdmin(cfg *config.Config, gatherer prometheus.Gatherer, ready func() bool) http.Handler {
	if ready == nil {
		ready = func() bool { return true }
	}
	a := &Admin{ready: ready, mux: http.NewServeMux()}
	a.cfg.Store(cfg)
	if gatherer == nil {
		gatherer = prometheus.NewRegistry()
	}
	a.metrics = promhttp.HandlerFor(gatherer, promhttp.HandlerOpts{})
	a.mux.HandleFunc("GET /healthz", a.healthz)
	a.mux.HandleFunc("GET /readyz", a.readyz)
	a.mux.Handle("GET /metrics", a.metrics)
	a.mux.HandleFunc("GET /proxy.pac", a.pac)
	a.mux.HandleFunc("GET /wpad.dat", a.pac)
	return a
}

// Reload makes later PAC requests use cfg.
func (a *Admin) Reload(cfg *config.Config) { a.cfg.Store(cfg) }

// ServeHTTP implements http.Handler.
func (a *Admin) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	a.mux.ServeHTTP(w, r)
}

func (a *Admin) healthz(w http.ResponseWriter, _ *http.Request) {
	adminText(w, http.StatusOK, "ok\n")
}

func (a *Admin) readyz(w http.ResponseWriter, _ *http.Request) {
	if a.ready() {
		adminText(w, http.StatusOK, "ready\n")
		return
	}
	adminText(w, http.StatusServiceUnavailable, "not ready\n")
}

func (a *Admin) pac(w http.ResponseWriter, r *http.Request) {
	cfg := a.cfg.Load()
	host, port, err := net.SplitHostPort(cfg.Listen)
	if err != nil {
		adminText(w, http.StatusInternalServerError, "listen is not host:port\n")
		return
	}
	local := ""
	if la, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		local = la.String()
	}
	body := PAC(pacProxyHost(host, r.Host, local), port, cfg.PAC.Direct)
	w.Header().Set("Content-Type", PACContentType)
	w.Header().Set("Cache-Control", "max-age=300")
	_, _ = io.WriteString(w, body)
}

func adminText(w http.ResponseWriter, code int, s string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_, _ = io.WriteString(w, s)
}

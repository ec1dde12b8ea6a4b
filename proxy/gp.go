package proxy

import (
	"fmt"
	"net/http"

	"github.com/elazarl/goproxy"
	"go.uber.org/zap"
)

// newGoproxy configures goproxy as the HTTP engine of every allowed
// request: our transport, a zap logger, and a round tripper that turns
// upstream failures into answers (goproxy alone would send a bare 500 or
// close). CONNECT never reaches it (see handleConnect).
func (s *Server) newGoproxy() *goproxy.ProxyHttpServer {
	gp := goproxy.NewProxyHttpServer()
	gp.Tr = s.tr
	gp.Logger = zapPrintf{s.log.Named("goproxy")}
	gp.Verbose = false
	gp.ConnectDial = nil
	gp.NonproxyHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeRefusal(w, r, http.StatusBadRequest, "not a proxy request", newID(), nil)
	})
	rt := goproxy.RoundTripperFunc(s.roundTrip) // made once: a method value allocates
	gp.OnRequest().DoFunc(func(r *http.Request, ctx *goproxy.ProxyCtx) (*http.Request, *http.Response) {
		ctx.RoundTripper = rt
		return r, nil
	})
	return gp
}

// roundTrip sends the request upstream. On failure the client gets a 502
// (504 on timeout, 508 on a loop) with a short reason and an incident id;
// a certificate problem is also a tls.upstream_error event.
func (s *Server) roundTrip(req *http.Request, _ *goproxy.ProxyCtx) (*http.Response, error) {
	tr := s.tr
	if s.parent == nil {
		tr = s.pinned.forContext(req.Context())
	}
	st := stateOf(req)
	if block := s.inspectRequest(req, st); block != nil {
		return block, nil
	}
	resp, err := tr.RoundTrip(req)
	if err == nil {
		return s.inspectResponse(req, resp, st), nil
	}
	f := classifyUpstream(err)
	inc := newID()
	if st != nil {
		st.incident, st.upstreamErr = inc, err
		if f.certErr {
			s.upstreamTLSError(st, req.URL.Hostname(), inc, err)
		}
	}
	if f.certErr {
		s.met.upstreamTLSError()
	}
	return refusal(req, f.status, f.reason, inc), nil
}

func (s *Server) upstreamTLSError(st *reqState, host, inc string, err error) {
	fields := append([]zap.Field{
		zap.String("event", "tls.upstream_error"), zap.String("host", normalizeHost(host)),
		zap.String("incident_id", inc), zap.Error(err),
	}, s.who(st)...)
	s.log.Warn("upstream certificate rejected", fields...)
}

// zapPrintf adapts goproxy's Printf logger to zap at debug level: goproxy
// only logs warnings about individual connections, client faults for us.
type zapPrintf struct{ l *zap.Logger }

func (z zapPrintf) Printf(format string, v ...any) {
	if ce := z.l.Check(zap.DebugLevel, "goproxy"); ce != nil {
		ce.Write(zap.String("event", "proxy.goproxy"), zap.String("detail", fmt.Sprintf(format, v...)))
	}
}

package proxy

import (
	"net"
	"net/http"
	"strings"
	"time"

	"go.uber.org/zap"
)

// reqState is what one request accumulates for its proxy.request log
// line and metrics; the upstream round trip adds the incident of a failure.
type reqState struct {
	start       time.Time
	info        *connInfo
	protocol    string
	host        string
	service     string
	action      string
	user, group string
	incident    string
	upstreamErr error
	req         *http.Request // the request handed to goproxy
	// changed: inspection rewrote the message (a redaction, a file streamed
	// through the file inspector) or its headers; the ICAP adapter answers
	// with the new message instead of 204.
	changed bool
	via     string // "icap" for a message an ICAP client sent us, "" for the proxy's own
}

// stateOf returns the state of req, the request serveHTTP handed to
// goproxy on its connection; nil for any other request.
func stateOf(req *http.Request) *reqState {
	info := infoFrom(req.Context())
	if info == nil {
		return nil
	}
	if st := info.cur.Load(); st != nil && st.req == req {
		return st
	}
	return nil
}

// exchange is what serveHTTP allocates for one request, in one
// allocation: the log state, the ResponseWriter goproxy writes to and the
// request body wrapper.
type exchange struct {
	st   reqState
	rec  recorder
	body countingBody
}

// serveHTTP is the one handler of every HTTP exchange a client makes with
// us: explicit proxy requests and CONNECT, requests decrypted from a MITM
// tunnel, plain HTTP in a tunnel, transparent HTTP. It decides (client,
// tunnel host, service policy) and hands what it allows to goproxy.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	info := infoFrom(r.Context())
	if info == nil {
		http.Error(w, "chatdlp: no connection info", http.StatusInternalServerError)
		return
	}
	x := &exchange{st: reqState{start: time.Now(), info: info, protocol: "http"}}
	st, rec := &x.st, &x.rec
	rec.init(w, s.limits.IdleTimeout.D(), &info.wr)
	if info.mode == modeExplicit {
		if !s.authorize(rec, r, st) {
			s.logRequest(st, rec, r)
			return
		}
		if r.Method == http.MethodConnect {
			s.handleConnect(rec, r, st)
			return
		}
	}
	r, ok := s.route(rec, r, st)
	if !ok || !s.checkService(rec, r, st) {
		s.logRequest(st, rec, r)
		return
	}
	if isWebSocket(r) {
		st.protocol = "websocket"
		if st.action == actionInspect && s.policy().pipe != nil {
			s.serveWebSocket(rec, r, st)
			s.logRequest(st, rec, r)
			return
		}
	}
	s.policy().tenants.apply(st.service, r.Header)
	var body *countingBody
	if r.Body != nil && r.Body != http.NoBody {
		body = &x.body
		body.ReadCloser, body.rec = r.Body, rec
		r.Body = body
	}
	// roundTrip finds st by the request (see connInfo.cur).
	st.req = r
	info.cur.Store(st)
	s.gp.ServeHTTP(rec, r)
	info.cur.CompareAndSwap(st, nil)
	if rec.hijacked != nil {
		// goproxy returns when one side of a WebSocket ends, but leaves
		// its client-to-upstream copy blocked on the client: closing the
		// client connection ends it (no goroutine pinned on a silent client).
		_ = rec.hijacked.Close()
	}
	if body != nil {
		rec.bytesIn = body.n.Load()
	}
	s.logRequest(st, rec, r)
	if rec.broken != nil {
		// The upstream's body broke off: end the client's connection
		// without the end of the body (a chunked response's last chunk),
		// so that it sees an incomplete response, never a complete one.
		panic(http.ErrAbortHandler)
	}
}

// route fills r.URL with the destination according to the connection's
// mode, refusing what must not be forwarded. It reports whether to go on.
func (s *Server) route(w http.ResponseWriter, r *http.Request, st *reqState) (*http.Request, bool) {
	switch st.info.mode {
	case modeTunnel:
		t := st.info.tun
		st.protocol, st.user, st.group = t.scheme, t.user, t.group
		if !innerHostOK(r, t) {
			st.host = normalizeHost(hostOnly(r.Host))
			s.refuse(w, r, st, http.StatusMisdirectedRequest, "request names another host than its tunnel", "inner_host")
			return r, false
		}
		r.URL.Scheme, r.URL.Host = t.scheme, hostPortFor(t.scheme, t.host, t.port)
		// t.dial, if any, is in the connection's context (connContext).
	case modeTransparentHTTP:
		st.group = s.policy().group(st.info.clientIP, "")
		var err error
		if r, err = s.transparentTarget(r, st.info); err != nil {
			s.refuse(w, r, st, http.StatusBadRequest, err.Error(), "bad_request")
			return r, false
		}
	default:
		if !r.URL.IsAbs() || r.URL.Scheme != "http" || r.URL.Host == "" {
			s.refuse(w, r, st, http.StatusBadRequest, "not a proxy request (absolute http:// URL expected)", "bad_request")
			return r, false
		}
	}
	st.host = normalizeHost(r.URL.Hostname())
	return r, true
}

// checkService applies the service policy by host, then by API path.
func (s *Server) checkService(w http.ResponseWriter, r *http.Request, st *reqState) bool {
	cat := s.policy().services
	st.service = cat.identify(st.host, r.URL.Path)
	st.action = cat.action(st.service)
	if st.action == actionBlock {
		s.refuse(w, r, st, http.StatusForbidden, "service blocked by policy: "+serviceName(st.service), "service")
		return false
	}
	return true
}

func serviceName(s string) string {
	if s == "" {
		return "unlisted host"
	}
	return s
}

// refuse answers with a made-up response carrying a new incident id.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, st *reqState, status int, reason, kind string) {
	st.incident = newID()
	s.met.block(kind)
	w.Header().Set("Connection", "close")
	writeRefusal(w, r, status, reason, st.incident, nil)
}

// innerHostOK checks that a request inside a tunnel names the tunnel's
// host and port, in its Host header and in an absolute-form URL alike.
func innerHostOK(r *http.Request, t *tunnelInfo) bool {
	dp := defaultPort(t.scheme)
	if h, p := splitHostPort(r.Host, dp); h != t.host || p != t.port {
		return false
	}
	if r.URL.IsAbs() || r.URL.Host != "" {
		h, p := splitHostPort(r.URL.Host, defaultPort(r.URL.Scheme))
		if h != t.host || p != t.port {
			return false
		}
	}
	return true
}

func defaultPort(scheme string) string {
	if scheme == "https" {
		return "443"
	}
	return "80"
}

// hostPortFor writes host:port, leaving out the scheme's default port.
func hostPortFor(scheme, host, port string) string {
	if port == defaultPort(scheme) {
		if strings.Contains(host, ":") {
			return "[" + host + "]"
		}
		return host
	}
	return net.JoinHostPort(host, port)
}

func hostOnly(hostport string) string {
	h, _ := splitHostPort(hostport, "")
	return h
}

func isUpgrade(r *http.Request, proto string) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), proto)
}

// isWebSocket reports a WebSocket opening handshake (RFC 6455 4.1): a GET
// without a body asking for the upgrade. An Upgrade header on anything
// else does not make a request a WebSocket (its body is inspected).
func isWebSocket(r *http.Request) bool {
	return r.Method == http.MethodGet && isUpgrade(r, "websocket") && headerHas(r.Header, "Connection", "upgrade") &&
		(r.Body == nil || r.Body == http.NoBody || r.ContentLength == 0)
}

// headerHas reports a comma-separated header listing token.
func headerHas(h http.Header, name, token string) bool {
	for _, v := range h.Values(name) {
		for t := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(t), token) {
				return true
			}
		}
	}
	return false
}

// logRequest writes the proxy.request event and the request metrics.
func (s *Server) logRequest(st *reqState, rec *recorder, r *http.Request) {
	d := time.Since(st.start)
	s.met.request(st.protocol, rec.status, d)
	lvl := zap.InfoLevel
	if st.upstreamErr != nil {
		lvl = zap.WarnLevel
	}
	ce := s.log.Check(lvl, "request")
	if ce == nil {
		return
	}
	who := s.who(st)
	// One allocation for every field, the optional ones included.
	fields := append(make([]zap.Field, 0, 12+len(who)),
		zap.String("event", "proxy.request"), zap.String("method", r.Method),
		zap.String("host", st.host), zap.String("path", logPath(r.URL.Path)),
		zap.Int("status", rec.status), zap.Int64("bytes_in", rec.bytesIn),
		zap.Int64("bytes_out", rec.bytesOut), zap.Int64("duration_ms", d.Milliseconds()),
		zap.String("protocol", st.protocol), zap.String("service", st.service))
	fields = append(fields, who...)
	if st.incident != "" {
		fields = append(fields, zap.String("incident_id", st.incident))
	}
	if st.upstreamErr != nil {
		fields = append(fields, zap.Error(st.upstreamErr))
	}
	ce.Write(fields...)
}

// who are the client fields every event carries. They are built once per
// connection and user and group (cached in connInfo); callers only read
// or copy them.
func (s *Server) who(st *reqState) []zap.Field {
	if c := st.info.whoFields.Load(); c != nil && c.user == st.user && c.group == st.group {
		return c.fields
	}
	c := &whoCache{user: st.user, group: st.group, fields: []zap.Field{
		zap.String("client_ip", st.info.clientIP.String()), zap.String("user", st.user),
		zap.String("group", st.group), zap.String("conn_id", st.info.id),
	}}
	if st.via != "" {
		c.fields = append(c.fields, zap.String("via", st.via))
	}
	st.info.whoFields.Store(c)
	return c.fields
}

// whoCache is the client fields of one user and group on a connection.
type whoCache struct {
	user, group string
	fields      []zap.Field
}

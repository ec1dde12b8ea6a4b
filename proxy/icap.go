package proxy

import (
	"bufio"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"go.uber.org/zap"
)

// The ICAP adapter (RFC 3507): an ICAP client (Squid with ssl-bump) sends
// us the HTTP messages it proxies, REQMOD at /reqmod and RESPMOD at
// /respmod. Each encapsulated message becomes an *http.Request (and
// *http.Response) with a reqState built the way serveHTTP builds one, and
// goes through the proxy's own inspectRequest and inspectResponse: the
// same extraction, policy, events and block shapes. The reply is 204 when
// the message passes unchanged (the client allowed 204, or the preview was
// enough), the rewritten message when a redaction changed it, or the
// block response.

const (
	icapPreview     = 4096 // Preview offered in OPTIONS
	icapMaxConns    = 1024 // Max-Connections: more are answered 503
	icapOptionsTTL  = 3600 // Options-TTL, seconds
	icapCopyBufSize = 32 << 10
)

// icapISTag is the ISTag of a policy: it changes with every policy built
// (at start and at each reload, rules and configuration together) and
// with every process, so that a client never reuses a verdict made under
// other rules.
func icapISTag(boot string, gen uint64) string {
	h := sha256.Sum256([]byte(boot + "/" + strconv.FormatUint(gen, 10)))
	return `"chatdlp-` + hex.EncodeToString(h[:8]) + `"`
}

// ISTag returns the ICAP service tag of the running policy (quoted).
func (s *Server) ISTag() string { return s.policy().istag }

// ServeICAP serves ICAP on l until Shutdown; it returns nil after a
// graceful shutdown. clients.allow applies to the ICAP client's address.
func (s *Server) ServeICAP(l net.Listener) error {
	return s.acceptLoop(l, func(c net.Conn) { go s.serveICAPConn(c, addrOf(c.RemoteAddr())) })
}

// serveICAPConn serves one ICAP client connection from ip until it
// closes, fails, or the server shuts down.
func (s *Server) serveICAPConn(c net.Conn, ip netip.Addr) {
	ic := &icapConn{s: s, id: newID(), ip: ip, tc: &timedConn{Conn: c}}
	if !s.icap.add(ic.tc) {
		_ = c.Close()
		return
	}
	ic.serve()
}

// timedConn arms a deadline before each read and write: rolling reads
// get readFor from now, a zero readFor leaves the deadline set by the
// caller (a whole request head within handshake_timeout).
type timedConn struct {
	net.Conn
	readFor, writeFor time.Duration
}

func (c *timedConn) Read(p []byte) (int, error) {
	if c.readFor > 0 {
		_ = c.Conn.SetReadDeadline(time.Now().Add(c.readFor))
	}
	return c.Conn.Read(p)
}

func (c *timedConn) Write(p []byte) (int, error) {
	if c.writeFor > 0 {
		_ = c.Conn.SetWriteDeadline(time.Now().Add(c.writeFor))
	}
	return c.Conn.Write(p)
}

// icapConn is one ICAP client connection, serving its requests in turn.
type icapConn struct {
	s   *Server
	id  string
	ip  netip.Addr
	tc  *timedConn
	br  *bufio.Reader
	bw  *bufio.Writer
	buf []byte
}

func (c *icapConn) serve() {
	s := c.s
	defer s.icap.done(c.tc)
	defer func() { _ = c.tc.Close() }()
	idle, handshake := s.limits.IdleTimeout.D(), s.limits.HandshakeTimeout.D()
	c.tc.writeFor = idle
	c.br, c.bw = bufio.NewReaderSize(c.tc, 16<<10), bufio.NewWriterSize(c.tc, 16<<10)
	if !s.policy().allowed(c.ip) {
		s.met.block("client")
		s.log.Warn("ICAP client not allowed", zap.String("event", "proxy.request"), zap.String("via", "icap"),
			zap.String("client_ip", c.ip.String()), zap.String("conn_id", c.id), zap.Int("icap_status", 403))
		c.writeError(&icapError{status: 403, msg: "client not allowed"})
		return
	}
	if s.icap.count() > icapMaxConns {
		c.writeError(&icapError{status: 503, msg: "too many connections"})
		return
	}
	for {
		if !s.icap.setBusy(c.tc, false) {
			return
		}
		c.tc.readFor = idle
		if _, err := c.br.Peek(1); err != nil {
			return
		}
		if !s.icap.setBusy(c.tc, true) {
			return
		}
		c.tc.readFor = 0
		_ = c.tc.SetReadDeadline(time.Now().Add(handshake))
		req, err := readICAPRequest(c.br, int(s.limits.MaxHeaderBytes))
		if err != nil {
			c.fail(err)
			return
		}
		c.tc.readFor = idle
		if !c.handle(req) || req.closing {
			return
		}
	}
}

// fail answers a request that does not parse (ICAP 400 and the reason)
// and logs it; an I/O error or a timeout just ends the connection.
func (c *icapConn) fail(err error) {
	var ie *icapError
	if !errors.As(err, &ie) {
		c.s.log.Debug("ICAP connection ended", zap.String("event", "icap.error"),
			zap.String("client_ip", c.ip.String()), zap.String("conn_id", c.id), zap.Error(err))
		return
	}
	c.s.log.Warn("ICAP request refused", zap.String("event", "icap.error"), zap.String("client_ip", c.ip.String()),
		zap.String("conn_id", c.id), zap.Int("icap_status", ie.status), zap.String("error", ie.msg))
	c.writeError(ie)
}

// writeError writes an ICAP error reply that closes the connection.
func (c *icapConn) writeError(ie *icapError) {
	writeICAPHead(c.bw, ie.status, "ISTag", c.s.ISTag(), "Connection", "close",
		"X-Chatdlp-Error", ie.msg, "Encapsulated", "null-body=0")
	_ = c.bw.Flush()
}

// handle serves one request; false closes the connection.
func (c *icapConn) handle(req *icapRequest) bool {
	var want string
	switch req.service {
	case "reqmod":
		want = "REQMOD"
	case "respmod":
		want = "RESPMOD"
	default:
		c.fail(&icapError{status: 404, msg: "no such service: /" + trimForLog(req.service) + " (use /reqmod or /respmod)"})
		return false
	}
	switch req.method {
	case "OPTIONS":
		return c.options(want)
	case want:
		return c.modify(req)
	case "REQMOD", "RESPMOD":
		c.fail(&icapError{status: 405, msg: req.method + " is not served at /" + req.service})
	default:
		c.fail(&icapError{status: 501, msg: "method not implemented: " + trimForLog(req.method)})
	}
	return false
}

// options answers OPTIONS for the service of method.
func (c *icapConn) options(method string) bool {
	c.s.met.request("icap", 200, 0)
	writeICAPHead(c.bw, 200,
		"Methods", method,
		"Service", "chatdlp chat DLP",
		"ISTag", c.s.ISTag(),
		"Max-Connections", strconv.Itoa(icapMaxConns),
		"Options-TTL", strconv.Itoa(icapOptionsTTL),
		"Allow", "204",
		"Preview", strconv.Itoa(icapPreview),
		"Transfer-Preview", "*",
		"Encapsulated", "null-body=0")
	return c.bw.Flush() == nil
}

// icapState builds the reqState of an encapsulated request as serveHTTP
// and checkService do: protocol from the URL's scheme, host from the URL
// or Host, the client from X-Client-IP and X-Authenticated-User (the ICAP
// client's own address when absent), the group from clients.groups.
func (c *icapConn) icapState(pol *policy, ir *icapRequest, r *http.Request) *reqState {
	ip := c.ip
	if a, err := netip.ParseAddr(strings.TrimSpace(ir.header.Get("X-Client-IP"))); err == nil {
		ip = a.Unmap()
	}
	user := icapUser(ir.header.Get("X-Authenticated-User"))
	st := &reqState{start: time.Now(), info: &connInfo{id: c.id, clientIP: ip}, protocol: "http",
		user: user, group: pol.group(ip, user), via: "icap", req: r}
	if r == nil {
		return st
	}
	if strings.EqualFold(r.URL.Scheme, "https") {
		st.protocol = "https"
	}
	host := r.URL.Hostname()
	if host == "" {
		host = hostOnly(r.Host)
	}
	st.host = normalizeHost(host)
	st.service = pol.services.identify(st.host, r.URL.Path)
	st.action = pol.services.action(st.service)
	if pol.bypass.match(st.host) {
		st.action = actionAllow // never inspected by the proxy either
	}
	return st
}

// icapUser decodes X-Authenticated-User: base64 of the user name (Squid's
// icap_client_username_encode), or the name itself; a "scheme://" prefix
// (Local://, WinNT://) is dropped.
func icapUser(v string) string {
	v = strings.TrimSpace(v)
	if raw, err := base64.StdEncoding.DecodeString(v); err == nil && len(raw) > 0 && printable(raw) {
		v = string(raw)
	}
	if _, after, ok := strings.Cut(v, "://"); ok {
		v = after
	}
	return v
}

func printable(b []byte) bool {
	if !utf8.Valid(b) {
		return false
	}
	for _, r := range string(b) {
		if !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

// modify serves REQMOD and RESPMOD; false closes the connection.
func (c *icapConn) modify(ir *icapRequest) bool {
	s := c.s
	pol := s.policy()
	var body *icapBody
	if ir.hasBody {
		body = &icapBody{br: c.br, preview: ir.preview >= 0, cont: c.writeContinue}
	}
	var (
		hreq  *http.Request
		hresp *http.Response
		err   error
	)
	if ir.reqHdr != nil {
		if hreq, err = parseEncRequest(ir.reqHdr); err != nil {
			c.fail(err)
			return false
		}
		hreq = hreq.WithContext(s.ctx)
	}
	if ir.resHdr != nil {
		if hresp, err = parseEncResponse(ir.resHdr, hreq); err != nil {
			c.fail(err)
			return false
		}
		defer func() { _ = hresp.Body.Close() }()
	}
	st := c.icapState(pol, ir, hreq)
	var msgBody io.ReadCloser = http.NoBody
	if body != nil {
		msgBody = body
	}
	var block *http.Response // the response that replaces the message
	if ir.method == "REQMOD" {
		hreq.Body = msgBody
		block = s.icapReqmod(hreq, st, pol)
	} else {
		hresp.Body = msgBody
		if hreq != nil && st.action == actionBlock {
			block = s.icapRefuseService(hreq, st)
		} else if hreq != nil {
			if out := s.inspectResponse(hreq, hresp, st); out != hresp {
				block = out
			}
		}
	}
	if block != nil {
		defer func() { _ = block.Body.Close() }()
	}
	t := &icapTxn{c: c, ir: ir, pol: pol, body: body, st: st, req: hreq, resp: hresp, block: block}
	if body != nil && body.err != nil {
		// The ICAP body itself broke (malformed chunks, a timeout).
		c.fail(body.err)
		return false
	}
	return t.reply()
}

// icapReqmod decides an encapsulated request: the service policy, the
// tenant headers, then inspectRequest. It returns the response to send
// instead (a block), or nil with req possibly rewritten.
func (s *Server) icapReqmod(req *http.Request, st *reqState, pol *policy) *http.Response {
	if st.action == actionBlock {
		return s.icapRefuseService(req, st)
	}
	if th := pol.tenants[st.service]; len(th) > 0 {
		pol.tenants.apply(st.service, req.Header)
		st.changed = true
	}
	return s.inspectRequest(req, st)
}

// icapRefuseService is checkService's refusal of a blocked service.
func (s *Server) icapRefuseService(req *http.Request, st *reqState) *http.Response {
	st.incident = newID()
	s.met.block("service")
	return refusal(req, http.StatusForbidden, "service blocked by policy: "+serviceName(st.service), st.incident)
}

// writeContinue asks the client for the body past its preview.
func (c *icapConn) writeContinue() error {
	_, _ = c.bw.WriteString("ICAP/1.0 100 Continue\r\n\r\n")
	return c.bw.Flush()
}

// icapTxn is one REQMOD or RESPMOD exchange being answered.
type icapTxn struct {
	c     *icapConn
	ir    *icapRequest
	pol   *policy
	body  *icapBody
	st    *reqState
	req   *http.Request
	resp  *http.Response // RESPMOD: the encapsulated response, maybe rewritten
	block *http.Response // the response that replaces the message
}

// reply writes the ICAP answer and reads what is left of the body;
// false closes the connection.
func (t *icapTxn) reply() bool {
	c, b := t.c, t.body
	status, httpStatus := 200, 0
	var err error
	switch {
	case t.block != nil:
		httpStatus = t.block.StatusCode
		if err = t.endPreview(); err == nil {
			setLength(t.block)
			err = t.writeMessage("res", httpResponseHead(t.block), t.block.Body)
		}
	case !t.st.changed && (t.ir.allow || t.ir.preview >= 0 && (b == nil || !b.continued)):
		status = 204
		if err = t.endPreview(); err == nil {
			writeICAPHead(c.bw, 204, "ISTag", t.pol.istag, "Encapsulated", "null-body=0")
			err = c.bw.Flush()
		}
	default:
		if b != nil {
			err = b.askRest() // the whole body is echoed: ask for it before the reply
			b.cont = nil
		}
		if err == nil {
			err = t.echo()
		}
	}
	t.log(status, httpStatus, err)
	if err != nil {
		return false
	}
	return t.finish()
}

// endPreview reads the rest of a preview (never past it) before a reply.
func (t *icapTxn) endPreview() error {
	if t.body == nil || t.body.continued {
		return nil
	}
	return t.body.skipPreview()
}

// echo sends the message back, rewritten or not: the encapsulated head
// as it came when nothing changed, or serialised anew.
func (t *icapTxn) echo() error {
	if t.ir.method == "REQMOD" {
		head := t.ir.reqHdr
		if t.st.changed {
			head = httpRequestHead(t.req)
		}
		return t.writeMessage("req", head, t.bodyOf(t.req.Body))
	}
	head := t.ir.resHdr
	if t.st.changed {
		head = httpResponseHead(t.resp)
	}
	return t.writeMessage("res", head, t.bodyOf(t.resp.Body))
}

// bodyOf is nil for a message that had no body.
func (t *icapTxn) bodyOf(r io.Reader) io.Reader {
	if !t.ir.hasBody {
		return nil
	}
	return r
}

// writeMessage writes a 200 encapsulating one HTTP head (kind "req" or
// "res") and its body (nil: none).
func (t *icapTxn) writeMessage(kind string, head []byte, body io.Reader) error {
	c := t.c
	enc := fmt.Sprintf("%s-hdr=0, %s-body=%d", kind, kind, len(head))
	if body == nil {
		enc = fmt.Sprintf("%s-hdr=0, null-body=%d", kind, len(head))
	}
	writeICAPHead(c.bw, 200, "ISTag", t.pol.istag, "Encapsulated", enc)
	_, _ = c.bw.Write(head)
	if body != nil {
		if c.buf == nil {
			c.buf = make([]byte, icapCopyBufSize)
		}
		if err := writeChunked(c.bw, body, c.buf); err != nil {
			return err
		}
	}
	return c.bw.Flush()
}

// setLength sets a made-up response's Content-Length header.
func setLength(r *http.Response) {
	if r.ContentLength >= 0 {
		r.Header.Set("Content-Length", strconv.FormatInt(r.ContentLength, 10))
	}
}

// finish reads what the client still sends of a body after the reply: a
// reply in the preview leaves nothing; a continued body is drained up to
// files.max_scan_bytes, past which the connection closes.
func (t *icapTxn) finish() bool {
	b := t.body
	if b == nil || b.eof || b.held {
		return b == nil || b.err == nil
	}
	b.cont = nil
	if _, err := io.CopyN(io.Discard, b, t.pol.maxScan); err != nil {
		return errors.Is(err, io.EOF)
	}
	return b.eof
}

// log writes the proxy.request line of an ICAP exchange (via: icap,
// icap_method, icap_status, and status when chatdlp answered in place of
// the service) and counts it in chatdlp_requests_total{protocol="icap"}.
func (t *icapTxn) log(status, httpStatus int, err error) {
	s, st := t.c.s, t.st
	d := time.Since(st.start)
	s.met.request("icap", status, d)
	lvl := zap.InfoLevel
	if err != nil {
		lvl = zap.WarnLevel
	}
	ce := s.log.Check(lvl, "request")
	if ce == nil {
		return
	}
	method, path := "", ""
	if t.req != nil {
		method, path = t.req.Method, logPath(t.req.URL.Path)
	}
	fields := []zap.Field{zap.String("event", "proxy.request"), zap.String("method", method),
		zap.String("host", st.host), zap.String("path", path), zap.String("icap_method", t.ir.method),
		zap.Int("icap_status", status), zap.Int64("duration_ms", d.Milliseconds()),
		zap.String("protocol", st.protocol), zap.String("service", st.service)}
	if httpStatus != 0 {
		fields = append(fields, zap.Int("status", httpStatus))
	}
	fields = append(fields, s.who(st)...)
	if st.incident != "" {
		fields = append(fields, zap.String("incident_id", st.incident))
	}
	if err != nil {
		fields = append(fields, zap.Error(err))
	}
	ce.Write(fields...)
}

package proxy

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
)

// incidentHeader carries the incident id of every response chatdlp makes
// up itself (refusals, upstream errors) so a user can quote it.
const incidentHeader = "X-Chatdlp-Incident"

// upstreamFailure is what the client is told about a failed upstream
// request: a status and a short reason. The full error goes to the log.
type upstreamFailure struct {
	status  int
	reason  string
	certErr bool // upstream certificate problem: tls.upstream_error
}

// classifyUpstream turns a transport error into a client-facing failure.
func classifyUpstream(err error) upstreamFailure {
	var (
		inv     x509.CertificateInvalidError
		host    x509.HostnameError
		unknown x509.UnknownAuthorityError
		dnsErr  *net.DNSError
		ne      net.Error
	)
	switch {
	case errors.As(err, &inv):
		return upstreamFailure{http.StatusBadGateway, "upstream certificate is not valid: " + certReason(inv.Reason), true}
	case errors.As(err, &host):
		return upstreamFailure{http.StatusBadGateway, "upstream certificate is not valid: wrong host name", true}
	case errors.As(err, &unknown):
		return upstreamFailure{http.StatusBadGateway, "upstream certificate is not valid: unknown authority", true}
	case errors.Is(err, errLoop):
		return upstreamFailure{http.StatusLoopDetected, "destination is this proxy", false}
	case errors.As(err, &dnsErr):
		return upstreamFailure{http.StatusBadGateway, "upstream host not found", false}
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return upstreamFailure{http.StatusGatewayTimeout, "upstream timed out", false}
	case strings.Contains(err.Error(), "tls:"):
		return upstreamFailure{http.StatusBadGateway, "upstream TLS handshake failed", true}
	default:
		return upstreamFailure{http.StatusBadGateway, "upstream connection failed", false}
	}
}

func certReason(r x509.InvalidReason) string {
	switch r {
	case x509.Expired:
		return "expired or not yet valid"
	case x509.NotAuthorizedToSign:
		return "issuer not authorized to sign"
	case x509.IncompatibleUsage:
		return "not valid for server authentication"
	default:
		return "rejected"
	}
}

// refusal builds a response chatdlp makes up itself: status, a short
// reason and the incident id in the header and the body. A chat API client
// gets JSON, anyone else plain text.
func refusal(req *http.Request, status int, reason, incident string) *http.Response {
	body, ctype := fmt.Sprintf("chatdlp: %s (incident %s)\n", reason, incident), "text/plain; charset=utf-8"
	if req != nil && strings.Contains(req.Header.Get("Accept"), "json") {
		body = fmt.Sprintf("{\"error\":%q,\"incident_id\":%q}\n", reason, incident)
		ctype = "application/json"
	}
	h := http.Header{}
	h.Set("Content-Type", ctype)
	h.Set(incidentHeader, incident)
	h.Set("Cache-Control", "no-store")
	return &http.Response{
		StatusCode:    status,
		Status:        fmt.Sprintf("%d %s", status, http.StatusText(status)),
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        h,
		Body:          io.NopCloser(strings.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       req,
	}
}

// writeRefusal writes a refusal through a ResponseWriter.
func writeRefusal(w http.ResponseWriter, r *http.Request, status int, reason, incident string, extra http.Header) {
	resp := refusal(r, status, reason, incident)
	defer resp.Body.Close()
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	for k, v := range extra {
		w.Header()[k] = v
	}
	w.WriteHeader(status)
	_, _ = io.Copy(w, resp.Body)
}

// writeRawRefusal writes a refusal on a bare connection (refused at accept,
// before any request was read) and closes it.
func writeRawRefusal(c net.Conn, status int, reason, incident string) {
	resp := refusal(nil, status, reason, incident)
	defer resp.Body.Close()
	resp.Close = true
	_ = resp.Write(c)
	_ = c.Close()
}

package proxy

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"strings"

	"github.com/chatdlp/chatdlp/inspect"
	"github.com/chatdlp/chatdlp/inspect/extract"
)

// blockResponse is what a client gets instead of its exchange when the
// pipeline blocks it: a browser navigation or form post gets the HTML
// block page, a chat API call a 403 in its service's own error shape;
// both carry X-Chatdlp-Incident. closeConn asks for the connection to be
// closed (a body was left unread).
func (s *Server) blockResponse(req *http.Request, st *reqState, out inspect.Outcome, closeConn bool) *http.Response {
	st.incident = out.Incident
	s.met.block("dlp")
	var (
		status = http.StatusForbidden
		body   []byte
		ctype  = "application/json; charset=utf-8"
	)
	if isNavigation(req) {
		body, ctype = blockPage(out), "text/html; charset=utf-8"
	} else {
		status, body = extract.BlockResponse(st.service, out.Reason, out.Incident)
	}
	h := http.Header{}
	h.Set("Content-Type", ctype)
	h.Set(incidentHeader, out.Incident)
	h.Set("Cache-Control", "no-store")
	return &http.Response{
		StatusCode: status, Status: fmt.Sprintf("%d %s", status, http.StatusText(status)),
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: h,
		Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body)),
		Request: req, Close: closeConn,
	}
}

// isNavigation reports a browser loading a page or posting a form, as
// opposed to a script's API call.
func isNavigation(r *http.Request) bool {
	if m := r.Header.Get("Sec-Fetch-Mode"); m != "" {
		return m == "navigate"
	}
	return strings.Contains(r.Header.Get("Accept"), "text/html")
}

var blockTemplate = template.Must(template.New("block").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Blocked by company policy</title>
<style>body{font-family:sans-serif;max-width:40em;margin:4em auto;color:#222}code{background:#eee;padding:.1em .3em}</style>
</head><body>
<h1>Blocked by company policy</h1>
<p>{{.Reason}}.</p>
{{if .Rule}}<p>Rule: <code>{{.Rule}}</code></p>{{end}}
<p>Incident: <code>{{.Incident}}</code>. Quote it to your security team if you think this is a mistake.</p>
</body></html>
`))

// blockPage renders the HTML block page: rule, reason, incident id.
func blockPage(out inspect.Outcome) []byte {
	var buf bytes.Buffer
	_ = blockTemplate.Execute(&buf, struct{ Reason, Rule, Incident string }{out.Reason, out.RuleID, out.Incident})
	return buf.Bytes()
}

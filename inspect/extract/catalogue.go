package extract

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

// Service is one entry of the catalogue: a chat service's name, the hosts
// it is served from, the API path that identifies a self-hosted instance,
// which of its requests and responses carry messages, and how it answers
// an error (the shape a blocked request gets).
type Service struct {
	Name  string
	Hosts []string       // names and *.wildcards
	Path  *regexp.Regexp // API path signature for hosts in no entry; nil: by host only

	routes  []route
	sockets []socket                                 // WebSocket endpoints (see ExtractSocket)
	query   bool                                     // its API takes message arguments in the query too
	skip    []string                                 // members never message text (tokens)
	block   func(reason, incident string) (int, any) // status and error body
}

// socket says how one complete message on a service's WebSocket reads.
type socket struct {
	path *regexp.Regexp                // the upgrade request's path; nil: any
	read func(in *Input) (*Doc, error) // one text message, either direction
}

// route says which bodies of a service carry messages and how to read them.
type route struct {
	methods   string // comma-separated, "" for any
	path      *regexp.Regexp
	direction Direction
	read      func(in *Input, m []string) (*Doc, error) // m: path submatches
}

// services are the chat services chatdlp understands, in the order their
// path signatures are tried. Each is defined in its own file.
var services = []*Service{slack, mattermost, rocketchat, zulip, matrix, discord, teams, googlechat}

// hostOnly are the services known by host alone: no extraction (their
// traffic is end-to-end encrypted, a login service, or a tunnel protocol
// whose extractor is not HTTP).
var hostOnly = []*Service{
	{Name: "skype", Hosts: []string{"web.skype.com", "*.skype.com", "*.skypeassets.com", "*.gateway.messenger.live.com"}},
	// Telegram, WhatsApp and Signal encrypt messages end to end inside TLS
	// (MTProto secret chats, the Signal protocol): even after MITM chatdlp
	// sees only ciphertext, so they cannot be inspected and default to
	// block (the proxy's built-in overrides). An administrator may override that.
	{Name: "telegram", Hosts: []string{"telegram.org", "*.telegram.org", "t.me", "*.t.me", "telegram.me",
		"*.telegram.me", "telesco.pe", "*.tdesktop.com"}, Path: regexp.MustCompile(`^/bot[0-9]+:[A-Za-z0-9_-]+/[A-Za-z]+$`)},
	{Name: "whatsapp", Hosts: []string{"whatsapp.com", "*.whatsapp.com", "whatsapp.net", "*.whatsapp.net", "wa.me"}},
	{Name: "signal", Hosts: []string{"signal.org", "*.signal.org", "*.signal.art", "signal.me", "*.whispersystems.org"}},
	ircService,  // irc.go
	xmppService, // xmpp.go
	// Microsoft sign-in: where services.tenants.microsoft adds its headers.
	{Name: "microsoft-login", Hosts: []string{"login.microsoftonline.com", "login.microsoft.com",
		"login.windows.net", "login.live.com"}},
}

// Catalogue returns every service chatdlp knows, those it reads first
// (in path-signature order), then those it knows by host only.
func Catalogue() []*Service {
	return append(append([]*Service{}, services...), hostOnly...)
}

// Lookup returns the service named name, or nil.
func Lookup(name string) *Service {
	for _, s := range services {
		if s.Name == name {
			return s
		}
	}
	for _, s := range hostOnly {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// pathPrefixes gate the signatures: most paths match none, cheaply.
var pathPrefixes = []string{"/api/", "/_matrix/", "/json/", "/v1/", "/bot"}

// ByPath returns the service an API path identifies, or "" (a host in no
// catalogue entry that serves /api/v4/posts is Mattermost).
func ByPath(path string) string {
	gated := false
	for _, p := range pathPrefixes {
		if strings.HasPrefix(path, p) {
			gated = true
			break
		}
	}
	if !gated {
		return ""
	}
	for _, s := range services {
		if s.Path != nil && s.Path.MatchString(path) {
			return s.Name
		}
	}
	for _, s := range hostOnly {
		if s.Path != nil && s.Path.MatchString(path) {
			return s.Name
		}
	}
	return ""
}

// Extract reads a body of service (a catalogue name, or "" for a host in
// no entry). A route of the service that matches the method, path and
// direction reads it; an outbound body with no route is read generically
// (everything a user sends is inspected); an inbound body with no route is
// not read: nil Doc, so general browsing pays nothing inbound.
//
// An outbound request to a service whose API takes message arguments in
// the query (Slack's Web API) also has its query read, as one more message
// whose parts cannot be rewritten: a redaction there blocks.
func Extract(in *Input) (*Doc, error) {
	in.Scratch.reset()
	svc := Lookup(in.Service)
	d, err := extractBody(in, svc)
	if err != nil || in.Direction == Inbound || svc == nil || !svc.query || in.Query == "" {
		return d, err
	}
	if m := queryMessage(in, svc); m != nil {
		d.Messages = append(d.Messages, m)
	}
	return d, nil
}

func extractBody(in *Input, svc *Service) (*Doc, error) {
	if svc != nil {
		for _, r := range svc.routes {
			if r.direction != in.Direction || !methodIn(in.Method, r.methods) {
				continue
			}
			if r.path.NumSubexp() == 0 { // nothing to capture: a match without allocations
				if r.path.MatchString(in.Path) {
					return r.read(in, nil)
				}
				continue
			}
			if m := r.path.FindStringSubmatch(in.Path); m != nil {
				return r.read(in, m)
			}
		}
	}
	if in.Direction == Inbound {
		return nil, nil
	}
	return Generic(in, svc.skipList()...)
}

// skipList is the service's skip names; none for a nil service.
func (s *Service) skipList() []string {
	if s == nil {
		return nil
	}
	return s.skip
}

// queryMessage reads a request's query as read-only parts (the service's
// skip names left out), or nil when it holds none.
func queryMessage(in *Input, svc *Service) *Message {
	root, err := parseForm(in.Query)
	if err != nil {
		root = textNode(in.Query)
	}
	m := &Message{}
	for _, p := range partsOf(in.Scratch, root, "", svc.skipList()...) {
		m.Parts = append(m.Parts, &Part{Path: "?" + p.Path, Text: p.Text}) // no node: not rewritable
	}
	if len(m.Parts) == 0 {
		return nil
	}
	return m
}

// ExtractSocket reads one complete WebSocket text message: in.Path and
// in.Query are the upgrade request's, in.Direction the way the message
// travels, in.Body the message (decompressed). A socket of the service
// whose path matches reads it; any other message is read generically
// (JSON, or text), in both directions: what a socket carries is chat.
func ExtractSocket(in *Input) (*Doc, error) {
	in.Scratch.reset()
	svc := Lookup(in.Service)
	if svc != nil {
		for _, s := range svc.sockets {
			if s.path == nil || s.path.MatchString(in.Path) {
				return s.read(in)
			}
		}
	}
	if d, ok, err := socketIO(in); ok { // any service's or host's Socket.IO
		return d, err
	}
	return Generic(in, svc.skipList()...)
}

// Reads reports whether Extract would read an inbound body of this
// request: the proxy buffers only those responses.
func Reads(service, method, path string) bool {
	svc := Lookup(service)
	if svc == nil {
		return false
	}
	for _, r := range svc.routes {
		if r.direction == Inbound && methodIn(method, r.methods) && r.path.MatchString(path) {
			return true
		}
	}
	return false
}

func methodIn(method, list string) bool {
	if list == "" {
		return true
	}
	for list != "" {
		var m string
		m, list, _ = strings.Cut(list, ",")
		if m == method {
			return true
		}
	}
	return false
}

// BlockResponse is the answer to a blocked request in the service's own
// error shape (a JSON body and its status, 403); a service without one,
// and a host in no entry, get {"error":reason,"incident_id":incident}.
func BlockResponse(service, reason, incident string) (int, []byte) {
	status, v := http.StatusForbidden, any(map[string]string{"error": blockReason(reason, incident), "incident_id": incident})
	if svc := Lookup(service); svc != nil && svc.block != nil {
		status, v = svc.block(reason, incident)
	}
	b, err := json.Marshal(v)
	if err != nil { // the shapes are maps and strings: never
		b = []byte(`{"error":"blocked by policy"}`)
	}
	return status, b
}

// blockReason is the message text of a service error shape.
func blockReason(reason, incident string) string {
	return fmt.Sprintf("chatdlp: %s (incident %s)", reason, incident)
}

// UploadFile is a raw upload (a request body that is a file: an upload
// URL, a media endpoint) as a document of one file named name, for the
// file inspector.
func UploadFile(body []byte, name, contentType string) *Doc {
	return &Doc{Messages: []*Message{{Files: []*File{{Path: "upload", Name: name, ContentType: contentType, Data: body}}}}}
}

// SocketFile is a binary WebSocket message as a document of one file, for
// the file inspector: chatdlp reads no binary chat protocol.
func SocketFile(in *Input) *Doc {
	return &Doc{Messages: []*Message{{Files: []*File{{Path: in.Path, Data: in.Body}}}}}
}

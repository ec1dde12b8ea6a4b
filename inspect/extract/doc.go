// Package extract knows the formats chat travels in, and nothing of rules:
// it turns the bytes of one body (an HTTP request or response today; a
// WebSocket message, an IRC line, an XMPP stanza tomorrow) into the
// messages and texts a rule engine inspects, remembers where each text
// sits, and writes changed texts back in place. Extractors are pure
// functions of bytes: no network, no rules, no logger.
//
// The pipeline, one path for every protocol:
//
//	wire (proxy/: reads a body, decodes Content-Encoding and charset)
//	  -> extract (this package: Doc = messages, each with its parts and
//	     where they sit: field path, service, channel, user)
//	  -> inspect.Engine (findings per part, at byte offsets of the part)
//	  -> inspect.Pipeline (the verdict, computed in one place: rule scope
//	     by service, direction and group, min_count, block > redact > log
//	     > allow, on_inspect_error, on_encrypted; dlp.* events, metrics)
//	  -> wire again: a block response in the service's error shape
//	     (Service.BlockBody), or Doc.Bytes() with redacted parts rewritten
//	     and inbound messages removed, the rest of the body byte for byte.
//
// One file per service (slack.go, discord.go...) holds its hosts, its API
// path signature, its routes (which requests and responses carry
// messages, and how to read them) and its error shape; catalogue.go lists
// them all, with the services chatdlp knows only by host. The proxy reads
// the catalogue from here, so names and hosts cannot drift.
//
// The configuration keys, events and block shapes are documented in the
// repository's docs/inspection.md.
package extract

import "unsafe"

// Direction is which way a body travels: Outbound from the user to the
// service (requests), Inbound from the service to the user (responses).
type Direction uint8

// Directions.
const (
	Outbound Direction = iota
	Inbound
)

// String returns outbound or inbound.
func (d Direction) String() string {
	if d == Inbound {
		return "inbound"
	}
	return "outbound"
}

// Input is what the wire knows of one body.
type Input struct {
	Service     string // catalogue name, "" for a host in no entry
	Method      string // HTTP method of the request
	Path        string // URL path of the request
	Query       string // raw query of the request
	ContentType string // Content-Type of the body (media type and parameters)
	Direction   Direction
	Body        []byte // decoded: no Content-Encoding, UTF-8
	// Fixed says the caller never changes Body while the Doc (or any
	// text from it) is in use, as with a buffered HTTP body: it is then
	// read in place rather than copied.
	Fixed bool
	// Scratch, when set, is the memory the Doc is built in, reused by the
	// next extraction with the same Scratch (see Scratch).
	Scratch *Scratch
}

// text is the body as a string: Body itself when Fixed, else a copy.
func (in *Input) text() string {
	if in.Fixed && len(in.Body) > 0 {
		return unsafe.String(&in.Body[0], len(in.Body)) //nolint:gosec // Fixed: the caller never changes Body
	}
	return string(in.Body)
}

// Message is one chat message (or one body that is not split into
// messages) and the texts in it.
type Message struct {
	Channel   string  // channel, room, conversation or space id, "" if unknown
	User      string  // the chat user who wrote it, when the body says
	Parts     []*Part // the texts to inspect
	Files     []*File // file parts, for the file inspector
	Encrypted bool    // end-to-end encrypted content that cannot be read
	// Credential is a password the message sends (an IRC PASS, a NickServ
	// IDENTIFY, a SASL PLAIN response): the pipeline reports it when the
	// leg to the server is plaintext. The message then has no parts.
	Credential *Credential
	elem       *node   // the element to remove it by; nil: not removable
	also       []*node // more elements removed with it (Mattermost's id in `order`)
}

// Removable reports whether the message can be cut out of its body alone
// (an element of a list in a response).
func (m *Message) Removable() bool { return m.elem != nil }

// Part is one text of a message and where it sits.
type Part struct {
	Path string // field path: JSON pointer, form field or multipart name
	Text string // the decoded text
	n    *node
}

// File is a file carried in a body (a multipart file part), or offered
// for a transfer that does not pass through the proxy (an IRC DCC offer:
// a name and a size, no data).
type File struct {
	Path        string // form field name
	Name        string // file name the client gave
	ContentType string
	Data        []byte
	Offer       string // the offer's kind (dcc-send, dcc-chat, dcc-resume, dcc-accept); "" for a file carried here
	Size        int64  // the size an offer announces
	Peer        string // host:port an offer's transfer would connect to
}

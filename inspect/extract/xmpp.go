package extract

import (
	"encoding/base64"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
)

// xmpp: XMPP clients and servers (RFC 6120, RFC 6121) through a tunnel.
// The wire adapter cuts each direction's stream into stanzas
// (XMPPReader); ExtractXMPP reads one:
//   - <message>: <body> and <subject> (rewritable in place), the text of
//     an XHTML-IM <html> body (read-only), a jabber:x:oob URL (read-only);
//     OMEMO, legacy PGP, OpenPGP for XMPP and OTR payloads mark it
//     encrypted.
//   - <iq>: an HTTP File Upload slot request (XEP-0363: file name and size),
//     a stream-initiation or Jingle file offer (XEP-0096, XEP-0234) as
//     offered files; in-band bytestream data (XEP-0047) as a file; a legacy
//     jabber:iq:auth password as a credential.
//   - <auth mechanism='PLAIN'> (SASL PLAIN): a credential.
//
// The hosts of the public services are in the catalogue's xmpp entry.
var xmppService = &Service{Name: "xmpp", Hosts: []string{"jabber.org", "*.jabber.org", "xmpp.jp", "jabber.de", "*.jabber.de",
	"conversations.im", "*.conversations.im", "jabber.ccc.de", "jabber.at",
	"404.city", "yax.im", "movim.eu", "*.movim.eu", "jabb.im", "xabber.org", "*.xabber.org"}}

// Namespaces ExtractXMPP reads.
const (
	nsXHTMLIM  = "http://jabber.org/protocol/xhtml-im"
	nsOOB      = "jabber:x:oob"
	nsUpload   = "urn:xmpp:http:upload:0"
	nsSIFile   = "http://jabber.org/protocol/si/profile/file-transfer"
	nsIBB      = "http://jabber.org/protocol/ibb"
	nsIQAuth   = "jabber:iq:auth"
	nsSASL     = "urn:ietf:params:xml:ns:xmpp-sasl"
	nsOMEMO    = "eu.siacs.conversations.axolotl"
	nsOMEMO2   = "urn:xmpp:omemo:2"
	nsPGP      = "jabber:x:encrypted"
	nsOpenPGP  = "urn:xmpp:openpgp:0"
	nsJingleFT = "urn:xmpp:jingle:apps:file-transfer:"
)

// XMPPStanza is what the wire needs of a stanza to answer it: its element,
// addresses and id.
type XMPPStanza struct {
	Name, To, From, ID, Type string
}

// ParseXMPPStanza reads a stanza's top element.
func ParseXMPPStanza(b []byte) (XMPPStanza, error) {
	dec := xml.NewDecoder(strings.NewReader(string(b)))
	for {
		tok, err := dec.RawToken()
		if err != nil {
			return XMPPStanza{}, err
		}
		if t, ok := tok.(xml.StartElement); ok {
			return XMPPStanza{Name: t.Name.Local, To: attr(t, "to"), From: attr(t, "from"), ID: attr(t, "id"), Type: attr(t, "type")}, nil
		}
	}
}

// ExtractXMPP reads one stanza (in.Body, as the stream carried it) going
// in.Direction. It returns a Doc of one message, or of none when the
// stanza carries nothing to inspect (presence, most iq).
func ExtractXMPP(in *Input) (*Doc, error) {
	return extractXMPP(in.text(), in.Direction, nil)
}

// ExtractXMPPChunk is ExtractXMPP of a stanza an XMPPReader cut with
// Keep: it reads the tokens the reader kept instead of parsing again.
func ExtractXMPPChunk(c Chunk, dir Direction) (*Doc, error) {
	return extractXMPP(string(c.Bytes), dir, c.toks)
}

func extractXMPP(s string, dir Direction, toks []keptToken) (*Doc, error) {
	x := &xmppWalk{s: s, dir: dir, d: &Doc{root: &node{kind: kindRaw, end: len(s), raw: s}}, m: &Message{}, kept: toks}
	if err := x.walk(); err != nil {
		return nil, err
	}
	if len(x.m.Parts) > 0 || len(x.m.Files) > 0 || x.m.Credential != nil || x.m.Encrypted {
		x.d.Messages = []*Message{x.m}
	}
	return x.d, nil
}

// xmppWalk reads a stanza's tokens with their offsets.
type xmppWalk struct {
	s     string
	dir   Direction
	d     *Doc
	m     *Message
	dec   *xml.Decoder
	stack []xml.StartElement
	nss   []string // the default namespace in scope of each element on the stack
	top   xml.StartElement
	kept  []keptToken // the reader's tokens, read instead of dec when set
	ki    int
	off   int // offset after the last kept token read
}

// token returns the stanza's next token, kept or decoded.
func (x *xmppWalk) token() (xml.Token, error) {
	if x.kept == nil {
		return x.dec.RawToken()
	}
	if x.ki >= len(x.kept) {
		return nil, io.EOF
	}
	t := x.kept[x.ki]
	x.ki++
	x.off = t.end
	return t.tok, nil
}

// offset is the stanza offset after the last token read.
func (x *xmppWalk) offset() int {
	if x.kept == nil {
		return int(x.dec.InputOffset())
	}
	return x.off
}

// push enters an element; its namespace is its xmlns, or its parent's.
func (x *xmppWalk) push(t xml.StartElement) {
	ns := attr(t, "xmlns")
	if ns == "" && len(x.nss) > 0 {
		ns = x.nss[len(x.nss)-1]
	}
	x.stack, x.nss = append(x.stack, t), append(x.nss, ns)
}

// pop leaves the current element.
func (x *xmppWalk) pop() {
	if len(x.stack) > 0 {
		x.stack, x.nss = x.stack[:len(x.stack)-1], x.nss[:len(x.nss)-1]
	}
}

func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

// walk reads the stanza's elements.
func (x *xmppWalk) walk() error {
	if x.kept == nil {
		x.dec = xml.NewDecoder(strings.NewReader(x.s))
		x.dec.Strict = true
	}
	for {
		tok, err := x.token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(x.stack) == 0 {
				x.top = t
				x.topElement(t)
			}
			x.push(t)
			if err := x.element(t); err != nil {
				return err
			}
		case xml.EndElement:
			x.pop()
		case xml.Directive:
			return errors.New("extract: xmpp: a directive in a stanza")
		}
	}
}

// topElement reads the stanza's own element.
func (x *xmppWalk) topElement(t xml.StartElement) {
	switch t.Name.Local {
	case "message":
		x.m.Channel = attr(t, "to")
		if x.dir == Inbound {
			x.m.Channel, x.m.User = attr(t, "from"), attr(t, "from")
		}
	case "auth":
		if attr(t, "xmlns") == nsSASL && strings.EqualFold(attr(t, "mechanism"), "PLAIN") && x.dir == Outbound {
			x.m.Credential = &Credential{Mechanism: "sasl-plain"}
		}
	}
}

// element reads an element below (or at) the top; it may consume the
// element's content from the decoder.
func (x *xmppWalk) element(t xml.StartElement) error {
	depth := len(x.stack)
	ns := x.nss[len(x.nss)-1]
	top := x.top.Name.Local
	switch {
	case top == "message" && depth == 2 && (t.Name.Local == "body" || t.Name.Local == "subject") && (ns == "" || ns == "jabber:client" || ns == "jabber:server"):
		return x.text(t.Name.Local)
	case top == "message" && t.Name.Local == "html" && ns == nsXHTMLIM:
		return x.readOnly("xhtml", "")
	case top == "message" && t.Name.Local == "x" && ns == nsOOB:
		return x.readOnly("oob", "url")
	case top == "message" && (t.Name.Local == "encrypted" && (ns == nsOMEMO || ns == nsOMEMO2) ||
		t.Name.Local == "x" && ns == nsPGP || t.Name.Local == "openpgp" && ns == nsOpenPGP):
		x.m.Encrypted = true
	case top == "iq" && t.Name.Local == "request" && ns == nsUpload:
		x.offer("http-upload", attr(t, "filename"), attr(t, "size"))
	case top == "iq" && t.Name.Local == "file" && ns == nsSIFile:
		x.offer("si-file", attr(t, "name"), attr(t, "size"))
	case top == "iq" && t.Name.Local == "file" && strings.HasPrefix(ns, nsJingleFT):
		return x.jingleFile()
	case t.Name.Local == "data" && ns == nsIBB:
		return x.ibb(t)
	case top == "iq" && t.Name.Local == "query" && ns == nsIQAuth && x.dir == Outbound:
		return x.iqAuth()
	case top == "auth" && depth == 1 && x.m.Credential != nil:
		return x.saslPlain()
	}
	return nil
}

// content reads the current element to its end; it returns its character
// data, its content's span in the stanza, and whether it held only text.
func (x *xmppWalk) content() (text string, start, end int, plain bool, err error) {
	start, plain = x.offset(), true
	var sb strings.Builder
	depth := 1
	for {
		before := x.offset()
		tok, err := x.token()
		if err != nil {
			return "", 0, 0, false, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			plain = false
		case xml.EndElement:
			if depth--; depth == 0 {
				x.pop()
				return sb.String(), start, before, plain, nil
			}
		case xml.CharData:
			sb.Write(t)
		case xml.Comment, xml.ProcInst:
			plain = false
		case xml.Directive:
			return "", 0, 0, false, errors.New("extract: xmpp: a directive in a stanza")
		}
	}
}

// text reads a <body> or <subject>: a part rewritten in place when it
// holds only text, read-only otherwise.
func (x *xmppWalk) text(path string) error {
	t, start, end, plain, err := x.content()
	if err != nil || strings.TrimSpace(t) == "" {
		return err
	}
	if strings.HasPrefix(t, "?OTR") {
		x.m.Encrypted = true
	}
	p := &Part{Path: path, Text: t}
	if plain {
		n := &node{kind: kindXML, start: start, end: end, raw: x.s[start:end], text: t}
		x.d.root.adopt(n, path)
		p.n = n
	}
	x.m.Parts = append(x.m.Parts, p)
	return nil
}

// readOnly reads the text of an element (or of its child named child) as
// a part that is not rewritten: a redaction there blocks.
func (x *xmppWalk) readOnly(path, child string) error {
	var sb strings.Builder
	depth, in := 1, child == ""
	for depth > 0 {
		tok, err := x.token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if child != "" && t.Name.Local == child {
				in = true
			}
		case xml.EndElement:
			depth--
			if child != "" && t.Name.Local == child {
				in = false
			}
		case xml.CharData:
			if in {
				sb.Write(t)
			}
		}
	}
	x.pop()
	if t := sb.String(); strings.TrimSpace(t) != "" {
		x.m.Parts = append(x.m.Parts, &Part{Path: path, Text: t})
	}
	return nil
}

// offer adds a file offered for a transfer that does not pass through
// this stream.
func (x *xmppWalk) offer(kind, name, size string) {
	n, _ := strconv.ParseInt(size, 10, 64)
	x.m.Files = append(x.m.Files, &File{Path: kind, Name: name, Size: n, Offer: kind})
	if x.m.Channel == "" {
		x.m.Channel = attr(x.top, "to")
	}
}

// jingleFile reads a Jingle file description: <name> and <size> children.
func (x *xmppWalk) jingleFile() error {
	fields := map[string]string{}
	depth, cur := 1, ""
	for depth > 0 {
		tok, err := x.token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			cur = t.Name.Local
		case xml.EndElement:
			depth--
			cur = ""
		case xml.CharData:
			if depth == 2 {
				fields[cur] += string(t)
			}
		}
	}
	x.pop()
	x.offer("jingle-file", fields["name"], fields["size"])
	return nil
}

// ibb reads in-band bytestream data as a file for the file inspector.
func (x *xmppWalk) ibb(t xml.StartElement) error {
	text, _, _, _, err := x.content()
	if err != nil {
		return err
	}
	data, err := base64.StdEncoding.DecodeString(strings.TrimSpace(text))
	if err != nil {
		return errors.Join(ErrUnreadable, err)
	}
	x.m.Files = append(x.m.Files, &File{Path: "ibb", Name: attr(t, "sid"), Data: data})
	return nil
}

// iqAuth reads a legacy jabber:iq:auth query: a <password> is a credential.
func (x *xmppWalk) iqAuth() error {
	fields := map[string]bool{}
	user := ""
	depth, cur := 1, ""
	for depth > 0 {
		tok, err := x.token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			cur = t.Name.Local
			fields[cur] = true
		case xml.EndElement:
			depth--
			cur = ""
		case xml.CharData:
			if cur == "username" {
				user += string(t)
			}
		}
	}
	x.pop()
	if fields["password"] {
		x.m.Credential = &Credential{Mechanism: "iq-auth", User: user}
	}
	return nil
}

// saslPlain reads the account of a SASL PLAIN <auth>; its password is
// never kept.
func (x *xmppWalk) saslPlain() error {
	text, _, _, _, err := x.content()
	if err != nil {
		return err
	}
	if c := saslPlain(strings.TrimSpace(text)); c != nil {
		x.m.Credential.User = c.User
	}
	return nil
}

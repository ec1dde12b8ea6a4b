package proxy

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"

	"github.com/chatdlp/chatdlp/inspect"
	"github.com/chatdlp/chatdlp/inspect/extract"
	"github.com/chatdlp/chatdlp/rules"
)

// The XMPP wire adapter of the inspection pipeline (see the package doc
// of inspect/extract): an XMPP stream found in a tunnel is cut into
// stanzas (extract.XMPPReader) both ways; each message, iq and SASL auth
// goes through extract.ExtractXMPP and the policy's inspect.Pipeline
// while it is held, everything else is relayed as it arrives. A blocked
// outbound stanza is bounced to the client as a stanza error with
// <policy-violation/>; a blocked inbound one is dropped and the client gets
// a headline message from its domain saying so. STARTTLS is intercepted
// on both legs: the server's certificate is verified for the stream's
// domain, and the client is handed a leaf of the company CA for it.

// xmppStanzaLimit bounds a stanza held for inspection; a larger one ends
// the stream with a policy-violation stream error (an XMPP stream cannot
// skip a stanza it has not read).
const xmppStanzaLimit = 1 << 20

// xmppHandler is the XMPP tunnel handler.
type xmppHandler struct{ s *Server }

var _ TunnelHandler = xmppHandler{}

// Match reports an XMPP client's first bytes: an XML declaration or a
// stream header.
func (xmppHandler) Match(peek []byte) bool {
	p := bytes.TrimLeft(peek, " \t\r\n\xef\xbb\xbf")
	return bytes.HasPrefix(p, []byte("<?xml")) || bytes.HasPrefix(p, []byte("<stream:stream"))
}

// Handle relays the stream until either side ends.
func (h xmppHandler) Handle(ctx context.Context, conn net.Conn, t Tunnel) error {
	s := h.s
	pol := s.policy()
	service, err := serviceOf(pol, t, "xmpp")
	switch {
	case err != nil:
		return err
	case service == "":
		return spliceTunnel(ctx, conn, t)
	}
	up, err := t.Dial(ctx)
	if err != nil {
		return err
	}
	defer up.Close()
	r := &xmppRelay{s: s, pipe: pol.pipe, client: conn, server: up, upgraded: make(chan net.Conn, 1),
		meta: inspect.Meta{Protocol: "xmpp", Service: service, Host: t.Host, Plaintext: !t.TLS, Who: t.Who}}
	done := make(chan error, 2)
	go func() { done <- r.pump(ctx, extract.Outbound) }()
	go func() { done <- r.pump(ctx, extract.Inbound) }()
	err = <-done
	r.closeAll()
	if other := <-done; quietEnd(err) {
		err = other
	}
	if quietEnd(err) {
		err = nil
	}
	return err
}

// xmppRelay is one relayed XMPP connection.
type xmppRelay struct {
	s    *Server
	pipe *inspect.Pipeline // nil: no inspection

	mu       sync.Mutex // guards the fields below and writes to either side
	client   net.Conn
	server   net.Conn
	meta     inspect.Meta
	domain   string        // the stream's 'to': the server's XMPP domain
	awaiting bool          // STARTTLS was asked of the server, which has not answered
	ownTLS   bool          // the proxy asked it, for a client that did not: the server leg alone is upgraded
	offered  bool          // the server's features offer STARTTLS
	header0  []byte        // the client's stream header, sent again after an upgrade of the server leg
	upgraded chan net.Conn // the client's TLS connection after STARTTLS, nil if it failed
}

func (r *xmppRelay) closeAll() {
	r.mu.Lock()
	defer r.mu.Unlock()
	_ = r.client.Close()
	_ = r.server.Close()
}

// send writes b to the client (toClient) or the server.
func (r *xmppRelay) send(toClient bool, b []byte) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	c := r.server
	if toClient {
		c = r.client
	}
	_, err := c.Write(b)
	return err
}

// source is the connection a direction reads from.
func (r *xmppRelay) source(dir extract.Direction) net.Conn {
	r.mu.Lock()
	defer r.mu.Unlock()
	if dir == extract.Outbound {
		return r.client
	}
	return r.server
}

// reads are the stanzas inspected: their tokens are kept as they are read.
func reads(name string) bool { return name == "message" || name == "iq" || name == "auth" }

// reader reads a direction's stream from c.
func (r *xmppRelay) reader(c net.Conn) *extract.XMPPReader {
	x := extract.NewXMPPReader(c, xmppStanzaLimit)
	if r.pipe != nil {
		x.Keep = reads
	}
	return x
}

// pump relays one direction chunk by chunk.
func (r *xmppRelay) pump(ctx context.Context, dir extract.Direction) error {
	x := r.reader(r.source(dir))
	toClient := dir == extract.Inbound
	swallow := false
	for {
		c, err := x.Next()
		if err != nil {
			return r.streamError(dir, err)
		}
		switch {
		case swallow: // the server's new stream after the proxy's own STARTTLS
			if c.Kind == extract.ChunkStanza && c.Name == "features" {
				swallow = false
				r.answered(nil)
			}
			continue
		case c.Kind == extract.ChunkHeader && dir == extract.Outbound:
			r.header(c.Bytes)
		case c.Kind == extract.ChunkStanza && dir == extract.Outbound && c.Name != "starttls" && r.upgradeServerFirst():
			// The client goes on in the clear though the server offers TLS:
			// the proxy upgrades the server leg before this stanza.
			r.expectAnswer()
			if err := r.send(false, []byte(startTLS)); err != nil {
				return err
			}
			if _, ok := r.awaitUpgrade(ctx); !ok {
				return errors.New("proxy: xmpp: the connection ended during STARTTLS")
			}
			if err := r.stanza(ctx, c, dir); err != nil {
				return err
			}
			continue
		case c.Kind == extract.ChunkStanza && dir == extract.Inbound && c.Name == "features":
			r.features(c.Bytes)
		case c.Kind == extract.ChunkStanza && dir == extract.Outbound && c.Name == "starttls":
			r.expectAnswer()
			if err := r.send(false, c.Bytes); err != nil {
				return err
			}
			conn, ok := r.awaitUpgrade(ctx)
			if !ok {
				return errors.New("proxy: xmpp: the connection ended during STARTTLS")
			}
			if conn != nil {
				x = r.reader(conn)
			}
			continue
		case c.Kind == extract.ChunkStanza && dir == extract.Inbound && r.isAwaiting():
			own := r.isOwnTLS()
			if c.Name == "proceed" {
				conn, err := r.upgrade(c.Bytes, own)
				if err != nil {
					return err
				}
				x, swallow = r.reader(conn), own
				continue
			}
			r.answered(nil) // <failure/>: the stream goes on in the clear
			if own {
				continue // the client never asked
			}
		case c.Kind == extract.ChunkStanza:
			if err := r.stanza(ctx, c, dir); err != nil {
				return err
			}
			continue
		}
		if err := r.send(toClient, c.Bytes); err != nil {
			return err
		}
	}
}

// startTLS is the STARTTLS request (RFC 6120 5.4.2.1).
const startTLS = "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"

// header notes the client's stream header and its domain.
func (r *xmppRelay) header(b []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.header0 = b
	if st, err := extract.ParseXMPPStanza(b); err == nil && st.To != "" {
		r.domain = st.To
	}
}

// features notes whether the server offers STARTTLS on a plaintext leg.
func (r *xmppRelay) features(b []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.offered = r.meta.Plaintext && bytes.Contains(b, []byte("urn:ietf:params:xml:ns:xmpp-tls"))
}

// upgradeServerFirst reports, and marks, that the proxy is to upgrade the
// server leg itself: the server offered STARTTLS and the client sends
// something else.
func (r *xmppRelay) upgradeServerFirst() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.offered || !r.meta.Plaintext {
		return false
	}
	r.offered, r.ownTLS = false, true
	return true
}

func (r *xmppRelay) isOwnTLS() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.ownTLS
}

func (r *xmppRelay) isAwaiting() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.awaiting
}

// expectAnswer marks STARTTLS as asked, before it is sent: the server's
// answer is the inbound pump's to act on.
func (r *xmppRelay) expectAnswer() {
	r.mu.Lock()
	r.awaiting = true
	r.mu.Unlock()
}

// awaitUpgrade waits for the server's answer to STARTTLS: the client's
// new TLS connection, nil to go on in the clear, false if it never came.
func (r *xmppRelay) awaitUpgrade(ctx context.Context) (net.Conn, bool) {
	select {
	case c := <-r.upgraded:
		return c, true
	case <-ctx.Done():
		return nil, false
	}
}

// answered ends a STARTTLS wait with the client's new connection (nil:
// none).
func (r *xmppRelay) answered(c net.Conn) {
	r.mu.Lock()
	r.awaiting, r.ownTLS = false, false
	r.mu.Unlock()
	r.upgraded <- c
}

// upgrade intercepts STARTTLS after the server's <proceed/>: TLS to the
// server, verified for the stream's domain; then, when the client asked
// (not own), <proceed/> to the client and TLS with it on a leaf of the
// company CA; when the proxy asked for itself, the client's stream header
// again to the server, whose new stream the caller reads and drops up to
// its features. It returns the server's TLS connection.
func (r *xmppRelay) upgrade(proceed []byte, own bool) (net.Conn, error) {
	r.mu.Lock()
	domain, server, client, header := r.domain, r.server, r.client, r.header0
	r.mu.Unlock()
	if domain == "" {
		domain = r.meta.Host
	}
	timeout := r.s.limits.HandshakeTimeout.D()
	up := tls.Client(server, &tls.Config{ServerName: domain, RootCAs: r.s.roots, MinVersion: tls.VersionTLS12})
	ctx, cancel := context.WithTimeout(r.s.ctx, timeout)
	defer cancel()
	if err := up.HandshakeContext(ctx); err != nil {
		r.answered(nil)
		return nil, fmt.Errorf("proxy: xmpp: STARTTLS to the server: %w", err)
	}
	if own {
		if _, err := up.Write(header); err != nil {
			r.answered(nil)
			return nil, err
		}
		r.mu.Lock()
		r.server, r.meta.Plaintext = up, false
		r.mu.Unlock()
		return up, nil // answered once the server's features are read
	}
	if _, err := client.Write(proceed); err != nil {
		r.answered(nil)
		return nil, err
	}
	cfg := r.s.issuer.TLSConfig(domain).Clone()
	cfg.MinVersion = tls.VersionTLS12
	down := tls.Server(client, cfg)
	if err := down.HandshakeContext(ctx); err != nil {
		r.answered(nil)
		return nil, fmt.Errorf("proxy: xmpp: STARTTLS with the client: %w", err)
	}
	r.mu.Lock()
	r.server, r.client = up, down
	r.meta.Plaintext = false
	r.mu.Unlock()
	r.answered(down)
	return up, nil
}

// stanza inspects a stanza that may carry chat and relays, rewrites or
// bounces it; any other stanza is relayed as it is.
func (r *xmppRelay) stanza(ctx context.Context, c extract.Chunk, dir extract.Direction) error {
	toClient := dir == extract.Inbound
	if r.pipe == nil || !reads(c.Name) {
		return r.send(toClient, c.Bytes)
	}
	r.mu.Lock()
	meta := r.meta
	r.mu.Unlock()
	meta.Direction = ruleDirection(dir)
	d, err := extract.ExtractXMPPChunk(c, dir) // the tokens the reader kept (readStanzas)
	var o inspect.Outcome
	switch {
	case err != nil:
		o = r.pipe.Uninspectable(&meta, "undecodable", err)
	case len(d.Messages) == 0:
		return r.send(toClient, c.Bytes)
	default:
		o = r.pipe.Check(ctx, d, &meta)
	}
	switch o.Action {
	case rules.ActionBlock:
		return r.bounce(c, dir, o)
	case rules.ActionRedact:
		return r.send(toClient, d.Bytes())
	}
	return r.send(toClient, c.Bytes)
}

// bounce answers a blocked stanza: outbound, a stanza error with
// <policy-violation/> to the client (a SASL failure for an auth);
// inbound, a headline from the domain telling the client.
func (r *xmppRelay) bounce(c extract.Chunk, dir extract.Direction, o inspect.Outcome) error {
	st, _ := extract.ParseXMPPStanza(c.Bytes)
	text := "chatdlp: " + o.Reason + " (incident " + o.Incident + ")"
	var b strings.Builder
	switch {
	case dir == extract.Outbound && st.Name == "auth":
		b.WriteString("<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/><text>")
		_ = xml.EscapeText(&b, []byte(text))
		b.WriteString("</text></failure>")
	case dir == extract.Outbound:
		fmt.Fprintf(&b, "<%s type='error'", st.Name)
		attrTo(&b, "id", st.ID)
		attrTo(&b, "from", st.To)
		b.WriteString("><error type='modify'><policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>")
		_ = xml.EscapeText(&b, []byte(text))
		fmt.Fprintf(&b, "</text></error></%s>", st.Name)
	default:
		r.mu.Lock()
		domain := r.domain
		r.mu.Unlock()
		b.WriteString("<message type='headline'")
		attrTo(&b, "from", domain)
		b.WriteString("><body>")
		_ = xml.EscapeText(&b, []byte("chatdlp: a message from "+st.From+" was not delivered: "+o.Reason+" (incident "+o.Incident+")"))
		b.WriteString("</body></message>")
	}
	return r.send(true, []byte(b.String()))
}

// attrTo writes name='value' (escaped) unless value is empty.
func attrTo(b *strings.Builder, name, value string) {
	if value == "" {
		return
	}
	b.WriteString(" " + name + "='")
	_ = xml.EscapeText(b, []byte(value))
	b.WriteString("'")
}

// streamError ends a direction on a reader error. A stanza over the limit
// takes files.oversize and a malformed stream is an inspection error; the
// client is told with a stream error either way: what was not read cannot
// be relayed.
func (r *xmppRelay) streamError(dir extract.Direction, err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) || isTimeout(err) {
		return err
	}
	condition := "not-well-formed"
	if r.pipe != nil {
		r.mu.Lock()
		meta := r.meta
		r.mu.Unlock()
		meta.Direction = ruleDirection(dir)
		reason := "undecodable"
		if errors.Is(err, extract.ErrStanzaTooLarge) {
			reason, condition = "oversize", "policy-violation"
		}
		r.pipe.Uninspectable(&meta, reason, err)
	}
	_ = r.send(true, []byte("<stream:error><"+condition+" xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>"))
	return err
}

// isTimeout reports a deadline (the idle timeout) that ended a read.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

package proxy

import (
	"bufio"
	"bytes"
	"context"
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

// The IRC wire adapter of the inspection pipeline (see the package doc of
// inspect/extract): an IRC stream found in a tunnel (CONNECT to any port,
// a transparent flow, or inside intercepted TLS) is relayed line by line.
// Each line that carries text, a password or a DCC offer goes through
// extract.ExtractIRC and the policy's inspect.Pipeline; an allowed line is
// written byte for byte, a redacted one rewritten, a blocked one dropped
// with a NOTICE from "chatdlp" to the client naming the rule (or reason)
// and the incident id. Lines with nothing to read pass as they are.

// ircHandler is the IRC tunnel handler.
type ircHandler struct{ s *Server }

var _ TunnelHandler = ircHandler{}

// ircClientFirst are the commands an IRC client opens with.
var ircClientFirst = []string{"CAP ", "CAP\r", "CAP\n", "NICK ", "USER ", "PASS ", "WEBIRC "}

// Match reports the first bytes of an IRC client.
func (ircHandler) Match(peek []byte) bool {
	s := strings.ToUpper(string(peek[:min(len(peek), 8)]))
	for _, c := range ircClientFirst {
		if strings.HasPrefix(s, c) {
			return true
		}
	}
	return false
}

// MatchServer reports an IRC server's greeting, sent before the client
// says anything: a NOTICE (ngircd's "NOTICE * :*** Looking up your
// hostname", with a source or without), a PING or a numeric.
func (ircHandler) MatchServer(peek []byte) bool {
	line, _, _ := bytes.Cut(peek, []byte("\n"))
	l, err := extract.ParseIRC(string(line))
	if err != nil {
		return false
	}
	switch c := l.Command; {
	case c == "NOTICE" || c == "PING":
		return len(l.Params) > 0
	case len(c) == 3 && c[0] >= '0' && c[0] <= '9' && c[1] >= '0' && c[1] <= '9' && c[2] >= '0' && c[2] <= '9':
		return l.Source != ""
	}
	return false
}

var _ ServerMatcher = ircHandler{}

// Handle relays the tunnel until either side ends.
func (h ircHandler) Handle(ctx context.Context, conn net.Conn, t Tunnel) error {
	pol := h.s.policy()
	service, err := serviceOf(pol, t, "irc")
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
	protocol := "irc"
	if t.TLS {
		protocol = "ircs"
	}
	r := &ircRelay{
		pipe: pol.pipe, client: bufio.NewWriter(conn), nick: "*",
		meta: inspect.Meta{Protocol: protocol, Service: service, Host: t.Host, Plaintext: !t.TLS, Who: t.Who},
	}
	done := make(chan error, 2)
	go func() { done <- r.pump(ctx, bufio.NewReaderSize(conn, extract.IRCMaxLine), up, extract.Outbound) }()
	go func() { done <- r.pump(ctx, bufio.NewReaderSize(up, extract.IRCMaxLine), conn, extract.Inbound) }()
	err = <-done
	_ = conn.Close()
	_ = up.Close()
	if other := <-done; quietEnd(err) { // the other pump ends on the closed connections
		err = other
	}
	if quietEnd(err) {
		err = nil
	}
	return err
}

// quietEnd reports the end of a relay that is no error: a side closed.
func quietEnd(err error) bool {
	return err == nil || errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed)
}

// serviceOf is the service a tunnel of protocol is inspected as: the
// catalogue entry of its host, else the protocol's own. It is "" when the
// service's policy is allow (the tunnel is spliced), and an error when it
// is block.
func serviceOf(pol *policy, t Tunnel, protocol string) (string, error) {
	service := protocol
	if t.Service != "" {
		service = t.Service
	}
	switch pol.services.action(service) {
	case actionBlock:
		return "", fmt.Errorf("proxy: %s: service %s blocked by policy", protocol, service)
	case actionAllow:
		return "", nil
	}
	return service, nil
}

// spliceTunnel carries a handler's tunnel byte for byte (its service's
// policy is allow).
func spliceTunnel(ctx context.Context, conn net.Conn, t Tunnel) error {
	up, err := t.Dial(ctx)
	if err != nil {
		return err
	}
	splice(conn, up)
	return nil
}

// ircRelay is one relayed IRC connection.
type ircRelay struct {
	pipe *inspect.Pipeline // nil: no inspection
	meta inspect.Meta

	mu     sync.Mutex
	client *bufio.Writer // to the client: lines from the server and chatdlp's notices
	nick   string        // the client's nick, for notices
}

// pump copies lines from src to dst (the server for Outbound, the client
// for Inbound), each checked by the pipeline.
func (r *ircRelay) pump(ctx context.Context, src *bufio.Reader, dst net.Conn, dir extract.Direction) error {
	var out *bufio.Writer
	if dir == extract.Outbound {
		out = bufio.NewWriter(dst)
	}
	for {
		line, err := src.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			if err := r.oversize(src, out, line, dir); err != nil {
				return err
			}
			continue
		}
		if len(line) > 0 {
			if err := r.relay(ctx, line, out, dir); err != nil {
				return err
			}
		}
		if err != nil {
			return err
		}
		if src.Buffered() == 0 { // nothing more at hand: send what is written
			if err := r.flush(out); err != nil {
				return err
			}
		}
	}
}

// write sends b on the pump's way: to the server (out) or to the client.
func (r *ircRelay) write(out *bufio.Writer, b []byte) error {
	if out != nil {
		_, err := out.Write(b)
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	_, err := r.client.Write(b)
	return err
}

func (r *ircRelay) flush(out *bufio.Writer) error {
	if out != nil {
		if err := out.Flush(); err != nil {
			return err
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.client.Flush()
}

// notice tells the client what chatdlp did, as a NOTICE from "chatdlp".
func (r *ircRelay) notice(text string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, err := r.client.WriteString(":chatdlp NOTICE " + r.nick + " :" + text + "\r\n")
	return err
}

// relay checks one line and writes it, its redacted form, or nothing.
func (r *ircRelay) relay(ctx context.Context, line []byte, out *bufio.Writer, dir extract.Direction) error {
	r.track(line, dir)
	if dir == extract.Outbound && isSTARTTLS(line) {
		// Refused: the proxy would have to intercept a TLS upgrade inside
		// the stream. The client goes on in the clear or disconnects.
		r.mu.Lock()
		_, err := r.client.WriteString(":chatdlp 691 " + r.nick + " :STARTTLS is not available through this proxy\r\n")
		r.mu.Unlock()
		return err
	}
	if r.pipe == nil {
		return r.write(out, line)
	}
	meta := r.meta
	meta.Direction = ruleDirection(dir)
	d, err := extract.ExtractIRC(&extract.Input{Service: meta.Service, Direction: dir, Body: line})
	var o inspect.Outcome
	switch {
	case errors.Is(err, extract.ErrIRCBreak):
		o = r.pipe.Uninspectable(&meta, "undecodable", err)
	case err != nil || len(d.Messages) == 0: // an empty line, or nothing to read
		return r.write(out, line)
	default:
		o = r.pipe.Check(ctx, d, &meta)
	}
	switch o.Action {
	case rules.ActionBlock:
		return r.notice(blockNotice(o, dir))
	case rules.ActionRedact:
		return r.write(out, d.Bytes())
	}
	return r.write(out, line)
}

// blockNotice is the text of the NOTICE for a dropped line.
func blockNotice(o inspect.Outcome, dir extract.Direction) string {
	what := "your message was not sent"
	if dir == extract.Inbound {
		what = "a message to you was not delivered"
	}
	return "chatdlp: " + what + ": " + o.Reason + " (incident " + o.Incident + ")"
}

// oversize handles a line longer than IRCMaxLine: files.oversize decides;
// a blocked line is read to its end and dropped, another passes as is.
func (r *ircRelay) oversize(src *bufio.Reader, out *bufio.Writer, first []byte, dir extract.Direction) error {
	action := rules.ActionAllow
	var o inspect.Outcome
	if r.pipe != nil {
		meta := r.meta
		meta.Direction = ruleDirection(dir)
		o = r.pipe.Uninspectable(&meta, "oversize", nil)
		action = o.Action
	}
	chunk := first
	for {
		if action != rules.ActionBlock {
			if err := r.write(out, chunk); err != nil {
				return err
			}
		}
		if len(chunk) > 0 && chunk[len(chunk)-1] == '\n' {
			break
		}
		var err error
		chunk, err = src.ReadSlice('\n')
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return err
		}
	}
	if action == rules.ActionBlock {
		return r.notice(blockNotice(o, dir))
	}
	return nil
}

// track follows the client's nick: the NICK it sends, the nick the
// server's welcome (001) gives it, and the server's NICK for its renames.
func (r *ircRelay) track(line []byte, dir extract.Direction) {
	if !bytes.Contains(line, []byte("NICK")) && !bytes.Contains(line, []byte(" 001 ")) {
		return
	}
	l, err := extract.ParseIRC(string(line))
	if err != nil || len(l.Params) == 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case dir == extract.Outbound && l.Command == "NICK",
		dir == extract.Inbound && l.Command == "001":
		r.nick = l.Params[0]
	case dir == extract.Inbound && l.Command == "NICK" && l.Nick() == r.nick:
		r.nick = l.Params[0]
	}
}

// isSTARTTLS reports the IRCv3 STARTTLS command.
func isSTARTTLS(line []byte) bool {
	return len(line) >= 8 && len(line) <= 11 && strings.EqualFold(string(bytes.TrimRight(line, "\r\n ")), "STARTTLS")
}

// ruleDirection maps an extract direction to a rules one.
func ruleDirection(d extract.Direction) rules.Direction {
	if d == extract.Inbound {
		return rules.DirectionInbound
	}
	return rules.DirectionOutbound
}

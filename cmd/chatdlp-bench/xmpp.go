package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/chatdlp/chatdlp/inspect/extract"
)

// The XMPP test (see tunnel.go): an XMPP echo server in its own child
// ("xmppecho") opens a stream with empty features for any client and
// answers every <message> with the same body from peer@bench.test; each
// client sends a chat message and reads its echo.

const xmppServerHeader = `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='bench' from='bench.test' version='1.0'><stream:features/>`

// serveXMPPEcho is the XMPP echo server.
func serveXMPPEcho(_ string, l net.Listener) error {
	for {
		c, err := l.Accept()
		if err != nil {
			return err
		}
		go func() {
			defer c.Close()
			x := extract.NewXMPPReader(c, 1<<20)
			for {
				ch, err := x.Next()
				if err != nil {
					return
				}
				var reply string
				switch {
				case ch.Kind == extract.ChunkHeader:
					reply = xmppServerHeader
				case ch.Kind == extract.ChunkStanza && ch.Name == "message":
					b := string(ch.Bytes)
					i, j := strings.Index(b, "<body>"), strings.LastIndex(b, "</body>")
					if i < 0 || j < i {
						continue
					}
					reply = "<message from='peer@bench.test/r' to='me@bench.test/r' type='chat'>" + b[i:j] + "</body></message>"
				default:
					continue
				}
				if _, err := io.WriteString(c, reply); err != nil {
					return
				}
			}
		}()
	}
}

// xmppSession is one client's XMPP stream, open.
type xmppSession struct {
	c net.Conn
	x *extract.XMPPReader
}

func (s *xmppSession) Close() error { return s.c.Close() }

// dialXMPP opens a stream to addr through t's proxy (CONNECT, and the
// stream header in the same write), or directly.
func dialXMPP(t target, addr string) (*xmppSession, error) {
	c, r, err := dialTunnel(t, addr, "<?xml version='1.0'?><stream:stream to='bench.test' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>")
	if err != nil {
		return nil, err
	}
	_ = c.SetDeadline(time.Now().Add(30 * time.Second))
	s := &xmppSession{c: c, x: extract.NewXMPPReader(r, 1<<20)}
	for { // the server's header, then its features
		ch, err := s.x.Next()
		if err != nil {
			_ = c.Close()
			return nil, fmt.Errorf("bench: xmpp: stream: %w", err)
		}
		if ch.Kind == extract.ChunkStanza && ch.Name == "features" {
			break
		}
	}
	_ = c.SetDeadline(time.Time{})
	return s, nil
}

// next reads the next stanza.
func (s *xmppSession) next() (extract.Chunk, error) {
	for {
		ch, err := s.x.Next()
		if err != nil || ch.Kind == extract.ChunkStanza {
			return ch, err
		}
	}
}

// echo sends one chat message and reads its echo.
func (s *xmppSession) echo(seq int) error {
	_ = s.c.SetDeadline(time.Now().Add(30 * time.Second))
	text := ircText + strconv.Itoa(seq)
	if _, err := io.WriteString(s.c, "<message to='peer@bench.test' type='chat' id='m"+strconv.Itoa(seq)+"'><body>"+text+"</body></message>"); err != nil {
		return err
	}
	ch, err := s.next()
	if err != nil {
		return err
	}
	if !strings.Contains(string(ch.Bytes), text+"</body>") {
		return fmt.Errorf("bench: xmpp: echo %q", ch.Bytes)
	}
	return nil
}

// checkXMPPInspection makes sure chatdlp inspects: a message with a card
// bounces with policy-violation there, and is echoed through the others.
func checkXMPPInspection(targets []target, addr string) error {
	for _, t := range targets {
		s, err := dialXMPP(t, addr)
		if err != nil {
			return err
		}
		_ = s.c.SetDeadline(time.Now().Add(30 * time.Second))
		_, err = io.WriteString(s.c, "<message to='peer@bench.test' type='chat' id='c1'><body>card 4012 8888 8888 1881</body></message>")
		ch, rerr := s.next()
		_ = s.c.Close()
		blocked := strings.Contains(string(ch.Bytes), "policy-violation")
		switch {
		case errors.Join(err, rerr) != nil:
			return fmt.Errorf("bench: %s: xmpp check: %w", t.name, errors.Join(err, rerr))
		case t.name == "chatdlp" && !blocked:
			return fmt.Errorf("bench: chatdlp: a card over XMPP was not blocked: %q", ch.Bytes)
		case t.name != "chatdlp" && blocked:
			return fmt.Errorf("bench: %s: a card over XMPP was blocked: %q", t.name, ch.Bytes)
		}
	}
	return nil
}

// xmppProto is the XMPP test.
var xmppProto = tunnelProto{
	name: "xmpp", role: "xmppecho", unit: "stanza",
	dial:  func(t target, addr string, _ int) (echoSession, error) { return dialXMPP(t, addr) },
	check: checkXMPPInspection,
}

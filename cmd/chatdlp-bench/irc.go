package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"
)

// The IRC test (see tunnel.go): an IRC echo server in its own child
// ("ircecho") answers every PRIVMSG with the same text from another user,
// as a channel would deliver it; each client sends a chat line and reads
// its echo.

// ircText is a clean chat line's text (about 200 bytes).
const ircText = "Hi team, the quarterly numbers are in the shared drive under finance/q3. " +
	"Please review the draft before Thursday's sync and leave comments inline. Thanks! #"

// serveIRCEcho is the IRC echo server: a PRIVMSG comes back from "echo";
// other lines (NICK, USER) get nothing.
func serveIRCEcho(_ string, l net.Listener) error {
	for {
		c, err := l.Accept()
		if err != nil {
			return err
		}
		go func() {
			defer c.Close()
			r, w := bufio.NewReader(c), bufio.NewWriter(c)
			for {
				line, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if rest, ok := strings.CutPrefix(line, "PRIVMSG "); ok {
					_, _ = w.WriteString(":echo!e@bench PRIVMSG " + rest)
				}
				if r.Buffered() == 0 && w.Flush() != nil {
					return
				}
			}
		}()
	}
}

// ircSession is one client's IRC connection, registered.
type ircSession struct {
	c net.Conn
	r *bufio.Reader
}

// dialIRC opens a session to addr through t's proxy (CONNECT, and the
// registration in the same write), or directly.
func dialIRC(t target, addr, nick string) (*ircSession, error) {
	c, r, err := dialTunnel(t, addr, "NICK "+nick+"\r\nUSER "+nick+" 0 * :bench\r\n")
	if err != nil {
		return nil, err
	}
	return &ircSession{c: c, r: r}, nil
}

func (s *ircSession) Close() error { return s.c.Close() }

// echo sends one chat line and reads its echo.
func (s *ircSession) echo(seq int) error {
	_ = s.c.SetDeadline(time.Now().Add(30 * time.Second))
	text := ircText + strconv.Itoa(seq)
	if _, err := io.WriteString(s.c, "PRIVMSG #bench :"+text+"\r\n"); err != nil {
		return err
	}
	line, err := s.r.ReadString('\n')
	if err != nil {
		return err
	}
	if !strings.HasSuffix(line, text+"\r\n") {
		return fmt.Errorf("bench: irc: echo %q", line)
	}
	return nil
}

// checkIRCInspection makes sure chatdlp inspects: a line with a card is
// answered by chatdlp's NOTICE there, and echoed through the others.
func checkIRCInspection(targets []target, addr string) error {
	for _, t := range targets {
		s, err := dialIRC(t, addr, "check")
		if err != nil {
			return err
		}
		_ = s.c.SetDeadline(time.Now().Add(30 * time.Second))
		_, err = io.WriteString(s.c, "PRIVMSG #bench :card 4012 8888 8888 1881\r\n")
		line, rerr := s.r.ReadString('\n')
		_ = s.c.Close()
		blocked := strings.HasPrefix(line, ":chatdlp NOTICE ")
		switch {
		case errors.Join(err, rerr) != nil:
			return fmt.Errorf("bench: %s: irc check: %w", t.name, errors.Join(err, rerr))
		case t.name == "chatdlp" && !blocked:
			return fmt.Errorf("bench: chatdlp: a card over IRC was not blocked: %q", line)
		case t.name != "chatdlp" && blocked:
			return fmt.Errorf("bench: %s: a card over IRC was blocked: %q", t.name, line)
		}
	}
	return nil
}

// ircProto is the IRC test.
var ircProto = tunnelProto{
	name: "irc", role: "ircecho", unit: "line",
	dial:  func(t target, addr string, i int) (echoSession, error) { return dialIRC(t, addr, "b"+strconv.Itoa(i)) },
	check: checkIRCInspection,
}

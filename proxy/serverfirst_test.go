package proxy

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chatdlp/chatdlp/config"
)

// greeter is a raw TCP upstream that speaks first with greeting, then
// echoes; it counts connections.
func greeter(t *testing.T, greeting string) (addr string, conns *atomic.Int32) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	conns = &atomic.Int32{}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns.Add(1)
			go func() {
				_, _ = io.WriteString(c, greeting)
				_, _ = io.Copy(c, c)
				_ = c.Close()
			}()
		}
	}()
	return l.Addr().String(), conns
}

// TestServerFirstTunnel: a client that waits for its server to speak is
// not left hanging. The server's greeting decides: an IRC server's NOTICE
// goes to the IRC relay (the greeting and the session reach the client),
// any other greeting takes tunnels.unknown (block: closed long before
// handshake_timeout, nothing forwarded; allow: spliced byte for byte).
func TestServerFirstTunnel(t *testing.T) {
	tests := []struct {
		name, greeting, policy string
		wantBack               string // what the client reads after sending "hello\r\n"; "" = closed
		protocol               string
	}{
		{name: "irc notice", greeting: "NOTICE * :*** Looking up your hostname\r\n", policy: "block",
			wantBack: "NOTICE * :*** Looking up your hostname\r\nPRIVMSG #a :hello\r\n", protocol: "irc"},
		{name: "irc numeric", greeting: ":irc.test 020 * :Please wait\r\n", policy: "block",
			wantBack: ":irc.test 020 * :Please wait\r\nPRIVMSG #a :hello\r\n", protocol: "irc"},
		{name: "smtp blocked", greeting: "220 mail.test ESMTP\r\n", policy: "block", protocol: "tunnel"},
		{name: "smtp allowed", greeting: "220 mail.test ESMTP\r\n", policy: "allow",
			wantBack: "220 mail.test ESMTP\r\nPRIVMSG #a :hello\r\n", protocol: "tunnel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, func(c *config.Config) {
				c.Tunnels.Unknown = tt.policy
				c.Limits.HandshakeTimeout = config.Duration(20 * time.Second)
			})
			addr, _ := greeter(t, tt.greeting)
			_, port, _ := net.SplitHostPort(addr)
			c := e.dialProxy()
			defer c.Close()
			start := time.Now()
			_ = c.SetDeadline(start.Add(10 * time.Second))
			if _, err := c.Write(connectHead("127.0.0.1:" + port)); err != nil {
				t.Fatal(err)
			}
			r := bufio.NewReader(c)
			status, _ := r.ReadString('\n')
			for l, _ := r.ReadString('\n'); l != "\r\n" && l != ""; l, _ = r.ReadString('\n') {
			}
			if !strings.Contains(status, " 200 ") {
				t.Fatalf("CONNECT: %q", status)
			}
			if tt.wantBack == "" {
				got, _ := io.ReadAll(r)
				if len(got) != 0 {
					t.Errorf("blocked tunnel: got %q back", got)
				}
			} else {
				greeting := make([]byte, len(tt.greeting))
				if _, err := io.ReadFull(r, greeting); err != nil || string(greeting) != tt.greeting {
					t.Fatalf("greeting: %q %v, want %q", greeting, err, tt.greeting)
				}
				if _, err := c.Write([]byte("PRIVMSG #a :hello\r\n")); err != nil {
					t.Fatal(err)
				}
				rest := make([]byte, len(tt.wantBack)-len(tt.greeting))
				if _, err := io.ReadFull(r, rest); err != nil || !bytes.Equal(append(greeting, rest...), []byte(tt.wantBack)) {
					t.Errorf("session: %q %v, want %q", append(greeting, rest...), err, tt.wantBack)
				}
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("the tunnel took %v: it waited for the handshake timeout", d)
			}
			_ = c.Close()
			deadline := time.Now().Add(5 * time.Second)
			for len(e.events("tunnel.close")) == 0 && time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond)
			}
			closes := e.events("tunnel.close")
			if len(closes) != 1 || closes[0].ContextMap()["protocol"] != tt.protocol {
				t.Errorf("tunnel.close events: %v, want one with protocol %s", closes, tt.protocol)
			}
		})
	}
}

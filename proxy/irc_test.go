package proxy

import (
	"bufio"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/chatdlp/chatdlp/config"
)

// TestIRCServicePolicy: the irc service's policy applies to an IRC tunnel
// to a host in no catalogue entry: inspect relays and checks each line,
// allow splices it unread, block closes it with nothing forwarded.
func TestIRCServicePolicy(t *testing.T) {
	card := "PRIVMSG #a :card 4012 8888 8888 1881\r\n"
	for _, tt := range []struct {
		policy string
		check  func(back string, upstreams int32) bool // what the client reads back in a second
	}{
		{"inspect", func(back string, _ int32) bool {
			// The card, not "8888": a notice's random incident id may hold that.
			return strings.Contains(back, ":chatdlp NOTICE bob :") && !strings.Contains(back, "4012 8888 8888 1881")
		}},
		{"allow", func(back string, _ int32) bool { return strings.Contains(back, card) }},
		{"block", func(back string, upstreams int32) bool { return back == "" && upstreams == 0 }},
	} {
		t.Run(tt.policy, func(t *testing.T) {
			e := inspectEnv(t, func(c *config.Config) {
				c.Services.Overrides = map[string]string{"irc": tt.policy}
			})
			addr, conns := echoServer(t)
			_, port, _ := net.SplitHostPort(addr)
			c := e.dialProxy()
			defer c.Close()
			_ = c.SetDeadline(time.Now().Add(10 * time.Second))
			if _, err := c.Write(append(connectHead("127.0.0.1:"+port), "NICK bob\r\n"+card...)); err != nil {
				t.Fatal(err)
			}
			r := bufio.NewReader(c)
			for l, _ := r.ReadString('\n'); l != "\r\n" && l != ""; l, _ = r.ReadString('\n') {
			}
			_ = c.SetReadDeadline(time.Now().Add(time.Second))
			back, _ := io.ReadAll(r)
			if !tt.check(string(back), conns.Load()) {
				t.Errorf("read back %q with %d upstream connections", back, conns.Load())
			}
		})
	}
}

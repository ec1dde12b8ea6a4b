package proxy

import (
	"bufio"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

// TestConnectToIPDialsTheIP: requests in a tunnel opened for an IP go to
// that IP even when the SNI names a host that does not resolve, on every
// request of the connection (the address rides in the connection's
// context, connContext).
func TestConnectToIPDialsTheIP(t *testing.T) {
	e := newEnv(t, nil)
	const name = "unresolvable.example" // the test resolver knows only *.test
	up := tlsUpstream(t, e.up.valid(t, name), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "hello "+r.Host)
	}))
	ipTarget := up.Listener.Addr().String()
	_, port, _ := net.SplitHostPort(ipTarget)
	ec := &earlyConn{Conn: e.dialProxy(), head: connectHead(ipTarget)}
	tconn := tls.Client(ec, &tls.Config{ServerName: name, RootCAs: e.pool})
	_ = tconn.SetDeadline(time.Now().Add(10 * time.Second))
	br := bufio.NewReader(tconn)
	for i := range 3 {
		fmt.Fprintf(tconn, "GET / HTTP/1.1\r\nHost: %s:%s\r\n\r\n", name, port)
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("request %d: ReadResponse(): %v", i, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if want := "hello " + name + ":" + port; resp.StatusCode != 200 || string(b) != want {
			t.Fatalf("request %d: got %d %q, want 200 %q", i, resp.StatusCode, b, want)
		}
	}
}

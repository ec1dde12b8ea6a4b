package certs_test

import (
	"crypto/tls"
	"fmt"
	"net"
	"os"
	"path/filepath"

	"github.com/chatdlp/chatdlp/certs"
)

// The proxy loads (or on first run creates) the CA, builds one Issuer, and
// wraps each intercepted connection with TLSConfig(CONNECT host).
func Example() {
	dir, err := os.MkdirTemp("", "chatdlp-ca-")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	ca, created, err := certs.LoadOrCreateCA(filepath.Join(dir, "ca.pem"), filepath.Join(dir, "ca-key.pem"), "Example Corp chatdlp CA")
	if err != nil {
		fmt.Println(err)
		return
	}
	iss := certs.NewIssuer(ca, certs.IssuerOptions{})
	leaf, err := iss.Leaf("Chat.Example.com:443")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(created, leaf.Leaf.DNSNames, iss.Stats().Misses)

	var clientConn net.Conn // the hijacked CONNECT stream, in the proxy
	if clientConn != nil {
		_ = tls.Server(clientConn, iss.TLSConfig("chat.example.com"))
	}
	// Output: true [chat.example.com] 1
}

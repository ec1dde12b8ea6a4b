package main

import (
	"net"
	"path/filepath"

	"github.com/chatdlp/chatdlp/proxy"
)

// serveGoproxy runs the bare goproxy MITM baseline (proxy.NewBaseline) with
// the run's CA, trusting the upstream CA.
func serveGoproxy(dir string, l net.Listener) error {
	ca, err := loadKeyPair(dir, proxyCACert, proxyCAKey)
	if err != nil {
		return err
	}
	roots, err := loadPool(filepath.Join(dir, upstreamCA))
	if err != nil {
		return err
	}
	return serveHTTP(l, proxy.NewBaseline(ca, roots))
}

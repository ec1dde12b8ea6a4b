package main

import (
	"net"
	"path/filepath"

	"github.com/chatdlp/chatdlp/certs"
	"github.com/chatdlp/chatdlp/config"
	"github.com/chatdlp/chatdlp/proxy"
	"github.com/prometheus/client_golang/prometheus"
)

// serveChatdlp runs chatdlp's explicit proxy in process (proxy.New) with the
// run's CA, the upstream CA as its only root, no rules and no logging; this
// is the proxy foundation alone, the comparison the issue asks for.
func serveChatdlp(dir string, l net.Listener) error {
	ca, err := certs.LoadCA(filepath.Join(dir, proxyCACert), filepath.Join(dir, proxyCAKey))
	if err != nil {
		return err
	}
	cfg := config.Default()
	cfg.Listen = l.Addr().String()
	cfg.CA = config.CA{Cert: filepath.Join(dir, proxyCACert), Key: filepath.Join(dir, proxyCAKey)}
	cfg.Upstream.Roots = config.StringList{filepath.Join(dir, upstreamCA)}
	off := false
	cfg.BuiltinRules = &off
	s, err := proxy.New(proxy.Options{Config: cfg, Issuer: certs.NewIssuer(ca, certs.IssuerOptions{}),
		Registry: prometheus.NewRegistry()})
	if err != nil {
		return err
	}
	return s.Serve(l)
}

package certs

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"testing"
	"time"
)

func TestTLSConfigHandshake(t *testing.T) {
	ca := testCA(t)
	iss := NewIssuer(ca, IssuerOptions{})
	pool := x509.NewCertPool()
	pool.AddCert(ca.Certificate())
	tests := []struct {
		name, fallback string
		client         *tls.Config
		wantName       string // name the client verifies; "" = handshake must fail
	}{
		{"sni", "connect.example", &tls.Config{ServerName: "chat.example.com"}, "chat.example.com"},
		{"sni wins over fallback", "other.example", &tls.Config{ServerName: "Chat.Example.com"}, "chat.example.com"},
		{"no sni, ip fallback", "127.0.0.1:443", &tls.Config{ServerName: "127.0.0.1"}, "127.0.0.1"},
		{"no sni, dns fallback", "connect.example:8443", noSNIClient(pool, "connect.example"), "connect.example"},
		{"no sni, no fallback", "", noSNIClient(pool, "x.example"), ""},
		{"tls 1.1 refused", "", &tls.Config{ServerName: "chat.example.com", MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.client.Clone()
			if cfg.RootCAs == nil {
				cfg.RootCAs = pool
			}
			cfg.NextProtos = []string{"h2", "http/1.1"}
			state, err := handshake(t, iss.TLSConfig(tt.fallback), cfg)
			if tt.wantName == "" {
				if err == nil {
					t.Fatalf("handshake: got nil, want an error")
				}
				return
			}
			if err != nil {
				t.Fatalf("handshake: got %v, want nil", err)
			}
			if err := state.PeerCertificates[0].VerifyHostname(tt.wantName); err != nil {
				t.Errorf("VerifyHostname(%q): %v", tt.wantName, err)
			}
			if state.NegotiatedProtocol != "http/1.1" {
				t.Errorf("NegotiatedProtocol: got %q, want http/1.1", state.NegotiatedProtocol)
			}
		})
	}
}

// noSNIClient sends no SNI (no ServerName) and verifies the chain for name itself.
func noSNIClient(pool *x509.CertPool, name string) *tls.Config {
	return &tls.Config{
		InsecureSkipVerify: true, //nolint:gosec // verified in VerifyConnection below.
		VerifyConnection: func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 {
				return errors.New("no peer certificate")
			}
			_, err := cs.PeerCertificates[0].Verify(x509.VerifyOptions{Roots: pool, DNSName: name})
			return err
		},
	}
}

// handshake runs a TLS handshake over net.Pipe and returns the client's state.
func handshake(t *testing.T, server, client *tls.Config) (tls.ConnectionState, error) {
	t.Helper()
	sc, cc := net.Pipe()
	defer sc.Close()
	defer cc.Close()
	deadline := time.Now().Add(30 * time.Second) // hang guard only, not a performance check
	_ = sc.SetDeadline(deadline)
	_ = cc.SetDeadline(deadline)
	srv, cli := tls.Server(sc, server), tls.Client(cc, client)
	done := make(chan error, 1)
	go func() {
		err := srv.Handshake()
		if err != nil {
			sc.Close() // unblock the client
		}
		done <- err
	}()
	cerr := cli.Handshake()
	if cerr != nil {
		cc.Close()
	}
	serr := <-done
	if cerr != nil {
		return tls.ConnectionState{}, cerr
	}
	return cli.ConnectionState(), serr
}

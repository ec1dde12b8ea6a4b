package proxy

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"errors"
	"io"
)

// peekKind is what the first bytes of a tunnel look like.
type peekKind int

const (
	kindOther   peekKind = iota // unknown protocol (or nothing sent in time)
	kindTLS                     // a TLS handshake record (ClientHello)
	kindHTTP                    // an HTTP/1.x request line
	kindClosed                  // the client went away without a byte
	kindHandled                 // served already (its server spoke first)
)

// httpMethods are the request lines we recognise as HTTP in a tunnel.
var httpMethods = [][]byte{
	[]byte("GET "), []byte("POST "), []byte("PUT "), []byte("HEAD "), []byte("DELETE "),
	[]byte("OPTIONS "), []byte("PATCH "), []byte("TRACE "),
}

// classify peeks at br (never consuming) until the first bytes decide the
// protocol. The caller has set a read deadline (handshake_timeout): a
// client that sends nothing in time is kindOther with no bytes, so
// server-speaks-first protocols still reach the tunnels.unknown policy.
func classify(br *bufio.Reader) peekKind {
	if _, err := br.Peek(1); err != nil {
		if errors.Is(err, io.EOF) {
			return kindClosed
		}
		return kindOther
	}
	for {
		b, _ := br.Peek(br.Buffered())
		kind, more := classifyBytes(b)
		if !more {
			return kind
		}
		if _, err := br.Peek(len(b) + 1); err != nil {
			return kindOther
		}
	}
}

// classifyBytes decides from b, or says more bytes are needed. It never
// asks for more than 8 bytes.
func classifyBytes(b []byte) (kind peekKind, needMore bool) {
	if len(b) == 0 {
		return kindOther, true
	}
	if b[0] == 0x16 {
		if len(b) < 2 {
			return kindOther, true
		}
		if b[1] == 0x03 {
			return kindTLS, false
		}
		return kindOther, false
	}
	prefix := false
	for _, m := range httpMethods {
		if bytes.HasPrefix(b, m) {
			return kindHTTP, false
		}
		if len(b) < len(m) && bytes.HasPrefix(m, b) {
			prefix = true
		}
	}
	return kindOther, prefix
}

var errHelloRead = errors.New("proxy: client hello read")

// readClientHello reads the client's TLS ClientHello from r and returns
// its server name and the exact bytes read, to be replayed to the real
// handshake or to a spliced upstream. Parsing is crypto/tls's own: a
// throwaway server handshake that stops at GetConfigForClient, fed by a
// tee, so there is no hand-written TLS parser to get wrong.
func readClientHello(r io.Reader) (serverName string, raw []byte, err error) {
	var buf bytes.Buffer
	got := false
	cfg := &tls.Config{GetConfigForClient: func(h *tls.ClientHelloInfo) (*tls.Config, error) {
		serverName, got = h.ServerName, true
		return nil, errHelloRead
	}}
	herr := tls.Server(readOnlyConn{r: io.TeeReader(r, &buf)}, cfg).Handshake()
	if !got {
		return "", buf.Bytes(), herr
	}
	return serverName, buf.Bytes(), nil
}

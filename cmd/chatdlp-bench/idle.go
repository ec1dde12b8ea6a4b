package main

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// idleResult is the proxy's memory with n idle MITM keep-alive connections.
type idleResult struct {
	opened             int
	rssBefore, rssWith int64 // KiB
	firstErr           error
}

// runIdle opens n MITM connections through a fresh proxy child: CONNECT, TLS
// with the proxy's leaf, one chat POST answered, then the connection stays
// open and idle. It reads the proxy's VmRSS before and with them.
func runIdle(p *child, t target, n int) idleResult {
	return holdIdle(p, n, func() (net.Conn, error) { return openIdle(t) }, func(c net.Conn) { _ = c.Close() })
}

// holdIdle opens n connections with open (32 at a time), lets the proxy
// settle, reads its VmRSS before and with them, then closes them. open
// returns a connection to close even with an error when it has one.
func holdIdle[C comparable](p *child, n int, open func() (C, error), closeFn func(C)) idleResult {
	var res idleResult
	res.rssBefore, _ = p.rssKiB()
	conns := make([]C, 0, n)
	var mu sync.Mutex
	sem := make(chan struct{}, 32)
	var wg sync.WaitGroup
	var zero C
	for range n {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			c, err := open()
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				res.firstErr = cmpOr(res.firstErr, err)
				if c != zero {
					closeFn(c)
				}
				return
			}
			conns = append(conns, c)
		})
	}
	wg.Wait()
	res.opened = len(conns)
	time.Sleep(500 * time.Millisecond) // let the proxy settle
	res.rssWith, _ = p.rssKiB()
	for _, c := range conns {
		closeFn(c)
	}
	return res
}

// openIdle opens one MITM keep-alive connection through t.proxy and leaves
// it idle after one request.
func openIdle(t target) (net.Conn, error) {
	raw, err := net.DialTimeout("tcp", t.proxy, 30*time.Second)
	if err != nil {
		return nil, err
	}
	_ = raw.SetDeadline(time.Now().Add(60 * time.Second))
	fmt.Fprintf(raw, "CONNECT %s HTTP/1.1\r\nHost: %s\r\n\r\n", t.upstream, t.upstream)
	br := bufio.NewReader(raw)
	resp, err := http.ReadResponse(br, &http.Request{Method: http.MethodConnect})
	if err != nil {
		_ = raw.Close()
		return nil, fmt.Errorf("bench: idle: CONNECT: %w", err)
	}
	_ = resp.Body.Close() // a CONNECT reply has no body
	if resp.StatusCode != http.StatusOK {
		_ = raw.Close()
		return nil, fmt.Errorf("bench: idle: CONNECT: %s", resp.Status)
	}
	host, _, _ := net.SplitHostPort(t.upstream)
	c := tls.Client(raw, &tls.Config{RootCAs: t.roots, ServerName: host, MinVersion: tls.VersionTLS12})
	req, _ := http.NewRequest(http.MethodPost, "https://"+t.upstream+"/api/chat.postMessage", nil)
	req.Body = io.NopCloser(bytes.NewReader(chatBody))
	req.ContentLength = int64(len(chatBody))
	if err := req.Write(c); err != nil {
		_ = c.Close()
		return nil, fmt.Errorf("bench: idle: %w", err)
	}
	resp, err = http.ReadResponse(bufio.NewReader(c), req)
	if err != nil {
		_ = c.Close()
		return nil, fmt.Errorf("bench: idle: %w", err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	_ = raw.SetDeadline(time.Time{})
	return c, nil
}

package main

import (
	"bufio"
	"crypto/sha256"
	"crypto/tls"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// The soak's upstreams (children of their own, like the bench's upstream):
//
//   - "soakup" is the origin of the healthy traffic and of the faults that
//     happen after a TLS handshake. It records every chat post and file
//     upload that arrives whole (its X-Soak-Id and the sha256 of its body),
//     and GET /soak/received, asked directly (not through the proxy),
//     returns the record for the parent to compare with what the clients
//     sent. Its fault paths: /fault/reset (a reset mid-body; ?chunked=1
//     in a chunked body), /fault/hang (no response until the client
//     gives up), /fault/trickle (a slow,
//     complete response), /fault/malformed?v=N (responses that are not
//     HTTP). POST /soak/drain (asked directly too, once the load has
//     stopped) closes its idle keep-alive connections, so that the
//     proxy's upstream pool drains. Its idle timeout is
//     otherwise longer than the proxy's: an upstream closing an idle
//     connection as the proxy sends a POST on it would fail that POST
//     (the race every keep-alive client has), which is no fault of the
//     proxy's to count.
//   - "soakbadtls" fails every TLS handshake: it reads the ClientHello,
//     then closes the connection, or answers garbage, in turn.

// soakIDHeader carries the id of a soak message or file.
const soakIDHeader = "X-Soak-Id"

// soakMattermostUpload is Mattermost's file upload: chatdlp reads a binary
// body there as a file (the filename parameter names it).
const soakMattermostUpload = "/api/v4/files"

// soakArrival is what the upstream got of one message or file.
type soakArrival struct {
	SHA   string `json:"sha"`
	Size  int64  `json:"size"`
	Count int    `json:"count"`
}

// soakReceived is the upstream's record, as GET /soak/received returns it.
type soakReceived struct {
	Items map[string]soakArrival `json:"items"`
	// Partial counts uploads whose body broke off (a client gone
	// mid-upload, its proxy closing the upstream request).
	Partial int64 `json:"partial"`
}

// soakRecorder is the upstream's record of arrivals.
type soakRecorder struct {
	mu      sync.Mutex
	items   map[string]soakArrival
	partial atomic.Int64
}

// record reads r's body whole and records its sha256 under its
// X-Soak-Id; it reports whether the body arrived whole.
func (rec *soakRecorder) record(r *http.Request) bool {
	h := sha256.New()
	n, err := io.Copy(h, r.Body)
	if err != nil || (r.ContentLength >= 0 && n != r.ContentLength) {
		rec.partial.Add(1)
		return false
	}
	id := r.Header.Get(soakIDHeader)
	if id == "" {
		return true
	}
	sum := hex.EncodeToString(h.Sum(nil))
	rec.mu.Lock()
	defer rec.mu.Unlock()
	a := rec.items[id]
	if a.Count > 0 && a.SHA != sum {
		sum = "conflict:" + a.SHA + "," + sum
	}
	rec.items[id] = soakArrival{SHA: sum, Size: n, Count: a.Count + 1}
	return true
}

func (rec *soakRecorder) serveReceived(w http.ResponseWriter, _ *http.Request) {
	rec.mu.Lock()
	out := soakReceived{Items: make(map[string]soakArrival, len(rec.items)), Partial: rec.partial.Load()}
	for k, v := range rec.items {
		out.Items[k] = v
	}
	rec.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(out)
}

// serveSoakUpstream is the soak's origin (see above).
func serveSoakUpstream(dir string, l net.Listener) error {
	cert, err := loadKeyPair(dir, upstreamCert, upstreamKey)
	if err != nil {
		return err
	}
	rec := &soakRecorder{items: map[string]soakArrival{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+chatPath, func(w http.ResponseWriter, r *http.Request) {
		if !rec.record(r) {
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = io.WriteString(w, chatReply)
	})
	mux.HandleFunc("POST "+soakMattermostUpload, func(w http.ResponseWriter, r *http.Request) {
		if !rec.record(r) {
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(map[string]any{
			"file_infos": []map[string]string{{"id": r.Header.Get(soakIDHeader), "name": r.URL.Query().Get("filename")}},
			"client_ids": []string{},
		})
	})
	mux.HandleFunc("GET "+soakMattermostUpload+"/{id}", serveSoakFile)
	mux.HandleFunc("GET "+wsPath, serveWSEcho)
	mux.HandleFunc("GET /probe", func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok") })
	mux.HandleFunc("GET /soak/received", rec.serveReceived)
	mux.HandleFunc("GET /fault/reset", faultReset)
	mux.HandleFunc("GET /fault/hang", faultHang)
	mux.HandleFunc("GET /fault/trickle", faultTrickle)
	mux.HandleFunc("GET /fault/malformed", faultMalformed)
	tl := tls.NewListener(l, &tls.Config{Certificates: []tls.Certificate{*cert}, MinVersion: tls.VersionTLS12})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 30 * time.Second, IdleTimeout: 10 * time.Minute}
	mux.HandleFunc("POST /soak/drain", func(http.ResponseWriter, *http.Request) {
		srv.SetKeepAlivesEnabled(false) // closes the idle connections
		srv.SetKeepAlivesEnabled(true)
	})
	return srv.Serve(tl)
}

// soakFileHead starts every file of the soak: bytes that are no known
// file type's magic, so the file inspector reads the rest as unknown
// binary data (random bytes could start like gzip, and be blocked as a
// corrupt archive).
var soakFileHead = []byte("\x89SOAK-BENCH\r\n\x1a\x00\x00")

// soakFileBytes is the content of a soak file: soakFileHead, then n bytes
// (in all) of a ChaCha8 stream seeded with seed.
func soakFileBytes(seed uint64, n int) []byte {
	b := make([]byte, n)
	var key [32]byte
	binary.LittleEndian.PutUint64(key[:], seed)
	_, _ = rand.NewChaCha8(key).Read(b)
	copy(b, soakFileHead)
	return b
}

// serveSoakFile is a Mattermost file download: ?seed=S&bytes=N, the
// bytes soakFileBytes makes, as an attachment.
func serveSoakFile(w http.ResponseWriter, r *http.Request) {
	seed, err1 := strconv.ParseUint(r.URL.Query().Get("seed"), 10, 64)
	n, err2 := strconv.Atoi(r.URL.Query().Get("bytes"))
	if err := errors.Join(err1, err2); err != nil || n < 0 || n > 64<<20 {
		http.Error(w, "seed, bytes", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", `attachment; filename="`+r.PathValue("id")+`.bin"`)
	w.Header().Set("Content-Length", strconv.Itoa(n))
	_, _ = w.Write(soakFileBytes(seed, n))
}

// hijack takes the connection of w; nil when it cannot.
func hijack(w http.ResponseWriter) (net.Conn, *bufio.ReadWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		return nil, nil
	}
	c, rw, err := hj.Hijack()
	if err != nil {
		return nil, nil
	}
	return c, rw
}

// faultReset promises 1 MiB (?chunked=1: chunked, no length), sends a
// quarter of it, then resets the TCP connection (SO_LINGER 0: an RST, not
// a FIN).
func faultReset(w http.ResponseWriter, r *http.Request) {
	c, rw := hijack(w)
	if c == nil {
		return
	}
	if r.URL.Query().Get("chunked") == "1" {
		_, _ = rw.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
		for range 16 {
			_, _ = rw.WriteString("4000\r\n")
			_, _ = rw.Write(make([]byte, 16<<10))
			_, _ = rw.WriteString("\r\n")
		}
	} else {
		_, _ = rw.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 1048576\r\n\r\n")
		_, _ = rw.Write(make([]byte, 256<<10))
	}
	_ = rw.Flush()
	if tc, ok := c.(*tls.Conn); ok {
		if tcp, ok := tc.NetConn().(*net.TCPConn); ok {
			_ = tcp.SetLinger(0)
			_ = tcp.Close()
			return
		}
	}
	_ = c.Close()
}

// faultHang answers nothing until the request is cancelled (the proxy
// gives up because its client did), or a minute has passed.
func faultHang(_ http.ResponseWriter, r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-time.After(time.Minute):
	}
}

// soakTrickle is the body of /fault/trickle, sent 64 bytes every 40 ms
// (about 1.6 s in all).
var soakTrickle = func() []byte {
	b := make([]byte, 40*64)
	for i := range b {
		b[i] = 'a' + byte(i%26)
	}
	return b
}()

// faultTrickle sends soakTrickle slowly, flushing every piece: a
// complete, correct response that takes its time.
func faultTrickle(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.Itoa(len(soakTrickle)))
	rc := http.NewResponseController(w)
	for off := 0; off < len(soakTrickle); off += 64 {
		if _, err := w.Write(soakTrickle[off : off+64]); err != nil {
			return
		}
		if rc.Flush() != nil {
			return
		}
		select {
		case <-r.Context().Done():
			return
		case <-time.After(40 * time.Millisecond):
		}
	}
}

// soakMalformed are responses that are not valid HTTP, by ?v=.
var soakMalformed = []string{
	"HTTP/1.1 200 OK\r\nContent-Length: nope\r\n\r\nhello",
	"this is not HTTP at all\r\n\r\n",
	"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n",
	"HTTP/1.1 200 OK\r\nContent-Ty",
	"HTTP/1.1 2000 Whatever\r\nContent-Length: 2\r\n\r\nhi",
}

// faultMalformed writes one of soakMalformed and closes the connection.
func faultMalformed(w http.ResponseWriter, r *http.Request) {
	v, _ := strconv.Atoi(r.URL.Query().Get("v"))
	c, rw := hijack(w)
	if c == nil {
		return
	}
	_, _ = rw.WriteString(soakMalformed[(v%len(soakMalformed)+len(soakMalformed))%len(soakMalformed)])
	_ = rw.Flush()
	_ = c.Close()
}

// serveBadTLS fails every TLS handshake on l: it reads what the client
// sends first (the ClientHello), then closes the connection, or answers
// bytes that are no TLS record, connection by connection in turn.
func serveBadTLS(_ string, l net.Listener) error {
	var n atomic.Int64
	for {
		c, err := l.Accept()
		if err != nil {
			return err
		}
		go func() {
			defer c.Close()
			_ = c.SetDeadline(time.Now().Add(10 * time.Second))
			buf := make([]byte, 4096)
			if _, err := c.Read(buf); err != nil {
				return
			}
			if n.Add(1)%2 == 0 {
				_, _ = io.WriteString(c, "HTTP/1.0 400 Bad Request\r\n\r\nthis is no TLS server\x00\xff\xfe")
			}
		}()
	}
}

package main

import (
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"strconv"
)

// chatReply is what the upstream answers to a chat post, like Slack's
// chat.postMessage.
const chatReply = `{"ok":true,"channel":"C0123456789","ts":"1700000000.000100","message":{"type":"message","text":"ok"}}`

// serveUpstream is the origin server: POST /api/chat.postMessage answers a
// small JSON, GET /download?bytes=N streams N bytes (and GET
// /api/v4/files/benchfile?bytes=N as a Mattermost file), GET /api/v4/websocket
// echoes WebSocket messages.
func serveUpstream(dir string, l net.Listener) error {
	cert, err := loadKeyPair(dir, upstreamCert, upstreamKey)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/chat.postMessage", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = io.WriteString(w, chatReply)
	})
	mux.HandleFunc("GET "+wsPath, serveWSEcho)
	mux.HandleFunc("GET /download", serveBytes)
	// A file shared in Mattermost: chatdlp knows the path, reads the
	// response as a file (Content-Disposition attachment) and streams it.
	mux.HandleFunc("GET "+chatFilePath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Disposition", `attachment; filename="bench.bin"`)
		serveBytes(w, r)
	})
	tl := tls.NewListener(l, &tls.Config{Certificates: []tls.Certificate{*cert}, MinVersion: tls.VersionTLS12})
	return serveHTTP(tl, mux)
}

// chatFilePath is a Mattermost file download.
const chatFilePath = "/api/v4/files/benchfile"

// serveBytes streams ?bytes=N zero bytes as an octet stream.
func serveBytes(w http.ResponseWriter, r *http.Request) {
	{
		n, err := strconv.ParseInt(r.URL.Query().Get("bytes"), 10, 64)
		if err != nil || n < 0 {
			http.Error(w, "bytes", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", strconv.FormatInt(n, 10))
		buf := make([]byte, 256<<10)
		for n > 0 {
			chunk := min(n, int64(len(buf)))
			if _, err := w.Write(buf[:chunk]); err != nil {
				return
			}
			n -= chunk
		}
	}
}

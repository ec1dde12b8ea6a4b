package proxy

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// bytesConn is a client connection that sends in and records what it is
// sent.
type bytesConn struct {
	r   *bytes.Reader
	out bytes.Buffer
}

func (c *bytesConn) Read(p []byte) (int, error)       { return c.r.Read(p) }
func (c *bytesConn) Write(p []byte) (int, error)      { return c.out.Write(p) }
func (c *bytesConn) Close() error                     { return nil }
func (c *bytesConn) LocalAddr() net.Addr              { return &net.TCPAddr{} }
func (c *bytesConn) RemoteAddr() net.Addr             { return &net.TCPAddr{} }
func (c *bytesConn) SetDeadline(time.Time) error      { return nil }
func (c *bytesConn) SetReadDeadline(time.Time) error  { return nil }
func (c *bytesConn) SetWriteDeadline(time.Time) error { return nil }

// FuzzInnerStream: whatever a client sends on a tunnel's inner stream,
// serveInner does not panic, and what it writes back is a sequence of
// well-formed HTTP/1.1 responses, each 200 carrying exactly the body of
// the request it answers (the handler echoes it, buffered, flushed
// half-way, or with its own Content-Length).
func FuzzInnerStream(f *testing.F) {
	for _, s := range []string{
		"POST /echo HTTP/1.1\r\nHost: chat.test\r\nContent-Length: 5\r\n\r\nhello",
		"POST /flush HTTP/1.1\r\nHost: chat.test\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\nGET /len HTTP/1.1\r\nHost: chat.test\r\n\r\n",
		"PUT /len HTTP/1.1\r\nHost: chat.test\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nxyz",
		"HEAD /echo HTTP/1.1\r\nHost: chat.test\r\n\r\nGET /echo HTTP/1.0\r\n\r\n",
		"POST /echo HTTP/1.1\r\nHost: chat.test\r\nContent-Length: 2\r\n\r\nok\r\nGET / HTTP/1.1\r\nHost: chat.test\r\nConnection: close\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: chat.test\r\nX: " + string(bytes.Repeat([]byte("a"), 5000)) + "\r\n\r\n",
	} {
		f.Add([]byte(s))
	}
	e := newEnv(f, nil)
	handler := func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		switch r.URL.Path {
		case "/flush":
			_, _ = w.Write(b[:len(b)/2])
			w.(http.Flusher).Flush()
			_, _ = w.Write(b[len(b)/2:])
		case "/len":
			w.Header().Set("Content-Length", strconv.Itoa(len(b)))
			_, _ = w.Write(b)
		default:
			_, _ = w.Write(b)
		}
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		c := &bytesConn{r: bytes.NewReader(in)}
		info := &connInfo{id: "fuzz", mode: modeTunnel, tun: &tunnelInfo{host: "chat.test", port: "443", scheme: "https"}}
		e.srv.serveInnerWith(&clientConn{Conn: c, info: info}, handler)
		// The requests as net/http reads them, bodies whole.
		type sent struct {
			method string
			body   []byte
		}
		var reqs []sent
		rbr := bufio.NewReader(bytes.NewReader(in))
		for {
			req, err := http.ReadRequest(rbr)
			if err != nil {
				break
			}
			b, err := io.ReadAll(req.Body)
			if err != nil {
				break
			}
			reqs = append(reqs, sent{req.Method, b})
			if req.Method == http.MethodPost {
				peek, _ := rbr.Peek(4)
				_, _ = rbr.Discard(leadingCRLF(peek))
			}
		}
		out := bufio.NewReader(bytes.NewReader(c.out.Bytes()))
		for i := 0; out.Buffered() > 0 || i == 0; {
			if _, err := out.Peek(1); err != nil {
				break
			}
			method := http.MethodGet
			if i < len(reqs) {
				method = reqs[i].method
			}
			resp, err := http.ReadResponse(out, &http.Request{Method: method})
			if err != nil {
				t.Fatalf("response %d does not parse: %v\nin: %q\nout: %q", i, err, in, c.out.Bytes())
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatalf("response %d body: %v\nout: %q", i, err, c.out.Bytes())
			}
			if resp.StatusCode < 200 {
				continue
			}
			if resp.StatusCode == http.StatusOK {
				if i >= len(reqs) {
					t.Fatalf("response %d: 200 to a request net/http does not read\nin: %q", i, in)
				}
				want := reqs[i].body
				if method == http.MethodHead {
					want = nil
				}
				if !bytes.Equal(body, want) {
					t.Fatalf("response %d: body %q, want %q\nin: %q", i, body, want, in)
				}
			}
			i++
		}
	})
}

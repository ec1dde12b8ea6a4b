package proxy

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/chatdlp/chatdlp/inspect"
	"github.com/chatdlp/chatdlp/inspect/extract"
	"github.com/chatdlp/chatdlp/rules"
	"github.com/gobwas/ws"
)

// The frame side of the WebSocket relay: reading, checking, reassembling,
// delivering and writing frames (see websocket.go for the session).

// maxReuse bounds the message buffers a leg keeps from one message to the
// next.
const maxReuse = 64 << 10

// closeGrace is how long a session waits, after one side closed, for the
// other side's close frame (a variable for the fuzz test).
var closeGrace = 2 * time.Second

// wsProtocolError is a peer breaking RFC 6455: the session is closed with 1002.
type wsProtocolError struct{ msg string }

func (e *wsProtocolError) Error() string { return "websocket: protocol error: " + e.msg }

// errPolicyClosed ends a session the policy closed.
var errPolicyClosed = errors.New("websocket: closed by policy")

// wsMessage is a data message being reassembled.
type wsMessage struct {
	op        ws.OpCode
	raw       []byte // the frames as they came
	payload   []byte // unmasked
	active    bool
	streaming bool // over max_scan_bytes and allowed: frames pass as they come
}

// pump reads frames from src until it ends, forwarding to dst what the
// policy allows.
func (x *wsRelay) pump(src, dst *wsLeg, dir rules.Direction) error {
	var msg wsMessage
	for {
		raw, h, err := x.readHeader(src)
		if err != nil {
			return err
		}
		if err := checkFrame(h, src.masked, &msg); err != nil {
			x.closeBoth(ws.StatusProtocolError, "protocol error")
			return err
		}
		if h.OpCode.IsControl() {
			if err := x.forwardFrame(src, dst, raw, h); err != nil {
				return err
			}
			continue
		}
		if err := x.dataFrame(src, dst, raw, h, &msg, dir); err != nil {
			return err
		}
	}
}

// readHeader reads one frame header and the bytes it was written as.
// Between frames a leg waits with no read deadline: the session's idle
// watchdog (tunnel_idle_timeout, no frame either way) ends it. A frame
// started must arrive whole within idle_timeout; that deadline is only set
// when its payload is not read yet, so a chat message already buffered
// costs no deadline calls.
func (x *wsRelay) readHeader(src *wsLeg) ([]byte, ws.Header, error) {
	if src.conn != nil && src.timed {
		_ = src.conn.SetReadDeadline(time.Time{})
		src.timed = false
	}
	src.hdr.buf = src.hdr.buf[:0]
	h, err := ws.ReadHeaderBuffer(&src.hdr, src.hdrScratch[:])
	if err != nil {
		return nil, h, err
	}
	src.n.Add(int64(len(src.hdr.buf)))
	x.touch()
	if src.conn != nil && (src.br == nil || int64(src.br.Buffered()) < h.Length) {
		_ = src.conn.SetReadDeadline(time.Now().Add(x.s.limits.IdleTimeout.D()))
		src.timed = true
	}
	return src.hdr.buf, h, nil
}

// teeHeader reads a frame header from r and keeps the bytes it was
// written as; one per leg, reused for every frame.
type teeHeader struct {
	r   io.Reader
	buf []byte
}

func (t *teeHeader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	t.buf = append(t.buf, p[:n]...)
	return n, err
}

// checkFrame enforces what a relay must: masking by side, no reserved
// bits (no extension was negotiated), control frames short and whole,
// and continuation frames only inside a message.
func checkFrame(h ws.Header, masked bool, msg *wsMessage) error {
	switch {
	case h.Masked != masked:
		return &wsProtocolError{"masking"}
	case h.Rsv != 0:
		return &wsProtocolError{"reserved bits"}
	case h.OpCode.IsReserved():
		return &wsProtocolError{"reserved opcode"}
	case h.OpCode.IsControl() && (h.Length > 125 || !h.Fin):
		return &wsProtocolError{"control frame"}
	case h.OpCode == ws.OpContinuation && !msg.active:
		return &wsProtocolError{"continuation outside a message"}
	case h.OpCode.IsData() && h.OpCode != ws.OpContinuation && msg.active:
		return &wsProtocolError{"new message inside a fragmented one"}
	case h.Length < 0:
		return &wsProtocolError{"length"}
	}
	return nil
}

// readPayload reads a frame's payload (as sent, masked or not).
func (x *wsRelay) readPayload(src *wsLeg, h ws.Header) ([]byte, error) {
	p := make([]byte, h.Length)
	if _, err := io.ReadFull(src.r, p); err != nil {
		return nil, err
	}
	src.n.Add(h.Length)
	x.touch()
	return p, nil
}

// forwardFrame passes a control frame on as it came; a close ends the
// session once it has reached the other side.
func (x *wsRelay) forwardFrame(src, dst *wsLeg, raw []byte, h ws.Header) error {
	p, err := x.readPayload(src, h)
	if err != nil {
		return err
	}
	if err := dst.write(append(raw, p...)); err != nil {
		return err
	}
	if h.OpCode == ws.OpClose {
		return io.EOF
	}
	return nil
}

// dataFrame adds a frame to the message in progress; the last one
// delivers it.
func (x *wsRelay) dataFrame(src, dst *wsLeg, raw []byte, h ws.Header, msg *wsMessage, dir rules.Direction) error {
	if !msg.active {
		// The buffers of the last message are reused, unless it was large.
		raw, payload := msg.raw[:0], msg.payload[:0]
		if cap(raw) > maxReuse {
			raw, payload = nil, nil
		}
		*msg = wsMessage{op: h.OpCode, active: true, raw: raw, payload: payload}
	}
	if msg.streaming {
		return x.streamFrame(src, dst, raw, h, msg)
	}
	if int64(len(msg.payload))+h.Length > x.s.policy().maxScan {
		return x.oversize(src, dst, raw, h, msg, dir)
	}
	// The frame is read straight into the message's raw bytes, and its
	// payload unmasked into the message's text.
	msg.raw = append(msg.raw, raw...)
	start := len(msg.raw)
	msg.raw = slices.Grow(msg.raw, int(h.Length))[:start+int(h.Length)]
	if _, err := io.ReadFull(src.r, msg.raw[start:]); err != nil {
		return err
	}
	src.n.Add(h.Length)
	x.touch()
	off := len(msg.payload)
	msg.payload = append(msg.payload, msg.raw[start:]...)
	if h.Masked {
		ws.Cipher(msg.payload[off:], h.Mask, 0)
	}
	if !h.Fin {
		return nil
	}
	msg.active = false
	return x.deliver(dst, msg, dir)
}

// oversize applies files.oversize to a message over max_scan_bytes.
func (x *wsRelay) oversize(src, dst *wsLeg, raw []byte, h ws.Header, msg *wsMessage, dir rules.Direction) error {
	out := x.s.policy().pipe.Uninspectable(x.meta(dir), "oversize", nil)
	if out.Action == rules.ActionBlock {
		return x.block(out)
	}
	msg.streaming = true
	if err := dst.write(msg.raw); err != nil {
		return err
	}
	msg.raw, msg.payload = nil, nil
	return x.streamFrame(src, dst, raw, h, msg)
}

// streamFrame passes a frame of an uninspected message straight through.
func (x *wsRelay) streamFrame(src, dst *wsLeg, raw []byte, h ws.Header, msg *wsMessage) error {
	dst.mu.Lock()
	defer dst.mu.Unlock()
	w := dst.w
	if dst.closed {
		w = io.Discard
	}
	if _, err := w.Write(raw); err != nil {
		return err
	}
	n, err := io.CopyN(w, src.r, h.Length)
	src.n.Add(n)
	x.touch()
	if h.Fin {
		msg.active = false
	}
	return err
}

// deliver inspects a complete message and forwards, rewrites or blocks it.
func (x *wsRelay) deliver(dst *wsLeg, msg *wsMessage, dir rules.Direction) error {
	in := &x.inputs[dir-1] // each direction's pump reuses its own
	*in = x.in
	in.Body = msg.payload
	// The payload's buffer is reused only for the pump's next message,
	// after deliver has returned and nothing of this one is held.
	in.Fixed = true
	in.Scratch = &x.scratch[dir-1] // the Doc's memory likewise
	in.Direction = extract.Outbound
	if dir == rules.DirectionInbound {
		in.Direction = extract.Inbound
	}
	var (
		doc *extract.Doc
		err error
	)
	if msg.op == ws.OpText {
		doc, err = extract.ExtractSocket(in)
	} else {
		doc = extract.SocketFile(in)
	}
	meta, pipe := x.meta(dir), x.s.policy().pipe // a reload applies to the next message
	var out inspect.Outcome
	switch {
	case err != nil:
		out = pipe.Uninspectable(meta, "undecodable", err)
	case msg.op != ws.OpText && pipe.Files == nil:
		// No file inspector reads binary messages yet: they pass, and the
		// session's first one each way is reported unread.
		if !x.binarySeen[dir-1] {
			x.binarySeen[dir-1] = true
			pipe.Unread(meta, "binary")
		}
		out = inspect.Outcome{Action: rules.ActionAllow}
	default:
		out = pipe.Check(x.s.ctx, doc, meta)
	}
	switch {
	case out.Action == rules.ActionBlock:
		return x.block(out)
	case out.Action == rules.ActionRedact && doc != nil && doc.Changed():
		return dst.write(frame(msg.op, doc.Bytes(), dst == x.legs[1]))
	}
	return dst.write(msg.raw)
}

// meta is the pipeline's view of the session one way; made once per
// direction (a session's client, group and path do not change).
func (x *wsRelay) meta(dir rules.Direction) *inspect.Meta {
	m := &x.metas[dir-1]
	if m.Protocol == "" {
		*m = inspect.Meta{Protocol: "websocket", Service: x.st.service, Direction: dir, Group: x.st.group,
			Host: x.st.host, Method: "WEBSOCKET", Path: logPath(x.in.Path), Who: x.s.who(x.st)}
	}
	return m
}

// block closes both legs with 1008, the reason naming the incident.
func (x *wsRelay) block(out inspect.Outcome) error {
	x.st.incident = out.Incident
	x.s.met.block("dlp")
	x.closeBoth(ws.StatusPolicyViolation, fmt.Sprintf("chatdlp: %s (incident %s)", out.Reason, out.Incident))
	return errPolicyClosed
}

// closeBoth sends a close frame to each leg and ends the session.
func (x *wsRelay) closeBoth(code ws.StatusCode, reason string) {
	body := ws.NewCloseFrameBody(code, reason)
	_ = x.legs[0].write(frame(ws.OpClose, body, false))
	_ = x.legs[1].write(frame(ws.OpClose, body, true))
	x.stop(reason)
}

// frame is one final frame of op with payload, masked with a fresh key
// when it goes to the upstream (RFC 6455: client frames are masked).
func frame(op ws.OpCode, payload []byte, masked bool) []byte {
	h := ws.Header{Fin: true, OpCode: op, Length: int64(len(payload))}
	p := payload
	if masked {
		h.Masked = true
		_, _ = rand.Read(h.Mask[:])
		p = append([]byte(nil), payload...)
		ws.Cipher(p, h.Mask, 0)
	}
	var buf bytes.Buffer
	_ = ws.WriteHeader(&buf, h)
	buf.Write(p)
	return buf.Bytes()
}

// write sends frames to a leg, whole, one writer at a time. Nothing is
// sent after a close frame (RFC 6455 5.5.1): the peer's answer to a close
// chatdlp sent itself is dropped, not relayed as a second close.
func (l *wsLeg) write(b []byte) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil
	}
	_, err := l.w.Write(b)
	if len(b) > 0 && ws.OpCode(b[0]&0x0f) == ws.OpClose {
		l.closed = true
	}
	return err
}

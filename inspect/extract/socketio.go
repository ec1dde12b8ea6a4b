package extract

import (
	"net/url"
	"slices"
	"strings"
)

// Socket.IO (https://github.com/socketio/socket.io-protocol), the socket
// of many chat apps: the path has /socket.io/ in it. Since Socket.IO 1
// every WebSocket text message is one Engine.IO packet, a type digit then
// its data: 0 open ({"sid",…}: the handshake), 1 close, 2 ping, 3 pong
// ("2probe", "3probe" while upgrading), 5 upgrade, 6 noop, and 4 message,
// whose data is one Socket.IO packet:
//
//	<type>[<attachments>-][<namespace>,][<ack id>][<JSON payload>]
//
// type 0 CONNECT (its payload is the client's auth data, or the server's
// {"sid"}), 1 DISCONNECT, 2 EVENT (["event name", args…]), 3 ACK ([args…]),
// 4 CONNECT_ERROR ({"message"}), 5 BINARY_EVENT and 6 BINARY_ACK (whose
// binary attachments follow as binary messages: {"_placeholder":true,
// "num":n} stands in for each). So `42["message",{"text":"hi"}]`,
// `42/chat,["message",…]`, `421["message",…]` (ack id 1) and
// `431["ok"]`. An Engine.IO message that is not a Socket.IO packet is text.
//
// Socket.IO 0.9 (protocol 1, the path /socket.io/1/websocket/<session>,
// spoken by Microsoft's Trouter) frames a message as
// <type>:<id>[+]:<endpoint>[:<data>]: 0 disconnect, 1 connect, 2
// heartbeat, 3 message (text), 4 JSON message, 5 event ({"name","args"}),
// 6 ack (<id>[+<JSON args>]), 7 error (<reason>[+<advice>]), 8 noop.
//
// The payload is read in place: a raw container over the whole message
// holds it as its one kid at its offset, so the prefix stays byte for byte
// when a text in it is rewritten.

// sioSkip are members of an app's socket protocol that carry credentials
// (an auth event's token or password), never chat.
var sioSkip = []string{"token", "access_token", "accessToken", "authToken", "auth_token", "password"}

// socketIO reads a message on a Socket.IO connection: one message of the
// texts in its packet's payload, but for the event name of an event and
// the auth data of a connect; the service's skip applies. It reports false
// for a path without /socket.io/ in it.
//
// ExtractSocket calls it after the service's own sockets, before reading
// a message generically.
func socketIO(in *Input) (*Doc, bool, error) {
	if !strings.Contains(in.Path, "/socket.io/") {
		return nil, false, nil
	}
	skip := slices.Clone(sioSkip)
	if svc := Lookup(in.Service); svc != nil {
		skip = append(skip, svc.skip...)
	}
	d, _ := readSocketIO(in, skip)
	return d, true, nil
}

// readSocketIO reads one Socket.IO message (Engine.IO framing, or that of
// Socket.IO 0.9 for /socket.io/1/ and frames that look like it) as one
// message of the texts of its payload, skipping skip; it returns the
// payload as read in place too (nil when the packet has none to read).
func readSocketIO(in *Input, skip []string) (*Doc, *node) {
	s := in.text()
	var f sioFrame
	if sioLegacy(in.Path, in.Query, s) {
		f = sioLegacyFrame(s)
	} else {
		f = sioEngineFrame(s)
	}
	d := &Doc{root: &node{kind: kindRaw, end: len(s), raw: s}, opaque: f.opaque}
	m := &Message{}
	d.Messages = []*Message{m}
	if f.at < 0 {
		return d, nil
	}
	v := payloadAt(in.Scratch, s, f.at, f.text)
	if v.kind == kindText && !f.text {
		d.opaque = true // JSON that does not parse, read as text
	}
	d.root.adopt(v, "")
	m.Parts = partsOf(in.Scratch, v, "", skip...)
	if f.event && v.kind == kindArray {
		m.Parts = rcWithout(m.Parts, "/0") // the event name
	}
	if f.named && v.kind == kindObject {
		m.Parts = rcWithout(m.Parts, "/name") // a 0.9 event's name
	}
	return d, v
}

// sioFrame is where a Socket.IO message's payload starts and what it is.
type sioFrame struct {
	at     int  // offset of the payload; -1: none to read
	text   bool // the payload is text by the protocol (not JSON)
	event  bool // an event array: its first element is the event name
	named  bool // a 0.9 event object: its name member is the event name
	opaque bool // a malformed frame read whole as text
}

// sioLegacy reports Socket.IO 0.9 framing: the protocol 1 path, or, with
// no Engine.IO version in the query, a frame that opens with a type digit
// and a colon (an Engine.IO packet never has a colon second).
func sioLegacy(path, query, s string) bool {
	if strings.Contains(path, "/socket.io/1/") {
		return true
	}
	if q, err := url.ParseQuery(query); err == nil && q.Get("EIO") != "" {
		return false
	}
	return len(s) >= 2 && isDigit(s[0]) && s[1] == ':'
}

// sioEngineFrame finds the payload of an Engine.IO packet.
func sioEngineFrame(s string) sioFrame {
	none := sioFrame{at: -1}
	if len(s) < 2 || s[0] != '4' {
		return none // open (the handshake), close, ping, pong, upgrade, noop
	}
	typ := s[1]
	if typ < '0' || typ > '6' {
		return sioFrame{at: 1, text: true} // an Engine.IO message, not Socket.IO
	}
	i := 2
	if typ == '5' || typ == '6' {
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j == i || j == len(s) || s[j] != '-' {
			return sioFrame{at: 2, opaque: true} // no attachment count
		}
		i = j + 1
	}
	if i < len(s) && s[i] == '/' {
		if c := strings.IndexByte(s[i:], ','); c >= 0 {
			i += c + 1
		} else {
			i = len(s)
		}
	}
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i == len(s) || typ == '0' || typ == '1' {
		return none // no payload; a connect's payload is auth data
	}
	return sioFrame{at: i, event: typ == '2' || typ == '5'}
}

// sioLegacyFrame finds the data of a Socket.IO 0.9 frame.
func sioLegacyFrame(s string) sioFrame {
	none := sioFrame{at: -1}
	if len(s) < 2 || !isDigit(s[0]) || s[1] != ':' {
		return sioFrame{at: 0, opaque: true} // not a frame: the whole text
	}
	i := 2 // after the message id and the endpoint
	for range 2 {
		c := strings.IndexByte(s[i:], ':')
		if c < 0 {
			return none // no data
		}
		i += c + 1
	}
	switch s[0] {
	case '3', '7': // a message; an error's reason and advice
		return sioFrame{at: i, text: true}
	case '4':
		return sioFrame{at: i}
	case '5':
		return sioFrame{at: i, named: true}
	case '6': // <acked id>[+<JSON args>]
		if p := strings.IndexByte(s[i:], '+'); p >= 0 {
			return sioFrame{at: i + p + 1}
		}
	}
	return none
}

// payloadAt reads s[at:] in place: JSON (a text payload too, when it
// parses: Trouter sends JSON as a 0.9 message), or else text; its span is
// that offset in s.
func payloadAt(sc *Scratch, s string, at int, text bool) *node {
	rest := s[at:]
	if !text || looksJSON(rest) {
		if v, err := parseJSON(sc, rest); err == nil {
			v.start, v.end = at, len(s)
			return v
		}
	}
	return &node{kind: kindText, start: at, end: len(s), raw: rest, text: rest}
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

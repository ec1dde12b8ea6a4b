package extract

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Teams' sockets. Chat notifications come by Trouter, Microsoft's push
// service (*.trouter.teams.microsoft.com): after an HTTP bootstrap (POST
// go.trouter.teams.microsoft.com/v4/a, then the Socket.IO 0.9 handshake
// GET /socket.io/1/?…) the client opens /socket.io/1/websocket/<session>
// and speaks Socket.IO 0.9 (see socketio.go). It sends "5:<n>+::" events
// {"name":"user.authenticate","args":[{"headers":{"Authorization":
// "Bearer …",…},"connectparams":{…}}]}, {"name":"user.activity",…} and
// {"name":"ping"}; the service pushes each notification as an HTTP request
// in a "3:::" message, {"id":…,"method":"POST","url":"/v4/f/<path>/
// messaging","headers":{…},"body":"<JSON string>"}, which the client
// answers with "3:::{"id":…,"status":200,"body":""}". A /messaging body is
// an event {"time","type":"EventMessage","resourceType":"NewMessage"|
// "MessageUpdate"|…,"resourceLink":…,"resource":{the chat message as
// chatsvc gives it: "content","messagetype","from","conversationLink",
// "imdisplayname","properties"…}}. When the headers say
// X-Microsoft-Skype-Content-Encoding: gzip the body is base64 of gzip, and
// a body may wrap its payload in "cp" (base64 gzip) or "gp" (base64).
// (Shapes from EionRobb/purple-teams' teams_trouter.c and clients
// modelled on it; Microsoft documents none of it.)
//
// Other Teams and Microsoft 365 sockets speak SignalR's JSON hub protocol
// (dotnet/aspnetcore src/SignalR/docs/specs/HubProtocol.md): a WebSocket
// message holds one or more JSON records, each ended by 0x1E: the
// handshake {"protocol":"json","version":1} and its reply {}, invocations
// {"type":1,"invocationId","target","arguments":[…],"streamIds"}, stream
// items {"type":2,"item"}, completions {"type":3,"result"|"error"},
// stream invocations (4), cancels (5), pings (6), closes (7), acks (8) and
// sequences (9). Each record is read in place as one message, so a
// rewritten text keeps the separators.

// rsep ends every SignalR JSON record.
const rsep = "\x1e"

// teamsWSSkip: chatsvc's ids and envelope (teamsSkip), and the sockets':
// Trouter's request line, headers (user.authenticate's bearer token among
// them), status and connect parameters, an event's time, resource link
// and type; SignalR's target, invocation and stream ids, protocol and
// sequence ids: never text a user wrote.
var teamsWSSkip = append(teamsSkip[:len(teamsSkip):len(teamsSkip)], "headers", "url", "method", "status",
	"connectparams", "Authorization", "time", "resourceLink", "resourceType", "target", "invocationId", "streamIds",
	"protocol", "sequenceId")

// teamsSocket reads one message of a Teams socket, either way: Trouter's
// Socket.IO 0.9 frames on a /socket.io/ path (or frames that look like
// them), SignalR records when the message holds a record separator, and
// any other message as one JSON (or text) message.
func teamsSocket(in *Input) (*Doc, error) {
	s := in.text()
	switch {
	case strings.Contains(in.Path, "/socket.io/") || sioLegacy("", "", s):
		return teamsTrouter(in)
	case strings.Contains(s, rsep):
		d, recs := readSignalR(in, teamsWSSkip)
		for i, v := range recs {
			for _, c := range append(v.child("arguments").elems(), v.child("result"), v.child("item")) {
				teamsWho(d.Messages[i], c)
			}
		}
		return d, nil
	}
	root, err := parseJSON(in.Scratch, s)
	if err != nil {
		return Generic(in, teamsWSSkip...)
	}
	m := &Message{Parts: partsOf(in.Scratch, root, "", teamsWSSkip...)}
	teamsWho(m, root)
	return &Doc{root: root, Messages: []*Message{m}}, nil
}

// teamsTrouter reads a Trouter message: the frame's JSON in place (a
// pushed request's body, JSON in a string, parsed and rewritten inside
// it), the channel and user from the event's resource. A body in base64
// gzip (or a payload wrapped in cp or gp) is decoded and inspected, but
// its texts cannot be rewritten: a redaction there blocks.
func teamsTrouter(in *Input) (*Doc, error) {
	d, v := readSocketIO(in, teamsWSSkip)
	if v == nil || v.kind != kindObject {
		return d, nil
	}
	m := d.Messages[0]
	body := v.child("body")
	if body == nil || !body.isText() {
		return d, nil
	}
	ev := (*node)(nil)
	if len(body.kids) == 1 {
		ev = body.kids[0] // JSON in the string, parsed by the walk
	} else if strings.EqualFold(teamsHeader(v, "X-Microsoft-Skype-Content-Encoding"), "gzip") {
		dec, err := teamsDecoded(in.Scratch, m, body.text, true, "/body")
		if err != nil {
			return nil, err
		}
		ev = dec
	}
	if ev != nil && ev.kind == kindObject {
		for _, w := range []struct {
			key string
			gz  bool
		}{{"cp", true}, {"gp", false}} {
			if p := ev.child(w.key); p != nil && p.kind == kindString {
				dec, err := teamsDecoded(in.Scratch, m, p.text, w.gz, "/body/"+w.key)
				if err != nil {
					return nil, err
				}
				if dec != nil {
					ev = dec
				}
				break
			}
		}
	}
	teamsWho(m, ev)
	return d, nil
}

// teamsHeader returns a pushed request's header (names compared without
// case).
func teamsHeader(req *node, name string) string {
	h := req.child("headers")
	if h == nil || h.kind != kindObject {
		return ""
	}
	for i, k := range h.keys {
		if strings.EqualFold(k, name) {
			return h.kids[i].str()
		}
	}
	return ""
}

// maxDecoded bounds a decoded Trouter payload (a gzip bomb is unreadable).
const maxDecoded = 16 << 20

// teamsDecoded decodes a base64 (gzip) payload at path and adds its texts
// to m as parts that cannot be rewritten (they are in no tree the message
// renders from), in place of the encoded string's part; it returns the
// payload read (nil, and m unchanged, when the string is not such a
// payload: the string stays a part).
func teamsDecoded(sc *Scratch, m *Message, b64 string, gz bool, path string) (*node, error) {
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, nil
	}
	if gz {
		r, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return nil, nil
		}
		raw, err = io.ReadAll(io.LimitReader(r, maxDecoded+1))
		if err != nil {
			return nil, nil
		}
		if len(raw) > maxDecoded {
			return nil, errors.Join(ErrUnreadable, fmt.Errorf("extract: a Trouter payload decodes to more than %d bytes", maxDecoded))
		}
	}
	if !utf8.Valid(raw) {
		return nil, nil
	}
	v, err := parseJSON(sc, string(raw))
	if err != nil {
		v = textNode(string(raw))
	}
	parts := partsOf(sc, v, path, teamsWSSkip...)
	for _, p := range parts {
		p.n = nil // not rewritable: Replace reports false
	}
	m.Parts = append(rcWithout(m.Parts, path), parts...)
	return v, nil
}

// teamsWho sets a message's channel and user from a chat message object
// (or an event with the message as its resource), when it has them: the
// conversation of its conversationLink (or resourceLink, or
// conversationid) and the MRI of its from link.
func teamsWho(m *Message, obj *node) {
	if obj == nil || obj.kind != kindObject {
		return
	}
	res := obj
	if r := obj.child("resource"); r != nil && r.kind == kindObject {
		res = r
	}
	if m.Channel == "" {
		for _, link := range []string{res.child("conversationLink").str(), obj.child("resourceLink").str()} {
			if i := strings.Index(link, "/conversations/"); i >= 0 {
				seg, _, _ := strings.Cut(link[i+len("/conversations/"):], "/")
				m.Channel = teamsConversation(seg)
				break
			}
		}
		if m.Channel == "" {
			m.Channel = res.child("conversationid").str()
		}
	}
	if from := res.child("from").str(); m.User == "" && from != "" {
		if i := strings.LastIndex(from, "/contacts/"); i >= 0 {
			from = from[i+len("/contacts/"):]
		}
		m.User = from
	}
}

// readSignalR reads a message of SignalR JSON records: each record ended
// by the separator is one message of its texts (paths below "/<index>"),
// read in place in a raw container over the message, so the separators
// stay byte for byte. A record that is not JSON, or text after the last
// separator, is read as text, and the message cannot then be rewritten
// (a new text could hold a separator). It returns the records' values.
func readSignalR(in *Input, skip []string) (*Doc, []*node) {
	s := in.text()
	d := &Doc{root: &node{kind: kindRaw, end: len(s), raw: s}}
	spans := signalRRecords(s)
	if last := spans[len(spans)-1]; strings.Trim(s[last[0]:], jsonSpace) == "" {
		spans = spans[:len(spans)-1] // only space after the last separator
	} else {
		d.opaque = true // a record without its separator
	}
	var vals []*node
	for i, sp := range spans {
		v, err := parseJSON(in.Scratch, s[sp[0]:sp[1]])
		if err != nil {
			v = textNode(s[sp[0]:sp[1]])
			d.opaque = true
		}
		v.start, v.end = sp[0], sp[1]
		d.root.adopt(v, "")
		d.Messages = append(d.Messages, &Message{Parts: partsOf(in.Scratch, v, "/"+strconv.Itoa(i), skip...)})
		vals = append(vals, v)
	}
	return d, vals
}

// signalRRecords returns the spans of s's records: each ended by a
// separator, then what follows the last one (possibly empty).
func signalRRecords(s string) [][2]int {
	var out [][2]int
	start := 0
	for {
		i := strings.Index(s[start:], rsep)
		if i < 0 {
			return append(out, [2]int{start, len(s)})
		}
		out = append(out, [2]int{start, start + i})
		start += i + len(rsep)
	}
}

package extract

import (
	"strconv"
	"strings"
)

// Rocket.Chat's realtime API: Meteor's DDP (packages/ddp/DDP.md of
// meteor/meteor) over a WebSocket, at /websocket (one DDP message, a JSON
// object, per WebSocket message) or through SockJS at
// /sockjs/<server>/<session>/websocket, whose frames are "o" (open), "h"
// (heartbeat), "c[<code>,<reason>]" (close) and "a[…]" from the server, a
// JSON array of DDP messages each as a JSON string, and from the client
// the array alone: ["{\"msg\":\"method\",…}"]. The walker reads the JSON
// in those strings in place, so a rewritten text keeps the framing.
//
// The client sends {"msg":"connect","version":"1","support":[…]}, "sub"
// (stream-room-messages with the room id, …) and method calls
// {"msg":"method","method":…,"params":[…],"id":…}: sendMessage and
// updateMessage with the message {"_id","rid","msg","tmid"…} first, and
// login with {"resume":<token>} or {"user":{"username"},"password":
// {"digest","algorithm":"sha-256"}} (or an ldap, crowd, oauth or totp
// variant), whose parameters are credentials, never text. The server
// answers {"msg":"result","id":…,"result":…} (a login's with its
// {"id","token","tokenExpires"}) and pushes stream events as
// {"msg":"changed","collection":"stream-room-messages","id":"id",
// "fields":{"eventName":<rid>,"args":[{…the message: "_id","rid","msg",
// "u":{"_id","username","name"},"attachments"…}]}}; eventName is
// "__my_messages__" for the stream of all the user's rooms, and
// stream-notify-user notifications carry {"title","text","payload":
// {"rid","sender":{…},"message":{"msg"}}}.
//
// https://developer.rocket.chat/apidocs/stream-room-messages-realtime,
// https://developer.rocket.chat/apidocs/login-realtime

// rcDDPSkip: the REST API's ids, user objects and markers (rcSkip), and
// DDP's: credentials (a resume token, a password digest, a registration's
// pass, an ldap or crowd password, an OAuth credential, a TOTP code, the
// token of a login result, end-to-end key pairs), a stream's collection
// and event name, a notification's sender, the session, the server id,
// the protocol versions and the ids of ready subscriptions and updated
// methods: never text a user wrote.
var rcDDPSkip = append(rcSkip[:len(rcSkip):len(rcSkip)], "token", "resume", "password", "digest", "pass", "newPassword",
	"typedPassword", "ldapPass", "crowdPassword", "credentialToken", "credentialSecret", "totp", "tokenExpires",
	"private_key", "public_key", "collection", "eventName", "sender", "session", "server_id", "version", "support",
	"subs", "methods")

// rcSocket reads one WebSocket message of the realtime API, either way:
// each DDP message in it is one message of its texts. A sent message's
// channel is its rid; a streamed message's channel is its rid (or the
// stream's room) and its user the sender's id. A login's parameters are
// no parts, nor DDP's envelope (the "msg" naming the message type). SockJS
// control frames read nothing; a message of another shape is read
// generically.
func rcSocket(in *Input) (*Doc, error) {
	s := in.text()
	frame := strings.TrimRight(s, jsonSpace)
	switch {
	case frame == "o" || frame == "h" || strings.HasPrefix(frame, "c["):
		return &Doc{root: &node{kind: kindRaw, end: len(s), raw: s}, Messages: []*Message{{}}}, nil
	case strings.HasPrefix(frame, "a["):
		v, err := parseJSON(in.Scratch, s[1:])
		if err != nil || v.kind != kindArray {
			break
		}
		v.start, v.end = 1, len(s)
		root := &node{kind: kindRaw, end: len(s), raw: s}
		root.adopt(v, "")
		return rcDDPList(in.Scratch, root, v), nil
	case strings.HasPrefix(frame, "["):
		if v, err := parseJSON(in.Scratch, s); err == nil && v.kind == kindArray {
			return rcDDPList(in.Scratch, v, v), nil
		}
	case strings.HasPrefix(frame, "{"):
		if v, err := parseJSON(in.Scratch, s); err == nil {
			m := &Message{Parts: partsOf(in.Scratch, v, "", rcDDPSkip...)}
			rcDDP(m, v, "")
			return &Doc{root: v, Messages: []*Message{m}}, nil
		}
	}
	return Generic(in, rcDDPSkip...)
}

// rcDDPList reads a SockJS array: each element, a DDP message in a JSON
// string, is one message.
func rcDDPList(sc *Scratch, root, list *node) *Doc {
	d := &Doc{root: root}
	for i, el := range list.kids {
		path := "/" + strconv.Itoa(i)
		m := &Message{Parts: partsOf(sc, el, path, rcDDPSkip...)} // parses the JSON in the string
		if el.isText() && len(el.kids) == 1 {
			rcDDP(m, el.kids[0], path)
		} else {
			rcDDP(m, el, path)
		}
		d.Messages = append(d.Messages, m)
	}
	return d
}

// rcDDP refines a message read from the DDP message obj at path prefix:
// drops its envelope and a login's parameters, and sets its channel and
// user (and marks it encrypted) from a sent or streamed chat message.
func rcDDP(m *Message, obj *node, prefix string) {
	if obj == nil || obj.kind != kindObject {
		return
	}
	m.Parts = rcWithout(m.Parts, prefix+"/msg")
	switch obj.child("msg").str() {
	case "method":
		method := obj.child("method").str()
		if method == "login" {
			m.Parts = rcWithout(m.Parts, prefix+"/params")
			return
		}
		p := pbAt(obj.child("params"), 0)
		if p == nil || p.kind != kindObject {
			return
		}
		m.Channel = p.child("rid").str()
		if method == "sendMessage" || method == "updateMessage" {
			rcEncrypted(m, p, prefix+"/params/0")
		}
	case "changed", "added":
		fields := obj.child("fields")
		arg := pbAt(fields.child("args"), 0)
		if arg != nil && arg.kind == kindObject {
			m.Channel = firstStr("rid", arg, arg.child("payload"))
			m.User = nestedStr(arg, []string{"u", "_id"}, []string{"payload", "sender", "_id"})
			rcEncrypted(m, arg, prefix+"/fields/args/0")
		}
		if ev := fields.child("eventName").str(); m.Channel == "" && obj.child("collection").str() == "stream-room-messages" &&
			!strings.HasPrefix(ev, "__") {
			m.Channel = ev
		}
	}
}

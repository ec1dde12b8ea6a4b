package extract

import (
	"net/http"
	"net/url"
	"regexp"
)

// matrix: the client-server API (https://spec.matrix.org). Messages go
// out by PUT /_matrix/client/{v3,r0}/rooms/{roomId}/send/{type}/{txnId},
// whose body is the event's content (m.room.message: {"msgtype","body",
// "format","formatted_body"}; m.room.encrypted: {"algorithm",
// "ciphertext","sender_key","session_id","device_id"}), and state such as
// a room's topic or name by PUT …/rooms/{roomId}/state/{type}/{stateKey}.
// Room ids look like !abc:example.org (percent-encoded in a raw path).
// Events come in by GET …/sync (rooms.join.{roomId}.timeline.events, and
// the same under rooms.leave) and GET …/rooms/{roomId}/messages
// ({"chunk":[events]}); each event is {"type","content","sender",
// "event_id","origin_server_ts","unsigned"}. Errors are
// {"errcode":"M_FORBIDDEN","error":…}.
var matrix = &Service{
	Name:  "matrix",
	Hosts: []string{"matrix.org", "*.matrix.org", "app.element.io", "*.element.io", "*.modular.im"},
	Path:  regexp.MustCompile(`^/_matrix/(client|media|federation)/`),
	skip:  matrixCrypto,
	routes: []route{
		{methods: "PUT", direction: Outbound, read: matrixSend,
			path: regexp.MustCompile(`^/_matrix/client/(?:r0|v3)/rooms/([^/]+)/(send|state)/([^/]+)(?:/.*)?$`)},
		{methods: "GET", direction: Inbound, read: matrixSync, path: regexp.MustCompile(`^/_matrix/client/(?:r0|v3)/sync$`)},
		{methods: "GET", direction: Inbound, read: matrixMessages, path: regexp.MustCompile(`^/_matrix/client/(?:r0|v3)/rooms/([^/]+)/messages$`)},
	},
	block: func(reason, incident string) (int, any) {
		return http.StatusForbidden, map[string]any{"errcode": "M_FORBIDDEN", "error": blockReason(reason, incident), "incident_id": incident}
	},
}

// matrixEncrypted is the type of an end-to-end encrypted event.
const matrixEncrypted = "m.room.encrypted"

// matrixCrypto: end-to-end encryption material (ciphertext, keys,
// signatures), in events and in the key and to-device requests an
// encrypting client sends all the time. Random base64, never text.
var matrixCrypto = []string{"algorithm", "ciphertext", "sender_key", "session_id", "device_id",
	"device_keys", "one_time_keys", "fallback_keys", "signatures", "session_data"}

// matrixSkip: what of an event is not text a user wrote: its envelope
// (ids, sender, type), the content's markers (msgtype, format, mimetype),
// relations to other events, media URLs (mxc://…), the keys and hashes of
// encrypted attachments (file, thumbnail_file), and encryption.
var matrixSkip = append([]string{"event_id", "room_id", "sender", "type", "state_key", "redacts",
	"transaction_id", "membership", "msgtype", "format", "mimetype", "rel_type", "url",
	"thumbnail_url", "avatar_url", "file", "thumbnail_file"}, matrixCrypto...)

// matrixSegment decodes a path segment, a room id or an event type (a raw
// path has it percent-encoded, a decoded path as is).
func matrixSegment(seg string) string {
	if s, err := url.PathUnescape(seg); err == nil {
		return s
	}
	return seg
}

// matrixSend reads the content of an event sent to a room (a message, a
// reaction, a state event such as m.room.topic or m.room.name): its texts,
// the room as channel; an m.room.encrypted event is marked encrypted (its
// ciphertext is no text).
func matrixSend(in *Input, m []string) (*Doc, error) {
	d, err := one(in, matrixSkip, matrixSegment(m[1]))
	if err == nil && m[2] == "send" && matrixSegment(m[3]) == matrixEncrypted {
		d.Messages[0].Encrypted = true
	}
	return d, err
}

// matrixSync reads the timeline events of the rooms of a sync response.
func matrixSync(in *Input, _ []string) (*Doc, error) {
	root, err := parseJSON(in.Scratch, in.text())
	if err != nil {
		return Generic(in, matrixSkip...)
	}
	d := &Doc{root: root}
	for _, membership := range []string{"join", "leave"} {
		rooms := root.get("rooms", membership)
		if rooms == nil || rooms.kind != kindObject {
			continue
		}
		for i, room := range rooms.kids {
			d.Messages = append(d.Messages, matrixEvents(room.get("timeline", "events"), rooms.keys[i])...)
		}
	}
	return d, nil
}

// matrixMessages reads a room's messages page: {"chunk":[events]}.
func matrixMessages(in *Input, m []string) (*Doc, error) {
	root, err := parseJSON(in.Scratch, in.text())
	if err != nil {
		return Generic(in, matrixSkip...)
	}
	d := &Doc{root: root, Messages: matrixEvents(root.child("chunk"), matrixSegment(m[1]))}
	return d, nil
}

// matrixEvents reads each event of a list as a removable message: its
// content's texts (and those of unsigned, where a server may bundle an
// edit), the room as channel, the sender as user.
func matrixEvents(events *node, room string) []*Message {
	var out []*Message
	for _, ev := range events.elems() {
		msg := elementMessage(nil, ev, room, matrixSkip, []string{"sender"})
		if msg.Channel == "" {
			msg.Channel = ev.child("room_id").str()
		}
		msg.Encrypted = ev.child("type").str() == matrixEncrypted
		out = append(out, msg)
	}
	return out
}

package extract

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// rocketchat: the REST API (https://developer.rocket.chat). Messages go
// out by POST /api/v1/chat.postMessage ({"roomId"|"channel","text","alias",
// "emoji","attachments":[{"title","text","fields":[{"title","value"}]…}]}),
// chat.sendMessage ({"message":{"_id","rid","msg","tmid"…}}) and
// chat.update ({"roomId","msgId","text"}); the web client sends them as
// DDP over REST, POST /api/v1/method.call/sendMessage (or updateMessage;
// method.callAnon before login) with {"message":"<the DDP message as a
// JSON string: {\"msg\":\"method\",\"id\",\"method\",\"params\":[{\"rid\",
// \"msg\"…}]}>"}. Files go up by POST /api/v1/rooms.upload/{rid} or
// rooms.media/{rid} (multipart: file, msg, description) and are posted by
// rooms.mediaConfirm/{rid}/{fileId} ({"msg","description","tmid"}). An
// end-to-end encrypted message has "t":"e2e" and its text in
// "content":{"algorithm","ciphertext"} (in "msg" before 7.0). Messages come
// in by GET channels.history, groups.history, im.history (dm.history) and
// chat.getThreadMessages: {"messages":[{"_id","rid","msg","md","u":{"_id",
// "username"}…}],"success":true}, and chat.syncMessages:
// {"result":{"updated":[…],"deleted":[…]},"success":true}. Errors are
// {"success":false,"error":…}.
var rocketchat = &Service{
	Name:  "rocketchat",
	Hosts: []string{"*.rocket.chat", "open.rocket.chat"},
	Path:  regexp.MustCompile(`^/api/v1/(chat|rooms|channels|groups|im|dm|method\.call(Anon)?)[./]`),
	skip:  rcSkip,
	routes: []route{
		{methods: "POST", direction: Outbound, read: rcPost,
			path: regexp.MustCompile(`^/api/v1/chat\.(?:postMessage|sendMessage|update)$`)},
		{methods: "POST", direction: Outbound, read: rcMethod,
			path: regexp.MustCompile(`^/api/v1/method\.call(?:Anon)?/(?:sendMessage|updateMessage)$`)},
		{methods: "POST", direction: Outbound, read: rcUpload,
			path: regexp.MustCompile(`^/api/v1/rooms\.(?:upload|media|mediaConfirm)/([^/]+)(?:/[^/]+)?$`)},
		{methods: "GET", direction: Inbound, read: rcHistory,
			path: regexp.MustCompile(`^/api/v1/(?:(?:channels|groups|im|dm)\.history|chat\.getThreadMessages)$`)},
		{methods: "GET", direction: Inbound, read: rcSync,
			path: regexp.MustCompile(`^/api/v1/chat\.syncMessages$`)},
	},
	sockets: []socket{{read: rcSocket}},
	block: func(reason, incident string) (int, any) {
		return http.StatusForbidden, map[string]any{"success": false, "error": blockReason(reason, incident), "incident_id": incident}
	},
}

// rcSkip: message, room, thread and DDP ids, the room given by name
// (#general), timestamps, user objects (the sender is read as the user),
// mentions, reactions and read marks, type markers (the message type, the
// e2e state, markdown node types) and the DDP method name: never text a
// user wrote.
var rcSkip = []string{"_id", "id", "rid", "roomId", "msgId", "tmid", "channel", "ts", "_updatedAt", "_deletedAt",
	"u", "editedBy", "editedAt", "mentions", "channels", "reactions", "replies", "tlm", "tcount", "starred",
	"pinnedBy", "t", "e2e", "type", "method"}

// rcPost reads chat.postMessage, chat.sendMessage and chat.update; the
// channel is the roomId, channel or message.rid.
func rcPost(in *Input, _ []string) (*Doc, error) {
	d, err := one(in, rcSkip, "", "roomId", "channel")
	if err != nil || d.root == nil {
		return d, err
	}
	m := d.Messages[0]
	if msg := d.root.child("message"); msg != nil && msg.kind == kindObject {
		if m.Channel == "" {
			m.Channel = msg.child("rid").str()
		}
		rcEncrypted(m, msg, "/message")
	} else {
		rcEncrypted(m, d.root, "")
	}
	return d, nil
}

// rcMethod reads a sendMessage or updateMessage call of DDP over REST: the
// DDP message in the `message` string is read in place; its envelope (the
// "msg":"method" marker) is not a part; the channel is the first
// parameter's rid.
func rcMethod(in *Input, _ []string) (*Doc, error) {
	d, err := one(in, rcSkip, "")
	if err != nil || d.root == nil {
		return d, err
	}
	m := d.Messages[0]
	ddp := d.root.child("message")
	if ddp == nil || len(ddp.kids) == 0 {
		return d, nil
	}
	m.Parts = rcWithout(m.Parts, "/message/msg")
	params := pbAt(ddp.kids[0].child("params"), 0)
	m.Channel = params.child("rid").str()
	rcEncrypted(m, params, "/message/params/0")
	return d, nil
}

// rcUpload reads a file upload (multipart; its files come back as files)
// or the confirmation that posts it; the channel is the path's room.
func rcUpload(in *Input, m []string) (*Doc, error) {
	d, err := one(in, rcSkip, m[1])
	if err == nil && d.root != nil && d.root.kind == kindObject {
		rcEncrypted(d.Messages[0], d.root, "")
	}
	return d, err
}

// rcHistory reads a history or thread page: {"messages":[…]}.
func rcHistory(in *Input, _ []string) (*Doc, error) {
	return rcList(in, "messages")
}

// rcSync reads chat.syncMessages: {"result":{"updated":[…]}} (or, as some
// versions and proxies give it, {"messages":[…]}).
func rcSync(in *Input, _ []string) (*Doc, error) {
	return rcList(in, "result", "updated")
}

// rcList reads the messages of the array at path (or `messages`): each
// element is a removable message, its channel its rid (or the request's
// roomId), its user the sender's id or username.
func rcList(in *Input, path ...string) (*Doc, error) {
	root, err := parseJSON(in.Scratch, in.text())
	if err != nil {
		return Generic(in, rcSkip...)
	}
	q, _ := url.ParseQuery(in.Query)
	list := root.get(path...)
	if list == nil {
		list = root.child("messages")
	}
	d := &Doc{root: root}
	for _, el := range list.elems() {
		msg := elementMessage(in.Scratch, el, q.Get("roomId"), rcSkip, nil)
		if rid := el.child("rid").str(); rid != "" {
			msg.Channel = rid
		}
		msg.User = nestedStr(el, []string{"u", "_id"}, []string{"u", "username"})
		rcEncrypted(msg, el, "")
		d.Messages = append(d.Messages, msg)
	}
	return d, nil
}

// rcEncrypted marks a message whose object (at path prefix) says it is
// end-to-end encrypted, "t":"e2e" or an encrypted `content`, and drops the
// encrypted `content` from the parts. Its `msg` is still read: the client
// says it is ciphertext, and a client that lies must not get plain text
// past the inspection.
func rcEncrypted(m *Message, obj *node, prefix string) {
	content := obj.child("content")
	if obj.child("t").str() != "e2e" && content.child("ciphertext") == nil && content.child("algorithm") == nil {
		return
	}
	m.Encrypted = true
	m.Parts = rcWithout(m.Parts, prefix+"/content")
}

// rcWithout drops the parts at the given paths and below them.
func rcWithout(parts []*Part, paths ...string) []*Part {
	out := parts[:0]
	for _, p := range parts {
		drop := false
		for _, q := range paths {
			if p.Path == q || strings.HasPrefix(p.Path, q+"/") {
				drop = true
			}
		}
		if !drop {
			out = append(out, p)
		}
	}
	return out
}

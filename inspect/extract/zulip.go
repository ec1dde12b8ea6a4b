package extract

import (
	"net/http"
	"regexp"
)

// zulip: the REST API (https://zulip.com/api). Messages go out by POST
// /api/v1/messages (and /json/messages from the web app), form-encoded:
// type (stream, channel, direct or private), to (a channel name or id,
// possibly JSON-quoted as "Denmark", or a JSON list of user ids or emails
// for a direct message), topic (formerly subject) and content (Markdown).
// Edits are PATCH …/messages/{id} with content and topic (and
// propagate_mode, stream_id, prev_content_sha256). Messages come in by GET
// …/messages: {"result":"success","messages":[{"id","content" (HTML),
// "subject","sender_email","display_recipient" (the channel's name, or
// the list of a direct message's users),"type",…}]}. Errors are
// {"result":"error","msg":…,"code":…}.
var zulip = &Service{
	Name:  "zulip",
	Hosts: []string{"*.zulipchat.com", "zulipchat.com", "chat.zulip.org"},
	Path:  regexp.MustCompile(`^/(api/v1|json)/(messages|users/me|register|events)(/|$)`),
	skip:  []string{"api_key"},
	routes: []route{
		{methods: "POST", direction: Outbound, read: zulipSend, path: regexp.MustCompile(`^/(?:api/v1|json)/messages$`)},
		{methods: "PATCH", direction: Outbound, read: zulipEdit, path: regexp.MustCompile(`^/(?:api/v1|json)/messages/[0-9]+$`)},
		{methods: "GET", direction: Inbound, read: zulipMessages, path: regexp.MustCompile(`^/(?:api/v1|json)/messages$`)},
	},
	block: func(reason, incident string) (int, any) {
		return http.StatusForbidden, map[string]any{"result": "error", "msg": blockReason(reason, incident), "code": "POLICY_VIOLATION", "incident_id": incident}
	},
}

// zulipSendSkip: the fields of a send or an edit that are no text: the
// credential, the recipient (the channel; a direct message's list of
// emails would match an email rule on every message) and a move's
// stream_id, the message type, the client's queue and local ids, an
// edit's flags and the hash of the edited content.
var zulipSendSkip = []string{"api_key", "to", "stream_id", "type", "queue_id", "local_id", "read_by_sender",
	"propagate_mode", "send_notification_to_old_thread", "send_notification_to_new_thread", "prev_content_sha256"}

// zulipMessageSkip: the members of a message object that are no text the
// sender wrote: the sender's and recipients' identities (emails), the
// avatar, the client, markers and flags, and reactions (emoji names and
// the reacting users).
var zulipMessageSkip = []string{"sender_email", "sender_full_name", "sender_realm_str", "display_recipient",
	"avatar_url", "client", "content_type", "type", "flags", "reactions"}

// zulipSend reads a new message; its channel is `to` as sent (a
// JSON-quoted name is unquoted). The topic is a part, not in the channel:
// it is text a rule may redact, and the channel is logged as is.
func zulipSend(in *Input, _ []string) (*Doc, error) {
	d, err := one(in, zulipSendSkip, "")
	if err == nil && d.root != nil {
		d.Messages[0].Channel = zulipTo(d.root.child("to").str())
	}
	return d, err
}

// zulipTo is a channel from a `to` field: a JSON string unquoted, anything
// else (a name, an id, a JSON list of users) as is.
func zulipTo(to string) string {
	if len(to) >= 2 && to[0] == '"' {
		if n, err := parseJSON(nil, to); err == nil && n.kind == kindString {
			return n.text
		}
	}
	return to
}

// zulipEdit reads an edit; the channel is the stream_id a move names, if
// any (the edited message's channel is not in the request).
func zulipEdit(in *Input, _ []string) (*Doc, error) {
	return one(in, zulipSendSkip, "", "stream_id")
}

// zulipMessages reads a messages response: each message is removable, its
// user the sender's email, its channel the channel's name (a direct
// message has none).
func zulipMessages(in *Input, _ []string) (*Doc, error) {
	d, err := listOf(in, []string{"messages"}, "", zulipMessageSkip, "sender_email")
	if err != nil {
		return nil, err
	}
	for _, m := range d.Messages {
		if m.elem != nil {
			m.Channel = m.elem.child("display_recipient").str()
		}
	}
	return d, nil
}

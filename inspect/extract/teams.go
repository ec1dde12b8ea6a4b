package extract

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// teams: Microsoft Teams' chat service (chatsvc). The web and desktop
// clients post to …/v1/users/ME/conversations/{id}/messages, under
// /api/chatsvc/{region}/ on teams.microsoft.com, teams.cloud.microsoft and
// teams.live.com (region "consumer"), or at the root of
// {region}.ng.msg.teams.microsoft.com. The body is JSON {"content":…,
// "messagetype":"RichText/Html"|"Text","contenttype":"text",
// "clientmessageid":…,"imdisplayname":…,"properties":{"files":"[…]",
// "mentions":"[…]","links":"[…]","cards":"[…]","subject":…}} whose
// `content` is HTML or text and whose properties hold JSON arrays in
// strings (the walker reads them in place). A reply in a channel thread
// posts to the conversation id with ";messageid={root}" appended. Edits are
// PUT …/messages/{msgid} with the same body. Messages come in by GET
// …/conversations/{id}/messages: {"messages":[{"id","from",
// "imdisplayname","content","properties",…}],"_metadata":{"syncState",
// "backwardLink",…}}. Errors are {"errorCode":…,"message":…}.
var teams = &Service{
	Name: "teams",
	Hosts: []string{"teams.microsoft.com", "*.teams.microsoft.com", "teams.live.com",
		"*.teams.live.com", "*.teams.cloud.microsoft", "*.ng.msg.teams.microsoft.com",
		"api.spaces.skype.com"},
	Path: regexp.MustCompile(`^(/api/chatsvc/[A-Za-z0-9_-]+)?/v1/users/ME/(conversations|endpoints|properties)(/|$)`),
	skip: teamsSkip,
	routes: []route{
		{methods: "POST", direction: Outbound, read: teamsPost,
			path: regexp.MustCompile(`^(?:/api/chatsvc/[A-Za-z0-9_-]+)?/v1/users/(?i:me)/conversations/([^/]+)/messages$`)},
		{methods: "PUT", direction: Outbound, read: teamsPost,
			path: regexp.MustCompile(`^(?:/api/chatsvc/[A-Za-z0-9_-]+)?/v1/users/(?i:me)/conversations/([^/]+)/messages/[^/]+$`)},
		{methods: "GET", direction: Inbound, read: teamsHistory,
			path: regexp.MustCompile(`^(?:/api/chatsvc/[A-Za-z0-9_-]+)?/v1/users/(?i:me)/conversations/([^/]+)/messages$`)},
	},
	sockets: []socket{{read: teamsSocket}},
	block: func(reason, incident string) (int, any) {
		return http.StatusForbidden, map[string]any{"errorCode": "PolicyViolation", "message": blockReason(reason, incident), "incident_id": incident}
	},
}

// teamsSkip: message and file ids (clientmessageid and version are 13 to
// 19 digits, which card rules would flag), links back to the service
// (conversationLink, and `from`, read as the user), the sender's display
// name, timestamps, type and state markers, user ids in mentions and
// reactions, and the sync cursors of a history page: never text a user
// wrote.
var teamsSkip = []string{"id", "clientmessageid", "version", "sequenceId", "conversationid", "conversationLink",
	"from", "imdisplayname", "composetime", "originalarrivaltime", "edittime", "deletetime", "type", "messagetype",
	"contenttype", "amsreferences", "skypeguid", "itemid", "@type", "mri", "emotions", "tenantId", "_metadata",
	"state", "permissionScope", "fileChicletState", "formatVariant"}

// teamsPost reads a new message or an edit; the channel is the path's
// conversation.
func teamsPost(in *Input, m []string) (*Doc, error) {
	return one(in, teamsSkip, teamsConversation(m[1]))
}

// teamsHistory reads a page of a conversation's messages: each element of
// `messages` is a removable message, its user the sender's id (the MRI at
// the end of the `from` link) or, without one, the display name.
func teamsHistory(in *Input, m []string) (*Doc, error) {
	d, err := listOf(in, []string{"messages"}, teamsConversation(m[1]), teamsSkip)
	if err != nil {
		return d, err
	}
	for _, msg := range d.Messages {
		if msg.elem == nil {
			continue
		}
		from := msg.elem.child("from").str()
		if i := strings.LastIndex(from, "/contacts/"); i >= 0 {
			from = from[i+len("/contacts/"):]
		}
		if from == "" {
			from = msg.elem.child("imdisplayname").str()
		}
		msg.User = from
	}
	return d, nil
}

// teamsConversation is the conversation id of a path segment: without a
// thread reply's ";messageid=…" and unescaped ("19%3A…%40thread.v2").
func teamsConversation(seg string) string {
	seg, _, _ = strings.Cut(seg, ";")
	if strings.Contains(seg, "%") {
		if u, err := url.PathUnescape(seg); err == nil {
			seg = u
		}
	}
	return seg
}

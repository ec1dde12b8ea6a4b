package extract

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
)

// googlechat: Google Chat. The REST API (chat.googleapis.com,
// https://developers.google.com/workspace/chat/api/reference/rest) creates
// messages by POST /v1/spaces/{space}/messages, JSON {"text":…,
// "cardsV2":[{"cardId","card":{"header":{"title","subtitle"…},"sections":
// [{"widgets":[{"decoratedText":{"text"…}}…]}]}}],"thread":{"threadKey"}};
// incoming webhooks post the same body to the same path with ?key=…&token=…
// in the query. Updates are PATCH (or the older PUT) /v1/spaces/{space}/
// messages/{message} with a Message. Messages come in by GET
// /v1/spaces/{space}/messages: {"messages":[{"name","sender":{"name":
// "users/…"},"text","cardsV2"…}],"nextPageToken"}.
//
// The chat.google.com web client posts its own API: POST
// /u/{n}/api/create_topic (a new thread), create_message (a reply) and
// edit_message, with a PBLite body: the request protobuf as a JSON array
// whose element i is field i+1 (nulls for unset fields), the text body at
// index 1, and the request header (field 100: a trace id, the client type
// and the locale) last, either at index 99 or in a trailing object
// {"100":…}. Other calls go through batchexecute, POST
// /u/{n}/_/DynamiteWebUi/data/batchexecute, a form whose f.req field holds
// [[["<rpc id>","<the PBLite request as a JSON string>",null,"generic"]]]
// and whose `at` field is the XSRF token. Google prefixes its JSON
// responses with the XSSI guard )]}'. Errors are {"error":{"code":403,
// "message":…,"status":"PERMISSION_DENIED"}}.
var googlechat = &Service{
	Name:  "googlechat",
	Hosts: []string{"chat.google.com", "chat.googleapis.com", "dynamite-preprod.sandbox.googleapis.com"},
	Path:  regexp.MustCompile(`^/v1/spaces(/|$)`),
	skip:  gchatSkip,
	routes: []route{
		{methods: "POST", direction: Outbound, read: gchatPost,
			path: regexp.MustCompile(`^/v1/(spaces/[^/]+)/messages$`)},
		{methods: "PATCH,PUT", direction: Outbound, read: gchatPost,
			path: regexp.MustCompile(`^/v1/(spaces/[^/]+)/messages/[^/]+$`)},
		{methods: "GET", direction: Inbound, read: gchatList,
			path: regexp.MustCompile(`^/v1/(spaces/[^/]+)/messages$`)},
		{methods: "POST", direction: Outbound, read: gchatWeb,
			path: regexp.MustCompile(`^(?:/u/\d+)?/api/(create_topic|create_message|edit_message)$`)},
		{methods: "POST", direction: Outbound, read: gchatBatch,
			path: regexp.MustCompile(`^(?:/u/\d+)?/_/DynamiteWebUi/data/batchexecute$`)},
	},
	block: func(reason, incident string) (int, any) {
		return http.StatusForbidden, map[string]any{"error": map[string]any{
			"code": 403, "message": blockReason(reason, incident), "status": "PERMISSION_DENIED"}, "incident_id": incident}
	},
}

// gchatSkip: resource names (spaces/…/messages/…, users/…), the sender,
// space and thread (names and client thread keys), timestamps, a page
// token, client-assigned and request ids, card ids, attachment and Drive
// references, the batchexecute XSRF token `at`, and a sparse PBLite
// request header ("100"): never text a user wrote.
var gchatSkip = []string{"name", "sender", "space", "thread", "createTime", "lastUpdateTime", "deleteTime",
	"nextPageToken", "privateMessageViewer", "requestId", "messageId", "clientAssignedMessageId", "cardId",
	"attachmentDataRef", "driveDataRef", "deletionMetadata", "quotedMessageMetadata", "at", "100"}

// gchatXSSI is the guard Google puts before JSON responses.
const gchatXSSI = ")]}'"

// gchatPost reads a message created, updated or posted by a webhook
// through the REST API; the channel is the path's space.
func gchatPost(in *Input, m []string) (*Doc, error) {
	return one(in, gchatSkip, m[1])
}

// gchatList reads a page of a space's messages: each element of `messages`
// is a removable message, its user the sender's resource name.
func gchatList(in *Input, m []string) (*Doc, error) {
	root, v, err := gchatParse(in.text())
	if err != nil {
		return Generic(in, gchatSkip...)
	}
	d := &Doc{root: root}
	for _, el := range v.child("messages").elems() {
		msg := elementMessage(in.Scratch, el, m[1], gchatSkip, nil)
		msg.User = nestedStr(el, []string{"sender", "name"})
		d.Messages = append(d.Messages, msg)
	}
	return d, nil
}

// gchatIDs are the indexes of a web client request's PBLite array that
// hold ids, not text: create_topic's local_id (4), group_id (5),
// topic_and_message_id (7) and message_info (9, a reply target); and
// create_message's parent_id (1), local_id (4), message_id (6) and
// message_info (7); edit_message's message_id (1) and message_info (5).
var gchatIDs = map[string][]int{
	"create_topic":   {3, 4, 6, 8},
	"create_message": {0, 3, 5, 6},
	"edit_message":   {0, 4},
}

// gchatWeb reads a create_topic, create_message or edit_message request of
// the web client: one message whose parts are the strings of the PBLite
// array (path /1 for the text body) but for the ids and the request header;
// the channel is the space ("spaces/…") or direct message ("dm/…") of the
// request's group id. A body that is not a JSON array is read whole.
func gchatWeb(in *Input, m []string) (*Doc, error) {
	root, v, err := gchatParse(in.text())
	if err != nil || v.kind != kindArray {
		return one(in, gchatSkip, "")
	}
	kids := v.elems()
	skip := make(map[int]bool)
	for _, i := range gchatIDs[m[1]] {
		skip[i] = true
	}
	if last := len(kids) - 1; last >= 0 && (kids[last].kind == kindObject || last >= 99) {
		skip[last] = true // the request header, sparse or dense
	}
	msg := &Message{}
	for i, k := range kids {
		if !skip[i] {
			msg.Parts = append(msg.Parts, partsOf(in.Scratch, k, "/"+strconv.Itoa(i), gchatSkip...)...)
		}
	}
	switch m[1] {
	case "create_topic":
		msg.Channel = gchatGroup(pbAt(v, 4))
	case "create_message":
		msg.Channel = gchatGroup(pbAt(v, 0, 3, 2))
	case "edit_message":
		msg.Channel = gchatGroup(pbAt(v, 0, 0, 3, 2))
	}
	return &Doc{root: root, Messages: []*Message{msg}}, nil
}

// gchatBatch reads a batchexecute form as one message: the strings of each
// call's request in f.req (the JSON in its string decoded in place), not
// the rpc ids around them nor the XSRF token. An f.req of another shape is
// read whole.
func gchatBatch(in *Input, _ []string) (*Doc, error) {
	d, err := one(in, gchatSkip, "")
	if err != nil || d.root == nil {
		return d, err
	}
	freq := d.root.child("f.req")
	if freq == nil || len(freq.kids) == 0 {
		return d, nil
	}
	var parts []*Part
	for i, call := range pbAt(freq.kids[0], 0).elems() {
		req := pbAt(call, 1)
		if req == nil || req.kind != kindString {
			return d, nil
		}
		parts = append(parts, partsOf(in.Scratch, req, "f.req/0/"+strconv.Itoa(i)+"/1", gchatSkip...)...)
	}
	if parts == nil {
		return d, nil
	}
	for _, p := range d.Messages[0].Parts {
		if p.Path != "f.req" && !strings.HasPrefix(p.Path, "f.req/") {
			parts = append(parts, p)
		}
	}
	d.Messages[0].Parts = parts
	return d, nil
}

// gchatGroup names a PBLite GroupId: [[space_id]] is spaces/{id},
// [null,null,[dm_id]] is dm/{id}.
func gchatGroup(g *node) string {
	if s := pbAt(g, 0, 0).str(); s != "" {
		return "spaces/" + s
	}
	if s := pbAt(g, 2, 0).str(); s != "" {
		return "dm/" + s
	}
	return ""
}

// pbAt follows array indexes from n; nil where there is no such element.
func pbAt(n *node, idx ...int) *node {
	for _, i := range idx {
		el := n.elems()
		if i >= len(el) {
			return nil
		}
		n = el[i]
	}
	return n
}

// gchatParse reads a JSON body that may open with Google's XSSI guard and
// returns the doc's root and the JSON value. The value keeps its spans; a
// guard, or whitespace around the value, stays in the root as it was, so
// Bytes() gives the body back byte for byte.
func gchatParse(s string) (root, v *node, err error) {
	p := 0
	if strings.HasPrefix(s, gchatXSSI) {
		p = len(gchatXSSI)
	}
	v, err = parseJSON(nil, s[p:])
	if err != nil {
		return nil, nil, err
	}
	v.start, v.end = v.start+p, v.end+p
	if v.start == 0 && v.end == len(s) {
		return v, v, nil
	}
	root = &node{kind: kindRaw, end: len(s), raw: s}
	root.adopt(v, "")
	return root, v, nil
}

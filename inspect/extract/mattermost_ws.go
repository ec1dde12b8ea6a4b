package extract

// Mattermost's WebSocket, /api/v4/websocket (model/websocket_message.go,
// websocket_request.go and websocket_client.go of the server). The server
// sends events {"event":"posted","data":{…},"broadcast":{"omit_users",
// "user_id","channel_id","team_id",…},"seq":…} and replies {"status":"OK",
// "seq_reply":…}. A post comes in as posted, post_edited or
// ephemeral_message (and persistent_notification_triggered), whose
// data.post is the post as a JSON string ({"id","user_id","channel_id",
// "message","props":{"attachments":[…]},"metadata":{…},…}) next to its
// channel's names and type, the sender's name, the team and the mentioned
// user ids (a JSON array in a string); a draft comes in as draft_created
// or draft_updated with data.draft a JSON string too. The walker reads the
// JSON in those strings in place. The client sends {"seq":…,"action":…,
// "data":{…}}: authentication_challenge with data.token (the session
// token), user_typing ({"channel_id","parent_id"}), presence and
// get_statuses. Binary messages are msgpack; they do not reach a text
// reader.

// mattermostWSSkip: the API's ids (mattermostSkip), and the socket's
// envelope: the session token of authentication_challenge, event and
// action names, sequence numbers and reply status, the broadcast (user,
// channel, team and connection ids), a posted event's channel names and
// type, sender name, team, mention and follower ids and flags, and hello's
// connection id and server version: never text a user wrote.
var mattermostWSSkip = append(mattermostSkip[:len(mattermostSkip):len(mattermostSkip)], "token", "event", "action",
	"seq", "seq_reply", "status", "broadcast", "channel_type", "channel_display_name", "channel_name", "sender_name",
	"team_id", "set_online", "mentions", "followers", "otherFile", "image", "connection_id", "server_version", "parent_id")

// mattermostSocket reads one message of the socket, either way: one
// message of its texts, whose channel is the broadcast's channel (or the
// post's, draft's or data's channel_id) and whose user is the post's or
// draft's author (or data's user_id). A message that is not JSON is read
// generically.
func mattermostSocket(in *Input) (*Doc, error) {
	root, err := parseJSON(in.Scratch, in.text())
	if err != nil {
		return Generic(in, mattermostWSSkip...)
	}
	m := &Message{Parts: partsOf(in.Scratch, root, "", mattermostWSSkip...)} // parses the post in data.post
	data := root.child("data")
	var rec *node // the post or draft in its string, parsed by the walk
	for _, k := range []string{"post", "draft"} {
		if s := data.child(k); s != nil && s.isText() && len(s.kids) == 1 && s.kids[0].kind == kindObject {
			rec = s.kids[0]
			break
		}
	}
	m.Channel = nestedStr(root, []string{"broadcast", "channel_id"})
	if m.Channel == "" {
		m.Channel = firstStr("channel_id", rec, data)
	}
	m.User = firstStr("user_id", rec, data)
	return &Doc{root: root, Messages: []*Message{m}}, nil
}

// firstStr returns the first non-empty member key of the objects.
func firstStr(key string, objs ...*node) string {
	for _, o := range objs {
		if s := o.child(key).str(); s != "" {
			return s
		}
	}
	return ""
}

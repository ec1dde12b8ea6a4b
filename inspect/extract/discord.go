package extract

import (
	"net/http"
	"regexp"
	"strings"
)

// discord: the HTTP API (https://discord.com/developers/docs), the same for
// the web and desktop clients (user token) and for bots. Every path is
// /api/v{n}/… (the version is optional). Messages go out by POST
// …/channels/{id}/messages: JSON {"content","nonce","tts","embeds":[{"title",
// "description","fields":[{"name","value"}]…}],"attachments":[{"id",
// "filename","description"}]…}, or multipart/form-data with the same JSON in
// a `payload_json` part (or as plain fields) and the files in `files[n]`
// parts; they are edited by PATCH …/messages/{id} with the same body. The
// client asks for upload slots before a large file goes to the cloud bucket
// by POST …/channels/{id}/attachments {"files":[{"id","filename",
// "file_size"}]}. Messages come in by GET …/channels/{id}/messages: a JSON
// array of message objects, each with an `author` user object. Errors are
// {"message":…,"code":…}.
var discord = &Service{
	Name: "discord",
	Hosts: []string{"discord.com", "*.discord.com", "discord.gg", "*.discord.gg", "discordapp.com",
		"*.discordapp.com", "*.discordapp.net", "discord.media", "*.discord.media",
		// the bucket the upload_url of POST …/attachments points at
		"discord-attachments-uploads-prd.storage.googleapis.com"},
	Path: regexp.MustCompile(`^/api/(v\d+/)?(channels|guilds|gateway|users/@me)(/|$)`),
	skip: discordSkip,
	routes: []route{
		{methods: "POST", direction: Outbound, read: discordPost,
			path: regexp.MustCompile(`^/api/(?:v\d+/)?channels/(\d+)/(?:messages|attachments)$`)},
		{methods: "PATCH", direction: Outbound, read: discordPost,
			path: regexp.MustCompile(`^/api/(?:v\d+/)?channels/(\d+)/messages/\d+$`)},
		{methods: "GET", direction: Inbound, read: discordHistory,
			path: regexp.MustCompile(`^/api/(?:v\d+/)?channels/(\d+)/messages$`)},
	},
	sockets: []socket{{read: discordGateway}},
	block: func(reason, incident string) (int, any) {
		return http.StatusForbidden, map[string]any{"message": blockReason(reason, incident), "code": 50013, "incident_id": incident}
	},
}

// discordSkip: snowflake ids (17 to 20 digits, which card number rules
// would flag) and the client's nonce, the ids in mentions and references,
// the author and mentioned users (objects with ids and avatar hashes; the
// author is read as the message's user), a cloud upload's generated file
// name, a voice message's waveform and an attachment's thumbhash (base64),
// the media proxy's copy of a URL, and timestamps: never text a user wrote.
var discordSkip = []string{"id", "nonce", "channel_id", "guild_id", "message_id", "application_id", "webhook_id",
	"custom_id", "sticker_ids", "allowed_mentions", "message_reference", "author", "mentions", "mention_roles",
	"member", "uploaded_filename", "upload_filename", "waveform", "placeholder", "proxy_url", "timestamp",
	"edited_timestamp", "mobile_network_type"}

// discordPost reads a new message, an edit or an upload slot request (JSON
// or multipart, whose files come back as files); the channel is the path's.
func discordPost(in *Input, m []string) (*Doc, error) {
	d, err := one(in, discordSkip, m[1])
	if err == nil && d.root != nil {
		d.Messages[0].Parts = append(d.Messages[0].Parts, discordShown(d.root, "", false)...)
	}
	return d, err
}

// discordShown returns the displayed texts that discordSkip passes over
// because their member names also hold ids elsewhere: an embed's author
// and a component's placeholder.
func discordShown(n *node, path string, inEmbed bool) []*Part {
	var out []*Part
	if n.isText() {
		if len(n.kids) == 1 { // JSON in a string, such as payload_json
			return discordShown(n.kids[0], path, inEmbed)
		}
		return nil
	}
	for i, k := range n.kids {
		key, kp := "", n.kidPath(path, i)
		if i < len(n.keys) {
			key = n.keys[i]
		}
		switch {
		case inEmbed && key == "author":
			out = append(out, partsOf(nil, k, kp, discordSkip...)...)
		case key == "placeholder" && k.kind == kindString && strings.Contains(path, "/components/"):
			out = append(out, partsOf(nil, k, kp)...)
		default:
			out = append(out, discordShown(k, kp, inEmbed || key == "embeds")...)
		}
	}
	return out
}

// discordHistory reads a channel's messages: each element of the array is
// a removable message, its user the author's id.
func discordHistory(in *Input, m []string) (*Doc, error) {
	root, err := parseJSON(in.Scratch, in.text())
	if err != nil {
		return Generic(in, discordSkip...)
	}
	d := &Doc{root: root}
	for _, el := range root.elems() {
		msg := elementMessage(in.Scratch, el, m[1], discordSkip, nil)
		msg.Parts = append(msg.Parts, discordShown(el, "", false)...)
		msg.User = nestedStr(el, []string{"author", "id"})
		d.Messages = append(d.Messages, msg)
	}
	return d, nil
}

// nestedStr returns the first non-empty string (or number) at one of the
// member paths below n: a user given as an object ({"author":{"id":…}}).
func nestedStr(n *node, paths ...[]string) string {
	for _, p := range paths {
		if s := n.get(p...).str(); s != "" {
			return s
		}
	}
	return ""
}

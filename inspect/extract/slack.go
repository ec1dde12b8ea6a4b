package extract

import (
	"net/http"
	"net/url"
	"regexp"
)

// slack: the Web API (https://api.slack.com/methods). Every method is
// POST /api/<method> (the web client sends form or multipart bodies with a
// `token` field; apps send JSON with a Bearer token). Messages go out by
// chat.postMessage, chat.update, chat.scheduleMessage, chat.postEphemeral
// and chat.meMessage (text, blocks, attachments); file uploads name and
// describe files by files.getUploadURLExternal and
// files.completeUploadExternal (title, initial_comment). Messages come in
// by conversations.history and conversations.replies: {"ok":true,
// "messages":[{"type":"message","user":"U…","text":"…","ts":"…"}]}.
// Errors are {"ok":false,"error":"<code>"} with HTTP 200 or 4xx.
var slack = &Service{
	Name: "slack",
	Hosts: []string{"slack.com", "*.slack.com", "*.slack-edge.com", "*.slack-msgs.com",
		"*.slack-files.com", "*.slack-imgs.com", "slack-redir.net"},
	Path:  regexp.MustCompile(`^/api/(chat|conversations|files|users|reactions|im|channels)\.[A-Za-z]+$`),
	skip:  slackSkip,
	query: true, // every Web API method takes its arguments in the query too
	routes: []route{
		{methods: "POST", direction: Outbound, read: slackPost,
			path: regexp.MustCompile(`^/api/(?:chat\.(?:postMessage|update|scheduleMessage|postEphemeral|meMessage)|files\.(?:getUploadURLExternal|completeUploadExternal))$`)},
		{methods: "GET,POST", direction: Inbound, read: slackHistory,
			path: regexp.MustCompile(`^/api/conversations\.(?:history|replies)$`)},
	},
	sockets: []socket{{read: slackSocket}},
	block: func(reason, incident string) (int, any) {
		return http.StatusForbidden, map[string]any{"ok": false, "error": blockReason(reason, incident), "incident_id": incident}
	},
}

// slackSkip: the web client's session token rides in every form; the
// channel id and message timestamps ("1700000000.000100", which Slack
// checks) are identifiers, not text, and every message carries them.
var slackSkip = []string{"token", "channel", "ts", "thread_ts"}

// slackPost reads a message, an edit or a file description sent by any
// client (form, JSON or multipart).
func slackPost(in *Input, _ []string) (*Doc, error) {
	return one(in, slackSkip, "", "channel", "channel_id")
}

// slackHistory reads the messages of a history or replies response; the
// channel is the request's `channel` parameter.
func slackHistory(in *Input, _ []string) (*Doc, error) {
	q, _ := url.ParseQuery(in.Query)
	return listOf(in, []string{"messages"}, q.Get("channel"), slackSkip, "user", "bot_id")
}

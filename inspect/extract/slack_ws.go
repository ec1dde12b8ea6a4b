package extract

// Slack's WebSocket: the RTM API and the web and desktop clients (wss://
// wss-primary.slack.com/?token=…, /websocket/…), and Socket Mode for apps
// (wss://wss-primary.slack.com/link/?ticket=…). Every message is one JSON
// object with a "type". Clients send messages as {"id":1,"type":"message",
// "channel":"C…","text":"…"} (RTM; the web client posts them by HTTP),
// and keep the socket alive with {"id":2,"type":"ping"} and {"id":3,
// "type":"typing","channel":"C…"}, which hold no text. Events come in as
// {"type":"message","channel":"C…","user":"U…","text":"…","ts":"…",
// "blocks":[…],"attachments":[…],"files":[…]}; an edit is
// {"type":"message","subtype":"message_changed","channel":"C…",
// "message":{"user":"U…","text":"…",…},"previous_message":{…}}. Socket
// Mode wraps an Events API payload in an envelope: {"envelope_id":…,
// "type":"events_api","payload":{"token":…,"event":{…the event…}}}, which
// the app acknowledges with {"envelope_id":…}. A {"type":"reconnect_url",
// "url":…} event carries a new socket URL with its ticket.
//
// https://docs.slack.dev/legacy/legacy-rtm-api,
// https://docs.slack.dev/reference/events/message/message_changed,
// https://docs.slack.dev/apis/events-api/using-socket-mode

// slackWSSkip: the tokens (a Socket Mode payload's verification token),
// type markers, timestamps, and the ids of messages, users, bots, apps,
// teams, channels and blocks, and an edit's marker: never text a user
// wrote. The message's channel and user are read as its Channel and User.
var slackWSSkip = []string{"token", "type", "subtype", "id", "ts", "event_ts", "thread_ts", "latest_reply",
	"client_msg_id", "user", "user_id", "parent_user_id", "reply_users", "bot_id", "app_id", "api_app_id", "team",
	"team_id", "user_team", "source_team", "channel", "channel_id", "channel_type", "block_id", "envelope_id",
	"event_id", "edited", "authorizations", "authed_users", "debug_info", "connection_info", "last_read"}

// slackSocket reads one message of a Slack socket, either way: one
// message of its texts, whose channel is the event's channel and whose
// user is its author (an edit's new message's). A Socket Mode envelope's
// event is read the same. Anything not JSON is read generically.
func slackSocket(in *Input) (*Doc, error) {
	root, err := parseJSON(in.Scratch, in.text())
	if err != nil {
		return Generic(in, slackWSSkip...)
	}
	skip := slackWSSkip
	ev := root
	if e := root.get("payload", "event"); e != nil && e.kind == kindObject {
		ev = e
	}
	if ev.child("type").str() == "reconnect_url" {
		skip = append(skip[:len(skip):len(skip)], "url") // a socket URL with its ticket
	}
	m := &Message{Parts: partsOf(in.Scratch, root, "", skip...), Channel: ev.child("channel").str(), User: ev.child("user").str()}
	if m.User == "" {
		m.User = ev.get("message", "user").str()
	}
	return &Doc{root: root, Messages: []*Message{m}}, nil
}

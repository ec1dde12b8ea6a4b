package extract

// Discord's gateway (https://discord.com/developers/docs/events/gateway,
// …/gateway-events): wss://gateway.discord.gg/?v=10&encoding=json, the same
// for the web and desktop clients and for bots. Every message is a payload
// {"op":…,"d":…,"s":…,"t":…}. Messages come in as dispatches (op 0) named
// by t: MESSAGE_CREATE and MESSAGE_UPDATE carry a message object in d
// ({"id","channel_id","guild_id","author":{"id",…},"member","content",
// "embeds","attachments","mentions",…}). Messages go out by HTTP (see
// discord.go); what a client sends here is Identify (op 2: {"token",
// "properties":{"os","browser","device"},"presence","intents"}), Resume
// (op 6: {"token","session_id","seq"}), Heartbeat (op 1: the last sequence
// number), Update Presence (op 3: activities, a custom status's text
// among them), Update Voice State (op 4) and Request Guild Members (op 8).
//
// With encoding=etf every payload is binary Erlang term format, and with
// compress=zlib-stream or zstd-stream (the web client's default) every
// payload is a binary message of one compressed stream; Identify's
// "compress":true compresses some payloads (binary too). None of those
// reach a text reader: the proxy asks for encoding=json without compress
// (or treats the binary messages as uninspectable).

// discordGatewaySkip: the HTTP API's ids and user objects (discordSkip),
// and the gateway's credentials and session state: Identify's and
// Resume's token, the session id, the resume URL, READY's analytics token
// and session hash and its user object (with the account's email), the
// client's properties, the dispatch's event name and the servers' trace.
var discordGatewaySkip = append(discordSkip[:len(discordSkip):len(discordSkip)], "token", "session_id",
	"resume_gateway_url", "analytics_token", "auth_session_id_hash", "properties", "t", "user", "user_id", "_trace")

// discordGateway reads one gateway payload, either way: one message of the
// texts in d (a message's content, embeds and attachment names; an
// activity's text), whose channel is d's channel_id and whose user is its
// author (or the user_id of an event about a user). A message that is not
// JSON is read generically.
func discordGateway(in *Input) (*Doc, error) {
	root, err := parseJSON(in.Scratch, in.text())
	if err != nil {
		return Generic(in, discordGatewaySkip...)
	}
	m := &Message{Parts: partsOf(in.Scratch, root, "", discordGatewaySkip...)}
	if d := root.child("d"); d != nil && d.kind == kindObject {
		m.Channel = d.child("channel_id").str()
		m.User = nestedStr(d, []string{"author", "id"}, []string{"user_id"})
	}
	return &Doc{root: root, Messages: []*Message{m}}, nil
}

package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzRoutes are one request of each route of every service, the shapes
// FuzzExtract feeds bodies to; fixture names the seed file under testdata.
var fuzzRoutes = []struct {
	in      Input
	fixture string
}{
	{Input{Service: "slack", Method: "POST", Path: "/api/chat.postMessage", ContentType: "application/x-www-form-urlencoded"}, ""},
	{Input{Service: "slack", Method: "GET", Path: "/api/conversations.history", Query: "channel=C1", ContentType: "application/json", Direction: Inbound}, ""},
	{Input{Service: "discord", Method: "POST", Path: "/api/v10/channels/1/messages", ContentType: "application/json"}, "discord/create_message.json"},
	{Input{Service: "discord", Method: "POST", Path: "/api/v10/channels/1/messages", ContentType: "multipart/form-data; boundary=boundary"}, "discord/create_message.multipart"},
	{Input{Service: "discord", Method: "GET", Path: "/api/v10/channels/1/messages", ContentType: "application/json", Direction: Inbound}, "discord/messages.json"},
	{Input{Service: "teams", Method: "POST", Path: "/api/chatsvc/emea/v1/users/ME/conversations/19:a@thread.v2/messages", ContentType: "application/json"}, "teams/send_message.json"},
	{Input{Service: "teams", Method: "GET", Path: "/api/chatsvc/emea/v1/users/ME/conversations/19:a@thread.v2/messages", ContentType: "application/json", Direction: Inbound}, "teams/messages.json"},
	{Input{Service: "googlechat", Method: "POST", Path: "/v1/spaces/AAA/messages", ContentType: "application/json"}, "googlechat/create_message.json"},
	{Input{Service: "googlechat", Method: "GET", Path: "/v1/spaces/AAA/messages", ContentType: "application/json", Direction: Inbound}, "googlechat/list_messages_xssi.json"},
	{Input{Service: "googlechat", Method: "POST", Path: "/u/0/api/create_topic", ContentType: "application/json+protobuf"}, "googlechat/web_create_topic.json"},
	{Input{Service: "googlechat", Method: "POST", Path: "/u/0/api/create_message", ContentType: "application/json+protobuf"}, "googlechat/web_create_message.json"},
	{Input{Service: "googlechat", Method: "POST", Path: "/u/0/_/DynamiteWebUi/data/batchexecute", ContentType: "application/x-www-form-urlencoded"}, "googlechat/batchexecute.form"},
	{Input{Service: "mattermost", Method: "POST", Path: "/api/v4/posts", ContentType: "application/json"}, "mattermost/post_create.json"},
	{Input{Service: "mattermost", Method: "GET", Path: "/api/v4/channels/abc/posts", ContentType: "application/json", Direction: Inbound}, "mattermost/postlist_channel.json"},
	{Input{Service: "matrix", Method: "PUT", Path: "/_matrix/client/v3/rooms/!r:example.org/send/m.room.message/t1", ContentType: "application/json"}, "matrix/send_text.json"},
	{Input{Service: "matrix", Method: "GET", Path: "/_matrix/client/v3/sync", ContentType: "application/json", Direction: Inbound}, "matrix/sync.json"},
	{Input{Service: "rocketchat", Method: "POST", Path: "/api/v1/method.call/sendMessage", ContentType: "application/json"}, "rocketchat/method_call.json"},
	{Input{Service: "rocketchat", Method: "GET", Path: "/api/v1/chat.syncMessages", ContentType: "application/json", Direction: Inbound}, "rocketchat/sync_messages.json"},
	{Input{Service: "zulip", Method: "POST", Path: "/api/v1/messages", ContentType: "application/x-www-form-urlencoded"}, "zulip/send_stream.form"},
	{Input{Service: "zulip", Method: "GET", Path: "/api/v1/messages", ContentType: "application/json", Direction: Inbound}, "zulip/messages.json"},
	{Input{Service: "", Method: "POST", Path: "/anything", ContentType: "text/html; charset=utf-8"}, ""},
}

// FuzzExtract: every service's reader, on any body, never panics; an
// unchanged document renders byte for byte; every part redacted renders a
// body that the same reader reads back with the same messages, each part
// now the mask (a redacted body still parses, and only the texts
// changed); and a removed message is gone from what the reader reads back.
func FuzzExtract(f *testing.F) {
	for i, r := range fuzzRoutes {
		if r.fixture == "" {
			continue
		}
		b, err := os.ReadFile(filepath.Join("testdata", r.fixture))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(i), b)
	}
	f.Add(uint8(0), []byte("token=xoxc-1&channel=C1&text=hello+there&blocks=%5B%7B%22text%22%3A%22hi%22%7D%5D"))
	f.Add(uint8(1), []byte(`{"ok":true,"messages":[{"user":"U1","text":"a"},{"user":"U2","text":"b"}]}`))
	f.Add(uint8(20), []byte("<p>card 4012 <b>8888</b></p>"))
	f.Fuzz(func(t *testing.T, route uint8, body []byte) {
		r := fuzzRoutes[int(route)%len(fuzzRoutes)]
		in := r.in
		in.Body = body
		d, err := Extract(&in)
		if err != nil || d == nil {
			return
		}
		if got := d.Bytes(); d.root != nil && string(got) != string(body) {
			t.Fatalf("%s %s: unchanged Bytes() = %q, want the body %q", in.Service, in.Path, got, body)
		}
		masks := map[*Part]string{}
		for _, m := range d.Messages {
			for _, p := range m.Parts {
				masks[p] = strings.Repeat("*", utf8.RuneCountInString(p.Text))
				d.Replace(p, masks[p])
			}
		}
		if d.opaque || len(masks) == 0 {
			return
		}
		in.Body = d.Bytes()
		back, err := Extract(&in)
		if err != nil || back == nil || len(back.Messages) != len(d.Messages) {
			t.Fatalf("%s %s: redacted body %q reads back as %v, %v; want %d messages", in.Service, in.Path, in.Body, back, err, len(d.Messages))
		}
		for i, m := range d.Messages {
			if len(back.Messages[i].Parts) != len(m.Parts) {
				t.Fatalf("%s %s: message %d has %d parts after redaction, want %d (body %q)", in.Service, in.Path, i, len(back.Messages[i].Parts), len(m.Parts), in.Body)
			}
			for j, p := range m.Parts {
				if got := back.Messages[i].Parts[j].Text; got != masks[p] {
					t.Fatalf("%s %s: part %s reads %q after redaction, want %q", in.Service, in.Path, p.Path, got, masks[p])
				}
			}
		}
		fuzzRemove(t, in, back)
	})
}

// fuzzRemove cuts the first removable message and reads the body back.
func fuzzRemove(t *testing.T, in Input, d *Doc) {
	for i, m := range d.Messages {
		if !d.Remove(m) {
			continue
		}
		in.Body = d.Bytes()
		back, err := Extract(&in)
		if err != nil || back == nil || len(back.Messages) != len(d.Messages)-1 {
			t.Fatalf("%s %s: after removing message %d, %q reads back as %v, %v; want %d messages", in.Service, in.Path, i, in.Body, back, err, len(d.Messages)-1)
		}
		return
	}
}

package extract

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTeamsSocket(t *testing.T) {
	trouter := func(dir Direction) Input {
		return Input{Service: "teams", Path: "/socket.io/1/websocket/0a1b2c3d4e5f",
			Query: "v=v4&sr=ab12cd34&issuer=prod-2&sp=connect&se=1700086400000&st=1700000000000&sig=Zm9v&auth=true&timeout=40", Direction: dir}
	}
	hub := func(dir Direction) Input {
		return Input{Service: "teams", Path: "/hubs/chat", Query: "id=Xyz1", Direction: dir}
	}
	const (
		conv = "19:2da4c29f6d7041eca70b638b43d45437@thread.v2"
		bob  = "8:orgid:9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
	)
	absent := []string{"123456789", "V_Qswery", "6a1f3c2e", "trouter2", "1700000200000", "8127364512398470012", "Bob Chen",
		"2023-11-14", "NewMessage", "EventMessage", "RichText", "emea.ng.msg"}
	wsRun(t, "teams", ExtractSocket, []wsCase{
		{name: "trouter message", in: trouter(Inbound), fixture: "ws_trouter_message.txt",
			want: []rtMsg{{channel: conv, user: bob, parts: []string{
				"/body/resource/content=<p>IBAN for the refund: DE89 3704 0044 0532 0130 00</p>",
				"/body/resource/properties/subject=Refund"}}},
			absent: absent,
			edit: &wsEdit{msg: 0, path: "/body/resource/content", text: `<p>IBAN for the "refund": [iban]</p>`,
				from: `refund: DE89 3704 0044 0532 0130 00`, to: `\\\"refund\\\": [iban]`}},
		{name: "trouter ack", in: trouter(Outbound), fixture: "ws_trouter_ack.txt", want: []rtMsg{{}}},
		{name: "trouter authenticate: the bearer token is no part", in: trouter(Outbound), fixture: "ws_trouter_authenticate.txt",
			want: []rtMsg{{}}, absent: []string{"eyJ0eXAi", "Bearer", "Zm9vYmFy", "user.authenticate"}},
		{name: "trouter ping", in: trouter(Outbound), body: `5:7+::{"name":"ping"}`, want: []rtMsg{{}}},
		{name: "trouter connected", in: trouter(Inbound), body: `1::`, want: []rtMsg{{}}},
		{name: "trouter frame sniffed on another path", in: Input{Service: "teams", Path: "/v4/c", Direction: Inbound},
			fixture: "ws_trouter_message.txt",
			want: []rtMsg{{channel: conv, user: bob, parts: []string{
				"/body/resource/content=<p>IBAN for the refund: DE89 3704 0044 0532 0130 00</p>",
				"/body/resource/properties/subject=Refund"}}}},
		{name: "signalr records", in: hub(Inbound), fixture: "ws_signalr.json",
			want: []rtMsg{
				{channel: conv, user: bob, parts: []string{"/0/arguments/0/content=<p>password hunter2</p>"}},
				{},
				{parts: []string{"/2/result=stored: card 4111 1111 1111 1111"}}},
			absent: []string{"ReceiveMessage", "8127364512398470013", "42"},
			edit: &wsEdit{msg: 0, path: "/0/arguments/0/content", text: "<p>password ***</p>",
				from: `hunter2`, to: `***`}},
		{name: "signalr completion", in: hub(Inbound), fixture: "ws_signalr.json",
			want: []rtMsg{
				{channel: conv, user: bob, parts: []string{"/0/arguments/0/content=<p>password hunter2</p>"}},
				{},
				{parts: []string{"/2/result=stored: card 4111 1111 1111 1111"}}},
			edit: &wsEdit{msg: 2, path: "/2/result", text: "stored\x1e", from: `"stored: card 4111 1111 1111 1111"`, to: `"stored\u001e"`}},
		{name: "signalr handshake", in: hub(Outbound), fixture: "ws_signalr_handshake.json", want: []rtMsg{{}}},
		{name: "signalr send", in: hub(Outbound), fixture: "ws_signalr_send.json",
			want:   []rtMsg{{parts: []string{"/0/arguments/0=19:abc@thread.v2", "/0/arguments/1=wire DE89 3704 0044 0532 0130 00"}}},
			absent: []string{"SendMessage"},
			edit:   &wsEdit{msg: 0, path: "/0/arguments/1", text: "wire", from: `"wire DE89 3704 0044 0532 0130 00"`, to: `"wire"`}},
		{name: "plain json", in: Input{Service: "teams", Path: "/ws", Direction: Inbound},
			body: `{"conversationLink":"https://x/v1/users/ME/conversations/19:a@thread.v2","content":"hi"}`,
			want: []rtMsg{{channel: "19:a@thread.v2", parts: []string{"/content=hi"}}}},
	})
}

// TestTeamsTrouterEncoded: a body in base64 gzip, or a payload wrapped in
// cp, is decoded and inspected (its channel and user read too), but a
// text in it cannot be rewritten; the message renders unchanged.
func TestTeamsTrouterEncoded(t *testing.T) {
	for _, tt := range []struct{ fixture, part string }{
		{"ws_trouter_gzip.txt", "/body/resource/content=<p>my card is 4111 1111 1111 1111</p>"},
		{"ws_trouter_cp.txt", "/body/cp/resource/content=<p>ssn 078-05-1120</p>"},
	} {
		t.Run(tt.fixture, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", "teams", tt.fixture))
			if err != nil {
				t.Fatal(err)
			}
			d, err := ExtractSocket(&Input{Service: "teams", Path: "/socket.io/1/websocket/x", Direction: Inbound, Body: b})
			if err != nil || len(d.Messages) != 1 {
				t.Fatalf("ExtractSocket(): %v, %v", d, err)
			}
			m := d.Messages[0]
			var found *Part
			for _, p := range m.Parts {
				if p.Path+"="+p.Text == tt.part {
					found = p
				}
				if strings.Contains(p.Text, "H4sI") { // gzip's magic in base64
					t.Errorf("part %s=%q: the encoded payload is a part", p.Path, p.Text)
				}
			}
			if found == nil {
				t.Fatalf("parts %v: no %s", rtDescribe(d), tt.part)
			}
			if m.Channel != "19:2da4c29f6d7041eca70b638b43d45437@thread.v2" || m.User != "8:orgid:9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d" {
				t.Errorf("channel %q user %q, want the resource's", m.Channel, m.User)
			}
			if d.Replace(found, "x") {
				t.Errorf("Replace(%s): got true, want false (a decoded text cannot be rewritten)", found.Path)
			}
			if string(d.Bytes()) != string(b) || d.Changed() {
				t.Errorf("Bytes(): the message changed")
			}
		})
	}
}

// TestSignalRMalformed: a record that is not JSON, or text after the last
// separator, is inspected but not rewritable.
func TestSignalRMalformed(t *testing.T) {
	for _, body := range []string{"{\"type\":1,\"arguments\":[\"a\"]}\x1enot json\x1e", "{\"type\":1,\"arguments\":[\"a\"]}\x1e{\"type\":1,\"arguments\":[\"b\"]}"} {
		d, err := ExtractSocket(&Input{Service: "teams", Path: "/hubs/chat", Body: []byte(body)})
		if err != nil || len(d.Messages) != 2 || d.Len() != 2 {
			t.Fatalf("ExtractSocket(%q): %v, %v; want 2 messages, 2 parts", body, rtDescribe(d), err)
		}
		if d.Replace(d.Messages[0].Parts[0], "x") {
			t.Errorf("ExtractSocket(%q): Replace got true, want false", body)
		}
		if string(d.Bytes()) != body {
			t.Errorf("ExtractSocket(%q): Bytes() = %q", body, d.Bytes())
		}
	}
}

// TestTeamsTrouterBomb: a gzip body that decodes to more than maxDecoded
// bytes is unreadable, not read in part.
func TestTeamsTrouterBomb(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(make([]byte, maxDecoded+1)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	body := `3:::{"id":1,"headers":{"x-microsoft-skype-content-encoding":"gzip"},"body":"` + base64.StdEncoding.EncodeToString(buf.Bytes()) + `"}`
	d, err := ExtractSocket(&Input{Service: "teams", Path: "/socket.io/1/websocket/x", Direction: Inbound, Body: []byte(body)})
	if !errors.Is(err, ErrUnreadable) || d != nil {
		t.Errorf("ExtractSocket(): got %v, %v, want ErrUnreadable", d, err)
	}
}

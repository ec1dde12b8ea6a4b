package extract

import "testing"

func TestRocketChatSocket(t *testing.T) {
	raw := func(dir Direction) Input {
		return Input{Service: "rocketchat", Path: "/websocket", Direction: dir}
	}
	sockjs := func(dir Direction) Input {
		return Input{Service: "rocketchat", Path: "/sockjs/123/ab4x7yz2/websocket", Direction: dir}
	}
	const (
		room   = "WNqBb5jkkFNeYswcp"
		nico   = "vNW5eZW5Ma823XNt3"
		fran   = "9fjarYAeJtEBo2quC"
		resume = "72kB2z5SpnWG-vOSKaAXku74PV851pVOVAoC67FpFEI"
	)
	sent := []rtMsg{{channel: "GENERAL", parts: []string{"/params/0/msg=wire the money to IBAN DE89 3704 0044 0532 0130 00 today"}}}
	streamed := []rtMsg{
		{channel: room, user: nico, parts: []string{"/0/fields/args/0/msg=my card is 4111 1111 1111 1111", "/0/fields/args/0/alias=C Nicolas"}},
		{channel: "GENERAL", user: fran, parts: []string{"/1/fields/args/0/msg=ssn 078-05-1120",
			"/1/fields/args/1/roomType=c", "/1/fields/args/1/roomName=general"}},
	}
	wsRun(t, "rocketchat", ExtractSocket, []wsCase{
		{name: "sendMessage", in: raw(Outbound), fixture: "ws_send_message.json", want: sent,
			absent: []string{"Sx8Yz3fGk2pQ7nRbU", "sendMessage", "method"},
			edit: &wsEdit{msg: 0, path: "/params/0/msg", text: "wire the money to [iban] today",
				from: `IBAN DE89 3704 0044 0532 0130 00`, to: `[iban]`}},
		{name: "sockjs sendMessage", in: sockjs(Outbound), fixture: "ws_sockjs_send_message.json",
			want:   []rtMsg{{channel: "GENERAL", parts: []string{"/0/params/0/msg=wire the money to IBAN DE89 3704 0044 0532 0130 00 today"}}},
			absent: []string{"Sx8Yz3fGk2pQ7nRbU", "sendMessage", "method"},
			edit: &wsEdit{msg: 0, path: "/0/params/0/msg", text: `wire the money to "[iban]" today`,
				from: `IBAN DE89 3704 0044 0532 0130 00`, to: `\\\"[iban]\\\"`}},
		{name: "updateMessage", in: raw(Outbound), fixture: "ws_update_message.json",
			want: []rtMsg{{channel: "GENERAL", parts: []string{"/params/0/msg=edited: card 4111 1111 1111 1111"}}},
			edit: &wsEdit{msg: 0, path: "/params/0/msg", text: "edited: card ****", from: `4111 1111 1111 1111`, to: `****`}},
		{name: "sendMessage encrypted", in: raw(Outbound), fixture: "ws_send_e2e.json",
			want: []rtMsg{{channel: "Lm2KpQ8rT4vW6yZ9a", encrypted: true}}, absent: []string{"Zm9vYmFy", "rc.v1"}},
		{name: "login resume: the token is no part", in: raw(Outbound), fixture: "ws_login_resume.json",
			want: []rtMsg{{}}, absent: []string{resume, "72kB"}},
		{name: "sockjs login password: the digest is no part", in: sockjs(Outbound), fixture: "ws_sockjs_login_password.json",
			want: []rtMsg{{}}, absent: []string{"52c53f4a", "sha-256", "him"}},
		{name: "login result: the token is no part", in: raw(Inbound), fixture: "ws_login_result.json",
			want: []rtMsg{{}}, absent: []string{resume, "3Dw26TXWxvi8gwfgM"}},
		{name: "stream-room-messages", in: raw(Inbound), fixture: "ws_changed.json",
			want: []rtMsg{{channel: room, user: nico, parts: []string{"/fields/args/0/msg=my card is 4111 1111 1111 1111",
				"/fields/args/0/alias=C Nicolas"}}},
			absent: []string{"357Cde8axgiCYd3kY", nico, "nicolas.c", "stream-room-messages", "changed"},
			edit:   &wsEdit{msg: 0, path: "/fields/args/0/msg", text: "my card is ****", from: `4111 1111 1111 1111`, to: `****`}},
		{name: "sockjs stream of two", in: sockjs(Inbound), fixture: "ws_sockjs_changed.json", want: streamed,
			edit: &wsEdit{msg: 1, path: "/1/fields/args/0/msg", text: "ssn ***-**-****", from: `078-05-1120`, to: `***-**-****`}},
		{name: "sockjs stream first", in: sockjs(Inbound), fixture: "ws_sockjs_changed.json", want: streamed,
			edit: &wsEdit{msg: 0, path: "/0/fields/args/0/msg", text: "my card", from: `my card is 4111 1111 1111 1111`, to: `my card`}},
		{name: "notification", in: raw(Inbound), fixture: "ws_notification.json",
			want: []rtMsg{{channel: room, user: fran, parts: []string{"/fields/args/0/title=@nicolas.c",
				"/fields/args/0/text=password is hunter2", "/fields/args/0/payload/message/msg=password is hunter2"}}},
			absent: []string{"f.g", "Francois"}},
		{name: "sockjs open", in: sockjs(Inbound), body: "o", want: []rtMsg{{}}},
		{name: "sockjs heartbeat", in: sockjs(Inbound), body: "h", want: []rtMsg{{}}},
		{name: "sockjs close", in: sockjs(Inbound), body: `c[3000,"Go away!"]`, want: []rtMsg{{}}},
		{name: "connect", in: raw(Outbound), body: `{"msg":"connect","version":"1","support":["1","pre2","pre1"]}`, want: []rtMsg{{}}},
		{name: "server id", in: raw(Inbound), body: `{"server_id":"0"}`, want: []rtMsg{{}}},
		{name: "sub", in: raw(Outbound), body: `{"msg":"sub","id":"89494","name":"stream-room-messages","params":["GENERAL",false]}`,
			want: []rtMsg{{parts: []string{"/name=stream-room-messages", "/params/0=GENERAL"}}}},
	})
}

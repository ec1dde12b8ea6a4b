package extract

import "testing"

func TestSlackSocket(t *testing.T) {
	rtm := func(dir Direction) Input {
		return Input{Service: "slack", Path: "/", Query: "token=xoxc-1111-2222&sync_desync=1&slack_client=desktop", Direction: dir}
	}
	none := []rtMsg{{channel: "C024BE91L"}}
	wsRun(t, "slack", ExtractSocket, []wsCase{
		{name: "send", in: rtm(Outbound), fixture: "ws_send.json",
			want:   []rtMsg{{channel: "C024BE91L", parts: []string{"/text=Hello world, the deploy key is AKIAIOSFODNN7EXAMPLE"}}},
			absent: []string{"xoxc", "message"},
			edit: &wsEdit{msg: 0, path: "/text", text: "Hello world, the deploy key is [key]",
				from: `AKIAIOSFODNN7EXAMPLE"`, to: `[key]"`}},
		{name: "typing", in: rtm(Outbound), fixture: "ws_typing.json", want: none},
		{name: "ping", in: rtm(Outbound), fixture: "ws_ping.json", want: []rtMsg{{}}},
		{name: "message with blocks, attachments and files", in: rtm(Inbound), fixture: "ws_message.json",
			want: []rtMsg{{channel: "C123ABC456", user: "U123ABC456", parts: []string{
				"/text=my card is 4111 1111 1111 1111",
				"/blocks/0/elements/0/elements/0/text=my card is 4111 1111 1111 1111",
				"/attachments/0/fallback=Q3 report", "/attachments/0/title=Q3 report",
				"/attachments/0/text=Revenue up, IBAN DE89 3704 0044 0532 0130 00", "/attachments/0/color=#36a64f",
				"/files/0/name=payroll.xlsx", "/files/0/title=payroll Q3"}}},
			absent: []string{"1355517523", "0837851c", "U02N85E78QM", "YKju", "rich_text", "F0123ABCD", "T02NDBHSWSG"},
			edit: &wsEdit{msg: 0, path: "/blocks/0/elements/0/elements/0/text", text: "my card is ****",
				from: `"text","text":"my card is 4111 1111 1111 1111"`, to: `"text","text":"my card is ****"`}},
		{name: "message attachment", in: rtm(Inbound), fixture: "ws_message.json",
			want: []rtMsg{{channel: "C123ABC456", user: "U123ABC456", parts: []string{
				"/text=my card is 4111 1111 1111 1111",
				"/blocks/0/elements/0/elements/0/text=my card is 4111 1111 1111 1111",
				"/attachments/0/fallback=Q3 report", "/attachments/0/title=Q3 report",
				"/attachments/0/text=Revenue up, IBAN DE89 3704 0044 0532 0130 00", "/attachments/0/color=#36a64f",
				"/files/0/name=payroll.xlsx", "/files/0/title=payroll Q3"}}},
			edit: &wsEdit{msg: 0, path: "/attachments/0/text", text: "Revenue up, IBAN [iban]",
				from: `DE89 3704 0044 0532 0130 00"`, to: `[iban]"`}},
		{name: "message changed", in: rtm(Inbound), fixture: "ws_message_changed.json",
			want: []rtMsg{{channel: "C123ABC456", user: "U123ABC456", parts: []string{
				"/message/text=Hello, world! password hunter2", "/previous_message/text=Hello, world!"}}},
			absent: []string{"1358878755", "message_changed"},
			edit: &wsEdit{msg: 0, path: "/message/text", text: "Hello, world! password ***",
				from: `password hunter2"`, to: `password ***"`}},
		{name: "socket mode envelope", in: Input{Service: "slack", Path: "/link/", Query: "ticket=abc&app_id=A1", Direction: Inbound},
			fixture: "ws_socket_mode.json",
			want:    []rtMsg{{channel: "C123ABC456", user: "U123ABC456", parts: []string{"/payload/event/text=ssn 078-05-1120"}}},
			absent:  []string{"XXYYZZ", "dbdd0ef3", "Ev123ABC456", "events_api"},
			edit:    &wsEdit{msg: 0, path: "/payload/event/text", text: "ssn ***", from: `"ssn 078-05-1120"`, to: `"ssn ***"`}},
		{name: "socket mode ack", in: Input{Service: "slack", Path: "/link/", Direction: Outbound},
			body: `{"envelope_id":"dbdd0ef3-1543-4f94-bfb4-133d0e6c1545"}`, want: []rtMsg{{}}},
		{name: "reconnect url", in: rtm(Inbound), fixture: "ws_reconnect_url.json", want: []rtMsg{{}}, absent: []string{"ticket"}},
		{name: "websocket path", in: Input{Service: "slack", Path: "/websocket/Xm9sZGVy", Direction: Outbound},
			body: `{"type":"message","channel":"D0G9QPY56","text":"hi"}`,
			want: []rtMsg{{channel: "D0G9QPY56", parts: []string{"/text=hi"}}}},
		{name: "not json", in: rtm(Inbound), body: `hello`, want: []rtMsg{{parts: []string{"=hello"}}}},
	})
}
